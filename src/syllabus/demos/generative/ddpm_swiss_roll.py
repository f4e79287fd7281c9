"""Demo: denoising diffusion on a swiss roll; the forward noising process and reverse sampling."""

from __future__ import annotations

import numpy as np

from syllabus import autograd
from syllabus.demos import register
from syllabus.demos._plotting import COLORS
from syllabus.models import DDPM

from ._shared import train_ddpm
from ._toy2d import energy_distance, swiss_roll


@register("ddpm_swiss_roll", topic="generative", order=60,
          title="Denoising diffusion (DDPM) on a swiss roll: noising forward, sampling backward")
def ddpm_swiss_roll(ctx):
    r"""The forward process adds a little Gaussian noise at each of $T$ steps until the data
    is pure noise; its marginals have a closed form, so training draws any step directly. A
    small MLP $\epsilon_\theta(x_t, t)$ (with a sinusoidal embedding of $t$) learns to predict
    the noise that was added, and sampling runs the chain backwards from $x_T \sim \mathcal
    N(0, I)$:

    $$x_t = \sqrt{\bar\alpha_t}\, x_0 + \sqrt{1 - \bar\alpha_t}\, \epsilon, \qquad
    x_{t-1} = \frac{1}{\sqrt{\alpha_t}}\Big(x_t - \frac{\beta_t}{\sqrt{1 - \bar\alpha_t}}
    \epsilon_\theta(x_t, t)\Big) + \sqrt{\beta_t}\, z .$$

    The samples are compared with fresh data by the energy distance
    $2\mathbb E|X - Y| - \mathbb E|X - X'| - \mathbb E|Y - Y'|$, zero only for equal
    distributions.

    What to notice: the reverse chain first moves the cloud as a whole and only in the last
    steps pulls the points onto the thin spiral; the samples' energy distance to the data is
    a small fraction of the noise's, close to that of a second data sample."""
    autograd.manual_seed(ctx.seed)
    rng = ctx.rng
    steps, hidden, n_steps, lr, n_eval = (300, 64, 50, 3e-3, 600) if ctx.fast else (6000, 128, 100, 2e-3, 1000)
    X = swiss_roll(5000, rng)
    model = DDPM(2, n_steps=n_steps, schedule="linear", hidden_size=hidden)
    curve = train_ddpm(model, X, steps=steps, lr=lr, batch_size=256, rng=rng)
    samples, path = model.sample(n_eval, seed=ctx.seed + 1, return_trajectory=True)
    fresh = swiss_roll(n_eval, np.random.default_rng(ctx.seed + 2))
    other = swiss_roll(n_eval, np.random.default_rng(ctx.seed + 3))
    e_samples, e_noise = energy_distance(samples, fresh), energy_distance(path[0], fresh)
    e_data = energy_distance(other, fresh)
    ratio = 0.35 if ctx.fast else 0.1
    ctx.number("training steps (batch 256), diffusion steps T", [steps, n_steps])
    ctx.number("energy distance to fresh data: samples, N(0, I) noise, another data sample",
               [round(e_samples, 4), round(e_noise, 4), round(e_data, 4)])
    ctx.check(f"reverse-diffusion samples are far closer to the data than the noise they start from "
              f"(energy distance below {ratio} of the noise's)", e_samples < ratio * e_noise,
              detail=f"samples {e_samples:.4f}, noise {e_noise:.4f}, data vs data {e_data:.4f}")
    ctx.check("the epsilon-prediction loss falls below the untrained predictor's (about 1)",
              np.mean(curve[-20:]) < 0.75 * np.mean(curve[:5]),
              detail=f"{np.mean(curve[:5]):.3f} -> {np.mean(curve[-20:]):.3f}")

    lim = 3.5
    # fast: three panels (each costs ~0.15 s of drawing)
    shown = [0, n_steps // 4, n_steps - 1] if ctx.fast else [0, n_steps // 10, n_steps // 4, n_steps // 2, n_steps - 1]
    noise = np.random.default_rng(ctx.seed + 4).standard_normal((1000, 2))
    clean = X[:1000]
    fig, axes = ctx.figure("ddpm_forward_process", 1, len(shown), figsize=(2.8 * len(shown), 3.2))
    for ax, t in zip(axes, shown):
        ax.scatter(*model.q_sample(clean, t, noise).T, s=3, color=COLORS[0], alpha=0.5)
        ax.set_title(rf"$t = {t + 1}$: $\bar\alpha_t = {model.alpha_bars[t]:.3f}$")
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.set_xlabel("$x_1$")
    axes[0].set_ylabel("$x_2$")

    def draw(fig, ax, remaining):
        x = path[n_steps - remaining]
        ax.scatter(*fresh.T, s=3, color=COLORS[5], alpha=0.3, label="data")
        ax.scatter(*x.T, s=3, color=COLORS[3], alpha=0.6, label=f"$x_{{{remaining}}}$")
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_title(f"reverse chain: {remaining} steps left" if remaining else "samples $x_0$")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), markerscale=3, fontsize=7)

    # fast: two frames, noise and samples (each costs a figure); full: six
    remaining = [n_steps, 0] if ctx.fast else sorted(
        {n_steps, int(n_steps * 0.6), n_steps // 4, n_steps // 10, n_steps // 20, 0}, reverse=True)
    ctx.frames("ddpm_reverse", "steps remaining", remaining, draw, animate=True, figsize=(4.6, 4.6))

    fig2, axes2 = ctx.figure("ddpm_schedule_and_loss", 1, 2, figsize=(10, 3.6))
    t_axis = np.arange(1, n_steps + 1)
    cosine = DDPM(2, n_steps=n_steps, schedule="cosine", hidden_size=1, n_hidden=1, time_dim=2)
    axes2[0].plot(t_axis, model.alpha_bars, label=r"linear $\beta_t$ (used here)")
    axes2[0].plot(t_axis, cosine.alpha_bars, label=r"cosine (Nichol & Dhariwal)")
    axes2[0].set_xlabel("diffusion step t")
    axes2[0].set_ylabel(r"$\bar\alpha_t$ (signal kept)")
    axes2[0].set_title("Noise schedules")
    axes2[0].legend(fontsize=7)
    window = max(steps // 30, 1)
    axes2[1].plot(np.arange(window, steps + 1), np.convolve(curve, np.ones(window) / window, "valid"))
    axes2[1].set_xlabel("training step")
    axes2[1].set_ylabel(f"MSE of predicted noise (mean of {window})")
    axes2[1].set_title(r"Training: $\|\epsilon - \epsilon_\theta(x_t, t)\|^2$")
