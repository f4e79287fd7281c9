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
    ExtraTreesClassifier,
    ExtraTreesRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from syllabus.exceptions import DataConversionWarning
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
    # NaN is a missing value (as in scikit-learn >= 1.4); infinity is refused
    with pytest.raises(ValueError, match="infinity"):
        forest.predict(np.full((1, X.shape[1]), np.inf))


# -- extremely randomised trees, several outputs, warm starts --------------------------------

_FORESTS = {"RandomForestClassifier": (RandomForestClassifier, sk_ensemble.RandomForestClassifier),
            "ExtraTreesClassifier": (ExtraTreesClassifier, sk_ensemble.ExtraTreesClassifier),
            "RandomForestRegressor": (RandomForestRegressor, sk_ensemble.RandomForestRegressor),
            "ExtraTreesRegressor": (ExtraTreesRegressor, sk_ensemble.ExtraTreesRegressor)}


def _fit_both(name, X, y, sample_weight=None, **params):
    ours_cls, ref_cls = _FORESTS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # too few trees for every OOB sample
        ours = ours_cls(**params).fit(X, y, sample_weight)
        ref = ref_cls(**params).fit(X, y, sample_weight)
    return ours, ref


@pytest.mark.parametrize("params", [
    {"n_estimators": 8, "random_state": 0},
    {"n_estimators": 8, "random_state": 1, "bootstrap": True, "oob_score": True},
    {"n_estimators": 5, "random_state": 2, "max_features": 2, "max_depth": 4,
     "criterion": "entropy", "min_samples_leaf": 3},
    {"n_estimators": 5, "random_state": 3, "bootstrap": True, "max_samples": 0.6,
     "class_weight": "balanced"},
])
def test_extra_trees_classifier_equals_sklearn(params):
    # one random threshold per candidate feature, drawn as scikit-learn draws it: the same
    # trees from the same random_state (continuous data: no ties between values)
    X, y, _, Q = _data(10)
    ours, ref = _fit_both("ExtraTreesClassifier", X, y, **params)
    _same_trees(ours, ref)
    assert all(t.splitter == "random" for t in ours.estimators_)
    np.testing.assert_allclose(ours.predict_proba(Q), ref.predict_proba(Q), rtol=1e-12)
    np.testing.assert_array_equal(ours.predict(Q), ref.predict(Q))
    np.testing.assert_allclose(ours.feature_importances_, ref.feature_importances_, rtol=1e-9)
    if params.get("oob_score"):
        assert ours.oob_score_ == ref.oob_score_
        np.testing.assert_allclose(ours.oob_decision_function_, ref.oob_decision_function_,
                                   rtol=1e-12)


@pytest.mark.parametrize("params", [
    {"n_estimators": 6, "random_state": 0},
    {"n_estimators": 6, "random_state": 4, "bootstrap": True, "oob_score": True,
     "max_features": 0.5},
    {"n_estimators": 4, "random_state": 5, "max_leaf_nodes": 7, "min_weight_fraction_leaf": 0.02},
])
def test_extra_trees_regressor_equals_sklearn(params):
    X, _, target, Q = _data(11)
    w = np.random.default_rng(12).uniform(0.5, 2.0, len(X))
    ours, ref = _fit_both("ExtraTreesRegressor", X, target, w, **params)
    _same_trees(ours, ref)
    np.testing.assert_allclose(ours.predict(Q), ref.predict(Q), rtol=1e-12)
    if params.get("oob_score"):
        assert ours.oob_score_ == pytest.approx(ref.oob_score_, rel=1e-12)
        np.testing.assert_allclose(ours.oob_prediction_, ref.oob_prediction_, rtol=1e-12)


def test_extra_trees_defaults_are_sklearn_s():
    assert ExtraTreesClassifier().bootstrap is False
    assert ExtraTreesRegressor().max_features == 1.0
    X, y, target, _ = _data(13, n=60)
    with pytest.raises(ValueError, match="only available if bootstrap=True"):
        ExtraTreesClassifier(oob_score=True).fit(X, y)


