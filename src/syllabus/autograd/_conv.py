"""Layer-level Functions for images: conv2d, max/avg pooling.

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


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias=None, stride=(1, 1), pads=((0, 0), (0, 0)),
                dilation=(1, 1), groups=1):
        # y[n, o] = sum_{c, i, j} w[o, c, i, j] x_pad[n, c, s h + d i, s w + d j] + b[o]
        n, c, _, _ = x.shape
        out_ch, _, kh, kw = weight.shape
        xp = _pad(x, pads)
        out_hw = ((xp.shape[2] - dilation[0] * (kh - 1) - 1) // stride[0] + 1,
                  (xp.shape[3] - dilation[1] * (kw - 1) - 1) // stride[1] + 1)
        # im2col: cols[c, i, j, n, h, w] = x_pad[n, c, s h + d i, s w + d j]
        cols = np.empty((c, kh, kw, n, *out_hw), dtype=np.result_type(x, weight))
        xt = xp.transpose(1, 0, 2, 3)
        for i, j, (rows, cs) in _offsets((kh, kw), stride, dilation, out_hw):
            cols[:, i, j] = xt[:, :, rows, cs]
        cols = cols.reshape(c * kh * kw, -1)
        k, o_group = cols.shape[0] // groups, out_ch // groups
        y = np.concatenate([weight[g * o_group:(g + 1) * o_group].reshape(o_group, k)
                            @ cols[g * k:(g + 1) * k] for g in range(groups)]) if groups > 1 \
            else weight.reshape(out_ch, k) @ cols
        y = np.ascontiguousarray(y.reshape(out_ch, n, *out_hw).transpose(1, 0, 2, 3))
        if bias is not None:
            y += bias.reshape(1, -1, 1, 1)
        ctx.save_for_backward(weight, cols)
        ctx.args = (x.shape, xp.shape, pads, stride, dilation, groups, out_hw)
        return y

    @staticmethod
    def backward(ctx, g):  # dW = g cols^T,  dcols = W^T g (added back onto x),  db = sum g
        weight, cols = ctx.saved_tensors
        x_shape, padded_shape, pads, stride, dilation, groups, out_hw = ctx.args
        out_ch, _, kh, kw = weight.shape
        k, o_group = cols.shape[0] // groups, out_ch // groups
        g2 = g.transpose(1, 0, 2, 3).reshape(out_ch, -1)
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        gw = gx = None
        blocks = [slice(b * o_group, (b + 1) * o_group) for b in range(groups)]
        if need_w:
            gw = np.concatenate([g2[ob] @ cols[b * k:(b + 1) * k].T
                                 for b, ob in enumerate(blocks)]).reshape(weight.shape)
        if need_x:
            gcols = np.concatenate([weight[ob].reshape(o_group, k).T @ g2[ob] for ob in blocks])
            gcols = gcols.reshape(x_shape[1], kh, kw, x_shape[0], *out_hw)
            gxt = np.zeros((x_shape[1], x_shape[0], *padded_shape[2:]), dtype=gcols.dtype)
            for i, j, (rows, cs) in _offsets((kh, kw), stride, dilation, out_hw):
                gxt[:, :, rows, cs] += gcols[:, i, j]
            gx = _crop(gxt.transpose(1, 0, 2, 3), pads, x_shape)
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

