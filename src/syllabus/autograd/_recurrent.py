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

from ._tensor import Function


def _sigmoid_(a: np.ndarray) -> np.ndarray:
    """In place: sigma(a) = (1 + tanh(a / 2)) / 2 (tanh never overflows)."""
    a *= 0.5
    np.tanh(a, out=a)
    a *= 0.5
    a += 0.5
    return a


# ---- the cells: forward of one step, and its local backward ---------------------------
# Each forward takes the pre-activations (x part, h part: a buffer it may overwrite) and the
# previous state and returns the new state plus what the backward needs; each backward maps
# (dh', dc') to the gradients of the pre-activations, written into d_x (x part) and d_hh
# (h part; the same array for RNN and LSTM), and returns the direct gradients of (h, c).

def rnn_forward(xi, hh, h, c, nonlinearity, scale=None):
    # h' = act(xi + hh),  act = tanh or relu
    pre = np.add(xi, hh, out=hh)
    h_new = np.tanh(pre, out=pre) if nonlinearity == "tanh" else np.maximum(pre, 0, out=pre)
    return h_new, None, (h_new,)


def rnn_backward(gh, gc, saved, h, c, nonlinearity, d_x, d_hh):
    # d_pre = gh act'(pre) (tanh' = 1 - h'^2, relu' = [h' > 0]);  dh (direct) = 0
    (h_new,) = saved
    if nonlinearity == "tanh":
        np.multiply(gh, 1 - h_new * h_new, out=d_x)
    else:
        np.multiply(gh, h_new > 0, out=d_x)
    return None, None


def lstm_scale(size: int, dtype) -> tuple[np.ndarray, np.ndarray]:
    """Per-column scale s and shift of the gates (i, f, g, o): sigma(a) = tanh(a/2)/2 + 1/2,
    so with the pre-activations scaled by s = (1/2, 1/2, 1, 1/2) one tanh pass gives every
    gate, then ``* s + shift`` turns the sigmoid gates' tanh into sigma."""
    s = np.full(4 * size, 0.5, dtype=dtype)
    s[2 * size:3 * size] = 1
    shift = s.copy()
    shift[2 * size:3 * size] = 0
    return s, shift


def lstm_forward(xi, hh, h, c, nonlinearity, scale=None):
    # [i, f, g, o] = [sigma, sigma, tanh, sigma](xi + hh);  c' = f c + i g,  h' = o tanh(c')
    # (xi and hh arrive scaled by s of lstm_scale: one tanh, then * s + shift)
    gates = np.add(xi, hh, out=hh)
    np.tanh(gates, out=gates)
    s, shift = scale
    gates *= s
    gates += shift
    size = gates.shape[-1] // 4
    i, f, g, o = gates[:, :size], gates[:, size:2 * size], gates[:, 2 * size:3 * size], gates[:, 3 * size:]
    c_new = f * c
    c_new += i * g
    tanh_c = np.tanh(c_new)
    return o * tanh_c, c_new, (gates, tanh_c)


def lstm_backward(gh, gc, saved, h, c, nonlinearity, d_x, d_hh):
    # dc = gc + gh o (1 - tanh^2 c');  d[i, f, g, o] = [dc g, dc c, dc i, gh tanh c'] * act';
    # dc (direct, to c) = dc f
    gates, tanh_c = saved
    size = tanh_c.shape[-1]
    i, f, g, o = gates[:, :size], gates[:, size:2 * size], gates[:, 2 * size:3 * size], gates[:, 3 * size:]
    dc = gc + gh * o * (1 - tanh_c * tanh_c)
    np.multiply(dc * g, i * (1 - i), out=d_x[:, :size])
    np.multiply(dc * c, f * (1 - f), out=d_x[:, size:2 * size])
    np.multiply(dc * i, 1 - g * g, out=d_x[:, 2 * size:3 * size])
    np.multiply(gh * tanh_c, o * (1 - o), out=d_x[:, 3 * size:])
    return None, dc * f


