"""``minimize``: the update rules as a full-batch solver for the classical estimators."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._lbfgs import lbfgs_iterations
from ._line_search import strong_wolfe
from ._rules import (
    adagrad_init,
    adagrad_update,
    adam_init,
    adam_update,
    momentum_init,
    newton_direction,
    rmsprop_init,
    rmsprop_update,
    sgd_update,
)

__all__ = ["OptimizeResult", "minimize"]

_FIRST_ORDER = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
_METHODS = ("lbfgs", "newton", *_FIRST_ORDER)
# Relative bracket width at which L-BFGS's line search gives up at a kink (see
# strong_wolfe). Moré and Thuente's 0.1 also stops a few searches on smooth but strongly
# curved functions (Rosenbrock) one evaluation short of a Wolfe point; 1e-2 stops none.
_XTOL = 1e-2
# Default learning rates of the first-order methods (PyTorch's defaults; 0.01 for GD).
_DEFAULT_LR = {"gd": 1e-2, "momentum": 1e-2, "nesterov": 1e-2, "adagrad": 1e-2,
               "rmsprop": 1e-2, "adam": 1e-3, "lbfgs": 1.0, "newton": 1.0}


@dataclass
class OptimizeResult:
    """Result of :func:`minimize`.

    Attributes
    ----------
    x : ndarray
        The solution (last iterate).
    fun : float
        Objective value at ``x``.
    grad : ndarray
        Gradient at ``x``.
    n_iter : int
        Number of iterations (updates of ``x``).
    n_fev : int
        Number of calls of ``fun_and_grad``.
    converged : bool
        Whether ``max(abs(grad)) <= tol`` at ``x``.
    message : str
        Why the iterations stopped.
    history : list of float
        Objective value at ``x0`` and after every iteration (``n_iter + 1`` values).
    method : str
        The method used.
    """

    x: np.ndarray
    fun: float
    grad: np.ndarray
    n_iter: int
    n_fev: int
    converged: bool
    message: str
    history: list[float] = field(default_factory=list)
    method: str = "lbfgs"

    @property
    def success(self) -> bool:
        """Alias of ``converged`` (SciPy's name)."""
        return self.converged


def _max_abs(a: np.ndarray) -> float:
    return float(np.max(np.abs(a))) if a.size else 0.0


def minimize(
    fun_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]],
    x0: Any,
    *,
    method: str = "lbfgs",
    tol: float = 1e-6,
    max_iter: int = 1000,
    lr: float | Callable[[int], float] | None = None,
    hess: Callable[[np.ndarray], np.ndarray] | None = None,
    line_search: str | None = "default",
    history_size: int = 10,
    momentum: float | None = None,
    dampening: float = 0.0,
    alpha: float = 0.99,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float | None = None,
    amsgrad: bool = False,
    centered: bool = False,
    max_eval: int | None = None,
    callback: Callable[[np.ndarray, float], None] | None = None,
) -> OptimizeResult:
    """Minimise a smooth function of a 1-D float64 vector with one of the update rules.

    ``minimize(fun_and_grad, x0, *, method="lbfgs", tol=1e-6, max_iter=1000, lr=None,
    hess=None, line_search="default", history_size=10, momentum=0.9, dampening=0.0,
    alpha=0.99, betas=(0.9, 0.999), eps=None, amsgrad=False, centered=False,
    max_eval=None, callback=None) -> OptimizeResult``

    Every method stops as soon as ``max(abs(grad)) <= tol`` (then ``converged`` is
    True), or after ``max_iter`` iterations, or when no further progress is possible
    (a line search that cannot decrease ``f`` any more; for ``"lbfgs"``, one stuck at a
    kink of ``f`` or without a decrease even after restarting from steepest descent). The
    same update rules serve :mod:`syllabus.optim`'s PyTorch-style optimisers.

    Parameters
    ----------
    fun_and_grad : callable
        ``fun_and_grad(x) -> (f, g)``: the objective (float) and its gradient (array of
        the shape of ``x``) at a 1-D float64 array ``x``. It must not keep or modify ``x``.
    x0 : array-like of shape (n,)
        Starting point (copied, converted to float64).
    method : {"lbfgs", "newton", "gd", "momentum", "nesterov", "adagrad", "rmsprop", \
"adam"}, default="lbfgs"
        ``"lbfgs"``: L-BFGS with a strong-Wolfe line search (quasi-Newton; the default
        and the solver of smooth convex estimator objectives). ``"newton"``: Newton's
        method ``x <- x - t H^{-1} g`` (needs ``hess``); the unit step is tried first,
        so on a quadratic it converges in one iteration. The others are the first-order
        rules with a fixed (or scheduled) learning rate ``lr``.
    tol : float, default=1e-6
        Tolerance on the max-norm of the gradient. Values down to 1e-10 are reachable
        by ``"lbfgs"`` and ``"newton"`` on well-conditioned problems.
    max_iter : int, default=1000
        Maximum number of iterations.
    lr : float or callable, optional
        Learning rate, or a schedule ``lr(k)`` of the iteration ``k = 0, 1, ...``.
        Defaults: 1.0 for ``"lbfgs"``/``"newton"`` (initial step of the line search),
        1e-3 for ``"adam"``, 1e-2 for the others.
    hess : callable, optional
        ``hess(x) -> H`` of shape (n, n); required by ``"newton"``.
    line_search : {"default", "strong_wolfe", None}, default="default"
        ``"default"`` is ``"strong_wolfe"`` for ``"lbfgs"``/``"newton"`` and None (fixed
        steps) for the first-order methods. ``"strong_wolfe"`` with ``"gd"`` gives
        steepest descent with an exact-ish line search.
    history_size : int, default=10
        Number of curvature pairs kept by L-BFGS.
    momentum : float, optional
        Momentum factor: 0.9 by default for ``"momentum"`` and ``"nesterov"``, 0 (none)
        for ``"rmsprop"``.
    dampening : float, default=0.0
        Dampening of ``"momentum"`` (``momentum = dampening = a`` is the alpha blend).
    alpha : float, default=0.99
        Smoothing constant of ``"rmsprop"``.
    betas : tuple of float, default=(0.9, 0.999)
        Adam's moment decay rates.
    eps : float, optional
        Denominator guard (1e-10 for AdaGrad, 1e-8 for RMSProp and Adam).
    amsgrad, centered : bool, default=False
        AMSGrad variant of Adam; centered RMSProp.
    max_eval : int, optional
        Maximum number of function evaluations of ``"lbfgs"`` (default
        ``25 * max_iter``).
    callback : callable, optional
        ``callback(x, f)`` after every iteration (``x`` must not be modified).

    Returns
    -------
    OptimizeResult
        With ``x, fun, grad, n_iter, n_fev, converged, message, history``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.optim import minimize
    >>> A = np.array([[3.0, 1.0], [1.0, 2.0]]); b = np.array([1.0, -1.0])
    >>> res = minimize(lambda x: (0.5 * x @ A @ x - b @ x, A @ x - b), np.zeros(2), tol=1e-10)
    >>> bool(res.converged), np.allclose(res.x, np.linalg.solve(A, b))
    (True, True)
    """
    x, max_iter, line_search, schedule = _check_arguments(
        method, x0, hess, tol, max_iter, line_search, lr)
    evaluate = _Objective(fun_and_grad)
    f, g = evaluate(x)
    if not (np.isfinite(f) and np.all(np.isfinite(g))):
        raise ValueError("fun_and_grad returned a non-finite value or gradient at x0.")
    history = [f]

    def record(z: np.ndarray, fz: float) -> None:
        history.append(fz)
        if callback is not None:
            callback(z, fz)

    if method == "lbfgs":
        return _minimize_lbfgs(evaluate, x, f, g, tol, max_iter, schedule(0), line_search,
                               history_size, max_eval, history, record)
    if method != "newton" and line_search is None:
        rule, rule_state = _first_order_rule(method, x, momentum=momentum, dampening=dampening,
                                             alpha=alpha, betas=betas, eps=eps,
                                             amsgrad=amsgrad, centered=centered)
    n_iter = 0
    message = "maximum number of iterations reached"
    converged = _max_abs(g) <= tol
    while not converged and n_iter < max_iter:
        lr_k = schedule(n_iter)
        if method == "newton" or line_search is not None:
            x_new, f_new, g_new, step = _search_step(
                evaluate, x, f, g, lr_k, hess if method == "newton" else None, line_search)
            if line_search is not None and step == 0:
                message = "the line search could not decrease the objective"
                break
        else:
            update, rule_state = rule(g, rule_state, lr_k)
            x_new = x + update
            f_new, g_new = evaluate(x_new)
        x, f, g = x_new, f_new, g_new
        n_iter += 1
        record(x, f)
        if not (np.isfinite(f) and np.all(np.isfinite(g))):
            message = "the objective diverged (non-finite value); decrease the learning rate"
            break
        converged = _max_abs(g) <= tol
    if converged:
        message = "gradient below tolerance"
    return OptimizeResult(x, f, g, n_iter, evaluate.n_fev, converged, message, history, method)


