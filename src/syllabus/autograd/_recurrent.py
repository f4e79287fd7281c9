"""Layer-level Function for recurrent networks: a whole sequence through an RNN, LSTM or GRU cell.

The input projections ``x_t W_ih^T + b_ih`` of all steps are one matrix product done
beforehand (``Linear`` on the whole sequence). :class:`Recurrence` then runs the cell over
the steps: per step one fused matrix product ``h W_hh^T + b_hh`` for all gates and the gate
nonlinearities. Its backward is backpropagation through time: the steps in reverse, each a
hand-written local backward (one matrix product for dh), and the recurrent weight gradient
``dW_hh = sum_t d_pre_t^T h_{t-1}`` as a single matrix product over all steps at the end.
A cell (``nn.LSTMCell``...) is the same Function on a sequence of length one: one
implementation of each cell's maths.

Gate order in the weights is PyTorch's: LSTM (i, f, g, o), GRU (r, z, n).
Variable-length batches: ``lengths[n]`` valid steps for sample n; past its length a sample's
state is carried unchanged and its outputs are zero (as PyTorch's packed sequences).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._tensor import Function


def _sigmoid_(a: np.ndarray) -> np.ndarray:
    """In place: sigma(a) = (1 + tanh(a / 2)) / 2 (tanh never overflows)."""
    a *= 0.5
    np.tanh(a, out=a)
    a *= 0.5
    a += 0.5
    return a


# ---- the cells ----------------------------------------------------------------------
# ``forward(xi, hh, h, c, nonlinearity, keep, h_out, c_out)`` runs one step: from the
# pre-activations (x part, h part: a buffer it may overwrite, kept for the backward as
# ``hh_all``; the LSTM's is a transposed scratch buffer and it keeps its gates itself) and the
# previous state it writes the new state into ``h_out`` (``c_out``) and what the backward
# needs into the step's slices ``keep`` of whole-sequence (T, N, .) buffers (made by
# ``keep(...)``; 1-D entries are constants of the sequence, passed whole).
# ``factors(hh_all, keep, hs, cs, nonlinearity)`` computes, for all steps at once, the local
# derivatives the backward multiplies by; ``backward(gh, gc, factors_t, d_x, d_hh)`` maps
# (dh', dc') to the gradients of the pre-activations, written into d_x (x part) and d_hh
# (h part; the same array for RNN and LSTM), and returns the direct gradients of (h, c).
# Per step only a few array operations remain: the rest is vectorised over time.

def rnn_keep(n_steps, batch, size, dtype):
    return ()


def rnn_forward(xi, hh, h, c, nonlinearity, keep, h_out, c_out):
    # h' = act(xi + hh),  act = tanh or relu
    pre = np.add(xi, hh, out=hh)
    if nonlinearity == "tanh":
        np.tanh(pre, out=h_out)
    else:
        np.maximum(pre, 0, out=h_out)


def rnn_factors(hh_all, keep, hs, cs, nonlinearity):
    # act'(pre): tanh' = 1 - h'^2, relu' = [h' > 0]
    h_new = hs[1:]
    return (1 - h_new * h_new if nonlinearity == "tanh" else (h_new > 0).astype(hs.dtype),)


def rnn_backward(gh, gc, factors, d_x, d_hh):
    # d_pre = gh act'(pre);  dh (direct) = 0
    np.multiply(gh, factors[0], out=d_x)
    return None, None


def lstm_scale(size: int, dtype) -> np.ndarray:
    """Per-column scale s of the gates (i, f, g, o): sigma(a) = tanh(a/2)/2 + 1/2, so with the
    pre-activations scaled by s = (1/2, 1/2, 1, 1/2) one tanh pass gives every gate."""
    s = np.full(4 * size, 0.5, dtype=dtype)
    s[2 * size:3 * size] = 1
    return s


def lstm_keep(n_steps, batch, size, dtype):
    return (np.empty((n_steps, batch, size), dtype=dtype),  # tanh(c')
            np.empty((n_steps, batch, 4 * size), dtype=dtype))  # the gates


@njit(cache=True)
def _lstm_cell(gates, c, c_out, half):
    """From the tanh of the scaled pre-activations: the gates i, f, o = (tanh + 1) / 2 (in
    place) and ``c' = f c + i g``."""
    size = c.shape[1]
    for b in range(c.shape[0]):  # 0-based views of each gate: the loop vectorises
        i, f, g, o = (gates[b, :size], gates[b, size:2 * size], gates[b, 2 * size:3 * size],
                      gates[b, 3 * size:])
        c_b, out = c[b], c_out[b]
        for k in range(size):
            i[k] = half * i[k] + half
            f[k] = half * f[k] + half
            o[k] = half * o[k] + half
            out[k] = f[k] * c_b[k] + i[k] * g[k]
    return c_out


