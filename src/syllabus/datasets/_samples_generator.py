"""Synthetic data sets drawn with a ``random_state``.

``make_blobs``, ``make_moons``, ``make_circles`` and ``make_regression`` draw their random
numbers in the same order as scikit-learn's (both use a ``RandomState``), so the same
``random_state`` gives the same arrays in both libraries. ``make_xor``, ``make_spirals``
and ``make_sine`` are the lectures' toy problems and have no scikit-learn counterpart.
"""

from __future__ import annotations

import numbers
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..utils import Interval, check_array, check_random_state, validate_params

__all__ = [
    "make_blobs",
    "make_circles",
    "make_moons",
    "make_regression",
    "make_sine",
    "make_spirals",
    "make_xor",
]

_RANDOM_STATE = ["random_state"]
_NOISE = [Interval(Real, 0, None, closed="left"), None]


def _shuffle_rows(rng: np.random.RandomState, *arrays: np.ndarray) -> list[np.ndarray]:
    # scikit-learn's utils.shuffle: one permutation of the row indices, drawn by shuffle().
    order = np.arange(arrays[0].shape[0])
    rng.shuffle(order)
    return [a[order] for a in arrays]


def _split_in_two(n_samples: Any, caller: str) -> tuple[int, int]:
    if isinstance(n_samples, numbers.Integral) and not isinstance(n_samples, bool):
        first = int(n_samples) // 2
        return first, int(n_samples) - first
    try:
        first, second = n_samples
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"n_samples of {caller} must be an int or a two-element tuple, got {n_samples!r}."
        ) from exc
    for n in (first, second):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
            raise ValueError(
                f"The two counts in n_samples of {caller} must be non-negative ints, "
                f"got {n_samples!r}."
            )
    return int(first), int(second)


