"""Surrogate losses of the margin ``z = y f(x)`` (``y`` in {-1, +1}) and their (sub)gradients.

The 0-1 loss ``1[z <= 0]`` counts mistakes but has zero gradient almost everywhere; learning
minimises a convex (or at least continuous) surrogate instead (the optimisation lecture, "Other (surrogate)
loss functions"). Every surrogate here is ``>= 1[z <= 0]`` and equals 1 at ``z = 0``:

========================  ===================================  ===============================
loss                      ``l(z)``                             derivative ``dl/dz``
========================  ===================================  ===============================
``zero_one``              ``1[z <= 0]``                        0 (almost everywhere)
``hinge``                 ``max(0, 1 - z)``                    ``-1[z < 1]`` (a subgradient)
``squared_hinge``         ``max(0, 1 - z)^2``                  ``-2 max(0, 1 - z)``
``logistic``              ``log2(1 + exp(-z))``                ``-sigmoid(-z) / ln 2``
``modified_huber``        ``1 - 2z`` (z <= 0), ``(1 - z)^2``   ``-2`` / ``-2 (1 - z)`` / 0
                          (0 < z <= 1), 0 (z > 1)
``exponential``           ``exp(-z)`` (AdaBoost)               ``-exp(-z)``
``sigmoid``               ``1 - tanh(z)`` (non-convex)         ``-(1 - tanh(z)^2)``
========================  ===================================  ===============================

The logistic loss is in base 2 as in the optimisation lecture, so that it passes through (0, 1) like the
others (``log2(1 + e^{-z}) = ln(1 + e^{-z}) / ln 2``). The modified Huber loss is the optimisation lecture's
(quadratic on ``[0, 1]``); scikit-learn's SGD uses Zhang's variant, quadratic on ``[-1, 1]``
and ``-4z`` below: ``modified_huber(z, quadratic_start=-1.0)``.

Multiclass: :func:`multiclass_hinge` is the hinge of the score vector ``f`` of one sample
with label ``y``. ``aggregate="sum"`` is the seeds' ``sum_{j != y} max(0, f_j - f_y + 1)``
(Weston-Watkins; the example ``f = (3, -5, 2.5)``, ``y = 0`` gives 0.5); PyTorch's
``nn.MultiMarginLoss`` is the same sum **divided by the number of classes C** (then averaged
over samples). ``aggregate="max"`` is ``max(0, max_{j != y} f_j - f_y + 1)``, the slack of
the optimisation lecture's multiclass SVM (Crammer-Singer, margin ``Delta(y_i, y) = 1 - 1[y_i = y]``).

Each loss also answers to ``<name>_loss`` (and ``log`` / ``log_loss`` for the logistic
loss), with ``_grad`` for its derivative. Every function is vectorised and numerically
safe: the logistic loss uses ``logaddexp``; the exponential and squared hinge losses
saturate at the largest float instead of overflowing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = [
    "MARGIN_LOSSES",
    "exponential_loss",
    "exponential_loss_grad",
    "hinge_loss",
    "hinge_loss_grad",
    "log",
    "log_grad",
    "log_loss",
    "log_loss_grad",
    "logistic_loss",
    "logistic_loss_grad",
    "modified_huber_loss",
    "modified_huber_loss_grad",
    "sigmoid_loss",
    "sigmoid_loss_grad",
    "squared_hinge_loss",
    "squared_hinge_loss_grad",
    "zero_one_loss",
    "zero_one_loss_grad",
    "exponential",
    "exponential_grad",
    "hinge",
    "hinge_grad",
    "logistic",
    "logistic_grad",
    "modified_huber",
    "modified_huber_grad",
    "multiclass_hinge",
    "multiclass_hinge_grad",
    "sigmoid",
    "sigmoid_grad",
    "squared_hinge",
    "squared_hinge_grad",
    "zero_one",
    "zero_one_grad",
]

_LN2 = np.log(2.0)
# exp(_EXP_MAX) is the largest finite float64: the exponential loss saturates there.
_EXP_MAX = np.log(np.finfo(np.float64).max)
# Hinges above this are clipped before squaring, so the squared hinge saturates at the
# largest float64 instead of overflowing.
_SQRT_MAX = np.sqrt(np.finfo(np.float64).max)


def _margin(z: Any) -> np.ndarray:
    return np.asarray(z, dtype=np.float64)


def zero_one(margin: Any) -> np.ndarray:
    """0-1 loss ``1[z <= 0]`` of the margin ``z = y f(x)``.

    Also exported as ``zero_one_loss``.

    Parameters
    ----------
    margin : array-like
        Margins ``z = y f(x)``, any shape.

    Returns
    -------
    ndarray of float64 of the shape of ``margin``
        The loss at each margin.

    Examples
    --------
    >>> zero_one([-1.0, 0.0, 2.0])
    array([1., 1., 0.])
    """
    return (_margin(margin) <= 0).astype(np.float64)


def zero_one_grad(margin: Any) -> np.ndarray:
    """Derivative of the 0-1 loss: 0 wherever it exists (why it cannot be trained on).

    Also exported as ``zero_one_loss_grad``.

    Parameters
    ----------
    margin : array-like
        Margins ``z = y f(x)``, any shape.

    Returns
    -------
    ndarray of float64 of the shape of ``margin``
        The derivative at each margin.
    """
    return np.zeros_like(_margin(margin))


def hinge(margin: Any) -> np.ndarray:
    """Hinge loss ``max(0, 1 - z)``: the SVM's (the optimisation lecture), a convex upper bound of 0-1.

    Also exported as ``hinge_loss``.

    Parameters
    ----------
    margin : array-like
        Margins ``z = y f(x)``, any shape.

    Returns
    -------
    ndarray of float64 of the shape of ``margin``
        The loss at each margin.

    Examples
    --------
    >>> hinge([-1.0, 0.0, 0.5, 2.0])
    array([2. , 1. , 0.5, 0. ])
    """
    return np.maximum(0.0, 1.0 - _margin(margin))


def hinge_grad(margin: Any) -> np.ndarray:
    """A subgradient of the hinge: -1 where ``z < 1``, else 0 (the optimisation lecture's choice at z = 1).

    Also exported as ``hinge_loss_grad``.

    Parameters
    ----------
    margin : array-like
        Margins ``z = y f(x)``, any shape.

    Returns
    -------
    ndarray of float64 of the shape of ``margin``
        The derivative at each margin.
    """
    return -(_margin(margin) < 1.0).astype(np.float64)


def squared_hinge(margin: Any) -> np.ndarray:
    """Squared hinge ``max(0, 1 - z)^2`` (LIBLINEAR's L2-loss SVM): differentiable.

    Also exported as ``squared_hinge_loss``.

    Parameters
    ----------
    margin : array-like
        Margins ``z = y f(x)``, any shape.

    Returns
    -------
    ndarray of float64 of the shape of ``margin``
        The loss at each margin.

    Examples
    --------
    >>> squared_hinge([-1.0, 0.5, 2.0])
    array([4.  , 0.25, 0.  ])
    """
    h = np.clip(1.0 - _margin(margin), 0.0, _SQRT_MAX)
    return h * h


def squared_hinge_grad(margin: Any) -> np.ndarray:
    """Derivative of the squared hinge: ``-2 max(0, 1 - z)``.

    Also exported as ``squared_hinge_loss_grad``.

    Parameters
    ----------
    margin : array-like
        Margins ``z = y f(x)``, any shape.

    Returns
    -------
    ndarray of float64 of the shape of ``margin``
        The derivative at each margin.
    """
    return -2.0 * np.maximum(0.0, 1.0 - _margin(margin))


def logistic(margin: Any) -> np.ndarray:
    """Logistic loss in base 2, ``log2(1 + exp(-z))`` (the optimisation lecture), computed without overflow.

    Also exported as ``logistic_loss``, ``log_loss``, ``log``.

    Parameters
    ----------
    margin : array-like
        Margins ``z = y f(x)``, any shape.

    Returns
    -------
    ndarray of float64 of the shape of ``margin``
        The loss at each margin.

    Examples
    --------
    >>> logistic([0.0]).round(6)
    array([1.])
    """
    return np.logaddexp(0.0, -_margin(margin)) / _LN2


def logistic_grad(margin: Any) -> np.ndarray:
    """Derivative of the base-2 logistic loss: ``-sigmoid(-z) / ln 2``.

    Also exported as ``logistic_loss_grad``, ``log_loss_grad``, ``log_grad``.

    Parameters
    ----------
    margin : array-like
        Margins ``z = y f(x)``, any shape.

    Returns
    -------
    ndarray of float64 of the shape of ``margin``
        The derivative at each margin.
    """
    z = _margin(margin)
    # sigmoid(-z) = exp(-logaddexp(0, z)): stable for any z.
    return -np.exp(-np.logaddexp(0.0, z)) / _LN2


def _check_quadratic_start(quadratic_start: float) -> float:
    quadratic_start = float(quadratic_start)
    if not quadratic_start < 1.0:
        raise ValueError(f"quadratic_start must be below 1, got {quadratic_start}.")
    return quadratic_start


def modified_huber(margin: Any, *, quadratic_start: float = 0.0) -> np.ndarray:
    """Modified Huber loss: ``(1 - z)^2`` on ``[a, 1]``, 0 above, linear below ``a``.

    With ``a = quadratic_start = 0`` (the optimisation lecture): ``1 - 2z`` for ``z <= 0``,
    ``(1 - z)^2`` for ``0 < z <= 1``, 0 otherwise. ``a = -1`` gives scikit-learn's
    (Zhang 2004): ``-4z`` below -1. The linear piece continues the parabola with the
    same slope, so the loss is differentiable.

    Also exported as ``modified_huber_loss``.

    Parameters
    ----------
    margin : array-like
        Margins ``z = y f(x)``, any shape.
    quadratic_start : float, default=0.0
        Start ``a < 1`` of the quadratic piece.

    Returns
    -------
    ndarray of float64 of the shape of ``margin``
        The loss at each margin.

    Examples
    --------
    >>> modified_huber([-1.0, 0.0, 0.5, 2.0])
    array([3.  , 1.  , 0.25, 0.  ])
    >>> modified_huber([-2.0], quadratic_start=-1.0)
    array([8.])
    """
    a = _check_quadratic_start(quadratic_start)
    z = _margin(margin)
    gap = 1.0 - a
    quadratic = np.maximum(0.0, 1.0 - np.maximum(z, a)) ** 2  # z clipped: no overflow below a
    linear = gap * gap - 2.0 * gap * (np.minimum(z, a) - a)
    return np.where(z < a, linear, quadratic)


def modified_huber_grad(margin: Any, *, quadratic_start: float = 0.0) -> np.ndarray:
    """Derivative of :func:`modified_huber`: ``-2 (1 - a)`` below ``a``, ``-2 (1 - z)`` on
    ``[a, 1]``, 0 above.

    Also exported as ``modified_huber_loss_grad``.

    Parameters
    ----------
    margin : array-like
        Margins ``z = y f(x)``, any shape.
    quadratic_start : float, default=0.0
        Start ``a < 1`` of the quadratic piece.

    Returns
    -------
    ndarray of float64 of the shape of ``margin``
        The derivative at each margin.
    """
    a = _check_quadratic_start(quadratic_start)
    z = _margin(margin)
    return np.where(z < a, -2.0 * (1.0 - a), -2.0 * np.maximum(0.0, 1.0 - z))


def exponential(margin: Any) -> np.ndarray:
    """Exponential loss ``exp(-z)`` (AdaBoost's); saturates at the largest float64.

    Also exported as ``exponential_loss``.

    Parameters
    ----------
    margin : array-like
        Margins ``z = y f(x)``, any shape.

    Returns
    -------
    ndarray of float64 of the shape of ``margin``
        The loss at each margin.

    Examples
    --------
    >>> exponential([0.0, 1.0]).round(6)
    array([1.      , 0.367879])
    """
    return np.exp(np.minimum(-_margin(margin), _EXP_MAX))


def exponential_grad(margin: Any) -> np.ndarray:
    """Derivative of the exponential loss: ``-exp(-z)``.

    Also exported as ``exponential_loss_grad``.

    Parameters
    ----------
    margin : array-like
        Margins ``z = y f(x)``, any shape.

    Returns
    -------
    ndarray of float64 of the shape of ``margin``
        The derivative at each margin.
    """
    return -exponential(margin)


def sigmoid(margin: Any) -> np.ndarray:
    """Sigmoid loss ``1 - tanh(z)`` (``= 2 sigmoid(-2z)``): bounded, hence non-convex.

    Robust to outliers (a badly misclassified point costs at most 2) but has flat regions.

    Also exported as ``sigmoid_loss``.

    Parameters
    ----------
    margin : array-like
        Margins ``z = y f(x)``, any shape.

    Returns
    -------
    ndarray of float64 of the shape of ``margin``
        The loss at each margin.

    Examples
    --------
    >>> sigmoid([0.0]).round(6)
    array([1.])
    """
    return 1.0 - np.tanh(_margin(margin))


def sigmoid_grad(margin: Any) -> np.ndarray:
    """Derivative of the sigmoid loss: ``-(1 - tanh(z)^2)``.

    Also exported as ``sigmoid_loss_grad``.

    Parameters
    ----------
    margin : array-like
        Margins ``z = y f(x)``, any shape.

    Returns
    -------
    ndarray of float64 of the shape of ``margin``
        The derivative at each margin.
    """
    t = np.tanh(_margin(margin))
    return -(1.0 - t * t)


MARGIN_LOSSES: dict[str, tuple[Callable[..., np.ndarray], Callable[..., np.ndarray]]] = {
    "zero_one": (zero_one, zero_one_grad),
    "hinge": (hinge, hinge_grad),
    "squared_hinge": (squared_hinge, squared_hinge_grad),
    "logistic": (logistic, logistic_grad),
    "modified_huber": (modified_huber, modified_huber_grad),
    "exponential": (exponential, exponential_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
}
"""Name -> ``(loss, derivative)`` of every margin loss above."""

# Aliases with the names other libraries use (one implementation each).
zero_one_loss, zero_one_loss_grad = zero_one, zero_one_grad
hinge_loss, hinge_loss_grad = hinge, hinge_grad
squared_hinge_loss, squared_hinge_loss_grad = squared_hinge, squared_hinge_grad
log, log_grad = logistic, logistic_grad  # the optimisation lecture calls it the "log (logistic) loss"
log_loss, log_loss_grad = logistic, logistic_grad
logistic_loss, logistic_loss_grad = logistic, logistic_grad
modified_huber_loss, modified_huber_loss_grad = modified_huber, modified_huber_grad
exponential_loss, exponential_loss_grad = exponential, exponential_grad
sigmoid_loss, sigmoid_loss_grad = sigmoid, sigmoid_grad


def _check_scores(scores: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    scores = np.asarray(scores, dtype=np.float64)
    y = np.asarray(y)
    if scores.ndim != 2:
        raise ValueError(f"scores must be 2-D (n_samples, n_classes), got shape {scores.shape}.")
    if y.shape != (scores.shape[0],):
        raise ValueError(
            f"y must have shape ({scores.shape[0]},) to match scores, got {y.shape}."
        )
    if y.dtype.kind not in "iu" or (y.size and (y.min() < 0 or y.max() >= scores.shape[1])):
        raise ValueError(f"y must hold class indices in [0, {scores.shape[1]}).")
    return scores, y


def _violations(scores: np.ndarray, y: np.ndarray, margin: float) -> np.ndarray:
    # f_j - f_y + margin for j != y, and 0 for j = y.
    rows = np.arange(scores.shape[0])
    v = scores - scores[rows, y][:, None] + margin
    v[rows, y] = 0.0
    return v


def multiclass_hinge(scores: Any, y: Any, *, margin: float = 1.0,
                     aggregate: str = "sum") -> np.ndarray:
    """Multiclass hinge loss of each sample from its class scores ``f``.

    Parameters
    ----------
    scores : array-like of shape (n_samples, n_classes)
        Scores ``f_j(x)`` of every class.
    y : array-like of int, shape (n_samples,)
        Index of the true class.
    margin : float, default=1.0
        Required gap between the true score and the others.
    aggregate : {"sum", "max"}, default="sum"
        "sum": ``sum_{j != y} max(0, f_j - f_y + margin)`` (seeds; Weston-Watkins;
        ``nn.MultiMarginLoss`` divides it by the number of classes).
        "max": ``max(0, max_{j != y} f_j - f_y + margin)`` (Crammer-Singer).

    Returns
    -------
    ndarray of shape (n_samples,)

    Examples
    --------
    >>> multiclass_hinge([[3.0, -5.0, 2.5]], [0])
    array([0.5])
    >>> multiclass_hinge([[3.0, -5.0, 2.5], [1.0, 2.0, 3.0]], [0, 0], aggregate="max")
    array([0.5, 3. ])
    """
    scores, y = _check_scores(scores, y)
    v = np.maximum(_violations(scores, y, margin), 0.0)
    if aggregate == "sum":
        return v.sum(axis=1)
    if aggregate == "max":
        return v.max(axis=1)
    raise ValueError(f"aggregate must be 'sum' or 'max', got {aggregate!r}.")


def multiclass_hinge_grad(scores: Any, y: Any, *, margin: float = 1.0,
                          aggregate: str = "sum") -> np.ndarray:
    """A subgradient of :func:`multiclass_hinge` with respect to the scores.

    "sum": every class ``j`` with ``f_j - f_y + margin > 0`` gets +1 and the true class
    minus their number. "max": the most violating class gets +1 and the true class -1
    (nothing when no class violates; ties go to the first class).

    Parameters
    ----------
    scores : array-like of shape (n_samples, n_classes)
    y : array-like of int, shape (n_samples,)
    margin : float, default=1.0
    aggregate : {"sum", "max"}, default="sum"
        As in :func:`multiclass_hinge`.

    Returns
    -------
    ndarray of shape (n_samples, n_classes)

    Examples
    --------
    >>> multiclass_hinge_grad([[3.0, -5.0, 2.5]], [0])
    array([[-1.,  0.,  1.]])
    """
    scores, y = _check_scores(scores, y)
    rows = np.arange(scores.shape[0])
    v = _violations(scores, y, margin)
    if aggregate == "sum":
        grad = (v > 0).astype(np.float64)
        grad[rows, y] = -grad.sum(axis=1)
        return grad
    if aggregate == "max":
        grad = np.zeros_like(scores)
        worst = v.argmax(axis=1)  # v[y] = 0, so worst is a violator whenever v.max() > 0
        active = v[rows, worst] > 0
        grad[rows[active], worst[active]] = 1.0
        grad[rows[active], y[active]] -= 1.0
        return grad
    raise ValueError(f"aggregate must be 'sum' or 'max', got {aggregate!r}.")
