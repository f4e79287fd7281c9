"""Bagging's full parameter set draws scikit-learn's features and samples from the same seed."""

import warnings

import numpy as np
import pytest
from sklearn import ensemble as sk_ensemble
from sklearn import linear_model as sk_linear
from sklearn.utils.random import sample_without_replacement

from syllabus.ensemble import BaggingClassifier, BaggingRegressor
from syllabus.ensemble._bagging import _sample_without_replacement
from syllabus.linear_model import LogisticRegression
from syllabus.tree import DecisionTreeRegressor


def _data(seed, n=240, d=8):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = (X[:, 0] + X[:, 1] ** 2 + 0.5 * rng.standard_normal(n) > 1).astype(int)
    y[X[:, 2] > 1.2] = 2
    target = X[:, 0] + np.sin(2 * X[:, 1]) + X[:, 5] + 0.2 * rng.standard_normal(n)
    return X, y, target, rng.standard_normal((100, d))


@pytest.mark.parametrize(("n_population", "n_draw"), [
    (1000, 4), (1000, 10), (1000, 11), (1000, 500), (1000, 989), (1000, 990), (1000, 997),
    (1000, 1000), (9, 9), (60, 1), (3, 0)])
def test_sample_without_replacement_equals_sklearn(n_population, n_draw):
    # rejection of repeats (ratio <= 1%), a permutation's head, reservoir sampling (>= 99%)
    ours = _sample_without_replacement(n_population, n_draw, np.random.RandomState(7))
    ref = sample_without_replacement(n_population, n_draw, random_state=np.random.RandomState(7))
    np.testing.assert_array_equal(ours, ref)
    assert len(np.unique(ours)) == n_draw


