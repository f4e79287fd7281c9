"""Demo: softmax (multinomial logistic) regression on the iris flowers."""

from __future__ import annotations

import numpy as np

from syllabus.datasets import load_iris
from syllabus.demos import register
from syllabus.linear_model import LogisticRegression
from syllabus.metrics import accuracy_score, confusion_matrix
from syllabus.model_selection import train_test_split
from syllabus.preprocessing import StandardScaler

from .._plotting import grid_box


@register("softmax_iris", topic="linear", order=10,
          title="Softmax regression on iris: probabilities and decision regions")
def softmax_iris(ctx):
    r"""Softmax regression gives each class $c$ a linear score $z_c = \theta_c^\top x + b_c$ and
    turns the scores into probabilities

    $$\hat y_c = \frac{e^{z_c}}{\sum_k e^{z_k}},$$

    fitted by minimising the cross-entropy plus an L2 penalty ($C = 1$) with L-BFGS. On iris
    (3 species, 4 standardised measurements) it classifies held-out flowers almost perfectly.

    What to notice: the probabilities and the gradient $(\hat Y - Y)^\top X / n + \Theta/(Cn)$
    recomputed by hand agree with the fit, and the decision regions of an argmax of linear
    scores are convex polygons."""
    data = load_iris()
    seed = int(ctx.rng.integers(2**31))
    X_train, X_test, y_train, y_test = train_test_split(data.data, data.target, test_size=0.3,
                                                        stratify=data.target, random_state=seed)
    scaler = StandardScaler().fit(X_train)
    Z_train, Z_test = scaler.transform(X_train), scaler.transform(X_test)
    C = 1.0
    model = LogisticRegression(C=C, tol=1e-10, max_iter=1000).fit(Z_train, y_train)
    accuracy = accuracy_score(y_test, model.predict(Z_test))
    cm = confusion_matrix(y_test, model.predict(Z_test))
    ctx.number("test accuracy", round(accuracy, 4))
    ctx.number("test confusion matrix", cm.tolist())

    scores = Z_test @ model.coef_.T + model.intercept_
    by_hand = np.exp(scores - scores.max(axis=1, keepdims=True))
    by_hand /= by_hand.sum(axis=1, keepdims=True)
    proba = model.predict_proba(Z_test)
    ctx.check("predict_proba is the softmax of the linear scores (rows sum to 1)",
              np.max(np.abs(proba - by_hand)) < 1e-12
              and np.max(np.abs(proba.sum(axis=1) - 1)) < 1e-12)
    n = len(y_train)
    Y = np.eye(3)[y_train]
    P = model.predict_proba(Z_train)
    grad_W = (P - Y).T @ Z_train / n + model.coef_ / (C * n)
    grad_b = (P - Y).mean(axis=0)
    g = max(np.max(np.abs(grad_W)), np.max(np.abs(grad_b)))
    ctx.check("the cross-entropy gradient vanishes at the fitted parameters (< 1e-8)", g < 1e-8,
              detail=f"max |g| = {g:.1e}")
    ctx.check("held-out accuracy >= 0.9", accuracy >= 0.9, detail=f"{accuracy:.3f}")

    petals = [2, 3]
    small = LogisticRegression(C=C, tol=1e-10, max_iter=1000).fit(Z_train[:, petals], y_train)
    g0, g1, grid = grid_box((-2, 2.2), (-2, 2.2), resolution=250)
    regions = small.predict(grid).reshape(g0.shape)
    fig, ax = ctx.figure("decision_regions")
    ax.contourf(g0, g1, regions, levels=[-0.5, 0.5, 1.5, 2.5], alpha=0.25,
                colors=["C0", "C1", "C2"])
    for k, name in enumerate(data.target_names):
        pts = Z_train[y_train == k][:, petals]
        ax.scatter(pts[:, 0], pts[:, 1], s=12, color=f"C{k}", label=str(name))
    ax.set_xlabel("petal length (standardised)")
    ax.set_ylabel("petal width (standardised)")
    ax.legend(fontsize=7)
    # Convexity: the midpoint of two points of a region belongs to the same region.
    rng = ctx.rng
    labels = small.predict(grid)
    i, j = rng.integers(len(grid), size=(2, 3000))
    same = labels[i] == labels[j]
    mid = small.predict((grid[i[same]] + grid[j[same]]) / 2)
    ctx.check("every decision region is convex (3000 random midpoints stay in their region)",
              bool(np.all(mid == labels[i[same]])))
    ctx.check("the three species each own a region of the petal plane",
              set(np.unique(labels)) == {0, 1, 2})
