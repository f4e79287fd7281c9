"""Demo: Newton's method (IRLS) against gradient descent for logistic regression."""

from __future__ import annotations

import warnings

import numpy as np

from syllabus.demos import register
from syllabus.linear_model import ConvergenceWarning, LogisticRegression
from syllabus.utils import expit


@register("irls_vs_gd", topic="linear", order=9,
          title="Logistic regression: Newton's method (IRLS) vs gradient descent")
def irls_vs_gd(ctx):
    r"""Two optimisers of the logistic log-likelihood. Gradient descent follows
    $g = X^\top (\hat y - y)$ with a fixed step; Newton's method also uses the curvature,

    $$\theta \leftarrow \theta - H^{-1} g, \quad H = X^\top S X, \quad S = \operatorname{diag}(\hat y (1 - \hat y)),$$

    which rewrites as iteratively reweighted least squares. The demo runs the lecture's IRLS
    formula by hand, the library's Newton and L-BFGS solvers and gradient descent on the same
    unpenalised problem.

    What to notice: all reach the same maximum-likelihood $\theta$; Newton needs a handful of
    iterations, with quadratic convergence (the number of correct digits doubles), gradient
    descent hundreds."""
    rng = ctx.rng
    n, d = (300, 4) if ctx.fast else (2000, 8)
    # Correlated features on different scales: a realistic, not perfectly round, problem.
    X = rng.normal(size=(n, d)) @ (np.eye(d) + 0.6 * rng.normal(size=(d, d))) * np.geomspace(
        0.3, 3.0, d)
    y = (X @ rng.normal(size=d) / 3 + 0.5 + 1.5 * rng.logistic(size=n) > 0).astype(int)

    # The lecture's IRLS, literally (intercept as a column of ones).
    X1 = np.column_stack([X, np.ones(n)])
    theta = np.zeros(d + 1)
    irls_steps = 0
    for irls_steps in range(1, 50):  # noqa: B007
        y_hat = expit(X1 @ theta)
        S = y_hat * (1 - y_hat)
        new = np.linalg.solve(X1.T @ (S[:, None] * X1), X1.T @ (S * (X1 @ theta) + y - y_hat))
        done = np.max(np.abs(new - theta)) < 1e-12
        theta = new
        if done:
            break

    newton = LogisticRegression(penalty=None, solver="newton", tol=1e-12, max_iter=100).fit(X, y)
    lbfgs = LogisticRegression(penalty=None, solver="lbfgs", tol=1e-10, max_iter=1000).fit(X, y)
    # The safe fixed step 1/L, L = lambda_max(X^T X) / (4 n) bounding the Hessian.
    step = 4 * n / float(np.linalg.eigvalsh(X1.T @ X1)[-1])
    gd_iters = 1000 if ctx.fast else 3000
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # a fixed budget on purpose
        gd = LogisticRegression(penalty=None, solver="gd", learning_rate=step, tol=1e-12,
                                max_iter=gd_iters).fit(X, y)
    best = min(newton.loss_curve_[-1], lbfgs.loss_curve_[-1])
    newton_gap = np.maximum(np.asarray(newton.loss_curve_) - best, 1e-17)
    gd_gap = np.maximum(np.asarray(gd.loss_curve_) - best, 1e-17)

    fig, ax = ctx.figure("convergence")
    ax.semilogy(np.arange(1, len(newton_gap) + 1), newton_gap, "o-", label="Newton / IRLS")
    ax.semilogy(np.arange(1, len(gd_gap) + 1), gd_gap, label=f"gradient descent (step 1/L = {step:.2f})")
    ax.semilogy(np.arange(1, len(lbfgs.loss_curve_) + 1),
                np.maximum(np.asarray(lbfgs.loss_curve_) - best, 1e-17), label="L-BFGS")
    ax.set_xscale("log")
    ax.set_xlabel("iteration")
    ax.set_ylabel("mean log-loss - minimum")
    ax.legend(fontsize=7, loc="center right")

    ctx.number("Newton iterations", int(newton.n_iter_[0]))
    ctx.number("IRLS iterations (by hand)", irls_steps)
    ctx.number("L-BFGS iterations", int(lbfgs.n_iter_[0]))
    ctx.number(f"gradient-descent gap after {gd_iters} iterations", float(f"{gd_gap[-1]:.3g}"))
    coef_newton = np.r_[newton.coef_[0], newton.intercept_]
    ctx.check("the lecture's IRLS formula and the library's Newton solver give the same theta",
              np.max(np.abs(theta - coef_newton)) < 1e-8,
              detail=f"max |diff| = {np.max(np.abs(theta - coef_newton)):.1e}")
    ctx.check("Newton and L-BFGS agree on the maximum-likelihood theta (1e-6)",
              np.max(np.abs(coef_newton - np.r_[lbfgs.coef_[0], lbfgs.intercept_])) < 1e-6)
    ctx.check("Newton converges in a handful of iterations (<= 10)", newton.n_iter_[0] <= 10)
    reached = np.flatnonzero(gd_gap <= 1e-8)
    gd_needed = int(reached[0]) + 1 if reached.size else gd_iters + 1
    newton_needed = int(np.flatnonzero(newton_gap <= 1e-8)[0]) + 1
    gd_text = str(gd_needed) if reached.size else f"> {gd_iters}"
    ctx.number("iterations to a 1e-8 gap: Newton / GD", f"{newton_needed} / {gd_text}")
    ctx.check("gradient descent needs over 20x more iterations to reach a 1e-8 gap",
              gd_needed > 20 * newton_needed)
    # Quadratic convergence: log(gap_{k+1}) ~ 2 log(gap_k) once close to the optimum.
    usable = newton_gap[newton_gap > 1e-15]
    ratios = np.log(usable[1:]) / np.log(usable[:-1])
    ctx.check("Newton's gap is (at least) squared at some late step (digits double)",
              bool(np.any((usable[:-1] < 1e-2) & (ratios[: len(usable) - 1] > 1.7))),
              detail=", ".join(f"{g:.1e}" for g in usable))
