"""Random forests and extremely randomised trees: averages of trees grown on perturbed data.

A random forest grows each tree on a bootstrap sample and lets every split consider a random
subset of ``max_features`` features; extremely randomised trees (Geurts, Ernst & Wehenkel,
2006) grow each tree on all the samples but draw one random threshold per candidate feature
and keep the best of those. Both draw exactly as scikit-learn does from the same
``random_state``, so the fitted trees are scikit-learn's:

* one seed per tree, ``randint(2**31 - 1)`` from ``random_state``, in order (a warm start
  skips the seeds of the trees already grown, so growing 10 then 10 more trees gives the
  forest of 20);
* the tree's bootstrap sample is ``RandomState(seed).randint(0, n, n_draw)`` (or
  ``choice(n, n_draw, p=w / sum(w))`` when there are sample weights), given to the tree as
  sample weights -- how many times each sample was drawn -- so that the samples never drawn,
  the out-of-bag samples, estimate the test error for free (``oob_score_``);
* the tree's own feature order and random thresholds are seeded by the same seed.

Several outputs (``y`` of shape (n_samples, n_outputs)) grow one tree for all of them, as
:class:`~syllabus.tree.DecisionTreeClassifier` does.
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, ClassifierMixin, MultiOutputMixin, RegressorMixin
from ..exceptions import DataConversionWarning
from ..metrics import accuracy_score, r2_score
from ..tree import DecisionTreeClassifier, DecisionTreeRegressor
from ..tree._classes import require_two_classes
from ..utils import (
    Interval,
    StrOptions,
    check_classification_targets,
    check_is_fitted,
    check_random_state,
    check_sample_weight,
    type_of_target,
    validate_data,
)
from ..utils._class_weight import class_weights
from ..utils._sparse import issparse
from ._base import (
    MAX_INT,
    RESAMPLING_EXPECTED_FAILURES,
    EnsembleSequence,
    n_more_estimators,
    n_samples_bootstrap,
    parallel,
    warn_missing_oob,
)

__all__ = ["ExtraTreesClassifier", "ExtraTreesRegressor", "RandomForestClassifier",
           "RandomForestRegressor"]


def _sample_indices(seed, n_samples, n_draw, sample_weight):
    """scikit-learn's bootstrap sample of a tree: uniform draws, or draws proportional to
    the sample weights when there are any."""
    rs = np.random.RandomState(seed)
    if sample_weight is None:
        return rs.randint(0, n_samples, n_draw)
    return rs.choice(n_samples, n_draw, replace=True, p=sample_weight / np.sum(sample_weight))


def _regression_criterion(criterion: Any) -> Any:
    """scikit-learn 1.9 deprecates "friedman_mse" (always equivalent to the squared error):
    warned about and stored as "squared_error", as its forests do."""
    if isinstance(criterion, str) and criterion == "friedman_mse":
        warnings.warn('Value `"friedman_mse"` for `criterion` is deprecated and will be removed '
                      'in 1.11. It maps to `"squared_error"` as both were always equivalent. '
                      'Use `criterion="squared_error"` to remove this warning.', FutureWarning,
                      stacklevel=3)
        return "squared_error"
    return criterion


def _balanced_subsample(codes, n_classes, indices):
    """Per-sample weights making the classes of the bootstrap sample ``indices`` equally
    heavy (``n_draw / (n_present * count_k)``; 0 for a class never drawn), multiplied over
    the outputs: scikit-learn's ``compute_sample_weight("balanced", y, indices=indices)``."""
    weight = np.ones(codes.shape[0])
    for k in range(codes.shape[1]):
        counts = np.bincount(codes[indices, k], minlength=n_classes[k]).astype(np.float64)
        present = counts > 0
        per_class = np.zeros(n_classes[k])
        per_class[present] = len(indices) / (present.sum() * counts[present])
        weight *= per_class[codes[:, k]]
    return weight


