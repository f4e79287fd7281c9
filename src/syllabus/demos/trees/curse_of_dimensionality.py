"""Demo: distances concentrate as the dimension grows."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.neighbors import NearestNeighbors

from ._shared import OKABE_ITO


@register("curse_of_dimensionality", topic="trees-neighbours", order=8,
          title="The curse of dimensionality: nearest and farthest neighbours look alike")
def curse_of_dimensionality(ctx):
    r"""For points drawn uniformly in the unit cube $[0, 1]^d$, the distances from a query
    to the data concentrate around their mean as $d$ grows: the nearest neighbour is
    hardly nearer than the farthest point, so "nearest" carries little information.

    $$\frac{D_{\max} - D_{\min}}{D_{\min}} \xrightarrow[d\to\infty]{} 0$$

    What to notice: the relative contrast falls by orders of magnitude from $d = 1$ to
    $d = 1000$, and the histograms of distances (scaled by their mean) narrow."""
    rng = ctx.rng
    n, n_queries = (300, 30) if ctx.fast else (1000, 100)
    dims = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
    contrast = []
    scaled = {}
    agree = []
    for d in dims:
        X = rng.uniform(size=(n, d))
        Q = rng.uniform(size=(n_queries, d))
        nearest, _ = NearestNeighbors(n_neighbors=1, algorithm="brute").fit(X).kneighbors(Q)
        dist = np.sqrt(np.maximum(
            (Q**2).sum(1)[:, None] - 2 * Q @ X.T + (X**2).sum(1), 0.0))  # all distances
        ctx_ok = np.allclose(dist.min(axis=1), nearest[:, 0], rtol=1e-6)
        contrast.append(float(np.mean((dist.max(axis=1) - nearest[:, 0]) / nearest[:, 0])))
        scaled[d] = (dist / dist.mean(axis=1, keepdims=True)).ravel()
        agree.append(ctx_ok)
    ctx.number("relative contrast (Dmax - Dmin) / Dmin", dict(zip(dims, np.round(contrast, 3).tolist())))
    fig, axes = ctx.figure("concentration", 1, 2, figsize=(10, 3.6))
    axes[0].loglog(dims, contrast, "o-", color=OKABE_ITO[0])
    axes[0].set_xlabel("dimension d")
    axes[0].set_ylabel(r"relative contrast $(D_{\max} - D_{\min}) / D_{\min}$")
    axes[0].set_title(f"mean over {n_queries} queries, {n} points (log-log)", fontsize=9)
    for d, colour in zip((2, 20, 200, 1000), OKABE_ITO):
        axes[1].hist(scaled[d], bins=60, density=True, histtype="step", color=colour, label=f"d = {d}")
    axes[1].set_xlabel("distance / mean distance")
    axes[1].set_ylabel("density")
    axes[1].set_title("distances concentrate around their mean", fontsize=9)
    axes[1].legend(fontsize=7)
    ctx.check("NearestNeighbors finds the smallest of all the distances", all(agree))
    ctx.check("the relative contrast decreases with the dimension",
              all(a > b for a, b in zip(contrast, contrast[1:])), detail=str(np.round(contrast, 3)))
    ctx.check("from d = 1 to d = 1000 it falls by more than a factor 100",
              contrast[0] / contrast[-1] > 100, detail=f"{contrast[0]:.1f} -> {contrast[-1]:.3f}")
    ctx.check("the spread of the scaled distances shrinks with d",
              np.std(scaled[1000]) < np.std(scaled[20]) < np.std(scaled[2]))
