"""Stochastic gradient descent on a regularised linear model, scikit-learn's ``SGD*`` estimators.

One pass (epoch) visits the samples one at a time; for the sample ``(x, y)`` with score
``p = w.x + b`` and learning rate ``eta`` the step is, as in scikit-learn's ``_plain_sgd``::

    u  = -eta * dL/dp(y, p)                 (dL/dp clipped to +-1e12)
    w <- max(0, 1 - eta * alpha) * w        (L2 weight decay, before the gradient step)
    w <- w + u * x
    b <- b + u                              (the intercept is not penalised)

which is SGD on ``(1/n) sum_i L(y_i, w.x_i + b) + alpha / 2 ||w||^2``; the losses are the
margin losses of :mod:`syllabus.svm.losses` (``y`` in {-1, +1}, margin ``z = y p``,
``dL/dp = y dl/dz``). Like scikit-learn, ``w`` is stored as ``wscale * w_data`` so that the
decay costs O(1). The loop over samples is :func:`_sgd_epoch`, compiled by numba; the
perceptron (:class:`~syllabus.linear_model.Perceptron`) is the same loop with the perceptron
loss ``max(0, -z)``, a constant rate and no penalty.

Agreement with scikit-learn (``shuffle=False``, same settings): the same arithmetic in the
same order (``w.x`` summed left to right, the hinge subgradient ``-y`` at ``z = 1``), so
coefficients agree to rounding on well-conditioned runs; when the step is so large that the
iterates are chaotic (e.g. the "optimal" rate with a tiny ``alpha`` on unit-variance data)
1-ulp differences (``exp``, ``pow``) grow. Not implemented: ``penalty="l1"/"elasticnet"``,
``average``, ``early_stopping``, ``class_weight``, ``sample_weight``,
``warm_start``/``partial_fit``, the PA learning rates and the losses ``huber`` and
``epsilon_insensitive``.
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real
from typing import Any

import numba
import numpy as np

from .. import _losses as losses
from ..base import BaseEstimator, RegressorMixin
from ..utils import (
    Interval,
    StrOptions,
    check_is_fitted,
    check_no_overflow,
    check_random_state,
)
from ..utils._special import expit
from ._base import ConvergenceWarning, encode_two_or_more_classes, validate_float64
from ._logistic import LinearClassifierMixin

__all__ = ["SGDClassifier", "SGDRegressor"]

_LN2 = np.log(2.0)
_MAX_DLOSS = 1e12  # scikit-learn clips the loss derivative here
_MIN_WSCALE = 1e-9  # below this the lazy scale is folded into the weights


# Each loss L(y, p), vectorised (for the training objective of the stopping rule); margin
# losses take y in {-1, +1}. The logistic loss of svm.losses is in base 2: times ln 2 it is
# ln(1 + exp(-z)). Their derivatives, one sample at a time, are in _dloss.
_LOSSES = {
    "hinge": lambda y, p: losses.hinge(y * p),
    "log_loss": lambda y, p: _LN2 * losses.logistic(y * p),
    "modified_huber": lambda y, p: losses.modified_huber(y * p, quadratic_start=-1.0),
    "squared_hinge": lambda y, p: losses.squared_hinge(y * p),
    "squared_error": lambda y, p: 0.5 * (p - y) ** 2,
    "perceptron": lambda y, p: np.maximum(0.0, -y * p),
}
_LOSS_CODE = {name: code for code, name in enumerate(_LOSSES)}
HINGE, LOG_LOSS, MODIFIED_HUBER, SQUARED_HINGE, SQUARED_ERROR, PERCEPTRON = range(6)
_SCHEDULE_CODE = {"constant": 0, "adaptive": 0, "optimal": 1, "invscaling": 2}
CONSTANT, OPTIMAL, INVSCALING = range(3)


@numba.njit(cache=True)
def _dloss(loss, y, p):
    """``dL/dp`` at the score ``p`` (margin ``z = y p`` for the +-1 targets), as scikit-learn."""
    z = y * p
    if loss == HINGE:  # max(0, 1 - z)
        return -y if z <= 1.0 else 0.0
    if loss == LOG_LOSS:  # ln(1 + exp(-z)): -y sigmoid(-z), written not to overflow
        return -y * np.exp(-z) / (1.0 + np.exp(-z)) if z > 0.0 else -y / (1.0 + np.exp(z))
    if loss == MODIFIED_HUBER:  # max(0, 1 - z)^2 for z >= -1, else -4 z
        if z >= 1.0:
            return 0.0
        return -2.0 * (1.0 - z) * y if z >= -1.0 else -4.0 * y
    if loss == SQUARED_HINGE:  # max(0, 1 - z)^2
        return -2.0 * (1.0 - z) * y if z < 1.0 else 0.0
    if loss == SQUARED_ERROR:  # (p - y)^2 / 2
        return p - y
    return -y if z <= 0.0 else 0.0  # PERCEPTRON: max(0, -z)


@numba.njit(cache=True)
def _sgd_epoch(W, wscale, b, X, Y, order, active, eta_model, t, loss, schedule, alpha,
               eta0, t0, power_t, l2, fit_intercept, P, sq_norms):
    """One epoch of per-sample SGD for each model ``m`` still ``active``::

        p   = w.x + b                       (w stored as wscale * W[m]: the decay is O(1))
        u   = -eta dL/dp(y, p)              (dL/dp clipped to +-1e12)
        w  <- max(0, 1 - eta alpha) w       (the L2 penalty's weight decay)
        w  <- w + u x,   b <- b + u

    ``eta`` is ``eta_model[m]`` ("constant", "adaptive") or a function of the update count
    ``t``: ``1 / (alpha (t0 + t - 1))`` ("optimal") or ``eta0 / t^power_t`` ("invscaling").
    Records in ``P`` and ``sq_norms`` the score and ``||w||^2`` each sample saw (for the
    training objective). Returns the new ``t``.
    """
    n_models, d = W.shape
    eta_t = eta0
    for i in order:
        if schedule == OPTIMAL:
            eta_t = 1.0 / (alpha * (t0 + t - 1.0))
        elif schedule == INVSCALING:
            eta_t = eta0 / t**power_t
        for m in range(n_models):
            if not active[m]:
                continue
            eta = eta_t if schedule != CONSTANT else eta_model[m]
            w_dot_x = 0.0
            w_norm2 = 0.0
            for k in range(d):
                w_dot_x += W[m, k] * X[i, k]
                w_norm2 += W[m, k] * W[m, k]
            p = w_dot_x * wscale[m] + b[m]
            P[i, m] = p
            sq_norms[i, m] = w_norm2 * wscale[m] * wscale[m]
            u = -eta * min(max(_dloss(loss, Y[i, m], p), -_MAX_DLOSS), _MAX_DLOSS)
            if l2:
                wscale[m] *= max(0.0, 1.0 - eta * alpha)
                if wscale[m] < _MIN_WSCALE:  # fold the scale into the weights
                    W[m] *= wscale[m]
                    wscale[m] = 1.0
            if u != 0.0:
                for k in range(d):
                    W[m, k] += X[i, k] * (u / wscale[m])
            if fit_intercept:
                b[m] += u
        t += 1.0
    return t


def sgd_epochs(X: np.ndarray, Y: np.ndarray, *, loss: str, l2: bool, alpha: float,
               learning_rate: str, eta0: float, power_t: float, fit_intercept: bool,
               max_iter: int, tol: float | None, n_iter_no_change: int, shuffle: bool,
               rng: np.random.RandomState) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-sample SGD over the columns of ``Y`` (one linear model each, same sample order).

    Each model stops on its own (scikit-learn's rule: ``n_iter_no_change`` epochs in a row
    whose training objective fails to improve on the best by ``tol``; "adaptive" divides
    its rate by 5 instead, until it is below 1e-6), after which it is left untouched.
    Returns ``W`` (k, d), ``b`` (k,) and the epochs each model ran.
    """
    n, d = X.shape
    k = Y.shape[1]
    X = np.ascontiguousarray(X, dtype=np.float64)
    Y = np.ascontiguousarray(Y, dtype=np.float64)
    W, wscale, b = np.zeros((k, d)), np.ones(k), np.zeros(k)
    eta_model = np.full(k, float(eta0))
    active = np.ones(k, dtype=bool)
    best = np.full(k, np.inf)
    stalled = np.zeros(k, dtype=int)
    epochs = np.zeros(k, dtype=int)
    schedule = _SCHEDULE_CODE[learning_rate]
    # "optimal": Bottou's t0, so that the first rate is typw = sqrt(1 / sqrt(alpha)).
    t0 = 1.0 / (np.sqrt(1.0 / np.sqrt(alpha)) * alpha) if schedule == OPTIMAL else 0.0
    P, sq_norms = np.empty((n, k)), np.empty((n, k))
    t = 1.0
    for epoch in range(1, max_iter + 1):
        order = rng.permutation(n) if shuffle else np.arange(n)
        t = _sgd_epoch(W, wscale, b, X, Y, order, active, eta_model, t, _LOSS_CODE[loss],
                       schedule, float(alpha), float(eta0), t0, float(power_t), l2,
                       fit_intercept, P, sq_norms)
        if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
            raise ValueError(
                f"Floating-point under-/overflow occurred at epoch #{epoch}. Scaling "
                "input data with StandardScaler or MinMaxScaler might help."
            )
        epochs[active] = epoch
        if tol is None:
            continue
        with np.errstate(over="ignore"):
            objective = _LOSSES[loss](Y, P).mean(axis=0)
        if l2:
            objective += alpha * 0.5 * sq_norms.mean(axis=0)
        worse = objective > best - tol
        stalled = np.where(active, np.where(worse, stalled + 1, 0), stalled)
        best = np.where(active, np.minimum(best, objective), best)
        done = active & (stalled >= n_iter_no_change)
        if learning_rate == "adaptive":
            shrink = done & (eta_model > 1e-6)  # eta / 5 instead of stopping
            eta_model[shrink] /= 5.0
            stalled[shrink] = 0
            done &= ~shrink
        active &= ~done
        if not active.any():
            break
    return W * wscale[:, None], b, epochs


class _BaseSGD(BaseEstimator):
    _parameter_constraints = {
        "penalty": [StrOptions({"l2"}), None],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "fit_intercept": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left"), None],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "learning_rate": [StrOptions({"constant", "optimal", "invscaling", "adaptive"})],
        "eta0": [Interval(Real, 0, None, closed="neither")],
        "power_t": [Interval(Real, 0, None, closed="left")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
    }
    _check_estimator_params = {"max_iter": 50}

    def _fit_columns(self, X: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.learning_rate == "optimal" and self.alpha == 0:
            raise ValueError(
                "alpha must be > 0 since learning_rate is 'optimal'. alpha is used to "
                "compute the optimal learning rate."
            )
        check_no_overflow(X, estimator=self)
        W, b, epochs = sgd_epochs(
            X, Y, loss=self.loss, l2=self.penalty == "l2", alpha=float(self.alpha),
            learning_rate=self.learning_rate, eta0=float(self.eta0), power_t=self.power_t,
            fit_intercept=self.fit_intercept, max_iter=self.max_iter, tol=self.tol,
            n_iter_no_change=self.n_iter_no_change, shuffle=self.shuffle,
            rng=check_random_state(self.random_state))
        self.n_iter_ = int(epochs.max())
        self.t_ = float(self.n_iter_ * X.shape[0] + 1)
        if self.tol is not None and self.n_iter_ == self.max_iter:
            warnings.warn(
                "Maximum number of iteration reached before convergence. Consider increasing "
                "max_iter to improve the fit.", ConvergenceWarning, stacklevel=3)
        return W, b


class SGDClassifier(LinearClassifierMixin, _BaseSGD):
    """Linear classifier trained by stochastic gradient descent, one-vs-all for many classes.

    Minimises ``(1/n) sum_i L(s_i, w.x_i + b) + alpha / 2 ||w||^2`` (``s_i = +1`` for the
    positive class, -1 otherwise) one sample at a time, with scikit-learn's update (weight
    decay, then the gradient step; see the module docstring). More than two classes: one
    binary classifier per class, each stopping on its own. With ``shuffle=False`` the
    coefficients are scikit-learn's ``SGDClassifier`` (same settings) to rounding.

    Parameters
    ----------
    loss : {"hinge", "log_loss", "modified_huber", "squared_hinge", "squared_error", \
"perceptron"}, default="hinge"
        ``hinge`` (linear SVM), ``log_loss`` (logistic regression, ``ln(1 + exp(-z))``),
        ``modified_huber`` (Zhang's, quadratic on [-1, 1]), ``squared_hinge``,
        ``squared_error`` (least squares on the +-1 targets), ``perceptron`` (``max(0, -z)``).
    penalty : {"l2", None}, default="l2"
    alpha : float, default=1e-4
        Regularisation strength (also sets the "optimal" learning rate).
    fit_intercept : bool, default=True
    max_iter : int, default=1000
        Maximum number of epochs.
    tol : float or None, default=1e-3
        Stop when the epoch's mean training objective fails ``n_iter_no_change`` times in a
        row to improve on the best one by ``tol``; None runs ``max_iter`` epochs.
    shuffle : bool, default=True
        Visit the samples in a new random order every epoch.
    random_state : int, RandomState instance or None, default=None
    learning_rate : {"optimal", "constant", "invscaling", "adaptive"}, default="optimal"
        ``eta_t = 1 / (alpha (t0 + t - 1))`` (Bottou's ``t0``), ``eta0``,
        ``eta0 / t^power_t``, or ``eta0`` divided by 5 whenever the objective stalls.
    eta0 : float, default=0.01
    power_t : float, default=0.5
    n_iter_no_change : int, default=5

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : int
        Epochs run (the largest over the one-vs-all classifiers).
    t_ : float
        Number of weight updates plus one (``n_iter_ * n_samples + 1``).
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
        "loss": [StrOptions(set(_LOSSES))],
    }

    def __init__(self, loss: str = "hinge", *, penalty: str | None = "l2", alpha: float = 1e-4,
                 fit_intercept: bool = True, max_iter: int = 1000, tol: float | None = 1e-3,
                 shuffle: bool = True, random_state: Any = None,
                 learning_rate: str = "optimal", eta0: float = 0.01, power_t: float = 0.5,
                 n_iter_no_change: int = 5) -> None:
        self.loss = loss
        self.penalty = penalty
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.random_state = random_state
        self.learning_rate = learning_rate
        self.eta0 = eta0
        self.power_t = power_t
        self.n_iter_no_change = n_iter_no_change

    def fit(self, X: Any, y: Any) -> SGDClassifier:
        """Run SGD for up to ``max_iter`` epochs.

        (No ``sample_weight``: a weight that scales one sample's step is not the same as
        repeating the sample, which scikit-learn's estimator checks require.)

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self : SGDClassifier
        """
        self._validate_params()
        X, y = validate_float64(self, X, y, reset=True)
        self.classes_, y_idx = encode_two_or_more_classes(y)
        n_classes = len(self.classes_)
        if n_classes == 2:  # the positive class of a binary problem is classes_[1]
            Y = np.where(y_idx == 1, 1.0, -1.0)[:, None]
        else:
            Y = np.where(y_idx[:, None] == np.arange(n_classes)[None, :], 1.0, -1.0)
        self.coef_, self.intercept_ = self._fit_columns(X, Y)
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

    Minimises ``(1/n) sum_i (y_i - w.x_i - b)^2 / 2 + alpha / 2 ||w||^2`` one sample at a time
    with scikit-learn's update (see the module docstring). With ``shuffle=False`` the
    coefficients are scikit-learn's ``SGDRegressor`` (same settings) to rounding.

    Parameters
    ----------
    loss : {"squared_error"}, default="squared_error"
    penalty : {"l2", None}, default="l2"
    alpha : float, default=1e-4
    fit_intercept : bool, default=True
    max_iter : int, default=1000
    tol : float or None, default=1e-3
        Stopping tolerance on the epoch's mean training objective (None: ``max_iter`` epochs).
    shuffle : bool, default=True
    random_state : int, RandomState instance or None, default=None
    learning_rate : {"invscaling", "constant", "optimal", "adaptive"}, default="invscaling"
    eta0 : float, default=0.01
    power_t : float, default=0.25
    n_iter_no_change : int, default=5

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
        "loss": [StrOptions({"squared_error"})],
    }

    def __init__(self, loss: str = "squared_error", *, penalty: str | None = "l2",
                 alpha: float = 1e-4, fit_intercept: bool = True, max_iter: int = 1000,
                 tol: float | None = 1e-3, shuffle: bool = True, random_state: Any = None,
                 learning_rate: str = "invscaling", eta0: float = 0.01, power_t: float = 0.25,
                 n_iter_no_change: int = 5) -> None:
        self.loss = loss
        self.penalty = penalty
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.random_state = random_state
        self.learning_rate = learning_rate
        self.eta0 = eta0
        self.power_t = power_t
        self.n_iter_no_change = n_iter_no_change

    def fit(self, X: Any, y: Any) -> SGDRegressor:
        """Run SGD for up to ``max_iter`` epochs.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self : SGDRegressor
        """
        self._validate_params()
        X, y = validate_float64(self, X, y, reset=True, y_numeric=True)
        W, b = self._fit_columns(X, y.astype(np.float64)[:, None])
        self.coef_, self.intercept_ = W[0], b
        return self

    def predict(self, X: Any) -> np.ndarray:
        """Predicted targets ``X @ coef_ + intercept_``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = validate_float64(self, X, reset=False)
        return X @ self.coef_ + self.intercept_[0]
