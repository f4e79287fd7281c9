"""Helpers shared by the SVM estimators: class weights, one-vs-one aggregation, warnings."""

from __future__ import annotations

import numpy as np

from ..exceptions import ConvergenceWarning  # noqa: F401  (re-exported by syllabus.svm)
from ..utils._class_weight import class_weights  # noqa: F401  (used by the svm estimators)


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
