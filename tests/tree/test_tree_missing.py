"""Missing values (NaN in X): the same trees and predictions as scikit-learn's."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import tree as sk_tree

from syllabus.tree import DecisionTreeClassifier, DecisionTreeRegressor

from .test_tree import assert_same_tree


def _with_missing(seed, n=300, d=6, rate=0.15):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y_class = (X[:, 0] + X[:, 1] > 0).astype(int) + (X[:, 2] > 0.5)
    y_reg = 2 * X[:, 0] + X[:, 3] + 0.1 * rng.standard_normal(n)
    X_missing = X.copy()
    X_missing[rng.random(X.shape) < rate] = np.nan
    X_missing[:, 4] = np.where(rng.random(n) < 0.5, np.nan, 1.0)  # constant where known
    return X, X_missing, y_class, y_reg


def assert_same_missing_sides(ours, ref):
    internal = ours.tree_.children_left != -1
    np.testing.assert_array_equal(ours.tree_.missing_go_to_left[internal],
                                  ref.tree_.missing_go_to_left[internal].astype(bool))


PARAMS = [{}, {"max_depth": 3}, {"max_features": 3}, {"max_leaf_nodes": 10},
          {"min_samples_leaf": 4}, {"splitter": "random"},
          {"splitter": "random", "max_features": 2, "max_depth": 5}]


@pytest.mark.parametrize("params", PARAMS)
@pytest.mark.parametrize("criterion", ["gini", "entropy"])
def test_classifier_with_missing_values_equals_sklearn(criterion, params):
    X, X_missing, y, _ = _with_missing(0)
    ours = DecisionTreeClassifier(criterion=criterion, random_state=1, **params).fit(X_missing, y)
    ref = sk_tree.DecisionTreeClassifier(criterion=criterion, random_state=1, **params).fit(
        X_missing, y)
    assert_same_tree(ours, ref)
    assert_same_missing_sides(ours, ref)
    for X_test in (X_missing, X):
        np.testing.assert_allclose(ours.predict_proba(X_test), ref.predict_proba(X_test),
                                   rtol=1e-12)


@pytest.mark.parametrize("params", [{"max_depth": 3}, {"max_depth": 3, "max_features": 3},
                                    {"max_leaf_nodes": 10},
                                    {"splitter": "random", "max_depth": 5}])
@pytest.mark.parametrize("criterion", ["squared_error", "absolute_error", "poisson"])
def test_regressor_with_missing_values_equals_sklearn(criterion, params):
    X, X_missing, _, y = _with_missing(1)
    y = np.abs(y) if criterion == "poisson" else y
    w = np.random.default_rng(1).uniform(0.5, 2.0, len(y))
    ours = DecisionTreeRegressor(criterion=criterion, random_state=2, **params).fit(
        X_missing, y, sample_weight=w)
    ref = sk_tree.DecisionTreeRegressor(criterion=criterion, random_state=2, **params).fit(
        X_missing, y, sample_weight=w)
    assert_same_tree(ours, ref)
    assert_same_missing_sides(ours, ref)
    for X_test in (X_missing, X):
        np.testing.assert_allclose(ours.predict(X_test), ref.predict(X_test), rtol=1e-12)


def test_missing_values_alone_on_one_side():
    # known values constant, the missing ones separate the classes: one split, threshold inf
    X = np.array([[0.0], [0.0], [0.0], [np.nan], [np.nan]])
    y = np.array([0, 0, 0, 1, 1])
    ours = DecisionTreeClassifier().fit(X, y)
    ref = sk_tree.DecisionTreeClassifier().fit(X, y)
    assert_same_tree(ours, ref)
    assert ours.tree_.node_count == 3 and ours.tree_.threshold[0] == np.inf
    np.testing.assert_array_equal(ours.predict(X), y)


def test_nan_only_at_predict_goes_to_the_larger_child():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((80, 2))
    y = (X[:, 0] > 0.7).astype(int)  # the left child (x0 <= t) holds most samples
    ours = DecisionTreeClassifier(max_depth=1).fit(X, y)
    ref = sk_tree.DecisionTreeClassifier(max_depth=1).fit(X, y)
    X_test = np.array([[np.nan, 0.0], [np.nan, 5.0]])
    np.testing.assert_array_equal(ours.predict(X_test), ref.predict(X_test))
    np.testing.assert_array_equal(ours.apply(X_test), [1, 1])
    assert ours.tree_.missing_go_to_left[0]


def test_infinity_is_rejected_and_sparse_nan_too():
    X, X_missing, y, _ = _with_missing(4, n=40)
    X_inf = X.copy()
    X_inf[3, 1] = np.inf
    with pytest.raises(ValueError, match="Input X contains infinity or a value too large"):
        DecisionTreeClassifier().fit(X_inf, y)
    clf = DecisionTreeClassifier().fit(X, y)
    with pytest.raises(ValueError, match="Input X contains infinity"):
        clf.predict(X_inf)
    with pytest.raises(ValueError, match="Input X contains NaN"):
        DecisionTreeClassifier().fit(sp.csr_matrix(X_missing), y)
