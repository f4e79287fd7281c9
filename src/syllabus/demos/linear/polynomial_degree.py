"""Demo: polynomial regression under- and over-fitting, and its bias-variance decomposition."""

from __future__ import annotations

import numpy as np

from syllabus.datasets import make_sine
from syllabus.demos import register
from syllabus.linear_model import LinearRegression
from syllabus.metrics import mean_squared_error
from syllabus.model_selection import bias_variance_decomposition
from syllabus.preprocessing import PolynomialFeatures


@register("polynomial_degree", topic="linear", order=2,
          title="Polynomial degree: under- and over-fitting, bias and variance")
def polynomial_degree(ctx):
    r"""Least squares on polynomial features $\phi(x) = [1, x, \dots, x^k]$ of 40 noisy samples
    of $\sin(2\pi x)$. The training error can only fall as the degree $k$ grows (the models are
    nested), while the error on fresh test points is U-shaped. Bootstrap rounds estimate the
    bias-variance decomposition of the expected squared error against the noise-free sine:

    $$\mathbb{E}\big[(\hat f(x) - f(x))^2\big] = \big(\mathbb{E}\hat f(x) - f(x)\big)^2 + \operatorname{Var}\hat f(x).$$

    What to notice: move the degree slider: a line underfits (large bias²), degrees 3-5 follow
    the sine, high degrees chase the noise. On the log-scaled panel bias² falls steeply from
    degree 1 to about 3 and then stays small while the variance grows by orders of magnitude."""
    rng = ctx.rng
    seed = int(rng.integers(2**31))
    n_train, noise = 40, 0.3
    X_train, y_train = make_sine(n_train, noise=noise, random_state=seed)
    X_test, y_test = make_sine(500, noise=noise, random_state=seed + 1)
    f_test = np.sin(2 * np.pi * X_test[:, 0])  # the noise-free target
    degrees = list(range(0, 13))
    rounds = 40 if ctx.fast else 200

    train_mse, test_mse, loss, bias, var = [], [], [], [], []
    grid = np.linspace(0, 1, 200)[:, None]
    fig, axes = ctx.figure("fits_and_errors", 1, 2, figsize=(10, 4))
    axes[0].scatter(X_train[:, 0], y_train, s=12, color="k", label="training data")
    axes[0].plot(grid[:, 0], np.sin(2 * np.pi * grid[:, 0]), "k:", label="sin(2 pi x)")
    for degree in degrees:
        poly = PolynomialFeatures(degree).fit(X_train)
        Phi_train, Phi_test = poly.transform(X_train), poly.transform(X_test)
        model = LinearRegression(fit_intercept=False).fit(Phi_train, y_train)
        train_mse.append(mean_squared_error(y_train, model.predict(Phi_train)))
        test_mse.append(mean_squared_error(y_test, model.predict(Phi_test)))
        e, b, v = bias_variance_decomposition(LinearRegression(fit_intercept=False), Phi_train,
                                              y_train, Phi_test, f_test, loss="mse",
                                              num_rounds=rounds, random_state=seed)
        loss.append(e)
        bias.append(b)
        var.append(v)
        if degree in (1, 3, 12):
            axes[0].plot(grid[:, 0], model.predict(poly.transform(grid)), label=f"degree {degree}")
    axes[0].set_ylim(-2, 2)
    axes[0].legend(fontsize=7)
    axes[0].set_title(f"least-squares fits, n = {n_train}")
    axes[1].semilogy(degrees, train_mse, "o-", label="train MSE")
    axes[1].semilogy(degrees, test_mse, "o-", label="test MSE")
    axes[1].semilogy(degrees, bias, "s--", label="bias^2 (vs sine)")
    axes[1].semilogy(degrees, var, "^--", label="variance")
    axes[1].set_xlabel("degree")
    axes[1].legend(fontsize=7)

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
