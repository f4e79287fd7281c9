"""Sparse input, the full solver sets and dtypes of the least-squares models, against scikit-learn."""

import numpy as np
import pytest

sp = pytest.importorskip("scipy.sparse")
sk_lm = pytest.importorskip("sklearn.linear_model")

from syllabus.linear_model import (  # noqa: E402
    ElasticNet,
    Lasso,
    LinearRegression,
    Ridge,
    enet_path,
    lasso_path,
    ridge_regression,
)


def _data(seed, n=40, d=6, density=0.4):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, d) * (rng.rand(n, d) < density) + 0.5 * (rng.rand(n, d) < density)
    y = X @ rng.randn(d) + 0.3 * rng.randn(n) + 2.0
    sw = rng.uniform(0.5, 2.0, size=n)
    return X, y, sw


@pytest.mark.parametrize("solver", ["auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga"])
@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_ridge_solvers_match_sklearn(solver, sparse, fit_intercept, weighted):
    X, y, sw = _data(0)
    if sparse and solver in ("svd", "saga", "cholesky") and fit_intercept:
        pytest.skip("scikit-learn refuses this combination (tested below)")
    if sparse and solver == "svd":
        pytest.skip("svd needs dense X")
    XX = sp.csr_matrix(X) if sparse else X
    kw = dict(alpha=0.7, solver=solver, fit_intercept=fit_intercept, tol=1e-13, max_iter=100_000,
              random_state=0)
    w = sw if weighted else None
    ours = Ridge(**kw).fit(XX, y, sample_weight=w)
    ref = sk_lm.Ridge(**kw).fit(XX, y, sample_weight=w)
    iterative = solver in ("sag", "saga", "lsqr", "sparse_cg") or (solver == "auto" and sparse)
    tol = 1e-9 if iterative else 1e-11
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=tol, atol=tol)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=tol, atol=tol)
    np.testing.assert_allclose(ours.predict(XX), ref.predict(XX), rtol=tol, atol=tol)
    assert ours.solver_ == ref.solver_  # sparse data, intercept, "sag": both swap in sparse_cg
    assert (ours.n_iter_ is None) == (ref.n_iter_ is None)


@pytest.mark.parametrize("sparse", [False, True])
def test_ridge_positive_matches_sklearn(sparse):
    X, y, sw = _data(1)
    y = y - 3 * X[:, 0]  # one clearly negative unconstrained coefficient
    XX = sp.csr_matrix(X) if sparse else X
    ours = Ridge(alpha=0.3, positive=True, tol=1e-12).fit(XX, y, sample_weight=sw)
    ref = sk_lm.Ridge(alpha=0.3, positive=True, tol=1e-12).fit(XX, y, sample_weight=sw)
    assert np.all(ours.coef_ >= 0) and np.any(ours.coef_ == 0)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-6)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=1e-6)


def test_ridge_multi_target_per_target_alpha_and_shapes():
    X, y, _ = _data(2)
    Y = np.c_[y, -2 * y + 1]
    for solver in ["cholesky", "svd", "lsqr", "sparse_cg", "sag"]:
        ours = Ridge(alpha=[0.1, 3.0], solver=solver, tol=1e-13, max_iter=100_000).fit(X, Y)
        ref = sk_lm.Ridge(alpha=[0.1, 3.0], solver=solver, tol=1e-13, max_iter=100_000).fit(X, Y)
        np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-8, atol=1e-9)
        assert ours.coef_.shape == (2, X.shape[1]) and ours.intercept_.shape == (2,)
    one = Ridge().fit(X, y)
    assert isinstance(one.intercept_, float) and one.coef_.shape == (X.shape[1],)
    col = Ridge().fit(X, y[:, None])
    assert col.coef_.shape == (X.shape[1],) and col.intercept_.shape == (1,)


@pytest.mark.parametrize("solver", ["svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga"])
def test_ridge_float32_preserved(solver):
    X, y, _ = _data(3)
    ours32 = Ridge(solver=solver, tol=1e-10, max_iter=10_000).fit(X.astype(np.float32),
                                                                   y.astype(np.float32))
    ours64 = Ridge(solver=solver, tol=1e-10, max_iter=10_000).fit(X, y)
    assert ours32.coef_.dtype == np.float32
    assert ours32.predict(X.astype(np.float32)).dtype == np.float32
    np.testing.assert_allclose(ours32.coef_, ours64.coef_, rtol=1e-4, atol=1e-5)


