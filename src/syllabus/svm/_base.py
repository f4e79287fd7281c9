"""Helpers shared by the SVM estimators: class weights, one-vs-one aggregation, warnings."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..exceptions import ConvergenceWarning  # noqa: F401  (re-exported by syllabus.svm)


def class_weights(class_weight: Any, classes: np.ndarray, y_idx: np.ndarray,
                  sample_weight: np.ndarray | None = None) -> np.ndarray:
    """Weight of each class as scikit-learn's ``compute_class_weight``.

    ``None`` gives ones; ``"balanced"`` gives ``n_samples / (n_classes * count_k)`` (counts
    and total weighted by ``sample_weight`` when given); a dict maps labels to weights
    (labels not in it weigh 1, labels it names must exist).
    """
    n_classes = len(classes)
    if class_weight is None or (isinstance(class_weight, dict) and not class_weight):
        return np.ones(n_classes)
    if isinstance(class_weight, str):  # "balanced" (checked by the parameter constraints)
        counts = np.bincount(y_idx, weights=sample_weight, minlength=n_classes)
        total = len(y_idx) if sample_weight is None else float(np.sum(sample_weight))
        return total / (n_classes * counts.astype(np.float64))
    weights = np.ones(n_classes)
    unknown = [label for label in class_weight if label not in set(classes.tolist())]
    if unknown:
        raise ValueError(
            f"The classes, {unknown}, are not in class_weight; known classes are "
            f"{classes.tolist()}."
        )
    for k, label in enumerate(classes.tolist()):
        if label in class_weight:
            weights[k] = float(class_weight[label])
    return weights


def ovr_decision_function(predictions: np.ndarray, confidences: np.ndarray,
                          n_classes: int) -> np.ndarray:
    """One-vs-rest scores from the ``n_classes (n_classes - 1) / 2`` one-vs-one classifiers.

    As scikit-learn's ``_ovr_decision_function``: each class gets its number of votes plus
    its summed confidence squashed into (-1/3, 1/3) by ``x / (3 (|x| + 1))``, which breaks
    ties between equal vote counts without ever overturning a one-vote difference.

    Parameters
    ----------
    predictions : ndarray of shape (n_samples, n_pairs)
        1 where the pair (i, j) voted for j, 0 where it voted for i.
    confidences : ndarray of shape (n_samples, n_pairs)
        Confidence in j against i (positive means j).
    n_classes : int

    Returns
    -------
    ndarray of shape (n_samples, n_classes)
    """
    n_samples = predictions.shape[0]
    votes = np.zeros((n_samples, n_classes))
    confidence_sum = np.zeros((n_samples, n_classes))
    k = 0
    for i in range(n_classes):
        for j in range(i + 1, n_classes):
            confidence_sum[:, i] -= confidences[:, k]
            confidence_sum[:, j] += confidences[:, k]
            votes[predictions[:, k] == 0, i] += 1
            votes[predictions[:, k] == 1, j] += 1
            k += 1
    return votes + confidence_sum / (3 * (np.abs(confidence_sum) + 1))