def _grow_tree(forest, tree, X, y, sample_weight, n_draw, presorted):
    """Fit one tree of ``forest``: on its bootstrap sample (draw counts as weights) or on
    all the samples."""
    n = X.shape[0]
    if forest.bootstrap:
        indices = _sample_indices(tree.random_state, n, n_draw, sample_weight)
        w = np.bincount(indices, minlength=n).astype(np.float64)
        if getattr(forest, "class_weight", None) == "balanced_subsample":
            w *= _balanced_subsample(y, forest._n_classes, indices)
    else:
        w = np.ones(n) if sample_weight is None else sample_weight
    tree.n_features_in_ = X.shape[1]
    tree.n_outputs_ = y.shape[1]
    if not forest._is_classifier:
        return tree._fit(X, y, w, presorted=presorted)
    n_classes = forest._n_classes
    if len(n_classes) == 1:
        tree.classes_, tree.n_classes_ = np.arange(n_classes[0]), n_classes[0]
    else:
        tree.classes_ = [np.arange(c) for c in n_classes]
        tree.n_classes_ = np.array(n_classes, dtype=np.intp)
    return tree._fit(X, None, w, y_encoded=y, n_classes=n_classes, presorted=presorted)


class _Forest(EnsembleSequence, MultiOutputMixin, BaseEstimator):
    """Fitting, warm starts, out-of-bag estimates and inspection shared by the forests."""

    _expected_failed_checks = RESAMPLING_EXPECTED_FAILURES
    _check_estimator_params = {"n_estimators": 5}  # common checks: small and fast
    _splitter = "best"  # "random" for extremely randomised trees

    _parameter_constraints: dict = {
        "n_estimators": [Interval(Integral, 1, None, closed="left")],
        "bootstrap": ["boolean"],
        "oob_score": ["boolean", "callable"],
        "n_jobs": [Integral, None],
        "random_state": ["random_state"],
        "verbose": [Interval(Integral, 0, None, closed="left"), "boolean"],
        "warm_start": ["boolean"],
        "max_samples": [None, Interval(Real, 0.0, None, closed="neither")],
    }
    _tree_params = ("criterion", "max_depth", "min_samples_split", "min_samples_leaf",
                    "min_weight_fraction_leaf", "max_features", "max_leaf_nodes",
                    "min_impurity_decrease", "ccp_alpha")

    @property
    def _is_classifier(self) -> bool:
        return isinstance(self, ClassifierMixin)

    @property
    def estimator(self):
        """The tree the forest grows copies of (unfitted)."""
        tree_cls = DecisionTreeClassifier if self._is_classifier else DecisionTreeRegressor
        return tree_cls(splitter=self._splitter)

    def fit(self, X, y, sample_weight=None):
        """Grow ``n_estimators`` trees (only the new ones with ``warm_start``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Converted to float32, as scikit-learn does.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None
            With ``bootstrap``, the samples are drawn with probabilities proportional to
            these weights (scikit-learn's semantics since 1.9); without, the trees get them.

        Returns
        -------
        self
        """
        self._validate_params()
        if issparse(y):
            raise ValueError("sparse multilabel-indicator for y is not supported.")
        X, y = validate_data(self, X, y, dtype=np.float32, multi_output=True,
                             y_numeric=not self._is_classifier, accept_sparse="csc",
                             ensure_all_finite=self.estimator._finite(X))
        if y.ndim == 2 and y.shape[1] == 1:
            warnings.warn(DataConversionWarning(
                "A column-vector y was passed when a 1d array was expected. Please "
                "change the shape of y to (n_samples,), for example using ravel()."), stacklevel=2)
        y = y.reshape(len(y), -1)
        self._n_samples, self.n_outputs_ = y.shape
        sample_weight = (None if sample_weight is None
                         else check_sample_weight(sample_weight, X))
        if self._is_classifier:
            y, class_weight = self._encode_y(y, sample_weight)
        else:
            y, class_weight = self._check_targets(y), None
        if class_weight is not None:
            sample_weight = class_weight if sample_weight is None else sample_weight * class_weight
        self._sample_weight = sample_weight
        if not self.bootstrap and self.max_samples is not None:
            raise ValueError("`max_sample` cannot be set if `bootstrap=False`. Either switch "
                             "to `bootstrap=True` or set `max_sample=None`.")
        n_draw = (n_samples_bootstrap(X.shape[0], self.max_samples, sample_weight)
                  if self.bootstrap else None)
        self._n_samples_bootstrap = n_draw
        if self.oob_score and not self.bootstrap:
            raise ValueError("Out of bag estimation only available if bootstrap=True")

        random_state = check_random_state(self.random_state)
        n_more = n_more_estimators(self)
        if n_more > 0:
            if self.warm_start and self.estimators_:
                # skip the seeds of the trees already grown: the sequence continues
                random_state.randint(MAX_INT, size=len(self.estimators_))
            tree_cls = DecisionTreeClassifier if self._is_classifier else DecisionTreeRegressor
            params = {name: getattr(self, name) for name in self._tree_params}
            trees = [tree_cls(**params, splitter=self._splitter,
                              random_state=random_state.randint(MAX_INT))
                     for _ in range(n_more)]
            # sorted once for all trees (a sparse X is read column by column instead)
            presorted = None if issparse(X) else np.argsort(X, axis=0, kind="stable").T.copy()
            self.estimators_ += parallel(self.n_jobs, [
                (_grow_tree, (self, tree, X, y, sample_weight, n_draw, presorted))
                for tree in trees])
        if self.oob_score and (n_more > 0 or not hasattr(self, "oob_score_")):
            kind = type_of_target(y)
            if self._is_classifier and kind == "multiclass-multioutput":
                raise ValueError("The type of target cannot be used to compute OOB estimates. "
                                 f"Got {kind} while only the following are supported: "
                                 "continuous, continuous-multioutput, binary, multiclass, "
                                 "multilabel-indicator.")
            self._set_oob(X, y)
        return self

    def _oob_predictions(self, X, n_values):
        """Mean over the trees for which each sample is out of bag of their leaf values:
        (n_samples, n_values, n_outputs) -- zero where a sample is in every bag."""
        n = X.shape[0]
        X = X.tocsr() if issparse(X) else X  # rows are taken out
        total = np.zeros((n, n_values, self.n_outputs_))
        counts = np.zeros(n)
        for tree in self.estimators_:
            drawn = _sample_indices(tree.random_state, n, self._n_samples_bootstrap,
                                    self._sample_weight)
            oob = np.bincount(drawn, minlength=n) == 0
            total[oob] += tree.tree_.predict(X[oob]).transpose(0, 2, 1)[:, :n_values]
            counts[oob] += 1
        if np.any(counts == 0):
            warn_missing_oob()
        return total / np.maximum(counts, 1)[:, None, None]

    def _score_oob(self, y, prediction, default):
        scorer = self.oob_score if callable(self.oob_score) else default
        self.oob_score_ = scorer(y[:, 0] if y.shape[1] == 1 else y, prediction)

    def _validate_X_predict(self, X):
        check_is_fitted(self)
        return validate_data(self, X, reset=False, dtype=np.float32, accept_sparse="csr",
                             ensure_all_finite=self.estimator._finite(X))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.input_tags.allow_nan = self.estimator._allows_nan()
        return tags

    def _leaf_values(self, X) -> np.ndarray:
        """Mean over the trees of the leaf values (n_samples, n_outputs, max n_classes)."""
        X = self._validate_X_predict(X)
        total = 0.0
        for tree in self.estimators_:
            total = total + tree.tree_.predict(X)
        return total / len(self.estimators_)

    def apply(self, X) -> np.ndarray:
        """Leaf index of every sample in every tree: shape (n_samples, n_estimators)."""
        X = self._validate_X_predict(X)
        return np.column_stack([tree.tree_.apply(X) for tree in self.estimators_])

    def decision_path(self, X):
        """Nodes each sample goes through in every tree.

        Returns
        -------
        indicator : sparse matrix of shape (n_samples, n_nodes)
            The trees' node indicators side by side (SciPy CSR).
        n_nodes_ptr : ndarray of shape (n_estimators + 1,)
            Tree ``i``'s nodes are the columns ``n_nodes_ptr[i]:n_nodes_ptr[i + 1]``.
        """
        from scipy.sparse import hstack

        X = self._validate_X_predict(X)
        indicators = [tree.tree_.decision_path(X) for tree in self.estimators_]
        n_nodes_ptr = np.cumsum([0] + [ind.shape[1] for ind in indicators])
        return hstack(indicators).tocsr(), n_nodes_ptr

    @property
    def estimators_samples_(self) -> list[np.ndarray]:
        """The samples each tree was grown on (with repetitions; all of them without
        bootstrap), regenerated from the trees' seeds."""
        check_is_fitted(self)
        if not self.bootstrap:
            return [np.arange(self._n_samples, dtype=np.int32) for _ in self.estimators_]
        return [_sample_indices(tree.random_state, self._n_samples, self._n_samples_bootstrap,
                                self._sample_weight).astype(np.int32)
                for tree in self.estimators_]

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


