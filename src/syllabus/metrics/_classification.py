"""Classification metrics: accuracy, precision / recall / F, confusion matrix, losses.

Every count is a weighted ``np.bincount`` over label indices, so each metric costs a few
passes over the samples whatever the number of classes.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..exceptions import UndefinedMetricWarning
from ..utils import (
    Interval,
    Options,
    StrOptions,
    check_array,
    check_consistent_length,
    column_or_1d,
    validate_params,
)
from ..utils._sparse import issparse
from ._validation import (
    ZERO_DIVISION_CONSTRAINT,
    _check_finite,
    _check_sample_weight,
    _check_targets,
    _count_nonzero,
    _encode,
    _label_target_type,
    _unique,
)

_AVERAGES = [StrOptions({"micro", "macro", "samples", "weighted", "binary"}), None]
_LABEL = [Real, str, "boolean", None]


# --------------------------------------------------------------------------- accuracy


def _weighted_sum_or_mean(values: np.ndarray, sample_weight: np.ndarray | None,
                          normalize: bool) -> float:
    if sample_weight is None:
        return float(np.mean(values) if normalize else np.sum(values))
    if normalize:
        return float(np.average(values, weights=sample_weight))
    return float(np.dot(values, sample_weight))


def accuracy_score(
    y_true: Any, y_pred: Any, *, normalize: bool = True, sample_weight: Any = None
) -> float:
    """Fraction (or number) of correctly classified samples.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or label indicator matrix
        Ground-truth labels (multilabel: a sample counts as correct only when its whole
        row of labels is right, the subset accuracy).
    y_pred : array-like of shape (n_samples,) or label indicator matrix
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
    >>> accuracy_score([0, 1, 2, 3], [0, 2, 1, 3], normalize=False)
    2.0
    """
    validate_params({"normalize": ["boolean"]}, {"normalize": normalize}, "accuracy_score")
    y_type, _, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred, sample_weight)
    if y_type == "multilabel-indicator":  # subset accuracy: every label of the row right
        correct = np.count_nonzero(y_true != y_pred, axis=1) == 0
    else:
        correct = y_true == y_pred
    return _weighted_sum_or_mean(correct, sample_weight, normalize)


def zero_one_loss(
    y_true: Any, y_pred: Any, *, normalize: bool = True, sample_weight: Any = None
) -> float:
    """Fraction (or number) of misclassified samples: one minus the accuracy.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or label indicator matrix
        Ground-truth labels (multilabel: a row is misclassified unless entirely right).
    y_pred : array-like of shape (n_samples,) or label indicator matrix
        Predicted labels.
    normalize : bool, default=True
        Return the fraction of misclassifications; if False, their (weighted) number.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.

    Returns
    -------
    float
        The 0-1 loss.

    Examples
    --------
    >>> from syllabus.metrics import zero_one_loss
    >>> zero_one_loss([1, 2, 3, 4], [2, 2, 3, 4])
    0.25
    """
    score = accuracy_score(y_true, y_pred, normalize=normalize, sample_weight=sample_weight)
    if normalize:
        return 1.0 - score
    if sample_weight is not None:
        return float(np.sum(sample_weight)) - score
    return float(len(y_true)) - score


# --------------------------------------------------------------------------- confusion matrix


def confusion_matrix(
    y_true: Any,
    y_pred: Any,
    *,
    labels: Any = None,
    sample_weight: Any = None,
    normalize: str | None = None,
) -> np.ndarray:
    """Confusion matrix ``C`` where ``C[i, j]`` counts samples of class ``i`` predicted ``j``.

    In the binary case ``C.ravel()`` is ``(tn, fp, fn, tp)``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or label indicator matrix
        Ground-truth labels.
    y_pred : array-like of shape (n_samples,) or label indicator matrix
        Predicted labels.
    labels : array-like of shape (n_classes,), default=None
        Labels indexing the matrix (to reorder or select classes); samples whose true or
        predicted label is not listed are ignored. By default, the sorted labels present
        in ``y_true`` or ``y_pred``.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    normalize : {"true", "pred", "all"}, default=None
        Divide by the row sums (true classes), the column sums (predictions) or the total.

    Returns
    -------
    ndarray of shape (n_classes, n_classes)
        Integer counts when unweighted (and with integer weights), floats otherwise.

    Examples
    --------
    >>> from syllabus.metrics import confusion_matrix
    >>> confusion_matrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])
    array([[2, 0, 0],
           [0, 0, 1],
           [1, 0, 2]])
    >>> tn, fp, fn, tp = confusion_matrix([0, 1, 0, 1], [1, 1, 1, 0]).ravel().tolist()
    >>> (tn, fp, fn, tp)
    (0, 2, 1, 1)
    """
    validate_params(
        {"labels": ["array-like", None], "sample_weight": ["array-like", None],
         "normalize": [StrOptions({"true", "pred", "all"}), None]},
        {"labels": labels, "sample_weight": sample_weight, "normalize": normalize},
        "confusion_matrix",
    )
    y_type, present, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred,
                                                                    sample_weight)
    if y_type == "multilabel-indicator":
        raise ValueError(f"{y_type} is not supported")
    if labels is None:
        labels = present
    else:
        labels = np.asarray(labels)
        if labels.size == 0:
            raise ValueError("'labels' should contain at least one label.")
        if len(np.intersect1d(y_true, labels)) == 0:
            raise ValueError("At least one label specified must be in y_true")
    n_labels = len(labels)
    true_index = _encode(y_true, labels)
    pred_index = _encode(y_pred, labels)
    known = (true_index < n_labels) & (pred_index < n_labels)
    if not known.all():
        true_index, pred_index = true_index[known], pred_index[known]
        if sample_weight is not None:
            sample_weight = sample_weight[known]
    cell = true_index * n_labels + pred_index
    if sample_weight is not None and sample_weight.dtype.kind in "iub":
        # Integer weights are summed as int64 integers (exact beyond 2**53, wrapping on
        # overflow like scikit-learn's), not through bincount's float64 accumulator.
        cm = np.zeros(n_labels * n_labels, dtype=np.int64)
        np.add.at(cm, cell, sample_weight.astype(np.int64))
    else:
        cm = np.bincount(cell, weights=sample_weight, minlength=n_labels * n_labels)
    cm = cm.reshape(n_labels, n_labels)
    if normalize is not None:
        with np.errstate(all="ignore"):
            if normalize == "true":
                cm = cm / cm.sum(axis=1, keepdims=True)
            elif normalize == "pred":
                cm = cm / cm.sum(axis=0, keepdims=True)
            else:
                cm = cm / cm.sum()
        cm = np.nan_to_num(cm)
    if cm.shape == (1, 1):
        warnings.warn(
            "A single label was found in 'y_true' and 'y_pred'. For the confusion matrix to "
            "have the correct shape, use the 'labels' parameter to pass all known labels.",
            UserWarning,
            stacklevel=2,
        )
    return cm


def _multilabel_columns(present: np.ndarray, labels: Any) -> np.ndarray | None:
    """Columns of a label indicator matrix to score; None for all of them."""
    if labels is None:
        return None
    labels = np.asarray(labels)
    if labels.shape != present.shape or np.any(labels != present):
        if labels.size and labels.max() > present.max():
            raise ValueError("All labels must be in [0, n labels) for multilabel targets. "
                             f"Got {labels.max()} > {present.max()}")
        if labels.size and labels.min() < 0:
            raise ValueError("All labels must be in [0, n labels) for multilabel targets. "
                             f"Got {labels.min()} < 0")
    return labels.astype(np.intp)


def _label_counts(y_type: str, present: np.ndarray, y_true: np.ndarray, y_pred: np.ndarray,
                  labels: Any, sample_weight: np.ndarray | None,
                  samplewise: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Weighted) true positives, predicted and true counts per label (or per sample).

    Multiclass targets are seen one-vs-rest; indicator matrices are counted column by
    column (``samplewise``: row by row).
    """
    if y_type != "multilabel-indicator":
        if samplewise:
            raise ValueError(
                "Samplewise metrics are not available outside of multilabel classification."
            )
        labels = present if labels is None else np.asarray(labels)
        return _per_label_counts(y_true, y_pred, labels, sample_weight)
    columns = _multilabel_columns(present, labels)
    if columns is not None:
        y_true, y_pred = y_true[:, columns], y_pred[:, columns]
    axis = 1 if samplewise else 0
    both = (y_true != 0) & (y_pred != 0)
    return (_count_nonzero(both, axis, sample_weight), _count_nonzero(y_pred, axis, sample_weight),
            _count_nonzero(y_true, axis, sample_weight))


