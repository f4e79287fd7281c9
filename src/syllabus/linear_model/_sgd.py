"""Stochastic gradient descent on a regularised linear model, scikit-learn's ``SGD*`` estimators.

One pass (epoch) visits the samples one at a time; for the sample ``(x, y)`` with score
``p = w.x + b`` and learning rate ``eta`` the step is, as in scikit-learn's ``_plain_sgd``::

    u  = -eta * dL/dp(y, p)                 (dL/dp clipped to +-1e12)
    w <- max(0, 1 - eta * alpha) * w        (L2 weight decay, before the gradient step)
    w <- w + u * x
    b <- b + u                              (the intercept is not penalised)

which is SGD on ``(1/n) sum_i L(y_i, w.x_i + b) + alpha / 2 ||w||^2``. The gradient step is
:func:`syllabus.optim.sgd_update` (plain SGD, no momentum); the losses are the margin losses
of :mod:`syllabus.svm.losses` (``y`` in {-1, +1}, margin ``z = y p``, ``dL/dp = y dl/dz``).
Like scikit-learn, ``w`` is stored as ``wscale * w_data`` so that the decay costs O(1).

Agreement with scikit-learn (``shuffle=False``, same settings): identical arithmetic except
the order of summation in ``w.x`` (BLAS here, left to right there), so coefficients agree to
~1e-14 on well-conditioned runs; when the step is so large that the iterates are chaotic
(e.g. the "optimal" rate with a tiny ``alpha`` on unit-variance data) those 1-ulp differences
grow. The hinge subgradient at exactly ``z = 1`` is 0 here (``svm.losses.hinge_grad``) and
``-y`` in scikit-learn: a measure-zero event that only integer-valued data can hit.
Not implemented: ``penalty="l1"/"elasticnet"``, ``average``, ``early_stopping``,
``class_weight``, ``sample_weight``, ``warm_start``/``partial_fit``, the PA learning rates and
the losses ``perceptron``, ``huber`` and ``epsilon_insensitive``.
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, RegressorMixin
from ..optim import momentum_init, sgd_update
from ..svm import losses
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


# Each loss as (L(y, p), dL/dp(y, p)), vectorised; margin losses take y in {-1, +1}.
# The logistic loss of svm.losses is in base 2: times ln 2 it is ln(1 + exp(-z)).
def _hinge(y, p):
    return losses.hinge(y * p)


def _hinge_dloss(y, p):
    return y * losses.hinge_grad(y * p)


def _log(y, p):
    return _LN2 * losses.logistic(y * p)


def _log_dloss(y, p):
    return y * (_LN2 * losses.logistic_grad(y * p))


def _modified_huber(y, p):
    return losses.modified_huber(y * p, quadratic_start=-1.0)


def _modified_huber_dloss(y, p):
    return y * losses.modified_huber_grad(y * p, quadratic_start=-1.0)


def _squared_hinge(y, p):
    return losses.squared_hinge(y * p)


def _squared_hinge_dloss(y, p):
    return y * losses.squared_hinge_grad(y * p)


def _squared_error(y, p):
    r = p - y
    return 0.5 * r * r


def _squared_error_dloss(y, p):
    return p - y


_LOSSES = {
    "hinge": (_hinge, _hinge_dloss),
    "log_loss": (_log, _log_dloss),
    "modified_huber": (_modified_huber, _modified_huber_dloss),
    "squared_hinge": (_squared_hinge, _squared_hinge_dloss),
    "squared_error": (_squared_error, _squared_error_dloss),
}


def _plain_sgd(X, Y, estimator, rng):
    """SGD over the columns of ``Y`` (one linear model each, trained on the same sample order).

    Returns ``W`` (k, d), ``b`` (k,) and the epochs each model ran; each model stops on its own
    (scikit-learn's rule on the training objective), after which it is left untouched.
    """
    loss_fn, dloss_fn = _LOSSES[estimator.loss]
    n, d = X.shape
    k = Y.shape[1]
    alpha, eta0, power_t = float(estimator.alpha), float(estimator.eta0), estimator.power_t
    schedule, tol = estimator.learning_rate, estimator.tol
    l2 = estimator.penalty == "l2"
    fit_intercept = estimator.fit_intercept
    W_data, wscale, b = np.zeros((k, d)), np.ones(k), np.zeros(k)
    eta_per_model = np.full(k, eta0)
    active = np.ones(k, dtype=bool)
    best = np.full(k, np.inf)
    stalled = np.zeros(k, dtype=int)
    epochs = np.zeros(k, dtype=int)
    if schedule == "optimal":
        # Bottou's heuristic: the first eta is typw / max(1, dL/dp(1, -typw)), and dL/dp(1, p)
        # is negative for p < 0 for every loss here, so eta_1 = typw.
        typw = np.sqrt(1.0 / np.sqrt(alpha))
        optimal_init = 1.0 / (typw * alpha)
    track_objective = tol is not None
    track_penalty = track_objective and l2
    if track_objective:
        P = np.empty((n, k))  # scores seen during the epoch, for the training objective
        sq_norms = np.empty((n, k)) if l2 else None
        sq_norm = np.zeros(k)
    # The rate is one float shared by the models still running, except "adaptive" (per model).
    eta = eta_per_model if schedule == "adaptive" else eta0
    clip = estimator.loss.startswith("squared")  # the other derivatives are bounded
    all_active = True
    state = momentum_init()
    t = 1.0
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, estimator.max_iter + 1):
            order = rng.permutation(n) if estimator.shuffle else range(n)
            for i in order:
                x = X[i]
                p = (W_data @ x) * wscale + b
                if schedule == "optimal":
                    eta = 1.0 / (alpha * (optimal_init + t - 1.0))
                elif schedule == "invscaling":
                    eta = eta0 / t**power_t
                grad = dloss_fn(Y[i], p)
                if clip:
                    grad = np.minimum(np.maximum(grad, -_MAX_DLOSS), _MAX_DLOSS)
                update, state = sgd_update(grad, state, lr=eta)
                if not all_active:
                    update[~active] = 0.0
                if track_objective:
                    P[i] = p
                if l2:
                    decay = np.maximum(0.0, 1.0 - eta * alpha)
                    if all_active:
                        wscale *= decay
                    else:
                        wscale[active] *= decay if np.ndim(decay) == 0 else decay[active]
                    if wscale.min() < _MIN_WSCALE:
                        W_data *= wscale[:, None]
                        wscale[:] = 1.0
                W_data += (update / wscale)[:, None] * x
                if track_penalty:
                    # ||w||^2 seen by this sample, then recomputed (an incremental update
                    # would carry the cancellation error of a large early phase forever).
                    sq_norms[i] = sq_norm
                    sq_norm = np.einsum("ij,ij->i", W_data, W_data) * (wscale * wscale)
                if fit_intercept:
                    b += update
                t += 1.0
            if not (np.all(np.isfinite(W_data)) and np.all(np.isfinite(b))):
                raise ValueError(
                    f"Floating-point under-/overflow occurred at epoch #{epoch}. Scaling "
                    "input data with StandardScaler or MinMaxScaler might help."
                )
            epochs[active] = epoch
            if track_objective:
                objective = loss_fn(Y, P).mean(axis=0)
                if l2:
                    objective += alpha * 0.5 * sq_norms.mean(axis=0)
                worse = objective > best - tol
                stalled = np.where(active, np.where(worse, stalled + 1, 0), stalled)
                best = np.where(active, np.minimum(best, objective), best)
                done = active & (stalled >= estimator.n_iter_no_change)
                if schedule == "adaptive":
                    shrink = done & (eta_per_model > 1e-6)  # eta / 5 instead of stopping
                    eta_per_model[shrink] /= 5.0
                    stalled[shrink] = 0
                    done &= ~shrink
                active &= ~done
                all_active = bool(active.all())
                if not active.any():
                    break
    return W_data * wscale[:, None], b, epochs


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
        W, b, epochs = _plain_sgd(X, Y, self, check_random_state(self.random_state))
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
    loss : {"hinge", "log_loss", "modified_huber", "squared_hinge", "squared_error"}, default="hinge"
        ``hinge`` (linear SVM), ``log_loss`` (logistic regression, ``ln(1 + exp(-z))``),
        ``modified_huber`` (Zhang's, quadratic on [-1, 1]), ``squared_hinge``,
        ``squared_error`` (least squares on the +-1 targets).
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
