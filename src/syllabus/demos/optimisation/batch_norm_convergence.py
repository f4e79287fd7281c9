"""Demo: batch normalisation makes a deep sigmoid network trainable and fast to converge."""

from __future__ import annotations

import numpy as np

from syllabus import autograd, nn, optim
from syllabus.data import DataLoader, TensorDataset
from syllabus.datasets import load_digits
from syllabus.demos import register
from syllabus.train import fit


def _deep_sigmoid_net(batch_norm: bool, depth: int = 6, width: int = 64) -> nn.Sequential:
    layers, n_in = [], 64
    for _ in range(depth):
        layers.append(nn.Linear(n_in, width))
        if batch_norm:  # normalise the pre-activation z, then apply the non-linearity
            layers.append(nn.BatchNorm1d(width))
        layers.append(nn.Sigmoid())
        n_in = width
    layers.append(nn.Linear(n_in, 10))
    return nn.Sequential(*layers)


@register("batch_norm_convergence", topic="optimisation", order=7,
          title="Batch normalisation speeds up convergence")
def batch_norm_convergence(ctx):
    r"""Batch normalisation normalises each layer's pre-activations over the mini-batch and
    rescales them with learned $\gamma$ and $\beta$:

    $$\hat z = \frac{z - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}, \qquad y = \gamma \hat z + \beta.$$

    The same 6-hidden-layer sigmoid network is trained on digits with the same SGD with momentum,
    batches and epochs, with and without a BatchNorm1d before each sigmoid.

    What to notice: without it the gradients vanish and the loss hardly moves from $\log 10$;
    with it the network learns within a few epochs."""
    X, y = load_digits(return_X_y=True)
    X = (X / 16.0).astype(np.float32)
    order = ctx.rng.permutation(len(X))
    n_train = 800 if ctx.fast else 1300
    train, val = order[:n_train], order[n_train:]
    epochs = 6 if ctx.fast else 15

    # What a BatchNorm1d layer does to a batch at initialisation (gamma = 1, beta = 0).
    bn = nn.BatchNorm1d(64)
    z = ctx.rng.normal(3.0, 5.0, size=(128, 64)).astype(np.float32)
    out = bn(z).data.astype(np.float64)
    expected_var = z.var(axis=0, dtype=np.float64) / (z.var(axis=0, dtype=np.float64) + bn.eps)
    ctx.check("in training mode BatchNorm1d outputs per-feature mean 0 and variance "
              "var / (var + eps) ~ 1",
              np.abs(out.mean(axis=0)).max() < 1e-5
              and np.allclose(out.var(axis=0), expected_var, rtol=1e-4),
              detail=f"max |mean| {np.abs(out.mean(axis=0)).max():.1e}, "
                     f"max |var - expected| {np.abs(out.var(axis=0) - expected_var).max():.1e}")

    histories = {}
    for batch_norm in (False, True):
        autograd.manual_seed(ctx.seed)
        model = _deep_sigmoid_net(batch_norm)
        loader = DataLoader(TensorDataset(X[train], y[train]), batch_size=64, shuffle=True,
                            seed=ctx.seed)
        val_loader = DataLoader(TensorDataset(X[val], y[val]), batch_size=len(val))
        histories[batch_norm] = fit(
            model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.05, momentum=0.9),
            loader, val_loader, epochs=epochs, metrics=["accuracy"], quiet=True)
    plain, normed = histories[False], histories[True]
    for name, h in (("without_bn", plain), ("with_bn", normed)):
        ctx.number(f"final_train_loss_{name}", h.train_loss[-1])
        ctx.number(f"final_val_accuracy_{name}", h["val_accuracy"][-1])
    ctx.check("with batch norm the training loss ends below half of the plain network's",
              normed.train_loss[-1] < 0.5 * plain.train_loss[-1],
              detail=f"{normed.train_loss[-1]:.3f} vs {plain.train_loss[-1]:.3f} "
                     f"(log 10 = {np.log(10):.3f})")
    ctx.check("with batch norm validation accuracy > 0.85; without, < 0.5 after the same epochs",
              normed["val_accuracy"][-1] > 0.85 and plain["val_accuracy"][-1] < 0.5,
              detail=f"{normed['val_accuracy'][-1]:.3f} vs {plain['val_accuracy'][-1]:.3f}")

    fig, axes = ctx.figure("curves", 1, 2, figsize=(10, 3.8))
    for label, h in (("plain", plain), ("batch norm", normed)):
        axes[0].plot(h.epoch, h.train_loss, "o-", ms=3, label=label)
        axes[1].plot(h.epoch, h["val_accuracy"], "o-", ms=3, label=label)
    axes[0].axhline(np.log(10), color="0.6", ls=":", label="log 10 (chance)")
    axes[0].set_ylabel("training loss")
    axes[1].set_ylabel("validation accuracy")
    for ax in axes:
        ax.set_xlabel("epoch")
        ax.legend(fontsize=8)
