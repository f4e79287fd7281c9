"""Splitters, searches and cross-validation against scikit-learn, split for split."""

import warnings

import numpy as np
import pytest
import scipy.stats
import sklearn.model_selection as skms
from sklearn.svm import SVC as SkSVC

from syllabus import model_selection as ms
from syllabus.dummy import DummyClassifier
from syllabus.exceptions import FitFailedWarning, UndefinedMetricWarning
from syllabus.linear_model import Ridge
from syllabus.metrics import accuracy_score, make_scorer


def assert_same_splits(ours, theirs, X, y=None, groups=None):
    ours_splits = list(ours.split(X, y, groups))
    their_splits = list(theirs.split(X, y, groups))
    assert len(ours_splits) == len(their_splits) == ours.get_n_splits(X, y, groups)
    for (train, test), (ref_train, ref_test) in zip(ours_splits, their_splits):
        np.testing.assert_array_equal(train, ref_train)
        np.testing.assert_array_equal(test, ref_test)


@pytest.mark.parametrize("seed", range(5))
def test_splitters_give_scikit_learns_indices(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(12, 40))
    X = rng.normal(size=(n, 2))
    y = rng.integers(0, 3, n)
    y[:6] = [0, 0, 1, 1, 2, 2]  # at least two of each class
    groups = rng.integers(0, 6, n)
    groups[:6] = np.arange(6)
    cases = [
        ("GroupKFold", dict(n_splits=3), groups),
        ("GroupKFold", dict(n_splits=3, shuffle=True, random_state=seed), groups),
        ("LeaveOneOut", {}, None),
        ("LeavePOut", dict(p=2), None),
        ("LeaveOneGroupOut", {}, groups),
        ("ShuffleSplit", dict(n_splits=4, test_size=0.3, random_state=seed), None),
        ("ShuffleSplit", dict(n_splits=3, train_size=5, random_state=seed), None),
        ("GroupShuffleSplit", dict(n_splits=4, test_size=2, random_state=seed), groups),
        ("StratifiedShuffleSplit", dict(n_splits=4, test_size=0.4, random_state=seed), None),
        ("RepeatedKFold", dict(n_splits=3, n_repeats=2, random_state=seed), None),
        ("RepeatedStratifiedKFold", dict(n_splits=2, n_repeats=3, random_state=seed), None),
        ("KFold", dict(n_splits=4, shuffle=True, random_state=seed), None),
    ]
    for name, kwargs, g in cases:
        assert_same_splits(getattr(ms, name)(**kwargs), getattr(skms, name)(**kwargs), X, y, g)
    fold = rng.integers(-1, 3, n)
    assert_same_splits(ms.PredefinedSplit(fold), skms.PredefinedSplit(fold), X)


def test_splitters_that_ignore_groups_warn_as_scikit_learn():
    X, y, groups = np.zeros((10, 1)), np.array([0, 1] * 5), np.arange(10)
    for name in ("KFold", "StratifiedKFold", "ShuffleSplit", "LeaveOneOut"):
        with pytest.warns(UserWarning, match=f"The groups parameter is ignored by {name}"):
            list(getattr(ms, name)().split(X, y, groups))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        list(ms.GroupKFold(n_splits=2).split(X, y, groups))
    with pytest.raises(ValueError, match="'groups' parameter should not be None"):
        list(ms.GroupKFold(n_splits=2).split(X, y))


def test_parameter_sampler_draws_scikit_learns_candidates():
    lists = {"a": [1, 2, 3, 4], "b": ["x", "y", "z"], "c": [0.1, 1.0]}
    for n_iter in (1, 5, 23, 24):
        ours = list(ms.ParameterSampler(lists, n_iter, random_state=3))
        assert ours == list(skms.ParameterSampler(lists, n_iter, random_state=3))
    big = {"a": list(range(200)), "b": [0, 1]}  # ratio < 1%: tracking selection
    assert list(ms.ParameterSampler(big, 3, random_state=0)) == \
        list(skms.ParameterSampler(big, 3, random_state=0))
    dists = [{"a": scipy.stats.uniform(0, 2), "b": [1, 2, 3]}, {"c": scipy.stats.randint(0, 9)}]
    assert list(ms.ParameterSampler(dists, 7, random_state=1)) == \
        list(skms.ParameterSampler(dists, 7, random_state=1))
    grid = ms.ParameterGrid([{"a": [1, 2], "b": [3, 4, 5]}, {"c": [6]}])
    assert [grid[i] for i in range(len(grid))] == list(grid) == \
        [skms.ParameterGrid(grid.param_grid)[i] for i in range(len(grid))]


