"""Splitting data: k-fold and stratified k-fold cross-validators, train/test split.

The folds are scikit-learn's, index for index, for the same ``random_state``: both libraries
draw from a ``RandomState`` in the same order, so a result computed with syllabus can be
checked split by split against scikit-learn.
"""

from __future__ import annotations

import inspect
import numbers
import warnings
from collections.abc import Iterable, Iterator
from itertools import combinations
from math import ceil, comb, floor
from typing import Any

import numpy as np
from numba import njit

from ..utils import check_array, check_random_state, column_or_1d, type_of_target
from ..utils._validation import _num_samples, check_consistent_length

__all__ = [
    "GroupKFold",
    "GroupShuffleSplit",
    "KFold",
    "LeaveOneGroupOut",
    "LeaveOneOut",
    "LeavePGroupsOut",
    "LeavePOut",
    "PredefinedSplit",
    "RepeatedKFold",
    "RepeatedStratifiedKFold",
    "ShuffleSplit",
    "StratifiedGroupKFold",
    "StratifiedKFold",
    "StratifiedShuffleSplit",
    "TimeSeriesSplit",
    "check_cv",
    "train_test_split",
]


def _warn_ignored_groups(splitter: Any, groups: Any) -> None:
    if groups is not None and not getattr(splitter, "_uses_groups", False):
        warnings.warn(f"The groups parameter is ignored by {type(splitter).__name__}",
                      UserWarning, stacklevel=3)


def _check_groups(groups: Any, n_samples: int | None = None) -> np.ndarray:
    if groups is None:
        raise ValueError("The 'groups' parameter should not be None.")
    groups = column_or_1d(check_array(groups, ensure_2d=False, dtype=None, input_name="groups"),
                          input_name="groups")
    if n_samples is not None and groups.shape[0] != n_samples:
        raise ValueError(f"Found input variables with inconsistent numbers of samples: "
                         f"[{n_samples}, {groups.shape[0]}]")
    return groups


def _splitter_repr(splitter: Any) -> str:
    """``Name(param=value, ...)`` with the constructor's parameters sorted, as scikit-learn's."""
    names = [p for p in inspect.signature(type(splitter).__init__).parameters if p != "self"]
    names = [p for p in names if hasattr(splitter, p)]
    return f"{type(splitter).__name__}(" + ", ".join(
        f"{name}={getattr(splitter, name)!r}" for name in sorted(names)) + ")"


class _BaseKFold:
    """Shared by the k-fold splitters: parameters, ``split`` from test masks, ``repr``."""

    def __init__(self, n_splits: int, *, shuffle: bool, random_state: Any) -> None:
        if isinstance(n_splits, bool) or not isinstance(n_splits, numbers.Integral):
            raise ValueError(
                f"The number of folds must be of Integral type. {n_splits!r} of type "
                f"{type(n_splits).__name__} was passed."
            )
        if n_splits <= 1:
            raise ValueError(
                "k-fold cross-validation requires at least one train/test split by setting "
                f"n_splits=2 or more, got n_splits={n_splits}."
            )
        if not isinstance(shuffle, (bool, np.bool_)):
            raise TypeError(f"shuffle must be True or False; got {shuffle!r}")
        if not shuffle and random_state is not None:
            raise ValueError(
                "Setting a random_state has no effect since shuffle is False. You should "
                "leave random_state to its default (None), or set shuffle=True."
            )
        self.n_splits = int(n_splits)
        self.shuffle = bool(shuffle)
        self.random_state = random_state

    def split(
        self, X: Any, y: Any = None, groups: Any = None
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(train_index, test_index)`` for each fold, both sorted.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Only its length is used.
        y : array-like of shape (n_samples,), default=None
            Class labels (required by :class:`StratifiedKFold`).
        groups : None
            Ignored; present for API compatibility.

        Yields
        ------
        train : ndarray of int
        test : ndarray of int
        """
        _warn_ignored_groups(self, groups)  # at the call, as scikit-learn's
        return self._split(X, y, groups)

    def _split(self, X: Any, y: Any, groups: Any) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        n_samples = _num_samples(X)
        if y is not None:
            check_consistent_length(X, y)
        if self.n_splits > n_samples:
            raise ValueError(
                f"Cannot have number of splits n_splits={self.n_splits} greater than the "
                f"number of samples: n_samples={n_samples}."
            )
        for in_test in self._test_masks(n_samples, y, groups):
            yield np.flatnonzero(~in_test), np.flatnonzero(in_test)

    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int:
        """Number of folds (``n_splits``)."""
        return self.n_splits

    def _test_masks(self, n_samples: int, y: Any, groups: Any = None) -> Iterator[np.ndarray]:
        """One boolean mask of the test samples per fold."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(n_splits={self.n_splits}, "
                f"random_state={self.random_state!r}, shuffle={self.shuffle})")