def _check_arguments(method, x0, hess, tol, max_iter, line_search, lr):
    """Validate ``minimize``'s arguments; return the start point, the iteration cap, the
    line search and the learning-rate schedule ``k -> lr_k``."""
    if method not in _METHODS:
        raise ValueError(f"Unknown method {method!r}; expected one of {', '.join(_METHODS)}.")
    if method == "newton" and hess is None:
        raise ValueError("method='newton' needs the Hessian: pass hess=callable(x) -> (n, n).")
    if not (tol >= 0):
        raise ValueError(f"tol must be non-negative, got {tol!r}.")
    if int(max_iter) != max_iter or max_iter < 0:
        raise ValueError(f"max_iter must be a non-negative integer, got {max_iter!r}.")
    x = np.array(x0, dtype=np.float64)  # a copy
    if x.ndim != 1:
        raise ValueError(f"x0 must be a 1-D array, got shape {x.shape}.")
    if not np.all(np.isfinite(x)):
        raise ValueError("x0 contains NaN or infinity.")
    if line_search == "default":
        line_search = "strong_wolfe" if method in ("lbfgs", "newton") else None
    if line_search not in (None, "strong_wolfe"):
        raise ValueError(f"line_search must be 'strong_wolfe' or None, got {line_search!r}.")
    if lr is None:
        lr = _DEFAULT_LR[method]
    schedule = lr if callable(lr) else (lambda k, lr=float(lr): lr)
    return x, int(max_iter), line_search, schedule


