"""Layer-level Functions for images and tokens: conv2d, max/avg pooling, embedding.

Convolution is a matrix product on unfolded windows (im2col): the windows come from a strided
view of the padded input, so one BLAS product does all samples and pixels. Backward folds
the gradient back with a loop over the few kernel offsets (kh * kw), never over pixels.
Shapes: input (N, C, H, W), weight (O, C / groups, kh, kw), output (N, O, H', W').
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._tensor import Function


def pool_output_size(size: int, kernel: int, stride: int, pad: int, dilation: int,
                     ceil_mode: bool) -> int:
    """PyTorch's output length of a convolution or pooling along one axis."""
    span = size + 2 * pad - dilation * (kernel - 1) - 1
    out = (span + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (out - 1) * stride >= size + pad:  # the last window must start inside
        out -= 1
    return out


def _windows(xp: np.ndarray, kernel, stride, dilation, out_hw) -> np.ndarray:
    """Strided view (N, C, H', W', kh, kw) of the kernel windows of the padded input."""
    (kh, kw), (sh, sw), (dh, dw), (h_out, w_out) = kernel, stride, dilation, out_hw
    win = sliding_window_view(xp, ((kh - 1) * dh + 1, (kw - 1) * dw + 1), axis=(2, 3))
    return win[:, :, ::sh, ::sw, ::dh, ::dw][:, :, :h_out, :w_out]


def _fold(grad_windows: np.ndarray, padded_shape, kernel, stride, dilation) -> np.ndarray:
    """Adjoint of :func:`_windows`: add each window's gradient back where it was read.

    ``grad_windows`` has shape (N, C, H', W', kh, kw); one vectorised add per kernel offset.
    """
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    _, _, h_out, w_out = grad_windows.shape[:4]
    grad = np.zeros(padded_shape, dtype=grad_windows.dtype)
    for i in range(kh):
        for j in range(kw):
            grad[:, :, i * dh:i * dh + sh * (h_out - 1) + 1:sh,
                 j * dw:j * dw + sw * (w_out - 1) + 1:sw] += grad_windows[:, :, :, :, i, j]
    return grad


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
        n, _, h, w = x.shape
        out_ch, c_group, kh, kw = weight.shape
        xp = _pad(x, pads)
        h_out = (xp.shape[2] - dilation[0] * (kh - 1) - 1) // stride[0] + 1
        w_out = (xp.shape[3] - dilation[1] * (kw - 1) - 1) // stride[1] + 1
        win = _windows(xp, (kh, kw), stride, dilation, (h_out, w_out))
        rows = n * h_out * w_out
        o_group = out_ch // groups
        cols, outs = [], []
        for g in range(groups):  # im2col: (N H' W', C/groups kh kw), then one BLAS product
            col = win[:, g * c_group:(g + 1) * c_group].transpose(0, 2, 3, 1, 4, 5).reshape(rows, -1)
            cols.append(col)
            outs.append(col @ weight[g * o_group:(g + 1) * o_group].reshape(o_group, -1).T)
        y = outs[0] if groups == 1 else np.concatenate(outs, axis=1)
        y = np.ascontiguousarray(y.reshape(n, h_out, w_out, out_ch).transpose(0, 3, 1, 2))
        if bias is not None:
            y += bias.reshape(1, -1, 1, 1)
        ctx.save_for_backward(weight, *cols)
        ctx.args = (x.shape, xp.shape, pads, stride, dilation, groups)
        return y

    @staticmethod
    def backward(ctx, g):  # dW = g^T cols,  dcols = g W (folded back onto x),  db = sum g
        weight, *cols = ctx.saved_tensors
        x_shape, padded_shape, pads, stride, dilation, groups = ctx.args
        out_ch, c_group, kh, kw = weight.shape
        n, _, h_out, w_out = g.shape
        o_group = out_ch // groups
        g2 = g.transpose(0, 2, 3, 1).reshape(-1, out_ch)
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        gw = np.empty_like(weight) if need_w else None
        gcols = []
        for k, col in enumerate(cols):
            gk = g2[:, k * o_group:(k + 1) * o_group]
            wk = weight[k * o_group:(k + 1) * o_group].reshape(o_group, -1)
            if need_w:
                gw[k * o_group:(k + 1) * o_group] = (gk.T @ col).reshape(o_group, c_group, kh, kw)
            if need_x:
                gcols.append((gk @ wk).reshape(n, h_out, w_out, c_group, kh, kw))
        gx = None
        if need_x:
            gwin = gcols[0] if groups == 1 else np.concatenate(gcols, axis=3)
            gxp = _fold(gwin.transpose(0, 3, 1, 2, 4, 5), padded_shape, (kh, kw), stride, dilation)
            gx = _crop(gxp, pads, x_shape)
        gb = g.sum(axis=(0, 2, 3)) if need_b else None
        return gx, gw, gb


class MaxPool2d(Function):
    @staticmethod
    def forward(ctx, x, kernel, stride, pads, dilation, out_hw):
        # y = max over each window (-inf padding); the gradient goes to the first maximum
        xp = _pad(x, pads, value=-np.inf)
        win = _windows(xp, kernel, stride, dilation, out_hw)
        flat = win.reshape(*win.shape[:4], -1)
        arg = flat.argmax(axis=-1)
        y = np.take_along_axis(flat, arg[..., None], axis=-1)[..., 0]
        ctx.save_for_backward(arg)
        ctx.args = (x.shape, xp.shape, kernel, stride, pads, dilation)
        # flat indices into each input plane, as PyTorch's return_indices
        i, j = np.divmod(arg, kernel[1])
        rows = np.arange(out_hw[0])[:, None] * stride[0] + i * dilation[0] - pads[0][0]
        cols = np.arange(out_hw[1])[None, :] * stride[1] + j * dilation[1] - pads[1][0]
        return y, rows * x.shape[3] + cols

    @staticmethod
    def backward(ctx, g, _):  # dx = g at the argmax of each window (summed where windows overlap)
        (arg,) = ctx.saved_tensors
        x_shape, padded_shape, kernel, stride, pads, dilation = ctx.args
        kh, kw = kernel
        gwin = np.zeros((*g.shape, kh, kw), dtype=g.dtype)
        for i in range(kh):
            for j in range(kw):
                gwin[..., i, j] = np.where(arg == i * kw + j, g, 0)
        return _crop(_fold(gwin, padded_shape, kernel, stride, (dilation)), pads, x_shape)


class AvgPool2d(Function):
    @staticmethod
    def forward(ctx, x, kernel, stride, pads, out_hw, divisor):
        # y = sum over each window / divisor (zero padding)
        xp = _pad(x, pads)
        y = _windows(xp, kernel, stride, (1, 1), out_hw).sum(axis=(-2, -1)) / divisor
        ctx.args = (x.shape, xp.shape, kernel, stride, pads, divisor)
        return y.astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):  # dx = g / divisor, spread over each window
        x_shape, padded_shape, kernel, stride, pads, divisor = ctx.args
        share = (g / divisor).astype(g.dtype, copy=False)
        gwin = np.broadcast_to(share[..., None, None], (*g.shape, *kernel))
        return _crop(_fold(gwin, padded_shape, kernel, stride, (1, 1)), pads, x_shape)


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
