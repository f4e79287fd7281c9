"""L-BFGS written once: the two-loop recursion and the iteration driver.

Both :class:`~syllabus.optim.LBFGS` (on the flattened parameters of a network) and
``minimize(method="lbfgs")`` (on a 1-D array) run :func:`lbfgs_iterations`. The driver
follows ``torch.optim.LBFGS.step`` step for step (first direction ``-g`` with step
``min(1, 1/||g||_1) * lr``, curvature pairs kept only when ``y.s > 1e-10``, initial
inverse Hessian ``H_diag = y.s / y.y``, the same stopping tests), so the iterates agree
with PyTorch's to rounding.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ._line_search import wolfe_search


class LBFGSState(NamedTuple):
    """What L-BFGS carries from one call of :func:`lbfgs_iterations` to the next.

    Field names are PyTorch's: ``old_dirs`` holds the gradient differences
    ``y_k = g_{k+1} - g_k``, ``old_stps`` the steps ``s_k = x_{k+1} - x_k`` and ``ro`` the
    numbers ``1 / (y_k . s_k)``; ``d`` and ``t`` are the last direction and step length.
    """

    n_iter: int = 0
    func_evals: int = 0
    d: np.ndarray | None = None
    t: float | None = None
    old_dirs: tuple[np.ndarray, ...] = ()
    old_stps: tuple[np.ndarray, ...] = ()
    ro: tuple[float, ...] = ()
    H_diag: float = 1.0
    prev_flat_grad: np.ndarray | None = None
    prev_loss: float | None = None


class LBFGSRun(NamedTuple):
    """Outcome of :func:`lbfgs_iterations`."""

    x: np.ndarray
    loss: float
    grad: np.ndarray
    state: LBFGSState
    n_iter: int  # iterations done in this call
    n_evals: int  # function evaluations in this call (including the first)
    grad_is_current: bool  # False when ``grad`` belongs to the previous iterate
    reason: str  # why the iterations stopped


def lbfgs_direction(
    grad: np.ndarray,
    old_dirs: tuple[np.ndarray, ...],
    old_stps: tuple[np.ndarray, ...],
    ro: tuple[float, ...],
    H_diag: float,
) -> np.ndarray:
    """The two-loop recursion: ``-H g`` for the L-BFGS inverse-Hessian approximation ``H``.

    ``H`` is the BFGS update of ``H_diag * I`` by the stored pairs ``(s_k, y_k)``, applied
    without ever forming a matrix (``O(m n)`` for ``m`` pairs of size ``n``).

    Parameters
    ----------
    grad : ndarray of shape (n,)
    old_dirs : tuple of ndarray of shape (n,)
        Gradient differences ``y_k``, oldest first.
    old_stps : tuple of ndarray of shape (n,)
        Steps ``s_k``, oldest first.
    ro : tuple of float
        ``1 / (y_k . s_k)``.
    H_diag : float
        Scale of the initial approximation ``H_0 = H_diag * I``.

    Returns
    -------
    ndarray of shape (n,)
        The search direction ``-H g``.
    """
    num_old = len(old_dirs)
    al = [0.0] * num_old
    q = -grad
    for i in range(num_old - 1, -1, -1):
        al[i] = float(old_stps[i] @ q) * ro[i]
        q = q - al[i] * old_dirs[i]
    r = q * H_diag
    for i in range(num_old):
        be_i = float(old_dirs[i] @ r) * ro[i]
        r = r + (al[i] - be_i) * old_stps[i]
    return r


def _max_abs(a: np.ndarray) -> float:
    return float(np.max(np.abs(a))) if a.size else 0.0


def lbfgs_iterations(
    fun_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]],
    x: np.ndarray,
    state: LBFGSState | None = None,
    *,
    initial: tuple[float, np.ndarray] | None = None,
    lr: float = 1.0,
    max_iter: int = 20,
    max_eval: int | None = None,
    tolerance_grad: float = 1e-7,
    tolerance_change: float = 1e-9,
    history_size: int = 100,
    line_search_fn: str | None = None,
    line_search_tolerance: float | None = None,
    max_line_search: int | None = None,
    approximate_wolfe: bool = False,
    line_search_xtol: float = 0.0,
    restart_on_failure: bool = False,
    callback: Callable[[np.ndarray, float], None] | None = None,
) -> LBFGSRun:
    """Up to ``max_iter`` L-BFGS iterations from ``x`` (one ``torch.optim.LBFGS.step``).

    Parameters
    ----------
    fun_and_grad : callable
        ``fun_and_grad(x) -> (f, g)`` with ``f`` a float and ``g`` an array like ``x``.
    x : ndarray
        Starting point (1-D); not modified.
    state : LBFGSState, optional
        State returned by a previous call (the history is kept across calls, like
        PyTorch's optimiser state); ``None`` starts afresh.
    initial : (float, ndarray), optional
        ``fun_and_grad(x)`` when the caller already has it (saves one evaluation).
    lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size, line_search_fn
        As in :class:`~syllabus.optim.LBFGS` (``max_eval`` defaults to
        ``max_iter * 5 // 4``).
    line_search_tolerance : float, optional
        Bracket tolerance of the line search (default ``tolerance_change``).
    max_line_search : int, optional
        Cap on line-search evaluations (default: the evaluations left, as PyTorch).
    approximate_wolfe : bool, default=False
        Let the line search accept approximate Wolfe points (see :func:`strong_wolfe`).
    line_search_xtol : float, default=0.0
        Relative bracket width at which the line search gives up (see
        :func:`strong_wolfe`); 0 for PyTorch's line search.
    restart_on_failure : bool, default=False
        When the line search stops at a kink (its lowest point taken) or cannot decrease
        ``f`` at all, drop the curvature pairs and restart from steepest descent (the
        cautious first step); stop if the restarted search fails in the same way (as
        L-BFGS-B does). Off for PyTorch parity: a search that cannot decrease ``f``
        stops it on the step tolerance.
    callback : callable, optional
        ``callback(x, f)`` after each iteration whose value is known.

    Returns
    -------
    LBFGSRun
    """
    if state is None:
        state = LBFGSState()
    if max_eval is None:
        max_eval = max_iter * 5 // 4
    if line_search_fn not in (None, "strong_wolfe"):
        raise ValueError(f"only 'strong_wolfe' is supported, got line_search_fn={line_search_fn!r}")
    if line_search_tolerance is None:
        line_search_tolerance = tolerance_change

    loss, flat_grad = fun_and_grad(x) if initial is None else initial
    current_evals = 1
    total_iter = state.n_iter
    func_evals = state.func_evals + 1
    d, t = state.d, state.t
    old_dirs, old_stps, ro = list(state.old_dirs), list(state.old_stps), list(state.ro)
    H_diag, prev_flat_grad, prev_loss = state.H_diag, state.prev_flat_grad, state.prev_loss

    def pack() -> LBFGSState:
        return LBFGSState(total_iter, func_evals, d, t, tuple(old_dirs), tuple(old_stps),
                          tuple(ro), H_diag, prev_flat_grad, prev_loss)

    if _max_abs(flat_grad) <= tolerance_grad:
        return LBFGSRun(x, loss, flat_grad, pack(), 0, current_evals, True, "gradient below tolerance")

    n_iter = 0
    restart = failed = False
    no_decrease = 0
    grad_is_current = True
    reason = "maximum number of iterations reached"
    while n_iter < max_iter:
        n_iter += 1
        total_iter += 1

        # Direction: steepest descent at first (and after a failed line search), then the
        # two-loop recursion.
        if total_iter == 1 or restart:
            d = -flat_grad
            old_dirs, old_stps, ro = [], [], []
            H_diag = 1.0
        else:
            y = flat_grad - prev_flat_grad
            s = d * t
            ys = float(y @ s)
            if ys > 1e-10:  # keep the pair only if the curvature is positive
                if len(old_dirs) == history_size:
                    old_dirs.pop(0)
                    old_stps.pop(0)
                    ro.pop(0)
                old_dirs.append(y)
                old_stps.append(s)
                ro.append(1.0 / ys)
                H_diag = ys / float(y @ y)
            d = lbfgs_direction(flat_grad, old_dirs, old_stps, ro, H_diag)
        prev_flat_grad = flat_grad.copy()
        prev_loss = loss

        # Step length: cautious first step, then the learning rate.
        if total_iter == 1 or restart:
            t = min(1.0, 1.0 / float(np.sum(np.abs(flat_grad)))) * lr
        else:
            t = lr
        gtd = float(flat_grad @ d)
        if gtd > -tolerance_change:
            reason = "not a descent direction"
            break

        ls_func_evals = 0
        if line_search_fn is not None:
            max_ls = max_eval - current_evals
            if max_line_search is not None:
                max_ls = min(max_ls, max_line_search)
            x_init, d_ls = x, d

            def obj_func(step: float, x_init=x_init, d_ls=d_ls) -> tuple[float, np.ndarray]:
                return fun_and_grad(x_init + step * d_ls)

            loss, flat_grad, t, ls_func_evals, status = wolfe_search(
                obj_func, t, d, loss, flat_grad, gtd,
                tolerance_change=line_search_tolerance, max_ls=max_ls,
                approximate=approximate_wolfe, xtol=line_search_xtol,
            )
            if restart_on_failure:
                # At a kink (where the stored curvature misleads) or unable to decrease f:
                # restart from steepest descent. Give up if the restart gets stuck too, or
                # at the second search that cannot decrease f.
                no_decrease += t == 0
                stuck = status == "kink" or t == 0
                failed, restart = stuck and (restart or no_decrease > 1), stuck
            x = x + t * d
            opt_cond = _max_abs(flat_grad) <= tolerance_grad
            if callback is not None:
                callback(x, loss)
        else:
            x = x + t * d
            opt_cond = False
            if n_iter != max_iter:
                loss, flat_grad = fun_and_grad(x) if initial is None else initial
                opt_cond = _max_abs(flat_grad) <= tolerance_grad
                ls_func_evals = 1
                if callback is not None:
                    callback(x, loss)
            else:
                grad_is_current = False

        current_evals += ls_func_evals
        func_evals += ls_func_evals

        if n_iter == max_iter:
            break
        if current_evals >= max_eval:
            reason = "maximum number of function evaluations reached"
            break
        if opt_cond:
            reason = "gradient below tolerance"
            break
        if failed:
            reason = "the line search is stuck, even after a restart"
            break
        if restart:
            continue  # the steps and changes tests do not apply to a failed search
        if _max_abs(d * t) <= tolerance_change:
            reason = "step below tolerance"
            break
        if abs(loss - prev_loss) < tolerance_change:
            reason = "change of the loss below tolerance"
            break

    if n_iter == max_iter and grad_is_current and _max_abs(flat_grad) <= tolerance_grad:
        reason = "gradient below tolerance"
    return LBFGSRun(x, loss, flat_grad, pack(), n_iter, current_evals, grad_is_current, reason)
