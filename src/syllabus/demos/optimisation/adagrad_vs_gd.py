"""Demo: AdaGrad against gradient descent on a badly scaled bowl."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.optim import adagrad_init, adagrad_update

from ._shared import first_below, trajectory


def bowl(curvatures: np.ndarray):
    """f(z) = sum_i c_i z_i^2 / 2 with its gradient (elementwise in the coordinates)."""

    def fun(z):
        x, y = z
        return 0.5 * (curvatures[0] * x * x + curvatures[1] * y * y), \
            np.array([curvatures[0] * x, curvatures[1] * y])

    return fun


@register("adagrad_vs_gd", topic="optimisation", order=3,
          title="AdaGrad vs gradient descent on a badly scaled bowl")
def adagrad_vs_gd(ctx):
    r"""On $f(x, y) = (x^2 + c\,y^2)/2$ with $c = 10$ and $c = 100$, gradient descent must keep
    its learning rate below $2/c$ (the steep direction) and then crawls along the shallow one.
    AdaGrad divides each coordinate's step by the root of its accumulated squared gradients:

    $$x_{t+1} = x_t - \frac{\eta}{\sqrt{G_t} + \epsilon} \odot g_t, \qquad G_t = \sum_{s \le t} g_s \odot g_s.$$

    What to notice: gradient descent's step count grows like the condition number $c$, while
    AdaGrad's first step moves every coordinate by exactly $\eta$ and its step count barely changes
    between $c = 10$ and $c = 100$."""
    x0 = np.array([-4.0, 1.0])
    n_iter = 3000
    rows = {}
    for c in (10.0, 100.0):
        fun = bowl(np.array([1.0, c]))
        lr_gd = 2 / (c + 1)  # GD's best fixed rate: equal contraction at both ends
        path_gd, f_gd = trajectory(fun, x0, "gd", n_iter, lr=lr_gd)
        path_ada, f_ada = trajectory(fun, x0, "adagrad", n_iter, lr=1.0)
        rows[c] = dict(path_gd=path_gd, f_gd=f_gd, path_ada=path_ada, f_ada=f_ada,
                       steps_gd=first_below(f_gd, 1e-10), steps_ada=first_below(f_ada, 1e-10))
        ctx.number(f"gd_steps_to_1e-10_c{int(c)}", rows[c]["steps_gd"])
        ctx.number(f"adagrad_steps_to_1e-10_c{int(c)}", rows[c]["steps_ada"])

    # The update rule written out by hand (the homework) against syllabus.optim's AdaGrad.
    fun = bowl(np.array([1.0, 100.0]))
    z, G = x0.copy(), np.zeros(2)
    manual = [z.copy()]
    for _ in range(50):
        g = fun(z)[1]
        G += g * g
        z = z - 1.0 * g / (np.sqrt(G) + 1e-10)
        manual.append(z.copy())
    manual = np.array(manual)
    ctx.check("the hand-written homework AdaGrad gives syllabus.optim's iterates",
              np.allclose(manual, rows[100.0]["path_ada"][:51], rtol=1e-12, atol=1e-15),
              detail=f"max |diff| {np.max(np.abs(manual - rows[100.0]['path_ada'][:51])):.1e}")

    update, _ = adagrad_update(fun(x0)[1], adagrad_init(x0), lr=0.3)
    ctx.check("AdaGrad's first step moves every coordinate by exactly lr, whatever its gradient",
              np.allclose(np.abs(update), 0.3, rtol=1e-9),
              detail=f"first update {update} for gradient {fun(x0)[1]}")

    gd10, gd100 = rows[10.0]["steps_gd"], rows[100.0]["steps_gd"]
    ada10, ada100 = rows[10.0]["steps_ada"], rows[100.0]["steps_ada"]
    ctx.check("GD's step count grows about tenfold when the conditioning gets 10x worse",
              gd10 is not None and gd100 is not None and 6 < gd100 / gd10 < 14,
              detail=f"{gd10} -> {gd100} steps")
    ctx.check("AdaGrad's step count barely changes (less than 2x) and beats GD at c = 100",
              ada10 is not None and ada100 is not None and ada100 < 2 * ada10 and ada100 < gd100,
              detail=f"AdaGrad {ada10} -> {ada100} steps, GD {gd100} at c = 100")

    fig, axes = ctx.figure("paths", 1, 2, figsize=(11, 4.2))
    for ax, c in zip(axes, (10.0, 100.0)):
        r = rows[c]
        xs, ys = np.meshgrid(np.linspace(-4.5, 1.0, 200), np.linspace(-1.3, 1.3, 200))
        ax.contour(xs, ys, bowl(np.array([1.0, c]))(np.array([xs, ys]))[0],
                   levels=np.geomspace(1e-3, 80, 14), colors="0.75", linewidths=0.7)
        ax.plot(*r["path_gd"][:80].T, ".-", ms=3, lw=1, label=f"GD, lr = 2/(c+1), {r['steps_gd']} steps")
        ax.plot(*r["path_ada"][:80].T, ".-", ms=3, lw=1, label=f"AdaGrad, lr = 1, {r['steps_ada']} steps")
        ax.set_title(f"f = (x^2 + {int(c)} y^2) / 2, first 80 steps")
        ax.set(xlabel="x", ylabel="y")
        ax.legend(fontsize=8)
    fig2, ax2 = ctx.figure("objective")
    for c, style in ((10.0, "--"), (100.0, "-")):
        ax2.semilogy(rows[c]["f_gd"][:1500], style, color="#0072B2", label=f"GD, c = {int(c)}")
        ax2.semilogy(rows[c]["f_ada"][:1500], style, color="#E69F00", label=f"AdaGrad, c = {int(c)}")
    ax2.set_xlabel("step")
    ax2.set_ylabel("f (log scale; minimum 0)")
    ax2.set_ylim(1e-16, 1e2)
    ax2.legend(fontsize=8)
