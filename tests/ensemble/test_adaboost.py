"""AdaBoost (SAMME, AdaBoost.R2) against scikit-learn, and the exponential-loss bound on the
training error of SAMME."""

import os

import numpy as np
import pytest
from sklearn import ensemble as sk_ensemble
from sklearn import tree as sk_tree

from syllabus import io
from syllabus.ensemble import AdaBoostClassifier, AdaBoostRegressor
from syllabus.tree import DecisionTreeClassifier, DecisionTreeRegressor


def _data(seed, n=300):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 4))
    y = (X[:, 0] + X[:, 1] ** 2 > 1).astype(int)
    return X, y, y + (X[:, 2] > 0.8), rng.standard_normal((100, 4))


@pytest.mark.parametrize("multiclass", [False, True])
@pytest.mark.parametrize("params", [{}, {"learning_rate": 0.5, "n_estimators": 30}])
def test_equals_sklearn(multiclass, params):
    X, y2, y3, Q = _data(0)
    y = y3 if multiclass else y2
    ours = AdaBoostClassifier(random_state=0, **params).fit(X, y)
    ref = sk_ensemble.AdaBoostClassifier(random_state=0, **params).fit(X, y)
    np.testing.assert_allclose(ours.estimator_weights_, ref.estimator_weights_, rtol=1e-12)
    np.testing.assert_allclose(ours.estimator_errors_, ref.estimator_errors_, rtol=1e-12)
    np.testing.assert_allclose(ours.decision_function(Q), ref.decision_function(Q),
                               rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.predict_proba(Q), ref.predict_proba(Q), rtol=1e-10, atol=1e-12)
    for a, b in zip(ours.staged_predict(Q), ref.staged_predict(Q), strict=True):
        np.testing.assert_array_equal(a, b)


def test_training_error_below_the_exponential_loss_bound():
    # two classes: training error <= prod_m 2 sqrt(err_m (1 - err_m)), the normaliser of
    # the exponential loss at each round
    X, y, _, _ = _data(1)
    clf = AdaBoostClassifier(n_estimators=40, random_state=0).fit(X, y)
    err = clf.estimator_errors_
    bound = np.cumprod(2 * np.sqrt(err * (1 - err)))
    train_error = np.array([np.mean(p != y) for p in clf.staged_predict(X)])
    assert np.all(train_error <= bound + 1e-12)
    assert bound[-1] < 0.5 * bound[0]


def test_perfect_learner_stops_and_bad_input(tmp_path):
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    clf = AdaBoostClassifier(DecisionTreeClassifier(max_depth=1)).fit(X, [0, 0, 1, 1])
    assert len(clf.estimators_) == 1 and clf.estimator_errors_[0] == 0.0
    path = os.path.join(tmp_path, "ada.safetensors")
    io.save(clf, path)
    np.testing.assert_array_equal(io.load(path).predict(X), [0, 0, 1, 1])
    with pytest.raises(ValueError, match="at least 2 classes"):
        AdaBoostClassifier().fit(X, [1, 1, 1, 1])
    with pytest.raises(ValueError, match="learning_rate"):
        AdaBoostClassifier(learning_rate=0.0).fit(X, [0, 0, 1, 1])


