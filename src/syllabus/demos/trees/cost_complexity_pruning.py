"""Demo: minimal cost-complexity pruning and the cross-validated alpha."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.model_selection import cross_val_score
from syllabus.tree import DecisionTreeClassifier

from ._shared import OKABE_ITO, noisy_moons


@register("cost_complexity_pruning", topic="trees-neighbours", order=3,
          title="Cost-complexity pruning: the alpha path and its cross-validated choice")
def cost_complexity_pruning(ctx):
    r"""Minimal cost-complexity pruning trades the total leaf impurity $R(T)$ against the
    number of leaves: for each $\alpha$ it keeps the subtree minimising
    $R_\alpha(T) = R(T) + \alpha |T|$. Collapsing the internal node $t$ with the smallest
    effective $\alpha$ gives a nested sequence of subtrees; 5-fold cross-validation picks
    $\alpha$.

    $$g(t) = \frac{R(t) - R(T_t)}{|T_t| - 1}$$

    What to notice: the leaf impurity grows and the number of leaves falls along the path;
    the cross-validated $\alpha$ keeps a small tree whose test accuracy is close to the best
    one on the path and better than the unpruned tree's."""
    rng = ctx.rng
    n = 300 if ctx.fast else 600
    X, y = noisy_moons(rng, 2 * n, noise=0.4)
    X_train, y_train, X_test, y_test = X[:n], y[:n], X[n:], y[n:]
    path = DecisionTreeClassifier(random_state=0).cost_complexity_pruning_path(X_train, y_train)
    alphas = path.ccp_alphas[:-1]  # the last alpha leaves only the root
    step = max(1, len(alphas) // (15 if ctx.fast else 40))
    grid = alphas[::step]
    leaves, test_acc, cv_acc = [], [], []
    for alpha in grid:
        tree = DecisionTreeClassifier(random_state=0, ccp_alpha=alpha).fit(X_train, y_train)
        leaves.append(tree.get_n_leaves())
        test_acc.append(tree.score(X_test, y_test))
        cv_acc.append(cross_val_score(DecisionTreeClassifier(random_state=0, ccp_alpha=alpha),
                                      X_train, y_train, cv=5).mean())
    chosen = int(np.argmax(cv_acc))
    ctx.number("alphas on the path", len(path.ccp_alphas))
    ctx.number("cross-validated alpha", float(grid[chosen]))
    ctx.number("leaves: unpruned / chosen", [leaves[0], leaves[chosen]])
    ctx.number("test accuracy: unpruned / chosen", [round(test_acc[0], 3), round(test_acc[chosen], 3)])

    fig, axes = ctx.figure("pruning_path", 1, 2, figsize=(10, 3.8))
    # alpha spans decades and starts at 0: a symmetric-log axis, linear below 1e-3
    linthresh = 1e-3
    right = 1.5 * path.ccp_alphas[-1]
    axes[0].step(path.ccp_alphas, path.impurities, where="post", color=OKABE_ITO[0])
    axes[0].set_ylabel("total leaf impurity R(T)", color=OKABE_ITO[0])
    leaves_axis = axes[0].twinx()
    leaves_axis.step(grid, leaves, where="post", color=OKABE_ITO[3], ls="--")
    leaves_axis.set_yscale("log")
    leaves_axis.set_ylabel("number of leaves (log scale, dashed)", color=OKABE_ITO[3])
    leaves_axis.spines["right"].set_visible(True)
    axes[0].set_title("the pruning path: impurity up, leaves down", fontsize=9)
    axes[1].plot(grid, cv_acc, "o-", color=OKABE_ITO[0], ms=3, label="5-fold CV accuracy")
    axes[1].plot(grid, test_acc, "s-", color=OKABE_ITO[3], ms=3, label="test accuracy")
    axes[1].axvline(grid[chosen], color="k", ls=":", label="CV choice")
    axes[1].set_ylabel("accuracy")
    axes[1].set_title("choosing alpha by cross-validation", fontsize=9)
    axes[1].legend(fontsize=7, loc="lower left")
    for ax in axes:
        ax.set_xscale("symlog", linthresh=linthresh)
        ax.set_xlim(0, right)
        ax.set_xlabel(f"ccp_alpha (symmetric log scale, linear below {linthresh:g})")

    ctx.check("the leaf impurity increases along the path",
              np.all(np.diff(path.impurities) >= -1e-12))
    ctx.check("the number of leaves never increases with alpha",
              all(a >= b for a, b in zip(leaves, leaves[1:])), detail=str(leaves[:10]))
    ctx.check("the cross-validated tree is smaller and no worse on the test set than the unpruned one",
              leaves[chosen] < leaves[0] and test_acc[chosen] >= test_acc[0],
              detail=f"{leaves[chosen]} vs {leaves[0]} leaves, {test_acc[chosen]:.3f} vs {test_acc[0]:.3f}")
