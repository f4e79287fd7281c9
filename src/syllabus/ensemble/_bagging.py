"""Bagging and random forests: average models fitted on bootstrap samples.

Both draw their bootstrap samples exactly as scikit-learn does from the same
``random_state``, so the fitted trees are scikit-learn's:

* a random forest draws one seed per tree, ``randint(2**31 - 1)`` from ``random_state``;
  the tree's bootstrap sample is ``RandomState(seed).randint(0, n, n)`` (int32 draws) and
  the tree's own split order is seeded by the same seed;
* bagging draws all seeds first, ``randint(2**31 - 1, size=n_estimators)``; from each
  seed ``s`` the estimator's ``random_state`` is ``RandomState(s).randint(2**31 - 1)`` and
  the sample is ``RandomState(s).randint(0, n, n_samples)`` (after the feature draw).

A bootstrap sample is given to a tree as sample weights (how many times each sample was
drawn), so the samples never drawn -- the out-of-bag samples -- estimate the test error
for free (``oob_score_``).
"""

from __future__ import annotations

import inspect
import warnings
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, ClassifierMixin, RegressorMixin, clone
from ..metrics import accuracy_score, r2_score
from ..tree import DecisionTreeClassifier, DecisionTreeRegressor
from ..tree._classes import _BaseDecisionTree, class_sample_weight, require_two_classes
from ..utils import (
    Interval,
    StrOptions,
    check_is_fitted,
    check_random_state,
    check_sample_weight,
    encode_labels,
    validate_data,
)
from ._base import RESAMPLING_EXPECTED_FAILURES

__all__ = ["BaggingClassifier", "BaggingRegressor", "RandomForestClassifier",
           "RandomForestRegressor"]

MAX_INT = np.iinfo(np.int32).max


def _parallel(n_jobs: int | None, tasks: list) -> list:
    """Run ``(function, args)`` tasks, in threads through joblib when ``n_jobs`` asks for it
    (tree growth releases the GIL)."""
    if n_jobs in (None, 1) or len(tasks) < 2:
        return [fn(*args) for fn, args in tasks]
    from joblib import Parallel, delayed

    return Parallel(n_jobs=n_jobs, prefer="threads")(delayed(fn)(*args) for fn, args in tasks)


def _n_bootstrap(max_samples: Any, n_samples: int) -> int:
    if max_samples is None:
        return n_samples
    if isinstance(max_samples, Integral):
        if max_samples > n_samples:
            raise ValueError(f"max_samples must be <= n_samples={n_samples} but got "
                             f"value {max_samples}")
        return int(max_samples)
    return max(round(n_samples * max_samples), 1)


class _Ensemble(BaseEstimator):
    """Validation and the classifier / regressor split shared by the ensembles (private)."""

    def _validate_fit(self, X, y, sample_weight, dtype):
        self._validate_params()
        X, y = validate_data(self, X, y, dtype=dtype, y_numeric=not self._is_classifier)
        w = check_sample_weight(sample_weight, X)
        if self._is_classifier:
            self.classes_, y = encode_labels(y)
            require_two_classes(self.classes_, type(self).__name__)
            self.n_classes_ = len(self.classes_)
        else:
            y = np.asarray(y, dtype=np.float64)
        return X, y, w

    @property
    def _is_classifier(self) -> bool:
        return isinstance(self, ClassifierMixin)

    def _oob_finish(self, y, predictions, counts):
        """``oob_decision_function_`` / ``oob_prediction_`` and ``oob_score_``."""
        if np.any(counts == 0):
            warnings.warn("Some inputs do not have OOB scores. This probably means too few "
                          "estimators were used to compute any reliable oob estimates.",
                          UserWarning, stacklevel=3)
        if self._is_classifier:
            with np.errstate(invalid="ignore", divide="ignore"):
                self.oob_decision_function_ = predictions / counts[:, None]
            self.oob_score_ = accuracy_score(y, np.argmax(predictions, axis=1))
        else:
            safe = np.where(counts == 0, 1, counts)
            self.oob_prediction_ = predictions / safe
            self.oob_score_ = r2_score(y, self.oob_prediction_)


