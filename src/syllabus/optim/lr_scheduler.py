"""Learning-rate schedulers with PyTorch's ``step()`` / ``get_last_lr()`` semantics.

A scheduler sets ``group["lr"]`` of every parameter group of an optimiser. At
construction it records ``group["initial_lr"]`` (the base rate) and already applies the
schedule at step 0 (e.g. ``LinearLR`` starts at ``start_factor * base``); each
``step()`` call (usually once per epoch, after ``optimizer.step()``) advances the count
``last_epoch`` and sets the rate to the closed form of :mod:`syllabus.optim._schedules`.

Unlike PyTorch's recursive forms, two schedulers attached to the same optimiser do not
multiply (the last one to step sets the rate); chain them in time with
:class:`SequentialLR`, or combine factors in one :class:`LambdaLR`.

Examples
--------
>>> import numpy as np
>>> from syllabus.optim import SGD
>>> from syllabus.optim.lr_scheduler import StepLR
>>> class P:
...     data, grad = np.zeros(1), None
>>> opt = SGD([P()], lr=0.1)
>>> sched = StepLR(opt, step_size=2, gamma=0.5)
>>> lrs = []
>>> for epoch in range(5):
...     lrs.append(sched.get_last_lr()[0])   # train one epoch with this rate, then
...     sched.step()
>>> lrs
[0.1, 0.1, 0.05, 0.05, 0.025]
"""

from __future__ import annotations

import types
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ._optimizer import Optimizer
from ._schedules import (
    cosine_annealing_lr,
    exponential_lr,
    inverse_sqrt_lr,
    linear_lr,
    multistep_lr,
    step_lr,
)

__all__ = [
    "CosineAnnealingLR",
    "ExponentialLR",
    "InverseSqrtLR",
    "LRScheduler",
    "LambdaLR",
    "LinearLR",
    "LinearWarmupLR",
    "MultiStepLR",
    "SequentialLR",
    "StepLR",
    "cosine_annealing_lr",
    "exponential_lr",
    "inverse_sqrt_lr",
    "linear_lr",
    "multistep_lr",
    "step_lr",
]


