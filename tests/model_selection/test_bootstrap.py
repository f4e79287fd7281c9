"""Bootstrap band and bias-variance decomposition against direct re-implementations.

The references below follow mlxtend's ``bias_variance_decomp`` line by line (its bootstrap
draws: ``rng.choice(arange(n), size=n, replace=True)`` round after round from
``RandomState(seed)``; mode by ``argmax(bincount)``), and mlxtend itself when installed.
"""

import joblib
import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.kernel_ridge import KernelRidge
from sklearn.linear_model import Ridge
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from syllabus.base import clone
from syllabus.dummy import DummyClassifier, DummyRegressor
from syllabus.model_selection import bias_variance_decomposition, bootstrap_confidence_interval


def _data():
    rng = np.random.default_rng(3)
    X = rng.uniform(-1, 1, size=(40, 2))
    Y_REG = np.sin(3 * X[:, 0]) + 0.5 * X[:, 1] + 0.3 * rng.normal(size=40)
    Y_CLF = (X[:, 0] * X[:, 1] + 0.2 * rng.normal(size=40) > 0).astype(int)
    X_TEST = rng.uniform(-1, 1, size=(15, 2))
    return X, Y_REG, Y_CLF, X_TEST


X, Y_REG, Y_CLF, X_TEST = _data()
Y_TEST_REG = np.sin(3 * X_TEST[:, 0]) + 0.5 * X_TEST[:, 1]
Y_TEST_CLF = (X_TEST[:, 0] * X_TEST[:, 1] > 0).astype(int)


def _reference_predictions(estimator, X, y, X_eval, rounds, seed):
    rng = np.random.RandomState(seed)
    out = []
    for _ in range(rounds):
        rows = rng.choice(np.arange(X.shape[0]), size=X.shape[0], replace=True)
        out.append(clone(estimator).fit(X[rows], y[rows]).predict(X_eval))
    return np.array(out)


def _reference_bias_variance(estimator, X, y, X_test, y_test, loss, rounds, seed):
    all_pred = _reference_predictions(estimator, X, y, X_test, rounds, seed)
    if loss == "0-1_loss":
        all_pred = all_pred.astype(np.int64)
        main = np.apply_along_axis(lambda x: np.argmax(np.bincount(x)), 0, all_pred)
        expected = np.apply_along_axis(lambda x: (x != y_test).mean(), 1, all_pred).mean()
        bias = np.sum(main != y_test) / y_test.size
        var = np.zeros(y_test.shape)
        for pred in all_pred:
            var += (pred != main).astype(np.int64)
        var /= rounds
        return expected, bias, var.sum() / y_test.shape[0]
    expected = np.apply_along_axis(lambda x: ((x - y_test) ** 2).mean(), 1, all_pred).mean()
    main = all_pred.mean(axis=0)
    bias = np.sum((main - y_test) ** 2) / y_test.size
    var = np.sum((main - all_pred) ** 2) / all_pred.size
    return expected, bias, var


@pytest.mark.parametrize("estimator", [DecisionTreeRegressor(max_depth=3, random_state=0),
                                       Ridge(alpha=0.5), DummyRegressor()])
def test_bias_variance_mse_matches_reference(estimator):
    ours = bias_variance_decomposition(estimator, X, Y_REG, X_TEST, Y_TEST_REG, loss="mse",
                                       num_rounds=25, random_state=7)
    reference = _reference_bias_variance(estimator, X, Y_REG, X_TEST, Y_TEST_REG, "mse", 25, 7)
    assert_allclose(ours, reference, rtol=1e-12)
    expected_loss, bias, variance = ours
    # For the squared loss the decomposition is exact.
    assert_allclose(expected_loss, bias + variance, rtol=1e-12)
    assert all(isinstance(v, float) for v in ours)


@pytest.mark.parametrize("estimator", [DecisionTreeClassifier(max_depth=2, random_state=0),
                                       DummyClassifier(strategy="stratified", random_state=0)])
