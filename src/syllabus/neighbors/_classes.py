"""k-nearest neighbours: NearestNeighbors, KNeighborsClassifier, KNeighborsRegressor."""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, ClassifierMixin, RegressorMixin
from ..utils import Interval, StrOptions, check_is_fitted, encode_labels, validate_data
from ._search import KDTree, brute_kneighbors

__all__ = ["KNeighborsClassifier", "KNeighborsRegressor", "NearestNeighbors"]


class _NeighborsBase(BaseEstimator):
    """Storage of the training points and the k-nearest search (not public)."""

    _parameter_constraints: dict = {
        "n_neighbors": [Interval(Integral, 1, None, closed="left")],
        "algorithm": [StrOptions({"auto", "brute", "kd_tree"})],
        "leaf_size": [Interval(Integral, 1, None, closed="left")],
        "p": [Interval(Real, 1, None, closed="left")],
        "n_jobs": [Integral, None],
    }

    def _fit_points(self, X: np.ndarray) -> None:
        self._fit_X = np.ascontiguousarray(X, dtype=np.float64)
        self.n_samples_fit_ = X.shape[0]
        algorithm = self.algorithm
        if algorithm == "auto":
            # KD-trees prune well only in low dimensions (scikit-learn's rule of thumb)
            algorithm = ("kd_tree" if X.shape[1] <= 15 and np.isfinite(self.p)
                         and self.n_neighbors < self.n_samples_fit_ // 2 else "brute")
        self._fit_method = algorithm
        # the tree's arrays (a plain dict, so that syllabus.io can save them)
        self._tree = (vars(KDTree(self._fit_X, self.leaf_size, self.p))
                      if algorithm == "kd_tree" else None)

    def kneighbors(self, X=None, n_neighbors: int | None = None, return_distance: bool = True):
        """The nearest training points of each query.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), default=None
            Queries; None means the training points, each excluded from its own neighbours.
        n_neighbors : int, default=None
            Number of neighbours (``self.n_neighbors`` when None).
        return_distance : bool, default=True

        Returns
        -------
        distances : ndarray of shape (n_queries, n_neighbors)
            Only when ``return_distance``; sorted increasingly.
        indices : ndarray of int of shape (n_queries, n_neighbors)
        """
        check_is_fitted(self)
        k = self.n_neighbors if n_neighbors is None else n_neighbors
        if not isinstance(k, Integral) or k < 1:
            raise ValueError(f"Expected n_neighbors > 0. Got {k!r}.")
        query_is_train = X is None
        if query_is_train:
            X = self._fit_X
            k += 1
        else:
            X = validate_data(self, X, reset=False, dtype=np.float64)
        if k > self.n_samples_fit_:
            raise ValueError(f"Expected n_neighbors <= n_samples_fit, but n_neighbors = {k}, "
                             f"n_samples_fit = {self.n_samples_fit_}, n_samples = {X.shape[0]}")
        if self._tree is not None:
            dist, ind = KDTree.from_state(self._tree).query(X, k)
        else:
            dist, ind = brute_kneighbors(X, self._fit_X, k, self.p, self.n_jobs)
        if query_is_train:
            # drop each point from its own list (the first column unless duplicates tie)
            keep = ind != np.arange(len(X))[:, None]
            keep[keep.all(axis=1), -1] = False
            dist = dist[keep].reshape(len(X), k - 1)
            ind = ind[keep].reshape(len(X), k - 1)
        return (dist, ind) if return_distance else ind

    def _weights(self, dist: np.ndarray) -> np.ndarray | None:
        if self.weights == "uniform":
            return None
        if callable(self.weights):
            return self.weights(dist)
        with np.errstate(divide="ignore"):
            w = 1.0 / dist
        inf = np.isinf(w)
        rows = inf.any(axis=1)
        w[rows] = inf[rows]  # a query on a training point gets that point's value
        return w


class NearestNeighbors(_NeighborsBase):
    """Unsupervised nearest-neighbour search (brute force or KD-tree).

    Parameters
    ----------
    n_neighbors : int, default=5
    algorithm : {"auto", "brute", "kd_tree"}, default="auto"
        "auto" uses the KD-tree for at most 15 features, brute force otherwise.
    leaf_size : int, default=30
    p : float, default=2
        Power of the Minkowski distance (2: Euclidean, 1: Manhattan).
    n_jobs : int, default=None
        Threads of the brute-force search (blocks of queries in parallel); None and -1 use
        every core, as scikit-learn's brute-force search uses all its OpenMP threads.

    Attributes
    ----------
    n_samples_fit_ : int
    n_features_in_ : int

    Examples
    --------
    >>> from syllabus.neighbors import NearestNeighbors
    >>> nn = NearestNeighbors(n_neighbors=2).fit([[0.0], [1.0], [3.0]])
    >>> nn.kneighbors([[0.9]])
    (array([[0.1, 0.9]]), array([[1, 0]]))
    """

    def __init__(self, *, n_neighbors: int = 5, algorithm: str = "auto", leaf_size: int = 30,
                 p: float = 2, n_jobs: int | None = None) -> None:
        self.n_neighbors = n_neighbors
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.n_jobs = n_jobs

    def fit(self, X, y=None) -> NearestNeighbors:
        """Store the training points (and build the KD-tree).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self
        """
        self._validate_params()
        X = validate_data(self, X, dtype=np.float64)
        self._fit_points(X)
        return self


class KNeighborsClassifier(ClassifierMixin, _NeighborsBase):
    r"""Classify by a (weighted) vote of the k nearest training points.

    ``P(y = c | x) = sum_{i in N_k(x)} w_i [y_i = c] / sum_{i in N_k(x)} w_i`` with
    ``w_i = 1`` ("uniform") or ``w_i = 1 / d(x, x_i)`` ("distance"); the prediction is the
    most probable class (the smallest label on ties).

    Parameters
    ----------
    n_neighbors : int, default=5
    weights : {"uniform", "distance"} or callable, default="uniform"
    algorithm : {"auto", "brute", "kd_tree"}, default="auto"
    leaf_size : int, default=30
    p : float, default=2
    n_jobs : int, default=None
        Threads of the brute-force search; None and -1 use every core.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    n_samples_fit_ : int
    n_features_in_ : int

    Examples
    --------
    >>> from syllabus.neighbors import KNeighborsClassifier
    >>> clf = KNeighborsClassifier(n_neighbors=3).fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])
    >>> clf.predict([[1.1]]), clf.predict_proba([[1.1]])
    (array([0]), array([[0.66666667, 0.33333333]]))
    """

    _parameter_constraints = {
        **_NeighborsBase._parameter_constraints,
        "weights": [StrOptions({"uniform", "distance"}), callable, None],
    }

    def __init__(self, n_neighbors: int = 5, *, weights: Any = "uniform", algorithm: str = "auto",
                 leaf_size: int = 30, p: float = 2, n_jobs: int | None = None) -> None:
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.n_jobs = n_jobs

    def fit(self, X, y) -> KNeighborsClassifier:
        """Store the training points and their labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self
        """
        self._validate_params()
        X, y = validate_data(self, X, y, dtype=np.float64)
        self.classes_, self._y = encode_labels(y)
        if len(self.classes_) < 2:
            raise ValueError("KNeighborsClassifier needs samples of at least 2 classes in the "
                             f"data, but the data contains only one class: {self.classes_[0]!r}.")
        self.outputs_2d_ = False
        self._fit_points(X)
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Weighted fraction of each class among the neighbours.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features)

        Returns
        -------
        ndarray of shape (n_queries, n_classes)
        """
        dist, ind = self.kneighbors(X)
        w = self._weights(dist)
        if w is None:
            w = np.ones_like(dist)
        labels = self._y[ind]
        proba = np.zeros((len(dist), len(self.classes_)))
        np.add.at(proba, (np.repeat(np.arange(len(dist)), labels.shape[1]), labels.ravel()), w.ravel())
        total = proba.sum(axis=1, keepdims=True)
        total[total == 0.0] = 1.0
        return proba / total

    def predict(self, X) -> np.ndarray:
        """Most voted class of each query."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


