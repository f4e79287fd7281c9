"""Demo: EM for a Gaussian mixture, iteration by iteration, and soft against hard assignments."""

from __future__ import annotations

import warnings

import numpy as np

from syllabus.cluster import KMeans
from syllabus.demos import register
from syllabus.mixture import GaussianMixture

from ._shared import OKABE_ITO, draw_ellipse, gaussian_blobs, matched_accuracy


@register("em_gmm_steps", topic="unsupervised", order=60,
          title="EM for a Gaussian mixture step by step; soft vs hard assignments")
def em_gmm_steps(ctx):
    r"""EM fits a mixture of Gaussians by alternating an E-step, which computes each point's
    responsibilities (the posterior probability of each component), and an M-step, which
    refits each Gaussian to the points weighted by their responsibilities. Each frame shows
    the 2-sigma ellipses after one iteration, from random responsibilities.

    $$r_{ik} = \frac{\pi_k \mathcal N(x_i \mid \mu_k, \Sigma_k)}{\sum_j \pi_j
    \mathcal N(x_i \mid \mu_j, \Sigma_j)}, \quad
    \mu_k = \frac{\sum_i r_{ik} x_i}{\sum_i r_{ik}}, \quad
    \Sigma_k = \frac{\sum_i r_{ik}(x_i - \mu_k)(x_i - \mu_k)^\top}{\sum_i r_{ik}}$$

    What to notice: the log-likelihood (EM's lower bound) rises at every iteration, and the
    ellipses stretch to follow elongated clusters, which K-means (hard assignments,
    spherical clusters) cannot do; the soft responsibilities are uncertain only near the
    boundaries."""
    rng = ctx.rng
    n_per = 80 if ctx.fast else 200
    centres = np.array([[0.0, 0.0], [4.0, 1.0], [1.0, 4.5]])
    scales = [np.array([[2.0, 0.0], [1.2, 0.4]]), np.array([[0.5, 0.0], [0.0, 0.5]]),
              np.array([[0.4, 1.0], [-0.3, 0.4]])]
    X, y = gaussian_blobs(rng, centres, n_per, scales=scales)
    k, n_iter = 3, 30 if ctx.fast else 60
    kw = dict(n_components=k, covariance_type="full", init_params="random", random_state=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tol=0 runs to max_iter on purpose
        full = GaussianMixture(max_iter=n_iter, tol=0.0, **kw).fit(X)
        # The same EM one iteration at a time: each fit restarts from the previous parameters.
        states = []
        gm = GaussianMixture(max_iter=1, tol=0.0, **kw).fit(X)
        states.append(gm)
        for _ in range(n_iter - 1):
            gm = GaussianMixture(k, max_iter=1, tol=0.0, weights_init=gm.weights_,
                                 means_init=gm.means_, precisions_init=gm.precisions_).fit(X)
            states.append(gm)
    bounds = np.array([s.lower_bound_ for s in states])
    ctx.number("log-likelihood per sample after iterations 1, 5, 10, last",
               [round(float(bounds[i]), 4) for i in (0, 4, 9, -1)])

    def draw(fig, ax, t):
        s = states[t]
        resp = s.predict_proba(X)
        ax.scatter(*X.T, c=[OKABE_ITO[i] for i in resp.argmax(1)], s=8,
                   alpha=0.25 + 0.75 * resp.max(1) ** 4)
        for j in range(k):
            draw_ellipse(ax, s.means_[j], s.covariances_[j], color=OKABE_ITO[j], lw=2)
            ax.plot(*s.means_[j], "X", color=OKABE_ITO[j], mec="k", ms=10)
        ax.set_title(f"EM iteration {t + 1}: log-likelihood {bounds[t]:.3f} per sample")
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_xlim(X[:, 0].min() - 1, X[:, 0].max() + 1)
        ax.set_ylim(X[:, 1].min() - 1, X[:, 1].max() + 1)

    keep = {0, 2, 5, 12, n_iter - 1} if ctx.fast else {0, 1, 2, 3, 5, 8, 12, 18, 25, 40, n_iter - 1}
    shown = sorted(keep & set(range(n_iter)))
    ctx.frames("em_iterations", "iteration", shown, draw, animate=True, figsize=(5.5, 5))

    km = KMeans(k, n_init=10, random_state=0).fit(X)
    gm_labels = full.predict(X)
    resp = full.predict_proba(X)
    acc_gm, acc_km = matched_accuracy(gm_labels, y), matched_accuracy(km.labels_, y)
    ctx.number("agreement with the true components: GMM / K-means",
               [round(acc_gm, 3), round(acc_km, 3)])
    fig, axes = ctx.figure("em_bound_and_soft_hard", 1, 3, figsize=(14, 4))
    axes[0].plot(np.arange(1, n_iter + 1), full.lower_bounds_, "o-", ms=3, color=OKABE_ITO[0])
    axes[0].set_xlabel("EM iteration")
    axes[0].set_ylabel("mean log-likelihood (nats per sample)")
    axes[0].set_title("EM's lower bound never decreases")
    entropy = -(resp * np.log(np.clip(resp, 1e-300, None))).sum(1)
    sc = axes[1].scatter(*X.T, c=entropy, cmap="viridis", s=10)
    fig.colorbar(sc, ax=axes[1], label="entropy of the responsibilities (nats)")
    axes[1].set_title(f"GMM soft assignments ({100 * acc_gm:.0f}% correct)")
    axes[2].scatter(*X.T, c=[OKABE_ITO[i] for i in km.labels_], s=10)
    axes[2].plot(*km.cluster_centers_.T, "X", color="k", ms=10, label="centres")
    axes[2].set_title(f"K-means hard assignments ({100 * acc_km:.0f}% correct)")
    axes[2].legend(fontsize=8)
    for ax in axes[1:]:
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")

    ctx.check("the log-likelihood never decreases over EM iterations",
              bool(np.all(np.diff(full.lower_bounds_) >= -1e-10)))
    ctx.check("EM run one iteration at a time follows the single run's lower bounds",
              np.allclose(bounds, full.lower_bounds_, rtol=1e-8),
              detail=f"max |diff| {np.abs(bounds - np.asarray(full.lower_bounds_)).max():.1e}")
    ctx.check("on elongated clusters the GMM recovers the components better than K-means",
              acc_gm > acc_km, detail=f"{acc_gm:.3f} vs {acc_km:.3f}")
    ctx.check("responsibilities are probabilities (each row sums to 1)",
              np.allclose(resp.sum(1), 1.0, atol=1e-12))