def make_blobs(
    n_samples: int | Any = 100,
    n_features: int = 2,
    *,
    centers: int | Any = None,
    cluster_std: float | Any = 1.0,
    center_box: tuple[float, float] = (-10.0, 10.0),
    shuffle: bool = True,
    random_state: Any = None,
    return_centers: bool = False,
) -> tuple[np.ndarray, ...]:
    """Isotropic Gaussian blobs, for clustering and classification.

    Parameters
    ----------
    n_samples : int or array-like of int, default=100
        Total number of points, divided equally among the clusters; or the number of
        points of each cluster.
    n_features : int, default=2
        Number of features (ignored when ``centers`` are given as coordinates).
    centers : int or array-like of shape (n_centers, n_features), default=None
        Number of centers drawn uniformly in ``center_box`` (3 when None and ``n_samples``
        is an int), or their coordinates.
    cluster_std : float or array-like of float, default=1.0
        Standard deviation of each cluster.
    center_box : tuple of float (min, max), default=(-10.0, 10.0)
        Box in which random centers are drawn.
    shuffle : bool, default=True
        Shuffle the samples (otherwise they are grouped by cluster).
    random_state : int, RandomState instance or None, default=None
        Seed; the same value gives the same data as scikit-learn's ``make_blobs``.
    return_centers : bool, default=False
        Also return the centers.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        Cluster index of each sample.
    centers : ndarray of shape (n_centers, n_features)
        Only when ``return_centers`` is True.

    Examples
    --------
    >>> from syllabus.datasets import make_blobs
    >>> X, y = make_blobs(n_samples=10, centers=3, random_state=0)
    >>> X.shape, y.tolist()
    ((10, 2), [0, 0, 1, 0, 2, 2, 2, 1, 1, 0])
    """
    validate_params(
        {
            "n_samples": [Interval(Integral, 1, None, closed="left"), "array-like"],
            "n_features": [Interval(Integral, 1, None, closed="left")],
            "centers": [Interval(Integral, 1, None, closed="left"), "array-like", None],
            "cluster_std": [Interval(Real, 0, None, closed="left"), "array-like"],
            "center_box": [tuple],
            "shuffle": ["boolean"],
            "random_state": _RANDOM_STATE,
            "return_centers": ["boolean"],
        },
        {"n_samples": n_samples, "n_features": n_features, "centers": centers,
         "cluster_std": cluster_std, "center_box": center_box, "shuffle": shuffle,
         "random_state": random_state, "return_centers": return_centers},
        caller_name="make_blobs",
    )
    rng = check_random_state(random_state)
    if isinstance(n_samples, numbers.Integral):
        if centers is None:
            centers = 3
        if isinstance(centers, numbers.Integral):
            centers = rng.uniform(center_box[0], center_box[1], size=(centers, n_features))
        else:
            centers = check_array(centers, input_name="centers")
        n_centers = centers.shape[0]
        counts = np.full(n_centers, n_samples // n_centers)
        counts[: n_samples % n_centers] += 1
    else:
        counts = np.asarray(n_samples)
        if counts.ndim != 1 or counts.dtype.kind not in "iu" or (counts < 0).any():
            raise ValueError(f"n_samples must be an int or a list of counts, got {n_samples!r}.")
        n_centers = len(counts)
        if centers is None:
            centers = rng.uniform(center_box[0], center_box[1], size=(n_centers, n_features))
        elif isinstance(centers, numbers.Integral):
            raise ValueError(f"centers must be array-like when n_samples is a list, got {centers!r}.")
        centers = check_array(centers, input_name="centers")
        if len(centers) != n_centers:
            raise ValueError(
                f"Length of n_samples ({n_centers}) does not match the number of centers "
                f"({len(centers)})."
            )
    n_features = centers.shape[1]
    stds = np.asarray(cluster_std, dtype=np.float64)
    if stds.ndim == 0:
        stds = np.full(n_centers, float(stds))
    elif stds.shape != (n_centers,):
        raise ValueError(
            f"cluster_std has {stds.size} values but there are {n_centers} centers."
        )
    if not np.isfinite(stds).all() or (stds < 0).any():
        raise ValueError(f"cluster_std must be finite and non-negative, got {cluster_std!r}.")

    # One normal draw per cluster, in cluster order: the same stream as scikit-learn's.
    X = np.concatenate(
        [rng.normal(loc=c, scale=s, size=(n, n_features)) for c, s, n in zip(centers, stds, counts)]
    )
    y = np.repeat(np.arange(n_centers), counts)
    if shuffle:
        X, y = _shuffle_rows(rng, X, y)
    return (X, y, centers) if return_centers else (X, y)


def make_moons(
    n_samples: int | tuple[int, int] = 100,
    *,
    shuffle: bool = True,
    noise: float | None = None,
    random_state: Any = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (class 0 on top, class 1 below).

    Parameters
    ----------
    n_samples : int or tuple of two ints, default=100
        Total number of points (the upper moon gets ``n_samples // 2``), or the count of
        each moon.
    shuffle : bool, default=True
        Shuffle the samples.
    noise : float, default=None
        Standard deviation of Gaussian noise added to the points.
    random_state : int, RandomState instance or None, default=None
        Seed; the same value gives the same data as scikit-learn's ``make_moons``.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)
        0 or 1.

    Examples
    --------
    >>> from syllabus.datasets import make_moons
    >>> X, y = make_moons(n_samples=6, shuffle=False)
    >>> y.tolist()
    [0, 0, 0, 1, 1, 1]
    """
    _check_toy_params("make_moons", shuffle=shuffle, noise=noise, random_state=random_state)
    n_out, n_in = _split_in_two(n_samples, "make_moons")
    rng = check_random_state(random_state)
    t_out = np.linspace(0, np.pi, n_out)
    t_in = np.linspace(0, np.pi, n_in)
    X = np.column_stack([
        np.concatenate([np.cos(t_out), 1 - np.cos(t_in)]),
        np.concatenate([np.sin(t_out), 1 - np.sin(t_in) - 0.5]),
    ])
    y = np.repeat(np.array([0, 1], dtype=np.intp), [n_out, n_in])
    return _shuffle_and_add_noise(rng, X, y, shuffle, noise)


def make_circles(
    n_samples: int | tuple[int, int] = 100,
    *,
    shuffle: bool = True,
    noise: float | None = None,
    random_state: Any = None,
    factor: float = 0.8,
) -> tuple[np.ndarray, np.ndarray]:
    """A large circle (class 0) around a smaller one (class 1).

    Parameters
    ----------
    n_samples : int or tuple of two ints, default=100
        Total number of points (the inner circle gets one more when odd), or the counts
        of the outer and inner circles.
    shuffle : bool, default=True
        Shuffle the samples.
    noise : float, default=None
        Standard deviation of Gaussian noise added to the points.
    random_state : int, RandomState instance or None, default=None
        Seed; the same value gives the same data as scikit-learn's ``make_circles``.
    factor : float, default=0.8
        Radius of the inner circle relative to the outer one, in [0, 1).

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)
        0 (outer) or 1 (inner).

    Examples
    --------
    >>> from syllabus.datasets import make_circles
    >>> X, y = make_circles(n_samples=8, shuffle=False, factor=0.5)
    >>> float(abs(X[y == 1]).max())
    0.5
    """
    _check_toy_params("make_circles", shuffle=shuffle, noise=noise, random_state=random_state)
    validate_params({"factor": [Interval(Real, 0, 1, closed="left")]}, {"factor": factor},
                    caller_name="make_circles")
    n_out, n_in = _split_in_two(n_samples, "make_circles")
    rng = check_random_state(random_state)
    # endpoint=False: the first and last points of a circle would coincide.
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.column_stack([
        np.concatenate([np.cos(t_out), np.cos(t_in) * factor]),
        np.concatenate([np.sin(t_out), np.sin(t_in) * factor]),
    ])
    y = np.repeat(np.array([0, 1], dtype=np.intp), [n_out, n_in])
    return _shuffle_and_add_noise(rng, X, y, shuffle, noise)


def _check_toy_params(caller: str, **params: Any) -> None:
    validate_params(
        {"shuffle": ["boolean"], "noise": _NOISE, "random_state": _RANDOM_STATE},
        params,
        caller_name=caller,
    )


def _shuffle_and_add_noise(rng, X, y, shuffle, noise):
    if shuffle:
        X, y = _shuffle_rows(rng, X, y)
    if noise is not None:
        X = X + rng.normal(scale=noise, size=X.shape)
    return X, y


def _low_rank_matrix(n_samples, n_features, effective_rank, tail_strength, rng):
    # scikit-learn's make_low_rank_matrix: random orthonormal factors around a singular
    # profile made of a bell-shaped signal part and a slowly decaying fat tail.
    n = min(n_samples, n_features)
    u, _ = np.linalg.qr(rng.standard_normal(size=(n_samples, n)))
    v, _ = np.linalg.qr(rng.standard_normal(size=(n_features, n)))
    index = np.arange(n, dtype=np.float64)
    low_rank = (1 - tail_strength) * np.exp(-1.0 * (index / effective_rank) ** 2)
    tail = tail_strength * np.exp(-0.1 * index / effective_rank)
    return (u * (low_rank + tail)) @ v.T


def make_regression(
    n_samples: int = 100,
    n_features: int = 100,
    *,
    n_informative: int = 10,
    n_targets: int = 1,
    bias: float = 0.0,
    effective_rank: int | None = None,
    tail_strength: float = 0.5,
    noise: float = 0.0,
    shuffle: bool = True,
    coef: bool = False,
    random_state: Any = None,
) -> tuple[np.ndarray, ...]:
    """A random linear regression problem: ``y = X w + bias + noise``.

    Only ``n_informative`` coefficients of ``w`` are non-zero (drawn uniformly in
    [0, 100)); the other features are pure distractors.

    Parameters
    ----------
    n_samples : int, default=100
        Number of samples.
    n_features : int, default=100
        Number of features.
    n_informative : int, default=10
        Number of features with a non-zero coefficient.
    n_targets : int, default=1
        Number of regression targets.
    bias : float, default=0.0
        Intercept of the linear model.
    effective_rank : int, default=None
        None: ``X`` is standard normal (well conditioned). An int: ``X`` has a low-rank,
        fat-tailed singular spectrum with about this many important directions.
    tail_strength : float, default=0.5
        Weight of the fat tail of the spectrum when ``effective_rank`` is set, in [0, 1].
    noise : float, default=0.0
        Standard deviation of the Gaussian noise added to ``y``.
    shuffle : bool, default=True
        Shuffle the samples and the features.
    coef : bool, default=False
        Also return the true coefficients.
    random_state : int, RandomState instance or None, default=None
        Seed; the same value gives the same data as scikit-learn's ``make_regression``.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,) or (n_samples, n_targets)
    coef : ndarray of shape (n_features,) or (n_features, n_targets)
        Only when ``coef`` is True.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.datasets import make_regression
    >>> X, y, w = make_regression(n_samples=20, n_features=5, n_informative=2, coef=True,
    ...                           random_state=0)
    >>> bool(np.allclose(X @ w, y)), int((w != 0).sum())
    (True, 2)
    """
    validate_params(
        {
            "n_samples": [Interval(Integral, 1, None, closed="left")],
            "n_features": [Interval(Integral, 1, None, closed="left")],
            "n_informative": [Interval(Integral, 0, None, closed="left")],
            "n_targets": [Interval(Integral, 1, None, closed="left")],
            "bias": [Interval(Real, None, None)],
            "effective_rank": [Interval(Integral, 1, None, closed="left"), None],
            "tail_strength": [Interval(Real, 0, 1, closed="both")],
            "noise": [Interval(Real, 0, None, closed="left")],
            "shuffle": ["boolean"],
            "coef": ["boolean"],
            "random_state": _RANDOM_STATE,
        },
        {"n_samples": n_samples, "n_features": n_features, "n_informative": n_informative,
         "n_targets": n_targets, "bias": bias, "effective_rank": effective_rank,
         "tail_strength": tail_strength, "noise": noise, "shuffle": shuffle, "coef": coef,
         "random_state": random_state},
        caller_name="make_regression",
    )
    n_informative = min(n_features, n_informative)
    rng = check_random_state(random_state)
    if effective_rank is None:
        X = rng.standard_normal(size=(n_samples, n_features))
    else:
        X = _low_rank_matrix(n_samples, n_features, effective_rank, tail_strength, rng)
    ground_truth = np.zeros((n_features, n_targets))
    ground_truth[:n_informative, :] = 100 * rng.uniform(size=(n_informative, n_targets))
    y = X @ ground_truth + bias
    if noise > 0.0:
        y += rng.normal(scale=noise, size=y.shape)
    if shuffle:
        X, y = _shuffle_rows(rng, X, y)
        columns = np.arange(n_features)
        rng.shuffle(columns)
        X = X[:, columns]
        ground_truth = ground_truth[columns]
    y = np.squeeze(y)
    return (X, y, np.squeeze(ground_truth)) if coef else (X, y)


def make_xor(
    n_samples: int = 100,
    *,
    noise: float | None = None,
    random_state: Any = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The XOR problem: points uniform in [-1, 1]^2, label 1 where the signs differ.

    No linear classifier separates the two classes: the classic motivation for hidden
    layers and kernels. Labels come from the clean point; ``noise`` then blurs the inputs.

    Parameters
    ----------
    n_samples : int, default=100
        Number of points.
    noise : float, default=None
        Standard deviation of Gaussian noise added to the points after labelling.
    random_state : int, RandomState instance or None, default=None
        Seed.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)
        ``1`` when ``x1 * x2 < 0`` else ``0``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.datasets import make_xor
    >>> X, y = make_xor(n_samples=50, random_state=0)
    >>> bool(np.all(y == (X[:, 0] * X[:, 1] < 0)))
    True
    """
    validate_params(
        {"n_samples": [Interval(Integral, 1, None, closed="left")], "noise": _NOISE,
         "random_state": _RANDOM_STATE},
        {"n_samples": n_samples, "noise": noise, "random_state": random_state},
        caller_name="make_xor",
    )
    rng = check_random_state(random_state)
    X = rng.uniform(-1.0, 1.0, size=(n_samples, 2))
    y = (X[:, 0] * X[:, 1] < 0).astype(np.intp)
    if noise is not None:
        X = X + rng.normal(scale=noise, size=X.shape)
    return X, y


def make_spirals(
    n_samples: int = 100,
    *,
    n_classes: int = 2,
    n_turns: float = 1.0,
    noise: float | None = None,
    shuffle: bool = True,
    random_state: Any = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class: a problem only a non-linear model solves.

    Arm ``k`` is the curve ``r (cos t, sin t)`` with ``r`` from 0 to 1 and
    ``t = 2 pi (n_turns r + k / n_classes)``; its points are evenly spaced in ``r``.

    Parameters
    ----------
    n_samples : int, default=100
        Total number of points, divided as equally as possible among the arms.
    n_classes : int, default=2
        Number of arms (classes).
    n_turns : float, default=1.0
        Number of turns each arm makes around the origin.
    noise : float, default=None
        Standard deviation of Gaussian noise added to the points.
    shuffle : bool, default=True
        Shuffle the samples (otherwise they are grouped by class).
    random_state : int, RandomState instance or None, default=None
        Seed.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)
        Arm index in ``0 .. n_classes - 1``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.datasets import make_spirals
    >>> X, y = make_spirals(n_samples=90, n_classes=3, random_state=0)
    >>> np.bincount(y).tolist()
    [30, 30, 30]
    """
    validate_params(
        {
            "n_samples": [Interval(Integral, 1, None, closed="left")],
            "n_classes": [Interval(Integral, 1, None, closed="left")],
            "n_turns": [Interval(Real, 0, None, closed="neither")],
            "noise": _NOISE,
            "shuffle": ["boolean"],
            "random_state": _RANDOM_STATE,
        },
        {"n_samples": n_samples, "n_classes": n_classes, "n_turns": n_turns, "noise": noise,
         "shuffle": shuffle, "random_state": random_state},
        caller_name="make_spirals",
    )
    rng = check_random_state(random_state)
    counts = np.full(n_classes, n_samples // n_classes)
    counts[: n_samples % n_classes] += 1
    y = np.repeat(np.arange(n_classes, dtype=np.intp), counts)
    # Radius 0..1 within each arm: position of each sample inside its own arm.
    start = np.repeat(np.cumsum(counts) - counts, counts)
    position = np.arange(n_samples) - start
    radius = position / np.maximum(np.repeat(counts, counts) - 1, 1)
    angle = 2 * np.pi * (n_turns * radius + y / n_classes)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return _shuffle_and_add_noise(rng, X, y, shuffle, noise)


def make_sine(
    n_samples: int = 100,
    *,
    noise: float = 0.0,
    frequency: float = 1.0,
    x_range: tuple[float, float] = (0.0, 1.0),
    random_state: Any = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Noisy samples of a sine: ``y = sin(2 pi frequency x) + noise``, ``x`` uniform.

    The curve-fitting problem of the regression lectures (polynomial and basis-function
    regression, over- and under-fitting).

    Parameters
    ----------
    n_samples : int, default=100
        Number of points.
    noise : float, default=0.0
        Standard deviation of the Gaussian noise added to ``y``.
    frequency : float, default=1.0
        Number of periods per unit of ``x``.
    x_range : tuple of float (low, high), default=(0.0, 1.0)
        Interval in which ``x`` is drawn uniformly.
    random_state : int, RandomState instance or None, default=None
        Seed.

    Returns
    -------
    X : ndarray of shape (n_samples, 1)
    y : ndarray of shape (n_samples,)

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.datasets import make_sine
    >>> X, y = make_sine(n_samples=10, random_state=0)
    >>> bool(np.allclose(y, np.sin(2 * np.pi * X[:, 0])))
    True
    """
    validate_params(
        {
            "n_samples": [Interval(Integral, 1, None, closed="left")],
            "noise": [Interval(Real, 0, None, closed="left")],
            "frequency": [Interval(Real, None, None)],
            "x_range": [tuple],
            "random_state": _RANDOM_STATE,
        },
        {"n_samples": n_samples, "noise": noise, "frequency": frequency, "x_range": x_range,
         "random_state": random_state},
        caller_name="make_sine",
    )
    low, high = (float(v) for v in x_range) if len(x_range) == 2 else (np.nan, np.nan)
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"x_range must be a tuple (low, high) of finite floats with low < high, "
                         f"got {x_range!r}.")
    rng = check_random_state(random_state)
    x = rng.uniform(low, high, size=n_samples)
    y = np.sin(2 * np.pi * frequency * x)
    if noise > 0:
        y = y + rng.normal(scale=noise, size=n_samples)
    return x.reshape(-1, 1), y
