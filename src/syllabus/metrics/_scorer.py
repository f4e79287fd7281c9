"""Scorers: ``scorer(estimator, X, y) -> float``, greater is better, named as in scikit-learn.

A scorer asks the estimator for the response its metric needs (``predict``,
``predict_proba`` or ``decision_function``), calls a metric of :mod:`syllabus.metrics` and
flips the sign of losses, so model selection always maximises. Metrics are looked up when a
scorer is called, so this module imports without them.
"""

from __future__ import annotations

from collections.abc import Callable
from inspect import signature
from typing import Any

import numpy as np

from . import _classification, _ranking, _regression
from ._regression import mean_squared_error

__all__ = ["check_scoring", "get_scorer", "get_scorer_names", "make_scorer"]


class _Scorer:
    """Wraps ``score_func(y_true, response, **kwargs)`` into ``scorer(estimator, X, y)``."""

    def __init__(
        self,
        score_func: Callable | str,
        sign: int,
        kwargs: dict[str, Any],
        response_method: str | tuple[str, ...],
    ) -> None:
        self._score_func = score_func
        self._sign = sign
        self._kwargs = kwargs
        self._response_method = response_method

    def _metric(self) -> Callable:
        if callable(self._score_func):
            return self._score_func
        for module in (_classification, _ranking, _regression):
            if hasattr(module, self._score_func):
                return getattr(module, self._score_func)
        raise ValueError(
            f"This scorer needs syllabus.metrics.{self._score_func}, which is not "
            "available in this version of syllabus."
        )

    def __call__(self, estimator: Any, X: Any, y_true: Any, sample_weight: Any = None) -> float:
        response = _response(estimator, X, self._response_method, self._kwargs.get("pos_label"))
        kwargs = dict(self._kwargs)
        if sample_weight is not None:
            kwargs["sample_weight"] = sample_weight
        return self._sign * self._metric()(y_true, response, **kwargs)

    def _accept_sample_weight(self) -> bool:
        """Whether the metric takes ``sample_weight`` (a search then weights its test folds)."""
        return "sample_weight" in signature(self._metric()).parameters

    def __repr__(self) -> str:
        name = self._score_func if isinstance(self._score_func, str) else getattr(
            self._score_func, "__name__", repr(self._score_func))
        # scikit-learn's layout: the sign, the response method, then the metric's arguments.
        extra = "" if self._sign > 0 else ", greater_is_better=False"
        extra += f", response_method={self._response_method!r}"
        extra += "".join(f", {k}={v}" for k, v in self._kwargs.items())
        return f"make_scorer({name}{extra})"


def _response(estimator: Any, X: Any, response_method: str | tuple[str, ...], pos_label: Any):
    methods = (response_method,) if isinstance(response_method, str) else response_method
    name = next((m for m in methods if hasattr(estimator, m)), None)
    if name is None:
        raise AttributeError(
            f"{type(estimator).__name__} has none of the following attributes: "
            f"{', '.join(methods)}."
        )
    response = getattr(estimator, name)(X)
    classes = getattr(estimator, "classes_", None)
    if name == "predict" or classes is None or len(classes) != 2:
        return response
    # Binary problems: the metric wants one score per sample, for the positive class.
    positive = classes[1] if pos_label is None else pos_label
    if positive not in classes:
        raise ValueError(f"pos_label={positive!r} is not a valid label: {list(classes)}")
    if name == "predict_proba":
        return response[:, np.flatnonzero(classes == positive)[0]]
    return response if positive == classes[1] else -response  # decision_function


