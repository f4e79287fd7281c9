"""Primitive Functions: arithmetic, matmul, reductions, elementwise maths, shapes, indexing.

Each Function's forward and backward sit side by side; the comment gives the local rule,
with ``g`` the gradient of the loss with respect to the output. Binary operations follow
NumPy broadcasting, and :func:`unbroadcast` sums the gradient back to each input's shape.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._tensor import Function, Tensor, unbroadcast


def _shape(x: Any) -> tuple[int, ...]:
    return np.shape(x)


def _check_broadcast(op: str, a: Any, b: Any) -> None:
    try:
        np.broadcast_shapes(_shape(a), _shape(b))
    except ValueError:
        raise ValueError(
            f"{op}: shapes {_shape(a)} and {_shape(b)} cannot be broadcast together"
        ) from None


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):  # y = a + b
        ctx.shapes = (_shape(a), _shape(b))
        try:
            return np.add(a, b)
        except ValueError:
            _check_broadcast("add", a, b)
            raise

    @staticmethod
    def backward(ctx, g):  # da = g, db = g (summed over broadcast axes)
        sa, sb = ctx.shapes
        return (unbroadcast(g, sa) if ctx.needs_input_grad[0] else None,
                unbroadcast(g, sb) if ctx.needs_input_grad[1] else None)


class Sub(Function):
    @staticmethod
    def forward(ctx, a, b):  # y = a - b
        ctx.shapes = (_shape(a), _shape(b))
        try:
            return np.subtract(a, b)
        except ValueError:
            _check_broadcast("sub", a, b)
            raise

    @staticmethod
    def backward(ctx, g):  # da = g, db = -g
        sa, sb = ctx.shapes
        return (unbroadcast(g, sa) if ctx.needs_input_grad[0] else None,
                unbroadcast(-g, sb) if ctx.needs_input_grad[1] else None)


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):  # y = a * b
        ctx.save_for_backward(a, b)
        try:
            return np.multiply(a, b)
        except ValueError:
            _check_broadcast("mul", a, b)
            raise

    @staticmethod
    def backward(ctx, g):  # da = g * b, db = g * a
        a, b = ctx.saved_tensors
        return (unbroadcast(g * b, _shape(a)) if ctx.needs_input_grad[0] else None,
                unbroadcast(g * a, _shape(b)) if ctx.needs_input_grad[1] else None)


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):  # y = a / b
        ctx.save_for_backward(a, b)
        try:
            return np.divide(a, b)
        except ValueError:
            _check_broadcast("div", a, b)
            raise

    @staticmethod
    def backward(ctx, g):  # da = g / b, db = -g a / b^2
        a, b = ctx.saved_tensors
        return (unbroadcast(g / b, _shape(a)) if ctx.needs_input_grad[0] else None,
                unbroadcast(-g * a / (b * b), _shape(b)) if ctx.needs_input_grad[1] else None)


class Pow(Function):
    @staticmethod
    def forward(ctx, a, b):  # y = a ** b
        y = np.power(a, b)
        ctx.save_for_backward(a, b, y)
        return y

    @staticmethod
    def backward(ctx, g):  # da = g b a^(b-1), db = g y log(a)
        a, b, y = ctx.saved_tensors
        ga = gb = None
        if ctx.needs_input_grad[0]:
            ga = unbroadcast(g * b * np.power(a, np.subtract(b, 1)), _shape(a))
        if ctx.needs_input_grad[1]:
            with np.errstate(divide="ignore", invalid="ignore"):
                gb = unbroadcast(np.where(y == 0, 0, g * y * np.log(a)), _shape(b))
        return ga, gb


class Neg(Function):
    @staticmethod
    def forward(ctx, a):  # y = -a
        return np.negative(a)

    @staticmethod
    def backward(ctx, g):  # da = -g
        return -g


class Clone(Function):
    @staticmethod
    def forward(ctx, a):  # y = a (a copy)
        return a.copy()

    @staticmethod
    def backward(ctx, g):  # da = g
        return g


class Cast(Function):
    @staticmethod
    def forward(ctx, a, dtype):  # y = a in another dtype
        ctx.dtype = a.dtype
        return a.astype(dtype)

    @staticmethod
    def backward(ctx, g):  # da = g, cast back
        return g.astype(ctx.dtype)


def _matmul_error(a: np.ndarray, b: np.ndarray) -> ValueError:
    return ValueError(
        f"matmul: shapes {a.shape} and {b.shape} are not aligned: the last dimension of the "
        f"first ({a.shape[-1] if a.ndim else '-'}) must equal the "
        f"{'first' if b.ndim == 1 else 'second-to-last'} dimension of the second "
        f"({b.shape[0] if b.ndim == 1 else (b.shape[-2] if b.ndim >= 2 else '-')})"
    )


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):  # y = a @ b
        a, b = np.asarray(a), np.asarray(b)
        if a.ndim == 0 or b.ndim == 0 or a.shape[-1] != b.shape[0 if b.ndim == 1 else -2]:
            raise _matmul_error(a, b)
        ctx.save_for_backward(a, b)
        return a @ b

    @staticmethod
    def backward(ctx, g):  # da = g @ b^T, db = a^T @ g (vectors promoted to matrices)
        a, b = ctx.saved_tensors
        a2 = a[None, :] if a.ndim == 1 else a
        b2 = b[:, None] if b.ndim == 1 else b
        g2 = np.expand_dims(g, -1) if b.ndim == 1 else g
        if a.ndim == 1:
            g2 = np.expand_dims(g2, -2)
        ga = gb = None
        if ctx.needs_input_grad[0]:
            ga = g2 @ np.swapaxes(b2, -1, -2)
            ga = unbroadcast(ga, a2.shape).reshape(a.shape)
        if ctx.needs_input_grad[1]:
            if a2.ndim == 2 and g2.ndim == 2:
                gb = a2.T @ g2
            else:
                gb = np.swapaxes(a2, -1, -2) @ g2
            gb = unbroadcast(gb, b2.shape).reshape(b.shape)
        return ga, gb


def _expand(g: np.ndarray, shape: tuple[int, ...], axis: Any, keepdims: bool) -> np.ndarray:
    """Put back the reduced axes of ``g`` (size 1) so it broadcasts against ``shape``."""
    if axis is None or keepdims:
        return g if keepdims or axis is not None else np.reshape(g, (1,) * len(shape))
    axes = (axis,) if isinstance(axis, int) else axis
    return np.expand_dims(g, tuple(a % len(shape) for a in axes))


def _count(shape: tuple[int, ...], axis: Any) -> int:
    if axis is None:
        return int(np.prod(shape))
    axes = (axis,) if isinstance(axis, int) else axis
    return int(np.prod([shape[a] for a in axes]))


class Sum(Function):
    @staticmethod
    def forward(ctx, a, axis=None, keepdims=False):  # y = sum_i a_i
        ctx.args = (a.shape, axis, keepdims)
        return np.sum(a, axis=axis, keepdims=keepdims)

    @staticmethod
    def backward(ctx, g):  # da_i = g
        shape, axis, keepdims = ctx.args
        return np.broadcast_to(_expand(g, shape, axis, keepdims), shape)


class Mean(Function):
    @staticmethod
    def forward(ctx, a, axis=None, keepdims=False):  # y = (1/n) sum_i a_i
        ctx.args = (a.shape, axis, keepdims)
        return np.mean(a, axis=axis, keepdims=keepdims)

    @staticmethod
    def backward(ctx, g):  # da_i = g / n
        shape, axis, keepdims = ctx.args
        g = _expand(g, shape, axis, keepdims) / _count(shape, axis)
        return np.broadcast_to(g, shape)


class Max(Function):
    @staticmethod
    def forward(ctx, a, axis=None, keepdims=False):  # y = max_i a_i
        y = np.max(a, axis=axis, keepdims=True)
        ctx.save_for_backward(a, y)
        ctx.args = (axis, keepdims)
        return y if keepdims else (y.reshape(()) if axis is None else np.squeeze(y, axis))

    @staticmethod
    def backward(ctx, g):  # da_i = g [a_i = max] / #ties  (tied maxima share, as torch.amax)
        a, y = ctx.saved_tensors
        axis, keepdims = ctx.args
        is_max = a == y
        count = np.sum(is_max, axis=axis, keepdims=True, dtype=a.dtype)
        return _expand(g, a.shape, axis, keepdims) * is_max / count


class MaxWithIndices(Function):
    @staticmethod
    def forward(ctx, a, dim, keepdim=False):  # y = max_i a_i and its (first) index
        idx = np.expand_dims(np.argmax(a, axis=dim), dim)
        values = np.take_along_axis(a, idx, axis=dim)
        ctx.args = (a.shape, a.dtype, idx, dim, keepdim)
        if not keepdim:
            return np.squeeze(values, dim), np.squeeze(idx, dim)
        return values, idx

    @staticmethod
    def backward(ctx, g, _):  # da_i = g at the first maximum only (as torch.max(dim))
        shape, dtype, idx, dim, keepdim = ctx.args
        grad = np.zeros(shape, dtype=np.result_type(dtype, g.dtype))
        np.put_along_axis(grad, idx, g if keepdim else np.expand_dims(g, dim), axis=dim)
        return grad


class Exp(Function):
    @staticmethod
    def forward(ctx, a):  # y = e^a
        y = np.exp(a)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):  # da = g y
        (y,) = ctx.saved_tensors
        return g * y


class Log(Function):
    @staticmethod
    def forward(ctx, a):  # y = log a
        ctx.save_for_backward(a)
        return np.log(a)

    @staticmethod
    def backward(ctx, g):  # da = g / a
        (a,) = ctx.saved_tensors
        return g / a


class Sqrt(Function):
    @staticmethod
    def forward(ctx, a):  # y = sqrt(a)
        y = np.sqrt(a)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):  # da = g / (2 y)
        (y,) = ctx.saved_tensors
        return g / (2 * y)


class Abs(Function):
    @staticmethod
    def forward(ctx, a):  # y = |a|
        ctx.save_for_backward(a)
        return np.abs(a)

    @staticmethod
    def backward(ctx, g):  # da = g sign(a), with sign(0) = 0
        (a,) = ctx.saved_tensors
        return g * np.sign(a)


class Clip(Function):
    @staticmethod
    def forward(ctx, a, lo=None, hi=None):  # y = min(max(a, lo), hi)
        ctx.save_for_backward(a)
        ctx.bounds = (lo, hi)
        return np.clip(a, lo, hi)

    @staticmethod
    def backward(ctx, g):  # da = g [lo <= a <= hi]
        (a,) = ctx.saved_tensors
        lo, hi = ctx.bounds
        inside = np.ones(a.shape, dtype=bool)
        if lo is not None:
            inside &= a >= lo
        if hi is not None:
            inside &= a <= hi
        return g * inside


class Reshape(Function):
    @staticmethod
    def forward(ctx, a, shape):  # y = a viewed with another shape
        ctx.in_shape = a.shape
        try:
            return a.reshape(shape)
        except ValueError:
            raise ValueError(
                f"cannot reshape a tensor of shape {a.shape} ({a.size} elements) into {tuple(shape)}"
            ) from None

    @staticmethod
    def backward(ctx, g):  # da = g viewed with a's shape
        return g.reshape(ctx.in_shape)


class Permute(Function):
    @staticmethod
    def forward(ctx, a, dims):  # y = a with axes permuted
        ctx.dims = dims
        return np.transpose(a, dims)

    @staticmethod
    def backward(ctx, g):  # da = g with the inverse permutation
        return np.transpose(g, np.argsort(ctx.dims))


def _is_basic(index: Any) -> bool:
    """Basic indexing (ints, slices, None, Ellipsis) never selects an element twice."""
    parts = index if isinstance(index, tuple) else (index,)
    return all(isinstance(i, (int, np.integer, slice)) or i is None or i is Ellipsis
               for i in parts)


class GetItem(Function):
    @staticmethod
    def forward(ctx, a, index):  # y = a[index]
        ctx.args = (a.shape, a.dtype, index)
        return a[index]

    @staticmethod
    def backward(ctx, g):  # da[index] += g  (repeated indices add up)
        shape, dtype, index = ctx.args
        grad = np.zeros(shape, dtype=np.result_type(dtype, g.dtype))
        if _is_basic(index):
            grad[index] = g
        else:
            np.add.at(grad, index, g)
        return grad


class Cat(Function):
    @staticmethod
    def forward(ctx, *arrays, axis=0):  # y = [a_1, a_2, ...] along axis
        ctx.axis = axis
        ctx.splits = np.cumsum([np.shape(a)[axis] for a in arrays])[:-1]
        return np.concatenate(arrays, axis=axis)

    @staticmethod
    def backward(ctx, g):  # da_k = the k-th slice of g
        return tuple(np.split(g, ctx.splits, axis=ctx.axis))


class Stack(Function):
    @staticmethod
    def forward(ctx, *arrays, axis=0):  # y = stack of a_1, a_2, ... on a new axis
        ctx.axis = axis
        return np.stack(arrays, axis=axis)

    @staticmethod
    def backward(ctx, g):  # da_k = g[..., k, ...]
        return tuple(np.moveaxis(g, ctx.axis, 0))


class Where(Function):
    @staticmethod
    def forward(ctx, cond, a, b):  # y = a where cond else b
        cond = np.asarray(cond, dtype=bool)
        ctx.save_for_backward(cond)
        ctx.shapes = (_shape(a), _shape(b))
        return np.where(cond, a, b)

    @staticmethod
    def backward(ctx, g):  # da = g [cond], db = g [not cond]
        (cond,) = ctx.saved_tensors
        sa, sb = ctx.shapes
        return (None,
                unbroadcast(np.where(cond, g, 0), sa) if ctx.needs_input_grad[1] else None,
                unbroadcast(np.where(cond, 0, g), sb) if ctx.needs_input_grad[2] else None)


def cat(tensors: list[Tensor] | tuple[Tensor, ...], axis: int = 0, *, dim: int | None = None) -> Tensor:
    """Concatenate tensors along an existing axis (``torch.cat``).

    Parameters
    ----------
    tensors : sequence of Tensor
        Same shape except along ``axis``.
    axis : int, default=0
    dim : int, optional
        PyTorch's name for ``axis``; overrides it when given.

    Returns
    -------
    Tensor
    """
    return Cat.apply(*tensors, axis=axis if dim is None else dim)


def stack(tensors: list[Tensor] | tuple[Tensor, ...], axis: int = 0, *, dim: int | None = None) -> Tensor:
    """Stack tensors along a new axis (``torch.stack``).

    Parameters
    ----------
    tensors : sequence of Tensor
        All of the same shape ``s``.
    axis : int, default=0
        Position of the new axis in the result.
    dim : int, optional
        PyTorch's name for ``axis``; overrides it when given.

    Returns
    -------
    Tensor of shape ``s`` with ``len(tensors)`` inserted at ``axis``.
    """
    return Stack.apply(*tensors, axis=axis if dim is None else dim)


def where(condition: Any, a: Any, b: Any) -> Tensor:
    """Elementwise ``a`` where ``condition`` holds, else ``b`` (``torch.where``).

    Parameters
    ----------
    condition : Tensor or array-like of bool
        Not differentiated.
    a, b : Tensor or array-like
        Broadcast together with ``condition``; gradients flow to each where it was picked.

    Returns
    -------
    Tensor of the broadcast shape.
    """
    if isinstance(condition, Tensor):
        condition = condition.data
    return Where.apply(condition, a, b)
