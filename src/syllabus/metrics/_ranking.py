"""Ranking metrics: ROC and precision-recall curves, the areas under them.

One sort of the scores and two cumulative sums give the true- and false-positive counts at
every distinct threshold; every curve and area here is read off those counts.
"""

from __future__ import annotations

import warnings
from itertools import combinations
from numbers import Real
from typing import Any

import numpy as np

from ..exceptions import UndefinedMetricWarning
from ..utils import Interval, StrOptions, check_consistent_length, column_or_1d, validate_params
from ._validation import (
    _check_finite,
    _check_not_empty,
    _check_pos_label_consistency,
    _check_sample_weight,
    _encode,
    _is_string_like,
    _label_target_type,
    _unique,
)

_LABEL = [Real, str, "boolean", None]


def _as_scores(y_score: Any, input_name: str = "y_score") -> np.ndarray:
    scores = np.asarray(y_score)
    if scores.dtype.kind == "b":
        scores = scores.astype(np.float64)
    if scores.dtype.kind not in "fiu":
        try:
            scores = scores.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{input_name} must contain numbers: {exc}") from exc
    _check_finite(scores, input_name)
    return scores


def _binary_target_type(y_true: np.ndarray) -> str:
    """'binary', 'multiclass', 'multilabel-indicator' or another unsupported kind."""
    if y_true.ndim == 2 and y_true.shape[1] > 1:
        if y_true.dtype.kind in "fiub" and np.isin(y_true, (0, 1)).all():
            return "multilabel-indicator"
        return "multiclass-multioutput"
    kind = _label_target_type(y_true, "y_true")
    if kind != "labels":
        return kind
    return "binary" if len(_unique(y_true.ravel())) <= 2 else "multiclass"


