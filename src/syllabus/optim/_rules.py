"""Update rules, each written once as a small state and a pure update function.

Every rule works on one NumPy array at a time (a parameter of a network, or the flat
vector ``x`` of :func:`syllabus.optim.minimize`)::

    state = adam_init(param)
    update, state = adam_update(grad, state, lr=1e-3)
    param += update                        # in place for a network parameter

``update`` is what is *added* to the parameter (optax's convention). The PyTorch-style
optimisers (:class:`~syllabus.optim.SGD`, :class:`~syllabus.optim.Adam`...) and
:func:`~syllabus.optim.minimize` are thin users of these functions, and the
arithmetic follows ``torch.optim`` operation by operation so that trajectories agree
to rounding. State field names are PyTorch's, so ``state_dict()`` keys match too.

Momentum, three ways of writing it
----------------------------------
PyTorch (and :func:`sgd_update`) keeps a buffer ``b`` of summed gradients::

    b <- mu * b + (1 - dampening) * g        (b = g on the very first step)
    x <- x - lr * b

The training-techniques lecture writes it the same way (``vx = rho * vx + dx; x -= learning_rate * vx``)
and, alternatively, with a velocity that already contains the learning rate::

    v <- rho * v - lr * g;   x <- x + v

With a constant learning rate the two give the same iterates (``v = -lr * b``); they
differ only when the learning rate changes over time (the velocity form keeps the old
rate inside ``v``). The deep-learning lecture writes momentum as an *alpha blend*::

    dx <- alpha * dx + (1 - alpha) * (-eta * g);   x <- x + dx

which is the buffer form with ``mu = dampening = alpha``, ``lr = eta``, except on the
first step: PyTorch starts the buffer at the raw gradient ``g_1`` while the blend starts
from ``dx_0 = 0`` and so takes ``(1 - alpha) * g_1``. Passing an explicit zero buffer,
``MomentumState(momentum_buffer=np.zeros_like(x))``, gives the blend exactly.

Nesterov momentum (the training-techniques lecture: gradient taken at the look-ahead point ``x + rho v``) is
implemented, like PyTorch, in the change of variables ``x~ = x + rho v`` where the
gradient is evaluated at the current iterate: ``x~ <- x~ - lr (g + mu b)``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = [
    "AdagradState",
    "AdamState",
    "MomentumState",
    "RMSpropState",
    "adagrad_init",
    "adagrad_update",
    "adam_init",
    "adam_update",
    "add_weight_decay",
    "momentum_init",
    "newton_direction",
    "rmsprop_init",
    "rmsprop_update",
    "sgd_update",
]


def add_weight_decay(grad: np.ndarray, param: np.ndarray, weight_decay: float) -> np.ndarray:
    """L2 penalty ``weight_decay / 2 * ||param||^2`` folded into the gradient (coupled decay).

    AdamW's *decoupled* decay instead shrinks the parameter,
    ``param *= 1 - lr * weight_decay``, before the Adam step.

    Parameters
    ----------
    grad, param : ndarray of the same shape
    weight_decay : float

    Returns
    -------
    ndarray
        ``grad + weight_decay * param`` (a new array), or ``grad`` itself when
        ``weight_decay == 0``.
    """
    if weight_decay == 0:
        return grad
    return grad + weight_decay * param


def _field(state: tuple, key: str | int):
    """``state["exp_avg"]``: a rule's state read like PyTorch's per-parameter state dict
    (an integer still indexes the tuple)."""
    return getattr(state, key) if isinstance(key, str) else tuple.__getitem__(state, key)


# --------------------------------------------------------------------------- SGD / momentum
class MomentumState(NamedTuple):
    """State of (heavy-ball or Nesterov) momentum: the gradient buffer ``b``.

    ``None`` before the first step, where the buffer is set to the raw gradient (PyTorch);
    an explicit zero array gives the deep-learning lecture's alpha-blend form instead.
    """

    momentum_buffer: np.ndarray | None = None

    __getitem__ = _field


def momentum_init(param: np.ndarray | None = None) -> MomentumState:
    """Empty momentum state (the buffer is created by the first update).

    Parameters
    ----------
    param : ndarray, optional
        Unused; accepted so that every ``*_init`` takes the parameter.

    Returns
    -------
    MomentumState
        ``MomentumState(momentum_buffer=None)``.
    """
    return MomentumState()


def sgd_update(
    grad: np.ndarray,
    state: MomentumState,
    *,
    lr: float,
    momentum: float = 0.0,
    dampening: float = 0.0,
    nesterov: bool = False,
) -> tuple[np.ndarray, MomentumState]:
    """Gradient descent with optional (Nesterov) momentum.

    ``b <- momentum * b + (1 - dampening) * g`` (``b = g`` on the first step),
    then the step direction is ``b``, or ``g + momentum * b`` with Nesterov;
    ``update = -lr * direction``. With ``momentum=0`` this is plain GD/SGD,
    ``update = -lr * g``, and the state stays empty.

    Parameters
    ----------
    grad : ndarray
        Gradient at the current parameters (weight decay already added).
    state : MomentumState
        From :func:`momentum_init` or the previous call.
    lr : float
        Learning rate.
    momentum, dampening : float, default=0.0
        Momentum factor ``mu`` and dampening of the new gradient.
    nesterov : bool, default=False
        Use Nesterov's look-ahead direction.

    Returns
    -------
    update : ndarray
        To be added to the parameters.
    state : MomentumState
        The new state.
    """
    if momentum == 0:
        return -lr * grad, state
    buf = state.momentum_buffer
    if buf is None:
        buf = grad.copy()
    elif dampening == 0:
        buf = buf * momentum + grad  # the same numbers, one pass fewer
    else:
        buf = buf * momentum + (1 - dampening) * grad
    direction = grad + momentum * buf if nesterov else buf
    return -lr * direction, MomentumState(buf)


# --------------------------------------------------------------------------- AdaGrad
class AdagradState(NamedTuple):
    """AdaGrad state: step count and the per-coordinate sum of squared gradients."""

    step: int
    sum: np.ndarray

    __getitem__ = _field


def adagrad_init(param: np.ndarray, initial_accumulator_value: float = 0.0) -> AdagradState:
    """AdaGrad state with the accumulator filled with ``initial_accumulator_value``.

    Parameters
    ----------
    param : ndarray
        Gives the shape and dtype of the accumulator.
    initial_accumulator_value : float, default=0.0

    Returns
    -------
    AdagradState
        ``AdagradState(step=0, sum=full_like(param, initial_accumulator_value))``.
    """
    return AdagradState(0, np.full_like(param, initial_accumulator_value))


def adagrad_update(
    grad: np.ndarray,
    state: AdagradState,
    *,
    lr: float,
    lr_decay: float = 0.0,
    eps: float = 1e-10,
) -> tuple[np.ndarray, AdagradState]:
    """AdaGrad (Duchi, Hazan & Singer 2011), diagonal form.

    ``G <- G + g^2``, ``update = -clr * g / (sqrt(G) + eps)`` with
    ``clr = lr / (1 + (t - 1) * lr_decay)`` at step ``t``: coordinates that saw large
    gradients get small steps. (The deep-learning lecture writes the denominator without the square
    root; the training-techniques lecture and every library take the root.)

    Parameters
    ----------
    grad : ndarray
    state : AdagradState
        From :func:`adagrad_init` or the previous call.
    lr : float
    lr_decay : float, default=0.0
    eps : float, default=1e-10

    Returns
    -------
    update : ndarray
        To be added to the parameters.
    state : AdagradState
        The new state.
    """
    step = state.step + 1
    total = state.sum + grad * grad
    clr = lr / (1 + (step - 1) * lr_decay)
    return -clr * (grad / (np.sqrt(total) + eps)), AdagradState(step, total)


# --------------------------------------------------------------------------- RMSProp
class RMSpropState(NamedTuple):
    """RMSProp state: running mean of ``g^2``, and of ``g`` (centered) and a momentum buffer."""

    step: int
    square_avg: np.ndarray
    momentum_buffer: np.ndarray | None = None
    grad_avg: np.ndarray | None = None

    __getitem__ = _field


def rmsprop_init(
    param: np.ndarray, *, momentum: float = 0.0, centered: bool = False
) -> RMSpropState:
    """Zero RMSProp state (buffers for momentum / centering only when used).

    Parameters
    ----------
    param : ndarray
        Gives the shape and dtype of the buffers.
    momentum : float, default=0.0
        A ``momentum_buffer`` is created when positive.
    centered : bool, default=False
        A ``grad_avg`` buffer is created when True.

    Returns
    -------
    RMSpropState
    """
    return RMSpropState(
        0,
        np.zeros_like(param),
        np.zeros_like(param) if momentum > 0 else None,
        np.zeros_like(param) if centered else None,
    )


def rmsprop_update(
    grad: np.ndarray,
    state: RMSpropState,
    *,
    lr: float,
    alpha: float = 0.99,
    eps: float = 1e-8,
    momentum: float = 0.0,
    centered: bool = False,
) -> tuple[np.ndarray, RMSpropState]:
    """RMSProp (Tieleman & Hinton 2012).

    ``s <- alpha * s + (1 - alpha) * g^2``; the scale is ``avg = sqrt(s) + eps``, or
    ``sqrt(s - gbar^2) + eps`` when ``centered`` (``gbar`` the running mean of ``g``,
    so ``s - gbar^2`` estimates the variance). Without momentum
    ``update = -lr * g / avg``; with momentum ``b <- momentum * b + g / avg`` and
    ``update = -lr * b``.

    Parameters
    ----------
    grad : ndarray
    state : RMSpropState
        From :func:`rmsprop_init` (with the same ``momentum`` and ``centered``).
    lr : float
    alpha : float, default=0.99
        Smoothing constant of the running averages.
    eps : float, default=1e-8
    momentum : float, default=0.0
    centered : bool, default=False

    Returns
    -------
    update : ndarray
        To be added to the parameters.
    state : RMSpropState
        The new state.
    """
    step = state.step + 1
    square_avg = state.square_avg * alpha + (1 - alpha) * (grad * grad)
    grad_avg = None
    if centered:
        grad_avg = state.grad_avg + (1 - alpha) * (grad - state.grad_avg)
        avg = np.sqrt(square_avg - grad_avg * grad_avg) + eps
    else:
        avg = np.sqrt(square_avg) + eps
    if momentum > 0:
        buf = state.momentum_buffer * momentum + grad / avg
        return -lr * buf, RMSpropState(step, square_avg, buf, grad_avg)
    return -lr * (grad / avg), RMSpropState(step, square_avg, None, grad_avg)


# --------------------------------------------------------------------------- Adam
class AdamState(NamedTuple):
    """Adam state: step count, first and second moment estimates (and their running max)."""

    step: int
    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray
    max_exp_avg_sq: np.ndarray | None = None

    __getitem__ = _field


def adam_init(param: np.ndarray, *, amsgrad: bool = False) -> AdamState:
    """Zero Adam moments.

    Parameters
    ----------
    param : ndarray
        Gives the shape and dtype of the moments.
    amsgrad : bool, default=False
        Also create the ``max_exp_avg_sq`` buffer.

    Returns
    -------
    AdamState
    """
    return AdamState(
        0,
        np.zeros_like(param),
        np.zeros_like(param),
        np.zeros_like(param) if amsgrad else None,
    )


def adam_update(
    grad: np.ndarray,
    state: AdamState,
    *,
    lr: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    amsgrad: bool = False,
) -> tuple[np.ndarray, AdamState]:
    """Adam (Kingma & Ba 2015) with bias correction, optionally AMSGrad.

    ``m <- beta1 m + (1 - beta1) g`` (momentum), ``v <- beta2 v + (1 - beta2) g^2``
    (RMSProp), and with the bias corrections ``m^ = m / (1 - beta1^t)``,
    ``v^ = v / (1 - beta2^t)``: ``update = -lr * m^ / (sqrt(v^) + eps)``. AMSGrad uses the
    running maximum of ``v`` in place of ``v``. Written as PyTorch evaluates it:
    ``-lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)``.

    Parameters
    ----------
    grad : ndarray
    state : AdamState
        From :func:`adam_init` (with the same ``amsgrad``).
    lr : float
    beta1, beta2 : float, default=0.9, 0.999
        Decay rates of the first and second moment estimates.
    eps : float, default=1e-8
    amsgrad : bool, default=False

    Returns
    -------
    update : ndarray
        To be added to the parameters.
    state : AdamState
        The new state.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.optim import adam_init, adam_update
    >>> update, state = adam_update(np.array([0.5, -2.0]), adam_init(np.zeros(2)), lr=0.1)
    >>> np.round(update, 6).tolist()  # the first Adam step is -lr * sign(g)
    [-0.1, 0.1]
    """
    step = state.step + 1
    exp_avg = state.exp_avg + (1 - beta1) * (grad - state.exp_avg)
    exp_avg_sq = state.exp_avg_sq * beta2 + (1 - beta2) * (grad * grad)
    bias_correction1 = 1 - beta1**step
    bias_correction2_sqrt = (1 - beta2**step) ** 0.5
    max_exp_avg_sq = None
    if amsgrad:
        max_exp_avg_sq = np.maximum(state.max_exp_avg_sq, exp_avg_sq)
        denom = np.sqrt(max_exp_avg_sq) / bias_correction2_sqrt + eps
    else:
        denom = np.sqrt(exp_avg_sq) / bias_correction2_sqrt + eps
    update = -(lr / bias_correction1) * (exp_avg / denom)
    return update, AdamState(step, exp_avg, exp_avg_sq, max_exp_avg_sq)


# --------------------------------------------------------------------------- Newton
def newton_direction(grad: np.ndarray, hess: np.ndarray) -> np.ndarray:
    """Newton's direction ``-H^{-1} g``, the minimiser of the local quadratic model.

    Solved with a linear solve (never an explicit inverse); a singular Hessian falls back
    to the least-squares (pseudo-inverse) solution. For linear regression,
    ``H = 2 X^T X`` and a single step lands on the normal-equation solution (the deep-learning lecture).

    Parameters
    ----------
    grad : ndarray of shape (n,)
    hess : array-like of shape (n, n)

    Returns
    -------
    ndarray of shape (n,)
    """
    hess = np.asarray(hess, dtype=float)
    n = grad.shape[0]
    if hess.shape != (n, n):
        raise ValueError(f"The Hessian must have shape {(n, n)}, got {hess.shape}.")
    try:
        return -np.linalg.solve(hess, grad)
    except np.linalg.LinAlgError:
        return -np.linalg.lstsq(hess, grad, rcond=None)[0]
