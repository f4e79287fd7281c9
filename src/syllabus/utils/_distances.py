"""Distance metrics by name: one reading of scikit-learn's metric names and parameters, and
the compiled pair loops shared by ``syllabus.kernels.pairwise_distances`` and the
neighbour searches.

Most metrics of a nearest-neighbour course are Minkowski distances of *transformed* data:

- ``minkowski(p, w)``: ``(sum_j w_j |x_j - y_j|^p)^(1/p)`` is the plain Minkowski distance
  between ``x * w^(1/p)`` and ``y * w^(1/p)``;
- ``seuclidean(V)``: ``sqrt(sum_j (x_j - y_j)^2 / V_j)`` is the Euclidean distance between
  ``x / sqrt(V)`` and ``y / sqrt(V)``;
- ``mahalanobis(VI)``: ``sqrt((x - y)^T VI (x - y))`` with ``VI = L L^T`` (Cholesky) is the
  Euclidean distance between ``L^T x`` and ``L^T y``.

So the searches (brute force, KD-tree, ball tree) only ever compute Minkowski distances;
:func:`resolve_metric` says which power ``p`` and which transform of the data a metric is.
"""

from __future__ import annotations

import abc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numba import njit

from ._sparse import issparse

# scikit-learn's other names for the same metric
ALIASES = {"l2": "euclidean", "l1": "manhattan", "cityblock": "manhattan",
           "infinity": "chebyshev", "p": "minkowski"}
# metrics that are a Minkowski distance (of transformed data), with their power
MINKOWSKI_POWERS = {"euclidean": 2.0, "manhattan": 1.0, "chebyshev": np.inf, "minkowski": None,
                    "seuclidean": 2.0, "mahalanobis": 2.0}
# scikit-learn's boolean metrics: computed on ``x != 0`` (PAIRWISE_BOOLEAN_FUNCTIONS, plus
# sokalmichener, which its ball tree offers)
BOOLEAN_METRICS = ("dice", "jaccard", "rogerstanimoto", "russellrao", "sokalmichener",
                   "sokalsneath", "yule")
# the other named metrics pairwise_distances computes (dense; * also sparse)
OTHER_METRICS = ("cosine", "correlation", "sqeuclidean", "hamming", "canberra", "haversine",
                 "nan_euclidean", "braycurtis", *BOOLEAN_METRICS)
SPARSE_METRICS = ("euclidean", "manhattan", "cosine", "sqeuclidean")


class DistanceMetricLike(abc.ABC):
    """Any object with scikit-learn's ``DistanceMetric`` interface (``pairwise(X, Y)``,
    ``dist_to_rdist``...), e.g. ``sklearn.metrics.DistanceMetric.get_metric("euclidean")``:
    ``isinstance(obj, DistanceMetricLike)`` checks the methods, not the class."""

    @abc.abstractmethod
    def pairwise(self, X: Any, Y: Any = None) -> np.ndarray:
        """The distances between the rows of ``X`` and of ``Y``."""

    @classmethod
    def __subclasshook__(cls, other: type) -> bool:
        if cls is DistanceMetricLike:
            return all(callable(getattr(other, name, None))
                       for name in ("pairwise", "dist_to_rdist", "rdist_to_dist"))
        return NotImplemented


@dataclass
class Metric:
    """A metric resolved from scikit-learn's ``metric``, ``p`` and ``metric_params``.

    ``p`` is set when the metric is the Minkowski distance of power ``p`` between
    ``transform(x)`` and ``transform(y)``; ``scale`` (per column) or ``matrix`` (``x @ matrix``)
    is that transform (both None: the identity). Other metrics keep their ``name`` and
    ``params`` for :func:`syllabus.kernels.pairwise_distances`.
    """

    name: str
    p: float | None = None
    scale: np.ndarray | None = None
    matrix: np.ndarray | None = None
    params: dict = field(default_factory=dict)
    func: Callable[..., float] | None = None
    instance: Any = None  # a DistanceMetric-like object: its pairwise(X, Y) computes them

    @property
    def is_minkowski(self) -> bool:
        return self.p is not None

    def transform(self, X: Any) -> Any:
        """``X`` in the space where this metric is a plain Minkowski distance."""
        if self.scale is not None:
            return X.multiply(self.scale).tocsr() if issparse(X) else X * self.scale
        if self.matrix is not None:
            return X @ self.matrix
        return X


