"""Input checks shared by every metric, with scikit-learn's messages."""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from ..utils import Options, check_array, check_consistent_length, column_or_1d, type_of_target
from ..utils._sparse import issparse


class _NanOption(Options):
    """The float NaN (``Options`` compares by equality, which NaN never satisfies)."""

    def __init__(self) -> None:
        super().__init__({"nan"})

    def is_satisfied_by(self, value: Any) -> bool:
        return isinstance(value, float) and math.isnan(value)

    def __str__(self) -> str:
        return "numpy.nan"


# Accepted values of ``zero_division`` in every precision / recall / F function.
ZERO_DIVISION_CONSTRAINT = [Options({0.0, 1.0}), _NanOption(), Options({"warn"})]


def _check_finite(array: np.ndarray, input_name: str) -> None:
    if array.dtype.kind in "fc" and not np.isfinite(array).all():
        if np.isnan(array).any():
            raise ValueError(f"Input {input_name} contains NaN.")
        raise ValueError(f"Input {input_name} contains infinity or a value too large for "
                         f"{array.dtype!r}.")
    if array.dtype.kind == "O" and any(
        v is None or (isinstance(v, float) and math.isnan(v)) for v in array.ravel()
    ):
        raise ValueError(f"Input {input_name} contains NaN or None.")


