"""SAG / SAGA (Ridge, LogisticRegression, LogisticRegressionCV) step for step against scikit-learn.

Our loop does scikit-learn's ``sag_fast`` operations in the same order (same draws from its
xorshift generator, same step size, same just-in-time bookkeeping and stopping rule), so the
number of epochs is the same and the coefficients agree to rounding. On the machine these tests
were written on they are bit-identical; the tolerance (rtol 1e-10) leaves room for a compiler
that fuses a multiply-add differently (one rounding per step, damped by the contraction of the
method), far below any algorithmic difference (another draw or step size changes the iterate at
the tol, 1e-3..1e-6, level).
"""

import warnings

import numpy as np
import pytest

sp = pytest.importorskip("scipy.sparse")
sk_lm = pytest.importorskip("sklearn.linear_model")

from syllabus.exceptions import ConvergenceWarning  # noqa: E402
from syllabus.linear_model import (  # noqa: E402
    LogisticRegression,
    LogisticRegressionCV,
    Ridge,
    ridge_regression,
)

RTOL, ATOL = 1e-10, 1e-12


def _classification(seed, n_classes, n=70, d=6):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, d) * (rng.rand(n, d) < 0.6) + 0.3
    scores = X @ rng.randn(d, n_classes) + rng.randn(n, n_classes)
    y = scores.argmax(axis=1)
    sw = rng.uniform(0.2, 3.0, size=n)
    return X, y, sw


def _fit_both(cls_ours, cls_ref, X, y, sw, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning (both), scikit-learn 1.9 FutureWarnings
        ours = cls_ours(**params).fit(X, y, sample_weight=sw)
        ref = cls_ref(**params).fit(X, y, sample_weight=sw)
    return ours, ref


def _assert_same(ours, ref):
    np.testing.assert_array_equal(np.ravel(ours.n_iter_), np.ravel(ref.n_iter_))
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=RTOL, atol=ATOL)


PENALTIES = [("sag", {}), ("sag", {"C": np.inf}), ("saga", {}), ("saga", {"l1_ratio": 1.0}),
             ("saga", {"l1_ratio": 0.4, "C": 0.3}), ("saga", {"C": np.inf}),
             ("saga", {"C": 1e-3, "l1_ratio": 0.5})]  # tiny C: wscale underflows, rescaled


@pytest.mark.parametrize("solver, penalty", PENALTIES)
@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("max_iter, tol", [(4, 1e-12), (300, 1e-4)])  # max_iter hit / stopping rule
def test_logistic_matches_sklearn(solver, penalty, n_classes, sparse, fit_intercept, weighted,
                                  max_iter, tol):
    X, y, sw = _classification(n_classes, n_classes)
    if sparse:
        X = sp.csr_matrix(np.where(np.abs(X) > 0.5, X, 0.0))
    ours, ref = _fit_both(LogisticRegression, sk_lm.LogisticRegression, X, y,
                          sw if weighted else None, solver=solver, fit_intercept=fit_intercept,
                          max_iter=max_iter, tol=tol, random_state=7, **penalty)
    _assert_same(ours, ref)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("n_classes", [2, 3])
def test_logistic_saga_reaches_the_lbfgs_optimum(n_classes):
    """Run long, SAG and SAGA stop by their rule at the penalised maximum-likelihood fit."""
    X, y, sw = _classification(20 + n_classes, n_classes)
    exact = LogisticRegression(C=0.5, tol=1e-12, max_iter=10_000).fit(X, y, sample_weight=sw)
    for solver in ("sag", "saga"):
        fit = LogisticRegression(C=0.5, solver=solver, tol=1e-10, max_iter=100_000,
                                 random_state=0).fit(X, y, sample_weight=sw)
        assert fit.n_iter_[0] < 100_000
        np.testing.assert_allclose(fit.coef_, exact.coef_, rtol=1e-7, atol=1e-9)
        np.testing.assert_allclose(fit.intercept_, exact.intercept_, rtol=1e-7, atol=1e-9)


