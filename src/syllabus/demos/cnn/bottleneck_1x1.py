"""Demo: 1x1 convolutions -- channel mixing per pixel, and the cost cut of a bottleneck."""

from __future__ import annotations

import numpy as np

from syllabus import nn, summary
from syllabus.autograd import no_grad
from syllabus.demos import register


@register("bottleneck_1x1", topic="cnn", order=50, title="1x1 convolutions and the bottleneck")
def bottleneck_1x1(ctx):
    r"""A 1x1 convolution is a fully connected layer applied to the channel vector of every
    pixel: 4x4x5 -> 4x4x3 uses 3 (5 + 1) = 18 parameters. Placed before an expensive
    convolution it shrinks the channels first (GoogLeNet's bottleneck): mapping 28x28x192 to
    28x28x32 with 5x5 filters costs 120 million multiply-adds directly, but about 12 million
    through a 1x1 layer down to 16 channels. The counts come from ``summary``.

    $$ \text{mult-adds} = H' W' K \cdot F^2 C, \qquad
       28 \cdot 28 \cdot 32 \cdot 25 \cdot 192 \;\text{vs}\;
       28 \cdot 28 \cdot 16 \cdot 192 + 28 \cdot 28 \cdot 32 \cdot 25 \cdot 16 $$

    What to notice: the saving grows as the bottleneck narrows, and so does the risk of
    squeezing out information -- the width is a design choice, not a free lunch."""
    rng = ctx.rng
    one = nn.Conv2d(5, 3, 1).double()
    x = rng.standard_normal((2, 5, 4, 4))
    with no_grad():
        y = one(x).data
    per_pixel = np.einsum("oc,nchw->nohw", one.weight.data[:, :, 0, 0], x) + one.bias.data[:, None, None]
    params = summary(one, (1, 5, 4, 4), print_summary=False).total_params
    ctx.check("a 1x1 convolution 4x4x5 -> 4x4x3 is the same 5 -> 3 linear map at every pixel, "
              "with 18 parameters", np.allclose(y, per_pixel, rtol=1e-12) and params == 18,
              detail=f"max difference {np.abs(y - per_pixel).max():.1e}, {params} parameters")

    size, c_in, c_out = (14 if ctx.fast else 28), 192, 32  # the ratio does not depend on the size
    direct = summary(nn.Conv2d(c_in, c_out, 5, padding=2), (1, c_in, size, size), print_summary=False)
    widths = [4, 8, 16, 32, 64]
    costs = []
    for width in widths:
        block = nn.Sequential(nn.Conv2d(c_in, width, 1), nn.ReLU(), nn.Conv2d(width, c_out, 5, padding=2))
        costs.append(summary(block, (1, c_in, size, size), print_summary=False))
    closed_direct = size * size * c_out * 25 * c_in
    closed = [size * size * w * c_in + size * size * c_out * 25 * w for w in widths]
    k16 = widths.index(16)
    ratio = direct.total_mult_adds / costs[k16].total_mult_adds
    ctx.number("input", f"{size}x{size}x{c_in} -> {size}x{size}x{c_out}, 5x5 filters")
    ctx.number("mult_adds_direct", direct.total_mult_adds)
    ctx.number("mult_adds_bottleneck_16", costs[k16].total_mult_adds)
    ctx.number("reduction_factor", ratio)
    ctx.check("summary's multiply-adds equal the closed forms, direct and with each bottleneck",
              direct.total_mult_adds == closed_direct
              and [c.total_mult_adds for c in costs] == closed,
              detail=f"direct {closed_direct:,}; bottlenecks {closed}")
    ctx.check("a 16-channel bottleneck cuts the cost of the 5x5 layer by more than 9x", ratio > 9,
              detail=f"{direct.total_mult_adds:,} / {costs[k16].total_mult_adds:,} = {ratio:.1f}")

    fig, axes = ctx.figure("bottleneck_cost", 1, 2, figsize=(11, 3.8))
    panels = ((axes[0], "total_mult_adds", "multiply-adds (log scale)",
               f"{size}x{size}x{c_in} -> {size}x{size}x{c_out}"),
              (axes[1], "total_params", "parameters (log scale)", "Parameters"))
    for ax, attribute, ylabel, title in panels:
        ax.semilogy(widths, [getattr(c, attribute) for c in costs], "o-", color="#0072B2",
                    label="1x1 to the width, then 5x5")
        ax.axhline(getattr(direct, attribute), color="#D55E00", ls="--", label="5x5 directly")
        ax.set_xscale("log", base=2)
        ax.set_xticks(widths, [str(w) for w in widths])
        ax.set_xlabel("bottleneck width (channels)")
        ax.set_ylabel(ylabel)
        ax.set_title(title, fontsize=10)
        ax.legend()
