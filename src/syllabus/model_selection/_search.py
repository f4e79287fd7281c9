"""Exhaustive search over a grid of hyper-parameters, scored by cross-validation."""

from __future__ import annotations

import numbers
import time
import types
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import product
from typing import Any

import numpy as np

from ..base import BaseEstimator, clone, is_classifier
from ..metrics._scorer import _check_multimetric_scoring, accepts_sample_weight
from ..utils import Interval, StrOptions, check_is_fitted, check_random_state
from ._split import check_cv
from ._validation import (
    _fit_and_score,
    _run_in_parallel,
    _validate_cv_inputs,
    _warn_or_raise_about_fit_failures,
)

__all__ = ["GridSearchCV", "ParameterGrid", "ParameterSampler", "RandomizedSearchCV"]


class ParameterGrid:
    """Every combination of the values of a parameter grid, in scikit-learn's order.

    Parameters
    ----------
    param_grid : dict of str to sequence, or sequence of such dicts
        Each dict maps a parameter name to the values to try; a list of dicts is the union
        of their grids (parameters not in a dict are left as they are). Within a dict the
        names are sorted and the last one varies fastest.

    Examples
    --------
    >>> from syllabus.model_selection import ParameterGrid
    >>> list(ParameterGrid({"b": [1, 2], "a": ["x"]}))
    [{'a': 'x', 'b': 1}, {'a': 'x', 'b': 2}]
    """

    def __init__(self, param_grid: Mapping | Sequence[Mapping]) -> None:
        grids = [param_grid] if isinstance(param_grid, Mapping) else param_grid
        if not isinstance(grids, Sequence) or isinstance(grids, str):
            raise TypeError(f"Parameter grid should be a dict or a list, got: {param_grid!r} of "
                            f"type {type(param_grid).__name__}")
        for grid in grids:
            if not isinstance(grid, Mapping):
                raise TypeError(f"Parameter grid is not a dict ({grid!r})")
            for name, values in grid.items():
                if isinstance(values, np.ndarray) and values.ndim > 1:
                    raise ValueError(
                        f"Parameter array for {name!r} should be one-dimensional, got: "
                        f"{values!r} with shape {values.shape}"
                    )
                if isinstance(values, str) or not isinstance(values, (np.ndarray, Sequence)):
                    raise TypeError(
                        f"Parameter grid for parameter {name!r} needs to be a list or a numpy "
                        f"array, but got {values!r} (of type {type(values).__name__}) instead. "
                        "Single values need to be wrapped in a list with one element."
                    )
                if len(values) == 0:
                    raise ValueError(
                        f"Parameter grid for parameter {name!r} need to be a non-empty "
                        f"sequence, got: {values!r}"
                    )
        self.param_grid = list(grids)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for grid in self.param_grid:
            names = sorted(grid)
            for values in product(*(grid[name] for name in names)):
                yield dict(zip(names, values))

    def __len__(self) -> int:
        return sum(int(np.prod([len(v) for v in grid.values()])) for grid in self.param_grid)

    def __getitem__(self, index: int) -> dict[str, Any]:
        """The ``index``-th combination, in iteration order, without enumerating the others."""
        for grid in self.param_grid:
            names = sorted(grid)
            sizes = [len(grid[name]) for name in names]
            total = int(np.prod(sizes))
            if index >= total:
                index -= total
                continue
            params = {}
            for name, size in zip(names[::-1], sizes[::-1]):  # the last name varies fastest
                index, offset = divmod(index, size)
                params[name] = grid[name][offset]
            return dict(sorted(params.items()))
        raise IndexError("ParameterGrid index out of range")


