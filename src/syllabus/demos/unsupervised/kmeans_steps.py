"""Demo: Lloyd's algorithm step by step, from random seeds."""

from __future__ import annotations

import numpy as np

from syllabus.cluster import KMeans
from syllabus.demos import register

from ._shared import OKABE_ITO, colours, gaussian_blobs


@register("kmeans_steps", topic="unsupervised", order=10,
          title="K-means step by step: assignments and centres after each Lloyd iteration")
def kmeans_steps(ctx):
    r"""K-means alternates two steps from k random samples as seeds: assign each point to its closest
    centre, then move each centre to the mean of its points. Each frame shows the assignment
    and the centres after one iteration; the trail is each centre's path so far. Neither step
    can increase the inertia, so it decreases until the labels stop changing.

    $$c_i = \arg\min_j \lVert x_i - \mu_j\rVert^2, \qquad
    \mu_j = \frac{1}{|C_j|}\sum_{i \in C_j} x_i, \qquad
    J = \sum_i \lVert x_i - \mu_{c_i}\rVert^2$$

    What to notice: the largest moves happen in the first two or three iterations, and the
    inertia $J$ drops at every step. Running one iteration at a time (`max_iter=1` from the
    previous centres) ends exactly where a single `KMeans` run ends."""
    rng = ctx.rng
    n_per = 60 if ctx.fast else 150
    centres = np.array([[0.0, 0.0], [3.0, 3.5], [4.0, -1.0], [-1.0, 4.0]])
    X, _ = gaussian_blobs(rng, centres, n_per, scales=[np.eye(2) * 1.2] * 4)
    k = 4
    # Random seeds (k samples drawn uniformly) make a longer, more instructive run than
    # k-means++ seeds, which often start next to the final centres.
    seeds = X[np.random.RandomState(5).choice(len(X), k, replace=False)]
    path, inertias, labels = [seeds], [], []
    for _ in range(30):
        km = KMeans(k, init=path[-1], max_iter=1).fit(X)
        labels.append(km.labels_)
        inertias.append(km.inertia_)
        if np.allclose(km.cluster_centers_, path[-1], rtol=0, atol=1e-12):
            break
        path.append(km.cluster_centers_)
    full = KMeans(k, init=seeds).fit(X)
    ctx.number("iterations until the centres stop moving", len(path) - 1)
    ctx.number("inertia after each iteration", np.round(inertias, 2).tolist())

    def draw(fig, ax, t):
        ax.scatter(X[:, 0], X[:, 1], c=colours(labels[t]), s=10, alpha=0.7)
        trail = np.array(path[: t + 2])
        for j in range(k):
            ax.plot(trail[:, j, 0], trail[:, j, 1], "-", color="k", lw=1)
            ax.plot(*trail[-1, j], marker="X", ms=12, color=OKABE_ITO[j], mec="k")
        ax.plot(*seeds.T, "o", mfc="none", mec="k", ms=9, label="initial seeds")
        ax.set_title(f"iteration {t + 1}: inertia J = {inertias[t]:.1f}")
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.legend(loc="lower left", fontsize=8)

    steps = list(range(min(len(path) - 1, len(inertias))))
    ctx.frames("kmeans_iterations", "iteration", steps, draw, animate=True, figsize=(5.5, 5))

    fig, ax = ctx.figure("kmeans_inertia", figsize=(5, 3.5))
    ax.plot(np.arange(1, len(inertias) + 1), inertias, "o-", color=OKABE_ITO[0])
    ax.set_xlabel("Lloyd iteration")
    ax.set_ylabel("inertia J (squared units)")
    ax.set_title("K-means never increases its objective")

    ctx.check("the inertia never increases from one iteration to the next",
              bool(np.all(np.diff(inertias) <= 1e-9)), detail=str(np.round(inertias, 3)))
    ctx.check("one iteration at a time ends at the centres of a single KMeans run",
              np.allclose(path[-1], full.cluster_centers_, atol=1e-10),
              detail=f"max |diff| {np.abs(path[-1] - full.cluster_centers_).max():.1e}")
    means = np.array([X[full.labels_ == j].mean(0) for j in range(k)])
    ctx.check("at convergence each centre is the mean of its cluster",
              np.allclose(means, full.cluster_centers_, atol=1e-10))
