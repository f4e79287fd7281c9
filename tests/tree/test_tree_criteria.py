"""The Poisson criterion and the deprecated "friedman_mse" alias against scikit-learn."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import tree as sk_tree

from syllabus.tree import DecisionTreeRegressor

from .test_tree import assert_same_tree


def _counts(seed, n=300, d=5, n_outputs=1):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    rate = np.exp(X[:, :1] + 0.5 * X[:, 1:2] + 0.2 * rng.standard_normal((n, n_outputs)))
    y = rng.poisson(rate).astype(float)
    return X, y[:, 0] if n_outputs == 1 else y


@pytest.mark.parametrize("params", [{}, {"max_depth": 3}, {"splitter": "random"},
                                    {"max_leaf_nodes": 10}, {"min_samples_leaf": 5},
                                    {"max_features": 2}, {"ccp_alpha": 0.002}])
def test_poisson_tree_equals_sklearn(params):
    X, y = _counts(0)
    ours = DecisionTreeRegressor(criterion="poisson", random_state=0, **params).fit(X, y)
    ref = sk_tree.DecisionTreeRegressor(criterion="poisson", random_state=0, **params).fit(X, y)
    assert_same_tree(ours, ref)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-12)


def test_poisson_weighted_multi_output_and_sparse_equal_sklearn():
    X, y = _counts(1, n_outputs=2)
    w = np.random.default_rng(1).uniform(0.5, 2.0, len(X))
    ours = DecisionTreeRegressor(criterion="poisson", max_depth=4, random_state=0).fit(
        X, y, sample_weight=w)
    ref = sk_tree.DecisionTreeRegressor(criterion="poisson", max_depth=4, random_state=0).fit(
        X, y, sample_weight=w)
    assert_same_tree(ours, ref)
    X = X * (np.abs(X) > 0.5)
    ours = DecisionTreeRegressor(criterion="poisson", max_depth=5, random_state=0).fit(
        sp.csc_matrix(X), y[:, 0])
    ref = sk_tree.DecisionTreeRegressor(criterion="poisson", max_depth=5, random_state=0).fit(
        sp.csc_matrix(X), y[:, 0])
    assert_same_tree(ours, ref)


def test_poisson_never_leaves_a_child_without_positive_targets():
    # y = 0 on one half: a split isolating those zeros would predict a zero mean
    X = np.arange(20.0)[:, None]
    y = np.r_[np.zeros(10), np.arange(1.0, 11.0)]
    ours = DecisionTreeRegressor(criterion="poisson").fit(X, y)
    ref = sk_tree.DecisionTreeRegressor(criterion="poisson").fit(X, y)
    assert_same_tree(ours, ref)
    assert np.all(ours.tree_.value[ours.tree_.children_left == -1] > 0)


def test_poisson_rejects_negative_targets_and_zero_sum():
    X = np.arange(6.0)[:, None]
    with pytest.raises(ValueError, match="Some value\\(s\\) of y are negative"):
        DecisionTreeRegressor(criterion="poisson").fit(X, [1.0, 2, -1, 3, 0, 1])
    with pytest.raises(ValueError, match="Sum of y is not positive"):
        DecisionTreeRegressor(criterion="poisson").fit(X, np.zeros(6))


def test_friedman_mse_is_the_deprecated_alias_of_squared_error():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((200, 4))
    y = X[:, 0] + np.sin(2 * X[:, 1]) + 0.1 * rng.standard_normal(200)
    with pytest.warns(FutureWarning, match="friedman_mse"):
        ours = DecisionTreeRegressor(criterion="friedman_mse", max_depth=5, random_state=0)
    assert ours.get_params()["criterion"] == "squared_error"
    ref = sk_tree.DecisionTreeRegressor(criterion="squared_error", max_depth=5, random_state=0)
    assert_same_tree(ours.fit(X, y), ref.fit(X, y))
    # Friedman's improvement W_L W_R (m_L - m_R)^2 / W ranks the root's candidate splits as
    # the variance decrease does: the root split maximises it over all thresholds
    order = np.argsort(X[:, ours.tree_.feature[0]])
    ys = y[order]
    n = len(ys)
    k = np.arange(1, n)
    friedman = k * (n - k) * (np.cumsum(ys)[:-1] / k - (ys.sum() - np.cumsum(ys)[:-1]) / (n - k)) ** 2 / n
    n_left = ours.tree_.n_node_samples[ours.tree_.children_left[0]]
    assert np.argmax(friedman) + 1 == n_left
