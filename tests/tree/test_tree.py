"""Decision trees against scikit-learn, node for node, on data without ties."""

import os

import numpy as np
import pytest
from sklearn import tree as sk_tree

from syllabus import io
from syllabus.tree import DecisionTreeClassifier, DecisionTreeRegressor, export_text, plot_tree


def _classification(seed, n=300, d=5, n_classes=3):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    score = X[:, 0] + X[:, 1] ** 2 + 0.5 * rng.standard_normal(n)
    y = np.digitize(score, np.quantile(score, np.linspace(0, 1, n_classes + 1)[1:-1]))
    return X, y


def _regression(seed, n=300, d=5):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = 2 * X[:, 0] + np.sin(3 * X[:, 1]) + 0.3 * rng.standard_normal(n)
    return X, y


def assert_same_tree(ours, ref):
    a, b = ours.tree_, ref.tree_
    assert a.node_count == b.node_count
    assert a.max_depth == b.max_depth
    np.testing.assert_array_equal(a.children_left, b.children_left)
    np.testing.assert_array_equal(a.children_right, b.children_right)
    np.testing.assert_array_equal(a.feature, b.feature)
    np.testing.assert_array_equal(a.threshold, b.threshold)  # midpoints of the same floats
    np.testing.assert_array_equal(a.n_node_samples, b.n_node_samples)
    np.testing.assert_allclose(a.weighted_n_node_samples, b.weighted_n_node_samples, rtol=1e-12)
    np.testing.assert_allclose(a.value, b.value, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(a.impurity, b.impurity, rtol=1e-9, atol=1e-13)


CLASSIFIER_SETTINGS = [
    {},
    {"max_depth": 3},
    {"max_leaf_nodes": 12},
    {"min_samples_leaf": 4, "min_samples_split": 10},
    {"max_features": 2},
    {"max_features": "sqrt", "max_depth": 6},
    {"ccp_alpha": 0.01},
    {"min_impurity_decrease": 0.005},
    {"min_weight_fraction_leaf": 0.02},
]


@pytest.mark.parametrize("criterion", ["gini", "entropy", "log_loss"])
@pytest.mark.parametrize("params", CLASSIFIER_SETTINGS)
def test_classifier_equals_sklearn_node_for_node(criterion, params):
    X, y = _classification(0)
    X_test, _ = _classification(1, n=200)
    kw = {"criterion": criterion, "random_state": 3, **params}
    ours = DecisionTreeClassifier(**kw).fit(X, y)
    ref = sk_tree.DecisionTreeClassifier(**kw).fit(X, y)
    assert_same_tree(ours, ref)
    np.testing.assert_array_equal(ours.predict(X_test), ref.predict(X_test))
    np.testing.assert_allclose(ours.predict_proba(X_test), ref.predict_proba(X_test), rtol=1e-12)
    np.testing.assert_array_equal(ours.apply(X_test), ref.apply(X_test))
    np.testing.assert_array_equal(ours.decision_path(X_test).toarray(),
                                  ref.decision_path(X_test).toarray())
    np.testing.assert_allclose(ours.feature_importances_, ref.feature_importances_,
                               rtol=1e-9, atol=1e-15)
    assert ours.get_depth() == ref.get_depth()
    assert ours.get_n_leaves() == ref.get_n_leaves()


@pytest.mark.parametrize("criterion", ["squared_error", "absolute_error"])
@pytest.mark.parametrize("params", [
    {"max_depth": 5}, {"max_leaf_nodes": 15}, {"max_depth": 4, "max_features": 3},
    {"min_samples_leaf": 6}, {"max_depth": 6, "ccp_alpha": 0.005},
    {}, {"min_samples_leaf": 2}, {"max_leaf_nodes": 80},  # full depth: leaves of 1-2 samples
])
def test_regressor_equals_sklearn_node_for_node(criterion, params):
    X, y = _regression(2)
    X_test, _ = _regression(3, n=200)
    kw = {"criterion": criterion, "random_state": 0, **params}
    ours = DecisionTreeRegressor(**kw).fit(X, y)
    ref = sk_tree.DecisionTreeRegressor(**kw).fit(X, y)
    assert_same_tree(ours, ref)
    np.testing.assert_allclose(ours.predict(X_test), ref.predict(X_test), rtol=1e-12)
    np.testing.assert_allclose(ours.feature_importances_, ref.feature_importances_, rtol=1e-9)


def test_weighted_samples_and_class_weight_equal_sklearn():
    X, y = _classification(4)
    w = np.random.default_rng(5).integers(0, 4, len(y)).astype(float)  # zeros drop samples
    for kw in [{"max_depth": 5}, {"class_weight": {0: 1.0, 1: 2.0, 2: 3.0}, "max_depth": 5}]:
        ours = DecisionTreeClassifier(random_state=0, **kw).fit(X, y, sample_weight=w)
        ref = sk_tree.DecisionTreeClassifier(random_state=0, **kw).fit(X, y, sample_weight=w)
        assert_same_tree(ours, ref)
    ours = DecisionTreeClassifier(class_weight="balanced", max_depth=4, random_state=0).fit(X, y)
    ref = sk_tree.DecisionTreeClassifier(class_weight="balanced", max_depth=4, random_state=0).fit(X, y)
    assert_same_tree(ours, ref)
    Xr, yr = _regression(6)
    for criterion in ["squared_error", "absolute_error"]:
        ours = DecisionTreeRegressor(criterion=criterion, max_depth=4, random_state=0).fit(
            Xr, yr, sample_weight=w)
        ref = sk_tree.DecisionTreeRegressor(criterion=criterion, max_depth=4, random_state=0).fit(
            Xr, yr, sample_weight=w)
        assert_same_tree(ours, ref)


@pytest.mark.parametrize("seed", range(4))
def test_full_depth_regression_trees_equal_sklearn(seed):
    # In nodes of a few samples, two features often induce the same partition: the two
    # splits' scores are equal up to rounding, and the winner is decided by how the running
    # sums were accumulated (scikit-learn's sample order, forward or backward updates).
    # Weighted and unweighted, depth-first and best-first.
    X, y = _regression(10 + seed, n=500, d=6)
    w = np.random.default_rng(seed).uniform(0.2, 3.0, len(y)) if seed % 2 else None
    for kw in [{}, {"max_leaf_nodes": 150}, {"max_features": 4}]:
        ours = DecisionTreeRegressor(random_state=seed, **kw).fit(X, y, sample_weight=w)
        ref = sk_tree.DecisionTreeRegressor(random_state=seed, **kw).fit(X, y, sample_weight=w)
        assert_same_tree(ours, ref)
        np.testing.assert_array_equal(ours.tree_.value, ref.tree_.value)  # the same bits


def test_weighted_median_leaf_values():
    # a leaf's absolute-error value is the weighted median (midpoint when a prefix weighs
    # exactly half): checked against a direct computation
    X = np.zeros((4, 1))
    y = np.array([1.0, 2.0, 4.0, 8.0])
    reg = DecisionTreeRegressor(criterion="absolute_error").fit(X, y, sample_weight=[1, 1, 1, 1])
    assert reg.predict([[0.0]])[0] == 3.0
    reg.fit(X, y, sample_weight=[1, 3, 1, 1])
    assert reg.predict([[0.0]])[0] == 2.0
    assert reg.tree_.impurity[0] == pytest.approx((1 + 0 + 2 + 6) / 6)


def test_cost_complexity_pruning_path_equals_sklearn():
    X, y = _classification(7)
    ours = DecisionTreeClassifier(random_state=0).cost_complexity_pruning_path(X, y)
    ref = sk_tree.DecisionTreeClassifier(random_state=0).cost_complexity_pruning_path(X, y)
    np.testing.assert_allclose(ours.ccp_alphas, ref.ccp_alphas, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(ours.impurities, ref.impurities, rtol=1e-9)
    # pruning at each alpha of the path gives scikit-learn's pruned tree
    for alpha in ours.ccp_alphas[1:-1:5]:
        a = DecisionTreeClassifier(random_state=0, ccp_alpha=alpha).fit(X, y)
        b = sk_tree.DecisionTreeClassifier(random_state=0, ccp_alpha=alpha).fit(X, y)
        assert_same_tree(a, b)


def test_best_first_growth_keeps_the_largest_decreases():
    X, y = _regression(8, n=500)
    for leaves in (2, 5, 20, 40):
        ours = DecisionTreeRegressor(max_leaf_nodes=leaves, random_state=0).fit(X, y)
        ref = sk_tree.DecisionTreeRegressor(max_leaf_nodes=leaves, random_state=0).fit(X, y)
        assert ours.get_n_leaves() == leaves
        assert_same_tree(ours, ref)


def test_export_text_equals_sklearn():
    X, y = _classification(9)
    names = [f"x{i}" for i in range(X.shape[1])]
    ours = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, y)
    ref = sk_tree.DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, y)
    for kw in [{}, {"feature_names": names, "show_weights": True}, {"max_depth": 2}]:
        assert export_text(ours, **kw) == sk_tree.export_text(ref, **kw)
    Xr, yr = _regression(9)
    ours = DecisionTreeRegressor(max_depth=3, random_state=0).fit(Xr, yr)
    ref = sk_tree.DecisionTreeRegressor(max_depth=3, random_state=0).fit(Xr, yr)
    assert export_text(ours, decimals=4) == sk_tree.export_text(ref, decimals=4)


