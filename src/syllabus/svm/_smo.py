"""Sequential minimal optimisation (SMO) for the soft-margin SVM dual, as LIBSVM does it.

The dual of the C-SVM (the SVM lecture: Lagrangian, KKT conditions, support vectors) is the
box-constrained quadratic programme

    min_alpha  f(alpha) = 1/2 alpha^T Q alpha - e^T alpha,   Q_st = y_s y_t K(x_s, x_t)
    s.t.       0 <= alpha_t <= C_t,   y^T alpha = 0,

with gradient ``G = Q alpha - e``. The KKT conditions compare the numbers ``F_t = -y_t G_t``:
``I_up`` holds the multipliers that may grow along ``y`` (``y_t = +1, alpha_t < C_t`` or
``y_t = -1, alpha_t > 0``), ``I_low`` those that may shrink, and ``alpha`` is optimal when
``m = max_{I_up} F <= M = min_{I_low} F``. The solver keeps ``F`` rather than ``G``.

SMO changes two multipliers at a time, the smallest step that keeps ``y^T alpha = 0``. In
pseudo-code (LIBSVM's ``Solver::Solve``)::

    alpha = 0, F = y
    repeat
        every min(n, 1000) steps: shrink                           (_shrink)
        (i, j) = working pair; stop if the KKT gap m - M < tol      (_select_working_set)
        (alpha_i, alpha_j) = analytic step clipped to the box       (_update_pair)
        F -= y_i dalpha_i K_i + y_j dalpha_j K_j                   (_update_gradient)
    rho = mean of -F_t over free multipliers                       (_rho_objective_gap)

The working pair is LIBSVM's second-order choice (Fan, Chen & Lin, JMLR 2005): ``i`` is the
maximal violator ``argmax_{t in I_up} F_t`` and ``j`` the index of ``I_low`` whose
two-variable step decreases ``f`` the most, ``b_ij^2 / a_ij`` with ``a_ij = K_ii + K_jj -
2 K_ij`` and ``b_ij = F_i - F_j > 0``.

Shrinking sets aside the bounded multipliers that cannot move for now. As in LIBSVM, the
multipliers live at *positions* ``0 .. n-1`` (``sample[p]`` is the training sample at position
``p``) and the active ones are kept at the front, ``0 .. active-1``, by swapping positions
(:func:`_swap`): every loop of a step runs over a contiguous prefix. The order of the positions
decides ties in the selection and the order of the sums below, so the solver takes LIBSVM's
steps exactly. ``F_bar``, the part of ``F`` due to the multipliers at their upper bound,
rebuilds the ``F`` of the set-aside ones (:func:`_reconstruct_gradient`) before the solver
declares victory on the whole problem.

Kernel rows are computed only when a step asks for one, as LIBSVM does: :func:`_kernel_row`
evaluates ``K(x_s, x_t)`` from the samples (dense rows or CSR), and :func:`_row` keeps the rows
in a least-recently-used cache of ``cache_size`` MB, by position, computed up to the length a
step needs (the active prefix, or all ``n`` positions); a swap of positions reaches a cached
row when the row is next used (:func:`_replay_swaps`). As LIBSVM's ``Qfloat``, the cached rows
are float32: twice the rows in the same memory, and a solution that does not depend on the
last bits of the kernel values, so ``X @ X.T`` computed by BLAS as a precomputed kernel gives
the same model as the linear kernel. The diagonal ``K(x_t, x_t)`` stays float64, so its last
bits count: as in scikit-learn's LIBSVM, it is (with the squared norms of the RBF kernel) a
BLAS inner product for dense ``X`` and a sum in column order for CSR ``X``, the two builds
giving the same model up to those bits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import numba
import numpy as np

from ..utils._gemm import dot

__all__ = ["KernelRows", "SMOResult", "smo_solve"]

# LIBSVM's floor for a non-positive curvature a_ij (non-PSD kernels, duplicated points).
TAU = 1e-12

# SMOResult.status
OPTIMAL = 0  # the KKT gap is below tol
MAX_ITER = 1  # max_iter steps were taken
NOT_FINITE = 2  # the gradient holds NaN or inf (so does the kernel): the solution is meaningless

# The compiled loops below (``numba.njit(cache=True, _nrt=False)``) only read and write the
# arrays they are given and allocate nothing, so numba's reference counting of arrays (atomic
# operations at every call, a quarter of the solver's time) is switched off.

# Kernel kinds of _Kernel.kind.
LINEAR, POLY, RBF, SIGMOID, PRECOMPUTED = 0, 1, 2, 3, 4
KERNEL_KINDS = {"linear": LINEAR, "poly": POLY, "rbf": RBF, "sigmoid": SIGMOID}


class _Kernel(NamedTuple):
    """What :func:`_kernel_row` needs: the samples (dense ``X``, or CSR ``data, indices,
    indptr`` when ``sparse``), their squared norms, and the kernel's parameters; for
    ``PRECOMPUTED``, ``X`` is the Gram matrix itself. ``work`` is a dense scratch sample
    (zero) for the CSR rows."""

    kind: int
    gamma: float
    coef0: float
    degree: int
    sparse: bool
    X: np.ndarray
    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    sq_norms: np.ndarray
    work: np.ndarray


class _Cache(NamedTuple):
    """Least-recently-used cache of kernel rows by position: ``rows[slot_of[p]][:length]`` is
    ``K(x_sample[p], x_sample[t])`` for the positions ``t < length`` (``slot_of[p] = -1``:
    not cached); ``last_used`` stamps each slot with the clock ``counts[CLOCK]``. The swaps
    of positions are written in ``log`` (``counts[LOGGED]`` of them); a row has replayed the
    first ``replayed[slot]``."""

    rows: np.ndarray
    length: np.ndarray
    replayed: np.ndarray
    slot_of: np.ndarray
    owner: np.ndarray
    last_used: np.ndarray
    log: np.ndarray
    counts: np.ndarray


CLOCK, COMPUTED, LOGGED = 0, 1, 2  # the entries of _Cache.counts


class _Problem(NamedTuple):
    """The state of the solver, by position ``p`` (``sample[p]`` is the training sample):
    labels, bounds, kernel diagonal, multipliers, ``F = -y G``, ``F_bar`` (the part of ``F``
    due to the multipliers at their upper bound) and the membership of I_up and I_low."""

    y: np.ndarray
    C: np.ndarray
    diag: np.ndarray
    alpha: np.ndarray
    F: np.ndarray
    F_bar: np.ndarray
    up: np.ndarray
    low: np.ndarray
    sample: np.ndarray


class KernelRows:
    """The kernel matrix of one binary problem, as rows computed on demand and cached.

    Parameters
    ----------
    kernel : {"linear", "poly", "rbf", "sigmoid", "precomputed"}
    X : ndarray of shape (n, d), sparse CSR matrix, or the (n, n) Gram matrix
        when ``kernel="precomputed"``.
    gamma, coef0 : float
        Kernel parameters (``gamma x.z + coef0`` for "poly" and "sigmoid").
    degree : int
        Degree of the "poly" kernel.
    cache_size : float, default=200
        Memory budget of the float32 row cache in MB (as LIBSVM's ``cache_size``); at
        least two rows are kept.

    Attributes
    ----------
    diagonal : ndarray of shape (n,)
        ``K(x_i, x_i)``.
    n_computed : int
        Number of kernel values computed by the last :func:`smo_solve` on these rows.
    """

    def __init__(self, kernel: str, X: Any, *, gamma: float = 1.0, coef0: float = 0.0,
                 degree: int = 3, cache_size: float = 200) -> None:
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
        self._kernel = _Kernel(kind, float(gamma), float(coef0), int(degree), sparse, dense,
                               data, indices, indptr, np.zeros(n), np.zeros(max(d, 1)))
        _squared_norms(self._kernel, self._kernel.sq_norms)
        self.n_slots = max(2, min(n, int(cache_size * (1 << 20)) // (4 * max(n, 1))))
        self.diagonal = np.empty(n)
        _kernel_diagonal(self._kernel, self.diagonal)
        self.n_computed = 0

    def _new_cache(self) -> _Cache:
        n, n_slots = self.n, self.n_slots
        return _Cache(np.empty((n_slots, n), dtype=np.float32), np.zeros(n_slots, dtype=np.int64),
                      np.zeros(n_slots, dtype=np.int64), np.full(n, -1, dtype=np.int64),
                      np.full(n_slots, -1, dtype=np.int64), np.full(n_slots, -1, dtype=np.int64),
                      np.empty((4 * n + 4, 2), dtype=np.int64), np.zeros(3, dtype=np.int64))


# --------------------------------------------------------------------------- kernel rows
@numba.njit(cache=True, _nrt=False)
def _squared_norms(k, out):
    """``||x_t||^2`` of every sample: a BLAS inner product for dense ``X`` (as scikit-learn's
    dense LIBSVM), a sum in column order for CSR (as its sparse LIBSVM)."""
    for t in range(out.shape[0]):
        total = 0.0
        if k.sparse:
            for p in range(k.indptr[t], k.indptr[t + 1]):
                total += k.data[p] * k.data[p]
        elif k.kind != PRECOMPUTED:
            total = dot(k.X[t], k.X[t])
        out[t] = total


@numba.njit(cache=True, _nrt=False)
def _powi(base, times):
    """``base ** times`` for an integer ``times >= 0`` by repeated squaring (LIBSVM's)."""
    result = 1.0
    while times > 0:
        if times % 2 == 1:
            result *= base
        base *= base
        times //= 2
    return result


@numba.njit(cache=True, _nrt=False)
def _kernel_value(k, dot, s, t):
    """``K(x_s, x_t)`` from the inner product ``dot = x_s . x_t`` (LIBSVM's formulas)."""
    if k.kind == LINEAR:
        return dot
    if k.kind == POLY:
        return _powi(k.gamma * dot + k.coef0, int(k.degree))
    if k.kind == RBF:
        return np.exp(-k.gamma * (k.sq_norms[s] + k.sq_norms[t] - 2.0 * dot))
    return np.tanh(k.gamma * dot + k.coef0)


@numba.njit(cache=True, _nrt=False)
def _kernel_row(k, s, sample, start, end, out):
    """``out[t] = K(x_s, x_sample[t])`` for the positions ``start <= t < end``: inner
    products in column order (for CSR, the stored entries of sample ``s`` scattered into
    ``k.work``, a zero vector on entry and exit)."""
    if k.kind == PRECOMPUTED:
        for t in range(start, end):
            out[t] = k.X[s, sample[t]]
    elif k.sparse:
        for p in range(k.indptr[s], k.indptr[s + 1]):
            k.work[k.indices[p]] = k.data[p]
        for t in range(start, end):
            r = sample[t]
            dot = 0.0
            for p in range(k.indptr[r], k.indptr[r + 1]):
                dot += k.data[p] * k.work[k.indices[p]]
            out[t] = _kernel_value(k, dot, s, r)
        for p in range(k.indptr[s], k.indptr[s + 1]):
            k.work[k.indices[p]] = 0.0
    else:
        # Four inner products at a time (each still summed in column order): four
        # independent chains of additions keep the processor busy.
        x_s = k.X[s]
        t = start
        while t < end:
            r0, r1 = sample[t], sample[min(t + 1, end - 1)]
            r2, r3 = sample[min(t + 2, end - 1)], sample[min(t + 3, end - 1)]
            d0 = d1 = d2 = d3 = 0.0
            for f in range(x_s.shape[0]):
                d0 += x_s[f] * k.X[r0, f]
                d1 += x_s[f] * k.X[r1, f]
                d2 += x_s[f] * k.X[r2, f]
                d3 += x_s[f] * k.X[r3, f]
            for dot, r in ((d0, r0), (d1, r1), (d2, r2), (d3, r3)):
                if t < end:
                    out[t] = _kernel_value(k, dot, s, r)
                    t += 1


@numba.njit(cache=True, _nrt=False)
def _kernel_diagonal(k, out):
    """``out[s] = K(x_s, x_s)``."""
    for s in range(out.shape[0]):
        if k.kind == PRECOMPUTED:
            out[s] = k.X[s, s]
        else:
            out[s] = _kernel_value(k, k.sq_norms[s], s, s)


@numba.njit(cache=True, _nrt=False)
def _row(k, c, sample, p, length):
    """The cache slot holding the kernel row of position ``p``, valid up to position
    ``length``: cached (after replaying the swaps it missed), completed, or computed into the
    least recently used slot (the rows of the current working pair were just used and stay)."""
    c.counts[CLOCK] += 1
    slot = c.slot_of[p]
    if slot < 0:
        slot = np.argmin(c.last_used)
        if c.owner[slot] >= 0:
            c.slot_of[c.owner[slot]] = -1
        c.owner[slot] = p
        c.slot_of[p] = slot
        c.length[slot] = 0
    else:
        _replay_swaps(c, slot)
    c.replayed[slot] = c.counts[LOGGED]
    row = c.rows[slot]
    if c.length[slot] < length:
        _kernel_row(k, sample[p], sample, c.length[slot], length, row)
        c.counts[COMPUTED] += length - c.length[slot]
        c.length[slot] = length
    c.last_used[slot] = c.counts[CLOCK]
    return slot


@numba.njit(cache=True, _nrt=False)
def _replay_swaps(c, slot):
    """Exchange columns ``i < j`` of a cached row for every logged swap it missed (a row known
    up to ``i < length <= j`` is cut at ``i``)."""
    row = c.rows[slot]
    for e in range(c.replayed[slot], c.counts[LOGGED]):
        i, j = c.log[e, 0], c.log[e, 1]
        if c.length[slot] > j:
            row[i], row[j] = row[j], row[i]
        elif c.length[slot] > i:
            c.length[slot] = i
    c.replayed[slot] = c.counts[LOGGED]


@numba.njit(cache=True, _nrt=False)
def _swap(c, q, i, j):
    """Exchange positions ``i < j``: every per-position array, and the cached rows of ``i``
    and ``j``. Columns ``i`` and ``j`` of the cached rows are exchanged when a row is next
    used (:func:`_replay_swaps`): the swap is logged (all rows catch up when the log is full)."""
    for a in (q.y, q.C, q.diag, q.alpha, q.F, q.F_bar):
        a[i], a[j] = a[j], a[i]
    for b in (q.up, q.low):
        b[i], b[j] = b[j], b[i]
    q.sample[i], q.sample[j] = q.sample[j], q.sample[i]
    slot_i, slot_j = c.slot_of[i], c.slot_of[j]
    c.slot_of[i], c.slot_of[j] = slot_j, slot_i
    if slot_i >= 0:
        c.owner[slot_i] = j
    if slot_j >= 0:
        c.owner[slot_j] = i
    if c.counts[LOGGED] == c.log.shape[0]:
        for slot in range(c.owner.shape[0]):
            _replay_swaps(c, slot)
        c.replayed[:] = 0
        c.counts[LOGGED] = 0
    e = c.counts[LOGGED]
    c.log[e, 0], c.log[e, 1] = i, j
    c.counts[LOGGED] = e + 1


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
@numba.njit(cache=True, _nrt=False)
def _set_status(q, p):
    """I_up / I_low membership of position ``p`` from ``alpha_p`` (free: both)."""
    below_C, above_0 = q.alpha[p] < q.C[p], q.alpha[p] > 0.0
    q.up[p] = below_C if q.y[p] > 0 else above_0
    q.low[p] = above_0 if q.y[p] > 0 else below_C


@numba.njit(cache=True, _nrt=False)
def _violation(q, active):
    """``m = max_{I_up} F`` with its last position ``i``, and ``M = min_{I_low} F``.

    A position outside I_up counts as ``F = -inf``, outside I_low as ``+inf`` (no branch on
    the membership, which the processor could not predict; ``i`` is meaningful when
    ``m > -inf``)."""
    i = -1
    m = -np.inf
    M = np.inf
    for t in range(active):
        f_up = q.F[t] if q.up[t] else -np.inf
        f_low = q.F[t] if q.low[t] else np.inf
        if f_up >= m:
            i = t
            m = f_up
        if f_low < M:
            M = f_low
    return i, m, M


@numba.njit(cache=True, _nrt=False)
def _select_working_set(k, c, q, active, tol):
    """LIBSVM's second-order pair: ``i = argmax_{I_up} F`` and ``j = argmax_{t in I_low,
    b_it > 0} b_it^2 / a_it``, ``b_it = F_i - F_t``, ``a_it = K_ii + K_tt - 2 K_it``
    (floored at TAU); ties go to the last position. Returns ``(i, j, m - M)``; ``i = -1``
    when the gap is below ``tol``."""
    i, m, M = _violation(q, active)
    if not m - M >= tol:  # optimal, or NaN
        return -1, -1, m - M
    K_i = c.rows[_row(k, c, q.sample, i, active)]
    d_i = q.diag[i]
    j = -1
    best = 0.0
    for t in range(active):
        if q.low[t]:
            b = m - q.F[t]
            if b > 0.0:
                a = d_i + q.diag[t] - 2.0 * K_i[t]
                decrease = b * b / (a if a > 0.0 else TAU)
                if decrease >= best:
                    j = t
                    best = decrease
    if j < 0:
        return -1, -1, m - M
    return i, j, m - M


@numba.njit(cache=True, _nrt=False)
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


@numba.njit(cache=True, _nrt=False)
def _update_gradient(k, c, q, active, i, j, old_i, old_j):
    """``F_t -= y_i dalpha_i K_ti + y_j dalpha_j K_tj`` over the active positions; ``F_bar``
    (all positions) gains or loses ``C_s y_s K_s`` when ``alpha_s`` reaches or leaves ``C_s``."""
    K_i = c.rows[_row(k, c, q.sample, i, active)]
    K_j = c.rows[_row(k, c, q.sample, j, active)]
    c_i = q.y[i] * (q.alpha[i] - old_i)
    c_j = q.y[j] * (q.alpha[j] - old_j)
    for t in range(active):
        q.F[t] -= c_i * K_i[t] + c_j * K_j[t]
    n = q.F.shape[0]
    for s, old in ((i, old_i), (j, old_j)):
        was_upper, is_upper = old >= q.C[s], q.alpha[s] >= q.C[s]
        if was_upper != is_upper:
            K_s = c.rows[_row(k, c, q.sample, s, n)]
            c_s = q.C[s] * q.y[s] if is_upper else -q.C[s] * q.y[s]
            for t in range(n):
                q.F_bar[t] -= c_s * K_s[t]
        _set_status(q, s)


@numba.njit(cache=True, _nrt=False)
def _take_step(k, c, q, active, i, j):
    """Move ``(alpha_i, alpha_j)`` to the minimum of ``f`` along the pair, then ``F``."""
    K_i = c.rows[_row(k, c, q.sample, i, active)]
    quad = q.diag[i] + q.diag[j] - 2.0 * K_i[j]
    old_i, old_j = q.alpha[i], q.alpha[j]
    q.alpha[i], q.alpha[j] = _update_pair(q.y[i], q.y[j], old_i, old_j, -q.y[i] * q.F[i],
                                          -q.y[j] * q.F[j], q.C[i], q.C[j],
                                          quad if quad > 0.0 else TAU)
    _update_gradient(k, c, q, active, i, j, old_i, old_j)


# --------------------------------------------------------------------------- shrinking
@numba.njit(cache=True, _nrt=False)
def _reconstruct_gradient(k, c, q, active):
    """LIBSVM's ``reconstruct_gradient``: ``F`` of the positions ``active .. n-1``.

    A set-aside multiplier missed only the updates of free multipliers (the bounded ones are
    in ``F_bar``, and set-aside multipliers did not move), and every free multiplier is
    active: ``F_t = F_bar_t + y_t - sum_{s free} y_s alpha_s K_ts``. The sum runs over rows
    of the set-aside positions or of the free ones, whichever is cheaper.
    """
    n = q.F.shape[0]
    for t in range(active, n):
        q.F[t] = q.F_bar[t] + q.y[t]
    n_free = 0
    for s in range(active):
        n_free += q.up[s] and q.low[s]
    if n_free * n > 2 * active * (n - active):
        for t in range(active, n):
            K_t = c.rows[_row(k, c, q.sample, t, active)]
            for s in range(active):
                if q.up[s] and q.low[s]:
                    q.F[t] -= q.y[s] * q.alpha[s] * K_t[s]
    else:
        for s in range(active):
            if q.up[s] and q.low[s]:
                K_s = c.rows[_row(k, c, q.sample, s, n)]
                for t in range(active, n):
                    q.F[t] -= q.y[s] * q.alpha[s] * K_s[t]


@numba.njit(cache=True, _nrt=False)
def _shrink(k, c, q, active, tol, unshrunk):
    """LIBSVM's ``do_shrinking``: set aside the bounded multipliers that cannot move.

    With ``m = max_{I_up} F`` and ``M = min_{I_low} F`` over the active set, a multiplier
    only in I_up with ``F_t < M``, or only in I_low with ``F_t > m``, would only be chosen to
    move out of the box. The first time the gap falls below ``10 tol`` the whole problem is
    made active again (its ``F`` rebuilt), so that the final steps see every multiplier.
    The set-aside positions are swapped to the end. Returns the new active size and whether
    that unshrinking happened.
    """
    _, m, M = _violation(q, active)
    if not unshrunk and m - M <= 10.0 * tol:
        unshrunk = True
        _reconstruct_gradient(k, c, q, active)
        active = q.F.shape[0]
    t = 0
    while t < active:
        if _stuck(q, t, m, M):
            active -= 1
            while active > t:
                if not _stuck(q, active, m, M):
                    _swap(c, q, t, active)
                    break
                active -= 1
        t += 1
    return active, unshrunk


@numba.njit(cache=True, _nrt=False)
def _stuck(q, t, m, M):
    """LIBSVM's ``be_shrunk``: bounded, and its violation points out of the box."""
    if q.up[t] and not q.low[t]:
        return q.F[t] < M
    if q.low[t] and not q.up[t]:
        return q.F[t] > m
    return False


# --------------------------------------------------------------------------- the solver
@numba.njit(cache=True, _nrt=False)
def _solve(k, c, q, tol, max_iter, shrinking):
    """LIBSVM's ``Solver::Solve``: SMO steps until the gap is below ``tol`` on the whole
    problem (or ``max_iter`` steps, ``max_iter < 0``: no limit). Returns ``(status, steps)``."""
    n = q.F.shape[0]
    active = n
    unshrunk = False
    counter = min(n, 1000) + 1
    steps = 0
    status = OPTIMAL
    while True:
        if 0 <= max_iter <= steps:
            status = MAX_ITER
            break
        counter -= 1
        if counter == 0:
            counter = min(n, 1000)
            if shrinking:
                active, unshrunk = _shrink(k, c, q, active, tol, unshrunk)
        i, j, gap = _select_working_set(k, c, q, active, tol)
        if gap != gap:
            status = NOT_FINITE
            break
        if i < 0:
            # Optimal on the active set: check it on the whole problem. If it is not optimal
            # there, shrink again after the next step.
            _reconstruct_gradient(k, c, q, active)
            active = n
            i, j, gap = _select_working_set(k, c, q, active, tol)
            if i < 0:
                if gap != gap:
                    status = NOT_FINITE
                break
            counter = 1
        steps += 1
        _take_step(k, c, q, active, i, j)
    if active < n:
        _reconstruct_gradient(k, c, q, active)
    for t in range(n):
        if not np.isfinite(q.F[t]):
            status = NOT_FINITE
    return status, steps


@numba.njit(cache=True, _nrt=False)
def _rho_objective_gap(q):
    """LIBSVM's ``calculate_rho`` (mean of ``-F`` over free multipliers, else the middle of
    the interval the bounded ones allow), the dual objective ``1/2 alpha^T (G - e)`` and the
    KKT gap ``m - M``, summed in position order."""
    ub, lb, total, n_free, objective = np.inf, -np.inf, 0.0, 0, 0.0
    for t in range(q.F.shape[0]):
        yG = -q.F[t]
        if q.up[t] and q.low[t]:
            n_free += 1
            total += yG
        elif q.up[t]:  # y = +1 at 0, or y = -1 at C
            ub = min(ub, yG)
        else:
            lb = max(lb, yG)
        objective += q.alpha[t] * (-q.y[t] * q.F[t] - 1.0)
    rho = total / n_free if n_free > 0 else (ub + lb) / 2
    _, m, M = _violation(q, q.F.shape[0])
    return rho, objective / 2, m - M


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
    y = np.array(y, dtype=np.float64)
    C = np.array(C, dtype=np.float64)
    # alpha = 0: F = -y G = -y (Q 0 - e) = y; every multiplier is at its lower bound.
    q = _Problem(y, C, kernel.diagonal.copy(), np.zeros(n), y.copy(), np.zeros(n), y > 0,
                 y < 0, np.arange(n))
    cache = kernel._new_cache()
    status, n_iter = _solve(kernel._kernel, cache, q, float(tol), int(max_iter), bool(shrinking))
    kernel.n_computed = int(cache.counts[COMPUTED])
    alpha = np.empty(n)
    alpha[q.sample] = q.alpha
    if status == NOT_FINITE:
        return SMOResult(alpha, np.nan, n_iter, status, np.nan, np.nan)
    rho, objective, gap = _rho_objective_gap(q)
    return SMOResult(alpha, rho, n_iter, status, objective, gap)
