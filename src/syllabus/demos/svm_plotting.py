"""Drawing helpers shared by the SVM demos (no demo is registered here)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

COLORS = ("tab:blue", "tab:red", "tab:green", "tab:orange", "tab:purple")


def grid_over(X: np.ndarray, resolution: int = 200, pad: float = 0.5):
    """A ``resolution x resolution`` grid covering the 2-D points ``X`` (plus ``pad``)."""
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def draw_decision(ax, decision: Callable[[np.ndarray], np.ndarray], X: np.ndarray,
                  y: np.ndarray, *, support: np.ndarray | None = None, margins: bool = True,
                  resolution: int = 200, title: str = "") -> None:
    """Points, the boundary f(x) = 0 (solid) and the margins f(x) = +-1 (dashed), with the
    support vectors circled. ``y`` holds 0/1 labels; ``decision`` maps points to f(x)."""
    xx, yy, grid = grid_over(X, resolution)
    f = decision(grid).reshape(xx.shape)
    ax.contourf(xx, yy, f > 0, levels=[-0.5, 0.5, 1.5], colors=["#dbe8f6", "#f8dcdc"],
                alpha=0.8)
    levels, styles = ([-1, 0, 1], ["--", "-", "--"]) if margins else ([0], ["-"])
    ax.contour(xx, yy, f, levels=levels, colors="k", linestyles=styles, linewidths=1)
    for label, color in zip((0, 1), COLORS):
        ax.scatter(*X[y == label].T, s=14, color=color, edgecolor="k", linewidth=0.3)
    if support is not None and len(support):
        ax.scatter(*X[support].T, s=70, facecolors="none", edgecolors="k", linewidth=1.0,
                   label="support vectors")
        ax.legend(loc="lower right", fontsize=7)
    if title:
        ax.set_title(title, fontsize=9)
    ax.set_aspect("equal", adjustable="box")  # so margins look as wide as they are
    ax.set_xticks([])
    ax.set_yticks([])


def two_blobs(rng: np.random.Generator, n: int, distance: float, spread: float = 1.0):
    """Two Gaussian classes (labels 0/1) whose means are ``distance`` apart."""
    direction = np.array([1.0, 0.6]) / np.hypot(1.0, 0.6)
    half = n // 2
    X = np.vstack([rng.normal(size=(half, 2)) * spread - distance / 2 * direction,
                   rng.normal(size=(n - half, 2)) * spread + distance / 2 * direction])
    return X, np.repeat([0, 1], [half, n - half])