# -- random forests -------------------------------------------------------------------------------

def _bootstrap(seed, n_samples, n_draw, sample_weight=None):
    """scikit-learn's bootstrap sample of a tree: uniform draws, or draws proportional to
    the sample weights when there are any."""
    rs = np.random.RandomState(seed)
    if sample_weight is None:
        return rs.randint(0, n_samples, n_draw)
    return rs.choice(n_samples, n_draw, replace=True, p=sample_weight / np.sum(sample_weight))


def _grow_forest_tree(tree, X, y, w, weighted, bootstrap, n_samples_bootstrap, n_classes,
                      presorted):
    """Fit one forest tree on its bootstrap sample (weights = draw counts)."""
    n = X.shape[0]
    if bootstrap:
        indices = _bootstrap(tree.random_state, n, n_samples_bootstrap, w if weighted else None)
        w = np.bincount(indices, minlength=n).astype(np.float64)
    tree.n_features_in_ = X.shape[1]
    tree.n_outputs_ = 1
    if n_classes:
        tree.classes_ = np.arange(n_classes)
        tree.n_classes_ = n_classes
        return tree._fit(X, None, w, y_encoded=y, n_classes=n_classes, presorted=presorted)
    return tree._fit(X, y, w, presorted=presorted)


class _Forest(_Ensemble):
    _expected_failed_checks = RESAMPLING_EXPECTED_FAILURES
    _check_estimator_params = {"n_estimators": 5}  # common checks: small and fast

    _parameter_constraints: dict = {
        "n_estimators": [Interval(Integral, 1, None, closed="left")],
        "bootstrap": ["boolean"],
        "oob_score": ["boolean"],
        "n_jobs": [Integral, None],
        "random_state": ["random_state"],
        "max_samples": [None, Interval(Real, 0.0, 1.0, closed="right"),
                        Interval(Integral, 1, None, closed="left")],
        # the trees' own constraints, shared with DecisionTreeClassifier/Regressor
        **_BaseDecisionTree._parameter_constraints,
    }
    _tree_params = ("criterion", "max_depth", "min_samples_split", "min_samples_leaf",
                    "min_weight_fraction_leaf", "max_features", "max_leaf_nodes",
                    "min_impurity_decrease", "ccp_alpha")

    def fit(self, X, y, sample_weight=None):
        """Grow ``n_estimators`` trees, each on a bootstrap sample of ``(X, y)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self
        """
        X, y, w = self._validate_fit(X, y, sample_weight, np.float32)
        if not self.bootstrap and self.max_samples is not None:
            raise ValueError("`max_sample` cannot be set if `bootstrap=False`. Either switch "
                             "to `bootstrap=True` or set `max_sample=None`.")
        if self.oob_score and not self.bootstrap:
            raise ValueError("Out of bag estimation only available if bootstrap=True")
        n_classes = 0
        weighted = sample_weight is not None
        if self._is_classifier:
            n_classes = self.n_classes_
            if self.class_weight is not None:
                w = w * class_sample_weight(self.class_weight, y, np.arange(n_classes))
                weighted = True
        n_boot = _n_bootstrap(self.max_samples, X.shape[0]) if self.bootstrap else X.shape[0]
        random_state = check_random_state(self.random_state)
        tree_cls = DecisionTreeClassifier if self._is_classifier else DecisionTreeRegressor
        params = {name: getattr(self, name) for name in self._tree_params}
        trees = [tree_cls(**params, random_state=random_state.randint(MAX_INT))
                 for _ in range(self.n_estimators)]
        presorted = np.argsort(X, axis=0, kind="stable").T.copy()  # sorted once for all trees
        self.estimators_ = _parallel(self.n_jobs, [
            (_grow_forest_tree, (tree, X, y, w, weighted, self.bootstrap, n_boot, n_classes,
                                 presorted))
            for tree in trees])
        self._n_samples_bootstrap = n_boot
        if self.oob_score:
            predictions = np.zeros((X.shape[0], max(n_classes, 1)))
            counts = np.zeros(X.shape[0])
            for tree in self.estimators_:
                drawn = _bootstrap(tree.random_state, X.shape[0], n_boot, w if weighted else None)
                oob = np.bincount(drawn, minlength=X.shape[0]) == 0
                predictions[oob] += tree.tree_.predict(X[oob])[:, 0, :]
                counts[oob] += 1
            if not self._is_classifier:
                predictions = predictions[:, 0]
            self._oob_finish(y, predictions, counts)
        return self

    def _tree_outputs(self, X) -> np.ndarray:
        """Sum over the trees of their leaf values (class fractions or predictions)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float32)
        total = np.zeros((X.shape[0], self.estimators_[0].tree_.value.shape[2]))
        for tree in self.estimators_:
            total += tree.tree_.predict(X)[:, 0, :]
        return total

    def apply(self, X) -> np.ndarray:
        """Leaf index of every sample in every tree: shape (n_samples, n_estimators)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float32)
        return np.column_stack([tree.tree_.apply(X) for tree in self.estimators_])

    @property
    def feature_importances_(self) -> np.ndarray:
        """Mean over the trees of their normalised impurity decreases."""
        check_is_fitted(self)
        all_imp = [t.tree_.compute_feature_importances() for t in self.estimators_
                   if t.tree_.node_count > 1]
        if not all_imp:
            return np.zeros(self.n_features_in_)
        imp = np.mean(all_imp, axis=0)
        return imp / imp.sum()


