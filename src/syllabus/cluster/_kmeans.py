"""K-means clustering: k-means++ seeding, Lloyd's iterations, and the mini-batch variant.

Lloyd's algorithm alternates the two steps of the unsupervised-learning lecture,

    assignment   c_i = argmin_j ||x_i - mu_j||^2
    update       mu_j = sum_{i: c_i = j} w_i x_i / sum_{i: c_i = j} w_i,

each of which can only lower the inertia J = sum_i w_i ||x_i - mu_{c_i}||^2, so J decreases
monotonically to a local minimum. The assignment step is one GEMM per chunk of rows:
||x - mu||^2 = ||x||^2 - 2 x.mu + ||mu||^2, and the argmin over j does not need ||x||^2. No
n x k x d array is ever built.

The random numbers are drawn in scikit-learn's order (the first seed by
``choice(n, p=w / sum(w))``, then ``uniform(size=2 + int(log k))`` per further seed; ``n_init``
consecutive initialisations from one ``RandomState``), so the same ``random_state`` gives the
same seeds, centres, labels and inertia as ``sklearn.cluster.KMeans``.
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real
from typing import Any

import numba
import numpy as np

from ..base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    ClusterMixin,
    ConvergenceWarning,
    TransformerMixin,
)
from ..kernels import euclidean_distances
from ..utils import check_array, check_is_fitted, check_random_state, check_sample_weight
from ..utils._blas_threads import blas_num_threads, in_pieces, single_threaded_blas
from ..utils._param_validation import Interval, StrOptions
from ..utils._sparse import (
    issparse,
    safe_sparse_dot,
    sparse_column_mean_var,
    sparse_group_sums,
    sparse_row_dots,
    sparse_row_norms_squared,
)
from ..utils._validation import validate_floating

__all__ = ["KMeans", "MiniBatchKMeans", "kmeans_plusplus"]

# Rows per GEMM block in the assignment step: a block of distances stays in cache.
_CHUNK = 32768


def _squared_distances(A: Any, a_sq: np.ndarray, B: Any, b_sq: np.ndarray) -> np.ndarray:
    """||a_i - b_j||^2 for every row of A and B, as -2 A B^T + ||a||^2 + ||b||^2, clipped at 0."""
    d = -2.0 * safe_sparse_dot(A, B.T)
    d += a_sq[:, None]
    d += b_sq[None, :]
    return np.maximum(d, 0.0, out=d)


def _row_sq(A: Any) -> np.ndarray:
    if issparse(A):
        return sparse_row_norms_squared(A)
    return np.einsum("ij,ij->i", A, A)


def _dense_rows(X: Any, idx: Any) -> np.ndarray:
    """``X[idx]`` as a dense float64 array (a few rows of a sparse X: seeds, relocations)."""
    rows = X[idx]
    return rows.toarray() if issparse(rows) else np.array(rows, dtype=np.float64)


def _sample_sq_distances(X, x_sq, centers, labels):
    """||x_i - c_{l_i}||^2 for each sample (direct differences when X is dense)."""
    if issparse(X):
        dots = sparse_row_dots(X, centers, labels)
        return np.maximum(x_sq - 2.0 * dots + _row_sq(centers)[labels], 0.0)
    return _row_sq(X - centers[labels])


def kmeans_plusplus(
    X: Any,
    n_clusters: int,
    *,
    sample_weight: Any = None,
    x_squared_norms: Any = None,
    random_state: Any = None,
    n_local_trials: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Greedy k-means++ seeding (Arthur & Vassilvitskii, 2007).

    The first centre is a sample drawn with probability proportional to its weight; each
    further centre is the best (lowest resulting potential) of ``n_local_trials`` candidates
    drawn with probability proportional to ``w_i D(x_i)^2``, the weighted squared distance to
    the closest centre chosen so far. The expected potential is O(log k) times the optimum.

    Parameters
    ----------
    X : array-like or sparse matrix of shape (n_samples, n_features)
    n_clusters : int
    sample_weight : array-like of shape (n_samples,), default=None
    x_squared_norms : array-like of shape (n_samples,), default=None
        Precomputed ``||x_i||^2`` (computed when None).
    random_state : int, RandomState or None, default=None
    n_local_trials : int, default=None
        ``2 + int(log(n_clusters))`` when None (scikit-learn's choice).

    Returns
    -------
    centers : ndarray of shape (n_clusters, n_features)
    indices : ndarray of shape (n_clusters,)
        ``X[indices] == centers``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.cluster import kmeans_plusplus
    >>> X = np.array([[0.0, 0.0], [0.1, 0.0], [10.0, 10.0], [10.1, 10.0]])
    >>> centers, idx = kmeans_plusplus(X, 2, random_state=0)
    >>> sorted(int(i) // 2 for i in idx)
    [0, 1]
    """
    X_in = check_array(X, accept_sparse="csr", dtype=(np.float64, np.float32))
    X = X_in.astype(np.float64, copy=False)
    sw = check_sample_weight(sample_weight, X)
    if X.shape[0] < n_clusters:
        raise ValueError(f"n_samples={X.shape[0]} should be >= n_clusters={n_clusters}.")
    if x_squared_norms is None:
        x_sq = _row_sq(X)
    else:
        x_sq = check_array(x_squared_norms, ensure_2d=False, dtype=np.float64)
        if x_sq.shape != (X.shape[0],):
            raise ValueError(
                f"The length of x_squared_norms {x_sq.shape[0]} should be equal to the "
                f"length of n_samples {X.shape[0]}.")
    if n_local_trials is not None and n_local_trials < 1:
        raise ValueError(f"n_local_trials is set to {n_local_trials} but should be an "
                         "integer value greater than zero.")
    centers, indices = _kmeans_plusplus(X, n_clusters, x_sq, sw, check_random_state(random_state),
                                        n_local_trials)
    return centers.astype(X_in.dtype, copy=False), indices


