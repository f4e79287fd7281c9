"""Feature scaling."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..base import BaseEstimator, TransformerMixin
from ..utils import check_is_fitted, check_sample_weight
from ..utils._validation import validate_floating

_FLOATS = (np.float64, np.float32)

__all__ = ["StandardScaler"]


class StandardScaler(TransformerMixin, BaseEstimator):
    """Standardise features: ``z = (x - mean) / std``, column by column.

    Gradient-based solvers converge much faster on standardised features (the loss surface
    becomes rounder). Constant features are left unscaled (``scale_ = 1``) instead of being
    divided by zero. Same statistics as scikit-learn's ``StandardScaler`` (population
    variance, ``ddof=0``).

    Parameters
    ----------
    copy : bool, default=True
        Kept for scikit-learn's signature; the transform always returns a new array.
    with_mean : bool, default=True
        Subtract the mean.
    with_std : bool, default=True
        Divide by the standard deviation.

    Attributes
    ----------
    mean_ : ndarray of shape (n_features,) or None
        Per-feature (weighted) mean; ``None`` when neither centring nor scaling.
    var_ : ndarray of shape (n_features,) or None
        Per-feature (weighted) variance; ``None`` when ``with_std=False``.
    scale_ : ndarray of shape (n_features,) or None
        Per-feature divisor (``sqrt(var_)``, or 1 for constant features).
    n_samples_seen_ : int or float
        Number of samples (sum of weights when ``sample_weight`` is given).
    n_features_in_ : int

    Examples
    --------
    >>> from syllabus.preprocessing import StandardScaler
    >>> StandardScaler().fit_transform([[0.0, 1.0], [2.0, 1.0]])
    array([[-1.,  0.],
           [ 1.,  0.]])
    """

    _parameter_constraints = {
        "copy": ["boolean"],
        "with_mean": ["boolean"],
        "with_std": ["boolean"],
    }

    def __init__(self, *, copy: bool = True, with_mean: bool = True, with_std: bool = True) -> None:
        self.copy = copy
        self.with_mean = with_mean
        self.with_std = with_std

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> StandardScaler:
        """Compute the mean and standard deviation of each feature.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : StandardScaler
        """
        self._validate_params()
        X = validate_floating(self, X, reset=True, dtypes=_FLOATS)
        sw = None if sample_weight is None else check_sample_weight(sample_weight, X)
        n = X.shape[0] if sw is None else sw.sum()
        self.n_samples_seen_ = X.shape[0] if sw is None else float(n)
        if not (self.with_mean or self.with_std):
            self.mean_ = self.var_ = self.scale_ = None
            return self
        X = X.astype(np.float64, copy=False)  # statistics in float64 even for float32 data
        mean = np.average(X, axis=0, weights=sw)
        self.mean_ = mean
        if not self.with_std:
            self.var_ = self.scale_ = None
            return self
        centred = X - mean
        # Two-pass variance with the correction term that cancels the round-off of the mean.
        correction = np.average(centred, axis=0, weights=sw)
        var = np.average(centred**2, axis=0, weights=sw) - correction**2
        self.var_ = np.maximum(var, 0.0)
        scale = np.sqrt(self.var_)
        # A feature is constant when its variance is within round-off of 0 (scikit-learn's test).
        eps = np.finfo(np.float64).eps
        constant = self.var_ <= n * eps * self.var_ + (n * mean * eps) ** 2
        scale[constant | (scale == 0.0)] = 1.0
        self.scale_ = scale
        return self

    def transform(self, X: Any, copy: bool | None = None) -> np.ndarray:
        """Standardise ``X`` with the statistics learnt in ``fit``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        copy : bool, default=None
            Ignored (a new array is always returned).

        Returns
        -------
        ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        X = validate_floating(self, X, reset=False, dtypes=_FLOATS)
        out = X.astype(X.dtype, copy=True)
        if self.with_mean:
            out -= self.mean_  # in float64, rounded once into the output dtype
        if self.with_std:
            out /= self.scale_
        return out

    def inverse_transform(self, X: Any, copy: bool | None = None) -> np.ndarray:
        """Map standardised data back to the original units.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        copy : bool, default=None
            Ignored (a new array is always returned).

        Returns
        -------
        ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        X = validate_floating(self, X, reset=False, dtypes=_FLOATS)
        out = X.astype(X.dtype, copy=True)
        if self.with_std:
            out *= self.scale_
        if self.with_mean:
            out += self.mean_
        return out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