def resolve_metric(metric: Any, p: float | None = None, metric_params: dict | None = None,
                   n_features: int | None = None) -> Metric:
    """Read a metric name (or callable) and its parameters, as scikit-learn's estimators do.

    ``p`` (the estimators' parameter) is the Minkowski power unless ``metric_params`` gives
    one; ``w`` (Minkowski weights), ``V`` (seuclidean variances), ``VI`` (mahalanobis inverse
    covariance, or ``V`` its covariance) come from ``metric_params``.
    """
    params = dict(metric_params or {})
    if callable(metric):
        return Metric("callable", params=params, func=metric)
    if isinstance(metric, DistanceMetricLike):
        return Metric("distance_metric", instance=metric)
    name = ALIASES.get(metric, metric)
    if name == "precomputed":
        return Metric(name)
    required = {"seuclidean": ("V",), "mahalanobis": ("VI", "V")}.get(name, ())
    if required and not any(params.get(key) is not None for key in required):
        raise ValueError(f"The '{required[0]}' parameter is required for the {name} metric "
                         "when Y is passed.")
    if name not in MINKOWSKI_POWERS:
        if name not in OTHER_METRICS + ("mahalanobis",):
            raise ValueError(f"Unknown metric {metric!r}; valid metrics are "
                             f"{sorted(valid_metric_names())} or a callable.")
        params.pop("p", None)
        return Metric(name, params=params)
    power = MINKOWSKI_POWERS[name]
    if power is None:
        power = float(params.pop("p", 2 if p is None else p))
    params.pop("p", None)
    scale = matrix = None
    if name == "minkowski" and params.get("w") is not None:
        w = np.asarray(params.pop("w"), dtype=np.float64).ravel()
        if np.any(w < 0):
            raise ValueError("The Minkowski weights w must be non-negative.")
        scale = w if np.isinf(power) else w ** (1.0 / power)
    elif name == "seuclidean":
        V = np.asarray(params.pop("V"), dtype=np.float64).ravel()
        scale = 1.0 / np.sqrt(V)
    elif name == "mahalanobis":
        VI = params.pop("VI", None)
        VI = np.linalg.inv(np.asarray(params.pop("V"), dtype=np.float64)) if VI is None else VI
        VI = np.asarray(VI, dtype=np.float64)
        try:
            matrix = np.linalg.cholesky(VI)
        except np.linalg.LinAlgError:  # not positive definite: no Euclidean form (no tree)
            return Metric(name, params={"VI": VI})
    params.pop("w", None)
    if name == "euclidean":  # precomputed norms, for kernels.euclidean_distances
        kept = {k: params.pop(k) for k in ("X_norm_squared", "Y_norm_squared") if k in params}
    for transform in (scale, matrix):
        if transform is not None and n_features is not None and len(transform) != n_features:
            raise ValueError(f"The parameters of the {name!r} metric have {len(transform)} "
                             f"entries but X has {n_features} features.")
    if params:
        raise TypeError(f"Unexpected parameters {sorted(params)} for the {name!r} metric.")
    return Metric(name, p=power, scale=scale, matrix=matrix,
                  params=kept if name == "euclidean" else {})


def valid_metric_names() -> set[str]:
    """Every metric name :func:`resolve_metric` reads (aliases included)."""
    return {*MINKOWSKI_POWERS, *OTHER_METRICS, *ALIASES, "precomputed"}


def quadratic_form_distances(A: np.ndarray, B: np.ndarray, VI: np.ndarray) -> np.ndarray:
    """``sqrt((a - b)^T VI (a - b))`` for every pair of rows (NaN where the form is negative,
    as SciPy's for a ``VI`` that is not positive semi-definite)."""
    out = np.empty((A.shape[0], B.shape[0]))
    for i in range(A.shape[0]):
        diff = A[i] - B
        with np.errstate(invalid="ignore"):
            out[i] = np.sqrt(np.einsum("jd,de,je->j", diff, VI, diff))
    return out


def minkowski_root(power_sums: np.ndarray, p: float) -> np.ndarray:
    """Distances from the sums ``sum_j |x_j - y_j|^p`` (the max itself for ``p = inf``)."""
    if np.isinf(p) or p == 1.0:
        return power_sums
    if p == 2.0:
        return np.sqrt(power_sums)
    return power_sums ** (1.0 / p)


def minkowski_rows(diff: np.ndarray, p: float) -> np.ndarray:
    """Minkowski norms of ``diff`` along its last axis."""
    diff = np.abs(diff)
    if p == 2:
        return np.sqrt(np.einsum("...k,...k->...", diff, diff))
    if p == 1:
        return diff.sum(axis=-1)
    if np.isinf(p):
        return diff.max(axis=-1, initial=0.0)
    return (diff**p).sum(axis=-1) ** (1.0 / p)


@njit(cache=True, nogil=True, fastmath={"reassoc"})
def power_sums(A, B, p):
    """``sum_j |a_j - b_j|^p`` (the max for ``p = inf``) between the rows of A and of B.

    The sums may be reassociated (several accumulators: the loops vectorise); they rank
    candidates, whose distances are then recomputed in order.
    """
    out = np.empty((A.shape[0], B.shape[0]))
    d = A.shape[1]
    for i in range(A.shape[0]):
        a = A[i]
        for j in range(B.shape[0]):
            b = B[j]
            s = 0.0
            if p == 1.0:
                for t in range(d):
                    s += abs(a[t] - b[t])
            elif p == 2.0:
                for t in range(d):
                    s += (a[t] - b[t]) * (a[t] - b[t])
            elif np.isinf(p):
                for t in range(d):
                    s = max(s, abs(a[t] - b[t]))
            else:
                for t in range(d):
                    s += abs(a[t] - b[t]) ** p
            out[i, j] = s
    return out


