"""Demo: the optimisation lecture's learning rates, too slow and too large, on linear regression."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.linear_model import LinearRegression
from syllabus.optim import minimize

from .._plotting import COLORS
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
    ctx.number("eigenvalues of the Hessian H", f"{lam_min:.4f}, {lam_max:.4f}")
    ctx.number("stability limit 2 / lambda_max", eta_limit)
    ctx.number("best fixed rate eta* = 2 / (lambda_max + lambda_min)", eta_best)

    n_steps = 200
    theta0 = np.zeros(2)
    runs = {}
    for eta in (0.1, 0.6, eta_best):
        path, costs = [theta0], [cost_and_grad(theta0)[0]]
        minimize(cost_and_grad, theta0, method="gd", lr=eta, max_iter=n_steps if eta != 0.6 else 25,
                 tol=0.0, callback=lambda t, f, p=path, c=costs: (p.append(t.copy()), c.append(f)))
        runs[eta] = (np.array(path), np.array(costs))
    steps = {eta: first_below(costs - j_star, 1e-8) for eta, (_, costs) in runs.items()}
    ctx.number("steps to J - J* < 1e-8 with eta = 0.1", steps[0.1])
    ctx.number("steps to J - J* < 1e-8 with eta*", steps[eta_best])

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

    t0, t1 = np.meshgrid(np.linspace(-1.5, 3.5, 150), np.linspace(-2.0, 5.5, 150))
    residual = t0[..., None] + t1[..., None] * x - y
    surface = np.sum(residual**2, axis=-1)
    labels = {0.1: "eta = 0.1 (too slow)", 0.6: "eta = 0.6 (too large)",
              eta_best: f"eta* = {eta_best:.3f}"}
    colors = dict(zip(labels, (COLORS[0], COLORS[3], COLORS[2])))

    def draw_bowl(ax):
        cs = ax.contour(t0, t1, surface, levels=np.geomspace(0.05, 200, 12), colors="0.75",
                        linewidths=0.7)
        ax.clabel(cs, cs.levels[::3], fontsize=6, fmt="%.2g")
        ax.plot(*theta_star, "k*", ms=11, label="minimum theta*", zorder=4)
        ax.plot(*theta0, "ko", mfc="white", ms=6, label="start", zorder=4)
        ax.set(xlim=(-1.5, 3.5), ylim=(-2.0, 5.5), xlabel="intercept theta_0",
               ylabel="slope theta_1")

    fig, axes = ctx.figure("learning_rates", 1, 2, figsize=(10, 4))
    draw_bowl(axes[0])
    for eta, (path, costs) in runs.items():
        shown = path[:12] if eta == 0.6 else path
        axes[0].plot(shown[:, 0], shown[:, 1], ".-", ms=3, lw=1, color=colors[eta],
                     label=labels[eta])
        axes[1].semilogy(np.maximum(costs - j_star, 1e-16), color=colors[eta], label=labels[eta])
    axes[0].set_title("Iterates on the cost's contours")
    axes[0].legend(loc="upper left", fontsize=7)
    axes[1].set(xlabel="step", ylabel="J(theta) - J(theta*) (log scale)", ylim=(1e-14, 1e6),
                title="Cost gap per step")
    axes[1].legend(fontsize=7)

    # Slider: one rate at a time, from too small to beyond the stability limit.
    grid = sorted({0.03, 0.1, round(eta_best, 4), round(0.95 * eta_limit, 4),
                   round(1.03 * eta_limit, 4), 0.3, 0.6})
    sweeps = {}
    for eta in grid:
        path, costs = [theta0], [cost_and_grad(theta0)[0]]
        minimize(cost_and_grad, theta0, method="gd", lr=eta, max_iter=40, tol=0.0,
                 callback=lambda t, f, p=path, c=costs: (p.append(t.copy()), c.append(f)))
        sweeps[eta] = np.array(path), np.array(costs)

    def draw_rate(fig, axes, eta):
        path, costs = sweeps[eta]
        rate = abs(1 - eta * lam_max)
        verdict = "diverges" if rate > 1 else "converges"
        draw_bowl(axes[0])
        inside = np.all(np.abs(path) < 20, axis=1)
        axes[0].plot(path[inside, 0], path[inside, 1], ".-", ms=4, lw=1, color=COLORS[0],
                     label=f"eta = {eta:g}")
        axes[0].legend(loc="upper left", fontsize=7)
        axes[0].set_title(f"eta = {eta:g}: |1 - eta lambda_max| = {rate:.2f}, {verdict}")
        axes[1].semilogy(np.maximum(costs - j_star, 1e-16), color=COLORS[0])
        axes[1].set(xlabel="step", ylabel="J(theta) - J(theta*) (log scale)",
                    ylim=(1e-14, 1e6), xlim=(0, 40),
                    title=f"stability limit 2 / lambda_max = {eta_limit:.3f}")

    ctx.frames("rate", "learning rate eta", grid, draw_rate, nrows=1, ncols=2, figsize=(10, 4))
