"""The generative demos' helpers: toy distributions and the energy distance."""

import numpy as np
from scipy.stats import energy_distance as scipy_energy_distance

from syllabus.demos.generative._toy2d import (
    RING_MODES,
    energy_distance,
    nearest_mode,
    ring_centres,
    ring_of_gaussians,
    swiss_roll,
)


def test_energy_distance_matches_scipy_in_one_dimension():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=300), rng.normal(0.5, 2.0, size=200)
    pad = np.zeros
    ours = energy_distance(np.column_stack([a, pad(300)]), np.column_stack([b, pad(200)]))
    np.testing.assert_allclose(ours, scipy_energy_distance(a, b) ** 2, rtol=1e-10)
    assert energy_distance(np.column_stack([a, a]), np.column_stack([a, a])) == 0.0


def test_ring_and_swiss_roll_generators():
    rng = np.random.default_rng(1)
    x = ring_of_gaussians(20_000, rng)
    mode, dist = nearest_mode(x)
    np.testing.assert_allclose(np.bincount(mode, minlength=RING_MODES) / 20_000, 1 / RING_MODES, atol=0.01)
    np.testing.assert_allclose(np.linalg.norm(ring_centres(), axis=1), 2.0, rtol=1e-12)
    assert dist.max() < 0.5
    roll = swiss_roll(5000, rng, noise=0.0)
    radius = np.linalg.norm(roll, axis=1) * 5  # = t, uniform on [1.5 pi, 4.5 pi]
    assert 1.5 * np.pi - 1e-9 <= radius.min() and radius.max() <= 4.5 * np.pi + 1e-9
    np.testing.assert_allclose(radius.mean(), 3 * np.pi, rtol=0.02)
