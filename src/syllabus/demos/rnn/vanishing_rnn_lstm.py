"""Demo: vanishing gradients through time, RNN vs LSTM (the lecture's 128-step demo)."""

from __future__ import annotations

import numpy as np

from syllabus import nn
from syllabus.autograd import tensor
from syllabus.demos import register

N_STEPS = 128


def _gradient_norms(layer, x, v):
    """||dE/dx_k|| for every step k, with the error only at the last step: E = <v, h_T>."""
    xs = tensor(x, requires_grad=True)
    out, _ = layer(xs)
    (out[-1] * tensor(v)).sum().backward()
    return np.linalg.norm(xs.grad[:, 0], axis=-1)


@register("vanishing_rnn_lstm", topic="rnn", order=4,
          title="Vanishing gradients through 128 steps: RNN vs LSTM")
def vanishing_rnn_lstm(ctx):
    r"""As in the lecture's demo: an error is made only at step 128 and propagated back;
    weights are drawn from N(0, 0.1). For the RNN the gradient reaching step k is a product
    of 128 - k Jacobians,
    $$ \frac{\partial s_{128}}{\partial s_k} = \prod_{j=k+1}^{128} \mathrm{diag}(1 - s_j^2)\, W, $$
    each of norm below one here, so it shrinks geometrically. In the LSTM the cell state is
    updated additively, $c_t = f_t \odot c_{t-1} + i_t \odot g_t$, so
    $\partial c_t / \partial c_{t-1} = \mathrm{diag}(f_t)$: with the forget gate open (its bias
    set to $b_f$, the slider) the gradient travels back almost unchanged.

    What to notice: the RNN's gradient norm falls by tens of orders of magnitude over 128
    steps (log scale); the LSTM's with $b_f = 5$ stays of the same order. With
    $b_f = 0$ the LSTM forgets at rate 1/2 per step and vanishes too: the gate, which
    training can open, is what carries long-range gradients."""
    rng = ctx.rng
    n_in, n_hidden = (8, 32) if ctx.fast else (16, 64)
    x = rng.standard_normal((N_STEPS, 1, n_in))
    v = rng.standard_normal((1, n_hidden))
    weights = np.random.default_rng(ctx.seed)

    rnn = nn.RNN(n_in, n_hidden, dtype=np.float64)
    for p in rnn.parameters():
        p.data[...] = weights.normal(0, 0.1, p.shape)
    lstm = nn.LSTM(n_in, n_hidden, dtype=np.float64)
    for p in lstm.parameters():
        p.data[...] = weights.normal(0, 0.1, p.shape)
    base_bias = lstm.bias_ih_l0.data[n_hidden:2 * n_hidden].copy()
    norms = {"RNN": _gradient_norms(rnn, x, v)}
    forget_biases = [0.0, 1.0, 3.0, 5.0]
    for b_f in forget_biases:
        lstm.bias_ih_l0.data[n_hidden:2 * n_hidden] = base_bias + b_f
        norms[f"LSTM, b_f = {b_f:g}"] = _gradient_norms(lstm, x, v)

    ratio = {name: g[0] / g[-1] for name, g in norms.items()}
    for name, r in ratio.items():
        ctx.number(f"{name}: ||dE/dx_1|| / ||dE/dx_128||", float(f"{r:.3g}"))
    ctx.check("RNN: the gradient reaching step 1 is more than 10 orders of magnitude below step 128's",
              ratio["RNN"] < 1e-10, detail=f"ratio {ratio['RNN']:.2e}")
    ctx.check("LSTM (b_f = 5): the gradient reaching step 1 does not vanish (at least 1/100 of step 128's)",
              ratio["LSTM, b_f = 5"] > 1e-2, detail=f"ratio {ratio['LSTM, b_f = 5']:.3g}")
    ctx.check("LSTM with a closed forget gate (b_f = 0) vanishes too (ratio < 1e-10)",
              ratio["LSTM, b_f = 0"] < 1e-10, detail=f"ratio {ratio['LSTM, b_f = 0']:.2e}")

    ks = np.arange(1, N_STEPS + 1)

    def draw(fig, ax, b_f):
        ax.semilogy(ks, norms["RNN"], color="#D55E00", label="RNN (tanh)")
        ax.semilogy(ks, norms[f"LSTM, b_f = {b_f:g}"], color="#0072B2", label=f"LSTM, forget bias {b_f:g}")
        ax.set_xlabel("step k")
        ax.set_ylabel(r"$\|\partial E_{128} / \partial x_k\|$")
        ax.set_title("error at step 128 only, weights ~ N(0, 0.1)", fontsize=10)
        lo = min(norms["RNN"].min(), min(g.min() for g in norms.values()))
        ax.set_ylim(max(lo, 1e-300) / 10, max(g.max() for g in norms.values()) * 10)
        ax.legend(loc="lower right", fontsize=8)

    ctx.frames("gradient_norms", "LSTM forget-gate bias b_f", forget_biases, draw)
