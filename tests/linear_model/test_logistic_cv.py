"""LogisticRegressionCV against scikit-learn: the path of every fold, the choice, the refit."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sparse
from sklearn import linear_model as sk

from syllabus.linear_model import LogisticRegressionCV

ATTRS = ["coef_", "intercept_", "C_", "l1_ratio_", "Cs_", "l1_ratios_", "coefs_paths_",
         "scores_"]


def _data(n_classes, n=80, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5))
    y = np.digitize(X[:, 0] + 0.5 * rng.normal(size=n), np.linspace(-0.5, 0.5, n_classes - 1))
    return X, y, rng.uniform(0.5, 2.0, size=n)


def _values(value):
    if isinstance(value, dict):
        return list(value), np.array(list(value.values()))
    return None, np.asarray(value)


def _assert_same(ours, ref, rtol):
    for attr in ATTRS:
        keys, got = _values(getattr(ours, attr))
        ref_keys, want = _values(getattr(ref, attr))
        assert keys == ref_keys, attr
        assert got.shape == want.shape, attr
        if want.dtype == object:  # l1_ratios_ = [None] without an elastic net
            assert got.tolist() == want.tolist(), attr
        else:
            np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol, err_msg=attr)
    assert np.shape(ours.n_iter_) == np.shape(ref.n_iter_)


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("kwargs", [
    {}, {"Cs": [0.1, 1.0, 10.0], "refit": False}, {"scoring": "neg_log_loss", "cv": 3},
    {"use_legacy_attributes": False, "Cs": 4}, {"class_weight": "balanced", "Cs": 3},
    {"fit_intercept": False, "Cs": 3, "solver": "newton-cholesky"},
])
def test_lbfgs_and_newton_paths_match_sklearn(n_classes, kwargs):
    X, y, _ = _data(n_classes)
    ours = LogisticRegressionCV(tol=1e-10, **kwargs).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        ref = sk.LogisticRegressionCV(tol=1e-10, **kwargs).fit(X, y)
    _assert_same(ours, ref, rtol=1e-5)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-6)


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("kwargs", [
    {"l1_ratios": [0.2, 0.8]}, {"l1_ratios": [1.0]},
    {"l1_ratios": np.array([0.2, 0.8]), "refit": False, "use_legacy_attributes": False},
])
def test_saga_elastic_net_paths_match_sklearn(n_classes, kwargs):
    X, y, _ = _data(n_classes, seed=1)
    params = {"solver": "saga", "Cs": [0.1, 1.0, 10.0], "max_iter": 20000, "tol": 1e-10, **kwargs}
    ours = LogisticRegressionCV(**params).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # scikit-learn 1.9 deprecations
        ref = sk.LogisticRegressionCV(**params).fit(X, y)
    _assert_same(ours, ref, rtol=1e-5)


@pytest.mark.parametrize("n_classes", [2, 3])
def test_sparse_and_weighted(n_classes):
    X, y, sw = _data(n_classes, seed=2)
    Xs = sparse.csr_matrix(np.where(np.abs(X) > 0.5, X, 0.0))
    kwargs = {"Cs": [0.1, 1.0, 10.0], "tol": 1e-10, "scoring": "accuracy"}
    ours = LogisticRegressionCV(**kwargs).fit(Xs, y, sample_weight=sw)
    ref = sk.LogisticRegressionCV(**kwargs).fit(Xs, y, sample_weight=sw)
    _assert_same(ours, ref, rtol=1e-5)
    assert ours.score(Xs, y, sample_weight=sw) == ref.score(Xs, y, sample_weight=sw)
    dense = LogisticRegressionCV(**kwargs).fit(X, y, sample_weight=sw)
    ref_dense = sk.LogisticRegressionCV(**kwargs).fit(X, y, sample_weight=sw)
    _assert_same(dense, ref_dense, rtol=1e-5)


def test_errors():
    X, y, _ = _data(2)
    with pytest.raises(ValueError, match="l1_ratios must be an array-like of numbers between"):
        LogisticRegressionCV(penalty="elasticnet", solver="saga", l1_ratios=[2.0]).fit(X, y)
    with pytest.raises(ValueError, match="only 'l2' or None penalties"):
        LogisticRegressionCV(l1_ratios=[1.0]).fit(X, y)
    with pytest.raises(ValueError, match="at least 2 classes"):
        LogisticRegressionCV().fit(X, np.zeros(len(y)))


def test_liblinear_refits_from_scratch():
    # liblinear does not warm-start (scikit-learn's path neither): the refit is exactly
    # LogisticRegression's fit at the chosen C, and the path matches scikit-learn's.
    from syllabus.linear_model import LogisticRegression

    X, y, _ = _data(2, seed=4)
    kwargs = {"Cs": [0.1, 1.0], "solver": "liblinear", "cv": 3, "scoring": "neg_log_loss",
              "tol": 1e-10}
    ours = LogisticRegressionCV(**kwargs).fit(X, y)
    single = LogisticRegression(C=ours.C_[0], solver="liblinear", tol=1e-10).fit(X, y)
    np.testing.assert_array_equal(ours.coef_, single.coef_)
    np.testing.assert_array_equal(ours.intercept_, single.intercept_)
    ref = sk.LogisticRegressionCV(**kwargs).fit(X, y)
    _assert_same(ours, ref, rtol=1e-5)
