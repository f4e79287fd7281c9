"""Elkan's algorithm, sparse input, partial_fit, callable init, float32 and verbose output of
KMeans / MiniBatchKMeans against scikit-learn on data each test generates."""

import re

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import cluster as sk

from syllabus.cluster import KMeans, MiniBatchKMeans, kmeans_plusplus
from syllabus.cluster import _kmeans as km_module


def _blobs(seed, n=600, d=3, k=5, spread=3.0):
    rng = np.random.RandomState(seed)
    centres = rng.randn(k, d) * spread
    return centres[rng.randint(0, k, n)] + rng.randn(n, d)


def _sparse_blobs(seed, n=800, d=20, k=4, density=0.2):
    rng = np.random.RandomState(seed)
    centres = sp.random(k, d, density=0.5, random_state=rng).toarray() * 5
    mask = rng.rand(n, d) < density
    X = np.where(mask, centres[rng.randint(0, k, n)] + rng.rand(n, d), 0.0)
    return sp.csr_matrix(X)


def _assert_same(ours, theirs, rtol=1e-10):
    np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, rtol=rtol,
                               atol=1e-12)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    np.testing.assert_allclose(ours.inertia_, theirs.inertia_, rtol=rtol)
    assert ours.n_iter_ == theirs.n_iter_


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("init", ["k-means++", "random"])
@pytest.mark.parametrize("tol", [1e-4, 0.0])
def test_elkan_matches_sklearn_and_lloyd(sparse, init, tol):
    X = _sparse_blobs(0) if sparse else _blobs(0, n=1500, d=4, k=6, spread=1.5)
    sw = np.random.RandomState(1).rand(X.shape[0])
    kw = dict(n_clusters=6, init=init, n_init=2, tol=tol, random_state=5)
    elkan = KMeans(algorithm="elkan", **kw).fit(X, sample_weight=sw)
    _assert_same(elkan, sk.KMeans(algorithm="elkan", **kw).fit(X, sample_weight=sw))
    _assert_same(elkan, KMeans(algorithm="lloyd", **kw).fit(X, sample_weight=sw))


def test_elkan_bounds_are_valid_and_skip_distances():
    # After moving the centres the bounds still bracket the true distances, the labels are the
    # nearest centres, and most sample-centre distances were never computed.
    X = _blobs(2, n=3000, d=5, k=10, spread=4.0)
    x_sq = np.einsum("ij,ij->i", X, X)
    rng = np.random.RandomState(0)
    C = X[rng.choice(len(X), 10, replace=False)]
    bounds = km_module._ElkanBounds(X, x_sq, C)
    computed = np.count_nonzero(bounds.lower)
    assert computed < 0.8 * X.shape[0] * 10  # 68% here: the rest skipped by c-c distances
    for _ in range(3):
        C_new = C + 0.3 * rng.randn(*C.shape)
        bounds.move(C, C_new)
        C = C_new
        labels = bounds.assign(C)
        D = np.sqrt(((X[:, None, :] - C[None]) ** 2).sum(-1))
        np.testing.assert_array_equal(labels, D.argmin(1))
        assert np.all(bounds.upper >= D[np.arange(len(X)), labels] - 1e-9)
        assert np.all(bounds.lower <= D + 1e-9)


@pytest.mark.parametrize("algorithm", ["lloyd", "elkan"])
@pytest.mark.parametrize("init", ["k-means++", "random", "array"])
def test_sparse_kmeans_matches_sklearn_and_dense(algorithm, init):
    X = _sparse_blobs(3)
    sw = np.random.RandomState(2).rand(X.shape[0])
    init = X[:4].toarray() + 0.1 if init == "array" else init
    kw = dict(n_clusters=4, init=init, algorithm=algorithm, random_state=1)
    if not isinstance(init, str):
        kw["n_init"] = 1
    ours = KMeans(**kw).fit(X, sample_weight=sw)
    theirs = sk.KMeans(**kw).fit(X, sample_weight=sw)
    _assert_same(ours, theirs)
    _assert_same(ours, KMeans(**kw).fit(X.toarray(), sample_weight=sw), rtol=1e-9)
    X_new = _sparse_blobs(4, n=30)
    np.testing.assert_array_equal(ours.predict(X_new), theirs.predict(X_new))
    np.testing.assert_allclose(ours.transform(X_new), theirs.transform(X_new), rtol=1e-9)
    np.testing.assert_allclose(ours.score(X_new), theirs.score(X_new), rtol=1e-10)


