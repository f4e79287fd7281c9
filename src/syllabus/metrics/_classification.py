"""Classification metrics: accuracy, precision / recall / F, confusion matrix, losses."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import _check_sample_weight, _check_targets


def _weighted_mean(values: np.ndarray, sample_weight: np.ndarray | None) -> float:
    if sample_weight is None:
        return float(np.mean(values))
    return float(np.average(values, weights=sample_weight))


def accuracy_score(
    y_true: Any, y_pred: Any, *, normalize: bool = True, sample_weight: Any = None
) -> float:
    """Fraction (or number) of correctly classified samples.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Ground-truth labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    normalize : bool, default=True
        Return the fraction of correct predictions; if False, their (weighted) number.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.

    Returns
    -------
    float
        The accuracy.

    Examples
    --------
    >>> from syllabus.metrics import accuracy_score
    >>> accuracy_score([0, 1, 2, 3], [0, 2, 1, 3])
    0.5
    """
    _, y_true, y_pred = _check_targets(y_true, y_pred)
    sample_weight = _check_sample_weight(sample_weight, len(y_true))
    correct = y_true == y_pred
    if normalize:
        return _weighted_mean(correct, sample_weight)
    if sample_weight is None:
        return float(np.sum(correct))
    return float(np.dot(correct, sample_weight))
