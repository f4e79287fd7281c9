"""Drawing helpers shared by the demos (no demo is registered here).

``montage`` tiles 8x8 digits into one image (one ``imshow`` instead of a grid of axes);
``grid_box`` / ``grid_over`` build the evaluation grid of a 2-D decision plot;
``draw_probability`` shades a classifier's P(class 1) over it with the 0.5 boundary;
``draw_decision`` draws a decision function's boundary f(x) = 0 and margins f(x) = +-1
(the SVM demos); ``two_blobs`` makes two Gaussian classes a given distance apart.

``STYLE`` is the shared matplotlib style (:func:`syllabus.demos.run_demo` applies it to every
demo) and ``COLORS`` the Okabe-Ito colour-blind-safe palette it cycles through; ``CMAP_DIVERGING``
and ``CMAP_SEQUENTIAL`` are the colour maps for signed and non-negative quantities.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from cycler import cycler

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
COLORS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
CMAP_DIVERGING = "RdBu_r"
CMAP_SEQUENTIAL = "viridis"

STYLE: dict[str, Any] = {
    "figure.figsize": (4.8, 3.6),
    "figure.dpi": 100,
    "figure.constrained_layout.use": True,  # titles, labels and colour bars never clip
    "font.size": 9,
    "axes.titlesize": 9.5,
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "legend.framealpha": 0.85,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "axes.prop_cycle": cycler(color=list(COLORS)),
    "axes.grid": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": CMAP_SEQUENTIAL,
    "lines.linewidth": 1.6,
    "savefig.facecolor": "white",
}


def grid_box(xlim: tuple[float, float], ylim: tuple[float, float], resolution: int = 200):
    """A ``resolution x resolution`` grid over ``xlim x ylim``: ``xx, yy`` and the points, one a row."""
    xx, yy = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def grid_over(X: np.ndarray, resolution: int = 200, pad: float = 0.5):
    """A ``resolution x resolution`` grid covering the 2-D points ``X`` (plus ``pad``)."""
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    return grid_box((lo[0], hi[0]), (lo[1], hi[1]), resolution)


def draw_probability(ax: Any, model: Any, X: np.ndarray, y: np.ndarray, grid: tuple,
                     title: str = "", colorbar: bool = True) -> None:
    """Shade ``model.predict_proba``'s P(class 1) over ``grid`` (from :func:`grid_box` /
    :func:`grid_over`), draw its 0.5 contour (the decision boundary) and the points, with
    axis labels and (``colorbar=True``) a colour bar saying what the shading means."""
    xx, yy, points = grid
    p = model.predict_proba(points)[:, 1].reshape(xx.shape)
    shading = ax.contourf(xx, yy, p, levels=np.linspace(0, 1, 11), cmap=CMAP_DIVERGING,
                          alpha=0.6)
    ax.contour(xx, yy, p, levels=[0.5], colors="k", linewidths=0.8)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap=CMAP_DIVERGING, s=8, edgecolors="k", linewidths=0.2)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if colorbar:
        ax.figure.colorbar(shading, ax=ax, label="P(class 1); points: true class",
                           ticks=[0, 0.5, 1], shrink=0.85)
    if title:
        ax.set_title(title)


def draw_decision(ax, decision: Callable[[np.ndarray], np.ndarray], X: np.ndarray,
                  y: np.ndarray, *, support: np.ndarray | None = None, margins: bool = True,
                  resolution: int = 200, title: str = "", legend: bool = True) -> None:
    """Points, the boundary f(x) = 0 (solid) and the margins f(x) = +-1 (dashed), with the
    support vectors circled. ``y`` holds 0/1 labels; ``decision`` maps points to f(x)."""
    xx, yy, grid = grid_over(X, resolution)
    f = decision(grid).reshape(xx.shape)
    ax.contourf(xx, yy, f > 0, levels=[-0.5, 0.5, 1.5], colors=["#dbe8f6", "#f8dcdc"],
                alpha=0.8)
    levels, styles = ([-1, 0, 1], ["--", "-", "--"]) if margins else ([0], ["-"])
    ax.contour(xx, yy, f, levels=levels, colors="k", linestyles=styles, linewidths=1)
    for label, color in zip((0, 1), (COLORS[0], COLORS[3])):
        ax.scatter(*X[y == label].T, s=14, color=color, edgecolor="k", linewidth=0.3,
                   label=f"class {label}")
    if support is not None and len(support):
        ax.scatter(*X[support].T, s=70, facecolors="none", edgecolors="k", linewidth=1.0,
                   label="support vector")
    if legend:
        ax.legend(loc="best", fontsize=7, handletextpad=0.2, borderpad=0.3)
    if title:
        ax.set_title(title)
    ax.set_aspect("equal", adjustable="box")  # so margins look as wide as they are
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")


def two_blobs(rng: np.random.Generator, n: int, distance: float, spread: float = 1.0):
    """Two Gaussian classes (labels 0/1) whose means are ``distance`` apart."""
    direction = np.array([1.0, 0.6]) / np.hypot(1.0, 0.6)
    half = n // 2
    X = np.vstack([rng.normal(size=(half, 2)) * spread - distance / 2 * direction,
                   rng.normal(size=(n - half, 2)) * spread + distance / 2 * direction])
    return X, np.repeat([0, 1], [half, n - half])


def montage(images: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """``rows * cols`` 8x8 images (rows of 64 values in [0, 1]) tiled into one picture,
    separated by light grey lines (one image drawn instead of many small axes: much faster
    to render)."""
    tiles = np.pad(images.reshape(rows, cols, 8, 8), ((0, 0), (0, 0), (0, 1), (0, 1)),
                   constant_values=0.3)
    return tiles.transpose(0, 2, 1, 3).reshape(rows * 9, cols * 9)[:-1, :-1]