def _sample_without_replacement(n_population: int, n_samples: int,
                                rng: np.random.RandomState) -> list[int]:
    """``n_samples`` distinct integers below ``n_population``: scikit-learn's draws.

    The same choice of method as scikit-learn's ``sample_without_replacement(method="auto")``
    and the same calls to ``rng``, so a seed gives the same candidates.
    """
    ratio = n_samples / n_population if n_population else 1.0
    if 0.01 < ratio < 0.99:
        return rng.permutation(n_population)[:n_samples].tolist()
    if ratio < 0.2:  # tracking selection: redraw until new
        selected: list[int] = []
        seen: set[int] = set()
        for _ in range(n_samples):
            j = rng.randint(n_population)
            while j in seen:
                j = rng.randint(n_population)
            seen.add(j)
            selected.append(int(j))
        return selected
    reservoir = list(range(n_samples))  # reservoir sampling
    for i in range(n_samples, n_population):
        j = rng.randint(0, i + 1)
        if j < n_samples:
            reservoir[j] = i
    return reservoir


class ParameterSampler:
    """``n_iter`` parameter settings drawn at random, as scikit-learn's for the same seed.

    Lists are sampled uniformly, objects with ``rvs`` (e.g. ``scipy.stats`` distributions)
    through ``rvs(random_state=rng)``. When every value is a list, settings are drawn
    from the grid without replacement.

    Parameters
    ----------
    param_distributions : dict or list of dicts
        Parameter names mapped to lists or distributions; with a list of dicts, each
        draw first picks one dict uniformly.
    n_iter : int
        Number of settings (at most the grid size when everything is a list).
    random_state : int, RandomState instance or None, default=None
        Seed of the draws.

    Examples
    --------
    >>> from syllabus.model_selection import ParameterSampler
    >>> len(list(ParameterSampler({"a": [1, 2, 3], "b": [0, 1]}, n_iter=4, random_state=0)))
    4
    """

    def __init__(self, param_distributions: Any, n_iter: int, *, random_state: Any = None):
        if not isinstance(param_distributions, (Mapping, Iterable)):
            raise TypeError(
                "Parameter distribution is not a dict or a list, got: "
                f"{param_distributions!r} of type {type(param_distributions).__name__}"
            )
        if isinstance(param_distributions, Mapping):
            param_distributions = [param_distributions]
        for dist in param_distributions:
            if not isinstance(dist, dict):
                raise TypeError(f"Parameter distribution is not a dict ({dist!r})")
            for key, value in dist.items():
                if not isinstance(value, Iterable) and not hasattr(value, "rvs"):
                    raise TypeError(f"Parameter grid for parameter {key!r} is not iterable or "
                                    f"a distribution (value={value})")
        self.n_iter = n_iter
        self.random_state = random_state
        self.param_distributions = param_distributions

    def _is_all_lists(self) -> bool:
        return all(not hasattr(v, "rvs") for d in self.param_distributions for v in d.values())

    def __iter__(self) -> Iterator[dict[str, Any]]:
        rng = check_random_state(self.random_state)
        if self._is_all_lists():
            grid = ParameterGrid(self.param_distributions)
            n_iter = self.n_iter
            if len(grid) < n_iter:
                warnings.warn(
                    f"The total space of parameters {len(grid)} is smaller than "
                    f"n_iter={self.n_iter}. Running {len(grid)} iterations. For exhaustive "
                    "searches, use GridSearchCV.",
                    UserWarning,
                    stacklevel=2,
                )
                n_iter = len(grid)
            for index in _sample_without_replacement(len(grid), n_iter, rng):
                yield grid[index]
            return
        for _ in range(self.n_iter):
            dist = rng.choice(self.param_distributions)
            params = {}
            for name, value in sorted(dist.items()):
                if hasattr(value, "rvs"):
                    params[name] = value.rvs(random_state=rng)
                else:
                    params[name] = value[rng.randint(len(value))]
            yield params

    def __len__(self) -> int:
        if self._is_all_lists():
            return min(self.n_iter, len(ParameterGrid(self.param_distributions)))
        return self.n_iter


def _param_columns(candidates: list[dict[str, Any]]) -> dict[str, np.ma.MaskedArray]:
    # One masked array per parameter: masked where a candidate does not set it (a list of
    # grids may use different parameters). Object dtype for strings and sequences.
    columns: dict[str, dict[int, Any]] = {}
    for index, params in enumerate(candidates):
        for name, value in params.items():
            columns.setdefault(f"param_{name}", {})[index] = value
    out = {}
    for key, values in columns.items():
        try:
            probe = np.array(list(values.values()))
            dtype = probe.dtype if probe.dtype.kind != "U" and probe.ndim == 1 else object
        except ValueError:
            dtype = object
        column = np.ma.MaskedArray(np.empty(len(candidates), dtype=dtype), mask=True)
        for index, value in values.items():
            column[index] = value
        out[key] = column
    return out


