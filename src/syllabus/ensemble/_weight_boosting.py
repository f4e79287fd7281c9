"""AdaBoost: SAMME (forward stagewise additive modelling under the exponential loss) for
classification, AdaBoost.R2 for regression."""

from __future__ import annotations

import inspect
import warnings
from collections import deque
from collections.abc import Iterator
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, ClassifierMixin, RegressorMixin
from ..metrics import accuracy_score, r2_score
from ..tree import DecisionTreeClassifier, DecisionTreeRegressor
from ..tree._classes import require_two_classes
from ..utils import (
    Interval,
    StrOptions,
    check_is_fitted,
    check_random_state,
    check_sample_weight,
    encode_labels,
    validate_data,
)
from ..utils._special import softmax
from ._base import RESAMPLING_EXPECTED_FAILURES, EnsembleSequence, new_member

__all__ = ["AdaBoostClassifier", "AdaBoostRegressor"]

def _normalise(w: np.ndarray, m: int) -> bool:
    """Divide the weights by their sum in place; False (with a warning on overflow) when the
    sum is not a positive finite number and the boosting must stop after round ``m``."""
    total = np.sum(w)
    if not np.isfinite(total):
        warnings.warn(f"Sample weights have reached infinite values, at iteration {m}, "
                      "causing overflow. Iterations stopped. Try lowering the learning rate.",
                      UserWarning, stacklevel=3)
        return False
    if total <= 0:
        return False
    w /= total
    return True


class _SparseInput:
    """The default weak learners (trees) take sparse X: so does the boosting. Also the
    members' importances, averaged with the members' weights."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    @property
    def feature_importances_(self) -> np.ndarray:
        """``sum_m alpha_m importance(h_m) / sum_m alpha_m``: the learners' (normalised
        impurity-decrease) importances weighted by their weights in the vote."""
        check_is_fitted(self)
        if not self.estimators_:
            raise ValueError("Estimator not fitted, call `fit` before `feature_importances_`.")
        try:
            members = [learner.feature_importances_ for learner in self.estimators_]
        except AttributeError as error:
            raise AttributeError("Unable to compute feature importances since estimator does "
                                 "not have a feature_importances_ attribute") from error
        weights = self.estimator_weights_[:len(members)]
        return np.sum([a * imp for a, imp in zip(weights, members)], axis=0) / weights.sum()


    def staged_score(self, X, y, sample_weight=None) -> Iterator[float]:
        """The score after each round: accuracy (classifier) or R^2 (regressor), as
        ``score``."""
        metric = accuracy_score if isinstance(self, ClassifierMixin) else r2_score
        for prediction in self.staged_predict(X):
            yield metric(y, prediction, sample_weight=sample_weight)


def _takes_sample_weight(estimator: Any) -> None:
    """Boosting reweights the samples: the learner's ``fit`` must accept ``sample_weight``."""
    if "sample_weight" not in inspect.signature(estimator.fit).parameters:
        raise ValueError(f"{type(estimator).__name__} doesn't support sample_weight.")


