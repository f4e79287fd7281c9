"""Demo: bias and variance against model complexity (polynomial degree)."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.linear_model import LinearRegression
from syllabus.model_selection import bias_variance_decomposition
from syllabus.preprocessing import PolynomialFeatures

_C = ("#0072B2", "#E69F00", "#009E73", "#D55E00")


@register("bias_variance", topic="theory", order=40,
          title="Bias-variance trade-off: polynomial degree against squared bias and variance")
def bias_variance(ctx):
    r"""The expected squared error of a learner splits into the squared bias of its average
    prediction, the variance of its predictions across training sets, and the noise. Here
    polynomials of increasing degree are fitted by least squares to bootstrap samples of 40
    noisy points of a sine (`bias_variance_decomposition`, mlxtend's definitions): simple
    models miss the curve (bias), complex ones follow the noise of each sample (variance).

    $$\mathbb E_{D}\big[(f_D(x) - y)^2\big] = \big(\bar f(x) - y\big)^2
    + \mathbb E_D\big[(f_D(x) - \bar f(x))^2\big], \qquad \bar f = \mathbb E_D[f_D]$$

    What to notice: the squared bias falls and the variance rises with the degree, and their
    sum, the expected test loss, is smallest at an intermediate degree."""
    rng = ctx.rng
    n_train, sigma = 40, 0.3
    x_train = rng.uniform(0, 1, n_train)
    y_train = np.sin(2 * np.pi * x_train) + sigma * rng.standard_normal(n_train)
    x_test = np.linspace(0.02, 0.98, 200)
    y_test = np.sin(2 * np.pi * x_test)  # noiseless targets: loss = bias^2 + variance
    degrees = [1, 2, 3, 4, 5, 7, 9, 12]
    rounds = 60 if ctx.fast else 200
    loss, bias, var = [], [], []
    for deg in degrees:
        poly = PolynomialFeatures(deg, include_bias=False)
        # features scaled to [-1, 1] so high degrees stay well conditioned
        Xtr = poly.fit_transform(2 * x_train[:, None] - 1)
        Xte = poly.transform(2 * x_test[:, None] - 1)
        e, b, v = bias_variance_decomposition(LinearRegression(), Xtr, y_train, Xte, y_test,
                                              loss="mse", num_rounds=rounds, random_state=0)
        loss.append(e)
        bias.append(b)
        var.append(v)
    loss, bias, var = map(np.array, (loss, bias, var))
    best = degrees[int(np.argmin(loss))]
    ctx.number("degree with the smallest expected loss", best)
    ctx.number("squared bias by degree", np.round(bias, 4).tolist())
    ctx.number("variance by degree", np.round(var, 4).tolist())

    fig, ax = ctx.figure("bias_variance", figsize=(6.5, 4.3))
    ax.semilogy(degrees, bias, "o-", color=_C[0], label="squared bias")
    ax.semilogy(degrees, var, "s-", color=_C[1], label="variance")
    ax.semilogy(degrees, loss, "^-", color=_C[3], label="expected loss = bias^2 + variance")
    ax.axvline(best, color="k", ls=":", label=f"best degree ({best})")
    ax.set_xlabel("polynomial degree (model complexity)")
    ax.set_ylabel("squared error (log scale)")
    ax.set_title(f"{rounds} bootstrap fits of {n_train} noisy points of sin(2 pi x)")
    ax.legend(fontsize=8)

    ctx.check("the expected loss is exactly bias^2 + variance (noiseless test targets)",
              np.allclose(loss, bias + var, rtol=1e-10))
    ctx.check("the squared bias falls from degree 1 to degree 5",
              bias[0] > bias[degrees.index(5)], detail=f"{bias[0]:.4f} > {bias[degrees.index(5)]:.4f}")
    ctx.check("the variance grows from degree 3 to degree 12", var[-1] > var[degrees.index(3)],
              detail=f"{var[degrees.index(3)]:.4f} -> {var[-1]:.4f}")
    ctx.check("the best complexity is intermediate (neither the simplest nor the most complex)",
              degrees[0] < best < degrees[-1], detail=f"best degree {best}")
