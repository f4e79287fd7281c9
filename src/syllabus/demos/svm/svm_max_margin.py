"""Demo: the maximum-margin separator, its margins and its support vectors."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.svm import SVC

from .._plotting import draw_decision, two_blobs


@register("svm_max_margin", topic="kernels-svm", order=1,
          title="Maximum-margin separator and its support vectors")
def svm_max_margin(ctx):
    r"""On linearly separable 2-D data the hard-margin SVM (here $C = 10^6$) solves

    $$\min_{w, b} \tfrac{1}{2}\|w\|^2 \quad\text{subject to}\quad y_i (w^\top x_i + b) \ge 1.$$

    Its dual, solved by SMO, is sparse: $\alpha_i > 0$ only for the support vectors, the points
    on the margins $w^\top x + b = \pm 1$, and $w = \sum_i \alpha_i y_i x_i$. The margin, the
    distance between the two dashed lines, is $2/\|w\|$.

    What to notice: the margin equals the widest separating slab of a brute-force scan over all
    directions, and deleting every point but the circled support vectors leaves the separator
    unchanged."""
    rng = ctx.rng
    n = 40 if ctx.fast else 80
    X, y = two_blobs(rng, n, distance=5.0, spread=0.9)
    clf = SVC(kernel="linear", C=1e6, tol=1e-9).fit(X, y)
    w, b = clf.coef_[0], clf.intercept_[0]
    y_pm = np.where(y == 1, 1.0, -1.0)
    f = clf.decision_function(X)
    margin = 2 / np.linalg.norm(w)
    ctx.number("w", np.round(w, 4).tolist())
    ctx.number("b", round(float(b), 4))
    ctx.number("margin 2/||w||", round(float(margin), 5))
    ctx.number("support vectors", int(clf.support_.size))
    ctx.number("alpha of the support vectors", np.round(np.abs(clf.dual_coef_[0]), 4).tolist())

    fig, axes = ctx.figure("max_margin", 1, 2, figsize=(9, 4))
    draw_decision(axes[0], clf.decision_function, X, y, support=clf.support_,
                  title=f"hard margin: 2/||w|| = {margin:.3f}, {clf.support_.size} SVs")

    # Brute force: for a unit direction u, the widest slab separating the classes has
    # width min_{y=1} u.x - max_{y=0} u.x; the SVM's w points along the best u.
    def slab_widths(angles):
        U = np.column_stack([np.cos(angles), np.sin(angles)])
        proj = X @ U.T
        return U, np.maximum(proj[y == 1].min(axis=0) - proj[y == 0].max(axis=0),
                             proj[y == 0].min(axis=0) - proj[y == 1].max(axis=0))

    angles = np.linspace(0, np.pi, 20001)
    _, gaps = slab_widths(angles)
    step = angles[1] - angles[0]  # then zoom on the best direction
    fine = np.linspace(angles[np.argmax(gaps)] - step, angles[np.argmax(gaps)] + step, 20001)
    U_fine, gaps_fine = slab_widths(fine)
    best = int(np.argmax(gaps_fine))
    axes[1].plot(np.degrees(angles), gaps, lw=1)
    axes[1].axhline(margin, color="k", ls=":", label="2/||w|| from the SVM")
    axes[1].set_xlabel("direction of u (degrees)")
    axes[1].set_ylabel("width of the separating slab")
    axes[1].set_ylim(bottom=min(0, gaps.max() - 3))
    axes[1].legend(fontsize=8)
    axes[1].set_title("Brute force: widest slab per direction")
    ctx.number("widest slab of the scan", round(float(gaps_fine[best]), 5))

    ctx.check("every point satisfies y_i (w.x_i + b) >= 1 (hard margin, no slack)",
              np.all(y_pm * f >= 1 - 1e-6), detail=f"min y f = {np.min(y_pm * f):.8f}")
    ctx.check("the support vectors lie on the margins: y_i f(x_i) = 1",
              np.allclose(y_pm[clf.support_] * f[clf.support_], 1.0, atol=1e-6))
    ctx.check("the other points are strictly outside the margins (alpha_i = 0 there)",
              np.all(np.delete(y_pm * f, clf.support_) > 1 + 1e-6))
    alpha_y = clf.dual_coef_[0]
    ctx.check("w = sum_i alpha_i y_i x_i and sum_i alpha_i y_i = 0",
              np.allclose(alpha_y @ X[clf.support_], w) and abs(alpha_y.sum()) < 1e-8)
    ctx.check("2/||w|| equals the widest separating slab of a brute-force scan",
              abs(gaps_fine[best] - margin) < 1e-6 * margin,
              detail=f"{gaps_fine[best]:.8f} vs {margin:.8f}")
    cosine = abs(U_fine[best] @ w) / np.linalg.norm(w)
    ctx.check("w points along the best direction of the scan", cosine > 1 - 1e-9,
              detail=f"cos = {cosine:.9f}")
    only_sv = SVC(kernel="linear", C=1e6, tol=1e-9).fit(X[clf.support_], y[clf.support_])
    ctx.check("refitting on the support vectors alone gives the same separator",
              np.allclose(only_sv.coef_[0], w, atol=1e-5)
              and abs(only_sv.intercept_[0] - b) < 1e-5)