def multilabel_confusion_matrix(
    y_true: Any,
    y_pred: Any,
    *,
    sample_weight: Any = None,
    labels: Any = None,
    samplewise: bool = False,
) -> np.ndarray:
    """One 2x2 confusion matrix ``[[tn, fp], [fn, tp]]`` per label (or per sample).

    Multiclass labels are binarised one-vs-rest; a label indicator matrix is read
    column by column. With ``samplewise=True`` (indicator matrices only), each sample's
    row of labels gets its own matrix.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or label indicator matrix (n_samples, n_labels)
        Ground-truth labels.
    y_pred : array-like of shape (n_samples,) or label indicator matrix (n_samples, n_labels)
        Predicted labels.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    labels : array-like, default=None
        Labels (column indices for indicator matrices) to score, in this order; by
        default all of them, sorted.
    samplewise : bool, default=False
        One matrix per sample instead of per label (indicator matrices only).

    Returns
    -------
    ndarray of shape (n_outputs, 2, 2)
        ``[[tn, fp], [fn, tp]]`` per label or per sample.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.metrics import multilabel_confusion_matrix
    >>> y_true = np.array([[1, 0, 1], [0, 1, 0]])
    >>> y_pred = np.array([[1, 0, 0], [0, 1, 1]])
    >>> multilabel_confusion_matrix(y_true, y_pred)[2].tolist()
    [[0, 1], [1, 0]]
    """
    validate_params(
        {"sample_weight": ["array-like", None], "labels": ["array-like", None],
         "samplewise": ["boolean"]},
        {"sample_weight": sample_weight, "labels": labels, "samplewise": samplewise},
        "multilabel_confusion_matrix",
    )
    y_type, present, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred,
                                                                    sample_weight)
    tp, pred_sum, true_sum = _label_counts(y_type, present, y_true, y_pred, labels,
                                           sample_weight, samplewise)
    fp, fn = pred_sum - tp, true_sum - tp
    if samplewise:  # over the scored columns only
        n_columns = y_true.shape[1] if labels is None else len(labels)
        total = n_columns if sample_weight is None else sample_weight * n_columns
    else:
        total = y_true.shape[0] if sample_weight is None else np.sum(sample_weight)
    tn = total - tp - fp - fn
    return np.stack([tn, fp, fn, tp]).T.reshape(-1, 2, 2)


# --------------------------------------------------------------------------- precision / recall / F


