"""Logistic regression: binary (sigmoid) and multinomial (softmax), four solvers."""

from __future__ import annotations

from collections.abc import Callable
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, ClassifierMixin
from ..utils import (
    Interval,
    StrOptions,
    check_is_fitted,
    check_no_overflow,
)
from ..utils._special import expit, log_softmax_parts
from ._base import (
    encode_two_or_more_classes,
    optional_sample_weight,
    validate_float64,
)
from ._loss import LogisticLoss
from ._stochastic import solve

__all__ = ["LogisticRegression"]


class LinearClassifierMixin(ClassifierMixin):
    """``decision_function`` (the logits) and ``predict`` of a linear classifier."""

    def decision_function(self, X: Any) -> np.ndarray:
        """Logits ``X @ coef_.T + intercept_``: shape (n_samples,) for two classes (the
        score of ``classes_[1]``), (n_samples, n_classes) otherwise.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray
        """
        check_is_fitted(self)
        X = validate_float64(self, X, reset=False)
        scores = X @ self.coef_.T + self.intercept_
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict(self, X: Any) -> np.ndarray:
        """Predicted class label of each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        scores = self.decision_function(X)
        idx = (scores > 0).astype(np.intp) if scores.ndim == 1 else scores.argmax(axis=1)
        return self.classes_[idx]


class LogisticRegression(LinearClassifierMixin, BaseEstimator):
    """Logistic (binary) and softmax (multinomial) regression, fitted by maximum likelihood.

    Minimises scikit-learn's objective, the mean cross-entropy plus an L2 penalty on the
    weights (not the intercept)::

        (1 / S) sum_i s_i l_i(W, b) + 1 / (2 C S) ||W||^2,     S = sum_i s_i

    where ``l_i`` is the binary cross-entropy of ``sigmoid(x_i w + b)`` (two classes, one
    weight vector) or the cross-entropy of ``softmax(x_i W^T + b)`` (more classes, one row
    per class). The same ``C`` therefore gives the same coefficients as scikit-learn.

    Parameters
    ----------
    penalty : {"l2", None}, default="l2"
        ``None`` (or ``C=inf``) fits the unpenalised maximum-likelihood model.
    C : float, default=1.0
        Inverse regularisation strength.
    fit_intercept : bool, default=True
        Fit the (unpenalised) bias.
    solver : {"lbfgs", "newton", "gd", "sgd"}, default="lbfgs"
        - "lbfgs": L-BFGS (:func:`syllabus.optim.minimize`).
        - "newton": Newton's method / IRLS, ``theta <- theta - H^-1 g`` with the Hessian
          ``X^T S X`` of the deep-learning lecture (``S = diag(p (1 - p))``; one block per pair of classes
          for softmax). A handful of iterations, each costing ``n d^2``.
        - "gd": batch gradient descent with a constant ``learning_rate``.
        - "sgd": stochastic gradient descent on shuffled mini-batches of ``batch_size``
          (one sample by default), ``max_iter`` epochs.
    max_iter : int, default=100
        Maximum number of iterations (epochs for "sgd").
    tol : float, default=1e-4
        "lbfgs", "newton", "gd": stop when the largest gradient component is below ``tol``.
        "sgd": stop when 5 consecutive epochs each lower the objective by less than ``tol``.
    learning_rate : float or callable, default=0.1
        Step size of "gd" and "sgd": a constant or a schedule ``iteration -> step``
        (epochs for "sgd").
    batch_size : int, default=1
        Mini-batch size of "sgd".
    random_state : int, RandomState instance or None, default=None
        Seeds the shuffling of "sgd".

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) for two classes, else (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : ndarray of shape (1,)
        Iterations (or epochs) run.
    loss_curve_ : list of float
        Objective after each iteration / epoch.
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import LogisticRegression
    >>> X = np.array([[-2.0], [-1.0], [1.0], [2.0]]); y = np.array([0, 0, 1, 1])
    >>> clf = LogisticRegression().fit(X, y)
    >>> clf.predict([[-3.0], [3.0]])
    array([0, 1])
    """

    _parameter_constraints = {
        "penalty": [StrOptions({"l2"}), None],
        "C": [Interval(Real, 0, None, closed="neither")],
        "fit_intercept": ["boolean"],
        "solver": [StrOptions({"lbfgs", "newton", "gd", "sgd"})],
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither"), "callable"],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        penalty: str | None = "l2",
        *,
        C: float = 1.0,
        fit_intercept: bool = True,
        solver: str = "lbfgs",
        max_iter: int = 100,
        tol: float = 1e-4,
        learning_rate: float | Callable[[int], float] = 0.1,
        batch_size: int = 1,
        random_state: Any = None,
    ) -> None:
        self.penalty = penalty
        self.C = C
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.max_iter = max_iter
        self.tol = tol
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.random_state = random_state

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> LogisticRegression:
        """Fit the model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Class labels (any sortable values).
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : LogisticRegression
        """
        self._validate_params()
        X, y = validate_float64(self, X, y, reset=True)
        check_no_overflow(X, estimator=self)
        self.classes_, y_idx = encode_two_or_more_classes(y)
        n_classes = len(self.classes_)
        sw = optional_sample_weight(sample_weight, X)
        S = X.shape[0] if sw is None else sw.sum()
        unpenalised = self.penalty is None or np.isinf(self.C)
        l2 = 0.0 if unpenalised else 1.0 / (self.C * S)
        loss = LogisticLoss(X, y_idx, n_classes, sample_weight=sw, l2=l2,
                            fit_intercept=self.fit_intercept)
        res = solve(loss.loss_grad, np.zeros(loss.k * loss.width), X.shape[0],
                    solver=self.solver, learning_rate=self.learning_rate,
                    max_iter=self.max_iter, tol=self.tol, batch_size=self.batch_size,
                    random_state=self.random_state,
                    hess=loss.newton_matrix if self.solver == "newton" else None)
        w, n_iter, curve = res.x, res.n_iter, res.loss_curve
        coef, intercept = loss.unpack(w)
        self.coef_ = coef.copy()
        self.intercept_ = (np.asarray(intercept, dtype=np.float64).copy() if self.fit_intercept
                           else np.zeros(loss.k))
        self.n_iter_ = np.array([n_iter])
        self.loss_curve_ = [float(v) for v in curve]
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities: ``[1 - sigmoid(z), sigmoid(z)]`` or ``softmax(z)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            p = expit(scores)
            return np.column_stack([1.0 - p, p])
        return log_softmax_parts(scores)[1]

    def predict_log_proba(self, X: Any) -> np.ndarray:
        """Logarithm of :meth:`predict_proba`, computed without underflow to ``log(0)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            # log sigmoid(z) = -log(1 + e^-z), log(1 - sigmoid(z)) = -log(1 + e^z)
            return np.column_stack([-np.logaddexp(0.0, scores), -np.logaddexp(0.0, -scores)])
        lse, _ = log_softmax_parts(scores)
        return scores - lse[:, None]
