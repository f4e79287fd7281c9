"""Sequential minimal optimisation (SMO) for the soft-margin SVM dual, as LIBSVM does it.

The dual of the C-SVM (the SVM lecture: Lagrangian, KKT conditions, support vectors) is the
box-constrained quadratic programme

    min_alpha  f(alpha) = 1/2 alpha^T Q alpha - e^T alpha,   Q_st = y_s y_t K(x_s, x_t)
    s.t.       0 <= alpha_t <= C_t,   y^T alpha = 0,

with gradient ``G = Q alpha - e``. SMO changes two multipliers at a time, the smallest step
that keeps ``y^T alpha = 0``. In pseudo-code (LIBSVM's ``Solver::Solve``)::

    alpha = 0, G = -e
    repeat
        every min(n, 1000) steps: shrink                           (_shrink)
        (i, j) = working pair; stop if the KKT gap m - M < tol      (_maximal_violation,
                                                                     _second_order_partner)
        (alpha_i, alpha_j) = analytic step clipped to the box       (_update_pair)
        G += Q_i dalpha_i + Q_j dalpha_j                           (_smo_steps)
    rho = mean of y_t G_t over free multipliers                    (_rho)

The working pair is LIBSVM's second-order choice (Fan, Chen & Lin, JMLR 2005): ``i`` is the
maximal violator ``argmax { -y_t G_t : t in I_up }`` and ``j`` the index of ``I_low`` whose
two-variable step decreases ``f`` the most, ``b_ij^2 / a_ij`` with ``a_ij = K_ii + K_jj -
2 K_ij`` and ``b_ij = -y_i G_i + y_j G_j > 0``. ``I_up`` holds the multipliers that may grow
along ``y`` (``y_t = +1, alpha_t < C_t`` or ``y_t = -1, alpha_t > 0``), ``I_low`` those that
may shrink; the KKT conditions hold when ``m = max_{I_up} -y G <= M = min_{I_low} -y G``.

Shrinking drops bounded multipliers that cannot move for now; ``G_bar = sum over multipliers
at their upper bound of C_s Q_s`` then rebuilds the gradient of the dropped ones
(``_reconstruct_gradient``) before the solver declares victory on the whole problem.

The steps run in :func:`_smo_steps`, a plain loop compiled by numba. Kernel rows are
computed inside it, only when a step asks for one, as LIBSVM does: :func:`_kernel_row`
evaluates ``K(x_s, x_t)`` for every ``t`` from the samples (dense rows or CSR, with the same
summation order, so dense and sparse ``X`` give the same solution) and :func:`_cached_row`
keeps the rows in a least-recently-used cache of ``cache_size`` MB. As LIBSVM's ``Qfloat``,
the cached rows are float32 (the diagonal stays float64): twice the rows in the same memory,
and a solution that does not depend on the last bits of the kernel values, so ``X @ X.T``
computed by BLAS as a precomputed kernel gives the same model as the linear kernel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import numba
import numpy as np

__all__ = ["KernelRows", "SMOResult", "smo_solve"]

# LIBSVM's floor for a non-positive curvature a_ij (non-PSD kernels, duplicated points).
TAU = 1e-12

# What _smo_steps returns.
OPTIMAL = 0  # the KKT gap on the active set is below tol
STEPS_DONE = 1  # the requested number of steps was taken
NOT_FINITE = 3  # the gradient or the kernel holds NaN or inf: the solver cannot go on

# Kernel kinds of _Kernel.kind.
LINEAR, POLY, RBF, SIGMOID, PRECOMPUTED = 0, 1, 2, 3, 4
KERNEL_KINDS = {"linear": LINEAR, "poly": POLY, "rbf": RBF, "sigmoid": SIGMOID}


class _Kernel(NamedTuple):
    """What :func:`_kernel_row` needs: the samples (dense ``X``, or CSR ``data, indices,
    indptr`` when ``sparse``), their squared norms, and the kernel's parameters; for
    ``PRECOMPUTED``, ``X`` is the Gram matrix itself."""

    kind: int
    gamma: float
    coef0: float
    degree: float
    sparse: bool
    X: np.ndarray
    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    sq_norms: np.ndarray


class _Cache(NamedTuple):
    """Least-recently-used cache of kernel rows: ``rows[slot_of[s]]`` is the row of sample
    ``s`` (``slot_of[s] = -1`` when not cached); ``last_used`` stamps each slot with
    ``clock``; ``work`` is a dense scratch sample for the CSR rows."""

    rows: np.ndarray
    slot_of: np.ndarray
    owner: np.ndarray
    last_used: np.ndarray
    clock: np.ndarray
    n_computed: np.ndarray
    work: np.ndarray


class KernelRows:
    """The kernel matrix of one binary problem, as rows computed on demand and cached.

    Parameters
    ----------
    kernel : {"linear", "poly", "rbf", "sigmoid", "precomputed"}
    X : ndarray of shape (n, d), sparse CSR matrix, or the (n, n) Gram matrix
        when ``kernel="precomputed"``.
    gamma, coef0, degree : float
        Kernel parameters (``gamma x.z + coef0`` for "poly" and "sigmoid").
    cache_size : float, default=200
        Memory budget of the float32 row cache in MB (as LIBSVM's ``cache_size``); at
        least two rows are kept.

    Attributes
    ----------
    diagonal : ndarray of shape (n,)
        ``K(x_i, x_i)``.
    n_computed : int
        Number of rows computed so far.
    """

    def __init__(self, kernel: str, X: Any, *, gamma: float = 1.0, coef0: float = 0.0,
                 degree: float = 3.0, cache_size: float = 200) -> None:
        empty_i, empty_f = np.zeros(1, dtype=np.int64), np.zeros(1)
        sparse = hasattr(X, "indptr")
        if sparse:
            if not X.has_sorted_indices:  # the dense summation order, column by column
                X = X.sorted_indices()
            data = np.ascontiguousarray(X.data, dtype=np.float64)
            indices = X.indices.astype(np.int64)
            indptr = X.indptr.astype(np.int64)
            dense, d = np.zeros((1, 1)), X.shape[1]
        else:
            dense = np.ascontiguousarray(X, dtype=np.float64)
            data, indices, indptr, d = empty_f, empty_i, empty_i, dense.shape[1]
        kind = PRECOMPUTED if kernel == "precomputed" else KERNEL_KINDS[kernel]
        n = X.shape[0]
        self.n = n
        self._kernel = _Kernel(kind, float(gamma), float(coef0), float(degree), sparse, dense,
                               data, indices, indptr, np.zeros(n))
        _squared_norms(self._kernel, self._kernel.sq_norms)
        n_slots = max(2, min(n, int(cache_size * (1 << 20)) // (4 * max(n, 1))))
        self._cache = _Cache(np.empty((n_slots, n), dtype=np.float32), np.full(n, -1, dtype=np.int64),
                             np.full(n_slots, -1, dtype=np.int64),
                             np.full(n_slots, -1, dtype=np.int64), np.zeros(1, dtype=np.int64),
                             np.zeros(1, dtype=np.int64), np.zeros(max(d, 1)))
        self.diagonal = np.empty(n)
        _kernel_diagonal(self._kernel, self._cache.work, self.diagonal)

    @property
    def n_computed(self) -> int:
        return int(self._cache.n_computed[0])

    def row(self, s: int) -> np.ndarray:
        """``K(x_s, x_t)`` for every ``t`` (a view into the cache: copy it to keep it)."""
        return _cached_row(self._kernel, self._cache, s)


# --------------------------------------------------------------------------- kernel rows
@numba.njit(cache=True)
def _squared_norms(k, out):
    """``||x_t||^2`` of every sample, summed in column order."""
    for t in range(out.shape[0]):
        total = 0.0
        if k.sparse:
            for p in range(k.indptr[t], k.indptr[t + 1]):
                total += k.data[p] * k.data[p]
        elif k.kind != PRECOMPUTED:
            for f in range(k.X.shape[1]):
                total += k.X[t, f] * k.X[t, f]
        out[t] = total


@numba.njit(cache=True)
def _kernel_value(k, dot, s, t):
    """``K(x_s, x_t)`` from the inner product ``dot = x_s . x_t`` (LIBSVM's formulas)."""
    if k.kind == LINEAR:
        return dot
    if k.kind == POLY:
        return (k.gamma * dot + k.coef0) ** k.degree
    if k.kind == RBF:
        return np.exp(-k.gamma * (k.sq_norms[s] + k.sq_norms[t] - 2.0 * dot))
    return np.tanh(k.gamma * dot + k.coef0)


@numba.njit(cache=True)
def _kernel_row(k, s, work, out):
    """``out[t] = K(x_s, x_t)`` for all ``t``: inner products in column order (for CSR, the
    stored entries of row ``s`` scattered into ``work``, a zero vector on entry and exit)."""
    n = out.shape[0]
    if k.kind == PRECOMPUTED:
        for t in range(n):
            out[t] = k.X[s, t]
    elif k.sparse:
        for p in range(k.indptr[s], k.indptr[s + 1]):
            work[k.indices[p]] = k.data[p]
        for t in range(n):
            dot = 0.0
            for p in range(k.indptr[t], k.indptr[t + 1]):
                dot += k.data[p] * work[k.indices[p]]
            out[t] = _kernel_value(k, dot, s, t)
        for p in range(k.indptr[s], k.indptr[s + 1]):
            work[k.indices[p]] = 0.0
    else:
        x_s = k.X[s]
        for t in range(n):
            dot = 0.0
            for f in range(x_s.shape[0]):
                dot += x_s[f] * k.X[t, f]
            out[t] = _kernel_value(k, dot, s, t)


@numba.njit(cache=True)
def _kernel_diagonal(k, work, out):
    """``out[s] = K(x_s, x_s)``."""
    for s in range(out.shape[0]):
        if k.kind == PRECOMPUTED:
            out[s] = k.X[s, s]
        else:
            out[s] = _kernel_value(k, k.sq_norms[s], s, s)


@numba.njit(cache=True)
def _cached_row(k, c, s):
    """The kernel row of sample ``s``: from the cache, or computed into the least recently
    used slot (the rows of the current working pair were just used and stay)."""
    c.clock[0] += 1
    slot = c.slot_of[s]
    if slot < 0:
        slot = np.argmin(c.last_used)
        if c.owner[slot] >= 0:
            c.slot_of[c.owner[slot]] = -1
        _kernel_row(k, s, c.work, c.rows[slot])
        c.owner[slot] = s
        c.slot_of[s] = slot
        c.n_computed[0] += 1
    c.last_used[slot] = c.clock[0]
    return c.rows[slot]


@dataclass
class SMOResult:
    """Solution of one binary dual problem.

    Attributes
    ----------
    alpha : ndarray of shape (n,)
        The multipliers, ``0 <= alpha_i <= C_i``.
    rho : float
        LIBSVM's offset: the decision function is ``sum_i y_i alpha_i K(x_i, x) - rho``.
    n_iter : int
        Number of SMO steps.
    status : int
        0 when the stopping criterion was met, 1 when ``max_iter`` stopped the solver, 2 when
        the gradient became non-finite (NaN or inf in the kernel).
    objective : float
        Dual objective ``1/2 alpha^T Q alpha - e^T alpha`` at the solution.
    gap : float
        Maximal KKT violation ``m(alpha) - M(alpha)`` at the end.
    """

    alpha: np.ndarray
    rho: float
    n_iter: int
    status: int
    objective: float
    gap: float


# --------------------------------------------------------------------------- the SMO step
@numba.njit(cache=True)
def _in_up(y_t, alpha_t, C_t):
    """t in I_up: alpha_t can move in the direction of y_t."""
    return alpha_t < C_t if y_t > 0 else alpha_t > 0.0


@numba.njit(cache=True)
def _in_low(y_t, alpha_t, C_t):
    """t in I_low: alpha_t can move against y_t."""
    return alpha_t > 0.0 if y_t > 0 else alpha_t < C_t


@numba.njit(cache=True)
def _maximal_violation(y, C, alpha, G):
    """``i = argmax_{I_up} -y_t G_t``, with ``m = -y_i G_i`` and ``M = min_{I_low} -y_t G_t``."""
    i = -1
    m = -np.inf
    M = np.inf
    finite = True
    for t in range(y.shape[0]):
        v = -y[t] * G[t]
        finite &= v == v  # a NaN would satisfy no comparison and stop nothing
        if _in_up(y[t], alpha[t], C[t]) and v >= m:
            i = t
            m = v
        if _in_low(y[t], alpha[t], C[t]) and v < M:
            M = v
    if not finite:
        return -1, np.nan, np.nan
    return i, m, M


@numba.njit(cache=True)
def _second_order_partner(i, m, y, C, alpha, G, diag, K_i, sample):
    """``j = argmax_{t in I_low, b_it > 0} b_it^2 / a_it``: the largest decrease of ``f``,
    with ``b_it = m + y_t G_t`` and ``a_it = K_ii + K_tt - 2 K_it`` (floored at TAU)."""
    j = -1
    best = 0.0
    for t in range(y.shape[0]):
        if not _in_low(y[t], alpha[t], C[t]):
            continue
        b = m + y[t] * G[t]
        if b > 0.0:
            a = diag[i] + diag[t] - 2.0 * K_i[sample[t]]
            decrease = b * b / (a if a > 0.0 else TAU)
            if decrease >= best:
                j = t
                best = decrease
    return j


@numba.njit(cache=True)
def _update_pair(y_i, y_j, a_i, a_j, G_i, G_j, C_i, C_j, quad):
    """The two-variable step, clipped to the box (LIBSVM's case analysis).

    Along the direction that keeps ``y_i alpha_i + y_j alpha_j`` constant, ``f`` is a
    parabola of curvature ``quad = K_ii + K_jj - 2 K_ij``; its minimum is at

        y_i != y_j:  alpha_i += delta, alpha_j += delta,  delta = (-G_i - G_j) / quad
        y_i == y_j:  alpha_i -= delta, alpha_j += delta,  delta = ( G_i - G_j) / quad

    then the pair is clipped back into ``[0, C_i] x [0, C_j]`` along the same line
    (``alpha_i - alpha_j`` resp. ``alpha_i + alpha_j`` kept fixed).
    """
    if y_i != y_j:
        delta = (-G_i - G_j) / quad
        diff = a_i - a_j
        a_i += delta
        a_j += delta
        if diff > 0.0 and a_j < 0.0:
            a_j, a_i = 0.0, diff
        elif diff <= 0.0 and a_i < 0.0:
            a_i, a_j = 0.0, -diff
        if diff > C_i - C_j and a_i > C_i:
            a_i, a_j = C_i, C_i - diff
        elif diff <= C_i - C_j and a_j > C_j:
            a_j, a_i = C_j, C_j + diff
    else:
        delta = (G_i - G_j) / quad
        total = a_i + a_j
        a_i -= delta
        a_j += delta
        if total > C_i and a_i > C_i:
            a_i, a_j = C_i, total - C_i
        elif total <= C_i and a_j < 0.0:
            a_j, a_i = 0.0, total
        if total > C_j and a_j > C_j:
            a_j, a_i = C_j, total - C_j
        elif total <= C_j and a_i < 0.0:
            a_i, a_j = 0.0, total
    return a_i, a_j


@numba.njit(cache=True)
def _smo_steps(y, C, diag, alpha, G, sample, y_all, G_bar, kernel, cache, tol, max_steps):
    """Take up to ``max_steps`` SMO steps on the active multipliers.

    ``y, C, diag, alpha, G`` hold the active multipliers only (contiguous copies: the loops
    below run over them), ``sample[t]`` is the training sample of position ``t``; ``y_all``
    and ``G_bar`` cover all samples, and kernel rows are indexed by sample. Updates
    ``alpha``, ``G`` and ``G_bar`` in place. Returns ``(status, steps)``.
    """
    for step in range(max_steps):
        # 1. the working pair
        i, m, M = _maximal_violation(y, C, alpha, G)
        if np.isnan(m - M):
            return NOT_FINITE, step
        if m - M < tol:
            return OPTIMAL, step
        K_i = _cached_row(kernel, cache, sample[i])
        j = _second_order_partner(i, m, y, C, alpha, G, diag, K_i, sample)
        if j < 0:
            return NOT_FINITE, step
        K_j = _cached_row(kernel, cache, sample[j])  # K_i was just used: not evicted

        # 2. the analytic two-variable step
        quad = diag[i] + diag[j] - 2.0 * K_i[sample[j]]
        a_i, a_j = _update_pair(y[i], y[j], alpha[i], alpha[j], G[i], G[j], C[i], C[j],
                                quad if quad > 0.0 else TAU)
        d_i = a_i - alpha[i]
        d_j = a_j - alpha[j]
        was_upper_i = alpha[i] >= C[i]
        was_upper_j = alpha[j] >= C[j]
        alpha[i] = a_i
        alpha[j] = a_j

        # 3. the gradient: G_t += Q_ti d_i + Q_tj d_j, with Q_ts = y_t y_s K_ts
        c_i, c_j = y[i] * d_i, y[j] * d_j
        for t in range(y.shape[0]):
            G[t] += y[t] * (c_i * K_i[sample[t]] + c_j * K_j[sample[t]])

        # 4. G_bar = sum_{alpha_s = C_s} C_s Q_s (all samples), when i or j reaches or leaves C
        if was_upper_i != (a_i >= C[i]):
            c = C[i] * y[i] if a_i >= C[i] else -C[i] * y[i]
            for t in range(y_all.shape[0]):
                G_bar[t] += c * y_all[t] * K_i[t]
        if was_upper_j != (a_j >= C[j]):
            c = C[j] * y[j] if a_j >= C[j] else -C[j] * y[j]
            for t in range(y_all.shape[0]):
                G_bar[t] += c * y_all[t] * K_j[t]
    return STEPS_DONE, max_steps


@numba.njit(cache=True)
def _reconstruct_gradient(kernel, cache, y, C, alpha, G, G_bar, inactive):
    """LIBSVM's ``reconstruct_gradient``: ``G`` of the shrunk multipliers, in place.

    A shrunk multiplier missed only the updates of free multipliers (the bounded ones are
    in ``G_bar``, and shrunk multipliers did not move), and every free multiplier is
    active: ``G_t = G_bar_t - 1 + sum_{s free} Q_ts alpha_s``.
    """
    for t in inactive:
        G[t] = G_bar[t] - 1.0
    for s in range(y.shape[0]):
        if 0.0 < alpha[s] < C[s]:
            K_s = _cached_row(kernel, cache, s)
            for t in inactive:
                G[t] += y[t] * y[s] * alpha[s] * K_s[t]


# --------------------------------------------------------------------------- the driver
def smo_solve(
    kernel: KernelRows,
    y: np.ndarray,
    C: np.ndarray,
    *,
    tol: float = 1e-3,
    max_iter: int = -1,
    shrinking: bool = True,
) -> SMOResult:
    """Solve the C-SVM dual by SMO with second-order working-set selection.

    Parameters
    ----------
    kernel : KernelRows
        Kernel rows of the ``n`` training samples.
    y : ndarray of shape (n,)
        Labels in {-1, +1}.
    C : ndarray of shape (n,)
        Upper bound of each multiplier (``C`` times class and sample weights), all > 0.
    tol : float, default=1e-3
        Stop when the maximal KKT violation is below ``tol``.
    max_iter : int, default=-1
        Maximum number of SMO steps; -1 means no limit.
    shrinking : bool, default=True
        Use LIBSVM's shrinking heuristic.

    Returns
    -------
    SMOResult
    """
    n = y.shape[0]
    y = np.asarray(y, dtype=np.float64)
    C = np.asarray(C, dtype=np.float64)
    alpha = np.zeros(n)
    G = -np.ones(n)  # the gradient Q alpha - e at alpha = 0
    G_bar = np.zeros(n)
    active = np.arange(n)
    unshrunk = False
    steps_to_shrink = min(n, 1000)
    n_iter = 0
    status = 0
    while True:
        if 0 <= max_iter <= n_iter:  # max_iter=-1: no limit
            status = 1
            break
        budget = steps_to_shrink if max_iter < 0 else min(steps_to_shrink, max_iter - n_iter)
        alpha_active, G_active = alpha[active], G[active]
        outcome, steps = _smo_steps(
            y[active], C[active], kernel.diagonal[active], alpha_active, G_active, active, y,
            G_bar, kernel._kernel, kernel._cache, tol, budget)
        alpha[active], G[active] = alpha_active, G_active
        n_iter += steps
        steps_to_shrink -= steps
        if outcome == NOT_FINITE:
            return SMOResult(alpha, np.nan, n_iter, 2, np.nan, np.nan)
        if outcome == OPTIMAL:
            if active.shape[0] == n:
                break
            # Optimal on the shrunk problem: check it on the whole problem. If it is not
            # optimal there, shrink again after the next step (LIBSVM's counter = 1).
            _unshrink(kernel, y, C, alpha, G, G_bar, active)
            active = np.arange(n)
            steps_to_shrink = 1
        elif steps_to_shrink == 0:
            steps_to_shrink = min(n, 1000)
            if shrinking:
                active, unshrunk = _shrink(kernel, y, C, alpha, G, G_bar, active, tol, unshrunk)
    if active.shape[0] < n:
        _unshrink(kernel, y, C, alpha, G, G_bar, active)
    yG = y * G
    gap = _kkt_gap(yG, y, C, alpha)
    objective = 0.5 * float(alpha @ (G - 1.0))  # 1/2 alpha^T (Q alpha - e) - 1/2 e^T alpha
    return SMOResult(alpha, _rho(yG, y, C, alpha), n_iter, status, objective, gap)


def _up_low(y: np.ndarray, C: np.ndarray, alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Membership of I_up and I_low (vectorised :func:`_in_up` / :func:`_in_low`)."""
    below_C, above_0 = alpha < C, alpha > 0.0
    return np.where(y > 0, below_C, above_0), np.where(y > 0, above_0, below_C)


def _kkt_gap(yG: np.ndarray, y: np.ndarray, C: np.ndarray, alpha: np.ndarray) -> float:
    """``m - M = max_{I_up} -y G - min_{I_low} -y G``."""
    up, low = _up_low(y, C, alpha)
    m = float(np.max(-yG[up])) if up.any() else -np.inf
    M = float(np.min(-yG[low])) if low.any() else np.inf
    return m - M


def _shrink(kernel, y, C, alpha, G, G_bar, active, tol, unshrunk):
    """LIBSVM's ``do_shrinking``: drop the bounded multipliers that cannot move.

    With ``m = max_{I_up} -y G`` and ``M = min_{I_low} -y G`` over the active set, a
    multiplier only in I_up with ``-y_t G_t < M``, or only in I_low with ``-y_t G_t > m``,
    would only be chosen to move outside the box. The first time the gap falls below
    ``10 tol`` the whole problem is made active again (its gradient rebuilt) before
    shrinking, so that the final iterations see every multiplier. Returns the new active
    set and whether that unshrinking happened.
    """
    up, low = _up_low(y[active], C[active], alpha[active])
    v = -y[active] * G[active]
    m = float(np.max(v[up])) if up.any() else -np.inf
    M = float(np.min(v[low])) if low.any() else np.inf
    if not unshrunk and m - M <= 10 * tol:
        unshrunk = True
        _unshrink(kernel, y, C, alpha, G, G_bar, active)
        active = np.arange(y.shape[0])
        up, low = _up_low(y, C, alpha)
        v = -y * G
    stuck = (up & ~low & (v < M)) | (low & ~up & (v > m))
    return active[~stuck], unshrunk


def _unshrink(kernel, y, C, alpha, G, G_bar, active) -> None:
    """Rebuild the gradient of the multipliers outside ``active`` (all become active)."""
    inactive = np.setdiff1d(np.arange(y.shape[0]), active, assume_unique=True)
    if inactive.size:
        _reconstruct_gradient(kernel._kernel, kernel._cache, y, C, alpha, G, G_bar, inactive)


def _rho(yG: np.ndarray, y: np.ndarray, C: np.ndarray, alpha: np.ndarray) -> float:
    """LIBSVM's ``calculate_rho``: mean of ``y G`` over free multipliers, else the middle of
    the interval the bounded multipliers allow (a free multiplier sits on its margin)."""
    at_upper, at_lower = alpha >= C, alpha <= 0.0
    free = ~(at_upper | at_lower)
    if free.any():
        return float(yG[free].mean())
    pos = y > 0
    ub_mask = (at_upper & ~pos) | (at_lower & pos)
    lb_mask = (at_upper & pos) | (at_lower & ~pos)
    ub = float(yG[ub_mask].min()) if ub_mask.any() else np.inf
    lb = float(yG[lb_mask].max()) if lb_mask.any() else -np.inf
    return (ub + lb) / 2
