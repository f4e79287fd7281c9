"""Demo: SVM-rank on a synthetic set of queries."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.linear_model import Ridge
from syllabus.svm import RankSVM, pairwise_transform


def _queries(rng, n_queries, per_query, w_true, noise):
    """Documents with features x, utility w_true.x + noise, graded 0..4 within a query."""
    X = rng.normal(size=(n_queries * per_query, len(w_true)))
    groups = np.repeat(np.arange(n_queries), per_query)
    utility = X @ w_true + noise * rng.normal(size=len(X))
    y = np.empty(len(X), dtype=int)
    for q in range(n_queries):
        members = groups == q
        y[members] = np.argsort(np.argsort(utility[members])) * 5 // per_query
    return X, y, groups


@register("svm_rank", topic="kernels-svm", order=8,
          title="SVM-rank: learning a ranking from pairwise preferences")
def svm_rank(ctx):
    r"""Joachims' ranking SVM learns a linear score $w^\top \Phi(q, d)$ such that, within each
    query, a more relevant document scores higher, with margin:

    $$w^\top x_i \ge w^\top x_j + 1 - \xi_{ij} \quad\text{for every preferred pair } (i, j).$$

    It is a linear SVM on the pairwise differences $x_i - x_j$. The relevance grades of the
    synthetic queries come from a hidden linear utility.

    What to notice: the learned $w$ points along the hidden utility, and held-out queries are
    ordered almost perfectly (the score is the fraction of correctly ordered pairs)."""
    rng = ctx.rng
    d = 6
    w_true = rng.normal(size=d)
    n_queries = 20 if ctx.fast else 60
    X, y, groups = _queries(rng, n_queries, 15, w_true, noise=0.1)
    X_test, y_test, groups_test = _queries(rng, 30, 15, w_true, noise=0.1)
    ranker = RankSVM(C=1.0).fit(X, y, groups)
    pairwise_accuracy = ranker.score(X_test, y_test, groups_test)
    cosine = ranker.coef_ @ w_true / np.linalg.norm(ranker.coef_) / np.linalg.norm(w_true)
    # A pointwise baseline: regress the grades directly.
    pointwise = Ridge(alpha=1.0).fit(X, y)
    _, pairs = pairwise_transform(X_test, y_test, groups_test)
    s = pointwise.predict(X_test)
    pointwise_accuracy = float(np.mean(s[pairs[:, 0]] > s[pairs[:, 1]]))
    ctx.number("training pairs", int(ranker.n_pairs_))
    ctx.number("held-out pairwise accuracy (RankSVM)", round(pairwise_accuracy, 4))
    ctx.number("held-out pairwise accuracy (ridge on the grades)", round(pointwise_accuracy, 4))
    ctx.number("cosine(w, w_true)", round(float(cosine), 5))

    fig, axes = ctx.figure("ranking", 1, 2, figsize=(10, 4))
    scores = ranker.predict(X_test)
    points = axes[0].scatter(X_test @ w_true, scores, c=y_test, s=10, cmap="viridis")
    fig.colorbar(points, ax=axes[0], label="relevance grade")
    axes[0].set_xlabel("hidden utility w_true.x")
    axes[0].set_ylabel("RankSVM score w.x")
    per_query = []
    for q in np.unique(groups_test):
        members = groups_test == q
        per_query.append(ranker.score(X_test[members], y_test[members]))
    axes[1].hist(per_query, bins=15, color="#0072B2")
    axes[1].set_xlabel("pairwise accuracy of one held-out query")
    axes[1].set_ylabel("queries")

    ctx.check("held-out queries are ordered correctly on >= 95% of their pairs",
              pairwise_accuracy >= 0.95, detail=f"{pairwise_accuracy:.4f}")
    ctx.check("the learned w points along the hidden utility (cosine > 0.98)",
              cosine > 0.98, detail=f"{cosine:.5f}")
    ctx.check("the score is the fraction of correctly ordered pairs",
              abs(pairwise_accuracy - np.mean(scores[pairs[:, 0]] > scores[pairs[:, 1]]))
              < 1e-12)
    ctx.check("pairs are only formed within a query",
              np.all(groups_test[pairs[:, 0]] == groups_test[pairs[:, 1]]))
