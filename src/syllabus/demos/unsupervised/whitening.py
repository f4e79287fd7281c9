"""Demo: PCA whitening against ZCA whitening on image patches (the neural-network lecture's preprocessing)."""

from __future__ import annotations

import numpy as np

from syllabus.datasets import load_digits
from syllabus.decomposition import PCA, ZCA
from syllabus.demos import register


@register("whitening", topic="unsupervised", order=50,
          title="Whitening image patches: PCA whitening against ZCA")
def whitening(ctx):
    r"""Whitening (the neural-network lecture's preprocessing step) decorrelates the pixels
    and gives every principal direction unit variance. With the 1/n covariance
    $\Sigma = U \Lambda U^\top$, PCA whitening projects onto the eigenvectors,
    $z = \Lambda^{-1/2} U^\top (x - \mu)$; ZCA rotates back, $z = U (\Lambda + \epsilon I)^{-1/2}
    U^\top (x - \mu)$. Both have identity covariance (up to $\epsilon$), but among all
    whitening transforms ZCA stays closest to the original image, so ZCA-whitened patches
    still look like the digits, with their edges enhanced.

    $$W_{\text{ZCA}} = U\,\mathrm{diag}\big(1/\sqrt{\lambda_j + \epsilon}\big)\,U^\top,
    \qquad \mathrm{Cov}(W_{\text{ZCA}}\, x) = U\,\mathrm{diag}\Big(\frac{\lambda_j}{\lambda_j+\epsilon}\Big)U^\top$$

    What to notice: both covariance matrices become the identity on the directions whose
    variance is well above $\epsilon$; PCA-whitened patches look like noise, ZCA-whitened
    ones keep the strokes."""
    X, _ = load_digits(return_X_y=True)
    if ctx.fast:
        X = X[:800]
    X = X / 16.0  # pixel intensities in [0, 1]
    n = len(X)
    eps = 1e-3
    zca = ZCA(epsilon=eps).fit(X)
    Z_zca = zca.transform(X)
    lam = zca.eigenvalues_
    top = int(np.sum(lam > 100 * eps))  # directions with variance far above epsilon
    pca = PCA(top, whiten=True, svd_solver="full").fit(X)
    Z_pca = pca.transform(X) * np.sqrt(n / (n - 1))  # PCA uses the 1/(n-1) covariance
    cov_zca = Z_zca.T @ Z_zca / n
    cov_pca = Z_pca.T @ Z_pca / n
    U = np.linalg.eigh(np.cov(X.T, bias=True))[1][:, ::-1][:, :top]
    cov_zca_top = U.T @ cov_zca @ U  # the ZCA covariance in the eigenbasis, top directions
    ctx.number("directions with variance > 100 epsilon", top)
    Xc = X - X.mean(0)
    # Every whitening is R W_zca with R orthogonal; PCA whitening (with the same epsilon) is
    # R = U^T. ZCA is the one whose output is closest to the centred input.
    U_all = np.linalg.eigh(np.cov(X.T, bias=True))[1][:, ::-1]
    Z_pca_eps = Z_zca @ U_all
    rot = Z_pca @ pca.components_  # PCA-whitened coordinates drawn back as pixel images
    dist_zca = float(np.mean(np.sum((Z_zca - Xc) ** 2, axis=1)))
    dist_pca = float(np.mean(np.sum((Z_pca_eps - Xc) ** 2, axis=1)))
    ctx.number("mean ||z - (x - mean)||^2: ZCA / PCA whitening", [round(dist_zca, 2),
                                                                  round(dist_pca, 2)])

    fig, axes = ctx.figure("whitening_covariances", 1, 3, figsize=(12, 3.8))
    for ax, C, title in zip(axes, (np.cov(X.T, bias=True), cov_pca, cov_zca),
                            ("pixel covariance", f"PCA-whitened ({top} axes)",
                             f"ZCA-whitened (epsilon = {eps:g})"), strict=True):
        v = np.abs(C).max()
        im = ax.imshow(C, cmap="RdBu_r", vmin=-v, vmax=v)
        ax.set_title(title)
        ax.set_xlabel("feature index")
        ax.set_ylabel("feature index")
        fig.colorbar(im, ax=ax, shrink=0.8, label="covariance")

    eps_show = 0.1  # a larger epsilon keeps the pixel noise down in the images
    Z_show = ZCA(epsilon=eps_show).fit_transform(X)
    fig, axes = ctx.figure("whitened_patches", 3, 8, figsize=(10, 4.2))
    for i in range(8):
        for row, img in enumerate((X[i], rot[i], Z_show[i])):
            axes[row, i].imshow(img.reshape(8, 8), cmap="gray_r")
            axes[row, i].axis("off")
    for row, name in enumerate(("original", "PCA-whitened", "ZCA-whitened")):
        axes[row, 0].set_title(name, fontsize=8, loc="left")
    fig.suptitle(f"PCA whitening ({top} axes, drawn back in pixel space) keeps no strokes; "
                 f"ZCA (epsilon = {eps_show:g}) does", fontsize=9)

    W = zca.whitening_matrix_
    ctx.check("the ZCA whitening matrix is symmetric", np.allclose(W, W.T, atol=1e-10))
    ctx.check("ZCA: the covariance is the identity on the directions with variance >> epsilon",
              np.allclose(cov_zca_top, np.eye(top), atol=1e-2),
              detail=f"max |C - I| = {np.abs(cov_zca_top - np.eye(top)).max():.2e}")
    ctx.check("PCA whitening: the covariance of the kept components is the identity",
              np.allclose(cov_pca, np.eye(top), atol=1e-8))
    ctx.check("ZCA-whitened data is closer to the original than PCA-whitened data (ZCA's optimality)",
              dist_zca < dist_pca, detail=f"{dist_zca:.2f} < {dist_pca:.2f}")
    ctx.check("PCA whitening with the same epsilon is ZCA rotated by U^T (same covariance spectrum)",
              np.allclose(np.linalg.eigvalsh(Z_pca_eps.T @ Z_pca_eps / n),
                          np.linalg.eigvalsh(cov_zca), atol=1e-9))
