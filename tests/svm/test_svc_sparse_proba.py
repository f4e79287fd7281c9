"""SVC and LinearSVC as scikit-learn's: precomputed kernels, sparse X, Platt probabilities,
the L1-penalised LinearSVC, and the sparse kernels."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import svm as sk_svm
from sklearn.calibration import _sigmoid_calibration
from sklearn.datasets import load_iris, make_classification
from sklearn.metrics import pairwise as sk_pairwise

from syllabus import kernels
from syllabus.svm import SVC, LinearSVC
from syllabus.svm._platt import pairwise_coupling, platt_sigmoid


def _iris(seed):
    X, y = load_iris(return_X_y=True)
    perm = np.random.default_rng(seed).permutation(len(y))
    return X[perm], y[perm]


def _sparse_problem(seed, n=90, d=12, n_classes=3):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, n_classes, n)
    X = rng.standard_normal((n, d)) + y[:, None] * 0.4
    X[rng.random((n, d)) < 0.6] = 0.0  # 60% zeros
    return X, y


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_precomputed_gram_gives_the_linear_model(seed):
    # Iris has duplicated samples: SMO meets exact ties, which the last bits of X @ X.T
    # (BLAS) and of our kernel rows would break differently; the float32 row cache (as
    # LIBSVM's) makes both runs see the same kernel, so the same path and the same model.
    X, y = _iris(seed)
    K = X @ X.T
    pre = SVC(kernel="precomputed").fit(K, y)
    lin = SVC(kernel="linear").fit(X, y)
    np.testing.assert_array_equal(pre.support_, lin.support_)
    np.testing.assert_array_equal(pre.n_iter_, lin.n_iter_)
    np.testing.assert_allclose(pre.dual_coef_, lin.dual_coef_, rtol=0, atol=1e-12)
    np.testing.assert_allclose(pre.intercept_, lin.intercept_, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(pre.predict(K), lin.predict(X))
    # ... and the same SMO path as LIBSVM's: the same steps and the same multipliers.
    ref = sk_svm.SVC(kernel="linear").fit(X, y)
    np.testing.assert_array_equal(lin.n_iter_, ref.n_iter_)
    np.testing.assert_allclose(lin.dual_coef_, ref.dual_coef_, rtol=0, atol=1e-10)
    np.testing.assert_allclose(lin.intercept_, ref.intercept_, rtol=0, atol=1e-10)


@pytest.mark.parametrize("kernel", ["linear", "poly", "rbf", "sigmoid"])
@pytest.mark.parametrize("fmt", ["csr", "csc", "lil"])
def test_sparse_svc_is_the_dense_model_and_scikit_learns(kernel, fmt):
    X, y = _sparse_problem(3)
    params = dict(kernel=kernel, gamma=0.1, coef0=0.5, C=2.0, decision_function_shape="ovo")
    Xs = sp.csr_matrix(X).asformat(fmt)
    dense, sparse = SVC(**params).fit(X, y), SVC(**params).fit(Xs, y)
    assert sp.issparse(sparse.support_vectors_) and sp.issparse(sparse.dual_coef_)
    # As scikit-learn's two LIBSVM builds, the dense diagonal K(x, x) is a BLAS ddot and the
    # sparse one a sum in column order: the same model up to those last bits.
    np.testing.assert_array_equal(sparse.support_, dense.support_)
    np.testing.assert_allclose(sparse.dual_coef_.toarray(), dense.dual_coef_, rtol=0, atol=1e-12)
    np.testing.assert_allclose(sparse.intercept_, dense.intercept_, rtol=0, atol=1e-12)
    np.testing.assert_allclose(sparse.support_vectors_.toarray(), dense.support_vectors_)
    np.testing.assert_allclose(sparse.decision_function(Xs), dense.decision_function(X),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(sparse.decision_function(X), dense.decision_function(X),
                               rtol=1e-12, atol=1e-12)
    if kernel == "linear":
        assert sp.issparse(sparse.coef_)
        np.testing.assert_allclose(sparse.coef_.toarray(), dense.coef_, atol=1e-12)
    # Each is LIBSVM's model on the same input, SMO step for SMO step.
    ref = sk_svm.SVC(**params).fit(Xs, y)
    np.testing.assert_array_equal(sparse.support_, ref.support_)
    np.testing.assert_array_equal(sparse.n_iter_, ref.n_iter_)
    np.testing.assert_allclose(sparse.dual_coef_.toarray(), ref.dual_coef_.toarray(), rtol=0,
                               atol=1e-13)
    np.testing.assert_allclose(sparse.intercept_, ref.intercept_, rtol=0, atol=1e-13)
    ref = sk_svm.SVC(**params).fit(X, y)
    np.testing.assert_array_equal(dense.support_, ref.support_)
    np.testing.assert_array_equal(dense.n_iter_, ref.n_iter_)
    np.testing.assert_allclose(dense.dual_coef_, ref.dual_coef_, rtol=0, atol=1e-13)
    np.testing.assert_allclose(dense.intercept_, ref.intercept_, rtol=0, atol=1e-13)
    with pytest.raises(ValueError, match="cannot use sparse input in 'SVC' trained on dense"):
        dense.predict(Xs)


def test_gamma_scale_on_sparse_data_is_the_variance_of_every_entry():
    X, y = _sparse_problem(4)
    ours = SVC().fit(sp.csr_matrix(X), y)
    assert ours._gamma == pytest.approx(1.0 / (X.shape[1] * X.var()), rel=1e-12)
    assert ours._gamma == pytest.approx(sk_svm.SVC().fit(sp.csr_matrix(X), y)._gamma,
                                        rel=1e-12)


def test_platt_sigmoid_is_the_maximum_likelihood_fit():
    rng = np.random.default_rng(5)
    f = rng.standard_normal(400) * 2.0
    y = np.where(f + rng.standard_normal(400) > 0.3, 1, -1)
    A, B = platt_sigmoid(f, y)
    A_ref, B_ref = _sigmoid_calibration(f, y > 0)  # same targets, another optimiser
    assert A == pytest.approx(A_ref, rel=1e-6) and B == pytest.approx(B_ref, abs=1e-6)
    # The gradient of the (target-smoothed) negative log-likelihood vanishes.
    n_pos, n_neg = np.sum(y > 0), np.sum(y < 0)
    t = np.where(y > 0, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    p = 1 / (1 + np.exp(A * f + B))
    assert abs(f @ (t - p)) < 1e-5 and abs(np.sum(t - p)) < 1e-5


def test_predict_proba_couples_the_pairs_as_libsvm():
    # With scikit-learn's sigmoids on the same decision values, the probabilities are
    # LIBSVM's to round-off (sigmoid, clipping, Wu-Lin-Weng coupling).
    X, y = _iris(6)
    ours = SVC(probability=True, random_state=0).fit(X, y)
    ref = sk_svm.SVC(probability=True, random_state=0).fit(X, y)
    ours.probA_, ours.probB_ = ref.probA_.copy(), ref.probB_.copy()
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-10)
    np.testing.assert_allclose(ours.predict_log_proba(X), np.log(ref.predict_proba(X)),
                               atol=1e-8)


@pytest.mark.parametrize("n_classes", [2, 3, 4])
def test_predict_proba_is_close_to_scikit_learns(n_classes):
    # The 5 folds are drawn by our generator, not LIBSVM's rand(): the sigmoids (so the
    # probabilities) differ by the fold noise only.
    X, y = make_classification(n_samples=300, n_features=6, n_informative=4,
                               n_classes=n_classes, n_clusters_per_class=1, random_state=7)
    ours = SVC(probability=True, random_state=0).fit(X, y)
    ref = sk_svm.SVC(probability=True, random_state=0).fit(X, y)
    P, P_ref = ours.predict_proba(X), ref.predict_proba(X)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, atol=1e-12)
    assert np.abs(P - P_ref).mean() < 0.02 and np.abs(P - P_ref).max() < 0.15
    np.testing.assert_allclose(ours.probA_, ref.probA_, rtol=0.25)
    # Deterministic given random_state, dense or sparse.
    again = SVC(probability=True, random_state=0).fit(sp.csr_matrix(X), y)
    np.testing.assert_allclose(again.predict_proba(sp.csr_matrix(X)), P, atol=1e-10)
    with pytest.raises(AttributeError, match="probability=False"):
        SVC().fit(X, y).predict_proba(X)


def test_pairwise_coupling_recovers_consistent_probabilities():
    # r_ij = p_i / (p_i + p_j) is consistent: the coupling returns p.
    p = np.array([[0.5, 0.3, 0.2], [0.1, 0.1, 0.8]])
    R = p[:, :, None] / (p[:, :, None] + p[:, None, :])
    np.testing.assert_allclose(pairwise_coupling(R), p, atol=1e-3)


def test_negative_and_zero_sample_weights_drop_samples_as_libsvm():
    X, y = _sparse_problem(8, n_classes=2)
    w = np.ones(len(y))
    w[:10] = -1.0
    w[10:20] = 0.0
    ours = SVC(kernel="linear").fit(X, y, sample_weight=w)
    ref = sk_svm.SVC(kernel="linear").fit(X, y, sample_weight=w)
    # (scikit-learn's support_ indexes the samples left after the drop; ours the training set)
    np.testing.assert_array_equal(ours.support_, np.flatnonzero(w > 0)[ref.support_])
    np.testing.assert_allclose(ours.support_vectors_, ref.support_vectors_)
    np.testing.assert_allclose(ours.dual_coef_, ref.dual_coef_, atol=1e-8)
    with pytest.raises(ValueError, match="all samples have zero or negative weights"):
        SVC().fit(X, y, sample_weight=-np.ones(len(y)))
    with pytest.raises(TypeError, match="Sparse precomputed"):
        SVC(kernel="precomputed").fit(sp.csr_matrix(np.eye(3)), [0, 1, 1])


@pytest.mark.parametrize("C", [0.01, 0.3, 3.0])
@pytest.mark.parametrize("intercept_scaling", [1.0, 100.0])
def test_l1_linear_svc_matches_liblinear(C, intercept_scaling):
    rng = np.random.default_rng(9)
    X = rng.standard_normal((150, 25))
    y = (X[:, :4] @ rng.standard_normal(4) + 0.5 * rng.standard_normal(150) > 0).astype(int)
    params = dict(penalty="l1", dual=False, C=C, tol=1e-10, max_iter=100_000,
                  intercept_scaling=intercept_scaling)
    ours = LinearSVC(**params).fit(X, y)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ref = sk_svm.LinearSVC(**params).fit(X, y)
    y_pm = np.where(y == 1, 1.0, -1.0)

    def objective(m):  # ||w||_1 + |b / s| + C sum squared hinge (LIBLINEAR's)
        z = y_pm * (X @ m.coef_[0] + m.intercept_[0])
        return (np.abs(m.coef_).sum() + abs(m.intercept_[0] / intercept_scaling)
                + C * np.sum(np.maximum(0.0, 1.0 - z) ** 2))

    if not caught:  # LIBLINEAR converged: the same solution
        np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-6)
        np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=1e-6)
        np.testing.assert_array_equal(ours.coef_ == 0, ref.coef_ == 0)  # the same support
    assert objective(ours) <= objective(ref) + 1e-9 * objective(ref)
    sparse = LinearSVC(**params).fit(sp.csr_matrix(X), y)
    np.testing.assert_allclose(sparse.coef_, ours.coef_, atol=1e-12)
    np.testing.assert_allclose(sparse.decision_function(sp.csr_matrix(X)),
                               ours.decision_function(X), atol=1e-10)


def test_l2_linear_svc_on_sparse_data_matches_liblinear():
    X, y = _sparse_problem(10, n=200, d=30)
    Xs = sp.csr_matrix(X)
    ours = LinearSVC(C=0.5, tol=1e-10, max_iter=10_000).fit(Xs, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = sk_svm.LinearSVC(C=0.5, tol=1e-10, max_iter=100_000).fit(Xs, y)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-5)
    np.testing.assert_allclose(ours.coef_, LinearSVC(C=0.5, tol=1e-10, max_iter=10_000)
                               .fit(X, y).coef_, atol=1e-10)


@pytest.mark.parametrize("penalty, loss, dual", [("l1", "hinge", False), ("l1", "hinge", True),
                                                 ("l2", "hinge", False),
                                                 ("l1", "squared_hinge", True)])
def test_unsupported_linear_svc_combinations_are_refused(penalty, loss, dual):
    X, y = _sparse_problem(11, n_classes=2)
    with pytest.raises(ValueError, match=f"Unsupported set of arguments.*penalty='{penalty}"
                                         f".*loss='{loss}.*dual={dual}"):
        LinearSVC(penalty=penalty, loss=loss, dual=dual).fit(X, y)


KERNELS = ["linear_kernel", "polynomial_kernel", "rbf_kernel", "sigmoid_kernel",
           "laplacian_kernel", "cosine_similarity", "euclidean_distances",
           "manhattan_distances"]


@pytest.mark.parametrize("name", KERNELS)
@pytest.mark.parametrize("formats", [("csr", "csr"), ("csc", None), ("dense", "csr"),
                                     ("coo", "dense")])
def test_kernels_accept_sparse_input_as_scikit_learn(name, formats):
    rng = np.random.default_rng(12)
    X, Y = rng.standard_normal((25, 7)), rng.standard_normal((15, 7))
    X[X < 0.4] = 0.0
    Y[Y < 0.2] = 0.0

    def to(fmt, A):
        return A if fmt == "dense" else sp.csr_matrix(A).asformat(fmt)

    A, B = to(formats[0], X), None if formats[1] is None else to(formats[1], Y)
    ours, ref = getattr(kernels, name)(A, B), getattr(sk_pairwise, name)(A, B)
    ref = ref.toarray() if sp.issparse(ref) else ref
    assert isinstance(ours, np.ndarray)
    np.testing.assert_allclose(ours, ref, rtol=1e-12, atol=1e-12)


def test_sparse_output_and_precomputed_norms():
    rng = np.random.default_rng(13)
    X = sp.random(20, 6, density=0.4, random_state=0, format="csr")
    out = kernels.linear_kernel(X, X, dense_output=False)
    assert sp.issparse(out)
    np.testing.assert_allclose(out.toarray(), (X @ X.T).toarray())
    Xd = rng.standard_normal((10, 4))
    norms = np.einsum("ij,ij->i", Xd, Xd)
    np.testing.assert_allclose(kernels.euclidean_distances(Xd, X_norm_squared=norms),
                               sk_pairwise.euclidean_distances(Xd), atol=1e-12)
    with pytest.raises(ValueError, match="Incompatible dimensions"):
        kernels.euclidean_distances(Xd, X_norm_squared=norms[:3])