def test_randomized_search_matches_scikit_learn():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + rng.normal(scale=0.1, size=40)
    dists = {"alpha": scipy.stats.loguniform(1e-3, 1e2)}
    ours = ms.RandomizedSearchCV(Ridge(), dists, n_iter=6, cv=3, random_state=0).fit(X, y)
    from sklearn.linear_model import Ridge as SkRidge
    ref = skms.RandomizedSearchCV(SkRidge(), dists, n_iter=6, cv=3, random_state=0).fit(X, y)
    assert ours.cv_results_["params"] == ref.cv_results_["params"]
    np.testing.assert_allclose(ours.cv_results_["mean_test_score"],
                               ref.cv_results_["mean_test_score"], rtol=1e-8)
    assert ours.best_params_ == ref.best_params_


def test_grid_search_weights_test_folds_like_scikit_learn():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(30, 2))
    y = (X[:, 0] + rng.normal(scale=0.8, size=30) > 0).astype(int)
    w = rng.integers(1, 5, 30).astype(float)
    grid = {"strategy": ["most_frequent", "stratified", "uniform"], "random_state": [0]}
    from sklearn.dummy import DummyClassifier as SkDummy
    for scoring in ("accuracy", None, make_scorer(accuracy_score)):
        ours = ms.GridSearchCV(DummyClassifier(), grid, cv=3, scoring=scoring)
        ours.fit(X, y, sample_weight=w)
        ref_scoring = scoring if not callable(scoring) else "accuracy"
        ref = skms.GridSearchCV(SkDummy(), grid, cv=3, scoring=ref_scoring)
        ref.fit(X, y, sample_weight=w)
        for k in range(3):
            np.testing.assert_allclose(ours.cv_results_[f"split{k}_test_score"],
                                       ref.cv_results_[f"split{k}_test_score"], rtol=1e-12)
    # A scorer without sample_weight is called unweighted, with scikit-learn's warning.
    def unweighted(estimator, X, y):
        return accuracy_score(y, estimator.predict(X))

    with pytest.warns(UserWarning, match="does not support sample_weight"):
        ms.GridSearchCV(DummyClassifier(), grid, cv=3, scoring=unweighted).fit(
            X, y, sample_weight=w)


def test_callable_scorer_returning_a_dict_and_failing_scorers():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(24, 2)), np.array([0, 1] * 12)

    def two_scores(estimator, X, y):
        pred = estimator.predict(X)
        return {"acc": accuracy_score(y, pred), "wrong": float(np.sum(pred != y))}

    out = ms.cross_validate(DummyClassifier(), X, y, cv=3, scoring=two_scores)
    ref = skms.cross_validate(DummyClassifier(), X, y, cv=3, scoring=two_scores)
    for key in ("test_acc", "test_wrong"):
        np.testing.assert_allclose(out[key], ref[key], rtol=1e-12)
    search = ms.GridSearchCV(DummyClassifier(), {"strategy": ["prior", "uniform"]},
                             scoring=two_scores, refit="acc", cv=3).fit(X, y)
    assert search.multimetric_ and "mean_test_wrong" in search.cv_results_

    def broken(estimator, X, y):
        raise ZeroDivisionError("no score")

    with pytest.warns(UserWarning, match="Scoring failed"):
        scores = ms.cross_val_score(DummyClassifier(), X, y, cv=3, scoring=broken,
                                    error_score=-1.0)
    np.testing.assert_array_equal(scores, [-1.0, -1.0, -1.0])
    with pytest.raises(ZeroDivisionError):
        ms.cross_val_score(DummyClassifier(), X, y, cv=3, scoring=broken, error_score="raise")
    with pytest.warns(UserWarning, match="One or more of the test scores are non-finite"), \
            warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Scoring failed")
        ms.GridSearchCV(DummyClassifier(), {"strategy": ["prior"]}, scoring=broken,
                        cv=3).fit(X, y)


def test_precomputed_kernels_are_split_on_rows_and_columns():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(30, 3))
    y = (X[:, 0] > 0).astype(int)
    from syllabus.svm import SVC
    K = X @ X.T
    ours = ms.cross_val_score(SVC(kernel="precomputed"), K, y, cv=3)
    ref = skms.cross_val_score(SkSVC(kernel="precomputed"), K, y, cv=3)
    np.testing.assert_allclose(ours, ref, rtol=1e-12)
    with pytest.raises(ValueError, match="square kernel matrix"):
        ms.cross_val_score(SVC(kernel="precomputed"), X, y, cv=3)


