"""Pieces several optimisation demos share: the noisy-digits data, an MLP, a recorded
optimiser trajectory."""

from __future__ import annotations

import numpy as np

from syllabus import nn
from syllabus.datasets import load_digits
from syllabus.optim import minimize


def noisy_digits(rng: np.random.Generator, n_train: int, n_val: int, flip: float):
    """Digits scaled to [0, 1]; a fraction ``flip`` of the training labels made random."""
    X, y = load_digits(return_X_y=True)
    X = (X / 16.0).astype(np.float32)
    order = rng.permutation(len(X))
    train, val = order[:n_train], order[n_train:n_train + n_val]
    y_train = y[train].copy()
    flipped = rng.random(n_train) < flip
    y_train[flipped] = rng.integers(0, 10, int(flipped.sum()))
    return X[train], y_train, X[val], y[val], X[order[n_train + n_val:]], y[order[n_train + n_val:]]


def mlp(dropout: float) -> nn.Sequential:
    return nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Dropout(dropout),
                         nn.Linear(256, 256), nn.ReLU(), nn.Dropout(dropout), nn.Linear(256, 10))


def trajectory(fun, x0, method: str, n_iter: int, **options) -> tuple[np.ndarray, np.ndarray]:
    """Iterates (n_iter + 1, 2) and objective values of ``minimize`` with a fixed step."""
    path, values = [np.array(x0, dtype=float)], [fun(np.array(x0, dtype=float))[0]]

    def record(x, f):
        path.append(x.copy())
        values.append(f)

    minimize(fun, x0, method=method, max_iter=n_iter, tol=0.0, callback=record, **options)
    return np.array(path), np.array(values)


def first_below(values: np.ndarray, level: float) -> int | None:
    hit = np.flatnonzero(values < level)
    return int(hit[0]) if hit.size else None
