"""RidgeClassifier, RidgeCV and RidgeClassifierCV against scikit-learn (dense and sparse X)."""

import numpy as np
import pytest
import scipy.sparse as sparse
from sklearn import linear_model as sk
from sklearn.model_selection import KFold

from syllabus.linear_model import RidgeClassifier, RidgeClassifierCV, RidgeCV

ALPHAS = [1e-3, 0.1, 1.0, 10.0]


def _data(n, p, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) + 0.5
    y = X @ rng.normal(size=p) + rng.normal(size=n)
    Y = np.column_stack([y, X @ rng.normal(size=p) + 3.0])
    return X, y, Y, rng.uniform(0.5, 2.0, size=n)


def _assert_same(ours, ref, attrs, rtol=1e-9):
    for attr in attrs:
        got, want = np.asarray(getattr(ours, attr)), np.asarray(getattr(ref, attr))
        assert got.shape == want.shape, attr
        np.testing.assert_allclose(got, want, rtol=rtol, atol=1e-10 * max(1, np.abs(want).max()),
                                   err_msg=attr)


@pytest.mark.parametrize("shape", [(30, 8), (12, 25)])
@pytest.mark.parametrize("gcv_mode", [None, "svd"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("multi", [False, True])
def test_ridge_cv_leave_one_out_matches_sklearn(shape, gcv_mode, fit_intercept, weighted, multi):
    X, y, Y, sw = _data(*shape)
    target = Y if multi else y
    kwargs = {"alphas": ALPHAS, "gcv_mode": gcv_mode, "fit_intercept": fit_intercept,
              "store_cv_results": True}
    sw = sw if weighted else None
    ours = RidgeCV(**kwargs).fit(X, target, sample_weight=sw)
    ref = sk.RidgeCV(**kwargs).fit(X, target, sample_weight=sw)
    _assert_same(ours, ref, ["coef_", "intercept_", "alpha_", "best_score_", "cv_results_"])


@pytest.mark.parametrize("shape", [(30, 8), (12, 25)])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_ridge_cv_sparse_matches_sklearn(shape, fit_intercept):
    X, _, Y, sw = _data(*shape)
    Xs = sparse.csr_matrix(np.where(np.abs(X - 0.5) > 0.7, X, 0.0))
    kwargs = {"alphas": ALPHAS, "fit_intercept": fit_intercept, "store_cv_results": True,
              "alpha_per_target": True}
    ours = RidgeCV(**kwargs).fit(Xs, Y, sample_weight=sw)
    ref = sk.RidgeCV(**kwargs).fit(Xs, Y, sample_weight=sw)
    _assert_same(ours, ref, ["coef_", "intercept_", "alpha_", "best_score_", "cv_results_"])
    np.testing.assert_allclose(ours.predict(Xs), ref.predict(Xs), rtol=1e-9)
    # and the same model as on the dense copy
    dense = RidgeCV(**kwargs).fit(Xs.toarray(), Y, sample_weight=sw)
    _assert_same(ours, dense, ["coef_", "intercept_", "alpha_"], rtol=1e-8)


@pytest.mark.parametrize("scoring", ["neg_mean_absolute_error", "r2"])
@pytest.mark.parametrize("alpha_per_target", [False, True])
def test_ridge_cv_scoring_and_per_target(scoring, alpha_per_target):
    X, _, Y, sw = _data(25, 6, seed=3)
    kwargs = {"alphas": ALPHAS, "scoring": scoring, "alpha_per_target": alpha_per_target,
              "store_cv_results": True}
    ours = RidgeCV(**kwargs).fit(X, Y, sample_weight=sw)
    ref = sk.RidgeCV(**kwargs).fit(X, Y, sample_weight=sw)
    _assert_same(ours, ref, ["coef_", "intercept_", "alpha_", "best_score_", "cv_results_"])


def test_ridge_cv_with_folds_is_a_grid_search():
    X, y, _, _ = _data(40, 5, seed=1)
    for cv in (3, KFold(4)):
        ours = RidgeCV(alphas=ALPHAS, cv=cv).fit(X, y)
        ref = sk.RidgeCV(alphas=ALPHAS, cv=cv).fit(X, y)
        _assert_same(ours, ref, ["coef_", "intercept_", "alpha_", "best_score_"])


def test_ridge_cv_float32_and_errors():
    X, y, _, _ = _data(20, 4)
    ours = RidgeCV(alphas=ALPHAS).fit(X.astype(np.float32), y.astype(np.float32))
    ref = sk.RidgeCV(alphas=ALPHAS).fit(X.astype(np.float32), y.astype(np.float32))
    assert ours.coef_.dtype == ref.coef_.dtype == np.float32
    _assert_same(ours, ref, ["coef_", "intercept_", "alpha_"], rtol=1e-5)
    with pytest.raises(ValueError, match=r"alphas\[1\] == 0.0, must be > 0.0"):
        RidgeCV(alphas=[1.0, 0.0]).fit(X, y)
    with pytest.raises(ValueError, match="incompatible"):
        RidgeCV(cv=3, store_cv_results=True).fit(X, y)


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("solver", ["auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag"])
@pytest.mark.parametrize("class_weight", [None, "balanced"])
def test_ridge_classifier_matches_sklearn(n_classes, solver, class_weight):
    rng = np.random.default_rng(n_classes)
    X, _, _, sw = _data(40, 6, seed=n_classes)
    labels = np.array(["ant", "bee", "cat"])[:n_classes]
    y = labels[rng.integers(0, n_classes, size=40)]
    kwargs = {"alpha": 0.7, "solver": solver, "class_weight": class_weight, "tol": 1e-12,
              "max_iter": 100_000}
    ours = RidgeClassifier(**kwargs).fit(X, y, sample_weight=sw)
    ref = sk.RidgeClassifier(**kwargs).fit(X, y, sample_weight=sw)
    _assert_same(ours, ref, ["coef_", "intercept_"], rtol=1e-7)
    np.testing.assert_array_equal(ours.classes_, ref.classes_)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), rtol=1e-7,
                               atol=1e-9)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    if solver in ("auto", "sparse_cg", "lsqr", "sag"):
        Xs = sparse.csr_matrix(X)
        ours = RidgeClassifier(**kwargs).fit(Xs, y, sample_weight=sw)
        _assert_same(ours, ref, ["coef_", "intercept_"], rtol=1e-7)


def test_ridge_classifier_multilabel():
    rng = np.random.default_rng(0)
    X, _, _, _ = _data(30, 5)
    Y = (rng.uniform(size=(30, 3)) > 0.5).astype(int)
    ours, ref = RidgeClassifier().fit(X, Y), sk.RidgeClassifier().fit(X, Y)
    _assert_same(ours, ref, ["coef_", "intercept_"])
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("scoring", [None, "accuracy"])
@pytest.mark.parametrize("cv", [None, 3])
@pytest.mark.parametrize("sparse_X", [False, True])
def test_ridge_classifier_cv_matches_sklearn(n_classes, scoring, cv, sparse_X):
    rng = np.random.default_rng(7)
    X, _, _, _ = _data(36, 6, seed=7)
    y = rng.integers(0, n_classes, size=36)
    X = sparse.csr_matrix(X) if sparse_X else X
    kwargs = {"alphas": ALPHAS, "scoring": scoring, "cv": cv, "class_weight": "balanced"}
    ours = RidgeClassifierCV(**kwargs).fit(X, y)
    ref = sk.RidgeClassifierCV(**kwargs).fit(X, y)
    _assert_same(ours, ref, ["coef_", "intercept_", "alpha_", "best_score_"], rtol=1e-7)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
