"""Regression metrics: mean squared / absolute error and the coefficient of determination."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..exceptions import UndefinedMetricWarning
from ..utils import StrOptions, validate_params
from ._validation import _check_reg_targets

_MULTIOUTPUT = [StrOptions({"raw_values", "uniform_average"}), "array-like"]


def _validated_targets(caller: str, y_true: Any, y_pred: Any, sample_weight: Any,
                       multioutput: Any) -> tuple:
    """Check the keyword arguments of an error metric, then the targets (2-d, float)."""
    validate_params({"sample_weight": ["array-like", None], "multioutput": _MULTIOUTPUT},
                    {"sample_weight": sample_weight, "multioutput": multioutput}, caller)
    return _check_reg_targets(y_true, y_pred, sample_weight, multioutput)


def _combine_outputs(errors: np.ndarray, multioutput: Any) -> float | np.ndarray:
    """Per-output values as they are ("raw_values") or averaged (uniformly or weighted)."""
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return errors
        multioutput = None
    return float(np.average(errors, weights=multioutput))


def mean_squared_error(
    y_true: Any, y_pred: Any, *, sample_weight: Any = None, multioutput: Any = "uniform_average"
) -> float | np.ndarray:
    """Mean squared error ``mean((y_true - y_pred)^2)``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Ground-truth targets.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Predicted targets.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,), \
            default="uniform_average"
        Return the error of each output, or their uniform or weighted mean.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        The mean squared error.

    Examples
    --------
    >>> from syllabus.metrics import mean_squared_error
    >>> mean_squared_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.375
    """
    y_true, y_pred, sample_weight, multioutput = _validated_targets(
        "mean_squared_error", y_true, y_pred, sample_weight, multioutput
    )
    errors = np.average((y_true - y_pred) ** 2, axis=0, weights=sample_weight)
    return _combine_outputs(errors, multioutput)


def root_mean_squared_error(
    y_true: Any, y_pred: Any, *, sample_weight: Any = None, multioutput: Any = "uniform_average"
) -> float | np.ndarray:
    """Root mean squared error ``sqrt(mean((y_true - y_pred)^2))``, per output.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Ground-truth targets.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Predicted targets.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,), \
            default="uniform_average"
        Return the error of each output, or their uniform or weighted mean (of the roots).

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        The root mean squared error.

    Examples
    --------
    >>> from syllabus.metrics import root_mean_squared_error
    >>> round(root_mean_squared_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]), 4)
    0.6124
    """
    y_true, y_pred, sample_weight, multioutput = _validated_targets(
        "root_mean_squared_error", y_true, y_pred, sample_weight, multioutput
    )
    errors = np.sqrt(np.average((y_true - y_pred) ** 2, axis=0, weights=sample_weight))
    return _combine_outputs(errors, multioutput)


def mean_absolute_error(
    y_true: Any, y_pred: Any, *, sample_weight: Any = None, multioutput: Any = "uniform_average"
) -> float | np.ndarray:
    """Mean absolute error ``mean(|y_true - y_pred|)``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Ground-truth targets.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Predicted targets.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,), \
            default="uniform_average"
        Return the error of each output, or their uniform or weighted mean.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        The mean absolute error.

    Examples
    --------
    >>> from syllabus.metrics import mean_absolute_error
    >>> mean_absolute_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.5
    """
    y_true, y_pred, sample_weight, multioutput = _validated_targets(
        "mean_absolute_error", y_true, y_pred, sample_weight, multioutput
    )
    errors = np.average(np.abs(y_pred - y_true), axis=0, weights=sample_weight)
    return _combine_outputs(errors, multioutput)


def r2_score(
    y_true: Any,
    y_pred: Any,
    *,
    sample_weight: Any = None,
    multioutput: Any = "uniform_average",
    force_finite: bool = True,
) -> float | np.ndarray:
    """Coefficient of determination :math:`R^2 = 1 - SS_{res} / SS_{tot}`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Ground-truth targets.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Predicted targets.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    multioutput : {"raw_values", "uniform_average", "variance_weighted"} or array-like \
            of shape (n_outputs,), default="uniform_average"
        How to combine the scores of several outputs ("variance_weighted" weighs each by
        the variance of its ``y_true``).
    force_finite : bool, default=True
        For a constant ``y_true``, return 1.0 (perfect prediction) or 0.0 instead of the
        NaN or -inf of the formula.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        The R^2 score: 1 is perfect, 0 is the constant mean predictor, it can be negative.

    Examples
    --------
    >>> from syllabus.metrics import r2_score
    >>> round(r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]), 4)
    0.9486
    """
    validate_params(
        {"sample_weight": ["array-like", None],
         "multioutput": [StrOptions({"raw_values", "uniform_average", "variance_weighted"}),
                         "array-like", None],
         "force_finite": ["boolean"]},
        {"sample_weight": sample_weight, "multioutput": multioutput,
         "force_finite": force_finite},
        "r2_score",
    )
    y_true, y_pred, sample_weight, multioutput = _check_reg_targets(
        y_true, y_pred, sample_weight, multioutput
    )
    if y_pred.shape[0] < 2:
        warnings.warn(UndefinedMetricWarning(
            "R^2 score is not well-defined with less than two samples."), stacklevel=2)
        return float("nan")
    weight = 1.0 if sample_weight is None else sample_weight[:, None]
    residual = np.sum(weight * (y_true - y_pred) ** 2, axis=0)
    mean = np.average(y_true, axis=0, weights=sample_weight)
    total = np.sum(weight * (y_true - mean) ** 2, axis=0)
    nonzero_total = total != 0
    if force_finite:
        nonzero_residual = residual != 0
        scores = np.ones(y_true.shape[1])
        valid = nonzero_total & nonzero_residual
        scores[valid] = 1 - residual[valid] / total[valid]
        scores[nonzero_residual & ~nonzero_total] = 0.0
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = 1 - residual / total
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return scores
        weights = total if multioutput == "variance_weighted" and nonzero_total.any() else None
    else:
        weights = multioutput
    with np.errstate(invalid="ignore"):  # 0 weight x inf score of a constant output is NaN
        return float(np.average(scores, weights=weights))
