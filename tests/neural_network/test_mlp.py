"""MLPClassifier / MLPRegressor against scikit-learn's: same objective, same steps, same API."""

import warnings

import numpy as np
import pytest
from sklearn import neural_network as sknn
from sklearn.exceptions import ConvergenceWarning as SkConvergenceWarning

from syllabus import autograd
from syllabus.base import NotFittedError
from syllabus.datasets import load_digits
from syllabus.linear_model import ConvergenceWarning
from syllabus.neural_network import MLPClassifier, MLPRegressor


def _classification(n=60, d=4, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = np.digitize(X @ rng.normal(size=d) + 0.3 * rng.normal(size=n),
                    np.quantile(X @ rng.normal(size=d), np.linspace(0, 1, classes + 1)[1:-1]))
    return X, y


def _both(estimator_cls, sk_cls, X, y, **params):
    """Fit ours and scikit-learn's with identical parameters (warnings silenced)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", SkConvergenceWarning)
        warnings.filterwarnings("ignore", message="Got `batch_size`", category=UserWarning)
        ours = estimator_cls(**params).fit(X, y)
        theirs = sk_cls(**params).fit(X, y)
    return ours, theirs


def _assert_same_weights(ours, theirs, rtol):
    assert len(ours.coefs_) == len(theirs.coefs_)
    for a, b in zip(ours.coefs_ + ours.intercepts_, theirs.coefs_ + theirs.intercepts_):
        assert a.shape == b.shape and a.dtype == b.dtype
        np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-14)


# --------------------------------------------------------------------------- the objective
FULL_BATCH_SGD = dict(solver="sgd", momentum=0.0, shuffle=False, batch_size=10_000,
                      learning_rate_init=0.1, random_state=3, tol=0.0)


@pytest.mark.parametrize("activation", ["identity", "logistic", "tanh", "relu"])
@pytest.mark.parametrize(("kind", "alpha"), [("multiclass", 0.0), ("multiclass", 0.5),
                                             ("binary", 0.3), ("multilabel", 0.3)])
def test_one_full_batch_step_has_sklearns_loss_and_gradient(kind, alpha, activation):
    """Same random_state -> same initial weights (drawn as scikit-learn draws them); one
    full-batch SGD step then gives loss_curve_[0] = sklearn's loss at those weights (data term
    + alpha/(2n)||W||^2) and W1 = W0 - lr * grad: the gradient is sklearn's, exactly."""
    X, y = _classification(classes=2 if kind == "binary" else 3)
    if kind == "multilabel":
        y = np.column_stack([y == 0, y == 1, y == 2, y != 1]).astype(int)
    ours, theirs = _both(MLPClassifier, sknn.MLPClassifier, X, y, hidden_layer_sizes=(7, 5),
                         activation=activation, alpha=alpha, max_iter=1, **FULL_BATCH_SGD)
    assert ours.loss_curve_[0] == pytest.approx(theirs.loss_curve_[0], rel=1e-12)
    assert ours.out_activation_ == theirs.out_activation_
    assert ours.n_outputs_ == theirs.n_outputs_
    _assert_same_weights(ours, theirs, rtol=1e-11)


@pytest.mark.parametrize("activation", ["logistic", "relu"])
def test_regressor_full_batch_step_matches_sklearn(activation):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 3))
    y = np.sin(X[:, 0]) + X[:, 1] ** 2
    ours, theirs = _both(MLPRegressor, sknn.MLPRegressor, X, y, hidden_layer_sizes=(6,),
                         activation=activation, alpha=0.2, max_iter=1, **FULL_BATCH_SGD)
    assert ours.loss_curve_[0] == pytest.approx(theirs.loss_curve_[0], rel=1e-12)
    _assert_same_weights(ours, theirs, rtol=1e-11)


def test_multioutput_regression_follows_sklearns_gradient():
    # scikit-learn's gradient is that of sum over outputs / (2n); its *reported* loss
    # averages over outputs. Ours reports the loss whose gradient it follows.
    rng = np.random.default_rng(2)
    X = rng.normal(size=(40, 3))
    Y = np.column_stack([X[:, 0] * X[:, 1], np.cos(X[:, 2])])
    ours, theirs = _both(MLPRegressor, sknn.MLPRegressor, X, Y, hidden_layer_sizes=(5,),
                         alpha=0.0, max_iter=1, **FULL_BATCH_SGD)
    _assert_same_weights(ours, theirs, rtol=1e-11)
    assert ours.loss_curve_[0] == pytest.approx(2 * theirs.loss_curve_[0], rel=1e-12)