class _ForestClassifier(ClassifierMixin, _Forest):
    """Class encoding, class weights, probabilities and votes of the forest classifiers."""

    _parameter_constraints = {
        **_Forest._parameter_constraints,
        "criterion": DecisionTreeClassifier._parameter_constraints["criterion"],
        "class_weight": [StrOptions({"balanced", "balanced_subsample"}), dict, list, None],
    }

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags

    def _encode_y(self, y, sample_weight):
        """Class indices per output, and the per-sample class weights (None if none)."""
        check_classification_targets(y)
        classes, codes = [], np.empty(y.shape, dtype=np.intp)
        for k in range(y.shape[1]):
            classes_k, codes[:, k] = np.unique(y[:, k], return_inverse=True)
            classes.append(classes_k)
        if self.n_outputs_ == 1:
            require_two_classes(classes[0], type(self).__name__)
        self._n_classes = [len(c) for c in classes]
        if self.n_outputs_ == 1:
            self.classes_, self.n_classes_ = classes[0], self._n_classes[0]
        else:
            self.classes_, self.n_classes_ = classes, list(self._n_classes)
        weights = self.class_weight
        if weights is None:
            return codes, None
        if isinstance(weights, str):
            if self.warm_start:
                warnings.warn('class_weight presets "balanced" or "balanced_subsample" are not '
                              "recommended for warm_start if the fitted data differs from the "
                              "full dataset.", UserWarning, stacklevel=3)
            if weights == "balanced_subsample" and self.bootstrap:
                return codes, None  # computed on each bootstrap sample
            weights = ["balanced"] * self.n_outputs_
        elif self.n_outputs_ > 1:
            if isinstance(weights, dict):
                raise ValueError("For multi-output, class_weight should be a list of dicts, "
                                 "or the string 'balanced'.")
            if len(weights) != self.n_outputs_:
                raise ValueError("For multi-output, number of elements in class_weight should "
                                 "match number of outputs.")
        else:
            weights = [weights]
        expanded = np.ones(y.shape[0])
        for k, weights_k in enumerate(weights):
            balanced = isinstance(weights_k, str)
            per_class = class_weights(weights_k, classes[k], codes[:, k],
                                      sample_weight if balanced else None)
            expanded *= per_class[codes[:, k]]
        return codes, expanded

    def _set_oob(self, X, y):
        proba = self._oob_predictions(X, max(self._n_classes))
        self.oob_decision_function_ = proba[:, :, 0] if self.n_outputs_ == 1 else proba
        self._score_oob(y, np.argmax(self.oob_decision_function_, axis=1), accuracy_score)

    def predict_proba(self, X):
        """Mean over the trees of the class fractions of the leaf each sample reaches.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes), or a list of them (one per output)
        """
        values = self._leaf_values(X)
        probas = [values[:, k, :n] for k, n in enumerate(self._n_classes)]
        return probas[0] if self.n_outputs_ == 1 else probas

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba` (``-inf`` for a zero probability)."""
        proba = self.predict_proba(X)
        with np.errstate(divide="ignore"):
            return np.log(proba) if self.n_outputs_ == 1 else [np.log(p) for p in proba]

    def predict(self, X) -> np.ndarray:
        """Class of largest mean probability (one column per output)."""
        proba = self.predict_proba(X)
        if self.n_outputs_ == 1:
            return self.classes_.take(np.argmax(proba, axis=1))
        out = np.empty((proba[0].shape[0], self.n_outputs_), dtype=self.classes_[0].dtype)
        for k, (classes, p) in enumerate(zip(self.classes_, proba, strict=True)):
            out[:, k] = classes.take(np.argmax(p, axis=1))
        return out


class _ForestRegressor(RegressorMixin, _Forest):
    """Predictions and out-of-bag estimates of the forest regressors."""

    _parameter_constraints = {
        **_Forest._parameter_constraints,
        "criterion": DecisionTreeRegressor._parameter_constraints["criterion"],
    }

    def _check_targets(self, y):
        y = np.asarray(y, dtype=np.float64)
        if self.criterion == "poisson":
            if np.any(y < 0):
                raise ValueError("Some value(s) of y are negative which is not allowed for "
                                 "Poisson regression.")
            if np.sum(y) <= 0:
                raise ValueError("Sum of y is not strictly positive which is necessary for "
                                 "Poisson regression.")
        return y

    def _set_oob(self, X, y):
        prediction = self._oob_predictions(X, 1)[:, 0, :]
        self.oob_prediction_ = prediction[:, 0] if self.n_outputs_ == 1 else prediction
        self._score_oob(y, self.oob_prediction_, r2_score)

    def predict(self, X) -> np.ndarray:
        """Mean of the trees' predictions: shape (n_samples,) or (n_samples, n_outputs).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray
        """
        values = self._leaf_values(X)[:, :, 0]
        return values[:, 0] if self.n_outputs_ == 1 else values


_FOREST_PARAMETERS = """n_estimators : int, default=100
        Number of trees.
    criterion : str, default={criterion!r}
        Impurity of the splits, as in :class:`~syllabus.tree.{tree}`.
    max_depth, min_samples_split, min_samples_leaf, min_weight_fraction_leaf,
    max_leaf_nodes, min_impurity_decrease, ccp_alpha
        Of every tree, as in :class:`~syllabus.tree.{tree}`.
    max_features : {{"sqrt", "log2"}}, int, float or None, default={max_features!r}
        Features drawn at every split.
    bootstrap : bool, default={bootstrap}
        Grow each tree on a bootstrap sample (else on all the samples).
    oob_score : bool or callable, default=False
        Score the out-of-bag predictions (``{score}``, or ``oob_score(y, prediction)``).
    n_jobs : int, default=None
        Trees grown in parallel threads (joblib).
    random_state : int, RandomState or None, default=None
    verbose : int, default=0
        Accepted for compatibility; the forest prints nothing.
    warm_start : bool, default=False
        Keep the fitted trees and grow only the missing ones at the next ``fit``."""


class RandomForestClassifier(_ForestClassifier):
    r"""A random forest: bootstrap-aggregated classification trees that each consider a
    random subset of ``max_features`` features at every split.

    Averaging ``B`` trees whose errors are correlated by ``rho`` leaves a variance of
    ``rho sigma^2 + (1 - rho) sigma^2 / B``; the random feature subsets lower ``rho``.
    The predicted probabilities are the mean of the trees' leaf class fractions. From the
    same ``random_state`` the trees are scikit-learn's (same bootstrap samples, same splits).

    Parameters
    ----------
    {parameters}
    class_weight : dict, list of dicts, "balanced", "balanced_subsample" or None, default=None
        Multiplies the sample weights of each class; "balanced_subsample" balances each
        bootstrap sample.
    max_samples : int, float or None, default=None
        Size of each bootstrap sample (None: n_samples; a float: that fraction of it).

    Attributes
    ----------
    estimators_ : list of DecisionTreeClassifier
    classes_ : ndarray of shape (n_classes,) or list of them (one per output)
    n_classes_ : int or list of int
    n_outputs_ : int
    feature_importances_ : ndarray of shape (n_features,)
    estimators_samples_ : list of ndarray
        The bootstrap sample of each tree.
    oob_score_ : float
    oob_decision_function_ : ndarray of shape (n_samples, n_classes) or (n_samples, n_classes, n_outputs)
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

    def __init__(self, n_estimators: int = 100, *, criterion: str = "gini",
                 max_depth: int | None = None, min_samples_split: int | float = 2,
                 min_samples_leaf: int | float = 1, min_weight_fraction_leaf: float = 0.0,
                 max_features: Any = "sqrt", max_leaf_nodes: int | None = None,
                 min_impurity_decrease: float = 0.0, bootstrap: bool = True,
                 oob_score: Any = False, n_jobs: int | None = None, random_state: Any = None,
                 verbose: int = 0, warm_start: bool = False, class_weight: Any = None,
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
        self.verbose = verbose
        self.warm_start = warm_start
        self.class_weight = class_weight
        self.ccp_alpha = ccp_alpha
        self.max_samples = max_samples


class ExtraTreesClassifier(_ForestClassifier):
    r"""Extremely randomised trees (Geurts, Ernst & Wehenkel, 2006) for classification.

    Every split draws ``max_features`` candidate features and, for each, one threshold
    uniformly between its smallest and largest value in the node; the best of these random
    splits is kept. The extra randomness decorrelates the trees further than a random
    forest's bootstrap does, so by default every tree sees all the samples. From the same
    ``random_state`` the trees are scikit-learn's.

    Parameters
    ----------
    {parameters}
    class_weight : dict, list of dicts, "balanced", "balanced_subsample" or None, default=None
    max_samples : int, float or None, default=None
        Size of each bootstrap sample when ``bootstrap``.

    Attributes
    ----------
    estimators_ : list of DecisionTreeClassifier
        Trees with ``splitter="random"``.
    classes_ : ndarray of shape (n_classes,) or list of them (one per output)
    n_classes_ : int or list of int
    n_outputs_ : int
    feature_importances_ : ndarray of shape (n_features,)
    oob_score_ : float
    oob_decision_function_ : ndarray of shape (n_samples, n_classes)
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.ensemble import ExtraTreesClassifier
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(100, 4)
    >>> y = (X[:, 0] + X[:, 1] > 0).astype(int)
    >>> clf = ExtraTreesClassifier(n_estimators=20, random_state=0).fit(X, y)
    >>> clf.score(X, y)
    1.0
    """

    _splitter = "random"

    def __init__(self, n_estimators: int = 100, *, criterion: str = "gini",
                 max_depth: int | None = None, min_samples_split: int | float = 2,
                 min_samples_leaf: int | float = 1, min_weight_fraction_leaf: float = 0.0,
                 max_features: Any = "sqrt", max_leaf_nodes: int | None = None,
                 min_impurity_decrease: float = 0.0, bootstrap: bool = False,
                 oob_score: Any = False, n_jobs: int | None = None, random_state: Any = None,
                 verbose: int = 0, warm_start: bool = False, class_weight: Any = None,
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
        self.verbose = verbose
        self.warm_start = warm_start
        self.class_weight = class_weight
        self.ccp_alpha = ccp_alpha
        self.max_samples = max_samples


class RandomForestRegressor(_ForestRegressor):
    r"""A random forest of regression trees: the mean of bootstrap-aggregated trees that
    each consider a random subset of ``max_features`` features at every split.

    Parameters
    ----------
    {parameters}
    max_samples : int, float or None, default=None
        Size of each bootstrap sample (None: n_samples).

    Attributes
    ----------
    estimators_ : list of DecisionTreeRegressor
    n_outputs_ : int
    feature_importances_ : ndarray of shape (n_features,)
    estimators_samples_ : list of ndarray
    oob_score_ : float
    oob_prediction_ : ndarray of shape (n_samples,) or (n_samples, n_outputs)
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

    def __init__(self, n_estimators: int = 100, *, criterion: str = "squared_error",
                 max_depth: int | None = None, min_samples_split: int | float = 2,
                 min_samples_leaf: int | float = 1, min_weight_fraction_leaf: float = 0.0,
                 max_features: Any = 1.0, max_leaf_nodes: int | None = None,
                 min_impurity_decrease: float = 0.0, bootstrap: bool = True,
                 oob_score: Any = False, n_jobs: int | None = None, random_state: Any = None,
                 verbose: int = 0, warm_start: bool = False, ccp_alpha: float = 0.0,
                 max_samples: int | float | None = None) -> None:
        self.n_estimators = n_estimators
        self.criterion = _regression_criterion(criterion)
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
        self.verbose = verbose
        self.warm_start = warm_start
        self.ccp_alpha = ccp_alpha
        self.max_samples = max_samples


class ExtraTreesRegressor(_ForestRegressor):
    r"""Extremely randomised trees (Geurts, Ernst & Wehenkel, 2006) for regression: the
    mean of trees whose splits each keep the best of ``max_features`` random thresholds
    (one per candidate feature, uniform between its extreme values in the node).

    Parameters
    ----------
    {parameters}
    max_samples : int, float or None, default=None
        Size of each bootstrap sample when ``bootstrap``.

    Attributes
    ----------
    estimators_ : list of DecisionTreeRegressor
        Trees with ``splitter="random"``.
    n_outputs_ : int
    feature_importances_ : ndarray of shape (n_features,)
    oob_score_ : float
    oob_prediction_ : ndarray of shape (n_samples,) or (n_samples, n_outputs)
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.ensemble import ExtraTreesRegressor
    >>> X = np.arange(10.0).reshape(-1, 1)
    >>> reg = ExtraTreesRegressor(n_estimators=10, random_state=0).fit(X, X.ravel() ** 2)
    >>> bool(abs(reg.predict([[4.0]])[0] - 16.0) < 1e-9)
    True
    """

    _splitter = "random"

    def __init__(self, n_estimators: int = 100, *, criterion: str = "squared_error",
                 max_depth: int | None = None, min_samples_split: int | float = 2,
                 min_samples_leaf: int | float = 1, min_weight_fraction_leaf: float = 0.0,
                 max_features: Any = 1.0, max_leaf_nodes: int | None = None,
                 min_impurity_decrease: float = 0.0, bootstrap: bool = False,
                 oob_score: Any = False, n_jobs: int | None = None, random_state: Any = None,
                 verbose: int = 0, warm_start: bool = False, ccp_alpha: float = 0.0,
                 max_samples: int | float | None = None) -> None:
        self.n_estimators = n_estimators
        self.criterion = _regression_criterion(criterion)
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
        self.verbose = verbose
        self.warm_start = warm_start
        self.ccp_alpha = ccp_alpha
        self.max_samples = max_samples


for _cls, _tree, _score in [(RandomForestClassifier, "DecisionTreeClassifier", "accuracy"),
                            (ExtraTreesClassifier, "DecisionTreeClassifier", "accuracy"),
                            (RandomForestRegressor, "DecisionTreeRegressor", "R^2"),
                            (ExtraTreesRegressor, "DecisionTreeRegressor", "R^2")]:
    _defaults = _cls.__init__.__kwdefaults__
    _cls.__doc__ = _cls.__doc__.replace("{parameters}", _FOREST_PARAMETERS.format(
        criterion=_defaults["criterion"], tree=_tree, max_features=_defaults["max_features"],
        bootstrap=_defaults["bootstrap"], score=_score))
