"""Demo: k-nearest neighbours, decision regions and the error against k."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.neighbors import KNeighborsClassifier

from ._shared import OKABE_ITO, draw_regions, noisy_moons


@register("knn_regions", topic="trees-neighbours", order=7,
          title="k-nearest neighbours: decision regions and the choice of k")
def knn_regions(ctx):
    r"""k-NN classifies a point by the majority label of its $k$ nearest training points:

    $$\hat y(x) = \arg\max_c \sum_{i \in N_k(x)} [y_i = c]$$

    Small $k$ gives jagged regions that follow every training point (low bias, high
    variance); large $k$ smooths them until they underfit. The slider moves $k$.

    What to notice: with $k = 1$ the training error is zero but the test error is high; the
    test error is lowest at an intermediate $k$."""
    rng = ctx.rng
    n = 300 if ctx.fast else 600
    X, y = noisy_moons(rng, 2 * n, noise=0.35)
    X_train, y_train, X_test, y_test = X[:n], y[:n], X[n:], y[n:]
    ks = [1, 3, 5, 9, 15, 25, 35, 50, 75, 100, 150]
    train_err = [1 - KNeighborsClassifier(k).fit(X_train, y_train).score(X_train, y_train) for k in ks]
    test_err = [1 - KNeighborsClassifier(k).fit(X_train, y_train).score(X_test, y_test) for k in ks]
    best = ks[int(np.argmin(test_err))]
    ctx.number("test error by k", dict(zip(ks, np.round(test_err, 3).tolist())))
    ctx.number("best k (test)", best)

    def draw(fig, axes, k):
        clf = KNeighborsClassifier(k).fit(X_train, y_train)
        draw_regions(axes, clf, X_train, y_train,
                     title=f"k = {k}: test error {1 - clf.score(X_test, y_test):.3f}")
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)

    ctx.frames("knn_k", "k", [1, 15, 50], draw, figsize=(5.6, 4))
    fig, ax = ctx.figure("knn_error_vs_k", 1, 1, figsize=(5.5, 3.5))
    ax.semilogx(ks, train_err, "o-", color=OKABE_ITO[0], label="training error")
    ax.semilogx(ks, test_err, "s-", color=OKABE_ITO[3], label="test error")
    ax.set_xlabel("k (log scale)")
    ax.set_ylabel("misclassification rate")
    ax.set_title("error against the number of neighbours", fontsize=9)
    ax.legend(fontsize=8)
    ctx.check("k = 1 classifies every training point correctly", train_err[0] == 0.0)
    ctx.check("an intermediate k beats both k = 1 and k = 150 on the test set",
              min(test_err) < test_err[0] and min(test_err) < test_err[-1],
              detail=f"best k = {best}: {min(test_err):.3f}; k=1: {test_err[0]:.3f}; "
                     f"k=150: {test_err[-1]:.3f}")
