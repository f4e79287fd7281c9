"""Gradient boosting (Friedman, 2001): a sum of small regression trees, each fitted to the
negative gradient of the loss at the current predictions, then moved by a line search.

Stage ``m`` fits a regression tree to the pseudo-residuals ``r_i = -dL(y_i, F(x_i)) / dF``,
replaces each leaf's value by the step that (approximately) minimises the loss of the
samples in it, and adds the tree shrunk by ``learning_rate``. The losses are scikit-learn's
(half squared error, absolute error, Huber, pinball, half binomial and multinomial log loss,
exponential), with the same gradients, line searches and initial constants, so from the same
``random_state`` the trees are scikit-learn's. ``train_score_`` reports the loss after each
stage (twice the half losses, as scikit-learn does).
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Iterator
from numbers import Integral, Real
from typing import Any

import numpy as np
from numba import njit

from ..base import BaseEstimator, ClassifierMixin, RegressorMixin
from ..dummy import DummyClassifier, DummyRegressor, _weighted_quantile
from ..model_selection import train_test_split
from ..tree import DecisionTreeRegressor
from ..tree._classes import _BaseDecisionTree, _resolve_max_features
from ..utils import (
    Interval,
    StrOptions,
    check_classification_targets,
    check_is_fitted,
    check_random_state,
    check_sample_weight,
    column_or_1d,
    validate_data,
)
from ..utils._param_validation import HasMethods
from ..utils._sparse import issparse
from ..utils._special import expit, log1pexp, softmax
from ._base import RESAMPLING_EXPECTED_FAILURES, EnsembleSequence

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


def _logit(p: np.ndarray) -> np.ndarray:
    """``log(p / (1 - p))``; near 1/2 as ``log1p(2p - 1) - log1p(1 - 2p)`` (more accurate
    there, and the form SciPy's ``logit`` uses, which scikit-learn's boosting starts from)."""
    p = np.asarray(p, dtype=np.float64)
    middle = (p >= 0.3) & (p <= 0.65)
    with np.errstate(divide="ignore"):
        return np.where(middle, np.log1p(2 * p - 1) - np.log1p(-(2 * p - 1)),
                        np.log(p / (1 - p)))


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


@njit(cache=True)
def _exponential_negative_gradient(y, raw):
    """``y e^{-F} - (1 - y) e^{F}``, with the C library's ``exp`` as scikit-learn's loss
    module (NumPy's vectorised ``exp`` may differ in the last bit)."""
    out = np.empty((raw.shape[0], 1))
    for i in range(raw.shape[0]):
        e = math.exp(raw[i, 0])
        out[i, 0] = -(-y[i] / e + (1 - y[i]) * e)
    return out


def _newton_step(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, 0 when the curvature vanishes (a pure leaf)."""
    return 0.0 if abs(denominator) < 1e-150 else float(numerator) / float(denominator)


# -- the losses ---------------------------------------------------------------------------------
# Each gives the loss, the negative gradient, the line-search step of a leaf, the initial
# estimator and the link from its predictions to raw scores. ``factor`` scales the reported
# loss (scikit-learn reports twice the half squared error and the half binomial deviance).

class _Loss:
    factor = 1.0
    n_trees = 1  # trees per stage

    def before_stage(self, y, raw, w) -> None:
        """Adapt to the current residuals (Huber's delta)."""

    def link(self, prediction: np.ndarray) -> np.ndarray:
        return prediction


class _SquaredError(_Loss):
    factor = 2.0

    def __call__(self, y, raw, w):
        return np.average(0.5 * (raw[:, 0] - y) ** 2, weights=w)

    def negative_gradient(self, y, raw):
        return (y - raw[:, 0])[:, None]

    leaf_step = None  # the tree's own leaf means are the steps

    def init_estimator(self):
        return DummyRegressor(strategy="mean")


class _AbsoluteError(_Loss):
    def __call__(self, y, raw, w):
        return np.average(np.abs(raw[:, 0] - y), weights=w)

    def negative_gradient(self, y, raw):
        # -d|y - F|/dF, taken as +1 at y == F (scikit-learn's convention)
        return np.where(raw[:, 0] > y, -1.0, 1.0)[:, None]

    def leaf_step(self, y, neg_g, raw, w):
        return _weighted_quantile(y - raw, w, 0.5)  # the weighted median residual

    def init_estimator(self):
        return DummyRegressor(strategy="quantile", quantile=0.5)


class _Huber(_Loss):
    """Squared inside ``|y - F| <= delta``, linear outside; ``delta`` is the ``alpha``
    quantile of the absolute residuals at the start of each stage."""

    def __init__(self, alpha):
        self.alpha = alpha
        self.delta = 0.5  # scikit-learn's default, used by the loss before the first stage

    def before_stage(self, y, raw, w):
        self.delta = _weighted_quantile(np.abs(y - raw[:, 0]), w, self.alpha)

    def __call__(self, y, raw, w):
        err = np.abs(y - raw[:, 0])
        return np.average(np.where(err <= self.delta, 0.5 * err ** 2,
                                   self.delta * (err - 0.5 * self.delta)), weights=w)

    def negative_gradient(self, y, raw):
        residual = y - raw[:, 0]
        return np.where(np.abs(residual) <= self.delta, residual,
                        np.where(residual > 0, self.delta, -self.delta))[:, None]

    def leaf_step(self, y, neg_g, raw, w):
        # Friedman's step: the median residual plus the mean of the clipped deviations
        residual = y - raw
        median = _weighted_quantile(residual, w, 0.5)
        diff = residual - median
        return median + np.average(np.sign(diff) * np.minimum(self.delta, np.abs(diff)),
                                   weights=w)

    def init_estimator(self):
        return DummyRegressor(strategy="quantile", quantile=0.5)


class _Pinball(_Loss):
    """The quantile loss ``alpha (y - F)`` above ``F`` and ``(1 - alpha) (F - y)`` below."""

    def __init__(self, alpha):
        self.alpha = alpha

    def __call__(self, y, raw, w):
        diff = y - raw[:, 0]
        return np.average(np.where(diff >= 0, self.alpha * diff, (self.alpha - 1) * diff),
                          weights=w)

    def negative_gradient(self, y, raw):
        return np.where(y >= raw[:, 0], self.alpha, self.alpha - 1.0)[:, None]

    def leaf_step(self, y, neg_g, raw, w):
        return _weighted_quantile(y - raw, w, self.alpha)

    def init_estimator(self):
        return DummyRegressor(strategy="quantile", quantile=self.alpha)


class _BinomialLogLoss(_Loss):
    """Half the binomial deviance ``log(1 + e^F) - y F`` of the log-odds ``F``."""

    factor = 2.0

    def __call__(self, y, raw, w):
        return np.average(log1pexp(raw[:, 0]) - y * raw[:, 0], weights=w)

    def negative_gradient(self, y, raw):
        return _log_loss_negative_gradient(y, raw)

    def leaf_step(self, y, neg_g, raw, w):
        # one Newton step: sum w (y - p) / sum w p (1 - p), with y - p the negative gradient
        prob = y - neg_g
        return _newton_step(np.average(neg_g, weights=w), np.average(prob * (1 - prob), weights=w))

    def init_estimator(self):
        return DummyClassifier(strategy="prior")

    def link(self, proba):
        return _logit(proba[:, 1])[:, None]

    def proba(self, raw):
        p = expit(raw[:, 0])
        return np.column_stack([1 - p, p])


class _MultinomialLogLoss(_Loss):
    """``log sum_k e^{F_k} - F_y``: one tree per class and stage."""

    def __init__(self, n_classes):
        self.n_trees = n_classes

    def __call__(self, y, raw, w):
        top = raw.max(axis=1)
        logsumexp = top + np.log(np.exp(raw - top[:, None]).sum(axis=1))
        return np.average(logsumexp - raw[np.arange(len(y)), y.astype(np.intp)], weights=w)

    def negative_gradient(self, y, raw):
        return _log_loss_negative_gradient(y, raw)

    def leaf_step(self, y, neg_g, raw, w):
        # Friedman's Newton step scaled by (K - 1) / K (kept for scikit-learn's results)
        prob = y - neg_g
        numerator = np.average(neg_g, weights=w) * ((self.n_trees - 1) / self.n_trees)
        return _newton_step(numerator, np.average(prob * (1 - prob), weights=w))

    def init_estimator(self):
        return DummyClassifier(strategy="prior")

    def link(self, proba):
        return np.log(proba / np.exp(np.mean(np.log(proba), axis=1, keepdims=True)))

    def proba(self, raw):
        return softmax(raw, axis=1)


class _ExponentialLoss(_Loss):
    """AdaBoost's loss ``y e^{-F} + (1 - y) e^{F}`` on half the log-odds ``F``."""

    def __call__(self, y, raw, w):
        e = np.exp(raw[:, 0])
        return np.average(y / e + (1 - y) * e, weights=w)

    def negative_gradient(self, y, raw):
        return _exponential_negative_gradient(y, raw)

    def leaf_step(self, y, neg_g, raw, w):
        hessian = np.where(y == 0, -neg_g, neg_g)  # equals the loss of each sample
        return _newton_step(np.average(neg_g, weights=w), np.average(hessian, weights=w))

    def init_estimator(self):
        return DummyClassifier(strategy="prior")

    def link(self, proba):
        return 0.5 * _logit(proba[:, 1])[:, None]

    def proba(self, raw):
        p = expit(2.0 * raw[:, 0])
        return np.column_stack([1 - p, p])


def _leaf_members(tree, leaves: np.ndarray, in_bag: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """Every leaf of ``tree`` with the in-bag samples it holds (increasing indices)."""
    idx = np.flatnonzero(in_bag)
    idx = idx[np.argsort(leaves[idx], kind="stable")]
    ids, starts = np.unique(leaves[idx], return_index=True)
    members = dict(zip(ids.tolist(), np.split(idx, starts[1:]), strict=True))
    for leaf in np.flatnonzero(tree.children_left == -1):
        yield int(leaf), members.get(int(leaf), idx[:0])


class _Reporter:
    """scikit-learn's verbose table: iteration, training loss, OOB improvement, time left."""

    def __init__(self, estimator, begin_at_stage):
        fields = ["Iter", "Train Loss"] + (["OOB Improve"] if estimator.subsample < 1 else [])
        fields.append("Remaining Time")
        print(("%10s " + "%16s " * (len(fields) - 1)) % tuple(fields))
        self.every, self.start, self.begin = 1, time.time(), begin_at_stage

    def update(self, j, est):
        i = j - self.begin
        if (i + 1) % self.every:
            return
        left = (est.n_estimators - (j + 1)) * (time.time() - self.start) / (i + 1)
        left = f"{left / 60:.2f}m" if left > 60 else f"{left:.2f}s"
        line = f"{j + 1:>10d} {est.train_score_[j]:>16.4f}"
        if est.subsample < 1:
            line += f" {est.oob_improvement_[j]:>16.4f}"
        print(f"{line} {left:>16s}")
        if est.verbose == 1 and (i + 1) // (self.every * 10) > 0:
            self.every *= 10


class _GradientBoosting(EnsembleSequence, BaseEstimator):
    _expected_failed_checks = RESAMPLING_EXPECTED_FAILURES
    _check_estimator_params = {"n_estimators": 10}  # common checks: small and fast

    _parameter_constraints: dict = {
        # the trees' own constraints, shared with DecisionTreeRegressor
        **_BaseDecisionTree._parameter_constraints,
        "learning_rate": [Interval(Real, 0.0, None, closed="left")],
        "n_estimators": [Interval(Integral, 1, None, closed="left")],
        "criterion": [StrOptions({"deprecated", "friedman_mse", "squared_error"})],
        "subsample": [Interval(Real, 0.0, 1.0, closed="right")],
        "verbose": [Interval(Integral, 0, None, closed="left"), "boolean"],
        "warm_start": ["boolean"],
        "validation_fraction": [Interval(Real, 0.0, 1.0, closed="neither")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left"), None],
        "tol": [Interval(Real, 0.0, None, closed="left")],
    }
    _tree_params = ("max_depth", "min_samples_split", "min_samples_leaf",
                    "min_weight_fraction_leaf", "min_impurity_decrease", "max_features",
                    "max_leaf_nodes", "ccp_alpha")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def _clear_state(self) -> None:
        for name in ("estimators_", "train_score_", "oob_improvement_", "oob_scores_",
                     "oob_score_", "init_", "_rng", "n_estimators_"):
            self.__dict__.pop(name, None)

    def _fitted(self) -> bool:
        return len(getattr(self, "estimators_", [])) > 0

    def fit(self, X, y, sample_weight=None, monitor=None):
        """Fit ``n_estimators`` boosting stages (only the missing ones with ``warm_start``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Converted to float32, as scikit-learn does.
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
        monitor : callable, default=None
            Called as ``monitor(i, self, locals())`` after stage ``i``; returning True stops
            the boosting there.

        Returns
        -------
        self
        """
        self._validate_params()
        if not self.warm_start:
            self._clear_state()
        if self.criterion != "deprecated":
            warnings.warn("The parameter `criterion` is deprecated and will be removed in 1.11. "
                          "It has no effect. Leave it to its default value to avoid this "
                          "warning.", FutureWarning, stacklevel=2)
        X, y = validate_data(self, X, y, dtype=np.float32, multi_output=True,
                             accept_sparse=["csr", "csc", "coo"])
        if issparse(X):
            X = X.tocsr()  # rows are split off and walked down the trees; the trees get CSC
        y = column_or_1d(y, warn=True)
        w = check_sample_weight(sample_weight, X)
        y = self._encode_y(y, None if sample_weight is None else w)
        self.max_features_ = _resolve_max_features(self.max_features, X.shape[1])
        loss = self._make_loss()
        if self.n_iter_no_change is not None:
            X, X_val, y, y_val, w, w_val = train_test_split(
                X, y, w, random_state=self.random_state, test_size=self.validation_fraction,
                stratify=y if self._is_classifier else None)
            if self._is_classifier and self.n_classes_ != len(np.unique(y)):
                raise ValueError("The training data after the early stopping split is missing "
                                 "some classes. Try using another random seed.")
        else:
            X_val = y_val = w_val = None

        if not self._fitted():
            self.init_ = self.init
            if self.init_ is None:
                self.init_ = loss.init_estimator()
            if self.init_ == "zero":
                raw = np.zeros((X.shape[0], loss.n_trees))
            else:
                self._fit_init(X, y, None if sample_weight is None else w)
                raw = self._raw_init(X, loss)
            begin = 0
            self.estimators_ = np.empty((0, loss.n_trees), dtype=object)
            self.train_score_ = np.zeros(0)
            if self.subsample < 1.0:
                self.oob_improvement_, self.oob_scores_ = np.zeros(0), np.zeros(0)
            self._rng = check_random_state(self.random_state)  # kept for warm starts
        else:
            if self.n_estimators < self.estimators_.shape[0]:
                raise ValueError(f"n_estimators={self.n_estimators} must be larger or equal to "
                                 f"estimators_.shape[0]={self.estimators_.shape[0]} when "
                                 "warm_start==True")
            begin = self.estimators_.shape[0]
            raw = self._raw_predict_validated(X, loss)
        n_total = self.n_estimators
        self.estimators_ = np.resize(self.estimators_, (n_total, loss.n_trees)) \
            if begin else np.empty((n_total, loss.n_trees), dtype=object)
        self.train_score_ = np.resize(self.train_score_, n_total)
        if self.subsample < 1.0 or hasattr(self, "oob_improvement_"):
            if not hasattr(self, "oob_improvement_"):
                self.oob_improvement_, self.oob_scores_ = np.zeros(0), np.zeros(0)
            self.oob_improvement_ = np.resize(self.oob_improvement_, n_total)
            self.oob_scores_ = np.resize(self.oob_scores_, n_total)
            self.oob_score_ = np.nan
        n_stages = self._fit_stages(X, y, raw, w, loss, X_val, y_val, w_val, begin, monitor)
        self.estimators_ = self.estimators_[:n_stages]
        self.train_score_ = self.train_score_[:n_stages]
        if hasattr(self, "oob_improvement_"):
            self.oob_improvement_ = self.oob_improvement_[:n_stages]
            self.oob_scores_ = self.oob_scores_[:n_stages]
            self.oob_score_ = self.oob_scores_[-1]
        self.n_estimators_ = n_stages
        return self

    def _fit_init(self, X, y, sample_weight):
        if sample_weight is None:
            self.init_.fit(X, y)
            return
        try:
            self.init_.fit(X, y, sample_weight=sample_weight)
        except (TypeError, ValueError) as error:
            # a fit without sample_weight (TypeError), or a Pipeline refusing it (ValueError)
            if "sample_weight" in str(error) and (
                    isinstance(error, TypeError) or "stepname__parameter" in str(error)):
                raise ValueError(f"The initial estimator {type(self.init_).__name__} does not "
                                 "support sample weights.") from error
            raise

    def _fit_stages(self, X, y, raw, w, loss, X_val, y_val, w_val, begin, monitor):
        """Boost from stage ``begin``; returns the number of stages (fewer when stopped
        early by the validation loss or by ``monitor``)."""
        n = X.shape[0]
        rng = self._rng
        subsample = self.subsample < 1.0
        in_bag = np.ones(n, dtype=bool)
        n_in_bag = max(1, int(self.subsample * n))
        params = {name: getattr(self, name) for name in self._tree_params}
        reporter = _Reporter(self, begin) if self.verbose else None
        if issparse(X):  # the trees read columns: no dense copy, no presorting
            X_fit, presorted = X.tocsc(), None
        else:  # each feature sorted once for all the trees
            X_fit, presorted = X, np.argsort(X, axis=0, kind="stable").T.copy()
        if self.n_iter_no_change is not None:
            history = np.full(self.n_iter_no_change, np.inf)
            raw_val = self._raw_predict_validated(X_val, loss) if begin else \
                self._raw_init(X_val, loss)
        i = begin
        for i in range(begin, self.n_estimators):
            if subsample:
                in_bag = _random_sample_mask(rng.uniform(size=n), n_in_bag)
                if i == 0:  # the loss before boosting, for the first OOB improvement
                    initial = loss.factor * loss(y[~in_bag], raw[~in_bag], w[~in_bag])
            loss.before_stage(y, raw, w)
            neg_gradient = loss.negative_gradient(y, raw)
            w_stage = w * in_bag if subsample else w
            for k in range(loss.n_trees):
                target = (y == k).astype(np.float64) if loss.n_trees > 1 else y
                tree = DecisionTreeRegressor(random_state=rng, **params)
                tree.n_features_in_ = X.shape[1]
                tree.n_outputs_ = 1
                tree._fit(X_fit, neg_gradient[:, k], w_stage, presorted=presorted)
                leaves = tree.tree_.apply(X)
                if loss.leaf_step is not None:
                    for leaf, idx in _leaf_members(tree.tree_, leaves, in_bag):
                        tree.tree_.value[leaf, 0, 0] = loss.leaf_step(
                            target.take(idx), neg_gradient[idx, k], raw[idx, k], w_stage[idx])
                raw[:, k] += self.learning_rate * tree.tree_.value[leaves, 0, 0]
                self.estimators_[i, k] = tree
            if subsample:
                self.train_score_[i] = loss.factor * loss(y[in_bag], raw[in_bag], w[in_bag])
                self.oob_scores_[i] = loss.factor * loss(y[~in_bag], raw[~in_bag], w[~in_bag])
                previous = initial if i == 0 else self.oob_scores_[i - 1]
                self.oob_improvement_[i] = previous - self.oob_scores_[i]
                self.oob_score_ = self.oob_scores_[-1]
            else:
                self.train_score_[i] = loss.factor * loss(y, raw, w)
            if reporter is not None:
                reporter.update(i, self)
            if monitor is not None and monitor(i, self, locals()):
                break
            if self.n_iter_no_change is not None:
                # stop once the validation loss beats none of the last n_iter_no_change
                for k, tree in enumerate(self.estimators_[i]):
                    raw_val[:, k] += self.learning_rate * tree.tree_.predict(X_val)[:, 0, 0]
                val_loss = loss.factor * loss(y_val, raw_val, w_val)
                if np.any(val_loss + self.tol < history):
                    history[i % len(history)] = val_loss
                else:
                    break
        return i + 1

    def _raw_init(self, X, loss):
        """Raw scores of the initial estimator: its predictions through the link."""
        if isinstance(self.init_, str):  # "zero"
            return np.zeros((X.shape[0], loss.n_trees))
        if self._is_classifier:
            eps = np.finfo(np.float64).eps
            proba = np.clip(self.init_.predict_proba(X), eps, 1 - eps, dtype=np.float64)
            return loss.link(proba)
        return np.asarray(self.init_.predict(X), dtype=np.float64).reshape(-1, 1)

    def _raw_stages(self, X, copy: bool = True) -> Iterator[np.ndarray]:
        """Raw scores after each stage (the same array updated in place unless ``copy``)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float32, accept_sparse="csr")
        raw = self._raw_init(X, self._make_loss())
        for stage in self.estimators_:
            for k, tree in enumerate(stage):
                raw[:, k] += self.learning_rate * tree.tree_.predict(X)[:, 0, 0]
            yield raw.copy() if copy else raw

    def _raw_predict_validated(self, X, loss):
        raw = self._raw_init(X, loss)
        for stage in self.estimators_:
            for k, tree in enumerate(stage):
                if tree is not None:
                    raw[:, k] += self.learning_rate * tree.tree_.predict(X)[:, 0, 0]
        return raw

    def _raw_predict(self, X) -> np.ndarray:
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float32, accept_sparse="csr")
        return self._raw_predict_validated(X, self._make_loss())

    def apply(self, X) -> np.ndarray:
        """Leaf of every sample in every tree: shape (n_samples, n_stages, n_trees_per_stage)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float32, accept_sparse="csr")
        n_stages, K = self.estimators_.shape
        leaves = np.zeros((X.shape[0], n_stages, K))
        for i in range(n_stages):
            for k in range(K):
                leaves[:, i, k] = self.estimators_[i, k].tree_.apply(X)
        return leaves

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


_BOOSTING_PARAMETERS = """learning_rate : float, default=0.1
        Shrinkage of every tree.
    n_estimators : int, default=100
        Number of boosting stages.
    subsample : float, default=1.0
        Fraction of the samples each stage sees (below 1: stochastic gradient boosting, and
        ``oob_improvement_`` / ``oob_scores_`` are recorded).
    criterion : str, default="deprecated"
        Ignored (the trees minimise the squared error), as in scikit-learn 1.9.
    min_samples_split, min_samples_leaf, min_weight_fraction_leaf, min_impurity_decrease,
    max_features, max_leaf_nodes, ccp_alpha
        Of the trees, as in :class:`~syllabus.tree.DecisionTreeRegressor`.
    max_depth : int or None, default=3
    init : estimator, "zero" or None, default=None
        Gives the initial predictions (None: the constant minimising the loss).
    random_state : int, RandomState or None, default=None
    verbose : int, default=0
        Print the training loss after each stage (1: ever more rarely).
    warm_start : bool, default=False
        Keep the fitted stages and add only the missing ones at the next ``fit``.
    validation_fraction : float, default=0.1
        Held out for early stopping.
    n_iter_no_change : int or None, default=None
        Stop when the held-out loss has not improved by ``tol`` on any of the last
        ``n_iter_no_change`` stages.
    tol : float, default=1e-4"""


class GradientBoostingRegressor(RegressorMixin, _GradientBoosting):
    r"""Gradient boosting for regression.

    Starting from the constant that minimises the loss, stage ``m`` fits a regression
    tree ``h_m`` to the negative gradient ``r_i = -dL(y_i, F(x_i)) / dF`` (the residual
    ``y - F`` for the squared error, its sign for the absolute error), sets each leaf to
    the best constant step (the mean residual, the median residual for the absolute error,
    the ``alpha`` quantile for the quantile loss) and updates ``F <- F + learning_rate h_m``.
    From the same ``random_state`` the trees are scikit-learn's.

    Parameters
    ----------
    loss : {"squared_error", "absolute_error", "huber", "quantile"}, default="squared_error"
    {parameters}
    alpha : float, default=0.9
        The quantile of the "quantile" loss, and of the absolute residuals giving Huber's
        ``delta``.

    Attributes
    ----------
    estimators_ : ndarray of DecisionTreeRegressor of shape (n_estimators_, 1)
    init_ : estimator
    train_score_ : ndarray of shape (n_estimators_,)
        Training loss after each stage (in-bag samples when subsampling).
    oob_improvement_, oob_scores_ : ndarray of shape (n_estimators_,)
        With ``subsample < 1``: the decrease of the out-of-bag loss at each stage, and the loss.
    oob_score_ : float
    feature_importances_ : ndarray of shape (n_features,)
    max_features_ : int
    n_estimators_ : int
    n_trees_per_iteration_ : int
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
        "loss": [StrOptions({"squared_error", "absolute_error", "huber", "quantile"})],
        "init": [StrOptions({"zero"}), None, HasMethods(["fit", "predict"])],
        "alpha": [Interval(Real, 0.0, 1.0, closed="neither")],
    }
    _is_classifier = False

    def __init__(self, *, loss: str = "squared_error", learning_rate: float = 0.1,
                 n_estimators: int = 100, subsample: float = 1.0, criterion: str = "deprecated",
                 min_samples_split: int | float = 2, min_samples_leaf: int | float = 1,
                 min_weight_fraction_leaf: float = 0.0, max_depth: int | None = 3,
                 min_impurity_decrease: float = 0.0, init: Any = None, random_state: Any = None,
                 max_features: Any = None, alpha: float = 0.9, verbose: int = 0,
                 max_leaf_nodes: int | None = None, warm_start: bool = False,
                 validation_fraction: float = 0.1, n_iter_no_change: int | None = None,
                 tol: float = 1e-4, ccp_alpha: float = 0.0) -> None:
        self.loss = loss
        self.learning_rate = learning_rate
        self.n_estimators = n_estimators
        self.subsample = subsample
        self.criterion = criterion
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_depth = max_depth
        self.min_impurity_decrease = min_impurity_decrease
        self.init = init
        self.random_state = random_state
        self.max_features = max_features
        self.alpha = alpha
        self.verbose = verbose
        self.max_leaf_nodes = max_leaf_nodes
        self.warm_start = warm_start
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.ccp_alpha = ccp_alpha

    def _encode_y(self, y, sample_weight):
        self.n_trees_per_iteration_ = 1
        return np.asarray(y, dtype=np.float64)

    def _make_loss(self) -> _Loss:
        return {"squared_error": _SquaredError, "absolute_error": _AbsoluteError,
                "huber": lambda: _Huber(self.alpha),
                "quantile": lambda: _Pinball(self.alpha)}[self.loss]()

    def predict(self, X) -> np.ndarray:
        """``F(x) = F_0(x) + learning_rate sum_m h_m(x)``."""
        return self._raw_predict(X)[:, 0]

    def staged_predict(self, X) -> Iterator[np.ndarray]:
        """Predictions after each stage (a generator of ``n_estimators_`` arrays)."""
        for raw in self._raw_stages(X):
            yield raw[:, 0]

    def apply(self, X) -> np.ndarray:
        """Leaf of every sample in every tree: shape (n_samples, n_estimators_)."""
        return super().apply(X)[:, :, 0]


class GradientBoostingClassifier(ClassifierMixin, _GradientBoosting):
    r"""Gradient boosting for classification with the log loss (or AdaBoost's exponential loss).

    Binary: one tree per stage on the log-odds ``F``, fitted to ``y - sigmoid(F)``, each
    leaf set to one Newton step ``sum (y - p) / sum p (1 - p)``. ``K > 2`` classes: ``K``
    trees per stage on the softmax scores, each leaf's Newton step scaled by
    ``(K - 1) / K``. Starts from the log-odds of the class priors. From the same
    ``random_state`` the trees are scikit-learn's.

    Parameters
    ----------
    loss : {"log_loss", "exponential"}, default="log_loss"
        "exponential" (two classes only) boosts ``y e^{-F} + (1 - y) e^F``, as AdaBoost.
    {parameters}

    Attributes
    ----------
    estimators_ : ndarray of DecisionTreeRegressor of shape (n_estimators_, K)
        ``estimators_[m, k]``: stage ``m``, class ``k`` (one tree per stage when binary).
    init_ : estimator
    classes_ : ndarray of shape (n_classes,)
    n_classes_ : int
    train_score_ : ndarray of shape (n_estimators_,)
    oob_improvement_, oob_scores_ : ndarray of shape (n_estimators_,)
    oob_score_ : float
    feature_importances_ : ndarray of shape (n_features,)
    max_features_ : int
    n_estimators_ : int
    n_trees_per_iteration_ : int
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
        "loss": [StrOptions({"log_loss", "exponential"})],
        "init": [StrOptions({"zero"}), None, HasMethods(["fit", "predict_proba"])],
    }
    _is_classifier = True

    def __init__(self, *, loss: str = "log_loss", learning_rate: float = 0.1,
                 n_estimators: int = 100, subsample: float = 1.0, criterion: str = "deprecated",
                 min_samples_split: int | float = 2, min_samples_leaf: int | float = 1,
                 min_weight_fraction_leaf: float = 0.0, max_depth: int | None = 3,
                 min_impurity_decrease: float = 0.0, init: Any = None, random_state: Any = None,
                 max_features: Any = None, verbose: int = 0, max_leaf_nodes: int | None = None,
                 warm_start: bool = False, validation_fraction: float = 0.1,
                 n_iter_no_change: int | None = None, tol: float = 1e-4,
                 ccp_alpha: float = 0.0) -> None:
        self.loss = loss
        self.learning_rate = learning_rate
        self.n_estimators = n_estimators
        self.subsample = subsample
        self.criterion = criterion
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_depth = max_depth
        self.min_impurity_decrease = min_impurity_decrease
        self.init = init
        self.random_state = random_state
        self.max_features = max_features
        self.verbose = verbose
        self.max_leaf_nodes = max_leaf_nodes
        self.warm_start = warm_start
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.ccp_alpha = ccp_alpha

    def _encode_y(self, y, sample_weight):
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.n_classes_ = len(self.classes_)
        self.n_trees_per_iteration_ = 1 if self.n_classes_ <= 2 else self.n_classes_
        counts = np.bincount(codes, weights=sample_weight, minlength=self.n_classes_)
        n_trimmed = np.count_nonzero(counts)
        if n_trimmed < 2:
            raise ValueError(f"y contains {n_trimmed} class after sample_weight trimmed classes "
                             "with zero weights, while a minimum of 2 classes are required.")
        return codes.astype(np.float64)

    def _make_loss(self) -> _Loss:
        if self.loss == "exponential":
            if self.n_classes_ > 2:
                raise ValueError(f"loss='exponential' is only suitable for a binary "
                                 f"classification problem, you have n_classes="
                                 f"{self.n_classes_}. Please use loss='log_loss' instead.")
            return _ExponentialLoss()
        return _BinomialLogLoss() if self.n_classes_ == 2 else _MultinomialLogLoss(
            self.n_classes_)

    def decision_function(self, X) -> np.ndarray:
        """Raw scores: log-odds (n_samples,) when binary, else (n_samples, n_classes)."""
        raw = self._raw_predict(X)
        return raw[:, 0] if raw.shape[1] == 1 else raw

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities (sigmoid or softmax of the raw scores)."""
        raw = self._raw_predict(X)
        return self._make_loss().proba(raw)

    def predict_log_proba(self, X) -> np.ndarray:
        """Logarithm of :meth:`predict_proba`."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def _classes_of(self, raw):
        if raw.shape[1] == 1:
            return self.classes_.take((raw[:, 0] >= 0).astype(int))
        return self.classes_.take(np.argmax(raw, axis=1))

    def predict(self, X) -> np.ndarray:
        """Most probable class."""
        return self._classes_of(self._raw_predict(X))

    def staged_predict_proba(self, X) -> Iterator[np.ndarray]:
        """Class probabilities after each stage."""
        for raw in self._raw_stages(X):
            yield self._make_loss().proba(raw)

    def staged_predict(self, X) -> Iterator[np.ndarray]:
        """Predicted classes after each stage."""
        for raw in self._raw_stages(X):
            yield self._classes_of(raw)

    def staged_decision_function(self, X) -> Iterator[np.ndarray]:
        """Raw scores after each stage."""
        for raw in self._raw_stages(X):
            yield raw[:, 0] if raw.shape[1] == 1 else raw


for _cls in (GradientBoostingRegressor, GradientBoostingClassifier):
    _cls.__doc__ = _cls.__doc__.replace("{parameters}", _BOOSTING_PARAMETERS)