def _zero_division_value(zero_division: Any) -> float:
    if isinstance(zero_division, str):  # "warn"
        return 0.0
    return float(zero_division)


def _warn_prf(average: Any, modifier: str, msg_start: str, result_size: int) -> None:
    axis0, axis1 = ("label", "sample") if average == "samples" else ("sample", "label")
    where = "due to" if result_size == 1 else f"in {axis1}s with"
    warnings.warn(UndefinedMetricWarning(
        f"{msg_start} ill-defined and being set to 0.0 {where} no {modifier} {axis0}s. "
        "Use `zero_division` parameter to control this behavior."), stacklevel=4)


def _prf_divide(numerator: np.ndarray, denominator: np.ndarray, metric: str, modifier: str,
                average: Any, warn_for: Iterable[str], zero_division: Any) -> np.ndarray:
    """``numerator / denominator`` with ``zero_division`` where the denominator is 0."""
    zero = denominator == 0
    denominator = np.where(zero, 1.0, denominator)
    result = np.asarray(numerator, dtype=np.float64) / denominator
    if not zero.any():
        return result
    result[zero] = _zero_division_value(zero_division)
    if isinstance(zero_division, str) and metric in warn_for:
        _warn_prf(average, modifier, f"{metric.capitalize()} is", result.shape[0])
    return result


def _nanaverage(values: np.ndarray, weights: np.ndarray | None = None) -> float:
    """Average ignoring NaN entries; equal weights when the given ones sum to zero."""
    keep = ~np.isnan(values)
    if not keep.any():
        return float("nan")
    if weights is None or not np.any(weights[keep]):
        return float(np.mean(values[keep]))
    return float(np.average(values[keep], weights=weights[keep]))


def _contains(labels: np.ndarray, value: Any) -> bool:
    try:
        return bool(np.any(labels == value))
    except (TypeError, ValueError):
        return False


def _check_set_wise_labels(y_type: str, present: np.ndarray, average: Any, labels: Any,
                           pos_label: Any) -> Any:
    """The labels to score: ``[pos_label]`` for average='binary', else ``labels``."""
    if average == "binary":
        if y_type != "binary":
            options = [None, "micro", "macro", "weighted"]
            options += ["samples"] if y_type == "multilabel-indicator" else []
            raise ValueError(
                f"Target is {y_type} but average='binary'. Please choose another average "
                f"setting, one of {options}."
            )
        if not _contains(present, pos_label) and len(present) >= 2:
            raise ValueError(
                f"pos_label={pos_label} is not a valid label. It should be one of {present}"
            )
        return [pos_label]
    if pos_label not in (None, 1):
        warnings.warn(
            f"Note that pos_label (set to {pos_label!r}) is ignored when average != 'binary' "
            f"(got {average!r}). You may use labels=[pos_label] to specify a single positive "
            "class.",
            UserWarning,
            stacklevel=3,
        )
    return labels


def _per_label_counts(y_true: np.ndarray, y_pred: np.ndarray, labels: np.ndarray,
                      sample_weight: np.ndarray | None) -> tuple[np.ndarray, ...]:
    """(Weighted) true positives, predicted and true counts of each label."""
    n_labels = len(labels)
    true_index = _encode(y_true, labels)
    pred_index = _encode(y_pred, labels)
    hit = true_index == pred_index
    hit_weight = None if sample_weight is None else sample_weight[hit]
    size = n_labels + 1  # the last bin collects labels that are not scored
    tp_sum = np.bincount(true_index[hit], weights=hit_weight, minlength=size)[:n_labels]
    pred_sum = np.bincount(pred_index, weights=sample_weight, minlength=size)[:n_labels]
    true_sum = np.bincount(true_index, weights=sample_weight, minlength=size)[:n_labels]
    if not tp_sum.any() and not np.any(y_true == y_pred):
        # No correct prediction at all: scikit-learn's counts (and supports) are floats then.
        return tuple(s.astype(np.float64) for s in (tp_sum, pred_sum, true_sum))
    return tp_sum, pred_sum, true_sum


def precision_recall_fscore_support(
    y_true: Any,
    y_pred: Any,
    *,
    beta: float = 1.0,
    labels: Any = None,
    pos_label: Any = 1,
    average: str | None = None,
    warn_for: Iterable[str] = ("precision", "recall", "f-score"),
    sample_weight: Any = None,
    zero_division: Any = "warn",
) -> tuple[Any, Any, Any, Any]:
    """Precision, recall, F-beta score and support of each class, or their average.

    Precision is ``tp / (tp + fp)``, recall ``tp / (tp + fn)`` and the F-beta score
    ``(1 + beta^2) tp / ((1 + beta^2) tp + beta^2 fn + fp)``, the weighted harmonic mean
    of precision and recall. The support is the number of true samples of each class.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or label indicator matrix
        Ground-truth labels.
    y_pred : array-like of shape (n_samples,) or label indicator matrix
        Predicted labels.
    beta : float, default=1.0
        Weight of recall relative to precision in the F score.
    labels : array-like, default=None
        Labels to score (and their order when ``average=None``); by default all labels
        present in ``y_true`` or ``y_pred``, sorted.
    pos_label : int, float, bool or str, default=1
        The positive class when ``average="binary"``; ignored otherwise.
    average : {"binary", "micro", "macro", "samples", "weighted"} or None, default=None
        ``None`` returns the per-class scores; "binary" the scores of ``pos_label``;
        "micro" pools the counts of all classes; "macro" is the unweighted mean of the
        per-class scores and "weighted" their mean weighted by support; "samples"
        (multilabel only) scores each sample's set of labels and averages over samples.
    warn_for : tuple of str, default=("precision", "recall", "f-score")
        Which ill-defined scores raise an :class:`UndefinedMetricWarning`.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        Value of a score whose denominator is zero ("warn" gives 0.0 and a warning).

    Returns
    -------
    precision, recall, fbeta_score : float or ndarray of shape (n_labels,)
    support : None or ndarray of shape (n_labels,)
        ``None`` when averaged.

    Examples
    --------
    >>> from syllabus.metrics import precision_recall_fscore_support
    >>> y_true = ["cat", "dog", "pig", "cat", "dog", "pig"]
    >>> y_pred = ["cat", "pig", "dog", "cat", "cat", "dog"]
    >>> p, r, f, s = precision_recall_fscore_support(y_true, y_pred, average="macro")
    >>> round(p, 3), round(r, 3), round(f, 3)
    (0.222, 0.333, 0.267)
    """
    return _precision_recall_fscore_support(
        y_true, y_pred, beta=beta, labels=labels, pos_label=pos_label, average=average,
        warn_for=warn_for, sample_weight=sample_weight, zero_division=zero_division,
        caller="precision_recall_fscore_support",
    )


