"""Pieces shared by the agents: exploration schedules, argmax with random ties, checks."""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np
from gymnasium import spaces

from ..utils._param_validation import Interval

__all__ = ["ExponentialSchedule", "LinearSchedule"]


class LinearSchedule:
    """``value(t)`` going linearly from ``start`` to ``end`` over ``duration`` steps, then flat.

    Parameters
    ----------
    start, end : float
    duration : int
        Steps (or episodes) to go from ``start`` to ``end``.

    Examples
    --------
    >>> from syllabus.rl import LinearSchedule
    >>> eps = LinearSchedule(1.0, 0.1, 10)
    >>> [round(eps(t), 2) for t in (0, 5, 10, 50)]
    [1.0, 0.55, 0.1, 0.1]
    """

    def __init__(self, start: float, end: float, duration: int) -> None:
        if not (isinstance(duration, Integral) and duration > 0):
            raise ValueError(f"duration must be a positive int, got {duration!r}.")
        self.start, self.end, self.duration = float(start), float(end), int(duration)

    def __call__(self, t: int) -> float:
        return self.start + (self.end - self.start) * min(1.0, t / self.duration)

    def __repr__(self) -> str:
        return f"LinearSchedule({self.start}, {self.end}, {self.duration})"


class ExponentialSchedule:
    """``value(t) = max(end, start * decay**t)``.

    Parameters
    ----------
    start : float
    decay : float in (0, 1]
    end : float, default=0.0

    Examples
    --------
    >>> from syllabus.rl import ExponentialSchedule
    >>> ExponentialSchedule(1.0, 0.5, end=0.1)(3)
    0.125
    """

    def __init__(self, start: float, decay: float, end: float = 0.0) -> None:
        if not 0 < decay <= 1:
            raise ValueError(f"decay must be in (0, 1], got {decay!r}.")
        self.start, self.decay, self.end = float(start), float(decay), float(end)

    def __call__(self, t: int) -> float:
        return max(self.end, self.start * self.decay ** t)

    def __repr__(self) -> str:
        return f"ExponentialSchedule({self.start}, {self.decay}, end={self.end})"


# A probability (epsilon) given as a constant or as a schedule t -> value.
PROBABILITY_OR_SCHEDULE = [Interval(Real, 0, 1, closed="both"), "callable"]


def scheduled(value: Any, t: int, name: str) -> float:
    """The value of a constant-or-schedule hyper-parameter at step ``t``, checked in [0, 1]."""
    v = float(value(t)) if callable(value) else float(value)
    if not 0.0 <= v <= 1.0:
        raise ValueError(f"The schedule of {name!r} gave {v!r} at step {t}; it must be in [0, 1].")
    return v


def argmax_random_tie(values: np.ndarray, rng: np.random.Generator) -> int:
    """An index of the largest value, chosen uniformly among ties."""
    best = np.flatnonzero(values == values.max())
    return int(best[0] if best.size == 1 else rng.choice(best))


def discrete_size(space: Any, what: str, owner: str) -> int:
    """``space.n`` of a Discrete space, or a ValueError saying the agent needs one."""
    if not isinstance(space, spaces.Discrete):
        raise ValueError(f"{owner} needs a Discrete {what} space (a finite set); got {space}. "
                         "Discretise it, or use DQN for continuous observations.")
    if space.start != 0:
        raise ValueError(f"{owner} needs a Discrete {what} space starting at 0; got {space}.")
    return int(space.n)


def seed_streams(seed: int | None, n: int) -> list[np.random.Generator]:
    """``n`` independent generators derived from one seed (None: fresh entropy)."""
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(n)]
