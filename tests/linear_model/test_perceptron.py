"""Perceptron: Rosenblatt's rule, identical iterates to scikit-learn's without shuffling."""

import warnings

import numpy as np
import pytest
from sklearn.linear_model import Perceptron as SkPerceptron

from syllabus.datasets import load_iris
from syllabus.linear_model import ConvergenceWarning, Perceptron


def _noisy(n=120):
    rng = np.random.default_rng(6)
    X = rng.normal(size=(n, 3))
    return X, (X @ [1.0, -1.0, 0.5] + 0.4 * rng.normal(size=n) > 0).astype(int)


@pytest.mark.parametrize("tol", [1e-3, None])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("eta0", [1.0, 0.1])
def test_matches_sklearn_without_shuffling(tol, fit_intercept, eta0):
    for X, y in (_noisy(), load_iris(return_X_y=True)):
        params = {"shuffle": False, "tol": tol, "max_iter": 30, "fit_intercept": fit_intercept,
                  "eta0": eta0}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ours, ref = Perceptron(**params).fit(X, y), SkPerceptron(**params).fit(X, y)
        assert ours.n_iter_ == ref.n_iter_
        np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-12, atol=1e-12)
        np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def test_rosenblatt_rule_by_hand_and_separable_convergence():
    rng = np.random.default_rng(6)
    # theta(t+1) = theta(t) + eta (y_t - y_hat_t) x_t, with y_hat = 1 when the score is > 0.
    X = np.array([[2.0, 1.0], [-1.0, -2.0], [1.0, 3.0], [-2.0, 1.0]])
    y = np.array([1, 0, 1, 0])
    w, b = np.zeros(2), 0.0
    for x, t in zip(X, y):
        score = w @ x + b
        y_hat = 1 if score > 0 else 0
        err = t - y_hat if score != 0 else (1 if t == 1 else -1)  # score 0 counts as a mistake
        w, b = w + 0.5 * err * x, b + 0.5 * err
    one_epoch = Perceptron(eta0=0.5, shuffle=False, max_iter=1, tol=None).fit(X, y)
    np.testing.assert_allclose(one_epoch.coef_[0], w)
    assert one_epoch.intercept_[0] == b
    # Linearly separable data with a margin: the perceptron ends with no training mistake.
    Xs = rng.normal(size=(200, 2))
    ys = (Xs @ [1.0, 2.0] > 0).astype(int)
    keep = np.abs(Xs @ [1.0, 2.0]) > 0.3
    clf = Perceptron(random_state=0).fit(Xs[keep], ys[keep])
    assert np.all(clf.predict(Xs[keep]) == ys[keep])


def test_shuffling_is_seeded_and_errors():
    X, y = _noisy()
    a = Perceptron(random_state=3).fit(X, y)
    b = Perceptron(random_state=3).fit(X, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    with pytest.raises(ValueError, match="greater than one"):
        Perceptron().fit(X, np.ones(len(X)))
    with pytest.raises(ValueError, match="eta0"):
        Perceptron(eta0=0.0).fit(X, y)
    with pytest.warns(ConvergenceWarning):
        Perceptron(max_iter=1, shuffle=False).fit(X, y)
    with pytest.raises(ValueError, match="overflow"):
        Perceptron(eta0=1e300, shuffle=False, max_iter=3, tol=None).fit(X * 1e300, y)
