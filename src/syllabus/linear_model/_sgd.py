"""Stochastic gradient descent on a regularised linear model, scikit-learn's ``SGD*`` estimators.

One pass (epoch) visits the samples one at a time and takes, for the sample ``(x, y)`` with
score ``p = w.x + b``, the step of :mod:`syllabus.linear_model._sgd_loop` (weight decay, the
gradient step ``-eta dL/dp x``, the truncated-gradient L1 step). That is SGD on

    (1/n) sum_i s_i c_{y_i} L(y_i, w.x_i + b) + alpha ((1 - r) ||w||^2 / 2 + r ||w||_1)

with sample weights ``s_i``, class weights ``c`` and ``r = l1_ratio``. More than two classes:
one binary classifier per class (one-vs-all), each trained on its own shuffle.

Agreement with scikit-learn: the same arithmetic in the same order, the same shuffles (its
xorshift generator, seeded from ``random_state`` as scikit-learn seeds it), the same
validation split for ``early_stopping``; coefficients agree to rounding on well-conditioned
runs, dense or sparse (sparse input, as in scikit-learn, damps the intercept's steps by
0.01). When the step is so large that the iterates are chaotic (e.g. the "optimal" rate
with a tiny ``alpha`` on unit-variance data) 1-ulp differences (``exp``, ``pow``) grow.
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, RegressorMixin
from ..model_selection._split import _stratified_split, _train_test_sizes
from ..utils import (
    Interval,
    StrOptions,
    check_is_fitted,
    check_random_state,
)
from ..utils._class_weight import class_weights
from ..utils._sparse import issparse
from ..utils._special import expit
from ..utils._validation import check_classification_targets, check_no_overflow, check_sample_weight
from ._base import ConvergenceWarning, validate_float64
from ._logistic import LinearClassifierMixin
from ._sgd_loop import LOSS_CODES, PENALTY_CODES, SCHEDULE_CODES, plain_sgd

__all__ = ["SGDClassifier", "SGDRegressor"]

MAX_INT = np.iinfo(np.int32).max
SPARSE_INTERCEPT_DECAY = 0.01  # scikit-learn damps the intercept's steps on sparse data


def validate_sgd_data(estimator: Any, X: Any, y: Any = "no_validation", *, reset: bool,
                      **kwargs: Any) -> Any:
    """``X`` dense or CSR, float64 or float32 (kept), finite; squares must not overflow."""
    out = validate_float64(estimator, X, y, reset=reset, dtypes=(np.float64, np.float32),
                           accept_sparse="csr", **kwargs)
    if reset:
        check_no_overflow(out[0] if isinstance(out, tuple) else out, estimator=estimator)
    return out


class _BaseSGD(BaseEstimator):
    _parameter_constraints = {
        "penalty": [StrOptions({"l2", "l1", "elasticnet"}), None],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both"), None],
        "fit_intercept": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left"), None],
        "shuffle": ["boolean"],
        "verbose": [Interval(Integral, 0, None, closed="left"), "boolean"],
        "epsilon": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
        "learning_rate": [StrOptions(set(SCHEDULE_CODES))],
        "eta0": [Interval(Real, 0, None, closed="neither")],
        "power_t": [Interval(Real, None, None, closed="neither")],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "warm_start": ["boolean"],
        "average": [Interval(Integral, 0, None, closed="neither"), "boolean"],
    }
    _check_estimator_params = {"max_iter": 50}
    # A weight scales one sample's step, which is not the same as repeating the sample in a
    # per-sample loop (scikit-learn marks the same check as failing for its SGD estimators).
    _expected_failed_checks = {
        f"check_sample_weight_equivalence_on_{kind}_data":
        "a weight scales a per-sample step; it does not repeat the sample"
        for kind in ("dense", "sparse")}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def _more_validate_params(self, for_partial_fit: bool = False) -> None:
        if self.early_stopping and for_partial_fit:
            raise ValueError("early_stopping should be False with partial_fit")
        if self.learning_rate == "optimal" and self.alpha == 0:
            raise ValueError(
                "alpha must be > 0 since learning_rate is 'optimal'. alpha is used to "
                "compute the optimal learning rate.")
        if self.learning_rate in ("pa1", "pa2"):
            needed = "hinge" if isinstance(self, SGDClassifier) else "epsilon_insensitive"
            if self.loss != needed:
                raise ValueError(
                    f"Learning rate '{self.learning_rate}' only works with loss '{needed}'.")
        if self.penalty == "elasticnet" and self.l1_ratio is None:
            raise ValueError("l1_ratio must be set when penalty is 'elasticnet'")

    def _loss_code(self) -> tuple[int, float]:
        code, param = LOSS_CODES[self.loss]
        return code, float(self.epsilon) if param is None else param

    def _validation_mask(self, y: np.ndarray, sample_weight: np.ndarray,
                         stratify: bool) -> np.ndarray:
        """scikit-learn's (Stratified)ShuffleSplit of ``validation_fraction`` of the samples."""
        n = y.shape[0]
        mask = np.zeros(n, dtype=bool)
        if not self.early_stopping:
            return mask
        n_train, n_test = _train_test_sizes(n, self.validation_fraction, None)
        rng = check_random_state(self.random_state)
        if stratify:
            idx_train, idx_val = _stratified_split(y, n_train, n_test, rng)
        else:
            perm = rng.permutation(n)
            idx_val, idx_train = perm[:n_test], perm[n_test:n_test + n_train]
        if not np.any(sample_weight[idx_val] > 0):
            raise ValueError(
                "The sample weights for validation set are all zero, consider using a "
                "different random state.")
        if len(idx_train) == 0 or len(idx_val) == 0:
            raise ValueError(
                f"Splitting {n} samples into a train set and a validation set with "
                f"validation_fraction={self.validation_fraction!r} led to an empty set "
                f"({len(idx_train)} and {len(idx_val)} samples). Please either change "
                "validation_fraction, increase number of samples, or disable early_stopping.")
        mask[idx_val] = True
        return mask

    def _score_callback(self, mask: np.ndarray, X: Any, y: np.ndarray,
                        sample_weight: np.ndarray, classifier: bool):
        """Validation score of ``(coef, intercept)``: accuracy of the +-1 predictions or R^2."""
        if not self.early_stopping:
            return None
        X_val, y_val, sw = X[mask], y[mask], sample_weight[mask]

        def score(coef, intercept):
            p = np.asarray(X_val @ coef).ravel() + intercept
            if classifier:
                return float(np.average(np.where(p > 0, 1.0, -1.0) == y_val, weights=sw))
            resid = np.average((y_val - p) ** 2, weights=sw)
            spread = np.average((y_val - np.average(y_val, weights=sw)) ** 2, weights=sw)
            return float(1.0 - resid / spread) if spread > 0 else (1.0 if resid == 0 else 0.0)
        return score

    def _run(self, coef, intercept, avg_coef, avg_intercept, X, y, sample_weight, *,
             mask, score_cb, seed, weight_pos, weight_neg, max_iter):
        alpha = float(self.alpha)
        return plain_sgd(
            coef, float(intercept), avg_coef, float(avg_intercept), X, y, sample_weight,
            loss=self._loss_code(), penalty=PENALTY_CODES[self.penalty], alpha=alpha,
            l1_ratio=0.0 if self.l1_ratio is None else float(self.l1_ratio),
            validation_mask=mask, score_cb=score_cb,
            n_iter_no_change=int(self.n_iter_no_change), max_iter=max_iter, tol=self.tol,
            fit_intercept=bool(self.fit_intercept), shuffle=bool(self.shuffle), seed=int(seed),
            weight_pos=float(weight_pos), weight_neg=float(weight_neg),
            learning_rate=SCHEDULE_CODES[self.learning_rate], eta0=float(self.eta0),
            power_t=float(self.power_t), t=float(self.t_),
            intercept_decay=SPARSE_INTERCEPT_DECAY if issparse(X) else 1.0,
            average=int(self.average))

    def _allocate(self, n_models: int, n_features: int, dtype, coef_init, intercept_init):
        """``coef_``/``intercept_`` from the initial values given (checked) or zeros."""
        shape = (n_models, n_features) if n_models > 1 else (n_features,)
        if coef_init is not None:
            coef = np.array(coef_init, dtype=dtype, order="C")
            coef = coef.ravel() if n_models == 1 else coef
            if coef.shape != shape:
                raise ValueError("Provided coef_init does not match dataset.")
        else:
            coef = np.zeros(shape, dtype=dtype)
        if intercept_init is not None:
            intercept = np.array(intercept_init, dtype=dtype).reshape(-1)
            if intercept.shape != (n_models,):
                raise ValueError("Provided intercept_init does not match dataset.")
        else:
            intercept = np.zeros(n_models, dtype=dtype)
        self._iterate_coef, self._iterate_intercept = coef, intercept
        if self.average:
            self._average_coef = np.zeros_like(coef)
            self._average_intercept = np.zeros_like(intercept)

    def _set_public(self, coef_shape: tuple[int, ...]) -> None:
        """``coef_``/``intercept_``: the averaged ones once averaging has started."""
        averaged = self.average and self.average <= self.t_ - 1
        coef = self._average_coef if averaged else self._iterate_coef
        intercept = self._average_intercept if averaged else self._iterate_intercept
        self.coef_ = coef.reshape(coef_shape)
        self.intercept_ = intercept

    def _warn_not_converged(self) -> None:
        if self.tol is not None and self.n_iter_ == self.max_iter:
            warnings.warn(ConvergenceWarning(
                "Maximum number of iteration reached before convergence. Consider increasing "
                "max_iter to improve the fit."), stacklevel=3)

    def _warm_init(self, coef_init, intercept_init):
        if self.warm_start and hasattr(self, "coef_"):
            coef_init = self.coef_ if coef_init is None else coef_init
            intercept_init = self.intercept_ if intercept_init is None else intercept_init
        return coef_init, intercept_init

    def densify(self):
        """Convert ``coef_`` to a dense array (it always is one here); returns ``self``."""
        check_is_fitted(self)
        if issparse(self.coef_):
            self.coef_ = self.coef_.toarray()
        return self

    def sparsify(self):
        """Convert ``coef_`` to a ``scipy.sparse`` CSR matrix; returns ``self``."""
        import scipy.sparse as sp  # optional dependency, only when asked for

        check_is_fitted(self)
        self.coef_ = sp.csr_matrix(self.coef_)
        return self


