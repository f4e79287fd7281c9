"""Layer-level Functions for images and tokens: conv2d, max/avg pooling, embedding.

Convolution is one matrix product on unfolded windows (im2col). The unfolding, the pooling
reductions and every backward loop over the few kernel offsets (kh * kw), each step a
vectorised copy or add of a strided slice of the padded input: never a loop over samples or
pixels. Shapes: input (N, C, H, W), weight (O, C / groups, kh, kw), output (N, O, H', W').
"""

from __future__ import annotations

import numpy as np

from ._tensor import Function


def pool_output_size(size: int, kernel: int, stride: int, pad: int, dilation: int,
                     ceil_mode: bool) -> int:
    """PyTorch's output length of a convolution or pooling along one axis."""
    span = size + 2 * pad - dilation * (kernel - 1) - 1
    out = (span + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (out - 1) * stride >= size + pad:  # the last window must start inside
        out -= 1
    return out


def _offsets(kernel, stride, dilation, out_hw):
    """For each kernel offset (i, j): the strided slices of the padded input it reads."""
    (kh, kw), (sh, sw), (dh, dw), (h_out, w_out) = kernel, stride, dilation, out_hw
    for i in range(kh):
        for j in range(kw):
            yield i, j, (slice(i * dh, i * dh + sh * (h_out - 1) + 1, sh),
                         slice(j * dw, j * dw + sw * (w_out - 1) + 1, sw))


def window_sum(xp: np.ndarray, kernel, stride, dilation, out_hw) -> np.ndarray:
    """Sum of each window of the padded (N, C, Hp, Wp) input: (N, C, H', W')."""
    total = None
    for _, _, (rows, cols) in _offsets(kernel, stride, dilation, out_hw):
        part = xp[:, :, rows, cols]
        total = part.copy() if total is None else np.add(total, part, out=total)
    return total


def _pad(x: np.ndarray, pads, value: float = 0.0) -> np.ndarray:
    (top, bottom), (left, right) = pads
    if top == bottom == left == right == 0:
        return x
    return np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)), constant_values=value)


def _crop(grad: np.ndarray, pads, shape) -> np.ndarray:
    (top, _), (left, _) = pads
    return grad[:, :, top:top + shape[2], left:left + shape[3]]


def _unfold(xp: np.ndarray, kernel, stride, dilation, out_hw) -> np.ndarray:
    """im2col: ``cols[(c, i, j), (n, h, w)] = x_pad[n, c, s h + d i, s w + d j]``."""
    n, c = xp.shape[:2]
    cols = np.empty((c, *kernel, n, *out_hw), dtype=xp.dtype)
    xt = xp.transpose(1, 0, 2, 3)
    for i, j, (rows, cs) in _offsets(kernel, stride, dilation, out_hw):
        cols[:, i, j] = xt[:, :, rows, cs]
    return cols.reshape(c * kernel[0] * kernel[1], -1)


def _fold(cols: np.ndarray, padded_shape, kernel, stride, dilation, out_hw) -> np.ndarray:
    """col2im, the adjoint of :func:`_unfold`: each column added back onto its window."""
    n, c = padded_shape[:2]
    cols = cols.reshape(c, *kernel, n, *out_hw)
    xt = np.zeros((c, n, *padded_shape[2:]), dtype=cols.dtype)
    for i, j, (rows, cs) in _offsets(kernel, stride, dilation, out_hw):
        xt[:, :, rows, cs] += cols[:, i, j]
    return xt.transpose(1, 0, 2, 3)


def _grouped(groups: int, product, *arrays: np.ndarray) -> np.ndarray:
    """``product`` of the arrays block by block (each split in ``groups`` along axis 0), stacked."""
    if groups == 1:
        return product(*arrays)
    return np.concatenate([product(*blocks) for blocks in zip(*(np.split(a, groups) for a in arrays))])


def _channels_first(a: np.ndarray) -> np.ndarray:
    """(N, C, H, W) -> (C, N H W), the layout of the im2col products."""
    return a.transpose(1, 0, 2, 3).reshape(a.shape[1], -1)


