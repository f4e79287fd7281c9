"""Demo: where K-means fails -- two interleaved half-moons."""

from __future__ import annotations

import numpy as np

from syllabus.cluster import KMeans
from syllabus.datasets import make_moons
from syllabus.demos import register

from ._shared import OKABE_ITO, colours, matched_accuracy


@register("kmeans_moons", topic="unsupervised", order=30,
          title="A failure case: K-means cuts two half-moons with a straight line")
def kmeans_moons(ctx):
    r"""K-means assigns each point to its closest centre, so with two centres the clusters
    are always the two sides of the perpendicular bisector of the centres: a straight cut.
    Two interleaved half-moons are not separated by any line through the middle, so the
    lowest-inertia partition mixes them, however the algorithm is seeded.

    $$c(x) = 1 \iff (x - \tfrac{\mu_0 + \mu_1}{2})^\top (\mu_1 - \mu_0) > 0$$

    What to notice: the boundary is the bisector of the two centres, and the clusters
    disagree with the moons on many points; K-means assumes compact, convex, equally
    spread clusters."""
    n = 200 if ctx.fast else 600
    X, y = make_moons(n, noise=0.06, random_state=0)
    km = KMeans(2, n_init=10, random_state=0).fit(X)
    mu = km.cluster_centers_
    side = ((X - mu.mean(0)) @ (mu[1] - mu[0]) > 0).astype(int)
    acc = matched_accuracy(km.labels_, y)
    ctx.number("agreement with the moons (best label matching)", round(acc, 3))

    fig, axes = ctx.figure("moons", 1, 2, figsize=(10, 4))
    axes[0].scatter(*X.T, c=colours(y), s=10)
    axes[0].set_title("the two moons (true groups)")
    axes[1].scatter(*X.T, c=colours(km.labels_), s=10)
    axes[1].plot(*mu.T, "X", color="k", ms=12, label="centres")
    mid, d = mu.mean(0), mu[1] - mu[0]
    t = np.linspace(-3, 3, 2)
    normal = np.array([-d[1], d[0]]) / np.linalg.norm(d)
    axes[1].plot(mid[0] + t * normal[0], mid[1] + t * normal[1], "--", color=OKABE_ITO[3],
                 label="bisector of the centres")
    axes[1].set_title(f"K-means, k = 2: agrees on {100 * acc:.0f}% of points")
    for ax in axes:
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_xlim(X[:, 0].min() - 0.3, X[:, 0].max() + 0.3)
        ax.set_ylim(X[:, 1].min() - 0.5, X[:, 1].max() + 0.3)
    axes[1].legend(fontsize=8, loc="lower left")

    ctx.check("the K-means clusters are exactly the two sides of the centres' bisector",
              bool(np.array_equal(side, km.labels_) or np.array_equal(1 - side, km.labels_)))
    ctx.check("K-means does not recover the moons (agreement below 90%)", acc < 0.9,
              detail=f"agreement {acc:.3f}")
