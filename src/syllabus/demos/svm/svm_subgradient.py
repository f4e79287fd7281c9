"""Demo: the SVM trained by sub-gradient descent and by Pegasos."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.svm import LinearSVC

from .._plotting import draw_decision, two_blobs


@register("svm_subgradient", topic="kernels-svm", order=5,
          title="Sub-gradient descent on the SVM's hinge-loss objective")
def svm_subgradient(ctx):
    r"""The primal SVM objective

    $$F(w, b) = \tfrac{1}{2}(\|w\|^2 + b^2) + C \sum_i \max\big(0,\ 1 - y_i (w^\top x_i + b)\big)$$

    is convex but not differentiable; $-y_i x_i$ (where $y_i f(x_i) < 1$, else 0) is a
    sub-gradient of each hinge. Sub-gradient descent with steps $1/k$ ($F$ is 1-strongly convex)
    and Pegasos on random mini-batches are compared with the exact optimum (L-BFGS on a smoothed
    hinge whose smoothing is driven to zero).

    What to notice: sub-gradient descent is not a descent method: the raw objective zig-zags while
    the best value so far decreases towards the optimum."""
    rng = ctx.rng
    n = 100 if ctx.fast else 300
    steps = 300 if ctx.fast else 2000
    X, y = two_blobs(rng, n, distance=2.5, spread=1.0)
    C = 1.0
    exact = LinearSVC(C=C, loss="hinge", tol=1e-7, max_iter=5000).fit(X, y)
    sub = LinearSVC(C=C, loss="hinge", solver="subgradient", max_iter=steps).fit(X, y)
    peg = LinearSVC(C=C, loss="hinge", solver="pegasos", max_iter=steps // 10, batch_size=10,
                    random_state=ctx.seed).fit(X, y)
    y_pm = np.where(y == 1, 1.0, -1.0)

    def objective(model):
        w, b = model.coef_[0], model.intercept_[0]
        return 0.5 * (w @ w + b * b) + C * np.maximum(0, 1 - y_pm * (X @ w + b)).sum()

    f_exact, f_sub, f_peg = objective(exact), objective(sub), objective(peg)
    curve = sub.objective_curve_[0]
    best_so_far = np.minimum.accumulate(curve)
    ctx.number("optimum (L-BFGS)", round(float(f_exact), 6))
    ctx.number(f"sub-gradient after {steps} steps", round(float(f_sub), 6))
    ctx.number(f"Pegasos after {steps // 10} epochs", round(float(f_peg), 6))
    ctx.number("relative gap sub-gradient / Pegasos",
               [float(f"{(f_sub - f_exact) / f_exact:.3g}"),
                float(f"{(f_peg - f_exact) / f_exact:.3g}")])

    fig, axes = ctx.figure("subgradient", 1, 2, figsize=(10, 4))
    k = np.arange(1, len(curve) + 1)
    axes[0].loglog(k, curve - f_exact + 1e-12, lw=0.6, alpha=0.6, label="f(w_k) - f*")
    axes[0].loglog(k, best_so_far - f_exact + 1e-12, lw=1.5, label="best so far - f*")
    axes[0].loglog(k, (curve[0] - f_exact) / k, "k:", lw=1, label="O(1/k)")
    axes[0].set_xlabel("iteration k")
    axes[0].set_ylabel("objective gap")
    axes[0].legend(fontsize=8)
    draw_decision(axes[1], sub.decision_function, X, y,
                  title=f"sub-gradient boundary after {steps} steps")

    ctx.check("sub-gradient descent reaches the optimum within 1e-3 (relative)",
              abs(f_sub - f_exact) <= 1e-3 * f_exact,
              detail=f"{(f_sub - f_exact) / f_exact:.2e}")
    ctx.check("Pegasos reaches the optimum within 1e-2 (relative)",
              abs(f_peg - f_exact) <= 1e-2 * f_exact,
              detail=f"{(f_peg - f_exact) / f_exact:.2e}")
    ctx.check("the raw sub-gradient objective is not monotone (not a descent method)",
              np.any(np.diff(curve) > 0))
    ctx.check("the best value so far keeps improving: last 10% better than first 10%",
              best_so_far[-1] < best_so_far[len(curve) // 10])
    agree = np.mean(sub.predict(X) == exact.predict(X))
    ctx.check("the sub-gradient boundary classifies like the exact one (>= 99% agreement)",
              agree >= 0.99, detail=f"{agree:.3f}")