def _batch_first(a2: np.ndarray, n: int, out_hw) -> np.ndarray:
    """(C, N H W) -> (N, C, H, W), contiguous."""
    return np.ascontiguousarray(a2.reshape(a2.shape[0], n, *out_hw).transpose(1, 0, 2, 3))


def _conv_input_grad(weight, g2, x_shape, pads, stride, dilation, groups, out_hw):
    """Gradient of a convolution with respect to its (N, C, H, W) input, from the output
    gradient ``g2`` in (O, N H' W') layout: ``dcols = W^T g``, folded back onto x.

    This is also the forward pass of the transposed convolution."""
    gcols = _grouped(groups, lambda w, g: w.T @ g, weight.reshape(weight.shape[0], -1), g2)
    padded_shape = (*x_shape[:2], x_shape[2] + sum(pads[0]), x_shape[3] + sum(pads[1]))
    return _crop(_fold(gcols, padded_shape, weight.shape[2:], stride, dilation, out_hw), pads, x_shape)


def _conv_output_size(padded_hw, kernel, stride, dilation):
    return tuple((p - d * (k - 1) - 1) // s + 1 for p, k, s, d in zip(padded_hw, kernel, stride, dilation))


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias=None, stride=(1, 1), pads=((0, 0), (0, 0)),
                dilation=(1, 1), groups=1):
        # y[n, o] = sum_{c, i, j} w[o, c, i, j] x_pad[n, c, s h + d i, s w + d j] + b[o]
        xp = _pad(x.astype(np.result_type(x, weight), copy=False), pads)
        out_hw = _conv_output_size(xp.shape[2:], weight.shape[2:], stride, dilation)
        cols = _unfold(xp, weight.shape[2:], stride, dilation, out_hw)
        y2 = _grouped(groups, np.matmul, weight.reshape(weight.shape[0], -1), cols)
        y = _batch_first(y2, x.shape[0], out_hw)
        if bias is not None:
            y += bias.reshape(1, -1, 1, 1)
        ctx.save_for_backward(weight, cols)
        ctx.args = (x.shape, pads, stride, dilation, groups, out_hw)
        return y

    @staticmethod
    def backward(ctx, g):  # dW = g cols^T,  dcols = W^T g (folded back onto x),  db = sum g
        weight, cols = ctx.saved_tensors
        x_shape, pads, stride, dilation, groups, out_hw = ctx.args
        g2 = _channels_first(g)
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        gw = _grouped(groups, lambda gg, c: gg @ c.T, g2, cols).reshape(weight.shape) if need_w else None
        gx = _conv_input_grad(weight, g2, x_shape, pads, stride, dilation, groups, out_hw) \
            if need_x else None
        gb = g.sum(axis=(0, 2, 3)) if need_b else None
        return gx, gw, gb


class ConvTranspose2d(Function):
    """The transposed convolution: the input gradient of the convolution that maps its output
    back to its input (weight (C_in, C_out / groups, kh, kw), as PyTorch)."""

    @staticmethod
    def forward(ctx, x, weight, bias=None, stride=(1, 1), pads=((0, 0), (0, 0)),
                dilation=(1, 1), groups=1, out_hw=None):
        # y = conv2d^T(x): every input pixel adds w[c, o] * x[n, c, h, w] onto its output window
        x = x.astype(np.result_type(x, weight), copy=False)
        n, in_hw = x.shape[0], x.shape[2:]
        x2 = _channels_first(x)
        y_shape = (n, weight.shape[1] * groups, *out_hw)
        y = np.ascontiguousarray(_conv_input_grad(weight, x2, y_shape, pads, stride, dilation,
                                                  groups, in_hw))
        if bias is not None:
            y += bias.reshape(1, -1, 1, 1)
        ctx.save_for_backward(weight, x2)
        ctx.args = (pads, stride, dilation, groups, in_hw)
        return y

    @staticmethod
    def backward(ctx, g):  # dx = conv2d(g, W),  dW = x cols(g)^T,  db = sum g
        weight, x2 = ctx.saved_tensors
        pads, stride, dilation, groups, in_hw = ctx.args
        cols = _unfold(_pad(g, pads), weight.shape[2:], stride, dilation, in_hw)
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        gx = _batch_first(_grouped(groups, np.matmul, weight.reshape(weight.shape[0], -1), cols),
                          g.shape[0], in_hw) if need_x else None
        gw = _grouped(groups, lambda a, c: a @ c.T, x2, cols).reshape(weight.shape) if need_w else None
        gb = g.sum(axis=(0, 2, 3)) if need_b else None
        return gx, gw, gb


