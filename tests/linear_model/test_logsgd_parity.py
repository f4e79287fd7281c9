"""SGD / Perceptron / LogisticRegression against scikit-learn: sparse X, the full parameter sets."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import linear_model as sk

from syllabus.linear_model import LogisticRegression, Perceptron, SGDClassifier, SGDRegressor


def _data(seed=0, n=120, d=5):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, d)
    X[rng.rand(n, d) < 0.4] = 0.0  # some structural zeros for the sparse runs
    y2 = (X[:, 0] + 0.5 * rng.randn(n) > 0).astype(int)
    y3 = np.digitize(X[:, 1] + 0.3 * rng.randn(n), [-0.4, 0.4])
    yr = X @ rng.randn(d) + 0.1 * rng.randn(n)
    return X, y2, y3, yr


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("params", [
    {}, {"loss": "log_loss"}, {"penalty": "elasticnet", "l1_ratio": 0.3},
    {"penalty": "l1", "average": True}, {"early_stopping": True, "tol": 1e-3},
    {"class_weight": "balanced", "loss": "modified_huber"}, {"loss": "squared_hinge"},
    {"learning_rate": "invscaling", "eta0": 0.1, "average": 7}, {"loss": "huber"},
    {"learning_rate": "pa1"}, {"loss": "perceptron", "penalty": None},
])
def test_sgd_classifier_equals_sklearn(params, sparse):
    X, y2, y3, _ = _data()
    Xf = sp.csr_matrix(X) if sparse else X
    for y in (y2, y3):
        ours = SGDClassifier(random_state=3, max_iter=15, **params)
        theirs = sk.SGDClassifier(random_state=3, max_iter=15, **params)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ours.fit(Xf, y)
            theirs.fit(Xf, y)
        np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-10, atol=1e-12)
        assert ours.n_iter_ == theirs.n_iter_ and ours.t_ == theirs.t_
        np.testing.assert_array_equal(ours.predict(Xf), theirs.predict(Xf))


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("params", [
    {}, {"loss": "huber", "epsilon": 0.2}, {"loss": "epsilon_insensitive", "penalty": "elasticnet"},
    {"loss": "squared_epsilon_insensitive", "average": 5}, {"early_stopping": True},
    {"learning_rate": "adaptive"}, {"penalty": "l1", "alpha": 0.01},
])
def test_sgd_regressor_equals_sklearn(params, sparse):
    X, _, _, yr = _data(1)
    Xf = sp.csr_matrix(X) if sparse else X
    sw = np.random.RandomState(2).uniform(0.5, 2.0, len(yr))
    ours = SGDRegressor(random_state=4, **params).fit(Xf, yr, sample_weight=sw)
    theirs = sk.SGDRegressor(random_state=4, **params).fit(Xf, yr, sample_weight=sw)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-10, atol=1e-12)
    assert ours.n_iter_ == theirs.n_iter_


def test_sgd_partial_fit_warm_start_init_and_float32():
    X, y2, y3, yr = _data(2)
    ours, theirs = SGDClassifier(random_state=0), sk.SGDClassifier(random_state=0)
    for start in (0, 60):
        ours.partial_fit(X[start:start + 60], y3[start:start + 60], classes=np.unique(y3))
        theirs.partial_fit(X[start:start + 60], y3[start:start + 60], classes=np.unique(y3))
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-10)
    coef0, b0 = np.ones((1, X.shape[1])), np.array([0.5])
    a = SGDClassifier(random_state=1, max_iter=5, tol=None).fit(X, y2, coef_init=coef0, intercept_init=b0)
    b = sk.SGDClassifier(random_state=1, max_iter=5, tol=None).fit(X, y2, coef_init=coef0, intercept_init=b0)
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-10)
    a = SGDRegressor(warm_start=True, random_state=0, max_iter=3, tol=None).fit(X, yr).fit(X, yr)
    b = sk.SGDRegressor(warm_start=True, random_state=0, max_iter=3, tol=None).fit(X, yr).fit(X, yr)
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-10)
    X32 = X.astype(np.float32)
    a = SGDRegressor(random_state=0).fit(X32, yr)
    b = sk.SGDRegressor(random_state=0).fit(X32, yr)
    assert a.coef_.dtype == b.coef_.dtype == np.float32
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-5)


def test_perceptron_penalised_and_sparse_equals_sklearn():
    X, _, y3, _ = _data(3)
    for params in ({}, {"penalty": "l1", "alpha": 0.01}, {"class_weight": "balanced"}):
        a = Perceptron(**params).fit(sp.csr_matrix(X), y3)
        b = sk.Perceptron(**params).fit(sp.csr_matrix(X), y3)
        np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-12)
        assert a.n_iter_ == b.n_iter_


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("params", [
    {}, {"l1_ratio": 1.0, "solver": "saga"}, {"l1_ratio": 0.5, "solver": "saga", "C": 0.3},
    {"l1_ratio": 1.0, "solver": "liblinear"}, {"solver": "liblinear", "intercept_scaling": 2.0},
    {"class_weight": "balanced"}, {"C": np.inf}, {"solver": "newton-cholesky"},
    {"solver": "newton-cg", "fit_intercept": False},
])
def test_logistic_regression_equals_sklearn(params, sparse):
    X, y2, y3, _ = _data(4, n=150)
    Xf = sp.csr_matrix(X) if sparse else X
    for y in (y2, y3):
        if params.get("solver") == "liblinear" and y is y3:
            continue
        kw = dict(params, tol=1e-10, max_iter=20000)
        ours = LogisticRegression(**kw).fit(Xf, y)
        theirs = sk.LogisticRegression(**kw).fit(Xf, y)
        # scikit-learn's own solvers agree with each other to ~1e-6 at this tol
        np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=5e-6)
        np.testing.assert_allclose(ours.intercept_, theirs.intercept_, atol=5e-6)
        np.testing.assert_allclose(ours.predict_proba(Xf), theirs.predict_proba(Xf), atol=1e-6)


def test_logistic_warm_start_l1_sparsity_and_float32():
    X, y2, _, _ = _data(5, n=150)
    clf = LogisticRegression(l1_ratio=1.0, solver="saga", C=0.05, tol=1e-10, max_iter=20000).fit(X, y2)
    ref = sk.LogisticRegression(l1_ratio=1.0, solver="saga", C=0.05, tol=1e-10, max_iter=20000).fit(X, y2)
    np.testing.assert_array_equal(clf.coef_ == 0, ref.coef_ == 0)
    warm = LogisticRegression(warm_start=True, max_iter=1, tol=1e-10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first = warm.fit(X, y2).coef_.copy()
        second = warm.fit(X, y2).coef_
    assert np.abs(second - first).max() > 0  # continued from the previous solution
    a = LogisticRegression().fit(X.astype(np.float32), y2)
    b = sk.LogisticRegression().fit(X.astype(np.float32), y2)
    assert a.coef_.dtype == b.coef_.dtype == np.float32
    with pytest.warns(UserWarning, match="ignore the C"):
        LogisticRegression(penalty=None, C=2.0).fit(X, y2)
    with pytest.raises(ValueError, match="elasticnet"):
        LogisticRegression(l1_ratio=0.5).fit(X, y2)


@pytest.mark.parametrize("solver, rtol", [("liblinear", 1e-6), ("lbfgs", 1e-3)])
def test_float32_coefficient_dtype_follows_scikit_learn(solver, rtol):
    # liblinear works in float64 (float64 coefficients); the other solvers keep float32,
    # where float32 arithmetic limits the agreement of two L-BFGS runs to about 1e-4.
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression

    from syllabus.linear_model import LogisticRegression

    rng = np.random.default_rng(7)
    X = rng.normal(size=(60, 3)).astype(np.float32)
    y = (X[:, 0] + 0.3 * rng.normal(size=60) > 0).astype(int)
    ours = LogisticRegression(solver=solver, tol=1e-10).fit(X, y)
    theirs = SkLogisticRegression(solver=solver, tol=1e-10, max_iter=10_000).fit(X, y)
    assert ours.coef_.dtype == theirs.coef_.dtype
    assert ours.intercept_.dtype == theirs.intercept_.dtype
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=rtol)
