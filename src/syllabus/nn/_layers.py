"""Layers: Linear, Maxout, Dropout, BatchNorm1d/2d, Embedding, Flatten, Unflatten, Identity,
containers."""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from ..autograd import Tensor
from . import functional as F
from . import init
from ._module import Module, Parameter


def _float_dtype(dtype: Any) -> np.dtype:
    dtype = np.dtype(np.float32 if dtype is None else dtype)
    if dtype.kind != "f":
        raise TypeError(f"layers hold floating point parameters, got dtype {dtype}")
    return dtype


def _check_positive_int(name: str, value: Any, owner: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ValueError(f"{owner}: {name} must be a positive integer, got {value!r}")


def _reset_linear(weight: Parameter, bias: Parameter | None) -> None:
    """PyTorch's default: kaiming_uniform_(a=sqrt(5)) then bias ~ U(+-1/sqrt(fan_in))."""
    init.kaiming_uniform_(weight, a=math.sqrt(5))
    if bias is not None:
        fan_in, _ = init._calculate_fan_in_and_fan_out(weight)
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0.0
        init.uniform_(bias, -bound, bound)


class Linear(Module):
    """Affine layer ``y = x W^T + b``.

    Parameters
    ----------
    in_features, out_features : int
        Sizes of each input and output sample.
    bias : bool, default=True
        Learn an additive bias.
    dtype : dtype, default=float32

    Attributes
    ----------
    weight : Parameter of shape (out_features, in_features)
        Initialised from U(-1/sqrt(in_features), 1/sqrt(in_features)) (PyTorch's
        ``kaiming_uniform_(a=sqrt(5))``).
    bias : Parameter of shape (out_features,) or None
        Initialised from the same uniform distribution.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> layer = nn.Linear(4, 3)
    >>> layer(np.ones((2, 4), dtype=np.float32)).shape
    (2, 3)
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True,
                 dtype: Any = None) -> None:
        super().__init__()
        _check_positive_int("in_features", in_features, "Linear")
        _check_positive_int("out_features", out_features, "Linear")
        dtype = _float_dtype(dtype)
        self.in_features = int(in_features)
        self.out_features = int(out_features)
        self.weight = Parameter(np.empty((out_features, in_features), dtype=dtype))
        self.register_parameter("bias", Parameter(np.empty(out_features, dtype=dtype)) if bias else None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        _reset_linear(self.weight, self.bias)

    def forward(self, input: Any) -> Tensor:
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


class Maxout(Module):
    """Maxout units (Goodfellow et al., 2013): ``y_o = max_j (w_{oj}^T x + b_{oj})``.

    Each of the ``out_features`` units takes the maximum of ``pool_size`` affine pieces; it
    generalises ReLU (``max(0, w^T x + b)`` is a two-piece maxout) and leaky ReLU.

    Parameters
    ----------
    in_features, out_features : int
    pool_size : int, default=2
        Number of pieces per unit.
    bias : bool, default=True
    dtype : dtype, default=float32

    Attributes
    ----------
    weight : Parameter of shape (out_features * pool_size, in_features)
        Row ``o * pool_size + j`` is piece ``j`` of unit ``o``; initialised as Linear's.
    bias : Parameter of shape (out_features * pool_size,) or None

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> nn.Maxout(4, 3, pool_size=2)(np.ones((5, 4), dtype=np.float32)).shape
    (5, 3)
    """

    def __init__(self, in_features: int, out_features: int, pool_size: int = 2,
                 bias: bool = True, dtype: Any = None) -> None:
        super().__init__()
        for name, value in (("in_features", in_features), ("out_features", out_features),
                            ("pool_size", pool_size)):
            _check_positive_int(name, value, "Maxout")
        dtype = _float_dtype(dtype)
        self.in_features, self.out_features, self.pool_size = in_features, out_features, pool_size
        rows = out_features * pool_size
        self.weight = Parameter(np.empty((rows, in_features), dtype=dtype))
        self.register_parameter("bias", Parameter(np.empty(rows, dtype=dtype)) if bias else None)
        _reset_linear(self.weight, self.bias)

    def forward(self, input: Any) -> Tensor:
        z = F.linear(input, self.weight, self.bias)
        return z.reshape(*z.shape[:-1], self.out_features, self.pool_size).max(axis=-1)

    def extra_repr(self) -> str:
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"pool_size={self.pool_size}, bias={self.bias is not None}")


class Dropout(Module):
    """Inverted dropout: in training, zero each element with probability ``p`` and scale the
    others by ``1 / (1 - p)``; the identity in evaluation mode.

    Parameters
    ----------
    p : float, default=0.5
        Probability of zeroing an element.
    inplace : bool, default=False
        Accepted for PyTorch compatibility; ignored.
    """

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:
        return F.dropout(input, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class _BatchNorm(Module):
    _expected_ndim: tuple[int, ...] = ()

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True, dtype: Any = None, *,
                 bias: bool = True) -> None:
        super().__init__()
        _check_positive_int("num_features", num_features, type(self).__name__)
        dtype = _float_dtype(dtype)
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        if affine:
            self.weight = Parameter(np.ones(num_features, dtype=dtype))
            self.register_parameter(
                "bias", Parameter(np.zeros(num_features, dtype=dtype)) if bias else None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", np.zeros(num_features, dtype=dtype))
            self.register_buffer("running_var", np.ones(num_features, dtype=dtype))
            self.register_buffer("num_batches_tracked", np.array(0, dtype=np.int64))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def reset_running_stats(self) -> None:
        if self.track_running_stats:
            self.running_mean.data[...] = 0
            self.running_var.data[...] = 1
            self.num_batches_tracked.data[...] = 0

    def forward(self, input: Any) -> Tensor:
        ndim = np.ndim(input.data if isinstance(input, Tensor) else input)
        if ndim not in self._expected_ndim:
            dims = " or ".join(f"{d}D" for d in self._expected_ndim)
            raise ValueError(f"{type(self).__name__}: expected {dims} input (got {ndim}D input)")
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked.data += 1
            if self.momentum is None:  # cumulative moving average
                factor = 1.0 / float(self.num_batches_tracked.data)
        use_batch_stats = self.training or self.running_mean is None
        keep = not self.training or self.track_running_stats
        return F.batch_norm(input, self.running_mean if keep else None,
                            self.running_var if keep else None, self.weight, self.bias,
                            use_batch_stats, factor, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self.bias is not None}, "
                f"track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, L) inputs, per channel C.

    ``y = (x - mean) / sqrt(var + eps) * weight + bias``. In training the batch mean and
    biased variance are used and the running statistics updated as
    ``running = (1 - momentum) running + momentum batch`` (unbiased variance; a cumulative
    average when ``momentum=None``); in evaluation the running statistics are used.

    Parameters
    ----------
    num_features : int
        Number of channels C.
    eps : float, default=1e-5
    momentum : float or None, default=0.1
    affine : bool, default=True
        Learn ``weight`` (init 1) and ``bias`` (init 0).
    track_running_stats : bool, default=True
        Keep ``running_mean``, ``running_var`` and ``num_batches_tracked`` buffers.
    dtype : dtype, default=float32
    bias : bool, default=True
        With ``affine``, also learn ``bias`` (keyword-only, as in PyTorch 2.13).

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> bn = nn.BatchNorm1d(3)
    >>> y = bn(np.random.default_rng(0).normal(size=(8, 3)).astype(np.float32))
    >>> np.allclose(y.data.mean(0), 0, atol=1e-6)
    True
    """

    _expected_ndim = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of (N, C, H, W) images, per channel C.

    ``y = (x - mean) / sqrt(var + eps) * weight + bias``, the statistics taken over N, H and W
    for each channel; the training/evaluation rules are those of :class:`BatchNorm1d`.

    Parameters
    ----------
    num_features : int
        Number of channels C.
    eps : float, default=1e-5
    momentum : float or None, default=0.1
        ``running = (1 - momentum) running + momentum batch``; None: cumulative average.
    affine : bool, default=True
        Learn ``weight`` (init 1) and ``bias`` (init 0).
    track_running_stats : bool, default=True
        Keep ``running_mean``, ``running_var`` and ``num_batches_tracked`` buffers.
    dtype : dtype, default=float32
    bias : bool, default=True
        With ``affine``, also learn ``bias`` (keyword-only).

    Shape
    -----
    - Input: (N, C, H, W).
    - Output: (N, C, H, W).

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> bn = nn.BatchNorm2d(3)
    >>> y = bn(np.random.default_rng(0).normal(size=(4, 3, 5, 5)).astype(np.float32))
    >>> y.shape, np.allclose(y.data.mean(axis=(0, 2, 3)), 0, atol=1e-5)
    ((4, 3, 5, 5), True)
    """

    _expected_ndim = (4,)


class Embedding(Module):
    """A lookup table: integer indices of any shape to rows of ``weight`` (N(0, 1) init).

    Parameters
    ----------
    num_embeddings : int
        Size of the vocabulary.
    embedding_dim : int
        Size of each vector.
    padding_idx : int, optional
        This row is initialised to zeros and receives no gradient.
    dtype : dtype, default=float32

    Examples
    --------
    >>> from syllabus import nn
    >>> nn.Embedding(10, 3)([[1, 2], [3, 9]]).shape
    (2, 2, 3)
    """

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None,
                 dtype: Any = None) -> None:
        super().__init__()
        _check_positive_int("num_embeddings", num_embeddings, "Embedding")
        _check_positive_int("embedding_dim", embedding_dim, "Embedding")
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise ValueError("Embedding: padding_idx must be within num_embeddings")
            padding_idx %= num_embeddings
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.padding_idx = padding_idx
        self.weight = Parameter(np.empty((num_embeddings, embedding_dim), dtype=_float_dtype(dtype)))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        init.normal_(self.weight)
        if self.padding_idx is not None:
            self.weight.data[self.padding_idx] = 0

    def forward(self, input: Any) -> Tensor:
        return F.embedding(input, self.weight, self.padding_idx)

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        return s + (f", padding_idx={self.padding_idx}" if self.padding_idx is not None else "")


class Flatten(Module):
    """Flatten the dimensions ``start_dim`` to ``end_dim`` (inclusive) into one.

    Parameters
    ----------
    start_dim : int, default=1
        First dimension to flatten (the default keeps the batch dimension).
    end_dim : int, default=-1
        Last dimension to flatten.

    Shape
    -----
    - Input: (*, S_start, ..., S_end, *).
    - Output: (*, S_start * ... * S_end, *).

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> nn.Flatten()(np.zeros((2, 3, 4, 5), dtype=np.float32)).shape
    (2, 60)
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input: Any) -> Tensor:
        input = input if isinstance(input, Tensor) else Tensor(input)
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Split dimension ``dim`` into ``unflattened_size`` (the inverse of :class:`Flatten`).

    Parameters
    ----------
    dim : int
        Dimension to split (negative counts from the end).
    unflattened_size : tuple of int
        Its new shape; one entry may be -1.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> nn.Unflatten(1, (4, 5, 3))(np.zeros((2, 60), dtype=np.float32)).shape
    (2, 4, 5, 3)
    """

    def __init__(self, dim: int, unflattened_size: Any) -> None:
        super().__init__()
        self.dim = dim
        self.unflattened_size = tuple(unflattened_size)

    def forward(self, input: Any) -> Tensor:
        input = input if isinstance(input, Tensor) else Tensor(input)
        shape = input.shape
        if not -len(shape) <= self.dim < len(shape):
            raise ValueError(f"Unflatten: dim {self.dim} is out of range for an input of shape {shape}")
        dim = self.dim % len(shape)
        known = int(np.prod([n for n in self.unflattened_size if n != -1]))
        size = shape[dim]
        if (self.unflattened_size.count(-1) > 1 or known == 0
                or (size % known if -1 in self.unflattened_size else size != known)):
            raise ValueError(f"Unflatten: cannot split dimension {self.dim} of size {size} (input "
                             f"shape {shape}) into {self.unflattened_size}")
        return input.reshape(*shape[:dim], *self.unflattened_size, *shape[dim + 1:])

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


class Identity(Module):
    """Return the input unchanged (a placeholder layer).

    Parameters
    ----------
    *args, **kwargs
        Accepted and ignored (as in PyTorch).

    Shape
    -----
    - Input: any shape.
    - Output: the input itself.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Any) -> Any:
        return input


