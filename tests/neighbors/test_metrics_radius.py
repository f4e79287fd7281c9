"""Neighbour searches for every metric, radius neighbours, graphs, sparse and precomputed
input, the radius estimators: all against scikit-learn on generated data (float64).

scikit-learn's trees compute distances directly (exact); its brute-force Euclidean search
expands ``|x|^2 - 2 x.y + |y|^2`` (cancellation), so distances are compared with its trees
where they exist (rtol 1e-10) and with its brute force otherwise.
"""

import os
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import metrics as sk_metrics
from sklearn import neighbors as skn

from syllabus import io
from syllabus.kernels import cosine_distances, pairwise_distances
from syllabus.neighbors import (
    BallTree,
    KDTree,
    KNeighborsClassifier,
    KNeighborsRegressor,
    NearestNeighbors,
    RadiusNeighborsClassifier,
    RadiusNeighborsRegressor,
    kneighbors_graph,
    radius_neighbors_graph,
)

RTOL = 1e-10


def _params(metric, d, rng):
    return {"minkowski_w": {"p": 3, "w": rng.uniform(0.2, 2.0, d)},
            "seuclidean": {"V": rng.uniform(0.5, 2.0, d)},
            "mahalanobis": {"VI": (lambda A: A @ A.T + d * np.eye(d))(rng.standard_normal((d, d)))},
            "minkowski": {"p": 1.5}}.get(metric)


# (metric, the algorithms of ours to try, scikit-learn's exact algorithm for it)
METRICS = [("euclidean", ["brute", "kd_tree", "ball_tree", "auto"], "kd_tree"),
           ("manhattan", ["brute", "kd_tree", "ball_tree"], "kd_tree"),
           ("chebyshev", ["brute", "kd_tree", "ball_tree"], "kd_tree"),
           ("minkowski", ["brute", "kd_tree", "ball_tree"], "kd_tree"),
           ("minkowski_w", ["brute", "ball_tree", "auto"], "ball_tree"),
           ("seuclidean", ["brute", "ball_tree", "auto"], "ball_tree"),
           ("mahalanobis", ["brute", "ball_tree", "auto"], "ball_tree"),
           ("cosine", ["brute", "auto"], "brute"),
           ("correlation", ["brute", "auto"], "brute"),
           ("canberra", ["brute", "ball_tree"], "ball_tree")]


def _data(seed, n=300, d=4, n_queries=60):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)) + 0.5, rng.standard_normal((n_queries, d)) + 0.5, rng


@pytest.mark.parametrize("metric, algorithms, exact", METRICS)
def test_kneighbors_every_metric_equals_sklearn(metric, algorithms, exact):
    X, Q, rng = _data(0)
    params = _params(metric, X.shape[1], rng)
    name = "minkowski" if metric == "minkowski_w" else metric
    ref = skn.NearestNeighbors(n_neighbors=7, algorithm=exact, metric=name,
                               metric_params=params).fit(X)
    dist_ref, ind_ref = ref.kneighbors(Q)
    self_ref = ref.kneighbors(n_neighbors=4)
    for algorithm in algorithms:
        ours = NearestNeighbors(n_neighbors=7, algorithm=algorithm, metric=name,
                                metric_params=params, leaf_size=5).fit(X)
        dist, ind = ours.kneighbors(Q)
        np.testing.assert_array_equal(ind, ind_ref, err_msg=algorithm)
        np.testing.assert_allclose(dist, dist_ref, rtol=RTOL, atol=1e-14, err_msg=algorithm)
        # the training points as queries, each excluded from its own neighbours
        d_self, i_self = ours.kneighbors(n_neighbors=4)
        np.testing.assert_array_equal(i_self, self_ref[1])
        np.testing.assert_allclose(d_self, self_ref[0], rtol=RTOL, atol=1e-14)