def test_many_full_batch_momentum_steps_follow_sklearn():
    # PyTorch's momentum buffer equals scikit-learn's velocity for a constant rate.
    X, y = _classification(n=80)
    params = dict(FULL_BATCH_SGD, momentum=0.9, nesterovs_momentum=True, max_iter=30,
                  hidden_layer_sizes=(8,), alpha=1e-3)
    ours, theirs = _both(MLPClassifier, sknn.MLPClassifier, X, y, **params)
    np.testing.assert_allclose(ours.loss_curve_, theirs.loss_curve_, rtol=1e-10)
    _assert_same_weights(ours, theirs, rtol=1e-8)


@pytest.mark.parametrize("learning_rate", ["invscaling", "adaptive"])
def test_sgd_learning_rate_schedules_follow_sklearn(learning_rate):
    X, y = _classification(n=80, seed=4)
    params = dict(FULL_BATCH_SGD, max_iter=60, hidden_layer_sizes=(8,), tol=1e-3,
                  n_iter_no_change=2, learning_rate=learning_rate, learning_rate_init=0.5)
    ours, theirs = _both(MLPClassifier, sknn.MLPClassifier, X, y, **params)
    assert ours.n_iter_ == theirs.n_iter_
    np.testing.assert_allclose(ours.loss_curve_, theirs.loss_curve_, rtol=1e-10)
    _assert_same_weights(ours, theirs, rtol=1e-8)


def test_stopping_rule_and_early_stopping_follow_sklearn():
    X, y = _classification(n=200, classes=2, seed=5)
    X += 0.8 * np.random.default_rng(0).normal(size=X.shape)  # noisy: validation plateaus
    base = dict(FULL_BATCH_SGD, momentum=0.9, max_iter=300, hidden_layer_sizes=(10,),
                learning_rate_init=0.05, n_iter_no_change=5)
    ours, theirs = _both(MLPClassifier, sknn.MLPClassifier, X, y, tol=1e-4, **{
        k: v for k, v in base.items() if k != "tol"})
    assert ours.n_iter_ == theirs.n_iter_ < 300
    assert ours.best_loss_ == pytest.approx(theirs.best_loss_, rel=1e-10)
    # Early stopping: same (stratified) validation split, same scores, same best weights.
    ours, theirs = _both(MLPClassifier, sknn.MLPClassifier, X, y, early_stopping=True,
                         validation_fraction=0.2, **base)
    assert ours.n_iter_ == theirs.n_iter_ < 300
    np.testing.assert_allclose(ours.validation_scores_, theirs.validation_scores_, rtol=0)
    assert ours.best_validation_score_ == theirs.best_validation_score_
    assert ours.best_loss_ is None
    _assert_same_weights(ours, theirs, rtol=1e-8)


@pytest.mark.parametrize("problem", ["regression", "multilabel"])
def test_early_stopping_scores_follow_sklearn(problem):
    # R^2 for the regressor, subset accuracy for multilabel (unstratified split).
    rng = np.random.default_rng(0)
    X = rng.normal(size=(150, 3))
    base = dict(FULL_BATCH_SGD, momentum=0.9, max_iter=300, hidden_layer_sizes=(10,),
                learning_rate_init=0.02, n_iter_no_change=5, early_stopping=True,
                validation_fraction=0.2)
    if problem == "regression":
        y = np.sin(X[:, 0]) + 0.3 * rng.normal(size=150)
        ours, theirs = _both(MLPRegressor, sknn.MLPRegressor, X, y, **base)
    else:
        y = np.column_stack([X[:, 0] > 0, X[:, 1] > 0.5, X[:, 0] + X[:, 2] > 0]).astype(int)
        ours, theirs = _both(MLPClassifier, sknn.MLPClassifier, X, y, **base)
    assert ours.n_iter_ == theirs.n_iter_ < 300
    np.testing.assert_allclose(ours.validation_scores_, theirs.validation_scores_, rtol=1e-12)
    _assert_same_weights(ours, theirs, rtol=1e-8)


