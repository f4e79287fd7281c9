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


# -- scikit-learn 1.9's full parameter set -------------------------------------------------------

def _same_boosting(ours, ref, Q, rtol=1e-10):
    """Same trees (split features, leaf steps), same losses after each stage."""
    assert ours.estimators_.shape == ref.estimators_.shape
    for a, b in zip(ours.estimators_.ravel(), ref.estimators_.ravel(), strict=True):
        np.testing.assert_array_equal(a.tree_.feature, b.tree_.feature)
        np.testing.assert_allclose(a.tree_.value, b.tree_.value, rtol=rtol, atol=1e-12)
    np.testing.assert_allclose(ours.train_score_, ref.train_score_, rtol=rtol)
    if hasattr(ref, "oob_improvement_"):
        np.testing.assert_allclose(ours.oob_scores_, ref.oob_scores_, rtol=rtol)
        np.testing.assert_allclose(ours.oob_improvement_, ref.oob_improvement_, rtol=1e-8,
                                   atol=1e-12)
        assert ours.oob_score_ == pytest.approx(ref.oob_score_, rel=rtol)
    assert ours.n_estimators_ == ref.n_estimators_
    out = "predict" if isinstance(ours, GradientBoostingRegressor) else "predict_proba"
    np.testing.assert_allclose(getattr(ours, out)(Q), getattr(ref, out)(Q), rtol=rtol,
                               atol=1e-12)


@pytest.mark.parametrize("loss", ["squared_error", "absolute_error", "huber", "quantile"])
@pytest.mark.parametrize("params", [
    {},
    {"subsample": 0.6, "max_depth": 2, "alpha": 0.7},
    {"n_iter_no_change": 3, "validation_fraction": 0.25, "learning_rate": 0.5},
])
def test_regression_losses_equal_sklearn(loss, params):
    # Huber: delta is the alpha quantile of |y - F| at each stage; quantile: leaves step to
    # the alpha quantile of the residuals; early stopping on a held-out split
    X, target, _, _, Q = _data(6, n=300)
    w = np.random.default_rng(7).uniform(0.5, 2.0, len(X))
    for sw in (None, w):
        kw = {"loss": loss, "n_estimators": 25, "random_state": 0, **params}
        ours = GradientBoostingRegressor(**kw).fit(X, target, sw)
        ref = sk_ensemble.GradientBoostingRegressor(**kw).fit(X, target, sw)
        _same_boosting(ours, ref, Q)


@pytest.mark.parametrize(("loss", "multiclass"), [
    ("log_loss", False), ("log_loss", True), ("exponential", False)])
@pytest.mark.parametrize("params", [
    {},
    {"subsample": 0.6, "max_depth": 2},
    {"n_iter_no_change": 2, "validation_fraction": 0.3, "learning_rate": 0.8, "tol": 1e-3},
])
def test_classification_losses_equal_sklearn(loss, multiclass, params):
    X, _, y, y3, Q = _data(8, n=300)
    yy = y3 if multiclass else y
    w = np.random.default_rng(9).uniform(0.5, 2.0, len(X))
    for sw in (None, w):
        kw = {"loss": loss, "n_estimators": 25, "random_state": 0, **params}
        ours = GradientBoostingClassifier(**kw).fit(X, yy, sw)
        ref = sk_ensemble.GradientBoostingClassifier(**kw).fit(X, yy, sw)
        _same_boosting(ours, ref, Q)
        np.testing.assert_array_equal(ours.predict(Q), ref.predict(Q))
        np.testing.assert_allclose(ours.decision_function(Q), ref.decision_function(Q),
                                   rtol=1e-10, atol=1e-12)
    with pytest.raises(ValueError, match="only suitable for a binary"):
        GradientBoostingClassifier(loss="exponential").fit(X, y3)


@pytest.mark.parametrize("cls", [GradientBoostingRegressor, GradientBoostingClassifier])
def test_warm_start_continues_the_sequence(cls):
    # the random state is kept between fits: 8 stages then 12 more are the 20 stages
    X, target, y, _, Q = _data(10, n=250)
    yy = target if cls is GradientBoostingRegressor else y
    grown = cls(n_estimators=8, subsample=0.5, random_state=2, warm_start=True).fit(X, yy)
    first = grown.estimators_.copy()
    grown.set_params(n_estimators=20).fit(X, yy)
    assert all(a is b for a, b in zip(grown.estimators_[:8].ravel(), first.ravel(), strict=True))
    ref = getattr(sk_ensemble, cls.__name__)(n_estimators=20, subsample=0.5,
                                              random_state=2).fit(X, yy)
    _same_boosting(grown, ref, Q)
    whole = cls(n_estimators=20, subsample=0.5, random_state=2).fit(X, yy)
    np.testing.assert_array_equal(grown.train_score_, whole.train_score_)
    with pytest.raises(ValueError, match="must be larger or equal"):
        grown.set_params(n_estimators=10).fit(X, yy)
    grown.set_params(n_estimators=20, warm_start=False).fit(X, yy)  # starts afresh
    np.testing.assert_array_equal(grown.train_score_, whole.train_score_)


