"""Demo: downsampling by max pooling or by a strided convolution."""

from __future__ import annotations

import numpy as np

from syllabus import nn, summary
from syllabus.autograd import manual_seed, no_grad
from syllabus.demos import register

from ._shared import digits_32, predict, train_classifier


def _network(strided: bool) -> nn.Sequential:
    """LeNet-5's feature extractor and a linear read-out; each 2x2 max pooling replaced by a
    learned 2x2 convolution of stride 2 when ``strided``."""
    def down(channels):
        return nn.Conv2d(channels, channels, 2, stride=2) if strided else nn.MaxPool2d(2)
    return nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), down(6), nn.Conv2d(6, 16, 5), nn.ReLU(),
                         down(16), nn.Flatten(), nn.Linear(400, 10))


@register("pooling_vs_strided", topic="cnn", order=60, title="Pooling against strided convolution")
def pooling_vs_strided(ctx):
    r"""Two ways to halve a feature map. Max pooling keeps the largest value of each 2x2
    window: no parameters, and a small shift of the input inside a window leaves the output
    unchanged. A 2x2 convolution with stride 2 learns how to combine the window (the
    "all-convolutional" network): K (4K + 1) more parameters per layer. Both networks are
    trained the same way on the digits (32x32) and reach similar accuracy; the shapes after
    each stage are the same.

    $$ \text{pool: } y_{ij} = \max_{(u, v) \in \text{window}(i, j)} x_{uv}, \qquad
       \text{strided: } y_{ij} = b + \sum_{u, v} w_{uv}\, x_{2i + u,\, 2j + v} $$

    What to notice: the pooled features barely move when the image shifts by one pixel, the
    strided convolution's move more -- pooling builds in a little translation invariance,
    the strided convolution has to learn it."""
    X, X_test, y, y_test = digits_32(ctx.seed)
    if ctx.fast:
        X, y = X[:600], y[:600]
    epochs = 3 if ctx.fast else 10
    results = {}
    for strided in (False, True):
        manual_seed(ctx.seed)
        model = _network(strided)
        history = train_classifier(model, X, y, X_test, y_test, epochs=epochs, seed=ctx.seed)
        table = summary(model, (1, 1, 32, 32), print_summary=False)
        acc = float(np.mean(predict(model, X_test) == y_test))
        # how much the features before the read-out move when the digits shift right by 1 pixel
        with no_grad():
            base = model[:6](X_test[:200]).data
            moved = model[:6](np.roll(X_test[:200], 1, axis=3)).data
        change = float(np.linalg.norm(moved - base) / np.linalg.norm(base))
        results[strided] = dict(acc=acc, params=table.total_params, macs=table.total_mult_adds,
                                shapes=[r[1] for r in table.rows], history=history, change=change)
    pool, strided = results[False], results[True]
    for name, r in (("max_pool", pool), ("strided_conv", strided)):
        ctx.number(f"{name}: test accuracy, parameters, mult-adds, feature change under a 1-pixel shift",
                   (round(r["acc"], 4), r["params"], r["macs"], round(r["change"], 3)))
    extra = 6 * (4 * 6 + 1) + 16 * (4 * 16 + 1)
    ctx.check("the strided convolutions add exactly K (4K + 1) parameters per layer and keep every "
              "feature-map shape", strided["params"] - pool["params"] == extra
              and [s for s in pool["shapes"]] == [s for s in strided["shapes"]],
              detail=f"{strided['params']} - {pool['params']} = {strided['params'] - pool['params']} "
                     f"(formula {extra})")
    floor = 0.85 if ctx.fast else 0.95
    ctx.check(f"both downsamplings learn the digits (test accuracy >= {floor})",
              min(pool["acc"], strided["acc"]) >= floor,
              detail=f"pool {pool['acc']:.3f}, strided {strided['acc']:.3f}")
    ctx.check("max-pooled features move less than strided-convolution features when the digits "
              "shift by one pixel", pool["change"] < strided["change"],
              detail=f"relative change {pool['change']:.3f} vs {strided['change']:.3f}")

    fig, axes = ctx.figure("comparison", 1, 2, figsize=(11, 3.8))
    epochs_axis = np.arange(1, epochs + 1)
    for r, label, color, marker in ((pool, "2x2 max pooling", "#0072B2", "o"),
                                    (strided, "2x2 conv, stride 2", "#E69F00", "s")):
        axes[0].plot(epochs_axis, r["history"]["val_accuracy"], marker=marker, color=color, label=label)
    axes[0].set_xticks(epochs_axis)
    axes[0].set_xlabel("epoch")
    axes[0].set_ylabel("test accuracy")
    axes[0].legend(loc="lower right")
    axes[0].set_title("Learning the digits", fontsize=10)
    names = ["parameters", "mult-adds / 1000", "feature change\nx 10^4 (1-px shift)"]
    values = [[r["params"], r["macs"] / 1000, r["change"] * 1e4] for r in (pool, strided)]
    positions = np.arange(3)
    axes[1].bar(positions - 0.2, values[0], 0.4, color="#0072B2", label="max pooling")
    axes[1].bar(positions + 0.2, values[1], 0.4, color="#E69F00", label="strided conv")
    axes[1].set_xticks(positions, names)
    axes[1].set_yscale("log")
    axes[1].set_ylabel("value (log scale)")
    axes[1].legend()
    axes[1].set_title("Cost and shift sensitivity", fontsize=10)
