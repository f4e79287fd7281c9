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


def test_digit_sample_measures_against_scikit_learn_and_closed_forms():
    from sklearn.decomposition import PCA as SkPCA
    from sklearn.neighbors import KNeighborsClassifier as SkKNN

    from syllabus.demos._plotting import montage
    from syllabus.demos.generative._digit_samples import (
        compare_with_digits,
        digits_pm1,
        independent_pixels,
        pm1_montage,
    )

    X_train, y_train, X_test, y_test = digits_pm1()
    assert X_train.min() == -1.0 and X_train.max() == 1.0 and len(X_train) == 1797 * 3 // 4
    fake = independent_pixels(X_train, 300, seed=0)
    m = compare_with_digits({"same": X_test[:300], "fake": fake}, X_train, y_train, X_test, y_test)
    # a sample against itself: zero up to the round-off of distances by the Gram identity
    assert abs(m["pixel"]["same"]) < 1e-8 and abs(m["pca"]["same"]) < 1e-8
    sk_pca = SkPCA(10, svd_solver="full").fit(X_train)
    np.testing.assert_allclose(m["pca"]["fake"], _energy_by_broadcasting(sk_pca.transform(fake),
                                                                    sk_pca.transform(X_test[:300])),
                               rtol=1e-9)
    sk_knn = SkKNN(5).fit(X_train, y_train)
    assert m["accuracy"] == (sk_knn.predict(X_test) == y_test).mean()
    np.testing.assert_array_equal(np.round(m["share"]["fake"] * 300), np.bincount(sk_knn.predict(fake), minlength=10))
    np.testing.assert_array_equal(pm1_montage(X_train[:6], 2, 3), montage((X_train[:6] + 1) / 2, 2, 3))


def _energy_by_broadcasting(a, b):
    """The energy distance written out with broadcasting (an independent implementation)."""
    def mean_dist(u, v):
        return np.linalg.norm(u[:, None, :] - v[None], axis=2).mean()
    return 2 * mean_dist(a, b) - mean_dist(a, a) - mean_dist(b, b)


def test_conv_autoencoder_demo_reports_pca_and_mean_digit_errors_of_scikit_learn():
    from pathlib import Path
    from tempfile import TemporaryDirectory

    from sklearn.decomposition import PCA as SkPCA

    from syllabus.datasets import load_digits
    from syllabus.demos import run_demo

    with TemporaryDirectory() as out:
        result = run_demo("conv_autoencoder", Path(out), fast=True)
    assert result.passed, result.error
    errors = result.numbers["held-out squared error per digit (k = 8)"]
    X = load_digits().data[:600] / 16.0
    X_train, X_test = X[:450], X[450:]
    pca = SkPCA(8, svd_solver="full").fit(X_train)
    expected_pca = np.mean(np.sum((X_test - pca.inverse_transform(pca.transform(X_test))) ** 2, axis=1))
    expected_mean = np.mean(np.sum((X_test - X_train.mean(0)) ** 2, axis=1))
    assert errors["PCA"] == round(expected_pca, 3)  # float32 digits vs float64: far below the rounding
    assert errors["mean digit"] == round(expected_mean, 3)
