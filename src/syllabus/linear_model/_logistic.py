"""Logistic regression: binary (sigmoid) and multinomial (softmax), four solvers."""

from __future__ import annotations

import warnings
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
from ..utils._class_weight import class_weights
from ..utils._sparse import append_constant_column, issparse
from ..utils._special import expit, log_softmax_parts
from ._base import (
    encode_two_or_more_classes,
    optional_sample_weight,
    validate_float64,
)
from ._loss import LogisticLoss
from ._stochastic import proximal_gradient, solve

# scikit-learn's solver names -> ours, for the L2 (or no) penalty; "saga" and "liblinear"
# run the proximal solver when there is an L1 part.
SOLVERS = {"lbfgs": "lbfgs", "newton": "newton", "gd": "gd", "sgd": "sgd",
           "newton-cg": "lbfgs", "newton-cholesky": "newton", "sag": "lbfgs",
           "saga": "lbfgs", "liblinear": "lbfgs"}


def _penalised_mask(loss: LogisticLoss) -> np.ndarray:
    """Which flattened parameters the L1 term touches: the weights, not the intercepts."""
    mask = np.ones((loss.k, loss.width), dtype=bool)
    if loss.fit_intercept:
        mask[:, -1] = False
    return mask.ravel()

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
        X = validate_float64(self, X, reset=False, dtypes=(np.float64, np.float32),
                             accept_sparse="csr")
        scores = np.asarray(X @ self.coef_.T) + self.intercept_
        return scores[:, 0] if scores.ndim == 2 and scores.shape[1] == 1 else scores

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
    penalty : {"deprecated", "l2", "l1", "elasticnet", None}, default="deprecated"
        "deprecated" (scikit-learn 1.9's default): the penalty follows ``l1_ratio`` (0: "l2",
        1: "l1", else "elasticnet") and ``C=inf`` means none. ``None`` fits the unpenalised
        maximum-likelihood model (a ``C`` other than 1 then warns that it is ignored).
    C : float, default=1.0
        Inverse regularisation strength.
    l1_ratio : float, default=0.0
        Elastic-net mixing: penalty ``(1 / C S) (l1_ratio ||W||_1 + (1 - l1_ratio) ||W||^2 / 2)``.
    dual : bool, default=False
        Accepted for "liblinear" (the same optimum is found in the primal).
    tol : float, default=1e-4
        "lbfgs", "newton", "gd": stop when the largest gradient component is below ``tol``;
        the proximal solver: when the largest step of the proximal-gradient map is; "sgd":
        when 5 consecutive epochs each lower the objective by less than ``tol``.
    fit_intercept : bool, default=True
        Fit the (unpenalised) bias.
    intercept_scaling : float, default=1
        "liblinear" only: the bias is the weight of a constant feature of this value, and is
        penalised like the other weights (liblinear's objective).
    class_weight : dict, "balanced" or None, default=None
        Multiplies the sample weights of each class.
    random_state : int, RandomState instance or None, default=None
        Seeds the shuffling of "sgd".
    solver : {"lbfgs", "newton", "gd", "sgd", "newton-cg", "newton-cholesky", "sag", \
"saga", "liblinear"}, default="lbfgs"
        - "lbfgs": L-BFGS (:func:`syllabus.optim.minimize`); scikit-learn's "newton-cg" and
          "sag" (same objective, L2 or none) run it too.
        - "newton" (and "newton-cholesky"): Newton's method / IRLS,
          ``theta <- theta - H^-1 g`` with the Hessian ``X^T S X`` of the deep-learning lecture.
        - "saga": L2 as "lbfgs"; "l1" / "elasticnet" by accelerated proximal gradient
          (FISTA with backtracking, soft-thresholding the weights), the same objective.
        - "liblinear": binary only, liblinear's objective (the bias penalised through
          ``intercept_scaling``), by "lbfgs" (L2) or proximal gradient (L1).
        - "gd": batch gradient descent with a constant ``learning_rate``.
        - "sgd": stochastic gradient descent on shuffled mini-batches of ``batch_size``.
    max_iter : int, default=100
        Maximum number of iterations (epochs for "sgd").
    verbose : int, default=0
        Accepted for compatibility; nothing is printed.
    warm_start : bool, default=False
        Start from the previous ``coef_`` / ``intercept_``.
    n_jobs : int or None, default=None
        Accepted for compatibility (no effect, as in scikit-learn 1.9).
    learning_rate : float or callable, default=0.1
        Step size of "gd" and "sgd": a constant or a schedule ``iteration -> step``.
    batch_size : int, default=1
        Mini-batch size of "sgd".

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
        "penalty": [StrOptions({"deprecated", "l2", "l1", "elasticnet"}), None],
        "C": [Interval(Real, 0, None, closed="right")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both"), None],
        "dual": ["boolean"],
        "intercept_scaling": [Interval(Real, 0, None, closed="neither")],
        "class_weight": [dict, StrOptions({"balanced"}), None],
        "verbose": [Interval(Integral, 0, None, closed="left"), "boolean"],
        "warm_start": ["boolean"],
        "n_jobs": [None, Integral],
        "fit_intercept": ["boolean"],
        "solver": [StrOptions(set(SOLVERS))],
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither"), "callable"],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        penalty: str | None = "deprecated",
        *,
        C: float = 1.0,
        l1_ratio: float | None = 0.0,
        dual: bool = False,
        tol: float = 1e-4,
        fit_intercept: bool = True,
        intercept_scaling: float = 1.0,
        class_weight: Any = None,
        random_state: Any = None,
        solver: str = "lbfgs",
        max_iter: int = 100,
        verbose: int = 0,
        warm_start: bool = False,
        n_jobs: int | None = None,
        learning_rate: float | Callable[[int], float] = 0.1,
        batch_size: int = 1,
    ) -> None:
        self.penalty = penalty
        self.C = C
        self.l1_ratio = l1_ratio
        self.dual = dual
        self.tol = tol
        self.fit_intercept = fit_intercept
        self.intercept_scaling = intercept_scaling
        self.class_weight = class_weight
        self.random_state = random_state
        self.solver = solver
        self.max_iter = max_iter
        self.verbose = verbose
        self.warm_start = warm_start
        self.n_jobs = n_jobs
        self.learning_rate = learning_rate
        self.batch_size = batch_size

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
        penalty, l1_ratio, C = self._resolve_penalty()
        solver = SOLVERS[self.solver]
        if penalty in ("l1", "elasticnet") and self.solver not in ("saga", "liblinear"):
            raise ValueError(f"Solver {self.solver} supports only 'l2' or None penalties, got "
                             f"{penalty} penalty.")
        if self.dual and self.solver != "liblinear":
            raise ValueError(f"Solver {self.solver} supports only dual=False, got dual=True")
        if penalty == "elasticnet" and self.solver != "saga":
            raise ValueError("Only 'saga' solver supports elasticnet penalty, got "
                             f"solver={self.solver}.")
        liblinear = self.solver == "liblinear"
        if liblinear and penalty is None:
            raise ValueError(
                "C=np.inf as well as penalty=None is not supported for the liblinear solver")
        X, y = validate_float64(self, X, y, reset=True, dtypes=(np.float64, np.float32),
                                accept_sparse="csr")
        # liblinear computes in float64 whatever the input, so scikit-learn's liblinear
        # coefficients are float64; the other solvers keep float32.
        dtype = np.dtype(np.float64) if liblinear else X.dtype
        if not issparse(X):
            check_no_overflow(X, estimator=self)
        self.classes_, y_idx = encode_two_or_more_classes(y)
        n_classes = len(self.classes_)
        if liblinear and n_classes > 2:
            raise ValueError(
                "The 'liblinear' solver does not support multiclass classification (n_classes "
                ">= 3). Either use another solver or wrap the estimator in a "
                "OneVsRestClassifier to keep applying a one-versus-rest scheme.")
        sw = optional_sample_weight(sample_weight, X)
        if self.class_weight is not None:
            cw = class_weights(self.class_weight, self.classes_, y_idx, sw)
            sw = cw[y_idx] * (1.0 if sw is None else sw)
        X64 = X.astype(np.float64) if dtype != np.float64 else X
        fit_intercept = self.fit_intercept and not liblinear
        if liblinear and self.fit_intercept:  # the bias as a penalised constant feature
            X64 = append_constant_column(X64, float(self.intercept_scaling))
        S = X.shape[0] if sw is None else float(sw.sum())
        strength = 0.0 if penalty is None else 1.0 / (C * S)
        l1 = strength * l1_ratio
        loss = LogisticLoss(X64, y_idx, n_classes, sample_weight=sw,
                            l2=strength * (1.0 - l1_ratio), fit_intercept=fit_intercept)
        w0 = self._initial_weights(loss, liblinear)
        if l1 > 0:
            res = proximal_gradient(loss.loss_grad, w0, l1, _penalised_mask(loss),
                                    max_iter=self.max_iter, tol=self.tol)
        else:
            res = solve(loss.loss_grad, w0, X.shape[0],
                        solver=solver, learning_rate=self.learning_rate,
                        max_iter=self.max_iter, tol=self.tol, batch_size=self.batch_size,
                        random_state=self.random_state,
                        hess=loss.newton_matrix if solver == "newton" else None)
        coef, intercept = loss.unpack(res.x)
        if liblinear and self.fit_intercept:
            coef, intercept = coef[:, :-1], coef[:, -1] * float(self.intercept_scaling)
        self.coef_ = np.array(coef, dtype=dtype)
        self.intercept_ = (np.array(intercept, dtype=dtype).reshape(-1)
                           if self.fit_intercept else np.zeros(loss.k, dtype=dtype))
        self.n_iter_ = np.array([res.n_iter], dtype=np.int32)
        self.loss_curve_ = [float(v) for v in res.loss_curve]
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def _resolve_penalty(self) -> tuple[str | None, float, float]:
        """``(penalty, l1_ratio, C)`` as scikit-learn 1.9 reads its parameters."""
        l1_ratio = 0.0 if self.l1_ratio is None else float(self.l1_ratio)
        if self.penalty == "deprecated":
            penalty = "l2" if l1_ratio == 0 else "l1" if l1_ratio == 1 else "elasticnet"
            if np.isinf(self.C):
                penalty = None
        else:
            penalty = self.penalty
            if penalty != "elasticnet" and 0 < l1_ratio < 1:
                warnings.warn("l1_ratio parameter is only used when penalty is 'elasticnet'. "
                              f"Got (penalty={penalty})", stacklevel=3)
            if penalty == "elasticnet" and self.l1_ratio is None:
                raise ValueError("l1_ratio must be specified when penalty is elasticnet.")
            l1_ratio = {"l2": 0.0, "l1": 1.0}.get(penalty, l1_ratio)
        if self.penalty is None and self.C != 1.0:
            warnings.warn("Setting penalty=None will ignore the C and l1_ratio parameters",
                          stacklevel=3)
        C = float(self.C)
        if penalty is None or np.isinf(C):
            penalty, l1_ratio = None, 0.0
        return penalty, l1_ratio, C

    def _initial_weights(self, loss: LogisticLoss, liblinear: bool) -> np.ndarray:
        """Zeros, or the previous solution when ``warm_start`` and the shapes fit."""
        W = np.zeros((loss.k, loss.width))
        coef = getattr(self, "coef_", None) if self.warm_start else None
        if coef is not None and coef.shape == (loss.k, loss.d - int(liblinear and self.fit_intercept)):
            W[:, : coef.shape[1]] = coef
            if self.fit_intercept:
                b = np.asarray(self.intercept_, dtype=np.float64)
                W[:, -1] = b / float(self.intercept_scaling) if liblinear else b
        return W.ravel()

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
