"""Probabilities from SVM decision values: Platt's sigmoid and pairwise coupling (LIBSVM's).

An SVM outputs a margin ``f(x)``, not a probability. Platt (1999) fits

    P(y = +1 | f) = 1 / (1 + exp(A f + B))

by maximum likelihood on decision values the model did not see in training (LIBSVM
cross-validates them over 5 folds), with the targets smoothed to
``t_+ = (N_+ + 1) / (N_+ + 2)`` and ``t_- = 1 / (N_- + 2)`` against over-fitting. The
negative log-likelihood is convex in ``(A, B)``: Newton's method with a backtracking line
search (Lin, Lin and Weng, 2007) finds it.

With ``k > 2`` classes, one-vs-one gives pairwise estimates ``r_ij ~ P(i | i or j, x)``;
Wu, Lin and Weng's (2004) second method finds the ``p`` on the simplex minimising
``sum_{i<j} (r_ji p_i - r_ij p_j)^2``, i.e. ``min p^T Q p`` with ``Q_tt = sum_{j != t}
r_jt^2`` and ``Q_tj = -r_jt r_tj``, by a fixed-point iteration on its optimality
conditions ``Q p = (p^T Q p) e``.
"""

from __future__ import annotations

import numba
import numpy as np

from ..utils._special import expit, log1pexp

__all__ = ["pairwise_coupling", "platt_predict", "platt_sigmoid"]


def _negative_log_likelihood(f: np.ndarray, t: np.ndarray, A: float, B: float) -> float:
    """``sum_i -t_i log p_i - (1 - t_i) log (1 - p_i)`` with ``p_i = 1 / (1 + exp(A f_i + B))``,
    written as ``sum_i t_i z_i + log(1 + exp(-z_i))``, ``z = A f + B``, without overflow."""
    z = A * f + B
    return float(np.sum(t * z + log1pexp(-z)))


def platt_sigmoid(f: np.ndarray, y: np.ndarray, *, max_iter: int = 100, min_step: float = 1e-10,
                  sigma: float = 1e-12, eps: float = 1e-5) -> tuple[float, float]:
    """Fit Platt's ``(A, B)`` to decision values ``f`` and labels ``y`` (LIBSVM's
    ``sigmoid_train``: the same targets, start, Newton steps, line search and stopping).

    Parameters
    ----------
    f : ndarray of shape (n,)
        Decision values (positive for the class ``y = +1``).
    y : ndarray of shape (n,)
        Labels, ``> 0`` for the positive class.
    max_iter, min_step, sigma, eps : LIBSVM's constants
        Newton iterations, smallest line-search step, ridge added to the Hessian, and the
        gradient tolerance.

    Returns
    -------
    A, B : float
        ``P(y = +1 | f) = 1 / (1 + exp(A f + B))``.

    Examples
    --------
    >>> f = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])
    >>> A, B = platt_sigmoid(f, np.array([-1, -1, 1, -1, 1, 1]))
    >>> bool(A < 0)  # a larger margin means a larger probability of +1
    True
    """
    f = np.asarray(f, dtype=np.float64)
    positive = np.asarray(y) > 0
    n_pos, n_neg = float(positive.sum()), float((~positive).sum())
    t = np.where(positive, (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0))
    A, B = 0.0, float(np.log((n_neg + 1.0) / (n_pos + 1.0)))
    value = _negative_log_likelihood(f, t, A, B)
    for _ in range(max_iter):
        z = A * f + B
        p, q = expit(-z), expit(z)  # P(+1 | f) and 1 - P, each without cancellation
        d2 = p * q
        h11, h22, h21 = sigma + float(f @ (f * d2)), sigma + float(d2.sum()), float(f @ d2)
        d1 = t - p
        g1, g2 = float(f @ d1), float(d1.sum())
        if abs(g1) < eps and abs(g2) < eps:
            break
        det = h11 * h22 - h21 * h21  # Newton direction -H^-1 g
        dA, dB = -(h22 * g1 - h21 * g2) / det, -(-h21 * g1 + h11 * g2) / det
        slope = g1 * dA + g2 * dB
        step = 1.0
        while step >= min_step:  # backtracking until sufficient decrease
            new_value = _negative_log_likelihood(f, t, A + step * dA, B + step * dB)
            if new_value < value + 1e-4 * step * slope:
                A, B, value = A + step * dA, B + step * dB, new_value
                break
            step /= 2.0
        if step < min_step:  # the line search failed: LIBSVM stops here too
            break
    return A, B


def platt_predict(f: np.ndarray, A: float, B: float) -> np.ndarray:
    """``1 / (1 + exp(A f + B))`` without overflow."""
    return expit(-(A * np.asarray(f, dtype=np.float64) + B))


def pairwise_coupling(R: np.ndarray) -> np.ndarray:
    """Class probabilities from pairwise ones (Wu, Lin and Weng's method 2, as LIBSVM).

    Parameters
    ----------
    R : ndarray of shape (n_samples, k, k)
        ``R[s, i, j] ~ P(i | i or j)`` for sample ``s`` (``R[s, j, i] = 1 - R[s, i, j]``;
        the diagonal is ignored).

    Returns
    -------
    ndarray of shape (n_samples, k)
        Each row on the probability simplex.
    """
    R = np.ascontiguousarray(R, dtype=np.float64)
    P = np.empty(R.shape[:2])
    for s in range(R.shape[0]):
        _couple(R[s], P[s])
    return P


@numba.njit(cache=True)
def _couple(r, p):
    """LIBSVM's ``multiclass_probability`` for one sample: fixed-point iteration on
    ``Q p = (p^T Q p) e``, renormalising ``p`` after each coordinate update."""
    k = r.shape[0]
    Q = np.zeros((k, k))
    for t in range(k):
        p[t] = 1.0 / k
        for j in range(k):
            if j != t:
                Q[t, t] += r[j, t] * r[j, t]
                Q[t, j] = -r[j, t] * r[t, j]
    Qp = np.empty(k)
    for _ in range(max(100, k)):
        pQp = 0.0  # recomputed each sweep for accuracy
        for t in range(k):
            Qp[t] = 0.0
            for j in range(k):
                Qp[t] += Q[t, j] * p[j]
            pQp += p[t] * Qp[t]
        max_error = 0.0
        for t in range(k):
            max_error = max(max_error, abs(Qp[t] - pQp))
        if max_error < 0.005 / k:
            break
        for t in range(k):
            diff = (-Qp[t] + pQp) / Q[t, t]
            p[t] += diff
            pQp = (pQp + diff * (diff * Q[t, t] + 2.0 * Qp[t])) / (1.0 + diff) / (1.0 + diff)
            for j in range(k):
                Qp[j] = (Qp[j] + diff * Q[t, j]) / (1.0 + diff)
                p[j] /= 1.0 + diff
