"""Sequential minimal optimisation (SMO) for the soft-margin SVM dual, as LIBSVM does it.

The dual of the C-SVM (seed 000: Lagrangian, KKT, support vectors) is the box-constrained QP

    min_alpha  f(alpha) = 1/2 alpha^T Q alpha - e^T alpha,   Q_ij = y_i y_j K(x_i, x_j)
    s.t.       0 <= alpha_i <= C_i,   y^T alpha = 0.

SMO changes two multipliers at a time, the smallest step that keeps ``y^T alpha = 0``; the
pair is found by LIBSVM's second-order working-set selection (Fan, Chen & Lin, JMLR 2005):
``i`` is the maximal violator ``argmax { -y_t grad_t : t in I_up }``, and ``j`` the index of
``I_low`` whose two-variable step decreases ``f`` the most, ``-(b_ij^2 / a_ij)`` with
``a_ij = K_ii + K_jj - 2 K_ij`` and ``b_ij = -y_i grad_i + y_j grad_j > 0``. The solver stops
when the maximal violation ``m(alpha) - M(alpha)`` drops below ``tol`` (LIBSVM's ``eps``), and
the bias is LIBSVM's: the mean of ``y_t grad_t`` over free multipliers, else the middle of the
feasible interval. Shrinking (temporarily dropping bounded multipliers that cannot move) and
the gradient reconstruction follow LIBSVM as well.

Everything is written with the vector ``v = -y * grad f(alpha) = y - K (y * alpha)``: then
``I_up`` picks its maximum, ``I_low`` its minimum, a step updates ``v -= (y_i d_i) K_i +
(y_j d_j) K_j`` with plain kernel rows (no ``Q``), and ``y * v`` is minus the margin error.
The loop itself is sequential; each iteration is about a dozen vectorised NumPy calls over the
active set and two kernel rows served by an LRU cache. Once shrinking has left a few dozen
variables active (most of the steps of a linear SVM), a call costs its overhead, not its
length, so the loop avoids calls: ``v`` is kept restricted to ``I_up`` and to ``I_low``,
minima come from ``argmin`` (a reduction costs several times more), and scalar operands go
through a 0-d array (a Python float is converted at every call).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["KernelRowCache", "SMOResult", "smo_solve"]

# LIBSVM's floor for a non-positive curvature a_ij (non-PSD kernels, duplicated points).
TAU = 1e-12


class KernelRowCache:
    """Rows ``K(x_i, X)`` of a kernel matrix, computed on demand and kept in an LRU cache.

    Parameters
    ----------
    compute_rows : callable
        ``compute_rows(indices) -> ndarray of shape (len(indices), n)``: the kernel between
        the samples ``indices`` and all ``n`` samples.
    n : int
        Number of samples (length of a row).
    cache_size : float
        Memory budget in MB (as LIBSVM's ``cache_size``); at least two rows are kept.
    diagonal : ndarray of shape (n,)
        ``K(x_i, x_i)``, needed by every iteration and computed once by the caller.
    """

    def __init__(self, compute_rows: Callable[[np.ndarray], np.ndarray], n: int,
                 cache_size: float, diagonal: np.ndarray) -> None:
        self._compute_rows = compute_rows
        self.n = n
        self.diagonal = diagonal
        n_slots = int(cache_size * (1 << 20)) // (8 * max(n, 1))
        self.n_slots = max(2, min(n, n_slots))
        self._store = np.empty((self.n_slots, n))  # pages are only touched when used
        self._slot_of: dict[int, int] = {}  # insertion order = recency order (LRU first)
        self.n_computed = 0

    def get(self, i: int) -> np.ndarray | None:
        """Row ``i`` if it is cached (marked most recently used), else None."""
        slot = self._slot_of.pop(i, None)
        if slot is None:
            return None
        self._slot_of[i] = slot
        return self._store[slot]

    def row(self, i: int, hint: np.ndarray | None = None) -> np.ndarray:
        """Row ``i`` of the kernel matrix (a view into the cache: do not modify it).

        On a miss, rows of ``hint`` (indices likely to be needed soon) that are not cached
        yet are computed in the same call while the cache has free slots: one kernel call
        on a block of rows costs much less per row than one call per row.
        """
        cached = self.get(i)
        if cached is not None:
            return cached
        slot_of = self._slot_of
        wanted = [i]
        free = self.n_slots - len(slot_of)
        if hint is not None and free > 1:
            for h in hint.tolist():
                if len(wanted) >= free:
                    break
                if h != i and h not in slot_of:
                    wanted.append(h)
        rows = self._compute_rows(np.asarray(wanted))
        self.n_computed += len(wanted)
        # The requested row goes in last, so it is the most recently used.
        for k in range(len(wanted) - 1, -1, -1):
            if len(slot_of) < self.n_slots:
                slot = len(slot_of)
            else:  # evict the least recently used row
                slot = slot_of.pop(next(iter(slot_of)))
            self._store[slot] = rows[k]
            slot_of[wanted[k]] = slot
        return self._store[slot_of[i]]

    def block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """``K[rows][:, cols]``, read from the cache row by row where possible."""
        out = np.empty((len(rows), len(cols)))
        missing = []
        for k, i in enumerate(rows.tolist()):
            slot = self._slot_of.get(i)
            if slot is None:
                missing.append(k)
            else:
                out[k] = self._store[slot, cols]
        if missing:
            missing_idx = np.asarray(missing)
            out[missing_idx] = self._compute_rows(rows[missing_idx])[:, cols]
        return out


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
        0 when the stopping criterion was met, 1 when ``max_iter`` stopped the solver.
    objective : float
        Dual objective ``1/2 alpha^T Q alpha - e^T alpha`` at the solution.
    gap : float
        Maximal KKT violation ``max_{I_up} v - min_{I_low} v`` at the end.
    """

    alpha: np.ndarray
    rho: float
    n_iter: int
    status: int
    objective: float
    gap: float


def smo_solve(
    kernel: KernelRowCache,
    y: np.ndarray,
    C: np.ndarray,
    *,
    tol: float = 1e-3,
    max_iter: int = -1,
    shrinking: bool = True,
    prefetch: int = 32,
) -> SMOResult:
    """Solve the C-SVM dual by SMO with second-order working-set selection.

    Parameters
    ----------
    kernel : KernelRowCache
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
    prefetch : int, default=32
        On a cache miss, also compute the rows of up to this many of the strongest
        candidates (one kernel call on a block of rows is much cheaper per row).

    Returns
    -------
    SMOResult
    """
    n = y.shape[0]
    prefetch = max(1, min(prefetch, n))
    y = np.asarray(y, dtype=np.float64)
    C = np.asarray(C, dtype=np.float64)
    diag_full = kernel.diagonal
    # Scalars read at every step live in Python lists (faster than NumPy scalar indexing).
    y_list = y.tolist()
    C_list = C.tolist()
    d_list = diag_full.tolist()
    half_d_list = (0.5 * diag_full).tolist()
    alpha = [0.0] * n
    inf = np.inf
    # Local names for the ufuncs of the hot loop.
    add, subtract, multiply, divide, maximum = np.add, np.subtract, np.multiply, np.divide, np.maximum
    # Scalar operands of the ufuncs go through 0-d arrays: a Python float costs a conversion
    # per call, which is most of the cost of a pass over a small active set.
    scalar = np.zeros(())

    # v = -y * grad; at alpha = 0, grad = -e so v = y. The solver keeps it as two vectors:
    # v_up = v on I_up and -inf elsewhere, v_low = v on I_low and +inf elsewhere, so that the
    # selection reads them directly (every sample is in I_up or I_low, so v is in one of them).
    up_pen, low_pen = _penalties(np.zeros(n), y, C)
    v_up, v_low = y + up_pen, y + low_pen
    # sum of C_s y_s K_s over multipliers at their upper bound: rebuilds v after shrinking.
    v_bar = np.zeros(n) if shrinking else None

    active = np.arange(n)  # original index of each active position
    active_list = active.tolist()
    m = n
    half_diag = 0.5 * diag_full
    buf = np.empty(n)
    # Rows restricted to the active set, reused until the active set changes: while shrunk,
    # a few hundred rows serve thousands of steps.
    shrunk_rows: dict[int, np.ndarray] = _BoundedDict(max(2, kernel.n_slots // 4))
    # The curvatures a_it of the rows i in use (i is often the same for many steps).
    curvatures: dict[int, np.ndarray] = _BoundedDict(max(2, kernel.n_slots // 4))
    unshrunk = False
    counter = min(n, 1000) + 1
    n_iter = 0
    status = 0
    gap = inf
    if max_iter == -1:
        max_iter = -2  # never equal to n_iter

    while True:
        if n_iter == max_iter:
            status = 1
            break
        counter -= 1
        if counter == 0:
            counter = min(n, 1000)
            if shrinking:
                g_max = float(v_up[v_up.argmax()])
                g_min = float(v_low[v_low.argmin()])
                if not unshrunk and g_max - g_min <= 10 * tol:
                    unshrunk = True
                    if m < n:
                        v_up, v_low = _reconstruct(kernel, y, C, alpha, v_bar, active,
                                                   _merge(v_up, v_low))
                        active = np.arange(n)
                # LIBSVM's be_shrunk: a bounded multiplier that is only in I_up with
                # v < min_{I_low} v, or only in I_low with v > max_{I_up} v, cannot move.
                drop = (np.isinf(v_low) & (v_up < g_min)) | (np.isinf(v_up) & (v_low > g_max))
                if drop.any() or active.shape[0] != m:
                    keep = ~drop
                    v_up, v_low, active = v_up[keep], v_low[keep], active[keep]
                    active_list = active.tolist()
                    m = active.shape[0]
                    half_diag = 0.5 * diag_full[active]
                    buf = np.empty(m)
                    shrunk_rows.clear()
                    curvatures.clear()

        # -- working-set selection: i = argmax_{I_up} v ------------------------------------
        i = int(v_up.argmax())
        g_max = float(v_up[i])
        gap = g_max - float(v_low[v_low.argmin()])
        if gap < tol:
            if m == n:
                break
            # Optimal on the shrunk problem: check it on the whole problem.
            v_up, v_low = _reconstruct(kernel, y, C, alpha, v_bar, active, _merge(v_up, v_low))
            active = np.arange(n)
            active_list = active.tolist()
            m = n
            half_diag = 0.5 * diag_full
            buf = np.empty(n)
            shrunk_rows.clear()
            curvatures.clear()
            i = int(v_up.argmax())
            g_max = float(v_up[i])
            gap = g_max - float(v_low[v_low.argmin()])
            if gap < tol:
                break
            counter = 1  # shrink again at the next step

        oi = active_list[i]
        k_i = shrunk_rows.get(oi)
        if k_i is None:
            full_i = kernel.get(oi)
            if full_i is None:  # prefetch the other strongest violators of I_up with it
                full_i = kernel.row(oi, _top(v_up, active, prefetch))
            k_i = full_i if m == n else _remember(shrunk_rows, oi, full_i.take(active))
        # j in I_low with v_j < g_max maximising b^2 / a (the decrease of f), where
        # b = g_max - v_j and a = K_ii + K_jj - 2 K_ij: the same j maximises b / sqrt(a / 2)
        # over b > 0, and some b > 0 exists since the gap is open (-inf outside I_low).
        scalar[()] = g_max
        subtract(scalar, v_low, out=buf)
        inv_root_a_i = curvatures.get(oi)
        if inv_root_a_i is None:  # a / 2 = (K_ii + K_tt) / 2 - K_it, floored at TAU / 2
            inv_root_a_i = subtract(half_diag, k_i)
            add(inv_root_a_i, half_d_list[oi], out=inv_root_a_i)
            maximum(inv_root_a_i, 0.5 * TAU, out=inv_root_a_i)
            np.sqrt(inv_root_a_i, out=inv_root_a_i)
            divide(1.0, inv_root_a_i, out=inv_root_a_i)  # a multiplication is cheaper than a division
            _remember(curvatures, oi, inv_root_a_i)
        multiply(buf, inv_root_a_i, out=buf)
        j = int(buf.argmax())
        oj = active_list[j]
        k_j = shrunk_rows.get(oj)
        if k_j is None:
            full_j = kernel.get(oj)
            if full_j is None:  # prefetch the next best partners of i with it
                full_j = kernel.row(oj, _top(buf, active, prefetch))
            k_j = full_j if m == n else _remember(shrunk_rows, oj, full_j.take(active))
        n_iter += 1

        # -- two-variable update clipped to the box (LIBSVM's case analysis) --------------
        y_i = y_list[oi]
        y_j = y_list[oj]
        C_i = C_list[oi]
        C_j = C_list[oj]
        a_i_old = a_i = alpha[oi]
        a_j_old = a_j = alpha[oj]
        quad = d_list[oi] + d_list[oj] - 2.0 * float(k_i[j])
        if quad <= 0.0:
            quad = TAU
        v_i = g_max
        v_j = float(v_low[j])
        if y_i != y_j:
            # With grad_t = -y_t v_t, LIBSVM's delta = (-G_i - G_j) / quad.
            delta = (y_i * v_i + y_j * v_j) / quad
            diff = a_i - a_j
            a_i += delta
            a_j += delta
            if diff > 0:
                if a_j < 0:
                    a_j = 0.0
                    a_i = diff
            elif a_i < 0:
                a_i = 0.0
                a_j = -diff
            if diff > C_i - C_j:
                if a_i > C_i:
                    a_i = C_i
                    a_j = C_i - diff
            elif a_j > C_j:
                a_j = C_j
                a_i = C_j + diff
        else:
            delta = (y_j * v_j - y_i * v_i) / quad  # (G_i - G_j) / quad
            total = a_i + a_j
            a_i -= delta
            a_j += delta
            if total > C_i:
                if a_i > C_i:
                    a_i = C_i
                    a_j = total - C_i
            elif a_j < 0:
                a_j = 0.0
                a_i = total
            if total > C_j:
                if a_j > C_j:
                    a_j = C_j
                    a_i = total - C_j
            elif a_i < 0:
                a_i = 0.0
                a_j = total
        alpha[oi] = a_i
        alpha[oj] = a_j

        # v -= y_i (a_i - a_i_old) K_i + y_j (a_j - a_j_old) K_j
        scalar[()] = y_i * (a_i - a_i_old)
        multiply(k_i, scalar, out=buf)
        subtract(v_up, buf, out=v_up)
        subtract(v_low, buf, out=v_low)
        scalar[()] = y_j * (a_j - a_j_old)
        multiply(k_j, scalar, out=buf)
        subtract(v_up, buf, out=v_up)
        subtract(v_low, buf, out=v_low)

        # -- membership of I_up / I_low (when a bound is reached or left), and v_bar -------
        i_upper = a_i >= C_i
        i_lower = a_i <= 0.0
        if i_upper != (a_i_old >= C_i) or i_lower != (a_i_old <= 0.0):
            _move(v_up, v_low, i, i_upper, i_lower, y_i > 0)
            if v_bar is not None and i_upper != (a_i_old >= C_i):
                v_bar += kernel.row(oi) * (C_i * y_i if i_upper else -C_i * y_i)
        j_upper = a_j >= C_j
        j_lower = a_j <= 0.0
        if j_upper != (a_j_old >= C_j) or j_lower != (a_j_old <= 0.0):
            _move(v_up, v_low, j, j_upper, j_lower, y_j > 0)
            if v_bar is not None and j_upper != (a_j_old >= C_j):
                v_bar += kernel.row(oj) * (C_j * y_j if j_upper else -C_j * y_j)

    alpha_arr = np.asarray(alpha)
    v = _merge(v_up, v_low)
    rho = _rho(v, alpha_arr[active], y[active], C[active])
    if m != n:  # stopped by max_iter while shrunk: objective from the whole gradient
        v = _merge(*_reconstruct(kernel, y, C, alpha, v_bar, active, v))
    # f = 1/2 sum_t alpha_t (grad_t + p_t) with grad_t = -y_t v_t and p_t = -1.
    objective = 0.5 * float(alpha_arr @ (-y * v - 1.0))
    return SMOResult(alpha_arr, rho, n_iter, status, objective, gap)


def _merge(v_up: np.ndarray, v_low: np.ndarray) -> np.ndarray:
    """``v`` from its restrictions to I_up and I_low (every sample is in one of them)."""
    return np.where(np.isfinite(v_up), v_up, v_low)


def _move(v_up: np.ndarray, v_low: np.ndarray, t: int, upper: bool, lower: bool,
          positive: bool) -> None:
    """Put sample ``t`` in I_up / I_low after its multiplier reached or left a bound."""
    v_t = float(v_up[t])
    if v_t == -np.inf:
        v_t = float(v_low[t])
    in_up = not upper if positive else not lower
    in_low = not lower if positive else not upper
    v_up[t] = v_t if in_up else -np.inf
    v_low[t] = v_t if in_low else np.inf


def _reconstruct(kernel: KernelRowCache, y: np.ndarray, C: np.ndarray, alpha: list[float],
                 v_bar: np.ndarray, active: np.ndarray, v_active: np.ndarray):
    """``v_up`` and ``v_low`` on the whole problem after shrinking (LIBSVM's
    ``reconstruct_gradient``).

    Inactive samples missed only the updates of free multipliers (the bounded ones are in
    ``v_bar``, and inactive multipliers did not move), and every free multiplier is active.
    """
    n = y.shape[0]
    alpha_arr = np.asarray(alpha)
    v = y - v_bar
    v[active] = v_active
    inactive = np.setdiff1d(np.arange(n), active, assume_unique=True)
    free = active[(alpha_arr[active] > 0.0) & (alpha_arr[active] < C[active])]
    if free.size and inactive.size:
        v[inactive] -= kernel.block(free, inactive).T @ (y[free] * alpha_arr[free])
    up_pen, low_pen = _penalties(alpha_arr, y, C)
    return v + up_pen, v + low_pen


def _penalties(alpha: np.ndarray, y: np.ndarray, C: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    at_upper = alpha >= C
    at_lower = alpha <= 0.0
    pos = y > 0
    in_up = np.where(pos, ~at_upper, ~at_lower)
    in_low = np.where(pos, ~at_lower, ~at_upper)
    return np.where(in_up, 0.0, -np.inf), np.where(in_low, 0.0, np.inf)


def _rho(v: np.ndarray, alpha: np.ndarray, y: np.ndarray, C: np.ndarray) -> float:
    """LIBSVM's ``calculate_rho``: mean of ``y grad`` over free multipliers, else midpoint.

    With ``y_t grad_t = -v_t``: a free multiplier sits exactly on its margin, so
    ``rho = -mean(v_free)``; without free ones rho is the middle of the interval the bounded
    multipliers allow.
    """
    y_grad = -v
    at_upper = alpha >= C
    at_lower = alpha <= 0.0
    free = ~(at_upper | at_lower)
    if free.any():
        return float(y_grad[free].mean())
    pos = y > 0
    ub_mask = (at_upper & ~pos) | (at_lower & pos)
    lb_mask = (at_upper & pos) | (at_lower & ~pos)
    ub = float(y_grad[ub_mask].min()) if ub_mask.any() else np.inf
    lb = float(y_grad[lb_mask].max()) if lb_mask.any() else -np.inf
    return (ub + lb) / 2


class _BoundedDict(dict):
    """A dict emptied when it reaches ``capacity`` entries (a cheap bound on its memory)."""

    def __init__(self, capacity: int) -> None:
        super().__init__()
        self.capacity = capacity


def _remember(store: _BoundedDict, key: int, value: np.ndarray) -> np.ndarray:
    if len(store) >= store.capacity:
        store.clear()
    store[key] = value
    return value


def _top(values: np.ndarray, index: np.ndarray, k: int) -> np.ndarray:
    """``index`` of the ``k`` largest ``values`` (all of them when there are fewer)."""
    if k >= values.shape[0]:
        return index
    return index[np.argpartition(values, -k)[-k:]]