class MaxPool2d(Function):
    @staticmethod
    def forward(ctx, x, kernel, stride, pads, dilation, out_hw):
        # y = max over each window (-inf padding); arg = offset of its first maximum
        xp = _pad(x, pads, value=-np.inf)
        y = arg = None
        for i, j, (rows, cols) in _offsets(kernel, stride, dilation, out_hw):
            part = xp[:, :, rows, cols]
            if y is None:
                y, arg = part.copy(), np.zeros(part.shape, dtype=np.int32)
                continue
            better = part > y  # strict: tied maxima keep the first offset
            arg += better * (i * kernel[1] + j - arg)  # branch-free "arg[better] = offset"
            np.maximum(y, part, out=y)  # NaN propagates, as in PyTorch
        ctx.save_for_backward(arg)
        ctx.args = (x.shape, xp.shape, kernel, stride, pads, dilation, out_hw)
        # flat indices into each input plane, as PyTorch's return_indices
        di, dj = np.divmod(arg, kernel[1])
        rows = np.arange(out_hw[0])[:, None] * stride[0] + di * dilation[0] - pads[0][0]
        cols = np.arange(out_hw[1])[None, :] * stride[1] + dj * dilation[1] - pads[1][0]
        return y, (rows * x.shape[3] + cols).astype(np.int64)

    @staticmethod
    def backward(ctx, g, _):  # dx = g at each window's first maximum (summed where windows overlap)
        (arg,) = ctx.saved_tensors
        x_shape, padded_shape, kernel, stride, pads, dilation, out_hw = ctx.args
        grad = np.zeros(padded_shape, dtype=g.dtype)
        for i, j, (rows, cols) in _offsets(kernel, stride, dilation, out_hw):
            grad[:, :, rows, cols] += g * (arg == i * kernel[1] + j)
        return _crop(grad, pads, x_shape)


class AvgPool2d(Function):
    @staticmethod
    def forward(ctx, x, kernel, stride, pads, out_hw, divisor):
        # y = sum over each window / divisor (zero padding)
        ctx.args = (x.shape, kernel, stride, pads, out_hw, divisor)
        xp = _pad(x, pads)
        ctx.padded_shape = xp.shape
        return window_sum(xp, kernel, stride, (1, 1), out_hw) / divisor

    @staticmethod
    def backward(ctx, g):  # dx = g / divisor, spread over each window
        x_shape, kernel, stride, pads, out_hw, divisor = ctx.args
        share = g / divisor
        grad = np.zeros(ctx.padded_shape, dtype=share.dtype)
        for _, _, (rows, cols) in _offsets(kernel, stride, (1, 1), out_hw):
            grad[:, :, rows, cols] += share
        return _crop(grad, pads, x_shape)


class Embedding(Function):
    @staticmethod
    def forward(ctx, weight, indices, padding_idx=None):  # y = W[indices]
        ctx.save_for_backward(indices)
        ctx.args = (weight.shape, padding_idx)
        return weight[indices]

    @staticmethod
    def backward(ctx, g):  # dW[k] = sum of g over the positions holding index k (none for padding)
        (indices,) = ctx.saved_tensors
        shape, padding_idx = ctx.args
        gw = np.zeros(shape, dtype=g.dtype)
        np.add.at(gw, indices.reshape(-1), g.reshape(-1, shape[1]))
        if padding_idx is not None:
            gw[padding_idx] = 0
        return gw, None
