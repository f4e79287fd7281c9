"""LassoCV and ElasticNetCV against scikit-learn (dense, Gram and sparse folds, weights)."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sparse
from sklearn import linear_model as sk

from syllabus.linear_model import ElasticNetCV, LassoCV


def _data(n, p, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    coef = np.zeros(p)
    coef[:4] = [3.0, -2.0, 1.5, 0.5]
    return X, X @ coef + 1.0 + rng.normal(size=n), rng.uniform(0.5, 2.0, size=n)


def _assert_same(ours, ref, attrs):
    for attr in attrs:
        got, want = np.asarray(getattr(ours, attr)), np.asarray(getattr(ref, attr))
        assert got.shape == want.shape, attr
        np.testing.assert_allclose(got, want, rtol=1e-8, atol=1e-10, err_msg=attr)


ATTRS = ["alpha_", "alphas_", "mse_path_", "coef_", "intercept_", "n_iter_"]


@pytest.mark.parametrize("shape", [(50, 10), (30, 60)])
@pytest.mark.parametrize("sparse_X", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("kwargs", [{}, {"alphas": [0.01, 0.1, 1.0], "precompute": False},
                                    {"alphas": 10, "eps": 1e-2, "cv": 3, "positive": True},
                                    {"fit_intercept": False, "cv": 4}])
def test_lasso_cv_matches_sklearn(shape, sparse_X, weighted, kwargs):
    X, y, sw = _data(*shape)
    if sparse_X:
        X = sparse.csc_matrix(np.where(np.abs(X) > 0.7, X, 0.0))
    sw = sw if weighted else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # both warn alike on the smallest penalties
        ours = LassoCV(**kwargs).fit(X, y, sample_weight=sw)
        ref = sk.LassoCV(**kwargs).fit(X, y, sample_weight=sw)
    _assert_same(ours, ref, ATTRS)
    assert not hasattr(ours, "l1_ratio_")


@pytest.mark.parametrize("l1_ratio", [0.5, [0.2, 0.7, 1.0]])
@pytest.mark.parametrize("sparse_X", [False, True])
def test_elastic_net_cv_matches_sklearn(l1_ratio, sparse_X):
    X, y, sw = _data(40, 12, seed=2)
    if sparse_X:
        X = sparse.csr_matrix(np.where(np.abs(X) > 0.5, X, 0.0))
    kwargs = {"l1_ratio": l1_ratio, "alphas": 20, "cv": 4}
    ours = ElasticNetCV(**kwargs).fit(X, y, sample_weight=sw)
    ref = sk.ElasticNetCV(**kwargs).fit(X, y, sample_weight=sw)
    _assert_same(ours, ref, ATTRS + ["l1_ratio_"])


def test_cv_errors():
    X, y, _ = _data(20, 5)
    with pytest.raises(ValueError, match="Automatic alpha grid generation is not supported"):
        ElasticNetCV(l1_ratio=0.0).fit(X, y)
    with pytest.raises(ValueError, match="For multi-task outputs"):
        LassoCV().fit(X, np.column_stack([y, y]))
    with pytest.raises(ValueError, match=r"alphas\[1\] == -1"):
        LassoCV(alphas=[1.0, -1]).fit(X, y)
