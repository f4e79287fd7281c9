"""Demo: learning-rate schedules, their shapes, and why SGD needs decay."""

from __future__ import annotations

import numpy as np

from syllabus import autograd, nn, optim
from syllabus.data import DataLoader, TensorDataset
from syllabus.demos import register
from syllabus.optim import lr_scheduler
from syllabus.train import evaluate, fit

from .._plotting import COLORS


class _Param:
    """A stand-in parameter: schedules only touch the optimiser's learning rate."""

    data = np.zeros(1)
    grad = None


def _schedule(make, epochs: int, base_lr: float) -> np.ndarray:
    opt = optim.SGD([_Param()], lr=base_lr)
    sched = make(opt)
    lrs = []
    for _ in range(epochs):
        lrs.append(sched.get_last_lr()[0])
        sched.step()
    return np.array(lrs)



@register("lr_schedules", topic="optimisation", order=4,
          title="Learning-rate schedules: step, cosine, linear, inverse square root, warm-up")
def lr_schedules(ctx):
    r"""Learning-rate decays over $T$ epochs from a base rate $\alpha_0$: step (x0.1 at fixed
    milestones), linear, inverse square root, a linear warm-up followed by cosine decay, and cosine

    $$\alpha_t = \frac{\alpha_0}{2}\left(1 + \cos\frac{\pi t}{T}\right).$$

    The schedulers are checked against these closed forms. With a constant rate, mini-batch SGD
    on a noisy least-squares problem stalls at a noise floor proportional to the rate.

    What to notice: the same run with cosine or step decay (same milestones as in the left panel)
    ends orders of magnitude closer to the least-squares optimum; the table reports the same loss
    as the plot."""
    T, base = 100, 0.1
    t = np.arange(T)

    def milestones(total):
        return [round(0.3 * total), round(0.6 * total), round(0.9 * total)]

    schedules = {
        "step (x0.1 at 30%, 60%, 90%)": _schedule(lambda o: lr_scheduler.MultiStepLR(o, milestones(T), 0.1), T, base),
        "cosine": _schedule(lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=T), T, base),
        "linear": _schedule(lambda o: lr_scheduler.LinearLR(o, 1.0, 0.0, total_iters=T), T, base),
        "inverse sqrt": _schedule(lambda o: lr_scheduler.InverseSqrtLR(o), T, base),
        "warm-up 10 + cosine": _schedule(lambda o: lr_scheduler.SequentialLR(
            o, [lr_scheduler.LinearWarmupLR(o, warmup_steps=10),
                lr_scheduler.CosineAnnealingLR(o, T_max=T - 10)], milestones=[10]), T, base),
    }
    closed = {
        "step (x0.1 at 30%, 60%, 90%)": base * 0.1 ** np.searchsorted([30, 60, 90], t, side="right"),
        "cosine": 0.5 * base * (1 + np.cos(np.pi * t / T)),
        "linear": base * (1 - t / T),
        "inverse sqrt": base / np.sqrt(t + 1),
        "warm-up 10 + cosine": np.where(t < 10, base * t / 10,
                                        0.5 * base * (1 + np.cos(np.pi * (t - 10) / (T - 10)))),
    }
    worst = max(float(np.max(np.abs(schedules[k] - closed[k]))) for k in schedules)
    ctx.check("every scheduler follows the lecture's closed form", worst < 1e-12,
              detail=f"max |difference| {worst:.1e}")

    # ---- constant vs decayed rate for mini-batch SGD on noisy least squares
    rng = ctx.rng
    n, d = (256, 8) if ctx.fast else (512, 10)
    epochs = 20 if ctx.fast else 40
    X = rng.normal(size=(n, d))
    y = (X @ rng.normal(size=d) + 0.5 * rng.normal(size=n))[:, None]
    A = np.column_stack([X, np.ones(n)])
    coef, *_ = np.linalg.lstsq(A, y, rcond=None)
    optimum = float(np.mean((A @ coef - y) ** 2))
    excess, curves = {}, {}
    for name in ("constant", "cosine", "step"):
        autograd.manual_seed(ctx.seed)
        model = nn.Linear(d, 1, dtype=np.float64)
        opt = optim.SGD(model.parameters(), lr=0.05)
        sched = {"constant": None,
                 "cosine": lr_scheduler.CosineAnnealingLR(opt, T_max=epochs),
                 # the left panel's milestones, 30%, 60% and 90% of the training
                 "step": lr_scheduler.MultiStepLR(opt, milestones(epochs), 0.1)}[name]
        whole = DataLoader(TensorDataset(X, y), batch_size=n)
        # the "validation" loader is the whole training set: the loss of the current weights
        history = fit(model, nn.MSELoss(), opt,
                      DataLoader(TensorDataset(X, y), batch_size=4, shuffle=True, seed=ctx.seed),
                      whole, epochs=epochs, scheduler=sched, quiet=True)
        full = evaluate(model, nn.MSELoss(), whole)["loss"]
        excess[name] = full - optimum
        curves[name] = np.array(history.val_loss) - optimum
        ctx.number(f"{name} rate: final training loss - least-squares optimum", excess[name])
    ctx.check("the plotted curve ends at the reported loss (same quantity)",
              all(abs(curves[k][-1] - excess[k]) <= 1e-12 * max(1.0, excess[k]) for k in excess))
    ctx.check("cosine and step decay end >= 10x closer to the least-squares optimum than a "
              "constant rate", excess["cosine"] * 10 < excess["constant"]
              and excess["step"] * 10 < excess["constant"],
              detail=", ".join(f"{k}: {v:.2e}" for k, v in excess.items()))

    fig, axes = ctx.figure("schedules", 1, 2, figsize=(10, 3.8))
    for name, lrs in schedules.items():
        axes[0].plot(100 * t / T, lrs, label=name)
    axes[0].set(xlabel="progress of the training (% of the epochs)", ylabel="learning rate",
                title=f"Schedules (base rate {base:g})")
    axes[0].legend()
    # the same colour for the same schedule in both panels
    styles = {"constant": ("constant rate 0.05", "k"), "cosine": ("cosine", COLORS[1]),
              "step": ("step (x0.1 at 30%, 60%, 90%)", COLORS[0])}
    for name, (label, color) in styles.items():
        epochs_done = np.arange(1, len(curves[name]) + 1)
        axes[1].semilogy(100 * epochs_done / epochs, np.maximum(curves[name], 1e-16),
                         label=label, color=color)
    for m in milestones(epochs):
        axes[1].axvline(100 * m / epochs, color="0.7", ls=":", lw=1)
    axes[1].set(xlabel="progress of the training (% of the epochs)",
                ylabel="training loss - optimum (log scale)",
                title=f"Mini-batch SGD on least squares, {epochs} epochs")
    axes[1].legend()
