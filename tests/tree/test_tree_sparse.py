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