class SGDClassifier(LinearClassifierMixin, _BaseSGD):
    """Linear classifier trained by stochastic gradient descent, one-vs-all for many classes.

    Minimises ``(1/n) sum_i s_i c_i L(y_i, w.x_i + b) + alpha R(w)`` (``y_i = +1`` for the
    positive class, -1 otherwise; 0/1 for ``log_loss``) one sample at a time, with
    scikit-learn's update and shuffles (see the module docstring): for the same parameters
    and ``random_state`` the coefficients are scikit-learn's to rounding.

    Parameters
    ----------
    loss : {"hinge", "log_loss", "modified_huber", "squared_hinge", "perceptron", \
"squared_error", "huber", "epsilon_insensitive", "squared_epsilon_insensitive"}, default="hinge"
        ``hinge`` (linear SVM), ``log_loss`` (logistic regression), ``modified_huber``
        (Zhang's, quadratic on [-1, 1]), ``squared_hinge``, ``perceptron`` (``max(0, -z)``),
        and the regression losses applied to the +-1 targets.
    penalty : {"l2", "l1", "elasticnet", None}, default="l2"
    alpha : float, default=1e-4
        Regularisation strength (also sets the "optimal" learning rate).
    l1_ratio : float, default=0.15
        Elastic-net mixing ``r`` (``penalty="elasticnet"``).
    fit_intercept : bool, default=True
    max_iter : int, default=1000
        Maximum number of epochs.
    tol : float or None, default=1e-3
        Stop when the epoch's objective (or validation score) fails ``n_iter_no_change``
        times in a row to improve on the best by ``tol``; None runs ``max_iter`` epochs.
    shuffle : bool, default=True
    verbose : int, default=0
        Accepted for compatibility; nothing is printed.
    epsilon : float, default=0.1
        Width of the insensitive zone (``huber``, ``*epsilon_insensitive``).
    n_jobs : int or None, default=None
        Accepted for compatibility; the one-vs-all classifiers are fitted in turn.
    random_state : int, RandomState instance or None, default=None
    learning_rate : {"optimal", "constant", "invscaling", "adaptive", "pa1", "pa2"}, \
default="optimal"
        ``1 / (alpha (t0 + t - 1))`` (Bottou's ``t0``), ``eta0``, ``eta0 / t^power_t``,
        ``eta0`` divided by 5 whenever progress stalls, or the passive-aggressive steps.
    eta0 : float, default=0.01
    power_t : float, default=0.5
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the data (stratified) and stop on its accuracy.
    validation_fraction : float, default=0.1
    n_iter_no_change : int, default=5
    class_weight : dict, "balanced" or None, default=None
    warm_start : bool, default=False
        Start ``fit`` from the previous solution.
    average : bool or int, default=False
        Averaged SGD: ``coef_`` is the mean of the iterates (from update ``average`` on).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : int
        Epochs run (the largest over the one-vs-all classifiers).
    t_ : float
        Number of weight updates plus one.
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import SGDClassifier
    >>> X = np.array([[-2.0, -1.0], [-1.0, -1.0], [1.0, 1.0], [2.0, 1.0]]); y = np.array([0, 0, 1, 1])
    >>> SGDClassifier(loss="log_loss", shuffle=False).fit(X, y).predict([[-0.8, -1.0], [3.0, 2.0]])
    array([0, 1])
    """

    _parameter_constraints = {
        **_BaseSGD._parameter_constraints,
        "loss": [StrOptions(set(LOSS_CODES))],
        "n_jobs": [Integral, None],
        "class_weight": [StrOptions({"balanced"}), dict, None],
    }

    def __init__(self, loss: str = "hinge", *, penalty: str | None = "l2", alpha: float = 1e-4,
                 l1_ratio: float = 0.15, fit_intercept: bool = True, max_iter: int = 1000,
                 tol: float | None = 1e-3, shuffle: bool = True, verbose: int = 0,
                 epsilon: float = 0.1, n_jobs: int | None = None, random_state: Any = None,
                 learning_rate: str = "optimal", eta0: float = 0.01, power_t: float = 0.5,
                 early_stopping: bool = False, validation_fraction: float = 0.1,
                 n_iter_no_change: int = 5, class_weight: Any = None, warm_start: bool = False,
                 average: bool | int = False) -> None:
        self.loss = loss
        self.penalty = penalty
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.verbose = verbose
        self.epsilon = epsilon
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.learning_rate = learning_rate
        self.eta0 = eta0
        self.power_t = power_t
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.class_weight = class_weight
        self.warm_start = warm_start
        self.average = average

    def fit(self, X: Any, y: Any, coef_init: Any = None, intercept_init: Any = None,
            sample_weight: Any = None) -> SGDClassifier:
        """Run SGD for up to ``max_iter`` epochs.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        coef_init : array-like of shape (n_classes, n_features), default=None
        intercept_init : array-like of shape (n_classes,), default=None
        sample_weight : array-like of shape (n_samples,), default=None
            Multiplies each sample's step (times its class weight).

        Returns
        -------
        self : SGDClassifier
        """
        self._validate_params()
        self._more_validate_params()
        coef_init, intercept_init = self._warm_init(coef_init, intercept_init)
        for name in ("classes_", "coef_"):
            self.__dict__.pop(name, None)
        self.t_ = 1.0
        self._partial_fit(X, y, None, sample_weight, coef_init, intercept_init, self.max_iter)
        self._warn_not_converged()
        return self

    def partial_fit(self, X: Any, y: Any, classes: Any = None,
                    sample_weight: Any = None) -> SGDClassifier:
        """One epoch of SGD on the given samples, continuing from the current model.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        classes : array-like of shape (n_classes,), default=None
            All the classes; required on the first call.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : SGDClassifier
        """
        if not hasattr(self, "classes_"):
            self._validate_params()
            self._more_validate_params(for_partial_fit=True)
            if self.class_weight == "balanced":
                raise ValueError(
                    "class_weight 'balanced' is not supported for partial_fit. In order to "
                    "use 'balanced' weights, use compute_class_weight('balanced', "
                    "classes=classes, y=y). In place of y you can use a large enough sample "
                    "of the full training set target to properly estimate the class "
                    "frequency distributions. Pass the resulting weights as the "
                    "class_weight parameter.")
        return self._partial_fit(X, y, classes, sample_weight, None, None, 1)

    def _partial_fit(self, X, y, classes, sample_weight, coef_init, intercept_init, max_iter):
        first_call = not hasattr(self, "classes_")
        X, y = validate_sgd_data(self, X, y, reset=first_call)
        check_classification_targets(y)
        if first_call:
            if classes is None:
                classes = np.unique(y)
                if len(classes) < 2 and max_iter == 1:
                    raise ValueError("classes must be passed on the first call to partial_fit.")
            self.classes_ = np.unique(np.asarray(classes))
        elif classes is not None and not np.array_equal(self.classes_, np.unique(classes)):
            raise ValueError(
                f"`classes={classes!r}` is not the same as on last call to partial_fit, was: "
                f"{self.classes_!r}")
        unknown = np.setdiff1d(np.unique(y), self.classes_)
        if unknown.size:
            raise ValueError(f"y contains labels not in classes: {unknown.tolist()}")
        n_classes = len(self.classes_)
        if n_classes < 2:
            raise ValueError(
                f"The number of classes has to be greater than one; got {n_classes} class")
        y_idx = np.searchsorted(self.classes_, y)
        cw = class_weights(self.class_weight, self.classes_, y_idx)
        sw = check_sample_weight(sample_weight, X, dtype=X.dtype)
        n_models = 1 if n_classes == 2 else n_classes
        if getattr(self, "coef_", None) is None or coef_init is not None:
            self._allocate(n_models, X.shape[1], X.dtype, coef_init, intercept_init)
        elif X.shape[1] != self.coef_.shape[-1]:
            raise ValueError(f"Number of features {X.shape[1]} does not match previous data "
                             f"{self.coef_.shape[-1]}.")
        if not hasattr(self, "t_"):
            self.t_ = 1.0
        log_loss = self.loss == "log_loss"
        coefs = [self._iterate_coef] if n_models == 1 else list(self._iterate_coef)
        avgs = ([None] * n_models if not self.average else
                [self._average_coef] if n_models == 1 else list(self._average_coef))
        if n_models == 1:  # binary: positive class classes_[1], seeded from random_state
            positives, rngs, weights = [1], [check_random_state(self.random_state)], [
                (cw[1], cw[0])]
            shared_mask = None
        else:
            shared_mask = self._validation_mask(y_idx, sw > 0, stratify=True)
            seeds = check_random_state(self.random_state).randint(MAX_INT, size=n_classes)
            positives = range(n_classes)
            rngs = [check_random_state(s) for s in seeds]
            weights = [(cw[k], 1.0) for k in range(n_classes)]
        n_iter = 0
        for m, (k, rng, (w_pos, w_neg)) in enumerate(zip(positives, rngs, weights)):
            y_k = np.where(y_idx == k, 1.0, 0.0 if log_loss else -1.0).astype(X.dtype)
            rng.randint(1, MAX_INT)  # scikit-learn's dataset seed (random sampling, unused)
            mask = (shared_mask if shared_mask is not None
                    else self._validation_mask(y_k, sw > 0, stratify=True))
            score_cb = self._score_callback(mask, X, y_k, sw, classifier=True)
            intercept, avg_intercept, epochs = self._run(
                coefs[m], self._iterate_intercept[m],
                avgs[m], self._average_intercept[m] if self.average else 0.0,
                X, y_k, sw, mask=mask, score_cb=score_cb, seed=rng.randint(MAX_INT),
                weight_pos=w_pos, weight_neg=w_neg, max_iter=max_iter)
            self._iterate_intercept[m] = intercept
            if self.average:
                self._average_intercept[m] = avg_intercept
            n_iter = max(n_iter, epochs)
        self.t_ += n_iter * X.shape[0]
        self.n_iter_ = n_iter
        self._set_public((n_models, X.shape[1]))
        return self

    @property
    def predict_proba(self):
        """Class probabilities, for ``loss="log_loss"`` or ``"modified_huber"`` only.

        ``log_loss``: ``sigmoid(score)`` of each one-vs-all classifier (normalised over the
        classes when there are more than two). ``modified_huber``: ``(clip(score, -1, 1) + 1)
        / 2``, normalised likewise (uniform where every score is <= -1). As scikit-learn.

        Returns
        -------
        callable
            ``predict_proba(X) -> ndarray of shape (n_samples, n_classes)``.
        """
        if self.loss not in ("log_loss", "modified_huber"):
            raise AttributeError(
                f"probability estimates are not available for loss={self.loss!r}")
        return self._predict_proba

    @property
    def predict_log_proba(self):
        """Logarithm of :meth:`predict_proba` (same losses only).

        Returns
        -------
        callable
            ``predict_log_proba(X) -> ndarray of shape (n_samples, n_classes)``.
        """
        self.predict_proba  # noqa: B018 (raises AttributeError for the other losses)
        return lambda X: np.log(self._predict_proba(X))

    def _predict_proba(self, X: Any) -> np.ndarray:
        check_is_fitted(self)
        scores = self.decision_function(X)
        if self.loss == "log_loss":
            prob = expit(scores)
        else:
            prob = (np.clip(scores, -1.0, 1.0) + 1.0) / 2.0
        if scores.ndim == 1:
            return np.column_stack([1.0 - prob, prob])
        total = prob.sum(axis=1, keepdims=True)
        none = total[:, 0] == 0.0
        prob[none] = 1.0
        total[none] = prob.shape[1]
        return prob / total


