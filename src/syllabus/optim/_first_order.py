"""PyTorch-style first-order optimisers: thin users of the update rules in ``_rules``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ._optimizer import Optimizer, _call_closure, _grad_array, _modified_in_place
from ._rules import (
    AdagradState,
    AdamState,
    MomentumState,
    RMSpropState,
    adagrad_init,
    adagrad_update,
    adam_init,
    adam_update,
    add_weight_decay,
    rmsprop_init,
    rmsprop_update,
    sgd_update,
)

__all__ = ["SGD", "Adagrad", "Adam", "AdamW", "RMSprop"]


def _check_non_negative(name: str, value: float) -> None:
    if not value >= 0.0:
        raise ValueError(f"Invalid {name}: {value}")


class _FirstOrder(Optimizer):
    """Loop over the parameters with a gradient; subclasses give the per-array update.

    ``self.state[p]`` is the update rule's own state (a NamedTuple of ``_rules``, which
    also reads like PyTorch's dict: ``state["exp_avg"]``); it becomes a dict only in
    :meth:`state_dict`.
    """

    _state_type: type = tuple

    def _state_from_dict(self, values: dict[str, Any]) -> Any:
        return self._state_type(**{k: values.get(k) for k in self._state_type._fields})

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Perform one optimisation step.

        Parameters
        ----------
        closure : callable, optional
            Re-evaluates the model and returns the loss (called before the update).

        Returns
        -------
        loss
            What ``closure`` returned, or None.
        """
        loss = None if closure is None else _call_closure(closure)
        for group in self.param_groups:
            for p in group["params"]:
                grad = _grad_array(p)
                if grad is None:
                    continue
                if group.get("maximize", False):
                    grad = -grad
                data = p.data
                update, self.state[p] = self._update(data, grad, self.state.get(p), group)
                data += update
                _modified_in_place(p)
        return loss

    def _update(self, param: np.ndarray, grad: np.ndarray, state: Any,
                group: dict) -> tuple[np.ndarray, Any]:
        """``(update, new_state)`` for one parameter (``state`` is None before the first step)."""
        raise NotImplementedError


class SGD(_FirstOrder):
    """Stochastic gradient descent with optional momentum, Nesterov and weight decay.

    With ``g`` the gradient plus ``weight_decay * p``, and the momentum buffer
    ``b <- momentum * b + (1 - dampening) * g`` (``b = g`` on the first step)::

        p <- p - lr * (g + momentum * b)   if nesterov
        p <- p - lr * b                    otherwise (p - lr * g without momentum)

    Whether this is batch, stochastic or mini-batch gradient descent depends only on the
    batches the gradients come from (see :class:`syllabus.data.DataLoader`).

    Parameters
    ----------
    params : iterable
        Parameters (objects with ``.data`` and ``.grad`` arrays) or parameter groups.
    lr : float, default=1e-3
        Learning rate.
    momentum : float, default=0
        Momentum factor.
    dampening : float, default=0
        Dampening of the gradient in the momentum buffer.
    weight_decay : float, default=0
        L2 penalty added to the gradient.
    nesterov : bool, default=False
        Nesterov momentum (needs ``momentum > 0`` and ``dampening == 0``).
    maximize : bool, default=False
        Maximise the objective instead.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.nn import Parameter
    >>> from syllabus.optim import SGD
    >>> w = Parameter(np.array([1.0, -2.0]))
    >>> opt = SGD([w], lr=0.1, momentum=0.9)
    >>> w.grad = 2 * w.data          # gradient of ||w||^2
    >>> opt.step()
    >>> w.data
    array([ 0.8, -1.6])
    """

    _state_type = MomentumState

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        _check_non_negative("learning rate", lr)
        _check_non_negative("momentum value", momentum)
        _check_non_negative("weight_decay value", weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening,
                    "weight_decay": weight_decay, "nesterov": nesterov, "maximize": maximize}
        super().__init__(params, defaults)

    def _update(self, param, grad, state, group):
        grad = add_weight_decay(grad, param, group["weight_decay"])
        return sgd_update(
            grad, state or MomentumState(), lr=group["lr"], momentum=group["momentum"],
            dampening=group["dampening"], nesterov=group["nesterov"],
        )


class Adagrad(_FirstOrder):
    """AdaGrad: per-coordinate steps ``lr / sqrt(sum of squared gradients)``.

    ``G <- G + g^2``, ``p <- p - clr * g / (sqrt(G) + eps)`` with
    ``clr = lr / (1 + (t - 1) * lr_decay)`` at step ``t`` (``g`` includes
    ``weight_decay * p``).

    Parameters
    ----------
    params : iterable
        Parameters or parameter groups.
    lr : float, default=1e-2
        Learning rate.
    lr_decay : float, default=0
        Learning-rate decay.
    weight_decay : float, default=0
        L2 penalty added to the gradient.
    initial_accumulator_value : float, default=0
        Initial value of ``G``.
    eps : float, default=1e-10
        Added to the square root for stability.
    maximize : bool, default=False
        Maximise the objective instead.
    """

    _state_type = AdagradState

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        lr_decay: float = 0.0,
        weight_decay: float = 0.0,
        initial_accumulator_value: float = 0.0,
        eps: float = 1e-10,
        *,
        maximize: bool = False,
    ) -> None:
        _check_non_negative("learning rate", lr)
        _check_non_negative("lr_decay value", lr_decay)
        _check_non_negative("weight_decay value", weight_decay)
        _check_non_negative("initial_accumulator_value value", initial_accumulator_value)
        _check_non_negative("epsilon value", eps)
        defaults = {"lr": lr, "lr_decay": lr_decay, "eps": eps, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value, "maximize": maximize}
        super().__init__(params, defaults)
        # Like PyTorch, the accumulators exist from construction on.
        for group in self.param_groups:
            for p in group["params"]:
                self.state[p] = adagrad_init(p.data, group["initial_accumulator_value"])

    def _update(self, param, grad, state, group):
        grad = add_weight_decay(grad, param, group["weight_decay"])
        return adagrad_update(grad, state, lr=group["lr"], lr_decay=group["lr_decay"],
                              eps=group["eps"])