def test_plot_tree_draws_one_box_per_node():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    X, y = _classification(10)
    clf = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y)
    fig, ax = plt.subplots()
    boxes = plot_tree(clf, ax=ax)
    assert len(boxes) == clf.tree_.node_count
    assert sum("<=" in b.get_text() for b in boxes) == clf.tree_.node_count - clf.get_n_leaves()
    assert len(plot_tree(clf, ax=ax, max_depth=1)) == 3
    plt.close(fig)


def test_save_load_round_trip(tmp_path):
    X, y = _classification(11)
    clf = DecisionTreeClassifier(max_depth=5, random_state=0).fit(X, y)
    path = os.path.join(tmp_path, "tree.safetensors")
    io.save(clf, path)
    loaded = io.load(path)
    np.testing.assert_array_equal(loaded.tree_.threshold, clf.tree_.threshold)
    np.testing.assert_array_equal(loaded.predict_proba(X), clf.predict_proba(X))
    Xr, yr = _regression(11)
    reg = DecisionTreeRegressor(max_depth=5, criterion="absolute_error").fit(Xr, yr)
    io.save(reg, path)
    np.testing.assert_array_equal(io.load(path).predict(Xr), reg.predict(Xr))


def test_bad_input_gets_clear_errors():
    X, y = _classification(12, n=40)
    X_inf = X.copy()
    X_inf[3, 1] = np.inf  # NaN is a missing value (tests/tree/test_tree_missing.py)
    with pytest.raises(ValueError, match="infinity"):
        DecisionTreeClassifier().fit(X_inf, y)
    with pytest.raises(ValueError, match="max_depth"):
        DecisionTreeClassifier(max_depth=0).fit(X, y)
    with pytest.raises(ValueError, match="criterion"):
        DecisionTreeRegressor(criterion="gini").fit(X, y)
    clf = DecisionTreeClassifier().fit(X, y)
    with pytest.raises(ValueError, match="features"):
        clf.predict(X[:, :2])
    with pytest.raises(ValueError, match="class_weight"):
        DecisionTreeClassifier(class_weight={7: 2.0}).fit(X, y)


