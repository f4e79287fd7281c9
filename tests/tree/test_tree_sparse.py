"""Trees on scipy.sparse X: the same trees as on X.toarray() and as scikit-learn's."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import tree as sk_tree

from syllabus.tree import DecisionTreeClassifier, DecisionTreeRegressor

from .test_tree import assert_same_tree


def _sparse_data(seed, n=240, d=12, density=0.25):
    """Mostly zeros, both signs, a few features positive only; no ties among non-zeros."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)) * (rng.random((n, d)) < density)
    X[:, :3] = np.abs(X[:, :3])
    y_class = (X[:, 0] + X[:, 1] - X[:, 5] > 0.1).astype(int) + (X[:, 7] > 0)
    y_reg = 2 * X[:, 0] + X[:, 3] - X[:, 8] + 0.1 * rng.standard_normal(n)
    return X, y_class, y_reg


SETTINGS = [
    {},
    {"max_depth": 3},
    {"max_features": 3},
    {"max_leaf_nodes": 9},
    {"min_samples_leaf": 5},
    {"splitter": "random"},
    {"splitter": "random", "max_features": 4, "max_leaf_nodes": 12},
]


@pytest.mark.parametrize("params", SETTINGS)
@pytest.mark.parametrize("fmt", [sp.csc_matrix, sp.csr_matrix, sp.coo_array])
def test_sparse_classifier_equals_dense_and_sklearn(params, fmt):
    X, y, _ = _sparse_data(0)
    Xs = fmt(X)
    dense = DecisionTreeClassifier(random_state=3, **params).fit(X, y)
    ours = DecisionTreeClassifier(random_state=3, **params).fit(Xs, y)
    ref = sk_tree.DecisionTreeClassifier(random_state=3, **params).fit(Xs, y)
    assert_same_tree(ours, dense)
    assert_same_tree(ours, ref)
    np.testing.assert_array_equal(ours.apply(Xs), ref.apply(Xs))
    np.testing.assert_allclose(ours.predict_proba(sp.csr_matrix(X)), ref.predict_proba(X),
                               rtol=1e-12)
    assert (ours.decision_path(Xs) != ref.decision_path(Xs)).nnz == 0


@pytest.mark.parametrize("params", [{"max_depth": 4}, {"max_features": 5, "max_depth": 5},
                                    {"splitter": "random", "max_depth": 4},
                                    {"max_leaf_nodes": 8}])
@pytest.mark.parametrize("criterion", ["squared_error", "absolute_error"])
def test_sparse_regressor_equals_dense_and_sklearn(params, criterion):
    X, _, y = _sparse_data(1)
    Xs = sp.csc_matrix(X)
    dense = DecisionTreeRegressor(criterion=criterion, random_state=0, **params).fit(X, y)
    ours = DecisionTreeRegressor(criterion=criterion, random_state=0, **params).fit(Xs, y)
    ref = sk_tree.DecisionTreeRegressor(criterion=criterion, random_state=0, **params).fit(Xs, y)
    assert_same_tree(ours, dense)
    assert_same_tree(ours, ref)
    np.testing.assert_allclose(ours.predict(sp.csr_matrix(X)), ref.predict(X), rtol=1e-12)


def test_sparse_fully_grown_tree_equals_dense_tree():
    # Deep regression trees on data with many ties (the zeros) can break exact ties in
    # the rounding of the running sums; ours sums in the same order for sparse and dense.
    X, y_class, y = _sparse_data(2, n=400, d=20, density=0.1)
    for splitter in ("best", "random"):
        for Tree, target in ((DecisionTreeRegressor, y), (DecisionTreeClassifier, y_class)):
            dense = Tree(splitter=splitter, random_state=5).fit(X, target)
            ours = Tree(splitter=splitter, random_state=5).fit(sp.csr_matrix(X), target)
            assert_same_tree(ours, dense)


def test_sparse_explicit_zeros_weights_and_unsorted_indices():
    X, y, _ = _sparse_data(3, n=120, d=9)
    coo = sp.coo_matrix(X)
    extra = np.flatnonzero(X[:, 0] == 0)[:5]  # five explicit zeros in column 0
    Xz = sp.csc_matrix((np.r_[coo.data, np.zeros(5)],
                        (np.r_[coo.row, extra], np.r_[coo.col, np.zeros(5, int)])), shape=X.shape)
    for j in range(X.shape[1]):  # unsorted indices: each column's entries reversed
        lo, hi = Xz.indptr[j], Xz.indptr[j + 1]
        Xz.indices[lo:hi] = Xz.indices[lo:hi][::-1].copy()
        Xz.data[lo:hi] = Xz.data[lo:hi][::-1].copy()
    Xz.has_sorted_indices = False
    indices_before = Xz.indices.copy()
    w = np.random.default_rng(4).integers(0, 4, len(y)).astype(float)
    ours = DecisionTreeClassifier(random_state=0).fit(Xz, y, sample_weight=w)
    ref = sk_tree.DecisionTreeClassifier(random_state=0).fit(X, y, sample_weight=w)
    assert_same_tree(ours, ref)
    assert Xz.nnz == coo.nnz + 5
    np.testing.assert_array_equal(Xz.indices, indices_before)  # the user's matrix unchanged