def _precision_recall_fscore_support(y_true: Any, y_pred: Any, *, beta: float, labels: Any,
                                     pos_label: Any, average: Any, warn_for: Iterable[str],
                                     sample_weight: Any, zero_division: Any,
                                     caller: str) -> tuple[Any, Any, Any, Any]:
    validate_params(
        {"beta": [Interval(Real, 0.0, None, closed="both")], "labels": ["array-like", None],
         "pos_label": _LABEL, "average": _AVERAGES, "sample_weight": ["array-like", None],
         "zero_division": ZERO_DIVISION_CONSTRAINT},
        {"beta": beta, "labels": labels, "pos_label": pos_label, "average": average,
         "sample_weight": sample_weight, "zero_division": zero_division},
        caller,
    )
    y_type, present, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred, sample_weight)
    labels = _check_set_wise_labels(y_type, present, average, labels, pos_label)
    tp_sum, pred_sum, true_sum = _label_counts(y_type, present, y_true, y_pred, labels,
                                               sample_weight, samplewise=average == "samples")
    if average == "micro":
        tp_sum, pred_sum, true_sum = (np.array([s.sum()]) for s in (tp_sum, pred_sum, true_sum))

    precision = _prf_divide(tp_sum, pred_sum, "precision", "predicted", average, warn_for,
                            zero_division)
    recall = _prf_divide(tp_sum, true_sum, "recall", "true", average, warn_for, zero_division)
    if np.isposinf(beta):
        f_score = recall
    elif beta == 0:
        f_score = precision
    else:
        # F = (1 + b^2) tp / ((1 + b^2) tp + b^2 fn + fp) = (1 + b^2) tp / (b^2 T + P)
        beta2 = beta**2
        f_score = _prf_divide((1 + beta2) * tp_sum.astype(np.float64),
                              beta2 * true_sum.astype(np.float64) + pred_sum,
                              "f-score", "true nor predicted", average, warn_for, zero_division)
    if average is None:
        return precision, recall, f_score, true_sum
    weights = {"weighted": true_sum, "samples": sample_weight}.get(average)
    return _nanaverage(precision, weights), _nanaverage(recall, weights), \
        _nanaverage(f_score, weights), None


def precision_score(y_true: Any, y_pred: Any, *, labels: Any = None, pos_label: Any = 1,
                    average: str | None = "binary", sample_weight: Any = None,
                    zero_division: Any = "warn") -> float | np.ndarray:
    """Precision ``tp / (tp + fp)``: the fraction of predicted positives that are right.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or label indicator matrix
        Ground-truth labels.
    y_pred : array-like of shape (n_samples,) or label indicator matrix
        Predicted labels.
    labels : array-like, default=None
        Labels to score; by default all labels present in ``y_true`` or ``y_pred``, sorted.
    pos_label : int, float, bool or str, default=1
        The positive class when ``average="binary"``.
    average : {"binary", "micro", "macro", "samples", "weighted"} or None, default="binary"
        See :func:`precision_recall_fscore_support`.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        Value returned when the score's denominator is zero ("warn": 0.0 and a warning).

    Returns
    -------
    float or ndarray of shape (n_labels,)
        The precision (per label when ``average=None``).

    Examples
    --------
    >>> from syllabus.metrics import precision_score
    >>> round(precision_score([0, 1, 1, 0, 1], [1, 1, 1, 0, 0]), 4)
    0.6667
    """
    return _precision_recall_fscore_support(
        y_true, y_pred, beta=1.0, labels=labels, pos_label=pos_label, average=average,
        warn_for=("precision",), sample_weight=sample_weight, zero_division=zero_division,
        caller="precision_score",
    )[0]


