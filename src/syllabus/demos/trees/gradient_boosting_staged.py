"""Demo: gradient boosting, staged test error against trees and learning rate."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.ensemble import GradientBoostingRegressor

from ._shared import OKABE_ITO


@register("gradient_boosting_staged", topic="trees-neighbours", order=6,
          title="Gradient boosting: test error vs number of trees and learning rate")
def gradient_boosting_staged(ctx):
    r"""Gradient boosting adds one small tree per stage, fitted to the negative gradient of
    the loss at the current predictions (for the squared error, the residuals), and
    shrinks it by the learning rate $\nu$:

    $$F_m(x) = F_{m-1}(x) + \nu\, h_m(x), \qquad h_m \approx -\frac{\partial L(y, F)}{\partial F}\Big|_{F_{m-1}}$$

    What to notice: a smaller learning rate needs more trees but reaches a lower test
    error; a large one over-fits sooner. The training error keeps falling."""
    rng = ctx.rng
    n = 400 if ctx.fast else 1000
    n_trees = 150 if ctx.fast else 400
    X = rng.uniform(-3, 3, (2 * n, 4))
    y = np.sin(X[:, 0]) * X[:, 1] + 0.5 * X[:, 2] ** 2 + 0.5 * rng.standard_normal(2 * n)
    X_train, y_train, X_test, y_test = X[:n], y[:n], X[n:], y[n:]
    fig, axes = ctx.figure("staged_error", 1, 2, figsize=(10, 3.8))
    best = {}
    small = 0.1 if ctx.fast else 0.05
    for rate, colour in zip((1.0, 0.3, small), OKABE_ITO):
        gb = GradientBoostingRegressor(learning_rate=rate, n_estimators=n_trees, max_depth=3,
                                       random_state=0).fit(X_train, y_train)
        test = [np.mean((p - y_test) ** 2) for p in gb.staged_predict(X_test)]
        train = [np.mean((p - y_train) ** 2) for p in gb.staged_predict(X_train)]
        stages = np.arange(1, n_trees + 1)
        axes[0].plot(stages, test, color=colour, label=f"{rate}")
        axes[0].plot(np.argmin(test) + 1, min(test), "v", color=colour, ms=6)
        axes[1].plot(stages, train, color=colour, label=f"{rate}")
        best[rate] = (min(test), int(np.argmin(test)) + 1, train)
        ctx.number(f"rate {rate}: best test MSE and its number of trees",
                   [round(float(min(test)), 4), int(np.argmin(test)) + 1])
    axes[0].set_ylim(0, 1.6 * max(b[0] for b in best.values()))
    axes[0].set_ylabel("test mean squared error")
    axes[0].set_title("test error (triangle: its minimum)", fontsize=9)
    axes[1].set_yscale("log")
    axes[1].set_ylabel("training mean squared error (log scale)")
    axes[1].set_title("training error keeps falling (depth-3 trees)", fontsize=9)
    for ax in axes:
        ax.set_xlabel("number of trees")
        ax.legend(fontsize=7, title="learning rate", title_fontsize=7)
    ctx.check("the smallest learning rate reaches a lower test error than rate 1.0",
              best[small][0] < best[1.0][0], detail=f"{best[small][0]:.4f} vs {best[1.0][0]:.4f}")
    ctx.check("a smaller learning rate needs more trees to reach its best test error",
              best[small][1] > best[1.0][1], detail=f"{best[small][1]} vs {best[1.0][1]} trees")
    ctx.check("the training error decreases at every stage (squared error, rate 0.3)",
              np.all(np.diff(best[0.3][2]) <= 1e-12))
