"""Class weights as scikit-learn's ``compute_class_weight`` (shared by svm and linear_model)."""

from __future__ import annotations

from typing import Any

import numpy as np


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