def test_sparse_int64_indices_and_float64_data():
    X, y, _ = _sparse_data(4, n=100, d=9)
    Xs = sp.csr_array(X)
    Xs.indices = Xs.indices.astype(np.int64)
    Xs.indptr = Xs.indptr.astype(np.int64)
    ours = DecisionTreeClassifier(random_state=0).fit(Xs, y)
    ref = sk_tree.DecisionTreeClassifier(random_state=0).fit(X, y)
    assert_same_tree(ours, ref)
    np.testing.assert_array_equal(ours.predict(Xs), ref.predict(X))


def _awkward_sparse(seed, n, d, density):
    """Columns of every shape a sparse column can take in a node: all zero, negative only,
    positive only, both signs, ties among the non-zeros, a column with no zero at all;
    a node's non-zeros are read from the column alone (binary search or position map)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)) * (rng.random((n, d)) < density)
    X[:, 0] = 0.0
    X[:, 1] = -np.abs(X[:, 1])
    X[:, 2] = np.abs(X[:, 2])
    X[:, 3] = np.round(X[:, 3], 1)  # ties (and values rounded to zero)
    X[:, 4] = -np.abs(rng.standard_normal(n)) * (rng.random(n) < 0.6)  # denser, negatives
    X[:, 5] = rng.standard_normal(n)  # no zero
    score = X[:, 1:].sum(axis=1) + 0.2 * rng.standard_normal(n)
    y_class = (score > np.median(score)).astype(int) + (X[:, 4] < -1)
    y_reg = np.abs(score + 0.3 * rng.standard_normal(n)) + 0.1
    return X, y_class, y_reg, rng.integers(0, 4, n).astype(float)


AWKWARD_SETTINGS = [{}, {"max_features": 4}, {"min_samples_leaf": 7}, {"max_leaf_nodes": 15},
                    {"min_weight_fraction_leaf": 0.04}, {"splitter": "random"}]


@pytest.mark.parametrize("density", [0.005, 0.02, 0.2, 0.5])
@pytest.mark.parametrize("params", AWKWARD_SETTINGS)
def test_sparse_awkward_columns_classifier_equals_sklearn(density, params):
    X, y, _, w = _awkward_sparse(int(density * 1000), 500, 14, density)
    for criterion in ("gini", "entropy"):
        for weights in (None, w):
            for target in (y, np.c_[y, X[:, 5] > 0]):
                ours = DecisionTreeClassifier(criterion=criterion, random_state=1, **params)
                ref = sk_tree.DecisionTreeClassifier(criterion=criterion, random_state=1, **params)
                ours.fit(sp.csc_matrix(X), target, sample_weight=weights)
                ref.fit(sp.csc_matrix(X), target, sample_weight=weights)
                assert_same_tree(ours, ref)
                assert_same_tree(ours, DecisionTreeClassifier(
                    criterion=criterion, random_state=1, **params).fit(X, target, weights))


@pytest.mark.parametrize("density", [0.005, 0.02, 0.2])
@pytest.mark.parametrize("params", AWKWARD_SETTINGS)
@pytest.mark.parametrize("criterion", ["squared_error", "poisson", "absolute_error"])
def test_sparse_awkward_columns_regressor_equals_dense(density, params, criterion):
    # Compared with our dense trees only: on these columns scikit-learn's sparse regression
    # trees differ from ours (already before the sparse scan was rewritten). Not explained
    # yet; a guess is the order in which its sparse splitter sums a node's zeros.
    X, _, y, w = _awkward_sparse(int(density * 1000) + 1, 300, 10, density)
    for target in (y, np.c_[y, y[::-1]]):
        for weights in (None, w):
            ours = DecisionTreeRegressor(criterion=criterion, random_state=2, **params)
            dense = DecisionTreeRegressor(criterion=criterion, random_state=2, **params)
            assert_same_tree(ours.fit(sp.csc_matrix(X), target, sample_weight=weights),
                             dense.fit(X, target, sample_weight=weights))


def test_sparse_large_nodes_read_by_position_map_and_binary_search():
    # Deep trees on 3000 samples: the root reads every column through the position map,
    # small nodes binary search the long columns.
    rng = np.random.default_rng(7)
    Xs = sp.random(3000, 30, density=0.03, format="csc", random_state=rng,
                   data_rvs=lambda k: rng.standard_normal(k))
    score = Xs @ rng.standard_normal(30)
    y = (score > np.median(score)).astype(int)
    ours = DecisionTreeClassifier(random_state=0).fit(Xs, y)
    ref = sk_tree.DecisionTreeClassifier(random_state=0).fit(Xs, y)
    assert_same_tree(ours, ref)
    ours = DecisionTreeRegressor(random_state=0).fit(Xs, score)
    assert_same_tree(ours, DecisionTreeRegressor(random_state=0).fit(Xs.toarray(), score))
