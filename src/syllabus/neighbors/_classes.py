"""Nearest neighbours: NearestNeighbors, the k-nearest and the radius classifiers and regressors.

A neighbourhood is either the ``k`` nearest training points or every training point within
``radius``; both are stored the same way internally: flat arrays of (query, neighbour,
distance) triples, so that the votes and the weighted means are one ``bincount`` each.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, ClassifierMixin, MultiOutputMixin, RegressorMixin
from ..utils import (
    Interval,
    StrOptions,
    check_array,
    check_classification_targets,
    check_is_fitted,
    validate_data,
)
from ..utils._distances import (
    SPARSE_METRICS,
    DistanceMetricLike,
    resolve_metric,
    valid_metric_names,
)
from ..utils._sparse import csr_from_arrays, issparse
from ._search import BallTree, KDTree, brute_kneighbors, brute_radius

__all__ = [
    "KNeighborsClassifier",
    "KNeighborsRegressor",
    "NearestNeighbors",
    "RadiusNeighborsClassifier",
    "RadiusNeighborsRegressor",
    "VALID_METRICS",
    "VALID_METRICS_SPARSE",
    "kneighbors_graph",
    "radius_neighbors_graph",
]

_MINKOWSKI_NAMES = ["chebyshev", "cityblock", "euclidean", "infinity", "l1", "l2",
                    "manhattan", "minkowski", "p"]
VALID_METRICS = {
    "kd_tree": _MINKOWSKI_NAMES,
    # a ball tree searches the Minkowski family; its other metrics run the brute-force search
    "ball_tree": sorted(valid_metric_names() - {"cosine", "correlation", "sqeuclidean",
                                                "nan_euclidean", "precomputed", "yule"}),
    "brute": sorted(valid_metric_names()),
}
VALID_METRICS_SPARSE = {"kd_tree": [], "ball_tree": [],
                        "brute": {"cityblock", "cosine", "euclidean", "l1", "l2", "manhattan",
                                  "precomputed"}}
_TREES = {"kd_tree": KDTree, "ball_tree": BallTree}


class _WithParameter:
    """A method that exists only on estimators with the parameter ``name`` (as
    scikit-learn's mixins: a radius estimator has no ``kneighbors``, a k-neighbours
    estimator no ``radius_neighbors``); ``hasattr`` is False on the others."""

    def __init__(self, name: str, method: Callable) -> None:
        self.name, self.method = name, method
        self.__doc__ = method.__doc__

    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self.method
        if self.name not in obj._get_param_names():
            raise AttributeError(f"{type(obj).__name__!r} object has no attribute "
                                 f"{self.method.__name__!r} (it has no {self.name!r} parameter)")
        return self.method.__get__(obj, owner)


def _get_weights(dist: Any, weights: Any) -> Any:
    """scikit-learn's neighbour weights: None (uniform), ``1 / d`` ("distance": a query at
    distance 0 of some points gets weight 1 on those and 0 elsewhere) or ``weights(dist)``.
    ``dist`` is 2-D (k neighbours) or an object array of 1-D arrays (radius neighbours)."""
    if weights in (None, "uniform"):
        return None
    if callable(weights):
        return weights(dist)
    if dist.dtype == object:
        out = np.empty(len(dist), dtype=object)
        out[:] = [_get_weights(d[None, :], "distance")[0] for d in dist]
        return out
    with np.errstate(divide="ignore"):
        w = 1.0 / dist
    inf = np.isinf(w)
    rows = inf.any(axis=1)
    w[rows] = inf[rows]
    return w


def _flatten(ind: np.ndarray, weights: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(query of each pair, neighbour of each pair, weight of each pair or None)."""
    if ind.dtype == object:
        counts = np.array([len(i) for i in ind], dtype=np.intp)
        cols = np.concatenate([np.asarray(i, dtype=np.intp) for i in ind]) if len(ind) else \
            np.empty(0, np.intp)
        w = None if weights is None else np.concatenate(
            [np.asarray(x, dtype=np.float64).ravel() for x in weights]) if len(ind) else None
    else:
        counts = np.full(ind.shape[0], ind.shape[1], dtype=np.intp)
        cols = ind.ravel()
        w = None if weights is None else np.asarray(weights, dtype=np.float64).ravel()
    rows = np.repeat(np.arange(len(counts)), counts)
    return rows, cols, w


