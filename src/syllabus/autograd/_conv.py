"""Layer-level Functions for images: conv2d, max/avg pooling.

Convolution is one matrix product per sample on unfolded windows (im2col, batch first, so
the product lands in (N, O, H', W') without a transpose); the transposed convolution is the
same machinery run backwards. The unfolding, the pooling reductions and every backward loop
over the few kernel offsets (kh * kw), each step a vectorised copy or add of a slice of the
padded input: never a loop over samples or pixels. Shapes: input (N, C, H, W), weight
(O, C / groups, kh, kw), output (N, O, H', W').
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


def _width(padded_w: int, out_w: int, stride) -> int:
    """Columns per output row in the im2col layout: the padded width for stride 1 (the "wide"
    layout, whose last ``padded_w - out_w`` columns of each row are junk), else ``out_w``."""
    return padded_w if stride == (1, 1) else out_w


def _im2col(x: np.ndarray, pads, kernel, stride, dilation):
    """Unfold the windows of the zero-padded (N, C, H, W) input: ``cols`` (N, C kh kw, H' width)
    with ``cols[n, (c, i, j), h width + w] = x_pad[n, c, s h + d i, s w + d j]``.

    With stride 1 every kernel offset reads one contiguous run of the flattened padded image
    (``width`` = the padded width, so each output row carries a few junk columns that
    :func:`_narrow` drops): one long copy per (n, c) instead of one per output row.
    Returns ``(cols, out_hw, width)``."""
    (top, bottom), (left, right) = pads
    n, c, h, w = x.shape
    hp, wp = h + top + bottom, w + left + right
    out_hw = tuple((p - d * (k - 1) - 1) // s + 1 for p, k, s, d in zip((hp, wp), kernel, stride, dilation))
    width = _width(wp, out_hw[1], stride)
    kh, kw = kernel
    if width == wp:  # stride 1: flat runs, with room for the last offset's overrun
        flat = np.zeros((n, c, hp * wp + dilation[1] * (kw - 1)), dtype=x.dtype)
        flat[:, :, :hp * wp].reshape(n, c, hp, wp)[:, :, top:top + h, left:left + w] = x
        run = out_hw[0] * wp
        cols = np.empty((n, c, kh, kw, run), dtype=x.dtype)
        for i in range(kh):
            for j in range(kw):
                start = i * dilation[0] * wp + j * dilation[1]
                cols[:, :, i, j] = flat[:, :, start:start + run]
    else:
        xp = _pad(x, pads)
        cols = np.empty((n, c, kh, kw, *out_hw), dtype=x.dtype)
        for i, j, (rows, cs) in _offsets(kernel, stride, dilation, out_hw):
            cols[:, :, i, j] = xp[:, :, rows, cs]
    return cols.reshape(n, c * kh * kw, -1), out_hw, width


def _col2im(gcols: np.ndarray, x_shape, pads, kernel, stride, dilation, out_hw, width):
    """The adjoint of :func:`_im2col`: each column added back onto its window, padding
    cropped. Junk columns of the wide layout must hold zeros."""
    (top, bottom), (left, right) = pads
    n, c, h, w = x_shape
    hp, wp = h + top + bottom, w + left + right
    kh, kw = kernel
    gcols = gcols.reshape(n, c, kh, kw, -1)
    if width == wp:
        run = out_hw[0] * wp
        flat = np.zeros((n, c, hp * wp + dilation[1] * (kw - 1)), dtype=gcols.dtype)
        for i in range(kh):
            for j in range(kw):
                start = i * dilation[0] * wp + j * dilation[1]
                flat[:, :, start:start + run] += gcols[:, :, i, j]
        xp = flat[:, :, :hp * wp].reshape(n, c, hp, wp)
    else:
        gcols = gcols.reshape(n, c, kh, kw, *out_hw)
        xp = np.zeros((n, c, hp, wp), dtype=gcols.dtype)
        for i, j, (rows, cs) in _offsets(kernel, stride, dilation, out_hw):
            xp[:, :, rows, cs] += gcols[:, :, i, j]
    return _crop(xp, pads, x_shape)


def _widen(a: np.ndarray, width: int) -> np.ndarray:
    """(N, C, H', W') -> (N, C, H' width), zeros in the junk columns."""
    n, c, h, w = a.shape
    if width == w:
        return a.reshape(n, c, h * w)
    wide = np.zeros((n, c, h, width), dtype=a.dtype)
    wide[..., :w] = a
    return wide.reshape(n, c, h * width)


def _narrow(a3: np.ndarray, out_hw, width: int) -> np.ndarray:
    """(N, C, H' width) -> (N, C, H', W'): drop the junk columns of the wide layout."""
    return a3.reshape(*a3.shape[:2], out_hw[0], width)[..., :out_hw[1]]


def _grouped(groups: int, product, a: np.ndarray, b: np.ndarray, axes=(0, 1)) -> np.ndarray:
    """``product(a, b)`` block by block, ``a`` split in ``groups`` along ``axes[0]`` and ``b``
    along ``axes[1]``; the blocks are joined along the channel axis of the result (the
    second-to-last)."""
    if groups == 1:
        return product(a, b)
    blocks = [product(pa, pb) for pa, pb in zip(np.split(a, groups, axis=axes[0]),
                                                 np.split(b, groups, axis=axes[1]))]
    return np.concatenate(blocks, axis=blocks[0].ndim - 2)


def _weight_matrix(weight: np.ndarray) -> np.ndarray:
    """(O, C, kh, kw) -> (O, C kh kw)."""
    return weight.reshape(weight.shape[0], -1)


def _conv_input_grad(weight, g3, x_shape, pads, stride, dilation, groups, out_hw, width):
    """Gradient of a convolution with respect to its (N, C, H, W) input from the output
    gradient ``g3`` (N, O, H' width): ``dcols = W^T g``, folded back onto x.

    This is also the forward pass of the transposed convolution."""
    gcols = _grouped(groups, lambda w, g: np.matmul(w.T, g), _weight_matrix(weight), g3)
    return _col2im(gcols, x_shape, pads, weight.shape[2:], stride, dilation, out_hw, width)


def _conv_weight_grad(g3, cols, groups, weight_shape):
    """``dW = sum_n g_n cols_n^T``: (N, O, P) and (N, K, P) -> weight_shape."""
    def product(g, c):  # as (cols g^T)^T: OpenBLAS is several times faster with K rows than O
        return np.matmul(c, g.transpose(0, 2, 1)).sum(axis=0).T
    return _grouped(groups, product, g3, cols, (1, 1)).reshape(weight_shape)


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias=None, stride=(1, 1), pads=((0, 0), (0, 0)),
                dilation=(1, 1), groups=1):
        # y[n, o] = sum_{c, i, j} w[o, c, i, j] x_pad[n, c, s h + d i, s w + d j] + b[o]
        x = x.astype(np.result_type(x, weight), copy=False)
        cols, out_hw, width = _im2col(x, pads, weight.shape[2:], stride, dilation)  # (N, K, P)
        y3 = _grouped(groups, np.matmul, _weight_matrix(weight), cols)  # (N, O, P)
        if bias is not None:
            y3 += bias.reshape(1, -1, 1)
        ctx.save_for_backward(weight, cols)
        ctx.args = (x.shape, pads, stride, dilation, groups, out_hw, width)
        return _narrow(y3, out_hw, width)

    @staticmethod
    def backward(ctx, g):  # dW = g cols^T,  dcols = W^T g (folded back onto x),  db = sum g
        weight, cols = ctx.saved_tensors
        x_shape, pads, stride, dilation, groups, out_hw, width = ctx.args
        g3 = _widen(g, width)
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        gw = _conv_weight_grad(g3, cols, groups, weight.shape) if need_w else None
        gx = _conv_input_grad(weight, g3, x_shape, pads, stride, dilation, groups, out_hw,
                              width) if need_x else None
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
        in_hw = x.shape[2:]
        y_shape = (x.shape[0], weight.shape[1] * groups, *out_hw)
        width = _width(out_hw[1] + sum(pads[1]), in_hw[1], stride)
        y = np.ascontiguousarray(_conv_input_grad(weight, _widen(x, width), y_shape, pads, stride,
                                                  dilation, groups, in_hw, width))
        if bias is not None:
            y += bias.reshape(1, -1, 1, 1)
        ctx.save_for_backward(weight, x)
        ctx.args = (pads, stride, dilation, groups)
        return y

    @staticmethod
    def backward(ctx, g):  # dx = conv2d(g, W),  dW = x cols(g)^T,  db = sum g
        weight, x = ctx.saved_tensors
        pads, stride, dilation, groups = ctx.args
        cols, in_hw, width = _im2col(g, pads, weight.shape[2:], stride, dilation)
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        gx = _narrow(_grouped(groups, np.matmul, _weight_matrix(weight), cols), in_hw, width) \
            if need_x else None
        gw = _conv_weight_grad(_widen(x, width), cols, groups, weight.shape) if need_w else None
        gb = g.sum(axis=(0, 2, 3)) if need_b else None
        return gx, gw, gb


class MaxPool2d(Function):
    @staticmethod
    def forward(ctx, x, kernel, stride, pads, dilation, out_hw, return_indices=False):
        # y = max over each window (-inf padding); arg = offset of its first maximum
        xp = _pad(x, pads, value=-np.inf)
        y = arg = None
        for i, j, (rows, cols) in _offsets(kernel, stride, dilation, out_hw):
            part = xp[:, :, rows, cols]
            if y is None:
                y, arg = part.copy(), np.zeros(part.shape, dtype=np.int8 if i * j < 127 else np.int32)
                continue
            better = part > y  # strict: tied maxima keep the first offset
            arg[better] = i * kernel[1] + j
            np.maximum(y, part, out=y)  # NaN propagates, as in PyTorch
        ctx.save_for_backward(arg)
        ctx.args = (x.shape, xp.shape, kernel, stride, pads, dilation, out_hw)
        if not return_indices:
            return y
        # flat indices into each input plane, as PyTorch's return_indices
        di, dj = np.divmod(arg.astype(np.int64), kernel[1])
        rows = np.arange(out_hw[0])[:, None] * stride[0] + di * dilation[0] - pads[0][0]
        cols = np.arange(out_hw[1])[None, :] * stride[1] + dj * dilation[1] - pads[1][0]
        return y, rows * x.shape[3] + cols

    @staticmethod
    def backward(ctx, g, _=None):  # dx = g at each window's first maximum (summed where windows overlap)
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

