"""The dummy estimators give scikit-learn's answers, draws included."""

import numpy as np
import pytest
from sklearn import dummy as sk_dummy

from syllabus.dummy import DummyClassifier, DummyRegressor


@pytest.mark.parametrize("strategy", ["most_frequent", "prior", "stratified", "uniform", "constant"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_classifier_matches_sklearn(strategy, seed):
    rng = np.random.RandomState(seed)
    X = rng.randn(40, 3)
    y = rng.choice(["cat", "dog", "frog"], size=40, p=[0.5, 0.3, 0.2])
    w = rng.rand(40)
    kw = {"strategy": strategy, "random_state": seed}
    if strategy == "constant":
        kw["constant"] = "dog"
    ours = DummyClassifier(**kw).fit(X, y, sample_weight=w)
    ref = sk_dummy.DummyClassifier(**kw).fit(X, y, sample_weight=w)
    np.testing.assert_array_equal(ours.classes_, ref.classes_)
    np.testing.assert_allclose(ours.class_prior_, ref.class_prior_, rtol=1e-12)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-12)


@pytest.mark.parametrize("strategy,extra", [("mean", {}), ("median", {}),
                                            ("quantile", {"quantile": 0.3}),
                                            ("constant", {"constant": 2.5})])
def test_regressor_matches_sklearn(strategy, extra):
    rng = np.random.RandomState(0)
    X, y = rng.randn(31, 2), rng.randn(31) * 3 + 1
    ours = DummyRegressor(strategy=strategy, **extra).fit(X, y)
    ref = sk_dummy.DummyRegressor(strategy=strategy, **extra).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-12)
    assert ours.score(X, y) == pytest.approx(ref.score(X, y), rel=1e-12, abs=1e-12)


def test_weighted_mean_and_median():
    X, y = np.zeros((4, 1)), np.array([1.0, 2.0, 3.0, 10.0])
    w = np.array([1.0, 1.0, 5.0, 1.0])
    assert DummyRegressor().fit(X, y, sample_weight=w).constant_ == pytest.approx(np.average(y, weights=w))
    # weighted median = median of the sample with each point repeated w times
    assert DummyRegressor(strategy="median").fit(X, y, sample_weight=w).constant_ == 3.0


def test_bad_input():
    with pytest.raises(ValueError, match="must be present in the training data"):
        DummyClassifier(strategy="constant", constant="x").fit(np.zeros((2, 1)), ["a", "b"])
    with pytest.raises(ValueError, match="The 'strategy' parameter of DummyClassifier"):
        DummyClassifier(strategy="best").fit(np.zeros((2, 1)), [0, 1])
    with pytest.raises(ValueError, match="Unknown label type"):
        DummyClassifier().fit(np.zeros((2, 1)), [0.5, 1.5])
    with pytest.raises(ValueError, match="quantile parameter"):
        DummyRegressor(strategy="quantile").fit(np.zeros((2, 1)), [0.5, 1.5])
    reg = DummyRegressor().fit(np.zeros((2, 3)), [1.0, 2.0])
    with pytest.raises(ValueError, match="X has 2 features"):
        reg.predict(np.zeros((2, 2)))
