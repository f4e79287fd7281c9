"""Bagging: average copies of an estimator fitted on random subsets of the samples and of
the features.

Drawing samples with replacement is bagging (Breiman, 1996), without replacement pasting,
drawing features random subspaces (Ho, 1998), both random patches (Louppe & Geurts, 2012).
The draws are scikit-learn's from the same ``random_state``: all the seeds first,
``randint(2**31 - 1, size=n_estimators)`` (a warm start skips those of the members already
fitted); from each seed ``s`` the member's ``*random_state`` parameters are drawn from
``RandomState(s)``, and a second ``RandomState(s)`` draws the member's features, then its
samples. A member whose ``fit`` takes ``sample_weight`` gets the draw counts as weights
(the out-of-bag samples weigh nothing); any other is fitted on the drawn rows.
"""

from __future__ import annotations

import inspect
import warnings
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, ClassifierMixin, RegressorMixin
from ..metrics import accuracy_score, r2_score
from ..tree import DecisionTreeClassifier, DecisionTreeRegressor
from ..utils import (
    Interval,
    check_classification_targets,
    check_is_fitted,
    check_random_state,
    check_sample_weight,
    column_or_1d,
    validate_data,
)
from ._base import (
    MAX_INT,
    RESAMPLING_EXPECTED_FAILURES,
    EnsembleSequence,
    n_more_estimators,
    n_samples_bootstrap,
    new_member,
    parallel,
    warn_missing_oob,
)

__all__ = ["BaggingClassifier", "BaggingRegressor"]


def _sample_without_replacement(n_population: int, n_draw: int,
                                rng: np.random.RandomState) -> np.ndarray:
    """``n_draw`` distinct integers of ``[0, n_population)``, drawn as scikit-learn's
    ``sample_without_replacement`` (method "auto") draws them from ``rng``: a permutation's
    head for moderate ratios, else rejection of repeats (few draws) or reservoir sampling
    (almost all)."""
    ratio = n_draw / n_population if n_population else 1.0
    if 0.01 < ratio < 0.99:
        return rng.permutation(n_population)[:n_draw]
    if ratio < 0.2:  # tracking selection: redraw a value already taken
        taken: set[int] = set()
        out = np.empty(n_draw, dtype=np.intp)
        for i in range(n_draw):
            j = rng.randint(n_population)
            while j in taken:
                j = rng.randint(n_population)
            taken.add(j)
            out[i] = j
        return out
    # reservoir sampling: value i replaces slot j = randint(0, i + 1) when j < n_draw; the
    # slot keeps the last (largest) value written to it
    out = np.arange(n_draw)
    values = np.arange(n_draw, n_population)
    slots = rng.randint(0, values + 1) if len(values) else values
    kept = slots < n_draw
    np.maximum.at(out, slots[kept], values[kept])
    return out


def _draw(seed, bootstrap_features, bootstrap, n_features, n_samples, max_features,
          max_samples, sample_weight):
    """The features and the samples of the member seeded by ``seed``."""
    rng = np.random.RandomState(seed)
    if bootstrap_features:
        features = rng.randint(0, n_features, max_features)
    else:
        features = _sample_without_replacement(n_features, max_features, rng)
    if sample_weight is not None:
        samples = rng.choice(n_samples, max_samples, replace=bootstrap,
                             p=sample_weight / np.sum(sample_weight))
    elif bootstrap:
        samples = rng.randint(0, n_samples, max_samples)
    else:
        samples = _sample_without_replacement(n_samples, max_samples, rng)
    return features, samples


def _fit_member(member, X, y, features, samples, weighted, all_features):
    """Fit one member on its features, with the draw counts as sample weights (or on the
    drawn rows when it takes no weights)."""
    if weighted:
        X_ = X if all_features else X[:, features]
        member.fit(X_, y, sample_weight=np.bincount(samples, minlength=X.shape[0]))
    else:
        X_ = X[samples] if all_features else X[samples][:, features]
        member.fit(X_, y[samples])
    return member


