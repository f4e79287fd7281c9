"""Demo: a 1-20-1 network fits a noisy sine (universal approximation)."""

from __future__ import annotations

import warnings

import numpy as np

from syllabus.datasets import make_sine
from syllabus.demos import register
from syllabus.linear_model import ConvergenceWarning
from syllabus.neural_network import MLPRegressor

NOISE = 0.1


def _fit(width: int, X, y, seed: int) -> MLPRegressor:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return MLPRegressor(hidden_layer_sizes=(width,), activation="tanh", solver="lbfgs", alpha=1e-4,
                            max_iter=2000, random_state=seed).fit(X, y)


@register("universal_approximation", topic="neural-networks", order=2,
          title="Universal approximation: a 1-20-1 network fits a noisy sine")
def universal_approximation(ctx):
    r"""A network with one hidden layer of 20 tanh units approximates a noisy sine. Its output
    is a weighted sum of shifted and scaled tanh steps,

    $$\hat f(x) = \sum_{j=1}^{20} v_j \tanh(w_j x + b_j) + c,$$

    and with enough units any continuous function on an interval can be approached (Hornik,
    Stinchcombe and White, 1989).

    What to notice: the fit follows the noiseless sine, its training error is close to the noise
    variance (it neither underfits nor chases the noise), and networks with 1, 2 or 3 hidden units
    fit visibly worse."""
    n = 60 if ctx.fast else 100
    X, y = make_sine(n, noise=NOISE, random_state=ctx.seed)
    x_grid = np.linspace(0, 1, 400)[:, None]
    truth = np.sin(2 * np.pi * x_grid).ravel()

    def r2_vs_truth(model):
        return 1 - np.mean((model.predict(x_grid) - truth) ** 2) / np.var(truth)

    net = _fit(20, X, y, ctx.seed)
    r2 = r2_vs_truth(net)
    train_mse = float(np.mean((net.predict(X) - y) ** 2))
    ctx.number("r2_against_the_true_sine_1_20_1", r2)
    ctx.number("train_mse", train_mse)
    ctx.number("noise_variance", NOISE**2)
    ctx.check("the 1-20-1 network recovers the noiseless sine (R^2 > 0.98 on a dense grid)",
              r2 > 0.98, detail=f"R^2 = {r2:.4f}")
    ctx.check("its training error is about the noise variance (0.4x to 1.5x): no under- or "
              "over-fitting", 0.4 * NOISE**2 < train_mse < 1.5 * NOISE**2,
              detail=f"train MSE {train_mse:.4f} vs sigma^2 = {NOISE**2}")

    # The output is literally a sum of scaled tanh units.
    hidden = np.tanh(x_grid @ net.coefs_[0] + net.intercepts_[0])  # (400, 20)
    components = hidden * net.coefs_[1].ravel()
    rebuilt = components.sum(axis=1) + net.intercepts_[1][0]
    ctx.check("prediction = sum of the 20 weighted hidden units + bias",
              np.allclose(rebuilt, net.predict(x_grid), rtol=0, atol=1e-12),
              detail=f"max |diff| {np.max(np.abs(rebuilt - net.predict(x_grid))):.1e}")

    widths = (1, 2, 3, 20)
    n_inits = 2 if ctx.fast else 4
    best = {w: max(r2_vs_truth(_fit(w, X, y, ctx.seed + k)) for k in range(n_inits))
            for w in widths}
    for w, v in best.items():
        ctx.number(f"best_r2_width_{w}", v)
    ctx.check("one hidden unit is not enough (R^2 < 0.95); three already are (> 0.98)",
              best[1] < 0.95 and best[3] > 0.98,
              detail=", ".join(f"{w} units: {v:.4f}" for w, v in best.items()))

    fig, axes = ctx.figure("sine", 1, 2, figsize=(11, 4))
    axes[0].scatter(X.ravel(), y, s=12, color="0.4", label="noisy samples")
    axes[0].plot(x_grid, truth, "k--", lw=1, label="sin(2 pi x)")
    for w in (1, 3):
        axes[0].plot(x_grid, _fit(w, X, y, ctx.seed).predict(x_grid), lw=1, label=f"1-{w}-1")
    axes[0].plot(x_grid, net.predict(x_grid), lw=2, label="1-20-1")
    axes[0].legend(fontsize=8)
    axes[0].set_title("fits of increasing width")
    axes[1].plot(x_grid, components, lw=0.8)
    axes[1].plot(x_grid, rebuilt, "k", lw=2, label="sum + bias = network output")
    axes[1].set_title("the 20 weighted hidden units w2_j tanh(w1_j x + b1_j)")
    axes[1].legend(fontsize=8)
