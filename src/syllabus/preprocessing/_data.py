"""Feature scaling."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..base import BaseEstimator, TransformerMixin
from ..utils import check_is_fitted, check_sample_weight
from ..utils._sparse import issparse
from ..utils._validation import validate_floating
from ._basis import _input_feature_names

_FLOATS = (np.float64, np.float32, np.float16)
_SPARSE_CENTRING = ("Cannot center sparse matrices: pass `with_mean=False` instead. See "
                    "docstring for motivation and alternatives.")

__all__ = ["StandardScaler"]


class StandardScaler(TransformerMixin, BaseEstimator):
    """Standardise features: ``z = (x - mean) / std``, column by column.

    Gradient-based solvers converge much faster on standardised features (the loss surface
    becomes rounder). Constant features are left unscaled (``scale_ = 1``) instead of being
    divided by zero. Same statistics as scikit-learn's ``StandardScaler`` (population
    variance, ``ddof=0``), also learnt batch by batch (:meth:`partial_fit`, Chan, Golub and
    LeVeque's update of the mean and of the sum of squared deviations). NaN marks a missing
    value: ignored by the statistics, kept by the transform. SciPy sparse input is scaled
    without densifying (``with_mean=False``: centring would fill in the zeros).

    Parameters
    ----------
    copy : bool, default=True
        ``False`` scales a float NumPy array (or CSR matrix) in place when no conversion
        is needed.
    with_mean : bool, default=True
        Subtract the mean (an error for sparse input).
    with_std : bool, default=True
        Divide by the standard deviation.

    Attributes
    ----------
    mean_ : ndarray of shape (n_features,) or None
        Per-feature (weighted) mean, float64; ``None`` when neither centring nor scaling.
    var_ : ndarray of shape (n_features,) or None
        Per-feature (weighted) variance, float64; ``None`` when ``with_std=False``.
    scale_ : ndarray of shape (n_features,) or None
        Per-feature divisor (``sqrt(var_)``, or 1 for constant features).
    n_samples_seen_ : int, float or ndarray of shape (n_features,)
        Samples seen (the sum of their weights with ``sample_weight``), NaN excluded; an
        array only when the features' counts differ.
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

    def _reset(self) -> None:
        for name in ("mean_", "var_", "scale_", "n_samples_seen_"):
            self.__dict__.pop(name, None)

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> StandardScaler:
        """Compute the mean and standard deviation of each feature.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            NaN values are ignored.
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : StandardScaler
        """
        self._reset()
        return self.partial_fit(X, y, sample_weight)

    def partial_fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> StandardScaler:
        """Update the mean and standard deviation with one more batch of samples.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            NaN values are ignored.
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : StandardScaler
        """
        self._validate_params()
        first_call = not hasattr(self, "n_samples_seen_")
        X = validate_floating(self, X, reset=first_call, dtypes=_FLOATS,
                              accept_sparse=("csr", "csc"), ensure_all_finite="allow-nan")
        if issparse(X) and self.with_mean:
            raise ValueError(_SPARSE_CENTRING)
        weighted = sample_weight is not None
        sw = check_sample_weight(sample_weight, X)
        n_features = X.shape[1]
        last_count = np.zeros(n_features) if first_call else np.broadcast_to(
            np.asarray(self.n_samples_seen_, dtype=np.float64), (n_features,))
        last_mean, last_var = np.zeros(n_features), np.zeros(n_features)
        if not first_call and getattr(self, "mean_", None) is not None:
            last_mean = self.mean_
        if not first_call and getattr(self, "var_", None) is not None:
            last_var = self.var_
        new_count, unit, mean, var = _column_stats(X, sw, last_mean, last_var, last_count)
        # scikit-learn's types: an integer count only when no statistic is computed from
        # unweighted samples (else the float64 count of its incremental formulas).
        counted = self.with_std or (self.with_mean and not issparse(X))
        seen = new_count if weighted or counted else np.rint(new_count).astype(np.int64)
        self.n_samples_seen_ = seen[0] if seen.size and np.ptp(seen) == 0 else seen
        if not (self.with_mean or self.with_std):
            self.mean_ = self.var_ = self.scale_ = None
            return self
        self.mean_ = mean * unit
        if not self.with_std:
            self.var_ = self.scale_ = None
            return self
        with np.errstate(over="ignore"):
            self.var_ = var * unit * unit  # infinite only if the variance exceeds float64
        # A feature is constant when its variance is within round-off of 0 (scikit-learn's
        # test, scale-free, so made on the divided statistics).
        eps = np.finfo(np.float64).eps
        constant = var <= new_count * eps * var + (new_count * mean * eps) ** 2
        scale = np.sqrt(var) * unit  # finite even when var_ overflows
        scale[constant | np.isnan(scale)] = 1.0
        self.scale_ = scale
        return self

    def _validate_transform_input(self, X: Any, copy: bool | None) -> Any:
        check_is_fitted(self)
        copy = self.copy if copy is None else copy
        X = validate_floating(self, X, reset=False, dtypes=_FLOATS, accept_sparse="csr",
                              ensure_all_finite="allow-nan", copy=copy)
        if issparse(X) and self.with_mean:
            raise ValueError(_SPARSE_CENTRING)
        if not issparse(X) and not X.flags.writeable:
            X = X.copy()
        return X

    def transform(self, X: Any, copy: bool | None = None) -> Any:
        """Standardise ``X`` with the statistics learnt in ``fit``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            NaN values stay NaN.
        copy : bool, default=None
            Copy ``X`` (``None``: the ``copy`` parameter); ``False`` works in place when
            ``X`` is already a float array (CSC input is converted to CSR).

        Returns
        -------
        {ndarray, sparse matrix} of shape (n_samples, n_features)
        """
        X = self._validate_transform_input(X, copy)
        if issparse(X):
            if self.scale_ is not None:  # scaling keeps the zeros: only stored values change
                X.data /= self.scale_[X.indices]
            return X
        if self.with_mean:
            X -= self.mean_  # in float64, rounded once into the data's dtype
        if self.with_std:
            X /= self.scale_
        return X

    def inverse_transform(self, X: Any, copy: bool | None = None) -> Any:
        """Map standardised data back to the original units.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        copy : bool, default=None
            Copy ``X`` (``None``: the ``copy`` parameter).

        Returns
        -------
        {ndarray, sparse matrix} of shape (n_samples, n_features)
        """
        X = self._validate_transform_input(X, copy)
        if issparse(X):
            if self.scale_ is not None:
                X.data *= self.scale_[X.indices]
            return X
        if self.with_std:
            X *= self.scale_
        if self.with_mean:
            X += self.mean_
        return X

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The input feature names: scaling maps each feature to one output column.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Names of the input features (``feature_names_in_``, else ``x0, x1, ...``).

        Returns
        -------
        ndarray of str objects
        """
        check_is_fitted(self)
        return np.asarray(_input_feature_names(self, input_features), dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        tags.input_tags.sparse = not self.with_mean
        tags.input_tags.allow_nan = True
        return tags



def _column_stats(X: Any, sw: np.ndarray, last_mean: np.ndarray, last_var: np.ndarray,
                  last_count: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Counted weight, mean and variance of each column over the previous batches and ``X``
    (NaN ignored), in float64; the mean and variance are returned divided by ``unit`` and
    ``unit**2``.

    ``unit`` is, per column, the power of two at or just above the largest magnitude seen
    (so the division is exact): squares of the divided values cannot overflow even for
    data near the float64 limit. The batch's sum of squared deviations is two-pass, with
    the correction term that cancels the round-off of its mean; batches are merged with
    Chan, Golub and LeVeque's update.
    """
    if issparse(X):
        csc = X.tocsc()
        n_features = csc.shape[1]
        cols = np.repeat(np.arange(n_features), np.diff(csc.indptr))
        values, w = csc.data.astype(np.float64), sw[csc.indices]
        nan = np.isnan(values)
        values[nan], w = 0.0, np.where(nan, 0.0, w)
        max_abs = np.zeros(n_features)
        np.maximum.at(max_abs, cols, np.abs(values))
        unit = _power_of_two_at_least(max_abs, last_mean, last_var)
        values /= unit[cols]
        count = sw.sum() - np.bincount(cols, weights=np.where(nan, sw[csc.indices], 0.0),
                                       minlength=n_features)
        total = np.bincount(cols, weights=w * values, minlength=n_features)
        mean = np.divide(total, count, out=np.zeros(n_features), where=count > 0)
        dev = values - mean[cols]
        # Weight of the implicit zeros: exactly 0 for a column that stores every row (the
        # difference of the two sums would leave round-off that breaks constant detection).
        implicit = X.shape[0] - np.diff(csc.indptr)
        zeros = np.where(implicit > 0, np.maximum(
            sw.sum() - np.bincount(cols, weights=sw[csc.indices], minlength=n_features), 0.0),
            0.0)
        correction = np.bincount(cols, weights=w * dev, minlength=n_features) - zeros * mean
        sq_dev = np.bincount(cols, weights=w * dev**2, minlength=n_features) + zeros * mean**2
    else:
        X64 = np.asarray(X, dtype=np.float64)
        nan = np.isnan(X64)
        values = np.where(nan, 0.0, X64)
        unit = _power_of_two_at_least(np.max(np.abs(values), axis=0, initial=0.0),
                                      last_mean, last_var)
        values /= unit
        w = np.where(nan, 0.0, sw[:, None])
        count = w.sum(axis=0)
        mean = np.divide((w * values).sum(axis=0), count, out=np.zeros(X.shape[1]),
                         where=count > 0)
        dev = np.where(nan, 0.0, values - mean)
        correction = (w * dev).sum(axis=0)
        sq_dev = (w * dev**2).sum(axis=0)
    sq_dev = np.maximum(sq_dev - np.divide(correction**2, count, out=np.zeros_like(count),
                                           where=count > 0), 0.0)
    # Merge with the previous batches: M = M_a + M_b + n_a n_b / n (mean_a - mean_b)^2.
    new_count = last_count + count
    seen = new_count > 0
    frac_last = np.divide(last_count, new_count, out=np.zeros_like(count), where=seen)
    frac_new = 1.0 - frac_last
    prev_mean, prev_var = last_mean / unit, last_var / unit / unit
    merged_mean = frac_last * prev_mean + frac_new * mean
    merged_var = (frac_last * prev_var + np.divide(sq_dev, new_count, out=np.zeros_like(count),
                                                  where=seen)
                  + frac_last * frac_new * (prev_mean - mean) ** 2)
    merged_mean[~seen] = merged_var[~seen] = np.nan
    return new_count, unit, merged_mean, merged_var


def _power_of_two_at_least(max_abs: np.ndarray, last_mean: np.ndarray,
                           last_var: np.ndarray) -> np.ndarray:
    """Per column, the power of two at or above the magnitudes of the data and of the
    previous statistics (1 for an all-zero column)."""
    with np.errstate(invalid="ignore"):
        size = np.fmax(np.fmax(max_abs, np.abs(last_mean)), np.sqrt(last_var))
    _, exponent = np.frexp(size)
    return np.where(size > 0, np.ldexp(1.0, exponent), 1.0)
