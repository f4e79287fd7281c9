"""Demo: kernel ridge regression over a grid of bandwidths sigma and penalties lambda."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.kernel_ridge import KernelRidge
from syllabus.kernels import rbf_kernel
from syllabus.metrics import mean_squared_error

from .._plotting import COLORS

SETTINGS = [(1e-3, 1e-4), (1e-2, 1e-4), (1e-1, 1e-4), (1e0, 1e-4), (1e-1, 1e0)]


def _target(x: np.ndarray) -> np.ndarray:
    return np.sin(2 * np.pi * x) + 0.5 * np.cos(5 * np.pi * x)


@register("kernel_ridge_bandwidth", topic="linear", order=7,
          title="Kernel ridge regression: bandwidth and penalty")
def kernel_ridge_bandwidth(ctx):
    r"""Kernel ridge regression with the RBF kernel predicts a weighted sum of bumps centred on
    the training points:

    $$\hat f(x) = \sum_i \alpha_i\, k(x_i, x), \quad \alpha = (K + \lambda I)^{-1} y, \quad k(x_i, x) = \exp\left(-\frac{\|x_i - x\|^2}{2\sigma^2}\right).$$

    The kernel-methods lecture's five settings show that both the bandwidth $\sigma$ and the
    penalty $\lambda$ regularise.

    What to notice: $\sigma = 0.001$ and $0.01$ give spikes on the training points (zero
    training error, poor elsewhere), $\sigma = 0.1$ follows the curve, $\sigma = 1$ is too stiff
    to bend; a large $\lambda$ shrinks the fit towards zero. Move the sliders to see each."""
    rng = ctx.rng
    n = 40 if ctx.fast else 80
    x = np.sort(rng.uniform(0, 1, n))[:, None]
    y = _target(x[:, 0]) + 0.1 * rng.normal(size=n)
    x_test = rng.uniform(0, 1, 1000)[:, None]
    y_test = _target(x_test[:, 0])
    grid = np.linspace(0, 1, 800)[:, None]

    sigmas = (1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1e0)
    lambdas = (1e-4, 1e-3, 1e-2, 1e-1, 1e0)
    fits = {}
    for setting in {(sg, 1e-4) for sg in sigmas} | {(0.1, lm) for lm in lambdas} | set(SETTINGS):
        sigma, lam = setting
        model = KernelRidge(lam, kernel="rbf", gamma=1 / (2 * sigma**2)).fit(x, y)
        fits[setting] = (model, mean_squared_error(y, model.predict(x)),
                         mean_squared_error(y_test, model.predict(x_test)))
    models = [fits[st][0] for st in SETTINGS]
    train_mse = [fits[st][1] for st in SETTINGS]
    test_mse = [fits[st][2] for st in SETTINGS]
    for (sigma, lam), tr, te in zip(SETTINGS, train_mse, test_mse):
        ctx.number(f"sigma = {sigma:g}, lambda = {lam:g}: train / test MSE",
                   [round(tr, 5), round(te, 4)])

    def draw_fit(fig, ax, sigma, lam):
        model, tr, te = fits[sigma, lam]
        ax.plot(grid[:, 0], _target(grid[:, 0]), ":", color="0.3", lw=1.2, label="true function")
        ax.plot(grid[:, 0], model.predict(grid), color=COLORS[0], label="kernel ridge fit")
        ax.scatter(x[:, 0], y, s=12, color=COLORS[1], edgecolor="k", linewidth=0.3, zorder=3,
                   label="training points")
        ax.set(xlabel="x", ylabel="y", ylim=(-2.2, 2.2),
               title=f"sigma = {sigma:g}, lambda = {lam:g}: train MSE {tr:.2g}, test MSE {te:.2g}")
        fig.legend(loc="outside lower center", ncols=3, fontsize=7)

    ctx.frames("sigma", "sigma (lambda = 1e-4)", sigmas,
               lambda fig, ax, sg: draw_fit(fig, ax, sg, 1e-4), figsize=(6.4, 3.6))
    ctx.frames("lambda", "lambda (sigma = 0.1)", lambdas,
               lambda fig, ax, lm: draw_fit(fig, ax, 0.1, lm), figsize=(6.4, 3.6))
    fig, (ax_s, ax_l) = ctx.figure("mse_curves", 1, 2, figsize=(8.4, 3.2))
    for ax, xs, key, xlabel in ((ax_s, sigmas, lambda v: (v, 1e-4), "bandwidth sigma (lambda = 1e-4)"),
                                (ax_l, lambdas, lambda v: (0.1, v), "penalty lambda (sigma = 0.1)")):
        ax.loglog(xs, [fits[key(v)][1] for v in xs], "o--", label="train MSE")
        ax.loglog(xs, [fits[key(v)][2] for v in xs], "s-", label="test MSE")
        ax.set(xlabel=f"{xlabel}, log scale", ylabel="mean squared error (log scale)")
        ax.legend()
    ax_s.set_title("Too narrow overfits, too wide underfits")
    ax_l.set_title("Some penalty helps, too much underfits")

    # The fit is literally (P + lambda I)^-1 y and f(x) = sum_i alpha_i k(x_i, x).
    sigma, lam = SETTINGS[2]
    P = rbf_kernel(x, gamma=1 / (2 * sigma**2))
    alpha = np.linalg.solve(P + lam * np.eye(n), y)
    by_hand = rbf_kernel(grid, x, gamma=1 / (2 * sigma**2)) @ alpha
    ctx.check("predictions equal sum_i alpha_i k(x_i, x) with alpha = (P + lambda I)^-1 y",
              np.max(np.abs(by_hand - models[2].predict(grid))) < 1e-8)
    best = int(np.argmin(test_mse))
    ctx.check("the best of the five settings uses the middle bandwidth sigma = 0.1",
              SETTINGS[best][0] == 0.1,
              detail=f"best: sigma={SETTINGS[best][0]:g}, lambda={SETTINGS[best][1]:g}")
    ctx.check("tiny bandwidths (nearly) interpolate: training MSE < 1e-5 for sigma = 0.001, "
              "< 0.003 (noise variance 0.01) for sigma = 0.01",
              train_mse[0] < 1e-5 and train_mse[1] < 3e-3)
    ctx.check("sigma = 0.001 overfits: its test MSE is over 10x the best setting's",
              test_mse[0] > 10 * test_mse[best])
    ctx.check("training error grows with the bandwidth (a wider kernel bends less)",
              train_mse[0] <= train_mse[1] <= train_mse[2] <= train_mse[3])
    norm_small = np.linalg.norm(models[2].dual_coef_)
    norm_large = np.linalg.norm(models[4].dual_coef_)
    ctx.check("lambda = 1 shrinks the fit at sigma = 0.1: smaller ||alpha||, larger training error",
              norm_large < norm_small and train_mse[4] > train_mse[2],
              detail=f"||alpha|| {norm_small:.3g} -> {norm_large:.3g}")