class RandomForestClassifier(ClassifierMixin, _Forest):
    r"""A random forest: bootstrap-aggregated classification trees that each consider a
    random subset of ``max_features`` features at every split.

    Averaging ``B`` trees whose errors are correlated by ``rho`` leaves a variance of
    ``rho sigma^2 + (1 - rho) sigma^2 / B``; the random feature subsets lower ``rho``.
    The predicted probabilities are the mean of the trees' leaf class fractions. From the
    same ``random_state`` the trees are scikit-learn's (same bootstrap samples, same splits).

    Parameters
    ----------
    n_estimators : int, default=100
    criterion : {"gini", "entropy", "log_loss"}, default="gini"
    max_depth, min_samples_split, min_samples_leaf, min_weight_fraction_leaf,
    max_leaf_nodes, min_impurity_decrease, ccp_alpha
        As in :class:`~syllabus.tree.DecisionTreeClassifier`.
    max_features : {"sqrt", "log2"}, int, float or None, default="sqrt"
    bootstrap : bool, default=True
    oob_score : bool, default=False
        Estimate the accuracy on the out-of-bag samples.
    n_jobs : int, default=None
        Trees grown in parallel threads (joblib).
    random_state : int, RandomState or None, default=None
    class_weight : dict, "balanced" or None, default=None
    max_samples : int, float or None, default=None
        Size of each bootstrap sample (None: n_samples).

    Attributes
    ----------
    estimators_ : list of DecisionTreeClassifier
    classes_ : ndarray of shape (n_classes,)
    n_classes_ : int
    feature_importances_ : ndarray of shape (n_features,)
    oob_score_ : float
    oob_decision_function_ : ndarray of shape (n_samples, n_classes)
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.ensemble import RandomForestClassifier
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(100, 4)
    >>> y = (X[:, 0] + X[:, 1] > 0).astype(int)
    >>> clf = RandomForestClassifier(n_estimators=20, random_state=0).fit(X, y)
    >>> clf.score(X, y)
    1.0
    """

    _parameter_constraints = {
        **_Forest._parameter_constraints,
        "criterion": [StrOptions({"gini", "entropy", "log_loss"})],
        "class_weight": [dict, StrOptions({"balanced"}), None],
    }

    def __init__(self, n_estimators: int = 100, *, criterion: str = "gini",
                 max_depth: int | None = None, min_samples_split: int | float = 2,
                 min_samples_leaf: int | float = 1, min_weight_fraction_leaf: float = 0.0,
                 max_features: Any = "sqrt", max_leaf_nodes: int | None = None,
                 min_impurity_decrease: float = 0.0, bootstrap: bool = True,
                 oob_score: bool = False, n_jobs: int | None = None, random_state: Any = None,
                 class_weight: Any = None, ccp_alpha: float = 0.0,
                 max_samples: int | float | None = None) -> None:
        self.n_estimators = n_estimators
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_features = max_features
        self.max_leaf_nodes = max_leaf_nodes
        self.min_impurity_decrease = min_impurity_decrease
        self.bootstrap = bootstrap
        self.oob_score = oob_score
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.class_weight = class_weight
        self.ccp_alpha = ccp_alpha
        self.max_samples = max_samples

    def predict_proba(self, X) -> np.ndarray:
        """Mean over the trees of the class fractions of the leaf each sample reaches."""
        proba = self._tree_outputs(X)
        return proba / len(self.estimators_)

    def predict(self, X) -> np.ndarray:
        """Class of largest mean probability."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


class RandomForestRegressor(RegressorMixin, _Forest):
    r"""A random forest of regression trees: the mean of bootstrap-aggregated trees.

    Parameters
    ----------
    n_estimators : int, default=100
    criterion : {"squared_error", "absolute_error"}, default="squared_error"
    max_depth, min_samples_split, min_samples_leaf, min_weight_fraction_leaf,
    max_leaf_nodes, min_impurity_decrease, ccp_alpha
        As in :class:`~syllabus.tree.DecisionTreeRegressor`.
    max_features : {"sqrt", "log2"}, int, float or None, default=1.0
    bootstrap : bool, default=True
    oob_score : bool, default=False
        Estimate R^2 on the out-of-bag samples.
    n_jobs : int, default=None
    random_state : int, RandomState or None, default=None
    max_samples : int, float or None, default=None

    Attributes
    ----------
    estimators_ : list of DecisionTreeRegressor
    feature_importances_ : ndarray of shape (n_features,)
    oob_score_ : float
    oob_prediction_ : ndarray of shape (n_samples,)
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.ensemble import RandomForestRegressor
    >>> X = np.arange(10.0).reshape(-1, 1)
    >>> reg = RandomForestRegressor(n_estimators=10, random_state=0).fit(X, X.ravel() ** 2)
    >>> bool(abs(reg.predict([[4.0]])[0] - 16.0) < 5.0)
    True
    """

    _parameter_constraints = {
        **_Forest._parameter_constraints,
        "criterion": [StrOptions({"squared_error", "absolute_error"})],
    }

    def __init__(self, n_estimators: int = 100, *, criterion: str = "squared_error",
                 max_depth: int | None = None, min_samples_split: int | float = 2,
                 min_samples_leaf: int | float = 1, min_weight_fraction_leaf: float = 0.0,
                 max_features: Any = 1.0, max_leaf_nodes: int | None = None,
                 min_impurity_decrease: float = 0.0, bootstrap: bool = True,
                 oob_score: bool = False, n_jobs: int | None = None, random_state: Any = None,
                 ccp_alpha: float = 0.0, max_samples: int | float | None = None) -> None:
        self.n_estimators = n_estimators
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_features = max_features
        self.max_leaf_nodes = max_leaf_nodes
        self.min_impurity_decrease = min_impurity_decrease
        self.bootstrap = bootstrap
        self.oob_score = oob_score
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.ccp_alpha = ccp_alpha
        self.max_samples = max_samples

    def predict(self, X) -> np.ndarray:
        """Mean of the trees' predictions."""
        return self._tree_outputs(X)[:, 0] / len(self.estimators_)


