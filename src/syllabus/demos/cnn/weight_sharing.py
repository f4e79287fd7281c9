"""Demo: sparse connections and weight sharing -- a convolution against a fully connected layer."""

from __future__ import annotations

import numpy as np

from syllabus import nn, summary
from syllabus.autograd import tensor
from syllabus.demos import register


def _jacobian(layer, n_inputs: int, shape) -> np.ndarray:
    """d output / d input of a linear layer without bias, row by row (one backward per output)."""
    rows = []
    for k in range(n_inputs):
        x = tensor(np.zeros(shape), requires_grad=True)
        out = layer(x).reshape(-1)
        out[k].backward()
        rows.append(x.grad.reshape(-1))
    return np.array(rows)


@register("weight_sharing", topic="cnn", order=30, title="Sparse connections and weight sharing")
def weight_sharing(ctx):
    r"""The lecture's picture: five inputs, five outputs. A fully connected layer links every
    output to every input (25 edges, 25 weights); a convolution with a width-3 filter (zero
    padding 1) links each output to its 3 neighbours only -- 13 edges -- and every edge uses
    one of the same 3 weights. The connection pattern is read off each layer's Jacobian
    (computed by autograd). On images the gap is enormous: 32x32x3 -> 32x32x10 costs 760
    parameters as ten 5x5 convolution filters, 31,467,520 as a fully connected layer.

    $$ \#\theta_{\text{conv}} = K (F \cdot F \cdot C + 1), \qquad
       \#\theta_{\text{fc}} = (H W C + 1)\, H' W' K $$

    What to notice: the convolution's count does not depend on the image size, the fully
    connected layer's grows with its square."""
    rng = ctx.rng
    fc = nn.Linear(5, 5, bias=False).double()
    conv = nn.Conv2d(1, 1, (1, 3), padding=(0, 1), bias=False).double()
    conv.weight.data[...] = rng.standard_normal((1, 1, 1, 3))
    j_fc = _jacobian(fc, 5, (1, 5))
    j_conv = _jacobian(conv, 5, (1, 1, 1, 5))
    edges = int((j_conv != 0).sum()), int((j_fc != 0).sum())
    distinct = len(np.unique(j_conv[j_conv != 0])), len(np.unique(j_fc[j_fc != 0]))
    ctx.number("edges_conv_fc", edges)
    ctx.number("distinct_weights_conv_fc", distinct)
    ctx.check("the 1-D example: the convolution has 13 connecting edges and 3 distinct weights, "
              "the fully connected layer 25 and 25", edges == (13, 25) and distinct == (3, 25),
              detail=f"edges {edges}, distinct weights {distinct}")
    ctx.check("the convolution's Jacobian is the banded Toeplitz matrix of the filter",
              np.allclose(j_conv, sum(np.eye(5, k=d - 1) * conv.weight.data[0, 0, 0, d] for d in range(3))),
              detail=str(np.round(conv.weight.data[0, 0, 0], 3)))

    sizes = [8, 16, 32, 64, 128]
    conv_params, fc_params = [], []
    for s in sizes:
        conv_params.append(summary(nn.Conv2d(3, 10, 5, padding=2), (1, 3, s, s),
                                   print_summary=False).total_params)
        fc_params.append((s * s * 3 + 1) * s * s * 10)  # too large to build at 128x128
    dense = summary(nn.Linear(32 * 32 * 3, 32 * 32 * 10), (1, 3072), print_summary=False).total_params
    ctx.number("conv_params_32", conv_params[2])
    ctx.number("fc_params_32", dense)
    ctx.check("32x32x3 -> 32x32x10: 760 parameters as ten 5x5x3 filters (summary) against "
              "31,467,520 fully connected (summary of a real Linear layer)",
              conv_params[2] == 760 == 10 * (5 * 5 * 3 + 1) and dense == fc_params[2] == 31_467_520,
              detail=f"{conv_params[2]} vs {dense:,}")

    fig, axes = ctx.figure("connections", 1, 3, figsize=(13, 3.8),
                           gridspec_kw={"width_ratios": [1, 1, 1.5]})
    bound = max(np.abs(j_fc).max(), np.abs(j_conv).max())
    for ax, jac, title in ((axes[0], j_fc, "fully connected: 25 weights"),
                           (axes[1], j_conv, "convolution: 3 shared weights")):
        image = ax.imshow(np.where(jac == 0, np.nan, jac), cmap="RdBu_r", vmin=-bound, vmax=bound)
        ax.set_xticks(range(5), [f"x{k + 1}" for k in range(5)])
        ax.set_yticks(range(5), [f"s{k + 1}" for k in range(5)])
        ax.set_xlabel("input")
        ax.set_ylabel("output")
        ax.set_title(title, fontsize=10)
    fig.colorbar(image, ax=axes[1], label="weight on the edge (blank: no edge)")
    axes[2].loglog(sizes, fc_params, "s-", color="#D55E00", label="fully connected")
    axes[2].loglog(sizes, conv_params, "o-", color="#0072B2", label="ten 5x5 filters")
    axes[2].set_xticks(sizes, [str(s) for s in sizes])
    axes[2].set_xlabel("image side H = W (pixels), 3 -> 10 channels")
    axes[2].set_ylabel("parameters (log scale)")
    axes[2].legend()
    axes[2].set_title("Parameters against image size", fontsize=10)