class SGDRegressor(RegressorMixin, _BaseSGD):
    """Linear regression trained by stochastic gradient descent.

    Minimises ``(1/n) sum_i s_i L(y_i, w.x_i + b) + alpha R(w)`` one sample at a time with
    scikit-learn's update and shuffles (see the module docstring): for the same parameters
    and ``random_state`` the coefficients are scikit-learn's ``SGDRegressor``'s to rounding.

    Parameters
    ----------
    loss : {"squared_error", "huber", "epsilon_insensitive", \
"squared_epsilon_insensitive"}, default="squared_error"
        ``(y - p)^2 / 2``; Huber (quadratic within ``epsilon``, then linear);
        ``max(0, |y - p| - epsilon)`` (linear SVR) and its square.
    penalty : {"l2", "l1", "elasticnet", None}, default="l2"
    alpha : float, default=1e-4
    l1_ratio : float, default=0.15
    fit_intercept : bool, default=True
    max_iter : int, default=1000
    tol : float or None, default=1e-3
        Stopping tolerance on the epoch's mean training objective (None: ``max_iter`` epochs).
    shuffle : bool, default=True
    verbose : int, default=0
    epsilon : float, default=0.1
    random_state : int, RandomState instance or None, default=None
    learning_rate : {"invscaling", "constant", "optimal", "adaptive", "pa1", "pa2"}, \
default="invscaling"
    eta0 : float, default=0.01
    power_t : float, default=0.25
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the data and stop on its R^2.
    validation_fraction : float, default=0.1
    n_iter_no_change : int, default=5
    warm_start : bool, default=False
    average : bool or int, default=False

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : ndarray of shape (1,)
    n_iter_ : int
    t_ : float
        ``n_iter_ * n_samples + 1``.
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import SGDRegressor
    >>> X = np.linspace(-1, 1, 20)[:, None]; y = 3.0 * X[:, 0] + 1.0
    >>> reg = SGDRegressor(alpha=0.0, learning_rate="constant", eta0=0.1, tol=None,
    ...                    max_iter=200, shuffle=False).fit(X, y)
    >>> np.round(reg.coef_, 3), np.round(reg.intercept_, 3)
    (array([3.]), array([1.]))
    """

    _parameter_constraints = {
        **_BaseSGD._parameter_constraints,
        "loss": [StrOptions({"squared_error", "huber", "epsilon_insensitive",
                             "squared_epsilon_insensitive"})],
    }

    def __init__(self, loss: str = "squared_error", *, penalty: str | None = "l2",
                 alpha: float = 1e-4, l1_ratio: float = 0.15, fit_intercept: bool = True,
                 max_iter: int = 1000, tol: float | None = 1e-3, shuffle: bool = True,
                 verbose: int = 0, epsilon: float = 0.1, random_state: Any = None,
                 learning_rate: str = "invscaling", eta0: float = 0.01, power_t: float = 0.25,
                 early_stopping: bool = False, validation_fraction: float = 0.1,
                 n_iter_no_change: int = 5, warm_start: bool = False,
                 average: bool | int = False) -> None:
        self.loss = loss
        self.penalty = penalty
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.verbose = verbose
        self.epsilon = epsilon
        self.random_state = random_state
        self.learning_rate = learning_rate
        self.eta0 = eta0
        self.power_t = power_t
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.warm_start = warm_start
        self.average = average

    def fit(self, X: Any, y: Any, coef_init: Any = None, intercept_init: Any = None,
            sample_weight: Any = None) -> SGDRegressor:
        """Run SGD for up to ``max_iter`` epochs.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        coef_init : array-like of shape (n_features,), default=None
        intercept_init : array-like of shape (1,), default=None
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : SGDRegressor
        """
        self._validate_params()
        self._more_validate_params()
        coef_init, intercept_init = self._warm_init(coef_init, intercept_init)
        self.__dict__.pop("coef_", None)
        self.t_ = 1.0
        self._partial_fit(X, y, sample_weight, coef_init, intercept_init, self.max_iter,
                          reset=True)
        self._warn_not_converged()
        return self

    def partial_fit(self, X: Any, y: Any, sample_weight: Any = None) -> SGDRegressor:
        """One epoch of SGD on the given samples, continuing from the current model.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : SGDRegressor
        """
        first_call = not hasattr(self, "coef_")
        if first_call:
            self._validate_params()
            self._more_validate_params(for_partial_fit=True)
        return self._partial_fit(X, y, sample_weight, None, None, 1, reset=first_call)

    def _partial_fit(self, X, y, sample_weight, coef_init, intercept_init, max_iter, *, reset):
        X, y = validate_sgd_data(self, X, y, reset=reset, y_numeric=True)
        y = y.astype(X.dtype, copy=False)
        sw = check_sample_weight(sample_weight, X, dtype=X.dtype)
        if getattr(self, "coef_", None) is None or coef_init is not None:
            self._allocate(1, X.shape[1], X.dtype, coef_init, intercept_init)
        elif X.shape[1] != self.coef_.shape[-1]:
            raise ValueError(f"Number of features {X.shape[1]} does not match previous data "
                             f"{self.coef_.shape[-1]}.")
        if not hasattr(self, "t_"):
            self.t_ = 1.0
        mask = self._validation_mask(y, sw > 0, stratify=False)
        score_cb = self._score_callback(mask, X, y, sw, classifier=False)
        rng = check_random_state(self.random_state)
        seed = rng.randint(0, MAX_INT)
        intercept, avg_intercept, self.n_iter_ = self._run(
            self._iterate_coef, self._iterate_intercept[0],
            self._average_coef if self.average else None,
            self._average_intercept[0] if self.average else 0.0,
            X, y, sw, mask=mask, score_cb=score_cb, seed=seed, weight_pos=1.0,
            weight_neg=1.0, max_iter=max_iter)
        self._iterate_intercept[0] = intercept
        if self.average:
            self._average_intercept[0] = avg_intercept
        self.t_ += self.n_iter_ * X.shape[0]
        self._set_public((X.shape[1],))
        return self

    def predict(self, X: Any) -> np.ndarray:
        """Predicted targets ``X @ coef_ + intercept_``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = validate_sgd_data(self, X, reset=False)
        coef = self.coef_.toarray().ravel() if issparse(self.coef_) else self.coef_
        return np.asarray(X @ coef).ravel() + self.intercept_[0]

