"""The operator surface of :class:`Tensor`: arithmetic, maths, reductions, shapes, conversions.

The autograd core (``_tensor.py``) defines what a tensor *is*: an array, its gradient, the
graph node that produced it, and ``backward``. Everything a user calls on a tensor is here,
each method one line handing its arrays to a :class:`Function` of ``_ops.py`` (primitives)
or ``_functions.py`` (layer-level operations). The methods are written on a plain class,
:class:`TensorMethods`, and installed on :class:`Tensor` when this module is imported (the
package ``syllabus.autograd`` does so), which keeps the import graph a strict layering:
core <- Functions <- operator surface.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from . import _functions, _ops
from ._grad_mode import _mode
from ._tensor import _DEFAULT_FLOAT, Tensor

_make = Tensor._make


class TensorMethods:
    """The methods every :class:`Tensor` has beyond the core (installed on Tensor below)."""

    # ---- basic properties -------------------------------------------------------------
    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    def size(self, dim: int | None = None) -> tuple[int, ...] | int:
        """The shape, or its length along ``dim`` (PyTorch's ``Tensor.size``)."""
        return self.data.shape if dim is None else self.data.shape[dim]

    def numel(self) -> int:
        return self.data.size

    def dim(self) -> int:
        return self.data.ndim

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        body = np.array2string(self.data, separator=", ", prefix="tensor(")
        extra = "" if self.data.dtype == _DEFAULT_FLOAT else f", dtype={self.data.dtype}"
        if self._ctx is not None:
            extra += f", grad_fn=<{self._ctx.fn.__name__}Backward>"
        elif self.requires_grad:
            extra += ", requires_grad=True"
        return f"tensor({body}{extra})"

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        if dtype is not None and dtype != self.data.dtype:
            return self.data.astype(dtype)
        return self.data.copy() if copy else self.data

    def __bool__(self) -> bool:
        return bool(self.data)

    def __float__(self) -> float:
        return float(self.data)

    def __int__(self) -> int:
        return int(self.data)

    def __index__(self) -> int:
        return self.data.__index__()

    # ---- conversion -------------------------------------------------------------------
    def numpy(self) -> np.ndarray:
        """The values as a NumPy array (shares memory with the tensor)."""
        return self.data

    def item(self) -> Any:
        """The value of a one-element tensor as a Python number."""
        if self.data.size != 1:
            raise ValueError(
                f"a Tensor with {self.data.size} elements cannot be converted to a Python scalar"
            )
        return self.data.item()

    def tolist(self) -> Any:
        return self.data.tolist()

    __hash__ = object.__hash__  # == is elementwise, as in PyTorch; hash by identity

    def clone(self) -> Tensor:
        return _ops.Clone.apply(self)

    def astype(self, dtype: Any) -> Tensor:
        """A copy in another dtype (the gradient flows back, cast to this tensor's dtype)."""
        return _ops.Cast.apply(self, dtype=np.dtype(dtype))

    def to(self, dtype: Any) -> Tensor:
        """As :meth:`astype`; ``to("cpu")`` returns the tensor itself (NumPy is the device)."""
        if isinstance(dtype, str) and dtype == "cpu":
            return self
        return self.astype(dtype)

    def float(self) -> Tensor:
        return self.astype(np.float32)

    def double(self) -> Tensor:
        return self.astype(np.float64)

    # ---- operators (the Functions live in _ops.py) ------------------------------------
    def __add__(self, other: Any) -> Tensor: return _ops.Add.apply(self, other)
    def __radd__(self, other: Any) -> Tensor: return _ops.Add.apply(other, self)
    def __sub__(self, other: Any) -> Tensor: return _ops.Sub.apply(self, other)
    def __rsub__(self, other: Any) -> Tensor: return _ops.Sub.apply(other, self)
    def __mul__(self, other: Any) -> Tensor: return _ops.Mul.apply(self, other)
    def __rmul__(self, other: Any) -> Tensor: return _ops.Mul.apply(other, self)
    def __truediv__(self, other: Any) -> Tensor: return _ops.Div.apply(self, other)
    def __rtruediv__(self, other: Any) -> Tensor: return _ops.Div.apply(other, self)
    def __pow__(self, other: Any) -> Tensor: return _ops.Pow.apply(self, other)
    def __rpow__(self, other: Any) -> Tensor: return _ops.Pow.apply(other, self)
    def __matmul__(self, other: Any) -> Tensor: return _ops.MatMul.apply(self, other)
    def __rmatmul__(self, other: Any) -> Tensor: return _ops.MatMul.apply(other, self)
    def __neg__(self) -> Tensor: return _ops.Neg.apply(self)
    def __pos__(self) -> Tensor: return self
    def __abs__(self) -> Tensor: return _ops.Abs.apply(self)
    def __getitem__(self, index: Any) -> Tensor: return _ops.GetItem.apply(self, index=_index_arrays(index))

    # Comparisons give boolean tensors outside the graph.
    def __lt__(self, other: Any) -> Tensor: return _make(self.data < _data(other), None, 0)
    def __le__(self, other: Any) -> Tensor: return _make(self.data <= _data(other), None, 0)
    def __gt__(self, other: Any) -> Tensor: return _make(self.data > _data(other), None, 0)
    def __ge__(self, other: Any) -> Tensor: return _make(self.data >= _data(other), None, 0)
    def __eq__(self, other: Any) -> Tensor: return _make(self.data == _data(other), None, 0)  # type: ignore[override]
    def __ne__(self, other: Any) -> Tensor: return _make(self.data != _data(other), None, 0)  # type: ignore[override]

    def __setitem__(self, index, value) -> None:
        if self.requires_grad and _mode.enabled:
            raise RuntimeError(
                "in-place assignment to a tensor that requires grad; do it under no_grad()"
            )
        self.data[_index_arrays(index)] = _data(value)
        self._bump_version()

    # ---- elementwise maths ------------------------------------------------------------
    def exp(self) -> Tensor: return _ops.Exp.apply(self)
    def log(self) -> Tensor: return _ops.Log.apply(self)
    def sqrt(self) -> Tensor: return _ops.Sqrt.apply(self)
    def abs(self) -> Tensor: return _ops.Abs.apply(self)

    def clip(self, min: float | None = None, max: float | None = None) -> Tensor:  # noqa: A002
        """Clamp values to [min, max]; the gradient passes where min <= x <= max."""
        return _ops.Clip.apply(self, lo=min, hi=max)

    clamp = clip

    def relu(self) -> Tensor: return _functions.ReLU.apply(self)
    def sigmoid(self) -> Tensor: return _functions.Sigmoid.apply(self)
    def tanh(self) -> Tensor: return _functions.Tanh.apply(self)

    def softmax(self, dim: int = -1) -> Tensor:
        return _functions.Softmax.apply(self, dim=dim)

    def log_softmax(self, dim: int = -1) -> Tensor:
        return _functions.LogSoftmax.apply(self, dim=dim)

    # ---- reductions (``axis``/``keepdims``; PyTorch's ``dim``/``keepdim`` also accepted) -
    def sum(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return _ops.Sum.apply(self, axis=_axis(axis, dim), keepdims=bool(keepdim or keepdims))

    def mean(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return _ops.Mean.apply(self, axis=_axis(axis, dim), keepdims=bool(keepdim or keepdims))

    def max(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        """Maximum over ``axis`` (all axes by default).

        With ``axis`` (NumPy style) it returns the values, as ``torch.amax``: tied maxima
        share the gradient evenly. With ``dim`` (PyTorch style, an int) it returns
        ``(values, indices)`` as ``torch.max(dim)``: the gradient goes to the first maximum.
        """
        if dim is not None:
            return MinMax(*_ops.MaxWithIndices.apply(self, dim=dim, keepdim=bool(keepdim or keepdims)))
        return _ops.Max.apply(self, axis=_axis(axis, None), keepdims=bool(keepdims))

    def min(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        """Minimum, as :meth:`max` (``dim=`` returns ``(values, indices)``)."""
        if dim is not None:
            values, indices = _ops.MaxWithIndices.apply(-self, dim=dim, keepdim=bool(keepdim or keepdims))
            return MinMax(-values, indices)
        return -_ops.Max.apply(-self, axis=_axis(axis, None), keepdims=bool(keepdims))

    def amax(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        """Maximum values (``torch.amax``): tied maxima share the gradient evenly."""
        return _ops.Max.apply(self, axis=_axis(axis, dim), keepdims=bool(keepdim or keepdims))

    def amin(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        """Minimum values (``torch.amin``): tied minima share the gradient evenly."""
        return -_ops.Max.apply(-self, axis=_axis(axis, dim), keepdims=bool(keepdim or keepdims))

    def argmax(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return _make(np.argmax(self.data, axis=_axis(axis, dim),
                                      keepdims=bool(keepdim or keepdims)), None, 0)

    def argmin(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return _make(np.argmin(self.data, axis=_axis(axis, dim),
                                      keepdims=bool(keepdim or keepdims)), None, 0)

    # ---- shape ------------------------------------------------------------------------
    def reshape(self, *shape) -> Tensor:
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return _ops.Reshape.apply(self, shape=shape)

    view = reshape

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        shape = self.shape
        if not shape:
            return self.reshape(1)
        start, end = start_dim % len(shape), end_dim % len(shape)
        return self.reshape(*shape[:start], -1, *shape[end + 1:])

    def unsqueeze(self, dim: int) -> Tensor:
        dim = dim if dim >= 0 else dim + self.ndim + 1
        return self.reshape(*self.shape[:dim], 1, *self.shape[dim:])

    def squeeze(self, dim: int | None = None) -> Tensor:
        if dim is None:
            return self.reshape(*(n for n in self.shape if n != 1))
        if self.shape[dim] != 1:
            return self
        shape = list(self.shape)
        del shape[dim]
        return self.reshape(*shape)

    def permute(self, *dims) -> Tensor:
        if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
            dims = tuple(dims[0])
        return _ops.Permute.apply(self, dims=dims)

    def transpose(self, dim0: int = -2, dim1: int = -1) -> Tensor:
        """Swap two dimensions (PyTorch's ``transpose(dim0, dim1)``)."""
        dims = list(range(self.ndim))
        dims[dim0], dims[dim1] = dims[dim1], dims[dim0]
        return _ops.Permute.apply(self, dims=tuple(dims))

    @property
    def T(self) -> Tensor:
        return _ops.Permute.apply(self, dims=tuple(reversed(range(self.ndim))))


def _install(methods: type, cls: type) -> None:
    """Copy the methods (and properties, aliases) of ``methods`` onto ``cls``."""
    skip = {"__module__", "__qualname__", "__doc__", "__dict__", "__weakref__",
            "__firstlineno__", "__static_attributes__"}
    for name, value in vars(methods).items():
        if name not in skip:
            setattr(cls, name, value)


_install(TensorMethods, Tensor)


class MinMax(NamedTuple):
    """``(values, indices)`` of ``Tensor.max(dim=...)`` / ``Tensor.min(dim=...)``."""

    values: Tensor
    indices: Tensor


def tensor(data: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Make a :class:`Tensor` (PyTorch's ``torch.tensor``).

    A NumPy array keeps its dtype (float64 stays float64); Python floats and lists become
    float32, the default; integers stay integers.

    Parameters
    ----------
    data : array-like or Tensor
        The values.
    dtype : dtype, default=None
        Cast to this dtype.
    requires_grad : bool, default=False
        Record operations on the result for ``backward``.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import numpy as np, syllabus
    >>> syllabus.tensor([1.0, 2.0]).dtype
    dtype('float32')
    >>> syllabus.tensor(np.zeros(2)).dtype
    dtype('float64')
    """
    if isinstance(data, Tensor):
        data = data.data.copy()
    return Tensor(data, requires_grad=requires_grad, dtype=dtype)


def _data(x: Any) -> Any:
    return x.data if isinstance(x, Tensor) else x


def _axis(axis: Any, dim: Any) -> Any:
    axis = dim if dim is not None else axis
    return tuple(axis) if isinstance(axis, list) else axis


def _index_arrays(index: Any) -> Any:
    """Indices may hold tensors: use their arrays."""
    if isinstance(index, tuple):
        return tuple(i.data if isinstance(i, Tensor) else i for i in index)
    return index.data if isinstance(index, Tensor) else index
