"""``LBFGS``: the PyTorch-style optimiser over the flattened parameters."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ._lbfgs import LBFGSState, lbfgs_iterations
from ._optimizer import (
    Optimizer,
    _call_closure,
    _grad_array,
    _loss_value,
    _modified_in_place,
)

__all__ = ["LBFGS"]

_LIST_FIELDS = ("old_dirs", "old_stps", "ro")


class LBFGS(Optimizer):
    """L-BFGS, as ``torch.optim.LBFGS``: up to ``max_iter`` iterations per :meth:`step`.

    The parameters are treated as one flat vector. Each iteration takes the direction
    ``-H g`` of the two-loop recursion over the last ``history_size`` curvature pairs and
    either a fixed step ``lr`` or a strong-Wolfe line search
    (``line_search_fn="strong_wolfe"``); the very first step is
    ``min(1, 1 / ||g||_1) * lr``. The history is kept across calls of :meth:`step`.

    Parameters
    ----------
    params : iterable
        Parameters (a single group).
    lr : float, default=1
        Learning rate (initial step of the line search).
    max_iter : int, default=20
        Maximum number of iterations per step.
    max_eval : int, optional
        Maximum number of closure evaluations per step (default ``max_iter * 5 // 4``).
    tolerance_grad : float, default=1e-7
        Stop when ``max |g| <= tolerance_grad``.
    tolerance_change : float, default=1e-9
        Stop when the loss or the parameters change less than this.
    history_size : int, default=100
        Number of curvature pairs kept.
    line_search_fn : {None, "strong_wolfe"}, default=None
        Line search.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.optim import LBFGS
    >>> class P:  # any object with .data / .grad arrays, e.g. syllabus.nn.Parameter
    ...     def __init__(self, a): self.data, self.grad = a, None
    >>> x = P(np.array([-1.2, 1.0]))
    >>> def closure():
    ...     a, b = x.data
    ...     x.grad = np.array([-400 * a * (b - a * a) - 2 * (1 - a), 200 * (b - a * a)])
    ...     return 100 * (b - a * a) ** 2 + (1 - a) ** 2
    >>> opt = LBFGS([x], max_iter=100, line_search_fn="strong_wolfe")
    >>> _ = opt.step(closure)
    >>> np.round(x.data, 4)
    array([1., 1.])
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1.0,
        max_iter: int = 20,
        max_eval: int | None = None,
        tolerance_grad: float = 1e-7,
        tolerance_change: float = 1e-9,
        history_size: int = 100,
        line_search_fn: str | None = None,
    ) -> None:
        if not lr >= 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if line_search_fn not in (None, "strong_wolfe"):
            raise ValueError(f"only 'strong_wolfe' is supported, got {line_search_fn!r}")
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = {"lr": lr, "max_iter": max_iter, "max_eval": max_eval,
                    "tolerance_grad": tolerance_grad, "tolerance_change": tolerance_change,
                    "history_size": history_size, "line_search_fn": line_search_fn}
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        self._params = self.param_groups[0]["params"]

    def _gather_flat(self, attr: str) -> np.ndarray:
        arrays = []
        for p in self._params:
            a = p.data if attr == "data" else _grad_array(p)
            arrays.append(np.zeros(p.data.size, p.data.dtype) if a is None else a.ravel())
        return np.concatenate(arrays)

    def _set_flat(self, x: np.ndarray) -> None:
        offset = 0
        for p in self._params:
            n = p.data.size
            p.data[...] = x[offset:offset + n].reshape(p.data.shape)
            _modified_in_place(p)
            offset += n

    def step(self, closure: Callable[[], Any]) -> Any:  # type: ignore[override]
        """Run up to ``max_iter`` L-BFGS iterations.

        Parameters
        ----------
        closure : callable
            Clears the gradients, computes the loss, back-propagates and returns the loss.

        Returns
        -------
        loss
            The closure's value at the parameters before the step.
        """
        if closure is None:
            raise ValueError("LBFGS.step needs a closure that re-evaluates the loss")
        group = self.param_groups[0]
        state = self.state[self._params[0]]
        first_loss: list[Any] = []

        def fun_and_grad(x: np.ndarray) -> tuple[float, np.ndarray]:
            self._set_flat(x)
            loss = _call_closure(closure)
            if not first_loss:
                first_loss.append(loss)
            return _loss_value(loss), self._gather_flat("grad")

        run = lbfgs_iterations(
            fun_and_grad, self._gather_flat("data"), self._lbfgs_state(state),
            lr=group["lr"], max_iter=group["max_iter"], max_eval=group["max_eval"],
            tolerance_grad=group["tolerance_grad"], tolerance_change=group["tolerance_change"],
            history_size=group["history_size"], line_search_fn=group["line_search_fn"],
        )
        self._set_flat(run.x)
        self._save_state(state, run.state)
        return first_loss[0]

    @staticmethod
    def _lbfgs_state(state: dict[str, Any]) -> LBFGSState:
        values = {k: state[k] for k in LBFGSState._fields if state.get(k) is not None}
        for k in _LIST_FIELDS:
            if k in values:
                values[k] = tuple(values[k])
        return LBFGSState(**values)

    @staticmethod
    def _save_state(state: dict[str, Any], new: LBFGSState) -> None:
        state.clear()
        for k, v in new._asdict().items():
            if k in _LIST_FIELDS:
                v = list(v)
            if v is not None:
                state[k] = v