@pytest.mark.parametrize("params", [
    {}, {"loss": "square", "learning_rate": 0.5}, {"loss": "exponential", "n_estimators": 80},
    {"estimator": "deep", "n_estimators": 20},
])
def test_regressor_equals_sklearn(params):
    # same random_state: the same weighted bootstrap samples, trees, weights and medians
    rng = np.random.default_rng(7)
    X = rng.standard_normal((300, 4))
    y = X[:, 0] + np.sin(3 * X[:, 1]) + 0.1 * rng.standard_normal(300)
    Q = rng.standard_normal((100, 4))
    w = rng.uniform(0.0, 2.0, 300)
    if params.get("estimator") == "deep":
        params = {**params, "estimator": DecisionTreeRegressor(max_depth=6, max_features=2)}
        ref_params = {**params, "estimator": sk_tree.DecisionTreeRegressor(max_depth=6, max_features=2)}
    else:
        ref_params = params
    ours = AdaBoostRegressor(random_state=3, **params).fit(X, y, sample_weight=w)
    ref = sk_ensemble.AdaBoostRegressor(random_state=3, **ref_params).fit(X, y, sample_weight=w)
    assert len(ours.estimators_) == len(ref.estimators_)
    np.testing.assert_allclose(ours.estimator_weights_, ref.estimator_weights_, rtol=1e-12)
    np.testing.assert_allclose(ours.estimator_errors_, ref.estimator_errors_, rtol=1e-12)
    for a, b in zip(ours.staged_predict(Q), ref.staged_predict(Q), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    assert ours.score(X, y) == pytest.approx(ref.score(X, y), rel=1e-12)


def test_regressor_weighted_median_and_save_load(tmp_path):
    # the prediction is the weighted median of the learners' predictions: recomputed directly
    rng = np.random.default_rng(8)
    X = rng.standard_normal((120, 3))
    y = X[:, 0] ** 2 + 0.1 * rng.standard_normal(120)
    reg = AdaBoostRegressor(n_estimators=15, random_state=0).fit(X, y)
    preds = np.column_stack([t.predict(X[:10]) for t in reg.estimators_])
    alpha = reg.estimator_weights_[: len(reg.estimators_)]
    for row, value in zip(preds, reg.predict(X[:10]), strict=True):
        order = np.argsort(row)
        cdf = np.cumsum(alpha[order])
        assert value == row[order][np.searchsorted(cdf, 0.5 * cdf[-1])]
    path = os.path.join(tmp_path, "ada_r2.safetensors")
    io.save(reg, path)
    np.testing.assert_array_equal(io.load(path).predict(X), reg.predict(X))
    with pytest.raises(ValueError, match="loss"):
        AdaBoostRegressor(loss="huber").fit(X, y)
    with pytest.raises(ValueError, match="NaN"):
        reg.predict(np.full((1, 3), np.nan))


def test_predict_log_proba_equals_sklearn():
    from sklearn.ensemble import AdaBoostClassifier as SkAdaBoostClassifier

    from syllabus.ensemble import AdaBoostClassifier as OurAdaBoostClassifier

    rng = np.random.default_rng(21)
    X = rng.standard_normal((80, 3))
    y = (X[:, 0] + X[:, 1] > 0).astype(int) + (X[:, 2] > 1)
    ours = OurAdaBoostClassifier(n_estimators=10, random_state=0).fit(X, y)
    ref = SkAdaBoostClassifier(n_estimators=10, random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.predict_log_proba(X), ref.predict_log_proba(X), rtol=1e-12)


@pytest.mark.parametrize("multiclass", [False, True])
def test_staged_probabilities_and_importances_equal_sklearn(multiclass):
    X, y2, y3, _ = _data(7)
    y = y3 if multiclass else y2
    target = X[:, 0] + np.sin(2 * X[:, 1])
    params = dict(n_estimators=12, learning_rate=0.7, random_state=0)
    ours = AdaBoostClassifier(**params).fit(X, y)
    ref = sk_ensemble.AdaBoostClassifier(**params).fit(X, y)
    staged, ref_staged = list(ours.staged_predict_proba(X)), list(ref.staged_predict_proba(X))
    assert len(staged) == len(ref_staged) == len(ours.estimators_)
    for a, b in zip(staged, ref_staged):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(staged[-1], ours.predict_proba(X), rtol=1e-15)
    np.testing.assert_allclose(ours.feature_importances_, ref.feature_importances_, rtol=1e-12)
    reg = AdaBoostRegressor(n_estimators=8, random_state=1).fit(X, target)
    ref_reg = sk_ensemble.AdaBoostRegressor(n_estimators=8, random_state=1).fit(X, target)
    np.testing.assert_allclose(reg.feature_importances_, ref_reg.feature_importances_,
                               rtol=1e-12)
    w = np.random.default_rng(0).uniform(0.5, 2.0, len(y))
    for model, reference, truth in ((ours, ref, y), (reg, ref_reg, target)):
        scores = list(model.staged_score(X, truth, sample_weight=w))
        np.testing.assert_allclose(scores, list(reference.staged_score(X, truth,
                                                                      sample_weight=w)),
                                   rtol=1e-12)
        assert scores[-1] == pytest.approx(model.score(X, truth, sample_weight=w), rel=1e-12)


def test_learners_without_sample_weight_or_importances_and_nd_input():
    from sklearn.dummy import DummyClassifier, DummyRegressor
    from sklearn.neighbors import KNeighborsClassifier

    X, y, _, _ = _data(8, n=60)
    with pytest.raises(ValueError, match="KNeighborsClassifier doesn't support sample_weight"):
        AdaBoostClassifier(KNeighborsClassifier()).fit(X, y)
    dummy = AdaBoostClassifier(DummyClassifier(strategy="prior")).fit(X, y)
    with pytest.raises(AttributeError, match="Unable to compute feature importances"):
        dummy.feature_importances_  # noqa: B018
    # learners that take n-dimensional samples: so does the boosting
    rng = np.random.default_rng(0)
    X3, labels, values = rng.normal(size=(51, 3, 3)), rng.integers(0, 2, 51), rng.normal(size=51)
    for ours, ref, target in (
            (AdaBoostClassifier(DummyClassifier(strategy="most_frequent")),
             sk_ensemble.AdaBoostClassifier(DummyClassifier(strategy="most_frequent")), labels),
            (AdaBoostRegressor(DummyRegressor(), random_state=0),
             sk_ensemble.AdaBoostRegressor(DummyRegressor(), random_state=0), values)):
        ours.fit(X3, target)
        ref.fit(X3, target)
        np.testing.assert_allclose(ours.predict(X3), ref.predict(X3), rtol=1e-12)
