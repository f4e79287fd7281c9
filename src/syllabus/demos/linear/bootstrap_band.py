"""Demo: a 90% bootstrap confidence band for a kernel ridge predictor."""

from __future__ import annotations

import numpy as np

from syllabus.base import clone
from syllabus.demos import register
from syllabus.kernel_ridge import KernelRidge
from syllabus.model_selection import bootstrap_confidence_interval


def _target(x: np.ndarray) -> np.ndarray:
    return np.sin(2 * np.pi * x) + 0.5 * np.cos(5 * np.pi * x)


@register("bootstrap_band", topic="linear", order=6,
          title="Bootstrap 90% confidence band of a kernel ridge predictor")
def bootstrap_band(ctx):
    r"""A trained predictor $\hat f(x)$ is a random variable: its randomness comes from the
    training sample. With unlimited data one would train $B$ predictors on fresh samples and read
    the 5% and 95% percentiles of $\hat f_1(x), \dots, \hat f_B(x)$ at each $x$; with one sample,
    the bootstrap resamples the $n$ training points with replacement instead. The demo draws both
    bands for kernel ridge regression (RBF kernel, $\sigma = 0.1$, $\lambda = 10^{-2}$).

    What to notice: the bootstrap band, computed from a single training set, has about the width
    of the band of fresh samples, and widens where the data are scarce."""
    rng = ctx.rng
    n = 60
    B = 100 if ctx.fast else 300
    sigma_noise = 0.3
    model = KernelRidge(1e-2, kernel="rbf", gamma=1 / (2 * 0.1**2))

    def draw(size):
        # Denser data on the left half, sparse on the right: the band should widen there.
        x = np.where(rng.random(size) < 0.8, rng.uniform(0, 0.5, size), rng.uniform(0.5, 1, size))
        return x[:, None], _target(x) + sigma_noise * rng.normal(size=size)

    X, y = draw(n)
    grid = np.linspace(0.02, 0.98, 120)[:, None]
    seed = int(rng.integers(2**31))
    lower, upper = bootstrap_confidence_interval(model, X, y, grid, n_bootstraps=B,
                                                 confidence=0.9, random_state=seed)
    fitted = clone(model).fit(X, y).predict(grid)
    fresh = np.stack([clone(model).fit(*draw(n)).predict(grid) for _ in range(B)])
    fresh_lower, fresh_upper = np.percentile(fresh, [5, 95], axis=0)

    width = upper - lower
    fresh_width = fresh_upper - fresh_lower
    ratio = float(width.mean() / fresh_width.mean())
    left, right = grid[:, 0] < 0.5, grid[:, 0] >= 0.5
    ctx.number("mean band width: bootstrap / fresh samples",
               [round(float(width.mean()), 4), round(float(fresh_width.mean()), 4)])
    ctx.number("bootstrap band width: dense half / sparse half",
               [round(float(width[left].mean()), 4), round(float(width[right].mean()), 4)])

    fig, ax = ctx.figure("band", figsize=(6, 4))
    ax.fill_between(grid[:, 0], fresh_lower, fresh_upper, color="C1", alpha=0.25,
                    label="5-95% over fresh samples")
    ax.fill_between(grid[:, 0], lower, upper, color="C0", alpha=0.35, label="bootstrap 90% band")
    ax.plot(grid[:, 0], fitted, "C0", label="predictor on the training set")
    ax.plot(grid[:, 0], _target(grid[:, 0]), "k:", label="true function")
    ax.scatter(X[:, 0], y, s=8, color="k", label="training points")
    ax.legend(fontsize=7, loc="upper right")
    ax.set(xlabel="x", ylabel="y", title="90% bands: bootstrap vs fresh training sets")

    ctx.check("the band is ordered: lower <= upper at every point", bool(np.all(lower <= upper)))
    ctx.check("the trained predictor lies inside its bootstrap band at >= 90% of the points",
              float(np.mean((fitted >= lower) & (fitted <= upper))) >= 0.9)
    ctx.check("the bootstrap band is as wide as the fresh-sample band (mean ratio 0.6 .. 1.6)",
              0.6 < ratio < 1.6, detail=f"ratio {ratio:.2f}")
    ctx.check("the band is wider where the data are sparse",
              width[right].mean() > 1.2 * width[left].mean())