def make_scorer(
    score_func: Callable,
    *,
    response_method: str | tuple[str, ...] = "predict",
    greater_is_better: bool = True,
    **kwargs: Any,
) -> Callable:
    """Make a scorer ``scorer(estimator, X, y)`` from a metric ``score_func(y_true, y_pred)``.

    Parameters
    ----------
    score_func : callable
        ``score_func(y_true, response, **kwargs)`` returning a float.
    response_method : {"predict", "predict_proba", "decision_function"} or tuple, \
default="predict"
        The estimator's method giving ``response``; a tuple lists methods in order of
        preference. For a binary classifier, probabilities and decision values are reduced
        to the positive class's column (``pos_label`` in ``kwargs``, else ``classes_[1]``).
    greater_is_better : bool, default=True
        False for a loss: the scorer returns its negative.
    **kwargs
        Passed to ``score_func``.

    Returns
    -------
    scorer : callable

    Examples
    --------
    >>> from syllabus.metrics import accuracy_score
    >>> from syllabus.metrics import make_scorer
    >>> make_scorer(accuracy_score)
    make_scorer(accuracy_score, response_method='predict')
    """
    if not callable(score_func):
        raise TypeError(f"score_func must be callable, got {score_func!r}.")
    methods = (response_method,) if isinstance(response_method, str) else tuple(response_method)
    known = {"predict", "predict_proba", "decision_function"}
    if not methods or any(m not in known for m in methods):
        raise ValueError(
            f"response_method must be one of {sorted(known)} or a tuple of them, got "
            f"{response_method!r}."
        )
    return _Scorer(score_func, 1 if greater_is_better else -1, kwargs, response_method)


_PROBA_OR_DECISION = ("decision_function", "predict_proba")

# name -> (metric in syllabus.metrics, sign, response method, keyword arguments)
_SCORERS: dict[str, tuple[str, int, Any, dict[str, Any]]] = {
    "accuracy": ("accuracy_score", 1, "predict", {}),
    "r2": ("r2_score", 1, "predict", {}),
    "neg_mean_squared_error": ("mean_squared_error", -1, "predict", {}),
    "neg_root_mean_squared_error": ("root_mean_squared_error", -1, "predict", {}),
    "neg_mean_absolute_error": ("mean_absolute_error", -1, "predict", {}),
    "neg_log_loss": ("log_loss", -1, "predict_proba", {}),
    "roc_auc": ("roc_auc_score", 1, _PROBA_OR_DECISION, {}),
    "average_precision": ("average_precision_score", 1, _PROBA_OR_DECISION, {}),
    "roc_auc_ovr": ("roc_auc_score", 1, "predict_proba", {"multi_class": "ovr"}),
    "roc_auc_ovo": ("roc_auc_score", 1, "predict_proba", {"multi_class": "ovo"}),
    "roc_auc_ovr_weighted": ("roc_auc_score", 1, "predict_proba",
                             {"multi_class": "ovr", "average": "weighted"}),
    "roc_auc_ovo_weighted": ("roc_auc_score", 1, "predict_proba",
                             {"multi_class": "ovo", "average": "weighted"}),
}
for _name in ("precision", "recall", "f1", "jaccard"):
    _SCORERS[_name] = (f"{_name}_score", 1, "predict", {})
    for _average in ("macro", "micro", "weighted", "samples"):
        _SCORERS[f"{_name}_{_average}"] = (f"{_name}_score", 1, "predict", {"average": _average})


def _root_mean_squared_error(y_true, y_pred, **kwargs):
    return np.sqrt(mean_squared_error(y_true, y_pred, **kwargs))


def get_scorer_names() -> list[str]:
    """Names accepted by ``scoring`` (scikit-learn's names for the same scores).

    Examples
    --------
    >>> from syllabus.metrics import get_scorer_names
    >>> "neg_mean_squared_error" in get_scorer_names()
    True
    """
    return sorted(_SCORERS)


def get_scorer(scoring: str | Callable) -> Callable:
    """The scorer called ``scoring`` (a callable is returned unchanged).

    Parameters
    ----------
    scoring : str or callable
        A name from :func:`get_scorer_names`, e.g. ``"accuracy"``, ``"r2"``,
        ``"neg_mean_squared_error"``, ``"f1_macro"``, ``"roc_auc"``.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y) -> float``, greater is better.

    Examples
    --------
    >>> from syllabus.metrics import get_scorer
    >>> get_scorer("neg_mean_squared_error")
    make_scorer(mean_squared_error, greater_is_better=False, response_method='predict')
    """
    if callable(scoring):
        return scoring
    if not isinstance(scoring, str) or scoring not in _SCORERS:
        raise ValueError(
            f"{scoring!r} is not a valid scoring value. Use syllabus.model_selection."
            f"get_scorer_names() to get valid options: {get_scorer_names()}."
        )
    metric, sign, response_method, kwargs = _SCORERS[scoring]
    if metric == "root_mean_squared_error":
        return _Scorer(_root_mean_squared_error, sign, kwargs, response_method)
    return _Scorer(metric, sign, dict(kwargs), response_method)