def _binary_clf_curve(
    y_true: Any, y_score: Any, *, pos_label: Any = None, sample_weight: Any = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate a binary ranking problem, then :func:`_counts_at_thresholds`."""
    check_consistent_length(y_true, y_score, sample_weight)
    y_true = np.asarray(y_true)
    _check_not_empty(y_true, "y_true")
    _check_finite(y_true, "y_true")
    y_type = _binary_target_type(y_true)
    if not (y_type == "binary" or (y_type == "multiclass" and pos_label is not None)):
        raise ValueError(f"{y_type} format is not supported")
    y_true = column_or_1d(y_true, input_name="y_true")
    y_score = column_or_1d(_as_scores(y_score), input_name="y_score")
    pos_label = _check_pos_label_consistency(pos_label, y_true)
    sample_weight = _check_sample_weight(sample_weight, y_true.shape[0])
    return _counts_at_thresholds(y_true == pos_label, y_score, sample_weight)


def _counts_at_thresholds(
    is_positive: np.ndarray, y_score: np.ndarray, sample_weight: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Weighted) false and true positives at each distinct threshold, in decreasing order.

    ``fps[i]`` and ``tps[i]`` count the negatives and positives with ``score >=
    thresholds[i]``; the last entries are the totals. Inputs are already validated.
    """
    if sample_weight is not None:
        nonzero = sample_weight != 0
        is_positive, y_score = is_positive[nonzero], y_score[nonzero]
        sample_weight = sample_weight[nonzero].astype(np.float64)
    # Descending scores; the order within ties is irrelevant because only the last
    # index of each run of equal scores is read.
    order = np.argsort(y_score)[::-1]
    y_score = y_score[order]
    is_positive = is_positive[order]
    distinct = np.flatnonzero(np.diff(y_score))
    threshold_index = np.append(distinct, is_positive.shape[0] - 1)
    if sample_weight is None:
        tps = np.cumsum(is_positive, dtype=np.float64)[threshold_index]
        fps = 1 + threshold_index - tps
    else:
        weight = sample_weight[order]
        tps = np.cumsum(np.where(is_positive, weight, 0.0))[threshold_index]
        fps = np.cumsum(np.where(is_positive, 0.0, weight))[threshold_index]
    return fps, tps, y_score[threshold_index]


def _roc_from_counts(fps: np.ndarray, tps: np.ndarray, thresholds: np.ndarray,
                     drop_intermediate: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if drop_intermediate and fps.shape[0] > 2:
        # Keep the end points and every corner (a change of slope in fps or tps).
        corner = np.logical_or(np.diff(fps, 2), np.diff(tps, 2))
        keep = np.flatnonzero(np.concatenate([[True], corner, [True]]))
        fps, tps, thresholds = fps[keep], tps[keep], thresholds[keep]
    tps = np.concatenate([[0.0], tps])
    fps = np.concatenate([[0.0], fps])
    thresholds = np.concatenate([[np.inf], thresholds.astype(np.float64)])
    if fps[-1] <= 0:
        warnings.warn(UndefinedMetricWarning(
            "No negative samples in y_true, false positive value should be "
            "meaningless"), stacklevel=3)
        fpr = np.full(fps.shape, np.nan)
    else:
        fpr = fps / fps[-1]
    if tps[-1] <= 0:
        warnings.warn(UndefinedMetricWarning(
            "No positive samples in y_true, true positive value should be "
            "meaningless"), stacklevel=3)
        tpr = np.full(tps.shape, np.nan)
    else:
        tpr = tps / tps[-1]
    return fpr, tpr, thresholds


def _pr_from_counts(fps: np.ndarray, tps: np.ndarray, thresholds: np.ndarray,
                    drop_intermediate: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if drop_intermediate and fps.shape[0] > 2:
        changes = np.logical_or(np.diff(tps[:-1]), np.diff(tps[1:]))
        keep = np.flatnonzero(np.concatenate([[True], changes, [True]]))
        fps, tps, thresholds = fps[keep], tps[keep], thresholds[keep]
    predicted = tps + fps
    precision = np.divide(tps, predicted, out=np.zeros_like(tps), where=predicted != 0)
    if tps[-1] == 0:
        warnings.warn("No positive class found in y_true, recall is set to one for all "
                      "thresholds.", UserWarning, stacklevel=3)
        recall = np.ones(tps.shape)
    else:
        recall = tps / tps[-1]
    return (np.concatenate([precision[::-1], [1.0]]), np.concatenate([recall[::-1], [0.0]]),
            thresholds[::-1])


def roc_curve(
    y_true: Any,
    y_score: Any,
    *,
    pos_label: Any = None,
    sample_weight: Any = None,
    drop_intermediate: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Receiver operating characteristic: false and true positive rates at each threshold.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True binary labels; with labels other than {0, 1} or {-1, 1}, give ``pos_label``.
    y_score : array-like of shape (n_samples,)
        Scores of the positive class (probabilities or decision values).
    pos_label : int, float, bool or str, default=None
        The positive class (1 when None).
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    drop_intermediate : bool, default=True
        Drop thresholds whose point lies on a straight segment of the curve (the curve and
        its area are unchanged).

    Returns
    -------
    fpr : ndarray of shape (n_thresholds,)
        Increasing false positive rates of the predictions ``score >= thresholds[i]``.
    tpr : ndarray of shape (n_thresholds,)
        Increasing true positive rates.
    thresholds : ndarray of shape (n_thresholds,)
        Decreasing thresholds; the first, ``inf``, predicts nothing positive.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.metrics import roc_curve
    >>> fpr, tpr, thresholds = roc_curve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], pos_label=2)
    >>> fpr
    array([0. , 0. , 0.5, 0.5, 1. ])
    >>> tpr
    array([0. , 0.5, 0.5, 1. , 1. ])
    >>> thresholds
    array([ inf, 0.8 , 0.4 , 0.35, 0.1 ])
    """
    validate_params(
        {"pos_label": _LABEL, "sample_weight": ["array-like", None],
         "drop_intermediate": ["boolean"]},
        {"pos_label": pos_label, "sample_weight": sample_weight,
         "drop_intermediate": drop_intermediate},
        "roc_curve",
    )
    fps, tps, thresholds = _binary_clf_curve(y_true, y_score, pos_label=pos_label,
                                             sample_weight=sample_weight)
    return _roc_from_counts(fps, tps, thresholds, drop_intermediate)


def precision_recall_curve(
    y_true: Any,
    y_score: Any,
    *,
    pos_label: Any = None,
    sample_weight: Any = None,
    drop_intermediate: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision and recall of the predictions ``score >= threshold`` at each threshold.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True binary labels; with labels other than {0, 1} or {-1, 1}, give ``pos_label``.
    y_score : array-like of shape (n_samples,)
        Scores of the positive class.
    pos_label : int, float, bool or str, default=None
        The positive class (1 when None).
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    drop_intermediate : bool, default=False
        Drop thresholds that do not change the recall on both sides (they do not show on a
        plotted precision-recall step curve).

    Returns
    -------
    precision : ndarray of shape (n_thresholds + 1,)
        Precision at each increasing threshold, then 1.
    recall : ndarray of shape (n_thresholds + 1,)
        Decreasing recall at each threshold, then 0.
    thresholds : ndarray of shape (n_thresholds,)
        Increasing distinct scores.

    Examples
    --------
    >>> from syllabus.metrics import precision_recall_curve
    >>> precision, recall, thresholds = precision_recall_curve(
    ...     [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> precision
    array([0.5       , 0.66666667, 0.5       , 1.        , 1.        ])
    >>> recall
    array([1. , 1. , 0.5, 0.5, 0. ])
    >>> thresholds
    array([0.1 , 0.35, 0.4 , 0.8 ])
    """
    validate_params(
        {"pos_label": _LABEL, "sample_weight": ["array-like", None],
         "drop_intermediate": ["boolean"]},
        {"pos_label": pos_label, "sample_weight": sample_weight,
         "drop_intermediate": drop_intermediate},
        "precision_recall_curve",
    )
    fps, tps, thresholds = _binary_clf_curve(y_true, y_score, pos_label=pos_label,
                                             sample_weight=sample_weight)
    return _pr_from_counts(fps, tps, thresholds, drop_intermediate)


def auc(x: Any, y: Any) -> float:
    """Area under a curve given by points ``(x, y)``, by the trapezoidal rule.

    Parameters
    ----------
    x : array-like of shape (n,)
        Monotonic (increasing or decreasing) x coordinates.
    y : array-like of shape (n,)
        y coordinates.

    Returns
    -------
    float
        The area.

    Examples
    --------
    >>> from syllabus.metrics import auc
    >>> auc([0, 0.5, 1], [0, 1, 1])
    0.75
    """
    check_consistent_length(x, y)
    x = column_or_1d(np.asarray(x, dtype=np.float64), input_name="x")
    y = column_or_1d(np.asarray(y, dtype=np.float64), input_name="y")
    if x.shape[0] < 2:
        raise ValueError("At least 2 points are needed to compute area under curve, but "
                         f"x.shape = {x.shape[0]}")
    dx = np.diff(x)
    direction = 1.0
    if np.any(dx < 0):
        if not np.all(dx <= 0):
            raise ValueError(f"x is neither increasing nor decreasing : {x}.")
        direction = -1.0
    return float(direction * np.trapezoid(y, x))


def _binary_roc_auc(y_true: np.ndarray, y_score: np.ndarray, sample_weight: Any = None,
                    max_fpr: float | None = None) -> float:
    """ROC AUC of validated 0/1 (or boolean) ``y_true`` and 1-D scores."""
    is_positive = np.asarray(y_true, dtype=bool)
    if is_positive.all() or not is_positive.any():
        warnings.warn(UndefinedMetricWarning(
            "Only one class is present in y_true. ROC AUC score is not defined in "
            "that case."), stacklevel=3)
        return float("nan")
    fpr, tpr, _ = _roc_from_counts(*_counts_at_thresholds(is_positive, y_score, sample_weight),
                                   drop_intermediate=True)
    if max_fpr is None or max_fpr == 1:
        return auc(fpr, tpr)
    # McClish's standardised partial AUC over [0, max_fpr].
    stop = np.searchsorted(fpr, max_fpr, "right")
    tpr = np.append(tpr[:stop], np.interp(max_fpr, fpr[stop - 1:stop + 1],
                                          tpr[stop - 1:stop + 1]))
    fpr = np.append(fpr[:stop], max_fpr)
    partial = auc(fpr, tpr)
    min_area, max_area = 0.5 * max_fpr**2, max_fpr
    return float(0.5 * (1 + (partial - min_area) / (max_area - min_area)))


def _binary_average_precision(is_positive: np.ndarray, y_score: np.ndarray,
                              sample_weight: Any = None) -> float:
    """Average precision of validated boolean (or 0/1) targets and 1-D scores."""
    counts = _counts_at_thresholds(np.asarray(is_positive, dtype=bool), y_score, sample_weight)
    precision, recall, _ = _pr_from_counts(*counts, drop_intermediate=False)
    # Step integral sum_n (R_n - R_{n-1}) P_n; recall decreases along the returned arrays.
    return float(max(0.0, -np.sum(np.diff(recall) * precision[:-1])))


def _average_binary_score(binary_metric: Any, y_true: np.ndarray, y_score: np.ndarray,
                          average: Any, sample_weight: np.ndarray | None) -> Any:
    """Apply a binary metric to each column of indicator targets and average the results."""
    if y_true.ndim == 1:
        return binary_metric(y_true, y_score, sample_weight=sample_weight)
    if y_score.shape != y_true.shape:
        raise ValueError(f"y_score has shape {y_score.shape} but y_true has shape "
                         f"{y_true.shape}; they must match for multilabel targets.")
    score_weight, average_weight, axis = sample_weight, None, 1
    if average == "micro":
        if score_weight is not None:
            score_weight = np.repeat(score_weight, y_true.shape[1])
        y_true, y_score = y_true.ravel()[:, None], y_score.ravel()[:, None]
    elif average == "weighted":
        w = np.ones(y_true.shape[0]) if sample_weight is None else sample_weight
        average_weight = w @ y_true
        if np.isclose(average_weight.sum(), 0):
            return 0.0
    elif average == "samples":
        average_weight, score_weight, axis = sample_weight, None, 0
    n_scores = y_score.shape[axis]
    scores = np.array([
        binary_metric(np.take(y_true, c, axis=axis), np.take(y_score, c, axis=axis),
                      sample_weight=score_weight)
        for c in range(n_scores)
    ])
    if average is None:
        return scores
    if average_weight is not None:
        scores[average_weight == 0] = 0
    return float(np.average(scores, weights=average_weight))


def average_precision_score(
    y_true: Any,
    y_score: Any,
    *,
    average: str | None = "macro",
    pos_label: Any = 1,
    sample_weight: Any = None,
) -> float | np.ndarray:
    """Average precision: ``sum_n (R_n - R_{n-1}) P_n``, the area under the step PR curve.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_classes)
        Binary labels, multiclass labels (one-vs-rest), or a label indicator matrix.
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Scores of the positive class (one column per class when not binary).
    average : {"micro", "macro", "samples", "weighted"} or None, default="macro"
        How to combine the per-class scores of multiclass / multilabel targets.
    pos_label : int, float, bool or str, default=1
        The positive class of binary targets.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.

    Returns
    -------
    float or ndarray
        The average precision.

    Examples
    --------
    >>> from syllabus.metrics import average_precision_score
    >>> round(average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 4)
    0.8333
    """
    validate_params(
        {"average": [StrOptions({"micro", "samples", "weighted", "macro"}), None],
         "pos_label": _LABEL[:-1], "sample_weight": ["array-like", None]},
        {"average": average, "pos_label": pos_label, "sample_weight": sample_weight},
        "average_precision_score",
    )
    y_true = np.asarray(y_true)
    _check_not_empty(y_true, "y_true")
    _check_finite(y_true, "y_true")
    y_score = _as_scores(y_score)
    check_consistent_length(y_true, y_score, sample_weight)
    sample_weight = _check_sample_weight(sample_weight, y_true.shape[0])
    y_type = _binary_target_type(y_true)
    if y_type == "binary":
        present = _unique(y_true.ravel())
        if present.shape[0] == 2 and not np.any(present == pos_label):
            raise ValueError(f"pos_label={pos_label} is not a valid label. It should be one "
                             f"of {present}")
        y_true = column_or_1d(y_true, input_name="y_true") == pos_label
        y_score = column_or_1d(y_score, input_name="y_score")
    elif y_type == "multilabel-indicator":
        if pos_label != 1:
            raise ValueError("Parameter pos_label is fixed to 1 for multilabel-indicator "
                             "y_true. Do not set pos_label or set pos_label to 1.")
    elif y_type == "multiclass":
        if pos_label != 1:
            raise ValueError("Parameter pos_label is fixed to 1 for multiclass y_true. Do not "
                             "set pos_label or set pos_label to 1.")
        y_true = column_or_1d(y_true, input_name="y_true")
        classes = _unique(y_true)
        y_true = _one_vs_rest(y_true, classes)
        if y_score.shape != y_true.shape:
            raise ValueError("`y_score` needs to be of shape `(n_samples, n_classes)`, since "
                             f"`y_true` contains multiple classes. Got `y_score.shape="
                             f"{y_score.shape}`.")
    else:
        raise ValueError(f"{y_type} format is not supported")

    return _average_binary_score(_binary_average_precision, y_true, y_score, average,
                                 sample_weight)


def _one_vs_rest(y: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """Indicator matrix (n_samples, n_classes): 1 where ``y`` is the column's class."""
    return (_encode(y, classes)[:, None] == np.arange(len(classes))).astype(np.int64)


def roc_auc_score(
    y_true: Any,
    y_score: Any,
    *,
    average: str | None = "macro",
    sample_weight: Any = None,
    max_fpr: float | None = None,
    multi_class: str = "raise",
    labels: Any = None,
) -> float | np.ndarray:
    """Area under the ROC curve: the probability that a random positive outscores a random
    negative (ties count one half).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_classes)
        Binary or multiclass labels, or a label indicator matrix (multilabel).
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Binary: scores of the greater label. Multiclass: probabilities of each class (rows
        summing to one), columns in the order of ``labels`` or of the sorted labels.
    average : {"micro", "macro", "samples", "weighted"} or None, default="macro"
        How to combine per-class scores (multiclass / multilabel only).
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    max_fpr : float in (0, 1], default=None
        Return the standardised partial AUC over false positive rates ``[0, max_fpr]``.
    multi_class : {"raise", "ovr", "ovo"}, default="raise"
        Multiclass strategy: one-vs-rest, or the Hand & Till one-vs-one average.
    labels : array-like of shape (n_classes,), default=None
        Multiclass labels indexing the columns of ``y_score``.

    Returns
    -------
    float or ndarray
        The AUC.

    Examples
    --------
    >>> from syllabus.metrics import roc_auc_score
    >>> roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    validate_params(
        {"average": [StrOptions({"micro", "macro", "samples", "weighted"}), None],
         "sample_weight": ["array-like", None],
         "max_fpr": [Interval(Real, 0.0, 1, closed="right"), None],
         "multi_class": [StrOptions({"raise", "ovr", "ovo"})], "labels": ["array-like", None]},
        {"average": average, "sample_weight": sample_weight, "max_fpr": max_fpr,
         "multi_class": multi_class, "labels": labels},
        "roc_auc_score",
    )
    y_true = np.asarray(y_true)
    _check_not_empty(y_true, "y_true")
    _check_finite(y_true, "y_true")
    y_type = _binary_target_type(y_true)
    y_score = _as_scores(y_score)
    check_consistent_length(y_true, y_score, sample_weight)
    sample_weight = _check_sample_weight(sample_weight, y_true.shape[0])
    if y_type == "multiclass" or (y_type == "binary" and y_score.ndim == 2
                                  and y_score.shape[1] > 2):
        if max_fpr is not None and max_fpr != 1.0:
            raise ValueError("Partial AUC computation not available in multiclass setting, "
                             f"'max_fpr' must be set to `None`, received `max_fpr={max_fpr}` "
                             "instead")
        if multi_class == "raise":
            raise ValueError("multi_class must be in ('ovo', 'ovr')")
        return _multiclass_roc_auc(column_or_1d(y_true, input_name="y_true"), y_score, labels,
                                   multi_class, average, sample_weight)

    def metric(yt: np.ndarray, ys: np.ndarray, sample_weight: Any = None) -> float:
        return _binary_roc_auc(yt, ys, sample_weight, max_fpr=max_fpr)

    if y_type == "binary":
        y_true = column_or_1d(y_true, input_name="y_true")
        y_score = column_or_1d(y_score, input_name="y_score")
        # The greater label is the positive class.
        return metric(y_true == _unique(y_true)[-1], y_score, sample_weight)
    if y_type == "multilabel-indicator":
        return _average_binary_score(metric, y_true, y_score, average, sample_weight)
    raise ValueError(f"{y_type} format is not supported")


def _multiclass_roc_auc(y_true: np.ndarray, y_score: np.ndarray, labels: Any, multi_class: str,
                        average: Any, sample_weight: np.ndarray | None) -> float | np.ndarray:
    if y_score.ndim != 2:
        raise ValueError("`y_score` needs to be of shape `(n_samples, n_classes)`, since "
                         f"`y_true` contains multiple classes. Got `y_score.shape="
                         f"{y_score.shape}`.")
    if not np.allclose(1, y_score.sum(axis=1)):
        raise ValueError("Target scores need to be probabilities for multiclass roc_auc, i.e. "
                         "they should sum up to 1.0 over classes")
    average_options = ("macro", "weighted", None)
    if multi_class == "ovr":
        average_options = ("micro", *average_options)
    if average not in average_options:
        raise ValueError(f"average must be one of {average_options} for multiclass problems")
    if average is None and multi_class == "ovo":
        raise NotImplementedError("average=None is not implemented for multi_class='ovo'.")
    if labels is not None:
        labels = column_or_1d(np.asarray(labels), input_name="labels")
        classes = np.unique(labels)
        if len(classes) != len(labels):
            raise ValueError("Parameter 'labels' must be unique")
        if not np.array_equal(classes, labels):
            raise ValueError("Parameter 'labels' must be ordered")
        if len(classes) != y_score.shape[1]:
            raise ValueError(f"Number of given labels, {len(classes)}, not equal to the number "
                             f"of columns in 'y_score', {y_score.shape[1]}")
        if _is_string_like(classes) != _is_string_like(y_true) or \
                np.any(_encode(y_true, classes) == len(classes)):
            raise ValueError("'y_true' contains labels not in parameter 'labels'")
    else:
        classes = _unique(y_true)
        if len(classes) != y_score.shape[1]:
            raise ValueError("Number of classes in y_true not equal to the number of columns "
                             "in 'y_score'")
    if multi_class == "ovr":
        return _average_binary_score(_binary_roc_auc, _one_vs_rest(y_true, classes), y_score,
                                     average, sample_weight)
    if sample_weight is not None:
        raise ValueError("sample_weight is not supported for multiclass one-vs-one ROC AUC, "
                         "'sample_weight' must be None in this case.")
    # Hand & Till: mean over class pairs of the two one-against-the-other AUCs.
    y_index = _encode(y_true, classes)
    present = np.unique(y_index)
    pair_scores, prevalence = [], []
    for a, b in combinations(present, 2):
        in_pair = (y_index == a) | (y_index == b)
        is_a = y_index[in_pair] == a
        pair_scores.append((_binary_roc_auc(is_a, y_score[in_pair, a])
                            + _binary_roc_auc(~is_a, y_score[in_pair, b])) / 2)
        prevalence.append(np.mean(in_pair))
    weights = prevalence if average == "weighted" else None
    return float(np.average(pair_scores, weights=weights))
