"""Ridge in closed form and ridge_path against scikit-learn."""

import numpy as np
import pytest
from sklearn import linear_model as sk

from syllabus.linear_model import LinearRegression, Ridge, ridge_path


def _data(n=50, d=6, targets=None):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(n, d)) * 2 + 1
    shape = (n,) if targets is None else (n, targets)
    return X, X @ rng.normal(size=(d,) if targets is None else (d, targets)) + rng.normal(size=shape)


@pytest.mark.parametrize("alpha", [1e-3, 1.0, 100.0])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("shape", [(50, 6), (8, 20)])  # primal and dual (d > n) systems
@pytest.mark.parametrize("weighted", [False, True])
def test_ridge_matches_sklearn(alpha, fit_intercept, shape, weighted):
    rng = np.random.default_rng(1)
    X, y = _data(*shape)
    sw = rng.uniform(0.2, 2, size=len(X)) if weighted else None
    ours = Ridge(alpha, fit_intercept=fit_intercept).fit(X, y, sample_weight=sw)
    ref = sk.Ridge(alpha, fit_intercept=fit_intercept, solver="cholesky").fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-8, atol=1e-10)


def test_ridge_multi_target_and_per_target_alpha():
    X, Y = _data(targets=3)
    for alpha in (2.0, np.array([0.1, 1.0, 10.0])):
        ours, ref = Ridge(alpha).fit(X, Y), sk.Ridge(alpha).fit(X, Y)
        np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-8)
        np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-8)
    with pytest.raises(ValueError, match="penalties"):
        Ridge(np.array([1.0, 2.0])).fit(X, Y)


def test_ridge_seed_004_closed_form_and_limits():
    # theta = (X^T X + delta^2 I)^-1 X^T y on centred data; alpha -> 0 gives least squares.
    X, y = _data()
    Xc, yc = X - X.mean(0), y - y.mean()
    delta2 = 3.0
    expected = np.linalg.solve(Xc.T @ Xc + delta2 * np.eye(X.shape[1]), Xc.T @ yc)
    np.testing.assert_allclose(Ridge(delta2).fit(X, y).coef_, expected, rtol=1e-10)
    np.testing.assert_allclose(Ridge(0.0).fit(X, y).coef_, LinearRegression().fit(X, y).coef_,
                               rtol=1e-8)
    assert np.linalg.norm(Ridge(1e8).fit(X, y).coef_) < 1e-4 * np.linalg.norm(expected)


def test_ridge_path_matches_individual_fits():
    X, y = _data()
    alphas = np.array([0.0, 0.1, 1.0, 10.0, 1000.0])
    out_alphas, coefs = ridge_path(X, y, alphas=alphas)
    assert coefs.shape == (X.shape[1], len(alphas))
    np.testing.assert_array_equal(out_alphas, alphas)
    for k, a in enumerate(alphas):
        np.testing.assert_allclose(coefs[:, k], sk.Ridge(a).fit(X, y).coef_, rtol=1e-8, atol=1e-12)
    norms = np.linalg.norm(coefs, axis=0)
    assert np.all(np.diff(norms) < 0)  # the L2 norm shrinks monotonically with alpha
    _, no_int = ridge_path(X, y, alphas=[1.0], fit_intercept=False)
    np.testing.assert_allclose(no_int[:, 0], sk.Ridge(1.0, fit_intercept=False).fit(X, y).coef_,
                               rtol=1e-8)


def test_ridge_bad_input():
    X, y = _data()
    with pytest.raises(ValueError, match="alpha"):
        Ridge(-1.0).fit(X, y)
    with pytest.raises(ValueError, match="alpha"):
        Ridge(np.array([1.0, -2.0])).fit(X, np.column_stack([y, y]))
    with pytest.raises(ValueError, match="NaN|infinity"):
        Ridge().fit(X, np.full_like(y, np.inf))
    with pytest.raises(ValueError, match="non-negative"):
        ridge_path(X, y, alphas=[-1.0])
