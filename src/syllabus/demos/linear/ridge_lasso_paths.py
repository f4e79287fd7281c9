"""Demo: ridge shrinks, lasso selects: coefficient paths with correlated predictors."""

from __future__ import annotations

import numpy as np

from syllabus.datasets import load_diabetes
from syllabus.demos import register
from syllabus.linear_model import Lasso, lasso_path, ridge_path
from syllabus.preprocessing import StandardScaler


@register("ridge_lasso_paths", topic="linear", order=4,
          title="Ridge vs lasso coefficient paths with correlated predictors")
def ridge_lasso_paths(ctx):
    r"""Regularisation paths on the diabetes data (10 standardised predictors) plus a near copy
    of the body-mass index (correlation about 0.98). Ridge and the lasso minimise

    $$\|y - X w\|^2 + \alpha \|w\|_2^2 \quad\text{and}\quad \frac{1}{2n}\|y - X w\|^2 + \alpha \|w\|_1;$$

    ridge has a closed form from one SVD, the lasso is solved by coordinate descent with warm
    starts. At $\alpha_{\max} = \|X^\top y\|_\infty / n$ every lasso coefficient is zero.

    What to notice: ridge shrinks every coefficient smoothly and shares the weight between the
    two correlated copies; the lasso sets coefficients exactly to zero one after another and
    keeps only one of the near-duplicates. Move the slider to see the coefficients at one
    $\alpha$."""
    X, y = load_diabetes(return_X_y=True)
    rng = ctx.rng
    bmi = X[:, 2]
    X = np.column_stack([X, bmi + 0.2 * bmi.std() * rng.normal(size=len(bmi))])
    names = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "bmi copy"]
    X = StandardScaler().fit_transform(X)
    yc = y - y.mean()
    n = len(yc)
    corr = float(np.corrcoef(X[:, 2], X[:, -1])[0, 1])
    ctx.number("correlation of bmi and its copy", round(corr, 4))

    n_alphas = 40 if ctx.fast else 100
    lasso_alphas, lasso_coefs, _ = lasso_path(X, yc, alphas=n_alphas, eps=1e-3, tol=1e-8)
    ridge_alphas = np.geomspace(1e5, 1e-2, n_alphas)
    _, ridge_coefs = ridge_path(X, yc, alphas=ridge_alphas, fit_intercept=False)

    fig, axes = ctx.figure("paths", 1, 2, figsize=(10, 4))
    for j, name in enumerate(names):
        style = "--" if name == "bmi copy" else "-"
        axes[0].semilogx(ridge_alphas, ridge_coefs[j], style, label=name)
        axes[1].semilogx(lasso_alphas, lasso_coefs[j], style, label=name)
    axes[0].set_title("ridge (L2): shrinks")
    axes[1].set_title("lasso (L1): selects")
    for ax in axes:
        ax.set_xlabel("alpha")
        ax.invert_xaxis()
    axes[0].set_ylabel("coefficient")
    axes[1].legend(fontsize=6, ncol=2)

    nonzero = np.count_nonzero(lasso_coefs, axis=0)
    ctx.number("lasso non-zeros along the path (first, middle, last)",
               f"{nonzero[0]}, {nonzero[len(nonzero) // 2]}, {nonzero[-1]}")
    alpha_max = float(np.max(np.abs(X.T @ yc)) / n)
    ctx.check("the lasso path starts at alpha_max = max|X^T y| / n with every coefficient 0",
              abs(lasso_alphas[0] - alpha_max) < 1e-9 * alpha_max and nonzero[0] == 0)
    ctx.check("lasso coefficients enter as alpha decreases (some, then more, non-zeros)",
              0 < nonzero[len(nonzero) // 2] <= nonzero[-1] and nonzero[-1] > nonzero[len(nonzero) // 4])
    ctx.check("ridge never sets a coefficient exactly to zero",
              bool(np.all(ridge_coefs != 0.0)))
    norms = np.linalg.norm(ridge_coefs, axis=0)
    ctx.check("the ridge coefficient norm shrinks monotonically as alpha grows",
              bool(np.all(np.diff(norms) > 0)))  # alphas are decreasing along the columns
    # Correlated copies: at a moderate penalty the lasso keeps one, ridge shares.
    mid = int(np.argmax(nonzero >= 4))
    lasso_pair = lasso_coefs[[2, -1], mid]
    ridge_pair = ridge_coefs[[2, -1], int(np.argmin(np.abs(ridge_alphas - 100.0)))]
    ctx.number("lasso (bmi, copy) at the 4-feature model", np.round(lasso_pair, 3).tolist())
    ctx.number("ridge (bmi, copy) at alpha=100", np.round(ridge_pair, 3).tolist())
    ctx.check("the lasso keeps only one of the two correlated copies",
              np.count_nonzero(lasso_pair) == 1)
    ctx.check("ridge splits the weight between the copies (ratio within 1/3 .. 3)",
              1 / 3 < ridge_pair[0] / ridge_pair[1] < 3,
              detail=f"ratio {ridge_pair[0] / ridge_pair[1]:.2f}")
    # The path is a sequence of ordinary fits: compare one point with a cold-started Lasso.
    k = len(lasso_alphas) // 2
    single = Lasso(lasso_alphas[k], fit_intercept=False, tol=1e-10).fit(X, yc)
    ctx.check("a point of the warm-started path equals a cold-started Lasso fit (1e-5)",
              np.max(np.abs(single.coef_ - lasso_coefs[:, k])) < 1e-5,
              detail=f"max |diff| = {np.max(np.abs(single.coef_ - lasso_coefs[:, k])):.1e}")
