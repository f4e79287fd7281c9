"""The ensembles on scipy.sparse X: the models scikit-learn fits on the same sparse data, and
the models we fit on its dense copy."""

import warnings

import numpy as np
import pytest
from sklearn import ensemble as sk_ensemble
from sklearn import tree as sk_tree

from syllabus import ensemble
from syllabus import tree as tree_module

sp = pytest.importorskip("scipy.sparse")


def _sparse_data(seed, n=200, d=6):
    # 60% zeros; depth-limited trees with leaves of >= 5 samples: exact zeros tie, and
    # in tiny nodes which of two equal splits wins is decided by rounding
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    X[rng.random(X.shape) < 0.6] = 0.0
    y = (X[:, 0] + X[:, 1] > 0).astype(int) + (X[:, 2] > 0.5)
    target = X[:, 0] + X[:, 2] ** 2 + 0.1 * rng.standard_normal(n)
    return X, y, target


def _outputs(model, X):
    return model.predict_proba(X) if hasattr(model, "predict_proba") else model.predict(X)


@pytest.mark.parametrize("container", ["csr_matrix", "csc_array", "coo_matrix"])
@pytest.mark.parametrize(("name", "params"), [
    ("RandomForestClassifier", {"oob_score": True}),
    ("ExtraTreesClassifier", {"bootstrap": True, "oob_score": True, "max_features": 3}),
    ("RandomForestRegressor", {"oob_score": True, "max_features": 0.5}),
    ("ExtraTreesRegressor", {}),
    ("GradientBoostingClassifier", {"subsample": 0.7}),
    ("GradientBoostingRegressor", {"loss": "huber", "subsample": 0.7}),
    ("AdaBoostClassifier", {}),
    ("AdaBoostRegressor", {}),
    ("BaggingClassifier", {"max_features": 4, "oob_score": True}),
    ("BaggingRegressor", {"bootstrap_features": True}),
])
def test_sparse_equals_sklearn_and_dense(container, name, params):
    X, y, target = _sparse_data(0)
    Xs = getattr(sp, container)(X)
    yy = target if name.endswith("Regressor") else y
    kw = {"n_estimators": 8, "random_state": 0, **params}
    if "Forest" in name or "ExtraTrees" in name or "Gradient" in name:
        kw.update(max_depth=4, min_samples_leaf=5)
    ref_kw = dict(kw)
    if name.startswith("Bagging"):  # depth-limited members, as above
        tree = "DecisionTreeRegressor" if name.endswith("Regressor") else "DecisionTreeClassifier"
        kw["estimator"] = getattr(tree_module, tree)(max_depth=4, min_samples_leaf=5)
        ref_kw["estimator"] = getattr(sk_tree, tree)(max_depth=4, min_samples_leaf=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # too few members for every OOB sample
        ours = getattr(ensemble, name)(**kw).fit(Xs, yy)
        ref = getattr(sk_ensemble, name)(**ref_kw).fit(Xs, yy)
        dense = getattr(ensemble, name)(**kw).fit(X, yy)
    np.testing.assert_allclose(_outputs(ours, Xs), _outputs(ref, Xs), rtol=1e-10, atol=1e-14)
    np.testing.assert_array_equal(_outputs(ours, Xs), _outputs(dense, X))
    np.testing.assert_array_equal(_outputs(ours, X), _outputs(ours, Xs))
    if "oob_score" in params:
        assert ours.oob_score_ == pytest.approx(ref.oob_score_, rel=1e-12)
        assert ours.oob_score_ == dense.oob_score_


def test_forest_trees_read_the_sparse_columns():
    # the trees are grown from the CSC arrays (no densified copy): identical structure
    X, y, _ = _sparse_data(1)
    ours = ensemble.RandomForestClassifier(n_estimators=4, random_state=3).fit(sp.csr_matrix(X), y)
    ref = sk_ensemble.RandomForestClassifier(n_estimators=4, random_state=3).fit(
        sp.csr_matrix(X), y)
    for a, b in zip(ours.estimators_, ref.estimators_, strict=True):
        np.testing.assert_array_equal(a.tree_.feature, b.tree_.feature)
        np.testing.assert_array_equal(a.tree_.threshold, b.tree_.threshold)
    np.testing.assert_array_equal(ours.apply(sp.csr_matrix(X)), ref.apply(sp.csr_matrix(X)))
    with pytest.raises(ValueError, match="sparse multilabel-indicator"):
        ensemble.RandomForestClassifier().fit(X[:1], sp.csr_matrix([[1, 0, 1]]))


def test_forests_split_on_missing_values_as_sklearn():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((200, 4))
    X[rng.random(X.shape) < 0.1] = np.nan
    y = (np.nan_to_num(X[:, 0], nan=1.0) > 0).astype(int)
    for name in ["RandomForestClassifier", "ExtraTreesClassifier"]:
        ours = getattr(ensemble, name)(n_estimators=5, random_state=0, max_depth=5).fit(X, y)
        ref = getattr(sk_ensemble, name)(n_estimators=5, random_state=0, max_depth=5).fit(X, y)
        for a, b in zip(ours.estimators_, ref.estimators_, strict=True):
            np.testing.assert_array_equal(a.tree_.feature, b.tree_.feature)
        np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-12)