def gru_forward(xi, hh, h, c, nonlinearity, scale=None):
    # r, z = sigma(xi_rz + hh_rz),  n = tanh(xi_n + r hh_n),  h' = (1 - z) n + z h
    size = h.shape[-1]
    rz = _sigmoid_(xi[:, :2 * size] + hh[:, :2 * size])
    r, z = rz[:, :size], rz[:, size:]
    hn = hh[:, 2 * size:]
    n = np.tanh(xi[:, 2 * size:] + r * hn)
    h_new = h - n
    h_new *= z
    h_new += n
    return h_new, None, (rz, n, hn)


def gru_backward(gh, gc, saved, h, c, nonlinearity, d_x, d_hh):
    # dn_pre = gh (1 - z)(1 - n^2);  dr_pre = dn_pre hh_n r (1 - r);  dz_pre = gh (h - n) z (1 - z)
    # d(xi) = [dr, dz, dn],  d(hh) = [dr, dz, dn r],  dh (direct) = gh z
    rz, n, hn = saved
    size = n.shape[-1]
    r, z = rz[:, :size], rz[:, size:]
    dn = d_x[:, 2 * size:]
    np.multiply(gh * (1 - z), 1 - n * n, out=dn)
    np.multiply(dn * hn, r * (1 - r), out=d_x[:, :size])
    np.multiply(gh * (h - n), z * (1 - z), out=d_x[:, size:2 * size])
    d_hh[:, :2 * size] = d_x[:, :2 * size]
    np.multiply(dn, r, out=d_hh[:, 2 * size:])
    return gh * z, None


CELLS = {"rnn": (rnn_forward, rnn_backward), "lstm": (lstm_forward, lstm_backward),
         "gru": (gru_forward, gru_backward)}


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
        step, _ = CELLS[cell]
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
        w_t = np.ascontiguousarray(w_hh.T)  # a contiguous right operand: faster small GEMMs
        fold = b_hh is not None and cell != "gru"  # RNN/LSTM: add b_hh to all steps at once
        if fold:
            xproj = xproj + b_hh
        scale = None
        if cell == "lstm":  # pre-scale the pre-activations once for the one-tanh gates
            scale = lstm_scale(h0.shape[-1], xproj.dtype)
            xproj = xproj * scale[0]
            w_t *= scale[0]
        hh_all = np.empty(xproj.shape, dtype=xproj.dtype)  # each step's h W_hh^T, then its gates
        saved = []
        for t in range(n_steps):
            hh = np.matmul(hs[t], w_t, out=hh_all[t])
            if b_hh is not None and not fold:
                hh += b_hh
            h_new, c_new, keep = step(xproj[t], hh, hs[t], None if cs is None else cs[t], nonlinearity,
                                      scale)
            if mask is not None:  # past its length a sample keeps its state
                h_new = np.where(mask[t], h_new, hs[t])
                if cs is not None:
                    c_new = np.where(mask[t], c_new, cs[t])
            hs[t + 1] = h_new
            if cs is not None:
                cs[t + 1] = c_new
            saved.append(keep)
        out = hs[1:] if mask is None else hs[1:] * mask
        if reverse:
            out = out[::-1] if order is None else np.take_along_axis(out, order[..., None], 0)
        ctx.save_for_backward(hs, cs, w_hh, mask, order)
        ctx.steps = saved
        ctx.cell, ctx.nonlinearity, ctx.reverse = cell, nonlinearity, reverse
        out = np.ascontiguousarray(out)
        return (out, hs[-1].copy()) if cs is None else (out, hs[-1].copy(), cs[-1].copy())

    @staticmethod
    def backward(ctx, g_out, g_hn, g_cn=None):
        # BPTT: dh_{t-1} = d(hh_t) W_hh + dh_t (direct);  dW_hh = sum_t d(hh_t)^T h_{t-1}
        hs, cs, w_hh, mask, order = ctx.saved_tensors
        _, step_back = CELLS[ctx.cell]
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
            c_prev = None if cs is None else cs[t]
            dh_direct, dc_direct = step_back(gh, dc, ctx.steps[t], hs[t], c_prev, ctx.nonlinearity,
                                             d_x[t], d_hh[t])
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
