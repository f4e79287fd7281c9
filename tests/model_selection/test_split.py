"""KFold, StratifiedKFold and train_test_split give scikit-learn's splits, index for index."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal
from sklearn import model_selection as skms

from syllabus.model_selection import KFold, StratifiedKFold, check_cv, train_test_split


def _folds(splitter, X, y=None):
    return [(train, test) for train, test in splitter.split(X, y)]


def _assert_same_folds(ours, theirs):
    assert len(ours) == len(theirs)
    for (train, test), (train_ref, test_ref) in zip(ours, theirs):
        assert_array_equal(train, train_ref)
        assert_array_equal(test, test_ref)


def _assert_partition(folds, n_samples):
    """Each sample is tested exactly once; train and test are complementary and sorted."""
    tested = np.concatenate([test for _, test in folds])
    assert_array_equal(np.sort(tested), np.arange(n_samples))
    for train, test in folds:
        assert_array_equal(np.sort(np.concatenate([train, test])), np.arange(n_samples))
        assert np.all(np.diff(train) > 0) and np.all(np.diff(test) > 0)


@pytest.mark.parametrize("n_samples", [5, 7, 10, 23])
@pytest.mark.parametrize("n_splits", [2, 3, 5])
def test_kfold_same_folds_as_sklearn(n_samples, n_splits):
    X = np.zeros((n_samples, 2))
    ours = _folds(KFold(n_splits), X)
    _assert_same_folds(ours, _folds(skms.KFold(n_splits), X))
    _assert_partition(ours, n_samples)
    # First n % k folds have one more sample.
    sizes = [len(test) for _, test in ours]
    expected = [n_samples // n_splits + (k < n_samples % n_splits) for k in range(n_splits)]
    assert sizes == expected
    for seed in (0, 42):
        shuffled = _folds(KFold(n_splits, shuffle=True, random_state=seed), X)
        _assert_same_folds(
            shuffled, _folds(skms.KFold(n_splits, shuffle=True, random_state=seed), X))
        _assert_partition(shuffled, n_samples)
        assert sorted(len(t) for _, t in shuffled) == sorted(expected)


def test_kfold_shuffle_determinism_and_random_state_instance():
    X = np.zeros(20)
    first = _folds(KFold(4, shuffle=True, random_state=3), X)
    _assert_same_folds(first, _folds(KFold(4, shuffle=True, random_state=3), X))
    assert any(not np.array_equal(a[1], b[1]) for a, b in
               zip(first, _folds(KFold(4, shuffle=True, random_state=4), X)))
    # A RandomState instance moves on between calls, as in scikit-learn.
    ours_rs, theirs_rs = np.random.RandomState(7), np.random.RandomState(7)
    ours_kf = KFold(4, shuffle=True, random_state=ours_rs)
    theirs_kf = skms.KFold(4, shuffle=True, random_state=theirs_rs)
    for _ in range(2):
        _assert_same_folds(_folds(ours_kf, X), _folds(theirs_kf, X))


Y_CASES = [
    np.array([0] * 6 + [1] * 4),
    np.array([2, 0, 1, 1, 0, 2, 2, 1, 0, 0, 1, 2, 2, 2, 0]),
    np.array(list("abcabcaabbccaacb") + ["c", "a"]),
    np.r_[np.zeros(17, int), np.ones(5, int), np.full(9, 7)],
]


@pytest.mark.parametrize("y", Y_CASES)
@pytest.mark.parametrize("n_splits", [2, 3, 4])
def test_stratified_kfold_same_folds_as_sklearn(y, n_splits):
    X = np.zeros((len(y), 1))
    ours = _folds(StratifiedKFold(n_splits), X, y)
    _assert_same_folds(ours, _folds(skms.StratifiedKFold(n_splits), X, y))
    _assert_partition(ours, len(y))
    for seed in (0, 1, 2):
        shuffled = _folds(StratifiedKFold(n_splits, shuffle=True, random_state=seed), X, y)
        _assert_same_folds(
            shuffled, _folds(skms.StratifiedKFold(n_splits, shuffle=True, random_state=seed), X, y))
        _assert_partition(shuffled, len(y))


@pytest.mark.parametrize("y", Y_CASES)
def test_stratified_kfold_keeps_class_proportions(y):
    n_splits = 3
    for shuffle, seed in ((False, None), (True, 5)):
        for _, test in StratifiedKFold(n_splits, shuffle=shuffle, random_state=seed).split(y, y):
            for label in np.unique(y):
                total = np.sum(y == label)
                # Each fold gets floor or ceil of the class's share.
                assert abs(np.sum(y[test] == label) - total / n_splits) < 1


def test_stratified_kfold_without_shuffle_keeps_order_within_class():
    y = np.array([0, 1, 0, 1, 0, 1, 0, 1, 0, 1])
    tests = [test for _, test in StratifiedKFold(5).split(y, y)]
    # Class 0 samples (0, 2, 4, 6, 8) are dealt in blocks, in order.
    assert [t[y[t] == 0].tolist() for t in tests] == [[0], [2], [4], [6], [8]]


def test_stratified_kfold_warns_and_errors_like_sklearn():
    y = np.array([0] * 10 + [1] * 2)
    with pytest.warns(UserWarning, match="least populated class in y has only 2 members"):
        list(StratifiedKFold(3).split(y, y))
    with pytest.raises(ValueError, match="cannot be greater than the number of members"):
        list(StratifiedKFold(3).split(np.zeros(4), [0, 0, 1, 1]))
    with pytest.raises(ValueError, match="Supported target types"):
        list(StratifiedKFold(2).split(np.zeros(4), [0.1, 0.2, 0.3, 0.4]))
    with pytest.raises(ValueError, match="requires y"):
        list(StratifiedKFold(2).split(np.zeros(4), None))


@pytest.mark.parametrize("cls", [KFold, StratifiedKFold])
def test_splitter_parameter_errors(cls):
    with pytest.raises(ValueError, match="n_splits=2 or more"):
        cls(1)
    with pytest.raises(ValueError, match="Integral"):
        cls(2.5)
    with pytest.raises(TypeError, match="shuffle"):
        cls(3, shuffle="yes")
    with pytest.raises(ValueError, match="no effect since shuffle is False"):
        cls(3, random_state=0)
    with pytest.raises(ValueError, match="n_splits=5 greater than the number of samples"):
        list(cls(5).split(np.zeros(3), [0, 1, 0]))
    assert cls(4).get_n_splits() == 4
    assert repr(cls(3, shuffle=True, random_state=1)) == (
        f"{cls.__name__}(n_splits=3, random_state=1, shuffle=True)")


def test_check_cv():
    assert isinstance(check_cv(3, [0, 1, 0, 1, 0, 1], classifier=True), StratifiedKFold)
    assert isinstance(check_cv(3, [0.5, 1.5, 2.5], classifier=True), KFold)
    assert isinstance(check_cv(3, [0, 1, 0, 1], classifier=False), KFold)
    assert check_cv(None).get_n_splits() == 5
    custom = [(np.array([0, 1]), np.array([2])), (np.array([2]), np.array([0, 1]))]
    wrapped = check_cv(custom)
    assert wrapped.get_n_splits() == 2
    _assert_same_folds(list(wrapped.split(None)), custom)
    splitter = KFold(3)
    assert check_cv(splitter) is splitter
    with pytest.raises(ValueError, match="Expected `cv`"):
        check_cv("five")


SIZE_CASES = [
    dict(),
    dict(test_size=0.3),
    dict(test_size=4),
    dict(train_size=0.5),
    dict(train_size=11),
    dict(test_size=0.2, train_size=0.5),
    dict(test_size=3, train_size=7),
]


@pytest.mark.parametrize("sizes", SIZE_CASES)
@pytest.mark.parametrize("shuffle", [True, False])
def test_train_test_split_same_as_sklearn(sizes, shuffle):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(21, 3))
    y = np.arange(21)
    random_state = 3 if shuffle else None
    ours = train_test_split(X, y, shuffle=shuffle, random_state=random_state, **sizes)
    theirs = skms.train_test_split(X, y, shuffle=shuffle, random_state=random_state, **sizes)
    assert len(ours) == 4
    for a, b in zip(ours, theirs):
        assert_array_equal(a, b)
    X_train, X_test, y_train, y_test = ours
    assert_array_equal(X_train, X[y_train])
    assert_array_equal(X_test, X[y_test])
    assert not set(y_train) & set(y_test)


@pytest.mark.parametrize("sizes", SIZE_CASES[:4] + [dict(test_size=0.5, train_size=0.3)])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_stratified_train_test_split_same_as_sklearn(sizes, seed):
    y = np.array([0] * 9 + [1] * 7 + [2] * 5)
    X = np.arange(len(y) * 2).reshape(-1, 2)
    ours = train_test_split(X, y, stratify=y, random_state=seed, **sizes)
    theirs = skms.train_test_split(X, y, stratify=y, random_state=seed, **sizes)
    for a, b in zip(ours, theirs):
        assert_array_equal(a, b)
    _, _, y_train, y_test = ours
    for part in (y_train, y_test):
        # Proportions kept to within one sample per class.
        expected = np.bincount(y) * len(part) / len(y)
        assert np.all(np.abs(np.bincount(part, minlength=3) - expected) < 1)


def test_train_test_split_keeps_container_types():
    X_list = [[i, i + 1] for i in range(8)]
    y_list = list("abcdefgh")
    frame = pd.DataFrame({"a": range(8), "b": range(8, 16)})
    series = pd.Series(range(8))
    ours = train_test_split(X_list, y_list, frame, series, random_state=0)
    theirs = skms.train_test_split(X_list, y_list, frame, series, random_state=0)
    assert isinstance(ours[0], list) and isinstance(ours[2], list)
    assert ours[0] == theirs[0] and ours[3] == theirs[3]
    pd.testing.assert_frame_equal(ours[4], theirs[4])
    pd.testing.assert_series_equal(ours[7], theirs[7])


def test_train_test_split_random_state_determinism():
    X = np.arange(50)
    a = train_test_split(X, random_state=0)
    b = train_test_split(X, random_state=0)
    c = train_test_split(X, random_state=1)
    assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[1], c[1])


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(test_size=1.5), "test_size=1.5 should be either positive"),
        (dict(test_size=0), "test_size=0 should be either positive"),
        (dict(test_size=10), "test_size=10 should be either positive"),
        (dict(train_size=-1), "train_size=-1 should be either positive"),
        (dict(test_size=0.6, train_size=0.6), "The sum of test_size and train_size"),
        (dict(test_size=6, train_size=5), "should be smaller than the number of samples"),
        (dict(test_size="half"), "Invalid value for test_size"),
        (dict(shuffle=False, stratify=[0, 1] * 5), "not implemented for shuffle=False"),
        (dict(stratify=[0] * 9 + [1]), "least populated classes in y have only 1 member"),
        (dict(stratify=list(range(5)) * 2), "test_size = 3 should be greater or equal"),
    ],
)
def test_train_test_split_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        train_test_split(np.zeros((10, 2)), np.arange(10), **kwargs)


def test_train_test_split_input_errors():
    with pytest.raises(ValueError, match="At least one array"):
        train_test_split()
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        train_test_split(np.zeros((10, 2)), np.arange(9))
    with pytest.raises(ValueError, match="train set will be empty"):
        train_test_split(np.zeros((2, 1)), test_size=0.9)
