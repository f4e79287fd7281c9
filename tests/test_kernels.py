"""Kernel functions against sklearn.metrics.pairwise, and the Gram-matrix PSD property."""

import numpy as np
import pytest
from sklearn.metrics import pairwise as skp

from syllabus import kernels as K


def _data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 5))
    Y = rng.normal(size=(20, 5))
    return X, Y


X, Y = _data()

CASES = [
    ("linear_kernel", {}),
    ("polynomial_kernel", {}),
    ("polynomial_kernel", {"degree": 2, "gamma": 0.3, "coef0": 0.0}),
    ("polynomial_kernel", {"degree": 4, "gamma": 1.5, "coef0": 2.0}),
    ("rbf_kernel", {}),
    ("rbf_kernel", {"gamma": 2.5}),
    ("sigmoid_kernel", {}),
    ("sigmoid_kernel", {"gamma": 0.1, "coef0": -0.5}),
    ("cosine_similarity", {}),
    ("laplacian_kernel", {}),
    ("laplacian_kernel", {"gamma": 0.7}),
]


@pytest.mark.parametrize("name,params", CASES)
def test_kernel_equals_sklearn(name, params):
    ours, theirs = getattr(K, name), getattr(skp, name)
    np.testing.assert_allclose(ours(X, Y, **params), theirs(X, Y, **params), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours(X, **params), theirs(X, **params), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name,params", CASES)
def test_kernel_float32_dtype_as_sklearn(name, params):
    X32, Y32 = X.astype(np.float32), Y.astype(np.float32)
    out = getattr(K, name)(X32, Y32, **params)
    ref = getattr(skp, name)(X32, Y32, **params)
    assert out.dtype == ref.dtype
    assert out.dtype == (np.float64 if name == "laplacian_kernel" else np.float32)
    np.testing.assert_allclose(out, ref, rtol=1e-4, atol=1e-5)


def test_distances_equal_sklearn():
    np.testing.assert_allclose(K.euclidean_distances(X, Y), skp.euclidean_distances(X, Y), rtol=1e-10)
    np.testing.assert_allclose(
        K.euclidean_distances(X, Y, squared=True),
        skp.euclidean_distances(X, Y, squared=True), rtol=1e-10,
    )
    np.testing.assert_allclose(K.manhattan_distances(X, Y), skp.manhattan_distances(X, Y), rtol=1e-12)
    D = K.euclidean_distances(X)
    assert np.all(np.diag(D) == 0.0) and np.all(D >= 0.0)


def test_rbf_diagonal_exactly_one_and_sigma_form():
    Kx = K.rbf_kernel(X, gamma=0.5)
    assert np.all(np.diag(Kx) == 1.0)
    # gamma = 1 / (2 sigma^2): k(x, y) = exp(-||x - y||^2 / (2 sigma^2)).
    sigma = 0.8
    direct = np.exp(-((X[:, None, :] - Y[None, :, :]) ** 2).sum(-1) / (2 * sigma**2))
    np.testing.assert_allclose(K.rbf_kernel(X, Y, gamma=1 / (2 * sigma**2)), direct, rtol=1e-10)


def test_polynomial_exact_degree_vs_up_to_degree():
    rng = np.random.default_rng(0)
    # Degree-2 kernel with coef0=0 is <phi(x), phi(y)> with phi = all products x_i x_j;
    # with coef0=1 the feature map also holds sqrt(2) x_i and 1.
    x, y = rng.normal(size=3), rng.normal(size=3)
    phi2 = lambda v: np.outer(v, v).ravel()  # noqa: E731
    assert K.polynomial_kernel(x[None], y[None], degree=2, gamma=1, coef0=0)[0, 0] == pytest.approx(
        phi2(x) @ phi2(y), rel=1e-12)
    phi_up = lambda v: np.concatenate([phi2(v), np.sqrt(2) * v, [1.0]])  # noqa: E731
    assert K.polynomial_kernel(x[None], y[None], degree=2, gamma=1, coef0=1)[0, 0] == pytest.approx(
        phi_up(x) @ phi_up(y), rel=1e-12)


def test_cosine_zero_row_gives_zero():
    Z = np.vstack([np.zeros(5), X[:3]])
    out = K.cosine_similarity(Z)
    np.testing.assert_allclose(out, skp.cosine_similarity(Z), atol=1e-12)
    assert np.all(out[0] == 0.0)


@pytest.mark.parametrize(
    "metric,params",
    [("linear", {}), ("poly", {"degree": 2}), ("polynomial", {"gamma": 0.2}), ("rbf", {"gamma": 0.3}),
     ("sigmoid", {"coef0": 0.0}), ("cosine", {}), ("laplacian", {"gamma": 0.1})],
)
def test_pairwise_kernels_dispatch(metric, params):
    np.testing.assert_allclose(
        K.pairwise_kernels(X, Y, metric=metric, **params),
        skp.pairwise_kernels(X, Y, metric=metric, **params), rtol=1e-10, atol=1e-12,
    )


def test_pairwise_kernels_callable_precomputed_and_filter():
    def dot_plus_one(a, b, shift=1.0):
        return float(a @ b + shift)

    np.testing.assert_allclose(
        K.pairwise_kernels(X[:5], Y[:4], metric=dot_plus_one, shift=2.0), X[:5] @ Y[:4].T + 2.0)
    G = K.rbf_kernel(X)
    assert np.array_equal(K.pairwise_kernels(G, metric="precomputed"), G)
    np.testing.assert_allclose(
        K.pairwise_kernels(X, Y, metric="rbf", filter_params=True, gamma=0.4, degree=3, coef0=1),
        skp.rbf_kernel(X, Y, gamma=0.4), rtol=1e-12)
    with pytest.raises(ValueError, match="Unknown kernel"):
        K.pairwise_kernels(X, metric="nope")
    with pytest.raises(TypeError):
        K.pairwise_kernels(X, metric="rbf", degree=3)


def test_gram_matrices_are_psd():
    for name, params in CASES:
        if name == "sigmoid_kernel":
            continue
        assert K.is_positive_semidefinite(getattr(K, name)(X, **params)), name
    # The sigmoid "kernel" is not PSD in general: a counter-example.
    S = K.sigmoid_kernel(X * 3, gamma=1.0, coef0=-2.0)
    assert not K.is_positive_semidefinite(S)
    assert not K.is_positive_semidefinite([[1.0, 2.0], [2.0, 1.0]])  # eigenvalue -1
    assert not K.is_positive_semidefinite([[1.0, 0.5], [0.0, 1.0]])  # not symmetric
    with pytest.raises(ValueError, match="square"):
        K.is_positive_semidefinite(np.ones((2, 3)))


def test_bad_input_errors():
    with pytest.raises(ValueError, match="Incompatible dimension"):
        K.rbf_kernel(X, Y[:, :3])
    with pytest.raises(ValueError, match="NaN"):
        K.linear_kernel(np.array([[np.nan, 1.0]]))
    with pytest.raises(ValueError, match="2-D"):
        K.rbf_kernel(np.ones(3))
    with pytest.raises(ValueError, match="gamma"):
        K.rbf_kernel(X, gamma=-1.0)
    with pytest.raises(ValueError, match="degree"):
        K.polynomial_kernel(X, degree=0)


def test_extreme_inputs_finite():
    big = X * 1e150
    out = K.rbf_kernel(big)
    assert np.isfinite(out).all() and np.all(np.diag(out) == 1.0)
    assert np.isfinite(K.sigmoid_kernel(X * 1e100)).all()
    assert np.isfinite(K.laplacian_kernel(big)).all()


def test_large_manhattan_chunked():
    rng = np.random.default_rng(0)
    A = rng.normal(size=(300, 60))
    B = rng.normal(size=(250, 60))
    np.testing.assert_allclose(K.manhattan_distances(A, B), skp.manhattan_distances(A, B), rtol=1e-12)


@pytest.mark.parametrize("symmetric", [True, False])
def test_float32_precomputed_norms_are_recomputed_as_scikit_learn(symmetric):
    # float32 squared norms would put their 1e-7 relative error, magnified by the
    # cancellation in |x|^2 - 2 x.y + |y|^2, into float64 distances: they are ignored.
    rng = np.random.default_rng(3)
    X = rng.random((10, 10))
    Y = X if symmetric else rng.random((20, 10))
    x_sq = (X.astype(np.float32) ** 2).sum(axis=1).reshape(1, -1)
    y_sq = (Y.astype(np.float32) ** 2).sum(axis=1).reshape(1, -1)
    exact = np.sqrt(((X[:, None, :] - Y[None, :, :]) ** 2).sum(-1))
    ours = K.euclidean_distances(X, Y, X_norm_squared=x_sq, Y_norm_squared=y_sq)
    np.testing.assert_allclose(ours, exact, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(
        ours, skp.euclidean_distances(X, Y, X_norm_squared=x_sq, Y_norm_squared=y_sq),
        rtol=1e-12, atol=1e-14)
