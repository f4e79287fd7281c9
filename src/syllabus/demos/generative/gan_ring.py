"""Demo: a GAN learns a ring of eight Gaussians; samples over training and mode coverage."""

from __future__ import annotations

import numpy as np

from syllabus import autograd, optim
from syllabus.demos import register
from syllabus.demos._plotting import COLORS
from syllabus.models import GAN

from ._shared import draw_gan_losses
from ._toy2d import RING_MODES, RING_STD, nearest_mode, ring_centres, ring_of_gaussians

_NEAR = 5 * RING_STD  # a generated point "hits" a mode within 5 standard deviations of it


@register("gan_ring", topic="generative", order=40,
          title="A GAN on a ring of eight Gaussians: samples over training and mode coverage")
def gan_ring(ctx):
    r"""A generator $G$ maps 2-D Gaussian noise $z$ to points, and a discriminator $D$ (a logit)
    learns to tell them from data drawn from eight small Gaussians on a circle. They are
    trained in alternation, $D$ on the binary cross-entropy and $G$ on the non-saturating loss:

    $$\min_D \; -\mathbb E_x \log\sigma(D(x)) - \mathbb E_z \log(1 - \sigma(D(G(z)))),\qquad
    \min_G \; -\mathbb E_z \log \sigma(D(G(z))).$$

    A mode counts as covered when at least 1% of the generated points fall within five
    standard deviations of its centre.

    What to notice: the generated cloud first collapses or wanders between a few modes (mode
    hopping) before it spreads over the ring; the discriminator's loss stays near
    $2\log 2 \approx 1.39$ when neither network wins."""
    autograd.manual_seed(ctx.seed)
    rng = ctx.rng
    steps, hidden, lr, batch = (400, 48, 3e-3, 128) if ctx.fast else (4000, 64, 2e-3, 128)
    gan = GAN(2, latent_dim=2, hidden_size=hidden)
    opt_g = optim.Adam(gan.generator.parameters(), lr=lr, betas=(0.5, 0.999))
    opt_d = optim.Adam(gan.discriminator.parameters(), lr=lr, betas=(0.5, 0.999))
    # fast: the untrained and the trained generator (each frame costs a figure); full: eight,
    # spread geometrically
    snapshot_at = [steps] if ctx.fast else np.unique(np.round(np.geomspace(1, steps, 8)).astype(int))
    snapshots, losses = {0: gan.sample(1000, seed=ctx.seed)}, []
    for step in range(1, steps + 1):
        losses.append(gan.train_step(ring_of_gaussians(batch, rng), opt_g, opt_d, rng=rng))
        if step in snapshot_at:
            snapshots[step] = gan.sample(1000, seed=ctx.seed)
    losses = np.array(losses)
    data = ring_of_gaussians(1000, np.random.default_rng(ctx.seed + 1))
    final = gan.sample(4000, seed=ctx.seed + 2)
    mode, dist = nearest_mode(final)
    counts = np.bincount(mode[dist < _NEAR], minlength=RING_MODES)
    covered = int((counts >= 0.01 * len(final)).sum())
    near = float((dist < _NEAR).mean())
    ctx.number("training steps, batch size", [steps, batch])
    ctx.number("generated points near a mode, per mode (of 4000)", counts.tolist())
    ctx.number("modes covered", covered)
    ctx.number("fraction of generated points within 5 std of a mode", round(near, 3))
    ctx.number("mean losses over the last 10% of steps (D, G)",
               [round(float(v), 3) for v in losses[-steps // 10:].mean(0)])
    ctx.check(f"the generator covers at least 6 of the {RING_MODES} modes (no full mode collapse)",
              covered >= 6, detail=f"{covered} modes, counts {counts.tolist()}")
    floor = 0.2 if ctx.fast else 0.7
    ctx.check(f"at least {floor:.0%} of generated points land within 5 std of a mode "
              f"(initially: {(nearest_mode(snapshots[0])[1] < _NEAR).mean():.0%})",
              near >= floor, detail=f"{near:.3f}")

    lim = 3.0

    def draw(fig, ax, step):
        ax.scatter(*data.T, s=4, color=COLORS[5], alpha=0.35, label="data")
        ax.scatter(*snapshots[step].T, s=4, color=COLORS[3], alpha=0.6, label="generated G(z)")
        ax.plot(*ring_centres().T, "k+", ms=9, label="mode centres")
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_title(f"after {step} training steps")
        legend = ax.legend(loc="center", fontsize=7)  # in the ring's empty centre
        for handle in legend.legend_handles:
            if hasattr(handle, "set_sizes"):  # enlarge the scatter markers only
                handle.set_sizes([20])

    ctx.frames("gan_samples", "training step", sorted(snapshots), draw, animate=True, figsize=(4.8, 4.8))

    fig, axes = ctx.figure("gan_losses_and_coverage", 1, 2, figsize=(11, 4))
    draw_gan_losses(axes[0], losses)
    axes[0].axhline(np.log(2), color="grey", ls="--", lw=1, label=r"$\log 2$")
    axes[0].set_title("The two losses during training")
    axes[0].legend(fontsize=7)
    axes[1].bar(np.arange(RING_MODES), counts, color=[COLORS[0] if c >= 0.01 * len(final) else COLORS[3]
                                                       for c in counts])
    axes[1].axhline(len(final) / RING_MODES, color="k", ls=":", lw=1, label="uniform share")
    axes[1].axhline(0.01 * len(final), color=COLORS[3], ls="--", lw=1, label="1% coverage threshold")
    axes[1].set_xlabel("mode (counter-clockwise from angle 0)")
    axes[1].set_ylabel("generated points within 5 std")
    axes[1].set_title(f"Mode coverage: {covered} of {RING_MODES} modes")
    axes[1].set_ylim(0, 1.35 * max(counts.max(), len(final) / RING_MODES))
    axes[1].legend(fontsize=7, loc="upper left", ncols=2)
