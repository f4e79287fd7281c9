"""Demo: MLP decision regions on spirals and moons: width, and L2 regularisation."""

from __future__ import annotations

import warnings

import numpy as np

from syllabus.datasets import make_moons, make_spirals
from syllabus.demos import register
from syllabus.linear_model import ConvergenceWarning
from syllabus.neural_network import MLPClassifier

from .._plotting import draw_probability, grid_box


def _fit(X, y, *, width, alpha, activation, max_iter, seed):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return MLPClassifier((width,), activation=activation, solver="lbfgs", alpha=alpha,
                             max_iter=max_iter, random_state=seed).fit(X, y)


def _regions(ax, model, X, y, title, box):
    draw_probability(ax, model, X, y, grid_box(*box, resolution=150), title)
    ax.set_xticks([])
    ax.set_yticks([])


@register("mlp_decision_regions", topic="neural-networks", order=3,
          title="Decision regions of an MLP: hidden units and L2 strength")
def mlp_decision_regions(ctx):
    r"""Two interleaved spirals need a curved boundary: with 2 hidden units an MLP draws little
    more than a bent line, with more units it follows the arms. On 60 noisy moons a 32-unit ReLU
    network is trained with the L2 penalty

    $$L(W) = \text{cross-entropy} + \frac{\alpha}{2n} \sum_l \|W_l\|_F^2.$$

    What to notice: without regularisation the network memorises the training points (a jagged
    boundary, a large train/test gap); as $\alpha$ grows the weight norm falls monotonically and
    the boundary smooths, until too much of it underfits."""
    seed = ctx.seed
    max_iter = 300 if ctx.fast else 600
    # ---- width on spirals
    X, y = make_spirals(240 if ctx.fast else 400, n_turns=1.25, noise=0.05, random_state=seed)
    widths = (2, 32) if ctx.fast else (2, 8, 32)
    spiral_nets = {w: _fit(X, y, width=w, alpha=1e-4, activation="tanh", max_iter=max_iter,
                           seed=seed) for w in widths}
    spiral_acc = {w: net.score(X, y) for w, net in spiral_nets.items()}
    for w, acc in spiral_acc.items():
        ctx.number(f"spirals_train_accuracy_{w}_hidden", acc)
    ctx.check("2 hidden units cannot follow the spirals (< 0.8); 32 can (> 0.95)",
              spiral_acc[2] < 0.8 and spiral_acc[32] > 0.95,
              detail=", ".join(f"{w}: {a:.3f}" for w, a in spiral_acc.items()))

    # ---- L2 strength on few noisy moons
    Xm, ym = make_moons(60, noise=0.3, random_state=seed)
    Xt, yt = make_moons(2000, noise=0.3, random_state=seed + 1)
    alphas = (1e-4, 1.0, 10.0) if ctx.fast else (1e-4, 0.1, 1.0, 10.0)
    moon_nets = {a: _fit(Xm, ym, width=32, alpha=a, activation="relu", max_iter=max_iter,
                         seed=seed) for a in alphas}
    norms = [sum(float(np.sum(c * c)) for c in moon_nets[a].coefs_) for a in alphas]
    train = {a: m.score(Xm, ym) for a, m in moon_nets.items()}
    test = {a: m.score(Xt, yt) for a, m in moon_nets.items()}
    for a, n in zip(alphas, norms):
        ctx.number(f"moons_alpha_{a:g}_weight_norm2", n)
        ctx.number(f"moons_alpha_{a:g}_train_test", f"{train[a]:.3f} / {test[a]:.3f}")
    ctx.check("the squared weight norm decreases as alpha grows",
              bool(np.all(np.diff(norms) < 0)), detail=", ".join(f"{n:.3g}" for n in norms))
    gap_small, gap_large = train[1e-4] - test[1e-4], train[10.0] - test[10.0]
    ctx.check("unregularised, the net fits the training set better (>= 0.95) but with a larger "
              "train-test gap than with alpha = 10",
              train[1e-4] >= 0.95 and gap_small > gap_large + 0.03,
              detail=f"gap {gap_small:.3f} (alpha 1e-4) vs {gap_large:.3f} (alpha 10)")

    n_cols = max(len(widths), len(alphas))
    fig, axes = ctx.figure("regions", 2, n_cols, figsize=(3.6 * n_cols, 7))
    for ax in axes.ravel():
        ax.axis("off")
    for ax, (w, net) in zip(axes[0], spiral_nets.items()):
        ax.axis("on")
        _regions(ax, net, X, y, f"spirals, {w} hidden units: train {spiral_acc[w]:.2f}",
                 ((-1.2, 1.2), (-1.2, 1.2)))
    for ax, (a, net) in zip(axes[1], moon_nets.items()):
        ax.axis("on")
        _regions(ax, net, Xm, ym, f"moons, alpha = {a:g}: train {train[a]:.2f}, "
                 f"test {test[a]:.2f}", ((-1.7, 2.7), (-1.3, 1.8)))  # moons: [-1.5, 2.5] x [-1, 1.5]