class _if_estimator_has:  # noqa: N801 - used as a decorator
    """A method that exists only when the tuned estimator has a method of the same name.

    So ``hasattr(search, "predict_proba")`` answers like the estimator it wraps (the
    refitted ``best_estimator_`` once fitted, else ``estimator``).
    """

    def __init__(self, method: Any) -> None:
        self.method = method
        self.__doc__ = method.__doc__
        self.__name__ = method.__name__

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self.method
        try:  # refit=False or an estimator without the method: scikit-learn's chained error
            if obj.refit is False:
                raise AttributeError(
                    f"This {type(obj).__name__} instance was initialized with `refit=False`. "
                    f"{self.__name__} is available only after refitting on the best "
                    "parameters. You can refit an estimator manually using the "
                    "`best_params_` attribute"
                )
            inner = getattr(obj, "best_estimator_", None)
            getattr(obj.estimator if inner is None else inner, self.__name__)
        except AttributeError as exc:
            raise AttributeError(
                f"'{type(obj).__name__}' has no attribute '{self.__name__}'") from exc
        return types.MethodType(self.method, obj)


def _rank_descending(means: np.ndarray) -> np.ndarray:
    """Rank 1 for the highest mean, ties share the lowest rank, NaN ranks last."""
    if np.isnan(means).all():
        return np.ones(len(means), dtype=np.int32)
    filled = np.where(np.isnan(means), np.nanmin(means) - 1, means)
    return (np.searchsorted(np.sort(-filled), -filled, side="left") + 1).astype(np.int32)