def test_sparse_minibatch_matches_sklearn():
    X = _sparse_blobs(5, n=2000)
    for kw in ({}, {"tol": 1e-3}, {"init": "random", "n_init": 2}):
        ours = MiniBatchKMeans(4, batch_size=128, random_state=0, **kw).fit(X)
        theirs = sk.MiniBatchKMeans(4, batch_size=128, random_state=0, **kw).fit(X)
        np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, rtol=1e-9,
                                   atol=1e-11)
        np.testing.assert_array_equal(ours.labels_, theirs.labels_)
        np.testing.assert_allclose(ours.inertia_, theirs.inertia_, rtol=1e-10)
        assert ours.n_steps_ == theirs.n_steps_


def test_sparse_kmeans_is_never_densified(monkeypatch):
    X = _sparse_blobs(6, n=300)

    toarray = sp.csr_matrix.toarray

    def refuse(self, *args, **kwargs):  # products (distances) may be made dense, X not
        if self.shape[1] == X.shape[1] and self.shape[0] > 10:
            raise AssertionError("X was densified")
        return toarray(self, *args, **kwargs)

    monkeypatch.setattr(sp.csr_matrix, "toarray", refuse)
    for algorithm in ("lloyd", "elkan"):
        KMeans(4, algorithm=algorithm, random_state=0).fit(X).transform(X)
    MiniBatchKMeans(4, batch_size=64, random_state=0).fit(X)


def _rows_by_hand(X, idx):
    rows = X[np.atleast_1d(idx)].tocoo()
    out = np.zeros(rows.shape)
    out[rows.row, rows.col] = rows.data
    return out


@pytest.mark.parametrize("sparse", [False, True])
def test_partial_fit_matches_sklearn(sparse):
    X = _sparse_blobs(7, n=900) if sparse else _blobs(7, n=900, d=4, k=5)
    sw = np.random.RandomState(0).rand(X.shape[0])
    ours = MiniBatchKMeans(5, random_state=3, batch_size=100)
    theirs = sk.MiniBatchKMeans(5, random_state=3, batch_size=100)
    for start in range(0, 900, 150):
        batch = slice(start, start + 150)
        ours.partial_fit(X[batch], sample_weight=sw[batch])
        theirs.partial_fit(X[batch], sample_weight=sw[batch])
        np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, rtol=1e-9,
                                   atol=1e-12)
        np.testing.assert_array_equal(ours.labels_, theirs.labels_)
        np.testing.assert_allclose(ours.inertia_, theirs.inertia_, rtol=1e-10)
    assert ours.n_steps_ == theirs.n_steps_ == 6


def test_callable_init_and_kmeans_plusplus_norms():
    X = _blobs(8, n=400, d=3, k=4)

    def init(X, n_clusters, random_state):
        return X[random_state.permutation(X.shape[0])[:n_clusters]]

    for Est, Sk in ((KMeans, sk.KMeans), (MiniBatchKMeans, sk.MiniBatchKMeans)):
        ours = Est(4, init=init, n_init=2, random_state=0).fit(X)
        theirs = Sk(4, init=init, n_init=2, random_state=0).fit(X)
        np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, rtol=1e-9)
        np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    with pytest.raises(ValueError, match="does not match the number of clusters"):
        KMeans(4, init=lambda X, k, random_state: X[:3]).fit(X)
    norms = np.einsum("ij,ij->i", X, X)
    for data in (X, sp.csr_matrix(np.where(X > 0, X, 0.0))):
        c1, i1 = kmeans_plusplus(data, 5, x_squared_norms=norms if data is X else None,
                                 random_state=4)
        c2, i2 = sk.kmeans_plusplus(data, 5, random_state=4)
        np.testing.assert_array_equal(i1, i2)
        np.testing.assert_array_equal(c1, c2)
    with pytest.raises(ValueError, match="length of x_squared_norms"):
        kmeans_plusplus(X, 3, x_squared_norms=norms[:-1])


