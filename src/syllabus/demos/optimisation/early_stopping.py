"""Demo: early stopping with patience on a validation curve."""

from __future__ import annotations

import numpy as np

from syllabus import autograd, nn, optim
from syllabus.data import DataLoader, TensorDataset
from syllabus.demos import register
from syllabus.train import EarlyStopping, evaluate, fit

from ._shared import mlp, noisy_digits


@register("early_stopping", topic="optimisation", order=9,
          title="Early stopping with patience on the validation loss")
def early_stopping(ctx):
    r"""Split the data into train, validation and test, monitor the validation loss and stop
    when it has not improved for `patience` epochs, keeping the best weights:

    $$\theta^\star = \theta_{t^\star}, \qquad t^\star = \arg\min_t L_{\text{val}}(\theta_t).$$

    A 64-256-256-10 network trained on 300 digits with 30% noisy labels first learns the digits,
    then memorises the noise. The run is made twice from the same seed, once to the end and once
    with EarlyStopping (patience 5).

    What to notice: the early-stopped history is exactly the beginning of the full one, and the
    restored best weights beat the weights at the end of the full run on the untouched test
    set."""
    epochs = 45 if ctx.fast else 80
    patience = 5
    X, y, Xv, yv, Xt, yt = noisy_digits(ctx.rng, 300, 500 if ctx.fast else 800, flip=0.3)
    loss_fn = nn.CrossEntropyLoss()
    val_loader = DataLoader(TensorDataset(Xv, yv), batch_size=len(yv))
    test_loader = DataLoader(TensorDataset(Xt, yt), batch_size=len(yt))

    def run(callbacks):
        autograd.manual_seed(ctx.seed)
        model = mlp(0.0)
        history = fit(model, loss_fn, optim.Adam(model.parameters(), lr=2e-3),
                      DataLoader(TensorDataset(X, y), batch_size=50, shuffle=True, seed=ctx.seed),
                      val_loader, epochs=epochs, callbacks=callbacks, quiet=True)
        return model, history

    full_model, full = run([])
    stopper = EarlyStopping(monitor="val_loss", patience=patience)
    model, stopped = run([stopper])
    k = len(stopped)
    best = int(np.argmin(stopped.val_loss))
    ctx.number("stopped_after_epoch", k)
    ctx.number("best_epoch", stopper.best_epoch)
    ctx.number("epochs_of_the_full_run", len(full))

    ctx.check("the early-stopped run is exactly the first epochs of the full run",
              stopped.val_loss == full.val_loss[:k] and stopped.train_loss == full.train_loss[:k],
              detail=f"{k} epochs compared")
    ctx.check(f"it stops {patience} epochs after the best validation loss, before the end",
              k == best + 1 + patience < epochs and stopper.best_epoch == best + 1,
              detail=f"best epoch {best + 1}, stopped after {k} of {epochs}")
    restored = evaluate(model, loss_fn, val_loader)["loss"]
    ctx.check("the restored weights have the best validation loss",
              restored == min(stopped.val_loss), detail=f"{restored:.6f} vs {min(stopped.val_loss):.6f}")
    test_stopped = evaluate(model, loss_fn, test_loader, ["accuracy"])
    test_full = evaluate(full_model, loss_fn, test_loader, ["accuracy"])
    for name, r in (("early_stopped", test_stopped), ("full_run", test_full)):
        ctx.number(f"test_loss_{name}", r["loss"])
        ctx.number(f"test_accuracy_{name}", r["accuracy"])
    ctx.check("on the test set the early-stopped weights beat the fully trained ones (loss)",
              test_stopped["loss"] < test_full["loss"],
              detail=f"{test_stopped['loss']:.4f} vs {test_full['loss']:.4f}")

    fig, ax = ctx.figure("validation_curve", figsize=(6.5, 4))
    ax.plot(full.epoch, full.train_loss, color="#0072B2", label="training loss")
    ax.plot(full.epoch, full.val_loss, color="#E69F00", label="validation loss")
    ax.axvline(best + 1, color="#009E73", ls="--", label=f"best epoch {best + 1}")
    ax.axvspan(best + 1, k, color="#009E73", alpha=0.15, label=f"patience ({patience})")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy")
    ax.legend(fontsize=8)