def test_groups_reach_the_splitter_in_cross_validation_and_search():
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(20, 2)), rng.normal(size=20)
    groups = np.repeat(np.arange(5), 4)
    out = ms.cross_validate(Ridge(), X, y, groups=groups, cv=ms.GroupKFold(5),
                            return_indices=True)
    for test in out["indices"]["test"]:
        assert len(np.unique(groups[test])) == 1
    from sklearn.linear_model import Ridge as SkRidge
    ref = skms.cross_val_score(SkRidge(), X, y, groups=groups, cv=skms.GroupKFold(5))
    np.testing.assert_allclose(
        ms.cross_val_score(Ridge(), X, y, groups=groups, cv=ms.GroupKFold(5)), ref, rtol=1e-8)
    search = ms.GridSearchCV(Ridge(), {"alpha": [0.1, 1.0]}, cv=ms.LeaveOneGroupOut())
    assert search.fit(X, y, groups=groups).n_splits_ == 5


def test_warnings_are_scikit_learns_types():
    from sklearn.exceptions import FitFailedWarning as SkFit
    from sklearn.exceptions import UndefinedMetricWarning as SkUndefined

    from syllabus.metrics import precision_score
    with pytest.warns(SkUndefined) as caught:
        precision_score([0, 1], [0, 0])
    assert any(issubclass(w.category, UndefinedMetricWarning) for w in caught)
    for warning in (FitFailedWarning("x"), UndefinedMetricWarning("x")):
        assert isinstance(warning, (SkFit, SkUndefined))


@pytest.mark.parametrize("return_train_score", [False, True])
def test_verbose_fit_reports_are_laid_out_as_scikit_learns(capsys, return_train_score):
    X, y = np.zeros((12, 1)), np.array([0, 1, 1] * 4)
    grid = {"strategy": ["prior", "uniform"], "random_state": [0]}
    kwargs = dict(cv=3, verbose=3, return_train_score=return_train_score)

    def reports():
        lines = capsys.readouterr().out.splitlines()
        return [line.split(" total time=")[0] for line in lines if line.startswith("[CV")]

    ms.GridSearchCV(DummyClassifier(), grid, **kwargs).fit(X, y)
    ours = reports()
    skms.GridSearchCV(DummyClassifier(), grid, **kwargs).fit(X, y)
    assert ours == reports() and len(ours) == 6


def test_sparse_fit_params_are_split_with_the_rows():
    import scipy.sparse as sp

    class RecordsRows(DummyClassifier):
        def fit(self, X, y, extra=None):
            self.extra_rows_ = extra.toarray()[:, 0]
            return super().fit(X, y)

    X, y = np.arange(12.0).reshape(12, 1), np.array([0, 1] * 6)
    extra = sp.coo_matrix(np.arange(12.0).reshape(12, 1))
    out = ms.cross_validate(RecordsRows(), X, y, cv=3, params={"extra": extra},
                            return_estimator=True, return_indices=True)
    for estimator, train in zip(out["estimator"], out["indices"]["train"]):
        np.testing.assert_array_equal(estimator.extra_rows_, train)


def test_search_without_scoring_needs_a_score_method_before_anything_else():
    class NoScore(DummyClassifier):
        @property
        def score(self):
            raise AttributeError

    with pytest.raises(TypeError, match="no scoring|should have a 'score' method"):
        ms.GridSearchCV(NoScore(), {"strategy": ["prior"]}).fit([[1]])


def test_randomized_search_saves_and_loads(tmp_path):
    from syllabus import io

    rng = np.random.default_rng(5)
    X = rng.normal(size=(30, 2))
    y = X @ np.array([1.0, -1.0]) + rng.normal(scale=0.1, size=30)
    search = ms.RandomizedSearchCV(Ridge(), {"alpha": [0.01, 0.1, 1.0, 10.0]}, n_iter=3,
                                   cv=3, random_state=0).fit(X, y, sample_weight=np.ones(30))
    io.save(search, tmp_path / "rs.safetensors")
    back = io.load(tmp_path / "rs.safetensors")
    assert back.best_params_ == search.best_params_
    np.testing.assert_array_equal(back.predict(X), search.predict(X))
    assert back.score(X, y) == search.score(X, y)
