"""LeNet-5, the CNN lecture's classic: conv5 - pool - conv5 - pool - 120 - 84 - classes."""

from __future__ import annotations

from .. import nn
from ..autograd import Tensor

_ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh}
_POOLS = {"max": nn.MaxPool2d, "avg": nn.AvgPool2d}


class LeNet5(nn.Module):
    """LeCun et al.'s LeNet-5 on 32x32 single-channel images.

    ``(N, 1, 32, 32)`` -> conv 6@5x5 -> ``(N, 6, 28, 28)`` -> pool 2 -> ``(N, 6, 14, 14)`` ->
    conv 16@5x5 -> ``(N, 16, 10, 10)`` -> pool 2 -> ``(N, 16, 5, 5)`` -> flatten 400 ->
    120 -> 84 -> ``num_classes`` logits: 61,706 parameters for 10 classes.

    The usual MNIST variant feeds 28x28 digits with ``padding=2`` on the first convolution,
    which gives the same 28x28 first feature maps and the same parameters.

    Parameters
    ----------
    num_classes : int, default=10
    in_channels : int, default=1
    padding : int, default=0
        Zero padding of the first convolution (2 for 28x28 inputs).
    activation : {"relu", "tanh"}, default="relu"
        ``"tanh"`` with ``pooling="avg"`` is the 1998 network (without its trainable
        subsampling coefficients and partial C3 connections); ReLU and max pooling train
        faster.
    pooling : {"max", "avg"}, default="max"
    dtype : dtype, default=float32

    Attributes
    ----------
    features : Sequential
        conv1, activation, pool, conv2, activation, pool (the feature maps of the lecture).
    classifier : Sequential
        Flatten, Linear(400, 120), activation, Linear(120, 84), activation,
        Linear(84, num_classes).

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.models import LeNet5
    >>> model = LeNet5()
    >>> model(np.zeros((2, 1, 32, 32), dtype=np.float32)).shape
    (2, 10)
    >>> sum(p.data.size for p in model.parameters())
    61706
    """

    def __init__(self, num_classes: int = 10, *, in_channels: int = 1, padding: int = 0,
                 activation: str = "relu", pooling: str = "max", dtype=None) -> None:
        super().__init__()
        if activation not in _ACTIVATIONS:
            raise ValueError(f"LeNet5: activation must be one of {tuple(_ACTIVATIONS)}, got {activation!r}")
        if pooling not in _POOLS:
            raise ValueError(f"LeNet5: pooling must be one of {tuple(_POOLS)}, got {pooling!r}")
        act, pool = _ACTIVATIONS[activation], _POOLS[pooling]
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, 6, 5, padding=padding, dtype=dtype), act(), pool(2),
            nn.Conv2d(6, 16, 5, dtype=dtype), act(), pool(2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(16 * 5 * 5, 120, dtype=dtype), act(),
            nn.Linear(120, 84, dtype=dtype), act(),
            nn.Linear(84, num_classes, dtype=dtype),
        )

    def forward(self, input) -> Tensor:
        return self.classifier(self.features(input))
