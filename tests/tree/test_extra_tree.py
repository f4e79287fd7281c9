"""ExtraTreeClassifier / ExtraTreeRegressor against scikit-learn's."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import tree as sk_tree

from syllabus.tree import ExtraTreeClassifier, ExtraTreeRegressor

from .test_tree import _classification, _regression, assert_same_tree


@pytest.mark.parametrize("params", [{}, {"max_depth": 4}, {"max_features": None},
                                    {"criterion": "entropy", "max_leaf_nodes": 12},
                                    {"splitter": "best"}])
def test_extra_tree_classifier_equals_sklearn(params):
    X, y = _classification(5, d=9)
    ours = ExtraTreeClassifier(random_state=4, **params).fit(X, y)
    ref = sk_tree.ExtraTreeClassifier(random_state=4, **params).fit(X, y)
    assert ours.max_features_ == ref.max_features_
    assert_same_tree(ours, ref)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-12)


@pytest.mark.parametrize("params", [{}, {"max_depth": 5}, {"max_features": "sqrt"},
                                    {"criterion": "poisson", "max_depth": 4}])
def test_extra_tree_regressor_equals_sklearn(params):
    X, y = _regression(6, d=7)
    y = np.exp(y / 3) if params.get("criterion") == "poisson" else y
    ours = ExtraTreeRegressor(random_state=2, **params).fit(X, y)
    ref = sk_tree.ExtraTreeRegressor(random_state=2, **params).fit(X, y)
    assert_same_tree(ours, ref)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-12)


def test_extra_trees_take_sparse_and_missing_values_as_sklearn():
    X, y = _classification(7, d=8)
    X = X * (np.abs(X) > 0.8)
    ours = ExtraTreeClassifier(random_state=0).fit(sp.csc_matrix(X), y)
    ref = sk_tree.ExtraTreeClassifier(random_state=0).fit(sp.csc_matrix(X), y)
    assert_same_tree(ours, ref)
    X_missing = X.copy()
    X_missing[np.random.default_rng(0).random(X.shape) < 0.1] = np.nan
    ours = ExtraTreeRegressor(random_state=0, max_depth=6).fit(X_missing, y.astype(float))
    ref = sk_tree.ExtraTreeRegressor(random_state=0, max_depth=6).fit(X_missing, y.astype(float))
    assert_same_tree(ours, ref)
    # the best splitter of an Extra-Tree does not take NaN (scikit-learn's rule)
    with pytest.raises(ValueError, match="NaN"):
        ExtraTreeClassifier(splitter="best").fit(X_missing, y)
