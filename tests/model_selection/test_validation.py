"""cross_val_score / cross_validate give scikit-learn's scores on the same splits."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn import model_selection as skms
from sklearn.linear_model import LogisticRegression, Ridge

from syllabus.base import BaseEstimator, RegressorMixin
from syllabus.dummy import DummyClassifier, DummyRegressor
from syllabus.model_selection import (
    FitFailedWarning,
    KFold,
    StratifiedKFold,
    cross_val_score,
    cross_validate,
)


def _data():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(45, 4))
    Y_REG = X @ [1.0, 0.0, -1.0, 2.0] + 0.5 * rng.normal(size=45)
    Y_CLF = np.digitize(X[:, 0] + rng.normal(size=45), [-0.7, 0.7])
    return X, Y_REG, Y_CLF


X, Y_REG, Y_CLF = _data()


@pytest.mark.parametrize("scoring", [None, "r2", "neg_mean_squared_error",
                                     "neg_mean_absolute_error"])
@pytest.mark.parametrize("cv", [3, KFold(4, shuffle=True, random_state=0)])
def test_cross_val_score_regression_matches_sklearn(scoring, cv):
    for model in (Ridge(alpha=2.0), DummyRegressor(strategy="median")):
        ours = cross_val_score(model, X, Y_REG, scoring=scoring, cv=cv)
        theirs = skms.cross_val_score(model, X, Y_REG, scoring=scoring, cv=cv)
        assert ours.shape == (cv if isinstance(cv, int) else cv.n_splits,)
        assert_allclose(ours, theirs, rtol=1e-12)


@pytest.mark.parametrize("scoring", [None, "accuracy", "f1_macro", "neg_log_loss"])
def test_cross_val_score_classification_matches_sklearn(scoring):
    # An int cv stratifies for classifiers in both libraries.
    for model in (LogisticRegression(C=0.5), DummyClassifier(strategy="prior")):
        ours = cross_val_score(model, X, Y_CLF, scoring=scoring, cv=3)
        theirs = skms.cross_val_score(model, X, Y_CLF, scoring=scoring, cv=3)
        assert_allclose(ours, theirs, rtol=1e-12)


def test_cross_val_score_is_the_mean_over_explicit_folds():
    # A direct computation: fit on each train fold, score on its test fold.
    cv = StratifiedKFold(3, shuffle=True, random_state=2)
    expected = []
    for train, test in cv.split(X, Y_CLF):
        model = LogisticRegression().fit(X[train], Y_CLF[train])
        expected.append(np.mean(model.predict(X[test]) == Y_CLF[test]))
    assert_allclose(cross_val_score(LogisticRegression(), X, Y_CLF, cv=cv), expected, rtol=1e-12)


def test_cross_val_score_with_callable_and_iterable_cv():
    splits = [(np.arange(0, 30), np.arange(30, 45)), (np.arange(15, 45), np.arange(0, 15))]

    def max_error(estimator, X, y):
        return -np.max(np.abs(estimator.predict(X) - y))

    ours = cross_val_score(Ridge(), X, Y_REG, cv=splits, scoring=max_error)
    theirs = skms.cross_val_score(Ridge(), X, Y_REG, cv=splits, scoring=max_error)
    assert_allclose(ours, theirs, rtol=1e-12)


def test_cross_validate_keys_and_values_match_sklearn():
    kwargs = dict(cv=KFold(3), scoring=["r2", "neg_mean_squared_error"],
                  return_train_score=True, return_estimator=True, return_indices=True)
    ours = cross_validate(Ridge(), X, Y_REG, **kwargs)
    theirs = skms.cross_validate(Ridge(), X, Y_REG, **kwargs)
    assert set(ours) == set(theirs)
    for key in ("test_r2", "train_r2", "test_neg_mean_squared_error",
                "train_neg_mean_squared_error"):
        assert_allclose(ours[key], theirs[key], rtol=1e-12)
    for part in ("train", "test"):
        for a, b in zip(ours["indices"][part], theirs["indices"][part]):
            assert_array_equal(a, b)
    for fitted, train in zip(ours["estimator"], ours["indices"]["train"]):
        assert_allclose(fitted.coef_, Ridge().fit(X[train], Y_REG[train]).coef_, rtol=1e-12)
    for key in ("fit_time", "score_time"):
        assert ours[key].shape == (3,) and np.all(ours[key] >= 0)


def test_cross_validate_single_and_dict_scoring():
    single = cross_validate(Ridge(), X, Y_REG, cv=3)
    assert set(single) == {"fit_time", "score_time", "test_score"}
    assert_allclose(single["test_score"], skms.cross_validate(Ridge(), X, Y_REG, cv=3)["test_score"],
                    rtol=1e-12)
    as_dict = cross_validate(Ridge(), X, Y_REG, cv=3,
                             scoring={"rsq": "r2", "custom": lambda est, X, y: float(len(y))})
    assert_allclose(as_dict["test_rsq"], single["test_score"], rtol=1e-12)
    assert_array_equal(as_dict["test_custom"], [15.0, 15.0, 15.0])


def test_fit_params_follow_the_split():
    rng = np.random.default_rng(1)
    weights = rng.uniform(0.1, 2.0, size=45)
    ours = cross_val_score(Ridge(), X, Y_REG, cv=3, params={"sample_weight": weights})
    theirs = skms.cross_val_score(Ridge(), X, Y_REG, cv=3, params={"sample_weight": weights})
    assert_allclose(ours, theirs, rtol=1e-12)
    assert not np.allclose(ours, cross_val_score(Ridge(), X, Y_REG, cv=3))


class _FailsOnLargeAlpha(RegressorMixin, BaseEstimator):
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        if self.alpha > 1 and len(y) > 28:  # fails on some folds only
            raise ValueError("alpha too large for this fold")
        self.mean_ = float(np.mean(y))
        return self

    def predict(self, X):
        return np.full(len(X), self.mean_)


def test_error_score():
    # 45 samples, 3 folds of 15: every train set has 30 > 28 samples, so all fits fail.
    with pytest.raises(ValueError, match="All the 3 fits failed"):
        cross_val_score(_FailsOnLargeAlpha(alpha=2.0), X, Y_REG, cv=3)
    with pytest.raises(ValueError, match="alpha too large"):
        cross_val_score(_FailsOnLargeAlpha(alpha=2.0), X, Y_REG, cv=3, error_score="raise")
    # Unequal folds: only the larger train sets fail.
    splits = [(np.arange(0, 20), np.arange(20, 45)), (np.arange(10, 45), np.arange(0, 10))]
    with pytest.warns(FitFailedWarning, match="1 fits failed out of a total of 2"):
        scores = cross_val_score(_FailsOnLargeAlpha(alpha=2.0), X, Y_REG, cv=splits,
                                 error_score=-99.0)
    assert scores[1] == -99.0 and scores[0] != -99.0
    with pytest.raises(ValueError, match="error_score"):
        cross_val_score(Ridge(), X, Y_REG, error_score="ignore")


def test_bad_inputs():
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        cross_val_score(Ridge(), X, Y_REG[:-1])
    with pytest.raises(TypeError, match="implementing 'fit'"):
        cross_val_score(object(), X, Y_REG)
    with pytest.raises(TypeError, match="implementing 'fit'"):
        cross_val_score(Ridge, X, Y_REG)
    with pytest.raises(ValueError, match="requires y to be passed"):
        cross_val_score(DummyRegressor(), X, None)
    with pytest.raises(ValueError, match="not a valid scoring value"):
        cross_val_score(Ridge(), X, Y_REG, scoring="r3")
    with pytest.raises(ValueError, match="use cross_validate for several"):
        cross_val_score(Ridge(), X, Y_REG, scoring=["r2"])
    with pytest.raises(ValueError, match="n_splits=50 greater than the number of samples"):
        cross_val_score(Ridge(), X, Y_REG, cv=50)
    with pytest.raises(ValueError, match="Input X contains NaN"):
        X_nan = X.copy()
        X_nan[0, 0] = np.nan
        cross_val_score(Ridge(), X_nan, Y_REG, error_score="raise")  # dummies ignore X


def test_non_numeric_score_is_an_error():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match="scoring must return a number"):
            cross_val_score(Ridge(), X, Y_REG, scoring=lambda est, X, y: "good")
