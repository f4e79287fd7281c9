"""Pieces shared by the unsupervised-learning demos: colours, blobs, covariance ellipses."""

from __future__ import annotations

import itertools

import numpy as np

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
             "#000000")


def colours(labels: np.ndarray) -> list[str]:
    """One Okabe-Ito colour per integer label."""
    return [OKABE_ITO[int(i) % len(OKABE_ITO)] for i in labels]


def gaussian_blobs(rng: np.random.Generator, centres: np.ndarray, n_per: int,
                   scales=None) -> tuple[np.ndarray, np.ndarray]:
    """Samples around each centre (covariance ``scales[k]`` @ ``scales[k]``.T, identity by default)."""
    X, y = [], []
    for k, c in enumerate(centres):
        A = np.eye(len(c)) if scales is None else scales[k]
        X.append(rng.standard_normal((n_per, len(c))) @ A.T + c)
        y.append(np.full(n_per, k))
    return np.vstack(X), np.concatenate(y)


def draw_ellipse(ax, mean: np.ndarray, cov: np.ndarray, color: str, n_std: float = 2.0,
                 **kw) -> None:
    """The n_std-sigma contour of N(mean, cov): the eigenvectors scaled by sqrt(eigenvalues)."""
    lam, U = np.linalg.eigh(cov)
    t = np.linspace(0, 2 * np.pi, 100)
    circle = np.vstack([np.cos(t), np.sin(t)])
    pts = (U * (n_std * np.sqrt(np.maximum(lam, 0)))) @ circle + mean[:, None]
    ax.plot(pts[0], pts[1], color=color, **kw)


def matched_accuracy(a: np.ndarray, b: np.ndarray) -> float:
    """Agreement of two labelings up to the best permutation of the labels (small k: brute force)."""
    ka = int(max(a.max(), b.max())) + 1
    best = 0.0
    for perm in itertools.permutations(range(ka)):
        best = max(best, float(np.mean(np.asarray(perm)[a] == b)))
    return best
