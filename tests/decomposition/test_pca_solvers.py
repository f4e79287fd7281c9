"""PCA's ARPACK and randomized solvers, sparse input, the probabilistic model and dtypes
against scikit-learn on data each test generates."""

import sys

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import decomposition as skd
from sklearn.utils.extmath import randomized_svd as sk_randomized_svd

from syllabus.decomposition import PCA, randomized_svd

_ATTRS = ("components_", "explained_variance_", "explained_variance_ratio_", "singular_values_",
          "mean_")


def _data(seed, n=300, d=12, decay=0.75):
    rng = np.random.RandomState(seed)
    scales = decay ** np.arange(d)
    return rng.randn(n, d) * scales @ np.linalg.qr(rng.randn(d, d))[0] + rng.randn(d)


def _sparse_data(seed, n=400, d=30, density=0.1, fmt="csr"):
    rng = np.random.RandomState(seed)
    X = sp.random(n, d, density=density, format=fmt, random_state=rng)
    return X.multiply(rng.rand(d) * 5).asformat(fmt)


def _assert_same(ours, theirs, rtol=1e-7, atol=1e-12):
    assert ours.n_components_ == theirs.n_components_
    for a in _ATTRS:
        np.testing.assert_allclose(getattr(ours, a), getattr(theirs, a), rtol=rtol, atol=atol,
                                   err_msg=a)
    np.testing.assert_allclose(ours.noise_variance_, theirs.noise_variance_, rtol=rtol, atol=atol)


