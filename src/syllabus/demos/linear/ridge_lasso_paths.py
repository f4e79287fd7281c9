"""Demo: ridge shrinks, lasso selects: coefficient paths with correlated predictors."""

from __future__ import annotations

import numpy as np

from syllabus.datasets import load_diabetes
from syllabus.demos import register
from syllabus.linear_model import Lasso, lasso_path, ridge_path
from syllabus.preprocessing import StandardScaler

from .._plotting import COLORS


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
    penalty."""
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

    fig, axes = ctx.figure("paths", 1, 2, figsize=(9.5, 3.8), sharey=True)
    for j, name in enumerate(names):
        # 7 colours x 2 line styles keep 11 lines apart; the correlated pair stands out.
        kw = (dict(color="k", ls="--", lw=2.2) if name == "bmi copy" else
              dict(color=COLORS[j % 7], ls="-" if j < 7 else "-.", lw=2.2 if name == "bmi" else 1.4))
        axes[0].semilogx(ridge_alphas, ridge_coefs[j], label=name, **kw)
        axes[1].semilogx(lasso_alphas, lasso_coefs[j], label=name, **kw)
    axes[0].set_title("Ridge (L2) shrinks every coefficient")
    axes[1].set_title("Lasso (L1) sets coefficients to zero")
    for ax in axes:
        ax.set_xlabel("penalty alpha (log scale; weaker to the right)")
        ax.invert_xaxis()
    axes[0].set_ylabel("coefficient (standardised predictors)")
    fig.legend(*axes[1].get_legend_handles_labels(), loc="outside right center", fontsize=7)

    # Slider: the coefficients at one penalty, at the same relative position along both paths.
    steps = np.linspace(0, n_alphas - 1, 8).round().astype(int)
    labels = [f"ridge {ridge_alphas[k]:.3g} / lasso {lasso_alphas[k]:.3g}" for k in steps]
    at_label = dict(zip(labels, steps))
    top = 1.1 * max(np.abs(ridge_coefs).max(), np.abs(lasso_coefs).max())

    def draw_bars(fig, axes, label):
        k = at_label[label]
        for ax, coefs, alpha, name in ((axes[0], ridge_coefs, ridge_alphas, "ridge"),
                                       (axes[1], lasso_coefs, lasso_alphas, "lasso")):
            values = coefs[:, k]
            colors = [COLORS[3] if nm == "bmi copy" else COLORS[0] for nm in names]
            ax.barh(range(len(names)), values, color=colors)
            ax.axvline(0, color="k", lw=0.8)
            ax.set_yticks(range(len(names)), names)
            ax.set_xlim(-top, top)
            ax.invert_yaxis()
            ax.set(xlabel="coefficient", title=f"{name}, alpha = {alpha[k]:.3g}: "
                                                 f"{np.count_nonzero(values)} non-zero")

    ctx.frames("coefficients", "penalty alpha", labels, draw_bars, nrows=1, ncols=2,
               figsize=(8.4, 3.6))

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