def test_init_estimators_and_zero():
    from sklearn.linear_model import LinearRegression as SkLinearRegression

    from syllabus.linear_model import LinearRegression, LogisticRegression

    X, target, y, _, Q = _data(11, n=250)
    ours = GradientBoostingRegressor(n_estimators=15, init="zero", random_state=0).fit(X, target)
    ref = sk_ensemble.GradientBoostingRegressor(n_estimators=15, init="zero",
                                                random_state=0).fit(X, target)
    _same_boosting(ours, ref, Q)
    # from a linear fit: F_0(x) = the fitted line (on float32 X, as scikit-learn's)
    ours = GradientBoostingRegressor(n_estimators=15, init=LinearRegression(),
                                     random_state=0).fit(X, target)
    ref = sk_ensemble.GradientBoostingRegressor(n_estimators=15, init=SkLinearRegression(),
                                                random_state=0).fit(X, target)
    Q32 = Q.astype(np.float32)
    trees = sum(t.predict(Q32) for t in ours.estimators_[:, 0])
    np.testing.assert_allclose(ours.predict(Q), ours.init_.predict(Q32) + 0.1 * trees,
                               rtol=1e-12)
    # two least-squares solves on float32 data agree to float32 rounding
    np.testing.assert_allclose(ours.predict(Q), ref.predict(Q), rtol=1e-5, atol=1e-5)
    # from a logistic fit: F_0 = the log-odds of its (clipped) probabilities
    ours = GradientBoostingClassifier(n_estimators=15, init=LogisticRegression(),
                                      random_state=0).fit(X, y)
    p0 = ours.init_.predict_proba(Q32)[:, 1].astype(np.float64)
    trees = sum(t.predict(Q32) for t in ours.estimators_[:, 0])
    np.testing.assert_allclose(ours.decision_function(Q), np.log(p0 / (1 - p0)) + 0.1 * trees,
                               rtol=1e-10)
    ours = GradientBoostingClassifier(n_estimators=15, init="zero", random_state=0).fit(X, y)
    ref = sk_ensemble.GradientBoostingClassifier(n_estimators=15, init="zero",
                                                 random_state=0).fit(X, y)
    _same_boosting(ours, ref, Q)

    class NoWeights(LinearRegression):
        def fit(self, X, y):
            return super().fit(X, y)

    with pytest.raises(ValueError, match="does not support sample weights"):
        GradientBoostingRegressor(init=NoWeights()).fit(X, target, np.ones(len(X)))


def test_monitor_apply_and_staged_outputs():
    X, target, _, y3, Q = _data(12, n=250)
    seen = []

    def stop_after_five(i, est, local):
        seen.append(est.train_score_[i])
        return i == 4

    reg = GradientBoostingRegressor(n_estimators=50, random_state=0).fit(
        X, target, monitor=stop_after_five)
    assert reg.n_estimators_ == 5 and reg.estimators_.shape == (5, 1)
    np.testing.assert_array_equal(seen, reg.train_score_)
    ref = sk_ensemble.GradientBoostingRegressor(n_estimators=5, random_state=0).fit(X, target)
    np.testing.assert_array_equal(reg.apply(Q), ref.apply(Q))
    clf = GradientBoostingClassifier(n_estimators=6, random_state=0).fit(X, y3)
    ref = sk_ensemble.GradientBoostingClassifier(n_estimators=6, random_state=0).fit(X, y3)
    assert clf.apply(Q).shape == (len(Q), 6, 3)
    np.testing.assert_array_equal(clf.apply(Q), ref.apply(Q))
    for a, b in zip(clf.staged_predict_proba(Q), ref.staged_predict_proba(Q), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-10)
    # the training loss is the mean deviance after each stage: recompute the last one
    p = clf.predict_proba(X)[np.arange(len(X)), y3]
    assert clf.train_score_[-1] == pytest.approx(-np.mean(np.log(p)), rel=1e-10)


def test_verbose_and_criterion_deprecation(capsys):
    X, target, _, _, _ = _data(13, n=100)
    GradientBoostingRegressor(n_estimators=3, subsample=0.5, verbose=2, random_state=0).fit(
        X, target)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["Iter", "Train", "Loss", "OOB", "Improve", "Remaining", "Time"]
    assert [line.split()[0] for line in lines[1:]] == ["1", "2", "3"]
    with pytest.warns(FutureWarning, match="criterion"):
        GradientBoostingRegressor(n_estimators=2, criterion="friedman_mse").fit(X, target)


def test_init_estimator_checks_give_sklearns_messages():
    """An ``init`` without the needed methods, and one whose fit refuses sample_weight (a
    Pipeline): scikit-learn's errors, word for word."""
    import re

    from sklearn.linear_model import LinearRegression
    from sklearn.pipeline import make_pipeline

    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    y, labels = X @ np.array([1.0, 2.0, 3.0]), (X[:, 0] > 0).astype(int)
    cases = [(GradientBoostingClassifier, sk_ensemble.GradientBoostingClassifier, labels,
              GradientBoostingRegressor, sk_ensemble.GradientBoostingRegressor, {}),
             (GradientBoostingRegressor, sk_ensemble.GradientBoostingRegressor, y,
              make_pipeline(LinearRegression()), make_pipeline(LinearRegression()),
              {"sample_weight": np.ones(40)})]
    for ours, theirs, target, init, ref_init, fit_params in cases:
        with pytest.raises(ValueError) as ref:
            theirs(init=ref_init, n_estimators=3).fit(X, target, **fit_params)
        with pytest.raises(ValueError, match=re.escape(str(ref.value).split(" Got ")[0])):
            ours(init=init, n_estimators=3).fit(X, target, **fit_params)
    # a Pipeline init without weights works, and as scikit-learn's
    ours = GradientBoostingRegressor(init=make_pipeline(LinearRegression()), n_estimators=5,
                                     random_state=0).fit(X, y)
    ref = sk_ensemble.GradientBoostingRegressor(init=make_pipeline(LinearRegression()),
                                                n_estimators=5, random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-6, atol=1e-9)
