"""Demo: bagging and random forests reduce the variance of deep trees."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.ensemble import BaggingRegressor, RandomForestRegressor
from syllabus.model_selection import bias_variance_decomposition
from syllabus.tree import DecisionTreeRegressor

from ._shared import OKABE_ITO


@register("forest_variance", topic="trees-neighbours", order=4,
          title="Bagging and random forests: the variance of deep trees drops")
def forest_variance(ctx):
    r"""A fully grown regression tree has low bias and high variance: it follows the noise
    of its training sample. Averaging $B$ trees grown on bootstrap samples keeps the bias
    and divides the part of the variance that is not shared between trees; a random
    forest also draws a random subset of features at each split, which decorrelates the
    trees ($\rho$ smaller) and lowers the variance further.

    $$\operatorname{Var}\Big(\frac{1}{B}\sum_b T_b(x)\Big) = \rho\,\sigma^2 + \frac{1-\rho}{B}\,\sigma^2$$

    What to notice: the bias-variance decomposition (over bootstrap training sets) of one
    deep tree, bagged trees and a random forest: the bias barely moves while the variance
    falls."""
    rng = ctx.rng
    n, d = (150, 5) if ctx.fast else (300, 5)
    rounds = 10 if ctx.fast else 40
    n_trees = 10 if ctx.fast else 50
    X = rng.uniform(-2, 2, (2 * n, d))
    y = np.sin(2 * X[:, 0]) + X[:, 1] ** 2 / 2 + 0.5 * X[:, 2] + 0.4 * rng.standard_normal(2 * n)
    X_train, y_train, X_test, y_test = X[:n], y[:n], X[n:], y[n:]
    models = {
        "one deep tree": DecisionTreeRegressor(random_state=0),
        "bagged trees": BaggingRegressor(n_estimators=n_trees, random_state=0),
        "random forest": RandomForestRegressor(n_estimators=n_trees, max_features=0.4,
                                               random_state=0),
    }
    results = {}
    for name, model in models.items():
        results[name] = bias_variance_decomposition(model, X_train, y_train, X_test, y_test,
                                                    loss="mse", num_rounds=rounds, random_state=0)
        ctx.number(f"{name}: expected loss, bias^2, variance",
                   [round(float(v), 4) for v in results[name]])
    fig, ax = ctx.figure("bias_variance", 1, 1, figsize=(6, 3.8))
    names = list(results)
    pos = np.arange(len(names))
    ax.bar(pos - 0.2, [results[k][1] for k in names], 0.4, color=OKABE_ITO[0], label="bias$^2$")
    ax.bar(pos + 0.2, [results[k][2] for k in names], 0.4, color=OKABE_ITO[1], label="variance")
    ax.set_xticks(pos, names)
    ax.set_ylabel("squared error on the test set")
    ax.set_title(f"bias-variance decomposition over {rounds} bootstrap training sets", fontsize=9)
    ax.legend(fontsize=8)
    tree_var, bag_var, rf_var = (results[k][2] for k in names)
    ctx.check("bagging lowers the variance of a deep tree by at least a third",
              bag_var < 2 / 3 * tree_var, detail=f"{bag_var:.4f} vs {tree_var:.4f}")
    ctx.check("the random forest's variance is below the bagged trees'", rf_var < bag_var,
              detail=f"{rf_var:.4f} vs {bag_var:.4f}")
    ctx.check("the forest's expected test loss is below the single tree's",
              results["random forest"][0] < results["one deep tree"][0],
              detail=f"{results['random forest'][0]:.4f} vs {results['one deep tree'][0]:.4f}")
