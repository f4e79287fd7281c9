"""Demo: GD, momentum, Nesterov, AdaGrad, RMSProp, Adam and L-BFGS on three classic 2-D surfaces."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.optim import minimize

from .._plotting import COLORS as PALETTE
from ._shared import first_below, trajectory

METHODS = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
NAMES = {"gd": "gradient descent", "momentum": "momentum", "nesterov": "Nesterov",
         "adagrad": "AdaGrad", "rmsprop": "RMSProp", "adam": "Adam", "lbfgs": "L-BFGS"}
# Okabe-Ito colours and distinct dashes, drawn thickest first so no method hides another.
STYLES = {m: dict(color=c, ls=ls, lw=lw) for m, c, ls, lw in zip(
    (*METHODS, "lbfgs"), (*PALETTE[:6], "k"), ("-", "--", ":", "-.", "-", "--", "-"),
    (3.0, 2.4, 2.2, 2.0, 1.6, 1.4, 1.2))}

# f(x, y) = (x^2 + 50 y^2) / 2: condition number 50, the steep direction is y.
QUAD_CURVATURES = np.array([1.0, 50.0])


def quadratic(z: np.ndarray) -> tuple[float, np.ndarray]:
    x, y = z
    a, b = QUAD_CURVATURES
    return 0.5 * (a * x * x + b * y * y), np.array([a * x, b * y])


def saddle(z: np.ndarray) -> tuple[float, np.ndarray]:
    """x^2 + y^4/4 - y^2/2: a saddle at the origin, minima (0, +-1) where f = -1/4."""
    x, y = z
    return x * x + y**4 / 4 - y * y / 2, np.array([2 * x, y**3 - y])


def rosenbrock(z: np.ndarray) -> tuple[float, np.ndarray]:
    """(1 - x)^2 + 100 (y - x^2)^2: a curved, flat-bottomed valley, minimum at (1, 1)."""
    x, y = z
    r = y - x * x
    return (1 - x) ** 2 + 100 * r * r, np.array([-2 * (1 - x) - 400 * x * r, 200 * r])


def _contours(ax, fun, xlim, ylim, levels) -> None:
    xs, ys = np.meshgrid(np.linspace(*xlim, 200), np.linspace(*ylim, 200))
    values = fun(np.array([xs, ys]))[0]  # the surfaces are elementwise in (x, y)
    ax.contour(xs, ys, values, levels=levels, colors="0.8", linewidths=0.7)


@register("optimiser_trajectories", topic="optimisation", order=2,
          title="Optimiser trajectories: ill-conditioned bowl, saddle point, Rosenbrock")
def optimiser_trajectories(ctx):
    r"""Six update rules (gradient descent, heavy-ball momentum, Nesterov, AdaGrad, RMSProp and
    Adam) and L-BFGS start from the same point on three surfaces. Heavy-ball momentum is

    $$x_{k+1} = x_k - \eta \nabla f(x_k) + m\,(x_k - x_{k-1}).$$

    On the quadratic with condition number $\kappa = 50$, gradient descent at its best fixed rate
    $2/(L + \mu)$ needs about $\kappa$ times more steps than momentum at its optimum.

    What to notice: press play: gradient descent zig-zags across the steep direction of the bowl;
    at the saddle it barely leaves the ridge while momentum and the adaptive methods escape; in
    Rosenbrock's curved valley fixed-step gradient descent crawls while Adam and L-BFGS reach the
    minimum (1, 1)."""
    # ---- ill-conditioned quadratic: learning rates from the theory of each method
    L, mu = QUAD_CURVATURES.max(), QUAD_CURVATURES.min()
    kappa = L / mu
    rk = np.sqrt(kappa)
    quad_options = {
        "gd": {"lr": 2 / (L + mu)},
        "momentum": {"lr": 4 / (np.sqrt(L) + np.sqrt(mu)) ** 2,
                     "momentum": ((rk - 1) / (rk + 1)) ** 2},
        "nesterov": {"lr": 1 / L, "momentum": (rk - 1) / (rk + 1)},
        "adagrad": {"lr": 1.0},
        "rmsprop": {"lr": 0.05},
        "adam": {"lr": 0.1},
    }
    x0 = np.array([-4.0, 1.0])
    n_quad = 400
    quad = {m: trajectory(quadratic, x0, m, n_quad, **o) for m, o in quad_options.items()}
    steps_to = {m: first_below(v, 1e-8) for m, (_, v) in quad.items()}
    for m, k in steps_to.items():
        ctx.number(f"quadratic: steps to f < 1e-8, {NAMES[m]}", "never" if k is None else k)

    path_gd = quad["gd"][0]
    lr_gd = quad_options["gd"]["lr"]
    k = np.arange(n_quad + 1)[:, None]
    closed_form = x0 * (1 - lr_gd * QUAD_CURVATURES) ** k
    ctx.check("GD on the quadratic follows its closed form x_k = (1 - lr lambda)^k x_0",
              np.allclose(path_gd, closed_form, rtol=1e-10, atol=1e-300),
              detail=f"max |diff| {np.max(np.abs(path_gd - closed_form)):.2e}")
    sign_flips = int(np.sum(np.sign(path_gd[1:30, 1]) != np.sign(path_gd[:29, 1])))
    ctx.check("GD zig-zags across the steep direction (y changes sign every step)",
              sign_flips == 29, detail=f"{sign_flips} sign changes in 29 steps")

    # Heavy ball x_{k+1} = x_k - lr g_k + m (x_k - x_{k-1}) (the optimisation lecture's velocity form):
    # per coordinate a linear recursion, iterated here with its 2x2 companion matrix.
    lr_m, m_m = quad_options["momentum"]["lr"], quad_options["momentum"]["momentum"]
    heavy = np.empty((n_quad + 1, 2))
    for i, lam in enumerate(QUAD_CURVATURES):
        companion = np.array([[1 + m_m - lr_m * lam, -m_m], [1.0, 0.0]])
        state = np.array([(1 - lr_m * lam) * x0[i], x0[i]])  # (x_1, x_0): first step is GD
        heavy[0, i] = x0[i]
        for step in range(1, n_quad + 1):
            heavy[step, i] = state[0]
            state = companion @ state
    ctx.check("the momentum optimiser equals the heavy-ball recursion (velocity form)",
              np.allclose(quad["momentum"][0], heavy, rtol=1e-9, atol=1e-12),
              detail=f"max |diff| {np.max(np.abs(quad['momentum'][0] - heavy)):.2e}")
    gd_steps, mom_steps = steps_to["gd"], steps_to["momentum"]
    ctx.check("momentum needs several times fewer steps than GD (sqrt(kappa) vs kappa)",
              gd_steps is not None and mom_steps is not None and gd_steps > 3 * mom_steps,
              detail=f"GD {gd_steps} steps, momentum {mom_steps} steps, kappa = {kappa:.0f}")

    # ---- saddle point, started almost on the ridge y = 0
    n_saddle = 100
    saddle_options = {"gd": {"lr": 0.05}, "momentum": {"lr": 0.05, "momentum": 0.9},
                      "nesterov": {"lr": 0.05, "momentum": 0.9}, "adagrad": {"lr": 0.5},
                      "rmsprop": {"lr": 0.05}, "adam": {"lr": 0.05}}
    s0 = np.array([1.5, 1e-6])
    sad = {m: trajectory(saddle, s0, m, n_saddle, **o) for m, o in saddle_options.items()}
    final_y = {m: abs(p[-1, 1]) for m, (p, _) in sad.items()}
    for m, y in final_y.items():
        ctx.number(f"saddle: final |y|, {NAMES[m]}", y)
    ctx.check("GD stays stuck near the saddle (|y| < 0.01 after all its steps)",
              final_y["gd"] < 0.01, detail=f"|y| = {final_y['gd']:.2e}")
    escaped = [m for m in METHODS[1:] if abs(sad[m][1][-1] + 0.25) < 0.01]
    ctx.check("momentum, Nesterov, AdaGrad, RMSProp and Adam escape to a minimum (f = -1/4)",
              len(escaped) == 5, detail=f"escaped: {escaped}")

    # ---- Rosenbrock from (-1.5, 2)
    n_rosen = 3000
    rosen_options = {"gd": {"lr": 1e-3}, "momentum": {"lr": 2e-4, "momentum": 0.9},
                     "nesterov": {"lr": 2e-4, "momentum": 0.9}, "adagrad": {"lr": 0.5},
                     "rmsprop": {"lr": 1e-2}, "adam": {"lr": 2e-2}}
    r0 = np.array([-1.5, 2.0])
    ros = {m: trajectory(rosenbrock, r0, m, n_rosen, **o) for m, o in rosen_options.items()}
    dist = {m: float(np.linalg.norm(p[-1] - 1.0)) for m, (p, _) in ros.items()}
    for m, d in dist.items():
        ctx.number(f"Rosenbrock: final distance to (1, 1), {NAMES[m]}", d)
    lbfgs_path, lbfgs_values = [r0.copy()], [rosenbrock(r0)[0]]
    lbfgs = minimize(rosenbrock, r0, method="lbfgs", tol=1e-10, max_iter=500,
                     callback=lambda x, f: (lbfgs_path.append(x.copy()), lbfgs_values.append(f)))
    ros["lbfgs"] = np.array(lbfgs_path), np.array(lbfgs_values)
    ctx.number("Rosenbrock: L-BFGS iterations", lbfgs.n_iter)
    ctx.check("L-BFGS reaches Rosenbrock's minimum (1, 1) to 1e-6",
              np.allclose(lbfgs.x, 1.0, atol=1e-6), detail=f"x = {lbfgs.x}, {lbfgs.n_iter} iterations")
    ctx.check("Adam gets within 0.05 of (1, 1) while fixed-step GD is still > 0.3 away",
              dist["adam"] < 0.05 and dist["gd"] > 0.3,
              detail=f"Adam {dist['adam']:.3g}, GD {dist['gd']:.3g} after {n_rosen} steps")

    # ---- figures: an animation over the steps, then the objective per step
    panels = [
        (quadratic, quad, x0, (0.0, 0.0), (-4.5, 1.5), (-1.3, 1.3), np.geomspace(0.01, 60, 12),
         "Quadratic, condition number 50"),
        (saddle, sad, s0, (0.0, 1.0), (-0.5, 1.8), (-0.4, 1.4), np.linspace(-0.24, 3, 14),
         "Saddle point at (0, 0)"),
        (rosenbrock, ros, r0, (1.0, 1.0), (-2, 2), (-1, 3), np.geomspace(0.5, 2500, 14),
         "Rosenbrock's valley"),
    ]
    shares = (1, 3, 6, 12, 25, 50, 100)

    def draw(fig, axes, share):
        for ax, (fun, runs, start, best, xlim, ylim, levels, title) in zip(axes, panels):
            _contours(ax, fun, xlim, ylim, levels)
            for m, (path, _) in runs.items():
                shown = path[: max(2, int(np.ceil(len(path) * share / 100)))]
                ax.plot(shown[:, 0], shown[:, 1], label=NAMES[m], **STYLES[m])
            steps = max(len(path) for path, _ in runs.values()) - 1
            ax.plot(*start, "o", color="k", mfc="white", ms=7, zorder=5, label="start")
            ax.plot(*best, "*", color="k", ms=12, zorder=5, label="minimum")
            ax.set(xlim=xlim, ylim=ylim, xlabel="x", ylabel="y",
                   title=f"{title}: {int(np.ceil(steps * share / 100))} of {steps} steps")
        handles, labels = axes[2].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside right center", fontsize=8)

    ctx.frames("trajectories", "share of the run (%)", shares, draw, animate=True, nrows=1,
               ncols=3, figsize=(15, 4.4))
    fig2, axes2 = ctx.figure("objective_per_step", 1, 3, figsize=(15, 3.8))
    for ax, runs, offset, title in [(axes2[0], quad, 0.0, "quadratic: f - f*"),
                                    (axes2[1], sad, 0.25, "saddle: f - f* (f* = -1/4)"),
                                    (axes2[2], ros, 0.0, "Rosenbrock: f - f*")]:
        for m, (_, values) in runs.items():
            ax.semilogy(np.maximum(values + offset, 1e-16), label=NAMES[m], **STYLES[m])
        ax.set(xlabel="step", ylabel="f - f* (log scale)", title=title)
    handles, labels = axes2[2].get_legend_handles_labels()
    fig2.legend(handles, labels, loc="outside right center", fontsize=8)
