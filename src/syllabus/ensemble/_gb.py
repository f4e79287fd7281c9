"""Gradient boosting (Friedman, 2001): a sum of small regression trees, each fitted to the
negative gradient of the loss at the current predictions, then moved by a line search."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterator
from numbers import Integral, Real
from typing import Any

import numpy as np
from numba import njit

from ..base import BaseEstimator, ClassifierMixin, RegressorMixin
from ..tree import DecisionTreeRegressor
from ..tree._classes import _BaseDecisionTree, require_two_classes
from ..utils import (
    Interval,
    StrOptions,
    check_is_fitted,
    check_random_state,
    check_sample_weight,
    encode_labels,
    validate_data,
)
from ..utils._special import expit, softmax
from ._base import RESAMPLING_EXPECTED_FAILURES

__all__ = ["GradientBoostingClassifier", "GradientBoostingRegressor"]


@njit(cache=True)
def _random_sample_mask(rand, n_in_bag):
    """Selection sampling (Knuth's algorithm S): exactly ``n_in_bag`` of the samples, each
    kept with probability (still needed) / (still available); scikit-learn's draw."""
    n = rand.shape[0]
    mask = np.zeros(n, dtype=np.bool_)
    n_bagged = 0
    for i in range(n):
        if rand[i] * (n - i) < n_in_bag - n_bagged:
            mask[i] = True
            n_bagged += 1
    return mask


def _weighted_lower_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The smallest value whose cumulative weight reaches half the total."""
    order = np.argsort(values)
    cdf = np.cumsum(weights[order])
    return float(values[order][min(np.searchsorted(cdf, 0.5 * cdf[-1]), len(values) - 1)])


def _logit(p: float) -> float:
    """``log(p / (1 - p))``; near 1/2 as ``log1p(2p - 1) - log1p(1 - 2p)`` (more accurate
    there, and the form SciPy's ``logit`` uses, which scikit-learn's boosting starts from)."""
    if 0.3 <= p <= 0.65:
        return math.log1p(2 * p - 1) - math.log1p(-(2 * p - 1))
    return math.log(p / (1 - p))


@njit(cache=True)
def _log_loss_negative_gradient(y, raw):
    """``[y == k] - p_k`` with ``p`` the sigmoid (one column) or softmax of the raw scores,
    evaluated as scikit-learn's loss module does (``exp(-F)`` form, running sum of
    ``exp(F_k - max F)``), so that both libraries' trees see the same bits."""
    n, K = raw.shape
    out = np.empty((n, K))
    for i in range(n):
        if K == 1:
            F = raw[i, 0]
            if F > -37.0:
                e = math.exp(-F)
                out[i, 0] = -(((1 - y[i]) - y[i] * e) / (1 + e))
            else:
                out[i, 0] = -(math.exp(F) - y[i])
            continue
        top = raw[i, 0]
        for k in range(1, K):
            if top < raw[i, k]:
                top = raw[i, k]
        total = 0.0
        for k in range(K):
            out[i, k] = math.exp(raw[i, k] - top)
            total += out[i, k]
        for k in range(K):
            out[i, k] = -(out[i, k] / total - (1.0 if y[i] == k else 0.0))
    return out


