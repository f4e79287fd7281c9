"""Demo: polynomial regression under- and over-fitting, and its bias-variance decomposition."""

from __future__ import annotations

import numpy as np

from syllabus.datasets import make_sine
from syllabus.demos import register
from syllabus.linear_model import LinearRegression
from syllabus.metrics import mean_squared_error
from syllabus.model_selection import bias_variance_decomposition
from syllabus.preprocessing import PolynomialFeatures

from .._plotting import COLORS


@register("polynomial_degree", topic="linear", order=2,
          title="Polynomial degree: under- and over-fitting, bias and variance")
def polynomial_degree(ctx):
    r"""Least squares on polynomial features $\phi(x) = [1, x, \dots, x^k]$ of 40 noisy samples
    of $\sin(2\pi x)$. The training error can only fall as the degree $k$ grows (the models are
    nested), while the error on fresh test points is U-shaped. Bootstrap rounds estimate the
    bias-variance decomposition of the expected squared error against the noise-free sine:

    $$\mathbb{E}\big[(\hat f(x) - f(x))^2\big] = \big(\mathbb{E}\hat f(x) - f(x)\big)^2 + \operatorname{Var}\hat f(x).$$

    What to notice: move the degree slider: a line underfits (large bias², small variance),
    degrees 3-5 follow the sine, high degrees chase the noise and their bootstrap refits run
    wild between the points. On the log axis bias² is smallest around degrees 3-5 while the
    variance grows by orders of magnitude with the degree and dominates the expected error."""
    rng = ctx.rng
    seed = int(rng.integers(2**31))
    n_train, noise = 40, 0.3
    X_train, y_train = make_sine(n_train, noise=noise, random_state=seed)
    X_test, y_test = make_sine(500, noise=noise, random_state=seed + 1)
    f_test = np.sin(2 * np.pi * X_test[:, 0])  # the noise-free target
    degrees = list(range(0, 13))
    rounds = 50 if ctx.fast else 400  # enough rounds for a stable mean prediction

    train_mse, test_mse, loss, bias, var, models = [], [], [], [], [], {}
    for degree in degrees:
        poly = PolynomialFeatures(degree).fit(X_train)
        Phi_train, Phi_test = poly.transform(X_train), poly.transform(X_test)
        model = LinearRegression(fit_intercept=False).fit(Phi_train, y_train)
        models[degree] = poly, model
        train_mse.append(mean_squared_error(y_train, model.predict(Phi_train)))
        test_mse.append(mean_squared_error(y_test, model.predict(Phi_test)))
        e, b, v = bias_variance_decomposition(LinearRegression(fit_intercept=False), Phi_train,
                                              y_train, Phi_test, f_test, loss="mse",
                                              num_rounds=rounds, random_state=seed)
        loss.append(e)
        bias.append(b)
        var.append(v)

    grid = np.linspace(0, 1, 200)[:, None]
    # A few refits on bootstrap resamples of the training set show the variance.
    boot = np.random.default_rng(seed).integers(0, n_train, size=(8, n_train))

    def draw_fit(fig, ax, degree):
        poly, model = models[degree]
        Phi_grid = poly.transform(grid)
        for i, idx in enumerate(boot):
            refit = LinearRegression(fit_intercept=False).fit(poly.transform(X_train[idx]),
                                                              y_train[idx])
            ax.plot(grid[:, 0], refit.predict(Phi_grid), color=COLORS[5], lw=0.6, alpha=0.6,
                    label="fits on bootstrap resamples" if i == 0 else None)
        ax.plot(grid[:, 0], np.sin(2 * np.pi * grid[:, 0]), ":", color="0.2", lw=1.4,
                label="true function sin(2 pi x)")
        ax.plot(grid[:, 0], model.predict(Phi_grid), color=COLORS[0], lw=2,
                label=f"degree {degree} least squares")
        ax.scatter(X_train[:, 0], y_train, s=12, color=COLORS[1], edgecolor="k",
                   linewidth=0.3, zorder=3, label="training points")
        ax.set(xlabel="x", ylabel="y", ylim=(-2, 2),
               title=f"degree {degree}: train MSE {train_mse[degree]:.3f}, "
                     f"test MSE {test_mse[degree]:.3f}")
        fig.legend(loc="outside lower center", ncols=4, fontsize=7)

    ctx.frames("fit", "degree", [0, 1, 2, 3, 5, 7, 9, 12], draw_fit, figsize=(6.4, 3.8))
    fig, (ax_err, ax_bv) = ctx.figure("errors_vs_degree", 1, 2, figsize=(9, 3.4))
    ax_err.semilogy(degrees, train_mse, "o--", color=COLORS[0], label="train MSE")
    ax_err.semilogy(degrees, test_mse, "s-", color=COLORS[3], label="test MSE")
    ax_err.axhline(noise**2, color="0.4", ls=":", label=f"noise variance {noise**2:g}")
    ax_err.set(xlabel="polynomial degree k", ylabel="mean squared error (log scale)",
               title=f"Train vs test error, n = {n_train}")
    ax_err.legend()
    ax_bv.semilogy(degrees, loss, "o-", color="0.2", label="expected error = bias² + variance")
    ax_bv.semilogy(degrees, bias, "s--", color=COLORS[1], label="bias²")
    ax_bv.semilogy(degrees, var, "^--", color=COLORS[2], label="variance")
    ax_bv.set(xlabel="polynomial degree k", ylabel="squared error vs sin(2 pi x) (log scale)",
              title=f"Bias-variance ({rounds} bootstrap rounds)")
    ax_bv.legend()

    best = int(np.argmin(test_mse))
    ctx.number("degree with the lowest test MSE", degrees[best])
    ctx.number("test MSE at degrees 1, best, 12",
               [round(test_mse[1], 4), round(test_mse[best], 4), round(test_mse[-1], 4)])
    ctx.number("bias^2 / variance at degree 1", [round(bias[1], 4), round(var[1], 4)])
    ctx.number("bias^2 / variance at degree 12", [round(bias[-1], 4), round(var[-1], 4)])
    ctx.check("training MSE never increases with the degree (nested least-squares models)",
              bool(np.all(np.diff(train_mse) <= 1e-10)))
    ctx.check("the test MSE is U-shaped: best at an intermediate degree (2..8)",
              2 <= degrees[best] <= 8 and test_mse[1] > 1.5 * test_mse[best]
              and test_mse[-1] > test_mse[best])
    ctx.check("expected loss = bias^2 + variance at every degree (1e-10)",
              all(abs(e - (b + v)) <= 1e-10 * max(e, 1.0) for e, b, v in zip(loss, bias, var)))
    ctx.check("a line underfits: its squared bias dominates its variance",
              bias[1] > 3 * var[1])
    ctx.check("degree 12 overfits: variance dominates and exceeds the best degree's",
              var[-1] > bias[-1] and var[-1] > 5 * var[best])