@njit(cache=True, nogil=True)
def pair_power_sum(a, b, p):
    """``sum_j |a_j - b_j|^p`` of two vectors (the max for ``p = inf``)."""
    s = 0.0
    for t in range(a.shape[0]):
        diff = abs(a[t] - b[t])
        if p == 2.0:
            s += diff * diff
        elif p == 1.0:
            s += diff
        elif np.isinf(p):
            s = max(s, diff)
        else:
            s += diff**p
    return s


@njit(cache=True, nogil=True)
def _boolean_distance(a, b, code):
    """scikit-learn's (and SciPy's) dissimilarities of the boolean vectors ``a != 0`` and
    ``b != 0`` from the counts ``n_tt`` (both true), ``n_tf``, ``n_ft`` and
    ``n_neq = n_tf + n_ft`` over ``d`` coordinates."""
    d = a.shape[0]
    n_tt = 0
    n_tf = 0
    n_ft = 0
    for t in range(d):
        x, y = a[t] != 0, b[t] != 0
        n_tt += x and y
        n_tf += x and not y
        n_ft += y and not x
    n_neq = n_tf + n_ft
    if code == 4:  # jaccard: n_neq / (n_tt + n_neq), 0 for two zero vectors
        return n_neq / (n_tt + n_neq) if n_tt + n_neq else 0.0
    if code == 5:  # dice: n_neq / (2 n_tt + n_neq)
        return n_neq / (2 * n_tt + n_neq) if 2 * n_tt + n_neq else np.nan
    if code == 6 or code == 8:  # rogerstanimoto = sokalmichener: 2 n_neq / (d + n_neq)
        return 2.0 * n_neq / (d + n_neq)
    if code == 7:  # russellrao: (d - n_tt) / d
        return (d - n_tt) / d
    if code == 9:  # sokalsneath: 2 n_neq / (n_tt + 2 n_neq)
        return 2.0 * n_neq / (n_tt + 2 * n_neq) if n_tt + n_neq else np.nan
    # yule: 2 n_tf n_ft / (n_tt n_ff + n_tf n_ft), 0 when n_tf n_ft = 0
    half = float(n_tf) * n_ft
    return 2.0 * half / (float(n_tt) * (d - n_tt - n_neq) + half) if half else 0.0


@njit(cache=True, nogil=True)
def other_pairs(A, B, code):
    """Hamming (0: fraction of differing coordinates), Canberra (1:
    ``sum |a - b| / (|a| + |b|)``, 0/0 terms skipped) or haversine (2: the great-circle
    angle between (latitude, longitude) pairs in radians) or NaN-Euclidean (3: the Euclidean
    distance over the coordinates present in both rows, scaled by ``sqrt(d / n_present)``),
    the boolean dissimilarities (4-10, :func:`_boolean_distance`) or Bray-Curtis (11:
    ``sum |a - b| / sum |a + b|``) distances between the rows of A and B."""
    out = np.empty((A.shape[0], B.shape[0]))
    d = A.shape[1]
    for i in range(A.shape[0]):
        for j in range(B.shape[0]):
            num = 0.0
            if 4 <= code <= 10:
                out[i, j] = _boolean_distance(A[i], B[j], code)
                continue
            if code == 11:
                den = 0.0
                for t in range(d):
                    num += abs(A[i, t] - B[j, t])
                    den += abs(A[i, t] + B[j, t])
                out[i, j] = num / den if den else np.nan
                continue
            if code == 2:
                half_lat = 0.5 * (A[i, 0] - B[j, 0])
                half_lon = 0.5 * (A[i, 1] - B[j, 1])
                h = (np.sin(half_lat) ** 2
                     + np.cos(A[i, 0]) * np.cos(B[j, 0]) * np.sin(half_lon) ** 2)
                out[i, j] = 2.0 * np.arcsin(np.sqrt(h))
                continue
            if code == 3:
                present = 0
                for t in range(d):
                    if not (np.isnan(A[i, t]) or np.isnan(B[j, t])):
                        num += (A[i, t] - B[j, t]) ** 2
                        present += 1
                out[i, j] = np.sqrt(num * d / present) if present else np.nan
                continue
            for t in range(d):
                a, b = A[i, t], B[j, t]
                if code == 0:
                    num += a != b
                else:
                    s = abs(a) + abs(b)
                    if s > 0:
                        num += abs(a - b) / s
            out[i, j] = num / d if code == 0 and d else num
    return out


OTHER_CODES = {"hamming": 0, "canberra": 1, "haversine": 2, "nan_euclidean": 3,
               "jaccard": 4, "dice": 5, "rogerstanimoto": 6, "russellrao": 7,
               "sokalmichener": 8, "sokalsneath": 9, "yule": 10, "braycurtis": 11}
