"""Pieces shared by the GAN and diffusion demos (no demo is registered here): the DDPM
training loop and the plot of a GAN's two losses."""

from __future__ import annotations

import numpy as np

from syllabus import optim
from syllabus.models import DDPM


def train_ddpm(model: DDPM, X: np.ndarray, *, steps: int, lr: float, batch_size: int,
               rng: np.random.Generator) -> list[float]:
    """Adam on the epsilon-prediction loss over random mini-batches of ``X`` (steps and noise
    drawn from ``rng``); returns the loss of every step."""
    opt = optim.Adam(model.parameters(), lr=lr)
    curve = []
    for _ in range(steps):
        opt.zero_grad()
        loss = model.loss(X[rng.integers(0, len(X), batch_size)], rng=rng)
        loss.backward()
        opt.step()
        curve.append(loss.item())
    return curve


def draw_gan_losses(ax, losses: np.ndarray) -> None:
    """The discriminator's and the generator's losses (``losses``: one row per step) as running
    means over 1/50 of the run, with the discriminator-at-chance level ``2 log 2``."""
    steps = len(losses)
    window = max(steps // 50, 1)
    kernel = np.ones(window) / window
    x_steps = np.arange(window, steps + 1)
    ax.plot(x_steps, np.convolve(losses[:, 0], kernel, "valid"), label="discriminator (BCE)")
    ax.plot(x_steps, np.convolve(losses[:, 1], kernel, "valid"), label="generator (non-saturating)")
    ax.axhline(2 * np.log(2), color="k", ls=":", lw=1, label=r"$2\log 2$ (D at chance)")
    ax.set_xlabel("training step")
    ax.set_ylabel(f"loss (running mean over {window} steps)")
