"""SGDClassifier / SGDRegressor: scikit-learn's iterates without shuffling, for every option."""

import warnings

import numpy as np
import pytest
from sklearn import linear_model as sk

from syllabus.datasets import load_iris
from syllabus.linear_model import SGDClassifier, SGDRegressor

RATES = ["optimal", "constant", "invscaling", "adaptive"]


def _binary(n=60, seed=11):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    return X, (X @ [1.0, -1.0, 0.5] + 0.5 * rng.normal(size=n) > 0).astype(int)


def _iris():
    X, y = load_iris(return_X_y=True)
    return (X - X.mean(axis=0)) / X.std(axis=0), y


def _both(ours_cls, ref_cls, X, y, **params):
    """Fit both; first check that the run is well conditioned, or no comparison can hold.

    A per-sample SGD run can amplify the last-bit differences of a dot product (BLAS kernels
    sum in a machine-dependent order) into arbitrary ones when its iterates blow up. So
    scikit-learn's own run is repeated on X moved by one ulp: the comparison is only made
    where that moves the coefficients by less than 1e-11, which then holds on any CPU/BLAS.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning: the same on both sides
        ref = ref_cls(**params).fit(X, y)
        nudged = ref_cls(**params).fit(np.nextafter(X, np.inf), y)
        assert ref.n_iter_ == nudged.n_iter_
        np.testing.assert_allclose(nudged.coef_, ref.coef_, rtol=0, atol=1e-11,
                                   err_msg="ill-conditioned run: choose other settings")
        return ours_cls(**params).fit(X, y), ref


def _assert_same(ours, ref):
    assert ours.n_iter_ == ref.n_iter_
    assert ours.t_ == ref.t_
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=0, atol=1e-10)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=0, atol=1e-10)


@pytest.mark.parametrize("learning_rate", RATES)
@pytest.mark.parametrize(
    "loss", ["hinge", "log_loss", "modified_huber", "squared_hinge", "squared_error"])
def test_classifier_matches_sklearn_without_shuffling(loss, learning_rate):
    # The "optimal" rate starts at eta = alpha^(-1/4): with alpha = 1e-2 that is > 3, too
    # large a step for the squared losses (the intercept alone diverges), whose iterates then
    # blow up and 1-ulp differences in the dot products get amplified chaotically. There,
    # alpha = 1 (eta_t = 1 / t). modified_huber at alpha = 1e-2 amplifies a 1-ulp change of X
    # to ~1e-9 (see _both): there, alpha = 0.1.
    alpha = 1e-2
    if learning_rate == "optimal":
        alpha = {"squared_hinge": 1.0, "squared_error": 1.0, "modified_huber": 0.1}.get(loss, alpha)
    for X, y in (_binary(), _iris()):  # binary, and one-vs-all over three classes
        for penalty in ("l2", None):
            ours, ref = _both(SGDClassifier, sk.SGDClassifier, X, y, loss=loss,
                              learning_rate=learning_rate, penalty=penalty, alpha=alpha,
                              eta0=0.05, tol=None, max_iter=8, shuffle=False)
            assert np.abs(ref.coef_).max() < 100
            _assert_same(ours, ref)
            np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X),
                                       rtol=0, atol=1e-9)


@pytest.mark.parametrize("loss", ["hinge", "log_loss", "modified_huber"])
def test_classifier_stopping_rule_matches_sklearn(loss):
    # tol: stop once the training objective (mean loss + alpha/2 ||w||^2 along the epoch) has
    # not improved by tol for n_iter_no_change epochs; each one-vs-all model stops on its own.
    alpha = 0.1 if loss == "modified_huber" else 1e-2  # well conditioned (see _both)
    for X, y in (_binary(), _iris()):
        for penalty, n_iter_no_change in (("l2", 5), (None, 2)):
            ours, ref = _both(SGDClassifier, sk.SGDClassifier, X, y, loss=loss, penalty=penalty,
                              alpha=alpha, tol=1e-3, max_iter=100, shuffle=False,
                              n_iter_no_change=n_iter_no_change)
            assert ours.n_iter_ < 100 or penalty is None
            _assert_same(ours, ref)


@pytest.mark.parametrize("learning_rate", RATES)
def test_regressor_matches_sklearn_without_shuffling(learning_rate):
    # "optimal" starts at eta = alpha^(-1/4): alpha = 1e-3 gives eta ~ 5.6 on unit-variance
    # data, a chaotic run (coefficients ~1e12); alpha = 0.1 (eta ~ 1.8, then 1 / t) is stable.
    rng = np.random.default_rng(11)
    X = rng.normal(size=(50, 4))
    y = X @ [1.0, 2.0, -1.0, 0.5] + 0.3 + 0.1 * rng.normal(size=50)
    alpha = 0.1 if learning_rate == "optimal" else 1e-3
    for penalty in ("l2", None):
        for fit_intercept in (True, False):
            for tol, max_iter in ((None, 10), (1e-3, 200)):
                ours, ref = _both(SGDRegressor, sk.SGDRegressor, X, y,
                                  learning_rate=learning_rate, penalty=penalty, alpha=alpha,
                                  fit_intercept=fit_intercept, tol=tol, max_iter=max_iter,
                                  shuffle=False)
                _assert_same(ours, ref)
                np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=0, atol=1e-9)


def test_regressor_defaults_match_sklearn():
    rng = np.random.default_rng(12)
    X = rng.normal(size=(40, 3))
    y = X @ [0.5, -1.0, 2.0] + 0.2 * rng.normal(size=40)
    ours, ref = _both(SGDRegressor, sk.SGDRegressor, X, y, shuffle=False)
    assert ours.n_iter_ < ours.max_iter  # stopped by the tol rule, on the same epoch
    _assert_same(ours, ref)


@pytest.mark.parametrize("loss", ["log_loss", "modified_huber"])
def test_predict_proba_matches_sklearn(loss):
    for X, y in (_binary(), _iris()):
        ours, ref = _both(SGDClassifier, sk.SGDClassifier, X, y, loss=loss,
                          alpha=0.1 if loss == "modified_huber" else 1e-2,
                          tol=None, max_iter=5, shuffle=False)
        proba = ours.predict_proba(X)
        np.testing.assert_allclose(proba, ref.predict_proba(X), rtol=0, atol=1e-10)
        np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert not hasattr(SGDClassifier(loss="hinge"), "predict_proba")


def test_modified_huber_proba_uniform_when_every_score_is_below_minus_one():
    clf = SGDClassifier(loss="modified_huber")
    clf.classes_ = np.array([0, 1, 2])
    clf.coef_, clf.intercept_ = np.zeros((3, 2)), np.array([-2.0, -3.0, -1.5])
    clf.n_features_in_ = 2
    np.testing.assert_array_equal(clf.predict_proba(np.zeros((2, 2))), np.full((2, 3), 1 / 3))


def test_noise_free_regression_reaches_the_exact_line():
    # With alpha = 0 and y = X w + b exactly, every sample's gradient vanishes at (w, b):
    # constant-step SGD converges to it (no noise floor).
    X = np.random.default_rng(13).normal(size=(30, 2))
    y = X @ [2.0, -3.0] + 0.5
    reg = SGDRegressor(alpha=0.0, penalty=None, learning_rate="constant", eta0=0.05,
                       tol=None, max_iter=300, shuffle=True, random_state=0).fit(X, y)
    np.testing.assert_allclose(reg.coef_, [2.0, -3.0], atol=1e-9)
    np.testing.assert_allclose(reg.intercept_, [0.5], atol=1e-9)


def test_log_loss_sgd_approaches_logistic_regression():
    # SGD on (1/n) sum ln(1 + exp(-s (w.x + b))) + alpha/2 ||w||^2 minimises
    # LogisticRegression's objective with C = 1 / (n alpha); a decaying rate gets close.
    X, y = _binary(80)
    alpha = 0.05
    sgd = SGDClassifier(loss="log_loss", alpha=alpha, learning_rate="invscaling", eta0=0.5,
                        power_t=0.5, tol=None, max_iter=400, shuffle=True,
                        random_state=0).fit(X, y)
    lr = sk.LogisticRegression(C=1 / (len(y) * alpha), tol=1e-12).fit(X, y)
    np.testing.assert_allclose(sgd.coef_, lr.coef_, atol=1e-3)
    np.testing.assert_allclose(sgd.intercept_, lr.intercept_, atol=1e-3)


def test_shuffling_is_seeded():
    X, y = _iris()
    a = SGDClassifier(random_state=3, max_iter=5, tol=None).fit(X, y)
    b = SGDClassifier(random_state=3, max_iter=5, tol=None).fit(X, y)
    c = SGDClassifier(random_state=4, max_iter=5, tol=None).fit(X, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    assert not np.allclose(a.coef_, c.coef_)


def test_errors():
    X, y = _binary()
    with pytest.raises(ValueError, match="alpha must be > 0"):
        SGDClassifier(alpha=0.0).fit(X, y)
    with pytest.raises(ValueError, match="loss"):
        SGDClassifier(loss="cubic").fit(X, y)
    with pytest.raises(ValueError, match="loss"):
        SGDRegressor(loss="hinge").fit(X, y)
    with pytest.raises(ValueError, match="penalty"):
        SGDClassifier(penalty="l3").fit(X, y)
    with pytest.raises(ValueError, match="eta0"):
        SGDRegressor(eta0=0.0).fit(X, y)
    with pytest.raises(ValueError, match="class"):
        SGDClassifier().fit(X, np.zeros(len(y)))
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        SGDRegressor().fit(X_nan, y)



@pytest.mark.parametrize("estimator", [SGDRegressor, SGDClassifier])
def test_overflow_raises(estimator):
    # Features of 1e300 and a squared loss: the second update already makes a weight overflow
    # to +-inf elementwise (clipped derivative 1e12 * eta 10 * 1e300), whatever order a BLAS
    # sums the dot products in. scikit-learn raises the same error.
    X, y = _binary()
    params = dict(loss="squared_error", learning_rate="constant", eta0=10.0, max_iter=20,
                  shuffle=False)
    with pytest.raises(ValueError, match="overflow"):
        estimator(**params).fit(1e300 * X, y)
    with pytest.raises(ValueError, match="overflow"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        getattr(sk, estimator.__name__)(**params).fit(1e300 * X, y)
