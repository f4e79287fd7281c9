"""Pieces shared by the trees and neighbours demos."""

from __future__ import annotations

from typing import Any

import numpy as np

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
             "#000000")


def noisy_moons(rng: np.random.Generator, n: int, noise: float = 0.3):
    """Two interleaved half circles with Gaussian noise: ``X`` (n, 2) and 0/1 labels."""
    from syllabus.datasets import make_moons

    return make_moons(n_samples=n, noise=noise, random_state=int(rng.integers(2**31 - 1)))


def draw_regions(ax: Any, model: Any, X: np.ndarray, y: np.ndarray, title: str = "",
                 resolution: int = 150, sizes: Any = 12) -> None:
    """Predicted class over the plane (two Okabe-Ito colours) with the labelled points."""
    from matplotlib.colors import ListedColormap

    lo, hi = X.min(axis=0) - 0.4, X.max(axis=0) + 0.4
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    z = model.predict(np.column_stack([xx.ravel(), yy.ravel()])).reshape(xx.shape)
    ax.contourf(xx, yy, z, levels=[-0.5, 0.5, 1.5], cmap=ListedColormap(["#cfe3f1", "#f6dfc0"]))
    for label, colour in zip((0, 1), OKABE_ITO[:2]):
        ax.scatter(*X[y == label].T, s=sizes if np.isscalar(sizes) else sizes[y == label],
                   color=colour, edgecolor="k", linewidth=0.3, label=f"class {label}")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title, fontsize=9)