def _leaf_members(tree, leaves: np.ndarray, in_bag: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """Every leaf of ``tree`` with the in-bag samples it holds (increasing indices)."""
    idx = np.flatnonzero(in_bag)
    idx = idx[np.argsort(leaves[idx], kind="stable")]
    ids, starts = np.unique(leaves[idx], return_index=True)
    members = dict(zip(ids.tolist(), np.split(idx, starts[1:]), strict=True))
    for leaf in np.flatnonzero(tree.children_left == -1):
        yield int(leaf), members.get(int(leaf), idx[:0])


class _GradientBoosting(BaseEstimator):
    _expected_failed_checks = RESAMPLING_EXPECTED_FAILURES
    _check_estimator_params = {"n_estimators": 10}  # common checks: small and fast

    _parameter_constraints: dict = {
        "learning_rate": [Interval(Real, 0.0, None, closed="left")],
        "n_estimators": [Interval(Integral, 1, None, closed="left")],
        "subsample": [Interval(Real, 0.0, 1.0, closed="right")],
        # the trees' own constraints, shared with DecisionTreeRegressor
        **_BaseDecisionTree._parameter_constraints,
    }
    _tree_params = ("max_depth", "min_samples_split", "min_samples_leaf",
                    "min_weight_fraction_leaf", "min_impurity_decrease", "max_features",
                    "max_leaf_nodes", "ccp_alpha")

    def _boost(self, X: np.ndarray, y: np.ndarray, w: np.ndarray, raw: np.ndarray) -> None:
        """Add ``n_estimators`` stages of ``K`` trees to the raw predictions ``raw`` (n, K)."""
        n, K = raw.shape
        rng = check_random_state(self.random_state)
        n_in_bag = max(1, int(self.subsample * n))
        params = {name: getattr(self, name) for name in self._tree_params}
        self.estimators_ = []
        in_bag = np.ones(n, dtype=bool)
        for _ in range(self.n_estimators):
            if self.subsample < 1.0:
                in_bag = _random_sample_mask(rng.uniform(size=n), n_in_bag)
            neg_gradient = self._negative_gradient(y, raw)
            w_stage = w * in_bag if self.subsample < 1.0 else w
            stage = []
            for k in range(K):
                tree = DecisionTreeRegressor(random_state=rng, **params)
                tree.n_features_in_ = X.shape[1]
                tree.n_outputs_ = 1
                tree._fit(X, neg_gradient[:, k], w_stage)
                leaves = tree.tree_.apply(X)
                self._line_search(tree.tree_, leaves, in_bag, y, neg_gradient[:, k], raw[:, k],
                                  w_stage, k)
                raw[:, k] += self.learning_rate * tree.tree_.value[leaves, 0, 0]
                stage.append(tree)
            self.estimators_.append(stage)

    def _line_search(self, tree, leaves, in_bag, y, neg_gradient, raw, w, k) -> None:
        """Set each leaf to the step that minimises the loss on its in-bag samples (the
        squared error's step is the tree's own mean: nothing to do)."""

    def _raw_stages(self, X, copy: bool = True) -> Iterator[np.ndarray]:
        """Raw scores after each stage (the same array updated in place unless ``copy``)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float32)
        raw = np.tile(self._raw_init, (X.shape[0], 1))
        for stage in self.estimators_:
            for k, tree in enumerate(stage):
                raw[:, k] += self.learning_rate * tree.tree_.predict(X)[:, 0, 0]
            yield raw.copy() if copy else raw

    def _raw_predict(self, X) -> np.ndarray:
        return deque(self._raw_stages(X, copy=False), maxlen=1)[0]  # the last stage

    @property
    def feature_importances_(self) -> np.ndarray:
        """Mean over the trees of their (unnormalised) impurity decreases, normalised."""
        check_is_fitted(self)
        imps = [t.tree_.compute_feature_importances(normalize=False)
                for stage in self.estimators_ for t in stage if t.tree_.node_count > 1]
        if not imps:
            return np.zeros(self.n_features_in_)
        avg = np.mean(imps, axis=0)
        return avg / avg.sum()


class GradientBoostingRegressor(RegressorMixin, _GradientBoosting):
    r"""Gradient boosting for regression.

    Starting from the constant that minimises the loss, stage ``m`` fits a regression
    tree ``h_m`` to the negative gradient ``r_i = -dL(y_i, F(x_i)) / dF`` (the residual
    ``y - F`` for the squared error, its sign for the absolute error), sets each leaf to
    the best constant step (the mean residual, or the median residual for the absolute
    error) and updates ``F <- F + learning_rate h_m``. With ``subsample < 1`` each stage sees
    a random fraction of the samples (stochastic gradient boosting). From the same
    ``random_state`` the trees are scikit-learn's.

    Parameters
    ----------
    loss : {"squared_error", "absolute_error"}, default="squared_error"
    learning_rate : float, default=0.1
        Shrinkage of every tree.
    n_estimators : int, default=100
    subsample : float, default=1.0
    min_samples_split, min_samples_leaf, min_weight_fraction_leaf, min_impurity_decrease,
    max_features, max_leaf_nodes, ccp_alpha
        Of the trees, as in :class:`~syllabus.tree.DecisionTreeRegressor`.
    max_depth : int, default=3
    random_state : int, RandomState or None, default=None

    Attributes
    ----------
    estimators_ : list of lists of DecisionTreeRegressor
        ``estimators_[m][0]`` is the tree of stage ``m``.
    feature_importances_ : ndarray of shape (n_features,)
    n_estimators_ : int
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.ensemble import GradientBoostingRegressor
    >>> X = np.linspace(0, 6, 50).reshape(-1, 1)
    >>> reg = GradientBoostingRegressor(n_estimators=50, random_state=0).fit(X, np.sin(X.ravel()))
    >>> bool(reg.score(X, np.sin(X.ravel())) > 0.99)
    True
    """

    _parameter_constraints = {
        **_GradientBoosting._parameter_constraints,
        "loss": [StrOptions({"squared_error", "absolute_error"})],
    }

    def __init__(self, *, loss: str = "squared_error", learning_rate: float = 0.1,
                 n_estimators: int = 100, subsample: float = 1.0,
                 min_samples_split: int | float = 2, min_samples_leaf: int | float = 1,
                 min_weight_fraction_leaf: float = 0.0, max_depth: int | None = 3,
                 min_impurity_decrease: float = 0.0, random_state: Any = None,
                 max_features: Any = None, max_leaf_nodes: int | None = None,
                 ccp_alpha: float = 0.0) -> None:
        self.loss = loss
        self.learning_rate = learning_rate
        self.n_estimators = n_estimators
        self.subsample = subsample
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_depth = max_depth
        self.min_impurity_decrease = min_impurity_decrease
        self.random_state = random_state
        self.max_features = max_features
        self.max_leaf_nodes = max_leaf_nodes
        self.ccp_alpha = ccp_alpha

    def fit(self, X, y, sample_weight=None) -> GradientBoostingRegressor:
        """Fit ``n_estimators`` boosting stages.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self
        """
        self._validate_params()
        X, y = validate_data(self, X, y, dtype=np.float32, y_numeric=True)
        y = np.asarray(y, dtype=np.float64)
        w = check_sample_weight(sample_weight, X)
        if self.loss == "squared_error":
            init = np.average(y, weights=None if sample_weight is None else w)
        elif sample_weight is None:
            init = np.median(y)
        else:
            init = _weighted_lower_median(y, w)
        self._raw_init = np.array([init])
        self._boost(X, y, w, np.full((X.shape[0], 1), init))
        self.n_estimators_ = len(self.estimators_)
        return self

    def _negative_gradient(self, y, raw):
        if self.loss == "squared_error":
            return (y - raw[:, 0])[:, None]
        # -d|y - F|/dF, taken as +1 at y == F (scikit-learn's convention)
        return np.where(raw[:, 0] > y, -1.0, 1.0)[:, None]

    def _line_search(self, tree, leaves, in_bag, y, neg_gradient, raw, w, k) -> None:
        if self.loss == "squared_error":
            return
        residual = y - raw
        for leaf, idx in _leaf_members(tree, leaves, in_bag):
            tree.value[leaf, 0, 0] = _weighted_lower_median(residual[idx], w[idx])

    def predict(self, X) -> np.ndarray:
        """``F(x) = F_0 + learning_rate sum_m h_m(x)``."""
        return self._raw_predict(X)[:, 0]

    def staged_predict(self, X) -> Iterator[np.ndarray]:
        """Predictions after each stage (a generator of ``n_estimators`` arrays)."""
        for raw in self._raw_stages(X):
            yield raw[:, 0]


class GradientBoostingClassifier(ClassifierMixin, _GradientBoosting):
    r"""Gradient boosting for classification with the log loss.

    Binary: one tree per stage on the log-odds ``F``, fitted to ``y - sigmoid(F)``, each
    leaf set to one Newton step ``sum (y - p) / sum p (1 - p)``. ``K > 2`` classes: ``K``
    trees per stage on the softmax scores, each leaf's Newton step scaled by
    ``(K - 1) / K``. Starts from the log-odds of the class priors. From the same
    ``random_state`` the trees are scikit-learn's.

    Parameters
    ----------
    loss : {"log_loss"}, default="log_loss"
    learning_rate : float, default=0.1
    n_estimators : int, default=100
    subsample : float, default=1.0
    min_samples_split, min_samples_leaf, min_weight_fraction_leaf, min_impurity_decrease,
    max_features, max_leaf_nodes, ccp_alpha
        Of the trees, as in :class:`~syllabus.tree.DecisionTreeRegressor`.
    max_depth : int, default=3
    random_state : int, RandomState or None, default=None

    Attributes
    ----------
    estimators_ : list of lists of DecisionTreeRegressor
        ``estimators_[m][k]``: stage ``m``, class ``k`` (one tree per stage when binary).
    classes_ : ndarray of shape (n_classes,)
    n_classes_ : int
    feature_importances_ : ndarray of shape (n_features,)
    n_estimators_ : int
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.ensemble import GradientBoostingClassifier
    >>> X = np.linspace(-3, 3, 40).reshape(-1, 1)
    >>> clf = GradientBoostingClassifier(n_estimators=20).fit(X, (X.ravel() > 0).astype(int))
    >>> clf.predict([[-2.0], [2.0]])
    array([0, 1])
    """

    _parameter_constraints = {
        **_GradientBoosting._parameter_constraints,
        "loss": [StrOptions({"log_loss"})],
    }

    def __init__(self, *, loss: str = "log_loss", learning_rate: float = 0.1,
                 n_estimators: int = 100, subsample: float = 1.0,
                 min_samples_split: int | float = 2, min_samples_leaf: int | float = 1,
                 min_weight_fraction_leaf: float = 0.0, max_depth: int | None = 3,
                 min_impurity_decrease: float = 0.0, random_state: Any = None,
                 max_features: Any = None, max_leaf_nodes: int | None = None,
                 ccp_alpha: float = 0.0) -> None:
        self.loss = loss
        self.learning_rate = learning_rate
        self.n_estimators = n_estimators
        self.subsample = subsample
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_depth = max_depth
        self.min_impurity_decrease = min_impurity_decrease
        self.random_state = random_state
        self.max_features = max_features
        self.max_leaf_nodes = max_leaf_nodes
        self.ccp_alpha = ccp_alpha

    def fit(self, X, y, sample_weight=None) -> GradientBoostingClassifier:
        """Fit ``n_estimators`` boosting stages.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self
        """
        self._validate_params()
        X, y = validate_data(self, X, y, dtype=np.float32)
        self.classes_, y = encode_labels(y)
        require_two_classes(self.classes_, type(self).__name__)
        self.n_classes_ = K = len(self.classes_)
        w = check_sample_weight(sample_weight, X)
        prior = np.array([np.average(y == k, weights=w) for k in range(K)])
        eps = np.finfo(np.float64).eps
        if K == 2:
            p = float(np.clip(prior[1], eps, 1 - eps))
            init = np.array([_logit(p)])
        else:
            p = np.clip(prior, eps, 1 - eps)
            init = np.log(p / np.exp(np.mean(np.log(p))))  # log(p / geometric mean)
        self._raw_init = init
        self._boost(X, y, w, np.tile(init, (X.shape[0], 1)))
        self.n_estimators_ = len(self.estimators_)
        return self

    def _negative_gradient(self, y, raw):
        return _log_loss_negative_gradient(y, raw)

    def _line_search(self, tree, leaves, in_bag, y, neg_gradient, raw, w, k) -> None:
        K = self.n_classes_
        target = (y == k) if K > 2 else y
        for leaf, idx in _leaf_members(tree, leaves, in_bag):
            # one Newton step: average of the gradient over average of the hessian
            neg_g = neg_gradient.take(idx)
            prob = target.take(idx) - neg_g
            numerator = np.average(neg_g, weights=w[idx])
            if K > 2:
                numerator *= (K - 1) / K
            denominator = np.average(prob * (1 - prob), weights=w[idx])
            tree.value[leaf, 0, 0] = 0.0 if abs(denominator) < 1e-150 else float(
                numerator) / float(denominator)

    def decision_function(self, X) -> np.ndarray:
        """Raw scores: log-odds (n_samples,) when binary, else (n_samples, n_classes)."""
        raw = self._raw_predict(X)
        return raw[:, 0] if raw.shape[1] == 1 else raw

    def _proba(self, raw):
        if raw.shape[1] == 1:
            p = expit(raw[:, 0])
            return np.column_stack([1 - p, p])
        return softmax(raw, axis=1)

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities (sigmoid or softmax of the raw scores)."""
        return self._proba(self._raw_predict(X))

    def predict(self, X) -> np.ndarray:
        """Most probable class."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def staged_predict_proba(self, X) -> Iterator[np.ndarray]:
        """Class probabilities after each stage."""
        for raw in self._raw_stages(X):
            yield self._proba(raw)

    def staged_predict(self, X) -> Iterator[np.ndarray]:
        """Predicted classes after each stage."""
        for proba in self.staged_predict_proba(X):
            yield self.classes_[np.argmax(proba, axis=1)]

    def staged_decision_function(self, X) -> Iterator[np.ndarray]:
        """Raw scores after each stage."""
        for raw in self._raw_stages(X):
            yield raw[:, 0] if raw.shape[1] == 1 else raw