class RMSprop(_FirstOrder):
    """RMSProp, optionally centered and with momentum.

    ``s <- alpha * s + (1 - alpha) * g^2``, ``avg = sqrt(s) + eps`` (centered:
    ``sqrt(s - gbar^2) + eps`` with ``gbar`` the running mean of ``g``), then
    ``p <- p - lr * g / avg``, or with momentum ``b <- momentum * b + g / avg``,
    ``p <- p - lr * b``.

    Parameters
    ----------
    params : iterable
        Parameters or parameter groups.
    lr : float, default=1e-2
        Learning rate.
    alpha : float, default=0.99
        Smoothing constant of the running mean of ``g^2``.
    eps : float, default=1e-8
        Added to the denominator.
    weight_decay : float, default=0
        L2 penalty added to the gradient.
    momentum : float, default=0
        Momentum factor.
    centered : bool, default=False
        Normalise by the estimated variance of the gradient instead of its second moment.
    maximize : bool, default=False
        Maximise the objective instead.
    """

    _state_type = RMSpropState

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        _check_non_negative("learning rate", lr)
        _check_non_negative("epsilon value", eps)
        _check_non_negative("momentum value", momentum)
        _check_non_negative("weight_decay value", weight_decay)
        _check_non_negative("alpha value", alpha)
        defaults = {"lr": lr, "alpha": alpha, "eps": eps, "weight_decay": weight_decay,
                    "momentum": momentum, "centered": centered, "maximize": maximize}
        super().__init__(params, defaults)

    def _update(self, param, grad, state, group):
        grad = add_weight_decay(grad, param, group["weight_decay"])
        momentum, centered = group["momentum"], group["centered"]
        if not state:  # None before the first step
            state = rmsprop_init(param, momentum=momentum, centered=centered)
        return rmsprop_update(grad, state, lr=group["lr"], alpha=group["alpha"],
                              eps=group["eps"], momentum=momentum, centered=centered)


class Adam(_FirstOrder):
    """Adam with bias correction, optional AMSGrad and (coupled) L2 weight decay.

    ``m <- beta1 m + (1 - beta1) g``, ``v <- beta2 v + (1 - beta2) g^2``, and at step ``t``
    ``p <- p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)``
    (AMSGrad: the running max of ``v`` in place of ``v``; ``g`` includes
    ``weight_decay * p``; see :class:`AdamW` for decoupled decay).

    Parameters
    ----------
    params : iterable
        Parameters or parameter groups.
    lr : float, default=1e-3
        Learning rate.
    betas : tuple of float, default=(0.9, 0.999)
        Decay rates of the first and second moment estimates.
    eps : float, default=1e-8
        Added to the denominator.
    weight_decay : float, default=0
        L2 penalty added to the gradient.
    amsgrad : bool, default=False
        Use the AMSGrad variant.
    maximize : bool, default=False
        Maximise the objective instead.
    """

    _decoupled = False

    _state_type = AdamState

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        _check_non_negative("learning rate", lr)
        _check_non_negative("epsilon value", eps)
        for i, beta in enumerate(betas):
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"Invalid beta parameter at index {i}: {beta}")
        _check_non_negative("weight_decay value", weight_decay)
        defaults = {"lr": lr, "betas": tuple(betas), "eps": eps, "weight_decay": weight_decay,
                    "amsgrad": amsgrad, "maximize": maximize}
        super().__init__(params, defaults)

    def _update(self, param, grad, state, group):
        lr, weight_decay = group["lr"], group["weight_decay"]
        if self._decoupled:
            if weight_decay != 0:
                param *= 1 - lr * weight_decay  # AdamW: shrink p before the Adam step
        else:
            grad = add_weight_decay(grad, param, weight_decay)
        if not state:  # None before the first step
            state = adam_init(param, amsgrad=group["amsgrad"])
        if group["amsgrad"] and state.max_exp_avg_sq is None:
            state = state._replace(max_exp_avg_sq=np.zeros_like(param))
        beta1, beta2 = group["betas"]
        return adam_update(grad, state, lr=lr, beta1=beta1, beta2=beta2, eps=group["eps"],
                           amsgrad=group["amsgrad"])


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter).

    Before each Adam step the parameter shrinks, ``p <- p * (1 - lr * weight_decay)``,
    instead of adding ``weight_decay * p`` to the gradient (which Adam would rescale).

    Parameters
    ----------
    params : iterable
        Parameters or parameter groups.
    lr : float, default=1e-3
        Learning rate.
    betas : tuple of float, default=(0.9, 0.999)
        Decay rates of the moment estimates.
    eps : float, default=1e-8
        Added to the denominator.
    weight_decay : float, default=1e-2
        Decoupled weight decay.
    amsgrad : bool, default=False
        Use the AMSGrad variant.
    maximize : bool, default=False
        Maximise the objective instead.
    """

    _decoupled = True

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                         amsgrad=amsgrad, maximize=maximize)
