"""KernelRidge against scikit-learn's KernelRidge."""

import numpy as np
import pytest
from sklearn import kernel_ridge as skk

from syllabus.kernel_ridge import KernelRidge
from syllabus.kernels import rbf_kernel


def _data():
    rng = np.random.default_rng(2)
    X = rng.uniform(-2, 2, size=(60, 3))
    y = np.sin(X[:, 0]) + X[:, 1] ** 2 + 0.1 * rng.normal(size=60)
    X_test = rng.uniform(-2, 2, size=(15, 3))
    return X, y, X_test


X, y, X_test = _data()


@pytest.mark.parametrize(
    "params",
    [{"kernel": "linear"}, {"kernel": "rbf", "gamma": 0.5}, {"kernel": "rbf"},
     {"kernel": "poly", "degree": 2, "coef0": 1.0}, {"kernel": "laplacian", "gamma": 0.3},
     {"kernel": "sigmoid", "gamma": 0.05, "coef0": 0.0}, {"kernel": "cosine"}],
)
@pytest.mark.parametrize("alpha", [1e-3, 1.0])
@pytest.mark.filterwarnings("ignore:Singular matrix:UserWarning")  # sklearn, indefinite sigmoid
def test_kernel_ridge_matches_sklearn(params, alpha):
    ours = KernelRidge(alpha, **params).fit(X, y)
    ref = skk.KernelRidge(alpha=alpha, **params).fit(X, y)
    np.testing.assert_allclose(ours.dual_coef_, ref.dual_coef_, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(ours.predict(X_test), ref.predict(X_test), rtol=1e-7, atol=1e-9)


def test_kernel_ridge_weights_targets_and_alphas():
    rng = np.random.default_rng(2)
    sw = rng.uniform(0.1, 3, size=len(X))
    Y = np.column_stack([y, np.cos(X[:, 2])])
    for alpha in (0.5, np.array([0.1, 2.0])):
        ours = KernelRidge(alpha, kernel="rbf", gamma=0.7).fit(X, Y, sample_weight=sw)
        ref = skk.KernelRidge(alpha=alpha, kernel="rbf", gamma=0.7).fit(X, Y, sample_weight=sw)
        np.testing.assert_allclose(ours.predict(X_test), ref.predict(X_test), rtol=1e-7, atol=1e-9)


def test_kernel_ridge_seed_002_closed_form_and_precomputed():
    # alpha_hat = (P + lambda I)^-1 y with P_ij = exp(-||x_i - x_j||^2 / (2 sigma^2))
    sigma, lam = 0.5, 1e-2
    P = rbf_kernel(X, gamma=1 / (2 * sigma**2))
    expected = np.linalg.solve(P + lam * np.eye(len(X)), y)
    model = KernelRidge(lam, kernel="rbf", gamma=1 / (2 * sigma**2)).fit(X, y)
    np.testing.assert_allclose(model.dual_coef_, expected, rtol=1e-8)
    pre = KernelRidge(lam, kernel="precomputed").fit(P, y)
    np.testing.assert_allclose(pre.dual_coef_, expected, rtol=1e-8)
    K_test = rbf_kernel(X_test, X, gamma=1 / (2 * sigma**2))
    np.testing.assert_allclose(pre.predict(K_test), model.predict(X_test), rtol=1e-10)


def test_kernel_ridge_callable_kernel():
    def quad(a, b, c=1.0):
        return (a @ b + c) ** 2

    ours = KernelRidge(0.1, kernel=quad, kernel_params={"c": 2.0}).fit(X[:20], y[:20])
    ref = skk.KernelRidge(alpha=0.1, kernel=quad, kernel_params={"c": 2.0}).fit(X[:20], y[:20])
    np.testing.assert_allclose(ours.predict(X_test), ref.predict(X_test), rtol=1e-8)


def test_kernel_ridge_singular_gram_falls_back():
    # alpha = 0 with duplicated samples: K is singular; the least-squares answer still fits.
    Xd = np.vstack([X[:10], X[:10]])
    yd = np.concatenate([y[:10], y[:10]])
    model = KernelRidge(0.0, kernel="linear").fit(Xd, yd)
    ref = skk.KernelRidge(alpha=0.0, kernel="linear")
    with pytest.warns(Warning):
        ref.fit(Xd, yd)
    np.testing.assert_allclose(model.predict(X_test), ref.predict(X_test), rtol=1e-6, atol=1e-8)


def test_kernel_ridge_bad_input():
    with pytest.raises(ValueError, match="kernel"):
        KernelRidge(kernel="gaussian").fit(X, y)
    with pytest.raises(ValueError, match="alpha"):
        KernelRidge(-1.0).fit(X, y)
    with pytest.raises(ValueError, match="square"):
        KernelRidge(kernel="precomputed").fit(X, y)
    with pytest.raises(ValueError, match="features"):
        KernelRidge().fit(X, y).predict(X[:, :2])