@pytest.mark.parametrize("metric, algorithms, exact", METRICS)
def test_radius_neighbors_every_metric_equals_sklearn(metric, algorithms, exact):
    X, Q, rng = _data(1)
    params = _params(metric, X.shape[1], rng)
    name = "minkowski" if metric == "minkowski_w" else metric
    ref = skn.NearestNeighbors(algorithm=exact, metric=name, metric_params=params).fit(X)
    radius = np.median(ref.kneighbors(Q, n_neighbors=10)[0])
    dist_ref, ind_ref = ref.radius_neighbors(Q, radius=radius, sort_results=True)
    assert sum(map(len, ind_ref)) > 100
    for algorithm in algorithms:
        ours = NearestNeighbors(algorithm=algorithm, metric=name, metric_params=params,
                                leaf_size=5).fit(X)
        dist, ind = ours.radius_neighbors(Q, radius=radius, sort_results=True)
        unsorted = ours.radius_neighbors(Q, radius=radius, return_distance=False)
        for i, j in zip(ind, unsorted):
            np.testing.assert_array_equal(np.sort(i), j)  # by default: index order
        assert ind.dtype == object and dist.dtype == object and len(ind) == len(Q)
        for d, i, d_ref, i_ref in zip(dist, ind, dist_ref, ind_ref):
            np.testing.assert_array_equal(i, i_ref, err_msg=algorithm)
            np.testing.assert_allclose(d, d_ref, rtol=RTOL, atol=1e-14)
        d_self, i_self = ours.radius_neighbors(radius=radius, sort_results=True)
        d_self_ref, i_self_ref = ref.radius_neighbors(radius=radius, sort_results=True)
        for a, b in zip(i_self, i_self_ref):
            np.testing.assert_array_equal(a, b)


def test_hamming_and_callable_metrics_equal_sklearn():
    rng = np.random.default_rng(2)
    X = rng.integers(0, 3, (200, 12)).astype(float)
    Q = rng.integers(0, 3, (40, 12)).astype(float)
    for metric in ["hamming", lambda a, b: np.abs(a - b).max()]:
        ours = NearestNeighbors(n_neighbors=6, metric=metric).fit(X)
        ref = skn.NearestNeighbors(n_neighbors=6, metric=metric, algorithm="brute").fit(X)
        dist, ind = ours.kneighbors(Q)
        dist_ref, ind_ref = ref.kneighbors(Q)
        np.testing.assert_allclose(dist, dist_ref, rtol=RTOL)  # many ties: compare distances,
        kth = dist[:, -1:]  # and the neighbours strictly closer than the k-th
        for row in range(len(Q)):
            closer = dist[row] < kth[row]
            assert set(ind[row][closer]) == set(ind_ref[row][dist_ref[row] < kth[row]])
        radius = float(np.median(kth))
        for a, b in zip(ours.radius_neighbors(Q, radius, return_distance=False),
                        ref.radius_neighbors(Q, radius, return_distance=False)):
            np.testing.assert_array_equal(np.sort(a), np.sort(b))


@pytest.mark.parametrize("p", [1, 2, np.inf])
def test_ties_sorted_by_distance_then_index(p):
    # On a grid many points are equidistant. scikit-learn's order among tied points is its
    # heap's (not by index, and different per algorithm): its distances must match ours, and
    # ours are sorted by distance then index, the k-th place going to the smallest tied
    # index. Brute-force Euclidean ranks by |y|^2 - 2 x.y, whose rounding can separate
    # equal distances: only its distances are compared (as scikit-learn's brute force).
    rng = np.random.default_rng(3)
    X = rng.integers(0, 4, (150, 2)).astype(float)
    Q = rng.integers(0, 4, (30, 2)).astype(float) + 0.5
    algorithms = ["kd_tree", "ball_tree"] + (["brute"] if p != 2 else [])
    dist_ref = skn.NearestNeighbors(n_neighbors=9, p=p, algorithm="kd_tree").fit(X).kneighbors(Q)[0]
    exact = np.linalg.norm(Q[:, None, :] - X[None], ord=p, axis=2)
    for algorithm in algorithms + ["brute"]:
        dist, ind = NearestNeighbors(n_neighbors=9, p=p, algorithm=algorithm,
                                     leaf_size=4).fit(X).kneighbors(Q)
        np.testing.assert_allclose(dist, dist_ref, rtol=RTOL)
        if algorithm not in algorithms:
            continue
        for row in range(len(Q)):
            expected = np.lexsort((np.arange(len(X)), exact[row]))[:9]
            np.testing.assert_array_equal(ind[row], expected)


