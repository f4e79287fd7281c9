"""``summary(model, input_shape)``: each layer's output shape and parameter count."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..autograd import Tensor, no_grad
from ._module import Module, _forward_observers


@dataclass
class ModelSummary:
    """The table printed by :func:`summary`.

    Attributes
    ----------
    rows : list of (layer, output_shape, n_params)
        One row per leaf layer (and per layer with parameters of its own), in call order.
    total_params, trainable_params : int
        Parameters of the whole model (shared ones counted once).
    """

    rows: list[tuple[str, tuple, int]] = field(default_factory=list)
    total_params: int = 0
    trainable_params: int = 0
    input_shape: tuple = ()

    @property
    def non_trainable_params(self) -> int:
        return self.total_params - self.trainable_params

    def __str__(self) -> str:
        body = [(name, str(shape), f"{n:,}") for name, shape, n in self.rows]
        header = ("Layer (type)", "Output shape", "Param #")
        widths = [max(len(r[i]) for r in body + [header]) for i in range(3)]
        line = "-" * (sum(widths) + 6)
        fmt = f"{{:<{widths[0]}}}   {{:<{widths[1]}}}   {{:>{widths[2]}}}"
        out = [line, fmt.format(*header), "=" * len(line)]
        out += [fmt.format(*r) for r in body]
        out += ["=" * len(line),
                f"Input shape: {self.input_shape}",
                f"Total params: {self.total_params:,}",
                f"Trainable params: {self.trainable_params:,}",
                f"Non-trainable params: {self.non_trainable_params:,}",
                line]
        return "\n".join(out)


def summary(model: Module, input_shape: tuple[int, ...], *, dtype: Any = None,
            print_summary: bool = True) -> ModelSummary:
    """Run ``model`` on zeros of ``input_shape`` and tabulate each layer's output.

    The forward pass runs in evaluation mode without a graph, and the model's mode is
    restored afterwards.

    Parameters
    ----------
    model : Module
    input_shape : tuple of int
        Shape of one input batch, batch dimension included, e.g. ``(1, 784)``. A shape
        without the batch dimension (``(784,)``) also works: if the model rejects it, a
        batch of one is prepended.
    dtype : dtype, default=None
        Dtype of the zeros (default: the dtype of the model's first parameter, else float32).
    print_summary : bool, default=True
        Print the table.

    Returns
    -------
    ModelSummary
        ``str()`` of it is the table; ``total_params`` and ``trainable_params`` hold totals.

    Examples
    --------
    >>> from syllabus import nn, summary
    >>> model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    >>> summary(model, (1, 784), print_summary=False).total_params
    203530
    """
    if not isinstance(model, Module):
        raise TypeError(f"summary expects a Module, got {type(model).__name__}")
    params = list(model.parameters())
    if dtype is None:
        dtype = params[0].dtype if params else np.float32
    input_shape = tuple(int(n) for n in input_shape)

    names = {id(m): name for name, m in model.named_modules()}
    counters: dict[str, int] = {}
    rows: list[tuple[str, tuple, int]] = []

    def observe(module: Module, out: Any) -> None:
        own = sum(p.data.size for p in module.parameters(recurse=False))
        if any(True for _ in module.children()) and own == 0:
            return  # containers: their layers have rows of their own
        kind = type(module).__name__
        counters[kind] = counters.get(kind, 0) + 1
        name = names.get(id(module), "")
        label = f"{kind}-{counters[kind]}" + (f" ({name})" if name else "")
        shape = tuple(out.shape) if isinstance(out, Tensor) else (
            tuple(tuple(o.shape) for o in out if isinstance(o, Tensor))
            if isinstance(out, (tuple, list)) else ())
        rows.append((label, shape, own))

    was_training = model.training
    modes = {id(m): m.training for m in model.modules()}
    model.eval()
    _forward_observers.append(observe)
    try:
        with no_grad():
            try:
                model(Tensor(np.zeros(input_shape, dtype=dtype)))
                used_shape = input_shape
            except (ValueError, RuntimeError, IndexError):
                rows.clear()
                counters.clear()
                used_shape = (1, *input_shape)
                try:
                    model(Tensor(np.zeros(used_shape, dtype=dtype)))
                except Exception:
                    rows.clear()
                    model(Tensor(np.zeros(input_shape, dtype=dtype)))  # re-raise the first error
                    raise
    finally:
        _forward_observers.remove(observe)
        for m in model.modules():
            object.__setattr__(m, "training", modes[id(m)])
        object.__setattr__(model, "training", was_training)

    result = ModelSummary(
        rows=rows,
        total_params=sum(p.data.size for p in params),
        trainable_params=sum(p.data.size for p in params if p.requires_grad),
        input_shape=used_shape,
    )
    if print_summary:
        print(result)
    return result