def test_extreme_but_valid_input_gives_finite_trees():
    rng = np.random.default_rng(13)
    X = rng.standard_normal((100, 3)) * 1e30
    y = rng.standard_normal(100) * 1e100
    reg = DecisionTreeRegressor(max_depth=3).fit(X, y)
    assert np.isfinite(reg.predict(X)).all()
    # all features constant: the root is a leaf predicting the mean
    reg = DecisionTreeRegressor().fit(np.ones((10, 2)), np.arange(10.0))
    assert reg.tree_.node_count == 1 and reg.predict([[1.0, 1.0]])[0] == 4.5


@pytest.mark.parametrize("splitter", ["best", "random"])
@pytest.mark.parametrize("kw", [{}, {"max_depth": 4, "min_samples_leaf": 3},
                                {"max_leaf_nodes": 20}, {"max_features": 2}])
def test_multi_output_absolute_error_tree_equals_sklearn(splitter, kw):
    """criterion="absolute_error" with several outputs: the absolute errors around each
    output's weighted median summed over outputs (impurity / (weight * n_outputs)), one
    median per output and leaf: scikit-learn's tree node for node, with and without weights,
    with tied targets (rounded values)."""
    rng = np.random.default_rng(12)
    X = rng.standard_normal((150, 4))
    Q = rng.standard_normal((60, 4))
    Y = np.column_stack([X[:, 0] + 0.3 * rng.laplace(size=150), np.round(2 * X[:, 1]),
                         np.abs(X[:, 2] * X[:, 3])])
    w = rng.integers(1, 4, 150).astype(float)
    for sample_weight in (None, w):
        for n_outputs in (2, 3):
            params = dict(criterion="absolute_error", splitter=splitter, random_state=3, **kw)
            ours = DecisionTreeRegressor(**params).fit(X, Y[:, :n_outputs], sample_weight)
            ref = sk_tree.DecisionTreeRegressor(**params).fit(X, Y[:, :n_outputs], sample_weight)
            assert_same_tree(ours, ref)
            np.testing.assert_array_equal(ours.predict(Q), ref.predict(Q))
            assert ours.predict(Q).shape == (60, n_outputs)


