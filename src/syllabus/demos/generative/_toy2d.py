"""2-D toy distributions and a sample-to-sample distance (any dimension) for the GAN, flow and
diffusion demos."""

from __future__ import annotations

import numpy as np

from syllabus.kernels import euclidean_distances

RING_MODES = 8
RING_RADIUS = 2.0
RING_STD = 0.05


def ring_centres() -> np.ndarray:
    """The ``RING_MODES`` centres, evenly spaced on the circle of radius ``RING_RADIUS``."""
    angle = 2 * np.pi * np.arange(RING_MODES) / RING_MODES
    return RING_RADIUS * np.column_stack([np.cos(angle), np.sin(angle)])


def ring_of_gaussians(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points from the equal mixture of isotropic Gaussians (std ``RING_STD``) on the ring."""
    return ring_centres()[rng.integers(0, RING_MODES, n)] + RING_STD * rng.standard_normal((n, 2))


def nearest_mode(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the nearest ring centre of each point and the distance to it."""
    d = np.linalg.norm(x[:, None, :] - ring_centres()[None], axis=2)
    return d.argmin(1), d.min(1)


def swiss_roll(n: int, rng: np.random.Generator, noise: float = 0.05) -> np.ndarray:
    """The 2-D swiss roll ``t (cos t, sin t) / 5``, ``t ~ U(1.5 pi, 4.5 pi)``, plus Gaussian noise."""
    t = 1.5 * np.pi * (1 + 2 * rng.random(n))
    return np.column_stack([t * np.cos(t), t * np.sin(t)]) / 5 + noise * rng.standard_normal((n, 2))


def energy_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Energy distance ``2 E|X - Y| - E|X - X'| - E|Y - Y'|`` between two samples (V-statistic):
    zero exactly when the two distributions are equal. Rows are points, in any dimension."""
    return float(2 * euclidean_distances(a, b).mean() - euclidean_distances(a).mean()
                 - euclidean_distances(b).mean())
