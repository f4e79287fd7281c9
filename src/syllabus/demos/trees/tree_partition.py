"""Demo: a decision tree partitions the plane; deeper trees over-fit."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.tree import DecisionTreeClassifier, plot_tree

from ._shared import OKABE_ITO, draw_regions, noisy_moons


@register("tree_partition", topic="trees-neighbours", order=1,
          title="A decision tree partitions the plane; depth controls over-fitting")
def tree_partition(ctx):
    r"""CART grows a binary tree greedily: each node picks the feature and the threshold
    (the midpoint between two consecutive values) that most decrease the weighted
    impurity of its children. Every leaf is an axis-aligned rectangle of the plane, and
    the tree predicts its majority class. The slider grows the tree one level at a time.

    $$\Delta = \frac{N_t}{N}\Big(i(t) - \frac{N_L}{N_t}\, i(L) - \frac{N_R}{N_t}\, i(R)\Big),
    \qquad i(t) = 1 - \sum_k p_k^2 \ \text{(Gini)}$$

    What to notice: the training error falls to zero as the tree deepens, while the test
    error stops improving after a few levels and then rises: deep trees memorise noise."""
    rng = ctx.rng
    n = 300 if ctx.fast else 600
    X, y = noisy_moons(rng, 2 * n, noise=0.35)
    X_train, y_train, X_test, y_test = X[:n], y[:n], X[n:], y[n:]
    depths = list(range(1, 13))
    train_err, test_err = [], []
    for depth in depths:
        tree = DecisionTreeClassifier(max_depth=depth, random_state=0).fit(X_train, y_train)
        train_err.append(1 - tree.score(X_train, y_train))
        test_err.append(1 - tree.score(X_test, y_test))
    full = DecisionTreeClassifier(random_state=0).fit(X_train, y_train)
    best = depths[int(np.argmin(test_err))]
    ctx.number("test error by depth", np.round(test_err, 3).tolist())
    ctx.number("best depth (test)", best)
    ctx.number("depth of the fully grown tree", full.get_depth())
    ctx.number("test error of the fully grown tree", round(1 - full.score(X_test, y_test), 3))

    def draw(fig, axes, depth):
        tree = DecisionTreeClassifier(max_depth=depth, random_state=0).fit(X_train, y_train)
        draw_regions(axes[0], tree, X_train, y_train,
                     title=f"depth {depth}: {tree.get_n_leaves()} leaves (rectangles)")
        axes[0].legend(loc="lower right", fontsize=7)
        plot_tree(tree, ax=axes[1], max_depth=3, fontsize=5, feature_names=["x1", "x2"])
        axes[1].set_title("the tree (first 3 levels)", fontsize=9)

    frames = [1, 2, 4, 8] if ctx.fast else [1, 2, 3, 4, 6, 8]
    ctx.frames("tree_depth", "max_depth", frames, draw, ncols=2, figsize=(11, 4.5))

    fig, ax = ctx.figure("depth_vs_error", 1, 1, figsize=(5.5, 3.5))
    ax.plot(depths, train_err, "o-", color=OKABE_ITO[0], label="training error")
    ax.plot(depths, test_err, "s-", color=OKABE_ITO[3], label="test error")
    ax.set_xlabel("max_depth")
    ax.set_ylabel("misclassification rate")
    ax.set_title("deeper trees fit the training set, not the test set", fontsize=9)
    ax.legend(fontsize=8)

    ctx.check("the training error decreases with depth and reaches 0 for the full tree",
              all(a >= b - 1e-12 for a, b in zip(train_err, train_err[1:]))
              and full.score(X_train, y_train) == 1.0,
              detail=f"train errors {np.round(train_err, 3).tolist()}")
    ctx.check("over-fitting: the fully grown tree's test error exceeds the best depth's",
              1 - full.score(X_test, y_test) > min(test_err),
              detail=f"{1 - full.score(X_test, y_test):.3f} > {min(test_err):.3f} at depth {best}")
    leaves = full.apply(X_train)
    ctx.check("every leaf of the full tree is pure on the training set",
              all(np.unique(y_train[leaves == leaf]).size == 1 for leaf in np.unique(leaves)))
