"""Layer-level Functions for recurrent networks: one time step of an RNN, LSTM or GRU cell.

The input projection ``x_t W_ih^T + b_ih`` of every time step is one matrix product done
beforehand (``Linear`` on the whole sequence), and :class:`Unbind` splits it into steps. Each
step Function then adds the recurrent term ``h W_hh^T + b_hh`` and applies the gates; its
backward is the hand-written backpropagation through one step (BPTT runs them in reverse).
Gate order in the weights is PyTorch's: LSTM (i, f, g, o), GRU (r, z, n).
"""

from __future__ import annotations

import numpy as np

from ..utils._special import expit
from ._tensor import Function


class Unbind(Function):
    @staticmethod
    def forward(ctx, x, axis=0):  # (y_0, ..., y_{L-1}) = the slices of x along axis
        ctx.axis = axis
        return tuple(np.moveaxis(x, axis, 0))

    @staticmethod
    def backward(ctx, *grads):  # dx = the slice gradients stacked back
        return np.stack(grads, axis=ctx.axis)


def _recurrent(h, w_hh, b_hh):
    out = h @ w_hh.T
    if b_hh is not None:
        out += b_hh
    return out


def _weight_grads(ctx, d_pre, h, w_hh):
    """Gradients of ``h W_hh^T + b_hh`` for h, W_hh and b_hh, given d(pre-activation)."""
    need = ctx.needs_input_grad
    return (d_pre @ w_hh if need[1] else None,
            d_pre.T @ h if need[-2] else None,
            d_pre.sum(axis=0) if need[-1] else None)


class RNNStep(Function):
    @staticmethod
    def forward(ctx, xi, h, w_hh, b_hh=None, nonlinearity="tanh"):
        # h' = act(xi + h W_hh^T + b_hh),  act = tanh or relu
        pre = xi + _recurrent(h, w_hh, b_hh)
        h_new = np.tanh(pre) if nonlinearity == "tanh" else np.maximum(pre, 0)
        ctx.save_for_backward(h, w_hh, h_new)
        ctx.nonlinearity = nonlinearity
        return h_new

    @staticmethod
    def backward(ctx, g):  # d_pre = g act'(pre);  dxi = d_pre, dh = d_pre W_hh, dW = d_pre^T h
        h, w_hh, h_new = ctx.saved_tensors
        d_pre = g * (1 - h_new * h_new) if ctx.nonlinearity == "tanh" else g * (h_new > 0)
        dh, dw, db = _weight_grads(ctx, d_pre, h, w_hh)
        return d_pre, dh, dw, db


class LSTMStep(Function):
    @staticmethod
    def forward(ctx, xi, h, c, w_hh, b_hh=None):
        # [i, f, g, o] = [sigma, sigma, tanh, sigma](xi + h W_hh^T + b_hh)
        # c' = f c + i g,  h' = o tanh(c')
        gates = xi + _recurrent(h, w_hh, b_hh)
        i, f, g, o = np.split(gates, 4, axis=-1)
        i, f, g, o = expit(i), expit(f), np.tanh(g), expit(o)
        c_new = f * c + i * g
        tanh_c = np.tanh(c_new)
        ctx.save_for_backward(h, c, w_hh, i, f, g, o, tanh_c)
        return o * tanh_c, c_new

    @staticmethod
    def backward(ctx, gh, gc):
        # dc = gc + gh o (1 - tanh^2 c');  d[i, f, g, o] = [dc g, dc c, dc i, gh tanh c'] * act'
        h, c, w_hh, i, f, g, o, tanh_c = ctx.saved_tensors
        dc = gc + gh * o * (1 - tanh_c * tanh_c)
        d_pre = np.concatenate([dc * g * i * (1 - i), dc * c * f * (1 - f),
                                dc * i * (1 - g * g), gh * tanh_c * o * (1 - o)], axis=-1)
        dh, dw, db = _weight_grads(ctx, d_pre, h, w_hh)
        return d_pre, dh, (dc * f if ctx.needs_input_grad[2] else None), dw, db


class GRUStep(Function):
    @staticmethod
    def forward(ctx, xi, h, w_hh, b_hh=None):
        # r, z = sigma(xi_rz + hh_rz),  n = tanh(xi_n + r hh_n),  h' = (1 - z) n + z h
        # with hh = h W_hh^T + b_hh
        hh = _recurrent(h, w_hh, b_hh)
        xr, xz, xn = np.split(xi, 3, axis=-1)
        hr, hz, hn = np.split(hh, 3, axis=-1)
        r, z = expit(xr + hr), expit(xz + hz)
        n = np.tanh(xn + r * hn)
        ctx.save_for_backward(h, w_hh, r, z, n, hn)
        return n + z * (h - n)

    @staticmethod
    def backward(ctx, g):
        # dn_pre = g (1 - z)(1 - n^2); dr_pre = dn_pre hh_n r (1 - r); dz_pre = g (h - n) z (1 - z)
        h, w_hh, r, z, n, hn = ctx.saved_tensors
        dn_pre = g * (1 - z) * (1 - n * n)
        dr_pre = dn_pre * hn * r * (1 - r)
        dz_pre = g * (h - n) * z * (1 - z)
        dxi = np.concatenate([dr_pre, dz_pre, dn_pre], axis=-1)
        dhh = np.concatenate([dr_pre, dz_pre, dn_pre * r], axis=-1)
        dh, dw, db = _weight_grads(ctx, dhh, h, w_hh)
        if dh is not None:
            dh = dh + g * z
        return dxi, dh, dw, db