class Sequential(Module):
    """Modules applied in order: ``Sequential(f, g, h)(x) = h(g(f(x)))``.

    Parameters
    ----------
    *modules : Module
        The layers, registered as children named ``"0"``, ``"1"``...; or a single
        ``OrderedDict`` mapping names to modules.

    Shape
    -----
    - Input: what the first module accepts.
    - Output: what the last module returns.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    >>> list(model.state_dict())
    ['0.weight', '0.bias', '2.weight', '2.bias']
    >>> model(np.zeros((5, 784), dtype=np.float32)).shape
    (5, 10)
    """

    def __init__(self, *modules: Module) -> None:
        super().__init__()
        if len(modules) == 1 and isinstance(modules[0], OrderedDict):
            for name, m in modules[0].items():
                self.add_module(name, m)
        else:
            for i, m in enumerate(modules):
                self.add_module(str(i), m)

    def forward(self, input: Any) -> Any:
        for m in self._modules.values():
            input = m(input)
        return input

    def append(self, module: Module) -> Sequential:
        self.add_module(str(len(self._modules)), module)
        return self

    def __getitem__(self, index: int | slice) -> Any:
        items = list(self._modules.items())
        if isinstance(index, slice):
            return Sequential(OrderedDict(items[index]))
        return items[index][1]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())


