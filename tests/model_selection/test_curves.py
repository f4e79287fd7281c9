"""cross_val_predict, learning_curve, validation_curve and permutation_test_score give
scikit-learn's results on the same splits."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn import model_selection as skms
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.linear_model import Ridge as SkRidge
from sklearn.linear_model import SGDClassifier as SkSGDClassifier

from syllabus.linear_model import LogisticRegression, Ridge, SGDClassifier
from syllabus.model_selection import (
    GroupKFold,
    KFold,
    cross_val_predict,
    learning_curve,
    permutation_test_score,
    validation_curve,
)


def _regression(seed=0, n=50):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4))
    return X, X @ [1.0, -2.0, 0.0, 0.5] + 0.3 * rng.normal(size=n)


def _classification(seed=0, n=60, n_classes=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    y = np.digitize(X[:, 0] + 0.5 * X[:, 1] + 0.3 * rng.normal(size=n),
                    np.linspace(-0.8, 0.8, n_classes - 1))
    return X, y


@pytest.mark.parametrize("method", ["predict", "predict_proba", "predict_log_proba",
                                    "decision_function"])
def test_cross_val_predict_same_as_sklearn(method):
    X, y = _classification()
    labels = np.array(["low", "mid", "high"])[y]  # string classes are encoded per fold
    tight = dict(C=0.5, tol=1e-10, max_iter=1000)
    ours = cross_val_predict(LogisticRegression(**tight), X, labels, cv=4, method=method)
    theirs = skms.cross_val_predict(SkLogisticRegression(**tight), X, labels, cv=4,
                                    method=method)
    if method == "predict":
        assert_array_equal(ours, theirs)
    else:
        assert_allclose(ours, theirs, rtol=1e-6, atol=1e-8)


def test_cross_val_predict_regression_order_and_partition_check():
    X, y = _regression()
    cv = KFold(5, shuffle=True, random_state=0)
    ours = cross_val_predict(Ridge(alpha=0.3), X, y, cv=cv)
    theirs = skms.cross_val_predict(SkRidge(alpha=0.3), X, y,
                                    cv=skms.KFold(5, shuffle=True, random_state=0))
    assert_allclose(ours, theirs, rtol=1e-10)
    # Each prediction is from the fold model that did not see the sample.
    train, test = next(iter(cv.split(X)))
    assert_allclose(ours[test], Ridge(alpha=0.3).fit(X[train], y[train]).predict(X[test]),
                    rtol=1e-12)
    with pytest.raises(ValueError, match="only works for partitions"):
        cross_val_predict(Ridge(), X, y, cv=[(np.arange(10, 50), np.arange(10))])


def test_cross_val_predict_missing_class_in_a_fold():
    X, y = _classification(n=30)
    y = y.copy()
    y[:3] = 3  # class 3 only in the first fold's test set
    cv = [(np.arange(10, 30), np.arange(10)), (np.arange(10), np.arange(10, 30))]
    with pytest.warns(RuntimeWarning, match="Number of classes in training fold"):
        ours = cross_val_predict(LogisticRegression(tol=1e-10, max_iter=1000), X, y, cv=cv,
                                 method="predict_proba")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        theirs = skms.cross_val_predict(SkLogisticRegression(tol=1e-10, max_iter=1000), X, y,
                                        cv=cv, method="predict_proba")
    assert_allclose(ours, theirs, rtol=1e-6, atol=1e-8)
    assert_array_equal(ours[:10, 3], 0.0)


@pytest.mark.parametrize("shuffle", [False, True])
def test_learning_curve_same_as_sklearn(shuffle):
    X, y = _regression(n=60)
    kwargs = dict(cv=3, train_sizes=[0.2, 0.5, 1.0], scoring="neg_mean_squared_error",
                  shuffle=shuffle, random_state=0 if shuffle else None)
    sizes, train, test, fit_times, score_times = learning_curve(
        Ridge(alpha=1.0), X, y, return_times=True, **kwargs)
    sizes_ref, train_ref, test_ref = skms.learning_curve(SkRidge(alpha=1.0), X, y, **kwargs)
    assert_array_equal(sizes, sizes_ref)
    assert_allclose(train, train_ref, rtol=1e-9)
    assert_allclose(test, test_ref, rtol=1e-9)
    assert train.shape == test.shape == fit_times.shape == score_times.shape == (3, 3)
    assert np.all(fit_times >= 0)


def test_learning_curve_incremental_same_as_sklearn():
    X, y = _classification(n=90, n_classes=2)
    kwargs = dict(cv=3, train_sizes=[10, 30, 60], exploit_incremental_learning=True)
    sizes, train, test = learning_curve(
        SGDClassifier(max_iter=5, tol=None, random_state=0), X, y, **kwargs)
    sizes_ref, train_ref, test_ref = skms.learning_curve(
        SkSGDClassifier(max_iter=5, tol=None, random_state=0), X, y, **kwargs)
    assert_array_equal(sizes, sizes_ref)
    assert_allclose(train, train_ref, rtol=1e-12)
    assert_allclose(test, test_ref, rtol=1e-12)


def test_learning_curve_train_size_errors():
    X, y = _regression()
    with pytest.raises(ValueError, match="must be within \\(0, 1\\]"):
        learning_curve(Ridge(), X, y, cv=2, train_sizes=[0.0, 0.5])
    with pytest.raises(ValueError, match="must be within \\(0, 25\\]"):
        learning_curve(Ridge(), X, y, cv=2, train_sizes=[1, 26])
    with pytest.warns(RuntimeWarning, match="Removed duplicate entries"):
        sizes, _, _ = learning_curve(Ridge(), X, y, cv=2, train_sizes=[0.1, 0.11, 1.0])
    assert sizes.tolist() == [2, 25]
    with pytest.raises(ValueError, match="partial_fit"):
        learning_curve(Ridge(), X, y, exploit_incremental_learning=True)


def test_validation_curve_same_as_sklearn():
    X, y = _regression()
    alphas = [0.01, 1.0, 100.0]
    train, test = validation_curve(Ridge(), X, y, param_name="alpha", param_range=alphas,
                                   cv=4, scoring="r2")
    train_ref, test_ref = skms.validation_curve(SkRidge(), X, y, param_name="alpha",
                                                param_range=alphas, cv=4, scoring="r2")
    assert train.shape == (3, 4)
    assert_allclose(train, train_ref, rtol=1e-10)
    assert_allclose(test, test_ref, rtol=1e-10)
    # More shrinkage fits the training folds worse.
    assert np.all(np.diff(train.mean(axis=1)) < 0)


@pytest.mark.parametrize("grouped", [False, True])
def test_permutation_test_score_same_as_sklearn(grouped):
    X, y = _classification(n=40, n_classes=2)
    groups = np.repeat(np.arange(8), 5) if grouped else None
    ours = permutation_test_score(LogisticRegression(tol=1e-10), X, y, groups=groups, cv=KFold(4),
                                  n_permutations=15, random_state=3)
    theirs = skms.permutation_test_score(SkLogisticRegression(tol=1e-10), X, y, groups=groups,
                                         cv=skms.KFold(4), n_permutations=15, random_state=3)
    assert_allclose(ours[0], theirs[0], rtol=1e-12)
    assert_allclose(ours[1], theirs[1], rtol=1e-12)
    assert ours[2] == pytest.approx(theirs[2])
    # The labels carry signal: no permutation beats the true score, p = 1 / 16.
    assert ours[2] == pytest.approx(1 / 16)


def test_cross_val_predict_with_groups():
    X, y = _regression()
    groups = np.arange(50) // 10
    ours = cross_val_predict(Ridge(), X, y, groups=groups, cv=GroupKFold(5))
    theirs = skms.cross_val_predict(SkRidge(), X, y, groups=groups, cv=skms.GroupKFold(5))
    assert_allclose(ours, theirs, rtol=1e-10)
