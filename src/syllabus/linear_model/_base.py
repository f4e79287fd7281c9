"""Pieces shared by the linear models: data centring, sample weights, prediction."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from typing import Any

import numpy as np

from ..base import BaseEstimator, ConvergenceWarning  # noqa: F401  (re-exported)
from ..utils import (
    check_array,
    check_is_fitted,
    check_no_overflow,
    check_sample_weight,
    encode_labels,
)

# validate_data with X cast to float64 (its default dtype) and complex input rejected.
from ..utils._validation import validate_floating as validate_float64


def validate_regression_data(estimator: Any, X: Any, y: Any, *,
                             check_overflow: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Validate ``X`` (2-D, finite, float64) and a numeric ``y`` of shape (n,) or (n, n_targets).

    ``check_overflow``: refuse an ``X`` whose squares overflow (:func:`check_no_overflow`);
    off for solvers that never square ``X`` (an SVD-based least-squares solve).
    """
    X, y = validate_float64(estimator, X, y, reset=True, multi_output=True)
    if y.ndim not in (1, 2):
        raise ValueError(f"y must be 1-D or 2-D, got an array of shape {y.shape}.")
    y = check_array(y, ensure_2d=False, input_name="y", estimator=estimator)
    if check_overflow:
        check_no_overflow(X, estimator=estimator)
    return X, y.astype(np.float64, copy=False)



def encode_two_or_more_classes(y: Any) -> tuple[np.ndarray, np.ndarray]:
    """``classes_`` and the class index of each sample, refusing a single class with the
    message scikit-learn's solvers (lbfgs, liblinear) give (LogisticRegression, LinearSVC)."""
    classes, y_idx = encode_labels(y)
    if len(classes) < 2:
        raise ValueError(
            "This solver needs samples of at least 2 classes in the data, but the data "
            f"contains only one class: {classes[0]!r}"
        )
    return classes, y_idx


def preprocess_data(
    X: np.ndarray, y: np.ndarray, *, fit_intercept: bool, sample_weight: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | float]:
    """Centre ``X`` and ``y`` on their (weighted) means when an intercept is fitted.

    With centred data the intercept drops out of the least-squares problem and is recovered
    afterwards as ``y_offset - X_offset @ coef``; it is therefore never penalised.
    Returns new arrays (the inputs are not modified) and the offsets.
    """
    if fit_intercept:
        X_offset = np.average(X, axis=0, weights=sample_weight)
        y_offset = np.average(y, axis=0, weights=sample_weight)
        return X - X_offset, y - y_offset, X_offset, y_offset
    X_offset = np.zeros(X.shape[1])
    y_offset = np.zeros(y.shape[1]) if y.ndim == 2 else 0.0
    return X.copy(), y.copy(), X_offset, y_offset


def rescale_by_weights(
    X: np.ndarray, y: np.ndarray, sample_weight: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Multiply the rows by ``sqrt(sample_weight)`` in place: weighted least squares becomes plain."""
    sqrt_sw = np.sqrt(sample_weight)
    X *= sqrt_sw[:, None]
    y *= sqrt_sw if y.ndim == 1 else sqrt_sw[:, None]
    return X, y, sqrt_sw


def optional_sample_weight(sample_weight: Any, X: np.ndarray) -> np.ndarray | None:
    """``None`` stays ``None`` (the fast unweighted path); anything else is validated."""
    return None if sample_weight is None else check_sample_weight(sample_weight, X)


class LinearModel(BaseEstimator, metaclass=ABCMeta):
    """Base of the linear models: ``predict(X) = X @ coef_.T + intercept_``."""

    @abstractmethod
    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> LinearModel:
        """Fit the model."""

    def _decision_function(self, X: Any) -> np.ndarray:
        check_is_fitted(self)
        X = validate_float64(self, X, reset=False)
        return X @ self.coef_.T + self.intercept_

    def predict(self, X: Any) -> np.ndarray:
        """Predicted targets, shape (n_samples,) or (n_samples, n_targets).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray
        """
        return self._decision_function(X)

    def _set_intercept(self, X_offset: np.ndarray, y_offset: np.ndarray | float) -> None:
        if self.fit_intercept:
            self.intercept_ = y_offset - X_offset @ self.coef_.T
        else:
            self.intercept_ = 0.0  # a scalar even for several targets, as in scikit-learn
        if np.ndim(self.intercept_) == 0:
            self.intercept_ = float(self.intercept_)


class MultiOutputMixin:
    """Marks a regressor that accepts a 2-D ``y`` (one column per target)."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags
