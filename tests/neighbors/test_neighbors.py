"""k-nearest neighbours against scikit-learn on data without ties."""

import os

import numpy as np
import pytest
from sklearn import neighbors as sk_neighbors

from syllabus import io
from syllabus.neighbors import (
    KDTree,
    KNeighborsClassifier,
    KNeighborsRegressor,
    NearestNeighbors,
    _search,
)
from syllabus.utils._distances import resolve_metric


def _data(seed, n=400, d=3, n_queries=150):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0.5)
    return X, y, rng.standard_normal((n_queries, d))


@pytest.mark.parametrize("algorithm", ["brute", "kd_tree"])
@pytest.mark.parametrize("d", [2, 5, 20])
@pytest.mark.parametrize("p", [1, 2, 3])
def test_kneighbors_equal_sklearn(algorithm, d, p):
    X, _, Q = _data(d, d=d)
    ours = NearestNeighbors(n_neighbors=6, algorithm=algorithm, p=p, leaf_size=7).fit(X)
    ref = sk_neighbors.NearestNeighbors(n_neighbors=6, p=p).fit(X)
    dist, ind = ours.kneighbors(Q)
    dist_ref, ind_ref = ref.kneighbors(Q)
    np.testing.assert_array_equal(ind, ind_ref)
    np.testing.assert_allclose(dist, dist_ref, rtol=1e-12)
    # the training points themselves, each excluded from its own neighbours
    np.testing.assert_array_equal(ours.kneighbors(n_neighbors=3)[1], ref.kneighbors(n_neighbors=3)[1])


@pytest.mark.parametrize("weights", ["uniform", "distance"])
@pytest.mark.parametrize("algorithm", ["brute", "kd_tree"])
def test_classifier_and_regressor_equal_sklearn(weights, algorithm):
    X, y, Q = _data(1, d=4)
    for k in (1, 7, 40):
        ours = KNeighborsClassifier(k, weights=weights, algorithm=algorithm).fit(X, y)
        ref = sk_neighbors.KNeighborsClassifier(k, weights=weights).fit(X, y)
        np.testing.assert_allclose(ours.predict_proba(Q), ref.predict_proba(Q), rtol=1e-12)
        np.testing.assert_array_equal(ours.predict(Q), ref.predict(Q))
        target = X @ np.array([1.0, -2.0, 0.5, 0.0])
        ours = KNeighborsRegressor(k, weights=weights, algorithm=algorithm).fit(X, target)
        ref = sk_neighbors.KNeighborsRegressor(k, weights=weights).fit(X, target)
        np.testing.assert_allclose(ours.predict(Q), ref.predict(Q), rtol=1e-12)


def test_distance_weights_on_a_training_point():
    X = np.array([[0.0], [1.0], [3.0]])
    reg = KNeighborsRegressor(2, weights="distance").fit(X, [10.0, 20.0, 30.0])
    assert reg.predict([[1.0]])[0] == 20.0
    assert reg.predict([[0.5]])[0] == pytest.approx(15.0)


def test_brute_force_blocks_agree_with_one_block(monkeypatch):
    X, _, Q = _data(2, n=300, d=6, n_queries=300)
    full = _search.brute_kneighbors(Q, X, 4)
    monkeypatch.setattr(_search, "_TILE_BYTES", 8 * 6 * 7 * 3)  # tiles of 3 training points
    monkeypatch.setattr(_search, "_ROWS", 7)  # blocks of 7 queries, in 2 threads
    tiled = _search.brute_kneighbors(Q, X, 4, resolve_metric("manhattan"), n_jobs=2)
    ref = sk_neighbors.NearestNeighbors(n_neighbors=4, p=1).fit(X).kneighbors(Q)
    np.testing.assert_array_equal(tiled[1], ref[1])
    np.testing.assert_array_equal(full[1], sk_neighbors.NearestNeighbors(n_neighbors=4).fit(X).kneighbors(Q)[1])


def test_kd_tree_equals_brute_force_on_clustered_data():
    rng = np.random.default_rng(3)
    X = np.concatenate([rng.standard_normal((500, 2)) * 0.01, rng.standard_normal((500, 2)) + 5])
    Q = rng.standard_normal((100, 2)) * 3
    tree = KDTree(X, leaf_size=5)
    dist, ind = tree.query(Q, 9)
    dist_b, ind_b = _search.brute_kneighbors(Q, X, 9)
    np.testing.assert_array_equal(ind, ind_b)
    np.testing.assert_allclose(dist, dist_b, rtol=1e-12)


def test_save_load_round_trip(tmp_path):
    X, y, Q = _data(4)
    clf = KNeighborsClassifier(5, algorithm="kd_tree").fit(X, y)
    path = os.path.join(tmp_path, "knn.safetensors")
    io.save(clf, path)
    np.testing.assert_array_equal(io.load(path).predict_proba(Q), clf.predict_proba(Q))


def test_bad_input_gets_clear_errors():
    X, y, Q = _data(5, n=20)
    # one class is a valid (if dull) problem, as in scikit-learn
    np.testing.assert_array_equal(KNeighborsClassifier().fit(X, np.zeros(20)).predict(Q), 0.0)
    clf = KNeighborsClassifier(3).fit(X, y)
    with pytest.raises(ValueError, match="0 sample"):
        clf.predict(np.empty((0, 3)))
    with pytest.raises(ValueError, match="NaN"):
        clf.predict(np.full((1, 3), np.nan))
    with pytest.raises(ValueError, match="n_neighbors <= n_samples_fit"):
        KNeighborsClassifier(30).fit(X, y).predict(Q)
    with pytest.raises(ValueError, match="n_neighbors"):
        KNeighborsClassifier(0).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        clf.predict(Q[:, :2])
