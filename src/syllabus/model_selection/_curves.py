"""Learning and validation curves: a model's cross-validated score against the amount of
training data, or against one hyper-parameter.

The evaluation lecture reads both for the bias-variance trade-off: training and test scores
that stay apart as the training set grows point to variance (more data helps), both low and
close to bias; along a hyper-parameter, the test score peaks between under- and over-fitting.
Every fit goes through :func:`_fit_and_score` (joblib, so ``n_jobs`` and Dask work as in
:func:`cross_validate`), and the results are scikit-learn's for the same splits.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from ..base import clone, is_classifier
from ..metrics._scorer import check_scoring
from ..utils import check_random_state
from ..utils._validation import _num_samples
from ._split import check_cv
from ._validation import (
    _check_error_score,
    _fit_and_score,
    _fit_params_for,
    _run_in_parallel,
    _safe_split,
    _score,
    _validate_cv_inputs,
    _warn_or_raise_about_fit_failures,
)

__all__ = ["learning_curve", "validation_curve"]

_DEFAULT_TRAIN_SIZES = np.linspace(0.1, 1.0, 5)  # scikit-learn's default


def learning_curve(
    estimator: Any,
    X: Any,
    y: Any,
    *,
    groups: Any = None,
    train_sizes: Any = _DEFAULT_TRAIN_SIZES,
    cv: Any = None,
    scoring: str | Callable | None = None,
    exploit_incremental_learning: bool = False,
    n_jobs: int | None = None,
    pre_dispatch: Any = "all",
    verbose: int = 0,
    shuffle: bool = False,
    random_state: Any = None,
    error_score: Any = np.nan,
    return_times: bool = False,
    params: dict[str, Any] | None = None,
) -> tuple[np.ndarray, ...]:
    """Training and test scores of a model fitted on growing subsets of each training fold.

    For every split of ``cv`` and every size ``n`` in ``train_sizes``, a clone is fitted on
    the first ``n`` samples of the training fold (shuffled first with ``shuffle=True``) and
    scored on those samples and on the whole test fold.

    Parameters
    ----------
    estimator : estimator
        Any object with ``fit`` (and ``partial_fit`` for incremental learning).
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, n_outputs) or None
    groups : array-like of shape (n_samples,), default=None
        Group labels, for the splitters that use them.
    train_sizes : array-like of shape (n_ticks,), default=np.linspace(0.1, 1.0, 5)
        Floats: fractions in (0, 1] of the first training fold's size; integers: numbers of
        samples. Duplicates (after rounding down) are removed, with a warning.
    cv : int, splitter, iterable or None, default=None
        See :func:`check_cv`: 5-fold by default, stratified for classifiers.
    scoring : str, callable or None, default=None
        One score; None uses the estimator's ``score``.
    exploit_incremental_learning : bool, default=False
        Grow one model per split with ``partial_fit`` on each new slice of samples instead
        of refitting from scratch for every size.
    n_jobs : int, default=None
        Number of parallel fits (joblib).
    pre_dispatch : int or str, default="all"
        joblib's number of pre-dispatched jobs.
    verbose : int, default=0
        Verbosity.
    shuffle : bool, default=False
        Shuffle each training fold before taking its prefixes.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffles.
    error_score : "raise" or float, default=np.nan
        Score given to a failed fit, or "raise".
    return_times : bool, default=False
        Also return the fit and score times.
    params : dict, default=None
        Passed to ``fit`` (or ``partial_fit``); per-sample arrays follow the data.

    Returns
    -------
    train_sizes_abs : ndarray of shape (n_unique_ticks,)
        The training-set sizes used.
    train_scores : ndarray of shape (n_unique_ticks, n_splits)
    test_scores : ndarray of shape (n_unique_ticks, n_splits)
    fit_times, score_times : ndarray of shape (n_unique_ticks, n_splits)
        Only with ``return_times=True``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import LinearRegression
    >>> from syllabus.model_selection import learning_curve
    >>> X = np.arange(20.0).reshape(-1, 1); y = 2 * X.ravel() + 1
    >>> sizes, train, test = learning_curve(LinearRegression(), X, y, cv=2,
    ...                                     train_sizes=[2, 10], scoring="r2")
    >>> sizes.tolist(), test.round(6).tolist()
    ([2, 10], [[1.0, 1.0], [1.0, 1.0]])
    """
    if exploit_incremental_learning and not hasattr(estimator, "partial_fit"):
        raise ValueError("An estimator must support the partial_fit interface to exploit "
                         "incremental learning")
    X, y = _validate_cv_inputs(estimator, X, y)
    _check_error_score(error_score)
    splits = list(check_cv(cv, y, classifier=is_classifier(estimator)).split(X, y, groups))
    scorer = check_scoring(estimator, scoring)
    sizes = _absolute_train_sizes(train_sizes, len(splits[0][0]))
    if verbose > 0:
        print(f"[learning_curve] Training set sizes: {sizes}")
    if shuffle:
        rng = check_random_state(random_state)
        splits = [(rng.permutation(train), test) for train, test in splits]
    if exploit_incremental_learning:
        classes = np.unique(y) if is_classifier(estimator) else None
        jobs = [(_incremental_scores, (clone(estimator), X, y, classes, train, test, sizes,
                                       scorer, params, error_score), {})
                for train, test in splits]
        per_split = np.asarray(_run_in_parallel(jobs, n_jobs, verbose, pre_dispatch))
        # (n_splits, n_ticks, 4) -> four arrays of shape (n_ticks, n_splits)
        train_scores, test_scores, fit_times, score_times = per_split.transpose(2, 1, 0)
    else:
        jobs = [(_fit_and_score, (clone(estimator), X, y),
                 dict(scorers={"score": scorer}, train=train[:n], test=test,
                      fit_params=params, return_train_score=True, error_score=error_score,
                      verbose=verbose))
                for train, test in splits for n in sizes]
        results = _run_in_parallel(jobs, n_jobs, verbose, pre_dispatch)
        _warn_or_raise_about_fit_failures(results, error_score)

        def grid(values: list) -> np.ndarray:  # split-major results -> (n_ticks, n_splits)
            return np.array(values, dtype=float).reshape(-1, len(sizes)).T

        train_scores = grid([r["train_scores"]["score"] for r in results])
        test_scores = grid([r["test_scores"]["score"] for r in results])
        fit_times = grid([r["fit_time"] for r in results])
        score_times = grid([r["score_time"] for r in results])
    if return_times:
        return sizes, train_scores, test_scores, fit_times, score_times
    return sizes, train_scores, test_scores


def _absolute_train_sizes(train_sizes: Any, n_max: int) -> np.ndarray:
    """Fractions of ``n_max`` or sample counts -> distinct sample counts in ``[1, n_max]``."""
    sizes = np.asarray(train_sizes)
    smallest, largest = sizes.min(), sizes.max()
    if np.issubdtype(sizes.dtype, np.floating):
        if smallest <= 0.0 or largest > 1.0:
            raise ValueError("train_sizes has been interpreted as fractions of the maximum "
                             "number of training samples and must be within (0, 1], but is "
                             f"within [{smallest:f}, {largest:f}].")
        sizes = np.clip((sizes * n_max).astype(int), 1, n_max)
    elif smallest <= 0 or largest > n_max:
        raise ValueError("train_sizes has been interpreted as absolute numbers of training "
                         f"samples and must be within (0, {n_max}], but is within "
                         f"[{smallest}, {largest}].")
    unique = np.unique(sizes)
    if len(unique) < len(sizes):
        warnings.warn("Removed duplicate entries from 'train_sizes'. Number of ticks will be "
                      f"less than the size of 'train_sizes': {len(unique)} instead of "
                      f"{len(sizes)}.", RuntimeWarning, stacklevel=3)
    return unique


def _incremental_scores(estimator: Any, X: Any, y: Any, classes: Any, train: np.ndarray,
                        test: np.ndarray, sizes: np.ndarray, scorer: Callable,
                        params: dict[str, Any] | None, error_score: Any) -> list:
    """One model grown by ``partial_fit`` slice by slice; its scores after each slice."""
    scorers = {"score": scorer}
    n_samples = _num_samples(X)
    rows = []
    for n, new in zip(sizes, np.split(train, sizes)[:-1]):
        X_new, y_new = _safe_split(estimator, X, y, new)
        X_test, y_test = _safe_split(estimator, X, y, test, train[:n])
        X_seen, y_seen = _safe_split(estimator, X, y, train[:n])
        kwargs = _fit_params_for(params, new, n_samples)
        if classes is not None:
            kwargs["classes"] = classes
        start = time.perf_counter()
        if y_new is None:
            estimator.partial_fit(X_new, **kwargs)
        else:
            estimator.partial_fit(X_new, y_new, **kwargs)
        fit_time = time.perf_counter() - start
        start = time.perf_counter()
        test_score = _score(scorers, estimator, X_test, y_test, {}, error_score)["score"]
        train_score = _score(scorers, estimator, X_seen, y_seen, {}, error_score)["score"]
        rows.append((train_score, test_score, fit_time, time.perf_counter() - start))
    return rows


def validation_curve(
    estimator: Any,
    X: Any,
    y: Any,
    *,
    param_name: str,
    param_range: Any,
    groups: Any = None,
    cv: Any = None,
    scoring: str | Callable | None = None,
    n_jobs: int | None = None,
    pre_dispatch: Any = "all",
    verbose: int = 0,
    error_score: Any = np.nan,
    params: dict[str, Any] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Training and test scores of a model for each value of one hyper-parameter.

    Parameters
    ----------
    estimator : estimator
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, n_outputs) or None
    param_name : str
        The parameter to vary (nested ``step__param`` names work through ``set_params``).
    param_range : array-like of shape (n_values,)
        Its values.
    groups : array-like of shape (n_samples,), default=None
        Group labels, for the splitters that use them.
    cv : int, splitter, iterable or None, default=None
        See :func:`check_cv`.
    scoring : str, callable or None, default=None
        One score; None uses the estimator's ``score``.
    n_jobs : int, default=None
        Number of parallel fits (joblib).
    pre_dispatch : int or str, default="all"
        joblib's number of pre-dispatched jobs.
    verbose : int, default=0
        Verbosity.
    error_score : "raise" or float, default=np.nan
        Score given to a failed fit, or "raise".
    params : dict, default=None
        Passed to ``fit``; per-sample arrays follow the data.

    Returns
    -------
    train_scores : ndarray of shape (n_values, n_splits)
    test_scores : ndarray of shape (n_values, n_splits)

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import Ridge
    >>> from syllabus.model_selection import validation_curve
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(30, 3)); y = X @ [1.0, 2.0, 0.0] + 0.1 * rng.normal(size=30)
    >>> train, test = validation_curve(Ridge(), X, y, param_name="alpha",
    ...                                param_range=[0.01, 1000.0], cv=3)
    >>> bool(test[0].mean() > test[1].mean())
    True
    """
    X, y = _validate_cv_inputs(estimator, X, y)
    _check_error_score(error_score)
    splits = list(check_cv(cv, y, classifier=is_classifier(estimator)).split(X, y, groups))
    scorer = check_scoring(estimator, scoring)
    jobs = [(_fit_and_score, (clone(estimator), X, y),
             dict(scorers={"score": scorer}, train=train, test=test,
                  parameters={param_name: value}, fit_params=params,
                  return_train_score=True, error_score=error_score, verbose=verbose))
            for train, test in splits for value in param_range]
    results = _run_in_parallel(jobs, n_jobs, verbose, pre_dispatch)
    _warn_or_raise_about_fit_failures(results, error_score)
    n_values = len(param_range)
    train_scores = np.array([r["train_scores"]["score"] for r in results]).reshape(-1, n_values).T
    test_scores = np.array([r["test_scores"]["score"] for r in results]).reshape(-1, n_values).T
    return train_scores, test_scores
