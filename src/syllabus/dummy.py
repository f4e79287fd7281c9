"""Baselines that ignore the features: what any real model has to beat.

As scikit-learn's, the dummy estimators never look at ``X`` beyond its number of samples
(and, at fit time, its number of features and feature names when it has them): ``X`` may
be 1-D, 3-D, strings, or ``None`` in ``score``. Targets may have several outputs, and a
classifier's targets may be a SciPy sparse matrix (its predictions are then sparse too).
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real
from typing import Any

import numpy as np

from .base import BaseEstimator, ClassifierMixin, RegressorMixin
from .utils import (
    Interval,
    StrOptions,
    check_array,
    check_consistent_length,
    check_is_fitted,
    check_random_state,
    check_sample_weight,
)
from .utils._sparse import csc_from_columns, issparse
from .utils._validation import _check_feature_names, _num_samples

__all__ = ["DummyClassifier", "DummyRegressor"]


def _record_features(estimator: Any, X: Any) -> None:
    """``n_features_in_`` (and ``feature_names_in_``) when ``X`` has a feature axis.

    Same rule as scikit-learn: an array of 2 or more dimensions has ``shape[1]`` features; a
    list of samples has ``len`` of its first sample (an ``IndexError`` when it is empty); a
    1-D array or a list of scalars has none.
    """
    _check_feature_names(estimator, X, reset=True)
    estimator.__dict__.pop("n_features_in_", None)
    if not hasattr(X, "shape") and not hasattr(X, "__len__") and hasattr(X, "__array__"):
        X = np.asarray(X)
    if hasattr(X, "shape"):
        if len(X.shape) >= 2:
            estimator.n_features_in_ = int(X.shape[1])
        return
    if X is None or not hasattr(X, "__getitem__"):
        return
    first = X[0]
    if not isinstance(first, (str, bytes, dict)) and hasattr(first, "__len__"):
        estimator.n_features_in_ = len(first)


def _sample_weight(sample_weight: Any, y: Any) -> np.ndarray | None:
    return None if sample_weight is None else check_sample_weight(sample_weight, y)


def _class_distribution(y: Any, sample_weight: np.ndarray | None):
    """Classes, their number and their (weighted) frequencies, for each column of ``y``.

    A sparse ``y`` is read column by column from its stored values; its implicit zeros
    count for the class 0.
    """
    classes, n_classes, priors = [], [], []
    n_samples, n_outputs = y.shape
    w = np.ones(n_samples) if sample_weight is None else sample_weight
    if issparse(y):
        csc = y.tocsc()
        for k in range(n_outputs):
            rows = csc.indices[csc.indptr[k]:csc.indptr[k + 1]]
            values = csc.data[csc.indptr[k]:csc.indptr[k + 1]]
            classes_k, idx = np.unique(values, return_inverse=True)
            prior_k = np.bincount(idx.reshape(-1), weights=w[rows], minlength=len(classes_k))
            zeros_weight = w.sum() - w[rows].sum()
            if 0 in classes_k:
                prior_k[classes_k == 0] += zeros_weight
            elif len(rows) < n_samples:
                classes_k = np.insert(classes_k, 0, 0)
                prior_k = np.insert(prior_k, 0, zeros_weight)
            classes.append(classes_k)
            n_classes.append(len(classes_k))
            priors.append(prior_k / prior_k.sum())
    else:
        for k in range(n_outputs):
            classes_k, idx = np.unique(y[:, k], return_inverse=True)
            prior_k = np.bincount(idx.reshape(-1), weights=w, minlength=len(classes_k))
            classes.append(classes_k)
            n_classes.append(len(classes_k))
            priors.append(prior_k / prior_k.sum())
    return classes, n_classes, priors


class _FeaturesIgnored:
    """What both dummies share: ``X`` is never validated, so ``score`` accepts ``None``."""

    def score(self, X: Any, y: Any, sample_weight: Any = None) -> float:
        """The estimator's score (accuracy, or R^2) of its predictions; ``X`` may be ``None``.

        Parameters
        ----------
        X : None or array-like of shape (n_samples, ...)
            Only its number of samples would be used.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        float
        """
        if X is None:
            X = np.zeros((len(y), 1))
        return super().score(X, y, sample_weight)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        tags.no_validation = True
        return tags


class DummyClassifier(_FeaturesIgnored, ClassifierMixin, BaseEstimator):
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
    constant : int, str or array-like of shape (n_outputs,), default=None
        The label (one per output) predicted by the "constant" strategy.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,) or list of such arrays
        Class labels seen during fit, sorted (one array per output).
    n_classes_ : int or list of int
        Number of classes (of each output).
    class_prior_ : ndarray of shape (n_classes,) or list of such arrays
        Frequency of each class in ``y`` (weighted by ``sample_weight``).
    n_outputs_ : int
        Number of outputs (columns of ``y``).
    sparse_output_ : bool
        Whether ``y`` was a sparse matrix (then so are the predictions).
    n_features_in_ : int
        Number of features seen during fit (when ``X`` has a feature axis).

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
        "constant": [Integral, str, "array-like", None],
    }

    def __init__(self, *, strategy: str = "prior", random_state: Any = None,
                 constant: Any = None) -> None:
        self.strategy = strategy
        self.random_state = random_state
        self.constant = constant

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> DummyClassifier:
        """Learn the class prior of each output of ``y``; ``X`` is only counted.

        Parameters
        ----------
        X : array-like of shape (n_samples, ...)
            Ignored except for its number of samples (and of features, if any).
        y : array-like or sparse matrix of shape (n_samples,) or (n_samples, n_outputs)
            Labels.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : DummyClassifier
        """
        self._validate_params()
        _record_features(self, X)
        if self.strategy == "uniform" and issparse(y):
            y = y.toarray()
            warnings.warn(
                "A local copy of the target data has been converted to a numpy array. "
                "Predicting on sparse target data with the uniform strategy would not save "
                "memory and would be slower.", UserWarning, stacklevel=2)
        self.sparse_output_ = issparse(y)
        if not self.sparse_output_:
            y = np.atleast_1d(np.asarray(y))
        if y.ndim == 1:
            y = y.reshape(-1, 1)
        self.n_outputs_ = y.shape[1]
        check_consistent_length(X, y)
        sw = _sample_weight(sample_weight, y)
        if self.strategy == "constant":
            if self.constant is None:
                raise ValueError("Constant target value has to be specified when the "
                                 "constant strategy is used.")
            constant = np.reshape(np.atleast_1d(self.constant), (-1, 1))
            if constant.shape[0] != self.n_outputs_:
                raise ValueError(
                    f"Constant target value should have shape ({self.n_outputs_}, 1).")
        classes, n_classes, priors = _class_distribution(y, sw)
        if self.strategy == "constant":
            for k in range(self.n_outputs_):
                if not any(constant[k][0] == c for c in classes[k]):
                    raise ValueError(
                        "The constant target value must be present in the training data. "
                        f"You provided constant={self.constant}. Possible values are: "
                        f"{classes[k].tolist()}.")
        single = self.n_outputs_ == 1
        self.classes_ = classes[0] if single else classes
        self.n_classes_ = n_classes[0] if single else n_classes
        self.class_prior_ = priors[0] if single else priors
        return self

    def _per_output(self):
        """(classes, n_classes, priors, constants) as lists, one entry per output."""
        if self.n_outputs_ == 1:
            return [self.classes_], [self.n_classes_], [self.class_prior_], [self.constant]
        constant = self.constant if self.constant is not None else [None] * self.n_outputs_
        return self.classes_, self.n_classes_, self.class_prior_, list(constant)

    def predict_proba(self, X: Any) -> np.ndarray | list[np.ndarray]:
        """Class probabilities, shape (n_samples, n_classes) (a list of them per output).

        Parameters
        ----------
        X : array-like of shape (n_samples, ...)
            Only its number of samples is used.

        Returns
        -------
        ndarray of shape (n_samples, n_classes) or list of such arrays
        """
        check_is_fitted(self)
        n = _num_samples(X)
        rs = check_random_state(self.random_state)
        classes, n_classes, priors, constants = self._per_output()
        probas = []
        for k in range(self.n_outputs_):
            if self.strategy == "most_frequent":
                out = np.zeros((n, n_classes[k]))
                out[:, priors[k].argmax()] = 1.0
            elif self.strategy == "prior":
                out = np.ones((n, 1)) * priors[k]
            elif self.strategy == "stratified":
                out = rs.multinomial(1, priors[k], size=n).astype(np.float64)
            elif self.strategy == "uniform":
                out = np.full((n, n_classes[k]), 1.0 / n_classes[k])
            else:
                out = np.zeros((n, n_classes[k]))
                out[:, classes[k] == constants[k]] = 1.0
            probas.append(out)
        return probas[0] if self.n_outputs_ == 1 else probas

    def predict_log_proba(self, X: Any) -> np.ndarray | list[np.ndarray]:
        """Logarithm of :meth:`predict_proba` (``-inf`` where a probability is 0).

        Parameters
        ----------
        X : array-like of shape (n_samples, ...)

        Returns
        -------
        ndarray of shape (n_samples, n_classes) or list of such arrays
        """
        proba = self.predict_proba(X)
        with np.errstate(divide="ignore"):
            if self.n_outputs_ == 1:
                return np.log(proba)
            return [np.log(p) for p in proba]

    def predict(self, X: Any) -> Any:
        """Predicted label(s) of each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, ...)
            Only its number of samples is used.

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_outputs), or a sparse CSC matrix
        when ``y`` was sparse
        """
        check_is_fitted(self)
        n = _num_samples(X)
        rs = check_random_state(self.random_state)
        classes, n_classes, priors, _ = self._per_output()
        if self.sparse_output_ and self.strategy == "uniform":
            raise ValueError("Sparse target prediction is not supported with the uniform "
                             "strategy")
        if self.strategy in ("most_frequent", "prior"):
            y = np.tile([classes[k][priors[k].argmax()] for k in range(self.n_outputs_)],
                        (n, 1))
        elif self.strategy == "stratified":
            proba = self.predict_proba(X)
            proba = [proba] if self.n_outputs_ == 1 else proba
            y = np.vstack([classes[k][proba[k].argmax(axis=1)]
                           for k in range(self.n_outputs_)]).T
        elif self.strategy == "uniform":
            y = np.vstack([classes[k][rs.randint(n_classes[k], size=n)]
                           for k in range(self.n_outputs_)]).T
        else:
            y = np.tile(self.constant, (n, 1))
        if self.sparse_output_:
            return csc_from_columns([y[:, k] for k in range(self.n_outputs_)], n)
        return np.ravel(y) if self.n_outputs_ == 1 else y

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.poor_score = True
        tags.non_deterministic = self.strategy in ("stratified", "uniform")
        return tags


class DummyRegressor(_FeaturesIgnored, RegressorMixin, BaseEstimator):
    """Regressor that predicts a constant computed from ``y`` alone, as scikit-learn's does.

    Parameters
    ----------
    strategy : {"mean", "median", "quantile", "constant"}, default="mean"
        Statistic of the training targets that is predicted (per output).
    constant : float or array-like of shape (n_outputs,), default=None
        The value(s) predicted by the "constant" strategy.
    quantile : float in [0.0, 1.0], default=None
        The quantile predicted by the "quantile" strategy (0.5 is the median).

    Attributes
    ----------
    constant_ : ndarray of shape (1, n_outputs)
        The values predicted for every sample.
    n_outputs_ : int
        Number of outputs.
    n_features_in_ : int
        Number of features seen during fit (when ``X`` has a feature axis).

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
        "constant": [Interval(Real, None, None, closed="neither"), "array-like", None],
    }

    def __init__(self, *, strategy: str = "mean", constant: Any = None,
                 quantile: float | None = None) -> None:
        self.strategy = strategy
        self.constant = constant
        self.quantile = quantile

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> DummyRegressor:
        """Compute the constant(s) to predict from ``y``; ``X`` is only counted.

        Parameters
        ----------
        X : array-like of shape (n_samples, ...)
            Ignored except for its number of samples (and of features, if any).
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : DummyRegressor
        """
        self._validate_params()
        _record_features(self, X)
        y = check_array(y, ensure_2d=False, input_name="y", estimator=self)
        if y.ndim == 1:
            y = y.reshape(-1, 1)
        self.n_outputs_ = y.shape[1]
        check_consistent_length(X, y, sample_weight)
        sw = _sample_weight(sample_weight, y)
        if self.strategy == "mean":
            constant = np.average(y, axis=0, weights=sw)
        elif self.strategy in ("median", "quantile"):
            q = 0.5 if self.strategy == "median" else self.quantile
            if q is None:
                raise ValueError("When using `strategy='quantile', you have to specify the "
                                 "desired quantile in the range [0, 1].")
            constant = np.array([_weighted_quantile(y[:, k], sw, q)
                                 for k in range(self.n_outputs_)])
        else:
            if self.constant is None:
                raise TypeError("Constant target value has to be specified when the "
                                "constant strategy is used.")
            constant = check_array(self.constant, ensure_2d=False, ensure_min_samples=0,
                                   input_name="constant", estimator=self)
            if self.n_outputs_ != 1 and constant.shape[0] != self.n_outputs_:
                raise ValueError(
                    f"Constant target value should have shape ({self.n_outputs_}, 1).")
        self.constant_ = np.reshape(constant, (1, -1))
        return self

    def predict(self, X: Any, return_std: bool = False) -> Any:
        """The constant(s), once per sample of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, ...)
            Only its number of samples is used.
        return_std : bool, default=False
            Also return the standard deviation of the prediction (zeros).

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        y_std : ndarray of the same shape, only when ``return_std``
        """
        check_is_fitted(self)
        n = _num_samples(X)
        y = np.full((n, self.n_outputs_), self.constant_, dtype=self.constant_.dtype)
        y_std = np.zeros((n, self.n_outputs_))
        if self.n_outputs_ == 1:
            y, y_std = y.ravel(), y_std.ravel()
        return (y, y_std) if return_std else y

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
