"""LogisticRegression (binary and softmax, four solvers) against scikit-learn."""

import warnings

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

from syllabus.datasets import load_iris
from syllabus.linear_model import ConvergenceWarning, LogisticRegression
from syllabus.linear_model._loss import LogisticLoss, expit
from syllabus.preprocessing import StandardScaler


def _binary(n=150, d=4):
    rng = np.random.default_rng(4)
    X = rng.normal(size=(n, d))
    y = (X @ rng.normal(size=d) + 0.5 + rng.logistic(size=n) > 0).astype(int)
    return X, y


def _multiclass(n=180, d=4, k=3):
    rng = np.random.default_rng(4)
    X = rng.normal(size=(n, d))
    y = np.argmax(X @ rng.normal(size=(d, k)) + rng.gumbel(size=(n, k)), axis=1)
    return X, y


def _sklearn(**params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return SkLogisticRegression(tol=1e-12, max_iter=10_000, **params)


@pytest.mark.parametrize("data", [_binary, _multiclass])
@pytest.mark.parametrize("solver", ["lbfgs", "newton"])
@pytest.mark.parametrize("C", [0.05, 1.0, 20.0])
def test_matches_sklearn(data, solver, C):
    X, y = data()
    ours = LogisticRegression(C=C, solver=solver, tol=1e-10, max_iter=500).fit(X, y)
    ref = _sklearn(C=C).fit(X, y)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-5, rtol=0)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=1e-5, rtol=0)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-6)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), atol=1e-5)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


@pytest.mark.parametrize("data", [_binary, _multiclass])
def test_unpenalised_weighted_and_no_intercept(data):
    rng = np.random.default_rng(4)
    X, y = data()
    sw = rng.uniform(0.2, 3.0, size=len(y))
    ours = LogisticRegression(penalty=None, tol=1e-10, max_iter=500).fit(X, y, sample_weight=sw)
    ref = _sklearn(C=np.inf).fit(X, y, sample_weight=sw)
    # The unpenalised softmax is defined up to a common shift of the class rows: compare the
    # probabilities, and the coefficients after removing the mean row.
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-6)
    centre = (lambda W: W - W.mean(axis=0)) if len(ours.classes_) > 2 else (lambda W: W)
    np.testing.assert_allclose(centre(ours.coef_), centre(ref.coef_), atol=1e-5)
    ours = LogisticRegression(C=0.5, fit_intercept=False, tol=1e-10).fit(X, y, sample_weight=sw)
    ref = _sklearn(C=0.5, fit_intercept=False).fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-5)
    assert np.all(ours.intercept_ == 0.0)


def test_iris_softmax_and_string_labels():
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    names = np.array(["setosa", "versicolor", "virginica"])[y]
    ours = LogisticRegression(tol=1e-10, max_iter=1000).fit(X, names)
    ref = _sklearn().fit(X, names)
    np.testing.assert_array_equal(ours.classes_, ref.classes_)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-5)
    np.testing.assert_allclose(ours.predict_proba(X).sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    np.testing.assert_allclose(ours.predict_log_proba(X), np.log(ours.predict_proba(X)), atol=1e-10)


@pytest.mark.parametrize("data", [_binary, _multiclass])
def test_gradient_solvers_reach_the_optimum(data):
    X, y = data()
    ref = _sklearn().fit(X, y)
    gd = LogisticRegression(solver="gd", learning_rate=1.0, tol=1e-8, max_iter=5000).fit(X, y)
    np.testing.assert_allclose(gd.coef_, ref.coef_, atol=1e-5)
    params = {"solver": "sgd", "learning_rate": lambda t: 0.5 / (1 + 0.05 * t), "batch_size": 8,
              "tol": 1e-9, "max_iter": 300, "random_state": 0}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        sgd = LogisticRegression(**params).fit(X, y)
        again = LogisticRegression(**params).fit(X, y)
    # SGD with a decaying step converges at rate O(1/t): close to, not at, the optimum.
    optimum = LogisticRegression(tol=1e-10).fit(X, y).loss_curve_[-1]
    assert 0 <= sgd.loss_curve_[-1] - optimum < 1e-3 * optimum  # within 0.1%
    np.testing.assert_allclose(sgd.coef_, ref.coef_, atol=3e-2)
    np.testing.assert_array_equal(sgd.coef_, again.coef_)  # same seed, same iterates


def test_newton_irls_converges_in_a_handful_of_iterations():
    X, y = _binary()
    newton = LogisticRegression(solver="newton", tol=1e-10, max_iter=100).fit(X, y)
    gd = LogisticRegression(solver="gd", learning_rate=0.5, tol=1e-10, max_iter=20000).fit(X, y)
    assert newton.n_iter_[0] <= 8
    assert gd.n_iter_[0] > 20 * newton.n_iter_[0]
    np.testing.assert_allclose(newton.coef_, gd.coef_, atol=1e-8)


def test_sigmoid_derivative_and_loss_derivatives():
    rng = np.random.default_rng(4)
    # sigma'(z) = sigma(z) (1 - sigma(z)), checked by central differences.
    z = np.linspace(-30, 30, 121)
    h = 1e-5
    numeric = (expit(z + h) - expit(z - h)) / (2 * h)
    np.testing.assert_allclose(numeric, expit(z) * (1 - expit(z)), atol=1e-10)
    np.testing.assert_array_equal(expit(np.array([-1e4, 1e4])), [0.0, 1.0])
    for X, y, k in [(*_binary(30, 3), 2), (*_multiclass(30, 3), 3)]:
        loss = LogisticLoss(X, y, k, sample_weight=rng.uniform(0.5, 2, 30), l2=0.1,
                            fit_intercept=True)
        w = rng.normal(size=loss.k * loss.width)
        _, g = loss.loss_grad(w)
        eye = np.eye(w.size) * 1e-6
        num_g = np.array([(loss.loss_grad(w + e)[0] - loss.loss_grad(w - e)[0]) / 2e-6 for e in eye])
        np.testing.assert_allclose(g, num_g, atol=1e-7)
        num_h = np.array([(loss.loss_grad(w + e)[1] - loss.loss_grad(w - e)[1]) / 2e-6 for e in eye])
        np.testing.assert_allclose(loss.hessian(w), num_h, atol=1e-6)


def test_extreme_inputs_finite_and_errors():
    X, y = _binary()
    clf = LogisticRegression().fit(X, y)
    big = X * 1e200
    assert np.all(np.isfinite(clf.predict_proba(big))) and np.all(np.isfinite(clf.predict_log_proba(big)))
    with pytest.raises(ValueError, match="2 classes"):
        LogisticRegression().fit(X, np.zeros(len(X)))
    with pytest.raises(ValueError, match="solver"):
        LogisticRegression(solver="cd").fit(X, y)
    with pytest.raises(ValueError, match="'C' parameter"):
        LogisticRegression(C=0.0).fit(X, y)
    with pytest.raises(ValueError, match="Unknown label type"):
        LogisticRegression().fit(X, X[:, 0])
    with pytest.raises(ValueError, match="features"):
        clf.predict(X[:, :2])
    with pytest.raises(ValueError, match="diverged"):
        LogisticRegression(solver="gd", learning_rate=1e300, max_iter=5).fit(X * 1e5, y)
    with pytest.warns(ConvergenceWarning):
        LogisticRegression(max_iter=1).fit(X, y)
