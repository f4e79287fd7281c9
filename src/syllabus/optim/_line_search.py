"""Strong-Wolfe line search with cubic interpolation (the one PyTorch's L-BFGS uses).

Along a descent direction ``d`` from ``x`` (slope ``gtd = g . d < 0``), find a step
``t`` satisfying the strong Wolfe conditions

    f(x + t d) <= f(x) + c1 t gtd                 (sufficient decrease, Armijo)
    |g(x + t d) . d| <= c2 |gtd|                  (curvature)

First a bracketing phase extrapolates (cubic interpolation between the last two
trials, clipped to ``[t + 0.01 (t - t_prev), 10 t]``) until an interval is known to
contain such a point, then a zoom phase shrinks that interval by cubic interpolation,
moving trials that land too close to an end 10% of the interval inward. The
arithmetic is PyTorch's (``torch/optim/lbfgs.py``, itself ported from Lua torch's
``lswolfe.lua``), so the iterates of :class:`~syllabus.optim.LBFGS` match
``torch.optim.LBFGS``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np


def cubic_interpolate(
    x1: float,
    f1: float,
    g1: float,
    x2: float,
    f2: float,
    g2: float,
    bounds: tuple[float, float] | None = None,
) -> float:
    """Minimiser of the cubic through ``(x1, f1, f1'=g1)`` and ``(x2, f2, f2'=g2)``.

    With ``d1 = g1 + g2 - 3 (f1 - f2) / (x1 - x2)`` and ``d2 = sqrt(d1^2 - g1 g2)``:
    ``x2 - (x2 - x1) (g2 + d2 - d1) / (g2 - g1 + 2 d2)`` (PyTorch's ``_cubic_interpolate``).

    Parameters
    ----------
    x1, f1, g1 : float
        First point, function value and derivative there.
    x2, f2, g2 : float
        Second point, function value and derivative there.
    bounds : (float, float), optional
        Interval the result is clipped to (default: between ``x1`` and ``x2``).

    Returns
    -------
    float
        The clipped minimiser; the middle of the bounds when the cubic has no minimiser
        (or the data are not finite).
    """
    if bounds is not None:
        xmin_bound, xmax_bound = bounds
    else:
        xmin_bound, xmax_bound = (x1, x2) if x1 <= x2 else (x2, x1)
    if x1 == x2 or not all(map(math.isfinite, (f1, f2, g1, g2))):
        return (xmin_bound + xmax_bound) / 2.0
    # d1 = g1 + g2 - 3 (f1 - f2) / (x1 - x2);  d2 = sqrt(d1^2 - g1 g2)
    # min_pos = x2 - (x2 - x1) (g2 + d2 - d1) / (g2 - g1 + 2 d2)
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1 * d1 - g1 * g2  # a product overflows to inf where ** would raise
    if d2_square >= 0 and math.isfinite(d2_square):
        d2 = math.sqrt(d2_square)
        if x1 <= x2:
            denom = g2 - g1 + 2 * d2
            min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / denom) if denom != 0 else math.nan
        else:
            denom = g1 - g2 + 2 * d2
            min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / denom) if denom != 0 else math.nan
        if math.isfinite(min_pos):
            return min(max(min_pos, xmin_bound), xmax_bound)
    return (xmin_bound + xmax_bound) / 2.0


def strong_wolfe(
    obj_func: Callable[[float], tuple[float, np.ndarray]],
    t: float,
    d: np.ndarray,
    f: float,
    g: np.ndarray,
    gtd: float,
    *,
    c1: float = 1e-4,
    c2: float = 0.9,
    tolerance_change: float = 1e-9,
    max_ls: int = 25,
    approximate: bool = False,
    xtol: float = 0.0,
) -> tuple[float, np.ndarray, float, int]:
    """Strong-Wolfe line search along ``d``.

    Parameters
    ----------
    obj_func : callable
        ``obj_func(t) -> (f(x + t d), grad f(x + t d))``.
    t : float
        Initial trial step.
    d : ndarray
        Search direction (``g . d < 0``).
    f, g, gtd : float, ndarray, float
        Value, gradient and slope ``g . d`` at ``t = 0``.
    c1, c2 : float, default=1e-4, 0.9
        Sufficient-decrease and curvature constants.
    tolerance_change : float, default=1e-9
        Stop zooming once the bracket is shorter than this along ``d`` (max-norm).
    max_ls : int, default=25
        Maximum number of trial evaluations after the first.
    approximate : bool, default=False
        Also accept Hager and Zhang's *approximate* Wolfe point: ``f`` no larger than at
        ``t = 0`` up to rounding (``1e-12 |f|``) and ``g_new . d <= (2 c1 - 1) gtd``,
        which is the Armijo condition for a quadratic written with derivatives; and
        compare trial values only when they differ by more than that rounding (the
        slopes decide otherwise). Near a minimum the decrease of ``f`` is below its
        rounding error, so the plain tests reject good steps or bracket on noise; this
        lets a solver drive the gradient to 1e-10.
        Off for ``torch.optim.LBFGS`` parity.
    xtol : float, default=0.0
        Give up zooming at a kink: once the bracket's relative width is at most ``xtol``
        (Moré and Thuente's test, ``hi - lo <= xtol * max(|lo|, |hi|)``) while the slopes
        at its ends still straddle the curvature window (one below ``c2 gtd``, the other
        above ``-c2 gtd``). A smooth slope barely changes across so narrow a bracket; a
        kink of ``f`` (a ReLU unit switching) keeps its jump however narrow the bracket
        gets, so the curvature condition can never hold and the zoom would otherwise
        shrink the bracket to rounding (``max_ls`` evaluations). 0 (off) for
        ``torch.optim.LBFGS`` parity.

    Returns
    -------
    f_new, g_new, t, n_evals : float, ndarray, float, int
        Value and gradient at the accepted step ``t`` and the number of evaluations.
        When the conditions could not be met, the lowest point found with a sufficient
        decrease (``t = 0`` if none): :func:`wolfe_search` says which happened.
    """
    f_new, g_new, t, n_evals, _ = wolfe_search(
        obj_func, t, d, f, g, gtd, c1=c1, c2=c2, tolerance_change=tolerance_change,
        max_ls=max_ls, approximate=approximate, xtol=xtol)
    return f_new, g_new, t, n_evals


def wolfe_search(
    obj_func: Callable[[float], tuple[float, np.ndarray]],
    t: float,
    d: np.ndarray,
    f: float,
    g: np.ndarray,
    gtd: float,
    *,
    c1: float = 1e-4,
    c2: float = 0.9,
    tolerance_change: float = 1e-9,
    max_ls: int = 25,
    approximate: bool = False,
    xtol: float = 0.0,
) -> tuple[float, np.ndarray, float, int, str]:
    """:func:`strong_wolfe` that also says whether the returned step meets the conditions.

    Parameters are those of :func:`strong_wolfe`.

    Returns
    -------
    f_new, g_new, t, n_evals, status : float, ndarray, float, int, str
        As :func:`strong_wolfe`, and ``status``: ``"wolfe"`` when ``t`` satisfies the
        (strong or, with ``approximate``, approximate) Wolfe conditions; ``"kink"`` when
        the search gave up on a bracket narrower than ``xtol`` (relative) across which
        the slope jumps over the whole window of the curvature condition, from below
        ``c2 gtd`` to above ``-c2 gtd``; ``"failed"`` when it ran out of evaluations
        (``max_ls``) or of bracket (``tolerance_change``, rounding). Unless
        ``"wolfe"``, ``t`` is the lowest sufficient-decrease point found (0 if none).
    """
    d_norm = float(np.max(np.abs(d))) if d.size else 0.0
    f_noise = 1e-12 * abs(f)

    def insufficient_decrease(t: float, f_new: float, gtd_new: float) -> bool:
        if f_new <= f + c1 * t * gtd:
            return False
        return not (approximate and f_new <= f + f_noise and gtd_new <= (2 * c1 - 1) * gtd)

    def higher(f_a: float, f_b: float) -> bool:
        # f_a >= f_b; with ``approximate``, differences within rounding are left to the slopes.
        return f_a > f_b + f_noise if approximate else f_a >= f_b
    def kink(gtd_a: float, gtd_b: float) -> bool:
        # The slope jumps across the whole window |g . d| <= c2 |gtd| of the curvature
        # condition: over a narrow bracket only a kink does that (a smooth slope, which
        # the search can still fix by zooming, barely changes).
        return min(gtd_a, gtd_b) < c2 * gtd and max(gtd_a, gtd_b) > -c2 * gtd

    f_new, g_new = obj_func(t)
    ls_func_evals = 1
    gtd_new = float(g_new @ d)

    # Bracketing phase: find an interval containing a point satisfying strong Wolfe.
    t_prev, f_prev, g_prev, gtd_prev = 0.0, f, g, gtd
    done = False
    ls_iter = 0
    bracket_gtd: list[float] = []
    while ls_iter < max_ls:
        if insufficient_decrease(t, f_new, gtd_new) or (ls_iter > 1 and higher(f_new, f_prev)):
            bracket = [t_prev, t]
            bracket_f = [f_prev, f_new]
            bracket_g = [g_prev, g_new]
            bracket_gtd = [gtd_prev, gtd_new]
            break
        if abs(gtd_new) <= -c2 * gtd:
            bracket, bracket_f, bracket_g = [t], [f_new], [g_new]
            done = True
            break
        if gtd_new >= 0:
            bracket = [t_prev, t]
            bracket_f = [f_prev, f_new]
            bracket_g = [g_prev, g_new]
            bracket_gtd = [gtd_prev, gtd_new]
            break
        # Extrapolate: cubic step, at least 1% beyond t and at most 10 t.
        min_step = t + 0.01 * (t - t_prev)
        max_step = t * 10
        tmp = t
        t = cubic_interpolate(
            t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds=(min_step, max_step)
        )
        t_prev, f_prev, g_prev, gtd_prev = tmp, f_new, g_new, gtd_new
        f_new, g_new = obj_func(t)
        ls_func_evals += 1
        gtd_new = float(g_new @ d)
        ls_iter += 1

    if ls_iter == max_ls:
        bracket = [0.0, t]
        bracket_f = [f, f_new]
        bracket_g = [g, g_new]

    # Zoom phase: shrink the bracket until a point satisfies strong Wolfe.
    insuf_progress = False
    status = "failed"
    low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
    while not done and ls_iter < max_ls:
        width = abs(bracket[1] - bracket[0])
        # The second test stops a bracket that has collapsed in floating point.
        if width <= xtol * max(map(abs, bracket)) and kink(*bracket_gtd):
            status = "kink"
            break
        if width * d_norm < tolerance_change or width <= 4e-16 * max(map(abs, bracket)):
            break
        t = cubic_interpolate(
            bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1]
        )
        # A trial too close to an end of the bracket makes little progress: after two
        # such trials in a row (or one outside the bracket), move it 10% inward.
        eps = 0.1 * (max(bracket) - min(bracket))
        if min(max(bracket) - t, t - min(bracket)) < eps:
            if insuf_progress or t >= max(bracket) or t <= min(bracket):
                if abs(t - max(bracket)) < abs(t - min(bracket)):
                    t = max(bracket) - eps
                else:
                    t = min(bracket) + eps
                insuf_progress = False
            else:
                insuf_progress = True
        else:
            insuf_progress = False

        f_new, g_new = obj_func(t)
        ls_func_evals += 1
        gtd_new = float(g_new @ d)
        ls_iter += 1

        if insufficient_decrease(t, f_new, gtd_new) or higher(f_new, bracket_f[low_pos]):
            # Not a sufficient decrease, or no lower than the low end: new high end.
            bracket[high_pos], bracket_f[high_pos] = t, f_new
            bracket_g[high_pos], bracket_gtd[high_pos] = g_new, gtd_new
            low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (bracket[high_pos] - bracket[low_pos]) >= 0:
                # The old high end becomes the new low end.
                bracket[high_pos], bracket_f[high_pos] = bracket[low_pos], bracket_f[low_pos]
                bracket_g[high_pos] = bracket_g[low_pos]
                bracket_gtd[high_pos] = bracket_gtd[low_pos]
            bracket[low_pos], bracket_f[low_pos] = t, f_new
            bracket_g[low_pos], bracket_gtd[low_pos] = g_new, gtd_new

    if done:
        status = "wolfe"
    return bracket_f[low_pos], bracket_g[low_pos], bracket[low_pos], ls_func_evals, status