@pytest.mark.parametrize("rounds", [2, 4, 25])  # even counts make ties in the vote
def test_bias_variance_01_matches_reference(estimator, rounds):
    ours = bias_variance_decomposition(estimator, X, Y_CLF, X_TEST, Y_TEST_CLF,
                                       loss="0-1_loss", num_rounds=rounds, random_state=11)
    reference = _reference_bias_variance(estimator, X, Y_CLF, X_TEST, Y_TEST_CLF, "0-1_loss",
                                         rounds, 11)
    assert_allclose(ours, reference, rtol=1e-12)


def test_bias_variance_01_ties_go_to_the_smallest_label():
    # Two rounds of 1-nearest-neighbour disagree on some points: the vote is tied there.
    estimator = KNeighborsClassifier(n_neighbors=1)
    preds = _reference_predictions(estimator, X, Y_CLF, X_TEST, 2, 5)
    assert np.any(preds[0] != preds[1])
    _, bias, _ = bias_variance_decomposition(estimator, X, Y_CLF, X_TEST, Y_TEST_CLF,
                                             loss="0-1_loss", num_rounds=2, random_state=5)
    main = np.minimum(preds[0], preds[1])  # the smallest label wins a 1-1 tie
    assert_allclose(bias, np.mean(main != Y_TEST_CLF), rtol=1e-12)


def test_bias_variance_01_any_labels():
    # Strings and negative labels: the same numbers as their 0..k-1 codes.
    names = np.array(["neg", "pos"])
    estimator = DecisionTreeClassifier(max_depth=2, random_state=0)
    kw = {"loss": "0-1_loss", "num_rounds": 9, "random_state": 0}
    coded = bias_variance_decomposition(estimator, X, Y_CLF, X_TEST, Y_TEST_CLF, **kw)
    as_strings = bias_variance_decomposition(estimator, X, names[Y_CLF], X_TEST,
                                             names[Y_TEST_CLF], **kw)
    negative = bias_variance_decomposition(estimator, X, Y_CLF - 5, X_TEST, Y_TEST_CLF - 5,
                                           **kw)
    assert_allclose(as_strings, coded, rtol=1e-12)
    assert_allclose(negative, coded, rtol=1e-12)


def test_bias_variance_matches_mlxtend():
    mlxtend = pytest.importorskip("mlxtend.evaluate")
    for loss, y, y_test, estimator in (
        ("mse", Y_REG, Y_TEST_REG, DecisionTreeRegressor(max_depth=3, random_state=0)),
        ("0-1_loss", Y_CLF, Y_TEST_CLF, DecisionTreeClassifier(max_depth=2, random_state=0)),
    ):
        ours = bias_variance_decomposition(estimator, X, y, X_TEST, y_test, loss=loss,
                                           num_rounds=20, random_state=4)
        theirs = mlxtend.bias_variance_decomp(clone(estimator), X, y, X_TEST, y_test,
                                              loss=loss, num_rounds=20, random_seed=4)
        assert_allclose(ours, theirs, rtol=1e-12)


def test_bias_variance_parallel_equals_serial():
    estimator = DecisionTreeRegressor(max_depth=3, random_state=0)
    serial = bias_variance_decomposition(estimator, X, Y_REG, X_TEST, Y_TEST_REG, loss="mse",
                                         num_rounds=10, random_state=2)
    with joblib.parallel_config(backend="threading"):
        parallel = bias_variance_decomposition(estimator, X, Y_REG, X_TEST, Y_TEST_REG,
                                               loss="mse", num_rounds=10, random_state=2,
                                               n_jobs=2)
    assert serial == parallel


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(loss="hinge"), ValueError, "loss must be one of"),
        (dict(num_rounds=0), ValueError, "num_rounds must be an int >= 1"),
        (dict(X_test=np.zeros((15, 3))), ValueError, "X_test has 3 features"),
        (dict(y_test=np.zeros(14)), ValueError, "inconsistent numbers of samples"),
        (dict(X_train=np.full((40, 2), np.nan)), ValueError, "Input X contains NaN"),
        (dict(X_train=np.zeros(40)), ValueError, "Expected a 2-D array"),
        (dict(loss="mse", y_test=np.array(["a"] * 15)), ValueError, "needs numeric targets"),
        (dict(estimator=DummyRegressor), TypeError, "implementing 'fit'"),
    ],
)
def test_bias_variance_bad_inputs(kwargs, error, match):
    args = dict(estimator=DummyClassifier(), X_train=X, y_train=Y_CLF, X_test=X_TEST,
                y_test=Y_TEST_CLF)
    args.update(kwargs)
    with pytest.raises(error, match=match):
        bias_variance_decomposition(**args)