def test_lbfgs_on_a_convex_problem_reaches_the_optimum():
    """No hidden layer: L2-penalised multinomial logistic regression, a convex objective whose
    minimiser is scikit-learn's LogisticRegression with C = 1 / alpha."""
    from sklearn.linear_model import LogisticRegression

    X, y = _classification(n=120, seed=6)
    alpha = 1.0
    ours, theirs = _both(MLPClassifier, sknn.MLPClassifier, X, y, hidden_layer_sizes=(),
                         solver="lbfgs", alpha=alpha, tol=1e-10, max_iter=500, random_state=0)
    reference = LogisticRegression(C=1 / alpha, tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(ours.coefs_[0], reference.coef_.T, rtol=1e-6)
    # Softmax intercepts are defined up to a common shift (they are not penalised).
    np.testing.assert_allclose(ours.intercepts_[0] - ours.intercepts_[0].mean(),
                               reference.intercept_ - reference.intercept_.mean(), atol=1e-6)
    proba = reference.predict_proba(X)
    optimum = -np.mean(np.log(proba[np.arange(len(y)), y])) \
        + alpha / (2 * len(y)) * np.sum(reference.coef_**2)
    assert ours.loss_ == pytest.approx(optimum, rel=1e-10)
    assert ours.loss_ <= theirs.loss_ + 1e-12  # SciPy's L-BFGS-B stops a little earlier
    np.testing.assert_allclose(ours.predict_proba(X), proba, atol=1e-7)


def test_forward_pass_and_probabilities_equal_sklearns_for_the_same_weights():
    X, y = _classification(n=60)
    for target in (y, (y > 0).astype(int)):
        ours, theirs = _both(MLPClassifier, sknn.MLPClassifier, X, target,
                             hidden_layer_sizes=(6, 4), activation="tanh", max_iter=5,
                             random_state=0)
        theirs.coefs_ = [c.copy() for c in ours.coefs_]
        theirs.intercepts_ = [b.copy() for b in ours.intercepts_]
        np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), rtol=1e-12)
        np.testing.assert_allclose(ours.predict_log_proba(X), theirs.predict_log_proba(X),
                                   rtol=1e-12)
        np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


# --------------------------------------------------------------------------- behaviour
def test_digits_accuracy():
    X, y = load_digits(return_X_y=True)
    rng = np.random.default_rng(0)
    order = rng.permutation(len(X))
    train, test = order[:1300], order[1300:]
    clf = MLPClassifier((64,), max_iter=60, learning_rate_init=0.005, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X[train] / 16, y[train])
    assert clf.score(X[test] / 16, y[test]) >= 0.95
    assert len(clf.loss_curve_) == clf.n_iter_ == 60
    assert np.all(np.diff(clf.loss_curve_[:10]) < 0)


def test_regressor_fits_a_sine():
    X = np.linspace(-3, 3, 150)[:, None]
    y = np.sin(X).ravel()
    reg = MLPRegressor(hidden_layer_sizes=(20,), activation="tanh", solver="lbfgs", random_state=0).fit(X, y)
    assert reg.score(X, y) > 0.999
    assert reg.predict(X).shape == (150,)


def test_same_random_state_is_bit_identical_and_leaves_global_rng_alone():
    X, y = _classification()
    before = autograd.default_generator().bit_generator.state
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        a = MLPClassifier((5,), max_iter=5, random_state=1).fit(X, y)
        b = MLPClassifier((5,), max_iter=5, random_state=1).fit(X, y)
    assert autograd.default_generator().bit_generator.state == before
    for u, v in zip(a.coefs_ + a.intercepts_, b.coefs_ + b.intercepts_):
        assert np.array_equal(u, v)


def test_float32_is_kept():
    X, y = _classification()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier((5,), max_iter=3, random_state=0).fit(X.astype(np.float32), y)
    assert all(c.dtype == np.float32 for c in clf.coefs_)
    assert clf.predict_proba(X.astype(np.float32)).dtype == np.float32