@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "cosine"])
def test_sparse_input_equals_sklearn_and_dense(metric):
    rng = np.random.default_rng(4)
    X = rng.standard_normal((250, 30)) * (rng.random((250, 30)) < 0.2)
    Q = rng.standard_normal((40, 30)) * (rng.random((40, 30)) < 0.2)
    X[:, 0], Q[:, 0] = rng.standard_normal(250), rng.standard_normal(40)  # no tied rows
    Xs, Qs = sp.csr_matrix(X), sp.csr_matrix(Q)
    ours = NearestNeighbors(n_neighbors=5, metric=metric).fit(Xs)
    ref = skn.NearestNeighbors(n_neighbors=5, metric=metric).fit(Xs)
    dense = NearestNeighbors(n_neighbors=5, metric=metric, algorithm="brute").fit(X)
    dist, ind = ours.kneighbors(Qs)
    dist_ref, ind_ref = ref.kneighbors(Qs)
    np.testing.assert_array_equal(ind, ind_ref)
    np.testing.assert_allclose(dist, dist_ref, rtol=1e-7)  # both use |x|^2 - 2x.y + |y|^2
    np.testing.assert_array_equal(ind, dense.kneighbors(Q)[1])
    np.testing.assert_allclose(dist, dense.kneighbors(Q)[0], rtol=1e-7)
    np.testing.assert_array_equal(ours.kneighbors(Q)[1], ind)  # dense queries, sparse fit
    r = float(np.median(dist[:, 2]))
    for a, b in zip(ours.radius_neighbors(Qs, r, return_distance=False),
                    ref.radius_neighbors(Qs, r, return_distance=False)):
        np.testing.assert_array_equal(np.sort(a), np.sort(b))
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0)
    clf = KNeighborsClassifier(4, metric=metric, weights="distance").fit(Xs, y)
    clf_ref = skn.KNeighborsClassifier(4, metric=metric, weights="distance").fit(Xs, y)
    np.testing.assert_allclose(clf.predict_proba(Qs), clf_ref.predict_proba(Qs), rtol=1e-7)


def test_pairwise_distances_equal_sklearn():
    rng = np.random.default_rng(5)
    X, Y = rng.standard_normal((30, 5)), rng.standard_normal((20, 5))
    cases = [("euclidean", {}), ("sqeuclidean", {}), ("manhattan", {}), ("cityblock", {}),
             ("chebyshev", {}), ("minkowski", {"p": 3}), ("minkowski", {"p": 1.5, "w": rng.random(5)}),
             ("seuclidean", {"V": rng.random(5) + 0.5}), ("mahalanobis", {"VI": np.eye(5) + 0.2}),
             ("cosine", {}), ("correlation", {}), ("hamming", {}), ("canberra", {}),
             ("mahalanobis", {"VI": np.eye(5) - 0.3})]
    Xn, Yn = X.copy(), Y.copy()
    Xn[rng.random(X.shape) < 0.2] = np.nan
    Yn[rng.random(Y.shape) < 0.2] = np.nan
    np.testing.assert_allclose(pairwise_distances(Xn, Yn, metric="nan_euclidean"),
                               sk_metrics.pairwise_distances(Xn, Yn, metric="nan_euclidean"),
                               rtol=1e-10, atol=1e-13)
    ours = KNeighborsRegressor(3, metric="nan_euclidean").fit(Xn, np.arange(30.0))
    ref = skn.KNeighborsRegressor(3, metric="nan_euclidean").fit(Xn, np.arange(30.0))
    np.testing.assert_allclose(ours.predict(Yn), ref.predict(Yn), rtol=1e-12)
    np.testing.assert_allclose(pairwise_distances(X[:, :2], Y[:, :2], metric="haversine"),
                               sk_metrics.pairwise_distances(X[:, :2], Y[:, :2], metric="haversine"),
                               rtol=RTOL, atol=1e-13)  # not positive definite: NaN as SciPy
    for metric, kw in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # SciPy's sqrt of a negative form
            expected = sk_metrics.pairwise_distances(X, Y, metric=metric, **kw)
        np.testing.assert_allclose(pairwise_distances(X, Y, metric=metric, **kw), expected,
                                   rtol=RTOL, atol=1e-13, err_msg=metric)
    np.testing.assert_allclose(cosine_distances(X), sk_metrics.pairwise.cosine_distances(X),
                               rtol=RTOL, atol=1e-13)
    Xs, Ys = sp.csr_matrix(X * (X > 0)), sp.csr_matrix(Y * (Y > 0))
    for metric in ["euclidean", "manhattan", "cosine"]:
        np.testing.assert_allclose(pairwise_distances(Xs, Ys, metric=metric),
                                   sk_metrics.pairwise_distances(Xs, Ys, metric=metric),
                                   rtol=RTOL, atol=1e-13, err_msg=metric)
    f = lambda a, b: float(np.abs(a - b).sum() ** 0.5)  # noqa: E731
    np.testing.assert_allclose(pairwise_distances(X, Y, metric=f),
                               sk_metrics.pairwise_distances(X, Y, metric=f), rtol=RTOL)
    with pytest.raises(TypeError, match="sparse"):
        pairwise_distances(Xs, Ys, metric="chebyshev")
    for metric in ["seuclidean", "mahalanobis"]:  # parameters derived from X when Y is None
        np.testing.assert_allclose(pairwise_distances(X, metric=metric),
                                   sk_metrics.pairwise_distances(X, metric=metric),
                                   rtol=RTOL, atol=1e-13)
        with pytest.raises(ValueError, match="parameter is required"):
            pairwise_distances(X, Y, metric=metric)
    np.testing.assert_allclose(
        pairwise_distances(X, Y, Y_norm_squared=(Y**2).sum(1)),
        sk_metrics.pairwise_distances(X, Y), rtol=1e-12)
    with pytest.raises(ValueError, match="n_queries, n_indexed"):
        pairwise_distances(X, Y, metric="precomputed")
    with pytest.raises(ValueError, match="only valid in 2 dimensions"):
        pairwise_distances(X, Y, metric="haversine")
    with pytest.raises(ValueError, match="Unknown metric"):
        pairwise_distances(X, Y, metric="nope")