class AdaBoostClassifier(ClassifierMixin, _SparseInput, EnsembleSequence, BaseEstimator):
    r"""AdaBoost with the SAMME rule (Zhu, Zou, Rosset & Hastie, 2009).

    AdaBoost minimises the exponential loss ``L(y, F) = exp(-y F(x))`` of an additive model
    ``F = sum_m alpha_m h_m`` one term at a time. With ``F_{m-1}`` fixed, the loss of
    ``F_{m-1} + alpha h`` is ``sum_i w_i exp(-alpha y_i h(x_i))`` with weights
    ``w_i = exp(-y_i F_{m-1}(x_i))``: ``h`` must minimise the weighted error
    ``err = sum_i w_i [y_i != h(x_i)] / sum_i w_i``, and setting the derivative in ``alpha``
    to zero gives ``alpha = log((1 - err) / err)`` (twice the usual 1/2 log, a common scale).
    The weights then become ``w_i exp(alpha [y_i != h(x_i)])`` up to a constant. SAMME
    extends this to ``K`` classes with ``alpha = log((1 - err) / err) + log(K - 1)``, and a
    learner must only beat random guessing, ``err < 1 - 1/K``. The training error is at
    most the exponential loss, ``prod_m 2 sqrt(err_m (1 - err_m))`` for two classes.

    Parameters
    ----------
    estimator : classifier, default=None
        The weak learner (a depth-1 :class:`~syllabus.tree.DecisionTreeClassifier` when
        None); its ``fit`` must take ``sample_weight``.
    n_estimators : int, default=50
        Maximum number of rounds (fewer when a learner is perfect).
    learning_rate : float, default=1.0
        Multiplies every ``alpha_m``.
    random_state : int, RandomState or None, default=None
        Seeds the learners' ``random_state`` (scikit-learn's draws).

    Attributes
    ----------
    estimators_ : list of classifiers
    estimator_weights_ : ndarray of shape (n_estimators,)
        ``alpha_m`` (zeros after an early stop).
    estimator_errors_ : ndarray of shape (n_estimators,)
        Weighted training error ``err_m`` of each learner.
    classes_ : ndarray of shape (n_classes,)
    n_classes_ : int
    feature_importances_ : ndarray of shape (n_features,)
        The learners' importances averaged with their weights ``alpha_m``.
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.ensemble import AdaBoostClassifier
    >>> X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> clf = AdaBoostClassifier(n_estimators=10, random_state=0).fit(X, [0, 1, 1, 1])
    >>> clf.predict(X)
    array([0, 1, 1, 1])
    """

    _expected_failed_checks = RESAMPLING_EXPECTED_FAILURES

    _parameter_constraints = {
        "estimator": [None, "no_validation"],
        "n_estimators": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "random_state": ["random_state"],
    }

    def __init__(self, estimator: Any = None, *, n_estimators: int = 50,
                 learning_rate: float = 1.0, random_state: Any = None) -> None:
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None) -> AdaBoostClassifier:
        """Run the boosting rounds.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Initial weights (uniform when None), normalised to sum to one.

        Returns
        -------
        self
        """
        self._validate_params()
        X, y = validate_data(self, X, y, dtype=np.float64, accept_sparse=["csr", "csc"],
                             allow_nd=True)
        self.classes_, y_idx = encode_labels(y)
        require_two_classes(self.classes_, type(self).__name__)
        K = self.n_classes_ = len(self.classes_)
        w = check_sample_weight(sample_weight, X)
        w = w / w.sum()
        rng = check_random_state(self.random_state)
        base = DecisionTreeClassifier(max_depth=1) if self.estimator is None else self.estimator
        _takes_sample_weight(base)
        self.estimators_ = []
        self.estimator_weights_ = np.zeros(self.n_estimators)
        self.estimator_errors_ = np.ones(self.n_estimators)
        for m in range(self.n_estimators):
            learner = new_member(base, rng)
            learner.fit(X, y_idx, sample_weight=w)
            self.estimators_.append(learner)
            incorrect = learner.predict(X) != y_idx
            err = np.average(incorrect, weights=w)
            if err <= 0:  # a perfect learner ends the boosting
                self.estimator_weights_[m] = 1.0
                self.estimator_errors_[m] = 0.0
                break
            if err >= 1.0 - 1.0 / K:
                self.estimators_.pop()
                if not self.estimators_:
                    raise ValueError("BaseClassifier in AdaBoostClassifier ensemble is worse "
                                     "than random, ensemble can not be fit.")
                break
            alpha = self.learning_rate * (np.log((1.0 - err) / err) + np.log(K - 1.0))
            self.estimator_weights_[m] = alpha
            self.estimator_errors_[m] = err
            if m == self.n_estimators - 1:
                break
            # w_i <- w_i exp(alpha [y_i != h(x_i)]), then normalised
            w = np.exp(np.log(w, where=w > 0, out=np.full_like(w, -np.inf))
                       + alpha * incorrect * (w > 0))
            if not _normalise(w, m):
                break
        return self

    def _votes(self, X) -> Iterator[np.ndarray]:
        """Normalised weighted votes after each round: +alpha for the predicted class,
        -alpha / (K - 1) for the others (SAMME's symmetric coding)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64, accept_sparse=["csr", "csc"],
                          allow_nd=True)
        K = self.n_classes_
        total = np.zeros((X.shape[0], K))
        weight_sum = 0.0
        for learner, alpha in zip(self.estimators_, self.estimator_weights_):
            hit = learner.predict(X)[:, None] == np.arange(K)
            total += np.where(hit, alpha, -alpha / (K - 1))
            weight_sum += alpha
            yield total / weight_sum

    def _decision(self, votes: np.ndarray) -> np.ndarray:
        if self.n_classes_ == 2:
            return votes[:, 1] - votes[:, 0]
        return votes

    def staged_decision_function(self, X) -> Iterator[np.ndarray]:
        """Decision function after each round."""
        for votes in self._votes(X):
            yield self._decision(votes)

    def decision_function(self, X) -> np.ndarray:
        """Weighted votes: (n_samples,) for two classes (positive means ``classes_[1]``),
        else (n_samples, n_classes)."""
        return self._decision(deque(self._votes(X), maxlen=1)[0])  # after the last round

    def _proba(self, decision: np.ndarray) -> np.ndarray:
        if self.n_classes_ == 2:
            decision = np.column_stack([-decision, decision]) / 2
        else:
            decision = decision / (self.n_classes_ - 1)
        return softmax(decision, axis=1)

    def predict_proba(self, X) -> np.ndarray:
        """Softmax of the decision function (scaled by 1 / (K - 1))."""
        return self._proba(self.decision_function(X))

    def staged_predict_proba(self, X) -> Iterator[np.ndarray]:
        """Class probabilities after each round."""
        for decision in self.staged_decision_function(X):
            yield self._proba(decision)

    def predict_log_proba(self, X) -> np.ndarray:
        """Logarithm of :meth:`predict_proba`."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))
    def predict(self, X) -> np.ndarray:
        """Class with the largest weighted vote."""
        decision = self.decision_function(X)
        if self.n_classes_ == 2:
            return self.classes_[(decision > 0).astype(int)]
        return self.classes_[np.argmax(decision, axis=1)]

    def staged_predict(self, X) -> Iterator[np.ndarray]:
        """Predicted classes after each round."""
        for decision in self.staged_decision_function(X):
            if self.n_classes_ == 2:
                yield self.classes_[(decision > 0).astype(int)]
            else:
                yield self.classes_[np.argmax(decision, axis=1)]