def recall_score(y_true: Any, y_pred: Any, *, labels: Any = None, pos_label: Any = 1,
                 average: str | None = "binary", sample_weight: Any = None,
                 zero_division: Any = "warn") -> float | np.ndarray:
    """Recall ``tp / (tp + fn)``: the fraction of actual positives that are found.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or label indicator matrix
        Ground-truth labels.
    y_pred : array-like of shape (n_samples,) or label indicator matrix
        Predicted labels.
    labels : array-like, default=None
        Labels to score; by default all labels present in ``y_true`` or ``y_pred``, sorted.
    pos_label : int, float, bool or str, default=1
        The positive class when ``average="binary"``.
    average : {"binary", "micro", "macro", "samples", "weighted"} or None, default="binary"
        See :func:`precision_recall_fscore_support`.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        Value returned when the score's denominator is zero ("warn": 0.0 and a warning).

    Returns
    -------
    float or ndarray of shape (n_labels,)
        The recall (per label when ``average=None``).

    Examples
    --------
    >>> from syllabus.metrics import recall_score
    >>> round(recall_score([0, 1, 1, 0, 1], [1, 1, 1, 0, 0]), 4)
    0.6667
    """
    return _precision_recall_fscore_support(
        y_true, y_pred, beta=1.0, labels=labels, pos_label=pos_label, average=average,
        warn_for=("recall",), sample_weight=sample_weight, zero_division=zero_division,
        caller="recall_score",
    )[1]


def f1_score(y_true: Any, y_pred: Any, *, labels: Any = None, pos_label: Any = 1,
             average: str | None = "binary", sample_weight: Any = None,
             zero_division: Any = "warn") -> float | np.ndarray:
    """F1 score ``2 P R / (P + R)``: the harmonic mean of precision and recall.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or label indicator matrix
        Ground-truth labels.
    y_pred : array-like of shape (n_samples,) or label indicator matrix
        Predicted labels.
    labels : array-like, default=None
        Labels to score; by default all labels present in ``y_true`` or ``y_pred``, sorted.
    pos_label : int, float, bool or str, default=1
        The positive class when ``average="binary"``.
    average : {"binary", "micro", "macro", "samples", "weighted"} or None, default="binary"
        See :func:`precision_recall_fscore_support`.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        Value returned when the score's denominator is zero ("warn": 0.0 and a warning).

    Returns
    -------
    float or ndarray of shape (n_labels,)
        The F1 score (per label when ``average=None``).

    Examples
    --------
    >>> from syllabus.metrics import f1_score
    >>> round(f1_score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], average="macro"), 4)
    0.2667
    """
    return _precision_recall_fscore_support(
        y_true, y_pred, beta=1.0, labels=labels, pos_label=pos_label, average=average,
        warn_for=("f-score",), sample_weight=sample_weight, zero_division=zero_division,
        caller="f1_score",
    )[2]


def fbeta_score(y_true: Any, y_pred: Any, *, beta: float, labels: Any = None, pos_label: Any = 1,
                average: str | None = "binary", sample_weight: Any = None,
                zero_division: Any = "warn") -> float | np.ndarray:
    """F-beta score ``(1 + b^2) P R / (b^2 P + R)``: recall counts ``beta`` times as much as precision.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or label indicator matrix
        Ground-truth labels.
    y_pred : array-like of shape (n_samples,) or label indicator matrix
        Predicted labels.
    beta : float
        Weight of recall relative to precision (``beta=1`` is the F1 score).
    labels : array-like, default=None
        Labels to score; by default all labels present in ``y_true`` or ``y_pred``, sorted.
    pos_label : int, float, bool or str, default=1
        The positive class when ``average="binary"``.
    average : {"binary", "micro", "macro", "samples", "weighted"} or None, default="binary"
        See :func:`precision_recall_fscore_support`.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        Value returned when the score's denominator is zero ("warn": 0.0 and a warning).

    Returns
    -------
    float or ndarray of shape (n_labels,)
        The F-beta score (per label when ``average=None``).

    Examples
    --------
    >>> from syllabus.metrics import fbeta_score
    >>> round(fbeta_score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], average="macro", beta=0.5), 4)
    0.2381
    """
    return _precision_recall_fscore_support(
        y_true, y_pred, beta=beta, labels=labels, pos_label=pos_label, average=average,
        warn_for=("f-score",), sample_weight=sample_weight, zero_division=zero_division,
        caller="fbeta_score",
    )[2]


