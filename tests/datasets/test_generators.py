"""Synthetic generators: scikit-learn's arrays for the same random_state, and exact geometry."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn import datasets as skd

from syllabus import datasets


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(n_samples=50, random_state=0),
        dict(n_samples=51, n_features=3, centers=4, cluster_std=0.5, random_state=3),
        dict(n_samples=[5, 7, 9], random_state=1, return_centers=True),
        dict(n_samples=[4, 6], centers=[[0.0, 0.0], [5.0, 5.0]], cluster_std=[0.1, 2.0],
             random_state=2),
        dict(n_samples=30, centers=[[1.0, 2.0, 3.0], [-1.0, 0.0, 2.0]], shuffle=False,
             random_state=4),
        dict(n_samples=20, center_box=(0.0, 1.0), random_state=np.random.RandomState(5)),
    ],
)
def test_make_blobs_matches_sklearn(kwargs):
    ours = datasets.make_blobs(**_fresh(kwargs))
    theirs = skd.make_blobs(**_fresh(kwargs))
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert_array_equal(a, b)


def _fresh(kwargs):
    # A RandomState instance is consumed by a call: give each library its own copy.
    out = dict(kwargs)
    if isinstance(out.get("random_state"), np.random.RandomState):
        out["random_state"] = np.random.RandomState(5)
    return out


@pytest.mark.parametrize("name", ["make_moons", "make_circles"])
@pytest.mark.parametrize(
    "kwargs",
    [
        dict(n_samples=40, random_state=0),
        dict(n_samples=41, noise=0.1, random_state=1),
        dict(n_samples=(7, 12), noise=0.3, random_state=2),
        dict(n_samples=10, shuffle=False),
        dict(n_samples=25, shuffle=False, noise=0.05, random_state=3),
    ],
)
def test_moons_and_circles_match_sklearn(name, kwargs):
    X, y = getattr(datasets, name)(**kwargs)
    X_ref, y_ref = getattr(skd, name)(**kwargs)
    assert_array_equal(X, X_ref)
    assert_array_equal(y, y_ref)


def test_circles_factor_matches_sklearn_and_radii():
    X, y = datasets.make_circles(n_samples=30, factor=0.3, random_state=0)
    X_ref, y_ref = skd.make_circles(n_samples=30, factor=0.3, random_state=0)
    assert_array_equal(X, X_ref)
    assert_array_equal(y, y_ref)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert_allclose(radius[y == 0], 1.0)
    assert_allclose(radius[y == 1], 0.3)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(n_samples=30, n_features=8, random_state=0),
        dict(n_samples=25, n_features=6, n_informative=3, n_targets=2, bias=1.5, noise=0.7,
             coef=True, random_state=1),
        dict(n_samples=10, n_features=4, shuffle=False, coef=True, random_state=2),
        dict(n_samples=40, n_features=12, effective_rank=3, tail_strength=0.2, noise=0.1,
             random_state=3),
        dict(n_samples=8, n_features=15, effective_rank=2, coef=True, random_state=4),
    ],
)
def test_make_regression_matches_sklearn(kwargs):
    ours = datasets.make_regression(**kwargs)
    theirs = skd.make_regression(**kwargs)
    assert len(ours) == len(theirs)
    exact = kwargs.get("effective_rank") is None
    for a, b in zip(ours, theirs):
        assert a.shape == b.shape
        if exact:
            assert_array_equal(a, b)
        else:  # numpy's QR instead of scipy's: equal up to rounding
            assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_make_regression_is_the_linear_model():
    X, y, w = datasets.make_regression(n_samples=30, n_features=7, n_informative=3, bias=2.0,
                                       coef=True, random_state=0)
    assert_allclose(y, X @ w + 2.0, rtol=1e-12)
    assert np.count_nonzero(w) == 3


def test_make_xor():
    X, y = datasets.make_xor(n_samples=200, random_state=0)
    assert X.shape == (200, 2) and y.shape == (200,)
    assert np.all(np.abs(X) <= 1)
    assert_array_equal(y, np.sign(X[:, 0]) != np.sign(X[:, 1]))
    # Noise blurs the inputs, not the labels.
    X_noisy, y_noisy = datasets.make_xor(n_samples=200, noise=0.5, random_state=0)
    assert_array_equal(y_noisy, y)
    assert np.abs(X_noisy - X).max() > 0.1
    X_again, _ = datasets.make_xor(n_samples=200, noise=0.5, random_state=0)
    assert_array_equal(X_again, X_noisy)


@pytest.mark.parametrize("n_classes", [2, 3])
def test_make_spirals_geometry(n_classes):
    n = 31
    X, y = datasets.make_spirals(n_samples=n, n_classes=n_classes, n_turns=1.5, shuffle=False)
    counts = np.bincount(y)
    assert counts.sum() == n and counts.max() - counts.min() <= 1
    for k in range(n_classes):
        arm = X[y == k]
        radius = np.hypot(arm[:, 0], arm[:, 1])
        assert_allclose(radius, np.linspace(0, 1, counts[k]), atol=1e-12)
        angle = 2 * np.pi * (1.5 * radius + k / n_classes)
        assert_allclose(arm, radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]),
                        atol=1e-12)
    X_shuffled, y_shuffled = datasets.make_spirals(n_samples=n, n_classes=n_classes,
                                                   n_turns=1.5, random_state=0)
    # Every arm starts at the origin: sort by label first to break those ties.
    order = np.lexsort((X_shuffled[:, 1], X_shuffled[:, 0], y_shuffled))
    reference = np.lexsort((X[:, 1], X[:, 0], y))
    assert_allclose(X_shuffled[order], X[reference])
    assert_array_equal(y_shuffled[order], y[reference])


def test_make_sine():
    X, y = datasets.make_sine(n_samples=50, frequency=2.0, x_range=(-1.0, 1.0), random_state=0)
    assert X.shape == (50, 1)
    assert np.all((X >= -1) & (X < 1))
    assert_allclose(y, np.sin(4 * np.pi * X[:, 0]), atol=1e-12)
    X_noisy, y_noisy = datasets.make_sine(n_samples=2000, noise=0.3, random_state=1)
    residual = y_noisy - np.sin(2 * np.pi * X_noisy[:, 0])
    assert abs(residual.std() - 0.3) < 0.03
    assert_array_equal(datasets.make_sine(n_samples=5, random_state=3)[0],
                       datasets.make_sine(n_samples=5, random_state=3)[0])


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: datasets.make_blobs(n_samples=0), "n_samples"),
        (lambda: datasets.make_blobs(n_samples=[3, 4], centers=[[0.0, 0.0]]), "centers"),
        (lambda: datasets.make_blobs(n_samples=9, cluster_std=[1.0, 2.0]), "cluster_std"),
        (lambda: datasets.make_blobs(centers=[[0.0, np.nan]]), "NaN"),
        (lambda: datasets.make_moons(noise=-1.0), "noise"),
        (lambda: datasets.make_moons(n_samples=(1, 2, 3)), "n_samples"),
        (lambda: datasets.make_circles(factor=1.0), "factor"),
        (lambda: datasets.make_regression(n_samples=10, tail_strength=2.0), "tail_strength"),
        (lambda: datasets.make_regression(random_state="seed"), "random_state"),
        (lambda: datasets.make_spirals(n_classes=0), "n_classes"),
        (lambda: datasets.make_xor(n_samples=-5), "n_samples"),
        (lambda: datasets.make_sine(x_range=(1.0, 0.0)), "x_range"),
        (lambda: datasets.make_sine(noise=-0.1), "noise"),
    ],
)
def test_bad_parameters(call, match):
    with pytest.raises(ValueError, match=match):
        call()
