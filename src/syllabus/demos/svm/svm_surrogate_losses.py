"""Demo: the surrogate losses of the margin y f(x) against the 0-1 loss."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.svm import losses

CONVEX = ("hinge", "squared_hinge", "logistic", "modified_huber", "exponential")


@register("svm_surrogate_losses", topic="kernels-svm", order=4,
          title="Surrogate losses of the margin and the 0-1 loss")
def svm_surrogate_losses(ctx):
    r"""The 0-1 loss $\mathbb{1}[y f(x) \le 0]$ counts mistakes but its gradient is zero wherever
    it exists, so learning minimises a surrogate of the margin $z = y f(x)$ instead: the hinge
    $\max(0, 1 - z)$ (SVM), its square, the base-2 logistic loss, the modified Huber loss, the
    exponential loss (AdaBoost) and the non-convex sigmoid loss $1 - \tanh z$:

    $$\ell_{\text{hinge}}(z) = \max(0, 1 - z), \qquad \ell_{\log}(z) = \log_2(1 + e^{-z}), \qquad \ell_{\exp}(z) = e^{-z}.$$

    What to notice: all pass through $(0, 1)$ and the convex ones lie above the 0-1 loss, so
    minimising them bounds the error rate; the multiclass hinge gives 0.5 on the lecture's example
    $f = (3, -5, 2.5)$, $y = 0$."""
    z = np.linspace(-2.5, 2.5, 1001)
    fig, axes = ctx.figure("losses", 1, 2, figsize=(10, 4))
    for name, (loss, grad) in losses.MARGIN_LOSSES.items():
        style = {"lw": 2.2, "color": "k"} if name == "zero_one" else {"lw": 1.3}
        axes[0].plot(z, loss(z), label=name.replace("_", " "), **style)
        if name != "zero_one":
            axes[1].plot(z, grad(z), label=name.replace("_", " "), lw=1.3)
    axes[0].set_ylim(-0.1, 4)
    axes[0].set_xlabel("margin y f(x)")
    axes[0].set_ylabel("loss")
    axes[0].legend(fontsize=7)
    axes[1].set_xlabel("margin y f(x)")
    axes[1].set_ylabel("d loss / d margin")
    axes[1].set_ylim(-4, 0.5)
    axes[0].set_title("Surrogate losses and the 0-1 loss")
    axes[1].set_title("Their derivatives (same colours)")

    zero_one = losses.zero_one(z)
    for name in CONVEX + ("sigmoid",):
        loss, _ = losses.MARGIN_LOSSES[name]
        ctx.number(f"{name} at z = -1, 0, 1", np.round(loss(np.array([-1.0, 0, 1])), 4).tolist())
    ctx.check("every convex surrogate is >= the 0-1 loss everywhere",
              all(np.all(losses.MARGIN_LOSSES[name][0](z) >= zero_one) for name in CONVEX))
    ctx.check("every surrogate equals 1 at the margin z = 0",
              all(abs(losses.MARGIN_LOSSES[name][0](np.array([0.0]))[0] - 1) < 1e-12
                  for name in CONVEX + ("sigmoid",)))
    second_diff = {name: np.diff(losses.MARGIN_LOSSES[name][0](z), 2) for name in
                   CONVEX + ("sigmoid",)}
    ctx.check("the five convex losses have non-negative second differences",
              all(np.all(second_diff[name] >= -1e-12) for name in CONVEX))
    ctx.check("the sigmoid loss is not convex (negative second differences for z < 0)",
              np.any(second_diff["sigmoid"] < -1e-8))
    step = z[1] - z[0]
    numeric_ok = True
    for name in CONVEX + ("sigmoid",):
        loss, grad = losses.MARGIN_LOSSES[name]
        smooth = np.abs(z - 1.0) > 2 * step  # away from the kinks of the hinges
        if name == "modified_huber":
            smooth &= np.abs(z) > 2 * step
        numeric = (loss(z + 1e-6) - loss(z - 1e-6)) / 2e-6
        numeric_ok &= bool(np.allclose(numeric[smooth], grad(z)[smooth], atol=1e-5))
    ctx.check("each derivative matches central finite differences away from kinks", numeric_ok)
    example = losses.multiclass_hinge([[3.0, -5.0, 2.5]], [0])[0]
    ctx.number("the SVM lecture's multiclass hinge example f = (3, -5, 2.5), y = 0", float(example))
    ctx.check("the SVM lecture's multiclass hinge example gives 0 + 0.5 = 0.5", example == 0.5)