def _check_sample_weight(sample_weight: Any, n_samples: int) -> np.ndarray | None:
    """Sample weights as a finite 1-D array of length ``n_samples`` (None stays None).

    Metrics accept negative weights (as scikit-learn's do) but not all-zero ones. Integer
    weights keep their dtype so that a weighted confusion matrix stays integer.
    """
    if sample_weight is None:
        return None
    if isinstance(sample_weight, numbers.Number):
        sample_weight = np.full(n_samples, sample_weight)
    sw = np.asarray(sample_weight)
    if sw.dtype.kind == "c":
        raise ValueError(f"Complex data not supported\n{sw}\n")
    if sw.dtype.kind not in "fiub":
        sw = sw.astype(np.float64)
    if sw.ndim != 1:
        raise ValueError(
            f"Sample weights must be 1D array or scalar, got {sw.ndim}D array. Expected "
            f"either a scalar value or a 1D array of length {n_samples}."
        )
    if sw.shape[0] != n_samples:
        raise ValueError(f"sample_weight.shape == {sw.shape}, expected ({n_samples},)!")
    _check_finite(sw, "sample_weight")
    if not np.any(sw):
        raise ValueError("Sample weights must contain at least one non-zero number.")
    return sw


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values; a counting pass instead of a sort for small-range integers."""
    if values.dtype.kind in "iu" and values.size:
        low, high = int(values.min()), int(values.max())
        if high - low <= max(1024, values.size):
            counts = np.bincount(np.asarray(values, dtype=np.int64) - low)
            return (np.flatnonzero(counts) + low).astype(values.dtype)
    return np.unique(values)


def _is_string_like(values: np.ndarray) -> bool:
    if values.dtype.kind in "US":
        return True
    if values.dtype.kind == "O":
        return any(isinstance(v, str) for v in values.ravel())
    return False


def _union_labels(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """Sorted labels present in either array; strings and numbers cannot mix."""
    unique_true, unique_pred = _unique(y_true), _unique(y_pred)
    if _is_string_like(unique_true) != _is_string_like(unique_pred):
        raise ValueError(
            "Mix of label input types (string and number); "
            f"Got {unique_true} and {unique_pred}."
        )
    try:
        labels = np.union1d(unique_true, unique_pred)
    except TypeError as exc:
        raise ValueError(f"Mix of label input types (string and number): {exc}") from exc
    # As in scikit-learn, labels keep y_true's dtype (e.g. int for float predictions 0., 1.)
    # unless y_pred brings labels of its own.
    return unique_true if len(labels) == len(unique_true) else labels


def _label_target_type(y: np.ndarray, input_name: str) -> str:
    """scikit-learn's ``type_of_target`` for a label vector, without its sort.

    Only decides between 'continuous' and 'binary'/'multiclass'-compatible label
    vectors ('labels'); the binary/multiclass split is made on the union of labels by the
    caller. Matrices with several columns get :func:`type_of_target`'s answer
    (e.g. 'multilabel-indicator').
    """
    if y.dtype.kind == "S" or (y.dtype.kind == "O" and y.size and isinstance(y.flat[0], bytes)):
        raise TypeError("Support for labels represented as bytes is not supported. Convert the "
                        "labels to a string or integer format.")
    if y.ndim == 2 and y.shape[1] > 1:
        return type_of_target(y, input_name=input_name)
    if y.dtype.kind == "f" and np.any(y != np.floor(y)):
        return "continuous"
    if y.dtype.kind == "O" and y.size and not all(
        isinstance(v, (str, numbers.Number)) for v in y.ravel()
    ):
        return "unknown"
    return "labels"


def _as_label_vector(y: Any, input_name: str) -> np.ndarray:
    if issparse(y):  # a sparse label indicator matrix (multilabel targets)
        y = y.toarray()
    array = np.asarray(y)
    if array.ndim == 0:
        raise ValueError(f"Expected array-like (array or non-string sequence) for {input_name}, "
                         f"got {y!r}.")
    if array.ndim > 2:
        raise ValueError(f"{input_name} must be 1-D or 2-D, got shape {array.shape}.")
    _check_finite(array, input_name)
    return array


def _check_not_empty(y: np.ndarray, input_name: str) -> None:
    if y.ndim == 0 or y.shape[0] < 1:
        raise ValueError(f"Found array with 0 sample(s) (shape={y.shape}) while a minimum of 1 "
                         f"is required ({input_name}).")


def _check_targets(
    y_true: Any, y_pred: Any, sample_weight: Any = None
) -> tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """Validate a pair of classification targets: label vectors or label indicator matrices.

    Returns
    -------
    y_type : {"binary", "multiclass", "multilabel-indicator"}
    labels : ndarray
        Sorted labels present in ``y_true`` or ``y_pred`` (the column indices
        ``0 .. n_labels - 1`` for indicator matrices).
    y_true, y_pred : ndarray of shape (n_samples,) or (n_samples, n_labels)
        Label vectors, or dense indicator matrices (sparse ones are densified).
    sample_weight : ndarray of shape (n_samples,) or None
    """
    y_true = _as_label_vector(y_true, "y_true")
    y_pred = _as_label_vector(y_pred, "y_pred")
    check_consistent_length(y_true, y_pred, sample_weight)
    if y_true.shape[0] < 1 or y_pred.shape[0] < 1:
        raise ValueError(
            "Found empty input array (e.g., `y_true` or `y_pred`) while a minimum of 1 "
            "sample is required."
        )
    sample_weight = _check_sample_weight(sample_weight, y_true.shape[0])
    type_true = _label_target_type(y_true, "y_true")
    type_pred = _label_target_type(y_pred, "y_pred")
    if type_true == type_pred == "multilabel-indicator":
        if y_true.shape[1] != y_pred.shape[1]:
            raise ValueError("Multi-label binary indicator input with different numbers of "
                             f"labels: {y_true.shape[1]} and {y_pred.shape[1]}.")
        return ("multilabel-indicator", np.arange(y_true.shape[1]), y_true, y_pred,
                sample_weight)
    if type_true != "labels" or type_pred != "labels":
        kinds = {type_true, type_pred} - {"labels"}
        if type_true != "labels" and type_pred != "labels" and len(kinds) == 1:
            raise ValueError(f"{kinds.pop()} is not supported")
        shown_true = "binary" if type_true == "labels" else type_true
        shown_pred = "binary" if type_pred == "labels" else type_pred
        raise ValueError(
            "Classification metrics can't handle a mix of "
            f"{shown_true} and {shown_pred} targets"
        )
    y_true = column_or_1d(y_true, input_name="y_true")
    y_pred = column_or_1d(y_pred, input_name="y_pred")
    labels = _union_labels(y_true, y_pred)
    y_type = "binary" if len(labels) <= 2 else "multiclass"
    return y_type, labels, y_true, y_pred, sample_weight


def _count_nonzero(X: np.ndarray, axis: int | None,
                   sample_weight: np.ndarray | None) -> np.ndarray:
    """(Weighted) number of non-zero entries of a 2-D array, per column, per row or in all.

    Counts are integers without weights; with weights, per-column and total counts are
    float64 sums and per-row counts take the weights' dtype (as scikit-learn's).
    """
    nonzero = X != 0
    if sample_weight is None:
        return np.count_nonzero(nonzero, axis=axis)
    per_row = np.count_nonzero(nonzero, axis=1)
    if axis == 1:
        return per_row * sample_weight
    if axis is None:
        return np.dot(per_row, sample_weight)
    # Row-major accumulation, the order of scikit-learn's CSR count, for identical rounding.
    rows, columns = np.nonzero(nonzero)
    return np.bincount(columns, weights=sample_weight[rows], minlength=X.shape[1])


def _encode(values: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Index of each value in ``labels`` (any order); ``len(labels)`` for unknown values."""
    n_labels = len(labels)
    if values.size == 0 or n_labels == 0:
        return np.full(values.shape, n_labels, dtype=np.intp)
    if values.dtype.kind in "iub" and labels.dtype.kind in "iub":
        low = min(int(labels.min()), 0)
        high = int(labels.max())
        if high - low <= max(1024, values.size):
            # Lookup table: one gather instead of a binary search per value.
            table = np.full(high - low + 2, n_labels, dtype=np.intp)
            table[np.asarray(labels, dtype=np.int64) - low] = np.arange(n_labels)
            shifted = np.asarray(values, dtype=np.int64) - low
            shifted[(shifted < 0) | (shifted > high - low)] = high - low + 1
            return table[shifted]
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    position = np.searchsorted(sorted_labels, values)
    position = np.minimum(position, n_labels - 1)
    found = sorted_labels[position] == values
    return np.where(found, order[position], n_labels)