def _same_draws(ours, ref):
    for a, b in zip(ours.estimators_features_, ref.estimators_features_, strict=True):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(ours.estimators_samples_, ref.estimators_samples_, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("params", [
    {"max_features": 3},
    {"max_features": 0.5, "bootstrap_features": True},
    {"bootstrap": False, "max_samples": 0.7, "max_features": 5},
    {"max_samples": 60, "bootstrap_features": True, "max_features": 8},
    {"oob_score": True, "max_features": 4, "n_estimators": 25},
    {"bootstrap": False, "max_features": 1.0, "max_samples": 240},  # everything: no draws
])
def test_random_patches_equal_sklearn(params):
    X, y, target, Q = _data(0)
    ours = BaggingClassifier(random_state=0, **params).fit(X, y)
    ref = sk_ensemble.BaggingClassifier(random_state=0, **params).fit(X, y)
    _same_draws(ours, ref)
    np.testing.assert_allclose(ours.predict_proba(Q), ref.predict_proba(Q), rtol=1e-12)
    np.testing.assert_array_equal(ours.predict(Q), ref.predict(Q))
    if params.get("oob_score"):
        assert ours.oob_score_ == ref.oob_score_
        np.testing.assert_allclose(ours.oob_decision_function_, ref.oob_decision_function_,
                                   rtol=1e-12)
    ours = BaggingRegressor(DecisionTreeRegressor(max_depth=4), random_state=1, **params).fit(
        X, target)
    ref = sk_ensemble.BaggingRegressor(random_state=1, **params,
                                       estimator=__import__("sklearn.tree").tree
                                       .DecisionTreeRegressor(max_depth=4)).fit(X, target)
    _same_draws(ours, ref)
    np.testing.assert_allclose(ours.predict(Q), ref.predict(Q), rtol=1e-12)
    if params.get("oob_score"):
        assert ours.oob_score_ == pytest.approx(ref.oob_score_, rel=1e-12)
        np.testing.assert_allclose(ours.oob_prediction_, ref.oob_prediction_, rtol=1e-12)


def test_members_see_only_their_features():
    X, y, _, Q = _data(1)
    bag = BaggingClassifier(n_estimators=6, max_features=3, bootstrap_features=True,
                            random_state=2).fit(X, y)
    assert all(member.n_features_in_ == 3 for member in bag.estimators_)
    mean = np.mean([member.predict_proba(Q[:, features]) for member, features
                    in zip(bag.estimators_, bag.estimators_features_, strict=True)], axis=0)
    np.testing.assert_allclose(bag.predict_proba(Q), mean, rtol=1e-14)
    with pytest.raises(ValueError, match="max_features must be <= n_features"):
        BaggingClassifier(max_features=9).fit(X, y)
    with pytest.raises(ValueError, match="max_features"):
        BaggingClassifier(max_features=0.0).fit(X, y)


def test_sample_weights_draw_as_sklearn():
    X, y, target, Q = _data(3)
    w = np.random.default_rng(4).uniform(0.1, 2.0, len(X))
    ours = BaggingClassifier(random_state=0, max_features=3).fit(X, y, sample_weight=w)
    ref = sk_ensemble.BaggingClassifier(random_state=0, max_features=3).fit(X, y, sample_weight=w)
    _same_draws(ours, ref)
    np.testing.assert_allclose(ours.predict_proba(Q), ref.predict_proba(Q), rtol=1e-12)
    np.testing.assert_allclose(ours.predict_log_proba(Q), ref.predict_log_proba(Q), rtol=1e-12)
    with pytest.warns(UserWarning, match="recommended to use bootstrap=True"):
        BaggingRegressor(bootstrap=False, max_samples=0.5).fit(X, target, sample_weight=w)


@pytest.mark.parametrize("cls", [BaggingClassifier, BaggingRegressor])
def test_warm_start_continues_the_sequence(cls):
    X, y, target, Q = _data(5)
    yy = y if cls is BaggingClassifier else target
    grown = cls(n_estimators=3, max_features=5, random_state=4, warm_start=True).fit(X, yy)
    first = grown.estimators_[:]
    grown.set_params(n_estimators=8).fit(X, yy)
    assert grown.estimators_[:3] == first
    whole = cls(n_estimators=8, max_features=5, random_state=4).fit(X, yy)
    _same_draws(grown, whole)
    out = "predict_proba" if cls is BaggingClassifier else "predict"
    np.testing.assert_array_equal(getattr(grown, out)(Q), getattr(whole, out)(Q))
    ref_cls = getattr(sk_ensemble, cls.__name__)
    ref = ref_cls(n_estimators=8, max_features=5, random_state=4).fit(X, yy)
    np.testing.assert_allclose(getattr(grown, out)(Q), getattr(ref, out)(Q), rtol=1e-12)
    with pytest.warns(UserWarning, match="without increasing n_estimators"):
        grown.fit(X, yy)
    with pytest.raises(ValueError, match="must be larger or equal"):
        grown.set_params(n_estimators=2).fit(X, yy)
    with pytest.raises(ValueError, match="warm_start=False"):
        cls(warm_start=True, oob_score=True).fit(X, yy)


def test_decision_function_and_log_proba_of_linear_members():
    # the mean of the members' decision functions; log-probabilities by log-sum-exp
    X, y, _, Q = _data(6)
    bag = BaggingClassifier(LogisticRegression(tol=1e-12, max_iter=2000), n_estimators=5, max_features=0.5,
                            random_state=0).fit(X, y)
    decisions = [m.decision_function(Q[:, f])
                 for m, f in zip(bag.estimators_, bag.estimators_features_, strict=True)]
    np.testing.assert_allclose(bag.decision_function(Q), np.mean(decisions, axis=0), rtol=1e-12)
    log_probas = [m.predict_log_proba(Q[:, f])
                  for m, f in zip(bag.estimators_, bag.estimators_features_, strict=True)]
    np.testing.assert_allclose(bag.predict_log_proba(Q),
                               np.log(np.mean(np.exp(log_probas), axis=0)), rtol=1e-10)
    ref = sk_ensemble.BaggingClassifier(sk_linear.LogisticRegression(tol=1e-12, max_iter=2000),
                                        n_estimators=5,
                                        max_features=0.5, random_state=0).fit(X, y)
    np.testing.assert_allclose(bag.decision_function(Q), ref.decision_function(Q),
                               rtol=1e-6, atol=1e-6)  # two solvers run to convergence
    assert not hasattr(BaggingClassifier().fit(X, y), "decision_function")


def test_bagging_regressor_multi_output_and_oob():
    X, _, target, Q = _data(7)
    Y = np.column_stack([target, X[:, 3] ** 2])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # too few members for every OOB sample
        ours = BaggingRegressor(n_estimators=6, oob_score=True, random_state=0).fit(X, Y)
        ref = sk_ensemble.BaggingRegressor(n_estimators=6, random_state=0).fit(X, Y)
    np.testing.assert_allclose(ours.predict(Q), ref.predict(Q), rtol=1e-12)
    assert ours.oob_prediction_.shape == Y.shape