class ModuleList(Module):
    """A list of modules registered as children ``"0"``, ``"1"``..., so their parameters are
    found by ``parameters()`` and ``state_dict()``; it is not callable itself.

    Parameters
    ----------
    modules : iterable of Module, optional
        Initial modules, appended in order.

    Examples
    --------
    >>> from syllabus import nn
    >>> layers = nn.ModuleList([nn.Linear(3, 3) for _ in range(2)])
    >>> len(list(layers.parameters()))
    4
    >>> list(layers.state_dict())[:2]
    ['0.weight', '0.bias']
    """

    def __init__(self, modules: Iterable[Module] | None = None) -> None:
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def append(self, module: Module) -> ModuleList:
        self.add_module(str(len(self._modules)), module)
        return self

    def extend(self, modules: Iterable[Module]) -> ModuleList:
        for m in modules:
            self.append(m)
        return self

    def insert(self, index: int, module: Module) -> None:
        items = list(self._modules.values())
        items.insert(index, module)
        self._modules.clear()
        for m in items:
            self.append(m)

    def __getitem__(self, index: int | slice) -> Any:
        items = list(self._modules.values())
        if isinstance(index, slice):
            return ModuleList(items[index])
        return items[index]

    def __setitem__(self, index: int, module: Module) -> None:
        if not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        self._modules[list(self._modules)[index]] = module  # keeps its place

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())
