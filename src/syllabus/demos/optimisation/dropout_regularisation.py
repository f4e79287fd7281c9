"""Demo: dropout reduces the train/validation gap of a network that memorises noisy labels."""

from __future__ import annotations

import numpy as np

from syllabus import autograd, nn, optim
from syllabus.data import DataLoader, TensorDataset
from syllabus.demos import register
from syllabus.train import evaluate, fit

from ._shared import mlp, noisy_digits


@register("dropout_regularisation", topic="optimisation", order=8,
          title="Dropout reduces the train/validation gap")
def dropout_regularisation(ctx):
    r"""Dropout turns off each hidden unit with probability $p$ at every training step; the
    survivors are rescaled (inverted dropout) so nothing changes at test time:

    $$\tilde h = \frac{m \odot h}{1 - p}, \qquad m_j \sim \text{Bernoulli}(1 - p).$$

    A 64-256-256-10 network is trained with Adam on 300 digits of which 30% carry a random label,
    with $p = 0$ and $p = 0.5$.

    What to notice: without dropout the network memorises the wrong labels (training accuracy near
    100%); with dropout it fits them less well but the validation accuracy is higher and the
    train/validation gap shrinks."""
    epochs = 45 if ctx.fast else 60
    X, y, Xv, yv, _, _ = noisy_digits(ctx.rng, 300, 500 if ctx.fast else 1000, flip=0.3)

    # Inverted dropout, as trained: zeros or x / (1 - p); identity in eval mode.
    layer = nn.Dropout(0.5)
    x = np.ones((200, 50), dtype=np.float32)
    train_out = layer(x).data
    kept = float(np.mean(train_out != 0))
    layer.eval()
    ctx.check("training-mode dropout outputs 0 or x / (1 - p) (about half kept); eval mode is "
              "the identity",
              set(np.unique(train_out).tolist()) <= {0.0, 2.0} and 0.45 < kept < 0.55
              and np.array_equal(layer(x).data, x), detail=f"kept fraction {kept:.3f}")

    results = {}
    for p in (0.0, 0.5):
        autograd.manual_seed(ctx.seed)
        model = mlp(p)
        history = fit(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr=2e-3),
                      DataLoader(TensorDataset(X, y), batch_size=50, shuffle=True, seed=ctx.seed),
                      DataLoader(TensorDataset(Xv, yv), batch_size=len(yv)), epochs=epochs,
                      metrics=["accuracy"], quiet=True)
        train_eval = evaluate(model, nn.CrossEntropyLoss(),
                              DataLoader(TensorDataset(X, y), batch_size=len(y)), ["accuracy"])
        results[p] = (history, train_eval["accuracy"], history["val_accuracy"][-1])
        ctx.number(f"p{p}_train_accuracy_on_noisy_labels", train_eval["accuracy"])
        ctx.number(f"p{p}_validation_accuracy", history["val_accuracy"][-1])
    gap = {p: r[1] - r[2] for p, r in results.items()}
    ctx.check("without dropout the network memorises the noisy labels (train accuracy > 0.9)",
              results[0.0][1] > 0.9, detail=f"{results[0.0][1]:.3f}")
    ctx.check("dropout shrinks the train-validation accuracy gap by > 0.1 and raises "
              "validation accuracy",
              gap[0.5] < gap[0.0] - 0.1 and results[0.5][2] > results[0.0][2],
              detail=f"gap {gap[0.0]:.3f} -> {gap[0.5]:.3f}; validation "
                     f"{results[0.0][2]:.3f} -> {results[0.5][2]:.3f}")

    fig, axes = ctx.figure("curves", 1, 2, figsize=(10, 3.8))
    for p, (h, _, _) in results.items():
        # one colour per dropout rate in both panels; dashed = training, solid = validation
        color = "#0072B2" if p == 0 else "#D55E00"
        axes[0].plot(h.epoch, h["train_accuracy"], "--", color=color, label=f"train, p = {p}")
        axes[0].plot(h.epoch, h["val_accuracy"], "-", color=color, label=f"validation, p = {p}")
        axes[1].plot(h.epoch, h.val_loss, color=color, label=f"validation, p = {p}")
    axes[0].set_ylabel("accuracy (train labels 30 % noisy)")
    axes[1].set_ylabel("validation loss (cross-entropy)")
    axes[0].set_title("Accuracy: dropout narrows the gap")
    axes[1].set_title("Validation loss")
    for ax in axes:
        ax.set_xlabel("epoch")
        ax.legend(fontsize=8)
