"""``Module`` and ``Parameter``: the containers of learnable state, as in PyTorch.

Assigning a :class:`Parameter` or a sub-``Module`` to an attribute registers it, so that
``parameters()``, ``state_dict()`` and ``__repr__`` follow with PyTorch's key names
(``0.weight``, ``running_mean``, ``num_batches_tracked``) and weight layouts. A module's
whole state lives in its ``__dict__`` (hyper-parameters and three registries), which is
what ``syllabus.io`` saves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import numpy as np

from ..autograd import Tensor
from ..autograd._tensor import _as_array

# Called as observer(module, output) after each module's forward (used by ``summary``).
_forward_observers: list[Callable[[Module, Any], None]] = []


class Parameter(Tensor):
    """A Tensor that a :class:`Module` registers as learnable (``requires_grad=True``).

    Optimisers update ``data`` in place (``p.data -= lr * p.grad``); ``grad`` has the shape
    and dtype of ``data``.

    Parameters
    ----------
    data : array-like or Tensor
        Initial values (a NumPy array or Tensor is shared, not copied).
    requires_grad : bool, default=True

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.nn import Parameter
    >>> p = Parameter(np.zeros(3, dtype=np.float32))
    >>> p.requires_grad, p.shape
    (True, (3,))
    """

    def __init__(self, data: Any = None, requires_grad: bool = True) -> None:
        if data is None:
            data = np.empty(0, dtype=np.float32)
        super().__init__(data.data if isinstance(data, Tensor) else data,
                         requires_grad=requires_grad)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()


class _IncompatibleKeys(NamedTuple):
    missing_keys: list[str]
    unexpected_keys: list[str]


def _add_indent(text: str, spaces: int) -> str:
    lines = text.split("\n")
    return lines[0] if len(lines) == 1 else "\n".join(
        [lines[0]] + [" " * spaces + line for line in lines[1:]])


class Module:
    """Base class of layers and models (PyTorch's ``torch.nn.Module``).

    Subclasses call ``super().__init__()``, assign Parameters and sub-modules as attributes,
    and define ``forward``; calling the module runs ``forward``.

    Attributes
    ----------
    training : bool
        Training mode (dropout active, batch norm on batch statistics) or evaluation mode.

    Examples
    --------
    >>> from syllabus import nn
    >>> class MLP(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.hidden = nn.Linear(4, 8)
    ...         self.out = nn.Linear(8, 2)
    ...     def forward(self, x):
    ...         return self.out(self.hidden(x).relu())
    >>> list(MLP().state_dict())
    ['hidden.weight', 'hidden.bias', 'out.weight', 'out.bias']
    """

    training: bool

    def __init__(self) -> None:
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_buffers", {})
        object.__setattr__(self, "_modules", {})

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} has no forward method")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        out = self.forward(*args, **kwargs)
        if _forward_observers:
            for observe in _forward_observers:
                observe(self, out)
        return out

    # ---- registration -----------------------------------------------------------------
    def _registries(self) -> tuple[dict, dict, dict]:
        try:
            d = self.__dict__
            return d["_parameters"], d["_buffers"], d["_modules"]
        except KeyError:
            raise AttributeError(
                f"cannot assign to {type(self).__name__} before Module.__init__() call"
            ) from None

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, (Parameter, Module)) or name in self.__dict__.get("_parameters", ()) \
                or name in self.__dict__.get("_buffers", ()) or name in self.__dict__.get("_modules", ()):
            params, buffers, modules = self._registries()
            if isinstance(value, Parameter):
                self._forget(name)
                params[name] = value
            elif isinstance(value, Module):
                self._forget(name)
                modules[name] = value
            elif name in params:
                if value is not None:
                    raise TypeError(f"cannot assign '{type(value).__name__}' as parameter "
                                    f"'{name}' (Parameter or None expected)")
                params[name] = None
            elif name in modules:
                if value is not None:
                    raise TypeError(f"cannot assign '{type(value).__name__}' as child module "
                                    f"'{name}' (Module or None expected)")
                modules[name] = None
            else:
                buffers[name] = _as_buffer(value)
            return
        object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        d = self.__dict__
        for registry in ("_parameters", "_buffers", "_modules"):
            reg = d.get(registry)
            if reg is not None and name in reg:
                return reg[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        if not self._forget(name):
            object.__delattr__(self, name)

    def _forget(self, name: str) -> bool:
        found = False
        for reg in self._registries():
            if name in reg:
                del reg[name]
                found = True
        if name in self.__dict__:
            object.__delattr__(self, name)
            found = True
        return found

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Add a parameter (or a None placeholder, e.g. a disabled bias) under ``name``."""
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{type(param).__name__}' as parameter '{name}' "
                            "(Parameter or None expected)")
        self._forget(name)
        self._registries()[0][name] = param

    def register_buffer(self, name: str, tensor: Any) -> None:
        """Add a state array that is not learned (e.g. ``running_mean``); it is saved in
        ``state_dict`` and cast by ``float()/double()``."""
        self._forget(name)
        self._registries()[1][name] = _as_buffer(tensor)

    def add_module(self, name: str, module: Module | None) -> None:
        """Add a child module under ``name``."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        self._forget(name)
        self._registries()[2][name] = module

    register_module = add_module

    # ---- traversal --------------------------------------------------------------------
    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """Yield ``(qualified name, module)`` for this module and all below it, once each."""
        seen: set[int] = set()
        stack = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if id(module) in seen:
                continue
            seen.add(id(module))
            yield name, module
            children = [(f"{name}.{k}" if name else k, m)
                        for k, m in module._modules.items() if m is not None]
            stack.extend(reversed(children))

    def modules(self) -> Iterator[Module]:
        for _, m in self.named_modules():
            yield m

    def named_children(self) -> Iterator[tuple[str, Module]]:
        for name, m in self._modules.items():
            if m is not None:
                yield name, m

    def children(self) -> Iterator[Module]:
        for _, m in self.named_children():
            yield m

    def named_parameters(self, prefix: str = "", recurse: bool = True) -> Iterator[tuple[str, Parameter]]:
        """Yield ``(name, parameter)`` pairs with PyTorch's dotted names; shared ones once."""
        yield from self._named_members("_parameters", prefix, recurse)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix: str = "", recurse: bool = True) -> Iterator[tuple[str, Tensor]]:
        yield from self._named_members("_buffers", prefix, recurse)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    def _named_members(self, registry: str, prefix: str, recurse: bool):
        seen: set[int] = set()
        modules = self.named_modules(prefix) if recurse else [(prefix, self)]
        for module_name, module in modules:
            for name, value in module.__dict__[registry].items():
                if value is None or id(value) in seen:
                    continue
                seen.add(id(value))
                yield (f"{module_name}.{name}" if module_name else name), value

    def apply(self, fn: Callable[[Module], Any]) -> Module:
        """Call ``fn`` on every sub-module (children first) and on this module."""
        for child in self.children():
            child.apply(fn)
        fn(self)
        return self

    # ---- modes, gradients, dtypes -----------------------------------------------------
    def train(self, mode: bool = True) -> Module:
        """Set training mode (``mode=True``) or evaluation mode on this module and below."""
        for m in self.modules():
            object.__setattr__(m, "training", bool(mode))
        return self

    def eval(self) -> Module:
        """Evaluation mode: dropout off, batch norm on running statistics."""
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of all parameters (to None by default, as PyTorch)."""
        for p in self.parameters():
            if set_to_none:
                p.grad = None
            elif p.grad is not None:
                p.grad[...] = 0

    def to(self, dtype: Any) -> Module:
        """Cast floating-point parameters and buffers to ``dtype`` (in place; "cpu" is a no-op)."""
        if isinstance(dtype, str) and dtype == "cpu":
            return self
        dtype = np.dtype(dtype)
        if dtype.kind != "f":
            raise TypeError(f"Module.to only accepts floating point dtypes, got {dtype}")
        for t in list(self.parameters()) + list(self.buffers()):
            if t.data.dtype.kind == "f" and t.data.dtype != dtype:
                t.data = t.data.astype(dtype)  # same Parameter object: optimisers keep it
                if t.grad is not None:
                    t.grad = t.grad.astype(dtype)
        return self

    def float(self) -> Module:
        return self.to(np.float32)

    def double(self) -> Module:
        return self.to(np.float64)

    # ---- state ------------------------------------------------------------------------
    def state_dict(self, prefix: str = "", keep_vars: bool = False) -> dict[str, Any]:
        """Parameters and buffers by PyTorch key name (``0.weight``, ``bn.running_mean``...).

        Values are the modules' own NumPy arrays (not copies, as in PyTorch); copy them to
        keep a snapshot. With ``keep_vars=True`` the Parameters/Tensors themselves.
        """
        out: dict[str, Any] = {}
        for module_name, module in self.named_modules(prefix.rstrip(".")):
            for registry in ("_parameters", "_buffers"):
                for name, value in module.__dict__[registry].items():
                    if value is not None:
                        key = f"{module_name}.{name}" if module_name else name
                        out[key] = value if keep_vars else value.data
        return out

    def load_state_dict(self, state_dict: dict[str, Any], strict: bool = True) -> _IncompatibleKeys:
        """Copy arrays (NumPy arrays, Tensors, or PyTorch tensors) into the parameters and buffers.

        Values are copied into the existing arrays (cast to their dtype); shapes must match.
        With ``strict=True`` missing or unexpected keys raise a ``RuntimeError``.
        """
        own = self.state_dict(keep_vars=True)
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        errors = []
        values = {}
        for key, target in own.items():
            if key not in state_dict:
                continue
            value = state_dict[key]
            value = np.asarray(value.data if isinstance(value, Tensor) else value)
            if value.shape != target.data.shape:
                errors.append(f"size mismatch for {key}: copying a param with shape {value.shape} "
                              f"from checkpoint, the shape in current model is {target.data.shape}.")
            values[key] = value
        if strict:
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing) + ".")
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: " + ", ".join(f'"{k}"' for k in unexpected) + ".")
        if errors:
            raise RuntimeError(f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                               + "\n\t".join(errors))
        for key, value in values.items():
            own[key].data[...] = value
            own[key]._bump_version()
        return _IncompatibleKeys(missing, unexpected)

    # ---- printing ---------------------------------------------------------------------
    def extra_repr(self) -> str:
        """The layer's settings shown inside its ``repr`` (override in subclasses)."""
        return ""

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [f"({name}): " + _add_indent(repr(m), 2) for name, m in self._modules.items()]
        lines = extra_lines + child_lines
        body = ""
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                body = extra_lines[0]
            else:
                body = "\n  " + "\n  ".join(lines) + "\n"
        return f"{type(self).__name__}({body})"

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._parameters) | set(self._buffers)
                      | set(self._modules))


def _as_buffer(value: Any) -> Tensor | None:
    if value is None or isinstance(value, Tensor):
        return value
    return Tensor(_as_array(value))
