"""Learning-rate schedules as closed-form functions of the step count ``e``.

Each function returns the learning rate after ``e`` calls of ``scheduler.step()``, from
the initial rate ``base_lr``; the classes of :mod:`syllabus.optim.lr_scheduler` only
evaluate them. PyTorch computes the same numbers recursively (``lr_e`` from
``lr_{e-1}``); the closed forms agree with it to rounding and make ``step(epoch)``,
plotting and resuming trivial.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence

__all__ = [
    "cosine_annealing_lr",
    "exponential_lr",
    "inverse_sqrt_lr",
    "linear_lr",
    "multistep_lr",
    "step_lr",
]


def step_lr(base_lr: float, e: int, step_size: int, gamma: float = 0.1) -> float:
    """``base_lr * gamma ** (e // step_size)``: decay by ``gamma`` every ``step_size`` steps.

    Parameters
    ----------
    base_lr : float
        Initial learning rate.
    e : int
        Number of ``scheduler.step()`` calls so far.
    step_size : int
    gamma : float, default=0.1

    Returns
    -------
    float

    Examples
    --------
    >>> from syllabus.optim.lr_scheduler import step_lr
    >>> [round(step_lr(1.0, e, step_size=2), 6) for e in range(5)]
    [1.0, 1.0, 0.1, 0.1, 0.01]
    """
    return base_lr * gamma ** (e // step_size)


def multistep_lr(base_lr: float, e: int, milestones: Sequence[int], gamma: float = 0.1) -> float:
    """``base_lr * gamma ** (number of milestones <= e)`` (a repeated milestone counts twice).

    Parameters
    ----------
    base_lr : float
        Initial learning rate.
    e : int
        Number of ``scheduler.step()`` calls so far.
    milestones : sequence of int
        Step counts at which the rate is multiplied by ``gamma`` (any order).
    gamma : float, default=0.1

    Returns
    -------
    float
    """
    return base_lr * gamma ** bisect_right(sorted(milestones), e)


def exponential_lr(base_lr: float, e: int, gamma: float) -> float:
    """``base_lr * gamma ** e``.

    Parameters
    ----------
    base_lr : float
        Initial learning rate.
    e : int
        Number of ``scheduler.step()`` calls so far.
    gamma : float
        Multiplicative decay per step.

    Returns
    -------
    float
    """
    return base_lr * gamma**e


def cosine_annealing_lr(base_lr: float, e: int, T_max: int, eta_min: float = 0.0) -> float:
    """``eta_min + (base_lr - eta_min) * (1 + cos(pi e / T_max)) / 2`` (SGDR without restarts).

    Reaches ``eta_min`` at ``e = T_max`` and, like PyTorch, rises again after it (period
    ``2 T_max``). The training-techniques lecture's cosine schedule is ``eta_min = 0``.

    Parameters
    ----------
    base_lr : float
        Initial learning rate.
    e : int
        Number of ``scheduler.step()`` calls so far.
    T_max : int
        Half period, in steps.
    eta_min : float, default=0.0
        Minimum learning rate.

    Returns
    -------
    float
    """
    return eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * e / T_max)) / 2


def linear_lr(
    base_lr: float, e: int, start_factor: float, end_factor: float, total_iters: int
) -> float:
    """Factor going linearly from ``start_factor`` to ``end_factor`` over ``total_iters`` steps.

    ``base_lr * (start + (end - start) * min(e, total_iters) / total_iters)``. Linear
    warm-up is ``start_factor = 0, end_factor = 1``; the training-techniques lecture's linear decay
    ``alpha_0 (1 - t / T)`` is ``start_factor = 1, end_factor = 0``.

    Parameters
    ----------
    base_lr : float
        Initial learning rate.
    e : int
        Number of ``scheduler.step()`` calls so far.
    start_factor, end_factor : float
        Multipliers of ``base_lr`` at ``e = 0`` and from ``e = total_iters`` on.
    total_iters : int

    Returns
    -------
    float
    """
    return base_lr * (
        start_factor + (end_factor - start_factor) * min(total_iters, e) / total_iters
    )


def inverse_sqrt_lr(base_lr: float, e: int, warmup_steps: int = 0) -> float:
    """Inverse-square-root decay after an optional linear warm-up (Vaswani et al. 2017).

    With ``t = e + 1`` (the number of the step about to be taken) and
    ``w = max(warmup_steps, 1)``: ``base_lr * min(t / w, sqrt(w / t))``, i.e. a linear
    rise to ``base_lr`` at ``t = w`` and then ``base_lr * sqrt(w / t)``. Without warm-up
    this is the training-techniques lecture's ``alpha_0 / sqrt(t)``.

    Parameters
    ----------
    base_lr : float
        Initial learning rate.
    e : int
        Number of ``scheduler.step()`` calls so far.
    warmup_steps : int, default=0

    Returns
    -------
    float
    """
    t = e + 1
    w = max(warmup_steps, 1)
    return base_lr * min(t / w, math.sqrt(w / t))
