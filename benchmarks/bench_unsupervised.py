"""Unsupervised learning against scikit-learn: K-means, PCA, Gaussian mixtures, same data.

Both libraries draw the same k-means++ seeds and follow the same Lloyd and EM iterates
(tests/cluster, tests/mixture), so each pair of timings is for the same work. The blobs
overlap so that Lloyd's algorithm runs a few dozen iterations rather than converging at once.
"""

from __future__ import annotations

import warnings

import numpy as np

from benchmarks._harness import case


def _blobs(n: int, d: int, k: int, spread: float = 1.5, seed: int = 0) -> np.ndarray:
    rng = np.random.RandomState(seed)
    centres = rng.randn(k, d) * spread
    return centres[rng.randint(0, k, n)] + rng.randn(n, d)


@case("unsupervised: KMeans n=100000 d=10 k=8 one init", reference="scikit-learn",
      repeats=5, target=1.0)
def _kmeans():
    from sklearn.cluster import KMeans as Theirs

    from syllabus.cluster import KMeans as Ours

    X = _blobs(100_000, 10, 8)
    return (lambda: Ours(8, n_init=1, random_state=0).fit(X),
            lambda: Theirs(8, n_init=1, random_state=0).fit(X))


@case("unsupervised: PCA 100000 x 100 -> 10 components", reference="scikit-learn",
      repeats=5, target=1.0)
def _pca():
    from sklearn.decomposition import PCA as Theirs

    from syllabus.decomposition import PCA as Ours

    rng = np.random.RandomState(0)
    X = rng.randn(100_000, 20) @ rng.randn(20, 100) + rng.randn(100_000, 100)
    return lambda: Ours(10).fit(X), lambda: Theirs(10).fit(X)


@case("unsupervised: GaussianMixture full n=20000 d=5 k=5 50 EM iterations",
      reference="scikit-learn", repeats=5, target=1.0)
def _gmm():
    from sklearn.mixture import GaussianMixture as Theirs

    from syllabus.mixture import GaussianMixture as Ours

    X = _blobs(20_000, 5, 5, spread=2.0)
    kw = dict(n_components=5, covariance_type="full", max_iter=50, tol=0.0, random_state=0)

    def run(cls):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tol=0: stops at max_iter by design
            return cls(**kw).fit(X)

    return lambda: run(Ours), lambda: run(Theirs)


@case("unsupervised: KMeans elkan n=100000 d=10 k=8 one init", reference="scikit-learn",
      repeats=5, target=1.0)
def _kmeans_elkan():
    from sklearn.cluster import KMeans as Theirs

    from syllabus.cluster import KMeans as Ours

    X = _blobs(100_000, 10, 8)
    kw = dict(n_init=1, random_state=0, algorithm="elkan")
    return lambda: Ours(8, **kw).fit(X), lambda: Theirs(8, **kw).fit(X)


@case("unsupervised: KMeans sparse CSR n=20000 d=2000 1% dense k=8", reference="scikit-learn",
      repeats=5, target=1.0)
def _kmeans_sparse():
    import scipy.sparse as sp
    from sklearn.cluster import KMeans as Theirs

    from syllabus.cluster import KMeans as Ours

    X = sp.random(20_000, 2000, density=0.01, format="csr", random_state=0)
    return (lambda: Ours(8, n_init=1, random_state=0).fit(X),
            lambda: Theirs(8, n_init=1, random_state=0).fit(X))


@case("unsupervised: PCA randomized 20000 x 500 -> 20 components", reference="scikit-learn",
      repeats=5, target=1.0)
def _pca_randomized():
    from sklearn.decomposition import PCA as Theirs

    from syllabus.decomposition import PCA as Ours

    rng = np.random.RandomState(0)
    X = rng.randn(20_000, 30) @ rng.randn(30, 500) + rng.randn(20_000, 500)
    kw = dict(n_components=20, svd_solver="randomized", random_state=0)
    return lambda: Ours(**kw).fit(X), lambda: Theirs(**kw).fit(X)


@case("unsupervised: PCA sparse arpack 20000 x 2000 1% dense -> 10 components",
      reference="scikit-learn", repeats=5, target=1.0)
def _pca_sparse():
    import scipy.sparse as sp
    from sklearn.decomposition import PCA as Theirs

    from syllabus.decomposition import PCA as Ours

    X = sp.random(20_000, 2000, density=0.01, format="csr", random_state=0)
    kw = dict(n_components=10, svd_solver="arpack", random_state=0)
    return lambda: Ours(**kw).fit(X), lambda: Theirs(**kw).fit(X)
