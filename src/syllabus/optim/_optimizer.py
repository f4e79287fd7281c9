"""``Optimizer``: parameter groups, per-parameter state and state dicts, as in PyTorch."""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

__all__ = ["Optimizer"]


def _grad_array(param: Any) -> np.ndarray | None:
    """The gradient of a parameter as an array (``.grad`` may also be a Tensor)."""
    grad = param.grad
    if grad is None or isinstance(grad, np.ndarray):
        return grad
    return np.asarray(getattr(grad, "data", grad))


def _modified_in_place(param: Any) -> None:
    """Bump a tensor's version counter after an update: graphs that saved it become stale."""
    bump = getattr(param, "_bump_version", None)  # plain objects with a .data have none
    if bump is not None:
        bump()


def _call_closure(closure: Callable[[], Any]) -> Any:
    """Call ``closure`` with gradient recording on (PyTorch does the same)."""
    try:
        from syllabus.autograd import enable_grad
    except ImportError:  # pragma: no cover - autograd is part of the package
        return closure()
    with enable_grad():
        return closure()


def _loss_value(loss: Any) -> float:
    item = getattr(loss, "item", None)
    return float(item() if callable(item) else loss)


def _copy_value(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(_copy_value(v) for v in value)
    return value


class Optimizer:
    """Base class of the optimisers: parameter groups and per-parameter state.

    Subclasses implement :meth:`step`. A parameter is any object with a ``data``
    attribute (a NumPy array, updated *in place*) and a ``grad`` attribute (an array of
    the same shape, or None when it has no gradient), such as
    :class:`syllabus.nn.Parameter`.

    Parameters
    ----------
    params : iterable of parameters or of dicts
        The parameters to optimise, or parameter groups: dicts with a ``"params"`` entry
        and per-group options overriding ``defaults``.
    defaults : dict
        Default options of every group (``lr``...).

    Attributes
    ----------
    param_groups : list of dict
        The groups; ``group["lr"]`` can be changed between steps (schedulers do).
    state : dict
        Per-parameter state (keyed by the parameter), e.g. Adam's ``exp_avg``.
    defaults : dict
        The default options.
    """

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        if isinstance(params, np.ndarray) or hasattr(params, "data"):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of parameters "
                f"or dicts, but got {type(params).__name__}"
            )
        self.defaults = defaults
        self.state: defaultdict[Any, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for group in param_groups:
            self.add_param_group(group)

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {key}: {group[key]}" for key in sorted(group) if key != "params"]
        return "\n".join(lines) + "\n)"

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group of parameters (with its own options) to optimise."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        params = param_group["params"]
        if isinstance(params, np.ndarray) or hasattr(params, "data"):
            params = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections")
        params = list(params)
        for p in params:
            if not isinstance(getattr(p, "data", None), np.ndarray):
                raise TypeError(
                    "optimizer can only optimize parameters with a NumPy array `.data`, "
                    f"but one of the params is {type(p).__name__}"
                )
        group = {k: v for k, v in param_group.items() if k != "params"}
        for name, default in self.defaults.items():
            group.setdefault(name, default)
        group["params"] = params
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        ids = [id(p) for p in params]
        if len(set(ids)) != len(ids):
            raise ValueError("optimizer contains a parameter group with duplicate parameters")
        if seen & set(ids):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients: to None (default) or to zeros in place."""
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                else:
                    _grad_array(p)[...] = 0

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update the parameters once; ``closure`` re-evaluates and returns the loss."""
        raise NotImplementedError

    # ---------------------------------------------------------------- state dicts
    def state_dict(self) -> dict[str, Any]:
        """The optimiser state, PyTorch's layout: ``{"state": ..., "param_groups": ...}``.

        Parameters are replaced by their index (in the order of the groups); ``state``
        maps those indices to copies of each parameter's state (arrays and numbers).
        """
        index: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            packed = {k: copy.deepcopy(v) for k, v in group.items() if k != "params"}
            for p in group["params"]:
                index.setdefault(id(p), len(index))
            packed["params"] = [index[id(p)] for p in group["params"]]
            groups.append(packed)
        state = {}
        for p, s in self.state.items():
            # A rule's NamedTuple state is stored as PyTorch's dict, without the unused
            # (None) buffers; parameters without state (plain SGD) are left out.
            items = s._asdict() if hasattr(s, "_asdict") else s
            items = {k: _copy_value(v) for k, v in items.items() if v is not None}
            if id(p) in index and items:
                state[index[id(p)]] = items
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a state from :meth:`state_dict` (for parameters in the same order)."""
        groups = self.param_groups
        saved_groups = state_dict["param_groups"]
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved_groups)):
            raise ValueError(
                "loaded state dict contains a parameter group that doesn't match the size "
                "of optimizer's group"
            )
        id_map = {
            old: p
            for g, s in zip(groups, saved_groups)
            for old, p in zip(s["params"], g["params"])
        }
        self.state = defaultdict(dict)
        for key, values in state_dict["state"].items():
            key = int(key)  # indices may come back as strings from JSON
            if key not in id_map:
                continue
            p = id_map[key]
            self.state[p] = self._state_from_dict(
                {k: self._cast_state(p, k, v) for k, v in values.items()})
        for group, saved in zip(groups, saved_groups):
            params = group["params"]
            group.clear()
            group.update({k: copy.deepcopy(v) for k, v in saved.items() if k != "params"})
            group["params"] = params

    def _state_from_dict(self, values: dict[str, Any]) -> Any:
        """A parameter's state as this optimiser keeps it, from its state-dict form."""
        return values

    @staticmethod
    def _cast_state(param: Any, key: str, value: Any) -> Any:
        # Floating state follows the parameter's dtype (PyTorch's rule); counters stay.
        if key == "step":
            return int(value) if np.ndim(value) == 0 else value
        if isinstance(value, (list, tuple)):
            return type(value)(Optimizer._cast_state(param, key, v) for v in value)
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            return value.astype(param.data.dtype, copy=True)
        return _copy_value(value)