# -- bagging --------------------------------------------------------------------------------------

def _bagging_indices(seed, n_samples, n_draw, bootstrap, sample_weight=None):
    """scikit-learn's draws for one bagged estimator: the (unused) feature draw takes no
    random numbers when all features are kept; then the samples (proportional to the
    sample weights when there are any)."""
    rs = np.random.RandomState(seed)
    if sample_weight is not None:
        return rs.choice(n_samples, n_draw, replace=bootstrap,
                         p=sample_weight / np.sum(sample_weight))
    if bootstrap:
        return rs.randint(0, n_samples, n_draw)
    if n_draw == n_samples:
        return np.arange(n_samples)
    if 0.01 < n_draw / n_samples < 0.99:
        return rs.permutation(n_samples)[:n_draw]
    raise ValueError("Sampling without replacement supports 0.01 < max_samples < 0.99 "
                     "(or all the samples).")


def _fit_bagged(estimator, X, y, indices, weighted):
    if weighted:  # draw counts as sample weights
        return estimator.fit(X, y, sample_weight=np.bincount(indices, minlength=len(X)))
    return estimator.fit(X[indices], y[indices])


class _Bagging(_Ensemble):
    _expected_failed_checks = RESAMPLING_EXPECTED_FAILURES
    _parameter_constraints: dict = {
        "estimator": [None, "no_validation"],
        "n_estimators": [Interval(Integral, 1, None, closed="left")],
        "max_samples": [Interval(Integral, 1, None, closed="left"),
                        Interval(Real, 0, 1, closed="right")],
        "bootstrap": ["boolean"],
        "oob_score": ["boolean"],
        "n_jobs": [Integral, None],
        "random_state": ["random_state"],
    }

    def __init__(self, estimator: Any = None, n_estimators: int = 10, *,
                 max_samples: int | float = 1.0, bootstrap: bool = True, oob_score: bool = False,
                 n_jobs: int | None = None, random_state: Any = None) -> None:
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.max_samples = max_samples
        self.bootstrap = bootstrap
        self.oob_score = oob_score
        self.n_jobs = n_jobs
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        """Fit ``n_estimators`` copies of the estimator on bootstrap samples.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Samples are drawn with probabilities proportional to these weights (as
            scikit-learn does); the estimator gets the draw counts.

        Returns
        -------
        self
        """
        X, y, w = self._validate_fit(X, y, sample_weight, np.float64)
        if self.oob_score and not self.bootstrap:
            raise ValueError("Out of bag estimation only available if bootstrap=True")
        n = X.shape[0]
        n_draw = (int(self.max_samples) if isinstance(self.max_samples, Integral)
                  else int(self.max_samples * n))
        if n_draw > n:
            raise ValueError(f"max_samples must be <= n_samples={n}, got {n_draw}.")
        base = self.estimator
        if base is None:
            base = DecisionTreeClassifier() if self._is_classifier else DecisionTreeRegressor()
        self.estimator_ = base
        weighted = "sample_weight" in inspect.signature(base.fit).parameters
        seeds = check_random_state(self.random_state).randint(MAX_INT, size=self.n_estimators)
        self._seeds = seeds
        tasks = []
        self._indices = []
        for seed in seeds:
            est = clone(base)
            if "random_state" in est.get_params():
                est.set_params(random_state=np.random.RandomState(seed).randint(MAX_INT))
            indices = _bagging_indices(seed, n, n_draw, self.bootstrap,
                                       None if sample_weight is None else w)
            self._indices.append(indices)
            tasks.append((_fit_bagged, (est, X, y, indices, weighted)))
        self.estimators_ = _parallel(self.n_jobs, tasks)
        if self.oob_score:
            n_out = self.n_classes_ if self._is_classifier else 1
            predictions = np.zeros((n, n_out))
            counts = np.zeros(n)
            for est, indices in zip(self.estimators_, self._indices):
                oob = np.ones(n, dtype=bool)
                oob[indices] = False
                predictions[oob] += self._member_output(est, X[oob])
                counts[oob] += 1
            if self._is_classifier:
                self._oob_finish(y, predictions, counts)
                # scikit-learn normalises the summed probabilities of each sample
                with np.errstate(invalid="ignore", divide="ignore"):
                    self.oob_decision_function_ = predictions / predictions.sum(1, keepdims=True)
            else:
                self._oob_finish(y, predictions[:, 0], counts)
        del self._indices
        return self

    def _member_output(self, est, X):
        if not self._is_classifier:
            return est.predict(X)[:, None]
        if hasattr(est, "predict_proba"):
            proba = np.zeros((len(X), self.n_classes_))
            proba[:, est.classes_] = est.predict_proba(X)
            return proba
        votes = np.zeros((len(X), self.n_classes_))
        votes[np.arange(len(X)), est.predict(X)] = 1.0
        return votes

    def _mean_output(self, X) -> np.ndarray:
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        total = np.zeros((X.shape[0], self.n_classes_ if self._is_classifier else 1))
        for est in self.estimators_:
            total += self._member_output(est, X)
        return total / len(self.estimators_)


