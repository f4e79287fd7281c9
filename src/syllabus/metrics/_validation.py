"""Input checks shared by every metric."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..utils import check_consistent_length, column_or_1d, type_of_target


def _check_finite(array: np.ndarray, input_name: str) -> None:
    if array.dtype.kind in "fc" and not np.isfinite(array).all():
        what = "NaN" if np.isnan(array).any() else "infinity"
        raise ValueError(f"Input {input_name} contains {what}.")
    if array.dtype.kind == "O" and any(
        v is None or (isinstance(v, float) and np.isnan(v)) for v in array.ravel()
    ):
        raise ValueError(f"Input {input_name} contains NaN or None.")


def _check_sample_weight(sample_weight: Any, n_samples: int) -> np.ndarray | None:
    """Sample weights as a finite 1-D float array of length ``n_samples`` (None stays None)."""
    if sample_weight is None:
        return None
    sw = column_or_1d(np.asarray(sample_weight, dtype=np.float64), input_name="sample_weight")
    if sw.shape[0] != n_samples:
        raise ValueError(
            f"Found input variables with inconsistent numbers of samples: "
            f"[{n_samples}, {n_samples}, {sw.shape[0]}]"
        )
    _check_finite(sw, "sample_weight")
    return sw


def _check_targets(y_true: Any, y_pred: Any) -> tuple[str, np.ndarray, np.ndarray]:
    """Validate a pair of classification targets: both 1-D label vectors of one kind.

    Returns the target type ('binary' or 'multiclass') and the two arrays.
    """
    check_consistent_length(y_true, y_pred)
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    type_true = type_of_target(y_true, input_name="y_true")
    type_pred = type_of_target(y_pred, input_name="y_pred")
    kinds = {type_true, type_pred}
    if kinds == {"binary", "multiclass"}:
        kinds = {"multiclass"}
    if len(kinds) > 1:
        raise ValueError(
            f"Classification metrics can't handle a mix of {type_true} and {type_pred} targets"
        )
    y_type = kinds.pop()
    if y_type not in ("binary", "multiclass"):
        raise ValueError(f"{y_type} is not supported")
    y_true = column_or_1d(y_true, input_name="y_true")
    y_pred = column_or_1d(y_pred, input_name="y_pred")
    _check_finite(y_true, "y_true")
    _check_finite(y_pred, "y_pred")
    if y_type == "binary":
        try:
            labels = np.union1d(y_true, y_pred)
        except TypeError as exc:
            raise TypeError(
                "Labels in y_true and y_pred should be of the same type. Got "
                f"y_true={np.unique(y_true)} and y_pred={np.unique(y_pred)}. Make sure that "
                "the predictions provided by the classifier coincides with the true labels."
            ) from exc
        if len(labels) > 2:
            y_type = "multiclass"
    return y_type, y_true, y_pred


def _check_reg_targets(
    y_true: Any, y_pred: Any, multioutput: Any
) -> tuple[np.ndarray, np.ndarray, Any]:
    """Validate regression targets: float arrays of shape (n_samples, n_outputs)."""
    check_consistent_length(y_true, y_pred)
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    if y_true.ndim == 1:
        y_true = y_true.reshape(-1, 1)
    if y_pred.ndim == 1:
        y_pred = y_pred.reshape(-1, 1)
    if y_true.ndim != 2 or y_pred.ndim != 2:
        raise ValueError("y_true and y_pred must be 1-D or 2-D arrays.")
    if y_true.shape[1] != y_pred.shape[1]:
        raise ValueError(
            f"y_true and y_pred have different number of output "
            f"({y_true.shape[1]}!={y_pred.shape[1]})"
        )
    _check_finite(y_true, "y_true")
    _check_finite(y_pred, "y_pred")
    n_outputs = y_true.shape[1]
    if isinstance(multioutput, str):
        if multioutput not in ("raw_values", "uniform_average", "variance_weighted"):
            raise ValueError(
                "Allowed 'multioutput' string values are ('raw_values', 'uniform_average', "
                f"'variance_weighted'). You provided multioutput={multioutput!r}"
            )
    elif multioutput is not None:
        multioutput = np.asarray(multioutput, dtype=np.float64)
        if n_outputs == 1:
            raise ValueError("Custom weights are useful only in multi-output cases.")
        if multioutput.shape != (n_outputs,):
            raise ValueError(
                f"There must be equally many custom weights ({multioutput.shape[0]}) "
                f"as outputs ({n_outputs})."
            )
    return y_true, y_pred, multioutput
