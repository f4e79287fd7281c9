"""Demo: radial-basis-function regression, still a linear regression in its parameters."""

from __future__ import annotations

import numpy as np

from syllabus.datasets import make_sine
from syllabus.demos import register
from syllabus.linear_model import LinearRegression, Ridge
from syllabus.metrics import mean_squared_error
from syllabus.preprocessing import RBFFeatures


@register("rbf_regression", topic="linear", order=3,
          title="Radial-basis-function regression")
def rbf_regression(ctx):
    r"""With basis functions $\phi(x) = [1, k(x, \mu_1), \dots, k(x, \mu_d)]$ and
    $k(x, \mu) = \exp(-\|x - \mu\|^2 / \lambda)$, the model $\hat y = \phi(x)^\top \theta$ is
    linear in $\theta$, so least squares and ridge still apply:

    $$\theta = (\Phi^\top \Phi + \delta^2 I)^{-1} \Phi^\top y.$$

    The linear-regression lecture's example (centres 1, 2, 4, $\lambda = 1$) is fitted exactly;
    then ten Gaussian bumps fit a noisy sine that a straight line cannot.

    What to notice: the fit is a weighted sum of bumps; with one bump on every training point
    (the kernel-machine special case) the training data are fitted more closely still."""
    # The lecture's model: y = t0 + e^{-|x-1|^2} t1 + e^{-|x-2|^2} t2 + e^{-|x-4|^2} t3.
    x = np.linspace(0, 5, 40)[:, None]
    seed_basis = RBFFeatures(centers=[[1.0], [2.0], [4.0]], gamma=1.0, include_bias=True).fit(x)
    theta_true = np.array([0.5, 2.0, -1.0, 1.5])
    y_seed = seed_basis.transform(x) @ theta_true
    theta_hat = LinearRegression(fit_intercept=False).fit(seed_basis.transform(x), y_seed).coef_
    ctx.number("seed example theta recovered", np.round(theta_hat, 6).tolist())
    ctx.check("least squares on the lecture's 3 RBF bases recovers theta exactly (1e-9)",
              np.max(np.abs(theta_hat - theta_true)) < 1e-9)

    rng = ctx.rng
    seed = int(rng.integers(2**31))
    n = 40 if ctx.fast else 100
    X, y = make_sine(n, noise=0.2, random_state=seed)
    X_test, y_test = make_sine(500, noise=0.2, random_state=seed + 1)
    width = 0.1  # the lecture's lambda: k = exp(-|x - mu|^2 / lambda)
    centres = np.linspace(0, 1, 10)[:, None]
    basis = RBFFeatures(centers=centres, gamma=1 / width**2, include_bias=True).fit(X)
    Phi, Phi_test = basis.transform(X), basis.transform(X_test)
    delta2 = 1e-3
    ridge = Ridge(delta2, fit_intercept=False).fit(Phi, y)
    closed_form = np.linalg.solve(Phi.T @ Phi + delta2 * np.eye(Phi.shape[1]), Phi.T @ y)
    ctx.check("Ridge on the RBF design equals (Phi^T Phi + delta^2 I)^-1 Phi^T y (1e-9)",
              np.max(np.abs(ridge.coef_ - closed_form)) < 1e-9 * np.max(np.abs(closed_form)))
    line = LinearRegression().fit(X, y)
    every = RBFFeatures(gamma=1 / width**2).fit(X)  # a bump on every training point
    kernel_like = Ridge(delta2).fit(every.transform(X), y)
    mse = {
        "straight line": mean_squared_error(y_test, line.predict(X_test)),
        "10 RBF bumps": mean_squared_error(y_test, ridge.predict(Phi_test)),
        "RBF on every point": mean_squared_error(y_test, kernel_like.predict(every.transform(X_test))),
    }
    train = {
        "10 RBF bumps": mean_squared_error(y, ridge.predict(Phi)),
        "RBF on every point": mean_squared_error(y, kernel_like.predict(every.transform(X))),
    }
    for name, value in mse.items():
        ctx.number(f"test MSE, {name}", round(value, 4))
    ctx.check("ten RBF bumps fit the sine far better than a line (test MSE < 1/3)",
              mse["10 RBF bumps"] < mse["straight line"] / 3)
    ctx.check("the RBF fit approaches the noise floor (test MSE < 2 x noise variance 0.04)",
              mse["10 RBF bumps"] < 2 * 0.2**2)
    ctx.check("a bump on every training point fits the training data more closely",
              train["RBF on every point"] < train["10 RBF bumps"])

    grid = np.linspace(0, 1, 300)[:, None]
    fig, axes = ctx.figure("rbf_fit", 1, 2, figsize=(10, 4))
    Phi_grid = basis.transform(grid)
    for k in range(1, Phi_grid.shape[1]):
        axes[0].plot(grid[:, 0], Phi_grid[:, k] * ridge.coef_[k], lw=0.8)
    axes[0].set(title="Weighted basis functions theta_k phi_k(x)", xlabel="x",
                ylabel="theta_k phi_k(x)")
    axes[1].scatter(X[:, 0], y, s=10, color="k", label="training data")
    axes[1].plot(grid[:, 0], ridge.predict(Phi_grid), label="10 RBF bumps (ridge)")
    axes[1].plot(grid[:, 0], line.predict(grid), label="straight line")
    axes[1].plot(grid[:, 0], np.sin(2 * np.pi * grid[:, 0]), "k:", label="sin(2 pi x)")
    axes[1].legend(fontsize=7)
    axes[1].set(title="Sum of the bumps vs a straight line", xlabel="x", ylabel="y")
