"""Pieces shared by the auto-encoder demos: the digits scaled to [0, 1] and a mini-batch Adam loop
over a model's own ``loss``."""

from __future__ import annotations

import numpy as np

from syllabus import optim
from syllabus.datasets import load_digits

# Okabe-Ito, then grey and wine for the ninth and tenth digit classes
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
           "#999999", "#882255"]


def digits01(n: int | None = None):
    """The bundled 8x8 digits as ``(X, y)``: ``X`` (n, 64) float32 in [0, 1] (pixel / 16)."""
    X, y = load_digits(return_X_y=True)
    return (X[:n] / 16.0).astype(np.float32), y[:n]


def train(model, X: np.ndarray, *, epochs: int, seed: int, lr: float = 3e-3,
          batch_size: int = 64, loss=None) -> np.ndarray:
    """Adam on ``model.loss`` (or ``loss(model, batch)``) over shuffled mini-batches; returns
    the mean training loss of each epoch."""
    model.train()
    opt = optim.Adam(model.parameters(), lr=lr)
    rng = np.random.default_rng(seed)
    loss = loss or (lambda m, b: m.loss(b))
    history = []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        total = 0.0
        for start in range(0, len(X), batch_size):
            batch = X[order[start:start + batch_size]]
            opt.zero_grad()
            value = loss(model, batch)
            value.backward()
            opt.step()
            total += value.item() * len(batch)
        history.append(total / len(X))
    model.eval()
    return np.array(history)
