"""Demo: exploding gradients on a long sequence, and clip_grad_norm_."""

from __future__ import annotations

import numpy as np

from syllabus import nn, optim
from syllabus.autograd import tensor
from syllabus.demos import register
from syllabus.nn import functional as F


def _model(n_hidden, seed):
    """A ReLU RNN whose recurrent matrix starts at 1.1 I: h_t = relu(U x_t + 1.1 h_{t-1})."""
    rnn = nn.RNN(1, n_hidden, nonlinearity="relu", batch_first=True, dtype=np.float64)
    head = nn.Linear(n_hidden, 1, dtype=np.float64)
    rng = np.random.default_rng(seed)
    rnn.weight_ih_l0.data[...] = np.abs(rng.normal(0, 0.5, rnn.weight_ih_l0.shape))
    rnn.weight_hh_l0.data[...] = 1.1 * np.eye(n_hidden)
    rnn.bias_ih_l0.data[...] = 0
    rnn.bias_hh_l0.data[...] = 0
    head.weight.data[...] = rng.normal(0, 0.5, head.weight.shape)
    head.bias.data[...] = 0
    return rnn, head


def _loss(rnn, head, x, y):
    out, _ = rnn(x)
    return F.mse_loss(head(out[:, -1]), y)


@register("gradient_clipping", topic="rnn", order=5,
          title="Exploding gradients on a long sequence, and gradient clipping")
def gradient_clipping(ctx):
    r"""The gradient through T steps is a product of T Jacobians; when their norm exceeds one
    it grows geometrically and a single gradient step can throw the weights far away (the
    exploding twin of the vanishing gradient). Here a ReLU RNN with recurrent matrix
    1.1 I learns to output the mean of 80 positive inputs at the last step. Gradient-norm
    clipping rescales the whole gradient when it is too long, keeping its direction:
    $$ g \leftarrow g \cdot \min\Big(1, \frac{\text{max\_norm}}{\|g\|}\Big) $$
    (``nn.utils.clip_grad_norm_``). The same SGD run is made with and without it.

    What to notice: the gradient norm at the start grows like 1.1^T with the sequence length
    (log scale); without clipping the first steps blow the loss up, with clipping it
    goes down steadily."""
    rng = ctx.rng
    n_hidden, n_steps, n_iter = 8, 80, (60 if ctx.fast else 200)
    lengths = [10, 20, 40, 60, 80]
    norms = []
    for t in lengths:
        rnn, head = _model(n_hidden, ctx.seed)
        x = rng.uniform(0, 1, (32, t, 1))
        _loss(rnn, head, x, x.mean(axis=1)).backward()
        norms.append(float(np.linalg.norm(rnn.weight_hh_l0.grad)))
    ctx.number("||dL/dW_hh|| at initialisation for T = 10, 20, 40, 60, 80",
               [float(f"{g:.3g}") for g in norms])
    growth = np.polyfit(lengths, np.log(norms), 1)[0]
    ctx.number("fitted growth factor of the gradient norm per step", round(float(np.exp(growth)), 4))
    ctx.check("the gradient norm grows geometrically with T: more than 100x from T = 10 to 80",
              norms[-1] > 100 * norms[0], detail=f"{norms[0]:.3g} -> {norms[-1]:.3g}")

    curves = {}
    x_all = rng.uniform(0, 1, (512, n_steps, 1))
    y_all = x_all.mean(axis=1)
    for clip in (None, 1.0):
        rnn, head = _model(n_hidden, ctx.seed)
        params = list(rnn.parameters()) + list(head.parameters())
        opt = optim.SGD(params, lr=0.01)
        batches = np.random.default_rng(ctx.seed)
        losses = []
        with np.errstate(all="ignore"):
            for _ in range(n_iter):
                idx = batches.integers(0, len(x_all), 32)
                opt.zero_grad()
                loss = _loss(rnn, head, tensor(x_all[idx]), y_all[idx])
                loss.backward()
                if clip is not None:
                    nn.utils.clip_grad_norm_(params, clip)
                opt.step()
                losses.append(float(loss.data))
                if not np.isfinite(losses[-1]) or losses[-1] > 1e12:
                    break
        curves["clip_grad_norm_(1.0)" if clip else "no clipping"] = np.array(losses)
    plain, clipped = curves["no clipping"], curves["clip_grad_norm_(1.0)"]
    worst_plain = np.nanmax(np.where(np.isfinite(plain), plain, np.inf))
    ctx.number("no clipping: largest loss reached", float(f"{worst_plain:.3g}"))
    ctx.number("clipping: first and last loss", [float(f"{clipped[0]:.3g}"), float(f"{clipped[-1]:.3g}")])
    ctx.check("without clipping the loss blows up (to more than 100x its start, or not finite)",
              not np.isfinite(worst_plain) or worst_plain > 100 * plain[0],
              detail=f"start {plain[0]:.3g}, largest {worst_plain:.3g}")
    ctx.check("with clipping the loss stays finite and ends below a hundredth of its start",
              np.all(np.isfinite(clipped)) and clipped[-1] < clipped[0] / 100,
              detail=f"start {clipped[0]:.3g}, end {clipped[-1]:.3g}, max {clipped.max():.3g}")

    fig, axes = ctx.figure("clipping", 1, 2, figsize=(9.5, 3.6))
    axes[0].semilogy(lengths, norms, "o-", color="#D55E00")
    axes[0].set_xlabel("sequence length T")
    axes[0].set_ylabel("||dL/dW_hh|| at initialisation")
    axes[0].set_title("exploding gradient (W_hh = 1.1 I, ReLU)", fontsize=10)
    for (name, curve), color in zip(curves.items(), ("#D55E00", "#0072B2")):
        shown = np.where(np.isfinite(curve), curve, np.nan)
        axes[1].semilogy(np.arange(1, len(curve) + 1), shown, color=color, label=name)
        if len(curve) < n_iter:
            axes[1].plot(len(curve), np.nanmax(shown), "x", color=color, ms=9,
                         label=f"{name}: stopped (diverged)")
    axes[1].set_xlabel("SGD step (lr 0.01, batch 32, T = 80)")
    axes[1].set_ylabel("mean squared error")
    axes[1].legend(fontsize=7)
