"""Demo: backpropagation through time written out step by step, equal to autograd."""

from __future__ import annotations

import numpy as np

from syllabus import nn
from syllabus.demos import register
from syllabus.nn import functional as F


@register("bptt_unrolled", topic="rnn", order=3,
          title="Backpropagation through time: the sum over earlier steps, unrolled")
def bptt_unrolled(ctx):
    r"""The weights of an RNN are shared by all steps, so the gradient of the loss
    $E = \sum_t E_t$ is a sum over the unrolled graph. Step by step (the lecture's BPTT), with
    $s_t = \tanh(U x_t + W s_{t-1})$ and $\delta^{(t)}_k = \partial E_t / \partial z_k$ for the
    pre-activation $z_k$ of step $k \le t$:
    $$ \frac{\partial E_t}{\partial W} = \sum_{k \le t} \delta^{(t)}_k s_{k-1}^\top,\qquad
    \delta^{(t)}_{k-1} = (1 - s_{k-1}^2) \odot W^\top \delta^{(t)}_k . $$
    The demo computes every term $\partial E_t/\partial W$ through step $k$ by this recursion in
    NumPy, draws their norms, and sums them.

    What to notice: the sum of the contributions is autograd's gradient to rounding; the
    contributions of steps far behind $t$ are small (each step multiplies by
    $\mathrm{diag}(1 - s^2) W^\top$), which is the vanishing gradient of the next demo."""
    rng = ctx.rng
    n_steps, n_in, n_hidden, n_out = (12, 4, 8, 4) if ctx.fast else (20, 4, 16, 4)
    rnn = nn.RNN(n_in, n_hidden, bias=False, dtype=np.float64)
    head = nn.Linear(n_hidden, n_out, bias=False, dtype=np.float64)
    x = rng.standard_normal((n_steps, 1, n_in))
    y = rng.integers(0, n_out, n_steps)

    # autograd: E = sum_t cross-entropy(V s_t, y_t)
    out, _ = rnn(x)
    loss = F.cross_entropy(head(out[:, 0]), y, reduction="sum")
    loss.backward()
    auto = rnn.weight_hh_l0.grad

    # by hand: s_t, then for every t the recursion delta_k^{(t)} for k = t, t-1, ..., 1
    U, W, V = rnn.weight_ih_l0.data, rnn.weight_hh_l0.data, head.weight.data
    s = np.zeros((n_steps + 1, n_hidden))
    for t in range(n_steps):
        s[t + 1] = np.tanh(U @ x[t, 0] + W @ s[t])
    logits = s[1:] @ V.T
    p = np.exp(logits - logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    d_out = p - np.eye(n_out)[y]  # dE_t / d logits_t
    contrib = np.zeros((n_steps, n_steps))  # ||dE_t/dW through step k||
    total = np.zeros_like(W)
    for t in range(n_steps):
        delta = (1 - s[t + 1] ** 2) * (V.T @ d_out[t])
        for k in range(t, -1, -1):
            term = np.outer(delta, s[k])
            contrib[t, k] = np.linalg.norm(term)
            total += term
            delta = (1 - s[k] ** 2) * (W.T @ delta)

    err = np.abs(total - auto).max() / np.abs(auto).max()
    ctx.number("max |hand - autograd| / max |autograd|", float(f"{err:.2e}"))
    per_step = contrib.sum(axis=0)
    ctx.number("sum over t of ||dE_t/dW through step k||, k = 1..T", np.round(per_step, 4).tolist())
    ctx.check("the unrolled sum of contributions equals autograd's dE/dW (relative error < 1e-12)",
              err < 1e-12, detail=f"relative error {err:.2e}")
    first = np.mean(np.diagonal(contrib))  # the same-step terms dE_t/dW via step t
    fourth = np.mean(np.diagonal(contrib, offset=-3))  # via step t - 3
    ctx.check("a contribution three steps back is on average smaller than the same-step one",
              fourth < first, detail=f"mean norm at lag 0: {first:.3g}, lag 3: {fourth:.3g}")

    fig, axes = ctx.figure("bptt_contributions", 1, 2, figsize=(10, 3.8))
    ks = np.arange(1, n_steps + 1)
    axes[0].bar(ks, per_step, color="#0072B2")
    axes[0].set_xlabel("step k the gradient flows through")
    axes[0].set_ylabel(r"$\sum_t \|\partial E_t/\partial W$ via step k$\|$")
    axes[0].set_title("contributions to dE/dW by step", fontsize=10)
    masked = np.ma.masked_where(np.triu(np.ones_like(contrib), 1) > 0, contrib)
    import matplotlib.colors as mcolors

    im = axes[1].imshow(masked, origin="lower", cmap="viridis",
                        norm=mcolors.LogNorm(vmin=max(contrib[contrib > 0].min(), 1e-8),
                                             vmax=contrib.max()),
                        extent=(0.5, n_steps + 0.5, 0.5, n_steps + 0.5))
    axes[1].set_xlabel("step k (k <= t)")
    axes[1].set_ylabel("loss term E_t")
    axes[1].set_title(r"$\|\partial E_t/\partial W$ through step k$\|$", fontsize=10)
    fig.colorbar(im, ax=axes[1], label="norm (log scale)")