class KFold(_BaseKFold):
    """K-fold cross-validator: ``n_splits`` consecutive folds, each used once as test set.

    The first ``n_samples % n_splits`` folds have ``n_samples // n_splits + 1`` samples, the
    others ``n_samples // n_splits`` (as in scikit-learn).

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds, at least 2.
    shuffle : bool, default=False
        Shuffle the samples before cutting them into folds.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffle (only with ``shuffle=True``). The same int gives the same folds
        as scikit-learn's ``KFold``.

    Examples
    --------
    >>> from syllabus.model_selection import KFold
    >>> for train, test in KFold(n_splits=3).split(range(5)):
    ...     print(train.tolist(), test.tolist())
    [2, 3, 4] [0, 1]
    [0, 1, 4] [2, 3]
    [0, 1, 2, 3] [4]
    """

    def __init__(self, n_splits: int = 5, *, shuffle: bool = False, random_state: Any = None):
        super().__init__(n_splits, shuffle=shuffle, random_state=random_state)

    def _test_masks(self, n_samples: int, y: Any, groups: Any = None) -> Iterator[np.ndarray]:
        fold_sizes = np.full(self.n_splits, n_samples // self.n_splits)
        fold_sizes[: n_samples % self.n_splits] += 1
        order = np.arange(n_samples)
        if self.shuffle:
            check_random_state(self.random_state).shuffle(order)
        # Fold k tests the k-th consecutive block of ``order``.
        stops = np.cumsum(fold_sizes)
        for start, stop in zip(stops - fold_sizes, stops):
            in_test = np.zeros(n_samples, dtype=bool)
            in_test[order[start:stop]] = True
            yield in_test


class StratifiedKFold(_BaseKFold):
    """K-fold cross-validator whose folds keep the class proportions of ``y``.

    The samples of each class are dealt to the folds as evenly as possible; without
    shuffling, each class's samples go to the folds in blocks, in their order in ``y``.
    The folds are scikit-learn's for the same parameters.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds, at least 2.
    shuffle : bool, default=False
        Shuffle each class's fold assignment.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffle (only with ``shuffle=True``).

    Examples
    --------
    >>> from syllabus.model_selection import StratifiedKFold
    >>> y = [0, 0, 0, 0, 1, 1]
    >>> for train, test in StratifiedKFold(n_splits=2).split(y, y):
    ...     print(test.tolist())
    [0, 1, 4]
    [2, 3, 5]
    """

    def __init__(self, n_splits: int = 5, *, shuffle: bool = False, random_state: Any = None):
        super().__init__(n_splits, shuffle=shuffle, random_state=random_state)

    def split(
        self, X: Any, y: Any, groups: Any = None
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(train_index, test_index)`` for each fold; ``y`` holds the class labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Only its length is used (``np.zeros(n_samples)`` will do).
        y : array-like of shape (n_samples,)
            Class labels used for the stratification.
        groups : None
            Ignored.

        Yields
        ------
        train : ndarray of int
        test : ndarray of int
        """
        if y is None:
            raise ValueError("StratifiedKFold.split requires y (the class labels), got None.")
        return super().split(X, y, groups)

    def _test_masks(self, n_samples: int, y: Any, groups: Any = None) -> Iterator[np.ndarray]:
        rng = check_random_state(self.random_state)
        y = np.asarray(y)
        kind = type_of_target(y)
        if kind not in ("binary", "multiclass"):
            raise ValueError(
                f"Supported target types are: ('binary', 'multiclass'). Got {kind!r} instead."
            )
        y = column_or_1d(y)
        # Classes numbered by order of first appearance in y, as scikit-learn does.
        _, first_index, inverse = np.unique(y, return_index=True, return_inverse=True)
        y_encoded = np.argsort(np.argsort(first_index))[inverse.reshape(-1)]
        n_classes = len(first_index)
        class_counts = np.bincount(y_encoded, minlength=n_classes)
        if np.all(self.n_splits > class_counts):
            raise ValueError(
                f"n_splits={self.n_splits} cannot be greater than the number of members in "
                "each class."
            )
        if self.n_splits > class_counts.min():
            warnings.warn(
                f"The least populated class in y has only {class_counts.min()} members, "
                f"which is less than n_splits={self.n_splits}.",
                UserWarning,
                stacklevel=3,
            )
        # Deal the class-sorted samples round-robin to the folds: allocation[k, c] is the
        # number of samples of class c in test fold k.
        allocation = np.zeros((self.n_splits, n_classes), dtype=np.intp)
        np.add.at(allocation, (np.arange(n_samples) % self.n_splits, np.sort(y_encoded)), 1)
        test_fold = np.empty(n_samples, dtype=np.intp)
        for c in range(n_classes):
            folds_for_class = np.repeat(np.arange(self.n_splits), allocation[:, c])
            if self.shuffle:
                rng.shuffle(folds_for_class)
            test_fold[y_encoded == c] = folds_for_class
        for k in range(self.n_splits):
            yield test_fold == k


class GroupKFold(_BaseKFold):
    """K-fold cross-validator whose folds never split a group: each group is tested once.

    Without shuffling, groups go (largest first) to the fold with the fewest samples so
    far, so folds are about equally large; with ``shuffle=True`` the shuffled groups are
    cut into ``n_splits`` near-equal blocks. The folds are scikit-learn's.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds, at least 2 and at most the number of groups.
    shuffle : bool, default=False
        Shuffle the groups before cutting them into folds.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffle (only with ``shuffle=True``).

    Examples
    --------
    >>> from syllabus.model_selection import GroupKFold
    >>> groups = ["a", "a", "b", "c", "c", "c"]
    >>> [test.tolist() for _, test in GroupKFold(n_splits=2).split(groups, groups=groups)]
    [[3, 4, 5], [0, 1, 2]]
    """

    _uses_groups = True

    def __init__(self, n_splits: int = 5, *, shuffle: bool = False, random_state: Any = None):
        super().__init__(n_splits, shuffle=shuffle, random_state=random_state)

    def _test_masks(self, n_samples: int, y: Any, groups: Any = None) -> Iterator[np.ndarray]:
        groups = _check_groups(groups, n_samples)
        unique_groups, group_index = np.unique(groups, return_inverse=True)
        if self.n_splits > len(unique_groups):
            raise ValueError(
                f"Cannot have number of splits n_splits={self.n_splits} greater than the "
                f"number of groups: {len(unique_groups)}."
            )
        if self.shuffle:
            order = check_random_state(self.random_state).permutation(len(unique_groups))
            group_fold = np.empty(len(unique_groups), dtype=np.intp)
            for fold, block in enumerate(np.array_split(order, self.n_splits)):
                group_fold[block] = fold
        else:
            group_fold = _largest_group_to_lightest_fold(
                np.bincount(group_index).astype(np.int64), self.n_splits)
        sample_fold = group_fold[group_index]
        for fold in range(self.n_splits):
            yield sample_fold == fold


class StratifiedGroupKFold(_BaseKFold):
    """K-fold over groups that also keeps each fold's class proportions close to the whole.

    A greedy assignment, as scikit-learn's: the groups, those with the most uneven class
    counts first (ties in the given, or shuffled, order), each join the fold that makes the
    per-class fractions ``counts[fold, c] / counts[c]`` least spread over the folds (mean
    over classes of their standard deviation); on a tie the fold with fewer samples wins.
    The folds are scikit-learn's.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds, at least 2 and at most the number of groups.
    shuffle : bool, default=False
        Shuffle the groups before the assignment (changes which of equally uneven groups
        goes first).
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffle (only with ``shuffle=True``).

    Examples
    --------
    >>> from syllabus.model_selection import StratifiedGroupKFold
    >>> y = [0, 0, 1, 1, 0, 0, 1, 1]
    >>> groups = [1, 1, 2, 2, 3, 3, 4, 4]
    >>> cv = StratifiedGroupKFold(n_splits=2)
    >>> [test.tolist() for _, test in cv.split(y, y, groups)]
    [[0, 1, 6, 7], [2, 3, 4, 5]]
    """

    _uses_groups = True

    def __init__(self, n_splits: int = 5, shuffle: bool = False, random_state: Any = None):
        super().__init__(n_splits, shuffle=shuffle, random_state=random_state)

    def split(
        self, X: Any, y: Any, groups: Any = None
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(train_index, test_index)`` for each fold; ``y`` holds the classes."""
        return super().split(X, y, groups)

    def _test_masks(self, n_samples: int, y: Any, groups: Any = None) -> Iterator[np.ndarray]:
        rng = check_random_state(self.random_state)
        kind = type_of_target(y)
        if kind not in ("binary", "multiclass"):
            raise ValueError(f"Supported target types are: ('binary', 'multiclass'). "
                             f"Got {kind!r} instead.")
        _, y_index, class_counts = np.unique(column_or_1d(y), return_inverse=True,
                                             return_counts=True)
        if np.all(self.n_splits > class_counts):
            raise ValueError(f"n_splits={self.n_splits} cannot be greater than the number "
                             "of members in each class.")
        if self.n_splits > class_counts.min():
            warnings.warn(f"The least populated class in y has only {class_counts.min()} "
                          f"members, which is less than n_splits={self.n_splits}.",
                          UserWarning, stacklevel=4)
        _, group_index = np.unique(_check_groups(groups, n_samples), return_inverse=True)
        n_groups = group_index.max() + 1
        if self.n_splits > n_groups:
            raise ValueError(f"Cannot have number of splits n_splits={self.n_splits} greater "
                             f"than the number of groups: {n_groups}.")
        group_counts = np.zeros((n_groups, len(class_counts)))
        np.add.at(group_counts, (group_index, y_index), 1)
        if self.shuffle:
            order = np.arange(n_groups)
            rng.shuffle(order)
            group_counts = group_counts[order]
            position = np.empty_like(order)
            position[order] = np.arange(n_groups)
            group_index = position[group_index]
        fold_counts = np.zeros((self.n_splits, len(class_counts)))
        group_fold = np.empty(n_groups, dtype=np.intp)
        for g in np.argsort(-group_counts.std(axis=1), kind="stable"):
            fold = _most_balanced_fold(fold_counts, class_counts, group_counts[g])
            fold_counts[fold] += group_counts[g]
            group_fold[g] = fold
        sample_fold = group_fold[group_index]
        for fold in range(self.n_splits):
            yield sample_fold == fold


def _most_balanced_fold(fold_counts: np.ndarray, class_counts: np.ndarray,
                        group_counts: np.ndarray) -> int:
    """The fold whose class fractions stay least spread once the group joins it."""
    best, best_spread, best_size = 0, np.inf, np.inf
    for fold in range(fold_counts.shape[0]):
        fold_counts[fold] += group_counts
        spread = np.mean(np.std(fold_counts / class_counts, axis=0))
        fold_counts[fold] -= group_counts
        size = fold_counts[fold].sum()
        if spread < best_spread or (np.isclose(spread, best_spread) and size < best_size):
            best, best_spread, best_size = fold, spread, size
    return best


class TimeSeriesSplit(_BaseKFold):
    """Forward-chaining splits for ordered data: train on the past, test on what follows.

    The last ``n_splits * test_size`` samples are cut into ``n_splits`` consecutive test
    blocks; each trains on every sample before its block (the last ``max_train_size`` of
    them, if given), leaving out the ``gap`` samples just before it. Unlike k-fold, the
    training sets grow and no test sample precedes a training one.

    Parameters
    ----------
    n_splits : int, default=5
        Number of splits, at least 2.
    max_train_size : int, default=None
        Largest training set (the most recent samples are kept).
    test_size : int, default=None
        Size of each test block; default ``n_samples // (n_splits + 1)``.
    gap : int, default=0
        Samples dropped between the end of each training set and its test block.

    Examples
    --------
    >>> from syllabus.model_selection import TimeSeriesSplit
    >>> [(train.tolist(), test.tolist())
    ...  for train, test in TimeSeriesSplit(n_splits=3).split(list(range(6)))]
    [([0, 1, 2], [3]), ([0, 1, 2, 3], [4]), ([0, 1, 2, 3, 4], [5])]
    """

    def __init__(self, n_splits: int = 5, *, max_train_size: int | None = None,
                 test_size: int | None = None, gap: int = 0) -> None:
        super().__init__(n_splits, shuffle=False, random_state=None)
        self.max_train_size = max_train_size
        self.test_size = test_size
        self.gap = gap

    def _split(self, X: Any, y: Any, groups: Any) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        n_samples = _num_samples(X)
        n_splits, gap = self.n_splits, self.gap
        test_size = self.test_size if self.test_size is not None else \
            n_samples // (n_splits + 1)
        if n_splits + 1 > n_samples:
            raise ValueError(f"Cannot have number of folds={n_splits + 1} greater than the "
                             f"number of samples={n_samples}.")
        if n_samples - gap - test_size * n_splits <= 0:
            raise ValueError(f"Too many splits={n_splits} for number of samples={n_samples} "
                             f"with test_size={test_size} and gap={gap}.")
        indices = np.arange(n_samples)
        for test_start in range(n_samples - n_splits * test_size, n_samples, test_size):
            train_end = test_start - gap
            train_start = 0
            if self.max_train_size and self.max_train_size < train_end:
                train_start = train_end - self.max_train_size
            yield indices[train_start:train_end], indices[test_start:test_start + test_size]

    def __repr__(self) -> str:
        return _splitter_repr(self)


@njit(cache=True)
def _largest_group_to_lightest_fold(group_sizes, n_folds):  # pragma: no cover - numba
    """Greedy balancing: each group, largest first, joins the lightest fold so far."""
    order = np.argsort(group_sizes, kind="mergesort")[::-1]
    fold_sizes = np.zeros(n_folds)
    group_fold = np.zeros(group_sizes.shape[0], dtype=np.intp)
    for g in order:
        lightest = np.argmin(fold_sizes)
        fold_sizes[lightest] += group_sizes[g]
        group_fold[g] = lightest
    return group_fold


class _TestMaskSplitter:
    """A splitter defined by one boolean test mask per split (the rest is train)."""

    def split(self, X: Any, y: Any = None,
              groups: Any = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(train_index, test_index)`` for each split, both sorted.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Only its length is used.
        y : array-like of shape (n_samples,), default=None
            Ignored.
        groups : array-like of shape (n_samples,), default=None
            Group labels (for the group splitters; others ignore them with a warning).

        Yields
        ------
        train : ndarray of int
        test : ndarray of int
        """
        _warn_ignored_groups(self, groups)
        return self._split(_num_samples(X), groups)

    def _split(self, n_samples: int, groups: Any) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for in_test in self._test_masks(n_samples, groups):
            yield np.flatnonzero(~in_test), np.flatnonzero(in_test)

    def _test_masks(self, n_samples: int, groups: Any) -> Iterator[np.ndarray]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return _splitter_repr(self)


class LeaveOneOut(_TestMaskSplitter):
    """Leave-one-out: each sample is the test set once, the others the training set.

    Examples
    --------
    >>> from syllabus.model_selection import LeaveOneOut
    >>> [test.tolist() for _, test in LeaveOneOut().split([[1], [2], [3]])]
    [[0], [1], [2]]
    """

    def _test_masks(self, n_samples: int, groups: Any) -> Iterator[np.ndarray]:
        if n_samples <= 1:
            raise ValueError(f"Cannot perform LeaveOneOut with n_samples={n_samples}.")
        for i in range(n_samples):
            in_test = np.zeros(n_samples, dtype=bool)
            in_test[i] = True
            yield in_test

    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int:
        """Number of samples of ``X``."""
        if X is None:
            raise ValueError("The 'X' parameter should not be None.")
        return _num_samples(X)


class LeavePOut(_TestMaskSplitter):
    """Leave-p-out: every subset of ``p`` samples is a test set once (``C(n, p)`` splits).

    Parameters
    ----------
    p : int
        Size of the test sets.

    Examples
    --------
    >>> from syllabus.model_selection import LeavePOut
    >>> [test.tolist() for _, test in LeavePOut(2).split([[1], [2], [3]])]
    [[0, 1], [0, 2], [1, 2]]
    """

    def __init__(self, p: int) -> None:
        self.p = p

    def _test_masks(self, n_samples: int, groups: Any) -> Iterator[np.ndarray]:
        if n_samples <= self.p:
            raise ValueError(
                f"p={self.p} must be strictly less than the number of samples={n_samples}"
            )
        for subset in combinations(range(n_samples), self.p):
            in_test = np.zeros(n_samples, dtype=bool)
            in_test[list(subset)] = True
            yield in_test

    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int:
        """``C(n_samples, p)``."""
        if X is None:
            raise ValueError("The 'X' parameter should not be None.")
        return comb(_num_samples(X), self.p)


class LeaveOneGroupOut(_TestMaskSplitter):
    """Leave-one-group-out: each group is the test set once, in sorted group order.

    Examples
    --------
    >>> from syllabus.model_selection import LeaveOneGroupOut
    >>> splits = LeaveOneGroupOut().split([[0]] * 4, groups=[2, 1, 2, 1])
    >>> [test.tolist() for _, test in splits]
    [[1, 3], [0, 2]]
    """

    _uses_groups = True

    def _test_masks(self, n_samples: int, groups: Any) -> Iterator[np.ndarray]:
        groups = _check_groups(groups, n_samples)
        unique_groups = np.unique(groups)
        if len(unique_groups) <= 1:
            raise ValueError(
                f"The groups parameter contains fewer than 2 unique groups ({unique_groups}). "
                "LeaveOneGroupOut expects at least 2."
            )
        for group in unique_groups:
            yield groups == group

    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int:
        """Number of distinct groups."""
        return len(np.unique(_check_groups(groups)))


class LeavePGroupsOut(_TestMaskSplitter):
    """Leave-p-groups-out: every set of ``n_groups`` groups is the test set once.

    Parameters
    ----------
    n_groups : int
        Number of groups in each test set.

    Examples
    --------
    >>> from syllabus.model_selection import LeavePGroupsOut
    >>> splits = LeavePGroupsOut(n_groups=2).split([[0]] * 3, groups=[1, 2, 3])
    >>> [test.tolist() for _, test in splits]
    [[0, 1], [0, 2], [1, 2]]
    """

    _uses_groups = True

    def __init__(self, n_groups: int) -> None:
        self.n_groups = n_groups

    def _test_masks(self, n_samples: int, groups: Any) -> Iterator[np.ndarray]:
        groups = _check_groups(groups, n_samples)
        unique_groups = np.unique(groups)
        if self.n_groups >= len(unique_groups):
            raise ValueError(
                f"The groups parameter contains fewer than (or equal to) n_groups "
                f"({self.n_groups}) numbers of unique groups ({unique_groups}). "
                f"LeavePGroupsOut expects that at least n_groups + 1 ({self.n_groups + 1}) "
                "unique groups be present"
            )
        for subset in combinations(unique_groups, self.n_groups):
            yield np.isin(groups, subset)

    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int:
        """``C(n_distinct_groups, n_groups)``."""
        return comb(len(np.unique(_check_groups(groups))), self.n_groups)


class PredefinedSplit(_TestMaskSplitter):
    """Splits given by a fold number per sample (-1: always in the training set).

    Parameters
    ----------
    test_fold : array-like of int of shape (n_samples,)
        The test fold of each sample.

    Examples
    --------
    >>> from syllabus.model_selection import PredefinedSplit
    >>> [test.tolist() for _, test in PredefinedSplit([0, 1, -1, 1]).split()]
    [[0], [1, 3]]
    """

    def __init__(self, test_fold: Any) -> None:
        self.test_fold = column_or_1d(np.array(test_fold, dtype=int))
        self.unique_folds = np.unique(self.test_fold)
        self.unique_folds = self.unique_folds[self.unique_folds != -1]

    def split(self, X: Any = None, y: Any = None,
              groups: Any = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(train_index, test_index)`` for each fold of ``test_fold``."""
        _warn_ignored_groups(self, groups)
        return self._split(len(self.test_fold), None)

    def _test_masks(self, n_samples: int, groups: Any) -> Iterator[np.ndarray]:
        for fold in self.unique_folds:
            yield self.test_fold == fold

    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int:
        """Number of folds."""
        return len(self.unique_folds)


class _RepeatedSplits:
    """``n_repeats`` runs of a shuffled k-fold splitter, each with new draws of one rng."""

    _cv: type = KFold

    def __init__(self, *, n_splits: int = 5, n_repeats: int = 10,
                 random_state: Any = None) -> None:
        if isinstance(n_repeats, bool) or not isinstance(n_repeats, numbers.Integral):
            raise ValueError("Number of repetitions must be of Integral type.")
        if n_repeats <= 0:
            raise ValueError("Number of repetitions must be greater than 0.")
        self.n_splits = n_splits
        self.n_repeats = n_repeats
        self.random_state = random_state

    def split(self, X: Any, y: Any = None,
              groups: Any = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield the ``(train_index, test_index)`` of every fold of every repetition."""
        _warn_ignored_groups(self, groups)
        return self._split(X, y)

    def _split(self, X: Any, y: Any) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        rng = check_random_state(self.random_state)
        for _ in range(self.n_repeats):
            yield from self._cv(self.n_splits, shuffle=True, random_state=rng).split(X, y)

    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int:
        """``n_splits * n_repeats``."""
        return self.n_splits * self.n_repeats

    def __repr__(self) -> str:
        return _splitter_repr(self)


class RepeatedKFold(_RepeatedSplits):
    """:class:`KFold` repeated ``n_repeats`` times with different shuffles.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds.
    n_repeats : int, default=10
        Number of repetitions.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffles (the same folds as scikit-learn's for the same int).

    Examples
    --------
    >>> from syllabus.model_selection import RepeatedKFold
    >>> RepeatedKFold(n_splits=2, n_repeats=3).get_n_splits()
    6
    """


class RepeatedStratifiedKFold(_RepeatedSplits):
    """:class:`StratifiedKFold` repeated ``n_repeats`` times with different shuffles.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds.
    n_repeats : int, default=10
        Number of repetitions.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffles.

    Examples
    --------
    >>> from syllabus.model_selection import RepeatedStratifiedKFold
    >>> RepeatedStratifiedKFold(n_splits=2, n_repeats=2).get_n_splits()
    4
    """

    _cv = StratifiedKFold

    def split(self, X: Any, y: Any,
              groups: Any = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield stratified ``(train_index, test_index)`` pairs; ``y`` holds the classes."""
        return super().split(X, y, groups)


class _BaseShuffleSplit:
    """``n_splits`` independent random train/test partitions drawn from one rng."""

    _default_test_size = 0.1

    def __init__(self, n_splits: int = 10, *, test_size: float | int | None = None,
                 train_size: float | int | None = None, random_state: Any = None) -> None:
        self.n_splits = n_splits
        self.test_size = test_size
        self.train_size = train_size
        self.random_state = random_state

    def split(self, X: Any, y: Any = None,
              groups: Any = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(train_index, test_index)`` for each split (in random order).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Only its length is used.
        y : array-like of shape (n_samples,), default=None
            Class labels (:class:`StratifiedShuffleSplit` only).
        groups : array-like of shape (n_samples,), default=None
            Group labels (:class:`GroupShuffleSplit` only).

        Yields
        ------
        train : ndarray of int
        test : ndarray of int
        """
        _warn_ignored_groups(self, groups)
        return self._iter_indices(X, y, groups)

    def _sizes(self, n_samples: int) -> tuple[int, int]:
        return _train_test_sizes(n_samples, self.test_size, self.train_size,
                                 self._default_test_size)

    def _iter_indices(self, X: Any, y: Any, groups: Any):
        n_samples = _num_samples(X)
        n_train, n_test = self._sizes(n_samples)
        rng = check_random_state(self.random_state)
        for _ in range(self.n_splits):
            permutation = rng.permutation(n_samples)
            yield permutation[n_test:n_test + n_train], permutation[:n_test]

    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int:
        """``n_splits``."""
        return self.n_splits

    def __repr__(self) -> str:
        return _splitter_repr(self)


class ShuffleSplit(_BaseShuffleSplit):
    """Random permutation cross-validator: ``n_splits`` independent random train/test splits.

    Test sets may overlap between splits. The splits are scikit-learn's for the same
    ``random_state`` (one ``RandomState.permutation`` per split).

    Parameters
    ----------
    n_splits : int, default=10
        Number of splits.
    test_size : float or int, default=None
        Fraction or number of test samples (0.1 when both sizes are None).
    train_size : float or int, default=None
        Fraction or number of train samples (default: the complement of the test set).
    random_state : int, RandomState instance or None, default=None
        Seed of the permutations.

    Examples
    --------
    >>> from syllabus.model_selection import ShuffleSplit
    >>> splits = ShuffleSplit(n_splits=2, test_size=2, random_state=0).split(range(6))
    >>> [len(test) for _, test in splits]
    [2, 2]
    """


class GroupShuffleSplit(_BaseShuffleSplit):
    """:class:`ShuffleSplit` over groups: sizes count groups, a group stays on one side.

    Parameters
    ----------
    n_splits : int, default=5
        Number of splits.
    test_size : float or int, default=None
        Fraction or number of test groups (0.2 when both sizes are None).
    train_size : float or int, default=None
        Fraction or number of train groups.
    random_state : int, RandomState instance or None, default=None
        Seed of the permutations.

    Examples
    --------
    >>> from syllabus.model_selection import GroupShuffleSplit
    >>> splitter = GroupShuffleSplit(n_splits=1, test_size=1, random_state=0)
    >>> [sorted(test.tolist()) for _, test in splitter.split(range(4), groups=[0, 0, 1, 1])]
    [[2, 3]]
    """

    _uses_groups = True
    _default_test_size = 0.2

    def __init__(self, n_splits: int = 5, *, test_size: float | int | None = None,
                 train_size: float | int | None = None, random_state: Any = None) -> None:
        super().__init__(n_splits, test_size=test_size, train_size=train_size,
                         random_state=random_state)

    def _iter_indices(self, X: Any, y: Any, groups: Any):
        groups = _check_groups(groups)
        classes, group_index = np.unique(groups, return_inverse=True)
        for group_train, group_test in super()._iter_indices(classes, None, None):
            yield (np.flatnonzero(np.isin(group_index, group_train)),
                   np.flatnonzero(np.isin(group_index, group_test)))


class StratifiedShuffleSplit(_BaseShuffleSplit):
    """:class:`ShuffleSplit` keeping the class proportions of ``y`` in both sets.

    The splits are scikit-learn's for the same ``random_state`` (the split of
    :func:`train_test_split` with ``stratify``, drawn ``n_splits`` times from one rng).

    Parameters
    ----------
    n_splits : int, default=10
        Number of splits.
    test_size : float or int, default=None
        Fraction or number of test samples (0.1 when both sizes are None).
    train_size : float or int, default=None
        Fraction or number of train samples.
    random_state : int, RandomState instance or None, default=None
        Seed of the draws.

    Examples
    --------
    >>> from syllabus.model_selection import StratifiedShuffleSplit
    >>> y = [0, 0, 0, 0, 1, 1, 1, 1]
    >>> splitter = StratifiedShuffleSplit(n_splits=1, test_size=0.5, random_state=0)
    >>> [sorted(y[i] for i in test) for _, test in splitter.split(y, y)]
    [[0, 0, 1, 1]]
    """

    def split(self, X: Any, y: Any,
              groups: Any = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield stratified ``(train_index, test_index)`` pairs; ``y`` holds the classes."""
        return super().split(X, y, groups)

    def _iter_indices(self, X: Any, y: Any, groups: Any):
        n_samples = _num_samples(X)
        n_train, n_test = self._sizes(n_samples)
        rng = check_random_state(self.random_state)
        for _ in range(self.n_splits):
            yield _stratified_split(y, n_train, n_test, rng)


class _PredefinedSplits:
    """A list of ``(train, test)`` index pairs seen as a splitter."""

    def __init__(self, splits: Iterable) -> None:
        self.splits = [(np.asarray(train), np.asarray(test)) for train, test in splits]

    def split(self, X: Any = None, y: Any = None, groups: Any = None):
        yield from self.splits

    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int:
        return len(self.splits)

    def __repr__(self) -> str:
        return f"_PredefinedSplits(n_splits={len(self.splits)})"


def check_cv(cv: Any = 5, y: Any = None, *, classifier: bool = False) -> Any:
    """Turn a ``cv`` argument into a splitter, as scikit-learn does.

    Parameters
    ----------
    cv : int, splitter, iterable of (train, test) or None, default=5
        None means 5. An int is the number of folds: :class:`StratifiedKFold` when
        ``classifier`` is True and ``y`` is binary or multiclass, else :class:`KFold`.
        An object with ``split`` and ``get_n_splits`` is returned as it is; an iterable of
        ``(train, test)`` index pairs is used as the list of splits.
    y : array-like, default=None
        Targets, to decide whether to stratify.
    classifier : bool, default=False
        Whether the estimator is a classifier.

    Returns
    -------
    splitter
        An object with ``split(X, y, groups)`` and ``get_n_splits()``.

    Examples
    --------
    >>> from syllabus.model_selection import check_cv
    >>> check_cv(3, [0, 1, 0, 1, 0, 1], classifier=True)
    StratifiedKFold(n_splits=3, random_state=None, shuffle=False)
    """
    cv = 5 if cv is None else cv
    if isinstance(cv, numbers.Integral) and not isinstance(cv, bool):
        if classifier and y is not None and type_of_target(y) in ("binary", "multiclass"):
            return StratifiedKFold(cv)
        return KFold(cv)
    if hasattr(cv, "split") and hasattr(cv, "get_n_splits"):
        return cv
    if isinstance(cv, Iterable) and not isinstance(cv, str):
        return _PredefinedSplits(cv)
    raise ValueError(
        "Expected `cv` as an integer, a cross-validation object (from "
        "syllabus.model_selection), or an iterable yielding (train, test) splits as arrays "
        f"of indices. Got {cv}."
    )


def _train_test_sizes(n_samples: int, test_size: Any, train_size: Any,
                      default_test_size: float = 0.25) -> tuple[int, int]:
    # scikit-learn's rules: a float is a fraction (test rounded up, train down), an int a count.
    if test_size is None and train_size is None:
        test_size = default_test_size
    for name, size in (("test_size", test_size), ("train_size", train_size)):
        if size is None:
            continue
        if isinstance(size, bool) or not isinstance(size, numbers.Real):
            raise ValueError(f"Invalid value for {name}: {size!r}")
        is_int = isinstance(size, numbers.Integral)
        if (is_int and not 0 < size < n_samples) or (not is_int and not 0 < size < 1):
            raise ValueError(
                f"{name}={size!r} should be either positive and smaller than the number of "
                f"samples {n_samples} or a float in the (0, 1) range"
            )
    floats = [s for s in (test_size, train_size) if s is not None and not isinstance(s, numbers.Integral)]
    if len(floats) == 2 and sum(floats) > 1:
        raise ValueError(
            f"The sum of test_size and train_size = {sum(floats)}, should be in the (0, 1) "
            "range. Reduce test_size and/or train_size."
        )

    def count(size, rounding):
        return int(size) if isinstance(size, numbers.Integral) else rounding(size * n_samples)

    n_test = None if test_size is None else count(test_size, ceil)
    n_train = None if train_size is None else count(train_size, floor)
    n_train = n_samples - n_test if n_train is None else n_train
    n_test = n_samples - n_train if n_test is None else n_test
    if n_train + n_test > n_samples:
        raise ValueError(
            f"The sum of train_size and test_size = {n_train + n_test}, should be smaller than "
            f"the number of samples {n_samples}. Reduce test_size and/or train_size."
        )
    if n_train == 0:
        raise ValueError(
            f"With n_samples={n_samples}, test_size={test_size} and train_size={train_size}, "
            "the resulting train set will be empty. Adjust any of the aforementioned parameters."
        )
    return n_train, n_test


def _approximate_mode(class_counts: np.ndarray, n_draws: int, rng: np.random.RandomState):
    # Split n_draws among classes in proportion to class_counts: floor of the exact share,
    # then one more for the largest remainders, ties broken at random (scikit-learn's rule).
    exact = class_counts / class_counts.sum() * n_draws
    counts = np.floor(exact)
    missing = int(n_draws - counts.sum())
    remainder = exact - counts
    for value in np.unique(remainder)[::-1]:
        if missing <= 0:
            break
        (tied,) = np.where(remainder == value)
        add_now = min(len(tied), missing)
        counts[rng.choice(tied, size=add_now, replace=False)] += 1
        missing -= add_now
    return counts.astype(int)


def _stratified_split(y: Any, n_train: int, n_test: int, rng: np.random.RandomState):
    y = np.asarray(y)
    if y.ndim == 2:  # multi-label rows: one class per distinct row
        y = np.array([" ".join(row.astype(str)) for row in y])
    classes, y_indices, class_counts = np.unique(y, return_inverse=True, return_counts=True)
    if class_counts.min() < 2:
        raise ValueError(
            "The least populated classes in y have only 1 member, which is too few. The "
            "minimum number of groups for any class cannot be less than 2. Classes with too "
            f"few members are: {classes[class_counts < 2].tolist()}"
        )
    for name, n in (("train_size", n_train), ("test_size", n_test)):
        if n < len(classes):
            raise ValueError(
                f"The {name} = {n} should be greater or equal to the number of classes = "
                f"{len(classes)}"
            )
    class_indices = np.split(np.argsort(y_indices.reshape(-1), kind="stable"),
                             np.cumsum(class_counts)[:-1])
    n_train_per_class = _approximate_mode(class_counts, n_train, rng)
    n_test_per_class = _approximate_mode(class_counts - n_train_per_class, n_test, rng)
    train, test = [], []
    for members, n_tr, n_te in zip(class_indices, n_train_per_class, n_test_per_class):
        members = members[rng.permutation(len(members))]
        train.extend(members[:n_tr])
        test.extend(members[n_tr: n_tr + n_te])
    return rng.permutation(train), rng.permutation(test)


def _indexable(array: Any) -> Any:
    """``array`` if rows can be taken from it (arrays, lists, pandas, sparse), else an array."""
    if type(array).__module__.startswith("scipy.sparse"):
        return array.tocsr()  # not every sparse format slices rows
    if array is None or hasattr(array, "__getitem__") or hasattr(array, "iloc"):
        return array
    return np.asarray(array)


def _take(array: Any, indices: np.ndarray) -> Any:
    """Rows ``indices`` of ``array``, keeping its type (pandas, list, sparse matrix...)."""
    if hasattr(array, "iloc"):  # pandas
        return array.iloc[indices]
    if isinstance(array, list):
        return [array[i] for i in indices]
    if hasattr(array, "shape") and len(array.shape) > 0:  # numpy and scipy.sparse
        return array[indices]
    return np.asarray(array)[indices]


def train_test_split(
    *arrays: Any,
    test_size: float | int | None = None,
    train_size: float | int | None = None,
    random_state: Any = None,
    shuffle: bool = True,
    stratify: Any = None,
) -> list:
    """Split arrays into random train and test subsets (scikit-learn's split, index for index).

    Parameters
    ----------
    *arrays : sequence of array-likes of the same length
        Lists, NumPy arrays or pandas objects.
    test_size : float or int, default=None
        Fraction (rounded up) or number of test samples; 0.25 when both sizes are None,
        else the complement of ``train_size``.
    train_size : float or int, default=None
        Fraction (rounded down) or number of train samples; default the complement of
        ``test_size``.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffle.
    shuffle : bool, default=True
        Shuffle before splitting; without it the first samples are the train set.
    stratify : array-like, default=None
        Class labels whose proportions both subsets keep (needs ``shuffle=True``).

    Returns
    -------
    splitting : list
        ``[a_train, a_test, b_train, b_test, ...]``, each of its input's type.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.model_selection import train_test_split
    >>> X, y = np.arange(10).reshape(5, 2), [0, 1, 2, 3, 4]
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=2, shuffle=False)
    >>> y_train, y_test
    ([0, 1, 2], [3, 4])
    """
    if not arrays:
        raise ValueError("At least one array required as input")
    if any(a is None for a in arrays):
        raise ValueError("train_test_split got None among its arrays.")
    arrays = [_indexable(a) for a in arrays]
    check_consistent_length(*arrays)
    n_samples = _num_samples(arrays[0])
    n_train, n_test = _train_test_sizes(n_samples, test_size, train_size)
    if not isinstance(shuffle, (bool, np.bool_)):
        raise TypeError(f"shuffle must be True or False; got {shuffle!r}")
    if not shuffle:
        if stratify is not None:
            raise ValueError("Stratified train/test split is not implemented for shuffle=False")
        train, test = np.arange(n_train), np.arange(n_train, n_train + n_test)
    else:
        rng = check_random_state(random_state)
        if stratify is not None:
            check_consistent_length(arrays[0], stratify)
            train, test = _stratified_split(stratify, n_train, n_test, rng)
        else:
            permutation = rng.permutation(n_samples)
            test, train = permutation[:n_test], permutation[n_test: n_test + n_train]
    return [part for a in arrays for part in (_take(a, train), _take(a, test))]
