"""TimeSeriesSplit, LeavePGroupsOut and StratifiedGroupKFold give scikit-learn's splits."""

import numpy as np
import pytest
from numpy.testing import assert_array_equal
from sklearn import model_selection as skms

from syllabus.model_selection import LeavePGroupsOut, StratifiedGroupKFold, TimeSeriesSplit


def _assert_same_splits(ours, theirs, X, y=None, groups=None):
    got = list(ours.split(X, y, groups))
    expected = list(theirs.split(X, y, groups))
    assert len(got) == len(expected) == ours.get_n_splits(X, y, groups)
    for (train, test), (train_ref, test_ref) in zip(got, expected):
        assert_array_equal(train, train_ref)
        assert_array_equal(test, test_ref)
    return got


@pytest.mark.parametrize("n_samples", [6, 11, 30])
@pytest.mark.parametrize("kwargs", [{}, {"n_splits": 3}, {"n_splits": 2, "max_train_size": 3},
                                    {"n_splits": 3, "test_size": 2},
                                    {"n_splits": 2, "test_size": 2, "gap": 1}])
def test_time_series_split_same_as_sklearn(n_samples, kwargs):
    X = np.zeros((n_samples, 2))
    try:
        list(skms.TimeSeriesSplit(**kwargs).split(X))
    except ValueError as error:  # too few samples: the same refusal
        with pytest.raises(ValueError, match=str(error).replace("(", "\\(")):
            list(TimeSeriesSplit(**kwargs).split(X))
        return
    for train, test in _assert_same_splits(TimeSeriesSplit(**kwargs),
                                           skms.TimeSeriesSplit(**kwargs), X):
        assert train.max() + kwargs.get("gap", 0) < test.min()  # never trains on the future


def test_time_series_split_errors_and_repr():
    with pytest.raises(ValueError, match="Cannot have number of folds=6 greater than"):
        list(TimeSeriesSplit().split(np.zeros(5)))
    with pytest.raises(ValueError, match="Too many splits=3 for number of samples=10 with "
                                         "test_size=3 and gap=2"):
        list(TimeSeriesSplit(3, test_size=3, gap=2).split(np.zeros(10)))
    assert repr(TimeSeriesSplit(3)) == repr(skms.TimeSeriesSplit(3))


@pytest.mark.parametrize("n_groups", [1, 2, 3])
def test_leave_p_groups_out_same_as_sklearn(n_groups):
    rng = np.random.default_rng(0)
    groups = rng.choice(["a", "b", "c", "d", "e"], size=25)
    X = np.zeros((25, 1))
    _assert_same_splits(LeavePGroupsOut(n_groups), skms.LeavePGroupsOut(n_groups), X,
                        groups=groups)
    with pytest.raises(ValueError, match="at least n_groups \\+ 1"):
        list(LeavePGroupsOut(5).split(X, groups=groups))
    with pytest.raises(ValueError, match="'groups' parameter should not be None"):
        list(LeavePGroupsOut(1).split(X))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("n_splits", [2, 3, 4])
@pytest.mark.parametrize("shuffle", [False, True])
def test_stratified_group_kfold_same_as_sklearn(seed, n_splits, shuffle):
    rng = np.random.default_rng(seed)
    n = 60
    groups = rng.integers(0, 12, size=n)
    y = (rng.random(n) < 0.3 + 0.04 * groups).astype(int) + (groups % 5 == 0)
    X = np.zeros((n, 1))
    random_state = seed if shuffle else None
    splits = _assert_same_splits(
        StratifiedGroupKFold(n_splits, shuffle=shuffle, random_state=random_state),
        skms.StratifiedGroupKFold(n_splits, shuffle=shuffle, random_state=random_state),
        X, y, groups)
    for train, test in splits:  # a group never straddles train and test
        assert not set(groups[train]) & set(groups[test])


def test_stratified_group_kfold_errors():
    X = np.zeros((6, 1))
    with pytest.raises(ValueError, match="Supported target types"):
        list(StratifiedGroupKFold(2).split(X, [0.5] * 6, [1, 1, 2, 2, 3, 3]))
    with pytest.raises(ValueError, match="number of groups: 2"):
        list(StratifiedGroupKFold(3).split(X, [0, 1] * 3, [1, 1, 1, 2, 2, 2]))
    with pytest.warns(UserWarning, match="least populated class in y has only 2"):
        list(StratifiedGroupKFold(3).split(np.zeros((8, 1)), [0] * 6 + [1] * 2,
                                           [1, 2, 3, 4, 5, 6, 7, 8]))