def test_logistic_class_weight_warm_start_and_random_state_instance():
    X, y, sw = _classification(3, 3)
    params = dict(solver="saga", l1_ratio=0.5, class_weight="balanced", max_iter=6, tol=1e-12,
                  warm_start=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = LogisticRegression(**params, random_state=np.random.RandomState(3))
        ref = sk_lm.LogisticRegression(**params, random_state=np.random.RandomState(3))
        for _ in range(3):  # each fit continues from the last coef_, with the next seed
            ours.fit(X, y, sample_weight=sw)
            ref.fit(X, y, sample_weight=sw)
            _assert_same(ours, ref)


def test_logistic_max_iter_warns_and_reports_epochs():
    X, y, _ = _classification(0, 2)
    with pytest.warns(ConvergenceWarning, match="max_iter was reached"):
        clf = LogisticRegression(solver="saga", l1_ratio=1.0, max_iter=3, tol=1e-12).fit(X, y)
    assert clf.n_iter_[0] == 3
    # the objective reported is the fitted model's: the penalised mean log-loss
    C, n = 1.0, X.shape[0]
    z = X @ clf.coef_[0] + clf.intercept_[0]
    f = np.mean(np.logaddexp(0, z) - y * z) + np.abs(clf.coef_).sum() / (C * n)
    np.testing.assert_allclose(clf.loss_curve_[-1], f, rtol=1e-12)


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("solver, kwargs", [("saga", {"l1_ratios": [0.1, 0.9]}), ("sag", {}),
                                            ("saga", {"l1_ratios": [1.0]})])
@pytest.mark.parametrize("sparse", [False, True])
def test_logistic_cv_path_matches_sklearn(n_classes, solver, kwargs, sparse):
    """The path warm-starts SAG's memory from one C to the next, with one generator per path
    and the step size of the whole data, as scikit-learn's: same paths, same epochs."""
    X, y, sw = _classification(10 + n_classes, n_classes, n=90)
    if sparse:
        X = sp.csr_matrix(np.where(np.abs(X) > 0.5, X, 0.0))
    params = dict(solver=solver, Cs=[0.1, 1.0, 10.0], tol=1e-3, max_iter=250, random_state=0,
                  use_legacy_attributes=False, cv=3, **kwargs)
    ours, ref = _fit_both(LogisticRegressionCV, sk_lm.LogisticRegressionCV, X, y, sw, **params)
    np.testing.assert_array_equal(ours.n_iter_, ref.n_iter_)
    np.testing.assert_allclose(ours.coefs_paths_, ref.coefs_paths_, rtol=RTOL, atol=1e-11)
    np.testing.assert_array_equal(ours.scores_, ref.scores_)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=RTOL, atol=1e-11)
    assert ours.C_ == ref.C_


def _regression(seed, n=50, d=5, k=1):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, d) * (rng.rand(n, d) < 0.5) + 0.2
    Y = X @ rng.randn(d, k) + 0.5 * rng.randn(n, k) + 1.5
    return X, (Y[:, 0] if k == 1 else Y), rng.uniform(0.3, 2.0, size=n)


@pytest.mark.parametrize("solver", ["sag", "saga"])
@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("k", [1, 2])
@pytest.mark.parametrize("max_iter, tol", [(5, 1e-12), (None, 1e-3), (None, 1e-7)])
def test_ridge_matches_sklearn(solver, sparse, fit_intercept, weighted, k, max_iter, tol):
    X, y, sw = _regression(k, k=k)
    if sparse:
        if fit_intercept and solver == "saga":
            pytest.skip("scikit-learn refuses saga with an intercept on sparse data")
        X = sp.csr_matrix(np.where(np.abs(X) > 0.3, X, 0.0))
    ours, ref = _fit_both(Ridge, sk_lm.Ridge, X, y, sw if weighted else None, solver=solver,
                          alpha=0.7, fit_intercept=fit_intercept, max_iter=max_iter, tol=tol,
                          random_state=4)
    assert ours.solver_ == ref.solver_  # sparse + intercept + "sag": sparse_cg unless tol > 1e-4
    _assert_same(ours, ref)


@pytest.mark.parametrize("sparse", [False, True])
def test_ridge_regression_return_intercept_matches_sklearn(sparse):
    X, y, sw = _regression(5)
    X = sp.csr_matrix(X) if sparse else X
    kw = dict(alpha=2.0, solver="sag", return_intercept=True, return_n_iter=True, tol=1e-8,
              random_state=np.random.RandomState(1), sample_weight=sw)
    ours = ridge_regression(X, y, **kw)
    kw["random_state"] = np.random.RandomState(1)
    ref = sk_lm.ridge_regression(X, y, **kw)
    np.testing.assert_array_equal(ours[1], ref[1])
    np.testing.assert_allclose(ours[0], ref[0], rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(ours[2], ref[2], rtol=RTOL, atol=ATOL)


def test_ridge_sag_converges_to_the_closed_form():
    X, y, sw = _regression(6)
    exact = Ridge(alpha=0.7, solver="cholesky").fit(X, y, sample_weight=sw)
    for solver in ("sag", "saga"):
        fit = Ridge(alpha=0.7, solver=solver, tol=1e-12, max_iter=100_000, random_state=0).fit(
            X, y, sample_weight=sw)
        np.testing.assert_allclose(fit.coef_, exact.coef_, rtol=1e-8)
        np.testing.assert_allclose(fit.intercept_, exact.intercept_, rtol=1e-8)
