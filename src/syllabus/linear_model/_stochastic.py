"""The epoch loop of stochastic and mini-batch gradient descent, shared by the linear models.

Each step applies the shared update rule :func:`syllabus.optim.sgd_update` to the gradient
of one shuffled mini-batch (one sample for plain SGD); vectorised within the batch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..optim import momentum_init, sgd_update

# Epochs without sufficient improvement before stopping (scikit-learn's SGD default): one
# noisy epoch must not end the run.
N_ITER_NO_CHANGE = 5


@dataclass
class StochasticResult:
    x: np.ndarray
    n_iter: int
    loss_curve: list[float]
    converged: bool


def minibatch_descent(
    loss_grad: Callable[[np.ndarray, np.ndarray | None], tuple[float, np.ndarray]],
    x0: np.ndarray,
    n_samples: int,
    *,
    learning_rate: float | Callable[[int], float],
    batch_size: int,
    max_iter: int,
    tol: float,
    rng: np.random.RandomState,
) -> StochasticResult:
    """Epochs of mini-batch gradient descent on ``loss_grad(x, batch_indices)``.

    ``loss_grad(x, None)`` is the full objective (evaluated once per epoch for the loss
    curve). ``learning_rate`` is a constant or a schedule ``epoch -> lr`` (epochs counted
    from 0). Stops when ``N_ITER_NO_CHANGE`` consecutive epochs each lower the full
    objective by less than ``tol``, or after ``max_iter`` epochs. A non-finite objective
    (too large a learning rate) raises a ``ValueError`` instead of returning garbage.
    """
    x = np.array(x0, dtype=np.float64)
    state = momentum_init(x)
    curve = [loss_grad(x, None)[0]]
    schedule = learning_rate if callable(learning_rate) else (lambda epoch: learning_rate)
    converged = False
    epoch = stalled = 0
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, max_iter + 1):  # noqa: B007 (epoch is reported)
            lr = float(schedule(epoch - 1))
            order = rng.permutation(n_samples)
            for start in range(0, n_samples, batch_size):
                _, grad = loss_grad(x, order[start:start + batch_size])
                update, state = sgd_update(grad, state, lr=lr)
                x += update
            curve.append(loss_grad(x, None)[0])
            if not np.isfinite(curve[-1]) or not np.all(np.isfinite(x)):
                raise ValueError(
                    f"The objective diverged at epoch {epoch} (non-finite value): decrease "
                    f"learning_rate (currently {lr}) or standardise the features."
                )
            stalled = stalled + 1 if curve[-2] - curve[-1] < tol else 0
            if stalled >= N_ITER_NO_CHANGE:
                converged = True
                break
    return StochasticResult(x, epoch, [float(v) for v in curve[1:]], converged)
