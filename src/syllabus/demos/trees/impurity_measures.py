"""Demo: Gini, entropy and misclassification impurity as functions of p."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.tree import DecisionTreeClassifier

from ._shared import OKABE_ITO


@register("impurity_measures", topic="trees-neighbours", order=2,
          title="Node impurity: Gini, entropy and misclassification rate")
def impurity_measures(ctx):
    r"""For a node with a fraction $p$ of class 1, three impurities measure how mixed it
    is. All vanish on pure nodes and peak at $p = 1/2$; Gini and entropy are strictly
    concave, so any split that changes the class fractions decreases them, while the
    misclassification rate can stay flat.

    $$i_G = 2p(1-p), \qquad i_H = -p\log_2 p - (1-p)\log_2(1-p), \qquad
    i_E = \min(p, 1-p)$$

    What to notice: the tree's own impurity of a root node with class fraction $p$ lies
    exactly on the Gini and entropy curves; entropy is the largest, misclassification the
    smallest."""
    p = np.linspace(0, 1, 401)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = np.nan_to_num(-p * np.log2(p) - (1 - p) * np.log2(1 - p))
    gini = 2 * p * (1 - p)
    misclass = np.minimum(p, 1 - p)
    fig, ax = ctx.figure("impurities", 1, 1, figsize=(5.5, 3.8))
    ax.plot(p, entropy, color=OKABE_ITO[0], label="entropy (bits)")
    ax.plot(p, gini, color=OKABE_ITO[1], label="Gini index")
    ax.plot(p, misclass, color=OKABE_ITO[2], label="misclassification rate")
    # the tree's impurity of single-node trees with class fraction p
    fractions = np.arange(1, 20) / 20
    tree_gini, tree_entropy = [], []
    for f in fractions:
        y = (np.arange(20) < 20 * f).astype(int)
        X = np.zeros((20, 1))
        tree_gini.append(DecisionTreeClassifier(criterion="gini").fit(X, y).tree_.impurity[0])
        tree_entropy.append(DecisionTreeClassifier(criterion="entropy").fit(X, y).tree_.impurity[0])
    ax.plot(fractions, tree_entropy, "o", color=OKABE_ITO[0], ms=4, label="tree_.impurity (entropy)")
    ax.plot(fractions, tree_gini, "s", color=OKABE_ITO[1], ms=4, label="tree_.impurity (Gini)")
    ax.set_xlabel("fraction p of class 1 in the node")
    ax.set_ylabel("impurity")
    ax.set_title("impurity of a node with class fractions (1-p, p)", fontsize=9)
    ax.legend(fontsize=7, loc="upper right")
    ax.set_ylim(0, 1.25)
    f_ent = -fractions * np.log2(fractions) - (1 - fractions) * np.log2(1 - fractions)
    ctx.check("the tree's Gini impurity is 2p(1-p)",
              np.allclose(tree_gini, 2 * fractions * (1 - fractions), atol=1e-12))
    ctx.check("the tree's entropy is -p log2 p - (1-p) log2(1-p), in bits",
              np.allclose(tree_entropy, f_ent, atol=1e-12))
    ctx.check("all three impurities peak at p = 1/2",
              all(abs(p[np.argmax(v)] - 0.5) < 1e-9 for v in (entropy, gini, misclass)))
    ctx.check("entropy >= Gini >= misclassification rate for every p",
              np.all(entropy >= gini - 1e-12) and np.all(gini >= misclass - 1e-12))
