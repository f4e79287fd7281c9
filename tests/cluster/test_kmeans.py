"""KMeans and MiniBatchKMeans against scikit-learn: same seeds, same centres, labels, inertia."""

import warnings

import numpy as np
import pytest
from sklearn import cluster as sk

from syllabus import io
from syllabus.cluster import KMeans, MiniBatchKMeans, kmeans_plusplus


def _blobs(seed, n=600, d=3, k=5, spread=3.0):
    rng = np.random.RandomState(seed)
    centres = rng.randn(k, d) * spread
    return centres[rng.randint(0, k, n)] + rng.randn(n, d)


def _assert_same(ours, theirs):
    np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    np.testing.assert_allclose(ours.inertia_, theirs.inertia_, rtol=1e-12)
    assert ours.n_iter_ == theirs.n_iter_


@pytest.mark.parametrize("init", ["k-means++", "random"])
@pytest.mark.parametrize("n_init", ["auto", 3])
@pytest.mark.parametrize("weighted", [False, True])
def test_kmeans_matches_sklearn(init, n_init, weighted):
    X = _blobs(0)
    sw = np.random.RandomState(1).rand(len(X)) if weighted else None
    ours = KMeans(6, init=init, n_init=n_init, random_state=3).fit(X, sample_weight=sw)
    theirs = sk.KMeans(6, init=init, n_init=n_init, random_state=3).fit(X, sample_weight=sw)
    _assert_same(ours, theirs)
    X_new = _blobs(5, n=50)
    np.testing.assert_array_equal(ours.predict(X_new), theirs.predict(X_new))
    np.testing.assert_allclose(ours.transform(X_new), theirs.transform(X_new), rtol=1e-10)
    np.testing.assert_allclose(ours.score(X_new), theirs.score(X_new), rtol=1e-10)


def test_kmeans_plusplus_same_seeds_as_sklearn():
    X = _blobs(2, n=400, d=4, k=7)
    sw = np.random.RandomState(0).rand(len(X))
    for k in (1, 2, 7, 20):
        c1, i1 = kmeans_plusplus(X, k, sample_weight=sw, random_state=11)
        c2, i2 = sk.kmeans_plusplus(X, k, sample_weight=sw, random_state=11)
        np.testing.assert_array_equal(i1, i2)
        np.testing.assert_array_equal(c1, c2)


def test_kmeans_array_init_and_overlapping_data():
    # Overlapping clusters: many Lloyd iterations, stopped by the tol rule, not strict labels.
    X = _blobs(4, n=2000, d=2, k=6, spread=0.8)
    init = X[:6] + 0.01
    for tol in (1e-4, 1e-2, 0.0):
        ours = KMeans(6, init=init, tol=tol).fit(X)
        theirs = sk.KMeans(6, init=init, n_init=1, tol=tol).fit(X)
        _assert_same(ours, theirs)
    with pytest.warns(RuntimeWarning, match="only one init"):
        KMeans(6, init=init, n_init=4).fit(X)


def test_kmeans_empty_cluster_relocation_matches_sklearn():
    # Two initial centres far from the data: their clusters are empty after the first
    # assignment and must be moved onto the farthest samples, as scikit-learn does.
    X = _blobs(6, n=300, d=2, k=3)
    init = np.vstack([X[:3], [[100.0, 100.0], [-100.0, 100.0]]])
    ours = KMeans(5, init=init).fit(X)
    theirs = sk.KMeans(5, init=init, n_init=1).fit(X)
    _assert_same(ours, theirs)
    assert len(np.unique(ours.labels_)) == 5


def test_kmeans_inertia_is_the_objective_and_fit_predict():
    X = _blobs(7)
    km = KMeans(4, random_state=0).fit(X)
    d = ((X - km.cluster_centers_[km.labels_]) ** 2).sum()
    np.testing.assert_allclose(km.inertia_, d, rtol=1e-12)
    np.testing.assert_allclose(km.score(X), -d, rtol=1e-12)
    np.testing.assert_array_equal(KMeans(4, random_state=0).fit_predict(X), km.labels_)
    # each centre is the mean of its cluster (a fixed point of Lloyd's update)
    for j in range(4):
        np.testing.assert_allclose(km.cluster_centers_[j], X[km.labels_ == j].mean(0), atol=1e-10)


def test_kmeans_bad_input():
    X = _blobs(0, n=5)
    with pytest.raises(ValueError, match="n_samples=5 should be >= n_clusters=6"):
        KMeans(6).fit(X)
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        KMeans(2).fit(X_nan)
    with pytest.raises(ValueError, match="n_clusters"):
        KMeans(0).fit(X)
    with pytest.raises(ValueError, match="shape of the initial centers"):
        KMeans(2, init=np.zeros((3, 3))).fit(X)
    with pytest.warns(Warning, match="distinct clusters"):
        KMeans(3, random_state=0).fit(np.zeros((6, 2)))


def test_minibatch_kmeans_matches_sklearn():
    X = _blobs(8, n=3000, d=4, k=6)
    for kw in ({}, {"tol": 1e-3}, {"init": "random", "n_init": 2}, {"batch_size": 64}):
        ours = MiniBatchKMeans(6, batch_size=kw.pop("batch_size", 256), random_state=0, **kw).fit(X)
        theirs = sk.MiniBatchKMeans(6, batch_size=ours.batch_size, random_state=0, **kw).fit(X)
        np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, rtol=1e-9, atol=1e-10)
        np.testing.assert_array_equal(ours.labels_, theirs.labels_)
        np.testing.assert_allclose(ours.inertia_, theirs.inertia_, rtol=1e-10)
        assert ours.n_steps_ == theirs.n_steps_


def test_minibatch_close_to_full_kmeans():
    X = _blobs(9, n=5000, d=5, k=5)
    full = KMeans(5, random_state=0).fit(X)
    mini = MiniBatchKMeans(5, batch_size=500, random_state=0).fit(X)
    assert mini.inertia_ <= 1.02 * full.inertia_


def test_kmeans_save_load(tmp_path):
    X = _blobs(1)
    for est in (KMeans(3, random_state=0), MiniBatchKMeans(3, random_state=0, batch_size=100)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            est.fit(X)
        io.save(est, tmp_path / "km.safetensors")
        back = io.load(tmp_path / "km.safetensors")
        np.testing.assert_array_equal(back.predict(X), est.predict(X))
        np.testing.assert_array_equal(back.cluster_centers_, est.cluster_centers_)