def _kmeans_plusplus(X, n_clusters, x_sq, sw, rng, n_local_trials=None):
    n_samples = X.shape[0]
    if n_local_trials is None:
        n_local_trials = 2 + int(np.log(n_clusters))
    indices = np.full(n_clusters, -1, dtype=np.intp)
    indices[0] = rng.choice(n_samples, p=sw / sw.sum())
    # The chosen rows are made dense (a few rows): dense x sparse products only.
    closest = _squared_distances(_dense_rows(X, indices[:1]), x_sq[indices[:1]], X, x_sq)[0]
    potential = closest @ sw
    for c in range(1, n_clusters):
        # Candidates drawn with probability w_i D(x_i)^2 / potential (inverse-CDF sampling).
        draws = rng.uniform(size=n_local_trials) * potential
        candidates = np.searchsorted(np.cumsum(sw * closest), draws)
        np.clip(candidates, None, n_samples - 1, out=candidates)
        # Keep the candidate whose addition lowers the potential the most.
        dist = _squared_distances(_dense_rows(X, candidates), x_sq[candidates], X, x_sq)
        np.minimum(closest, dist, out=dist)
        potentials = dist @ sw
        best = int(np.argmin(potentials))
        potential = potentials[best]
        closest = dist[best]
        indices[c] = candidates[best]
    return _dense_rows(X, indices), indices


def _assign(X, centers):
    """Index of the closest centre of each row of X, by one GEMM per chunk of rows."""
    n = X.shape[0]
    labels = np.empty(n, dtype=np.intp)
    minus_2c = -2.0 * centers.T
    c_sq = _row_sq(centers)
    for start in range(0, n, _CHUNK):
        block = slice(start, min(start + _CHUNK, n))
        d = safe_sparse_dot(X[block], minus_2c)  # ||c||^2 - 2 x.c: the argmin needs no ||x||^2
        d += c_sq
        labels[block] = np.argmin(d, axis=1)
    return labels


def _cluster_sums(X, XwT, sw, labels, k):
    """Per-cluster sums of w_i x_i and of w_i.

    Dense X: ``XwT`` is (X * w).T and each feature is one bincount; sparse X: one sparse product.
    """
    if issparse(X):
        sums = sparse_group_sums(X, sw, labels, k)
    else:
        sums = np.stack([np.bincount(labels, weights=col, minlength=k) for col in XwT], axis=1)
    return sums, np.bincount(labels, weights=sw, minlength=k)


def _inertia(X, x_sq, sw, centers, labels) -> float:
    return float(_sample_sq_distances(X, x_sq, centers, labels) @ sw)


def _relocate_empty(X, x_sq, sw, centers_old, sums, weights, labels):
    """Move each empty cluster onto one of the samples farthest from their centre."""
    empty = np.flatnonzero(weights == 0)
    if empty.size == 0:
        return
    dist = _sample_sq_distances(X, x_sq, centers_old, labels)
    if dist.max() == 0:  # fewer distinct points than clusters: nothing to gain
        return
    far = np.argpartition(dist, -empty.size)[: -empty.size - 1 : -1]
    rows = _dense_rows(X, far)
    for new, i, row in zip(empty, far, rows, strict=True):
        old = labels[i]
        sums[old] -= row * sw[i]
        sums[new] = row * sw[i]
        weights[new] = sw[i]
        weights[old] -= sw[i]


# Rows per piece of a dense Lloyd/Elkan iteration, shared out among syllabus's threads. The
# pieces are fixed (not one per thread) so that the cluster sums, added piece by piece, do
# not depend on the number of threads.
_PIECE = 8192