@njit(cache=True)
def _lstm_preactivations(xi, bias, scale, hh_t, out):
    """``out = hh_t^T + s (xi + b)``: the scaled pre-activations (``hh_t = (s W_hh) h^T``)."""
    for b in range(out.shape[0]):
        row, x_b = out[b], xi[b]
        for k in range(out.shape[1]):
            row[k] = hh_t[k, b] + scale[k] * (x_b[k] + bias[k])
    return out


def lstm_forward(xi, hh, h, c, nonlinearity, keep, h_out, c_out):
    # [i, f, g, o] = [sigma, sigma, tanh, sigma](xi + hh);  c' = f c + i g,  h' = o tanh(c')
    # (the pre-activations s (xi + b_hh) + h (s W_hh)^T, s of lstm_scale: one tanh for all
    # gates; hh comes transposed, see Recurrence.forward; the gates are kept for the backward)
    tanh_c, gates, bias, scale = keep
    gates = np.tanh(_lstm_preactivations(xi, bias, scale, hh.T, gates), out=gates)
    _lstm_cell(gates, c, c_out, gates.dtype.type(0.5))
    np.multiply(gates[:, 3 * h_out.shape[-1]:], np.tanh(c_out, out=tanh_c), out=h_out)


def lstm_factors(hh_all, keep, hs, cs, nonlinearity):
    return keep[1], keep[0], cs[:-1]  # the gates, tanh(c'), c


@njit(cache=True)
def _lstm_cell_backward(gh, gc, gates, tanh_c, c, d_x, dc_out):
    """dc = gc + gh o (1 - tanh^2 c');  d[i, f, g, o] = [dc g i (1 - i), dc c f (1 - f),
    dc i (1 - g^2), gh tanh(c') o (1 - o)];  dc (direct, to c) = dc f."""
    size = gh.shape[1]
    for b in range(gh.shape[0]):  # 0-based views of each gate: the loop vectorises
        i, f, g, o = (gates[b, :size], gates[b, size:2 * size], gates[b, 2 * size:3 * size],
                      gates[b, 3 * size:])
        di, df, dg, do = (d_x[b, :size], d_x[b, size:2 * size], d_x[b, 2 * size:3 * size],
                          d_x[b, 3 * size:])
        gh_b, gc_b, tc, c_b, dc_b = gh[b], gc[b], tanh_c[b], c[b], dc_out[b]
        for k in range(size):
            dc = gc_b[k] + gh_b[k] * (o[k] - o[k] * tc[k] * tc[k])
            di[k] = dc * g[k] * (i[k] - i[k] * i[k])
            df[k] = dc * c_b[k] * (f[k] - f[k] * f[k])
            dg[k] = dc * (i[k] - i[k] * g[k] * g[k])
            do[k] = gh_b[k] * tc[k] * (o[k] - o[k] * o[k])
            dc_b[k] = dc * f[k]
    return dc_out


def lstm_backward(gh, gc, factors, d_x, d_hh):
    gates, tanh_c, c = factors
    return None, _lstm_cell_backward(gh, gc, gates, tanh_c, c, d_x, np.empty_like(gh))


def gru_keep(n_steps, batch, size, dtype):
    return (np.empty((n_steps, batch, 2 * size), dtype=dtype),  # r, z
            np.empty((n_steps, batch, size), dtype=dtype))  # n


