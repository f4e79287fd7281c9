"""Demo: choosing the number of mixture components with BIC."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.mixture import GaussianMixture

from ._shared import OKABE_ITO, draw_ellipse, gaussian_blobs


@register("gmm_bic", topic="unsupervised", order=70,
          title="How many components? BIC on data drawn from a known mixture")
def gmm_bic(ctx):
    r"""The training log-likelihood of a mixture keeps rising as components are added, so it
    cannot choose their number. The Bayesian information criterion adds a penalty of
    $\tfrac12 \ln n$ per free parameter (a Laplace approximation of the model evidence); the
    data here is drawn from a known mixture of 4 Gaussians, and the slider shows the fitted
    mixture for each number of components.

    $$\mathrm{BIC}(k) = -2 \ln \hat L_k + p_k \ln n, \qquad
    p_k = (k-1) + k d + k\frac{d(d+1)}{2} \ \text{(full covariances)}$$

    What to notice: the likelihood improves a little with every extra component, but BIC
    is smallest at the true number of components; AIC's lighter penalty (2 per parameter)
    rises much more slowly beyond it, so AIC is the one more prone to over-fitting k."""
    rng = ctx.rng
    n_per = 100 if ctx.fast else 250
    true_k = 4
    centres = np.array([[0.0, 0.0], [5.0, 0.5], [1.0, 5.0], [6.0, 5.5]])
    scales = [np.array([[1.0, 0.0], [0.5, 0.6]]), np.eye(2) * 0.7,
              np.array([[0.5, 0.3], [0.0, 1.0]]), np.eye(2) * 0.9]
    X, _ = gaussian_blobs(rng, centres, n_per, scales=scales)
    ks = list(range(1, 7 if ctx.fast else 9))
    models = {k: GaussianMixture(k, n_init=2 if ctx.fast else 5, random_state=0).fit(X)
              for k in ks}
    bic = np.array([models[k].bic(X) for k in ks])
    aic = np.array([models[k].aic(X) for k in ks])
    loglik = np.array([models[k].score(X) * len(X) for k in ks])
    best = ks[int(np.argmin(bic))]
    ctx.number(f"BIC for k = 1..{ks[-1]}", np.round(bic, 1).tolist())
    ctx.number("k chosen by BIC / AIC", [best, ks[int(np.argmin(aic))]])

    def draw(fig, axes, k):
        m = models[k]
        axes[0].scatter(*X.T, s=6, color="0.6")
        for j in range(k):
            draw_ellipse(axes[0], m.means_[j], m.covariances_[j], color=OKABE_ITO[j % 8], lw=2)
        axes[0].set_title(f"{k} components")
        axes[0].set_xlabel("$x_1$")
        axes[0].set_ylabel("$x_2$")
        axes[1].plot(ks, bic, "o-", color=OKABE_ITO[0], label="BIC")
        axes[1].plot(ks, aic, "s--", color=OKABE_ITO[1], label="AIC")
        axes[1].plot(ks, -2 * loglik, "^:", color=OKABE_ITO[2], label="-2 log-likelihood")
        axes[1].axvline(k, color="k", lw=0.8)
        axes[1].axvline(true_k, color=OKABE_ITO[3], ls=":", label=f"true k = {true_k}")
        axes[1].set_xlabel("number of components k")
        axes[1].set_ylabel("criterion (lower is better)")
        axes[1].legend(fontsize=8)
        axes[1].set_title("information criteria")

    ctx.frames("gmm_components", "components k", ks, draw, ncols=2, figsize=(10, 4))

    ctx.check("BIC finds the true number of components", best == true_k,
              detail=f"argmin BIC = {best}")
    ctx.check("the training log-likelihood does not decrease as components are added "
              "(up to EM's local optima, 1e-3 per sample)",
              bool(np.all(np.diff(loglik) >= -1e-3 * len(X))), detail=str(np.round(loglik, 1)))
    p = np.array([(k - 1) + 2 * k + 3 * k for k in ks])  # weights, means, covariances (d = 2)
    ctx.check("BIC = -2 log L + p ln n with p = (k-1) + 2k + 3k free parameters for d = 2",
              np.allclose(bic, -2 * loglik + p * np.log(len(X)), rtol=1e-10))
