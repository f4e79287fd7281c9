"""Demo: the slack variables of a soft-margin SVM, colour-coded by their five groups."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.svm import SVC

from .._plotting import grid_over, two_blobs

CATEGORIES = (
    ("beyond the margin, xi = 0", "#999999"),
    ("on the margin (free SV), xi = 0", "#009E73"),
    ("inside the margin, 0 < xi < 1", "#F0E442"),
    ("misclassified inside, 1 < xi < 2", "#E69F00"),
    ("misclassified outside, xi > 2", "#D55E00"),
)


@register("svm_slack_variables", topic="kernels-svm", order=3,
          title="Slack variables of the soft margin")
def svm_slack_variables(ctx):
    r"""With overlapping classes, $y_i (w^\top x_i + b) \ge 1 - \xi_i$ lets point $i$ violate the
    margin by $\xi_i \ge 0$ at cost $C\xi_i$. At the optimum the slack is the hinge loss,

    $$\xi_i = \max\big(0,\ 1 - y_i f(x_i)\big).$$

    The points fall in the SVM lecture's five groups: beyond the margin ($\xi = 0$, $\alpha = 0$),
    on it ($0 < \alpha < C$), inside it but correct ($0 < \xi < 1$), misclassified inside it
    ($1 < \xi < 2$) and beyond the other margin ($\xi > 2$).

    What to notice: every point with $\xi_i > 0$ has $\alpha_i = C$ (KKT complementary
    slackness), and only points with $\alpha_i > 0$ are support vectors."""
    rng = ctx.rng
    n = 100 if ctx.fast else 300
    X, y = two_blobs(rng, n, distance=2.2, spread=1.0)
    C, tol = 1.0, 1e-9
    clf = SVC(kernel="linear", C=C, tol=tol).fit(X, y)
    y_pm = np.where(y == 1, 1.0, -1.0)
    f = clf.decision_function(X)
    xi = np.maximum(0.0, 1.0 - y_pm * f)
    alpha = np.zeros(n)
    alpha[clf.support_] = np.abs(clf.dual_coef_[0])
    eps = 1e-6
    free = (alpha > eps) & (alpha < C - eps)
    groups = [
        (xi <= eps) & ~free,
        free,
        (xi > eps) & (xi < 1),
        (xi >= 1) & (xi < 2),
        xi >= 2,
    ]
    for (name, _), mask in zip(CATEGORIES, groups):
        ctx.number(name, int(mask.sum()))
    errors = int(np.sum(clf.predict(X) != y))
    ctx.number("training errors", errors)
    ctx.number("sum of slacks", round(float(xi.sum()), 4))

    fig, ax = ctx.figure("slack", figsize=(6.5, 5))
    xx, yy, grid = grid_over(X)
    ax.contour(xx, yy, clf.decision_function(grid).reshape(xx.shape), levels=[-1, 0, 1],
               colors="k", linestyles=["--", "-", "--"], linewidths=1)
    markers = np.where(y == 1, "o", "s")
    for (name, color), mask in zip(CATEGORIES, groups):
        for marker in ("o", "s"):
            sel = mask & (markers == marker)
            ax.scatter(*X[sel].T, c=color, marker=marker, s=22, edgecolor="k", linewidth=0.3,
                       label=name if marker == "o" else None)
    ax.set(title="Slack groups (circles: class 1, squares: class 0)", xlabel="$x_1$",
           ylabel="$x_2$")
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=2, fontsize=7)
    ax.set_aspect("equal", adjustable="box")

    ctx.check("the five groups partition the training set", sum(int(g.sum()) for g in groups) == n)
    ctx.check("KKT: every point with xi > 0 has alpha = C",
              np.all(alpha[xi > 1e-6] >= C - 1e-6))
    ctx.check("KKT: points beyond the margin have alpha = 0",
              np.all(alpha[y_pm * f > 1 + 1e-6] == 0))
    ctx.check("free support vectors lie exactly on the margin (xi = 0, y f = 1)",
              np.allclose(y_pm[free] * f[free], 1.0, atol=1e-6) and free.any())
    ctx.check("the misclassified points are exactly those with xi > 1",
              errors == int(np.sum(xi > 1)), detail=f"{errors} errors")
    ctx.check("sum_i xi_i bounds the number of training errors", xi.sum() >= errors)
    # Strong duality: primal 1/2 ||w||^2 + C sum xi = dual sum alpha - 1/2 ||w||^2.
    w = clf.coef_[0]
    primal = 0.5 * w @ w + C * xi.sum()
    dual = alpha.sum() - 0.5 * w @ w
    ctx.number("primal / dual objective", [round(float(primal), 6), round(float(dual), 6)])
    ctx.check("primal and dual objectives are equal at the optimum",
              abs(primal - dual) < 1e-6 * primal, detail=f"gap {primal - dual:.2e}")
