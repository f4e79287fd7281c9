"""Demo: denoising diffusion on the 8x8 digits; forward noising of a digit, reverse sampling."""

from __future__ import annotations

import numpy as np

from syllabus import autograd
from syllabus.demos import register
from syllabus.models import DDPM

from ._digit_samples import compare_with_digits, digits_pm1, independent_pixels, pm1_montage
from ._shared import train_ddpm


@register("ddpm_digits", topic="generative", order=65,
          title="Denoising diffusion (DDPM) on digits: a digit drowned in noise, digits drawn from noise")
def ddpm_digits(ctx):
    r"""The same diffusion model as on the swiss roll, now on 64-pixel digits scaled to
    $[-1, 1]$: the forward process drowns a digit in Gaussian noise in closed form, an MLP
    $\epsilon_\theta(x_t, t)$ learns to predict that noise, and ancestral sampling walks back
    from pure noise, clipping each step's estimate of the clean digit
    $\hat x_0 = (x_t - \sqrt{1 - \bar\alpha_t}\,\epsilon_\theta) / \sqrt{\bar\alpha_t}$ to the
    pixel range:

    $$x_t = \sqrt{\bar\alpha_t}\, x_0 + \sqrt{1 - \bar\alpha_t}\, \epsilon, \qquad
    x_{t-1} = \frac{\sqrt{\bar\alpha_{t-1}}\,\beta_t}{1 - \bar\alpha_t}\,\hat x_0
    + \frac{\sqrt{\alpha_t}\,(1 - \bar\alpha_{t-1})}{1 - \bar\alpha_t}\, x_t + \sqrt{\beta_t}\, z .$$

    The samples are compared with held-out digits by the energy distance, in pixel space and
    on the digits' first 10 principal coordinates, where an independent-pixel Gaussian (right
    mean and variance for every pixel, no correlations) is a second yardstick (the full tour
    checks that the samples beat it; the fast tour's briefly trained network does not); a
    5-nearest-neighbour classifier of real digits says which digit each sample looks like.

    What to notice: halfway through the forward process the digit is already unreadable; the
    reverse chain makes the strokes appear only in its last steps; the samples are far closer
    to the digits than the noise they start from, and they spread over all ten classes."""
    autograd.manual_seed(ctx.seed)
    rng = ctx.rng
    if ctx.fast:  # fast: a small network trained briefly; its samples are blotchy digits
        steps, hidden, n_hidden, n_steps, lr, n_eval = 300, 128, 2, 50, 3e-3, 300
    else:
        steps, hidden, n_hidden, n_steps, lr, n_eval = 6000, 256, 3, 100, 1e-3, 500
    X_train, y_train, X_test, y_test = digits_pm1()
    model = DDPM(64, n_steps=n_steps, schedule="linear", hidden_size=hidden, n_hidden=n_hidden)
    curve = train_ddpm(model, X_train, steps=steps, lr=lr, batch_size=128, rng=rng)
    samples, path = model.sample(n_eval, seed=ctx.seed + 1, clip_denoised=1.0, return_trajectory=True)

    m = compare_with_digits({"samples": samples, "noise": path[0], "data": X_train[:n_eval],
                             "independent": independent_pixels(X_train, n_eval, ctx.seed + 2)},
                            X_train, y_train, X_test, y_test)
    pixel, coords, share = m["pixel"], m["pca"], m["share"]["samples"]
    ctx.number("training steps (batch 128), diffusion steps T, hidden layers x width",
               [steps, n_steps, f"{n_hidden} x {hidden}"])
    ctx.number("pixel-space energy distance to held-out digits: samples, N(0, I) noise, training digits",
               [round(pixel["samples"], 3), round(pixel["noise"], 3), round(pixel["data"], 3)])
    ctx.number("energy distance on 10 principal coordinates: samples, independent pixels, training digits",
               [round(coords["samples"], 3), round(coords["independent"], 3), round(coords["data"], 3)])
    ratio = 0.25 if ctx.fast else 0.12
    ctx.check(f"reverse-diffusion samples are far closer to held-out digits than the noise they start "
              f"from (pixel-space energy distance below {ratio} of the noise's)",
              pixel["samples"] < ratio * pixel["noise"],
              detail=f"samples {pixel['samples']:.3f}, noise {pixel['noise']:.3f}, "
                     f"training digits {pixel['data']:.3f}")
    if not ctx.fast:  # 300 training steps of the small fast-mode network are not enough for this
        ctx.check("on the first 10 principal coordinates the samples are closer to the digits than an "
                  "independent-pixel Gaussian: they reproduce how pixels vary together",
                  coords["samples"] < coords["independent"],
                  detail=f"samples {coords['samples']:.3f}, independent pixels {coords['independent']:.3f}, "
                         f"training digits {coords['data']:.3f}")
    ctx.number("the 5-NN classifier's held-out accuracy on real digits", round(m["accuracy"], 3))
    ctx.number("share of samples classified as 0, 1, ..., 9", np.round(share, 3).tolist())
    floor = 0.01 if ctx.fast else 0.02  # fast: 300 samples of a briefly trained network
    ctx.check(f"the samples cover the ten digits: a 5-NN classifier of real digits assigns at "
              f"least {floor:.0%} of them to every class (no class left out)", share.min() >= floor,
              detail=f"smallest share {share.min():.3f} (digit {int(share.argmin())}), "
                     f"classifier accuracy on real digits {m['accuracy']:.3f}")

    # forward: four held-out digits at increasing t; reverse: four chains from noise to digit
    # the steps where the signal kept, alpha_bar_t, falls through these levels
    levels = [0.99, 0.9, 0.7, 0.5, 0.3, 0.1, 0.01]
    shown_t = np.unique([int(np.argmax(model.alpha_bars <= a)) for a in levels] + [n_steps - 1])
    remaining = np.concatenate([shown_t[::-1] + 1, [0]])  # the same t on the way back, then x_0
    digits = X_test[[np.flatnonzero(y_test == d)[0] for d in (0, 3, 5, 8)]]
    eps = np.random.default_rng(ctx.seed + 3).standard_normal(digits.shape)
    forward = np.stack([model.q_sample(digits, t, eps) for t in shown_t], axis=1)  # (4, 8, 64)
    reverse = path[n_steps - remaining][:, :4].transpose(1, 0, 2)  # (4, 9, 64): x_T ... x_0

    fig, axes = ctx.figure("ddpm_digits", 1, 3, figsize=(13, 3.4),
                           gridspec_kw={"width_ratios": [len(shown_t), len(remaining), 7]})
    axes[0].imshow(pm1_montage(forward, 4, len(shown_t)), cmap="gray_r", vmin=0, vmax=1)
    axes[0].set_xticks(np.arange(len(shown_t)) * 9 + 3.5,
                       [f"{t + 1}\n{model.alpha_bars[t]:.2f}" for t in shown_t])
    axes[0].set_yticks([])
    axes[0].set_xlabel(r"forward step t, signal kept $\bar\alpha_t$")
    axes[0].set_title(r"forward: $x_t = \sqrt{\bar\alpha_t}x_0 + \sqrt{1-\bar\alpha_t}\epsilon$")
    axes[1].imshow(pm1_montage(reverse, 4, len(remaining)), cmap="gray_r", vmin=0, vmax=1)
    axes[1].set_xticks(np.arange(len(remaining)) * 9 + 3.5, [str(r) for r in remaining])
    axes[1].set_yticks([])
    axes[1].set_xlabel("reverse steps remaining")
    axes[1].set_title("reverse: from noise $x_T$ to a digit $x_0$")
    axes[2].imshow(pm1_montage(samples[:49], 7, 7), cmap="gray_r", vmin=0, vmax=1)
    axes[2].axis("off")
    axes[2].set_title(f"49 samples ({steps} training steps)")

    if not ctx.fast:
        fig2, ax = ctx.figure("ddpm_digits_training", 1, 1, figsize=(5, 3.4))
        window = max(steps // 30, 1)
        ax.plot(np.arange(window, steps + 1), np.convolve(curve, np.ones(window) / window, "valid"))
        ax.set_yscale("log")
        ax.set_xlabel("training step")
        ax.set_ylabel(f"MSE of predicted noise (mean of {window})")
        ax.set_title(r"Training: $\|\epsilon - \epsilon_\theta(x_t, t)\|^2$")
