"""Demo: a GAN learns to draw 8x8 digits; samples over training, class coverage."""

from __future__ import annotations

import numpy as np

from syllabus import autograd, optim
from syllabus.demos import register
from syllabus.demos._plotting import COLORS
from syllabus.models import GAN

from ._digit_samples import compare_with_digits, digits_pm1, independent_pixels, pm1_montage
from ._shared import draw_gan_losses


@register("gan_digits", topic="generative", order=45,
          title="A GAN on digits: samples over training and which digits it draws")
def gan_digits(ctx):
    r"""The GAN of the ring demo, now on 64-pixel digits scaled to $[-1, 1]$: the generator
    maps 16 Gaussian numbers (8 in the fast tour) through two ReLU layers to 64 pixels
    squashed by $\tanh$, the discriminator (LeakyReLU) scores real against generated digits,
    and they are trained in alternation with the non-saturating loss:

    $$\min_D \; -\mathbb E_x \log\sigma(D(x)) - \mathbb E_z \log(1 - \sigma(D(G(z)))),\qquad
    \min_G \; -\mathbb E_z \log \sigma(D(G(z))).$$

    The same noise vectors are decoded after each stage of training. The samples are compared
    with held-out digits by the energy distance, in pixel space and on the digits' first 10
    principal coordinates (against an independent-pixel Gaussian with each pixel's mean and
    variance), and a 5-nearest-neighbour classifier of real digits names the digit each sample
    resembles: a GAN that collapsed onto a few modes would leave classes empty.

    What to notice: the untrained generator paints grey noise; strokes appear first as an
    average blob, then as distinct digits; in the full tour every class gets a share of the
    samples (no mode collapse); the fast tour's short run draws rougher shapes and is only
    required to reach six classes."""
    autograd.manual_seed(ctx.seed)
    rng = ctx.rng
    if ctx.fast:  # a small pair of networks, large batches and a large step
        steps, hidden, latent, lr, batch, n_eval = 400, 64, 8, 4e-3, 128, 300
    else:
        steps, hidden, latent, lr, batch, n_eval = 3000, 256, 16, 1e-3, 64, 500
    X_train, y_train, X_test, y_test = digits_pm1()
    gan = GAN(64, latent_dim=latent, hidden_size=hidden, output_activation="tanh")
    opt_g = optim.Adam(gan.generator.parameters(), lr=lr, betas=(0.5, 0.999))
    opt_d = optim.Adam(gan.discriminator.parameters(), lr=lr, betas=(0.5, 0.999))
    z_fixed = gan.latent(36, seed=ctx.seed)
    # fast: the untrained and the trained generator (each frame costs a figure)
    snapshot_at = [steps] if ctx.fast else [30, 100, 300, 1000, steps]
    untrained = gan.sample(n_eval, seed=ctx.seed + 1)
    snapshots, losses = {0: gan.sample(36, seed=ctx.seed)}, []
    for step in range(1, steps + 1):
        losses.append(gan.train_step(X_train[rng.integers(0, len(X_train), batch)], opt_g, opt_d, rng=rng))
        if step in snapshot_at:
            with autograd.no_grad():
                snapshots[step] = gan(z_fixed).data
    losses = np.array(losses)
    samples = gan.sample(n_eval, seed=ctx.seed + 1)

    m = compare_with_digits({"samples": samples, "untrained": untrained, "data": X_train[:n_eval],
                             "independent": independent_pixels(X_train, n_eval, ctx.seed + 2)},
                            X_train, y_train, X_test, y_test)
    pixel, coords, share = m["pixel"], m["pca"], m["share"]["samples"]
    ctx.number("training steps, batch size, hidden width, latent size", [steps, batch, hidden, latent])
    ctx.number("pixel-space energy distance to held-out digits: samples, untrained generator, training digits",
               [round(pixel["samples"], 3), round(pixel["untrained"], 3), round(pixel["data"], 3)])
    ctx.number("energy distance on 10 principal coordinates: samples, independent pixels, training digits",
               [round(coords["samples"], 3), round(coords["independent"], 3), round(coords["data"], 3)])
    ctx.number("share of samples classified as 0, 1, ..., 9 (5-NN of real digits)", np.round(share, 3).tolist())
    ratio = 0.25 if ctx.fast else 0.05
    ctx.check(f"training brings the samples close to held-out digits: pixel-space energy distance "
              f"below {ratio} of the untrained generator's", pixel["samples"] < ratio * pixel["untrained"],
              detail=f"samples {pixel['samples']:.3f}, untrained {pixel['untrained']:.3f}, "
                     f"training digits {pixel['data']:.3f}")
    covered = int((share >= 0.02).sum())
    need = 6 if ctx.fast else 10
    ctx.check(f"no mode collapse: a 5-NN classifier of real digits puts at least 2% of the samples in "
              f"{'each of the ten classes' if need == 10 else f'at least {need} of the ten classes'}",
              covered >= need, detail=f"{covered} classes, shares {np.round(share, 3).tolist()}, "
                                      f"classifier accuracy on real digits {m['accuracy']:.3f}")
    if not ctx.fast:
        ctx.check("on the first 10 principal coordinates the samples are closer to the digits than an "
                  "independent-pixel Gaussian: they reproduce how pixels vary together",
                  coords["samples"] < coords["independent"],
                  detail=f"samples {coords['samples']:.3f}, independent pixels {coords['independent']:.3f}")

    def draw(fig, ax, step):
        ax.imshow(pm1_montage(snapshots[step], 6, 6), cmap="gray_r", vmin=0, vmax=1)
        ax.axis("off")
        ax.set_title(f"G(z) after {step} steps (same 36 z)")

    ctx.frames("gan_digit_samples", "training step", sorted(snapshots), draw, animate=True,
               figsize=(3.4, 3.6))

    fig, axes = ctx.figure("gan_digits_training", 1, 2, figsize=(10, 3.4))
    draw_gan_losses(axes[0], losses)
    axes[0].set_title("The two losses")
    axes[0].legend(fontsize=7)
    axes[1].bar(np.arange(10), share, color=[COLORS[0] if s >= 0.02 else COLORS[3] for s in share])
    axes[1].axhline(0.1, color="k", ls=":", lw=1, label="uniform share")
    axes[1].axhline(0.02, color=COLORS[3], ls="--", lw=1, label="2% threshold")
    axes[1].set_xticks(np.arange(10))
    axes[1].set_xlabel("digit class (5-NN of real digits)")
    axes[1].set_ylabel(f"share of {n_eval} samples")
    axes[1].set_title(f"Which digits the generator draws: {covered} of 10 classes")
    axes[1].legend(fontsize=7, loc="upper left")
