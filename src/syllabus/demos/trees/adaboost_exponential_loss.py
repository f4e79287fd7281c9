"""Demo: AdaBoost's training error falls below the exponential-loss bound."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.ensemble import AdaBoostClassifier

from ._shared import OKABE_ITO, draw_regions, noisy_moons


@register("adaboost_exponential_loss", topic="trees-neighbours", order=5,
          title="AdaBoost: training error under the exponential-loss bound")
def adaboost_exponential_loss(ctx):
    r"""AdaBoost fits the additive model $F = \sum_m \alpha_m h_m$ stage by stage under the
    exponential loss. Each round fits a stump to the weighted data, gives it the weight
    $\alpha_m = \log\frac{1-\epsilon_m}{\epsilon_m}$ from its weighted error $\epsilon_m$,
    and multiplies the weights of the misclassified points by $e^{\alpha_m}$. Because
    $[y \ne \operatorname{sign} F] \le e^{-yF}$, the training error is bounded by the
    exponential loss:

    $$\frac{1}{n}\sum_i [y_i \ne \operatorname{sign} F(x_i)] \;\le\; \prod_{m=1}^M 2\sqrt{\epsilon_m(1-\epsilon_m)}$$

    What to notice: the bound decays exponentially with the rounds and the training error
    stays under it; the point sizes show the weights of the last round, largest on the
    hard points near the boundary."""
    rng = ctx.rng
    n = 200 if ctx.fast else 400
    X, y = noisy_moons(rng, n, noise=0.2)
    rounds = 100 if ctx.fast else 300
    clf = AdaBoostClassifier(n_estimators=rounds, random_state=0).fit(X, y)
    m = len(clf.estimators_)
    err = clf.estimator_errors_[:m]
    bound = np.cumprod(2 * np.sqrt(err * (1 - err)))
    train_error = np.array([np.mean(p != y) for p in clf.staged_predict(X)])
    # the weights of the last round, recomputed from the exponential loss: w_i ∝ exp(-y_i F)
    y_pm = 2 * y - 1
    F = sum(a * (2 * h.predict(X) - 1) for h, a in zip(clf.estimators_, clf.estimator_weights_))
    w = np.exp(-y_pm * F / 2)
    w /= w.sum()
    ctx.number("rounds", m)
    ctx.number("final training error", float(train_error[-1]))
    ctx.number("final bound", float(bound[-1]))
    fig, axes = ctx.figure("adaboost", 1, 2, figsize=(10, 3.8))
    axes[0].semilogy(np.arange(1, m + 1), bound, color=OKABE_ITO[1],
                     label=r"bound $\prod 2\sqrt{\epsilon_m(1-\epsilon_m)}$")
    # a zero training error cannot be drawn on a log axis: it is drawn at 1/(2n), under the
    # dotted line of a single misclassified point
    axes[0].semilogy(np.arange(1, m + 1), np.where(train_error > 0, train_error, 0.5 / n),
                     color=OKABE_ITO[0], label="training error (0 drawn at 1/(2n))")
    axes[0].axhline(1 / n, color="k", ls=":", lw=1, label="one misclassified point (1/n)")
    axes[0].set_xlabel("boosting round")
    axes[0].set_ylabel("error (log scale)")
    axes[0].set_title("training error under the exponential-loss bound", fontsize=9)
    axes[0].legend(fontsize=7)
    draw_regions(axes[1], clf, X, y, title="decision regions; point size = AdaBoost weight",
                 sizes=4 + 2000 * w)
    legend = axes[1].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    for handle in legend.legend_handles:  # the same marker size for both classes
        handle.set_sizes([20])
    ctx.check("the training error never exceeds the bound", np.all(train_error <= bound + 1e-12),
              detail=f"max(train - bound) = {np.max(train_error - bound):.3g}")
    ctx.check("the bound decays exponentially: a factor < 0.99 per round on average",
              bound[-1] ** (1 / m) < 0.99, detail=f"geometric mean factor {bound[-1] ** (1 / m):.4f}")
    ctx.check("each weak learner beats chance (weighted error < 1/2)", np.all(err < 0.5),
              detail=f"max error {err.max():.3f}")
    ctx.check("the weights recomputed from exp(-y F) are AdaBoost's: the misclassified points weigh more",
              w[clf.predict(X) != y].mean() > w[clf.predict(X) == y].mean()
              if np.any(clf.predict(X) != y) else True)
