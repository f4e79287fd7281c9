"""Demo: least squares by the normal equation, batch GD, SGD and mini-batch GD."""

from __future__ import annotations

import warnings

import numpy as np

from syllabus.datasets import load_three_points
from syllabus.demos import register
from syllabus.linear_model import ConvergenceWarning, LinearRegression
from syllabus.metrics import mean_squared_error


@register("linear_solvers", topic="linear", order=1,
          title="Least squares: normal equation vs batch, stochastic and mini-batch gradient descent")
def linear_solvers(ctx):
    r"""The least-squares line of the linear-regression lecture's three points (1, 1), (2, 4),
    (3, 5) comes from the normal equation

    $$X^\top X \theta = X^\top y \quad\Rightarrow\quad \theta = (-2/3,\ 2),\ \text{MSE} = 2/9.$$

    On a larger problem the same minimum is reached iteratively by batch gradient descent (the
    full gradient $\frac{2}{n} X^\top (X\theta - y)$ once per epoch), stochastic gradient descent
    (one sample per step) and mini-batch descent (32 samples per step), the stochastic ones with
    a decaying step.

    What to notice: gradient descent converges smoothly and linearly, SGD starts fast but stays
    noisy, mini-batch sits in between; no solver beats the normal equation's training MSE."""
    X3, y3 = load_three_points(return_X_y=True)
    exact3 = LinearRegression().fit(X3, y3)
    ctx.number("three points theta0", round(exact3.intercept_, 6))
    ctx.number("three points theta1", round(float(exact3.coef_[0]), 6))
    ctx.number("three points MSE", round(mean_squared_error(y3, exact3.predict(X3)), 6))
    ctx.check("normal equation on (1,1), (2,4), (3,5) gives theta = (-2/3, 2) and MSE 2/9",
              abs(exact3.intercept_ + 2 / 3) < 1e-12 and abs(exact3.coef_[0] - 2) < 1e-12
              and abs(mean_squared_error(y3, exact3.predict(X3)) - 2 / 9) < 1e-12)

    rng = ctx.rng
    n, d = (300, 5) if ctx.fast else (2000, 10)
    X = rng.normal(size=(n, d))
    theta_true = rng.normal(size=d)
    y = X @ theta_true + 1.0 + 0.5 * rng.normal(size=n)

    exact = LinearRegression().fit(X, y)
    mse_exact = exact.loss_curve_[0]
    epochs = 30 if ctx.fast else 40
    solvers = {
        "batch GD": LinearRegression(solver="gd", learning_rate=0.25, max_iter=epochs, tol=0.0),
        "SGD": LinearRegression(solver="sgd", learning_rate=lambda t: 0.01 / (1 + t),
                                max_iter=epochs, tol=0.0, random_state=ctx.seed),
        "mini-batch (32)": LinearRegression(solver="minibatch", batch_size=32,
                                            learning_rate=lambda t: 0.1 / (1 + 0.3 * t),
                                            max_iter=epochs, tol=0.0, random_state=ctx.seed),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # fixed epoch budget on purpose
        for model in solvers.values():
            model.fit(X, y)
    ctx.number("normal equation MSE", round(mse_exact, 6))
    for name, model in solvers.items():
        ctx.number(f"{name} final MSE", round(model.loss_curve_[-1], 6))

    fig, ax = ctx.figure("loss_curves")
    for name, model in solvers.items():
        ax.semilogy(np.arange(1, len(model.loss_curve_) + 1),
                    np.asarray(model.loss_curve_) - mse_exact + 1e-12, label=name)
    ax.set_xlabel("epoch")
    ax.set_ylabel("training MSE - normal-equation MSE")
    ax.set_title(f"n={n}, d={d}")
    ax.legend()

    gd, sgd, mini = solvers.values()
    ctx.check("no iterative solver beats the normal equation on the training MSE",
              all(m.loss_curve_[-1] >= mse_exact - 1e-12 for m in solvers.values()))
    ctx.check(f"batch GD reaches the normal-equation coefficients in {epochs} epochs (1e-6)",
              np.max(np.abs(gd.coef_ - exact.coef_)) < 1e-6,
              detail=f"max |diff| = {np.max(np.abs(gd.coef_ - exact.coef_)):.2e}")
    ctx.check("batch GD's loss decreases at every epoch (convex quadratic, small step)",
              bool(np.all(np.diff(gd.loss_curve_) <= 1e-15)))
    ctx.check("SGD and mini-batch end within 1% of the minimal MSE",
              all(m.loss_curve_[-1] < 1.01 * mse_exact for m in (sgd, mini)),
              detail=f"{sgd.loss_curve_[-1]:.5f}, {mini.loss_curve_[-1]:.5f} vs {mse_exact:.5f}")
    ctx.check("after one epoch SGD (n steps) is ahead of batch GD (1 step)",
              sgd.loss_curve_[0] < gd.loss_curve_[0],
              detail=f"{sgd.loss_curve_[0]:.4f} vs {gd.loss_curve_[0]:.4f}")
    # GD on the MSE is stable for steps below 2 / lambda_max of its Hessian 2 X^T X / n.
    Xc = X - X.mean(axis=0)
    lambda_max = float(np.linalg.eigvalsh(2 * Xc.T @ Xc / n)[-1])
    ctx.number("largest stable GD step 2 / lambda_max", round(2 / lambda_max, 4))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        too_big = LinearRegression(solver="gd", learning_rate=1.2 * 2 / lambda_max, max_iter=20,
                                   tol=0.0).fit(X, y)
    ctx.check("a step 20% above 2 / lambda_max makes GD diverge (the MSE grows every epoch)",
              too_big.loss_curve_[-1] > 100 * too_big.loss_curve_[0]
              and bool(np.all(np.diff(too_big.loss_curve_[1:]) > 0)),
              detail=f"MSE {too_big.loss_curve_[0]:.3g} -> {too_big.loss_curve_[-1]:.3g}")
