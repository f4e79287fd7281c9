"""Demo: a convolutional auto-encoder against a dense one with the same code size."""

from __future__ import annotations

import numpy as np

from syllabus.autograd import manual_seed, no_grad
from syllabus.decomposition import PCA
from syllabus.demos import register
from syllabus.demos._plotting import montage
from syllabus.models import AutoEncoder, ConvAutoEncoder

from ._ae_training import COLOURS, digits01, train

K = 8  # code size of both auto-encoders and of PCA


def _error(X: np.ndarray, recon: np.ndarray) -> float:
    return float(np.mean(np.sum((X - recon.reshape(X.shape)) ** 2, axis=1)))


@register("conv_autoencoder", topic="generative", order=15,
          title="A convolutional auto-encoder vs a dense one with the same 8-number code")
def conv_autoencoder(ctx):
    r"""The convolutional auto-encoder reads a digit as an image: two $3\times3$ convolutions
    of stride 2 (8x8 to 4x4 to 2x2, 16 then 32 channels) and a linear map to an 8-number
    code; the decoder mirrors them with transposed convolutions. Each filter is shared across
    positions, so it has fewer weights than a dense auto-encoder (64-128-8 and back) with the
    same code size. Both minimise the squared reconstruction error with Adam and are compared
    with PCA's best 8-dimensional plane on held-out digits:

    $$\hat x = g(f(x)), \quad f = \mathrm{Linear} \circ \mathrm{ReLU} \circ \mathrm{Conv}_{s=2}
    \circ \mathrm{ReLU} \circ \mathrm{Conv}_{s=2}, \qquad \min \frac1n\sum_i \lVert x_i - \hat x_i
    \rVert^2 .$$

    What to notice: with the full training both non-linear codes beat PCA's plane and the
    convolutional one gets there with about 40% fewer parameters; on 8x8 digits, which have
    few positions to share a filter over, it still trails the dense network, and it is several
    times slower to train (the fast tour's short run only shows it learning)."""
    X, _ = digits01(600 if ctx.fast else None)
    n_train = len(X) * 3 // 4
    X_train, X_test = X[:n_train], X[n_train:]
    epochs, lr, batch = (12, 1e-2, 32) if ctx.fast else (100, 3e-3, 64)
    manual_seed(ctx.seed)
    conv = ConvAutoEncoder(1, 8, K)
    conv_history = train(conv, X_train.reshape(-1, 1, 8, 8), epochs=epochs, seed=ctx.seed, lr=lr,
                         batch_size=batch)
    manual_seed(ctx.seed)
    dense = AutoEncoder(64, K, hidden_sizes=(128,))
    dense_history = train(dense, X_train, epochs=epochs, seed=ctx.seed, lr=lr, batch_size=batch)
    pca = PCA(K, svd_solver="full").fit(X_train)
    with no_grad():
        recon = {"PCA": pca.inverse_transform(pca.transform(X_test)),
                 "dense AE": dense(X_test).data,
                 "conv AE": conv(X_test.reshape(-1, 1, 8, 8)).data.reshape(-1, 64)}
        conv_train = _error(X_train, conv(X_train.reshape(-1, 1, 8, 8)).data)
        dense_train = _error(X_train, dense(X_train).data)
    errors = {"mean digit": _error(X_test, np.broadcast_to(X_train.mean(0), X_test.shape))}
    errors.update({name: _error(X_test, r) for name, r in recon.items()})
    params = {name: int(sum(p.data.size for p in m.parameters()))
              for name, m in [("dense AE", dense), ("conv AE", conv)]}
    ctx.number("parameters: dense AE, conv AE", [params["dense AE"], params["conv AE"]])
    ctx.number(f"held-out squared error per digit (k = {K})", {k: round(v, 3) for k, v in errors.items()})
    ctx.number("training error per digit: dense AE, conv AE", [round(dense_train, 3), round(conv_train, 3)])
    ctx.check("the conv AE learns: its held-out error is below 60% of that of predicting the mean digit",
              errors["conv AE"] < 0.6 * errors["mean digit"],
              detail=f"conv AE {errors['conv AE']:.3f}, mean digit {errors['mean digit']:.3f}")
    if not ctx.fast:  # 12 short epochs do not get the conv AE past PCA
        ctx.check(f"with the same {K}-number code both auto-encoders reconstruct held-out digits "
                  f"better than PCA's best {K}-dimensional plane",
                  max(errors["conv AE"], errors["dense AE"]) < errors["PCA"],
                  detail=f"conv {errors['conv AE']:.3f}, dense {errors['dense AE']:.3f}, "
                         f"PCA {errors['PCA']:.3f}")

    fig, axes = ctx.figure("conv_vs_dense", 1, 3, figsize=(14, 3.4),
                           gridspec_kw={"width_ratios": [2.2, 1, 1]})
    rows = np.concatenate([X_test[:10]] + [recon[name][:10] for name in recon])
    axes[0].imshow(montage(np.clip(rows, 0, 1), 4, 10), cmap="gray_r", vmin=0, vmax=1)
    axes[0].set_xticks([])
    axes[0].set_yticks([4, 13, 22, 31], ["original", *recon])
    axes[0].set_title(f"held-out digits and their reconstructions from {K} numbers")
    names = list(errors)
    axes[1].barh(names, [errors[n] for n in names], color=[COLOURS[8], COLOURS[0], COLOURS[2], COLOURS[3]])
    axes[1].invert_yaxis()
    axes[1].set_xlabel("held-out squared error per digit")
    axes[1].set_title("reconstruction error")
    for i, n in enumerate(names):
        if n in params:
            axes[1].text(errors[n], i, f" {params[n]:,} weights", va="center", fontsize=7)
    axes[1].set_xlim(0, 1.45 * max(errors.values()))
    epochs_axis = np.arange(1, epochs + 1)
    axes[2].plot(epochs_axis, dense_history, color=COLOURS[2], label="dense AE")
    axes[2].plot(epochs_axis, conv_history, color=COLOURS[3], label="conv AE")
    axes[2].axhline(errors["PCA"], color=COLOURS[0], ls="--", label=f"PCA, k = {K} (held-out)")
    axes[2].set_yscale("log")
    axes[2].set_xlabel("epoch")
    axes[2].set_ylabel("training error per digit")
    axes[2].set_title("training (Adam)")
    axes[2].legend(fontsize=7)