class _Bagging(EnsembleSequence, BaseEstimator):
    _expected_failed_checks = RESAMPLING_EXPECTED_FAILURES
    _parameter_constraints: dict = {
        "estimator": [None, "no_validation"],
        "n_estimators": [Interval(Integral, 1, None, closed="left")],
        "max_samples": [None, Interval(Integral, 1, None, closed="left"),
                        Interval(Real, 0, 1, closed="right")],
        "max_features": [Interval(Integral, 1, None, closed="left"),
                         Interval(Real, 0, 1, closed="right")],
        "bootstrap": ["boolean"],
        "bootstrap_features": ["boolean"],
        "oob_score": ["boolean"],
        "warm_start": ["boolean"],
        "n_jobs": [Integral, None],
        "random_state": ["random_state"],
        "verbose": [Interval(Integral, 0, None, closed="left"), "boolean"],
    }

    def __init__(self, estimator: Any = None, n_estimators: int = 10, *,
                 max_samples: int | float | None = None, max_features: int | float = 1.0,
                 bootstrap: bool = True, bootstrap_features: bool = False,
                 oob_score: bool = False, warm_start: bool = False, n_jobs: int | None = None,
                 random_state: Any = None, verbose: int = 0) -> None:
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.max_samples = max_samples
        self.max_features = max_features
        self.bootstrap = bootstrap
        self.bootstrap_features = bootstrap_features
        self.oob_score = oob_score
        self.warm_start = warm_start
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose

    @property
    def _is_classifier(self) -> bool:
        return isinstance(self, ClassifierMixin)

    def _default_estimator(self):
        if self.estimator is not None:
            return self.estimator
        return DecisionTreeClassifier() if self._is_classifier else DecisionTreeRegressor()

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = self._default_estimator().__sklearn_tags__()
        tags.input_tags.sparse = inner.input_tags.sparse
        tags.input_tags.allow_nan = inner.input_tags.allow_nan
        return tags

    def fit(self, X, y, sample_weight=None):
        """Fit ``n_estimators`` copies of the estimator on random subsets (only the new ones
        with ``warm_start``).

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
            Passed to the members as it is (any dtype, NaN allowed if they allow it).
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Samples are drawn with probabilities proportional to these weights (as
            scikit-learn does); the members get the draw counts.

        Returns
        -------
        self
        """
        self._validate_params()
        X, y = validate_data(self, X, y, accept_sparse=["csr", "csc"], dtype=None,
                             ensure_all_finite=False, multi_output=True)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X)
            if not self.bootstrap:
                warnings.warn(f"When fitting {type(self).__name__} with sample_weight it is "
                              f"recommended to use bootstrap=True, got {self.bootstrap}.",
                              UserWarning, stacklevel=2)
        n, d = X.shape
        self._n_samples = n
        y = self._encode_y(y)
        self.estimator_ = self._default_estimator()
        max_samples = n_samples_bootstrap(n, self.max_samples, sample_weight)
        if not self.bootstrap and max_samples > n:
            raise ValueError(f"Effective max_samples={max_samples} must be <= n_samples={n} "
                             "to be able to sample without replacement.")
        self._max_samples = max_samples
        if isinstance(self.max_features, Integral):
            max_features = int(self.max_features)
        else:
            max_features = int(self.max_features * d)
        if max_features > d:
            raise ValueError("max_features must be <= n_features")
        self._max_features = max(1, max_features)
        self._sample_weight = sample_weight
        if self.oob_score and not self.bootstrap:
            raise ValueError("Out of bag estimation only available if bootstrap=True")
        if self.warm_start and self.oob_score:
            raise ValueError("Out of bag estimate only available if warm_start=False")
        if self.warm_start and hasattr(self, "oob_score_"):
            del self.oob_score_
        n_more = n_more_estimators(self, ("estimators_", "estimators_features_", "_seeds"))
        if n_more == 0:
            return self
        random_state = check_random_state(self.random_state)
        if self.warm_start and self.estimators_:
            random_state.randint(MAX_INT, size=len(self.estimators_))  # the members' seeds
        seeds = random_state.randint(MAX_INT, size=n_more)
        weighted = "sample_weight" in inspect.signature(self.estimator_.fit).parameters
        all_features = not self.bootstrap_features and self._max_features == d
        tasks = []
        for seed in seeds:
            member = new_member(self.estimator_, seed)
            features, samples = _draw(seed, self.bootstrap_features, self.bootstrap, d, n,
                                      self._max_features, max_samples, sample_weight)
            self.estimators_features_.append(features)
            tasks.append((_fit_member, (member, X, y, features, samples, weighted,
                                        all_features)))
        self.estimators_ += parallel(self.n_jobs, tasks)
        self._seeds = list(self._seeds) + list(seeds)
        if self.oob_score:
            self._set_oob(X, y)
        return self

    def _draws(self):
        for seed in self._seeds:
            yield _draw(seed, self.bootstrap_features, self.bootstrap, self.n_features_in_,
                        self._n_samples, self._max_features, self._max_samples,
                        self._sample_weight)

    @property
    def estimators_samples_(self) -> list[np.ndarray]:
        """The samples each member was fitted on (regenerated from the seeds)."""
        check_is_fitted(self)
        return [samples for _, samples in self._draws()]

    def _members_sum(self, X, output) -> np.ndarray:
        """Sum over the members of ``output(member, X[:, features])``."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, accept_sparse=["csr", "csc"], dtype=None,
                          ensure_all_finite=False)
        total = 0.0
        for member, features in zip(self.estimators_, self.estimators_features_, strict=True):
            total = total + output(member, X[:, features])
        return total

    def _oob_sum(self, X, output, shape):
        """Sum (of ``shape``) over the members of ``output`` on the samples each did not
        draw, and how many members did not draw each sample."""
        total = np.zeros(shape)
        counts = np.zeros(X.shape[0])
        for member, features, (_, samples) in zip(self.estimators_, self.estimators_features_,
                                                  self._draws(), strict=True):
            oob = np.ones(X.shape[0], dtype=bool)
            oob[samples] = False
            if oob.any():
                total[oob] += output(member, X[oob][:, features])
                counts[oob] += 1
        return total, counts


class BaggingClassifier(ClassifierMixin, _Bagging):
    r"""Bootstrap aggregation: the mean class probabilities (or votes) of copies of a
    classifier fitted on random subsets of the samples and features.

    Parameters
    ----------
    estimator : classifier, default=None
        The model to bag (a :class:`~syllabus.tree.DecisionTreeClassifier` when None).
    n_estimators : int, default=10
    max_samples : int, float or None, default=None
        Samples drawn for each member (None: n_samples; a float: that fraction of them, or
        of their total weight).
    max_features : int or float, default=1.0
        Features drawn for each member (a float: that fraction of them, at least one).
    bootstrap : bool, default=True
        Draw samples with replacement.
    bootstrap_features : bool, default=False
        Draw features with replacement.
    oob_score : bool, default=False
        Estimate the accuracy on the out-of-bag samples.
    warm_start : bool, default=False
        Keep the fitted members and fit only the missing ones at the next ``fit``.
    n_jobs : int, default=None
    random_state : int, RandomState or None, default=None
    verbose : int, default=0
        Accepted for compatibility; bagging prints nothing.

    Attributes
    ----------
    estimator_ : classifier
    estimators_ : list of classifiers
    estimators_features_ : list of ndarray
        The features of each member.
    estimators_samples_ : list of ndarray
        The samples drawn for each member.
    classes_ : ndarray of shape (n_classes,)
    n_classes_ : int
    oob_score_ : float
    oob_decision_function_ : ndarray of shape (n_samples, n_classes)
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.ensemble import BaggingClassifier
    >>> X = np.arange(20.0).reshape(-1, 1)
    >>> y = (X.ravel() > 9).astype(int)
    >>> BaggingClassifier(random_state=0).fit(X, y).predict([[2.0], [17.0]])
    array([0, 1])
    """

    def _encode_y(self, y):
        y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        self.classes_, y = np.unique(y, return_inverse=True)
        self.n_classes_ = len(self.classes_)
        return y

    def _proba(self, member, X):
        """A member's class probabilities over all the classes (votes when it has none)."""
        out = np.zeros((X.shape[0], self.n_classes_))
        if hasattr(member, "predict_proba"):
            out[:, member.classes_] = member.predict_proba(X)
        else:
            out[np.arange(X.shape[0]), member.predict(X)] = 1.0
        return out

    def _set_oob(self, X, y):
        predictions, _ = self._oob_sum(X, self._proba, (X.shape[0], self.n_classes_))
        totals = predictions.sum(axis=1)
        if np.any(totals == 0):
            warn_missing_oob("estimators")
        with np.errstate(invalid="ignore", divide="ignore"):
            self.oob_decision_function_ = predictions / totals[:, None]
        self.oob_score_ = accuracy_score(y, np.argmax(predictions, axis=1))

    def predict_proba(self, X) -> np.ndarray:
        """Mean of the members' class probabilities (or of their votes).

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        return self._members_sum(X, self._proba) / len(self.estimators_)

    def predict_log_proba(self, X) -> np.ndarray:
        """Logarithm of :meth:`predict_proba`, as ``log(mean exp(log p))`` when the members
        have ``predict_log_proba``."""
        check_is_fitted(self)
        if not hasattr(self.estimator_, "predict_log_proba"):
            with np.errstate(divide="ignore"):
                return np.log(self.predict_proba(X))

        def log_proba(member, X_):
            out = np.full((X_.shape[0], self.n_classes_), -np.inf)
            out[:, member.classes_] = member.predict_log_proba(X_)
            return out

        check_is_fitted(self)
        X = validate_data(self, X, reset=False, accept_sparse=["csr", "csc"], dtype=None,
                          ensure_all_finite=False)
        total = np.full((X.shape[0], self.n_classes_), -np.inf)
        for member, features in zip(self.estimators_, self.estimators_features_, strict=True):
            total = np.logaddexp(total, log_proba(member, X[:, features]))
        return total - np.log(len(self.estimators_))

    @property
    def decision_function(self):
        """Mean of the members' decision functions: a method present only when the
        estimator has one (``decision_function(X)``)."""
        if not hasattr(self._default_estimator(), "decision_function"):
            raise AttributeError(f"This '{type(self).__name__}' has no attribute "
                                 "'decision_function'")
        return self._mean_decision

    def _mean_decision(self, X) -> np.ndarray:
        return self._members_sum(X, lambda m, X_: m.decision_function(X_)) / len(
            self.estimators_)

    def predict(self, X) -> np.ndarray:
        """Class of largest mean probability."""
        proba = self.predict_proba(X)
        return self.classes_.take(np.argmax(proba, axis=1))


class BaggingRegressor(RegressorMixin, _Bagging):
    r"""Bootstrap aggregation of regressors: the mean of their predictions.

    Parameters
    ----------
    estimator : regressor, default=None
        The model to bag (a :class:`~syllabus.tree.DecisionTreeRegressor` when None).
    n_estimators, max_samples, max_features, bootstrap, bootstrap_features, oob_score,
    warm_start, n_jobs, random_state, verbose
        As in :class:`BaggingClassifier`.

    Attributes
    ----------
    estimator_ : regressor
    estimators_ : list of regressors
    estimators_features_ : list of ndarray
    estimators_samples_ : list of ndarray
    oob_score_ : float
    oob_prediction_ : ndarray of shape (n_samples,)
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.ensemble import BaggingRegressor
    >>> X = np.arange(20.0).reshape(-1, 1)
    >>> reg = BaggingRegressor(random_state=0).fit(X, 2 * X.ravel())
    >>> bool(abs(reg.predict([[10.0]])[0] - 20.0) < 3.0)
    True
    """

    def _encode_y(self, y):
        y = np.asarray(y)
        if y.ndim == 1 or y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        return y.astype(np.float64) if y.dtype.kind in "iubO" else y

    def _set_oob(self, X, y):
        predictions, counts = self._oob_sum(X, lambda m, X_: m.predict(X_), y.shape)
        if np.any(counts == 0):
            warn_missing_oob("estimators")
        counts = np.maximum(counts, 1)
        self.oob_prediction_ = predictions / (counts if predictions.ndim == 1
                                              else counts[:, None])
        self.oob_score_ = r2_score(y, self.oob_prediction_)

    def predict(self, X) -> np.ndarray:
        """Mean of the members' predictions.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        return self._members_sum(X, lambda m, X_: m.predict(X_)) / len(self.estimators_)

