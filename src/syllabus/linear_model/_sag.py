"""Stochastic average gradient (SAG) and SAGA for ridge regression, one sample per step.

The objective is ``(1/n) sum_i s_i 0.5 (a_i . w - y_i)^2 + 0.5 (alpha / n) ||w||^2`` with
``a_i = x_i - mu`` the centred row (centring applied on the fly: sparse rows stay sparse).
Both methods keep the last gradient ``g_i = s_i (a_i . w - y_i)`` seen for every sample and
their sum ``S = sum_i g_i a_i``; a step draws a sample ``i``, refreshes ``g_i`` and moves::

    SAG:   S += (g_i_new - g_i_old) a_i;   w <- (1 - eta alpha/n) w - eta S / m
    SAGA:  w <- (1 - eta alpha/n) w - eta ((g_i_new - g_i_old) a_i + S / m);   then S += ...

(``m`` samples seen so far). Unlike plain SGD the variance of the step vanishes at the
optimum, so a constant step ``eta`` converges linearly.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np


@numba.njit(cache=True)
def _row_dot(X, data, indices, indptr, sparse, i, w):
    """``x_i . w`` for a dense row or a CSR row."""
    total = 0.0
    if sparse:
        for p in range(indptr[i], indptr[i + 1]):
            total += data[p] * w[indices[p]]
    else:
        for j in range(X.shape[1]):
            total += X[i, j] * w[j]
    return total


@numba.njit(cache=True)
def _row_axpy(X, data, indices, indptr, sparse, i, a, out):
    """``out += a x_i`` for a dense row or a CSR row."""
    if sparse:
        for p in range(indptr[i], indptr[i + 1]):
            out[indices[p]] += a * data[p]
    else:
        for j in range(X.shape[1]):
            out[j] += a * X[i, j]


@numba.njit(cache=True)
def _sag_epoch(X, data, indices, indptr, sparse, y, sw, mu, alpha_n, step, saga, order, w,
               memory, sum_x, counts, seen):
    """One epoch: a SAG / SAGA step for each sample index in ``order`` (drawn at random).

    ``memory[i]`` is the last gradient ``g_i``, ``sum_x = sum_i g_i x_i``, ``counts[0] =
    sum_i g_i`` (the centring part of ``S``: ``S = sum_x - mu counts[0]``) and ``counts[1]``
    the number ``m`` of samples seen. All updated in place.
    """
    d = mu.shape[0]
    decay = 1.0 - step * alpha_n
    for i in order:
        if not seen[i]:
            seen[i] = True
            counts[1] += 1.0
        m = counts[1]
        mu_w = 0.0
        for j in range(d):
            mu_w += mu[j] * w[j]
        prediction = _row_dot(X, data, indices, indptr, sparse, i, w) - mu_w
        g = sw[i] * (prediction - y[i])
        delta = g - memory[i]
        memory[i] = g
        if saga:  # unbiased step with the old sum, then the sum is refreshed
            for j in range(d):
                w[j] = decay * w[j] - step * ((sum_x[j] - mu[j] * counts[0]) / m - delta * mu[j])
            _row_axpy(X, data, indices, indptr, sparse, i, -step * delta, w)
        _row_axpy(X, data, indices, indptr, sparse, i, delta, sum_x)
        counts[0] += delta
        if not saga:
            for j in range(d):
                w[j] = decay * w[j] - step * (sum_x[j] - mu[j] * counts[0]) / m


def solve_sag(design: Any, y: np.ndarray, alpha: float, *, saga: bool, tol: float,
              max_iter: int, seed: int) -> tuple[np.ndarray, int, bool]:
    """Ridge on a :class:`~._design.Design` (centred, weighted) by SAG or SAGA.

    The step is scikit-learn's: ``1 / L`` (SAG) or ``1 / (2 L + min(2 alpha, L))`` (SAGA)
    with ``L = max_i s_i ||a_i||^2 + alpha / n`` the largest per-sample Lipschitz constant.
    """
    X = design.X
    n, d = X.shape
    sw = design.weights().astype(np.float64)
    mu = design.offset.astype(np.float64)
    if design.sparse:
        csr = X.tocsr()
        data, indices, indptr = (csr.data.astype(np.float64), csr.indices.astype(np.int64),
                                 csr.indptr.astype(np.int64))
        dense = np.zeros((0, 0))
        squares = np.asarray(csr.multiply(csr).sum(axis=1)).ravel()
        cross = np.asarray(csr @ mu).ravel()
    else:
        dense = np.ascontiguousarray(X, dtype=np.float64)
        data, indices, indptr = np.zeros(0), np.zeros(0, np.int64), np.zeros(1, np.int64)
        squares = np.einsum("ij,ij->i", dense, dense)
        cross = dense @ mu
    row_norm2 = squares - 2 * cross + mu @ mu
    alpha_n = alpha / n
    L = float(np.max(sw * row_norm2)) + alpha_n
    step = 1.0 / L if not saga else 1.0 / (2 * L + min(2 * alpha_n * n, L))
    rng = np.random.RandomState(seed)
    y = y.astype(np.float64)
    w, memory, sum_x = np.zeros(d), np.zeros(n), np.zeros(d)
    counts, seen = np.zeros(2), np.zeros(n, dtype=bool)
    for epoch in range(1, max_iter + 1):
        w_old = w.copy()
        _sag_epoch(dense, data, indices, indptr, design.sparse, y, sw, mu, alpha_n, step, saga,
                   rng.randint(n, size=n), w, memory, sum_x, counts, seen)
        change, size = np.max(np.abs(w - w_old), initial=0.0), np.max(np.abs(w), initial=0.0)
        if change <= tol * size:  # scikit-learn's rule: max |dw| <= tol max |w|
            return w, epoch, True
    return w, max_iter, False
