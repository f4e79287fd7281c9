"""Lasso / ElasticNet (coordinate descent, ISTA, subgradient) and the paths against scikit-learn."""

import warnings

import numpy as np
import pytest
from sklearn import linear_model as sk

from syllabus.linear_model import ConvergenceWarning, ElasticNet, Lasso, enet_path, lasso_path


def _data(n=80, d=15, targets=None):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(n, d)) + 1.0
    X[:, 1] = X[:, 0] + 0.5 * rng.normal(size=n)  # correlated predictors
    coef = np.zeros(d)
    coef[:4] = [3.0, -2.0, 1.5, 0.5]
    if targets is None:
        return X, X @ coef + 2.0 + rng.normal(size=n)
    return X, np.column_stack([X @ np.roll(coef, t) + rng.normal(size=n) for t in range(targets)])


@pytest.mark.parametrize("alpha", [0.01, 0.1, 1.0])
@pytest.mark.parametrize("precompute", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_lasso_matches_sklearn(alpha, precompute, weighted):
    rng = np.random.default_rng(5)
    X, y = _data()
    sw = rng.uniform(0.2, 2.0, size=len(y)) if weighted else None
    ours = Lasso(alpha, tol=1e-10, precompute=precompute).fit(X, y, sample_weight=sw)
    ref = sk.Lasso(alpha, tol=1e-10).fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-8)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=1e-8)
    # stopped on the duality gap, tol * ||y_c||^2 for the n-scaled objective
    yc = (y - np.average(y, weights=sw)) * np.sqrt(1.0 if sw is None else sw * len(y) / sw.sum())
    assert ours.dual_gap_ * len(y) <= 1e-10 * yc @ yc
    np.testing.assert_array_equal(ours.coef_ == 0, ref.coef_ == 0)  # the same sparsity pattern


@pytest.mark.parametrize("l1_ratio", [0.1, 0.5, 0.9])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_elastic_net_matches_sklearn(l1_ratio, fit_intercept):
    X, y = _data()
    ours = ElasticNet(0.3, l1_ratio=l1_ratio, fit_intercept=fit_intercept, tol=1e-10).fit(X, y)
    ref = sk.ElasticNet(alpha=0.3, l1_ratio=l1_ratio, fit_intercept=fit_intercept, tol=1e-10).fit(X, y)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-8)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=1e-8)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), atol=1e-8)


def test_multi_target_and_warm_start():
    X, Y = _data(targets=3)
    ours = ElasticNet(0.2, l1_ratio=0.8, tol=1e-10).fit(X, Y)
    ref = sk.ElasticNet(alpha=0.2, l1_ratio=0.8, tol=1e-10).fit(X, Y)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-8)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=1e-8)
    X, y = _data()
    model = Lasso(0.1, tol=1e-10, warm_start=True).fit(X, y)
    cold_iters = model.n_iter_
    model.fit(X, y)  # restarted at the optimum: done at once
    assert model.n_iter_ < cold_iters
    np.testing.assert_allclose(model.coef_, sk.Lasso(0.1, tol=1e-10).fit(X, y).coef_, atol=1e-8)


def test_objective_optimality_conditions():
    # KKT of (1/2n)||y - Xw||^2 + alpha ||w||_1 on centred data: x_j.R / n = alpha sign(w_j)
    # where w_j != 0 and |x_j.R| / n <= alpha where w_j = 0.
    X, y = _data()
    alpha = 0.2
    model = Lasso(alpha, tol=1e-12).fit(X, y)
    R = y - model.predict(X)
    corr = (X - X.mean(0)).T @ R / len(y)
    nz = model.coef_ != 0
    np.testing.assert_allclose(corr[nz], alpha * np.sign(model.coef_[nz]), atol=1e-7)
    assert np.all(np.abs(corr[~nz]) <= alpha + 1e-9)
    assert nz.sum() < X.shape[1]  # the L1 penalty zeroes some coefficients


