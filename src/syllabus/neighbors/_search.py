"""k-nearest-neighbour search: brute force by tiled matrix products, or a KD-tree.

Brute force cuts the queries into blocks of ``_ROWS`` and the training points into tiles
whose scores fit in ``_TILE_BYTES`` (a few hundred kilobytes: the tile stays in the core's
cache while it is scanned). For the Euclidean distance a tile's scores are
``||y||^2 - 2 x.y`` (one BLAS product; ``||x||^2`` ranks nothing); for other Minkowski powers
``p`` they are ``sum_j |x_j - y_j|^p`` (compiled). One compiled pass per row keeps the k
smallest scores; the chosen k distances are then recomputed directly (no cancellation) and
sorted, ties by index. Query blocks are independent: they run in ``n_jobs`` threads (the
compiled passes release the GIL, BLAS runs one thread per block), as scikit-learn's
brute-force search runs its chunks in OpenMP threads. No ``n_queries x n_train`` matrix is
ever formed.

The KD-tree (Bentley, 1975) splits the training points at the median of their widest
dimension until a leaf holds at most ``leaf_size`` points; a query descends to the
nearer child first and visits a node only if its bounding box is closer than the current
k-th neighbour. Both searches return the neighbours sorted by distance, ties by index.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba import njit

from ..utils._blas_threads import single_threaded_blas

_ROWS = 128
_TILE_BYTES = 2**20


def minkowski_rows(diff: np.ndarray, p: float) -> np.ndarray:
    """Minkowski norms along the last axis of ``diff``."""
    diff = np.abs(diff)
    if p == 2:
        return np.sqrt(np.einsum("ijk,ijk->ij", diff, diff))
    if p == 1:
        return diff.sum(axis=2)
    if np.isinf(p):
        return diff.max(axis=2)
    return (diff**p).sum(axis=2) ** (1.0 / p)


def n_threads(n_jobs: int | None) -> int:
    """Threads for ``n_jobs``: None and -1 mean every core (as scikit-learn's OpenMP search)."""
    cores = os.cpu_count() or 1
    if n_jobs is None or n_jobs == -1:
        return cores
    if n_jobs > 0:
        return n_jobs
    return max(1, cores + 1 + n_jobs) if n_jobs < 0 else 1


def brute_kneighbors(X: np.ndarray, Y: np.ndarray, k: int, p: float = 2,
                     n_jobs: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` nearest rows of ``Y`` to every row of ``X``: ``(distances, indices)``."""
    n, m = X.shape[0], Y.shape[0]
    width = 1 if p == 2 else Y.shape[1]  # bytes per score: the score, or the differences
    cols = max(1, _TILE_BYTES // (8 * _ROWS * width))
    y_sq = np.einsum("ij,ij->i", Y, Y) if p == 2 else np.zeros(m)
    dist = np.empty((n, k))
    ind = np.empty((n, k), dtype=np.intp)

    def search_block(start: int) -> None:
        Xb = X[start:start + _ROWS]
        best = np.full((Xb.shape[0], k), np.inf)
        best_j = np.zeros((Xb.shape[0], k), dtype=np.intp)
        for c in range(0, m, cols):
            Yc = Y[c:c + cols]
            if p == 2:  # ||x - y||^2 = ||x||^2 - 2 x.y + ||y||^2
                _k_smallest(Xb @ Yc.T, -2.0, y_sq[c:c + cols], c, best, best_j)
            else:
                _k_smallest(_power_sums(Xb, Yc, float(p)), 1.0, y_sq[c:c + cols], c, best, best_j)
        d = minkowski_rows(Xb[:, None, :] - Y[best_j], p)  # exact distances of the chosen
        order = np.lexsort((best_j, d), axis=1)
        dist[start:start + _ROWS] = np.take_along_axis(d, order, 1)
        ind[start:start + _ROWS] = np.take_along_axis(best_j, order, 1)

    starts = range(0, n, _ROWS)
    threads = min(n_threads(n_jobs), len(starts))
    with single_threaded_blas():  # small products: one BLAS thread per block
        if threads == 1:
            for start in starts:
                search_block(start)
        else:
            with ThreadPoolExecutor(threads) as pool:
                list(pool.map(search_block, starts))
    return dist, ind


@njit(cache=True, nogil=True)
def _power_sums(A, B, p):
    """``sum_j |a_j - b_j|^p`` (the max for ``p = inf``) between the rows of A and of B."""
    out = np.empty((A.shape[0], B.shape[0]))
    for i in range(A.shape[0]):
        for j in range(B.shape[0]):
            s = 0.0
            for t in range(A.shape[1]):
                diff = abs(A[i, t] - B[j, t])
                if p == 1.0:
                    s += diff
                elif np.isinf(p):
                    s = max(s, diff)
                else:
                    s += diff**p
            out[i, j] = s
    return out


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


class KDTree:
    """A KD-tree over the rows of ``X`` (Minkowski distance with power ``p``).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    leaf_size : int, default=30
    p : float, default=2
    """

    def __init__(self, X: np.ndarray, leaf_size: int = 30, p: float = 2) -> None:
        self.data = np.ascontiguousarray(X, dtype=np.float64)
        self.p = float(p)
        self.idx, self.node_start, self.node_end, self.lower, self.upper = _kd_build(
            self.data, max(1, int(leaf_size)))

    @classmethod
    def from_state(cls, state: dict) -> KDTree:
        """Rebuild a tree from ``vars(tree)`` (how estimators store it)."""
        tree = cls.__new__(cls)
        tree.__dict__.update(state)
        return tree

    def query(self, X: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """``(distances, indices)`` of the ``k`` nearest points to every row of ``X``."""
        dist, ind = _kd_query(np.ascontiguousarray(X, dtype=np.float64), self.data, self.idx,
                              self.node_start, self.node_end, self.lower, self.upper, k, self.p)
        order = np.lexsort((ind, dist), axis=1)
        return np.take_along_axis(dist, order, 1), np.take_along_axis(ind, order, 1)


@njit(cache=True)
def _kd_build(X, leaf_size):
    n, d = X.shape
    idx = np.arange(n)
    max_nodes = 2 * (n // leaf_size + 1) * 2 + 1
    node_start = np.empty(max_nodes, dtype=np.intp)
    node_end = np.empty(max_nodes, dtype=np.intp)
    lower = np.empty((max_nodes, d))
    upper = np.empty((max_nodes, d))
    # implicit binary tree: children of node i are 2i + 1 and 2i + 2; -1 marks "no node"
    node_start[:] = -1
    node_start[0], node_end[0] = 0, n
    for node in range(max_nodes):
        s, e = node_start[node], node_end[node]
        if s < 0:
            continue
        pts = X[idx[s:e]]
        for j in range(d):
            lower[node, j] = pts[:, j].min()
            upper[node, j] = pts[:, j].max()
        if e - s <= leaf_size or 2 * node + 2 >= max_nodes:
            continue
        dim = np.argmax(upper[node] - lower[node])
        order = np.argsort(pts[:, dim], kind="mergesort")
        idx[s:e] = idx[s:e][order]
        mid = s + (e - s) // 2
        node_start[2 * node + 1], node_end[2 * node + 1] = s, mid
        node_start[2 * node + 2], node_end[2 * node + 2] = mid, e
    return idx, node_start, node_end, lower, upper


@njit(cache=True)
def _power_dist(a, b, p):
    s = 0.0
    for j in range(a.shape[0]):
        t = abs(a[j] - b[j])
        s += t * t if p == 2.0 else t**p
    return s


@njit(cache=True)
def _box_dist(x, lo, hi, p):
    s = 0.0
    for j in range(x.shape[0]):
        t = 0.0
        if x[j] < lo[j]:
            t = lo[j] - x[j]
        elif x[j] > hi[j]:
            t = x[j] - hi[j]
        s += t * t if p == 2.0 else t**p
    return s


@njit(cache=True)
def _kd_query(Q, X, idx, node_start, node_end, lower, upper, k, p):
    n_q = Q.shape[0]
    max_nodes = node_start.shape[0]
    out_d = np.empty((n_q, k))
    out_i = np.empty((n_q, k), dtype=np.intp)
    stack = np.empty(max_nodes, dtype=np.intp)
    for q in range(n_q):
        x = Q[q]
        best_d = np.full(k, np.inf)  # kept sorted ascending (insertion)
        best_i = np.full(k, -1, dtype=np.intp)
        top = 0
        stack[0] = 0
        top = 1
        while top > 0:
            top -= 1
            node = stack[top]
            if _box_dist(x, lower[node], upper[node], p) > best_d[k - 1]:
                continue
            left = 2 * node + 1
            if left >= max_nodes or node_start[left] < 0:
                for t in range(node_start[node], node_end[node]):
                    i = idx[t]
                    dist = _power_dist(x, X[i], p)
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
            if _box_dist(x, lower[left], upper[left], p) <= _box_dist(x, lower[right], upper[right], p):
                stack[top] = right
                stack[top + 1] = left
            else:
                stack[top] = left
                stack[top + 1] = right
            top += 2
        for j in range(k):
            out_d[q, j] = np.sqrt(best_d[j]) if p == 2.0 else best_d[j] ** (1.0 / p)
            out_i[q, j] = best_i[j]
    return out_d, out_i
