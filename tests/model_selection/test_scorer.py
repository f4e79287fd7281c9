"""Scorers give scikit-learn's scorer values on the same fitted estimators."""

import numpy as np
import pytest
import sklearn.metrics as skm
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import get_scorer as sk_get_scorer
from sklearn.metrics import make_scorer as sk_make_scorer
from sklearn.neighbors import KNeighborsClassifier

from syllabus.dummy import DummyRegressor
from syllabus.metrics import accuracy_score, fbeta_score, mean_squared_error
from syllabus.model_selection import check_scoring, get_scorer, get_scorer_names, make_scorer


def _data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    Y_BINARY = (X[:, 0] + 0.8 * rng.normal(size=60) > 0).astype(int)
    Y_MULTI = np.digitize(X[:, 1] + 0.5 * rng.normal(size=60), [-0.5, 0.5])
    Y_REG = X @ [1.0, -2.0, 0.5] + 0.3 * rng.normal(size=60)
    return X, Y_BINARY, Y_MULTI, Y_REG


X, Y_BINARY, Y_MULTI, Y_REG = _data()

CLASSIFICATION = [
    "accuracy", "f1", "precision", "recall", "roc_auc", "average_precision", "neg_log_loss",
]
AVERAGED = [f"{m}_{a}" for m in ("f1", "precision", "recall") for a in ("macro", "micro", "weighted")]
REGRESSION = ["r2", "neg_mean_squared_error", "neg_root_mean_squared_error",
              "neg_mean_absolute_error"]


def test_scorer_names():
    assert set(CLASSIFICATION + AVERAGED + REGRESSION + MULTICLASS_AUC) <= set(get_scorer_names())
    assert get_scorer_names() == sorted(get_scorer_names())


@pytest.mark.parametrize("name", CLASSIFICATION + AVERAGED)
@pytest.mark.parametrize("model", [LogisticRegression(), KNeighborsClassifier(7)],
                         ids=["decision_function", "predict_proba_only"])
def test_binary_scorers_match_sklearn(name, model):
    labels = np.where(Y_BINARY == 1, 1, -1)  # classes_ = [-1, 1]: the positive class is 1
    model.fit(X[:40], labels[:40])
    ours = get_scorer(name)(model, X[40:], labels[40:])
    theirs = sk_get_scorer(name)(model, X[40:], labels[40:])
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


MULTICLASS_AUC = ["roc_auc_ovr", "roc_auc_ovo", "roc_auc_ovr_weighted", "roc_auc_ovo_weighted"]


@pytest.mark.parametrize("name", ["accuracy", "neg_log_loss"] + AVERAGED + MULTICLASS_AUC)
def test_multiclass_scorers_match_sklearn(name):
    model = LogisticRegression().fit(X[:40], Y_MULTI[:40])
    ours = get_scorer(name)(model, X[40:], Y_MULTI[40:])
    theirs = sk_get_scorer(name)(model, X[40:], Y_MULTI[40:])
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


@pytest.mark.parametrize("name", REGRESSION)
def test_regression_scorers_match_sklearn(name):
    model = Ridge(alpha=3.0).fit(X[:40], Y_REG[:40])
    ours = get_scorer(name)(model, X[40:], Y_REG[40:])
    theirs = sk_get_scorer(name)(model, X[40:], Y_REG[40:])
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    if name.startswith("neg_"):
        assert ours < 0  # losses are negated: greater is better


@pytest.mark.parametrize("method", ["predict_proba", "decision_function"])
@pytest.mark.parametrize("pos_label", ["yes", "no"])
def test_pos_label_selects_the_positive_column_like_sklearn(method, pos_label):
    labels = np.where(Y_BINARY == 1, "yes", "no")
    model = LogisticRegression().fit(X[:40], labels[:40])
    received = []

    def spy(y_true, scores, pos_label):
        received.append(np.asarray(scores))
        return 0.0

    make_scorer(spy, response_method=method, pos_label=pos_label)(model, X[40:], labels[40:])
    sk_make_scorer(spy, response_method=method, pos_label=pos_label)(model, X[40:], labels[40:])
    ours, theirs = received
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    if method == "predict_proba":
        expected = model.predict_proba(X[40:])[:, list(model.classes_).index(pos_label)]
    else:
        expected = model.decision_function(X[40:]) * (1 if pos_label == "yes" else -1)
    np.testing.assert_allclose(ours, expected, rtol=1e-12)


def test_make_scorer_sign_kwargs_and_repr():
    model = Ridge().fit(X, Y_REG)
    scorer = make_scorer(mean_squared_error, greater_is_better=False)
    np.testing.assert_allclose(scorer(model, X, Y_REG),
                               -np.mean((model.predict(X) - Y_REG) ** 2), rtol=1e-12)
    assert repr(scorer) == repr(sk_make_scorer(skm.mean_squared_error, greater_is_better=False))
    for kwargs in ({"response_method": "predict_proba"}, {"beta": 2}):
        assert repr(make_scorer(fbeta_score, **kwargs)) == \
            repr(sk_make_scorer(skm.fbeta_score, **kwargs))
    clf = LogisticRegression().fit(X, Y_BINARY)
    weighted = make_scorer(accuracy_score, normalize=False)
    assert weighted(clf, X, Y_BINARY) == np.sum(clf.predict(X) == Y_BINARY)
    with pytest.raises(ValueError, match="response_method"):
        make_scorer(accuracy_score, response_method="predict_logits")
    with pytest.raises(TypeError, match="callable"):
        make_scorer("accuracy")


def test_check_scoring():
    model = DummyRegressor()
    passthrough = check_scoring(model)
    fitted = DummyRegressor().fit(X, Y_REG)
    assert passthrough(fitted, X, Y_REG) == fitted.score(X, Y_REG)
    assert check_scoring(model, "r2")(fitted, X, Y_REG) == fitted.score(X, Y_REG)

    def custom(estimator, X, y):
        return 1.0

    assert check_scoring(model, custom) is custom

    class NoScore:
        def fit(self, X, y):
            return self

    with pytest.raises(TypeError, match="should have a 'score' method"):
        check_scoring(NoScore())
    with pytest.raises(TypeError, match="implementing 'fit'"):
        check_scoring(object(), "r2")
    with pytest.raises(ValueError, match="not a valid scoring value"):
        get_scorer("accuracy_typo")
    with pytest.raises(ValueError, match="single score"):
        check_scoring(model, ["r2"])


def test_missing_response_method_is_a_clear_error():
    fitted = DummyRegressor().fit(X, Y_REG)
    with pytest.raises(AttributeError, match="decision_function, predict_proba"):
        get_scorer("roc_auc")(fitted, X, Y_BINARY)
