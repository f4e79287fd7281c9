"""GridSearchCV: scikit-learn's cv_results_, best_* and refit on the same splits."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn import model_selection as skms
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.neighbors import KNeighborsClassifier

from syllabus.base import NotFittedError
from syllabus.dummy import DummyClassifier, DummyRegressor
from syllabus.model_selection import GridSearchCV, KFold, ParameterGrid


def _data():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(48, 3))
    Y_REG = X @ [1.5, -1.0, 0.0] + rng.normal(size=48)
    Y_CLF = (X[:, 0] - X[:, 1] + 0.7 * rng.normal(size=48) > 0).astype(int)
    return X, Y_REG, Y_CLF


X, Y_REG, Y_CLF = _data()

SCORE_KEYS = ("mean_test_score", "std_test_score", "rank_test_score")


def _compare_results(ours, theirs, n_splits, train=False):
    kinds = ("test", "train") if train else ("test",)
    for kind in kinds:
        for k in range(n_splits):
            assert_allclose(ours.cv_results_[f"split{k}_{kind}_score"],
                            theirs.cv_results_[f"split{k}_{kind}_score"], rtol=1e-12)
        for stat in ("mean", "std"):
            assert_allclose(ours.cv_results_[f"{stat}_{kind}_score"],
                            theirs.cv_results_[f"{stat}_{kind}_score"], rtol=1e-10, atol=1e-15)
    assert_array_equal(ours.cv_results_["rank_test_score"], theirs.cv_results_["rank_test_score"])
    assert ours.cv_results_["rank_test_score"].dtype == np.int32
    assert ours.cv_results_["params"] == theirs.cv_results_["params"]
    assert set(ours.cv_results_) == set(theirs.cv_results_)
    for key in ours.cv_results_:
        if key.startswith("param_"):
            assert_array_equal(ours.cv_results_[key].mask, theirs.cv_results_[key].mask)
            assert list(ours.cv_results_[key].compressed()) == list(
                theirs.cv_results_[key].compressed())
    assert ours.best_index_ == theirs.best_index_
    assert ours.best_params_ == theirs.best_params_
    assert_allclose(ours.best_score_, theirs.best_score_, rtol=1e-12)


@pytest.mark.parametrize("scoring", [None, "neg_mean_squared_error", "r2"])
def test_regression_grid_matches_sklearn(scoring):
    grid = {"alpha": [0.01, 1.0, 30.0, 300.0], "fit_intercept": [True, False]}
    cv = KFold(4, shuffle=True, random_state=0)
    ours = GridSearchCV(Ridge(), grid, scoring=scoring, cv=cv, return_train_score=True)
    theirs = skms.GridSearchCV(Ridge(), grid, scoring=scoring, cv=cv, return_train_score=True)
    ours.fit(X, Y_REG)
    theirs.fit(X, Y_REG)
    _compare_results(ours, theirs, 4, train=True)
    assert_allclose(ours.best_estimator_.coef_, theirs.best_estimator_.coef_, rtol=1e-12)
    assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-12)
    assert_allclose(ours.score(X, Y_REG), theirs.score(X, Y_REG), rtol=1e-12)
    assert ours.n_splits_ == 4 and ours.refit_time_ >= 0
    assert np.all(ours.cv_results_["mean_fit_time"] >= 0)


def test_classification_grid_list_of_dicts_matches_sklearn():
    # Two sub-grids with different parameters: param_* columns are masked where unused.
    grid = [{"n_neighbors": [1, 5, 9], "weights": ["uniform", "distance"]},
            {"n_neighbors": [15], "p": [1]}]
    ours = GridSearchCV(KNeighborsClassifier(), grid, cv=3).fit(X, Y_CLF)
    theirs = skms.GridSearchCV(KNeighborsClassifier(), grid, cv=3).fit(X, Y_CLF)
    _compare_results(ours, theirs, 3)
    assert ours.cv_results_["param_p"].mask.tolist() == [True] * 6 + [False]
    assert_array_equal(ours.classes_, [0, 1])
    assert_allclose(ours.predict_proba(X), theirs.predict_proba(X))
    assert ours.n_features_in_ == 3


def test_dummy_estimators_and_ties_rank_like_sklearn():
    # "most_frequent" and "prior" predict the same labels: tied scores share the lowest rank.
    grid = {"strategy": ["most_frequent", "prior", "uniform"], "random_state": [0]}
    ours = GridSearchCV(DummyClassifier(), grid, cv=4).fit(X, Y_CLF)
    theirs = skms.GridSearchCV(DummyClassifier(), grid, cv=4).fit(X, Y_CLF)
    _compare_results(ours, theirs, 4)
    assert ours.cv_results_["rank_test_score"][0] == ours.cv_results_["rank_test_score"][1]
    grid = {"strategy": ["mean", "median", "constant"], "constant": [0.0, 2.0]}
    ours = GridSearchCV(DummyRegressor(), grid, scoring="neg_mean_absolute_error").fit(X, Y_REG)
    theirs = skms.GridSearchCV(DummyRegressor(), grid, scoring="neg_mean_absolute_error")
    _compare_results(ours, theirs.fit(X, Y_REG), 5)


def test_best_is_the_argmax_of_direct_cross_validation():
    grid = {"C": [0.001, 0.1, 10.0]}
    cv = KFold(3)
    search = GridSearchCV(LogisticRegression(), grid, cv=cv).fit(X, Y_CLF)
    means = []
    for C in grid["C"]:
        scores = [LogisticRegression(C=C).fit(X[tr], Y_CLF[tr]).score(X[te], Y_CLF[te])
                  for tr, te in cv.split(X)]
        means.append(np.mean(scores))
    assert_allclose(search.cv_results_["mean_test_score"], means, rtol=1e-12)
    assert search.best_index_ == int(np.argmax(means))
    assert search.best_estimator_.C == grid["C"][search.best_index_]


def test_multimetric_refit_by_name_matches_sklearn():
    scoring = {"mse": "neg_mean_squared_error", "mae": "neg_mean_absolute_error"}
    grid = {"alpha": [0.1, 10.0, 100.0]}
    ours = GridSearchCV(Ridge(), grid, scoring=scoring, refit="mae", cv=3).fit(X, Y_REG)
    theirs = skms.GridSearchCV(Ridge(), grid, scoring=scoring, refit="mae", cv=3).fit(X, Y_REG)
    assert set(ours.cv_results_) == set(theirs.cv_results_)
    for name in scoring:
        assert_allclose(ours.cv_results_[f"mean_test_{name}"],
                        theirs.cv_results_[f"mean_test_{name}"], rtol=1e-12)
        assert_array_equal(ours.cv_results_[f"rank_test_{name}"],
                           theirs.cv_results_[f"rank_test_{name}"])
    assert ours.best_index_ == theirs.best_index_
    assert_allclose(ours.best_score_, theirs.best_score_, rtol=1e-12)
    assert ours.multimetric_ and set(ours.scorer_) == {"mse", "mae"}
    assert_allclose(ours.score(X, Y_REG), theirs.score(X, Y_REG), rtol=1e-12)
    with pytest.raises(ValueError, match="refit must be set to a scorer key"):
        GridSearchCV(Ridge(), grid, scoring=scoring, cv=3).fit(X, Y_REG)
    no_refit = GridSearchCV(Ridge(), grid, scoring=scoring, refit=False, cv=3).fit(X, Y_REG)
    assert not hasattr(no_refit, "best_index_") and not hasattr(no_refit, "best_estimator_")


def test_refit_false_and_callable():
    grid = {"alpha": [0.1, 10.0, 100.0]}
    search = GridSearchCV(Ridge(), grid, refit=False, cv=3).fit(X, Y_REG)
    reference = skms.GridSearchCV(Ridge(), grid, refit=False, cv=3).fit(X, Y_REG)
    assert search.best_params_ == reference.best_params_
    assert not hasattr(search, "best_estimator_")
    with pytest.raises(AttributeError, match="has no attribute 'predict'") as error:
        search.predict(X)  # scikit-learn's chained error: the cause says why
    assert "`refit=False`" in str(error.value.__cause__)

    def simplest_within_one_std(cv_results):  # the largest alpha within 1 std of the best
        means, stds = cv_results["mean_test_score"], cv_results["std_test_score"]
        best = np.argmax(means)
        ok = np.flatnonzero(means >= means[best] - stds[best])
        return int(ok[np.argmax(np.asarray(cv_results["param_alpha"])[ok])])

    search = GridSearchCV(Ridge(), grid, refit=simplest_within_one_std, cv=3).fit(X, Y_REG)
    reference = skms.GridSearchCV(Ridge(), grid, refit=simplest_within_one_std, cv=3)
    reference.fit(X, Y_REG)
    assert search.best_index_ == reference.best_index_
    assert search.best_estimator_.alpha == reference.best_estimator_.alpha
    assert not hasattr(search, "best_score_")
    with pytest.raises(IndexError, match="out of range"):
        GridSearchCV(Ridge(), grid, refit=lambda r: 7, cv=3).fit(X, Y_REG)


def test_delegation_follows_the_estimator():
    search = GridSearchCV(DummyRegressor(), {"strategy": ["mean"]}, cv=3)
    assert not hasattr(search, "predict_proba")
    assert hasattr(search, "predict")
    with pytest.raises(NotFittedError):
        search.predict(X)
    clf_search = GridSearchCV(LogisticRegression(), {"C": [1.0]}, cv=3).fit(X, Y_CLF)
    assert_allclose(clf_search.decision_function(X),
                    LogisticRegression().fit(X, Y_CLF).decision_function(X), rtol=1e-12)


def test_parameter_grid_matches_sklearn():
    for grid in ({"b": [1, 2], "a": ["x", "y", "z"]},
                 [{"kernel": ["linear"], "C": [1, 10]}, {"kernel": ["rbf"], "gamma": [0.1]}],
                 {}):
        ours, theirs = ParameterGrid(grid), skms.ParameterGrid(grid)
        assert list(ours) == list(theirs)
        assert len(ours) == len(theirs)


@pytest.mark.parametrize(
    "grid, error, match",
    [
        ({"alpha": 1.0}, TypeError, "needs to be a list or a numpy array"),
        ({"alpha": "abc"}, TypeError, "needs to be a list or a numpy array"),
        ({"alpha": []}, ValueError, "non-empty sequence"),
        ({"alpha": np.zeros((2, 2))}, ValueError, "one-dimensional"),
        ([{"alpha": [1.0]}, 3], TypeError, "not a dict"),
    ],
)
def test_bad_param_grid(grid, error, match):
    with pytest.raises(error, match=match):
        GridSearchCV(Ridge(), grid).fit(X, Y_REG)


def test_bad_parameters_and_inputs():
    with pytest.raises(ValueError, match="Invalid parameter 'alhpa'"):
        GridSearchCV(DummyRegressor(), {"alhpa": [1.0]}, error_score="raise").fit(X, Y_REG)
    with pytest.raises(ValueError, match="'refit' parameter of GridSearchCV"):
        GridSearchCV(Ridge(), {"alpha": [1.0]}, refit=3).fit(X, Y_REG)
    with pytest.raises(ValueError, match="'error_score' parameter of GridSearchCV"):
        GridSearchCV(Ridge(), {"alpha": [1.0]}, error_score="skip").fit(X, Y_REG)
    with pytest.raises(ValueError, match="'n_jobs' parameter of GridSearchCV"):
        GridSearchCV(Ridge(), {"alpha": [1.0]}, n_jobs=1.5).fit(X, Y_REG)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        GridSearchCV(Ridge(), {"alpha": [1.0]}).fit(X, Y_REG[:10])
    with pytest.raises(TypeError, match="implementing 'fit'"):
        GridSearchCV("ridge", {"alpha": [1.0]}).fit(X, Y_REG)
    X_inf = X.copy()
    X_inf[3, 1] = np.inf
    with pytest.raises(ValueError, match="Input X contains infinity"):
        # (not a dummy: scikit-learn's and ours ignore X, infinities included)
        GridSearchCV(Ridge(), {"alpha": [1.0]}, error_score="raise").fit(X_inf, Y_REG)


def test_clone_and_nested_params():
    from syllabus.base import clone

    search = GridSearchCV(Ridge(alpha=3.0), {"fit_intercept": [True]}, cv=3)
    params = search.get_params()
    assert params["estimator__alpha"] == 3.0 and params["cv"] == 3
    search.set_params(estimator__alpha=5.0)
    assert search.estimator.alpha == 5.0
    copy = clone(search)
    assert copy.estimator is not search.estimator and copy.estimator.alpha == 5.0


def test_nested_cross_validation_matches_sklearn():
    from syllabus.base import is_classifier
    from syllabus.model_selection import cross_val_score

    inner = GridSearchCV(LogisticRegression(), {"C": [0.01, 1.0, 100.0]}, cv=3)
    assert is_classifier(inner)  # so the outer cv stratifies, as scikit-learn's does
    ours = cross_val_score(inner, X, Y_CLF, cv=4)
    theirs = skms.cross_val_score(
        skms.GridSearchCV(LogisticRegression(), {"C": [0.01, 1.0, 100.0]}, cv=3), X, Y_CLF, cv=4)
    assert_allclose(ours, theirs, rtol=1e-12)
