"""Gradient boosting against scikit-learn: same trees, same line searches, same predictions.

The trees accumulate their sums in scikit-learn's order and the gradients and line searches
round as scikit-learn's do, so full-depth leaves (where two features often induce the same
partition and rounding decides between equal scores) agree too, stage after stage.
"""

import os

import numpy as np
import pytest
from sklearn import ensemble as sk_ensemble

from syllabus import io
from syllabus.ensemble import GradientBoostingClassifier, GradientBoostingRegressor


def _data(seed, n=400, d=5):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    target = X[:, 0] + np.sin(2 * X[:, 1]) + 0.2 * rng.standard_normal(n)
    y = (X[:, 0] + X[:, 1] ** 2 > 1).astype(int)
    return X, target, y, y + (X[:, 2] > 1), rng.standard_normal((200, d))


@pytest.mark.parametrize("params", [
    {"min_samples_leaf": 5},
    {"loss": "absolute_error", "min_samples_leaf": 5},
    {"subsample": 0.7, "min_samples_leaf": 5, "learning_rate": 0.3},
    {"loss": "absolute_error", "subsample": 0.5, "learning_rate": 0.3, "max_depth": 2},
    {"max_leaf_nodes": 6, "n_estimators": 30, "min_samples_leaf": 5},
])
def test_regressor_equals_sklearn(params):
    X, target, _, _, Q = _data(0)
    kw = {"random_state": 1, **params}
    ours = GradientBoostingRegressor(**kw).fit(X, target)
    ref = sk_ensemble.GradientBoostingRegressor(**kw).fit(X, target)
    np.testing.assert_allclose(ours.predict(Q), ref.predict(Q), rtol=1e-10, atol=1e-12)
    for a, b in zip(ours.staged_predict(Q), ref.staged_predict(Q), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.feature_importances_, ref.feature_importances_, rtol=1e-8)


@pytest.mark.parametrize("seed", range(3))
def test_many_stages_with_small_leaves_equal_sklearn(seed):
    # 150-200 stages of trees with leaves of one sample: one differently rounded bit in a
    # stage would change later trees (near-tied splits) and drift the predictions
    X, target, y2, y3, Q = _data(seed)
    for kw in [{"n_estimators": 200}, {"n_estimators": 150, "subsample": 0.7, "max_depth": 5},
               {"n_estimators": 150, "loss": "absolute_error"}]:
        ours = GradientBoostingRegressor(random_state=seed, **kw).fit(X, target)
        ref = sk_ensemble.GradientBoostingRegressor(random_state=seed, **kw).fit(X, target)
        for a, b in zip(ours.staged_predict(Q), ref.staged_predict(Q), strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    for y in (y2, y3):
        ours = GradientBoostingClassifier(random_state=seed, n_estimators=120).fit(X, y)
        ref = sk_ensemble.GradientBoostingClassifier(random_state=seed, n_estimators=120).fit(X, y)
        for a, b in zip(ours._raw_stages(Q), ref.staged_decision_function(Q), strict=True):
            np.testing.assert_allclose(a.reshape(b.shape), b, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("multiclass", [False, True])
@pytest.mark.parametrize("params", [
    {"min_samples_leaf": 5},
    {"subsample": 0.7, "max_depth": 2, "min_samples_leaf": 5, "learning_rate": 0.5},
])
def test_classifier_equals_sklearn(multiclass, params):
    X, _, y2, y3, Q = _data(1)
    y = y3 if multiclass else y2
    kw = {"random_state": 2, "n_estimators": 50, **params}
    ours = GradientBoostingClassifier(**kw).fit(X, y)
    ref = sk_ensemble.GradientBoostingClassifier(**kw).fit(X, y)
    np.testing.assert_allclose(ours.decision_function(Q), ref.decision_function(Q),
                               rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.predict_proba(Q), ref.predict_proba(Q), rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(ours.predict(Q), ref.predict(Q))
    staged = list(ours.staged_predict_proba(Q))
    assert len(staged) == 50
    np.testing.assert_allclose(staged[9], list(ref.staged_predict_proba(Q))[9], rtol=1e-10, atol=1e-12)


def test_weighted_fit_equals_sklearn():
    X, target, _, _, Q = _data(3)
    w = np.random.default_rng(4).uniform(0.2, 3.0, len(X))
    # (absolute error with real weights is left out: its trees fit +-1 gradients, and
    # whether a pure node's impurity rounds to 0 or to 1e-16 decides if it is split)
    ours = GradientBoostingRegressor(min_samples_leaf=5, random_state=0).fit(X, target, w)
    ref = sk_ensemble.GradientBoostingRegressor(min_samples_leaf=5, random_state=0).fit(
        X, target, sample_weight=w)
    np.testing.assert_allclose(ours.predict(Q), ref.predict(Q), rtol=1e-10, atol=1e-12)


def test_save_load_and_bad_input(tmp_path):
    X, target, y, _, Q = _data(5)
    path = os.path.join(tmp_path, "gb.safetensors")
    gb = GradientBoostingClassifier(n_estimators=10).fit(X, y)
    io.save(gb, path)
    np.testing.assert_array_equal(io.load(path).predict_proba(Q), gb.predict_proba(Q))
    with pytest.raises(ValueError, match="a minimum of 2 classes"):
        GradientBoostingClassifier().fit(X, np.zeros(len(X)))
    with pytest.raises(ValueError, match="loss"):
        GradientBoostingRegressor(loss="poisson").fit(X, target)
    with pytest.raises(ValueError, match="subsample"):
        GradientBoostingRegressor(subsample=0.0).fit(X, target)
    with pytest.raises(ValueError, match="max_depth"):
        GradientBoostingRegressor(max_depth=0).fit(X, target)
