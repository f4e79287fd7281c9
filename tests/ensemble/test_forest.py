"""Random forests and bagging draw scikit-learn's bootstrap samples from the same seed."""

import os
import warnings

import numpy as np
import pytest
from sklearn import ensemble as sk_ensemble
from sklearn import tree as sk_tree

from syllabus import io
from syllabus.ensemble import (
    BaggingClassifier,
    BaggingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from syllabus.neighbors import KNeighborsClassifier
from syllabus.tree import DecisionTreeRegressor


def _data(seed, n=300, d=6):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = (X[:, 0] + X[:, 1] ** 2 + 0.5 * rng.standard_normal(n) > 1).astype(int)
    y[X[:, 2] > 1.2] = 2
    target = X[:, 0] + np.sin(2 * X[:, 1]) + 0.2 * rng.standard_normal(n)
    return X, y, target, rng.standard_normal((150, d))


def _same_trees(ours, ref):
    for a, b in zip(ours.estimators_, ref.estimators_, strict=True):
        np.testing.assert_array_equal(a.tree_.feature, b.tree_.feature)
        np.testing.assert_array_equal(a.tree_.threshold, b.tree_.threshold)
        np.testing.assert_allclose(a.tree_.value, b.tree_.value, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("params", [
    {"n_estimators": 12, "random_state": 0},
    {"n_estimators": 15, "random_state": 1, "oob_score": True, "criterion": "entropy"},
    {"n_estimators": 6, "random_state": 2, "max_samples": 0.5, "class_weight": "balanced",
     "max_features": 3},
    {"n_estimators": 4, "random_state": 3, "bootstrap": False, "max_features": 0.5},
])
def test_random_forest_classifier_equals_sklearn(params):
    X, y, _, Q = _data(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # too few trees for every OOB sample
        ours = RandomForestClassifier(**params).fit(X, y)
        ref = sk_ensemble.RandomForestClassifier(**params).fit(X, y)
    _same_trees(ours, ref)
    np.testing.assert_allclose(ours.predict_proba(Q), ref.predict_proba(Q), rtol=1e-12)
    np.testing.assert_array_equal(ours.predict(Q), ref.predict(Q))
    np.testing.assert_allclose(ours.feature_importances_, ref.feature_importances_, rtol=1e-9)
    if params.get("oob_score"):
        assert ours.oob_score_ == ref.oob_score_
        np.testing.assert_allclose(ours.oob_decision_function_, ref.oob_decision_function_,
                                   rtol=1e-12)


def test_random_forest_regressor_equals_sklearn():
    # depth-limited: in nodes of a few samples two features can give the same partition,
    # and which of the equal scores wins then depends on floating-point summation order
    X, _, target, Q = _data(1)
    w = np.random.default_rng(2).uniform(0.5, 2.0, len(X))
    for params, sw in [({"max_depth": 3, "oob_score": True}, None),
                       ({"max_depth": 3, "max_features": "sqrt"}, w)]:
        ours = RandomForestRegressor(n_estimators=10, random_state=4, **params).fit(X, target, sw)
        ref = sk_ensemble.RandomForestRegressor(n_estimators=10, random_state=4, **params).fit(
            X, target, sw)
        _same_trees(ours, ref)
        np.testing.assert_allclose(ours.predict(Q), ref.predict(Q), rtol=1e-12)
        if params.get("oob_score"):
            assert ours.oob_score_ == pytest.approx(ref.oob_score_, rel=1e-12)


def test_parallel_forest_equals_sequential():
    X, y, _, Q = _data(5)
    one = RandomForestClassifier(n_estimators=8, random_state=0).fit(X, y)
    two = RandomForestClassifier(n_estimators=8, random_state=0, n_jobs=2).fit(X, y)
    np.testing.assert_array_equal(one.predict_proba(Q), two.predict_proba(Q))


@pytest.mark.parametrize("params", [
    {"random_state": 0},
    {"random_state": 3, "oob_score": True, "n_estimators": 20},
    {"random_state": 3, "max_samples": 0.5, "bootstrap": False},
])
def test_bagging_equals_sklearn(params):
    X, y, target, Q = _data(6)
    ours = BaggingClassifier(**params).fit(X, y)
    ref = sk_ensemble.BaggingClassifier(**params).fit(X, y)
    np.testing.assert_allclose(ours.predict_proba(Q), ref.predict_proba(Q), rtol=1e-12)
    if params.get("oob_score"):
        assert ours.oob_score_ == ref.oob_score_
        np.testing.assert_allclose(ours.oob_decision_function_, ref.oob_decision_function_)
    ours = BaggingRegressor(DecisionTreeRegressor(max_depth=3), **params).fit(X, target)
    ref = sk_ensemble.BaggingRegressor(sk_tree.DecisionTreeRegressor(max_depth=3), **params).fit(
        X, target)
    np.testing.assert_allclose(ours.predict(Q), ref.predict(Q), rtol=1e-12)
    if params.get("oob_score"):
        assert ours.oob_score_ == pytest.approx(ref.oob_score_, rel=1e-12)


def test_bagging_an_estimator_without_sample_weight():
    X, y, _, Q = _data(7)
    ours = BaggingClassifier(KNeighborsClassifier(3), n_estimators=5, random_state=0).fit(X, y)
    from sklearn.neighbors import KNeighborsClassifier as SkKNN

    ref = sk_ensemble.BaggingClassifier(SkKNN(3), n_estimators=5, random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.predict_proba(Q), ref.predict_proba(Q), rtol=1e-12)


def test_save_load_and_bad_input(tmp_path):
    X, y, target, Q = _data(8)
    path = os.path.join(tmp_path, "forest.safetensors")
    forest = RandomForestClassifier(n_estimators=5, random_state=0).fit(X, y)
    io.save(forest, path)
    np.testing.assert_array_equal(io.load(path).predict_proba(Q), forest.predict_proba(Q))
    bag = BaggingRegressor(n_estimators=3, random_state=0).fit(X, target)
    io.save(bag, path)
    np.testing.assert_array_equal(io.load(path).predict(Q), bag.predict(Q))
    with pytest.raises(ValueError, match="at least 2 classes"):
        RandomForestClassifier().fit(X, np.ones(len(X)))
    with pytest.raises(ValueError, match="bootstrap"):
        RandomForestClassifier(bootstrap=False, oob_score=True).fit(X, y)
    with pytest.raises(ValueError, match="n_estimators"):
        RandomForestRegressor(n_estimators=0).fit(X, target)
    with pytest.raises(ValueError, match="NaN"):
        forest.predict(np.full((1, X.shape[1]), np.nan))