def classification_report(
    y_true: Any,
    y_pred: Any,
    *,
    labels: Any = None,
    target_names: Any = None,
    sample_weight: Any = None,
    digits: int = 2,
    output_dict: bool = False,
    zero_division: Any = "warn",
) -> str | dict:
    """Text (or dict) report of precision, recall, F1 and support per class and averaged.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or label indicator matrix
        Ground-truth labels.
    y_pred : array-like of shape (n_samples,) or label indicator matrix
        Predicted labels.
    labels : array-like of shape (n_labels,), default=None
        Labels to include in the report.
    target_names : list of str of shape (n_labels,), default=None
        Display names of the labels.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    digits : int, default=2
        Digits of the floats in the text report.
    output_dict : bool, default=False
        Return a dict ``{label: {"precision": .., "recall": .., "f1-score": .., "support": ..}}``
        (plus "accuracy" or "micro avg", "macro avg", "weighted avg", and "samples avg"
        for multilabel targets).
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        Value returned when a score's denominator is zero.

    Returns
    -------
    str or dict
        The report, laid out as scikit-learn's.

    Examples
    --------
    >>> from syllabus.metrics import classification_report
    >>> print(classification_report([0, 1, 2, 2, 2], [0, 0, 2, 2, 1]))
                  precision    recall  f1-score   support
    <BLANKLINE>
               0       0.50      1.00      0.67         1
               1       0.00      0.00      0.00         1
               2       1.00      0.67      0.80         3
    <BLANKLINE>
        accuracy                           0.60         5
       macro avg       0.50      0.56      0.49         5
    weighted avg       0.70      0.60      0.61         5
    <BLANKLINE>
    """
    validate_params(
        {"digits": [Interval(Integral, 0, None, closed="left")], "output_dict": ["boolean"],
         "zero_division": ZERO_DIVISION_CONSTRAINT},
        {"digits": digits, "output_dict": output_dict, "zero_division": zero_division},
        "classification_report",
    )
    y_type, present, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred,
                                                                    sample_weight)
    labels_given = labels is not None
    labels = np.asarray(labels) if labels_given else present
    # The micro average of single-label data is the accuracy, unless labels were dropped.
    multilabel = y_type == "multilabel-indicator"
    micro_is_accuracy = not multilabel and (
        not labels_given or set(labels.tolist()) >= set(present.tolist()))
    if target_names is not None and len(labels) != len(target_names):
        if not labels_given:
            raise ValueError(
                f"Number of classes, {len(labels)}, does not match size of target_names, "
                f"{len(target_names)}. Try specifying the labels parameter"
            )
        warnings.warn(
            f"labels size, {len(labels)}, does not match size of target_names, "
            f"{len(target_names)}",
            UserWarning,
            stacklevel=2,
        )
    if target_names is None:
        target_names = [f"{label}" for label in labels]

    headers = ["precision", "recall", "f1-score", "support"]
    common = {"labels": labels, "sample_weight": sample_weight, "zero_division": zero_division}
    p, r, f1, s = precision_recall_fscore_support(y_true, y_pred, average=None, **common)
    rows = list(zip(target_names, p, r, f1, s))
    report_dict: dict = {}
    if output_dict:
        for name, *scores in rows:
            report_dict[name] = dict(zip(headers, [float(v) for v in scores]))
    else:
        width = max(max(len(name) for name in target_names), len("weighted avg"), digits)
        report = ("{:>{width}s} " + " {:>9}" * len(headers)).format("", *headers, width=width)
        report += "\n\n"
        row_fmt = "{:>{width}s} " + " {:>9.{digits}f}" * 3 + " {:>9}\n"
        for row in rows:
            report += row_fmt.format(*row, width=width, digits=digits)
        report += "\n"

    for average in ("micro", "macro", "weighted") + (("samples",) if multilabel else ()):
        heading = "accuracy" if average == "micro" and micro_is_accuracy else f"{average} avg"
        avg_p, avg_r, avg_f1, _ = precision_recall_fscore_support(
            y_true, y_pred, average=average, **common
        )
        values = [avg_p, avg_r, avg_f1, np.sum(s)]
        if output_dict:
            report_dict[heading] = dict(zip(headers, [float(v) for v in values]))
        elif heading == "accuracy":
            accuracy_fmt = ("{:>{width}s} " + " {:>9.{digits}}" * 2 + " {:>9.{digits}f}"
                            + " {:>9}\n")
            report += accuracy_fmt.format(heading, "", "", *values[2:], width=width,
                                          digits=digits)
        else:
            report += row_fmt.format(heading, *values, width=width, digits=digits)
    if output_dict:
        if "accuracy" in report_dict:
            report_dict["accuracy"] = report_dict["accuracy"]["precision"]
        return report_dict
    return report


def hamming_loss(y_true: Any, y_pred: Any, *, sample_weight: Any = None) -> float:
    """Fraction of wrong labels: of samples (single-label) or of sample-label pairs (multilabel).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or label indicator matrix
        Ground-truth labels.
    y_pred : array-like of shape (n_samples,) or label indicator matrix
        Predicted labels.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.

    Returns
    -------
    float
        The (weighted) fraction of wrong labels.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.metrics import hamming_loss
    >>> hamming_loss([1, 2, 3, 4], [2, 2, 3, 4])
    0.25
    >>> hamming_loss(np.array([[0, 1], [1, 1]]), np.zeros((2, 2)))
    0.75
    """
    validate_params({"sample_weight": ["array-like", None]}, {"sample_weight": sample_weight},
                    "hamming_loss")
    y_type, _, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred, sample_weight)
    if y_type != "multilabel-indicator":
        return _weighted_sum_or_mean(y_true != y_pred, sample_weight, True)
    wrong = _count_nonzero(y_true != y_pred, None, sample_weight)
    total_weight = y_true.shape[0] if sample_weight is None else np.sum(sample_weight)
    return float(wrong / (total_weight * y_true.shape[1]))


def jaccard_score(
    y_true: Any,
    y_pred: Any,
    *,
    labels: Any = None,
    pos_label: Any = 1,
    average: str | None = "binary",
    sample_weight: Any = None,
    zero_division: Any = "warn",
) -> float | np.ndarray:
    """Jaccard index ``tp / (tp + fp + fn)``: intersection over union of true and predicted sets.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or label indicator matrix
        Ground-truth labels.
    y_pred : array-like of shape (n_samples,) or label indicator matrix
        Predicted labels.
    labels : array-like, default=None
        Labels to score; by default all labels present in ``y_true`` or ``y_pred``, sorted.
    pos_label : int, float, bool or str, default=1
        The positive class when ``average="binary"``.
    average : {"binary", "micro", "macro", "samples", "weighted"} or None, default="binary"
        As in :func:`precision_recall_fscore_support`.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    zero_division : {"warn", 0, 1}, default="warn"
        Value of a score whose union is empty ("warn": 0.0 and a warning).

    Returns
    -------
    float or ndarray of shape (n_labels,)
        The Jaccard index (per label when ``average=None``).

    Examples
    --------
    >>> from syllabus.metrics import jaccard_score
    >>> round(jaccard_score([0, 1, 1, 1], [1, 1, 1, 0]), 4)
    0.5
    """
    validate_params(
        {"labels": ["array-like", None], "pos_label": _LABEL, "average": _AVERAGES,
         "sample_weight": ["array-like", None],
         "zero_division": [Options({0, 1}), StrOptions({"warn"})]},
        {"labels": labels, "pos_label": pos_label, "average": average,
         "sample_weight": sample_weight, "zero_division": zero_division},
        "jaccard_score",
    )
    y_type, present, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred, sample_weight)
    labels = _check_set_wise_labels(y_type, present, average, labels, pos_label)
    tp, pred_sum, true_sum = _label_counts(y_type, present, y_true, y_pred, labels,
                                           sample_weight, samplewise=average == "samples")
    union = pred_sum + true_sum - tp
    if average == "micro":
        tp, union = np.array([np.sum(tp)]), np.array([np.sum(union)])
    jaccard = _prf_divide(tp, union, "jaccard", "true or predicted", average, ("jaccard",),
                          zero_division)
    if average is None:
        return jaccard
    weights = None
    if average == "weighted" and np.any(true_sum):
        weights = true_sum
    elif average == "samples":
        weights = sample_weight
    return float(np.average(jaccard, weights=weights))


