"""Pieces shared by the paradigm demos: the bundled digits scaled to [0, 1], a small MLP, and
the embedding of a batch without a graph."""

from __future__ import annotations

import numpy as np

from syllabus import nn
from syllabus.autograd import no_grad
from syllabus.datasets import load_digits


def digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1797 8x8 digits as rows of 64 grey levels in [0, 1] (float32) and their labels."""
    X, y = load_digits(return_X_y=True)
    return (X / 16.0).astype(np.float32), y


def mlp(*sizes: int, last_relu: bool = False) -> nn.Sequential:
    """Linear layers of the given sizes with ReLU between them (and after the last if asked)."""
    layers: list = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2 or last_relu:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def embed(net, X: np.ndarray) -> np.ndarray:
    """``net(X)`` as an array, in evaluation mode and without recording a graph."""
    net.eval()
    with no_grad():
        out = net(X).data
    net.train()
    return out