class _NeighborsBase(MultiOutputMixin, BaseEstimator):
    """Storage of the training points and the k-nearest and radius searches (not public)."""

    _parameter_constraints: dict = {
        "n_neighbors": [Interval(Integral, 1, None, closed="left"), None],
        "radius": [Interval(Real, 0, None, closed="both"), None],
        "algorithm": [StrOptions({"auto", "ball_tree", "kd_tree", "brute"})],
        "leaf_size": [Interval(Integral, 1, None, closed="left")],
        "p": [Interval(Real, 0, None, closed="right"), None],
        "metric": [StrOptions(valid_metric_names()), "callable", DistanceMetricLike],
        "metric_params": [dict, None],
        "n_jobs": [Integral, None],
    }

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        # cross-validation splits a precomputed matrix on rows and columns
        tags.input_tags.pairwise = self.metric == "precomputed"
        tags.input_tags.positive_only = tags.input_tags.pairwise
        tags.input_tags.allow_nan = self.metric == "nan_euclidean"
        return tags

    # -- fitting ---------------------------------------------------------------------------
    def _fit(self, X: Any, y: Any = None, *, supervised: bool = True) -> Any:
        """Validate and store the training points (and ``y``); build the tree."""
        self._validate_params()
        if isinstance(X, _NeighborsBase):  # scikit-learn also accepts a fitted searcher
            check_is_fitted(X)
            X = X._fit_X
        elif isinstance(X, (KDTree, BallTree)):
            X = X.data
        precomputed = self.metric == "precomputed"
        if precomputed:
            _no_explicit_zero_loss(X)
        sparse = ["csr"] if precomputed or self.algorithm in ("auto", "brute") else False
        check = {"dtype": np.float64, "accept_sparse": sparse or ["csr"],
                 "ensure_all_finite": self._finite()}
        if not supervised:
            X = validate_data(self, X, **check)
        else:
            X, y = validate_data(self, X, y, multi_output=True, **check)
        self._set_metric(X.shape[1])
        if precomputed:
            X = _check_precomputed(X)
            if X.shape[0] != X.shape[1]:
                raise ValueError("Precomputed matrix must be square. Input is a "
                                 f"{X.shape[0]}x{X.shape[1]} matrix.")
        self._fit_X = X if issparse(X) else np.ascontiguousarray(X, dtype=np.float64)
        self.n_samples_fit_ = X.shape[0]
        self._fit_method = self._choose_algorithm(X)
        metric = self._metric()
        self._tree = None
        self._fit_Xt = None
        if self._fit_method in _TREES:
            tree = _TREES[self._fit_method](self._fit_X, self.leaf_size,
                                            self.effective_metric_, **self._tree_params())
            self._tree = vars(tree)  # a plain dict of arrays: syllabus.io saves it
        elif metric.is_minkowski and (metric.scale is not None or metric.matrix is not None):
            self._fit_Xt = metric.transform(self._fit_X)
        return y

    def _finite(self) -> bool | str:
        return "allow-nan" if self.metric == "nan_euclidean" else True

    def _set_metric(self, n_features: int) -> None:
        params = dict(self.metric_params or {})
        effective = self.metric
        if callable(effective) or isinstance(effective, DistanceMetricLike) \
                or effective == "precomputed":
            self.effective_metric_, self.effective_metric_params_ = effective, params
            return
        if "p" in params and self.p is not None:
            warnings.warn("Parameter p is found in metric_params. The corresponding parameter "
                          "from __init__ is ignored.", SyntaxWarning, stacklevel=3)
        if effective in ("minkowski", "p"):
            p = params.pop("p", 2 if self.p is None else self.p)
            if params.get("w") is None:
                params.pop("w", None)
                effective = {1: "manhattan", 2: "euclidean", np.inf: "chebyshev"}.get(p, "minkowski")
            else:
                effective = "minkowski"
            if effective == "minkowski":
                params["p"] = p
        self.effective_metric_, self.effective_metric_params_ = effective, params
        self._metric(n_features)  # validates the parameters (w, V, VI)

    def _metric(self, n_features: int | None = None):
        return resolve_metric(self.effective_metric_, metric_params=self.effective_metric_params_,
                              n_features=n_features)

    def _tree_params(self) -> dict:
        return dict(self.effective_metric_params_)

    def _choose_algorithm(self, X: Any) -> str:
        metric = self._metric()
        algorithm = self.algorithm
        if issparse(X):
            if self.metric != "precomputed" and not callable(self.metric) \
                    and metric.name not in (*SPARSE_METRICS, "distance_metric"):
                raise ValueError(f"Metric '{self.effective_metric_}' not valid for sparse input. "
                                 "Use sorted(syllabus.neighbors.VALID_METRICS_SPARSE['brute']) to "
                                 "get valid options. Metric can also be a callable function.")
            if algorithm not in ("auto", "brute"):
                warnings.warn("cannot use tree with sparse input: using brute force", stacklevel=3)
            return "brute"
        treeable = metric.is_minkowski and metric.p >= 1
        if metric.is_minkowski and metric.p < 1:
            if algorithm in _TREES:
                raise ValueError(f'algorithm="{algorithm}" does not support 0 < p < 1 for the '
                                 "Minkowski metric. To resolve this problem either set p >= 1 "
                                 'or algorithm="brute".')
            warnings.warn("Mind that for 0 < p < 1, Minkowski metrics are not distance metrics. "
                          "Continuing the execution with `algorithm='brute'`.", stacklevel=3)
            return "brute"
        if algorithm == "auto":
            k = getattr(self, "n_neighbors", None)
            if (self.metric == "precomputed" or X.shape[1] > 15 or not treeable
                    or (k is not None and k >= X.shape[0] // 2)):
                return "brute"
            if metric.scale is not None or metric.matrix is not None:
                return "ball_tree"
            return "kd_tree"
        if metric.instance is not None:  # a DistanceMetric object: its own pairwise()
            return "brute"
        if algorithm != "brute":
            name = self.metric if isinstance(self.metric, str) else "pyfunc"
            if name not in VALID_METRICS[algorithm] and not (
                    algorithm == "ball_tree" and callable(self.metric)):
                raise ValueError(f"Metric '{self.metric}' not valid for algorithm "
                                 f"'{algorithm}'.")
            if algorithm == "kd_tree" and (metric.scale is not None or metric.matrix is not None):
                raise ValueError(f"Metric '{self.effective_metric_}' with these parameters is "
                                 "not valid for algorithm 'kd_tree'; use 'ball_tree'.")
            if not treeable:  # a ball tree's other metrics: the same neighbours by brute force
                return "brute"
        return algorithm

    # -- searches --------------------------------------------------------------------------
    def _queries(self, X: Any) -> Any:
        """Validated queries in the searched space (or None: the training points)."""
        if self.metric == "precomputed":
            X = check_array(_no_explicit_zero_loss(X), accept_sparse="csr", dtype=np.float64)
            if X.shape[1] != self.n_samples_fit_:
                raise ValueError("Precomputed metric requires shape (n_queries, n_indexed). "
                                 f"Got ({X.shape[0]}, {X.shape[1]}) for "
                                 f"{self.n_samples_fit_} indexed.")
            return _check_precomputed(X)
        X = validate_data(self, X, reset=False, dtype=np.float64, accept_sparse="csr",
                          ensure_all_finite=self._finite())
        if issparse(X) and not issparse(self._fit_X):
            if self._fit_method != "brute":
                raise ValueError(f"{self._fit_method} does not work with sparse matrices. "
                                 "Densify the data, or set algorithm='brute'.")
            X = X.toarray()  # a batch of queries against dense training points
        return X

    def _search_space(self, X: Any) -> tuple[Any, Any]:
        metric = self._metric()
        if self._fit_Xt is not None:
            return metric.transform(X), self._fit_Xt
        return X, self._fit_X

    def kneighbors(self, X: Any = None, n_neighbors: int | None = None,
                   return_distance: bool = True) -> Any:
        """The nearest training points of each query.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_queries, n_features), default=None
            Queries (for ``metric="precomputed"``: their distances to the training points,
            shape (n_queries, n_samples_fit)); None means the training points, each
            excluded from its own neighbours.
        n_neighbors : int, default=None
            Number of neighbours (``self.n_neighbors`` when None).
        return_distance : bool, default=True

        Returns
        -------
        distances : ndarray of shape (n_queries, n_neighbors)
            Only when ``return_distance``; sorted increasingly, ties by index.
        indices : ndarray of int of shape (n_queries, n_neighbors)
        """
        check_is_fitted(self)
        k = self.n_neighbors if n_neighbors is None else n_neighbors
        if k is None or not isinstance(k, Integral) or isinstance(k, bool) or k <= 0:
            raise ValueError(f"Expected n_neighbors > 0. Got {k!r}" if isinstance(k, Integral)
                             and not isinstance(k, bool) and k is not None else
                             f"n_neighbors does not take {type(k)} value, enter integer value")
        query_is_train = X is None
        X = self._fit_X if query_is_train else self._queries(X)
        if query_is_train:
            k += 1
        if k > self.n_samples_fit_:
            raise ValueError(f"Expected n_neighbors <= n_samples_fit, but n_neighbors = "
                             f"{k - query_is_train}, n_samples_fit = {self.n_samples_fit_}, "
                             f"n_samples = {X.shape[0]}")
        if self.metric == "precomputed":  # a sparse graph stores few candidates per row
            stored = int(np.isfinite(X).sum(axis=1).min()) if X.size else k
            if stored < k:
                raise ValueError(f"{k} neighbors per samples are required, but some samples "
                                 f"have only {stored}.")
        if self._tree is not None:
            dist, ind = _TREES[self._fit_method].from_state(self._tree).query(X, k)
        else:
            Q, Y = self._search_space(X)
            dist, ind = brute_kneighbors(Q, Y, k, self._metric(), self.n_jobs)
        if query_is_train:
            # drop each point from its own list; when more duplicates tie than there are
            # places it may be missing: drop the first (one of its duplicates), as scikit-learn
            keep = ind != np.arange(len(ind))[:, None]
            keep[keep.all(axis=1), 0] = False
            dist = dist[keep].reshape(len(ind), k - 1)
            ind = ind[keep].reshape(len(ind), k - 1)
        return (dist, ind) if return_distance else ind

    def radius_neighbors(self, X: Any = None, radius: float | None = None,
                         return_distance: bool = True, sort_results: bool = False) -> Any:
        """The training points within ``radius`` (inclusive) of each query.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_queries, n_features), default=None
            None means the training points, each excluded from its own neighbours.
        radius : float, default=None
            ``self.radius`` when None.
        return_distance : bool, default=True
        sort_results : bool, default=False
            Sort each query's neighbours by distance (ties by index); by default they come
            in index order.

        Returns
        -------
        distances : ndarray of object of shape (n_queries,)
            Arrays of distances; only when ``return_distance``.
        indices : ndarray of object of shape (n_queries,)
            Arrays of indices.
        """
        check_is_fitted(self)
        if sort_results and not return_distance:
            raise ValueError("return_distance must be True if sort_results is True.")
        radius = self.radius if radius is None else radius
        query_is_train = X is None
        X = self._fit_X if query_is_train else self._queries(X)
        if self._tree is not None:
            ind, dist = _TREES[self._fit_method].from_state(self._tree).query_radius(
                X, radius, return_distance=True, sort_results=sort_results)
            dists, inds = list(dist), list(ind)
        else:
            Q, Y = self._search_space(X)
            dists, inds = brute_radius(Q, Y, float(radius), self._metric(), self.n_jobs,
                                       sort_results)
        if query_is_train:
            for i, (d, j) in enumerate(zip(dists, inds)):
                keep = j != i
                dists[i], inds[i] = d[keep], j[keep]
        ind_out = np.empty(len(inds), dtype=object)
        ind_out[:] = inds
        if not return_distance:
            return ind_out
        dist_out = np.empty(len(dists), dtype=object)
        dist_out[:] = dists
        return dist_out, ind_out

    def kneighbors_graph(self, X: Any = None, n_neighbors: int | None = None,
                         mode: str = "connectivity") -> Any:
        """The k-neighbours graph as a CSR matrix of shape (n_queries, n_samples_fit).

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), default=None
            None means the training points (each excluded from its own neighbours).
        n_neighbors : int, default=None
        mode : {"connectivity", "distance"}, default="connectivity"
            Entries 1, or the distances.

        Returns
        -------
        scipy.sparse.csr_matrix of shape (n_queries, n_samples_fit)
        """
        check_is_fitted(self)
        _check_mode(mode)
        dist, ind = self.kneighbors(X, n_neighbors, return_distance=True)
        n_queries, k = ind.shape
        data = np.ones(ind.size) if mode == "connectivity" else dist.ravel()
        return csr_from_arrays(data, ind.ravel(), np.arange(0, n_queries * k + 1, k),
                               (n_queries, self.n_samples_fit_))

    def radius_neighbors_graph(self, X: Any = None, radius: float | None = None,
                               mode: str = "connectivity", sort_results: bool = False) -> Any:
        """The radius-neighbours graph as a CSR matrix of shape (n_queries, n_samples_fit).

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), default=None
        radius : float, default=None
        mode : {"connectivity", "distance"}, default="connectivity"
        sort_results : bool, default=False
            Each row's entries sorted by distance (by column otherwise).

        Returns
        -------
        scipy.sparse.csr_matrix of shape (n_queries, n_samples_fit)
        """
        check_is_fitted(self)
        _check_mode(mode)
        dist, ind = self.radius_neighbors(X, radius, return_distance=True,
                                          sort_results=sort_results)
        counts = np.array([len(i) for i in ind], dtype=np.intp)
        flat_ind = np.concatenate(list(ind)) if len(ind) else np.empty(0, np.intp)
        data = (np.ones(len(flat_ind)) if mode == "connectivity"
                else np.concatenate(list(dist)) if len(dist) else np.empty(0))
        indptr = np.concatenate([[0], np.cumsum(counts)])
        return csr_from_arrays(data, flat_ind.astype(np.intp), indptr,
                               (len(ind), self.n_samples_fit_))

    # -- targets ---------------------------------------------------------------------------
    def _fit_classes(self, y: Any) -> None:
        check_classification_targets(y)
        y = np.asarray(y)
        self.outputs_2d_ = y.ndim == 2 and y.shape[1] != 1
        y2 = y.reshape(len(y), -1)
        classes, codes = [], np.empty(y2.shape, dtype=np.intp)
        for k in range(y2.shape[1]):
            c, codes[:, k] = np.unique(y2[:, k], return_inverse=True)
            classes.append(c)
        self.classes_ = classes if self.outputs_2d_ else classes[0]
        self._y = codes if self.outputs_2d_ else codes[:, 0]

    def _votes(self, ind: np.ndarray, dist: Any) -> list[np.ndarray]:
        """Weighted class votes of each query, one (n_queries, n_classes) array per output."""
        rows, cols, w = _flatten(ind, _get_weights(dist, self.weights))
        n_queries = len(ind)
        if w is not None:
            totals = np.bincount(rows, weights=w, minlength=n_queries)
            if np.any((totals == 0) & (np.bincount(rows, minlength=n_queries) > 0)):
                raise ValueError("All neighbors of some sample is getting zero weights. Please "
                                 "modify 'weights' to avoid this case if you are using a "
                                 "user-defined function.")
        classes = self.classes_ if self.outputs_2d_ else [self.classes_]
        y = self._y.reshape(self.n_samples_fit_, -1)
        votes = []
        for k, classes_k in enumerate(classes):
            n_classes = len(classes_k)
            flat = np.bincount(rows * n_classes + y[cols, k], weights=w,
                               minlength=n_queries * n_classes)
            votes.append(flat.reshape(n_queries, n_classes).astype(np.float64))
        return votes

    def _mean_targets(self, ind: np.ndarray, dist: Any) -> np.ndarray:
        """(Weighted) mean target of each neighbourhood; NaN for an empty one."""
        rows, cols, w = _flatten(ind, _get_weights(dist, self.weights))
        n_queries = len(ind)
        y = self._y.reshape(self.n_samples_fit_, -1)
        weight = np.ones(len(rows)) if w is None else w
        total = np.bincount(rows, weights=weight, minlength=n_queries)
        out = np.empty((n_queries, y.shape[1]))
        with np.errstate(invalid="ignore", divide="ignore"):
            for j in range(y.shape[1]):
                out[:, j] = np.bincount(rows, weights=weight * y[cols, j],
                                        minlength=n_queries) / total
        return out if self._y.ndim == 2 else out.ravel()


_WEIGHTED_CONSTRAINTS = {
    **_NeighborsBase._parameter_constraints,
    "weights": [StrOptions({"uniform", "distance"}), "callable", None],
}


# k-neighbour searches need an n_neighbors parameter, radius searches a radius one
for _name, _parameter in (("kneighbors", "n_neighbors"), ("kneighbors_graph", "n_neighbors"),
                          ("radius_neighbors", "radius"),
                          ("radius_neighbors_graph", "radius")):
    setattr(_NeighborsBase, _name, _WithParameter(_parameter, vars(_NeighborsBase)[_name]))


class _NeighborsRegressor(RegressorMixin, _NeighborsBase):
    """The regressors' fit: the training points and their targets (not public)."""

    def fit(self, X: Any, y: Any) -> _NeighborsRegressor:
        """Store the training points and their targets.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)

        Returns
        -------
        self
        """
        y = self._fit(X, y)
        self._y = np.asarray(y, dtype=np.float64)
        return self


def _normalised(votes: np.ndarray) -> np.ndarray:
    """Votes as probabilities (a row without votes stays 0)."""
    total = votes.sum(axis=1, keepdims=True)
    total[total == 0.0] = 1.0
    return votes / total


def _check_mode(mode: str) -> None:
    if mode not in ("connectivity", "distance"):
        raise ValueError(f'Unsupported mode, must be one of "connectivity", or "distance" but '
                         f'got "{mode}" instead')


def _no_explicit_zero_loss(D: Any) -> Any:
    """Refuse the sparse formats that drop stored zeros (a zero distance is a neighbour)."""
    if issparse(D) and D.format in ("dok", "bsr"):
        raise TypeError(f"{D.format} matrix not supported due to its handling of explicit "
                        "zeros")
    return D


def _check_precomputed(D: Any) -> np.ndarray:
    """A precomputed distance matrix as a dense array; a sparse graph's missing entries
    are infinitely far (not neighbours), as in scikit-learn."""
    if issparse(D):
        coo = D.tocoo()
        dense = np.full(D.shape, np.inf)
        dense[coo.row, coo.col] = coo.data
        D = dense
    D = np.asarray(D, dtype=np.float64)
    if np.any(D < 0):
        raise ValueError("Negative values in data passed to precomputed distance matrix.")
    return D


_COMMON_DOC = """
    algorithm : {"auto", "ball_tree", "kd_tree", "brute"}, default="auto"
        "auto": a KD-tree (ball tree for weighted / standardised / Mahalanobis metrics) for
        at most 15 features and a Minkowski metric, brute force otherwise (scikit-learn's
        rule). A ball tree with a non-Minkowski metric runs the brute-force search.
    leaf_size : int, default=30
    p : float, default=2
        Power of the Minkowski metric (2: Euclidean, 1: Manhattan, inf: Chebyshev).
    metric : str, callable or DistanceMetric object, default="minkowski"
        Any metric of :func:`syllabus.kernels.pairwise_distances` (the boolean ones --
        "jaccard", "dice", "rogerstanimoto", "russellrao", "sokalmichener", "sokalsneath",
        "yule" -- compare ``x != 0``), "precomputed" (``X`` is a distance matrix), a callable
        ``metric(x, y) -> float``, or an object with scikit-learn's ``DistanceMetric``
        interface (its ``pairwise(X, Y)`` gives the distances; searched by brute force).
    metric_params : dict, default=None
        The metric's parameters (``w``, ``V``, ``VI``, ``p``).
    n_jobs : int, default=None
        Threads of the brute-force search (blocks of queries in parallel); None and -1 use
        every core, as scikit-learn's brute-force search uses all its OpenMP threads.
"""


class NearestNeighbors(_NeighborsBase):
    __doc__ = """Unsupervised nearest-neighbour search (brute force, KD-tree or ball tree).

    Parameters
    ----------
    n_neighbors : int, default=5
    radius : float, default=1.0
    """ + _COMMON_DOC.strip("\n") + """

    Attributes
    ----------
    effective_metric_ : str or callable
    effective_metric_params_ : dict
    n_samples_fit_ : int
    n_features_in_ : int

    Examples
    --------
    >>> from syllabus.neighbors import NearestNeighbors
    >>> nn = NearestNeighbors(n_neighbors=2).fit([[0.0], [1.0], [3.0]])
    >>> nn.kneighbors([[0.9]])
    (array([[0.1, 0.9]]), array([[1, 0]]))
    >>> nn.radius_neighbors([[0.9]], radius=1.0, return_distance=False)[0]
    array([0, 1])
    """

    def __init__(self, *, n_neighbors: int = 5, radius: float = 1.0, algorithm: str = "auto",
                 leaf_size: int = 30, metric: Any = "minkowski", p: float = 2,
                 metric_params: dict | None = None, n_jobs: int | None = None) -> None:
        self.n_neighbors = n_neighbors
        self.radius = radius
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.metric = metric
        self.p = p
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def fit(self, X: Any, y: Any = None) -> NearestNeighbors:
        """Store the training points (and build the tree).

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self
        """
        self._fit(X, supervised=False)
        return self


class KNeighborsClassifier(ClassifierMixin, _NeighborsBase):
    __doc__ = r"""Classify by a (weighted) vote of the k nearest training points.

    ``P(y = c | x) = sum_{i in N_k(x)} w_i [y_i = c] / sum_{i in N_k(x)} w_i`` with
    ``w_i = 1`` ("uniform"), ``w_i = 1 / d(x, x_i)`` ("distance") or a callable of the
    distances; the prediction is the most probable class (the smallest label on ties).
    A 2-D ``y`` gives one vote per output.

    Parameters
    ----------
    n_neighbors : int, default=5
    weights : {"uniform", "distance"}, callable or None, default="uniform"
    """ + _COMMON_DOC.strip("\n") + """

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,) or list of them (one per output)
    effective_metric_ : str or callable
    effective_metric_params_ : dict
    outputs_2d_ : bool
    n_samples_fit_ : int
    n_features_in_ : int

    Examples
    --------
    >>> from syllabus.neighbors import KNeighborsClassifier
    >>> clf = KNeighborsClassifier(n_neighbors=3).fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])
    >>> clf.predict([[1.1]]), clf.predict_proba([[1.1]])
    (array([0]), array([[0.66666667, 0.33333333]]))
    """

    _parameter_constraints = _WEIGHTED_CONSTRAINTS

    def __init__(self, n_neighbors: int = 5, *, weights: Any = "uniform", algorithm: str = "auto",
                 leaf_size: int = 30, p: float = 2, metric: Any = "minkowski",
                 metric_params: dict | None = None, n_jobs: int | None = None) -> None:
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.metric = metric
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def fit(self, X: Any, y: Any) -> KNeighborsClassifier:
        """Store the training points and their labels.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)

        Returns
        -------
        self
        """
        self._fit_classes(self._fit(X, y))
        return self

    def predict_proba(self, X: Any) -> Any:
        """Weighted fraction of each class among the neighbours.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_queries, n_features)

        Returns
        -------
        ndarray of shape (n_queries, n_classes), or a list of them (one per output)
        """
        dist, ind = self.kneighbors(X)
        probas = [_normalised(votes) for votes in self._votes(ind, dist)]
        return probas if self.outputs_2d_ else probas[0]

    def predict(self, X: Any) -> np.ndarray:
        """Most voted class of each query (the smallest on ties).

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_queries, n_features)

        Returns
        -------
        ndarray of shape (n_queries,) or (n_queries, n_outputs)
        """
        dist, ind = self.kneighbors(X)
        votes = self._votes(ind, dist)
        if not self.outputs_2d_:
            return self.classes_[np.argmax(votes[0], axis=1)]
        return np.stack([c[np.argmax(v, axis=1)] for c, v in zip(self.classes_, votes)], axis=1)


class KNeighborsRegressor(_NeighborsRegressor):
    __doc__ = r"""Predict the (weighted) mean target of the k nearest training points.

    ``f(x) = sum_{i in N_k(x)} w_i y_i / sum_{i in N_k(x)} w_i`` with ``w_i = 1``,
    ``1 / d(x, x_i)`` or a callable of the distances.

    Parameters
    ----------
    n_neighbors : int, default=5
    weights : {"uniform", "distance"}, callable or None, default="uniform"
    """ + _COMMON_DOC.strip("\n") + """

    Attributes
    ----------
    effective_metric_ : str or callable
    effective_metric_params_ : dict
    n_samples_fit_ : int
    n_features_in_ : int

    Examples
    --------
    >>> from syllabus.neighbors import KNeighborsRegressor
    >>> reg = KNeighborsRegressor(n_neighbors=2).fit([[0.0], [1.0], [2.0]], [0.0, 1.0, 4.0])
    >>> reg.predict([[1.6]])
    array([2.5])
    """

    _parameter_constraints = _WEIGHTED_CONSTRAINTS

    def __init__(self, n_neighbors: int = 5, *, weights: Any = "uniform", algorithm: str = "auto",
                 leaf_size: int = 30, p: float = 2, metric: Any = "minkowski",
                 metric_params: dict | None = None, n_jobs: int | None = None) -> None:
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.metric = metric
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def predict(self, X: Any) -> np.ndarray:
        """(Weighted) mean target of the neighbours of each query.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_queries, n_features)

        Returns
        -------
        ndarray of shape (n_queries,) or (n_queries, n_outputs)
        """
        dist, ind = self.kneighbors(X)
        return self._mean_targets(ind, dist)


class RadiusNeighborsClassifier(ClassifierMixin, _NeighborsBase):
    __doc__ = r"""Classify by a (weighted) vote of the training points within ``radius``.

    A query with no training point within ``radius`` is an outlier: it gets
    ``outlier_label`` (an error when None).

    Parameters
    ----------
    radius : float, default=1.0
    weights : {"uniform", "distance"}, callable or None, default="uniform"
    """ + _COMMON_DOC.strip("\n") + """
    outlier_label : label, "most_frequent", list of labels (one per output) or None,
        default=None

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,) or list of them (one per output)
    outlier_label_ : list or None
        The outlier label of each output.
    outputs_2d_ : bool
    n_samples_fit_ : int
    n_features_in_ : int

    Examples
    --------
    >>> from syllabus.neighbors import RadiusNeighborsClassifier
    >>> clf = RadiusNeighborsClassifier(radius=1.0, outlier_label=1)
    >>> clf = clf.fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])
    >>> clf.predict([[0.4], [9.0]])
    array([0, 1])
    """

    _parameter_constraints = {
        **_WEIGHTED_CONSTRAINTS,
        "outlier_label": [Integral, str, "array-like", None, Real],
    }

    def __init__(self, radius: float = 1.0, *, weights: Any = "uniform", algorithm: str = "auto",
                 leaf_size: int = 30, p: float = 2, metric: Any = "minkowski",
                 outlier_label: Any = None, metric_params: dict | None = None,
                 n_jobs: int | None = None) -> None:
        self.radius = radius
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.metric = metric
        self.outlier_label = outlier_label
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def fit(self, X: Any, y: Any) -> RadiusNeighborsClassifier:
        """Store the training points and their labels; read ``outlier_label``.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)

        Returns
        -------
        self
        """
        self._fit_classes(self._fit(X, y))
        classes = self.classes_ if self.outputs_2d_ else [self.classes_]
        label = self.outlier_label
        if label is None:
            self.outlier_label_ = None
        elif isinstance(label, str) and label == "most_frequent":
            y = self._y.reshape(self.n_samples_fit_, -1)
            self.outlier_label_ = [c[np.bincount(y[:, k]).argmax()] for k, c in enumerate(classes)]
        else:
            if _is_arraylike(label):
                if len(label) != len(classes):
                    raise ValueError(f"The length of outlier_label: {label} is inconsistent "
                                     f"with the output length: {len(classes)}")
                labels = list(label)
            else:
                labels = [label] * len(classes)
            for c, lab in zip(classes, labels):
                if _is_arraylike(lab):
                    raise TypeError(f"The outlier_label of classes {c} is supposed to be a "
                                    f"scalar, got {lab}.")
                if np.append(c, lab).dtype != c.dtype:
                    raise TypeError(f"The dtype of outlier_label {lab} is inconsistent with "
                                    f"classes {c} in y.")
            self.outlier_label_ = labels
        return self

    def predict_proba(self, X: Any) -> Any:
        """Weighted fraction of each class among the neighbours within ``radius``; an
        outlier gets probability 1 for ``outlier_label`` (0 everywhere if it is not a class).

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_queries, n_features)

        Returns
        -------
        ndarray of shape (n_queries, n_classes), or a list of them (one per output)
        """
        dist, ind = self.radius_neighbors(X)
        outliers = np.flatnonzero([len(i) == 0 for i in ind])
        if self.outlier_label_ is None and outliers.size > 0:
            raise ValueError(f"No neighbors found for test samples {outliers!r}, you can try "
                             "using larger radius, giving a label for outliers, or considering "
                             "removing them from your dataset.")
        classes = self.classes_ if self.outputs_2d_ else [self.classes_]
        probas = []
        for k, (classes_k, votes) in enumerate(zip(classes, self._votes(ind, dist))):
            if outliers.size > 0:
                match = np.flatnonzero(classes_k == self.outlier_label_[k])
                if match.size == 1:
                    votes[outliers, match[0]] = 1.0
                else:
                    warnings.warn(f"Outlier label {self.outlier_label_[k]} is not in training "
                                  "classes. All class probabilities of outliers will be "
                                  "assigned with 0.", stacklevel=2)
            probas.append(_normalised(votes))
        return probas if self.outputs_2d_ else probas[0]

    def predict(self, X: Any) -> np.ndarray:
        """Most probable class of each query (``outlier_label`` for outliers).

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_queries, n_features)

        Returns
        -------
        ndarray of shape (n_queries,) or (n_queries, n_outputs)
        """
        probas = self.predict_proba(X)
        classes = self.classes_ if self.outputs_2d_ else [self.classes_]
        probas = probas if self.outputs_2d_ else [probas]
        y_pred = np.empty((probas[0].shape[0], len(classes)), dtype=classes[0].dtype)
        for k, (classes_k, proba) in enumerate(zip(classes, probas)):
            y_pred[:, k] = classes_k[proba.argmax(axis=1)]
            none = (proba == 0).all(axis=1)
            if none.any():
                y_pred[none, k] = self.outlier_label_[k]
        return y_pred if self.outputs_2d_ else y_pred.ravel()


class RadiusNeighborsRegressor(_NeighborsRegressor):
    __doc__ = r"""Predict the (weighted) mean target of the training points within ``radius``.

    A query with no training point within ``radius`` gets NaN (with a warning).

    Parameters
    ----------
    radius : float, default=1.0
    weights : {"uniform", "distance"}, callable or None, default="uniform"
    """ + _COMMON_DOC.strip("\n") + """

    Attributes
    ----------
    effective_metric_ : str or callable
    effective_metric_params_ : dict
    n_samples_fit_ : int
    n_features_in_ : int

    Examples
    --------
    >>> from syllabus.neighbors import RadiusNeighborsRegressor
    >>> reg = RadiusNeighborsRegressor(radius=1.0).fit([[0.0], [1.0], [3.0]], [0.0, 1.0, 4.0])
    >>> reg.predict([[0.5]])
    array([0.5])
    """

    _parameter_constraints = _WEIGHTED_CONSTRAINTS

    def __init__(self, radius: float = 1.0, *, weights: Any = "uniform", algorithm: str = "auto",
                 leaf_size: int = 30, p: float = 2, metric: Any = "minkowski",
                 metric_params: dict | None = None, n_jobs: int | None = None) -> None:
        self.radius = radius
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.metric = metric
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def predict(self, X: Any) -> np.ndarray:
        """(Weighted) mean target within ``radius`` of each query (NaN if none).

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_queries, n_features)

        Returns
        -------
        ndarray of shape (n_queries,) or (n_queries, n_outputs)
        """
        dist, ind = self.radius_neighbors(X)
        y_pred = self._mean_targets(ind, dist)
        if np.isnan(y_pred).any():
            warnings.warn("One or more samples have no neighbors within specified radius; "
                          "predicting NaN.", stacklevel=2)
        return y_pred


def _is_arraylike(x: Any) -> bool:
    return not isinstance(x, str) and (hasattr(x, "__len__") or hasattr(x, "__array__"))


def _searcher(X: Any, **params: Any) -> NearestNeighbors:
    """A fitted NearestNeighbors given as X (its parameters must agree), or one fitted on X."""
    if not isinstance(X, NearestNeighbors):
        return NearestNeighbors(**params).fit(X)
    for name in ("metric", "p", "metric_params"):
        if getattr(X, name) != params[name]:
            raise ValueError(f"Got {params[name]} for {name}, while the estimator has "
                             f"{getattr(X, name)} for the same parameter.")
    return X


def _query_include_self(X: Any, include_self: bool | str, mode: str) -> Any:
    if include_self == "auto":
        include_self = mode == "connectivity"
    return X if include_self else None


def kneighbors_graph(X: Any, n_neighbors: int, *, mode: str = "connectivity",
                     metric: Any = "minkowski", p: float = 2, metric_params: dict | None = None,
                     include_self: bool | str = False, n_jobs: int | None = None) -> Any:
    """The k-neighbours graph of the rows of ``X`` (a CSR matrix; needs SciPy).

    Parameters
    ----------
    X : array-like, sparse matrix or fitted NearestNeighbors of shape (n_samples, n_features)
    n_neighbors : int
    mode : {"connectivity", "distance"}, default="connectivity"
    metric, p, metric_params, n_jobs
        As :class:`NearestNeighbors`.
    include_self : bool or "auto", default=False
        Count each point as its own first neighbour ("auto": only in "connectivity" mode).

    Returns
    -------
    scipy.sparse.csr_matrix of shape (n_samples, n_samples)

    Examples
    --------
    >>> from syllabus.neighbors import kneighbors_graph
    >>> kneighbors_graph([[0.0], [1.0], [3.0]], 1).toarray()
    array([[0., 1., 0.],
           [1., 0., 0.],
           [0., 1., 0.]])
    """
    X = _searcher(X, n_neighbors=n_neighbors, metric=metric, p=p, metric_params=metric_params,
                  n_jobs=n_jobs)
    query = _query_include_self(X._fit_X, include_self, mode)
    return X.kneighbors_graph(X=query, n_neighbors=n_neighbors, mode=mode)


def radius_neighbors_graph(X: Any, radius: float, *, mode: str = "connectivity",
                           metric: Any = "minkowski", p: float = 2,
                           metric_params: dict | None = None, include_self: bool | str = False,
                           n_jobs: int | None = None) -> Any:
    """The radius-neighbours graph of the rows of ``X`` (a CSR matrix; needs SciPy).

    Parameters
    ----------
    X : array-like, sparse matrix or fitted NearestNeighbors of shape (n_samples, n_features)
    radius : float
    mode : {"connectivity", "distance"}, default="connectivity"
    metric, p, metric_params, n_jobs
        As :class:`NearestNeighbors`.
    include_self : bool or "auto", default=False

    Returns
    -------
    scipy.sparse.csr_matrix of shape (n_samples, n_samples)

    Examples
    --------
    >>> from syllabus.neighbors import radius_neighbors_graph
    >>> radius_neighbors_graph([[0.0], [1.0], [3.0]], 1.5, mode="distance").toarray()
    array([[0., 1., 0.],
           [1., 0., 0.],
           [0., 0., 0.]])
    """
    X = _searcher(X, radius=radius, metric=metric, p=p, metric_params=metric_params,
                  n_jobs=n_jobs)
    query = _query_include_self(X._fit_X, include_self, mode)
    return X.radius_neighbors_graph(query, radius, mode)
