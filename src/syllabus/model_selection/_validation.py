"""Cross-validation: fit and score a fresh clone of an estimator on each split.

The fits run through ``joblib.Parallel``, so ``n_jobs`` uses local processes and
``with joblib.parallel_config(backend="dask"):`` sends them to a Dask cluster instead.
"""

from __future__ import annotations

import numbers
import time
import traceback
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from ..base import clone, is_classifier
from ..exceptions import FitFailedWarning
from ..metrics._scorer import _check_multimetric_scoring, accepts_sample_weight
from ..utils import check_random_state, encode_labels
from ..utils._sparse import issparse
from ..utils._validation import _num_samples, check_consistent_length
from ._split import _indexable, _take, check_cv

__all__ = ["FitFailedWarning", "cross_val_predict", "cross_val_score", "cross_validate",
           "permutation_test_score"]


def _check_error_score(error_score: Any) -> None:
    if isinstance(error_score, str) and error_score == "raise":
        return
    if isinstance(error_score, bool) or not isinstance(error_score, numbers.Real):
        raise ValueError(
            f"error_score must be 'raise' or a number (e.g. np.nan), got {error_score!r}."
        )


def _check_estimator(estimator: Any) -> None:
    if isinstance(estimator, type) or not hasattr(estimator, "fit"):
        raise TypeError(f"estimator should be an estimator implementing 'fit', got {estimator!r}.")
    if not hasattr(estimator, "get_params") or not hasattr(estimator, "set_params"):
        raise TypeError(
            f"{estimator!r} must implement get_params and set_params (it is cloned for each fit)."
        )


def _fit_params_for(params: dict[str, Any] | None, indices: np.ndarray, n_samples: int) -> dict:
    # Per-sample arrays (e.g. sample_weight) follow the split; anything else is passed as is.
    if not params:
        return {}
    out = {}
    for key, value in params.items():
        if hasattr(value, "__len__") and not isinstance(value, (str, dict)) and (
            _num_samples(value) == n_samples
        ):
            out[key] = _take(_indexable(value), indices)  # e.g. COO matrices as CSR
        else:
            out[key] = value
    return out


def _is_pairwise(estimator: Any) -> bool:
    """Whether ``X`` is a precomputed kernel / distance matrix between samples."""
    tags = getattr(estimator, "__sklearn_tags__", None)
    if tags is not None:
        try:
            if tags().input_tags.pairwise:
                return True
        except Exception:  # noqa: BLE001 - tags of a foreign estimator may not build
            pass
    return "precomputed" in (getattr(estimator, "kernel", None), getattr(estimator, "metric", None))


def _safe_split(estimator: Any, X: Any, y: Any, indices: np.ndarray,
                train_indices: np.ndarray | None = None) -> tuple[Any, Any]:
    """Rows ``indices`` of ``X`` and ``y``; for a precomputed kernel also its columns.

    A kernel between samples is split on both axes: the train block is
    ``K[train][:, train]`` and the test block ``K[test][:, train]`` (``train_indices``).
    """
    if _is_pairwise(estimator):
        if not hasattr(X, "shape"):
            raise ValueError("Precomputed kernels or affinity matrices have to be passed as "
                             "arrays or sparse matrices.")
        if X.shape[0] != X.shape[1]:
            raise ValueError("X should be a square kernel matrix")
        columns = indices if train_indices is None else train_indices
        X_subset = X[np.ix_(indices, columns)]
    else:
        X_subset = _take(X, indices)
    return X_subset, (None if y is None else _take(y, indices))


def _check_score(value: Any, name: str) -> float:
    if hasattr(value, "item") and np.ndim(value) == 0:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        raise ValueError(
            f"scoring must return a number, got {value} ({type(value)}) instead. "
            f"(scorer={name})"
        )
    return value


