"""Declarative hyper-parameter checks: one table per estimator, one message shape everywhere.

An estimator declares, for example::

    _parameter_constraints = {
        "alpha": [Interval(Real, 0, None, closed="left")],
        "solver": [StrOptions({"lbfgs", "newton"})],
        "random_state": ["random_state"],
    }

and ``fit`` calls ``self._validate_params()``. A bad value gets scikit-learn's message:
"The 'alpha' parameter of Ridge must be a float in the range [0.0, inf). Got -1 instead."
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from numbers import Integral
from typing import Any

import numpy as np

__all__ = ["Interval", "Options", "RealNotInt", "StrOptions", "validate_params"]


class RealNotInt(numbers.Real):
    """The real numbers that are not integers: ``Interval(RealNotInt, 0, 1)`` takes the
    fraction ``1.0`` but not the count ``1`` (scikit-learn's type of the same name)."""


RealNotInt.register(float)


@dataclass(frozen=True)
class Interval:
    """Numbers of ``type`` (``Integral`` or ``Real``) between ``left`` and ``right``.

    Booleans and NaN never satisfy it. ``str(interval)`` is the phrase used in error
    messages, e.g. "a float in the range [0.0, inf)".

    Parameters
    ----------
    type : type
        ``numbers.Integral`` or ``numbers.Real``.
    left, right : float or None
        Bounds; None is unbounded.
    closed : {"left", "right", "both", "neither"}, default="both"
        Which bounds are included.
    """

    type: type
    left: float | None
    right: float | None
    closed: str = "both"  # "left", "right", "both" or "neither"

    def is_satisfied_by(self, value: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, self.type):
            return False
        if isinstance(value, float) and np.isnan(value):
            return False
        if self.left is not None:
            if value < self.left or (value == self.left and self.closed in ("right", "neither")):
                return False
        if self.right is not None:
            if value > self.right or (value == self.right and self.closed in ("left", "neither")):
                return False
        return True

    def __str__(self) -> str:
        kind = "an int" if self.type is Integral else "a float"
        as_float = self.type is not Integral
        lo = "-inf" if self.left is None else repr(float(self.left) if as_float else self.left)
        hi = "inf" if self.right is None else repr(float(self.right) if as_float else self.right)
        lb = "[" if self.closed in ("left", "both") and self.left is not None else "("
        rb = "]" if self.closed in ("right", "both") and self.right is not None else ")"
        return f"{kind} in the range {lb}{lo}, {hi}{rb}"


@dataclass(frozen=True)
class Options:
    """One of a fixed set of values.

    Parameters
    ----------
    options : iterable
        The allowed values (stored as a frozenset).
    """

    options: frozenset

    def __init__(self, options: Any) -> None:
        object.__setattr__(self, "options", frozenset(options))

    def is_satisfied_by(self, value: Any) -> bool:
        try:
            return value in self.options
        except TypeError:
            return False

    def __str__(self) -> str:
        return f"one of {sorted(self.options, key=str)!r}"


class StrOptions(Options):
    """One of a fixed set of strings.

    Parameters
    ----------
    options : iterable of str
        The allowed strings.
    """

    def is_satisfied_by(self, value: Any) -> bool:
        return isinstance(value, str) and value in self.options

    def __str__(self) -> str:
        return "a str among " + "{" + ", ".join(repr(o) for o in sorted(self.options)) + "}"


class HasMethods:
    """An object implementing the given methods (e.g. an ``init`` estimator with ``fit`` and
    ``predict_proba``).

    Parameters
    ----------
    methods : str or list of str
        The names of the methods the object must have (callable attributes).
    """

    def __init__(self, methods: str | list[str]) -> None:
        self.methods = [methods] if isinstance(methods, str) else list(methods)

    def is_satisfied_by(self, value: Any) -> bool:
        return all(callable(getattr(value, name, None)) for name in self.methods)

    def __str__(self) -> str:
        names = [repr(name) for name in self.methods]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"an object implementing {listed}"


def _satisfies(constraint: Any, value: Any) -> bool:
    if constraint is None:
        return value is None
    if isinstance(constraint, (Interval, Options, HasMethods)):
        return constraint.is_satisfied_by(value)
    if constraint == "boolean":
        return isinstance(value, (bool, np.bool_))
    if constraint == "random_state":
        return value is None or isinstance(value, (numbers.Integral, np.random.RandomState)) and not isinstance(value, bool)
    if constraint == "array-like":
        return not isinstance(value, str) and (hasattr(value, "__len__") or hasattr(value, "shape"))
    if constraint == "callable":
        return callable(value)
    if constraint == "no_validation":
        return True
    if isinstance(constraint, type):
        return isinstance(value, constraint)
    raise TypeError(f"Unknown parameter constraint {constraint!r}.")


def _describe(constraint: Any) -> str:
    if constraint is None:
        return "None"
    if isinstance(constraint, type):
        return f"an instance of '{constraint.__name__}'"
    names = {"boolean": "an instance of 'bool'", "callable": "a callable",
             "array-like": "an array-like",
             "random_state": "an int, a numpy.random.RandomState instance or None"}
    return names.get(constraint, str(constraint)) if isinstance(constraint, str) else str(constraint)


def validate_params(constraints: dict[str, list], params: dict[str, Any], caller_name: str) -> None:
    """Raise a ``ValueError`` for the first parameter that satisfies none of its constraints.

    Parameters
    ----------
    constraints : dict of str to list
        Per parameter, the accepted constraints: :class:`Interval`, :class:`Options`,
        :class:`StrOptions`, a type, None, or one of "boolean", "random_state",
        "array-like", "callable", "no_validation". Parameters not listed are not checked.
    params : dict of str to object
        The values, e.g. ``estimator.get_params(deep=False)``.
    caller_name : str
        Named in the message.

    Examples
    --------
    >>> from numbers import Real
    >>> from syllabus.utils import Interval, validate_params
    >>> validate_params({"alpha": [Interval(Real, 0, None, closed="left")]}, {"alpha": -1},
    ...                 "Ridge")
    Traceback (most recent call last):
        ...
    ValueError: The 'alpha' parameter of Ridge must be a float in the range [0.0, inf). Got -1 instead.
    """
    for name, value in params.items():
        allowed = constraints.get(name)
        if allowed is None or any(_satisfies(c, value) for c in allowed):
            continue
        descs = [_describe(c) for c in allowed]
        text = descs[0] if len(descs) == 1 else ", ".join(descs[:-1]) + " or " + descs[-1]
        raise ValueError(
            f"The {name!r} parameter of {caller_name} must be {text}. Got {value!r} instead."
        )
