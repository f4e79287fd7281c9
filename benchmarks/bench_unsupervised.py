"""Unsupervised learning against scikit-learn: K-means, PCA, Gaussian mixtures, same data.

K-means runs one k-means++ initialisation from the same ``random_state`` (both libraries
draw the same seeds and converge to the same centres, so the timings compare equal work).
"""

from __future__ import annotations

import numpy as np

from benchmarks._harness import case


def _blobs(n: int, d: int, k: int, seed: int = 0) -> np.ndarray:
    rng = np.random.RandomState(seed)
    centres = rng.randn(k, d) * 4
    return centres[rng.randint(0, k, n)] + rng.randn(n, d)


@case("unsupervised: KMeans n=100000 d=10 k=8 one init", reference="scikit-learn",
      repeats=5, target=1.0)
def _kmeans():
    from sklearn.cluster import KMeans as Theirs

    from syllabus.cluster import KMeans as Ours

    X = _blobs(100_000, 10, 8)
    return (lambda: Ours(8, n_init=1, random_state=0).fit(X),
            lambda: Theirs(8, n_init=1, random_state=0).fit(X))
