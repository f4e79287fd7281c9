"""Demo: choosing k with the elbow curve, and k-means++ against random seeding."""

from __future__ import annotations

import numpy as np

from syllabus.cluster import KMeans
from syllabus.demos import register

from ._shared import OKABE_ITO, gaussian_blobs


@register("kmeans_elbow_init", topic="unsupervised", order=20,
          title="The elbow curve, and k-means++ against random initialisation")
def kmeans_elbow_init(ctx):
    r"""The inertia always falls when k grows (k = n gives zero), so it cannot choose k by
    itself; on clustered data it falls fast until k reaches the number of clusters and
    slowly afterwards: the "elbow". Lloyd's algorithm only finds a local minimum, so the
    seeds matter: k-means++ draws each new seed with probability proportional to its squared
    distance to the closest seed so far, which spreads the seeds over the clusters.

    $$P(x_i \text{ is the next seed}) = \frac{D(x_i)^2}{\sum_j D(x_j)^2}, \qquad
    \mathbb{E}[J_{\text{k-means++}}] \le 8(\ln k + 2)\, J_{\text{opt}}$$

    What to notice: the elbow sits at the true number of clusters (6), and over many seeds
    k-means++ reaches a lower inertia on average than k samples drawn uniformly, with far
    fewer bad local minima."""
    rng = ctx.rng
    n_per = 40 if ctx.fast else 100
    true_k = 6
    angles = np.linspace(0, 2 * np.pi, true_k, endpoint=False)
    centres = 6 * np.column_stack([np.cos(angles), np.sin(angles)])
    X, _ = gaussian_blobs(rng, centres, n_per)
    ks = np.arange(1, 11)
    inertia = np.array([KMeans(k, n_init=3, random_state=0).fit(X).inertia_ for k in ks])
    ctx.number("inertia for k = 1..10", np.round(inertia, 1).tolist())
    drops = -np.diff(inertia) / inertia[:-1]  # relative gain of adding one cluster
    n_runs = 30 if ctx.fast else 100
    pp = np.array([KMeans(true_k, init="k-means++", n_init=1, random_state=s).fit(X).inertia_
                   for s in range(n_runs)])
    rnd = np.array([KMeans(true_k, init="random", n_init=1, random_state=s).fit(X).inertia_
                    for s in range(n_runs)])
    best = min(pp.min(), rnd.min())
    ctx.number("mean inertia k-means++ / random", [round(pp.mean(), 1), round(rnd.mean(), 1)])
    ctx.number("runs within 1% of the best: k-means++ / random",
               [int(np.sum(pp < 1.01 * best)), int(np.sum(rnd < 1.01 * best))])

    fig, axes = ctx.figure("elbow_and_init", 1, 2, figsize=(10, 4))
    axes[0].plot(ks, inertia, "o-", color=OKABE_ITO[0])
    axes[0].axvline(true_k, color="k", ls=":", label=f"true number of clusters ({true_k})")
    axes[0].set_xlabel("number of clusters k")
    axes[0].set_ylabel("inertia J (squared units, log scale)")
    axes[0].set_yscale("log")
    axes[0].set_title("elbow curve")
    axes[0].legend(fontsize=8)
    bins = np.linspace(best, max(pp.max(), rnd.max()), 25)
    axes[1].hist(rnd, bins=bins, alpha=0.7, color=OKABE_ITO[1], label="random seeds")
    axes[1].hist(pp, bins=bins, alpha=0.7, color=OKABE_ITO[0], label="k-means++ seeds")
    axes[1].set_xlabel("final inertia J of one run")
    axes[1].set_ylabel("runs")
    axes[1].set_title(f"{n_runs} runs from different seeds, k = {true_k}")
    axes[1].legend(fontsize=8)

    ctx.check("the inertia decreases as k grows", bool(np.all(np.diff(inertia) < 0)))
    ctx.check("the elbow: adding a cluster helps a lot up to the true k, little after it",
              bool(drops[true_k - 2] > 3 * drops[true_k - 1:].max()),
              detail=f"gain {true_k - 1}->{true_k}: {drops[true_k - 2]:.3f}, "
                     f"largest after: {drops[true_k - 1:].max():.3f}")
    ctx.check("k-means++ reaches a lower inertia on average than random seeding",
              bool(pp.mean() < rnd.mean()), detail=f"{pp.mean():.1f} vs {rnd.mean():.1f}")
