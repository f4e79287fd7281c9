"""Demo: the optimisation lecture's learning rates, too slow and too large, on linear regression."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.linear_model import LinearRegression
from syllabus.optim import minimize

from ._shared import first_below


@register("learning_rate_choice", topic="optimisation", order=1,
          title="Learning rate too small or too large: gradient descent on linear regression")
def learning_rate_choice(ctx):
    r"""Steepest descent on linear regression with the sum-of-squares cost
    $J(\theta) = \|X\theta - y\|^2$, whose Hessian is $H = 2X^\top X$. Along each eigenvector of
    $H$ the error is multiplied by $(1 - \eta\lambda_i)$ per step, so

    $$\text{GD converges} \iff \eta < \frac{2}{\lambda_{\max}}, \qquad \eta^* = \frac{2}{\lambda_{\max} + \lambda_{\min}}.$$

    The lecture's rates $\eta = 0.1$ (stable but slow) and $\eta = 0.6$ (too large) are compared
    with $\eta^*$ and with Newton's method.

    What to notice: move the $\eta$ slider: above $2/\lambda_{\max}$ the iterates diverge at exactly
    the predicted rate $|1 - \eta\lambda_{\max}|$; $\eta^*$ converges fastest, and Newton's method
    lands on the normal-equation solution in one step."""
    rng = ctx.rng
    x = np.linspace(0.0, 1.0, 4)
    y = 1.0 + 2.0 * x + 0.1 * rng.normal(size=x.size)
    X = np.column_stack([np.ones_like(x), x])
    H = 2 * X.T @ X
    lam_min, lam_max = np.linalg.eigvalsh(H)

    def cost_and_grad(theta):
        r = X @ theta - y
        return float(r @ r), 2 * X.T @ r

    theta_star = np.array([*np.atleast_1d(LinearRegression().fit(x[:, None], y).intercept_),
                           *LinearRegression().fit(x[:, None], y).coef_])
    j_star = cost_and_grad(theta_star)[0]
    eta_limit, eta_best = 2 / lam_max, 2 / (lam_max + lam_min)
    ctx.number("hessian_eigenvalues", f"{lam_min:.4f}, {lam_max:.4f}")
    ctx.number("stability_limit_2_over_lambda_max", eta_limit)
    ctx.number("best_fixed_eta", eta_best)

    n_steps = 200
    theta0 = np.zeros(2)
    runs = {}
    for eta in (0.1, 0.6, eta_best):
        path, costs = [theta0], [cost_and_grad(theta0)[0]]
        minimize(cost_and_grad, theta0, method="gd", lr=eta, max_iter=n_steps if eta != 0.6 else 25,
                 tol=0.0, callback=lambda t, f, p=path, c=costs: (p.append(t.copy()), c.append(f)))
        runs[eta] = (np.array(path), np.array(costs))
    steps = {eta: first_below(costs - j_star, 1e-8) for eta, (_, costs) in runs.items()}
    ctx.number("steps_to_1e-8_eta_0.1", steps[0.1])
    ctx.number("steps_to_1e-8_eta_best", steps[eta_best])

    ctx.check("the stability limit 2 / lambda_max lies between 0.1 and 0.6",
              0.1 < eta_limit < 0.6, detail=f"2 / lambda_max = {eta_limit:.4f}")
    path6, costs6 = runs[0.6]
    growth = np.linalg.norm(path6[-1] - theta_star) / np.linalg.norm(path6[-2] - theta_star)
    predicted = abs(1 - 0.6 * lam_max)
    ctx.check("eta = 0.6 diverges: the cost grows every step, the error by |1 - 0.6 lambda_max|",
              bool(np.all(np.diff(costs6) > 0)) and abs(growth - predicted) < 1e-6 * predicted,
              detail=f"error ratio {growth:.8f} vs predicted {predicted:.8f}")
    costs1 = runs[0.1][1]
    ctx.check("eta = 0.1 converges monotonically but needs >= 1.5x the steps of eta*",
              bool(np.all(np.diff(costs1) <= 1e-12)) and steps[0.1] is not None
              and steps[eta_best] is not None and steps[0.1] >= 1.5 * steps[eta_best],
              detail=f"{steps[0.1]} vs {steps[eta_best]} steps to J - J* < 1e-8")
    ctx.check("GD with eta* reaches the normal-equation solution",
              np.allclose(runs[eta_best][0][-1], theta_star, rtol=0, atol=1e-8),
              detail=f"{runs[eta_best][0][-1]} vs {theta_star}")
    newton = minimize(cost_and_grad, theta0, method="newton", hess=lambda t: H, tol=1e-10)
    ctx.check("Newton's method reaches it in one step (as the optimisation lecture derives)",
              newton.n_iter == 1 and np.allclose(newton.x, theta_star, atol=1e-12),
              detail=f"{newton.n_iter} step(s), theta = {newton.x}")

    fig, axes = ctx.figure("learning_rates", 1, 2, figsize=(11, 4.2))
    t0, t1 = np.meshgrid(np.linspace(-1.5, 3.5, 200), np.linspace(-2.0, 5.5, 200))
    residual = t0[..., None] + t1[..., None] * x - y
    axes[0].contour(t0, t1, np.sum(residual**2, axis=-1), levels=np.geomspace(0.05, 200, 15),
                    colors="0.75", linewidths=0.7)
    labels = {0.1: "eta = 0.1 (too slow)", 0.6: "eta = 0.6 (too large)",
              eta_best: f"eta* = {eta_best:.3f}"}
    for eta, (path, costs) in runs.items():
        shown = path[:12] if eta == 0.6 else path
        axes[0].plot(shown[:, 0], shown[:, 1], ".-", ms=3, lw=1, label=labels[eta])
        axes[1].semilogy(np.maximum(costs - j_star, 1e-16), label=labels[eta])
    axes[0].plot(*theta_star, "k*", ms=10)
    axes[0].set_xlim(-1.5, 3.5)
    axes[0].set_ylim(-2.0, 5.5)
    axes[0].set_xlabel("theta_0")
    axes[0].set_ylabel("theta_1")
    axes[0].legend(fontsize=8)
    axes[1].set_xlabel("step")
    axes[1].set_ylabel("J(theta) - J(theta*)")
    axes[1].set_ylim(1e-14, 1e6)
    axes[1].legend(fontsize=8)
