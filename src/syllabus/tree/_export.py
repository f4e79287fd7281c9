"""A fitted tree as indented text (scikit-learn's ``export_text``) or as a matplotlib drawing."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..base import is_classifier
from ..utils import check_is_fitted
from ._grow import TREE_LEAF

__all__ = ["export_text", "plot_tree"]


def _names(decision_tree: Any, feature_names: Any) -> list[str]:
    n_features = decision_tree.tree_.n_features
    if feature_names is None:
        return [f"feature_{i}" for i in range(n_features)]
    if len(feature_names) != n_features:
        raise ValueError(f"feature_names must contain {n_features} elements, got "
                         f"{len(feature_names)}")
    return [str(name) for name in feature_names]


def export_text(decision_tree: Any, *, feature_names: Any = None, class_names: Any = None,
                max_depth: int = 10, spacing: int = 3, decimals: int = 2,
                show_weights: bool = False) -> str:
    """The rules of a fitted tree, one line per test and per leaf (scikit-learn's format).

    Parameters
    ----------
    decision_tree : DecisionTreeClassifier or DecisionTreeRegressor
    feature_names : list of str, default=None
        Names of the features (``feature_0``... when None).
    class_names : list of str, default=None
        Names of the classes, in the order of ``classes_`` (the labels when None).
    max_depth : int, default=10
        Deeper branches are summarised as "truncated branch of depth d".
    spacing : int, default=3
        Width of one level of indentation.
    decimals : int, default=2
        Decimals of thresholds and values.
    show_weights : bool, default=False
        Show the weighted class counts of classification leaves.

    Returns
    -------
    str

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.tree import DecisionTreeClassifier, export_text
    >>> clf = DecisionTreeClassifier().fit([[0.0], [1.0]], [0, 1])
    >>> print(export_text(clf, feature_names=["x"]))
    |--- x <= 0.50
    |   |--- class: 0
    |--- x >  0.50
    |   |--- class: 1
    <BLANKLINE>
    """
    check_is_fitted(decision_tree)
    tree = decision_tree.tree_
    names = _names(decision_tree, feature_names)
    classifier = is_classifier(decision_tree)
    if classifier:
        if class_names is None:
            class_names = decision_tree.classes_
        elif len(class_names) != len(decision_tree.classes_):
            raise ValueError("When `class_names` is an array, it should contain as many items "
                             f"as `decision_tree.classes_`. Got {len(class_names)} while the "
                             f"tree was fitted with {len(decision_tree.classes_)} classes.")
    lines: list[str] = []

    def leaf(node: int, indent: str) -> None:
        value = tree.value[node][0]
        if classifier:
            text = ""
            if show_weights:
                w = tree.weighted_n_node_samples[node]
                text = "[" + ", ".join(f"{v * w:.{decimals}f}" for v in value) + "]"
                lines.append(f"{indent} weights: {text} class: {class_names[np.argmax(value)]}")
            else:
                lines.append(f"{indent} class: {class_names[np.argmax(value)]}")
        else:
            text = "[" + ", ".join(f"{v:.{decimals}f}" for v in value) + "]"
            lines.append(f"{indent} value: {text}")

    def subtree_depth(node: int) -> int:
        if tree.children_left[node] == TREE_LEAF:
            return 1
        return 1 + max(subtree_depth(tree.children_left[node]),
                       subtree_depth(tree.children_right[node]))

    def recurse(node: int, depth: int) -> None:
        indent = ("|" + " " * spacing) * depth
        indent = indent[:-spacing] + "-" * spacing
        if depth > max_depth + 1:
            d = subtree_depth(node)
            if d == 1:
                leaf(node, indent)
            else:
                lines.append(f"{indent} truncated branch of depth {d}")
            return
        if tree.children_left[node] == TREE_LEAF:
            leaf(node, indent)
            return
        name = names[tree.feature[node]]
        threshold = f"{tree.threshold[node]:.{decimals}f}"
        lines.append(f"{indent} {name} <= {threshold}")
        recurse(tree.children_left[node], depth + 1)
        lines.append(f"{indent} {name} >  {threshold}")
        recurse(tree.children_right[node], depth + 1)

    recurse(0, 1)
    return "\n".join(lines) + "\n"


def plot_tree(decision_tree: Any, *, max_depth: int | None = None, feature_names: Any = None,
              class_names: Any = None, filled: bool = True, precision: int = 2,
              fontsize: float | None = None, ax: Any = None) -> list:
    """Draw a fitted tree with matplotlib: one box per node, leaves spread evenly.

    Each internal node shows its test, impurity, sample count and value; with ``filled``
    the boxes of a classifier are coloured by their majority class (Okabe-Ito colours,
    lighter when impure), those of a regressor by their value.

    Parameters
    ----------
    decision_tree : DecisionTreeClassifier or DecisionTreeRegressor
    max_depth : int, default=None
        Draw only this many levels below the root.
    feature_names, class_names : list of str, default=None
    filled : bool, default=True
    precision : int, default=2
    fontsize : float, default=None
    ax : matplotlib Axes, default=None
        Where to draw (the current axes when None).

    Returns
    -------
    list of matplotlib.text.Annotation
        One per drawn node.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from syllabus.tree import DecisionTreeClassifier, plot_tree
    >>> clf = DecisionTreeClassifier().fit([[0.0], [1.0], [2.0]], [0, 1, 1])
    >>> len(plot_tree(clf))
    3
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_rgb

    check_is_fitted(decision_tree)
    tree = decision_tree.tree_
    names = _names(decision_tree, feature_names)
    classifier = is_classifier(decision_tree)
    if classifier and class_names is None:
        class_names = [str(c) for c in decision_tree.classes_]
    if ax is None:
        ax = plt.gca()
    limit = np.inf if max_depth is None else max_depth
    palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]

    # x of a leaf = its rank among the drawn leaves; x of a node = mean of its children
    pos: dict[int, tuple[float, int]] = {}
    counter = [0]

    def layout(node: int, depth: int) -> float:
        if tree.children_left[node] == TREE_LEAF or depth >= limit:
            x = float(counter[0])
            counter[0] += 1
        else:
            x = (layout(tree.children_left[node], depth + 1)
                 + layout(tree.children_right[node], depth + 1)) / 2
        pos[node] = (x, depth)
        return x

    layout(0, 0)
    n_wide = max(counter[0], 1)
    n_deep = max(d for _, d in pos.values()) + 1
    values = tree.value[:, 0, :]
    vmin, vmax = values.min(), values.max()
    annotations = []
    for node, (x, depth) in pos.items():
        lines = []
        if tree.children_left[node] != TREE_LEAF and depth < limit:
            lines.append(f"{names[tree.feature[node]]} <= {tree.threshold[node]:.{precision}f}")
        lines.append(f"impurity = {tree.impurity[node]:.{precision}f}")
        lines.append(f"samples = {tree.n_node_samples[node]}")
        value = values[node]
        if classifier:
            lines.append("value = [" + ", ".join(f"{v:.{precision}f}" for v in value) + "]")
            lines.append(f"class = {class_names[int(np.argmax(value))]}")
            k = int(np.argmax(value))
            alpha = (value[k] - 1.0 / len(value)) / (1.0 - 1.0 / len(value)) if len(value) > 1 else 1.0
            colour = to_rgb(palette[k % len(palette)])
        else:
            lines.append(f"value = {value[0]:.{precision}f}")
            alpha = (value[0] - vmin) / (vmax - vmin) if vmax > vmin else 0.5
            colour = to_rgb(palette[0])
        face = tuple(1 - alpha * (1 - c) for c in colour) if filled else (1.0, 1.0, 1.0)
        xy = ((x + 0.5) / n_wide, 1 - (depth + 0.5) / n_deep)
        annotations.append(ax.annotate(
            "\n".join(lines), xy, xycoords="axes fraction", ha="center", va="center",
            fontsize=fontsize, bbox=dict(boxstyle="round", fc=face, ec="0.3"), zorder=2))
    for node, (x, depth) in pos.items():
        if tree.children_left[node] != TREE_LEAF and depth < limit:
            for child in (tree.children_left[node], tree.children_right[node]):
                cx, cd = pos[child]
                ax.annotate("", ((cx + 0.5) / n_wide, 1 - (cd + 0.5) / n_deep),
                            ((x + 0.5) / n_wide, 1 - (depth + 0.5) / n_deep),
                            xycoords="axes fraction",
                            arrowprops=dict(arrowstyle="-", color="0.4"), zorder=1)
    ax.set_axis_off()
    return annotations