@pytest.mark.parametrize("weights", ["uniform", "distance", lambda d: 1.0 / (1.0 + d**2)])
@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "cosine"])
def test_estimators_equal_sklearn(weights, metric):
    X, Q, rng = _data(6, n=200, d=3, n_queries=50)
    y = (X[:, 0] > 0.5).astype(int) + (X[:, 1] > 0.8)
    Y2 = np.stack([y, (X[:, 2] > 0.5)], axis=1)
    target = X @ np.array([1.0, -2.0, 0.5])
    radius = 0.6 if metric != "cosine" else 0.05
    for Ours, Theirs, param, yy in [
            (KNeighborsClassifier, skn.KNeighborsClassifier, 6, y),
            (KNeighborsClassifier, skn.KNeighborsClassifier, 6, Y2),
            (KNeighborsRegressor, skn.KNeighborsRegressor, 6, target),
            (KNeighborsRegressor, skn.KNeighborsRegressor, 6, np.stack([target, -target], 1)),
            (RadiusNeighborsClassifier, skn.RadiusNeighborsClassifier, radius, y),
            (RadiusNeighborsClassifier, skn.RadiusNeighborsClassifier, radius, Y2),
            (RadiusNeighborsRegressor, skn.RadiusNeighborsRegressor, radius, target)]:
        kw = {"weights": weights, "metric": metric}
        if Ours is RadiusNeighborsClassifier:
            kw["outlier_label"] = "most_frequent"
        ours, ref = Ours(param, **kw).fit(X, yy), Theirs(param, **kw).fit(X, yy)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # empty radius neighbourhoods: NaN, both warn
            pred, pred_ref = ours.predict(Q), ref.predict(Q)
        np.testing.assert_allclose(pred, pred_ref, rtol=1e-10, err_msg=Ours.__name__)
        if hasattr(ours, "predict_proba"):
            proba, proba_ref = ours.predict_proba(Q), ref.predict_proba(Q)
            for a, b in zip(proba if isinstance(proba, list) else [proba],
                            proba_ref if isinstance(proba_ref, list) else [proba_ref]):
                np.testing.assert_allclose(a, b, rtol=1e-10)


def test_radius_classifier_outliers_equal_sklearn():
    X = np.arange(10.0)[:, None]
    y = np.array([0, 2, 2, 1, 1, 1, 3, 3, 3, 3])
    Q = np.array([[1.0], [15.0], [-7.0]])
    for label in [1, "most_frequent", 7]:
        ours = RadiusNeighborsClassifier(radius=1, outlier_label=label).fit(X, y)
        ref = skn.RadiusNeighborsClassifier(radius=1, outlier_label=label).fit(X, y)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            np.testing.assert_array_equal(ours.predict_proba(Q), ref.predict_proba(Q))
        assert any("not in training classes" in str(w.message) for w in caught) == (label == 7)
        np.testing.assert_array_equal(ours.predict(Q), ref.predict(Q))
    with pytest.raises(ValueError, match="No neighbors found"):
        RadiusNeighborsClassifier(radius=1).fit(X, y).predict(Q)
    with pytest.raises(TypeError, match="dtype of outlier_label"):
        RadiusNeighborsClassifier(radius=1, outlier_label="a").fit(X, y)
    with pytest.raises(ValueError, match="inconsistent with the output length"):
        RadiusNeighborsClassifier(radius=1, outlier_label=[0, 1]).fit(X, y)
    with pytest.warns(UserWarning, match="predicting NaN"):
        pred = RadiusNeighborsRegressor(radius=1).fit(X, y.astype(float)).predict(Q)
    assert np.isnan(pred[1:]).all() and pred[0] == pytest.approx(4 / 3)