def test_ridge_regression_sag_intercept_and_errors():
    X, y, sw = _data(4)
    coef, intercept = ridge_regression(sp.csr_matrix(X), y, 0.5, solver="sag", tol=1e-13,
                                       max_iter=100_000, return_intercept=True, sample_weight=sw)
    ref = sk_lm.Ridge(alpha=0.5, solver="cholesky").fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(coef, ref.coef_, rtol=1e-8)
    np.testing.assert_allclose(intercept, ref.intercept_, rtol=1e-8)
    with pytest.raises(ValueError, match="only 'sag' solver can directly fit the intercept"):
        ridge_regression(X, y, 1.0, solver="cholesky", return_intercept=True)
    with pytest.raises(ValueError, match="does not support fitting the intercept on sparse"):
        Ridge(solver="svd").fit(sp.csr_matrix(X), y)
    with pytest.raises(ValueError, match="'lbfgs' solver can be used only when positive=True"):
        Ridge(solver="lbfgs").fit(X, y)


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("params", [dict(), dict(positive=True), dict(precompute=True),
                                    dict(selection="random", random_state=0),
                                    dict(fit_intercept=False)])
def test_enet_matches_sklearn(sparse, params):
    X, y, sw = _data(5, n=50, d=8)
    XX = sp.csc_matrix(X) if sparse else X
    for cls, sk_cls, kw in [(ElasticNet, sk_lm.ElasticNet, dict(l1_ratio=0.6)),
                            (Lasso, sk_lm.Lasso, {})]:
        ours = cls(alpha=0.05, tol=1e-12, max_iter=100_000, **kw, **params).fit(
            XX, y, sample_weight=sw)
        ref = sk_cls(alpha=0.05, tol=1e-12, max_iter=100_000, **kw, **params).fit(
            XX, y, sample_weight=sw)
        np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-8, atol=1e-10)
        np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-8, atol=1e-10)
        np.testing.assert_allclose(ours.predict(XX), ref.predict(XX), rtol=1e-8, atol=1e-10)


def test_enet_sparse_float32_and_multi_target():
    X, y, _ = _data(6, n=50, d=8)
    Y = np.c_[y, y[::-1]]
    Xs = sp.csr_matrix(X.astype(np.float32))
    ours = ElasticNet(alpha=0.05, tol=1e-10).fit(Xs, Y.astype(np.float32))
    ref = sk_lm.ElasticNet(alpha=0.05, tol=1e-10).fit(Xs, Y.astype(np.float32))
    assert ours.coef_.dtype == np.float32 and ours.coef_.shape == (2, 8)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-4, atol=1e-5)


def test_lasso_alpha_zero_warns():
    X, y, _ = _data(7)
    with pytest.warns(UserWarning, match="With alpha=0, this algorithm does not converge well"):
        Lasso(alpha=0, max_iter=5).fit(X, y)


@pytest.mark.parametrize("path", [enet_path, lasso_path])
@pytest.mark.parametrize("positive", [False, True])
def test_paths_sparse_match_sklearn(path, positive):
    X, y, _ = _data(8, n=50, d=10)
    X, y = X - X.mean(axis=0), y - y.mean()
    sk_path = getattr(sk_lm, path.__name__)
    for XX in (X, sp.csc_matrix(X)):
        alphas, coefs, gaps = path(XX, y, alphas=5, tol=1e-12, positive=positive)
        ref_alphas, ref_coefs, ref_gaps = sk_path(XX, y, alphas=5, tol=1e-12, positive=positive)
        np.testing.assert_allclose(alphas, ref_alphas, rtol=1e-12)
        np.testing.assert_allclose(coefs, ref_coefs, rtol=1e-8, atol=1e-10)
    with pytest.raises(ValueError, match="Unexpected parameters in params"):
        path(X, y, normalize=True)


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_linear_regression_sparse_and_float32(sparse, fit_intercept):
    X, y, sw = _data(9)
    Y = np.c_[y, 2 * y - 1]
    XX = sp.csr_matrix(X) if sparse else X
    for target in (y, Y):
        ours = LinearRegression(fit_intercept=fit_intercept).fit(XX, target, sample_weight=sw)
        ref = sk_lm.LinearRegression(fit_intercept=fit_intercept).fit(XX, target,
                                                                      sample_weight=sw)
        np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-10, atol=1e-12)
    ours32 = LinearRegression().fit(X.astype(np.float32), y.astype(np.float32))
    assert ours32.coef_.dtype == np.float32
    assert ours32.predict(X.astype(np.float32)).dtype == np.float32


def test_linear_regression_positive_matches_sklearn():
    X, y, sw = _data(10)
    y = y - 4 * X[:, 1]
    ours = LinearRegression(positive=True).fit(X, y, sample_weight=sw)
    ref = sk_lm.LinearRegression(positive=True).fit(X, y, sample_weight=sw)
    assert np.any(ours.coef_ == 0)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-8, atol=1e-10)