def _check_pos_label_consistency(pos_label: Any, y_true: np.ndarray) -> Any:
    """``pos_label`` defaults to 1 only when ``y_true`` is in {0, 1} or {-1, 1}."""
    if pos_label is None:
        classes = _unique(y_true)
        if (
            _is_string_like(classes)
            or classes.shape[0] > 2
            or not any(
                classes.shape[0] == len(ok) and np.all(classes == np.asarray(ok))
                for ok in ([0, 1], [-1, 1], [0], [-1], [1])
            )
        ):
            classes_repr = ", ".join(repr(c) for c in classes.tolist())
            raise ValueError(
                f"y_true takes value in {{{classes_repr}}} and pos_label is not specified: "
                "either make y_true take value in {0, 1} or {-1, 1} or pass pos_label "
                "explicitly."
            )
        pos_label = 1
    return pos_label


def _check_reg_targets(
    y_true: Any, y_pred: Any, sample_weight: Any, multioutput: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, Any]:
    """Validate regression targets: finite float arrays of shape (n_samples, n_outputs)."""
    check_consistent_length(y_true, y_pred, sample_weight)
    y_true = check_array(y_true, ensure_2d=False, input_name="y_true")
    y_pred = check_array(y_pred, ensure_2d=False, input_name="y_pred")
    if y_true.ndim == 1:
        y_true = y_true.reshape(-1, 1)
    if y_pred.ndim == 1:
        y_pred = y_pred.reshape(-1, 1)
    if y_true.ndim != 2 or y_pred.ndim != 2:
        raise ValueError("y_true and y_pred must be 1-D or 2-D arrays.")
    if y_true.shape[1] != y_pred.shape[1]:
        raise ValueError(
            "y_true and y_pred have different number of output "
            f"({y_true.shape[1]}!={y_pred.shape[1]})"
        )
    if sample_weight is not None:
        sample_weight = _check_sample_weight(sample_weight, y_true.shape[0]).astype(np.float64)
    n_outputs = y_true.shape[1]
    allowed = ("raw_values", "uniform_average", "variance_weighted")
    if isinstance(multioutput, str):
        if multioutput not in allowed:
            raise ValueError(
                f"Allowed 'multioutput' string values are {allowed}. "
                f"You provided multioutput={multioutput!r}"
            )
    elif multioutput is not None:
        multioutput = check_array(multioutput, ensure_2d=False, input_name="multioutput")
        if n_outputs == 1:
            raise ValueError("Custom weights are useful only in multi-output cases.")
        if multioutput.shape != (n_outputs,):
            raise ValueError(
                f"There must be equally many custom weights ({multioutput.shape[0]}) "
                f"as outputs ({n_outputs})."
            )
    return y_true, y_pred, sample_weight, multioutput