class _Pieces:
    """The row pieces of one fit, their per-piece cluster sums, and the threads to use."""

    def __init__(self, n, k, d, threads):
        self.n, self.threads = n, threads
        count = -(-n // _PIECE)
        self.sums = np.zeros((count, k, d))
        self.weights = np.zeros((count, k))
        self.inertia = np.zeros(count)

    def run(self, work):
        """``work(lo, hi, p)`` for each piece ``p = [lo, hi)``, on the fit's threads."""
        in_pieces(lambda lo, hi: work(lo, hi, lo // _PIECE), self.n, _PIECE, self.threads)

    def totals(self):
        """Cluster sums and weights: the pieces' partial sums added in piece order."""
        return self.sums.sum(axis=0), self.weights.sum(axis=0)


@numba.njit(cache=True, nogil=True)
def _group_sums(X, sw, labels, lo, hi, sums, weights):
    """sums[j] = sum of w_i x_i and weights[j] = sum of w_i over the rows lo <= i < hi of
    cluster j, added in row order."""
    sums[:] = 0.0
    weights[:] = 0.0
    for i in range(lo, hi):
        j = labels[i]
        w = sw[i]
        weights[j] += w
        for f in range(X.shape[1]):
            sums[j, f] += w * X[i, f]


@numba.njit(cache=True, nogil=True)
def _lloyd_piece(scores, c_sq, X, sw, lo, labels, sums, weights):
    """Assignment and cluster sums of the rows ``lo, lo + 1, ...`` of one piece: the label is
    the first argmin over j of ``scores[r, j] + ||c_j||^2`` (scores = -2 x.c)."""
    hi = lo + scores.shape[0]
    for r in range(scores.shape[0]):
        best = 0
        best_d = scores[r, 0] + c_sq[0]
        for j in range(1, scores.shape[1]):
            v = scores[r, j] + c_sq[j]
            if v < best_d:
                best_d = v
                best = j
        labels[lo + r] = best
    _group_sums(X, sw, labels, lo, hi, sums, weights)


def _lloyd_dense(X, sw, centers, labels, pieces):
    """One assignment step on dense X (one single-threaded GEMM per piece of rows, the pieces
    on syllabus's threads) and the cluster sums of the new labels."""
    minus_2c = -2.0 * centers.T  # ||c||^2 - 2 x.c: the argmin needs no ||x||^2
    c_sq = _row_sq(centers)

    def work(lo, hi, p):
        _lloyd_piece(X[lo:hi] @ minus_2c, c_sq, X, sw, lo, labels, pieces.sums[p],
                     pieces.weights[p])

    pieces.run(work)
    return pieces.totals()


@numba.njit(cache=True, nogil=True)
def _inertia_piece(X, sw, C, labels, lo, hi):
    """sum of w_i ||x_i - c_{l_i}||^2 over the rows lo <= i < hi (direct differences)."""
    total = 0.0
    for i in range(lo, hi):
        s = 0.0
        for f in range(X.shape[1]):
            t = X[i, f] - C[labels[i], f]
            s += t * t
        total += sw[i] * s
    return total


def _inertia_dense(X, sw, centers, labels, pieces) -> float:
    def work(lo, hi, p):
        pieces.inertia[p] = _inertia_piece(X, sw, centers, labels, lo, hi)

    pieces.run(work)
    return float(pieces.inertia.sum())


class _ElkanBounds:
    """Elkan's (2003) bounds: skip the distances the triangle inequality proves useless.

    For each sample an upper bound u_i >= ||x_i - c_{l_i}|| and lower bounds
    l_ij <= ||x_i - c_j||. Sample i keeps its label without any distance when
    u_i <= s_{l_i} = min_{j != l_i} ||c_{l_i} - c_j|| / 2; centre j is skipped when
    u_i <= l_ij or u_i <= ||c_{l_i} - c_j|| / 2. After the centres move by delta_j the bounds
    stay valid as u_i + delta_{l_i} and max(l_ij - delta_j, 0) (applied at the next
    assignment, row by row). The labels are Lloyd's. Dense X: the rows are split into
    pieces on syllabus's threads, and each piece also adds up its cluster sums.
    """

    def __init__(self, X, x_sq, centers, pieces=None):
        n, k = X.shape[0], centers.shape[0]
        if pieces is None:
            pieces = _Pieces(n, k, X.shape[1], threads=1)
        self.X, self.x_sq, self.pieces = X, x_sq, pieces
        self.totals = None
        if issparse(X):
            self.dense = np.zeros((1, 1))
            self.csr = (X.data.astype(np.float64), X.indices.astype(np.int64),
                        X.indptr.astype(np.int64))
        else:
            self.dense, self.csr = X, None  # None: the compiled loops' dense specialisation
        self.upper = np.empty(n)
        self.lower = np.zeros((n, k))
        self.labels = np.empty(n, dtype=np.intp)
        self.shift = np.zeros(k)  # centre moves not yet applied to the bounds
        half = self._half(centers)
        c_sq = _row_sq(centers)
        pieces.run(lambda lo, hi, p: _elkan_init(
            self.dense, self.csr, x_sq, centers, c_sq, half, self.labels, self.upper,
            self.lower, lo, hi))

    @staticmethod
    def _half(centers):
        c_sq = _row_sq(centers)
        return np.sqrt(_squared_distances(centers, c_sq, centers, c_sq)) / 2.0

    def assign(self, centers, sw=None):
        """New labels (a copy); with ``sw`` and dense X, ``self.totals`` is set to their
        cluster sums and weights (else None)."""
        half = self._half(centers)
        np.fill_diagonal(half, 0.0)
        s = np.partition(half + np.diag(np.full(len(half), np.inf)), 0, axis=1)[:, 0]
        c_sq = _row_sq(centers)
        pieces, shift = self.pieces, self.shift
        sums = sw is not None and self.csr is None

        def work(lo, hi, p):
            _elkan_assign(self.dense, self.csr, self.x_sq, centers, c_sq, half, s, shift,
                          self.labels, self.upper, self.lower, lo, hi)
            if sums:
                _group_sums(self.dense, sw, self.labels, lo, hi, pieces.sums[p],
                            pieces.weights[p])

        pieces.run(work)
        self.shift = np.zeros_like(shift)
        self.totals = pieces.totals() if sums else None
        return self.labels.copy()

    def move(self, old, new):
        self.shift = np.sqrt(_row_sq(new - old))


@numba.njit(cache=True, nogil=True)
def _elkan_dist(i, j, X, csr, x_sq, C, c_sq):
    """||x_i - c_j||: direct differences for dense X (``csr`` None: a separate compiled
    specialisation), ||x||^2 - 2 x.c + ||c||^2 for CSR ``(data, indices, indptr)``."""
    s = 0.0
    if csr is None:
        for f in range(C.shape[1]):
            t = X[i, f] - C[j, f]
            s += t * t
        return np.sqrt(s)
    data, indices, indptr = csr
    for p in range(indptr[i], indptr[i + 1]):
        s += data[p] * C[j, indices[p]]
    return np.sqrt(max(x_sq[i] - 2.0 * s + c_sq[j], 0.0))


@numba.njit(cache=True, nogil=True)
def _elkan_init(X, csr, x_sq, C, c_sq, half, labels, upper, lower, lo, hi):
    for i in range(lo, hi):
        best = 0
        best_d = _elkan_dist(i, 0, X, csr, x_sq, C, c_sq)
        lower[i, 0] = best_d
        for j in range(1, C.shape[0]):
            if best_d > half[best, j]:  # else c_j cannot be closer than c_best
                d = _elkan_dist(i, j, X, csr, x_sq, C, c_sq)
                lower[i, j] = d
                if d < best_d:
                    best_d = d
                    best = j
        labels[i] = best
        upper[i] = best_d


@numba.njit(cache=True, nogil=True)
def _elkan_assign(X, csr, x_sq, C, c_sq, half, s, shift, labels, upper, lower, lo, hi):
    for i in range(lo, hi):
        label = labels[i]
        upper[i] += shift[label]  # the bounds after the centres' last move
        for j in range(C.shape[0]):
            lower[i, j] = max(lower[i, j] - shift[j], 0.0)
        u = upper[i]
        if u <= s[label]:  # no other centre can be closer
            continue
        tight = False
        for j in range(C.shape[0]):
            if j == label or u <= lower[i, j] or u <= half[label, j]:
                continue
            if not tight:  # tighten the upper bound once: the exact distance to c_label
                u = _elkan_dist(i, label, X, csr, x_sq, C, c_sq)
                lower[i, label] = u
                tight = True
                if u <= lower[i, j] or u <= half[label, j]:
                    continue
            d = _elkan_dist(i, j, X, csr, x_sq, C, c_sq)
            lower[i, j] = d
            if d < u:
                label = j
                u = d
        labels[i] = label
        upper[i] = u


def _kmeans_single(X, x_sq, sw, centers, max_iter, tol, algorithm="lloyd", verbose=0,
                   threads=1):
    """One run of Lloyd's algorithm (Elkan's bounds for the assignments if asked).

    Dense X: each iteration runs compiled over pieces of rows on ``threads`` threads.
    Returns labels, inertia, centres, n_iter.
    """
    n, k = X.shape[0], centers.shape[0]
    dense = not issparse(X)
    pieces = _Pieces(n, k, X.shape[1], threads)
    labels_old = np.full(n, -1, dtype=np.intp)
    elkan = _ElkanBounds(X, x_sq, centers, pieces) if algorithm == "elkan" else None
    buffer = np.empty(n, dtype=np.intp)

    def assign(centers, sums=True):
        """Labels for ``centers`` and, when asked, their cluster sums and weights."""
        if elkan is not None:
            new = elkan.assign(centers, sw if sums else None)
            totals = elkan.totals
        elif dense:
            totals = _lloyd_dense(X, sw, centers, buffer, pieces)
            new = buffer.copy()
        else:
            new, totals = _assign(X, centers), None
        if sums and totals is None:
            totals = _cluster_sums(X, None, sw, new, k)
        return new, totals

    strict = False
    it = 0
    for it in range(max_iter):  # noqa: B007 (it + 1 is n_iter_)
        labels, (sums, weights) = assign(centers)
        _relocate_empty(X, x_sq, sw, centers, sums, weights, labels)
        # Averaging; a cluster left empty sits on the heaviest one instead of at the origin.
        new = sums * (1.0 / np.where(weights > 0, weights, 1.0))[:, None]
        new[weights <= 0] = new[np.argmax(weights)]
        shift = float(((new - centers) ** 2).sum())
        if elkan is not None:
            elkan.move(centers, new)
        if verbose:
            print(f"Iteration {it}, inertia {_inertia(X, x_sq, sw, centers, labels)}.")
        centers = new
        if np.array_equal(labels, labels_old):
            if verbose:
                print(f"Converged at iteration {it}: strict convergence.")
            strict = True
            break
        if shift <= tol:
            if verbose:
                print(f"Converged at iteration {it}: center shift {shift} within tolerance {tol}.")
            break
        labels_old = labels
    if not strict:  # labels that match the final centres
        labels = assign(centers, sums=False)[0]
    inertia = (_inertia_dense(X, sw, centers, labels, pieces) if dense
               else _inertia(X, x_sq, sw, centers, labels))
    return labels, inertia, centers, it + 1


def _same_clustering(a: np.ndarray, b: np.ndarray, k: int) -> bool:
    """True when two labelings are equal up to a permutation of the labels."""
    mapping = np.full(k, -1)
    for i, j in zip(a, b, strict=True):
        if mapping[i] == -1:
            mapping[i] = j
        elif mapping[i] != j:
            return False
    return True


class _BaseKMeans(ClassNamePrefixFeaturesOutMixin, ClusterMixin, TransformerMixin, BaseEstimator):
    """Shared checks, seeding, predict/transform/score of KMeans and MiniBatchKMeans."""

    _default_n_init = 10
    # As for scikit-learn's KMeans: seeding draws samples, so weight 2 != a repeated sample.
    _expected_failed_checks = {
        "check_sample_weight_equivalence_on_dense_data":
            "sample_weight is not equivalent to removing/repeating samples (random seeding).",
        "check_sample_weight_equivalence_on_sparse_data":
            "sample_weight is not equivalent to removing/repeating samples (random seeding).",
    }

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        tags.input_tags.sparse = True
        return tags

    @property
    def _n_features_out(self) -> int:
        return self.cluster_centers_.shape[0]

    def _validate_X(self, X, reset):
        """Dense or CSR ``X`` in float64 (computations), and its dtype (float32 is kept)."""
        X = validate_floating(self, X, reset=reset, accept_sparse="csr",
                              dtypes=(np.float64, np.float32))
        return X.astype(np.float64, copy=False), X.dtype

    def _check_input(self, X, sample_weight):
        self._validate_params()
        X, dtype = self._validate_X(X, reset=True)
        if X.shape[0] < self.n_clusters:
            raise ValueError(f"n_samples={X.shape[0]} should be >= n_clusters={self.n_clusters}.")
        sw = check_sample_weight(sample_weight, X)
        # tol is relative to the mean feature variance (scikit-learn's scaling).
        if self.tol == 0:
            self._tol = 0.0
        else:
            var = sparse_column_mean_var(X)[1] if issparse(X) else np.var(X, axis=0)
            self._tol = float(np.mean(var) * self.tol)
        init = self.init
        if isinstance(init, str) or callable(init):
            n_init = self.n_init
            if n_init == "auto":
                n_init = 1 if isinstance(init, str) and init == "k-means++" else self._default_n_init
        else:
            init = check_array(init, dtype=np.float64, copy=True)
            self._check_center_shape(init, X.shape[1])
            n_init = 1
            if self.n_init not in ("auto", 1):
                warnings.warn(
                    "Explicit initial center position passed: performing only one init in "
                    f"{type(self).__name__} instead of n_init={self.n_init}.",
                    RuntimeWarning, stacklevel=3)
        self._n_init = n_init
        return X, dtype, sw, init, n_init

    def _check_center_shape(self, centers, n_features):
        if centers.shape[0] != self.n_clusters:
            raise ValueError(
                f"The shape of the initial centers {centers.shape} does not match "
                f"the number of clusters {self.n_clusters}.")
        if centers.shape[1] != n_features:
            raise ValueError(
                f"The shape of the initial centers {centers.shape} does not match "
                f"the number of features of the data {n_features}.")

    def _init_centroids(self, X, x_squared_norms, init, random_state, sample_weight,
                        init_size=None, n_centroids=None):
        """``n_centroids`` (default ``n_clusters``) initial centres (scikit-learn's signature)."""
        X, x_sq, sw, rng = X, x_squared_norms, sample_weight, random_state
        k = self.n_clusters if n_centroids is None else n_centroids
        if init_size is not None and init_size < X.shape[0]:
            idx = rng.randint(0, X.shape[0], init_size)
            X, x_sq, sw = X[idx], x_sq[idx], sw[idx]
        if isinstance(init, str) and init == "k-means++":
            return _kmeans_plusplus(X, k, x_sq, sw, rng)[0]
        if isinstance(init, str):  # "random": k distinct samples, probability ~ weight
            seeds = rng.choice(X.shape[0], size=k, replace=False, p=sw / sw.sum())
            return _dense_rows(X, seeds)
        if callable(init):  # scikit-learn's protocol: init(X, n_clusters, random_state)
            centers = init(X, self.n_clusters, random_state=rng)
            centers = check_array(centers, dtype=np.float64, copy=True)
            self._check_center_shape(centers, X.shape[1])
            return centers
        return init.copy()

    def _check_test(self, X):
        check_is_fitted(self)
        return self._validate_X(X, reset=False)

    def predict(self, X: Any) -> np.ndarray:
        """Index of the closest centre for each sample.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        X, _ = self._check_test(X)
        return _assign(X, self.cluster_centers_.astype(np.float64))

    def fit_predict(self, X: Any, y: Any = None, sample_weight: Any = None) -> np.ndarray:
        """Fit and return ``labels_``."""
        return self.fit(X, sample_weight=sample_weight).labels_

    def transform(self, X: Any) -> np.ndarray:
        """Euclidean distance from each sample to each centre, shape (n_samples, n_clusters)."""
        check_is_fitted(self)
        X = validate_floating(self, X, reset=False, accept_sparse="csr",
                              dtypes=(np.float64, np.float32))
        return euclidean_distances(X, self.cluster_centers_)

    def fit_transform(self, X: Any, y: Any = None, sample_weight: Any = None) -> np.ndarray:
        """Fit, then return the distances to the centres."""
        return self.fit(X, sample_weight=sample_weight).transform(X)

    def score(self, X: Any, y: Any = None, sample_weight: Any = None) -> float:
        """Opposite of the (weighted) inertia of ``X`` under the fitted centres."""
        X, _ = self._check_test(X)
        sw = check_sample_weight(sample_weight, X)
        C = self.cluster_centers_.astype(np.float64)
        return -_inertia(X, _row_sq(X), sw, C, _assign(X, C))

    def _warn_distinct(self):
        distinct = len(np.unique(self.labels_))
        if distinct < self.n_clusters:
            warnings.warn(ConvergenceWarning(
                f"Number of distinct clusters ({distinct}) found smaller than n_clusters "
                f"({self.n_clusters}). Possibly due to duplicate points in X."), stacklevel=3)


class KMeans(_BaseKMeans):
    """K-means clustering by Lloyd's algorithm (or Elkan's accelerated version), k-means++ seeding.

    Minimises the inertia sum_i w_i ||x_i - mu_{c_i}||^2 by alternating assignments and
    centre updates until the labels stop changing or the squared centre shift
    sum_j ||mu_j^new - mu_j^old||^2 falls below ``tol`` times the mean feature variance.
    ``algorithm="elkan"`` makes the same assignments with fewer distance computations
    (triangle-inequality bounds). Results equal scikit-learn's ``KMeans`` for the same
    ``random_state``. Sparse (CSR) ``X`` is never densified.

    Parameters
    ----------
    n_clusters : int, default=8
    init : {"k-means++", "random"}, callable or array of shape (n_clusters, n_features), \
default="k-means++"
        A callable is called as ``init(X, n_clusters, random_state=rng)``.
    n_init : "auto" or int, default="auto"
        Number of initialisations; the run with the lowest inertia is kept. "auto" is 1 for
        k-means++ and an array, 10 for "random" and a callable.
    max_iter : int, default=300
    tol : float, default=1e-4
        Relative tolerance on the squared centre shift.
    verbose : int, default=0
        Print the inertia of each iteration and the reason for stopping.
    random_state : int, RandomState or None, default=None
    copy_x : bool, default=True
        Kept for scikit-learn's signature (``X`` is never modified).
    algorithm : {"lloyd", "elkan"}, default="lloyd"

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
    labels_ : ndarray of shape (n_samples,)
    inertia_ : float
    n_iter_ : int
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.cluster import KMeans
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]])
    >>> km = KMeans(n_clusters=2, random_state=0).fit(X)
    >>> sorted(km.cluster_centers_.tolist())
    [[1.0, 2.0], [10.0, 2.0]]
    >>> float(km.inertia_)
    16.0
    """

    _parameter_constraints = {
        "n_clusters": [Interval(Integral, 1, None, closed="left")],
        "init": [StrOptions({"k-means++", "random"}), "callable", "array-like"],
        "n_init": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": [Interval(Integral, 0, None, closed="left"), "boolean"],
        "random_state": ["random_state"],
        "copy_x": ["boolean"],
        "algorithm": [StrOptions({"lloyd", "elkan"})],
    }

    def __init__(self, n_clusters: int = 8, *, init: Any = "k-means++", n_init: Any = "auto",
                 max_iter: int = 300, tol: float = 1e-4, verbose: int = 0,
                 random_state: Any = None, copy_x: bool = True, algorithm: str = "lloyd") -> None:
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.verbose = verbose
        self.random_state = random_state
        self.copy_x = copy_x
        self.algorithm = algorithm

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> KMeans:
        """Cluster ``X``.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : KMeans
        """
        X, dtype, sw, init, n_init = self._check_input(X, sample_weight)
        algorithm = self.algorithm
        if algorithm == "elkan" and self.n_clusters == 1:
            warnings.warn("algorithm='elkan' doesn't make sense for a single cluster. Using "
                          "'lloyd' instead.", RuntimeWarning, stacklevel=2)
            algorithm = "lloyd"
        rng = check_random_state(self.random_state)
        # Centred dense data: the distances ||x||^2 - 2 x.c + ||c||^2 lose less to
        # cancellation (a sparse X stays as it is, as in scikit-learn).
        mean = np.zeros(X.shape[1]) if issparse(X) else X.mean(axis=0)
        if not issparse(X):
            X = X - mean
        if not isinstance(init, str) and not callable(init):
            init = init - mean
        x_sq = _row_sq(X)
        best = None
        # The seeding's small GEMMs on one BLAS thread (no waiting for workers on a busy
        # machine); the iterations share their pieces of rows out among syllabus's threads.
        threads = blas_num_threads()
        with single_threaded_blas():
            for _ in range(n_init):
                centers = self._init_centroids(X, x_sq, init, rng, sw)
                if self.verbose:
                    print("Initialization complete")
                labels, inertia, centers, n_iter = _kmeans_single(
                    X, x_sq, sw, centers, self.max_iter, self._tol, algorithm, self.verbose,
                    threads)
                # A lower inertia that is the same clustering up to relabelling is round-off.
                if best is None or (inertia < best[1]
                                    and not _same_clustering(labels, best[0], self.n_clusters)):
                    best = (labels, inertia, centers, n_iter)
        labels, inertia, centers, n_iter = best
        self.cluster_centers_ = (centers + mean).astype(dtype, copy=False)
        self.labels_ = labels.astype(np.int32)
        self.inertia_ = inertia
        self.n_iter_ = n_iter
        self._warn_distinct()
        return self


class MiniBatchKMeans(_BaseKMeans):
    """K-means on random mini-batches (Sculley, 2010): for large n, one pass costs one batch.

    Each step draws ``batch_size`` samples (probability proportional to their weight),
    assigns them to the closest centre and moves each centre to the running mean of every
    sample it has received, mu_j <- (n_j mu_j + sum_batch x) / (n_j + b_j): a stochastic
    gradient step on the inertia with step size 1 / n_j. Centres with very few samples are
    re-seeded on random batch samples. Stops after ``max_iter`` passes over the data or when
    the smoothed batch inertia has not improved for ``max_no_improvement`` steps. The
    algorithm and its random draws follow scikit-learn's ``MiniBatchKMeans``;
    :meth:`partial_fit` makes one step on the batch it is given (with its weights).

    Parameters
    ----------
    n_clusters : int, default=8
    init : {"k-means++", "random"}, callable or array, default="k-means++"
    max_iter : int, default=100
        Passes over the data.
    batch_size : int, default=1024
    verbose : int, default=0
    compute_labels : bool, default=True
        Compute ``labels_`` and ``inertia_`` on the whole data after fitting.
    random_state : int, RandomState or None, default=None
    tol : float, default=0.0
    max_no_improvement : int or None, default=10
    init_size : int or None, default=None
        Samples used for seeding (3 * batch_size by default).
    n_init : "auto" or int, default="auto"
    reassignment_ratio : float, default=0.01

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
    labels_ : ndarray of shape (n_samples,)
    inertia_ : float
    n_iter_ : int
        Passes over the data.
    n_steps_ : int
        Mini-batches processed.
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.cluster import MiniBatchKMeans
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.randn(100, 2), rng.randn(100, 2) + 10])
    >>> km = MiniBatchKMeans(n_clusters=2, batch_size=50, random_state=0).fit(X)
    >>> sorted(np.round(km.cluster_centers_[:, 0]).tolist())
    [0.0, 10.0]
    """

    _default_n_init = 3
    _parameter_constraints = {
        **{k: v for k, v in KMeans._parameter_constraints.items()
           if k not in ("copy_x", "algorithm")},
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "compute_labels": ["boolean"],
        "max_no_improvement": [Interval(Integral, 0, None, closed="left"), None],
        "init_size": [Interval(Integral, 1, None, closed="left"), None],
        "reassignment_ratio": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(self, n_clusters: int = 8, *, init: Any = "k-means++", max_iter: int = 100,
                 batch_size: int = 1024, verbose: int = 0, compute_labels: bool = True,
                 random_state: Any = None, tol: float = 0.0, max_no_improvement: int | None = 10,
                 init_size: int | None = None, n_init: Any = "auto",
                 reassignment_ratio: float = 0.01) -> None:
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.batch_size = batch_size
        self.verbose = verbose
        self.compute_labels = compute_labels
        self.random_state = random_state
        self.tol = tol
        self.max_no_improvement = max_no_improvement
        self.init_size = init_size
        self.n_init = n_init
        self.reassignment_ratio = reassignment_ratio

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> MiniBatchKMeans:
        """Cluster ``X`` by mini-batch updates.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : MiniBatchKMeans
        """
        with single_threaded_blas():  # many small GEMMs (see KMeans.fit)
            return self._fit(X, sample_weight)

    def _sizes(self, n):
        """Batch size and seeding-subset size for ``n`` samples (scikit-learn's rules)."""
        k = self.n_clusters
        batch = min(self.batch_size, n)
        init_size = self.init_size
        if init_size is not None and init_size < k:
            warnings.warn(f"init_size={init_size} should be larger than n_clusters={k}. Setting "
                          "it to min(3*n_clusters, n_samples)", RuntimeWarning, stacklevel=4)
        if init_size is None or init_size < k:
            init_size = 3 * batch if init_size is None and 3 * batch >= k else 3 * k
        self._init_size = min(init_size, n)
        return batch, self._init_size

    def _seed(self, X, x_sq, sw, init, n_init, rng, init_size):
        """The best of ``n_init`` seedings, judged on a random validation subset."""
        valid = rng.randint(0, X.shape[0], init_size)
        X_valid, sw_valid = X[valid], sw[valid]
        best = None
        for i in range(n_init):
            if self.verbose:
                print(f"Init {i + 1}/{n_init} with method {init}")
            centers = self._init_centroids(X, x_sq, init, rng, sw, init_size=init_size)
            labels = _assign(X_valid, centers)
            inertia = _inertia(X_valid, x_sq[valid], sw_valid, centers, labels)
            if self.verbose:
                print(f"Inertia for init {i + 1}/{n_init}: {inertia}")
            if best is None or inertia < best[1]:
                best = (centers, inertia)
        return best[0]

    def _step(self, Xb, swb, centers, rng):
        """One mini-batch update of the centres (and of ``_counts``); returns (centres, inertia)."""
        k = self.n_clusters
        xb_sq = _row_sq(Xb)
        labels = _assign(Xb, centers)
        XwT = None if issparse(Xb) else np.ascontiguousarray((Xb * swb[:, None]).T)
        sums, weights = _cluster_sums(Xb, XwT, swb, labels, k)
        batch_inertia = _inertia(Xb, xb_sq, swb, centers, labels)
        counts = self._counts
        hit = weights > 0
        new = centers.copy()
        new[hit] = (centers[hit] * counts[hit, None] + sums[hit]) / (counts[hit] + weights[hit])[:, None]
        counts += weights
        self._n_since_last_reassign += self._batch_size
        if (counts == 0).any() or self._n_since_last_reassign >= 10 * k:
            self._n_since_last_reassign = 0
            if self.reassignment_ratio > 0:
                self._reassign(Xb, new, counts, rng)
        return new, batch_inertia

    def _fit(self, X, sample_weight):
        X, dtype, sw, init, n_init = self._check_input(X, sample_weight)
        rng = check_random_state(self.random_state)
        n = X.shape[0]
        batch, init_size = self._sizes(n)
        self._batch_size = batch
        x_sq = _row_sq(X)
        centers = self._seed(X, x_sq, sw, init, n_init, rng, init_size)

        self._counts = np.zeros(self.n_clusters)
        self._n_since_last_reassign = 0
        p = sw / sw.sum()
        ewa = ewa_min = None
        no_improvement = 0
        n_steps = (self.max_iter * n) // batch
        ones = np.ones(batch)
        step = -1
        for step in range(n_steps):
            Xb = X[rng.choice(n, batch, p=p, replace=True)]
            new, batch_inertia = self._step(Xb, ones, centers, rng)
            shift = float(((new - centers) ** 2).sum()) if self._tol > 0 else 0.0
            centers = new
            # Early stopping on the exponentially weighted average of the batch inertia.
            mean_inertia = batch_inertia / batch
            if step == 0:
                if self.verbose:
                    print(f"Minibatch step 1/{n_steps}: mean batch inertia: {mean_inertia}")
                continue
            alpha = min(batch * 2.0 / (n + 1), 1.0)
            ewa = mean_inertia if ewa is None else ewa * (1 - alpha) + mean_inertia * alpha
            if self.verbose:
                print(f"Minibatch step {step + 1}/{n_steps}: mean batch inertia: "
                      f"{mean_inertia}, ewa inertia: {ewa}")
            if self._tol > 0 and shift <= self._tol:
                if self.verbose:
                    print(f"Converged (small centers change) at step {step + 1}/{n_steps}")
                break
            if ewa_min is None or ewa < ewa_min:
                no_improvement, ewa_min = 0, ewa
            else:
                no_improvement += 1
            if self.max_no_improvement is not None and no_improvement >= self.max_no_improvement:
                if self.verbose:
                    print("Converged (lack of improvement in inertia) at step "
                          f"{step + 1}/{n_steps}")
                break
        self.cluster_centers_ = centers.astype(dtype, copy=False)
        self.n_steps_ = step + 1
        self.n_iter_ = int(np.ceil((step + 1) * batch / n))
        if self.compute_labels:
            self.labels_ = _assign(X, centers).astype(np.int32)
            self.inertia_ = _inertia(X, x_sq, sw, centers, self.labels_)
            self._warn_distinct()
        return self

    def partial_fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> MiniBatchKMeans:
        """One mini-batch step on ``X`` (seeding the centres on the first call).

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : MiniBatchKMeans
        """
        has_centers = hasattr(self, "cluster_centers_")
        if not has_centers:
            self._validate_params()
        X, dtype = self._validate_X(X, reset=not has_centers)
        self._random_state = getattr(self, "_random_state", check_random_state(self.random_state))
        sw = check_sample_weight(sample_weight, X)
        self.n_steps_ = getattr(self, "n_steps_", 0)
        with single_threaded_blas():
            if not has_centers:
                X, dtype, sw, init, _ = self._check_input(X, sample_weight)
                self._batch_size, init_size = self._sizes(X.shape[0])
                centers = self._init_centroids(X, _row_sq(X), init, self._random_state, sw,
                                               init_size=init_size)
                self._counts = np.zeros(self.n_clusters)
                self._n_since_last_reassign = 0
            else:
                centers = self.cluster_centers_.astype(np.float64)
            centers, _ = self._step(X, sw, centers, self._random_state)
        self.cluster_centers_ = centers.astype(dtype, copy=False)
        if self.compute_labels:
            self.labels_ = _assign(X, centers).astype(np.int32)
            self.inertia_ = _inertia(X, _row_sq(X), sw, centers, self.labels_)
        self.n_steps_ += 1
        return self

    def _reassign(self, Xb, centers, counts, rng):
        """Re-seed centres that received far fewer samples than the busiest one."""
        low = counts < self.reassignment_ratio * counts.max()
        if low.sum() > 0.5 * Xb.shape[0]:  # at most half a batch of new centres
            low[np.argsort(counts)[int(0.5 * Xb.shape[0]):]] = False
        n_low = int(low.sum())
        if n_low:
            picked = rng.choice(Xb.shape[0], replace=False, size=n_low)
            if self.verbose:
                print(f"[MiniBatchKMeans] Reassigning {n_low} cluster centers.")
            centers[low] = _dense_rows(Xb, picked)
            counts[low] = np.min(counts[~low])
