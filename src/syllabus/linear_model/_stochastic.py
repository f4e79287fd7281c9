"""The gradient-based solvers of LinearRegression and LogisticRegression, in one place.

:func:`solve` dispatches to full-batch methods (:func:`syllabus.optim.minimize`: gradient
descent, L-BFGS, Newton) or to the epochs of mini-batch stochastic gradient descent
(:func:`minibatch_descent`), checks for divergence and warns when the solver stopped before
converging. A mini-batch step is ``x <- x - lr * grad`` on the gradient of one shuffled
mini-batch, vectorised within the batch (the per-sample SGD of scikit-learn's ``SGD*``
estimators is the compiled loop of :mod:`syllabus.linear_model._sgd`).
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
        warnings.warn(
            f"solver={solver!r} {reason} (tol={tol}); increase max_iter or learning_rate, "
            "or scale the data.",
            ConvergenceWarning, stacklevel=3,
        )
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
