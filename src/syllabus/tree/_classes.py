"""DecisionTreeClassifier and DecisionTreeRegressor: CART with scikit-learn's parameters."""

from __future__ import annotations

import math
import warnings
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, ClassifierMixin, RegressorMixin, clone
from ..datasets._base import Bunch
from ..utils import (
    Interval,
    StrOptions,
    check_is_fitted,
    check_random_state,
    check_sample_weight,
    encode_labels,
    validate_data,
)
from ..utils._param_validation import RealNotInt
from ..utils._sparse import issparse
from ._grow import CRITERIA, RAND_R_MAX, grow_tree, prune_path
from ._tree import Tree

__all__ = ["DecisionTreeClassifier", "DecisionTreeRegressor", "ExtraTreeClassifier",
           "ExtraTreeRegressor"]


def class_sample_weight(class_weight: Any, y_encoded: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """Per-sample weight of each sample's class: a dict ``{label: weight}`` or "balanced"
    (``n_samples / (n_classes * n_k)``), as scikit-learn's ``compute_sample_weight``."""
    if class_weight is None:
        return np.ones(len(y_encoded))
    if isinstance(class_weight, str):  # "balanced"
        counts = np.bincount(y_encoded, minlength=len(classes))
        weights = len(y_encoded) / (len(classes) * counts.astype(np.float64))
    else:
        weights = np.ones(len(classes))
        for label, value in class_weight.items():
            index = np.flatnonzero(classes == label)
            if index.size == 0:
                raise ValueError(f"Class label {label!r} of class_weight is not present in y; "
                                 f"classes are {classes.tolist()}.")
            weights[index[0]] = value
    return weights[y_encoded]


def require_two_classes(classes: np.ndarray, name: str) -> None:
    """A classifier needs at least two classes to separate."""
    if len(classes) < 2:
        raise ValueError(f"{name} needs samples of at least 2 classes in the data, but the "
                         f"data contains only one class: {classes[0]!r}.")


class _BaseDecisionTree(BaseEstimator):
    """Shared fitting and inspection of the two trees (not public)."""

    _parameter_constraints: dict = {
        "max_depth": [Interval(Integral, 1, None, closed="left"), None],
        "min_samples_split": [Interval(Integral, 2, None, closed="left"),
                              Interval(RealNotInt, 0.0, 1.0, closed="right")],
        "min_samples_leaf": [Interval(Integral, 1, None, closed="left"),
                             Interval(RealNotInt, 0.0, 1.0, closed="neither")],
        "min_weight_fraction_leaf": [Interval(Real, 0.0, 0.5, closed="both")],
        "max_features": [Interval(Integral, 1, None, closed="left"),
                         Interval(RealNotInt, 0.0, 1.0, closed="right"),
                         StrOptions({"sqrt", "log2"}), None],
        "random_state": ["random_state"],
        "max_leaf_nodes": [Interval(Integral, 2, None, closed="left"), None],
        "min_impurity_decrease": [Interval(Real, 0.0, None, closed="left")],
        "ccp_alpha": [Interval(Real, 0.0, None, closed="left")],
    }

    def _fit(self, X, y, sample_weight=None, *, y_encoded=None, n_classes=1, seed=None,
             presorted=None):
        """Grow ``tree_`` on validated ``X`` (float32) and targets.

        Classification passes ``y_encoded`` (class indices) and ``n_classes``; regression
        passes float ``y``. ``seed`` overrides the split-order seed drawn from
        ``random_state``. ``presorted`` (``argsort(X, axis=0).T``, shared by the trees of a
        forest) saves sorting the features again.
        """
        n_samples, n_features = X.shape
        w = check_sample_weight(sample_weight, X)
        criterion = CRITERIA[self.criterion]
        max_depth = np.iinfo(np.int32).max if self.max_depth is None else self.max_depth
        if isinstance(self.min_samples_leaf, Integral):
            min_samples_leaf = self.min_samples_leaf
        else:
            min_samples_leaf = math.ceil(self.min_samples_leaf * n_samples)
        if isinstance(self.min_samples_split, Integral):
            min_samples_split = self.min_samples_split
        else:
            min_samples_split = max(2, math.ceil(self.min_samples_split * n_samples))
        min_samples_split = max(min_samples_split, 2 * min_samples_leaf)
        self.max_features_ = _resolve_max_features(self.max_features, n_features)
        min_weight_leaf = self.min_weight_fraction_leaf * (
            n_samples if sample_weight is None else np.sum(w))
        if seed is None:
            seed = check_random_state(self.random_state).randint(0, RAND_R_MAX)
        samples = np.flatnonzero(w != 0.0)
        Xt, order, csc = _columns(X, samples, presorted)
        if y_encoded is None:
            y_float = np.asarray(y, dtype=np.float64).reshape(n_samples, -1)
            y_int = np.zeros(y_float.shape, dtype=np.intp)
            n_classes = np.ones(y_float.shape[1], dtype=np.intp)
        else:
            y_int = np.asarray(y_encoded, dtype=np.intp).reshape(n_samples, -1)
            y_float = np.zeros(y_int.shape)
            n_classes = np.atleast_1d(np.asarray(n_classes, dtype=np.intp))
        arrays = grow_tree(
            Xt, order, csc, samples, np.ascontiguousarray(y_int), np.ascontiguousarray(y_float), w,
            criterion, n_classes, max_depth, min_samples_split, min_samples_leaf,
            min_weight_leaf, float(self.min_impurity_decrease), self.max_features_,
            -1 if self.max_leaf_nodes is None else self.max_leaf_nodes, int(seed),
            self.splitter == "random")
        self.tree_ = Tree(n_features, n_classes, *arrays)
        if self.ccp_alpha > 0.0:
            tree = self.tree_
            keep, leaf, _, _ = prune_path(tree.children_left, tree.children_right, tree.parents(),
                                          tree.weighted_n_node_samples, tree.impurity,
                                          float(self.ccp_alpha), False)
            self.tree_ = tree.subtree(keep, leaf)
        return self

    def _allows_nan(self) -> bool:
        """Missing values (NaN) are split on natively (ExtraTree*: with splitter="random")."""
        return True

    def _finite(self, X) -> bool | str:
        """``check_array``'s ``ensure_all_finite``: NaN passes in a dense ``X`` when the tree
        handles missing values (scikit-learn's rule; never in a sparse one), infinity never."""
        return "allow-nan" if self._allows_nan() and not issparse(X) else True

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True  # y may have several columns (one tree for all)
        tags.input_tags.allow_nan = self._allows_nan()
        tags.input_tags.sparse = True
        return tags

    def _validate_X_predict(self, X):
        check_is_fitted(self)
        return validate_data(self, X, reset=False, dtype=np.float32, accept_sparse="csr",
                             ensure_all_finite=self._finite(X))

    def apply(self, X) -> np.ndarray:
        """Index of the leaf that each sample ends up in.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of int of shape (n_samples,)
        """
        X = self._validate_X_predict(X)
        return self.tree_.apply(X)

    def decision_path(self, X):
        """Indicator matrix (n_samples, n_nodes) of the nodes each sample goes through."""
        X = self._validate_X_predict(X)
        return self.tree_.decision_path(X)

    def get_depth(self) -> int:
        """Depth of the tree: the longest root-to-leaf path (the root alone has depth 0)."""
        check_is_fitted(self)
        return self.tree_.max_depth

    def get_n_leaves(self) -> int:
        """Number of leaves of the tree."""
        check_is_fitted(self)
        return self.tree_.n_leaves

    @property
    def feature_importances_(self) -> np.ndarray:
        """Normalised total impurity decrease brought by each feature (Gini importance)."""
        check_is_fitted(self)
        return self.tree_.compute_feature_importances()

    def cost_complexity_pruning_path(self, X, y, sample_weight=None) -> Bunch:
        """The effective alphas of minimal cost-complexity pruning and the total leaf
        impurity of the tree pruned at each of them.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        Bunch
            ``ccp_alphas`` (increasing) and ``impurities``.
        """
        est = clone(self).set_params(ccp_alpha=0.0).fit(X, y, sample_weight=sample_weight)
        tree = est.tree_
        _, _, alphas, impurities = prune_path(
            tree.children_left, tree.children_right, tree.parents(),
            tree.weighted_n_node_samples, tree.impurity, 0.0, True)
        return Bunch(ccp_alphas=alphas, impurities=impurities)



def _columns(X, samples: np.ndarray, presorted: np.ndarray | None = None):
    """The feature columns ``grow_tree`` reads: ``(Xt, order, csc)``.

    Dense ``X``: ``X.T`` and, per feature, the samples of non-zero weight (``samples``)
    sorted by value (``presorted``, ``argsort(X, axis=0).T`` shared by the trees of a
    forest, saves the sort). Sparse ``X``: no dense copy and no presorting; the CSC arrays
    (sorted indices).
    """
    n_samples, n_features = X.shape
    if issparse(X):
        X = X.tocsc()
        if not X.has_sorted_indices:
            X = X.sorted_indices()
        csc = (X.indptr.astype(np.intp), X.indices.astype(np.intp),
               X.data.astype(np.float32, copy=False))
        return (np.empty((n_features, 0), dtype=np.float32),
                np.empty((0, len(samples)), dtype=np.intp), csc)
    Xt = np.ascontiguousarray(X.T)
    if presorted is None:
        order = samples[np.argsort(Xt[:, samples], axis=1, kind="stable")]
    else:  # keep the samples of non-zero weight, in each feature's sorted order
        keep = np.zeros(n_samples, dtype=bool)
        keep[samples] = True
        order = presorted[keep[presorted]].reshape(n_features, -1)
    empty = np.empty(0, dtype=np.intp)
    csc = (empty, empty, np.empty(0, dtype=np.float32))
    return Xt, order, csc


def _resolve_max_features(max_features: Any, n_features: int) -> int:
    if max_features is None:
        return n_features
    if max_features == "sqrt":
        return max(1, int(np.sqrt(n_features)))
    if max_features == "log2":
        return max(1, int(np.log2(n_features)))
    if isinstance(max_features, Integral):
        return int(max_features)
    return max(1, int(max_features * n_features))


class DecisionTreeClassifier(ClassifierMixin, _BaseDecisionTree):
    r"""A classification tree grown by CART.

    Each node chooses the feature and threshold that most decrease the weighted impurity
    of its children, ``N_t i(t) - N_L i(L) - N_R i(R)``, with the Gini index
    ``i = 1 - sum_k p_k^2`` or the entropy ``i = -sum_k p_k log2 p_k``; thresholds are the
    midpoints between consecutive distinct values. Growth stops at pure or small nodes,
    at ``max_depth`` or ``max_leaf_nodes`` (best-first growth), and the tree can then be
    pruned by minimal cost-complexity pruning (``ccp_alpha``). With ``max_features=None``
    and data without ties, the tree is scikit-learn's, node for node.

    Parameters
    ----------
    criterion : {"gini", "entropy", "log_loss"}, default="gini"
        Impurity ("log_loss" is "entropy").
    splitter : {"best", "random"}, default="best"
        "best" scans every midpoint of every feature drawn; "random" draws one threshold per
        feature, uniformly between its extreme values in the node, and keeps the best of
        those (the splits of Extremely Randomized Trees). The draws use scikit-learn's
        generator, so from the same ``random_state`` they are scikit-learn's on data without
        ties, but that is not part of the contract.
    max_depth : int, default=None
        Maximum depth; None grows until the leaves are pure or too small.
    min_samples_split : int or float, default=2
        Minimum number of samples to split a node (a float is a fraction of n_samples).
    min_samples_leaf : int or float, default=1
        Minimum number of samples in each child of a split.
    min_weight_fraction_leaf : float, default=0.0
        Minimum fraction of the total sample weight in each child.
    max_features : int, float, {"sqrt", "log2"} or None, default=None
        Number of features drawn (in a random order) at each split; the search goes on past
        it while only constant features were found.
    random_state : int, RandomState or None, default=None
        Seeds the order in which features are examined (ties between equally good splits
        go to the first one found).
    max_leaf_nodes : int, default=None
        Grow best-first (largest impurity decrease first) up to this many leaves.
    min_impurity_decrease : float, default=0.0
        Split only if ``N_t / N (i(t) - N_L / N_t i(L) - N_R / N_t i(R)) >=`` this.
    class_weight : dict, list of dicts, "balanced" or None, default=None
        Multiplies the sample weights of each class (a list: one dict per output, the
        weights of the outputs multiplied).
    ccp_alpha : float, default=0.0
        Complexity parameter of minimal cost-complexity pruning.

    Attributes
    ----------
    tree_ : Tree
        The node arrays (``children_left, children_right, feature, threshold, value,
        impurity, n_node_samples, weighted_n_node_samples, node_count, max_depth``).
    classes_ : ndarray of shape (n_classes,)
    n_classes_ : int
    n_outputs_ : int
    max_features_ : int
    feature_importances_ : ndarray of shape (n_features,)
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.tree import DecisionTreeClassifier
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> clf = DecisionTreeClassifier().fit(X, [0, 0, 1, 1])
    >>> clf.tree_.threshold[0], clf.predict([[0.4], [2.6]])
    (np.float64(1.5), array([0, 1]))
    """

    _parameter_constraints = {
        **_BaseDecisionTree._parameter_constraints,
        "criterion": [StrOptions({"gini", "entropy", "log_loss"})],
        "splitter": [StrOptions({"best", "random"})],
        "class_weight": [dict, list, StrOptions({"balanced"}), None],
    }

    def __init__(self, *, criterion: str = "gini", splitter: str = "best",
                 max_depth: int | None = None,
                 min_samples_split: int | float = 2, min_samples_leaf: int | float = 1,
                 min_weight_fraction_leaf: float = 0.0, max_features: Any = None,
                 random_state: Any = None, max_leaf_nodes: int | None = None,
                 min_impurity_decrease: float = 0.0, class_weight: Any = None,
                 ccp_alpha: float = 0.0) -> None:
        self.criterion = criterion
        self.splitter = splitter
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_features = max_features
        self.random_state = random_state
        self.max_leaf_nodes = max_leaf_nodes
        self.min_impurity_decrease = min_impurity_decrease
        self.class_weight = class_weight
        self.ccp_alpha = ccp_alpha

    def fit(self, X, y, sample_weight=None) -> DecisionTreeClassifier:
        """Grow the tree on ``(X, y)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Converted to float32, as scikit-learn does.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Several columns grow one tree for all outputs (impurities averaged over them).
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self
        """
        self._validate_params()
        X, y = validate_data(self, X, y, dtype=np.float32, multi_output=True,
                             accept_sparse="csc", ensure_all_finite=self._finite(X))
        columns = y.reshape(len(y), -1).T
        self.n_outputs_ = 1 if y.ndim == 1 else y.shape[1]
        classes, y_encoded = zip(*(encode_labels(column) for column in columns), strict=True)
        w = check_sample_weight(sample_weight, X)
        if self.class_weight is not None:
            class_weights = self.class_weight
            if self.n_outputs_ > 1 and not isinstance(class_weights, (str, list)):
                raise ValueError("class_weight of a multi-output tree must be 'balanced' or a "
                                 "list of dicts, one per output.")
            if isinstance(class_weights, str) or self.n_outputs_ == 1:
                class_weights = [class_weights] * self.n_outputs_
            if len(class_weights) != self.n_outputs_:
                raise ValueError("number of elements in class_weight should match number of "
                                 "outputs.")
            for weights, codes, output_classes in zip(class_weights, y_encoded, classes,
                                                      strict=True):
                w = w * class_sample_weight(weights, codes, output_classes)
            sample_weight = w
        n_classes = [len(c) for c in classes]
        if self.n_outputs_ == 1:
            self.classes_, self.n_classes_ = classes[0], n_classes[0]
        else:
            self.classes_, self.n_classes_ = list(classes), np.array(n_classes, dtype=np.intp)
        return self._fit(X, None, sample_weight, y_encoded=np.column_stack(y_encoded),
                         n_classes=n_classes)

    def predict_proba(self, X) -> np.ndarray:
        """Class fractions (weighted) of the leaf each sample falls into.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        X = self._validate_X_predict(X)
        values = self.tree_.predict(X)
        probas = [values[:, k, :n] / values[:, k, :n].sum(axis=1, keepdims=True)
                  for k, n in enumerate(self.tree_.n_classes)]
        return probas[0] if self.n_outputs_ == 1 else probas

    def predict_log_proba(self, X) -> np.ndarray:
        """Logarithm of :meth:`predict_proba` (``-inf`` for a zero fraction)."""
        proba = self.predict_proba(X)
        with np.errstate(divide="ignore"):
            return np.log(proba) if self.n_outputs_ == 1 else [np.log(p) for p in proba]

    def predict(self, X) -> np.ndarray:
        """Majority class (by weight) of the leaf each sample falls into (one column per
        output for a multi-output tree)."""
        proba = self.predict_proba(X)
        if self.n_outputs_ == 1:
            return self.classes_[np.argmax(proba, axis=1)]
        return np.column_stack([classes[np.argmax(p, axis=1)]
                                for classes, p in zip(self.classes_, proba, strict=True)])


class DecisionTreeRegressor(RegressorMixin, _BaseDecisionTree):
    r"""A regression tree grown by CART.

    Each node chooses the split that most decreases the weighted impurity of its
    children: the variance around the mean (``"squared_error"``, leaves predict the mean)
    or the mean absolute deviation around the weighted median (``"absolute_error"``,
    leaves predict the median; with several outputs the absolute errors are summed over the
    outputs and each leaf holds one median per output), or the Poisson deviance
    (``"poisson"``, for counts). Same growth, stopping and pruning rules as
    :class:`DecisionTreeClassifier`; with ``max_features=None`` and data without ties the
    tree is scikit-learn's, node for node.

    Parameters
    ----------
    criterion : {"squared_error", "absolute_error", "poisson"}, default="squared_error"
        ``"poisson"``: the half Poisson deviance ``1/W sum_i w_i y_i log(y_i / mean)`` (leaves
        predict the mean; ``y >= 0`` with a positive sum; a split leaving a child with no
        positive target is never chosen). ``"friedman_mse"``, deprecated by scikit-learn
        1.9 as always equivalent, is accepted with its ``FutureWarning`` and stored as
        ``"squared_error"`` (Friedman's improvement ``W_L W_R (m_L - m_R)^2 / (W_L + W_R)``
        ranks splits exactly as the variance decrease does).
    splitter, max_depth, min_samples_split, min_samples_leaf, min_weight_fraction_leaf, max_features,
    random_state, max_leaf_nodes, min_impurity_decrease, ccp_alpha
        As in :class:`DecisionTreeClassifier`.

    Attributes
    ----------
    tree_ : Tree
    max_features_ : int
    n_outputs_ : int
    feature_importances_ : ndarray of shape (n_features,)
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.tree import DecisionTreeRegressor
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> reg = DecisionTreeRegressor(max_depth=1).fit(X, [1.0, 1.0, 5.0, 7.0])
    >>> reg.predict([[0.5], [2.5]])
    array([1., 6.])
    """

    _parameter_constraints = {
        **_BaseDecisionTree._parameter_constraints,
        "criterion": [StrOptions({"squared_error", "absolute_error", "poisson"})],
        "splitter": [StrOptions({"best", "random"})],
    }

    def __init__(self, *, criterion: str = "squared_error", splitter: str = "best",
                 max_depth: int | None = None,
                 min_samples_split: int | float = 2, min_samples_leaf: int | float = 1,
                 min_weight_fraction_leaf: float = 0.0, max_features: Any = None,
                 random_state: Any = None, max_leaf_nodes: int | None = None,
                 min_impurity_decrease: float = 0.0, ccp_alpha: float = 0.0) -> None:
        # scikit-learn 1.9's deprecated alias, mapped as scikit-learn maps it
        if isinstance(criterion, str) and criterion == "friedman_mse":
            warnings.warn(
                'Value `"friedman_mse"` for `criterion` is deprecated and will be removed in '
                '1.11. It maps to `"squared_error"` as both were always equivalent. Use '
                '`criterion="squared_error"` to remove this warning.', FutureWarning,
                stacklevel=2)
            criterion = "squared_error"
        self.criterion = criterion
        self.splitter = splitter
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_features = max_features
        self.random_state = random_state
        self.max_leaf_nodes = max_leaf_nodes
        self.min_impurity_decrease = min_impurity_decrease
        self.ccp_alpha = ccp_alpha

    def fit(self, X, y, sample_weight=None) -> DecisionTreeRegressor:
        """Grow the tree on ``(X, y)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Converted to float32, as scikit-learn does.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Several columns grow one tree for all outputs (impurities averaged over them).
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self
        """
        self._validate_params()
        X, y = validate_data(self, X, y, dtype=np.float32, multi_output=True, y_numeric=True,
                             accept_sparse="csc", ensure_all_finite=self._finite(X))
        self.n_outputs_ = 1 if y.ndim == 1 else y.shape[1]
        if self.criterion == "poisson":
            if np.any(y < 0):
                raise ValueError("Some value(s) of y are negative which is not allowed for "
                                 "Poisson regression.")
            if np.sum(y) <= 0:
                raise ValueError("Sum of y is not positive which is necessary for Poisson "
                                 "regression.")
        return self._fit(X, np.asarray(y, dtype=np.float64), sample_weight)

    def predict(self, X) -> np.ndarray:
        """Value (mean or median) of the leaf each sample falls into: shape (n_samples,), or
        (n_samples, n_outputs) for a multi-output tree."""
        X = self._validate_X_predict(X)
        values = self.tree_.predict(X)[:, :, 0]
        return values[:, 0] if self.n_outputs_ == 1 else values


class ExtraTreeClassifier(DecisionTreeClassifier):
    r"""An extremely randomized classification tree (Geurts et al., 2006).

    A :class:`DecisionTreeClassifier` with scikit-learn's Extra-Tree defaults: at each
    node, ``max_features="sqrt"`` features are drawn and each gets one threshold drawn
    uniformly between its smallest and largest value in the node (``splitter="random"``);
    the best of those splits is kept. Meant as the base tree of an ensemble
    (``ExtraTreesClassifier``): alone, it has high variance. Missing values are handled
    with ``splitter="random"`` only (scikit-learn's rule).

    Parameters
    ----------
    criterion : {"gini", "entropy", "log_loss"}, default="gini"
    splitter : {"random", "best"}, default="random"
    max_features : int, float, {"sqrt", "log2"} or None, default="sqrt"
    max_depth, min_samples_split, min_samples_leaf, min_weight_fraction_leaf, random_state,
    max_leaf_nodes, min_impurity_decrease, class_weight, ccp_alpha
        As in :class:`DecisionTreeClassifier`.

    Attributes
    ----------
    tree_ : Tree
    classes_ : ndarray of shape (n_classes,)
    n_classes_ : int
    n_outputs_ : int
    max_features_ : int
    feature_importances_ : ndarray of shape (n_features,)
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.tree import ExtraTreeClassifier
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
    >>> clf = ExtraTreeClassifier(random_state=0).fit(X, [0, 0, 1, 1])
    >>> clf.max_features_, clf.predict(X).tolist()
    (1, [0, 0, 1, 1])
    """

    def __init__(self, *, criterion: str = "gini", splitter: str = "random",
                 max_depth: int | None = None,
                 min_samples_split: int | float = 2, min_samples_leaf: int | float = 1,
                 min_weight_fraction_leaf: float = 0.0, max_features: Any = "sqrt",
                 random_state: Any = None, max_leaf_nodes: int | None = None,
                 min_impurity_decrease: float = 0.0, class_weight: Any = None,
                 ccp_alpha: float = 0.0) -> None:
        super().__init__(criterion=criterion, splitter=splitter, max_depth=max_depth,
                         min_samples_split=min_samples_split,
                         min_samples_leaf=min_samples_leaf,
                         min_weight_fraction_leaf=min_weight_fraction_leaf,
                         max_features=max_features, random_state=random_state,
                         max_leaf_nodes=max_leaf_nodes,
                         min_impurity_decrease=min_impurity_decrease,
                         class_weight=class_weight, ccp_alpha=ccp_alpha)

    def _allows_nan(self) -> bool:
        return self.splitter == "random"


class ExtraTreeRegressor(DecisionTreeRegressor):
    r"""An extremely randomized regression tree (Geurts et al., 2006).

    A :class:`DecisionTreeRegressor` with scikit-learn's Extra-Tree defaults: every
    feature (``max_features=1.0``) gets one threshold drawn uniformly between its extreme
    values in the node (``splitter="random"``) and the best of those splits is kept.
    Missing values are handled with ``splitter="random"`` only (scikit-learn's rule).

    Parameters
    ----------
    criterion : {"squared_error", "absolute_error", "poisson"}, default="squared_error"
    splitter : {"random", "best"}, default="random"
    max_features : int, float, {"sqrt", "log2"} or None, default=1.0
    max_depth, min_samples_split, min_samples_leaf, min_weight_fraction_leaf, random_state,
    max_leaf_nodes, min_impurity_decrease, ccp_alpha
        As in :class:`DecisionTreeRegressor`.

    Attributes
    ----------
    tree_ : Tree
    max_features_ : int
    n_outputs_ : int
    feature_importances_ : ndarray of shape (n_features,)
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.tree import ExtraTreeRegressor
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> reg = ExtraTreeRegressor(random_state=0).fit(X, [1.0, 1.0, 5.0, 7.0])
    >>> reg.predict(X).tolist()
    [1.0, 1.0, 5.0, 7.0]
    """

    def __init__(self, *, criterion: str = "squared_error", splitter: str = "random",
                 max_depth: int | None = None,
                 min_samples_split: int | float = 2, min_samples_leaf: int | float = 1,
                 min_weight_fraction_leaf: float = 0.0, max_features: Any = 1.0,
                 random_state: Any = None, max_leaf_nodes: int | None = None,
                 min_impurity_decrease: float = 0.0, ccp_alpha: float = 0.0) -> None:
        super().__init__(criterion=criterion, splitter=splitter, max_depth=max_depth,
                         min_samples_split=min_samples_split,
                         min_samples_leaf=min_samples_leaf,
                         min_weight_fraction_leaf=min_weight_fraction_leaf,
                         max_features=max_features, random_state=random_state,
                         max_leaf_nodes=max_leaf_nodes,
                         min_impurity_decrease=min_impurity_decrease, ccp_alpha=ccp_alpha)

    def _allows_nan(self) -> bool:
        return self.splitter == "random"