class _Objective:
    """``fun_and_grad`` counted and normalised: a float value and a gradient of x's shape.

    A non-finite value becomes ``inf``, above any finite one, so line searches back off.
    """

    def __init__(self, fun_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]]) -> None:
        self.fun_and_grad = fun_and_grad
        self.n_fev = 0

    def __call__(self, z: np.ndarray) -> tuple[float, np.ndarray]:
        self.n_fev += 1
        f, g = self.fun_and_grad(z)
        f = float(f)
        g = np.asarray(g, dtype=np.float64)
        if g.shape != z.shape:
            g = g.reshape(z.shape) if g.size == z.size else _bad_grad(g, z)
        return (f if np.isfinite(f) else np.inf), g


def _first_order_rule(method, x, *, momentum, dampening, alpha, betas, eps, amsgrad, centered):
    """The update rule of a first-order method, ``rule(g, state, lr) -> (update, state)``,
    and its initial state (the same rules serve the PyTorch-style optimisers)."""
    if method in ("gd", "momentum", "nesterov"):
        mu = 0.0 if method == "gd" else (0.9 if momentum is None else momentum)

        def rule(g, state, lr_k):
            return sgd_update(g, state, lr=lr_k, momentum=mu, dampening=dampening,
                              nesterov=method == "nesterov")
        return rule, momentum_init(x)
    if method == "adagrad":
        def rule(g, state, lr_k):
            return adagrad_update(g, state, lr=lr_k, eps=1e-10 if eps is None else eps)
        return rule, adagrad_init(x)
    if method == "rmsprop":
        mu = 0.0 if momentum is None else momentum

        def rule(g, state, lr_k):
            return rmsprop_update(g, state, lr=lr_k, alpha=alpha, momentum=mu,
                                  eps=1e-8 if eps is None else eps, centered=centered)
        return rule, rmsprop_init(x, momentum=mu, centered=centered)

    def rule(g, state, lr_k):  # adam
        return adam_update(g, state, lr=lr_k, beta1=betas[0], beta2=betas[1],
                           eps=1e-8 if eps is None else eps, amsgrad=amsgrad)
    return rule, adam_init(x, amsgrad=amsgrad)


