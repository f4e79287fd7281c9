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

import numpy as np

from ..base import BaseEstimator, ClusterMixin, ConvergenceWarning, TransformerMixin
from ..utils import check_array, check_is_fitted, check_random_state, check_sample_weight
from ..utils._blas_threads import single_threaded_blas
from ..utils._param_validation import Interval, StrOptions
from ..utils._validation import validate_floating

__all__ = ["KMeans", "MiniBatchKMeans", "kmeans_plusplus"]

# Rows per GEMM block in the assignment step: a block of distances stays in cache.
_CHUNK = 32768


def _squared_distances(A: np.ndarray, a_sq: np.ndarray, B: np.ndarray, b_sq: np.ndarray) -> np.ndarray:
    """||a_i - b_j||^2 for every row of A and B, as -2 A B^T + ||a||^2 + ||b||^2, clipped at 0."""
    d = -2.0 * (A @ B.T)
    d += a_sq[:, None]
    d += b_sq[None, :]
    return np.maximum(d, 0.0, out=d)


def _row_sq(A: np.ndarray) -> np.ndarray:
    return np.einsum("ij,ij->i", A, A)


def kmeans_plusplus(
    X: Any,
    n_clusters: int,
    *,
    sample_weight: Any = None,
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
    X : array-like of shape (n_samples, n_features)
    n_clusters : int
    sample_weight : array-like of shape (n_samples,), default=None
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
    X = check_array(X, dtype=np.float64)
    sw = check_sample_weight(sample_weight, X)
    if not 1 <= n_clusters <= X.shape[0]:
        raise ValueError(f"n_samples={X.shape[0]} should be >= n_clusters={n_clusters}.")
    x_sq = _row_sq(X)
    return _kmeans_plusplus(X, n_clusters, x_sq, sw, check_random_state(random_state), n_local_trials)


def _kmeans_plusplus(X, n_clusters, x_sq, sw, rng, n_local_trials=None):
    n_samples = X.shape[0]
    if n_local_trials is None:
        n_local_trials = 2 + int(np.log(n_clusters))
    indices = np.full(n_clusters, -1, dtype=np.intp)
    indices[0] = rng.choice(n_samples, p=sw / sw.sum())
    closest = _squared_distances(X[indices[:1]], x_sq[indices[:1]], X, x_sq)[0]
    potential = closest @ sw
    for c in range(1, n_clusters):
        # Candidates drawn with probability w_i D(x_i)^2 / potential (inverse-CDF sampling).
        draws = rng.uniform(size=n_local_trials) * potential
        candidates = np.searchsorted(np.cumsum(sw * closest), draws)
        np.clip(candidates, None, n_samples - 1, out=candidates)
        # Keep the candidate whose addition lowers the potential the most.
        dist = _squared_distances(X[candidates], x_sq[candidates], X, x_sq)  # (trials, n)
        np.minimum(closest, dist, out=dist)
        potentials = dist @ sw
        best = int(np.argmin(potentials))
        potential = potentials[best]
        closest = dist[best]
        indices[c] = candidates[best]
    return X[indices].copy(), indices


def _assign(X, centers):
    """Index of the closest centre of each row of X, by one GEMM per chunk of rows."""
    n = X.shape[0]
    labels = np.empty(n, dtype=np.intp)
    minus_2c = -2.0 * centers.T
    c_sq = _row_sq(centers)
    for start in range(0, n, _CHUNK):
        block = slice(start, min(start + _CHUNK, n))
        d = X[block] @ minus_2c  # ||c||^2 - 2 x.c: the argmin needs no ||x||^2
        d += c_sq
        labels[block] = np.argmin(d, axis=1)
    return labels


def _cluster_sums(XwT, sw, labels, k):
    """Per-cluster sums of w_i x_i and of w_i; ``XwT`` is (X * w).T, one bincount per feature."""
    sums = np.stack([np.bincount(labels, weights=col, minlength=k) for col in XwT], axis=1)
    return sums, np.bincount(labels, weights=sw, minlength=k)


def _inertia(X, sw, centers, labels) -> float:
    return float(_row_sq(X - centers[labels]) @ sw)


def _relocate_empty(X, sw, centers_old, sums, weights, labels):
    """Move each empty cluster onto one of the samples farthest from their centre."""
    empty = np.flatnonzero(weights == 0)
    if empty.size == 0:
        return
    dist = _row_sq(X - centers_old[labels])
    if dist.max() == 0:  # fewer distinct points than clusters: nothing to gain
        return
    far = np.argpartition(dist, -empty.size)[: -empty.size - 1 : -1]
    for new, i in zip(empty, far, strict=True):
        old = labels[i]
        sums[old] -= X[i] * sw[i]
        sums[new] = X[i] * sw[i]
        weights[new] = sw[i]
        weights[old] -= sw[i]


def _lloyd(X, sw, centers, max_iter, tol):
    """One run of Lloyd's algorithm; returns labels, inertia, centres, n_iter."""
    labels_old = np.full(X.shape[0], -1, dtype=np.intp)
    XwT = np.ascontiguousarray((X * sw[:, None]).T)
    strict = False
    it = 0
    for it in range(max_iter):  # noqa: B007 (it + 1 is n_iter_)
        labels = _assign(X, centers)
        sums, weights = _cluster_sums(XwT, sw, labels, centers.shape[0])
        _relocate_empty(X, sw, centers, sums, weights, labels)
        # Averaging; a cluster left empty sits on the heaviest one instead of at the origin.
        new = sums * (1.0 / np.where(weights > 0, weights, 1.0))[:, None]
        new[weights <= 0] = new[np.argmax(weights)]
        shift = float(((new - centers) ** 2).sum())
        centers = new
        if np.array_equal(labels, labels_old):
            strict = True
            break
        if shift <= tol:
            break
        labels_old = labels
    if not strict:  # labels that match the final centres
        labels = _assign(X, centers)
    return labels, _inertia(X, sw, centers, labels), centers, it + 1


def _same_clustering(a: np.ndarray, b: np.ndarray, k: int) -> bool:
    """True when two labelings are equal up to a permutation of the labels."""
    mapping = np.full(k, -1)
    for i, j in zip(a, b, strict=True):
        if mapping[i] == -1:
            mapping[i] = j
        elif mapping[i] != j:
            return False
    return True


class _BaseKMeans(ClusterMixin, TransformerMixin, BaseEstimator):
    """Shared checks, seeding, predict/transform/score of KMeans and MiniBatchKMeans."""

    _default_n_init = 10
    # As for scikit-learn's KMeans: seeding draws samples, so weight 2 != a repeated sample.
    _expected_failed_checks = {
        "check_sample_weight_equivalence_on_dense_data":
            "sample_weight is not equivalent to removing/repeating samples (random seeding).",
    }

    def _check_input(self, X, sample_weight):
        self._validate_params()
        X = validate_floating(self, X, reset=True)
        if X.shape[0] < self.n_clusters:
            raise ValueError(f"n_samples={X.shape[0]} should be >= n_clusters={self.n_clusters}.")
        sw = check_sample_weight(sample_weight, X)
        # tol is relative to the mean feature variance (scikit-learn's scaling).
        self._tol = 0.0 if self.tol == 0 else float(np.mean(np.var(X, axis=0)) * self.tol)
        init = self.init
        if isinstance(init, str):
            n_init = self.n_init
            if n_init == "auto":
                n_init = 1 if init == "k-means++" else self._default_n_init
        else:
            init = check_array(init, dtype=np.float64, copy=True)
            if init.shape != (self.n_clusters, X.shape[1]):
                raise ValueError(
                    f"The shape of the initial centers {init.shape} does not match the number "
                    f"of clusters {self.n_clusters} and features {X.shape[1]}."
                )
            n_init = 1
            if self.n_init not in ("auto", 1):
                warnings.warn(
                    "Explicit initial center position passed: performing only one init in "
                    f"{type(self).__name__} instead of n_init={self.n_init}.",
                    RuntimeWarning, stacklevel=3)
        return X, sw, init, n_init

    def _init_centroids(self, X, x_sq, sw, init, rng, init_size=None):
        if init_size is not None and init_size < X.shape[0]:
            idx = rng.randint(0, X.shape[0], init_size)
            X, x_sq, sw = X[idx], x_sq[idx], sw[idx]
        if isinstance(init, str) and init == "k-means++":
            return _kmeans_plusplus(X, self.n_clusters, x_sq, sw, rng)[0]
        if isinstance(init, str):  # "random": k distinct samples, probability ~ weight
            seeds = rng.choice(X.shape[0], size=self.n_clusters, replace=False, p=sw / sw.sum())
            return X[seeds].copy()
        return init.copy()

    def _check_test(self, X):
        check_is_fitted(self)
        return validate_floating(self, X, reset=False)

    def predict(self, X: Any) -> np.ndarray:
        """Index of the closest centre for each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        X = self._check_test(X)
        return _assign(X, self.cluster_centers_)

    def fit_predict(self, X: Any, y: Any = None, sample_weight: Any = None) -> np.ndarray:
        """Fit and return ``labels_``."""
        return self.fit(X, sample_weight=sample_weight).labels_

    def transform(self, X: Any) -> np.ndarray:
        """Euclidean distance from each sample to each centre, shape (n_samples, n_clusters)."""
        X = self._check_test(X)
        C = self.cluster_centers_
        return np.sqrt(_squared_distances(X, _row_sq(X), C, _row_sq(C)))

    def fit_transform(self, X: Any, y: Any = None, sample_weight: Any = None) -> np.ndarray:
        """Fit, then return the distances to the centres."""
        return self.fit(X, sample_weight=sample_weight).transform(X)

    def score(self, X: Any, y: Any = None, sample_weight: Any = None) -> float:
        """Opposite of the (weighted) inertia of ``X`` under the fitted centres."""
        X = self._check_test(X)
        sw = check_sample_weight(sample_weight, X)
        labels = _assign(X, self.cluster_centers_)
        return -_inertia(X, sw, self.cluster_centers_, labels)

    def _warn_distinct(self):
        distinct = len(np.unique(self.labels_))
        if distinct < self.n_clusters:
            warnings.warn(
                f"Number of distinct clusters ({distinct}) found smaller than n_clusters "
                f"({self.n_clusters}). Possibly due to duplicate points in X.",
                ConvergenceWarning, stacklevel=3)


class KMeans(_BaseKMeans):
    """K-means clustering by Lloyd's algorithm with k-means++ seeding.

    Minimises the inertia sum_i w_i ||x_i - mu_{c_i}||^2 by alternating assignments and
    centre updates until the labels stop changing or the squared centre shift
    sum_j ||mu_j^new - mu_j^old||^2 falls below ``tol`` times the mean feature variance.
    Results equal scikit-learn's ``KMeans(algorithm="lloyd")`` for the same ``random_state``.

    Parameters
    ----------
    n_clusters : int, default=8
    init : {"k-means++", "random"} or array of shape (n_clusters, n_features), default="k-means++"
    n_init : "auto" or int, default="auto"
        Number of initialisations; the run with the lowest inertia is kept. "auto" is 1 for
        k-means++ and an array, 10 for "random".
    max_iter : int, default=300
    tol : float, default=1e-4
        Relative tolerance on the squared centre shift.
    random_state : int, RandomState or None, default=None

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
        "init": [StrOptions({"k-means++", "random"}), "array-like"],
        "n_init": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(self, n_clusters: int = 8, *, init: Any = "k-means++", n_init: Any = "auto",
                 max_iter: int = 300, tol: float = 1e-4, random_state: Any = None) -> None:
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> KMeans:
        """Cluster ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : KMeans
        """
        X, sw, init, n_init = self._check_input(X, sample_weight)
        rng = check_random_state(self.random_state)
        # Centred data: the distances ||x||^2 - 2 x.c + ||c||^2 lose less to cancellation.
        mean = X.mean(axis=0)
        X = X - mean
        if not isinstance(init, str):
            init = init - mean
        x_sq = _row_sq(X)
        best = None
        # Many small GEMMs: one BLAS thread avoids waiting for workers on a busy machine.
        with single_threaded_blas():
            for _ in range(n_init):
                centers = self._init_centroids(X, x_sq, sw, init, rng)
                labels, inertia, centers, n_iter = _lloyd(X, sw, centers, self.max_iter, self._tol)
                # A lower inertia that is the same clustering up to relabelling is round-off.
                if best is None or (inertia < best[1]
                                    and not _same_clustering(labels, best[0], self.n_clusters)):
                    best = (labels, inertia, centers, n_iter)
        labels, inertia, centers, n_iter = best
        self.cluster_centers_ = centers + mean
        self.labels_ = labels
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
    algorithm and its random draws follow scikit-learn's ``MiniBatchKMeans``.

    Parameters
    ----------
    n_clusters : int, default=8
    init : {"k-means++", "random"} or array, default="k-means++"
    max_iter : int, default=100
        Passes over the data.
    batch_size : int, default=1024
    tol : float, default=0.0
    max_no_improvement : int or None, default=10
    init_size : int or None, default=None
        Samples used for seeding (3 * batch_size by default).
    n_init : "auto" or int, default="auto"
    reassignment_ratio : float, default=0.01
    random_state : int, RandomState or None, default=None

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
        **KMeans._parameter_constraints,
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "max_no_improvement": [Interval(Integral, 0, None, closed="left"), None],
        "init_size": [Interval(Integral, 1, None, closed="left"), None],
        "reassignment_ratio": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(self, n_clusters: int = 8, *, init: Any = "k-means++", max_iter: int = 100,
                 batch_size: int = 1024, tol: float = 0.0, max_no_improvement: int | None = 10,
                 init_size: int | None = None, n_init: Any = "auto",
                 reassignment_ratio: float = 0.01, random_state: Any = None) -> None:
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.batch_size = batch_size
        self.tol = tol
        self.max_no_improvement = max_no_improvement
        self.init_size = init_size
        self.n_init = n_init
        self.reassignment_ratio = reassignment_ratio
        self.random_state = random_state

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> MiniBatchKMeans:
        """Cluster ``X`` by mini-batch updates.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : MiniBatchKMeans
        """
        with single_threaded_blas():  # many small GEMMs (see KMeans.fit)
            return self._fit(X, sample_weight)

    def _fit(self, X, sample_weight):
        X, sw, init, n_init = self._check_input(X, sample_weight)
        rng = check_random_state(self.random_state)
        n, k = X.shape[0], self.n_clusters
        batch = min(self.batch_size, n)
        init_size = self.init_size
        if init_size is None or init_size < k:
            init_size = 3 * batch if init_size is None and 3 * batch >= k else 3 * k
        init_size = min(init_size, n)
        x_sq = _row_sq(X)

        valid = rng.randint(0, n, init_size)  # validation set that picks the best seeding
        best = None
        for _ in range(n_init):
            centers = self._init_centroids(X, x_sq, sw, init, rng, init_size=init_size)
            labels = _assign(X[valid], centers)
            inertia = _inertia(X[valid], sw[valid], centers, labels)
            if best is None or inertia < best[1]:
                best = (centers, inertia)
        centers = best[0]

        counts = np.zeros(k)
        p = sw / sw.sum()
        ewa = ewa_min = None
        no_improvement = since_reassign = 0
        n_steps = (self.max_iter * n) // batch
        ones = np.ones(batch)
        step = -1
        for step in range(n_steps):
            Xb = X[rng.choice(n, batch, p=p, replace=True)]
            labels = _assign(Xb, centers)
            sums, weights = _cluster_sums(np.ascontiguousarray(Xb.T), ones, labels, k)
            batch_inertia = _inertia(Xb, ones, centers, labels)
            hit = weights > 0
            new = centers.copy()
            new[hit] = (centers[hit] * counts[hit, None] + sums[hit]) / (counts[hit] + weights[hit])[:, None]
            counts += weights
            since_reassign += batch
            if (counts == 0).any() or since_reassign >= 10 * k:
                since_reassign = 0
                if self.reassignment_ratio > 0:
                    self._reassign(Xb, new, counts, rng)
            shift = float(((new - centers) ** 2).sum()) if self._tol > 0 else 0.0
            centers = new
            # Early stopping on the exponentially weighted average of the batch inertia.
            if step == 0:
                continue
            mean_inertia = batch_inertia / batch
            alpha = min(batch * 2.0 / (n + 1), 1.0)
            ewa = mean_inertia if ewa is None else ewa * (1 - alpha) + mean_inertia * alpha
            if self._tol > 0 and shift <= self._tol:
                break
            if ewa_min is None or ewa < ewa_min:
                no_improvement, ewa_min = 0, ewa
            else:
                no_improvement += 1
            if self.max_no_improvement is not None and no_improvement >= self.max_no_improvement:
                break
        self.cluster_centers_ = centers
        self.n_steps_ = step + 1
        self.n_iter_ = int(np.ceil((step + 1) * batch / n))
        self.labels_ = _assign(X, centers)
        self.inertia_ = _inertia(X, sw, centers, self.labels_)
        self._warn_distinct()
        return self

    def _reassign(self, Xb, centers, counts, rng):
        """Re-seed centres that received far fewer samples than the busiest one."""
        low = counts < self.reassignment_ratio * counts.max()
        if low.sum() > 0.5 * Xb.shape[0]:  # at most half a batch of new centres
            low[np.argsort(counts)[int(0.5 * Xb.shape[0]):]] = False
        n_low = int(low.sum())
        if n_low:
            centers[low] = Xb[rng.choice(Xb.shape[0], replace=False, size=n_low)]
            counts[low] = np.min(counts[~low])