@pytest.mark.parametrize("name", ["RandomForestClassifier", "ExtraTreesClassifier"])
def test_multi_output_classification_equals_sklearn(name):
    # one tree for all outputs; probabilities are a list, one (n, n_classes_k) per output
    X, y, _, Q = _data(14)
    labels = np.array(["low", "high"])[(X[:, 3] > 0).astype(int)]
    Y = np.column_stack([y.astype(str), labels])  # 3 and 2 classes, string labels
    ours, ref = _fit_both(name, X, Y, n_estimators=6, random_state=0, bootstrap=True)
    _same_trees(ours, ref)
    assert ours.n_outputs_ == 2 and ours.n_classes_ == [3, 2]
    for a, b in zip(ours.classes_, ref.classes_, strict=True):
        np.testing.assert_array_equal(a, b)
    proba, ref_proba = ours.predict_proba(Q), ref.predict_proba(Q)
    assert isinstance(proba, list) and len(proba) == 2
    for a, b in zip(proba, ref_proba, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    for a, b in zip(ours.predict_log_proba(Q), ref.predict_log_proba(Q), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    np.testing.assert_array_equal(ours.predict(Q), ref.predict(Q))


def test_multi_output_oob_and_class_weights_equal_sklearn():
    # multilabel targets have out-of-bag estimates: (n_samples, n_classes, n_outputs)
    X, y, _, Q = _data(15)
    Y = np.column_stack([y > 0, X[:, 3] > 0, X[:, 4] + X[:, 5] > 0.5]).astype(int)
    for class_weight in [[{0: 1.0, 1: 2.0}, {0: 1, 1: 3}, {1: 2.0}], "balanced",
                         "balanced_subsample"]:
        ours, ref = _fit_both("RandomForestClassifier", X, Y, n_estimators=10, random_state=1,
                              oob_score=True, class_weight=class_weight)
        _same_trees(ours, ref)
        assert ours.oob_decision_function_.shape == (len(X), 2, 3)
        np.testing.assert_allclose(ours.oob_decision_function_, ref.oob_decision_function_,
                                   rtol=1e-12)
        assert ours.oob_score_ == ref.oob_score_
    with pytest.raises(ValueError, match="cannot be used to compute OOB"):
        RandomForestClassifier(n_estimators=3, oob_score=True).fit(
            X, np.column_stack([y, y]))  # multiclass-multioutput
    with pytest.raises(ValueError, match="list of dicts"):
        RandomForestClassifier(n_estimators=3, class_weight={0: 1.0}).fit(X, Y)


@pytest.mark.parametrize("name", ["RandomForestRegressor", "ExtraTreesRegressor"])
def test_multi_output_regression_equals_sklearn(name):
    # the outputs share each split: the mean of their variance decreases
    X, _, target, Q = _data(16)
    Y = np.column_stack([target, X[:, 2] ** 2, -target])
    ours, ref = _fit_both(name, X, Y, n_estimators=6, random_state=2, max_depth=5,
                          bootstrap=True, oob_score=True)
    _same_trees(ours, ref)
    assert ours.predict(Q).shape == (len(Q), 3)
    np.testing.assert_allclose(ours.predict(Q), ref.predict(Q), rtol=1e-12)
    np.testing.assert_allclose(ours.oob_prediction_, ref.oob_prediction_, rtol=1e-12)
    assert ours.oob_score_ == pytest.approx(ref.oob_score_, rel=1e-12)
    with pytest.warns(DataConversionWarning, match="column-vector"):
        one = RandomForestRegressor(n_estimators=2, random_state=0).fit(X, target[:, None])
    assert one.predict(Q).shape == (len(Q),)


@pytest.mark.parametrize("name", list(_FORESTS))
def test_warm_start_continues_the_sequence(name):
    # 4 trees, then 6 more: the forest of 10 (the skipped seeds are those of the 4 trees)
    X, y, target, Q = _data(17)
    yy = y if "Classifier" in name else target
    ours_cls, ref_cls = _FORESTS[name]
    grown = ours_cls(n_estimators=4, random_state=3, warm_start=True, max_depth=6).fit(X, yy)
    first = grown.estimators_[:]
    grown.set_params(n_estimators=10).fit(X, yy)
    assert grown.estimators_[:4] == first  # kept, not refitted
    whole = ours_cls(n_estimators=10, random_state=3, max_depth=6).fit(X, yy)
    ref = ref_cls(n_estimators=10, random_state=3, max_depth=6).fit(X, yy)
    _same_trees(grown, whole)
    _same_trees(grown, ref)
    with pytest.warns(UserWarning, match="without increasing n_estimators"):
        grown.fit(X, yy)
    assert len(grown.estimators_) == 10
    with pytest.raises(ValueError, match="must be larger or equal"):
        grown.set_params(n_estimators=5).fit(X, yy)
    cold = ours_cls(n_estimators=4, random_state=3, max_depth=6).fit(X, yy)
    cold.set_params(n_estimators=5).fit(X, yy)  # without warm_start: a new forest
    _same_trees(cold, ref_cls(n_estimators=5, random_state=3, max_depth=6).fit(X, yy))


def test_oob_score_callable_and_estimators_samples_equal_sklearn():
    from sklearn.metrics import balanced_accuracy_score, mean_absolute_error

    X, y, target, _ = _data(18)
    w = np.random.default_rng(19).uniform(0.2, 3.0, len(X))
    ours, ref = _fit_both("RandomForestClassifier", X, y, w, n_estimators=12, random_state=0,
                          oob_score=balanced_accuracy_score, max_samples=0.7)
    assert ours.oob_score_ == pytest.approx(balanced_accuracy_score(
        y, np.argmax(ours.oob_decision_function_, axis=1)), rel=1e-12)
    assert ours.oob_score_ == pytest.approx(ref.oob_score_, rel=1e-12)
    for a, b in zip(ours.estimators_samples_, ref.estimators_samples_, strict=True):
        np.testing.assert_array_equal(a, b)
    ours, ref = _fit_both("ExtraTreesRegressor", X, target, n_estimators=12, random_state=0,
                          bootstrap=True, oob_score=mean_absolute_error)
    assert ours.oob_score_ == pytest.approx(mean_absolute_error(target, ours.oob_prediction_))
    assert ours.oob_score_ == pytest.approx(ref.oob_score_, rel=1e-12)
    ours, _ = _fit_both("ExtraTreesRegressor", X, target, n_estimators=2, random_state=0)
    assert all(np.array_equal(s, np.arange(len(X))) for s in ours.estimators_samples_)


def test_decision_path_and_apply_equal_sklearn():
    X, y, _, Q = _data(20)
    ours, ref = _fit_both("RandomForestClassifier", X, y, n_estimators=4, random_state=0)
    indicator, ptr = ours.decision_path(Q)
    ref_indicator, ref_ptr = ref.decision_path(Q)
    np.testing.assert_array_equal(ptr, ref_ptr)
    np.testing.assert_array_equal(indicator.toarray(), ref_indicator.toarray())
    np.testing.assert_array_equal(ours.apply(Q), ref.apply(Q))


def test_regressor_criteria_pass_through_to_the_trees():
    # absolute error: each leaf predicts the (weighted) median of its bootstrap sample
    X, _, target, Q = _data(21, n=80)
    ours, ref = _fit_both("RandomForestRegressor", X, target, n_estimators=4, random_state=0,
                          criterion="absolute_error", max_depth=3)
    _same_trees(ours, ref)
    assert all(t.criterion == "absolute_error" for t in ours.estimators_)
    # several outputs: the trees' summed absolute errors, one median per output
    Y = np.column_stack([target, np.round(X[:, 2]), np.abs(X[:, 3])])
    for name in ("RandomForestRegressor", "ExtraTreesRegressor"):
        ours, ref = _fit_both(name, X, Y, n_estimators=3, random_state=1,
                              criterion="absolute_error", max_depth=4)
        _same_trees(ours, ref)
        np.testing.assert_allclose(ours.predict(Q), ref.predict(Q), rtol=1e-12)
    with pytest.raises(ValueError, match="criterion"):
        RandomForestRegressor(criterion="gini").fit(X, target)