# --------------------------------------------------------------------------- losses


def _validate_probabilistic_targets(y_true: Any, y_proba: np.ndarray, labels: Any,
                                    ) -> tuple[np.ndarray, np.ndarray]:
    """Class index of each ``y_true`` and ``y_proba`` of shape (n_samples, n_classes)."""
    y_true = np.asarray(y_true)
    _check_finite(y_true, "y_true")
    if y_true.ndim == 2 and y_true.shape[1] == 1:
        y_true = y_true.ravel()
    if y_true.ndim != 1 or _label_target_type(y_true, "y_true") != "labels":
        raise ValueError("y_true must be a 1-D vector of class labels.")
    _check_probabilities(y_proba)
    if labels is not None:
        given = np.asarray(labels)
        classes = np.unique(given)
        if classes.shape != given.shape or np.any(classes != given):
            warnings.warn(
                f"Labels passed were {labels}. But this function assumes labels are ordered "
                f"lexicographically. Pass the ordered labels={classes.tolist()} and ensure "
                "that the columns of y_prob correspond to this ordering.",
                UserWarning,
                stacklevel=3,
            )
        unknown = _encode(y_true, classes) == len(classes)
        if unknown.any():
            raise ValueError(
                f"y_true contains values {set(y_true[unknown].tolist())} not belonging to the "
                f"passed labels {labels}."
            )
    else:
        classes = _unique(y_true)
    if classes.shape[0] == 1:
        if labels is None:
            raise ValueError(
                f"y_true contains only one label ({classes[0]}). Please provide the list of "
                "all expected class labels explicitly through the labels argument."
            )
        raise ValueError(f"The labels array needs to contain at least two labels, got {classes}.")
    if y_proba.ndim == 1:
        y_proba = y_proba[:, None]
    if y_proba.shape[1] == 1:
        y_proba = np.concatenate([1 - y_proba, y_proba], axis=1)
    _warn_unnormalised(y_proba)
    if classes.shape[0] != y_proba.shape[1]:
        if labels is None:
            raise ValueError(
                f"y_true and y_prob contain different number of classes: {classes.shape[0]} vs "
                f"{y_proba.shape[1]}. Please provide the true labels explicitly through the "
                f"labels argument. Classes found in y_true: {classes}"
            )
        raise ValueError(
            "The number of classes in labels is different from that in y_prob. Classes found "
            f"in labels: {classes}"
        )
    return _encode(y_true, classes), y_proba


def log_loss(
    y_true: Any,
    y_proba: Any = None,
    *,
    normalize: bool = True,
    sample_weight: Any = None,
    labels: Any = None,
    y_pred: Any = None,
) -> float:
    """Log loss (cross-entropy) ``-sum_k y_k log p_k`` of predicted probabilities.

    Probabilities are clipped to ``[eps, 1 - eps]`` (``eps`` of their dtype) so the loss is
    finite.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Ground-truth labels.
    y_proba : array-like of shape (n_samples, n_classes) or (n_samples,)
        Predicted probabilities, columns in the sorted order of the labels; a 1-D array is
        the probability of the greater label of a binary problem.
    normalize : bool, default=True
        Return the mean loss per sample; if False, the (weighted) sum.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    labels : array-like, default=None
        All class labels, when ``y_true`` does not contain them all.
    y_pred : array-like, default=None
        Former name of ``y_proba`` (accepted for compatibility with scikit-learn < 1.9).

    Returns
    -------
    float
        The log loss.

    Examples
    --------
    >>> from syllabus.metrics import log_loss
    >>> round(log_loss(["spam", "ham", "ham", "spam"],
    ...                [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]), 4)
    0.2162
    """
    if y_pred is not None:
        if y_proba is not None:
            raise ValueError("Cannot use both `y_pred` and `y_proba`. `y_pred` is deprecated, "
                             "use `y_proba` instead.")
        warnings.warn("`y_pred` was renamed to `y_proba` in version 1.9 and will be removed in "
                      "1.11. Use `y_proba` instead.", FutureWarning, stacklevel=2)
        y_proba = y_pred
    if y_proba is None:
        raise ValueError("log_loss requires y_proba, the predicted probabilities.")
    validate_params({"normalize": ["boolean"], "labels": ["array-like", None]},
                    {"normalize": normalize, "labels": labels}, "log_loss")
    y_proba = check_array(y_proba, ensure_2d=False, dtype=[np.float64, np.float32],
                          input_name="y_proba")
    check_consistent_length(y_proba, y_true, sample_weight)
    sample_weight = _check_sample_weight(sample_weight, y_proba.shape[0])
    eps = np.finfo(y_proba.dtype).eps
    indicator = _multilabel_truth(y_true)
    if indicator is not None:  # a label indicator matrix: -sum_k y_k log p_k row by row
        _check_probabilities(y_proba)
        if y_proba.shape != indicator.shape:
            raise ValueError(
                "y_true and y_prob contain different number of classes: "
                f"{indicator.shape[1]} vs {y_proba.shape[1] if y_proba.ndim == 2 else 1}. "
                "Please provide the true labels explicitly through the labels argument. "
                f"Classes found in y_true: {np.arange(indicator.shape[1])}"
            )
        _warn_unnormalised(y_proba)
        log_proba = np.log(np.clip(y_proba, eps, 1 - eps))
        loss = -np.sum(np.where(indicator != 0, indicator * log_proba, 0.0), axis=1)
        return _weighted_sum_or_mean(loss, sample_weight, normalize)
    true_class, y_proba = _validate_probabilistic_targets(y_true, y_proba, labels)
    # -sum_k y_k log p_k with one-hot y is -log of the true class's probability.
    proba_of_truth = np.clip(y_proba[np.arange(y_proba.shape[0]), true_class], eps, 1 - eps)
    loss = -np.log(proba_of_truth)
    return _weighted_sum_or_mean(loss, sample_weight, normalize)


