"""Demo: what LeNet-5 sees -- its learned filters and the feature maps of one digit."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from syllabus.autograd import manual_seed, no_grad, tensor
from syllabus.demos import register
from syllabus.models import LeNet5

from ._shared import digits_32, trained_lenet


def _receptive_field(model, block_end: int, size: int = 32) -> tuple[int, int]:
    """Height and width of the input pixels that move the centre unit of channel 0 after
    ``model.features[:block_end]``: the support of its input gradient."""
    x = tensor(np.random.default_rng(0).standard_normal((1, 1, size, size)), requires_grad=True)
    out = model.features[:block_end](x)
    centre = out.shape[2] // 2, out.shape[3] // 2
    out[0, 0, centre[0], centre[1]].backward()
    rows, cols = np.nonzero(x.grad[0, 0])
    return int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1)


@register("cnn_feature_maps", topic="cnn", order=20, title="What the network sees: filters and feature maps")
def cnn_feature_maps(ctx):
    r"""The six 5x5 filters of LeNet-5's first layer after training, and the feature maps of one
    test digit after each convolution block. Each map is the filter slid over the image
    (a cross-correlation) followed by a ReLU: it lights up where the image looks like the
    filter. A unit of the first block sees a 5x5 patch; after pooling and the second 5x5
    convolution a unit sees a 14x14 patch, so the deeper maps are coarser (10x10, then 5x5)
    and respond to larger parts of the digit.

    $$ a_{k}[i, j] = \mathrm{ReLU}\Big(b_k + \sum_{u, v} w_k[u, v]\, x[i + u, j + v]\Big),
       \qquad r_{l} = r_{l-1} + (F_l - 1) \prod_{m < l} S_m $$

    What to notice: the first-layer filters are oriented stroke and edge detectors learned from
    the labels alone; the first maps still look like the digit, the second block's maps keep
    only where parts of the digit are."""
    model, _ = trained_lenet(ctx.seed, ctx.fast)
    _, X_test, _, y_test = digits_32(ctx.seed)
    x = X_test[:1]
    conv1 = model.features[0]
    with no_grad():
        maps1 = model.features[:2](x).data[0]   # conv1 + ReLU: (6, 28, 28)
        maps2 = model.features[:5](x).data[0]   # ... pool, conv2 + ReLU: (16, 10, 10)
    filters = conv1.weight.data[:, 0]

    # the first map, recomputed as the lecture's sliding window (a brute-force cross-check)
    windows = sliding_window_view(x[0, 0], (5, 5))  # (28, 28, 5, 5)
    direct = np.maximum(np.einsum("ijuv,uv->ij", windows, filters[0]) + conv1.bias.data[0], 0)
    error = float(np.abs(direct - maps1[0]).max())
    ctx.check("the first feature map equals the filter slid over the image by hand "
              "(cross-correlation + bias + ReLU)", error < 1e-4, detail=f"max difference {error:.2e}")

    manual_seed(ctx.seed)
    initial = LeNet5().features[0].weight.data[:, 0]  # the same seed's initial filters
    change = float(np.linalg.norm(filters - initial) / np.linalg.norm(initial))
    ctx.number("relative_filter_change", change)
    ctx.check("training moved the filters away from their random start", change > 0.3,
              detail=f"||W - W0|| / ||W0|| = {change:.2f}")

    average = LeNet5(pooling="avg").double()  # every pixel of a window passes gradient
    fields = [_receptive_field(average, 1), _receptive_field(average, 4)]
    ctx.number("receptive_fields", fields)
    ctx.check("a unit sees a 5x5 patch after the first convolution and a 14x14 patch after the "
              "second (5 + (5 - 1) * 2 + 1 for the 2x2 pooling), measured by its input gradient",
              fields == [(5, 5), (14, 14)], detail=f"{fields}")

    fig, axes = ctx.figure("filters", 1, 7, figsize=(13, 2.2),
                           gridspec_kw={"width_ratios": [1] * 6 + [0.08]})
    bound = np.abs(filters).max()
    for k in range(6):
        image = axes[k].imshow(filters[k], cmap="RdBu_r", vmin=-bound, vmax=bound)
        axes[k].set_title(f"filter {k}", fontsize=9)
        axes[k].axis("off")
    fig.colorbar(image, cax=axes[6], label="weight")
    fig.suptitle("First-layer 5x5 filters after training (red +, blue -)", fontsize=10)

    fig, axes = ctx.figure("feature_maps", 3, 8, figsize=(13, 5.4))
    for ax in axes.ravel():
        ax.axis("off")
    axes[0, 0].imshow(x[0, 0], cmap="gray_r")
    axes[0, 0].set_title(f"input: {y_test[0]}", fontsize=9)
    for k in range(6):
        axes[0, k + 1].imshow(maps1[k], cmap="viridis")
        axes[0, k + 1].set_title(f"block 1, map {k}\n28x28", fontsize=8)
    for k in range(16):
        ax = axes[1 + k // 8, k % 8]
        ax.imshow(maps2[k], cmap="viridis")
        ax.set_title(f"block 2, map {k} (10x10)", fontsize=7)
    fig.suptitle("Feature maps of one digit (ReLU outputs; bright = strong response)", fontsize=10)