def test_string_labels_warm_start_and_convergence_warning():
    X, y = _classification()
    labels = np.array(["cat", "dog", "frog"])[y]
    clf = MLPClassifier((5,), max_iter=3, random_state=0, warm_start=True)
    with pytest.warns(ConvergenceWarning, match="Maximum iterations"):
        clf.fit(X, labels)
    first = [c.copy() for c in clf.coefs_]
    with pytest.warns(ConvergenceWarning):
        clf.fit(X, labels)  # continues from the previous weights
    assert not np.array_equal(first[0], clf.coefs_[0])
    assert set(clf.predict(X)) <= set(labels)
    with pytest.raises(ValueError, match="same classes"):
        clf.fit(X, np.where(labels == "cat", "cow", labels))


def test_errors():
    X, y = _classification()
    with pytest.raises(NotFittedError):
        MLPClassifier().predict(X)
    with pytest.raises(ValueError, match="'solver' parameter of MLPClassifier"):
        MLPClassifier(solver="newton").fit(X, y)
    with pytest.raises(ValueError, match="'alpha' parameter of MLPRegressor"):
        MLPRegressor(alpha=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="hidden_layer_sizes must be > 0"):
        MLPClassifier(hidden_layer_sizes=(3, 0)).fit(X, y)
    with pytest.raises(ValueError, match="at least 2 classes"):
        MLPClassifier().fit(X, np.zeros(len(X)))
    with pytest.raises(ValueError, match="Unknown label type"):
        MLPClassifier().fit(X, np.linspace(0, 1, len(X)))
    with pytest.raises(ValueError, match="contains NaN"):
        MLPRegressor().fit(np.where(X > 1, np.nan, X), y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier((3,), max_iter=2).fit(X, y)
    with pytest.raises(ValueError, match="X has 2 features, but MLPClassifier is expecting 4"):
        clf.predict(X[:, :2])


@pytest.mark.filterwarnings("ignore:Stochastic Optimizer")
def test_diverging_sgd_raises_like_sklearn():
    X, y = _classification()
    with pytest.raises(ValueError, match="non-finite parameter weights"):
        MLPRegressor(hidden_layer_sizes=(5,), solver="sgd", learning_rate_init=10.0, momentum=0.99,
                     max_iter=50, random_state=0).fit(X * 1e3, y * 1e3)


# --------------------------------------------------------------------------- partial_fit
@pytest.mark.parametrize("learning_rate,momentum", [("constant", 0.9), ("invscaling", 0.0),
                                                    ("constant", 0.0)])
def test_partial_fit_follows_sklearns_partial_fit(learning_rate, momentum):
    """Full-batch SGD: each partial_fit call is scikit-learn's step for step, the momentum
    and the learning-rate schedule carried over between calls. (Momentum with a changing
    rate is left out: PyTorch's buffer and scikit-learn's velocity then differ, see the
    class notes.)"""
    X, y = _classification(n=70, seed=5)
    params = dict(FULL_BATCH_SGD, momentum=momentum, learning_rate=learning_rate,
                  hidden_layer_sizes=(6,), alpha=1e-3, learning_rate_init=0.3)
    ours, theirs = MLPClassifier(**params), sknn.MLPClassifier(**params)
    for _ in range(12):
        ours.partial_fit(X, y, classes=[0, 1, 2])
        theirs.partial_fit(X, y, classes=[0, 1, 2])
    np.testing.assert_allclose(ours.loss_curve_, theirs.loss_curve_, rtol=1e-10)
    _assert_same_weights(ours, theirs, rtol=1e-8)
    # n_iter_ counts the epochs of the last call (one), t_ all the samples seen
    assert ours.n_iter_ == theirs.n_iter_ == 1 and ours.t_ == theirs.t_ == 12 * len(X)


def test_partial_fit_regressor_follows_sklearn():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(40, 3))
    y = X[:, 0] - 2 * X[:, 1] * X[:, 2]
    params = dict(FULL_BATCH_SGD, momentum=0.5, hidden_layer_sizes=(5,), alpha=0.01,
                  learning_rate_init=0.05)
    ours, theirs = MLPRegressor(**params), sknn.MLPRegressor(**params)
    for _ in range(10):
        ours.partial_fit(X, y)
        theirs.partial_fit(X, y)
    _assert_same_weights(ours, theirs, rtol=1e-9)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