def gru_forward(xi, hh, h, c, nonlinearity, keep, h_out, c_out):
    # r, z = sigma(xi_rz + hh_rz),  n = tanh(xi_n + r hh_n),  h' = (1 - z) n + z h
    # (hh_n stays in hh for the backward)
    size = h.shape[-1]
    rz = _sigmoid_(np.add(xi[:, :2 * size], hh[:, :2 * size], out=keep[0]))
    r, z = rz[:, :size], rz[:, size:]
    n = np.multiply(r, hh[:, 2 * size:], out=keep[1])
    n += xi[:, 2 * size:]
    np.tanh(n, out=n)
    np.subtract(h, n, out=h_out)
    h_out *= z
    h_out += n


def gru_factors(hh_all, keep, hs, cs, nonlinearity):
    # dn_pre = gh (1 - z)(1 - n^2);  dr_pre = dn_pre hh_n r (1 - r);  dz_pre = gh (h - n) z (1 - z)
    # d(xi) = [dr, dz, dn],  d(hh) = [dr, dz, dn r],  dh (direct) = gh z
    rz, n = keep
    size = n.shape[-1]
    r, z = rz[..., :size], rz[..., size:]
    return ((1 - z) * (1 - n * n), hh_all[..., 2 * size:] * r * (1 - r),
            (hs[:-1] - n) * z * (1 - z), r, z)


def gru_backward(gh, gc, factors, d_x, d_hh):
    dn_f, dr_f, dz_f, r, z = factors
    size = r.shape[-1]
    dn = np.multiply(gh, dn_f, out=d_x[:, 2 * size:])
    np.multiply(dn, dr_f, out=d_x[:, :size])
    np.multiply(gh, dz_f, out=d_x[:, size:2 * size])
    d_hh[:, :2 * size] = d_x[:, :2 * size]
    np.multiply(dn, r, out=d_hh[:, 2 * size:])
    return gh * z, None


CELLS = {"rnn": (rnn_keep, rnn_forward, rnn_factors, rnn_backward),
         "lstm": (lstm_keep, lstm_forward, lstm_factors, lstm_backward),
         "gru": (gru_keep, gru_forward, gru_factors, gru_backward)}


def _time_order(n_steps: int, lengths: np.ndarray | None) -> np.ndarray | None:
    """Index (T, N) reading each sample backwards within its own length (an involution)."""
    t = np.arange(n_steps)[:, None]
    if lengths is None:
        return None
    return np.where(t < lengths, lengths - 1 - t, t)