class LRScheduler:
    """Base class: sets each group's ``lr`` to ``self._lr(base_lr, last_epoch)``.

    Parameters
    ----------
    optimizer : Optimizer
        The optimiser whose learning rates are scheduled.
    last_epoch : int, default=-1
        Index of the last step taken; ``-1`` starts a new schedule. Other values are for
        resuming and need ``group["initial_lr"]`` in the optimiser's groups.

    Attributes
    ----------
    base_lrs : list of float
        The initial learning rate of each group.
    last_epoch : int
        Number of ``step()`` calls since construction (0 right after construction).
    """

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(
                        f"param 'initial_lr' is not specified in param_groups[{i}] when "
                        "resuming an optimizer"
                    )
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self._initial_step()

    def _initial_step(self) -> None:
        self._step_count = 0
        self.step()

    def _lr(self, base_lr: float, epoch: int, group_index: int) -> float:
        raise NotImplementedError

    def get_lr(self) -> list[float]:
        """The learning rates at the current ``last_epoch`` (closed form)."""
        return [self._lr(base, self.last_epoch, i) for i, base in enumerate(self.base_lrs)]

    def get_last_lr(self) -> list[float]:
        """The learning rates set by the last ``step()`` (one per group)."""
        return list(self._last_lr)

    def step(self, epoch: int | None = None) -> None:
        """Advance the schedule by one step (or jump to ``epoch``) and set the rates."""
        self._step_count += 1
        self._set_epoch(self.last_epoch + 1 if epoch is None else epoch)

    def _set_epoch(self, epoch: int) -> None:
        self.last_epoch = epoch
        for group, lr in zip(self.optimizer.param_groups, self.get_lr()):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def state_dict(self) -> dict[str, Any]:
        """Every attribute except the optimiser (numbers and lists: JSON-serialisable)."""
        return {k: v for k, v in self.__dict__.items() if k != "optimizer"}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a state from :meth:`state_dict`."""
        self.__dict__.update(state_dict)

    def __repr__(self) -> str:
        params = {k: v for k, v in self.state_dict().items() if not k.startswith("_")}
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in params.items())})"


class StepLR(LRScheduler):
    """Multiply the rate by ``gamma`` every ``step_size`` steps: ``base * gamma^(e // step_size)``.

    Parameters
    ----------
    optimizer : Optimizer
        Wrapped optimiser.
    step_size : int
        Period of the decay.
    gamma : float, default=0.1
        Decay factor.
    last_epoch : int, default=-1
        See :class:`LRScheduler`.
    """

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1,
                 last_epoch: int = -1) -> None:
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def _lr(self, base_lr, epoch, group_index):
        return step_lr(base_lr, epoch, self.step_size, self.gamma)


class MultiStepLR(LRScheduler):
    """Multiply the rate by ``gamma`` at each milestone (the training-techniques lecture: "x0.1 at epochs 30, 60, 90").

    Parameters
    ----------
    optimizer : Optimizer
        Wrapped optimiser.
    milestones : iterable of int
        Step counts at which the rate decays (a repeated milestone decays twice).
    gamma : float, default=0.1
        Decay factor.
    last_epoch : int, default=-1
        See :class:`LRScheduler`.
    """

    def __init__(self, optimizer: Optimizer, milestones: Iterable[int], gamma: float = 0.1,
                 last_epoch: int = -1) -> None:
        self.milestones = sorted(milestones)
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def _lr(self, base_lr, epoch, group_index):
        return multistep_lr(base_lr, epoch, self.milestones, self.gamma)


class ExponentialLR(LRScheduler):
    """``base * gamma^e``.

    Parameters
    ----------
    optimizer : Optimizer
        Wrapped optimiser.
    gamma : float
        Decay factor per step.
    last_epoch : int, default=-1
        See :class:`LRScheduler`.
    """

    def __init__(self, optimizer: Optimizer, gamma: float, last_epoch: int = -1) -> None:
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def _lr(self, base_lr, epoch, group_index):
        return exponential_lr(base_lr, epoch, self.gamma)


class CosineAnnealingLR(LRScheduler):
    """``eta_min + (base - eta_min) (1 + cos(pi e / T_max)) / 2``.

    Parameters
    ----------
    optimizer : Optimizer
        Wrapped optimiser.
    T_max : int
        Half-period: the rate reaches ``eta_min`` after ``T_max`` steps (and rises again
        after that, as in PyTorch).
    eta_min : float, default=0
        Minimum learning rate.
    last_epoch : int, default=-1
        See :class:`LRScheduler`.
    """

    def __init__(self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0,
                 last_epoch: int = -1) -> None:
        self.T_max = T_max
        self.eta_min = eta_min
        super().__init__(optimizer, last_epoch)

    def _lr(self, base_lr, epoch, group_index):
        return cosine_annealing_lr(base_lr, epoch, self.T_max, self.eta_min)


class LinearLR(LRScheduler):
    """Factor changing linearly from ``start_factor`` to ``end_factor`` over ``total_iters`` steps.

    Parameters
    ----------
    optimizer : Optimizer
        Wrapped optimiser.
    start_factor : float, default=1/3
        Factor at step 0 (in ``(0, 1]``).
    end_factor : float, default=1.0
        Factor from step ``total_iters`` on (in ``[0, 1]``).
    total_iters : int, default=5
        Length of the ramp.
    last_epoch : int, default=-1
        See :class:`LRScheduler`.
    """

    def __init__(self, optimizer: Optimizer, start_factor: float = 1.0 / 3,
                 end_factor: float = 1.0, total_iters: int = 5, last_epoch: int = -1) -> None:
        if start_factor > 1.0 or start_factor <= 0:
            raise ValueError("Starting multiplicative factor expected to be greater than 0 "
                             "and less or equal to 1.")
        if end_factor > 1.0 or end_factor < 0:
            raise ValueError("Ending multiplicative factor expected to be between 0 and 1.")
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def _lr(self, base_lr, epoch, group_index):
        return linear_lr(base_lr, epoch, self.start_factor, self.end_factor, self.total_iters)


class LinearWarmupLR(LRScheduler):
    """Linear warm-up from ``start_factor * base`` (default 0) to ``base`` over ``warmup_steps``.

    The training-techniques lecture: "high initial learning rates can make the loss explode; linearly
    increasing the learning rate from 0 over the first ~5,000 iterations can prevent
    this". The rate is ``base * min(e, warmup_steps) / warmup_steps`` with the default
    ``start_factor=0`` (so the very first step uses rate 0, as in Hugging Face's
    ``get_linear_schedule_with_warmup``), then stays at ``base``. Follow it with a decay
    through :class:`SequentialLR`.

    Parameters
    ----------
    optimizer : Optimizer
        Wrapped optimiser.
    warmup_steps : int
        Length of the warm-up (>= 1).
    start_factor : float, default=0.0
        Factor at step 0, in ``[0, 1]``.
    last_epoch : int, default=-1
        See :class:`LRScheduler`.
    """

    def __init__(self, optimizer: Optimizer, warmup_steps: int, start_factor: float = 0.0,
                 last_epoch: int = -1) -> None:
        if int(warmup_steps) != warmup_steps or warmup_steps < 1:
            raise ValueError(f"warmup_steps must be a positive integer, got {warmup_steps!r}")
        if not 0.0 <= start_factor <= 1.0:
            raise ValueError(f"start_factor must be in [0, 1], got {start_factor!r}")
        self.warmup_steps = int(warmup_steps)
        self.start_factor = start_factor
        super().__init__(optimizer, last_epoch)

    def _lr(self, base_lr, epoch, group_index):
        return linear_lr(base_lr, epoch, self.start_factor, 1.0, self.warmup_steps)


class InverseSqrtLR(LRScheduler):
    """Inverse-square-root decay ``base * sqrt(w / t)`` after a linear warm-up of ``w`` steps.

    With ``t = e + 1``: ``base * min(t / w, sqrt(w / t))`` where
    ``w = max(warmup_steps, 1)``; without warm-up this is the training-techniques lecture's
    ``alpha_t = alpha_0 / sqrt(t)`` (the Transformer schedule of Vaswani et al.).

    Parameters
    ----------
    optimizer : Optimizer
        Wrapped optimiser.
    warmup_steps : int, default=0
        Length of the linear warm-up.
    last_epoch : int, default=-1
        See :class:`LRScheduler`.
    """

    def __init__(self, optimizer: Optimizer, warmup_steps: int = 0, last_epoch: int = -1) -> None:
        if int(warmup_steps) != warmup_steps or warmup_steps < 0:
            raise ValueError(f"warmup_steps must be a non-negative integer, got {warmup_steps!r}")
        self.warmup_steps = int(warmup_steps)
        super().__init__(optimizer, last_epoch)

    def _lr(self, base_lr, epoch, group_index):
        return inverse_sqrt_lr(base_lr, epoch, self.warmup_steps)


class LambdaLR(LRScheduler):
    """``base * lr_lambda(e)``, with one function for all groups or one per group.

    Parameters
    ----------
    optimizer : Optimizer
        Wrapped optimiser.
    lr_lambda : callable or list of callables
        Multiplicative factor as a function of the step count.
    last_epoch : int, default=-1
        See :class:`LRScheduler`.
    """

    def __init__(self, optimizer: Optimizer,
                 lr_lambda: Callable[[int], float] | Sequence[Callable[[int], float]],
                 last_epoch: int = -1) -> None:
        n_groups = len(optimizer.param_groups)
        if isinstance(lr_lambda, (list, tuple)):
            if len(lr_lambda) != n_groups:
                raise ValueError(f"Expected {n_groups} lr_lambdas, but got {len(lr_lambda)}")
            self.lr_lambdas = list(lr_lambda)
        else:
            self.lr_lambdas = [lr_lambda] * n_groups
        super().__init__(optimizer, last_epoch)

    def _lr(self, base_lr, epoch, group_index):
        return base_lr * self.lr_lambdas[group_index](epoch)

    def state_dict(self) -> dict[str, Any]:
        """State without the functions (callable objects keep their ``__dict__``), as PyTorch."""
        state = {k: v for k, v in self.__dict__.items() if k not in ("optimizer", "lr_lambdas")}
        state["lr_lambdas"] = [
            None if isinstance(fn, types.FunctionType) else fn.__dict__.copy()
            for fn in self.lr_lambdas
        ]
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a state; the functions stay those given at construction."""
        state = dict(state_dict)
        lambdas = state.pop("lr_lambdas", [None] * len(self.lr_lambdas))
        self.__dict__.update(state)
        for fn, saved in zip(self.lr_lambdas, lambdas):
            if saved is not None:
                fn.__dict__.update(saved)


class SequentialLR(LRScheduler):
    """Run schedulers one after the other, switching at the milestones.

    Scheduler ``i`` takes over at step ``milestones[i - 1]`` and restarts its own count
    there (so a warm-up followed by a cosine decay is
    ``SequentialLR(opt, [LinearWarmupLR(opt, 5), CosineAnnealingLR(opt, 95)], [5])``).

    Parameters
    ----------
    optimizer : Optimizer
        Wrapped optimiser (the same as the schedulers').
    schedulers : list of LRScheduler
        The schedulers, in order.
    milestones : list of int
        ``len(schedulers) - 1`` increasing step counts.
    last_epoch : int, default=-1
        See :class:`LRScheduler`.
    """

    def __init__(self, optimizer: Optimizer, schedulers: Sequence[LRScheduler],
                 milestones: Sequence[int], last_epoch: int = -1) -> None:
        if len(schedulers) < 1:
            raise ValueError("SequentialLR expects at least one scheduler, but got no scheduler.")
        for i, scheduler in enumerate(schedulers):
            if not hasattr(scheduler, "optimizer"):
                raise TypeError(f"SequentialLR at index {i} should have `optimizer` as its attribute.")
            if scheduler.optimizer is not optimizer:
                raise ValueError(
                    "SequentialLR expects all schedulers to belong to the same optimizer, but "
                    f"got scheduler {type(scheduler).__name__} at index {i} with another one."
                )
        if len(milestones) != len(schedulers) - 1:
            raise ValueError(
                "Sequential Schedulers expects number of schedulers provided to be one more "
                f"than the number of milestone points, but got number of schedulers "
                f"{len(schedulers)} and the number of milestones to be equal to {len(milestones)}"
            )
        self._schedulers = list(schedulers)
        self._milestones = list(milestones)
        self.last_epoch = last_epoch + 1
        self.optimizer = optimizer
        for group in optimizer.param_groups:
            group["lr"] = group["initial_lr"]
        # Rewind the schedulers' own construction step, then start the first one.
        for scheduler in self._schedulers:
            _rewind(scheduler)
        current = self._schedulers[bisect_right(self._milestones, 0)]
        current._initial_step()
        self._last_lr = current.get_last_lr()

    def step(self) -> None:  # type: ignore[override]
        """Advance by one step the scheduler in charge (restarting it at its milestone)."""
        self.last_epoch += 1
        idx = bisect_right(self._milestones, self.last_epoch)
        scheduler = self._schedulers[idx]
        if idx > 0 and self._milestones[idx - 1] == self.last_epoch:
            scheduler._set_epoch(0)
        else:
            scheduler.step()
        self._last_lr = scheduler.get_last_lr()

    def state_dict(self) -> dict[str, Any]:
        """State including the wrapped schedulers' states."""
        state = {k: v for k, v in self.__dict__.items() if k not in ("optimizer", "_schedulers")}
        state["_schedulers"] = [s.state_dict() for s in self._schedulers]
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a state (and the wrapped schedulers')."""
        state = dict(state_dict)
        saved = state.pop("_schedulers")
        self.__dict__.update(state)
        for scheduler, s in zip(self._schedulers, saved):
            scheduler.load_state_dict(s)


def _rewind(scheduler: LRScheduler) -> None:
    # PyTorch's ``recursive_undo``: a nested SequentialLR rewinds its children only.
    if isinstance(scheduler, SequentialLR):
        for s in scheduler._schedulers:
            _rewind(s)
    else:
        scheduler.last_epoch -= 1