class AdaBoostRegressor(RegressorMixin, _SparseInput, EnsembleSequence, BaseEstimator):
    r"""AdaBoost.R2 (Drucker, 1997): boosting for regression by weighted resampling.

    Round ``m`` fits a learner on a bootstrap sample drawn with the current weights
    ``w_i``, measures each training sample's loss relative to the largest error,
    ``L_i = |y_i - h_m(x_i)| / max_j |y_j - h_m(x_j)|`` (squared, or ``1 - exp(-L_i)``,
    with ``loss="square"`` / ``"exponential"``), and the weighted average loss
    ``Lbar = sum_i w_i L_i``. A learner must beat ``Lbar < 1/2``; with
    ``beta = Lbar / (1 - Lbar)`` it gets the weight ``alpha_m = log(1 / beta)`` and
    well-predicted samples lose weight, ``w_i <- w_i beta^(1 - L_i)`` (then normalised).
    The prediction is the weighted median of the learners' predictions: the first
    prediction, in increasing order, whose cumulative ``alpha`` reaches half the total.

    Parameters
    ----------
    estimator : regressor, default=None
        The learner (a depth-3 :class:`~syllabus.tree.DecisionTreeRegressor` when None).
    n_estimators : int, default=50
        Maximum number of rounds (fewer when a learner is perfect or too weak).
    learning_rate : float, default=1.0
        Multiplies every ``alpha_m`` and the exponent of the weight update.
    loss : {"linear", "square", "exponential"}, default="linear"
    random_state : int, RandomState or None, default=None
        Seeds the bootstrap samples and the learners' ``random_state`` (scikit-learn's
        draws, so the same seed gives scikit-learn's ensemble).

    Attributes
    ----------
    estimators_ : list of regressors
    estimator_weights_ : ndarray of shape (n_estimators,)
        ``alpha_m`` (zeros for rounds not run).
    estimator_errors_ : ndarray of shape (n_estimators,)
        Average loss ``Lbar_m`` of each learner (ones for rounds not run).
    feature_importances_ : ndarray of shape (n_features,)
        The learners' importances averaged with their weights ``alpha_m``.
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.ensemble import AdaBoostRegressor
    >>> X = np.linspace(0, 1, 40)[:, None]
    >>> reg = AdaBoostRegressor(n_estimators=20, random_state=0).fit(X, np.sin(6 * X[:, 0]))
    >>> bool(np.abs(reg.predict(X) - np.sin(6 * X[:, 0])).max() < 0.2)
    True
    """

    _expected_failed_checks = RESAMPLING_EXPECTED_FAILURES

    _parameter_constraints = {
        "estimator": [None, "no_validation"],
        "n_estimators": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "loss": [StrOptions({"linear", "square", "exponential"})],
        "random_state": ["random_state"],
    }

    def __init__(self, estimator: Any = None, *, n_estimators: int = 50,
                 learning_rate: float = 1.0, loss: str = "linear",
                 random_state: Any = None) -> None:
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.loss = loss
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None) -> AdaBoostRegressor:
        """Run the boosting rounds.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Initial weights (uniform when None), normalised to sum to one.

        Returns
        -------
        self
        """
        self._validate_params()
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=True,
                             accept_sparse=["csr", "csc"], allow_nd=True)
        y = np.asarray(y, dtype=np.float64)
        w = check_sample_weight(sample_weight, X).copy()
        w /= w.sum()
        rng = check_random_state(self.random_state)
        base = DecisionTreeRegressor(max_depth=3) if self.estimator is None else self.estimator
        self.estimators_ = []
        self.estimator_weights_ = np.zeros(self.n_estimators)
        self.estimator_errors_ = np.ones(self.n_estimators)
        zero = w == 0.0
        n = len(y)
        for m in range(self.n_estimators):
            w = np.clip(w, np.finfo(np.float64).eps, None)  # no vanishing weights...
            w[zero] = 0.0  # ...except those given as zero
            learner = new_member(base, rng)
            self.estimators_.append(learner)
            sample = rng.choice(np.arange(n), size=n, replace=True, p=w)
            learner.fit(X[sample], y[sample])
            active = w > 0
            loss = np.abs(learner.predict(X) - y)[active]
            if loss.max() != 0:
                loss /= loss.max()
            if self.loss == "square":
                loss **= 2
            elif self.loss == "exponential":
                loss = 1.0 - np.exp(-loss)
            error = (w[active] * loss).sum()
            if error <= 0:  # a perfect learner ends the boosting
                self.estimator_weights_[m] = 1.0
                self.estimator_errors_[m] = 0.0
                break
            if error >= 0.5:  # too weak: dropped, unless it is the only one
                if len(self.estimators_) > 1:
                    self.estimators_.pop()
                break
            beta = error / (1.0 - error)
            self.estimator_weights_[m] = self.learning_rate * np.log(1.0 / beta)
            self.estimator_errors_[m] = error
            if m == self.n_estimators - 1:
                break
            w[active] *= np.power(beta, (1.0 - loss) * self.learning_rate)
            if not _normalise(w, m):
                break
        return self

    def _weighted_median(self, predictions: np.ndarray) -> np.ndarray:
        """Per row of ``predictions`` (one column per learner), the first prediction in
        increasing order whose cumulative learner weight reaches half the total."""
        order = np.argsort(predictions, axis=1)
        cdf = np.cumsum(self.estimator_weights_[order], axis=1)
        median = np.argmax(cdf >= 0.5 * cdf[:, -1:], axis=1)
        rows = np.arange(len(predictions))
        return predictions[rows, order[rows, median]]

    def staged_predict(self, X) -> Iterator[np.ndarray]:
        """Weighted-median prediction after each round."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64, accept_sparse=["csr", "csc"],
                          allow_nd=True)
        predictions = np.column_stack([learner.predict(X) for learner in self.estimators_])
        for m in range(1, len(self.estimators_) + 1):
            yield self._weighted_median(predictions[:, :m])

    def predict(self, X) -> np.ndarray:
        """Weighted median of the learners' predictions.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        return deque(self.staged_predict(X), maxlen=1)[0]