class Recurrence(Function):
    @staticmethod
    def forward(ctx, xproj, h0, c0, w_hh, b_hh=None, cell="lstm", nonlinearity="tanh",
                lengths=None, reverse=False):
        # for t = 1..T: h_t, c_t = cell(xproj_t, h_{t-1} W_hh^T + b_hh, h_{t-1}, c_{t-1})
        # returns (h_1..h_T, h_T, c_T) (c only for the LSTM; outputs past a length are 0)
        make_keep, step = CELLS[cell][:2]
        n_steps, batch = xproj.shape[:2]
        order = _time_order(n_steps, lengths) if reverse else None
        if reverse:
            xproj = xproj[::-1] if order is None else np.take_along_axis(xproj, order[..., None], 0)
        mask = None if lengths is None else (np.arange(n_steps)[:, None] < lengths)[..., None]
        hs = np.empty((n_steps + 1, *h0.shape), dtype=xproj.dtype)
        hs[0] = h0
        cs = None
        if c0 is not None:
            cs = np.empty_like(hs)
            cs[0] = c0
        fold = b_hh is not None and cell == "rnn"  # RNN: add b_hh to all steps at once
        if fold:
            xproj = xproj + b_hh
        keep = make_keep(n_steps, batch, h0.shape[-1], xproj.dtype)
        # The LSTM's products are W_hh h^T: OpenBLAS does (4H x H) x (H x N) in 3/4 of the
        # time of (N x H) x (H x 4H) for H = 128, N = 64; its cell reads them transposed.
        transposed = cell == "lstm"
        # each step's h W_hh^T, then its gates (the LSTM keeps its gates itself)
        hh_all = None if transposed else np.empty(xproj.shape, dtype=xproj.dtype)
        if cell == "lstm":  # scaled pre-activations for the one-tanh gates; b_hh added per step
            scale = lstm_scale(h0.shape[-1], xproj.dtype)
            w_left = np.multiply(w_hh, scale[:, None], order="C")  # s W_hh, a new array
            keep += (np.zeros_like(scale) if b_hh is None else b_hh, scale)
            product = np.empty((w_left.shape[0], batch), dtype=w_left.dtype)
        else:
            w_right = np.ascontiguousarray(w_hh.T)  # a contiguous right operand: faster GEMMs
        for t in range(n_steps):
            if transposed:
                hh = np.matmul(w_left, hs[t].T, out=product).T
            else:
                hh = np.matmul(hs[t], w_right, out=hh_all[t])
            if b_hh is not None and cell == "gru":
                hh += b_hh
            step(xproj[t], hh, hs[t], None if cs is None else cs[t], nonlinearity,
                 [k[t] if k.ndim == 3 else k for k in keep], hs[t + 1],
                 None if cs is None else cs[t + 1])
            if mask is not None:  # past its length a sample keeps its state
                np.copyto(hs[t + 1], hs[t], where=~mask[t])
                if cs is not None:
                    np.copyto(cs[t + 1], cs[t], where=~mask[t])
        out = hs[1:] if mask is None else hs[1:] * mask
        if reverse:
            out = out[::-1] if order is None else np.take_along_axis(out, order[..., None], 0)
        ctx.save_for_backward(hs, cs, w_hh, mask, order, hh_all, *keep)  # keep: per-step buffers
        ctx.cell, ctx.nonlinearity, ctx.reverse = cell, nonlinearity, reverse
        out = np.ascontiguousarray(out)
        return (out, hs[-1].copy()) if cs is None else (out, hs[-1].copy(), cs[-1].copy())

    @staticmethod
    def backward(ctx, g_out, g_hn, g_cn=None):
        # BPTT: dh_{t-1} = d(hh_t) W_hh + dh_t (direct);  dW_hh = sum_t d(hh_t)^T h_{t-1}
        hs, cs, w_hh, mask, order, hh_all, *keep = ctx.saved_tensors
        factors = CELLS[ctx.cell][2](hh_all, keep, hs, cs, ctx.nonlinearity)
        step_back = CELLS[ctx.cell][3]
        n_steps = g_out.shape[0]
        if ctx.reverse:
            g_out = g_out[::-1] if order is None else np.take_along_axis(g_out, order[..., None], 0)
        if mask is not None:
            g_out = g_out * mask
        d_x = np.empty((n_steps, *hs.shape[1:-1], w_hh.shape[0]), dtype=g_out.dtype)
        d_hh = d_x if ctx.cell != "gru" else np.empty_like(d_x)
        dh = g_hn.copy()
        dc = None if cs is None else g_cn.copy()
        for t in range(n_steps - 1, -1, -1):
            gh = dh + g_out[t]
            dh_direct, dc_direct = step_back(gh, dc, [f[t] for f in factors], d_x[t], d_hh[t])
            if mask is not None:  # a finished sample: its step is the identity
                m = mask[t]
                d_x[t] *= m
                if d_hh is not d_x:
                    d_hh[t] *= m
                carried = gh * ~m
                dh_direct = carried if dh_direct is None else dh_direct * m + carried
                if dc is not None:
                    dc_direct = dc_direct * m + dc * ~m
            dh = d_hh[t] @ w_hh
            if dh_direct is not None:
                dh += dh_direct
            dc = dc_direct
        need = ctx.needs_input_grad
        flat = d_hh.reshape(-1, d_hh.shape[-1])
        d_w = flat.T @ hs[:-1].reshape(-1, hs.shape[-1]) if need[3] else None
        d_b = flat.sum(axis=0) if len(need) > 4 and need[4] else None
        if ctx.reverse:
            d_x = d_x[::-1] if order is None else np.take_along_axis(d_x, order[..., None], 0)
        return d_x, dh, dc, d_w, d_b
