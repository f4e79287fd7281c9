"""Demo: a VQ-VAE on digits -- a discrete code, reconstructions, codebook usage and dead codes."""

from __future__ import annotations

import numpy as np

from syllabus.autograd import manual_seed, no_grad
from syllabus.demos import register
from syllabus.demos._plotting import montage
from syllabus.models import VQVAE

from ._ae_training import COLOURS, digits01, train

K = 32


@register("vqvae_digits", topic="generative", order=30,
          title="VQ-VAE on digits: discrete codes, reconstructions, codebook usage")
def vqvae_digits(ctx):
    r"""A VQ-VAE encodes each digit to 4 vectors in the plane and replaces each by its nearest
    entry of a learned codebook of 32 vectors, so a digit becomes 4 integers. The arg-min has
    no gradient: the straight-through estimator copies the decoder's gradient to the encoder,
    the codebook loss moves the chosen codes towards the encoder outputs and the commitment
    loss keeps the encoder near its codes. Codes that no input picks receive no gradient and
    stay dead.

    $$k = \arg\min_j \lVert z_e - e_j \rVert^2, \quad z_q = z_e + \mathrm{sg}(e_k - z_e), \quad
    L = \lVert x - \hat x \rVert^2 + \lVert \mathrm{sg}(z_e) - e_k \rVert^2
    + \beta\,\lVert z_e - \mathrm{sg}(e_k) \rVert^2$$

    What to notice: 4 indices out of 32 describe a digit well enough to redraw it; the
    encoder outputs cluster around the codes, and the histogram shows how evenly the codebook
    is used and how many codes are dead."""
    X, y = digits01(600 if ctx.fast else None)
    n_train = len(X) * 3 // 4
    X_train, X_test = X[:n_train], X[n_train:]
    manual_seed(ctx.seed)
    vq = VQVAE(64, 128, num_embeddings=K, embedding_dim=2, num_latents=4)
    with no_grad():
        start_terms = [t.item() for t in vq.loss_terms(X_test)]
    if ctx.fast:
        history = train(vq, X_train, epochs=25, seed=ctx.seed, lr=1e-2, batch_size=32)
    else:
        history = train(vq, X_train, epochs=200, seed=ctx.seed, lr=3e-3)
    with no_grad():
        rec, _, commit = (t.item() for t in vq.loss_terms(X_test))
        z_e = vq.encode(X_test).data
        recon = vq(X_test).data
    usage = vq.codebook_usage(X_train)
    dead = int((usage == 0).sum())
    codes = vq.encode_indices(X_train)
    distinct = len({tuple(c) for c in codes})
    baseline = float(np.mean((X_test - X_train.mean(axis=0)) ** 2))
    spread = float(z_e.reshape(-1, 2).var(axis=0).sum())
    gap = 2 * commit  # the commitment term is a mean over the 2 coordinates
    ctx.number("held-out pixel MSE: VQ-VAE, mean digit", (round(rec, 4), round(baseline, 4)))
    ctx.number("dead codes (never chosen on the training digits)", dead)
    ctx.number("distinct 4-index codes among the training digits", distinct)
    ctx.number("held-out mean ||z_e - e_k||^2 at the start and the end",
               (round(2 * start_terms[2], 5), round(gap, 5)))
    ctx.check("the reconstruction error falls below half that of predicting the mean digit",
              rec < 0.5 * baseline, detail=f"{rec:.4f} < 0.5 x {baseline:.4f}")
    ctx.check("digits use more distinct codes than the codebook has entries (4 indices combine)",
              distinct > K, detail=f"{distinct} distinct codes, K = {K}")
    ctx.check("encoder outputs sit close to their codes: the quantisation error is under 10% of "
              "the spread of z_e", gap < 0.1 * spread,
              detail=f"mean ||z_e - e_k||^2 = {gap:.4f}, total variance of z_e {spread:.4f}")

    fig, axes = ctx.figure("codebook", 1, 3, figsize=(14, 4))
    axes[0].plot(np.arange(1, len(history) + 1), history, color=COLOURS[0])
    axes[0].set_yscale("log")
    axes[0].set_xlabel("epoch")
    axes[0].set_ylabel("training loss (log scale)")
    axes[0].set_title("reconstruction + codebook + 0.25 commitment")
    points = z_e.reshape(-1, 2)
    axes[1].scatter(*points.T, s=3, color=COLOURS[5], alpha=0.4, label="encoder outputs z_e")
    book = vq.codebook.weight.data
    alive = usage > 0
    axes[1].scatter(*book[alive].T, s=40, marker="x", color=COLOURS[0], label="codes in use")
    if dead:
        axes[1].scatter(*book[~alive].T, s=40, marker="x", color=COLOURS[3], label="dead codes")
    axes[1].set_xlabel("latent dimension 1")
    axes[1].set_ylabel("latent dimension 2")
    axes[1].set_title("codebook and encoder outputs (held-out)")
    axes[1].legend(fontsize=8, loc="best")
    order = np.argsort(-usage)
    axes[2].bar(np.arange(K), usage[order], color=[COLOURS[0] if u else COLOURS[3] for u in usage[order]])
    axes[2].set_xlabel("code (sorted by use)")
    axes[2].set_ylabel("times chosen on training digits")
    axes[2].set_title(f"codebook usage: {dead} dead of {K}")

    fig, ax = ctx.figure("reconstructions", 1, 1, figsize=(9, 2.6))
    test_codes = vq.encode_indices(X_test)
    ax.imshow(montage(np.concatenate([X_test[:10], recon[:10]]), 2, 10), cmap="gray_r", vmin=0, vmax=1)
    ax.set_xticks(np.arange(10) * 9 + 3.5, ["\n".join(map(str, c)) for c in test_codes[:10]], fontsize=7)
    ax.set_yticks([4, 13], ["original", "VQ-VAE"])
    ax.set_xlabel("code indices of each digit")
    ax.set_title("held-out digits and their reconstructions from 4 code indices")
