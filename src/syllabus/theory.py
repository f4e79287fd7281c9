"""Learning theory: PAC sample complexity, VC bounds, growth functions and shattering.

The statements follow Shalev-Shwartz & Ben-David, *Understanding Machine Learning* (2014)
(UML below), Vapnik, *The Nature of Statistical Learning Theory* (1995), and Blumer,
Ehrenfeucht, Haussler & Warmuth, "Learnability and the Vapnik-Chervonenkis dimension"
(JACM 1989). Every function states the formula it computes and the theorem it comes from.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np

from .svm import SVC
from .utils import check_array, check_random_state

__all__ = [
    "can_shatter",
    "growth_function",
    "pac_sample_complexity",
    "vc_dimension_linear",
    "vc_generalization_bound",
]


def _check_prob(name: str, value: float) -> float:
    if not (isinstance(value, (int, float, np.floating)) and 0 < value < 1):
        raise ValueError(f"{name} must be a number in (0, 1), got {value!r}.")
    return float(value)


def pac_sample_complexity(
    epsilon: float,
    delta: float,
    n_hypotheses: int | None = None,
    vc_dim: int | None = None,
    realizable: bool = True,
) -> int:
    """Number of samples that guarantees error <= epsilon with probability >= 1 - delta.

    Finite class, realizable (UML Corollary 2.3: ERM over a finite H; a hypothesis with
    error > epsilon survives m samples with probability (1 - epsilon)^m <= e^{-epsilon m},
    union bound over H)::

        m = ceil( (ln|H| + ln(1/delta)) / epsilon )

    Finite class, agnostic (UML Corollary 4.6: Hoeffding's inequality makes every empirical
    risk epsilon/2-accurate, union bound over H)::

        m = ceil( 2 ln(2|H| / delta) / epsilon^2 )

    VC dimension d, realizable (Blumer et al. 1989, Theorem 2.1 (ii)(a))::

        m = ceil( max( (4/epsilon) log2(2/delta), (8 d/epsilon) log2(13/epsilon) ) )

    VC dimension d, agnostic: the smallest m for which :func:`vc_generalization_bound`
    is at most epsilon (found by doubling then bisection).

    Parameters
    ----------
    epsilon : float in (0, 1)
        Accuracy (excess error for the agnostic forms).
    delta : float in (0, 1)
        Confidence: the guarantee fails with probability at most delta.
    n_hypotheses : int, optional
        |H| for a finite class.
    vc_dim : int, optional
        VC dimension (used when ``n_hypotheses`` is None).
    realizable : bool, default=True
        Whether some hypothesis in H has zero error.

    Returns
    -------
    int

    Examples
    --------
    >>> pac_sample_complexity(0.1, 0.05, n_hypotheses=1000)
    100
    >>> pac_sample_complexity(0.1, 0.05, n_hypotheses=1000, realizable=False)
    2120
    """
    epsilon = _check_prob("epsilon", epsilon)
    delta = _check_prob("delta", delta)
    if n_hypotheses is not None:
        if int(n_hypotheses) < 1:
            raise ValueError(f"n_hypotheses must be >= 1, got {n_hypotheses}.")
        h = int(n_hypotheses)
        if realizable:
            return math.ceil((math.log(h) + math.log(1 / delta)) / epsilon)
        return math.ceil(2 * math.log(2 * h / delta) / epsilon**2)
    if vc_dim is None:
        raise ValueError("Give n_hypotheses (finite class) or vc_dim.")
    d = int(vc_dim)
    if d < 0:
        raise ValueError(f"vc_dim must be >= 0, got {vc_dim}.")
    if realizable:
        return math.ceil(max(4 / epsilon * math.log2(2 / delta),
                             8 * d / epsilon * math.log2(13 / epsilon)))
    lo, hi = max(d, 1), max(d, 1)
    while vc_generalization_bound(hi, d, delta) > epsilon:
        lo, hi = hi, hi * 2
    while lo < hi:  # smallest m with bound(m) <= epsilon (the bound decreases in m for m >= d)
        mid = (lo + hi) // 2
        if vc_generalization_bound(mid, d, delta) <= epsilon:
            hi = mid
        else:
            lo = mid + 1
    return hi


def growth_function(n: int, vc_dim: int) -> int:
    """Sauer-Shelah bound on the growth function of a class of VC dimension d.

    Sauer's lemma (UML Lemma 6.10): the number of labellings a class of VC dimension d
    realises on n points is at most::

        Pi(n) <= sum_{i=0}^{d} C(n, i)

    which equals 2^n when n <= d and is at most (e n / d)^d when n > d: polynomial, not
    exponential, growth is what makes a finite VC dimension learnable.

    Parameters
    ----------
    n : int
        Number of points.
    vc_dim : int

    Returns
    -------
    int

    Examples
    --------
    >>> growth_function(3, 3), growth_function(4, 3), growth_function(10, 2)
    (8, 15, 56)
    """
    if n < 0 or vc_dim < 0:
        raise ValueError(f"n and vc_dim must be >= 0, got n={n}, vc_dim={vc_dim}.")
    return sum(math.comb(int(n), i) for i in range(min(int(vc_dim), int(n)) + 1))


def vc_generalization_bound(n_samples: int, vc_dim: int, delta: float) -> float:
    """Vapnik's bound on the gap between true and empirical risk (0-1 loss).

    With probability at least 1 - delta, simultaneously for every h in a class of VC
    dimension d, for n >= d samples (Vapnik 1995, Section 4.10; Burges 1998, eq. 3)::

        R(h) <= R_emp(h) + sqrt( (d (ln(2n/d) + 1) + ln(4/delta)) / n )

    The term d (ln(2n/d) + 1) is ln of Sauer's bound (e 2n / d)^d on the growth function
    at 2n points. This function returns the square-root term; it decreases like
    sqrt(d log n / n). For n < d the bound is vacuous and ``inf`` is returned.

    Parameters
    ----------
    n_samples : int
    vc_dim : int
    delta : float in (0, 1)

    Returns
    -------
    float

    Examples
    --------
    >>> round(vc_generalization_bound(10_000, 3, 0.05), 4)
    0.0581
    """
    delta = _check_prob("delta", delta)
    n, d = int(n_samples), int(vc_dim)
    if n < 1 or d < 0:
        raise ValueError(f"n_samples must be >= 1 and vc_dim >= 0, got {n_samples}, {vc_dim}.")
    if n < d:
        return math.inf
    complexity = d * (math.log(2 * n / d) + 1) if d > 0 else 0.0
    return math.sqrt((complexity + math.log(4 / delta)) / n)


def _linearly_separable(X: np.ndarray, y: np.ndarray, C: float) -> bool:
    """True when an affine classifier sign(w.x + b) realises the labels y in {-1, +1}."""
    if np.all(y == y[0]):
        return True  # w = 0, b = y[0]
    svm = SVC(C=C, kernel="linear").fit(X, y)
    return bool(np.all(svm.predict(X) == y))


def can_shatter(points: Any, labelings: Any = None, *, C: float = 1e3) -> bool:
    """Whether affine classifiers sign(w.x + b) realise every labelling of ``points``.

    Each labelling is tested for linear separability with the project's own SVM
    (:class:`syllabus.svm.SVC`, linear kernel, solved by SMO): on separable data a linear
    SVM with a large C is the hard-margin SVM and classifies every point correctly; on
    non-separable data no w, b can. The points are first scaled into [-1, 1]^d, so C = 1e3
    misses only labellings whose margin is below about 1/sqrt(C) of the data's extent
    (points almost in degenerate position). A labelling and its negation are equivalent, so
    only one of each pair is fitted.

    Parameters
    ----------
    points : array-like of shape (n_points, n_features)
    labelings : array-like of shape (n_labelings, n_points) in {-1, +1}, default=None
        None means all 2^n labellings (shattering).
    C : float, default=1e3
        Soft-margin constant standing in for the hard margin.

    Returns
    -------
    bool

    Examples
    --------
    >>> can_shatter([[0, 0], [1, 0], [0, 1]])
    True
    >>> can_shatter([[0, 0], [1, 1], [1, 0], [0, 1]])  # XOR is not linearly separable
    False
    """
    X = check_array(points, dtype=np.float64)
    n = X.shape[0]
    X = X - X.mean(axis=0)
    scale = np.abs(X).max()
    if scale > 0:
        X = X / scale
    if labelings is None:
        # the first label fixed to -1: the other half are negations of these
        rows = (np.array((-1.0,) + signs) for signs in itertools.product((-1.0, 1.0), repeat=n - 1))
    else:
        Y = np.atleast_2d(np.asarray(labelings, dtype=np.float64))
        if Y.shape[1] != n or not np.all(np.isin(Y, (-1.0, 1.0))):
            raise ValueError(f"labelings must have shape (n_labelings, {n}) with entries in "
                             f"{{-1, +1}}, got shape {Y.shape}.")
        rows = iter(Y)
    return all(_linearly_separable(X, y, C) for y in rows)


def vc_dimension_linear(n_features: int, *, n_trials: int = 10, random_state: Any = None) -> int:
    """VC dimension of affine classifiers in R^d, found by search on random points.

    For m = 1, 2, ... draw ``n_trials`` sets of m Gaussian points and test
    :func:`can_shatter`; return the largest m for which some set is shattered. Theory
    (UML Theorem 9.2): d + 1 points in general position are shattered (random points are in
    general position almost surely), and no d + 2 points are (Radon's theorem: they split
    into two groups whose convex hulls intersect), so the search returns d + 1.

    Parameters
    ----------
    n_features : int
        The dimension d.
    n_trials : int, default=10
        Random point sets tried per size m.
    random_state : int, RandomState or None, default=None

    Returns
    -------
    int

    Examples
    --------
    >>> vc_dimension_linear(2, random_state=0)
    3
    """
    if n_features < 1:
        raise ValueError(f"n_features must be >= 1, got {n_features}.")
    rng = check_random_state(random_state)
    best = 0
    for m in itertools.count(1):
        if not any(can_shatter(rng.randn(m, n_features)) for _ in range(n_trials)):
            return best
        best = m
    raise AssertionError("unreachable")  # pragma: no cover