def test_ista_reaches_cd_solution_and_subgradient_approaches_it():
    X, y = _data()
    cd = Lasso(0.1, tol=1e-12).fit(X, y)
    ista = Lasso(0.1, solver="ista", tol=1e-9, max_iter=50_000).fit(X, y)
    np.testing.assert_allclose(ista.coef_, cd.coef_, atol=1e-5)
    np.testing.assert_array_equal(ista.coef_ == 0, cd.coef_ == 0)  # exact zeros via the prox
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        sub = Lasso(0.1, solver="subgradient", max_iter=3000).fit(X, y)

    def objective(m):
        r = y - m.predict(X)
        return r @ r / (2 * len(y)) + 0.1 * np.abs(m.coef_).sum()

    # O(1/sqrt(k)) convergence: close in objective, but no exact zeros.
    assert objective(cd) <= objective(sub) < objective(cd) * 1.01
    assert np.all(sub.coef_[cd.coef_ == 0] != 0) or np.count_nonzero(sub.coef_) > np.count_nonzero(cd.coef_)


def test_paths_match_sklearn():
    X, y = _data()
    Xc, yc = X - X.mean(0), y - y.mean()
    for precompute in ("auto", False):
        alphas, coefs, gaps = lasso_path(Xc, yc, alphas=30, eps=1e-2, tol=1e-10, precompute=precompute)
        ref_alphas, ref_coefs, _ = sk.lasso_path(Xc, yc, alphas=30, eps=1e-2, tol=1e-10)
        np.testing.assert_allclose(alphas, ref_alphas, rtol=1e-12)
        np.testing.assert_allclose(coefs, ref_coefs, atol=1e-8)
    # at alpha_max every coefficient is 0; the number of non-zeros grows as alpha decreases
    assert np.all(coefs[:, 0] == 0)
    assert np.count_nonzero(coefs[:, -1]) > np.count_nonzero(coefs[:, len(alphas) // 2]) > 0
    alphas, coefs, _ = enet_path(Xc, yc, l1_ratio=0.5, alphas=[1.0, 0.1, 0.01], tol=1e-10)
    _, ref_coefs, _ = sk.enet_path(Xc, yc, l1_ratio=0.5, alphas=[1.0, 0.1, 0.01], tol=1e-10)
    np.testing.assert_allclose(coefs, ref_coefs, atol=1e-8)


def test_bad_input_and_non_convergence():
    X, y = _data()
    with pytest.raises(ValueError, match="alpha"):
        Lasso(-1.0).fit(X, y)
    with pytest.raises(ValueError, match="l1_ratio"):
        ElasticNet(l1_ratio=1.5).fit(X, y)
    with pytest.raises(ValueError, match="solver"):
        Lasso(solver="lars").fit(X, y)
    with pytest.raises(ValueError, match="NaN"):
        Lasso().fit(np.where(X > 2.5, np.nan, X), y)
    with pytest.raises(ValueError, match="l1_ratio"):
        enet_path(X, y, l1_ratio=0.0)
    with pytest.warns(ConvergenceWarning):
        Lasso(0.001, tol=1e-14, max_iter=2).fit(X, y)
    constant = np.column_stack([X, np.ones(len(X))])  # a constant column: zero after centring
    model = Lasso(0.1, tol=1e-10).fit(constant, y)
    assert model.coef_[-1] == 0.0


@pytest.mark.parametrize("layout", ["dense", "gram", "sparse"])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
@pytest.mark.parametrize("max_iter", [1, 3, 1000])
def test_sweeps_and_stopping_rule_match_sklearn(layout, l1_ratio, max_iter):
    # scikit-learn's cyclic sweep over the screened features and its stopping rule (the
    # gap is checked once a sweep barely moved w): the same n_iter_, and the same iterate
    # when stopped early by max_iter.
    import scipy.sparse as sparse

    X, y = _data(n=60, d=30)
    if layout == "sparse":
        X = sparse.csc_matrix(np.where(np.abs(X - 1.0) > 0.8, X, 0.0))
    kwargs = {"alpha": 0.05, "l1_ratio": l1_ratio, "max_iter": max_iter,
              "precompute": layout == "gram"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ours and scikit-learn's ConvergenceWarning
        ours = ElasticNet(**kwargs).fit(X, y)
        ref = sk.ElasticNet(**kwargs).fit(X, y)
    assert ours.n_iter_ == ref.n_iter_
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-10, atol=1e-12)