def _search_step(evaluate, x, f, g, lr, hess, line_search):
    """One step along the Newton direction (``hess`` given) or steepest descent, of length
    ``lr`` or chosen by the strong-Wolfe line search: ``(x_new, f_new, g_new, step)``."""
    d = -g if hess is None else newton_direction(g, hess(x))
    gtd = float(g @ d)
    if hess is not None and not gtd < 0:
        d, gtd = -g, -float(g @ g)  # indefinite Hessian: steepest descent instead
    if line_search is None:
        step, (f_new, g_new) = lr, evaluate(x + lr * d)
    else:
        f_new, g_new, step, _ = strong_wolfe(
            lambda t: evaluate(x + t * d), lr, d, f, g, gtd,
            tolerance_change=0.0, approximate=True,
        )
    return x + step * d, f_new, g_new, step


def _bad_grad(g: np.ndarray, x: np.ndarray) -> np.ndarray:
    raise ValueError(f"fun_and_grad returned a gradient of shape {g.shape} for x of shape {x.shape}.")


def _minimize_lbfgs(evaluate, x, f, g, tol, max_iter, lr, line_search, history_size,
                    max_eval, history, record) -> OptimizeResult:
    if _max_abs(g) <= tol:
        return OptimizeResult(x, f, g, 0, evaluate.n_fev, True, "gradient below tolerance",
                              history)
    run = lbfgs_iterations(
        evaluate, x, initial=(f, g), lr=lr, max_iter=max_iter,
        max_eval=25 * max(max_iter, 1) if max_eval is None else max_eval,
        tolerance_grad=tol,
        # Stop on the gradient only: no tolerance on changes of f or x (they would stop
        # early on flat valleys); the line search still stops when its bracket collapses.
        tolerance_change=0.0,
        history_size=history_size, line_search_fn=line_search,
        line_search_tolerance=0.0, max_line_search=25, approximate_wolfe=True,
        line_search_xtol=_XTOL, restart_on_failure=True, callback=record,
    )
    x, f, g = run.x, run.loss, run.grad
    if not run.grad_is_current:
        f, g = evaluate(x)
        history.append(f)
    converged = _max_abs(g) <= tol
    message = "gradient below tolerance" if converged else run.reason
    if not converged and run.reason == "step below tolerance":
        message = "the line search could not decrease the objective"
    elif not converged and run.reason == "the line search is stuck, even after a restart":
        message = ("the line search is stuck (at a kink of the objective, or unable to "
                   "decrease it), even after restarting from steepest descent")
    return OptimizeResult(x, f, g, run.n_iter, evaluate.n_fev, converged, message, history,
                          "lbfgs")
