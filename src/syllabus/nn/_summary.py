"""``summary(model, input_shape)``: each layer's output shape, parameter count and multiply-adds."""

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
    rows : list of (layer, output_shape, n_params, mult_adds)
        One row per leaf layer (and per layer with parameters of its own), in call order.
        ``mult_adds`` counts the multiply-adds of the layer's products for the whole batch
        (convolutions, transposed convolutions and linear layers; 0 for the others).
    total_params, trainable_params : int
        Parameters of the whole model (shared ones counted once).
    total_mult_adds : int
        Sum of the rows' multiply-adds: the cost of one forward pass.
    """

    rows: list[tuple[str, tuple, int, int]] = field(default_factory=list)
    total_params: int = 0
    trainable_params: int = 0
    input_shape: tuple = ()
    total_mult_adds: int = 0

    @property
    def non_trainable_params(self) -> int:
        return self.total_params - self.trainable_params

    def __str__(self) -> str:
        body = [(name, str(shape), f"{n:,}", f"{macs:,}") for name, shape, n, macs in self.rows]
        header = ("Layer (type)", "Output shape", "Param #", "Mult-adds")
        widths = [max(len(r[i]) for r in body + [header]) for i in range(4)]
        line = "-" * (sum(widths) + 9)
        fmt = f"{{:<{widths[0]}}}   {{:<{widths[1]}}}   {{:>{widths[2]}}}   {{:>{widths[3]}}}"
        out = [line, fmt.format(*header), "=" * len(line)]
        out += [fmt.format(*r) for r in body]
        out += ["=" * len(line),
                f"Input shape: {self.input_shape}",
                f"Total params: {self.total_params:,}",
                f"Trainable params: {self.trainable_params:,}",
                f"Non-trainable params: {self.non_trainable_params:,}",
                f"Total mult-adds: {self.total_mult_adds:,}",
                line]
        return "\n".join(out)


def mult_adds(module: Module, output_shape: tuple[int, ...]) -> int:
    """Multiply-adds of one forward pass of a convolution or linear layer giving ``output_shape``.

    A convolution computes ``C / groups * kh * kw`` products per output value; a transposed
    convolution ``C_out / groups * kh * kw`` per *input* value; a linear layer
    ``in_features`` per output value. Other layers count 0.

    Parameters
    ----------
    module : Module
    output_shape : tuple of int
        Shape of the module's output (batch included).

    Returns
    -------
    int

    Examples
    --------
    >>> from syllabus import nn
    >>> mult_adds(nn.Conv2d(3, 96, 11, stride=4), (1, 96, 55, 55))  # AlexNet's first layer
    105415200
    """
    kind = type(module).__name__
    size = int(np.prod(output_shape)) if output_shape else 0
    if kind == "Conv2d":
        return size * int(np.prod(module.weight.shape[1:]))
    if kind == "ConvTranspose2d":
        n, _, h_out, w_out = output_shape
        in_hw = [(o - op - 1 + 2 * p - d * (k - 1)) // s + 1 for o, op, p, d, k, s in zip(
            (h_out, w_out), module.output_padding, module.padding, module.dilation,
            module.kernel_size, module.stride)]
        return n * module.in_channels * in_hw[0] * in_hw[1] * int(np.prod(module.weight.shape[1:]))
    if kind == "Linear":
        return size * module.in_features
    return 0


def summary(model: Module, input_shape: tuple[int, ...], *, dtype: Any = None,
            print_summary: bool = True) -> ModelSummary:
    """Run ``model`` on zeros of ``input_shape`` and tabulate each layer's output shape,
    parameters and multiply-adds (see :func:`mult_adds`).

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

    The CNN lecture's AlexNet question: 227x227x3 images, 96 11x11 filters at stride 4.

    >>> table = summary(nn.Conv2d(3, 96, 11, stride=4), (1, 3, 227, 227), print_summary=False)
    >>> table.rows[0][1:]
    ((1, 96, 55, 55), 34944, 105415200)
    """
    if not isinstance(model, Module):
        raise TypeError(f"summary expects a Module, got {type(model).__name__}")
    params = list(model.parameters())
    if dtype is None:
        dtype = params[0].dtype if params else np.float32
    input_shape = tuple(int(n) for n in input_shape)

    names = {id(m): name for name, m in model.named_modules()}
    counters: dict[str, int] = {}
    rows: list[tuple[str, tuple, int, int]] = []

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
        rows.append((label, shape, own, mult_adds(module, shape) if isinstance(out, Tensor) else 0))

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
        total_mult_adds=sum(row[3] for row in rows),
    )
    if print_summary:
        print(result)
    return result
