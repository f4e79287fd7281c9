"""A small VGG-style network: blocks of 3x3 convolutions and 2x2 max pooling."""

from __future__ import annotations

from collections.abc import Sequence

from .. import nn
from ..autograd import Tensor


class ConvNet(nn.Module):
    """VGG-style CNN: ``len(widths)`` blocks of ``convs_per_block`` 3x3 convolutions (padding 1,
    so the size is kept) with ReLU, each block closed by 2x2 max pooling (halving the size);
    then global average pooling and a linear classifier.

    Stacking 3x3 convolutions is VGG's argument: two of them see a 5x5 window with
    ``2 * 9 C^2`` weights instead of ``25 C^2``, and one more non-linearity.

    Parameters
    ----------
    in_channels : int, default=1
    num_classes : int, default=10
    widths : sequence of int, default=(16, 32)
        Channels of each block.
    convs_per_block : int, default=2
    batch_norm : bool, default=False
        BatchNorm2d after every convolution.
    dtype : dtype, default=float32

    Attributes
    ----------
    features : Sequential
        The convolution blocks.
    classifier : Sequential
        AdaptiveAvgPool2d(1), Flatten, Linear(widths[-1], num_classes).

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.models import ConvNet
    >>> ConvNet(in_channels=3, num_classes=5)(np.zeros((2, 3, 16, 16), dtype=np.float32)).shape
    (2, 5)
    """

    def __init__(self, in_channels: int = 1, num_classes: int = 10, *,
                 widths: Sequence[int] = (16, 32), convs_per_block: int = 2,
                 batch_norm: bool = False, dtype=None) -> None:
        super().__init__()
        if not widths or convs_per_block < 1:
            raise ValueError(f"ConvNet: needs at least one block and one convolution per block, "
                             f"got widths={widths!r}, convs_per_block={convs_per_block!r}")
        layers: list[nn.Module] = []
        channels = in_channels
        for width in widths:
            for _ in range(convs_per_block):
                layers.append(nn.Conv2d(channels, width, 3, padding=1, bias=not batch_norm,
                                        dtype=dtype))
                if batch_norm:
                    layers.append(nn.BatchNorm2d(width, dtype=dtype))
                layers.append(nn.ReLU())
                channels = width
            layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                                        nn.Linear(channels, num_classes, dtype=dtype))

    def forward(self, input) -> Tensor:
        return self.classifier(self.features(input))
