"""Demo: a linear auto-encoder finds PCA's subspace; a non-linear one beats it."""

from __future__ import annotations

import numpy as np

from syllabus import optim
from syllabus.autograd import manual_seed, no_grad
from syllabus.decomposition import PCA
from syllabus.demos import register
from syllabus.demos._plotting import montage
from syllabus.models import AutoEncoder

from ._ae_training import COLOURS, digits01, train


def _linear_autoencoder(X: np.ndarray, k: int, seed: int, iterations: int) -> AutoEncoder:
    """A linear auto-encoder fitted full-batch by L-BFGS in float64."""
    manual_seed(seed)
    ae = AutoEncoder(X.shape[1], k, hidden_sizes=(), dtype=np.float64)
    opt = optim.LBFGS(ae.parameters(), max_iter=iterations, tolerance_grad=1e-10,
                      tolerance_change=1e-14, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = ae.loss(X)
        loss.backward()
        return loss

    opt.step(closure)
    return ae


def _error(X: np.ndarray, recon: np.ndarray) -> float:
    return float(np.mean(np.sum((X - recon) ** 2, axis=1)))


@register("ae_vs_pca", topic="generative", order=10,
          title="Auto-encoders vs PCA on digits: the linear AE is PCA, the non-linear AE beats it")
def ae_vs_pca(ctx):
    r"""An auto-encoder compresses each 8x8 digit to a code of k numbers and decodes it back,
    trained on the squared reconstruction error. With linear encoder and decoder the best it
    can do is project onto PCA's first k principal axes (Baldi and Hornik): the fitted error
    equals PCA's for every k. Adding ReLU hidden layers (64-128-64-2 and back) lets a
    2-number code follow the curved shape of the digit set and reconstruct better than
    PCA's best plane, on digits it was not trained on.

    $$\min_{f, g}\ \frac1n \sum_i \lVert x_i - g(f(x_i)) \rVert^2, \qquad
    f(x) = W_e x + b_e,\ g(z) = W_d z + b_d \ \Rightarrow\ \text{PCA's error } \tfrac{n-1}{n}\sum_{j>k}\lambda_j$$

    What to notice: the linear AE's errors sit exactly on PCA's curve; the non-linear AE's
    2-D code separates the digit classes more cleanly than PCA's first two axes, and its
    held-out error is below PCA's with the same k = 2."""
    X, y = digits01(600 if ctx.fast else None)
    n_train = len(X) * 3 // 4
    X_train, X_test, y_test = X[:n_train], X[n_train:], y[n_train:]
    X64 = X_train.astype(np.float64)
    ks = [2] if ctx.fast else [1, 2, 4, 8]
    pca_err, lin_err = [], []
    for k in ks:
        pca = PCA(k, svd_solver="full").fit(X64)
        pca_err.append(_error(X64, pca.inverse_transform(pca.transform(X64))))
        with no_grad():
            lin_err.append(_linear_autoencoder(X64, k, ctx.seed, 300 if ctx.fast else 600).loss(X64).item())
    gap = max(abs(a - b) / b for a, b in zip(lin_err, pca_err, strict=True))
    ctx.number("PCA training error for k = " + ", ".join(map(str, ks)), [round(e, 4) for e in pca_err])
    ctx.number("linear AE training error, same k", [round(e, 4) for e in lin_err])
    tol = 1e-3 if ctx.fast else 1e-5  # fast: a shorter L-BFGS run on fewer digits
    ctx.check(f"the linear AE's reconstruction error equals PCA's for every k (relative gap "
              f"< {tol:g}): it spans the principal subspace",
              gap < tol, detail=f"largest relative gap {gap:.2e}")

    manual_seed(ctx.seed)
    ae = AutoEncoder(64, 2, hidden_sizes=(128, 64))
    if ctx.fast:
        history = train(ae, X_train, epochs=20, seed=ctx.seed, lr=1e-2, batch_size=32)
    else:
        history = train(ae, X_train, epochs=200, seed=ctx.seed, lr=3e-3)
    pca2 = PCA(2, svd_solver="full").fit(X_train)
    with no_grad():
        ae_recon, codes = ae(X_test).data, ae.encode(X_test).data
    pca_recon = pca2.inverse_transform(pca2.transform(X_test))
    ae_test, pca_test = _error(X_test, ae_recon), _error(X_test, pca_recon)
    ctx.number("held-out error, k = 2: PCA, non-linear AE", [round(pca_test, 3), round(ae_test, 3)])
    ctx.check("the non-linear AE (64-128-64-2) reconstructs held-out digits better than PCA with k = 2",
              ae_test < pca_test, detail=f"AE {ae_test:.3f} < PCA {pca_test:.3f}")

    fig, axes = ctx.figure("errors_and_training", 1, 2, figsize=(11, 4))
    all_k = np.arange(1, 17)
    full = PCA(svd_solver="full").fit(X64)
    discarded = (n_train - 1) / n_train * full.explained_variance_[::-1].cumsum()[::-1]
    axes[0].plot(all_k, discarded[all_k], "-", color=COLOURS[0], lw=3, alpha=0.5,
                 label="PCA (discarded variance)")
    axes[0].plot(ks, lin_err, "o", color=COLOURS[3], label="linear AE (L-BFGS)")
    axes[0].plot([2], [_error(X_train, ae(X_train).data)], "*", ms=14, color=COLOURS[2],
                 label="non-linear AE, k = 2")
    axes[0].set_xscale("log", base=2)
    axes[0].set_xlabel("code size k")
    axes[0].set_ylabel("mean squared error per digit (training)")
    axes[0].set_title("reconstruction error vs code size")
    axes[0].legend(fontsize=8)
    axes[1].plot(np.arange(1, len(history) + 1), history, color=COLOURS[2], label="non-linear AE")
    axes[1].axhline(pca_err[ks.index(2)], color=COLOURS[0], ls="--", label="PCA, k = 2")
    axes[1].set_xlabel("epoch")
    axes[1].set_ylabel("training error per digit")
    axes[1].set_title("non-linear AE training (Adam)")
    axes[1].legend(fontsize=8)

    fig, axes = ctx.figure("latent_spaces", 1, 2, figsize=(11, 4.5))
    for ax, Z, name in [(axes[0], pca2.transform(X_test), "PCA: first two principal axes"),
                        (axes[1], codes, "non-linear AE: the 2-D code")]:
        for d in range(10):
            ax.scatter(*Z[y_test == d].T, s=10, color=COLOURS[d], marker="o" if d < 8 else "^",
                       label=str(d))
        ax.set_title(name + " (held-out digits)")
        ax.set_xlabel("z1")
        ax.set_ylabel("z2")
    axes[1].legend(fontsize=7, ncol=2, title="digit", loc="upper left", bbox_to_anchor=(1.01, 1.0))

    fig, ax = ctx.figure("reconstructions", 1, 1, figsize=(8, 3.4))
    rows = np.concatenate([X_test[:10], pca_recon[:10], ae_recon[:10]])
    ax.imshow(montage(rows, 3, 10), cmap="gray_r", vmin=0, vmax=1)
    ax.set_xticks([])
    ax.set_yticks([4, 13, 22], ["original", "PCA, k = 2", "AE, k = 2"])
    ax.set_title("held-out digits and their reconstructions from a 2-number code")