class BaggingClassifier(ClassifierMixin, _Bagging):
    r"""Bootstrap aggregation: the mean class probabilities (or votes) of copies of an
    estimator fitted on bootstrap samples.

    Parameters
    ----------
    estimator : classifier, default=None
        The model to bag (a :class:`~syllabus.tree.DecisionTreeClassifier` when None).
    n_estimators : int, default=10
    max_samples : int or float, default=1.0
        Size of each sample (a float is a fraction of n_samples).
    bootstrap : bool, default=True
        Draw with replacement.
    oob_score : bool, default=False
    n_jobs : int, default=None
    random_state : int, RandomState or None, default=None

    Attributes
    ----------
    estimators_ : list of classifiers
    estimator_ : classifier
    classes_ : ndarray of shape (n_classes,)
    oob_score_ : float
    oob_decision_function_ : ndarray of shape (n_samples, n_classes)

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.ensemble import BaggingClassifier
    >>> X = np.arange(20.0).reshape(-1, 1)
    >>> y = (X.ravel() > 9).astype(int)
    >>> BaggingClassifier(random_state=0).fit(X, y).predict([[2.0], [17.0]])
    array([0, 1])
    """

    def predict_proba(self, X) -> np.ndarray:
        """Mean of the estimators' class probabilities (or of their votes)."""
        return self._mean_output(X)

    def predict(self, X) -> np.ndarray:
        """Class of largest mean probability."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


class BaggingRegressor(RegressorMixin, _Bagging):
    r"""Bootstrap aggregation of regressors: the mean of their predictions.

    Parameters
    ----------
    estimator : regressor, default=None
        The model to bag (a :class:`~syllabus.tree.DecisionTreeRegressor` when None).
    n_estimators, max_samples, bootstrap, oob_score, n_jobs, random_state
        As in :class:`BaggingClassifier`.

    Attributes
    ----------
    estimators_ : list of regressors
    estimator_ : regressor
    oob_score_ : float
    oob_prediction_ : ndarray of shape (n_samples,)

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.ensemble import BaggingRegressor
    >>> X = np.arange(20.0).reshape(-1, 1)
    >>> reg = BaggingRegressor(random_state=0).fit(X, 2 * X.ravel())
    >>> bool(abs(reg.predict([[10.0]])[0] - 20.0) < 3.0)
    True
    """

    def predict(self, X) -> np.ndarray:
        """Mean of the estimators' predictions."""
        return self._mean_output(X)[:, 0]
