"""Demo: kernel ridge regression over a grid of bandwidths sigma and penalties lambda."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.kernel_ridge import KernelRidge
from syllabus.kernels import rbf_kernel
from syllabus.metrics import mean_squared_error

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

    fig, axes = ctx.figure("five_settings", 1, 5, figsize=(17, 3.4), sharey=True)
    train_mse, test_mse, models = [], [], []
    for ax, (sigma, lam) in zip(axes, SETTINGS):
        model = KernelRidge(lam, kernel="rbf", gamma=1 / (2 * sigma**2)).fit(x, y)
        models.append(model)
        train_mse.append(mean_squared_error(y, model.predict(x)))
        test_mse.append(mean_squared_error(y_test, model.predict(x_test)))
        ax.plot(grid[:, 0], model.predict(grid), lw=1)
        ax.plot(grid[:, 0], _target(grid[:, 0]), "k:", lw=0.8)
        ax.scatter(x[:, 0], y, s=8, color="k")
        ax.set_title(f"sigma={sigma:g}, lambda={lam:g}", fontsize=9)
        ax.set_ylim(-2, 2)
        ctx.number(f"sigma={sigma:g} lambda={lam:g}: train / test MSE",
                   [round(train_mse[-1], 5), round(test_mse[-1], 4)])

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
