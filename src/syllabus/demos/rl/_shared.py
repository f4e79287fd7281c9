"""Drawing helpers shared by the reinforcement-learning demos (no demo is registered here).

``draw_grid`` shades state values on a grid world and draws the greedy action of each
non-terminal state as an arrow; ``smooth`` is a trailing moving average of returns.
"""

from __future__ import annotations

from typing import Any

import numpy as np

# (dx, dy) in plot coordinates (y grows downward with imshow) for up, right, down, left;
# FrozenLake numbers its actions left, down, right, up.
ARROWS_URDL = np.array([(0, -1), (1, 0), (0, 1), (-1, 0)])
ARROWS_LDRU = np.array([(-1, 0), (0, 1), (1, 0), (0, -1)])


def draw_grid(ax: Any, values: np.ndarray, actions: np.ndarray | None = None, *,
              arrows: np.ndarray = ARROWS_URDL, skip: np.ndarray | None = None,
              title: str = "", vmin: float | None = None, vmax: float | None = None,
              labels: Any = None, cmap: str = "viridis", colorbar: bool = True,
              fmt: str = "{:.3f}") -> Any:
    """Shade ``values`` (2-D, NaN = wall), write them, and draw ``actions`` (2-D, -1 = none).

    ``skip`` (2-D bool) hides the arrows of terminal cells; ``labels`` (2-D str) replaces the
    numbers where given.
    """
    import matplotlib

    colours = matplotlib.colormaps[cmap].with_extremes(bad="#777777")  # walls in grey
    image = ax.imshow(np.ma.masked_invalid(values), cmap=colours, vmin=vmin, vmax=vmax)
    lo, hi = image.get_clim()
    for (r, c), v in np.ndenumerate(values):
        if np.isnan(v):
            continue
        text = labels[r, c] if labels is not None and labels[r, c] else fmt.format(v)
        light = (v - lo) / (hi - lo + 1e-12) < 0.5
        ax.text(c, r + 0.3, text, ha="center", va="center", fontsize=7,
                color="white" if light else "black")
        if actions is not None and actions[r, c] >= 0 and not (skip is not None and skip[r, c]):
            dx, dy = arrows[int(actions[r, c])] * 0.28
            ax.arrow(c - dx / 2, r - 0.08 - dy / 2, dx, dy, head_width=0.12, head_length=0.1,
                     length_includes_head=True, color="white" if light else "black")
    ax.set_xticks(range(values.shape[1]))
    ax.set_yticks(range(values.shape[0]))
    ax.set_xlabel("column")
    ax.set_ylabel("row")
    if title:
        ax.set_title(title, fontsize=9)
    if colorbar:
        ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="state value V(s)")
    return image


def smooth(x: np.ndarray, window: int) -> np.ndarray:
    """Trailing moving average (the first points average what exists so far)."""
    c = np.cumsum(np.insert(np.asarray(x, dtype=float), 0, 0.0))
    n = np.arange(1, len(x) + 1)
    lo = np.maximum(0, n - window)
    return (c[n] - c[lo]) / (n - lo)


def draw_gridworld(ax: Any, env: Any, V: np.ndarray, policy: np.ndarray | None, *,
                   title: str = "", vmin: float | None = -1.0, vmax: float | None = 1.0,
                   fmt: str = "{:.3f}") -> Any:
    """``draw_grid`` for a :class:`~syllabus.rl.GridWorld`: exits shaded and labelled by payoff."""
    exits = np.isin(np.arange(env.observation_space.n), env.terminal_states)
    payoff = np.array([1.0 if env.layout[r][c] == "+" else -1.0 for r, c in env.cells])
    values = env.to_grid(np.where(exits, payoff, V))
    labels = env.to_grid(np.where(exits, np.where(payoff > 0, "exit +1", "exit -1"), ""), fill="")
    actions = None if policy is None else env.to_grid(np.where(exits, -1, policy), fill=-1)
    return draw_grid(ax, values, actions, labels=labels, cmap="cividis", vmin=vmin, vmax=vmax,
                     title=title, fmt=fmt)