@pytest.mark.parametrize("Est", [KMeans, MiniBatchKMeans])
def test_float32_centres_and_transform(Est):
    X = _blobs(9, n=500, d=4, k=4)
    m64 = Est(4, n_init=1, random_state=0).fit(X)
    m32 = Est(4, n_init=1, random_state=0).fit(X.astype(np.float32))
    assert m32.cluster_centers_.dtype == np.float32
    assert m32.transform(X.astype(np.float32)).dtype == np.float32
    np.testing.assert_allclose(m32.cluster_centers_, m64.cluster_centers_, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(m32.labels_, m64.labels_)


def test_transform_of_the_centres_has_a_zero_diagonal():
    X = _blobs(10, n=300, d=5, k=3)
    km = KMeans(3, random_state=42).fit(X)
    D = km.transform(km.cluster_centers_)
    np.testing.assert_array_equal(np.diag(D), 0.0)
    np.testing.assert_array_equal(km.get_feature_names_out(),
                                  sk.KMeans(3, random_state=42).fit(X).get_feature_names_out())


def test_verbose_messages_as_sklearn(capsys):
    X = _blobs(11, n=300, d=2, k=3)
    for algorithm in ("lloyd", "elkan"):
        KMeans(3, algorithm=algorithm, verbose=1, random_state=0).fit(X)
        out = capsys.readouterr().out
        sk.KMeans(3, algorithm=algorithm, verbose=1, random_state=0).fit(X)
        sk_out = capsys.readouterr().out

        def lines(text):
            return [re.sub(r"[-+0-9.e]+", "#", line) for line in text.splitlines()]

        assert lines(out) == lines(sk_out)
    MiniBatchKMeans(3, verbose=1, batch_size=50, random_state=0).fit(X)
    out = capsys.readouterr().out
    assert re.search(r"Minibatch step \d+/\d+: mean batch inertia", out)
    assert re.search(r"Converged \((lack of improvement in inertia|small centers change)\)", out)


@pytest.mark.parametrize("algorithm", ["lloyd", "elkan"])
def test_threaded_pieces_match_sklearn_and_each_other(algorithm):
    # Several pieces of rows (n > _PIECE) on 1 and 2 threads: same labels, n_iter_ and inertia
    # as scikit-learn, and bit-for-bit the same result whatever the thread count.
    from threadpoolctl import threadpool_limits

    X = _blobs(4, n=2 * km_module._PIECE + 1234, d=6, k=7, spread=1.5)
    sw = np.random.RandomState(3).rand(X.shape[0])
    kw = dict(n_clusters=7, n_init=1, random_state=1, algorithm=algorithm)
    fits = []
    for threads in (1, 2):
        with threadpool_limits(threads, user_api="blas"):
            fits.append(KMeans(**kw).fit(X, sample_weight=sw))
    _assert_same(fits[1], sk.KMeans(**kw).fit(X, sample_weight=sw))
    np.testing.assert_array_equal(fits[0].cluster_centers_, fits[1].cluster_centers_)
    np.testing.assert_array_equal(fits[0].labels_, fits[1].labels_)
    assert fits[0].inertia_ == fits[1].inertia_ and fits[0].n_iter_ == fits[1].n_iter_