@pytest.mark.parametrize("mode", ["connectivity", "distance"])
def test_graphs_equal_sklearn(mode):
    X, Q, _ = _data(7, n=80, d=3, n_queries=20)
    ours = NearestNeighbors(n_neighbors=4, radius=0.8).fit(X)
    ref = skn.NearestNeighbors(n_neighbors=4, radius=0.8).fit(X)
    for query in [Q, None]:
        G = ours.kneighbors_graph(query, mode=mode)
        assert sp.issparse(G) and G.format == "csr"
        np.testing.assert_allclose(G.toarray(), ref.kneighbors_graph(query, mode=mode).toarray(),
                                   rtol=RTOL)
        np.testing.assert_allclose(ours.radius_neighbors_graph(query, mode=mode).toarray(),
                                   ref.radius_neighbors_graph(query, mode=mode).toarray(),
                                   rtol=RTOL)
    for include_self in [False, True]:
        np.testing.assert_allclose(
            kneighbors_graph(X, 3, mode=mode, include_self=include_self, metric="manhattan").toarray(),
            skn.kneighbors_graph(X, 3, mode=mode, include_self=include_self,
                                 metric="manhattan").toarray(), rtol=RTOL)
        np.testing.assert_allclose(
            radius_neighbors_graph(X, 0.7, mode=mode, include_self=include_self).toarray(),
            skn.radius_neighbors_graph(X, 0.7, mode=mode, include_self=include_self).toarray(),
            rtol=RTOL)


def test_precomputed_dense_and_sparse_equal_features():
    X, Q, _ = _data(8, n=60, d=3, n_queries=15)
    y = (X[:, 0] > 0.5).astype(int)
    D_train = sk_metrics.pairwise_distances(X)
    D_test = sk_metrics.pairwise_distances(Q, X)
    feat = NearestNeighbors(n_neighbors=3).fit(X)
    pre = NearestNeighbors(n_neighbors=3, metric="precomputed").fit(D_train)
    np.testing.assert_array_equal(pre.kneighbors(D_test)[1], feat.kneighbors(Q)[1])
    np.testing.assert_allclose(pre.kneighbors(D_test)[0], feat.kneighbors(Q)[0], rtol=1e-10)
    np.testing.assert_array_equal(pre.kneighbors()[1], feat.kneighbors()[1])
    # a sparse graph: the stored entries are the only candidates
    graph = skn.NearestNeighbors(n_neighbors=8).fit(X).kneighbors_graph(Q, mode="distance")
    sparse_pre = NearestNeighbors(n_neighbors=3, metric="precomputed").fit(
        skn.NearestNeighbors(n_neighbors=8).fit(X).kneighbors_graph(mode="distance"))
    np.testing.assert_array_equal(sparse_pre.kneighbors(graph)[1], feat.kneighbors(Q)[1])
    clf = RadiusNeighborsClassifier(0.5, metric="precomputed", outlier_label=0).fit(D_train, y)
    ref = skn.RadiusNeighborsClassifier(0.5, metric="precomputed", outlier_label=0).fit(D_train, y)
    np.testing.assert_array_equal(clf.predict(D_test), ref.predict(D_test))
    with pytest.raises(ValueError, match="n_queries, n_indexed"):
        pre.kneighbors(Q)
    with pytest.raises(ValueError, match="Negative"):
        NearestNeighbors(metric="precomputed").fit(-D_train)


