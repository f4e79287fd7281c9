"""Demo: the output size of a convolution, (W - F + 2P) / S + 1, against what Conv2d produces."""

from __future__ import annotations

import numpy as np

from syllabus import nn, summary
from syllabus.autograd import no_grad
from syllabus.demos import register


@register("conv_arithmetic", topic="cnn", order=40, title="Convolution arithmetic: output sizes and parameters")
def conv_arithmetic(ctx):
    r"""A convolution with F x F filters, stride S and zero padding P maps a W x W input to
    an output of side (W - F + 2P) / S + 1; K filters on C input channels hold K (F F C + 1)
    parameters. The formula is checked against the shape Conv2d actually produces over a grid
    of settings, and on the lecture's worked examples: AlexNet's first layer (227x227x3, 96
    11x11 filters at stride 4 -> 55x55x96, 34,944 parameters), ten 5x5 filters with padding 2
    on 32x32x3 (-> 32x32x10, 760 parameters) and a 1x1 convolution 4x4x5 -> 4x4x3 (18).

    $$ W' = \frac{W - F + 2P}{S} + 1, \qquad \#\theta = K\,(F^2 C + 1) $$

    What to notice: when (W - F + 2P) is not a multiple of S the filter does not fit evenly;
    frameworks (and syllabus) then round down and ignore the last rows and columns."""
    widths = [7, 15, 32] if ctx.fast else [7, 15, 32, 64]
    settings = [(w, f, s, p) for w in widths for f in (1, 3, 5, 7) for s in (1, 2, 3)
                for p in (0, 1, 2) if f <= w + 2 * p]
    mismatches, uneven = [], 0
    with no_grad():
        for w, f, s, p in settings:
            formula = (w - f + 2 * p) // s + 1
            uneven += (w - f + 2 * p) % s != 0
            out = nn.Conv2d(1, 1, f, stride=s, padding=p)(np.zeros((1, 1, w, w), dtype=np.float32))
            if out.shape[2:] != (formula, formula):
                mismatches.append((w, f, s, p, out.shape))
    ctx.number("settings_checked", len(settings))
    ctx.number("settings_where_the_filter_does_not_fit_evenly", int(uneven))
    ctx.check(f"(W - F + 2P) // S + 1 equals Conv2d's output size in all {len(settings)} settings",
              not mismatches, detail=f"mismatches: {mismatches[:3]}")

    examples = [("AlexNet conv1", nn.Conv2d(3, 96, 11, stride=4), (1, 3, 227, 227), (96, 55, 55), 34_944),
                ("ten 5x5, pad 2", nn.Conv2d(3, 10, 5, padding=2), (1, 3, 32, 32), (10, 32, 32), 760),
                ("1x1 conv", nn.Conv2d(5, 3, 1), (1, 5, 4, 4), (3, 4, 4), 18)]
    for name, layer, shape, expected_shape, expected_params in examples:
        table = summary(layer, shape, print_summary=False)
        out_shape, params = table.rows[0][1][1:], table.total_params
        ctx.number(f"{name}: output, parameters, mult-adds", (out_shape, params, table.total_mult_adds))
        ctx.check(f"{name}: {shape[2]}x{shape[3]}x{shape[1]} -> "
                  f"{expected_shape[1]}x{expected_shape[2]}x{expected_shape[0]} with "
                  f"{expected_params:,} parameters",
                  out_shape == expected_shape and params == expected_params,
                  detail=f"summary: {out_shape}, {params:,} parameters")

    filters, strides = np.arange(1, 12), np.arange(1, 5)

    def draw(fig, ax, padding):
        sizes = np.array([[(32 - f + 2 * padding) / s + 1 for f in filters] for s in strides])
        image = ax.imshow(np.floor(sizes), cmap="viridis", vmin=1, vmax=36, aspect="auto")
        for i in range(len(strides)):
            for j in range(len(filters)):
                even = float(sizes[i, j]).is_integer()
                ax.text(j, i, f"{int(np.floor(sizes[i, j]))}" + ("" if even else "*"),
                        ha="center", va="center", fontsize=8,
                        color="white" if sizes[i, j] < 20 else "black")
        ax.set_xticks(range(len(filters)), filters)
        ax.set_yticks(range(len(strides)), strides)
        ax.set_xlabel("filter size F (pixels)")
        ax.set_ylabel("stride S")
        ax.set_title(f"Output side for a 32x32 input, padding P = {padding}\n"
                     "(* : the filter does not fit evenly, rounded down)", fontsize=10)
        fig.colorbar(image, ax=ax, label="output side W' (pixels)")

    ctx.frames("output_size", "padding P", [0, 1, 2, 3], draw, figsize=(8, 3.8))
