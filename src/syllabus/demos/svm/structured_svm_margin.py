"""Demo: structured learning in one picture -- the joint feature map and the margin between
the true output and the most violating one."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.svm import MulticlassProblem, StructuredSVM

from .._plotting import grid_over

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73")


@register("structured_svm_margin", topic="kernels-svm", order=80,
          title="Structured SVM: joint features and the most violating output")
def structured_svm_margin(ctx):
    r"""A structured SVM scores every candidate output $y$ of an input $x$ with one weight
    vector, $f(x, y) = \langle w, \psi(x, y)\rangle$, and predicts the best-scoring output.
    Training asks the true output to beat every other one by a margin that grows with the
    task loss $\Delta$; only the most violating output of each sample matters, found by
    loss-augmented inference. With three classes and $\psi(x, y) = x \otimes e_y$ this is
    Crammer and Singer's multiclass SVM:

    $$\min_w \tfrac12\|w\|^2 + C\sum_i \max_y\big[\Delta(y_i, y) + \langle w, \psi(x_i, y)
    - \psi(x_i, y_i)\rangle\big].$$

    What to notice: for each highlighted point the bars show the score of every class and
    the loss-augmented score $\Delta + f$; the slack $\xi_i$ is how far the most violating
    output's augmented score rises above the true output's score, and it is zero exactly
    for the points that clear the margin."""
    rng = ctx.rng
    n = 60 if ctx.fast else 150
    centres = np.array([[0.0, 2.0], [-1.8, -1.0], [1.8, -1.0]])
    y = np.repeat([0, 1, 2], n // 3)
    X = centres[y] + 0.9 * rng.normal(size=(y.size, 2))
    X = np.column_stack([X, np.ones(len(X))])  # a constant feature plays the intercept
    problem = MulticlassProblem(3)
    model = StructuredSVM(problem, C=1.0, solver="cutting_plane", tol=1e-8).fit(X, y)
    bcfw = StructuredSVM(problem, C=1.0, solver="bcfw", tol=1e-4, max_iter=3000,
                         random_state=ctx.seed).fit(X, y)
    W = model.coef_.reshape(3, -1)
    scores = X @ W.T
    augmented = scores + (np.arange(3)[None, :] != y[:, None])
    slack = augmented.max(axis=1) - scores[np.arange(len(y)), y]
    ctx.number("objective (cutting plane)", round(model.objective_, 6))
    ctx.number("objective (BCFW)", round(bcfw.objective_, 6))
    ctx.number("training accuracy", round(model.score(X, y), 3))
    ctx.number("points with zero slack", int(np.sum(slack <= 1e-9)))

    fig, axes = ctx.figure("structured_margin", 1, 2, figsize=(10, 4.2))
    xx, yy, grid = grid_over(X[:, :2], 250)
    regions = np.argmax(np.column_stack([grid, np.ones(len(grid))]) @ W.T, axis=1)
    ax = axes[0]
    from matplotlib.colors import ListedColormap

    ax.contourf(xx, yy, regions.reshape(xx.shape), levels=[-0.5, 0.5, 1.5, 2.5],
                cmap=ListedColormap(OKABE_ITO), alpha=0.18)
    for k in range(3):
        ax.scatter(*X[y == k, :2].T, s=14, color=OKABE_ITO[k], edgecolor="k", linewidth=0.3,
                   label=f"class {k}")
    picks = [int(np.argmax(slack)), int(np.argmin(np.abs(slack - np.median(slack[slack > 0]))
                                                  if np.any(slack > 0) else slack)),
             int(np.argmin(slack))]
    for rank, i in enumerate(picks):
        ax.annotate(f"P{rank + 1}", X[i, :2], xytext=(6, 6), textcoords="offset points",
                    fontsize=9, weight="bold")
        ax.scatter(*X[i, :2], s=90, facecolors="none", edgecolors="k", linewidth=1.2)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title("prediction: argmax$_y$ <w, psi(x, y)>", fontsize=10)
    ax.legend(fontsize=8, loc="upper left")

    ax = axes[1]
    width = 0.38
    for rank, i in enumerate(picks):
        base = rank * 4
        pos = base + np.arange(3)
        ax.bar(pos - width / 2, scores[i], width, color=OKABE_ITO, edgecolor="k",
               linewidth=0.5)
        ax.bar(pos + width / 2, augmented[i], width, color=OKABE_ITO, alpha=0.45,
               edgecolor="k", linewidth=0.5, hatch="//")
        ax.text(base + 1, max(augmented[i].max(), scores[i].max()) + 0.25,
                f"P{rank + 1}: true {y[i]}, xi = {slack[i]:.2f}", ha="center", fontsize=8)
    ax.set_xticks([r * 4 + k for r in range(3) for k in range(3)],
                  [str(k) for _ in range(3) for k in range(3)])
    ax.set_xlabel("candidate output y (for P1, P2, P3)")
    ax.set_ylabel("score")
    ax.set_title("solid: f(x, y); hatched: Delta(y_i, y) + f(x, y)", fontsize=10)
    ax.set_ylim(top=ax.get_ylim()[1] + 0.6)

    ctx.check("the slack is the structured hinge: objective = 0.5||w||^2 + C sum xi",
              abs(0.5 * np.sum(W ** 2) + slack.sum() - model.objective_) <= 1e-9 * model.objective_,
              f"{0.5 * np.sum(W ** 2) + slack.sum():.9f} vs {model.objective_:.9f}")
    ctx.check("cutting plane and block-coordinate Frank-Wolfe reach the same optimum (1e-4)",
              abs(bcfw.objective_ - model.objective_) <= 1e-4 * model.objective_,
              f"{bcfw.objective_:.6f} vs {model.objective_:.6f}")
    ctx.check("every point with zero slack beats each wrong class by a margin of at least 1",
              np.all((scores[np.arange(len(y)), y][:, None] - scores
                      >= (np.arange(3)[None, :] != y[:, None]) - 1e-6)[slack <= 1e-9]))