@pytest.mark.parametrize("n_components", [1, 4, 11])
@pytest.mark.parametrize("whiten", [False, True])
def test_arpack_matches_sklearn(n_components, whiten):
    X = _data(0)
    kw = dict(n_components=n_components, svd_solver="arpack", whiten=whiten, random_state=3)
    ours, theirs = PCA(**kw).fit(X), skd.PCA(**kw).fit(X)
    _assert_same(ours, theirs)
    X_new = _data(1, n=25)
    np.testing.assert_allclose(ours.transform(X_new), theirs.transform(X_new), rtol=1e-7,
                               atol=1e-10)
    np.testing.assert_allclose(PCA(**kw).fit_transform(X), skd.PCA(**kw).fit_transform(X),
                               rtol=1e-7, atol=1e-10)
    # ARPACK agrees with the exact SVD on the leading components
    full = PCA(n_components, svd_solver="full").fit(X)
    np.testing.assert_allclose(ours.components_, full.components_, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("normalizer", ["auto", "LU", "QR", "none"])
@pytest.mark.parametrize("shape", [(400, 40), (40, 400)])
def test_randomized_matches_sklearn_from_the_same_seed(normalizer, shape):
    rng = np.random.RandomState(4)
    X = rng.randn(shape[0], 6) @ rng.randn(6, shape[1]) * 3 + 0.3 * rng.randn(*shape)
    kw = dict(n_components=5, svd_solver="randomized", power_iteration_normalizer=normalizer,
              iterated_power=3, n_oversamples=7, random_state=7)
    _assert_same(PCA(**kw).fit(X), skd.PCA(**kw).fit(X), rtol=1e-8, atol=1e-11)


def test_randomized_svd_lu_matches_sklearn():
    M = np.random.RandomState(0).randn(200, 50)
    U1, s1, V1 = randomized_svd(M, 4, n_iter=5, random_state=1)
    U2, s2, V2 = sk_randomized_svd(M, 4, n_iter=5, random_state=1, flip_sign=False)
    np.testing.assert_allclose(s1, s2, rtol=1e-12)
    np.testing.assert_allclose(V1, V2, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(U1, U2, rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("solver,n_components", [("arpack", 5), ("arpack", None),
                                                 ("covariance_eigh", 5), ("covariance_eigh", None),
                                                 ("auto", 5)])
def test_sparse_input_matches_sklearn_and_dense(fmt, solver, n_components):
    X = _sparse_data(2, fmt=fmt)
    kw = dict(n_components=n_components, svd_solver=solver, random_state=0)
    ours, theirs = PCA(**kw).fit(X), skd.PCA(**kw).fit(X)
    _assert_same(ours, theirs, rtol=1e-7, atol=1e-12)
    # the same model as for the dense copy of X
    _assert_same(ours, PCA(**kw).fit(X.toarray()), rtol=1e-7, atol=1e-12)
    X_new = _sparse_data(3, n=20, fmt=fmt)
    np.testing.assert_allclose(ours.transform(X_new), theirs.transform(X_new), rtol=1e-7,
                               atol=1e-10)
    np.testing.assert_allclose(ours.transform(X_new), ours.transform(X_new.toarray()),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(PCA(**kw).fit_transform(X), skd.PCA(**kw).fit_transform(X),
                               rtol=1e-7, atol=1e-10)


def test_sparse_input_is_never_densified(monkeypatch):
    X = _sparse_data(5)

    def refuse(*args, **kwargs):
        raise AssertionError("X was densified")

    monkeypatch.setattr(type(X), "toarray", refuse)
    for solver in ("arpack", "covariance_eigh"):
        PCA(4, svd_solver=solver, random_state=0).fit(X).transform(X)


def test_sparse_input_errors_as_sklearn():
    X = _sparse_data(6)
    for solver in ("full", "randomized"):
        with pytest.raises(TypeError, match="only support sparse inputs"):
            PCA(3, svd_solver=solver).fit(X)
    with pytest.raises(ValueError, match="strictly less than"):
        PCA(30, svd_solver="arpack").fit(X)
    with pytest.raises(ValueError, match="cannot be a string"):
        PCA("mle", svd_solver="arpack").fit(X)


@pytest.mark.parametrize("n_components", [0, 1, 3, 8, 12])
@pytest.mark.parametrize("whiten", [False, True])
def test_probabilistic_model_matches_sklearn(n_components, whiten):
    X = _data(7, n=200, d=12)
    kw = dict(n_components=n_components, whiten=whiten, svd_solver="full")
    ours, theirs = PCA(**kw).fit(X), skd.PCA(**kw).fit(X)
    np.testing.assert_allclose(ours.get_covariance(), theirs.get_covariance(), rtol=1e-9,
                               atol=1e-12)
    np.testing.assert_allclose(ours.get_precision(), theirs.get_precision(), rtol=1e-7,
                               atol=1e-9)
    X_new = _data(8, n=30, d=12)
    np.testing.assert_allclose(ours.score_samples(X_new), theirs.score_samples(X_new), rtol=1e-9)
    np.testing.assert_allclose(ours.score(X_new), theirs.score(X_new), rtol=1e-9)
    # the precision is the inverse of the covariance
    np.testing.assert_allclose(ours.get_precision() @ ours.get_covariance(), np.eye(12),
                               atol=1e-7)


def test_mle_picks_sklearn_rank():
    rng = np.random.RandomState(0)
    for rank in (2, 5):
        X = rng.randn(500, rank) @ rng.randn(rank, 10) + 0.05 * rng.randn(500, 10)
        ours, theirs = PCA("mle").fit(X), skd.PCA("mle").fit(X)
        assert ours.n_components_ == theirs.n_components_ == rank
        _assert_same(ours, theirs, rtol=1e-9)
    with pytest.raises(ValueError, match="only supported if n_samples >= n_features"):
        PCA("mle", svd_solver="full").fit(rng.randn(5, 10))


@pytest.mark.parametrize("solver", ["full", "covariance_eigh", "arpack", "randomized"])
def test_float32_is_kept(solver):
    X = _data(9, n=500, d=6)
    kw = dict(n_components=3, svd_solver=solver, random_state=0)
    p64, p32 = PCA(**kw).fit(X), PCA(**kw).fit(X.astype(np.float32))
    for a in _ATTRS:
        assert getattr(p32, a).dtype == np.float32, a
    assert p32.transform(X.astype(np.float32)).dtype == np.float32
    assert p32.fit_transform(X.astype(np.float32)).dtype == np.float32
    np.testing.assert_allclose(p32.components_, p64.components_, rtol=1e-4, atol=1e-5)
    theirs = skd.PCA(**kw).fit(X.astype(np.float32))
    np.testing.assert_allclose(p32.components_, theirs.components_, rtol=1e-3, atol=1e-4)


def test_feature_names_out_as_sklearn():
    X = _data(10, n=50, d=5)
    ours, theirs = PCA(3).fit(X), skd.PCA(3).fit(X)
    np.testing.assert_array_equal(ours.get_feature_names_out(), theirs.get_feature_names_out())
    with pytest.raises(ValueError, match="input_features should have length"):
        ours.get_feature_names_out(["a", "b"])


def test_without_scipy_arpack_errors_and_lu_falls_back_to_qr(monkeypatch):
    X = _data(11, n=100, d=8)
    lu = PCA(3, svd_solver="randomized", power_iteration_normalizer="LU", random_state=0).fit(X)
    monkeypatch.setitem(sys.modules, "scipy.sparse.linalg", None)  # import fails
    monkeypatch.setitem(sys.modules, "scipy.linalg", None)
    with pytest.raises(ImportError, match="svd_solver='arpack' needs SciPy"):
        PCA(3, svd_solver="arpack").fit(X)
    no_scipy = PCA(3, svd_solver="randomized", power_iteration_normalizer="LU",
                   random_state=0).fit(X)
    monkeypatch.undo()
    qr = PCA(3, svd_solver="randomized", power_iteration_normalizer="QR", random_state=0).fit(X)
    np.testing.assert_allclose(no_scipy.components_, qr.components_, rtol=1e-12, atol=1e-14)
    # QR and LU span the same subspace: the same components to round-off
    np.testing.assert_allclose(lu.components_, qr.components_, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("decay", [0.75, 0.3])  # 0.3: singular values spanning 10 decades
def test_covariance_eigh_in_row_pieces_matches_sklearn(decay):
    # X^T X and the column sums added over several pieces of rows, on 1 and 2 threads: the
    # same bits whatever the thread count; scikit-learn's covariance_eigh result on
    # well-conditioned data; on ill-conditioned data (where the covariance route loses
    # digits in the small components) at least as close to the exact SVD as scikit-learn's.
    from threadpoolctl import threadpool_limits

    from syllabus.utils import _blas_threads

    X = _data(7, n=3 * _blas_threads._GRAM_PIECE + 321, d=20, decay=decay)
    fits = []
    for threads in (1, 2):
        with threadpool_limits(threads, user_api="blas"):
            fits.append(PCA(6, svd_solver="covariance_eigh").fit(X))
    for name in _ATTRS:
        np.testing.assert_array_equal(getattr(fits[0], name), getattr(fits[1], name))
    theirs = skd.PCA(6, svd_solver="covariance_eigh").fit(X)
    if decay > 0.5:
        _assert_same(fits[1], theirs, rtol=1e-10, atol=1e-13)
        return
    exact = skd.PCA(6, svd_solver="full").fit(X)
    ours_err = np.abs(fits[1].components_ - exact.components_).max(axis=1)
    their_err = np.abs(theirs.components_ - exact.components_).max(axis=1)
    assert np.all(ours_err <= 2 * their_err + 1e-12), (ours_err, their_err)
    assert their_err[-1] > 1e-10  # the data is ill-conditioned enough to tell
    # eigh of C: absolute errors of a few eps times its largest eigenvalue
    np.testing.assert_allclose(fits[1].explained_variance_, exact.explained_variance_,
                               rtol=1e-10, atol=1e-13 * exact.explained_variance_[0])
    np.testing.assert_allclose(fits[1].mean_, exact.mean_, rtol=1e-12)
