"""Pieces shared by the linear models: data centring, sample weights, prediction."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from typing import Any

import numpy as np

from ..base import BaseEstimator, ConvergenceWarning, MultiOutputMixin  # noqa: F401  (re-exported)
from ..utils import (
    check_is_fitted,
    encode_labels,
)

# validate_data with X cast to float64 (its default dtype) and complex input rejected.
from ..utils._validation import optional_sample_weight, validate_regression_data  # noqa: F401
from ..utils._validation import validate_floating as validate_float64


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

