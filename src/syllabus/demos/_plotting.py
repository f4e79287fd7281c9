"""Drawing helpers shared by the demos (no demo is registered here).

``grid_box`` / ``grid_over`` build the evaluation grid of a 2-D decision plot;
``draw_probability`` shades a classifier's P(class 1) over it with the 0.5 boundary.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def grid_box(xlim: tuple[float, float], ylim: tuple[float, float], resolution: int = 200):
    """A ``resolution x resolution`` grid over ``xlim x ylim``: ``xx, yy`` and the points, one a row."""
    xx, yy = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def grid_over(X: np.ndarray, resolution: int = 200, pad: float = 0.5):
    """A ``resolution x resolution`` grid covering the 2-D points ``X`` (plus ``pad``)."""
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    return grid_box((lo[0], hi[0]), (lo[1], hi[1]), resolution)


def draw_probability(ax: Any, model: Any, X: np.ndarray, y: np.ndarray, grid: tuple,
                     title: str = "") -> None:
    """Shade ``model.predict_proba``'s P(class 1) over ``grid`` (from :func:`grid_box` /
    :func:`grid_over`), draw its 0.5 contour (the decision boundary) and the points."""
    xx, yy, points = grid
    p = model.predict_proba(points)[:, 1].reshape(xx.shape)
    ax.contourf(xx, yy, p, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.6)
    ax.contour(xx, yy, p, levels=[0.5], colors="k", linewidths=0.8)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="RdBu_r", s=8, edgecolors="k", linewidths=0.2)
    if title:
        ax.set_title(title, fontsize=9)