class _PassthroughScorer(_Scorer):
    """The estimator's own ``score`` method seen as a scorer (``scoring=None``).

    It keeps only plain facts about the estimator (its name, whether ``score`` takes
    ``sample_weight``), so a fitted search that holds it saves with :mod:`syllabus.io`.
    """

    def __init__(self, estimator: Any) -> None:
        self._estimator_name = type(estimator).__name__
        self._accepts_weight = "sample_weight" in signature(estimator.score).parameters

    def __call__(self, estimator: Any, X: Any, y: Any = None, **kwargs: Any) -> float:
        return estimator.score(X, y, **kwargs)

    def _accept_sample_weight(self) -> bool:
        return self._accepts_weight

    def __repr__(self) -> str:
        return f"{self._estimator_name}.score"


def accepts_sample_weight(scorer: Callable) -> bool:
    """Whether ``scorer`` takes ``sample_weight`` (scikit-learn's test for its scorers)."""
    if hasattr(scorer, "_accept_sample_weight"):
        return scorer._accept_sample_weight()
    try:
        return "sample_weight" in signature(scorer).parameters
    except (TypeError, ValueError):
        return False


def check_scoring(estimator: Any, scoring: str | Callable | None = None) -> Callable:
    """One scorer from ``scoring``; None means the estimator's own ``score`` method.

    Parameters
    ----------
    estimator : estimator
        Must have ``fit`` (and ``score`` when ``scoring`` is None).
    scoring : str, callable or None, default=None
        A scorer name, a callable ``scorer(estimator, X, y)``, or None.

    Returns
    -------
    scorer : callable

    Examples
    --------
    >>> from syllabus.dummy import DummyRegressor
    >>> from syllabus.model_selection import check_scoring
    >>> check_scoring(DummyRegressor(), "r2")
    make_scorer(r2_score, response_method='predict')
    """
    if not hasattr(estimator, "fit"):
        raise TypeError(f"estimator should be an estimator implementing 'fit', got {estimator!r}.")
    if scoring is None:
        if not hasattr(estimator, "score"):
            raise TypeError(
                "If no scoring is specified, the estimator passed should have a 'score' "
                f"method. The estimator {estimator!r} does not."
            )
        return _PassthroughScorer(estimator)
    if isinstance(scoring, str) or callable(scoring):
        return get_scorer(scoring)
    raise ValueError(
        f"scoring must be a str, a callable or None for a single score, got {scoring!r}."
    )


def _check_multimetric_scoring(estimator: Any, scoring: Any) -> dict[str, Callable]:
    """Scorers by name. A single score is named "score" (``test_score`` in the results)."""
    if scoring is None or isinstance(scoring, str) or callable(scoring):
        return {"score": check_scoring(estimator, scoring)}
    if isinstance(scoring, dict):
        if not all(isinstance(k, str) for k in scoring):
            raise ValueError("Non-string types were found in the keys of the given dict. "
                             f"scoring={scoring!r}")
        if not scoring:
            raise ValueError(f"An empty dict was passed. {scoring!r}")
        return {name: check_scoring(estimator, s) for name, s in scoring.items()}
    if isinstance(scoring, (list, tuple, set)):
        # scikit-learn's messages: a list names predefined scorers (a dict maps names to any).
        err = "The list/tuple elements must be unique strings of predefined scorers. "
        try:
            names = set(scoring)
        except TypeError as exc:
            raise ValueError(err) from exc
        if len(names) != len(scoring):
            raise ValueError(f"{err} Duplicate elements were found in the given list. "
                             f"{scoring!r}")
        if not names:
            raise ValueError(f"{err} Empty list was given. {scoring!r}")
        if not all(isinstance(n, str) for n in names):
            if any(callable(n) for n in names):
                raise ValueError(f"{err} One or more of the elements were callables. Use a "
                                 f"dict of score name mapped to the scorer callable. Got "
                                 f"{scoring!r}")
            raise ValueError(f"{err} Non-string types were found in the given list. Got "
                             f"{scoring!r}")
        return {name: get_scorer(name) for name in scoring}
    raise ValueError(f"Invalid scoring {scoring!r}.")