class KNeighborsRegressor(RegressorMixin, _NeighborsBase):
    r"""Predict the (weighted) mean target of the k nearest training points.

    ``f(x) = sum_{i in N_k(x)} w_i y_i / sum_{i in N_k(x)} w_i`` with ``w_i = 1`` or
    ``1 / d(x, x_i)``.

    Parameters
    ----------
    n_neighbors : int, default=5
    weights : {"uniform", "distance"} or callable, default="uniform"
    algorithm : {"auto", "brute", "kd_tree"}, default="auto"
    leaf_size : int, default=30
    p : float, default=2
    n_jobs : int, default=None
        Threads of the brute-force search; None and -1 use every core.

    Attributes
    ----------
    n_samples_fit_ : int
    n_features_in_ : int

    Examples
    --------
    >>> from syllabus.neighbors import KNeighborsRegressor
    >>> reg = KNeighborsRegressor(n_neighbors=2).fit([[0.0], [1.0], [2.0]], [0.0, 1.0, 4.0])
    >>> reg.predict([[1.6]])
    array([2.5])
    """

    _parameter_constraints = {
        **_NeighborsBase._parameter_constraints,
        "weights": [StrOptions({"uniform", "distance"}), callable, None],
    }

    def __init__(self, n_neighbors: int = 5, *, weights: Any = "uniform", algorithm: str = "auto",
                 leaf_size: int = 30, p: float = 2, n_jobs: int | None = None) -> None:
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.n_jobs = n_jobs

    def fit(self, X, y) -> KNeighborsRegressor:
        """Store the training points and their targets.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self
        """
        self._validate_params()
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=True)
        self._y = np.asarray(y, dtype=np.float64)
        self._fit_points(X)
        return self

    def predict(self, X) -> np.ndarray:
        """(Weighted) mean target of the neighbours of each query."""
        dist, ind = self.kneighbors(X)
        w = self._weights(dist)
        if w is None:
            return self._y[ind].mean(axis=1)
        return np.sum(w * self._y[ind], axis=1) / np.sum(w, axis=1)
