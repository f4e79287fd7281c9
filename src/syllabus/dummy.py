"""Baselines that ignore the features: what any real model has to beat."""

from __future__ import annotations

from numbers import Real
from typing import Any

import numpy as np

from .base import BaseEstimator, ClassifierMixin, RegressorMixin
from .utils import (
    Interval,
    StrOptions,
    check_is_fitted,
    check_random_state,
    check_sample_weight,
    encode_labels,
    validate_data,
)

__all__ = ["DummyClassifier", "DummyRegressor"]


class DummyClassifier(ClassifierMixin, BaseEstimator):
    """Classifier that predicts from the label distribution alone, as scikit-learn's does.

    Parameters
    ----------
    strategy : {"most_frequent", "prior", "stratified", "uniform", "constant"}, \
default="prior"
        - "most_frequent": always the most frequent label; ``predict_proba`` is its one-hot.
        - "prior": the most frequent label; ``predict_proba`` is the class prior.
        - "stratified": labels drawn from the class prior (one-hot ``predict_proba``).
        - "uniform": labels drawn uniformly from ``classes_``.
        - "constant": always ``constant``.
    random_state : int, RandomState instance or None, default=None
        Seeds the draws of "stratified" and "uniform" (re-seeded at every call).
    constant : int or str, default=None
        The label predicted by the "constant" strategy.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels seen during fit, sorted.
    n_classes_ : int
        Number of classes.
    class_prior_ : ndarray of shape (n_classes,)
        Frequency of each class in ``y`` (weighted by ``sample_weight``).
    n_features_in_ : int
        Number of features seen during fit.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.dummy import DummyClassifier
    >>> X, y = np.zeros((4, 1)), np.array([1, 0, 1, 1])
    >>> DummyClassifier(strategy="most_frequent").fit(X, y).predict(X)
    array([1, 1, 1, 1])
    """

    _parameter_constraints = {
        "strategy": [StrOptions({"most_frequent", "prior", "stratified", "uniform", "constant"})],
        "random_state": ["random_state"],
        "constant": [int, str, np.integer, None],
    }

    def __init__(self, *, strategy: str = "prior", random_state: Any = None,
                 constant: Any = None) -> None:
        self.strategy = strategy
        self.random_state = random_state
        self.constant = constant

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> DummyClassifier:
        """Learn the class prior of ``y``; ``X`` is only validated."""
        self._validate_params()
        X, y = validate_data(self, X, y, reset=True)
        self.classes_, y_idx = encode_labels(y)
        self.n_classes_ = len(self.classes_)
        sw = check_sample_weight(sample_weight, X)
        counts = np.bincount(y_idx, weights=sw, minlength=self.n_classes_)
        self.class_prior_ = counts / counts.sum()
        if self.strategy == "constant":
            if self.constant is None:
                raise ValueError("Constant target value has to be specified when the "
                                 "constant strategy is used.")
            if self.constant not in self.classes_:
                raise ValueError(
                    f"The constant target value must be present in the training data. "
                    f"You provided constant={self.constant!r}. Possible values are: "
                    f"{self.classes_.tolist()}."
                )
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities of each sample of ``X``, shape (n_samples, n_classes)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        n, k = X.shape[0], self.n_classes_
        rs = check_random_state(self.random_state)
        if self.strategy == "most_frequent":
            proba = np.zeros((n, k))
            proba[:, self.class_prior_.argmax()] = 1.0
        elif self.strategy == "prior":
            proba = np.tile(self.class_prior_, (n, 1))
        elif self.strategy == "stratified":
            proba = rs.multinomial(1, self.class_prior_, size=n).astype(np.float64)
        elif self.strategy == "uniform":
            proba = np.full((n, k), 1.0 / k)
        else:
            proba = np.zeros((n, k))
            proba[:, np.flatnonzero(self.classes_ == self.constant)[0]] = 1.0
        return proba

    def predict_log_proba(self, X: Any) -> np.ndarray:
        """Logarithm of :meth:`predict_proba` (``-inf`` where a probability is 0)."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X: Any) -> np.ndarray:
        """Predicted label of each sample of ``X``."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        n = X.shape[0]
        if self.strategy in ("most_frequent", "prior"):
            return np.repeat(self.classes_[self.class_prior_.argmax()], n)
        if self.strategy == "constant":
            return np.repeat(np.asarray(self.constant, dtype=self.classes_.dtype), n)
        if self.strategy == "uniform":
            rs = check_random_state(self.random_state)
            return self.classes_[rs.randint(self.n_classes_, size=n)]
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.poor_score = True
        tags.non_deterministic = self.strategy in ("stratified", "uniform")
        return tags


class DummyRegressor(RegressorMixin, BaseEstimator):
    """Regressor that predicts a constant computed from ``y`` alone, as scikit-learn's does.

    Parameters
    ----------
    strategy : {"mean", "median", "quantile", "constant"}, default="mean"
        Statistic of the training targets that is predicted.
    constant : float, default=None
        The value predicted by the "constant" strategy.
    quantile : float in [0.0, 1.0], default=None
        The quantile predicted by the "quantile" strategy (0.5 is the median).

    Attributes
    ----------
    constant_ : float
        The value predicted for every sample.
    n_features_in_ : int
        Number of features seen during fit.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.dummy import DummyRegressor
    >>> DummyRegressor().fit(np.zeros((3, 1)), [1.0, 2.0, 6.0]).predict(np.zeros((2, 1)))
    array([3., 3.])
    """

    _parameter_constraints = {
        "strategy": [StrOptions({"mean", "median", "quantile", "constant"})],
        "quantile": [Interval(Real, 0.0, 1.0, closed="both"), None],
        "constant": [Interval(Real, None, None), None],
    }

    def __init__(self, *, strategy: str = "mean", constant: float | None = None,
                 quantile: float | None = None) -> None:
        self.strategy = strategy
        self.constant = constant
        self.quantile = quantile

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> DummyRegressor:
        """Compute the constant to predict from ``y``; ``X`` is only validated."""
        self._validate_params()
        X, y = validate_data(self, X, y, reset=True, y_numeric=True)
        sw = None if sample_weight is None else check_sample_weight(sample_weight, X)
        if self.strategy == "mean":
            self.constant_ = float(np.average(y, weights=sw))
        elif self.strategy in ("median", "quantile"):
            q = 0.5 if self.strategy == "median" else self.quantile
            if q is None:
                raise ValueError("When using strategy='quantile', the quantile parameter "
                                 "must be set to a float in [0.0, 1.0].")
            self.constant_ = _weighted_quantile(y, sw, q)
        else:
            if self.constant is None:
                raise ValueError("Constant target value has to be specified when the "
                                 "constant strategy is used.")
            self.constant_ = float(self.constant)
        return self

    def predict(self, X: Any) -> np.ndarray:
        """The constant, once per sample of ``X``."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return np.full(X.shape[0], self.constant_)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.regressor_tags.poor_score = True
        return tags


def _weighted_quantile(y: np.ndarray, weights: np.ndarray | None, q: float) -> float:
    """Quantile of ``y``: NumPy's linear interpolation unweighted, the inverted weighted CDF
    (the smallest value whose cumulative weight reaches ``q`` of the total) otherwise."""
    if weights is None:
        return float(np.percentile(y, 100.0 * q))
    order = np.argsort(y, kind="stable")
    cdf = np.cumsum(weights[order])
    idx = np.searchsorted(cdf, q * cdf[-1], side="left")
    return float(y[order][min(idx, len(y) - 1)])
