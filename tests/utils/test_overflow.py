"""No solver hangs or returns garbage on data whose squares overflow float64 (issue 9, 2-3).

Every estimator that forms inner products of the features refuses such data in ``fit`` with a
clear ValueError, at once (SVC used to loop forever, Ridge to return zeros with a warning).
"""

import warnings

import numpy as np
import pytest

from syllabus import svm
from syllabus.kernel_ridge import KernelRidge
from syllabus.linear_model import (
    ElasticNet,
    Lasso,
    LinearRegression,
    LogisticRegression,
    Perceptron,
    Ridge,
    SGDClassifier,
    SGDRegressor,
)
from syllabus.neural_network import MLPClassifier, MLPRegressor
from syllabus.utils import check_no_overflow

ESTIMATORS = [
    (svm.SVC(kernel="linear"), "class"), (svm.SVC(kernel="rbf"), "class"),
    (svm.SVC(kernel="poly"), "class"), (svm.LinearSVC(), "class"), (svm.RankSVM(), "reg"),
    (Ridge(), "reg"), (LinearRegression(solver="gd"), "reg"),
    (Lasso(), "reg"), (ElasticNet(), "reg"), (LogisticRegression(), "class"),
    (LogisticRegression(solver="newton"), "class"), (Perceptron(), "class"),
    (SGDClassifier(), "class"), (SGDRegressor(), "reg"), (KernelRidge(), "reg"),
    (KernelRidge(kernel="rbf"), "reg"), (MLPClassifier(max_iter=5), "class"),
    (MLPRegressor(max_iter=5), "reg"),
]


def _data(rng):
    X = rng.normal(size=(30, 3))
    return X, (X[:, 0] > 0).astype(int), X @ [1.0, 2.0, -1.0]


@pytest.mark.parametrize(("estimator", "kind"), ESTIMATORS, ids=lambda e: repr(e))
def test_fit_on_overflowing_data_raises_at_once(estimator, kind):
    X, y_class, y_reg = _data(np.random.default_rng(0))
    with pytest.raises(ValueError, match="too large for float64"):
        estimator.fit(X * 1e300, y_class if kind == "class" else y_reg)


def test_large_but_representable_data_is_accepted():
    # Squares up to ~1e300 are fine: the same problem, scaled, gives the scaled solution.
    X, _, y = _data(np.random.default_rng(1))
    ref = LinearRegression().fit(X, y)
    for estimator in (LinearRegression(), Ridge(alpha=1e-300)):
        big = estimator.fit(X * 1e150, y)
        np.testing.assert_allclose(big.coef_ * 1e150, ref.coef_, rtol=1e-10)
    check_no_overflow(X * 1e150)
    # The normal-equation LinearRegression never squares X (SVD fallback): even 1e300 works.
    huge = LinearRegression().fit(X * 1e300, y)
    np.testing.assert_allclose(huge.coef_ * 1e300, ref.coef_, rtol=1e-10)


def test_check_no_overflow_names_the_input_and_estimator():
    with pytest.raises(ValueError, match=r"Input Z .* for Ridge\. Scale"):
        check_no_overflow(np.array([[1e200]]), input_name="Z", estimator=Ridge())
    check_no_overflow(np.array([["a"]]))  # not floating point: nothing to check


def test_svc_kernel_that_overflows_raises_instead_of_looping():
    # Features of 1e60 are fine, but (x.y + 1)^3 ~ 1e360 is not: the kernel's diagonal
    # (which bounds every other entry) is checked before SMO starts.
    X, y, _ = _data(np.random.default_rng(2))
    with pytest.raises(ValueError, match="kernel matrix has non-finite values"):
        svm.SVC(kernel="poly", gamma=1.0, degree=3).fit(X * 1e60, y)


def test_svc_without_max_iter_gets_libsvm_bound(monkeypatch):
    # max_iter=-1 means "no limit" to the user, but SMO gets LIBSVM's own bound
    # max(10^7, 100 n), so a stalled solve ends with a ConvergenceWarning instead of hanging.
    from syllabus.svm import _classes

    seen = []
    real = _classes.smo_solve

    def spy(*args, **kwargs):
        seen.append(kwargs["max_iter"])
        return real(*args, **kwargs)

    monkeypatch.setattr(_classes, "smo_solve", spy)
    X, y, _ = _data(np.random.default_rng(3))
    svm.SVC().fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # stopped at 7: ConvergenceWarning
        svm.SVC(max_iter=7).fit(X, y)
    assert seen == [10_000_000, 7]


def test_logistic_warning_says_why_lbfgs_stopped():
    # Defect found by the sweep: on badly scaled data L-BFGS's line search gives up after two
    # iterations, and the warning claimed "did not converge in max_iter=100 iterations".
    X, y, _ = _data(np.random.default_rng(4))
    with pytest.warns(Warning, match=r"lbfgs.? stopped after \d+ iterations \(the line search"):
        LogisticRegression().fit(X * 1e100, y)