def test_tree_classes_equal_sklearn():
    X, Q, rng = _data(9, n=500, d=3, n_queries=40)
    V = rng.uniform(0.5, 2, 3)
    for Ours, Theirs, kw in [(KDTree, skn.KDTree, {}), (KDTree, skn.KDTree, {"metric": "chebyshev"}),
                             (BallTree, skn.BallTree, {}),
                             (BallTree, skn.BallTree, {"metric": "seuclidean", "V": V}),
                             (BallTree, skn.BallTree, {"metric": "minkowski", "p": 3})]:
        ours, ref = Ours(X, leaf_size=6, **kw), Theirs(X, leaf_size=6, **kw)
        dist, ind = ours.query(Q, k=5)
        dist_ref, ind_ref = ref.query(Q, k=5)
        np.testing.assert_array_equal(ind, ind_ref)
        np.testing.assert_allclose(dist, dist_ref, rtol=RTOL)
        r = np.linspace(0.2, 0.9, len(Q))  # one radius per query
        ind_r, dist_r = ours.query_radius(Q, r, return_distance=True, sort_results=True)
        ind_r_ref, dist_r_ref = ref.query_radius(Q, r, return_distance=True, sort_results=True)
        for a, b, da, db in zip(ind_r, ind_r_ref, dist_r, dist_r_ref):
            np.testing.assert_array_equal(a, b)
            np.testing.assert_allclose(da, db, rtol=RTOL)
        np.testing.assert_array_equal(ours.query_radius(Q, 0.5, count_only=True),
                                      ref.query_radius(Q, 0.5, count_only=True))


def test_boundary_inclusive_and_fit_on_searchers():
    X = np.array([[1.5], [3.0], [3.01]])
    for algorithm in ["brute", "kd_tree", "ball_tree"]:
        nn = NearestNeighbors(radius=3.0, algorithm=algorithm).fit(X)
        np.testing.assert_array_equal(nn.radius_neighbors([[0.0]], return_distance=False)[0],
                                      [0, 1])
    nn = NearestNeighbors(n_neighbors=2).fit(X)
    for source in [nn, KDTree(X), BallTree(X)]:
        np.testing.assert_array_equal(NearestNeighbors(n_neighbors=2).fit(source).kneighbors([[2.0]])[1],
                                      nn.kneighbors([[2.0]])[1])


def test_bad_parameters_get_clear_errors():
    X, Q, _ = _data(10, n=30)
    with pytest.raises(ValueError, match="not valid for algorithm 'kd_tree'"):
        NearestNeighbors(algorithm="kd_tree", metric="cosine").fit(X)
    with pytest.raises(ValueError, match="not valid for sparse input"):
        NearestNeighbors(metric="chebyshev").fit(sp.csr_matrix(X))
    with pytest.raises(ValueError, match="does not support 0 < p < 1"):
        NearestNeighbors(algorithm="ball_tree", p=0.5).fit(X)
    with pytest.raises(ValueError, match="metric"):
        NearestNeighbors(metric="nope").fit(X)
    nn = NearestNeighbors().fit(X)
    with pytest.raises(ValueError, match="Unsupported mode"):
        nn.kneighbors_graph(Q, mode="nope")
    with pytest.raises(ValueError, match="return_distance must be True"):
        nn.radius_neighbors(Q, sort_results=True, return_distance=False)
    with pytest.raises(ValueError, match="w"):
        NearestNeighbors(metric="minkowski", metric_params={"w": np.ones(2)}).fit(X)
    # p < 1 is allowed by brute force (a semi-metric), with scikit-learn's warning
    with pytest.warns(UserWarning, match="not distance metrics"):
        semi = NearestNeighbors(n_neighbors=3, p=0.5).fit(X)
    np.testing.assert_allclose(
        semi.kneighbors(Q)[0],
        skn.NearestNeighbors(n_neighbors=3, p=0.5, algorithm="brute").fit(X).kneighbors(Q)[0],
        rtol=RTOL)


def test_save_load_round_trip_ball_tree_and_radius(tmp_path):
    X, Q, rng = _data(11, n=120, d=3)
    y = (X[:, 0] > 0.5).astype(int)
    for est in [RadiusNeighborsClassifier(0.7, algorithm="ball_tree", outlier_label=0,
                                          metric="seuclidean",
                                          metric_params={"V": rng.uniform(0.5, 2, 3)}),
                KNeighborsRegressor(4, algorithm="ball_tree", weights="distance")]:
        est.fit(X, y)
        path = os.path.join(tmp_path, "est.safetensors")
        io.save(est, path)
        loaded = io.load(path)
        np.testing.assert_array_equal(loaded.predict(Q), est.predict(Q))