def _multilabel_truth(y_true: Any) -> np.ndarray | None:
    """``y_true`` as a dense label indicator matrix, or None if it is a label vector."""
    if issparse(y_true):
        y_true = y_true.toarray()
    y_true = np.asarray(y_true)
    if y_true.ndim == 2 and y_true.shape[1] > 1 and \
            _label_target_type(y_true, "y_true") == "multilabel-indicator":
        return y_true
    return None


def _check_probabilities(y_proba: np.ndarray) -> None:
    if y_proba.max() > 1:
        raise ValueError(f"y_prob contains values greater than 1: {y_proba.max()}")
    if y_proba.min() < 0:
        raise ValueError(f"y_prob contains values lower than 0: {y_proba.min()}")


def _warn_unnormalised(y_proba: np.ndarray) -> None:
    if not np.allclose(y_proba.sum(axis=1), 1, rtol=np.sqrt(np.finfo(y_proba.dtype).eps)):
        warnings.warn("The y_prob values do not sum to one. Make sure to pass probabilities.",
                      UserWarning, stacklevel=4)


def hinge_loss(
    y_true: Any, pred_decision: Any, *, labels: Any = None, sample_weight: Any = None
) -> float:
    """Average hinge loss ``max(0, 1 - margin)`` of decision values.

    Binary: the greater label is +1, the other -1, and the margin is ``y * f(x)``.
    Multiclass (Crammer-Singer): the margin is the true class's decision value minus the
    largest other one.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Ground-truth labels.
    pred_decision : array-like of shape (n_samples,) or (n_samples, n_classes)
        Decision values (``decision_function``), columns in the sorted label order.
    labels : array-like, default=None
        All class labels, when ``y_true`` does not contain them all (multiclass).
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.

    Returns
    -------
    float
        The mean hinge loss.

    Examples
    --------
    >>> from syllabus.metrics import hinge_loss
    >>> round(hinge_loss([-1, 1, 1], [-2.18, 2.36, 0.09]), 4)
    0.3033
    """
    check_consistent_length(y_true, pred_decision, sample_weight)
    pred_decision = check_array(pred_decision, ensure_2d=False, input_name="pred_decision")
    y_true = column_or_1d(y_true, input_name="y_true")
    _check_finite(y_true, "y_true")
    sample_weight = _check_sample_weight(sample_weight, y_true.shape[0])
    classes = np.unique(np.asarray(labels)) if labels is not None else _unique(y_true)

    if classes.size > 2:
        if pred_decision.ndim <= 1:
            raise ValueError(
                "The shape of pred_decision cannot be 1d array with a multiclass target. "
                "pred_decision shape must be (n_samples, n_classes), that is "
                f"({y_true.shape[0]}, {classes.size}). Got: {pred_decision.shape}"
            )
        if classes.size != pred_decision.shape[1]:
            if labels is None:
                raise ValueError("Please include all labels in y_true or pass labels as third "
                                 "argument")
            raise ValueError(
                "The shape of pred_decision is not consistent with the number of classes. "
                "With a multiclass target, pred_decision shape must be (n_samples, n_classes), "
                f"that is ({y_true.shape[0]}, {classes.size}). Got: {pred_decision.shape}"
            )
        true_index = _encode(y_true, classes)
        if np.any(true_index == classes.size):
            unseen = np.setdiff1d(y_true, classes)
            raise ValueError(f"y_true contains labels not in labels: {unseen}")
        rows = np.arange(y_true.shape[0])
        true_score = pred_decision[rows, true_index]
        others = pred_decision.copy()
        others[rows, true_index] = -np.inf
        margin = true_score - others.max(axis=1)
    else:
        pred_decision = column_or_1d(pred_decision, input_name="pred_decision")
        # Binary: the greater label of y_true is +1, the other -1 (a single class is -1).
        present = _unique(y_true)
        signs = np.where(y_true == present[-1], 1.0, -1.0) if present.size == 2 else \
            -np.ones(y_true.shape[0])
        margin = signs * pred_decision
    losses = np.maximum(1 - margin, 0)
    return float(np.average(losses, weights=sample_weight))
