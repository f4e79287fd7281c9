"""Regression metrics: mean squared / absolute error and the coefficient of determination."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import _check_reg_targets, _check_sample_weight


def _average_outputs(values: np.ndarray, multioutput: Any) -> float | np.ndarray:
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return values
        return float(np.mean(values))
    return float(np.average(values, weights=multioutput))


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
        How to combine the scores of several outputs.
    force_finite : bool, default=True
        Replace the NaN / -inf of a constant ``y_true`` by 1.0 (perfect prediction) or 0.0.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        The R^2 score (1 is perfect, 0 is the constant mean predictor, it can be negative).

    Examples
    --------
    >>> from syllabus.metrics import r2_score
    >>> round(r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]), 4)
    0.9486
    """
    y_true, y_pred, multioutput = _check_reg_targets(y_true, y_pred, multioutput)
    if len(y_true) < 2:
        import warnings

        warnings.warn(
            "R^2 score is not well-defined with less than two samples.", UserWarning, stacklevel=2
        )
        return float("nan")
    sample_weight = _check_sample_weight(sample_weight, len(y_true))
    weight = np.ones((len(y_true), 1)) if sample_weight is None else sample_weight[:, None]
    residual = np.sum(weight * (y_true - y_pred) ** 2, axis=0)
    mean = np.sum(weight * y_true, axis=0) / np.sum(weight)
    total = np.sum(weight * (y_true - mean) ** 2, axis=0)
    nonzero_total = total != 0
    nonzero_residual = residual != 0
    valid = nonzero_total & nonzero_residual
    scores = np.ones(y_true.shape[1])
    scores[valid] = 1.0 - residual[valid] / total[valid]
    if force_finite:
        scores[nonzero_residual & ~nonzero_total] = 0.0
    else:
        scores[nonzero_residual & ~nonzero_total] = -np.inf
        scores[~nonzero_residual & ~nonzero_total] = np.nan
    if isinstance(multioutput, str) and multioutput == "variance_weighted":
        if not np.any(nonzero_total):
            if not np.any(nonzero_residual):
                return 1.0 if force_finite else float("nan")
            return 0.0 if force_finite else float("-inf")
        return float(np.average(scores, weights=total))
    return _average_outputs(scores, multioutput)