@pytest.mark.parametrize("confidence", [0.5, 0.9, 0.99])
def test_bootstrap_interval_matches_reference(confidence):
    # The lecture's setting (seed 002): kernel ridge regression, 5%/95% band for 0.9.
    estimator = KernelRidge(alpha=0.1, kernel="rbf", gamma=2.0)
    X_eval = np.linspace(-1, 1, 9).reshape(-1, 1).repeat(2, axis=1)
    lower, upper = bootstrap_confidence_interval(estimator, X, Y_REG, X_eval, n_bootstraps=40,
                                                 confidence=confidence, random_state=3)
    predictions = _reference_predictions(estimator, X, Y_REG, X_eval, 40, 3)
    tail = (1 - confidence) / 2
    assert_allclose(lower, np.quantile(predictions, tail, axis=0), rtol=1e-12)
    assert_allclose(upper, np.quantile(predictions, 1 - tail, axis=0), rtol=1e-12)
    assert lower.shape == upper.shape == (9,)
    assert np.all(lower <= upper)


def test_bootstrap_interval_of_the_mean_has_the_normal_width():
    # Bootstrap of the sample mean: the 90% band is about mean +- 1.645 s / sqrt(n).
    rng = np.random.default_rng(0)
    y = rng.normal(size=200)
    lower, upper = bootstrap_confidence_interval(DummyRegressor(), np.zeros((200, 1)), y,
                                                 np.zeros((1, 1)), n_bootstraps=400,
                                                 random_state=0)
    half_width = 1.6449 * y.std() / np.sqrt(200)
    assert abs((upper[0] - lower[0]) / 2 - half_width) < 0.15 * half_width
    assert abs((upper[0] + lower[0]) / 2 - y.mean()) < 0.3 * half_width


def test_bootstrap_interval_nested_and_multioutput():
    Y2 = np.column_stack([Y_REG, -2 * Y_REG])
    narrow = bootstrap_confidence_interval(Ridge(), X, Y2, X_TEST, n_bootstraps=30,
                                           confidence=0.5, random_state=1)
    wide = bootstrap_confidence_interval(Ridge(), X, Y2, X_TEST, n_bootstraps=30,
                                         confidence=0.95, random_state=1)
    assert narrow[0].shape == (15, 2)
    assert np.all(wide[0] <= narrow[0]) and np.all(narrow[1] <= wide[1])
    # Ridge is linear in y: the second output's band is the first's, scaled by -2.
    assert_allclose(wide[0][:, 1], -2 * wide[1][:, 0], rtol=1e-10)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(n_bootstraps=1), "n_bootstraps must be an int >= 2"),
        (dict(confidence=1.0), "confidence must be a float in"),
        (dict(confidence=0), "confidence must be a float in"),
        (dict(X_eval=np.zeros((3, 5))), "X_eval has 5 features"),
        (dict(X_eval=np.zeros(2)), "Expected a 2-D array for X_eval"),
        (dict(y=Y_REG[:-1]), "inconsistent numbers of samples"),
        (dict(y=np.full(40, np.inf)), "y contains infinity"),
    ],
)
def test_bootstrap_bad_inputs(kwargs, match):
    args = dict(estimator=Ridge(), X=X, y=Y_REG, X_eval=X_TEST)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        bootstrap_confidence_interval(**args)


def test_bootstrap_needs_numeric_predictions():
    names = np.array(["a", "b"])[Y_CLF]
    with pytest.raises(TypeError, match="numeric predictions"):
        bootstrap_confidence_interval(DummyClassifier(), X, names, X_TEST, n_bootstraps=3)
