"""The Transformer's layer-level Functions: layer normalisation, GELU and attention.

Each is one fused operation with its hand-written backward, so a multi-head attention layer
is a handful of nodes in the graph (no per-head Python loop): heads are a batch dimension.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from ._tensor import Function


class LayerNorm(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, n_axes, eps):  # y = (x - mean) / sqrt(var + eps) * w + b
        axes = tuple(range(x.ndim - n_axes, x.ndim))
        mean = x.mean(axis=axes, keepdims=True)
        centred = x - mean
        inv_std = 1.0 / np.sqrt((centred * centred).mean(axis=axes, keepdims=True) + eps)
        x_hat = centred * inv_std
        ctx.save_for_backward(x_hat, inv_std, weight)
        ctx.axes = axes
        y = x_hat if weight is None else x_hat * weight
        return y if bias is None else y + bias

    @staticmethod
    def backward(ctx, g):  # dx = inv_std (g_hat - mean(g_hat) - x_hat mean(g_hat x_hat))
        x_hat, inv_std, weight = ctx.saved_tensors
        axes = ctx.axes
        outer = tuple(range(g.ndim - len(axes)))
        g_hat = g if weight is None else g * weight
        gx = inv_std * (g_hat - g_hat.mean(axis=axes, keepdims=True)
                        - x_hat * (g_hat * x_hat).mean(axis=axes, keepdims=True))
        gw = (g * x_hat).sum(axis=outer) if ctx.needs_input_grad[1] else None
        gb = g.sum(axis=outer) if ctx.needs_input_grad[2] else None
        return gx, gw, gb, None, None


_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


class GELU(Function):
    @staticmethod
    def forward(ctx, x, approximate):
        # exact: y = x Phi(x);  tanh: y = x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
        ctx.save_for_backward(x)
        ctx.approximate = approximate
        if approximate == "tanh":
            return 0.5 * x * (1.0 + np.tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x ** 3)))
        return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))

    @staticmethod
    def backward(ctx, g):  # exact: dy/dx = Phi(x) + x phi(x)
        (x,) = ctx.saved_tensors
        if ctx.approximate == "tanh":
            inner = _SQRT_2_OVER_PI * (x + 0.044715 * x ** 3)
            t = np.tanh(inner)
            d_inner = _SQRT_2_OVER_PI * (1.0 + 3 * 0.044715 * x * x)
            return g * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * d_inner), None
        cdf = 0.5 * (1.0 + _erf(x / math.sqrt(2.0)))
        pdf = np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)
        return g * (cdf + x * pdf).astype(x.dtype, copy=False), None


@numba.vectorize(["float32(float32)", "float64(float64)"], cache=True)
def _erf(x):  # NumPy has no erf; math.erf compiled elementwise
    return math.erf(x)


class ScaledDotProductAttention(Function):
    @staticmethod
    def forward(ctx, q, k, v, mask, scale, keep):
        # A = softmax(q k^T * scale + mask), dropped out by keep / (1 - p); out = A v
        scores = (q @ np.swapaxes(k, -1, -2)) * scale
        if mask is not None:
            scores = scores + mask
        top = scores.max(axis=-1, keepdims=True)
        top = np.where(np.isfinite(top), top, 0.0)  # rows masked everywhere give zeros
        e = np.exp(scores - top)
        total = e.sum(axis=-1, keepdims=True)
        attn = np.divide(e, total, out=np.zeros_like(e), where=total > 0)
        dropped = attn if keep is None else attn * keep
        ctx.save_for_backward(q, k, v, attn, keep)
        ctx.scale = scale
        return dropped @ v, dropped

    @staticmethod
    def backward(ctx, g, g_weights):
        # dv = A'^T g;  dA' = g v^T;  dS = A (dA - sum(dA A));  dq = dS k s;  dk = dS^T q s
        q, k, v, attn, keep = ctx.saved_tensors
        dropped = attn if keep is None else attn * keep
        g_dropped = g @ np.swapaxes(v, -1, -2) + g_weights  # the weights are an output too
        g_attn = g_dropped if keep is None else g_dropped * keep
        g_scores = attn * (g_attn - (g_attn * attn).sum(axis=-1, keepdims=True))
        need = ctx.needs_input_grad
        # broadcast batch dimensions are summed back by the engine
        gq = (g_scores @ k) * ctx.scale if need[0] else None
        gk = (np.swapaxes(g_scores, -1, -2) @ q) * ctx.scale if need[1] else None
        gv = np.swapaxes(dropped, -1, -2) @ g if need[2] else None
        return gq, gk, gv, g_scores if need[3] else None, None, None

