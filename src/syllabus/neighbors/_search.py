"""Nearest-neighbour search: brute force by tiled distance blocks, a KD-tree or a ball tree.

Every metric of :mod:`syllabus.utils._distances` that is a Minkowski distance (Euclidean,
Manhattan, Chebyshev, weighted Minkowski, standardised Euclidean, Mahalanobis) is searched
as a plain Minkowski distance of power ``p`` on transformed data; the other metrics (cosine,
Hamming, a callable, sparse input, a precomputed matrix) by brute force on the blocks of
:func:`syllabus.kernels.pairwise_distances`.

Brute force cuts the queries into blocks of ``_ROWS`` and the training points into tiles
whose scores fit in ``_TILE_BYTES`` (a few hundred kilobytes: the tile stays in the core's
cache while it is scanned). For the Euclidean distance a tile's scores are
``||y||^2 - 2 x.y`` (one BLAS product; ``||x||^2`` ranks nothing); for other Minkowski powers
``p`` they are ``sum_j |x_j - y_j|^p`` (compiled); for the cosine distance ``1 - x.y`` of
the unit rows (one BLAS product); for the other metrics the distances themselves. One
compiled pass per row keeps the k smallest scores; the chosen k distances of dense
Minkowski metrics are then recomputed directly (no cancellation) and sorted, ties by index.
Query blocks are independent: they run in ``n_jobs`` threads (the compiled passes release
the GIL, BLAS runs one thread per block), as scikit-learn's brute-force search runs its
chunks in OpenMP threads. No ``n_queries x n_train`` matrix is ever formed.

The two trees (Bentley's KD-tree, 1975; Omohundro's ball tree, 1989) are built the same way:
split the points at the median of their widest coordinate until a leaf holds at most
``leaf_size`` points. They differ only in the region that bounds a node: a KD-tree keeps its
bounding box, a ball tree its centroid ``c`` and radius ``r`` (the farthest point), so that
no point of the node is closer to a query ``x`` than ``max(0, d(x, c) - r)`` (the triangle
inequality). A query descends to the nearer child first and skips a node whose bound
exceeds the current k-th distance (or the radius). All searches return neighbours sorted by
distance, ties by index.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
from numba import njit

from ..kernels import pairwise_distances, unit_rows
from ..utils._blas_threads import single_threaded_blas
from ..utils._distances import (
    Metric,
    minkowski_root,
    minkowski_rows,
    pair_power_sum,
    power_sums,
    resolve_metric,
)
from ..utils._sparse import issparse, safe_sparse_dot, sparse_row_norms_squared

_ROWS = 128
_TILE_BYTES = 2**20


def n_threads(n_jobs: int | None) -> int:
    """Threads for ``n_jobs``: None and -1 mean every core (as scikit-learn's OpenMP search)."""
    cores = os.cpu_count() or 1
    if n_jobs is None or n_jobs == -1:
        return cores
    if n_jobs > 0:
        return n_jobs
    return max(1, cores + 1 + n_jobs) if n_jobs < 0 else 1


def _run_blocks(search_block: Callable[[int], Any], n: int, n_jobs: int | None) -> list:
    """``search_block(start)`` for every block of ``_ROWS`` queries, in ``n_jobs`` threads."""
    starts = range(0, n, _ROWS)
    threads = min(n_threads(n_jobs), len(starts))
    with single_threaded_blas():  # small products: one BLAS thread per block
        if threads <= 1:
            return [search_block(start) for start in starts]
        with ThreadPoolExecutor(threads) as pool:
            return list(pool.map(search_block, starts))


def _row_norms_squared(A: Any) -> np.ndarray:
    return sparse_row_norms_squared(A) if issparse(A) else np.einsum("ij,ij->i", A, A)


class _Scorer:
    """Scores of a block of queries against a tile of training points, for one metric.

    ``scores(Xb, start, c0, c1)`` returns ``(G, scale, offset)``: the score of pair (i, j) is
    ``scale * G[i, j] + offset[j]``, increasing with the distance; ``distances(Xb, start,
    scores_of_chosen, chosen)`` turns the chosen scores into distances.
    """

    def __init__(self, Y: Any, metric: Metric) -> None:
        self.Y, self.metric = Y, metric
        self.sparse = issparse(Y)
        self.euclid = metric.p == 2.0
        self.minkowski = metric.is_minkowski and not self.sparse
        if self.euclid:
            self.y_sq = _row_norms_squared(Y)
        self.zero = np.zeros(Y.shape[0])
        # cosine distance 1 - x.y / (|x| |y|): one BLAS product of the unit rows per tile
        self.cosine = metric.name == "cosine"
        if self.cosine:
            self.Y_unit, self.one = unit_rows(Y), np.ones(Y.shape[0])
        # columns per tile: a score each (BLAS), or the width of a compiled pass's rows
        width = Y.shape[1] if self.minkowski and not self.euclid else 1
        self.cols = max(1, _TILE_BYTES // (8 * _ROWS * width))

    def scores(self, Xb: Any, start: int, c0: int, c1: int) -> tuple[np.ndarray, float, np.ndarray]:
        metric, Yc = self.metric, self.Y[c0:c1] if self.metric.name != "precomputed" else None
        if self.euclid:  # ||x - y||^2 = ||x||^2 - 2 x.y + ||y||^2
            return safe_sparse_dot(Xb, Yc.T), -2.0, self.y_sq[c0:c1]
        if self.minkowski:
            return power_sums(Xb, Yc, metric.p), 1.0, self.zero[c0:c1]
        if self.cosine:
            return safe_sparse_dot(unit_rows(Xb), self.Y_unit[c0:c1].T), -1.0, self.one[c0:c1]
        if metric.name == "precomputed":
            return np.asarray(Xb[:, c0:c1], dtype=np.float64), 1.0, self.zero[c0:c1]
        if metric.instance is not None:  # a DistanceMetric object computes them itself
            D = metric.instance.pairwise(Xb, Yc)
        else:
            D = pairwise_distances(Xb, Yc, metric=metric.func or metric.name, **metric.params)
        return np.asarray(D, dtype=np.float64), 1.0, self.zero[c0:c1]

    def distances(self, Xb: Any, score: np.ndarray, chosen: np.ndarray) -> np.ndarray:
        if self.minkowski:  # recomputed directly from the coordinates: no cancellation
            return minkowski_rows(Xb[:, None, :] - self.Y[chosen], self.metric.p)
        if self.euclid:  # sparse: the expansion, as scikit-learn's sparse search
            x_sq = _row_norms_squared(Xb)
            return np.sqrt(np.maximum(score + x_sq[:, None], 0.0))
        return np.clip(score, 0.0, 2.0) if self.cosine else score


def brute_kneighbors(X: Any, Y: Any, k: int, metric: Metric | None = None,
                     n_jobs: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` nearest rows of ``Y`` to every row of ``X``: ``(distances, indices)``.

    ``X`` and ``Y`` are already in the metric's space (:meth:`Metric.transform`); for
    ``metric.name == "precomputed"`` ``X`` holds the distances to the rows of ``Y``.
    """
    metric = metric or resolve_metric("euclidean")
    scorer = _Scorer(Y, metric)
    n, m = X.shape[0], Y.shape[0]
    dist = np.empty((n, k))
    ind = np.empty((n, k), dtype=np.intp)

    def search_block(start: int) -> None:
        Xb = X[start:start + _ROWS]
        best = np.full((Xb.shape[0], k), np.inf)
        best_j = np.zeros((Xb.shape[0], k), dtype=np.intp)
        for c in range(0, m, scorer.cols):
            G, scale, offset = scorer.scores(Xb, start, c, c + scorer.cols)
            _k_smallest(G, scale, offset, c, best, best_j)
        d = scorer.distances(Xb, best, best_j)
        order = np.lexsort((best_j, d), axis=1)
        dist[start:start + _ROWS] = np.take_along_axis(d, order, 1)
        ind[start:start + _ROWS] = np.take_along_axis(best_j, order, 1)

    _run_blocks(search_block, n, n_jobs)
    return dist, ind


def brute_radius(X: Any, Y: Any, radius: float, metric: Metric, n_jobs: int | None = None,
                 sort_results: bool = False) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Every row of ``Y`` within ``radius`` (inclusive) of each row of ``X``, in index order
    (``sort_results``: by distance, ties by index): ``(distances, indices)``, lists of arrays."""
    scorer = _Scorer(Y, metric)
    m = Y.shape[0]
    if scorer.euclid:  # the scores are squared distances less ||x||^2: a safety margin
        slack = 1e-7 * (radius * radius + 1.0)

    def search_block(start: int) -> list[tuple[np.ndarray, np.ndarray]]:
        Xb = X[start:start + _ROWS]
        found_i, found_j, found_d = [], [], []
        x_sq = _row_norms_squared(Xb) if scorer.euclid else None
        for c in range(0, m, scorer.cols):
            G, scale, offset = scorer.scores(Xb, start, c, c + scorer.cols)
            S = scale * G + offset
            if scorer.euclid:
                rows, cols = np.nonzero(S + x_sq[:, None] <= radius * radius + slack)
                d = (minkowski_rows(Xb[rows] - Y[c + cols], 2.0) if scorer.minkowski
                     else np.sqrt(np.maximum(S[rows, cols] + x_sq[rows], 0.0)))
            elif scorer.minkowski:
                rows, cols = np.nonzero(minkowski_root(S, metric.p) <= radius * (1 + 1e-12))
                d = minkowski_rows(Xb[rows] - Y[c + cols], metric.p)
            else:
                S = np.clip(S, 0.0, 2.0) if scorer.cosine else S
                rows, cols = np.nonzero(S <= radius)
                d = S[rows, cols]
            keep = d <= radius
            found_i.append(rows[keep])
            found_j.append(c + cols[keep])
            found_d.append(d[keep])
        return _split_rows(Xb.shape[0], np.concatenate(found_i), np.concatenate(found_j),
                           np.concatenate(found_d), sort_results)

    dists, inds = [], []
    for block in _run_blocks(search_block, X.shape[0], n_jobs):
        for d, j in block:
            dists.append(d)
            inds.append(j)
    return dists, inds


def _split_rows(n: int, rows: np.ndarray, cols: np.ndarray, d: np.ndarray,
                by_distance: bool) -> list[tuple[np.ndarray, np.ndarray]]:
    """Group ``(row, col, distance)`` triples by row, each row sorted by col (or by
    distance then col)."""
    order = np.lexsort((cols, d, rows) if by_distance else (cols, rows))
    rows, cols, d = rows[order], cols[order], d[order]
    bounds = np.searchsorted(rows, np.arange(n + 1))
    return [(d[a:b], cols[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]


@njit(cache=True, nogil=True)
def _k_smallest(G, scale, offset, col0, best, best_j):
    """Merge the scores ``scale * G[i, j] + offset[j]`` of columns ``col0 + j`` into each
    row's sorted list of its k smallest (``best``, ``best_j``); ties keep the smaller index."""
    n, m = G.shape
    k = best.shape[1]
    for i in range(n):
        b = best[i]
        bj = best_j[i]
        kth = b[k - 1]
        for j in range(m):
            v = scale * G[i, j] + offset[j]
            if v < kth:
                pos = k - 1
                while pos > 0 and b[pos - 1] > v:
                    b[pos] = b[pos - 1]
                    bj[pos] = bj[pos - 1]
                    pos -= 1
                b[pos] = v
                bj[pos] = col0 + j
                kth = b[k - 1]


class _SpaceTree:
    """Shared code of :class:`KDTree` and :class:`BallTree` (they differ in ``_BALL``)."""

    _BALL = False
    _VALID = ("euclidean", "l2", "minkowski", "p", "manhattan", "cityblock", "l1",
              "chebyshev", "infinity")

    def __init__(self, X: Any, leaf_size: int = 40, metric: str = "minkowski",
                 **kwargs: Any) -> None:
        if not isinstance(metric, str) or metric not in self._VALID:
            raise ValueError(f"metric {metric!r} is not valid for {type(self).__name__}; "
                             f"valid metrics are {list(self._VALID)}.")
        self.data = np.ascontiguousarray(X, dtype=np.float64)
        if self.data.ndim != 2 or self.data.shape[0] == 0:
            raise ValueError(f"{type(self).__name__} needs a non-empty 2-D array, got shape "
                             f"{self.data.shape}.")
        resolved = resolve_metric(metric, metric_params=kwargs, n_features=self.data.shape[1])
        if resolved.p < 1:
            raise ValueError(f"p = {resolved.p} < 1 is not a metric (no triangle inequality): "
                             "use the brute-force search.")
        self.p = resolved.p
        self.scale, self.matrix = resolved.scale, resolved.matrix
        self.leaf_size = int(leaf_size)
        self._points = np.ascontiguousarray(resolved.transform(self.data), dtype=np.float64)
        (self.idx, self.node_start, self.node_end, self.lower, self.upper, self.centroid,
         self.radius) = _tree_build(self._points, max(1, self.leaf_size), self.p)

    @classmethod
    def from_state(cls, state: dict) -> _SpaceTree:
        """Rebuild a tree from ``vars(tree)`` (how estimators store it)."""
        tree = cls.__new__(cls)
        tree.__dict__.update(state)
        return tree

    def _queries(self, X: Any) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        X = X.reshape(1, -1) if X.ndim == 1 else X
        if X.ndim != 2 or X.shape[1] != self.data.shape[1]:
            raise ValueError(f"query data dimension must match training data dimension "
                             f"({self.data.shape[1]}), got shape {X.shape}.")
        return np.ascontiguousarray(Metric("", p=self.p, scale=self.scale,
                                           matrix=self.matrix).transform(X))

    def query(self, X: Any, k: int = 1, return_distance: bool = True,
              sort_results: bool = True) -> Any:
        """The ``k`` nearest points to every row of ``X``, sorted by distance (ties by index).

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features)
        k : int, default=1
        return_distance : bool, default=True
        sort_results : bool, default=True
            Kept for scikit-learn's signature: results are always sorted.

        Returns
        -------
        distances : ndarray of shape (n_queries, k)
            Only when ``return_distance``.
        indices : ndarray of shape (n_queries, k)
        """
        if k > self.data.shape[0]:
            raise ValueError("k must be less than or equal to the number of training points")
        rdist, ind = _tree_knn(self._queries(X), self._points, self.idx, self.node_start,
                               self.node_end, self.lower, self.upper, self.centroid,
                               self.radius, self._BALL, int(k), self.p)
        dist = minkowski_root(rdist, self.p)
        return (dist, ind) if return_distance else ind

    def query_radius(self, X: Any, r: Any, return_distance: bool = False,
                     count_only: bool = False, sort_results: bool = False) -> Any:
        """Every point within ``r`` (inclusive) of each row of ``X``, in index order.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features)
        r : float or array-like of shape (n_queries,)
        return_distance : bool, default=False
        count_only : bool, default=False
            Return the number of neighbours of each query only.
        sort_results : bool, default=False
            Sort each query's neighbours by distance (ties by index).

        Returns
        -------
        indices : ndarray of object (arrays of int), or counts with ``count_only``
        distances : ndarray of object (arrays of float), only with ``return_distance``
        """
        Q = self._queries(X)
        radii = np.broadcast_to(np.asarray(r, dtype=np.float64), (Q.shape[0],))
        # the bound in reduced form (sum |d|^p), a hair wide; exact distances filter after
        reduced = np.where(np.isinf(self.p) | (radii == np.inf), radii,
                           radii ** (1.0 if np.isinf(self.p) else self.p)) * (1 + 1e-12)
        rows, cols, rdist = _tree_radius(Q, self._points, self.idx, self.node_start,
                                         self.node_end, self.lower, self.upper, self.centroid,
                                         self.radius, self._BALL, np.ascontiguousarray(reduced),
                                         self.p)
        d = minkowski_root(rdist, self.p)
        keep = d <= radii[rows]
        if sort_results and not return_distance:
            raise ValueError("return_distance must be True if sort_results is True.")
        groups = _split_rows(Q.shape[0], rows[keep], cols[keep], d[keep], sort_results)
        if count_only:
            return np.array([len(j) for _, j in groups], dtype=np.intp)
        ind = _object_array([j for _, j in groups])
        return (ind, _object_array([d for d, _ in groups])) if return_distance else ind


def _object_array(rows: list[np.ndarray]) -> np.ndarray:
    out = np.empty(len(rows), dtype=object)
    out[:] = rows
    return out


class KDTree(_SpaceTree):
    """A KD-tree over the rows of ``X`` (Minkowski distances).

    Each node keeps the bounding box of its points; a query visits a node only if the box is
    closer than the current k-th neighbour.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    leaf_size : int, default=40
    metric : str, default="minkowski"
        ``"euclidean"``, ``"manhattan"``, ``"chebyshev"`` or ``"minkowski"`` (and their
        aliases).
    **kwargs
        ``p`` (default 2) and ``w`` (weights) of the Minkowski distance.

    Attributes
    ----------
    data : ndarray of shape (n_samples, n_features)

    Examples
    --------
    >>> from syllabus.neighbors import KDTree
    >>> KDTree([[0.0], [1.0], [3.0]]).query([[2.9]], k=2)
    (array([[0.1, 1.9]]), array([[2, 1]]))
    """


class BallTree(_SpaceTree):
    """A ball tree over the rows of ``X`` (Minkowski distances, including the standardised
    Euclidean and Mahalanobis distances).

    Each node keeps the centroid ``c`` and radius ``r`` of its points: none of them is closer
    to a query ``x`` than ``max(0, d(x, c) - r)``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    leaf_size : int, default=40
    metric : str, default="minkowski"
        A Minkowski metric (as :class:`KDTree`), ``"seuclidean"`` (``V``) or ``"mahalanobis"``
        (``VI``).
    **kwargs
        The metric's parameters.

    Attributes
    ----------
    data : ndarray of shape (n_samples, n_features)

    Examples
    --------
    >>> from syllabus.neighbors import BallTree
    >>> BallTree([[0.0], [1.0], [3.0]]).query_radius([[0.5]], r=1.0)[0]
    array([0, 1])
    """

    _BALL = True
    _VALID = _SpaceTree._VALID + ("seuclidean", "mahalanobis")


@njit(cache=True)
def _tree_build(X, leaf_size, p):
    n, d = X.shape
    idx = np.arange(n)
    max_nodes = 2 * (n // leaf_size + 1) * 2 + 1
    node_start = np.full(max_nodes, -1, dtype=np.intp)
    node_end = np.full(max_nodes, -1, dtype=np.intp)
    lower = np.zeros((max_nodes, d))
    upper = np.zeros((max_nodes, d))
    centroid = np.zeros((max_nodes, d))
    radius = np.zeros(max_nodes)
    # implicit binary tree: children of node i are 2i + 1 and 2i + 2; -1 marks "no node"
    node_start[0], node_end[0] = 0, n
    for node in range(max_nodes):
        s, e = node_start[node], node_end[node]
        if s < 0:
            continue
        pts = X[idx[s:e]]
        for j in range(d):
            lower[node, j] = pts[:, j].min()
            upper[node, j] = pts[:, j].max()
            centroid[node, j] = pts[:, j].mean()
        r = 0.0
        for t in range(e - s):
            r = max(r, pair_power_sum(pts[t], centroid[node], p))
        radius[node] = r if np.isinf(p) else r ** (1.0 / p)
        if e - s <= leaf_size or 2 * node + 2 >= max_nodes:
            continue
        dim = np.argmax(upper[node] - lower[node])
        order = np.argsort(pts[:, dim], kind="mergesort")
        idx[s:e] = idx[s:e][order]
        mid = s + (e - s) // 2
        node_start[2 * node + 1], node_end[2 * node + 1] = s, mid
        node_start[2 * node + 2], node_end[2 * node + 2] = mid, e
    return idx, node_start, node_end, lower, upper, centroid, radius


@njit(cache=True, nogil=True)
def _node_bound(x, node, lower, upper, centroid, radius, ball, p):
    """A lower bound (in reduced form, ``sum |d|^p``) of the distance from ``x`` to any point
    of ``node``: its bounding box (KD-tree) or its ball (ball tree)."""
    if ball:
        rd = pair_power_sum(x, centroid[node], p)
        # lowered by a few ulps: a rounding up would prune a point tied with the k-th
        gap = max(0.0, (rd if np.isinf(p) else rd ** (1.0 / p)) - radius[node]) * (1 - 1e-12)
        return gap if np.isinf(p) else gap**p
    s = 0.0
    for j in range(x.shape[0]):
        t = 0.0
        if x[j] < lower[node, j]:
            t = lower[node, j] - x[j]
        elif x[j] > upper[node, j]:
            t = x[j] - upper[node, j]
        if np.isinf(p):
            s = max(s, t)
        else:
            s += t * t if p == 2.0 else t**p
    return s


@njit(cache=True, nogil=True)
def _tree_knn(Q, X, idx, node_start, node_end, lower, upper, centroid, radius, ball, k, p):
    n_q = Q.shape[0]
    max_nodes = node_start.shape[0]
    out_d = np.empty((n_q, k))
    out_i = np.empty((n_q, k), dtype=np.intp)
    stack = np.empty(max_nodes, dtype=np.intp)
    for q in range(n_q):
        x = Q[q]
        best_d = np.full(k, np.inf)  # kept sorted ascending (insertion), ties by index
        best_i = np.full(k, -1, dtype=np.intp)
        stack[0] = 0
        top = 1
        while top > 0:
            top -= 1
            node = stack[top]
            if _node_bound(x, node, lower, upper, centroid, radius, ball, p) > best_d[k - 1]:
                continue
            left = 2 * node + 1
            if left >= max_nodes or node_start[left] < 0:  # a leaf: scan its points
                for t in range(node_start[node], node_end[node]):
                    i = idx[t]
                    dist = pair_power_sum(x, X[i], p)
                    if dist < best_d[k - 1] or (dist == best_d[k - 1] and i < best_i[k - 1]):
                        pos = k - 1
                        while pos > 0 and (best_d[pos - 1] > dist or (
                                best_d[pos - 1] == dist and best_i[pos - 1] > i)):
                            best_d[pos] = best_d[pos - 1]
                            best_i[pos] = best_i[pos - 1]
                            pos -= 1
                        best_d[pos] = dist
                        best_i[pos] = i
                continue
            right = left + 1
            # push the farther child first so the nearer one is searched first
            if (_node_bound(x, left, lower, upper, centroid, radius, ball, p)
                    <= _node_bound(x, right, lower, upper, centroid, radius, ball, p)):
                stack[top] = right
                stack[top + 1] = left
            else:
                stack[top] = left
                stack[top + 1] = right
            top += 2
        out_d[q] = best_d
        out_i[q] = best_i
    return out_d, out_i


@njit(cache=True, nogil=True)
def _tree_radius(Q, X, idx, node_start, node_end, lower, upper, centroid, radius, ball,
                 reduced_r, p):
    """(query, point, reduced distance) of every pair within ``reduced_r[query]``."""
    max_nodes = node_start.shape[0]
    stack = np.empty(max_nodes, dtype=np.intp)
    size = 64
    rows = np.empty(size, dtype=np.intp)
    cols = np.empty(size, dtype=np.intp)
    dists = np.empty(size)
    count = 0
    for q in range(Q.shape[0]):
        x = Q[q]
        stack[0] = 0
        top = 1
        while top > 0:
            top -= 1
            node = stack[top]
            if _node_bound(x, node, lower, upper, centroid, radius, ball, p) > reduced_r[q]:
                continue
            left = 2 * node + 1
            if left < max_nodes and node_start[left] >= 0:
                stack[top] = left
                stack[top + 1] = left + 1
                top += 2
                continue
            for t in range(node_start[node], node_end[node]):
                dist = pair_power_sum(x, X[idx[t]], p)
                if dist <= reduced_r[q]:
                    if count == size:  # grow the output buffers
                        size *= 2
                        rows = np.concatenate((rows, np.empty(size - count, dtype=np.intp)))
                        cols = np.concatenate((cols, np.empty(size - count, dtype=np.intp)))
                        dists = np.concatenate((dists, np.empty(size - count)))
                    rows[count], cols[count], dists[count] = q, idx[t], dist
                    count += 1
    return rows[:count], cols[:count], dists[:count]