def _score(scorers: dict[str, Callable], estimator: Any, X: Any, y: Any,
           score_params: dict[str, Any], error_score: Any) -> dict[str, float]:
    """Each scorer's score; a scorer that fails scores ``error_score`` (with a warning).

    A single callable scorer may return a dict of named scores (several metrics at once).
    """
    scores: dict[str, Any] = {}
    for name, scorer in scorers.items():
        params = score_params if accepts_sample_weight(scorer) else {}
        try:  # unsupervised: scikit-learn calls scorer(estimator, X) without y
            value = scorer(estimator, X, **params) if y is None else \
                scorer(estimator, X, y, **params)
        except Exception:
            if isinstance(error_score, str) and error_score == "raise":
                raise
            warnings.warn(
                "Scoring failed. The score on this train-test partition for these parameters "
                f"will be set to {error_score}. Details: \n{traceback.format_exc()}",
                UserWarning,
                stacklevel=2,
            )
            value = error_score
        if isinstance(value, dict) and len(scorers) == 1:
            scores.update({key: _check_score(v, key) for key, v in value.items()})
        else:
            scores[name] = _check_score(value, name)
    return scores


def _fit_and_score(
    estimator: Any,
    X: Any,
    y: Any,
    *,
    scorers: dict[str, Callable],
    train: np.ndarray,
    test: np.ndarray,
    parameters: dict[str, Any] | None = None,
    fit_params: dict[str, Any] | None = None,
    score_params: dict[str, Any] | None = None,
    return_train_score: bool = False,
    return_estimator: bool = False,
    error_score: Any = np.nan,
    verbose: int = 0,
    split_progress: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """Fit ``estimator`` (a fresh clone) on ``train`` and score it on ``test`` (and ``train``).

    ``score_params`` (e.g. ``sample_weight``) are split like the data and passed to the
    scorers that accept them. With ``verbose > 1`` a line per fit reports its parameters
    (and, above 2, its scores), laid out as scikit-learn's.
    """
    if parameters:
        estimator = estimator.set_params(**clone(parameters, safe=False))
    n_samples = _num_samples(X)
    X_train, y_train = _safe_split(estimator, X, y, train)
    X_test, y_test = _safe_split(estimator, X, y, test, train)
    fit_kwargs = _fit_params_for(fit_params, train, n_samples)
    result: dict[str, Any] = {"fit_error": None}
    start = time.perf_counter()
    try:
        if y_train is None:
            estimator.fit(X_train, **fit_kwargs)
        else:
            estimator.fit(X_train, y_train, **fit_kwargs)
    except Exception:
        if isinstance(error_score, str) and error_score == "raise":
            raise
        result["fit_time"] = time.perf_counter() - start
        result["score_time"] = 0.0
        result["fit_error"] = traceback.format_exc()
        result["test_scores"] = dict.fromkeys(scorers, error_score)
        if return_train_score:
            result["train_scores"] = dict.fromkeys(scorers, error_score)
    else:
        result["fit_time"] = time.perf_counter() - start
        start = time.perf_counter()
        result["test_scores"] = _score(scorers, estimator, X_test, y_test,
                                       _fit_params_for(score_params, test, n_samples),
                                       error_score)
        result["score_time"] = time.perf_counter() - start
        if return_train_score:
            result["train_scores"] = _score(scorers, estimator, X_train, y_train,
                                            _fit_params_for(score_params, train, n_samples),
                                            error_score)
    if return_estimator:
        result["estimator"] = estimator
    if verbose > 1:
        print(_fit_report(result, parameters, verbose, split_progress))
    return result


def _fit_report(result: dict[str, Any], parameters: dict[str, Any] | None, verbose: int,
                split_progress: tuple[int, int] | None) -> str:
    """``[CV k/n] END ....params;, score=... total time=...`` (scikit-learn's layout)."""
    progress = ""
    if verbose > 2 and split_progress is not None:
        progress = f" {split_progress[0] + 1}/{split_progress[1]}"
    message = ", ".join(f"{k}={parameters[k]}" for k in sorted(parameters or {}))
    message += ";" if message else ""
    if verbose > 2:
        test, train = result["test_scores"], result.get("train_scores")
        if list(test) == ["score"]:
            message += (f", score=(train={train['score']:.3f}, test={test['score']:.3f})"
                        if train is not None else f", score={test['score']:.3f}")
        else:
            for name in sorted(test):
                message += f" {name}: ("
                message += f"train={train[name]:.3f}, " if train is not None else ""
                message += f"test={test[name]:.3f})"
    seconds = result["fit_time"] + result["score_time"]
    message += " total time=" + (f"{seconds / 60:4.1f}min" if seconds > 60 else f" {seconds:5.1f}s")
    start = f"[CV{progress}] END "
    return start + "." * (80 - len(start) - len(message)) + message


def _insert_error_scores(results: list[dict[str, Any]], error_score: Any) -> None:
    """Give failed fits the score names of the successful ones (a scorer may return a dict)."""
    names = next((list(r["test_scores"]) for r in results if r["fit_error"] is None), None)
    if names is None:
        return
    for result in results:
        if result["fit_error"] is not None:
            result["test_scores"] = dict.fromkeys(names, error_score)
            if "train_scores" in result:
                result["train_scores"] = dict.fromkeys(names, error_score)


def _warn_or_raise_about_fit_failures(results: list[dict[str, Any]], error_score: Any) -> None:
    errors = [r["fit_error"] for r in results if r["fit_error"] is not None]
    if not errors:
        return
    _insert_error_scores(results, error_score)
    summary = "\n".join(
        f"{errors.count(e)} fits failed with the following error:\n{e}" for e in dict.fromkeys(errors)
    )
    if len(errors) == len(results):
        raise ValueError(
            f"All the {len(results)} fits failed. It is very likely that your model is "
            "misconfigured. You can try to debug the error by setting error_score='raise'.\n\n"
            f"Below are more details about the failures:\n{summary}"
        )
    warnings.warn(FitFailedWarning(
        f"\n{len(errors)} fits failed out of a total of {len(results)}. The score on these "
        f"train-test partitions for these parameters will be set to {error_score}. If these "
        "failures are not expected, you can try to debug them by setting error_score='raise'."
        f"\n\nBelow are more details about the failures:\n{summary}"), stacklevel=3)


def _run_in_parallel(jobs: list, n_jobs: int | None, verbose: int, pre_dispatch: Any) -> list:
    import joblib  # local: joblib is needed only when fits actually run

    return joblib.Parallel(n_jobs=n_jobs, verbose=verbose, pre_dispatch=pre_dispatch)(
        joblib.delayed(function)(*args, **kwargs) for function, args, kwargs in jobs
    )


def _validate_cv_inputs(estimator: Any, X: Any, y: Any, *,
                        check_target: bool = True) -> tuple[Any, Any]:
    """Check the estimator, make ``X`` and ``y`` indexable and of the same length.

    ``check_target``: refuse ``y=None`` up front for an estimator whose tags require ``y``
    (instead of once per fold)."""
    _check_estimator(estimator)
    if X is None:
        raise ValueError("X must be an array-like of samples, got None.")
    if y is None and check_target:
        tags = getattr(estimator, "__sklearn_tags__", None)
        if tags is not None and tags().target_tags.required:
            raise ValueError(
                f"{type(estimator).__name__} requires y to be passed, but the target y is None."
            )
    X, y = _indexable(X), _indexable(y)
    if y is not None:
        check_consistent_length(X, y)
    return X, y


def cross_validate(
    estimator: Any,
    X: Any,
    y: Any = None,
    *,
    groups: Any = None,
    scoring: Any = None,
    cv: Any = None,
    n_jobs: int | None = None,
    verbose: int = 0,
    params: dict[str, Any] | None = None,
    pre_dispatch: Any = "2*n_jobs",
    return_train_score: bool = False,
    return_estimator: bool = False,
    return_indices: bool = False,
    error_score: Any = np.nan,
) -> dict[str, np.ndarray]:
    """Evaluate metrics by cross-validation, with fit and score times.

    Parameters
    ----------
    estimator : estimator
        Any object with ``fit``, ``get_params`` and ``set_params``; a clone is fitted on
        each split.
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), default=None
    groups : array-like of shape (n_samples,), default=None
        Group labels of the samples, for the splitters that keep groups apart
        (e.g. :class:`GroupKFold`).
    scoring : str, callable, list, tuple, dict or None, default=None
        One score (a name from :func:`get_scorer_names`, a callable
        ``scorer(estimator, X, y)`` -- which may return a dict of named scores -- or None
        for ``estimator.score``), or several (a list of names, or a dict name -> scorer).
    cv : int, splitter, iterable or None, default=None
        See :func:`check_cv`: 5-fold by default, stratified for classifiers.
    n_jobs : int, default=None
        Number of parallel fits (joblib); -1 uses all processors or all the workers of the
        active joblib backend (e.g. Dask).
    verbose : int, default=0
        joblib's verbosity.
    params : dict, default=None
        Passed to ``fit``; per-sample arrays are split with the data.
    pre_dispatch : int or str, default="2*n_jobs"
        joblib's number of pre-dispatched jobs.
    return_train_score : bool, default=False
        Also score the training sets.
    return_estimator : bool, default=False
        Also return the fitted estimators.
    return_indices : bool, default=False
        Also return the train and test indices of each split.
    error_score : "raise" or float, default=np.nan
        Score given to a failed fit (with a :class:`FitFailedWarning`), or "raise".

    Returns
    -------
    scores : dict of arrays
        ``fit_time``, ``score_time``, ``test_score`` (or ``test_<name>`` for several
        scores), and ``train_*``, ``estimator``, ``indices`` when asked; one entry per split.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.dummy import DummyRegressor
    >>> from syllabus.model_selection import cross_validate
    >>> X, y = np.zeros((6, 1)), np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    >>> cross_validate(DummyRegressor(), X, y, cv=3,
    ...                scoring="neg_mean_absolute_error")["test_score"].tolist()
    [-3.0, -0.5, -3.0]
    """
    X, y = _validate_cv_inputs(estimator, X, y)
    _check_error_score(error_score)
    scorers = _check_multimetric_scoring(estimator, scoring)
    splitter = check_cv(cv, y, classifier=is_classifier(estimator))
    splits = list(splitter.split(X, y, groups))
    jobs = [
        (_fit_and_score, (clone(estimator), X, y),
         dict(scorers=scorers, train=train, test=test, fit_params=params,
              return_train_score=return_train_score, return_estimator=return_estimator,
              error_score=error_score))
        for train, test in splits
    ]
    results = _run_in_parallel(jobs, n_jobs, verbose, pre_dispatch)
    _warn_or_raise_about_fit_failures(results, error_score)

    out: dict[str, Any] = {
        "fit_time": np.array([r["fit_time"] for r in results]),
        "score_time": np.array([r["score_time"] for r in results]),
    }
    if return_estimator:
        out["estimator"] = [r["estimator"] for r in results]
    if return_indices:
        out["indices"] = {"train": [train for train, _ in splits],
                          "test": [test for _, test in splits]}
    for name in results[0]["test_scores"]:  # a callable scorer may name its scores
        out[f"test_{name}"] = np.array([r["test_scores"][name] for r in results])
        if return_train_score:
            out[f"train_{name}"] = np.array([r["train_scores"][name] for r in results])
    return out


def cross_val_score(
    estimator: Any,
    X: Any,
    y: Any = None,
    *,
    groups: Any = None,
    scoring: str | Callable | None = None,
    cv: Any = None,
    n_jobs: int | None = None,
    verbose: int = 0,
    params: dict[str, Any] | None = None,
    pre_dispatch: Any = "2*n_jobs",
    error_score: Any = np.nan,
) -> np.ndarray:
    """The test score of each cross-validation split.

    Parameters
    ----------
    estimator : estimator
        Any object with ``fit``, ``get_params`` and ``set_params``.
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), default=None
    groups : array-like of shape (n_samples,), default=None
        Group labels of the samples, for the splitters that use them.
    scoring : str, callable or None, default=None
        A name from :func:`get_scorer_names`, a callable ``scorer(estimator, X, y)``, or
        None for the estimator's ``score`` method.
    cv : int, splitter, iterable or None, default=None
        See :func:`check_cv`: 5-fold by default, stratified for classifiers.
    n_jobs : int, default=None
        Number of parallel fits (joblib).
    verbose : int, default=0
        joblib's verbosity.
    params : dict, default=None
        Passed to ``fit``; per-sample arrays are split with the data.
    pre_dispatch : int or str, default="2*n_jobs"
        joblib's number of pre-dispatched jobs.
    error_score : "raise" or float, default=np.nan
        Score given to a failed fit, or "raise".

    Returns
    -------
    scores : ndarray of shape (n_splits,)

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.dummy import DummyClassifier
    >>> from syllabus.model_selection import cross_val_score
    >>> X, y = np.zeros((8, 1)), np.array([0, 0, 0, 1, 1, 1, 1, 1])
    >>> cross_val_score(DummyClassifier(), X, y, cv=2).tolist()
    [0.5, 0.25]
    """
    if scoring is not None and not (isinstance(scoring, str) or callable(scoring)):
        raise ValueError(
            f"cross_val_score takes one scoring (str, callable or None), got {scoring!r}; "
            "use cross_validate for several."
        )
    results = cross_validate(
        estimator, X, y, groups=groups, scoring=scoring, cv=cv, n_jobs=n_jobs, verbose=verbose,
        params=params, pre_dispatch=pre_dispatch, error_score=error_score,
    )
    return results["test_score"]


_CLASS_SCORE_METHODS = ("decision_function", "predict_proba", "predict_log_proba")


def cross_val_predict(
    estimator: Any,
    X: Any,
    y: Any = None,
    *,
    groups: Any = None,
    cv: Any = None,
    n_jobs: int | None = None,
    verbose: int = 0,
    params: dict[str, Any] | None = None,
    pre_dispatch: Any = "2*n_jobs",
    method: str = "predict",
) -> np.ndarray | list:
    """Each sample's prediction by the model fitted on the folds that leave it out.

    The test sets of ``cv`` must partition the samples (each tested exactly once); the
    predictions come back in the samples' order. For ``predict_proba``,
    ``predict_log_proba`` and ``decision_function`` the columns are the classes of the
    whole ``y``, sorted; a class missing from a fold's training set gets probability 0
    (or the smallest float for log-probabilities and decision values), with a warning.

    Parameters
    ----------
    estimator : estimator
        Any object with ``fit`` and ``method``; a clone is fitted on each training set.
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, n_outputs), default=None
    groups : array-like of shape (n_samples,), default=None
        Group labels, for the splitters that use them.
    cv : int, splitter, iterable or None, default=None
        See :func:`check_cv`: 5-fold by default, stratified for classifiers.
    n_jobs : int, default=None
        Number of parallel fits (joblib).
    verbose : int, default=0
        joblib's verbosity.
    params : dict, default=None
        Passed to ``fit``; per-sample arrays are split with the data.
    pre_dispatch : int or str, default="2*n_jobs"
        joblib's number of pre-dispatched jobs.
    method : {"predict", "predict_proba", "predict_log_proba", "decision_function"} or str, \
            default="predict"
        The estimator's method to call on each test set.

    Returns
    -------
    predictions : ndarray (or list of ndarrays for multi-output class scores)

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.dummy import DummyRegressor
    >>> from syllabus.model_selection import cross_val_predict
    >>> X, y = np.zeros((4, 1)), np.array([1.0, 2.0, 3.0, 4.0])
    >>> cross_val_predict(DummyRegressor(), X, y, cv=2).tolist()
    [3.5, 3.5, 1.5, 1.5]
    """
    X, y = _validate_cv_inputs(estimator, X, y, check_target=False)
    splits = list(check_cv(cv, y, classifier=is_classifier(estimator)).split(X, y, groups))
    test_indices = np.concatenate([test for _, test in splits])
    n_samples = _num_samples(X)
    if len(test_indices) != n_samples or not np.array_equal(np.sort(test_indices),
                                                            np.arange(n_samples)):
        raise ValueError("cross_val_predict only works for partitions")
    encode = method in _CLASS_SCORE_METHODS and y is not None
    if encode:  # class indices, so that every fold's columns line up
        y = np.asarray(y)
        y = encode_labels(y)[1] if y.ndim == 1 else \
            np.column_stack([encode_labels(column)[1] for column in y.T])
    jobs = [(_fit_and_predict, (clone(estimator), X, y, train, test, params, method), {})
            for train, test in splits]
    predictions = _run_in_parallel(jobs, n_jobs, verbose, pre_dispatch)
    order = np.empty(n_samples, dtype=np.intp)
    order[test_indices] = np.arange(n_samples)
    if isinstance(predictions[0], list):  # multi-output class scores: one array per output
        return [np.concatenate([p[k] for p in predictions])[order]
                for k in range(len(predictions[0]))]
    if issparse(predictions[0]):
        return type(predictions[0])(_sparse_vstack(predictions))[order]
    return np.concatenate(predictions)[order]


def _sparse_vstack(blocks: list) -> Any:
    import scipy.sparse  # a sparse prediction means SciPy is installed

    return scipy.sparse.vstack(blocks, format="csr")


def _fit_and_predict(estimator: Any, X: Any, y: Any, train: np.ndarray, test: np.ndarray,
                     params: dict[str, Any] | None, method: str) -> Any:
    """Fit on ``train``, then ``estimator.<method>`` on ``test``, columns for every class."""
    X_train, y_train = _safe_split(estimator, X, y, train)
    X_test, _ = _safe_split(estimator, X, y, test, train)
    fit_kwargs = _fit_params_for(params, train, _num_samples(X))
    if y_train is None:
        estimator.fit(X_train, **fit_kwargs)
    else:
        estimator.fit(X_train, y_train, **fit_kwargs)
    predictions = getattr(estimator, method)(X_test)
    if method not in _CLASS_SCORE_METHODS or y is None:
        return predictions
    if isinstance(predictions, list):
        return [_all_class_columns(estimator.classes_[k], p, len(np.unique(y[:, k])), method)
                for k, p in enumerate(predictions)]
    n_classes = len(np.unique(y)) if y.ndim == 1 else y.shape[1]
    return _all_class_columns(estimator.classes_, predictions, n_classes, method)


def _all_class_columns(fold_classes: np.ndarray, predictions: np.ndarray, n_classes: int,
                       method: str) -> np.ndarray:
    """Spread a fold's columns (its classes only) over the columns of all the classes."""
    if len(fold_classes) == n_classes:
        return predictions
    advice = "To fix this, use a cross-validation technique resulting in properly " \
             "stratified folds"
    warnings.warn(f"Number of classes in training fold ({len(fold_classes)}) does not match "
                  f"total number of classes ({n_classes}). Results may not be appropriate "
                  f"for your use case. {advice}", RuntimeWarning, stacklevel=2)
    if method == "decision_function":
        if predictions.ndim == 2 and predictions.shape[1] != len(fold_classes):
            raise ValueError(f"Output shape {predictions.shape} of {method} does not match "
                             f"number of classes ({len(fold_classes)}) in fold. Irregular "
                             "decision_function outputs are not currently supported by "
                             "cross_val_predict")
        if len(fold_classes) <= 2:  # a binary decision function is one column
            raise ValueError(f"Only {len(fold_classes)} class/es in training fold, but "
                             f"{n_classes} in overall dataset. This is not supported for "
                             f"decision_function with imbalanced folds. {advice}")
    fill = 0.0 if method == "predict_proba" else np.finfo(predictions.dtype).min
    full = np.full((predictions.shape[0], n_classes), fill, dtype=predictions.dtype)
    full[:, fold_classes] = predictions
    return full


def permutation_test_score(
    estimator: Any,
    X: Any,
    y: Any,
    *,
    groups: Any = None,
    cv: Any = None,
    n_permutations: int = 100,
    n_jobs: int | None = None,
    random_state: Any = 0,
    verbose: int = 0,
    scoring: str | Callable | None = None,
    params: dict[str, Any] | None = None,
) -> tuple[float, np.ndarray, float]:
    """Is the cross-validated score better than chance? A permutation test.

    The mean CV score on the true labels is compared with its distribution when the labels
    are shuffled (within each group, if ``groups`` is given), which breaks any link between
    ``X`` and ``y``: ``p = (#{permuted >= score} + 1) / (n_permutations + 1)``.

    Parameters
    ----------
    estimator : estimator
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
    groups : array-like of shape (n_samples,), default=None
        Labels are only permuted among samples of the same group; the groups also go to
        the splitter.
    cv : int, splitter, iterable or None, default=None
        See :func:`check_cv`.
    n_permutations : int, default=100
        Number of label permutations.
    n_jobs : int, default=None
        Number of parallel fits (joblib).
    random_state : int, RandomState instance or None, default=0
        Seed of the permutations (scikit-learn's draws for the same int).
    verbose : int, default=0
        joblib's verbosity.
    scoring : str, callable or None, default=None
        One score; None uses the estimator's ``score``.
    params : dict, default=None
        Passed to ``fit``; per-sample arrays are split with the data.

    Returns
    -------
    score : float
        Mean CV score on the true labels.
    permutation_scores : ndarray of shape (n_permutations,)
        Mean CV score on each permutation.
    pvalue : float

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import LogisticRegression
    >>> from syllabus.model_selection import permutation_test_score
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(40, 2)); y = (X[:, 0] > 0).astype(int)
    >>> score, _, pvalue = permutation_test_score(LogisticRegression(), X, y, n_permutations=9)
    >>> round(score, 2), round(pvalue, 2)
    (0.93, 0.1)
    """
    X, y = _validate_cv_inputs(estimator, X, y)
    splitter = check_cv(cv, y, classifier=is_classifier(estimator))
    rng = check_random_state(random_state)

    def mean_score(labels: Any) -> tuple:
        return (cross_val_score, (clone(estimator), X, labels),
                dict(groups=groups, cv=splitter, scoring=scoring, params=params))

    score = float(np.mean(cross_val_score(clone(estimator), X, y, groups=groups, cv=splitter,
                                          scoring=scoring, params=params)))
    jobs = [mean_score(_take(y, _permutation(len(y), groups, rng)))
            for _ in range(n_permutations)]
    permutation_scores = np.array([np.mean(s) for s in
                                   _run_in_parallel(jobs, n_jobs, verbose, "2*n_jobs")])
    pvalue = (np.sum(permutation_scores >= score) + 1.0) / (n_permutations + 1)
    return score, permutation_scores, float(pvalue)


def _permutation(n_samples: int, groups: Any, rng: np.random.RandomState) -> np.ndarray:
    """A random permutation of the samples that keeps each one in its group."""
    if groups is None:
        return rng.permutation(n_samples)
    groups = np.asarray(groups)
    indices = np.arange(n_samples)
    for group in np.unique(groups):
        members = groups == group
        indices[members] = rng.permutation(indices[members])
    return indices
