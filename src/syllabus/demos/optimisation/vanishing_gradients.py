"""Demo: vanishing gradients: per-layer gradient norms of a deep sigmoid net vs ReLU."""

from __future__ import annotations

import numpy as np

from syllabus import autograd, nn
from syllabus.datasets import load_digits
from syllabus.demos import register
from syllabus.nn import functional as F

DEPTH = 10


def _deep_net(activation: str, width: int, n_in: int, n_out: int, generator):
    layers = [nn.Linear(n_in, width)] + [nn.Linear(width, width) for _ in range(DEPTH - 1)]
    layers.append(nn.Linear(width, n_out))
    for layer in layers:
        if activation == "sigmoid":
            nn.init.xavier_normal_(layer.weight, generator=generator)
        else:
            nn.init.kaiming_normal_(layer.weight, nonlinearity="relu", generator=generator)
        nn.init.zeros_(layer.bias)
    return layers


def _backprop(layers, activation: str, X: np.ndarray, y: np.ndarray):
    """Forward keeping each pre-activation z_l, backward; returns the z_l (with .grad)."""
    h = autograd.tensor(X)
    pre = []
    for i, layer in enumerate(layers):
        z = layer(h)
        if i < len(layers) - 1:
            z.retain_grad()
            pre.append(z)
            h = F.sigmoid(z) if activation == "sigmoid" else F.relu(z)
        else:
            h = z
    F.cross_entropy(h, y).backward()
    return pre


@register("vanishing_gradients", topic="optimisation", order=6,
          title="Vanishing gradients: a deep sigmoid network vs ReLU")
def vanishing_gradients(ctx):
    r"""Backpropagation multiplies the gradient by each layer's local derivative. For a sigmoid
    $\sigma'(z) \le 1/4$, so with $\delta_l = \partial L / \partial z_l$

    $$\|\delta_l\| \le \tfrac{1}{4}\, \|W_{l+1}\|_2\, \|\delta_{l+1}\|$$

    at every layer. ReLU's derivative is 0 or 1. Measured on one batch of digits through a
    network with 10 hidden layers.

    What to notice: with Xavier-initialised sigmoid units the first layer's gradient is orders of
    magnitude smaller than the last one's, so the first layers stop learning; with ReLU and He
    initialisation the per-layer gradient norms stay of the same order."""
    width = 64 if ctx.fast else 128
    X, y = load_digits(return_X_y=True)
    idx = ctx.rng.permutation(len(X))[: 256 if ctx.fast else 1024]
    X = (X[idx] / 16.0).astype(np.float64)
    y = y[idx]
    generator = np.random.default_rng(ctx.seed)

    norms, bound_ok, worst = {}, True, 0.0
    for activation in ("sigmoid", "relu"):
        layers = [layer.double() for layer in _deep_net(activation, width, 64, 10, generator)]
        pre = _backprop(layers, activation, X, y)
        norms[activation] = np.array([np.linalg.norm(layer.weight.grad) for layer in layers[:-1]])
        if activation == "sigmoid":
            for lo, hi, W in zip(pre[:-1], pre[1:], layers[1:-1]):
                lhs = np.linalg.norm(lo.grad)
                rhs = 0.25 * np.linalg.norm(W.weight.data, 2) * np.linalg.norm(hi.grad)
                bound_ok &= lhs <= rhs * (1 + 1e-12)
                worst = max(worst, lhs / rhs)
        ratio = norms[activation][0] / norms[activation][-1]
        ctx.number(f"{activation}_first_over_last_hidden_gradient_norm", ratio)

    ctx.check("sigmoid: ||delta_l|| <= 1/4 ||W_{l+1}||_2 ||delta_{l+1}|| at every layer",
              bound_ok, detail=f"largest lhs / rhs = {worst:.3f}")
    s_ratio = norms["sigmoid"][0] / norms["sigmoid"][-1]
    r_ratio = norms["relu"][0] / norms["relu"][-1]
    ctx.check("sigmoid: the first layer's gradient is < 1e-3 of the last hidden layer's",
              s_ratio < 1e-3, detail=f"ratio {s_ratio:.2e}")
    ctx.check("ReLU + He: first and last hidden layers' gradients within a factor 10",
              0.1 < r_ratio < 10, detail=f"ratio {r_ratio:.3f}")

    fig, ax = ctx.figure("gradient_norms")
    for activation, marker in (("sigmoid", "o-"), ("relu", "s-")):
        ax.semilogy(range(1, DEPTH + 1), norms[activation], marker, label=activation)
    ax.set_xlabel("hidden layer (1 = closest to the input)")
    ax.set_ylabel("||dL/dW_l||")
    ax.set_title(f"gradient norms through {DEPTH} hidden layers")
    ax.legend()
