"""The full-batch and mini-batch solvers of LinearRegression and LogisticRegression.

:func:`solve` dispatches to full-batch methods (:func:`syllabus.optim.minimize`: gradient
descent, L-BFGS, Newton) or to the epochs of mini-batch stochastic gradient descent
(:func:`minibatch_descent`), checks for divergence and warns when the solver stopped before
converging. A mini-batch step is ``x <- x - lr * grad`` on the gradient of one shuffled
mini-batch, vectorised within the batch (the per-sample SGD of scikit-learn's ``SGD*``
estimators is the compiled loop of :mod:`syllabus.linear_model._sgd`, SAG and SAGA that of
:mod:`syllabus.linear_model._sag`). :func:`proximal_gradient` (FISTA) fits liblinear's L1
objective.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..base import ConvergenceWarning
from ..optim import minimize
from ..utils import check_random_state

# Epochs without sufficient improvement before stopping (scikit-learn's SGD default): one
# noisy epoch must not end the run.
N_ITER_NO_CHANGE = 5

LossGrad = Callable[[np.ndarray, np.ndarray | None], tuple[float, np.ndarray]]


@dataclass
class DescentResult:
    x: np.ndarray
    fun: float
    n_iter: int
    loss_curve: list[float]
    converged: bool
    message: str = ""


def solve(
    loss_grad: LossGrad,
    x0: np.ndarray,
    n_samples: int,
    *,
    solver: str,
    learning_rate: float | Callable[[int], float],
    max_iter: int,
    tol: float,
    batch_size: int = 1,
    random_state: Any = None,
    hess: Callable[[np.ndarray], np.ndarray] | None = None,
) -> DescentResult:
    """Minimise ``loss_grad`` with ``solver`` in {"gd", "lbfgs", "newton", "sgd"}.

    ``loss_grad(x, batch)`` returns the objective and its gradient on the samples ``batch``
    (``None``: all of them). "sgd" runs epochs of mini-batches of ``batch_size``; the others
    are :func:`syllabus.optim.minimize`'s methods (``hess`` for "newton"). A non-finite
    objective or iterate (too large a learning rate) raises a ``ValueError``; stopping at
    ``max_iter`` without converging gives a ``ConvergenceWarning``.
    """
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
        if solver == "sgd":
            result = minibatch_descent(
                loss_grad, x0, n_samples, learning_rate=learning_rate, batch_size=batch_size,
                max_iter=max_iter, tol=tol, rng=check_random_state(random_state))
        else:
            res = minimize(loss_grad, x0, method=solver, tol=tol, max_iter=max_iter,
                           lr=learning_rate if solver == "gd" else None, hess=hess)
            result = DescentResult(res.x, float(res.fun), res.n_iter,
                                   [float(v) for v in res.history[1:]], res.converged,
                                   getattr(res, "message", ""))
    if not (np.isfinite(result.fun) and np.all(np.isfinite(result.x))):
        raise ValueError(
            f"The objective diverged (non-finite value) with solver={solver!r}: decrease "
            f"learning_rate (currently {learning_rate!r}) or standardise the features."
        )
    if not result.converged and max_iter > 0:
        steps = "epochs" if solver == "sgd" else "iterations"
        reason = (f"did not converge in max_iter={max_iter} {steps}"
                  if result.n_iter >= max_iter or not result.message else
                  f"stopped after {result.n_iter} {steps} ({result.message})")
        warnings.warn(ConvergenceWarning(
            f"solver={solver!r} {reason} (tol={tol}); increase max_iter or learning_rate, "
            "or scale the data."), stacklevel=3)
    return result


def minibatch_descent(
    loss_grad: LossGrad,
    x0: np.ndarray,
    n_samples: int,
    *,
    learning_rate: float | Callable[[int], float],
    batch_size: int,
    max_iter: int,
    tol: float,
    rng: np.random.RandomState,
) -> DescentResult:
    """Epochs of mini-batch gradient descent on ``loss_grad(x, batch_indices)``.

    ``loss_grad(x, None)`` is the full objective (evaluated once per epoch for the loss
    curve). ``learning_rate`` is a constant or a schedule ``epoch -> lr`` (epochs counted
    from 0). Stops when ``N_ITER_NO_CHANGE`` consecutive epochs each lower the full
    objective by less than ``tol``, or after ``max_iter`` epochs, or as soon as the
    objective is not finite.
    """
    x = np.array(x0, dtype=np.float64)
    curve = [loss_grad(x, None)[0]]
    schedule = learning_rate if callable(learning_rate) else (lambda epoch: learning_rate)
    converged = False
    epoch = stalled = 0
    for epoch in range(1, max_iter + 1):  # noqa: B007 (epoch is reported)
        lr = float(schedule(epoch - 1))
        order = rng.permutation(n_samples)
        for start in range(0, n_samples, batch_size):
            _, grad = loss_grad(x, order[start:start + batch_size])
            x -= lr * grad
        curve.append(loss_grad(x, None)[0])
        if not np.isfinite(curve[-1]):
            break
        stalled = stalled + 1 if curve[-2] - curve[-1] < tol else 0
        if stalled >= N_ITER_NO_CHANGE:
            converged = True
            break
    return DescentResult(x, float(curve[-1]), epoch, [float(v) for v in curve[1:]], converged)


def proximal_gradient(
    loss_grad: LossGrad,
    x0: np.ndarray,
    l1: float,
    penalised: np.ndarray,
    *,
    max_iter: int,
    tol: float,
) -> DescentResult:
    """Minimise ``f(x) + l1 ||x[penalised]||_1`` by accelerated proximal gradient (FISTA).

    The step from the extrapolated point ``z`` is ``x = S(z - grad f(z) / L, l1 / L)`` with the
    soft-threshold ``S(t, a) = sign(t) max(|t| - a, 0)`` on the penalised coordinates; ``L``
    is found by backtracking (doubled until ``f(x)`` is below its quadratic model at ``z``)
    and the momentum restarts whenever the objective goes up. Stops when the minimum-norm
    subgradient ``g_j + l1 sign(x_j)`` (``max(|g_j| - l1, 0)`` at ``x_j = 0``) is below ``tol``
    in every coordinate, or after ``10 max_iter`` steps (one step costs a gradient, an epoch
    of a stochastic solver many).
    """
    def soft_threshold(v: np.ndarray, a: float) -> np.ndarray:
        out = v.copy()
        out[penalised] = np.sign(v[penalised]) * np.maximum(np.abs(v[penalised]) - a, 0.0)
        return out

    def objective(f: float, x: np.ndarray) -> float:
        return f + l1 * float(np.abs(x[penalised]).sum())

    def optimality(x: np.ndarray, g: np.ndarray) -> float:
        sub = g.copy()
        xp, gp = x[penalised], g[penalised]
        sub[penalised] = np.where(xp != 0.0, gp + l1 * np.sign(xp),
                                  np.maximum(np.abs(gp) - l1, 0.0))
        return float(np.max(np.abs(sub))) if sub.size else 0.0

    x = np.array(x0, dtype=np.float64)
    f_x, g_x = loss_grad(x, None)
    z, f_z, g_z = x, f_x, g_x
    lipschitz, theta = 1.0, 1.0
    curve = [objective(f_x, x)]
    converged = optimality(x, g_x) <= tol
    n_iter = 0
    while not converged and n_iter < 10 * max_iter:
        n_iter += 1
        while True:
            x_new = soft_threshold(z - g_z / lipschitz, l1 / lipschitz)
            step = x_new - z
            f_new, g_new = loss_grad(x_new, None)
            if f_new <= f_z + g_z @ step + 0.5 * lipschitz * (step @ step) + 1e-15 * abs(f_z):
                break
            lipschitz *= 2.0
        curve.append(objective(f_new, x_new))
        if curve[-1] > curve[-2]:  # restart the momentum
            theta = 1.0
        theta_new = 0.5 * (1.0 + np.sqrt(1.0 + 4.0 * theta * theta))
        z = x_new + ((theta - 1.0) / theta_new) * (x_new - x)
        theta, x, f_x, g_x = theta_new, x_new, f_new, g_new
        converged = optimality(x, g_x) <= tol
        f_z, g_z = (f_x, g_x) if np.array_equal(z, x) else loss_grad(z, None)
        lipschitz *= 0.9  # let the step grow again
    if not converged and max_iter > 0:
        warnings.warn(ConvergenceWarning(
            f"The proximal-gradient solver did not converge in {n_iter} steps (tol={tol}); "
            "increase max_iter or scale the data."), stacklevel=3)
    return DescentResult(x, curve[-1], n_iter, curve[1:], converged)