class _BaseSearchCV(BaseEstimator):
    """Shared by the searches: fit every candidate on every split, refit the best one.

    Subclasses give the candidates (``_candidate_params``).
    """

    def _candidate_params(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    # -- tags: a search behaves like the estimator it tunes -----------------------------
    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = getattr(self.estimator, "__sklearn_tags__", None)
        if inner is None:
            return tags
        inner = inner()
        tags.estimator_type = inner.estimator_type
        tags.classifier_tags = inner.classifier_tags
        tags.regressor_tags = inner.regressor_tags
        tags.transformer_tags = inner.transformer_tags
        tags.target_tags = inner.target_tags
        tags.input_tags = inner.input_tags
        return tags

    def _refit_metric(self, scorers: dict[str, Any], multimetric: bool) -> str:
        if not multimetric:
            return "score"
        if self.refit is False or callable(self.refit):
            return self.refit
        if not isinstance(self.refit, str) or self.refit not in scorers:
            raise ValueError(
                "For multi-metric scoring, the parameter refit must be set to a scorer key or a "
                f"callable to refit an estimator with the best parameter setting on the whole "
                f"data and make the best_* attributes available for that metric. If this is "
                f"not needed, refit should be set to False explicitly. {self.refit!r} was passed."
            )
        return self.refit

    def fit(self, X: Any, y: Any = None, **params: Any) -> _BaseSearchCV:
        """Fit every candidate on every split, then refit the best one.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), default=None
        **params : dict
            Passed to the estimator's ``fit``; per-sample arrays are split with the data.
            ``groups`` goes to the splitter instead. ``sample_weight`` also weights the
            test scores when the scorer accepts it (as scikit-learn does; a scorer that
            does not gets a warning).

        Returns
        -------
        self : object
        """
        self._validate_params()
        scorers = _check_multimetric_scoring(self.estimator, self.scoring)  # first, as sklearn
        X, y = _validate_cv_inputs(self.estimator, X, y)
        params = dict(params)
        groups = params.pop("groups", None)
        candidates = self._candidate_params()
        multimetric = not (self.scoring is None or isinstance(self.scoring, str)
                           or callable(self.scoring))
        refit_metric = self._refit_metric(scorers, multimetric)
        score_params = self._score_params(scorers, params)
        splitter = check_cv(self.cv, y, classifier=is_classifier(self.estimator))
        splits = list(splitter.split(X, y, groups))
        n_splits = splitter.get_n_splits(X, y, groups)
        if len(splits) != n_splits:
            raise ValueError("cv.split and cv.get_n_splits return inconsistent results. "
                             f"Expected {n_splits} splits, got {len(splits)}")
        if n_splits == 0 or not candidates:
            raise ValueError("No fits were performed. Was the CV iterator empty? Were there no "
                             "candidates?")
        if self.verbose > 0:
            print(f"Fitting {n_splits} folds for each of {len(candidates)} candidates, "
                  f"totalling {n_splits * len(candidates)} fits")
        base = clone(self.estimator)
        jobs = [
            (_fit_and_score, (clone(base), X, y),
             dict(scorers=scorers, train=train, test=test, parameters=candidate,
                  fit_params=params, score_params=score_params,
                  return_train_score=self.return_train_score, error_score=self.error_score,
                  verbose=self.verbose, split_progress=(k, n_splits)))
            for candidate, (k, (train, test)) in product(candidates, enumerate(splits))
        ]
        results = _run_in_parallel(jobs, self.n_jobs, self.verbose, self.pre_dispatch)
        _warn_or_raise_about_fit_failures(results, self.error_score)
        names = list(results[0]["test_scores"])
        if callable(self.scoring) and names != ["score"]:  # a callable returning a dict
            multimetric = True
            scorers = dict.fromkeys(names, self.scoring)
            refit_metric = self._refit_metric(scorers, multimetric)

        self.cv_results_ = self._format_results(candidates, n_splits, names, results)
        self.multimetric_ = multimetric
        self.n_splits_ = n_splits
        self.scorer_ = (self.scoring if callable(self.scoring) else scorers) if multimetric \
            else scorers["score"]
        if self.refit is not False or not multimetric:
            self.best_index_ = self._best_index(refit_metric)
            if not callable(self.refit):
                self.best_score_ = float(
                    self.cv_results_[f"mean_test_{refit_metric}"][self.best_index_])
            self.best_params_ = self.cv_results_["params"][self.best_index_]
        if self.refit is not False:
            self.best_estimator_ = clone(base).set_params(**clone(self.best_params_, safe=False))
            start = time.perf_counter()
            if y is None:
                self.best_estimator_.fit(X, **params)
            else:
                self.best_estimator_.fit(X, y, **params)
            self.refit_time_ = time.perf_counter() - start
            if hasattr(self.best_estimator_, "feature_names_in_"):
                self.feature_names_in_ = self.best_estimator_.feature_names_in_
        return self

    def _score_params(self, scorers: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
        """``sample_weight`` for the scorers, when one of them accepts it (else a warning)."""
        if params.get("sample_weight") is None:
            return {}
        accepted = {name: accepts_sample_weight(scorer) for name, scorer in scorers.items()}
        for name, scorer in scorers.items():
            if not accepted[name]:
                shown = f"{name}={scorer}" if len(scorers) > 1 else f"{scorer}"
                warnings.warn(
                    f"The scoring {shown} does not support sample_weight, which may lead to "
                    f"statistically incorrect results when fitting {self} with sample_weight. ",
                    UserWarning,
                    stacklevel=3,
                )
        return {"sample_weight": params["sample_weight"]} if any(accepted.values()) else {}

    def _best_index(self, refit_metric: Any) -> int:
        if callable(self.refit):
            index = self.refit(self.cv_results_)
            if isinstance(index, bool) or not isinstance(index, numbers.Integral):
                raise TypeError("best_index_ returned is not an integer")
            if not 0 <= index < len(self.cv_results_["params"]):
                raise IndexError("best_index_ index out of range")
            return int(index)
        return int(self.cv_results_[f"rank_test_{refit_metric}"].argmin())

    def _format_results(self, candidates, n_splits, names, results) -> dict[str, Any]:
        n_candidates = len(candidates)
        cv_results: dict[str, Any] = {}

        def store(key, values, *, splits=False, rank=False):
            table = np.asarray(values, dtype=np.float64).reshape(n_candidates, n_splits)
            if splits:
                for k in range(n_splits):
                    cv_results[f"split{k}_{key}"] = table[:, k]
            means = table.mean(axis=1)
            cv_results[f"mean_{key}"] = means
            if key.startswith(("train_", "test_")) and not np.all(np.isfinite(means)):
                warnings.warn(f"One or more of the {key.split('_')[0]} scores are non-finite: "
                              f"{means}", UserWarning, stacklevel=4)
            cv_results[f"std_{key}"] = np.sqrt(((table - means[:, None]) ** 2).mean(axis=1))
            if rank:
                cv_results[f"rank_{key}"] = _rank_descending(means)

        store("fit_time", [r["fit_time"] for r in results])
        store("score_time", [r["score_time"] for r in results])
        cv_results.update(_param_columns(candidates))
        cv_results["params"] = candidates
        for name in names:
            store(f"test_{name}", [r["test_scores"][name] for r in results], splits=True,
                  rank=True)
            if self.return_train_score:
                store(f"train_{name}", [r["train_scores"][name] for r in results], splits=True)
        return cv_results

    # -- delegation to the refitted best estimator ---------------------------------------
    def _best(self, method: str) -> Any:
        check_is_fitted(self)
        if self.refit is False:
            raise AttributeError(
                f"This {type(self).__name__} instance was initialized with `refit=False`. "
                f"{method} is available only after refitting on the best parameters. You "
                "can refit an estimator manually using the `best_params_` attribute"
            )
        return getattr(self.best_estimator_, method)

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "cv_results_")

    def score(self, X: Any, y: Any = None) -> float:
        """Score of ``best_estimator_`` on ``(X, y)`` with the deciding scorer."""
        self._best("fit")  # fitted, and refitted on the best parameters
        scorer = self.scorer_[self.refit] if isinstance(self.scorer_, dict) else self.scorer_
        value = scorer(self.best_estimator_, X, y)
        return value[self.refit] if isinstance(value, dict) else value

    @_if_estimator_has
    def predict(self, X: Any) -> np.ndarray:
        """``best_estimator_.predict(X)``."""
        return self._best("predict")(X)

    @_if_estimator_has
    def predict_proba(self, X: Any) -> np.ndarray:
        """``best_estimator_.predict_proba(X)``."""
        return self._best("predict_proba")(X)

    @_if_estimator_has
    def predict_log_proba(self, X: Any) -> np.ndarray:
        """``best_estimator_.predict_log_proba(X)``."""
        return self._best("predict_log_proba")(X)

    @_if_estimator_has
    def decision_function(self, X: Any) -> np.ndarray:
        """``best_estimator_.decision_function(X)``."""
        return self._best("decision_function")(X)

    @_if_estimator_has
    def transform(self, X: Any) -> np.ndarray:
        """``best_estimator_.transform(X)``."""
        return self._best("transform")(X)

    @_if_estimator_has
    def inverse_transform(self, X: Any) -> np.ndarray:
        """``best_estimator_.inverse_transform(X)``."""
        return self._best("inverse_transform")(X)

    @_if_estimator_has
    def score_samples(self, X: Any) -> np.ndarray:
        """``best_estimator_.score_samples(X)``."""
        return self._best("score_samples")(X)

    @property
    def classes_(self) -> np.ndarray:
        """Class labels of ``best_estimator_``."""
        return self._best("classes_")

    @property
    def n_features_in_(self) -> int:
        """Number of features seen by ``best_estimator_`` during fit."""
        return self._best("n_features_in_")


class GridSearchCV(_BaseSearchCV):
    """Exhaustive search of the best hyper-parameters by cross-validation.

    Every candidate of ``param_grid`` is fitted and scored on every split (fits in
    parallel through joblib); the best mean test score wins and, with ``refit``, a clone
    with those parameters is refitted on the whole data. ``cv_results_`` has
    scikit-learn's layout.

    Parameters
    ----------
    estimator : estimator
        Any object with ``fit``, ``get_params`` and ``set_params`` (syllabus or
        scikit-learn estimators).
    param_grid : dict or list of dicts
        Parameter names mapped to lists of values to try (see :class:`ParameterGrid`).
    scoring : str, callable, list, tuple, dict or None, default=None
        The score to maximise: a name from :func:`get_scorer_names`, a callable
        ``scorer(estimator, X, y)``, or None for ``estimator.score``; a list or dict for
        several scores (then ``refit`` names the one that selects the best candidate).
    n_jobs : int, default=None
        Number of parallel fits (joblib; -1: all processors or all Dask workers).
    refit : bool, str or callable, default=True
        Refit the best candidate on all the data (``best_estimator_``). With several
        scores, the name of the deciding score. A callable takes ``cv_results_`` and
        returns the best index.
    cv : int, splitter, iterable or None, default=None
        See :func:`check_cv`: 5-fold by default, stratified for classifiers.
    verbose : int, default=0
        Print the number of fits when > 0 (and joblib's progress).
    pre_dispatch : int or str, default="2*n_jobs"
        joblib's number of pre-dispatched jobs.
    error_score : "raise" or float, default=np.nan
        Score of a failed fit, or "raise".
    return_train_score : bool, default=False
        Also score the training sets (``split<k>_train_score``, ``mean_train_score``...).

    Attributes
    ----------
    cv_results_ : dict of arrays
        ``mean_fit_time``, ``std_fit_time``, ``mean_score_time``, ``std_score_time``,
        ``param_<name>`` (masked arrays), ``params``, ``split<k>_test_score``,
        ``mean_test_score``, ``std_test_score``, ``rank_test_score`` (``<score>`` replaced
        by each name with several scores), and the train scores when asked.
    best_estimator_ : estimator
        The refitted best candidate (when ``refit``).
    best_score_ : float
        Mean cross-validated score of the best candidate.
    best_params_ : dict
        Its parameters.
    best_index_ : int
        Its index in ``cv_results_``.
    scorer_ : callable or dict
        The scorer(s) used.
    n_splits_ : int
        Number of cross-validation splits.
    refit_time_ : float
        Seconds spent refitting the best candidate.
    multimetric_ : bool
        Whether several scores were computed.
    classes_ : ndarray
        The classes of ``best_estimator_`` (classifiers).
    n_features_in_ : int
        Number of features seen by ``best_estimator_``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.dummy import DummyRegressor
    >>> from syllabus.model_selection import GridSearchCV
    >>> X = np.zeros((8, 1)); y = np.array([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 9.0])
    >>> search = GridSearchCV(DummyRegressor(), {"strategy": ["mean", "median"]}, cv=2,
    ...                       scoring="neg_mean_absolute_error")
    >>> search.fit(X, y).best_params_
    {'strategy': 'median'}
    >>> search.cv_results_["mean_test_score"].tolist()
    [-2.5, -1.5]
    """

    _parameter_constraints = {
        "estimator": ["no_validation"],  # checked by _validate_cv_inputs: fit/get/set_params
        "param_grid": [dict, list],
        "scoring": [str, "callable", list, tuple, dict, None],
        "n_jobs": [numbers.Integral, None],
        "refit": ["boolean", str, "callable"],
        "cv": [numbers.Integral, "no_validation"],  # checked by check_cv
        "verbose": [Interval(numbers.Integral, 0, None, closed="left"), "boolean"],
        "pre_dispatch": [numbers.Integral, str],
        "error_score": [StrOptions({"raise"}), numbers.Real],
        "return_train_score": ["boolean"],
    }

    def __init__(
        self,
        estimator: Any,
        param_grid: Any,
        *,
        scoring: Any = None,
        n_jobs: int | None = None,
        refit: bool | str | Any = True,
        cv: Any = None,
        verbose: int = 0,
        pre_dispatch: Any = "2*n_jobs",
        error_score: Any = np.nan,
        return_train_score: bool = False,
    ) -> None:
        self.estimator = estimator
        self.param_grid = param_grid
        self.scoring = scoring
        self.n_jobs = n_jobs
        self.refit = refit
        self.cv = cv
        self.verbose = verbose
        self.pre_dispatch = pre_dispatch
        self.error_score = error_score
        self.return_train_score = return_train_score

    def _candidate_params(self) -> list[dict[str, Any]]:
        return list(ParameterGrid(self.param_grid))




class RandomizedSearchCV(_BaseSearchCV):
    """Search of the best hyper-parameters over ``n_iter`` random settings, by cross-validation.

    The settings are drawn by :class:`ParameterSampler` (the same as scikit-learn's for the
    same ``random_state``); each is fitted and scored on every split as in
    :class:`GridSearchCV`, whose attributes it has.

    Parameters
    ----------
    estimator : estimator
        Any object with ``fit``, ``get_params`` and ``set_params``.
    param_distributions : dict or list of dicts
        Parameter names mapped to lists (sampled uniformly) or distributions with ``rvs``.
    n_iter : int, default=10
        Number of settings tried.
    scoring : str, callable, list, tuple, dict or None, default=None
        As in :class:`GridSearchCV`.
    n_jobs : int, default=None
        Number of parallel fits (joblib).
    refit : bool, str or callable, default=True
        As in :class:`GridSearchCV`.
    cv : int, splitter, iterable or None, default=None
        See :func:`check_cv`.
    verbose : int, default=0
        Print the number of fits when > 0.
    pre_dispatch : int or str, default="2*n_jobs"
        joblib's number of pre-dispatched jobs.
    random_state : int, RandomState instance or None, default=None
        Seed of the sampled settings.
    error_score : "raise" or float, default=np.nan
        Score of a failed fit or scorer, or "raise".
    return_train_score : bool, default=False
        Also score the training sets.

    Attributes
    ----------
    cv_results_ : dict of arrays
        As in :class:`GridSearchCV`, one row per sampled setting.
    best_estimator_ : estimator
        The refitted best setting (when ``refit``).
    best_score_ : float
        Mean cross-validated score of the best setting.
    best_params_ : dict
        Its parameters.
    best_index_ : int
        Its index in ``cv_results_``.
    scorer_ : callable or dict
        The scorer(s) used.
    n_splits_ : int
        Number of cross-validation splits.
    refit_time_ : float
        Seconds spent refitting the best setting.
    multimetric_ : bool
        Whether several scores were computed.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.dummy import DummyRegressor
    >>> from syllabus.model_selection import RandomizedSearchCV
    >>> X = np.zeros((8, 1)); y = np.array([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 9.0])
    >>> search = RandomizedSearchCV(DummyRegressor(), {"strategy": ["mean", "median"]},
    ...                             n_iter=2, cv=2, scoring="neg_mean_absolute_error",
    ...                             random_state=0)
    >>> search.fit(X, y).best_params_
    {'strategy': 'median'}
    """

    _parameter_constraints = {
        **GridSearchCV._parameter_constraints,
        "param_distributions": [dict, list],
        "n_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }
    del _parameter_constraints["param_grid"]

    def __init__(
        self,
        estimator: Any,
        param_distributions: Any,
        *,
        n_iter: int = 10,
        scoring: Any = None,
        n_jobs: int | None = None,
        refit: bool | str | Any = True,
        cv: Any = None,
        verbose: int = 0,
        pre_dispatch: Any = "2*n_jobs",
        random_state: Any = None,
        error_score: Any = np.nan,
        return_train_score: bool = False,
    ) -> None:
        self.estimator = estimator
        self.param_distributions = param_distributions
        self.n_iter = n_iter
        self.scoring = scoring
        self.n_jobs = n_jobs
        self.refit = refit
        self.cv = cv
        self.verbose = verbose
        self.pre_dispatch = pre_dispatch
        self.random_state = random_state
        self.error_score = error_score
        self.return_train_score = return_train_score

    def _candidate_params(self) -> list[dict[str, Any]]:
        return list(ParameterSampler(self.param_distributions, self.n_iter,
                                     random_state=self.random_state))
