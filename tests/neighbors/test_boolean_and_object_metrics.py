"""The boolean dissimilarities, Bray-Curtis, and DistanceMetric objects as ``metric``:
distances equal SciPy's and scikit-learn's, neighbour searches equal scikit-learn's."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.spatial.distance import cdist
from sklearn import neighbors as sk_neighbors
from sklearn.metrics import DistanceMetric

from syllabus.kernels import pairwise_distances
from syllabus.neighbors import (
    VALID_METRICS,
    KNeighborsClassifier,
    KNeighborsRegressor,
    NearestNeighbors,
    RadiusNeighborsRegressor,
)

BOOLEAN = ["dice", "jaccard", "rogerstanimoto", "russellrao", "sokalmichener", "sokalsneath",
           "yule"]


def _binary(rng, n, d, p=0.4):
    return (rng.random((n, d)) < p).astype(np.float64)


@pytest.mark.parametrize("metric", BOOLEAN + ["braycurtis"])
def test_distances_equal_scipy_and_sklearns_distance_metric(metric):
    rng = np.random.default_rng(0)
    X, Y = _binary(rng, 25, 9), _binary(rng, 12, 9)
    X[0] = 0.0  # a zero row: the 0/0 cases
    if metric == "braycurtis":  # a real-valued metric: non-negative data, no zero row
        X, Y = rng.random((25, 9)), rng.random((12, 9))
    ours = pairwise_distances(Y, X, metric=metric)
    # SciPy on the booleans x != 0 (scikit-learn's pairwise_distances converts the same way)
    if metric != "sokalmichener":  # no longer in SciPy: it equals rogerstanimoto
        with np.errstate(divide="ignore", invalid="ignore"):
            ref = cdist(Y, X, metric) if metric == "braycurtis" else cdist(
                Y != 0, X != 0, metric)
        np.testing.assert_allclose(ours, ref, rtol=1e-12, atol=0)
    if metric != "yule":  # not a DistanceMetric of scikit-learn
        ref = DistanceMetric.get_metric(metric).pairwise(Y, X)
        finite = np.isfinite(ours)
        np.testing.assert_allclose(ours[finite], ref[finite], rtol=1e-12, atol=0)
    # real-valued data: compared as x != 0
    Z = rng.normal(size=(6, 9)) * (rng.random((6, 9)) < 0.5)
    if metric != "braycurtis":
        np.testing.assert_array_equal(pairwise_distances(Z, metric=metric),
                                      pairwise_distances((Z != 0).astype(float), metric=metric))


@pytest.mark.parametrize("metric", ["dice", "jaccard", "rogerstanimoto", "russellrao",
                                    "sokalsneath"])
@pytest.mark.parametrize("algorithm", ["brute", "ball_tree"])
def test_kneighbors_with_boolean_metrics_equal_sklearn(metric, algorithm):
    """The k smallest distances are scikit-learn's; boolean data has ties, so the neighbour
    sets are compared where the k-th and (k+1)-th distances differ (the set is then
    determined), and there the uniform-vote predictions too."""
    rng = np.random.default_rng(1)
    X, Q = _binary(rng, 40, 200), _binary(rng, 15, 200)
    y = rng.integers(0, 3, 40)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn: "Data was converted to boolean"
        ref = sk_neighbors.KNeighborsClassifier(3, metric=metric, algorithm=algorithm).fit(X, y)
        ref_dist, ref_ind = ref.kneighbors(Q)
        ref_pred = ref.predict(Q)
    ours = KNeighborsClassifier(3, metric=metric, algorithm=algorithm).fit(X, y)
    dist, ind = ours.kneighbors(Q)
    np.testing.assert_allclose(dist, ref_dist, rtol=1e-12)
    D = cdist(Q != 0, X != 0, metric) if metric != "sokalmichener" else None
    np.testing.assert_allclose(np.take_along_axis(D, ind, axis=1), dist, rtol=1e-12)
    determined = np.sort(D, axis=1)[:, 2] < np.sort(D, axis=1)[:, 3]
    assert determined.sum() >= 8
    for i in np.flatnonzero(determined):
        assert set(ind[i]) == set(ref_ind[i])
    np.testing.assert_array_equal(ours.predict(Q)[determined], ref_pred[determined])


def test_valid_metrics_lists_match_sklearns_boolean_entries():
    for algorithm in ("brute", "ball_tree"):
        for metric in set(sk_neighbors.VALID_METRICS[algorithm]) - {"pyfunc"}:
            if metric == "sokalmichener" and algorithm == "brute":
                continue
            assert metric in VALID_METRICS[algorithm], (algorithm, metric)
    with pytest.raises(ValueError, match="not valid for algorithm 'kd_tree'"):
        NearestNeighbors(metric="jaccard", algorithm="kd_tree").fit(np.eye(3))


@pytest.mark.parametrize("algorithm", ["auto", "brute", "kd_tree", "ball_tree"])
@pytest.mark.parametrize("name", ["euclidean", "manhattan", "chebyshev"])
def test_distance_metric_objects_as_metric_equal_sklearn(algorithm, name):
    rng = np.random.default_rng(2)
    X, Q = rng.random((60, 4)), rng.random((20, 4))
    y = rng.random(60)
    dm = DistanceMetric.get_metric(name)
    ours = KNeighborsRegressor(5, metric=dm, algorithm=algorithm).fit(X, y)
    ref = sk_neighbors.KNeighborsRegressor(5, metric=dm, algorithm=algorithm).fit(X, y)
    np.testing.assert_allclose(ours.predict(Q), ref.predict(Q), rtol=1e-12)
    dist, ind = ours.kneighbors(Q)
    ref_dist, ref_ind = ref.kneighbors(Q)
    np.testing.assert_allclose(dist, ref_dist, rtol=1e-12)
    np.testing.assert_array_equal(ind, ref_ind)
    # the same neighbours as the metric given by name
    by_name = KNeighborsRegressor(5, metric=name, algorithm="brute").fit(X, y)
    np.testing.assert_array_equal(by_name.kneighbors(Q)[1], ind)
    # radius searches (scikit-learn's refuse the object) and sparse input use its pairwise()
    radius = RadiusNeighborsRegressor(radius=0.4, metric=dm).fit(X, y)
    radius_by_name = RadiusNeighborsRegressor(radius=0.4, metric=name).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # queries without neighbours
        np.testing.assert_allclose(radius.predict(Q), radius_by_name.predict(Q), rtol=1e-12)
    sparse = NearestNeighbors(n_neighbors=5, metric=dm).fit(sp.csr_matrix(X))
    np.testing.assert_array_equal(sparse.kneighbors(sp.csr_matrix(Q))[1], ind)


def test_distance_metric_object_classifier_and_bad_metric_message():
    rng = np.random.default_rng(3)
    X, Q = rng.random((50, 3)), rng.random((10, 3))
    y = rng.integers(0, 2, 50)
    dm = DistanceMetric.get_metric("minkowski", p=3)
    ours = KNeighborsClassifier(4, metric=dm).fit(X, y)
    # scikit-learn's classifiers do not search with the object yet: its metric by name
    ref = sk_neighbors.KNeighborsClassifier(4, metric="minkowski", p=3).fit(X, y)
    np.testing.assert_allclose(ours.predict_proba(Q), ref.predict_proba(Q), rtol=1e-12)
    np.testing.assert_array_equal(ours.predict(Q), ref.predict(Q))
    with pytest.raises(ValueError, match="'metric' parameter"):
        KNeighborsClassifier(metric=object()).fit(X, y)
