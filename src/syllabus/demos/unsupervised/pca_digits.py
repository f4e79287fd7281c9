"""Demo: PCA on handwritten digits -- variance, 2-D map, reconstructions, eigen-digits."""

from __future__ import annotations

import numpy as np

from syllabus.datasets import load_digits
from syllabus.decomposition import PCA
from syllabus.demos import register

from ._shared import OKABE_ITO


@register("pca_digits", topic="unsupervised", order=40,
          title="PCA on digits: explained variance, 2-D map, reconstructions, eigen-digits")
def pca_digits(ctx):
    r"""PCA rotates the centred 8x8 digit images (64 pixels) onto the eigenvectors of their
    covariance, sorted by variance. Keeping the first k axes gives the best rank-k
    reconstruction in squared error (Eckart-Young), and the error left is exactly the
    variance of the discarded axes. The first two axes already separate several digits;
    the axes themselves, drawn as images, are the "eigen-digits".

    $$\hat x = \mu + \sum_{j \le k} \big(v_j^\top (x - \mu)\big) v_j, \qquad
    \frac{1}{n}\sum_i \lVert x_i - \hat x_i\rVert^2 = \frac{n-1}{n}\sum_{j > k} \lambda_j$$

    What to notice: about 10 of the 64 components hold three quarters of the variance, the
    reconstructions sharpen as k grows from 2 to 30, and the measured error matches the sum
    of the discarded eigenvalues."""
    X, y = load_digits(return_X_y=True)
    if ctx.fast:
        X, y = X[:600], y[:600]
    n = len(X)
    full = PCA().fit(X)
    cum = np.cumsum(full.explained_variance_ratio_)
    k90 = int(np.searchsorted(cum, 0.9) + 1)
    ctx.number("components for 90% of the variance", k90)
    ks = [2, 5, 10, 20, 30, 50]
    errors = {}
    recon = {}
    for k in ks:
        p = PCA(k, svd_solver="full").fit(X)  # exact ("auto" is randomized here)
        recon[k] = p.inverse_transform(p.transform(X))
        errors[k] = float(np.mean(np.sum((X - recon[k]) ** 2, axis=1)))
    predicted = {k: (n - 1) / n * full.explained_variance_[k:].sum() for k in ks}
    ctx.number("mean squared reconstruction error for k = 2, 5, 10, 20, 30, 50",
               [round(errors[k], 2) for k in ks])

    fig, axes = ctx.figure("pca_variance_and_map", 1, 2, figsize=(11, 4.5))
    axes[0].plot(np.arange(1, 65), cum, "o-", ms=3, color=OKABE_ITO[0])
    axes[0].axhline(0.9, color="k", ls=":", label=f"90% ({k90} components)")
    axes[0].set_xlabel("number of components k")
    axes[0].set_ylabel("cumulative explained variance ratio")
    axes[0].set_title("explained variance")
    axes[0].legend(fontsize=8, loc="lower right")
    Z = full.transform(X)[:, :2]
    cmap = [OKABE_ITO[i % 8] for i in range(10)]
    markers = "o" * 8 + "^^"
    for d in range(10):
        axes[1].scatter(*Z[y == d].T, s=8, color=cmap[d], marker=markers[d], label=str(d))
    axes[1].set_xlabel("component 1")
    axes[1].set_ylabel("component 2")
    axes[1].set_title("digits on the first two principal axes")
    axes[1].legend(fontsize=7, ncol=2, title="digit", loc="upper left",
                   bbox_to_anchor=(1.01, 1.0))

    fig, axes = ctx.figure("eigen_digits", 2, 8, figsize=(10, 3))
    for j, ax in enumerate(axes.ravel()):
        ax.imshow(full.components_[j].reshape(8, 8), cmap="RdBu_r")
        ax.set_title(f"v{j + 1}", fontsize=8)
        ax.axis("off")
    fig.suptitle("eigen-digits: the first 16 principal axes (red +, blue -)")

    show = np.arange(8)

    def draw(fig, axes, k):
        for i, ax in zip(show, axes[0], strict=True):
            ax.imshow(X[i].reshape(8, 8), cmap="gray_r")
            ax.axis("off")
        for i, ax in zip(show, axes[1], strict=True):
            ax.imshow(recon[k][i].reshape(8, 8), cmap="gray_r")
            ax.axis("off")
        axes[0, 0].set_title("original", fontsize=8, loc="left")
        axes[1, 0].set_title(f"k = {k}", fontsize=8, loc="left")
        fig.suptitle(f"reconstruction from {k} components: mean squared error {errors[k]:.1f}")

    shown = [2, 10, 30] if ctx.fast else ks
    ctx.frames("reconstructions", "components k", shown, draw, nrows=2, ncols=8, figsize=(10, 3))

    ctx.check("the reconstruction error decreases from 2 to 10 to 30 components",
              errors[2] > errors[10] > errors[30],
              detail=f"{errors[2]:.2f} > {errors[10]:.2f} > {errors[30]:.2f}")
    ctx.check("the error equals (n-1)/n times the sum of the discarded eigenvalues (Eckart-Young)",
              all(abs(errors[k] - predicted[k]) <= 1e-8 * errors[2] for k in ks),
              detail=str({k: round(float(predicted[k]), 4) for k in ks}))
    ctx.check("the principal axes are orthonormal",
              np.allclose(full.components_ @ full.components_.T, np.eye(64), atol=1e-10))