def test_multi_output_trees_equal_sklearn():
    # one tree for several outputs: impurities averaged over the outputs, values per output
    rng = np.random.default_rng(11)
    X = rng.standard_normal((300, 5))
    Q = rng.standard_normal((80, 5))
    Y = np.column_stack([X[:, 0] + 0.1 * rng.standard_normal(300), np.sin(3 * X[:, 1]),
                         X[:, 2] * X[:, 3]])
    for kw in [{}, {"max_depth": 4}, {"max_leaf_nodes": 30}]:
        ours = DecisionTreeRegressor(random_state=0, **kw).fit(X, Y)
        ref = sk_tree.DecisionTreeRegressor(random_state=0, **kw).fit(X, Y)
        assert_same_tree(ours, ref)
        np.testing.assert_allclose(ours.predict(Q), ref.predict(Q), rtol=1e-12)
        assert ours.predict(Q).shape == (80, 3)
    Yc = np.column_stack([(X[:, 0] > 0).astype(int), np.digitize(X[:, 1], [-0.5, 0.5]),
                          10 + (X[:, 2] > 0.3)])
    for kw in [{}, {"max_depth": 3, "criterion": "entropy"}, {"class_weight": "balanced"},
               {"class_weight": [{0: 1, 1: 2}, {0: 1, 1: 1, 2: 3}, {10: 2, 11: 1}]}]:
        ours = DecisionTreeClassifier(random_state=0, **kw).fit(X, Yc)
        ref = sk_tree.DecisionTreeClassifier(random_state=0, **kw).fit(X, Yc)
        assert_same_tree(ours, ref)
        np.testing.assert_array_equal(ours.predict(Q), ref.predict(Q))
        for a, b in zip(ours.predict_proba(Q), ref.predict_proba(Q), strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-12)
        np.testing.assert_array_equal(ours.n_classes_, ref.n_classes_)
        for a, b in zip(ours.classes_, ref.classes_, strict=True):
            np.testing.assert_array_equal(a, b)
    # an output with one class is one more output (scikit-learn's trees fit it)
    Y1 = np.column_stack([Yc[:, 0], np.zeros(300)])
    ours = DecisionTreeClassifier(random_state=0, max_depth=4).fit(X, Y1)
    ref = sk_tree.DecisionTreeClassifier(random_state=0, max_depth=4).fit(X, Y1)
    assert_same_tree(ours, ref)


def test_multi_output_tree_save_load(tmp_path):
    rng = np.random.default_rng(12)
    X = rng.standard_normal((100, 3))
    Y = np.column_stack([X[:, 0] > 0, X[:, 1] > 0.5]).astype(int)
    clf = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, Y)
    path = os.path.join(tmp_path, "multi.safetensors")
    io.save(clf, path)
    loaded = io.load(path)
    np.testing.assert_array_equal(loaded.predict(X), clf.predict(X))
    for a, b in zip(loaded.predict_proba(X), clf.predict_proba(X), strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("seed", range(3))
def test_random_splitter_equals_sklearn(seed):
    # splitter="random": one uniform threshold per feature drawn from scikit-learn's
    # generator, samples partitioned as its random splitter does; the same trees result
    X, y = _regression(20 + seed)
    Xc, yc = _classification(20 + seed)
    for kw in [{}, {"max_depth": 4}, {"min_samples_leaf": 3}, {"max_leaf_nodes": 20},
               {"max_features": 2}]:
        ours = DecisionTreeRegressor(splitter="random", random_state=seed, **kw).fit(X, y)
        ref = sk_tree.DecisionTreeRegressor(splitter="random", random_state=seed, **kw).fit(X, y)
        assert_same_tree(ours, ref)
        ours = DecisionTreeClassifier(splitter="random", random_state=seed, **kw).fit(Xc, yc)
        ref = sk_tree.DecisionTreeClassifier(splitter="random", random_state=seed, **kw).fit(Xc, yc)
        assert_same_tree(ours, ref)
    with pytest.raises(ValueError, match="splitter"):
        DecisionTreeRegressor(splitter="median").fit(X, y)


def test_single_class_fits_one_leaf_as_sklearn():
    X, _ = _classification(14, n=30)
    y = np.full(30, 7)
    ours = DecisionTreeClassifier().fit(X, y)
    ref = sk_tree.DecisionTreeClassifier().fit(X, y)
    assert_same_tree(ours, ref)
    np.testing.assert_array_equal(ours.predict(X), y)
    np.testing.assert_array_equal(ours.predict_proba(X), ref.predict_proba(X))


def test_fractions_must_be_floats_and_class_weights_one_per_output():
    X, y = _classification(15, n=30)
    with pytest.raises(ValueError, match="'min_samples_split' parameter .* range \\[2, inf\\)"):
        DecisionTreeClassifier(min_samples_split=1).fit(X, y)
    ours = DecisionTreeClassifier(min_samples_split=1.0, random_state=0).fit(X, y)
    assert_same_tree(ours, sk_tree.DecisionTreeClassifier(min_samples_split=1.0,
                                                          random_state=0).fit(X, y))
    with pytest.raises(ValueError, match="number of elements in class_weight should match"):
        DecisionTreeClassifier(class_weight=[{0: 2.0}]).fit(X, np.column_stack([y, y]))