@pytest.mark.parametrize("estimator", ["classifier", "regressor"])
def test_partial_fit_calls_reproduce_fit_with_shuffling(solver, estimator):
    """max_iter partial_fit calls on the same data are fit, bit for bit: same optimiser
    state, same shuffled mini-batches."""
    X, y = _classification(n=50, seed=7)
    cls = MLPClassifier if estimator == "classifier" else MLPRegressor
    target = y if estimator == "classifier" else X @ np.array([1.0, -1.0, 0.5, 2.0])
    params = dict(solver=solver, hidden_layer_sizes=(5,), max_iter=15, random_state=2, tol=0.0,
                  batch_size=16, learning_rate_init=0.02)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        fitted = cls(**params).fit(X, target)
    partial = cls(**params)
    extra = {"classes": np.unique(y)} if estimator == "classifier" else {}
    for _ in range(15):
        partial.partial_fit(X, target, **extra)
    assert partial.loss_curve_ == fitted.loss_curve_
    for a, b in zip(partial.coefs_ + partial.intercepts_, fitted.coefs_ + fitted.intercepts_):
        np.testing.assert_array_equal(a, b)


def test_partial_fit_classes_and_errors():
    X = np.array([[0.0], [1.0], [2.0]])
    clf = MLPClassifier(solver="sgd", hidden_layer_sizes=(3,), random_state=0)
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        clf.partial_fit(X, ["a", "b", "c"])
    clf.partial_fit(X, ["a", "b", "c"], classes=["a", "b", "c", "d"])
    clf.partial_fit([[3.0]], ["d"])  # a class announced but unseen so far
    np.testing.assert_array_equal(clf.classes_, ["a", "b", "c", "d"])
    assert clf.predict_proba(X).shape == (3, 4)
    with pytest.raises(ValueError, match="is not the same as on last call"):
        clf.partial_fit(X, ["a", "b", "c"], classes=["a", "b"])
    with pytest.raises(ValueError, match="`y` has classes not in"):
        clf.partial_fit(X, ["a", "b", "e"])
    assert not hasattr(MLPClassifier(solver="lbfgs"), "partial_fit")
    with pytest.raises(ValueError, match="does not support early_stopping"):
        MLPRegressor(early_stopping=True).partial_fit(X, [1.0, 2.0, 3.0])


def test_lbfgs_warns_when_it_stops_at_max_fun():
    X, y = _classification(n=60)
    with pytest.warns(ConvergenceWarning, match="max_fun"):
        clf = MLPClassifier(solver="lbfgs", hidden_layer_sizes=(10,), max_fun=7,
                            random_state=0).fit(X, y)
    assert clf.n_iter_ <= 7


