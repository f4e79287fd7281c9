"""Demo: the effect of the penalty C on the soft margin."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.svm import SVC

from .._plotting import COLORS, draw_decision, two_blobs

# Log-spaced up to where the margin stops changing (beyond C ~ 5 it is flat on these data).
C_VALUES = (0.005, 0.01, 0.03, 0.1, 0.3, 1.0, 5.0)


@register("svm_effect_of_c", topic="kernels-svm", order=2,
          title="Soft margin: the penalty C sets the margin width")
def svm_effect_of_c(ctx):
    r"""The soft-margin SVM minimises

    $$\tfrac{1}{2}\|w\|^2 + C \sum_i \xi_i \quad\text{subject to}\quad y_i (w^\top x_i + b) \ge 1 - \xi_i,\ \xi_i \ge 0.$$

    A small $C$ makes slack cheap: a wide margin $2/\|w\|$ with many points inside it (many
    support vectors). A large $C$ punishes slack: the margin narrows until few points violate it.

    What to notice: move the $C$ slider: along the path $\|w\|$ can only grow and the total slack
    only shrink, which the checks verify on overlapping classes; once the slack cannot be reduced
    further the margin stops shrinking."""
    rng = ctx.rng
    n = 80 if ctx.fast else 200
    X, y = two_blobs(rng, n, distance=2.5, spread=1.0)
    y_pm = np.where(y == 1, 1.0, -1.0)
    widths, slacks, n_sv, norms, models = [], [], [], [], {}
    for C in C_VALUES:
        clf = SVC(kernel="linear", C=C, tol=1e-8).fit(X, y)
        models[C] = clf
        w = clf.coef_[0]
        norms.append(float(np.linalg.norm(w)))
        widths.append(2 / norms[-1])
        slacks.append(float(np.maximum(0, 1 - y_pm * clf.decision_function(X)).sum()))
        n_sv.append(int(clf.support_.size))
        ctx.number(f"C = {C:g}: margin 2/||w||, total slack, support vectors",
                   [round(widths[-1], 4), round(slacks[-1], 3), n_sv[-1]])

    def draw(fig, ax, C):
        clf = models[C]
        i = C_VALUES.index(C)
        draw_decision(ax, clf.decision_function, X, y, support=clf.support_,
                      title=f"C = {C:g}: margin 2/||w|| = {widths[i]:.2f}, {n_sv[i]} SVs")

    ctx.frames("margin", "C", C_VALUES, draw, figsize=(4.6, 4.2))
    fig2, (ax_w, ax_s) = ctx.figure("margin_vs_C", 1, 2, figsize=(8.4, 3.2))
    ax_w.semilogx(C_VALUES, widths, "o-", color=COLORS[0])
    ax_w.set(xlabel="C (log scale)", ylabel="margin width 2/||w||", title="The margin narrows")
    ax_s.semilogx(C_VALUES, 100 * np.array(n_sv) / n, "s-", color=COLORS[1])
    ax_s.set(xlabel="C (log scale)", ylabel="support vectors (% of points)",
             title="Fewer points inside the margin", ylim=(0, 105))

    ctx.check(f"the margin 2/||w|| never widens as C grows, and C = {C_VALUES[0]:g} -> "
              f"{C_VALUES[-1]:g} more than halves it",
              all(a >= b - 1e-6 for a, b in zip(widths, widths[1:]))
              and widths[0] > 2 * widths[-1],
              detail=", ".join(f"{v:.3f}" for v in widths))
    ctx.check("the total slack sum_i xi_i never grows with C",
              all(a >= b - 1e-6 for a, b in zip(slacks, slacks[1:])),
              detail=", ".join(f"{v:.2f}" for v in slacks))
    ctx.check("small C keeps more support vectors than large C (more points in the margin)",
              n_sv[0] > n_sv[-1], detail=f"{n_sv[0]} vs {n_sv[-1]}")
    # The two limits: C -> 0 gives w -> 0 (all alpha_i = C, margin -> infinity).
    tiny = SVC(kernel="linear", C=1e-6, tol=1e-10).fit(X, y)
    ctx.check("as C -> 0 every point becomes a bounded support vector (alpha_i = C)",
              tiny.support_.size == n and np.allclose(np.abs(tiny.dual_coef_), 1e-6))
