"""PCA, ZCA and KernelPCA against scikit-learn and the closed forms of the lecture."""

import warnings

import numpy as np
import pytest
from sklearn import decomposition as skd

from syllabus import io
from syllabus.decomposition import PCA, ZCA, KernelPCA, randomized_svd


def _data(seed, n=200, d=8, decay=0.7):
    rng = np.random.RandomState(seed)
    scales = decay ** np.arange(d)
    return rng.randn(n, d) * scales @ np.linalg.qr(rng.randn(d, d))[0] + rng.randn(d)


_ATTRS = ("components_", "explained_variance_", "explained_variance_ratio_", "singular_values_",
          "mean_")


def _assert_same(ours, theirs, rtol=1e-9):
    assert ours.n_components_ == theirs.n_components_
    for a in _ATTRS:
        np.testing.assert_allclose(getattr(ours, a), getattr(theirs, a), rtol=rtol, atol=1e-12,
                                   err_msg=a)
    np.testing.assert_allclose(ours.noise_variance_, theirs.noise_variance_, rtol=rtol, atol=1e-14)


@pytest.mark.parametrize("solver", ["full", "covariance_eigh"])
@pytest.mark.parametrize("n_components", [None, 3, 0.9, 8])
@pytest.mark.parametrize("whiten", [False, True])
def test_pca_matches_sklearn(solver, n_components, whiten):
    X = _data(0)
    kw = dict(n_components=n_components, whiten=whiten, svd_solver=solver)
    ours, theirs = PCA(**kw).fit(X), skd.PCA(**kw).fit(X)
    _assert_same(ours, theirs)
    X_new = _data(1, n=20)
    np.testing.assert_allclose(ours.transform(X_new), theirs.transform(X_new), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(PCA(**kw).fit_transform(X), skd.PCA(**kw).fit_transform(X),
                               rtol=1e-8, atol=1e-10)
    Z = ours.transform(X_new)
    np.testing.assert_allclose(ours.inverse_transform(Z), theirs.inverse_transform(Z), rtol=1e-9)
    if not whiten and ours.n_components_ < X.shape[1]:
        np.testing.assert_allclose(ours.score_samples(X_new), theirs.score_samples(X_new), rtol=1e-9)
        np.testing.assert_allclose(ours.score(X_new), theirs.score(X_new), rtol=1e-9)


def test_pca_auto_solver_and_wide_data():
    for shape in ((2000, 10), (30, 50), (600, 700)):
        rng = np.random.RandomState(3)
        X = rng.randn(shape[0], 8) @ rng.randn(8, shape[1]) + 1e-3 * rng.randn(*shape)
        for k in (None, 5):
            ours, theirs = PCA(k).fit(X), skd.PCA(k, svd_solver="full").fit(X)
            np.testing.assert_allclose(ours.explained_variance_, theirs.explained_variance_, rtol=1e-8)
            np.testing.assert_allclose(np.abs(ours.components_ @ theirs.components_.T),
                                       np.eye(ours.n_components_), atol=1e-6)


@pytest.mark.parametrize("shape", [(500, 40), (40, 500)])
def test_randomized_pca_matches_sklearn_qr(shape):
    rng = np.random.RandomState(4)
    X = rng.randn(shape[0], 6) @ rng.randn(6, shape[1]) * 3 + 0.1 * rng.randn(*shape)
    kw = dict(n_components=5, svd_solver="randomized", power_iteration_normalizer="QR",
              random_state=7)
    ours, theirs = PCA(**kw).fit(X), skd.PCA(**kw).fit(X)
    _assert_same(ours, theirs, rtol=1e-8)
    # and close to the exact decomposition
    exact = PCA(5, svd_solver="full").fit(X)
    np.testing.assert_allclose(ours.explained_variance_, exact.explained_variance_, rtol=1e-8)


def test_randomized_svd_matches_sklearn():
    from sklearn.utils.extmath import randomized_svd as sk_rsvd

    M = np.random.RandomState(0).randn(300, 60)
    for n_iter in (0, 2, 5):
        U1, s1, V1 = randomized_svd(M, 4, n_iter=n_iter, random_state=1)
        U2, s2, V2 = sk_rsvd(M, 4, n_iter=n_iter, power_iteration_normalizer="QR" if n_iter > 2 else "none",
                             random_state=1, flip_sign=False)
        np.testing.assert_allclose(s1, s2, rtol=1e-10)
        np.testing.assert_allclose(np.abs(V1), np.abs(V2), rtol=1e-7, atol=1e-10)


def test_pca_reconstruction_is_the_best_rank_k_approximation():
    # Eckart-Young: the squared reconstruction error is (n-1) * sum of the discarded eigenvalues.
    X = _data(5, n=100, d=6)
    full = PCA().fit(X)
    for k in range(1, 6):
        p = PCA(k).fit(X)
        err = ((p.inverse_transform(p.transform(X)) - X) ** 2).sum()
        np.testing.assert_allclose(err, (len(X) - 1) * full.explained_variance_[k:].sum(), rtol=1e-9)
    # whitened projections have unit variance and are uncorrelated
    Z = PCA(4, whiten=True).fit_transform(X)
    np.testing.assert_allclose(np.cov(Z.T), np.eye(4), atol=1e-10)


def test_pca_bad_input():
    X = _data(6, n=10, d=4)
    with pytest.raises(ValueError, match="n_components=5 must be between"):
        PCA(5).fit(X)
    with pytest.raises(ValueError, match="n_components"):
        PCA(-1).fit(X)
    Xn = X.copy()
    Xn[1, 2] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        PCA().fit(Xn)
    rank2 = np.random.RandomState(0).randn(10, 2) @ np.random.RandomState(1).randn(2, 4)
    with pytest.warns(UserWarning, match="larger than the rank 2"):
        PCA(4, svd_solver="full").fit(rank2)


def test_zca_whitening_matrix_and_identity_covariance():
    rng = np.random.RandomState(7)
    X = rng.randn(400, 5) @ rng.randn(5, 5) + 3.0
    eps = 1e-3
    zca = ZCA(epsilon=eps).fit(X)
    Xc = X - X.mean(0)
    lam, U = np.linalg.eigh(Xc.T @ Xc / len(X))
    W = U @ np.diag(1 / np.sqrt(lam + eps)) @ U.T
    np.testing.assert_allclose(zca.whitening_matrix_, W, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(zca.whitening_matrix_, zca.whitening_matrix_.T, atol=1e-12)
    Z = ZCA(epsilon=0.0).fit_transform(X)
    np.testing.assert_allclose(Z.T @ Z / len(Z), np.eye(5), atol=1e-9)
    np.testing.assert_allclose(zca.inverse_transform(zca.transform(X)), X, rtol=1e-9)
    # ZCA = PCA whitening rotated back by the eigenvectors (PCA whitening uses 1/(n-1))
    p = PCA(whiten=True).fit(X)
    Zp = p.transform(X) * np.sqrt(len(X) / (len(X) - 1))
    np.testing.assert_allclose(Zp @ p.components_, ZCA(0.0).fit_transform(X), atol=1e-8)
    with pytest.raises(ValueError, match="singular"):
        ZCA(epsilon=0.0).fit(np.c_[X, X[:, 0]])


@pytest.mark.parametrize("kernel,params", [("linear", {}), ("rbf", {"gamma": 0.3}),
                                           ("rbf", {}), ("poly", {"degree": 2, "coef0": 1.0}),
                                           ("sigmoid", {"gamma": 0.01, "coef0": 0.5}),
                                           ("cosine", {})])
@pytest.mark.parametrize("n_components", [None, 3])
def test_kernel_pca_matches_sklearn_up_to_sign(kernel, params, n_components):
    if kernel == "sigmoid" and n_components is None:
        pytest.skip("the sigmoid kernel is not PSD: scikit-learn rejects its full spectrum")
    X, X_new = _data(8, n=60, d=4), _data(9, n=10, d=4)
    ours = KernelPCA(n_components, kernel=kernel, **params).fit(X)
    theirs = skd.KernelPCA(n_components, kernel=kernel, eigen_solver="dense", **params).fit(X)
    np.testing.assert_allclose(ours.eigenvalues_, theirs.eigenvalues_, rtol=1e-8, atol=1e-10)
    big = ours.eigenvalues_ > 1e-8 * ours.eigenvalues_[0]
    sign = np.sign((ours.eigenvectors_ * theirs.eigenvectors_).sum(0))[big]
    np.testing.assert_allclose(ours.eigenvectors_[:, big] * sign, theirs.eigenvectors_[:, big], atol=1e-7)
    np.testing.assert_allclose(ours.transform(X_new)[:, big] * sign, theirs.transform(X_new)[:, big],
                               rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(KernelPCA(n_components, kernel=kernel, **params).fit_transform(X)[:, big] * sign,
                               theirs.fit_transform(X)[:, big], rtol=1e-6, atol=1e-8)


def test_linear_kernel_pca_is_pca():
    X = _data(10, n=50, d=5)
    kp = KernelPCA(3).fit(X)
    p = PCA(3).fit(X)
    np.testing.assert_allclose(np.abs(kp.transform(X)), np.abs(p.transform(X)), atol=1e-9)
    np.testing.assert_allclose(kp.eigenvalues_ / (len(X) - 1), p.explained_variance_, rtol=1e-9)


def test_decomposition_save_load(tmp_path):
    X = _data(11)
    for est in (PCA(3, whiten=True), ZCA(), KernelPCA(2, kernel="rbf")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            est.fit(X)
        io.save(est, tmp_path / "d.safetensors")
        back = io.load(tmp_path / "d.safetensors")
        for name, value in vars(est).items():
            if isinstance(value, np.ndarray):
                np.testing.assert_array_equal(getattr(back, name), value)
        # (a GEMM on a copy of the same array may round differently: memory alignment)
        np.testing.assert_allclose(back.transform(X), est.transform(X), rtol=1e-13, atol=1e-15)