# --------------------------------------------------------------------------- sample weights
@pytest.mark.parametrize("kind", ["multiclass", "binary", "multilabel", "regression"])
def test_weighted_full_batch_step_has_sklearns_loss_and_gradient(kind):
    """With sample_weight the data term is a weighted mean and the penalty is divided by the
    sum of the weights: one full-batch step equals scikit-learn's (loss and new weights)."""
    X, y = _classification(classes=2 if kind == "binary" else 3, seed=11)
    if kind == "multilabel":
        y = np.column_stack([y == 0, y == 1, y != 1]).astype(int)
    w = np.random.default_rng(11).uniform(0.1, 3.0, size=len(X))
    cls, sk_cls = (MLPRegressor, sknn.MLPRegressor) if kind == "regression" else \
        (MLPClassifier, sknn.MLPClassifier)
    params = dict(FULL_BATCH_SGD, hidden_layer_sizes=(6,), alpha=0.4, max_iter=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", SkConvergenceWarning)
        ours = cls(**params).fit(X, y, sample_weight=w)
        theirs = sk_cls(**params).fit(X, y, sample_weight=w)
    np.testing.assert_allclose(ours.loss_curve_, theirs.loss_curve_, rtol=1e-11)
    _assert_same_weights(ours, theirs, rtol=1e-10)


def test_weighted_minibatch_training_and_early_stopping_follow_sklearn():
    # SGD: PyTorch's Adam and scikit-learn's place epsilon differently (see the class notes).
    solver = "sgd"
    X, y = _classification(n=90, seed=12)
    w = np.random.default_rng(12).integers(1, 4, size=len(X)).astype(float)
    # unshuffled batches (the shuffling streams differ), weighted per batch
    params = dict(solver=solver, hidden_layer_sizes=(5,), max_iter=12, random_state=4,
                  batch_size=20, shuffle=False, learning_rate_init=0.05, early_stopping=True,
                  validation_fraction=0.2, n_iter_no_change=50)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", SkConvergenceWarning)
        ours = MLPClassifier(**params).fit(X, y, sample_weight=w)
        theirs = sknn.MLPClassifier(**params).fit(X, y, sample_weight=w)
    np.testing.assert_allclose(ours.loss_curve_, theirs.loss_curve_, rtol=1e-9)
    # the validation accuracy is weighted too
    np.testing.assert_allclose(ours.validation_scores_, theirs.validation_scores_, rtol=1e-12)
    _assert_same_weights(ours, theirs, rtol=1e-8)


def test_integer_weights_are_repeated_samples_for_lbfgs():
    X, y = _classification(n=40, seed=13)
    counts = np.random.default_rng(13).integers(1, 4, size=len(X))
    params = dict(solver="lbfgs", hidden_layer_sizes=(4,), alpha=0.1, random_state=0,
                  tol=1e-12, max_iter=30)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weighted = MLPClassifier(**params).fit(X, y, sample_weight=counts.astype(float))
        repeated = MLPClassifier(**params).fit(np.repeat(X, counts, axis=0),
                                               np.repeat(y, counts))
    _assert_same_weights(weighted, repeated, rtol=1e-7)


def test_bad_sample_weight_is_refused():
    X, y = _classification(n=20)
    with pytest.raises(ValueError, match="sample_weight"):
        MLPClassifier(max_iter=2).fit(X, y, sample_weight=np.ones(5))


# --------------------------------------------------------------------------- Poisson loss
def test_poisson_loss_follows_sklearn_and_predicts_positive_rates():
    rng = np.random.default_rng(14)
    X = rng.uniform(0, 1, size=(80, 2))
    y = rng.poisson(np.exp(X @ [1.0, -0.5] + 0.5)).astype(float)
    params = dict(loss="poisson", hidden_layer_sizes=(4,), alpha=0.01, max_iter=4,
                  **{k: v for k, v in FULL_BATCH_SGD.items() if k != "learning_rate_init"},
                  learning_rate_init=0.01)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", SkConvergenceWarning)
        ours = MLPRegressor(**params).fit(X, y)
        theirs = sknn.MLPRegressor(**params).fit(X, y)
    assert ours.out_activation_ == theirs.out_activation_ == "exp"
    np.testing.assert_allclose(ours.loss_curve_, theirs.loss_curve_, rtol=1e-11)
    _assert_same_weights(ours, theirs, rtol=1e-10)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-10)
    assert np.all(ours.predict(X) > 0)
    with pytest.raises(ValueError, match="negative"):
        MLPRegressor(loss="poisson").fit(X, y - 5)


def test_lbfgs_does_not_stall_at_relu_kinks(monkeypatch):
    """A ReLU network's loss has kinks (a unit switching on or off) where the slope along
    the search direction jumps and no step meets the strong-Wolfe curvature condition.
    The line search gives up on a narrow bracket around the kink and L-BFGS restarts from
    steepest descent, instead of spending all 26 evaluations per iteration on steps of
    1e-7..1e-15 (5509 evaluations over the 300 iterations before). Same data, same initial
    weights (same random_state) as scikit-learn's L-BFGS-B, which stops at 158 iterations."""
    from sklearn.datasets import make_moons

    from syllabus.neural_network import _multilayer_perceptron as module

    runs = []

    def counted(*args, **kwargs):
        runs.append(minimize(*args, **kwargs))
        return runs[-1]

    minimize = module.minimize
    monkeypatch.setattr(module, "minimize", counted)
    X, y = make_moons(n_samples=200, noise=0.2, random_state=0)
    ours, theirs = _both(MLPClassifier, sknn.MLPClassifier, X, y, solver="lbfgs",
                         max_iter=300, random_state=0)
    assert runs[0].n_fev <= 2 * 300
    # A non-convex path of 300 iterations: rounding (another BLAS) moves both losses, so the
    # claim is "as good as scikit-learn's, within 25%" (here 27% better; the stalled search
    # ended 2.1x above).
    assert ours.loss_ <= 1.25 * theirs.loss_
