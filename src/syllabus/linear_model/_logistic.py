"""Logistic regression: binary (sigmoid) and multinomial (softmax).

Solvers: L-BFGS, Newton, batch and mini-batch gradient descent (:mod:`._stochastic`), SAG and
SAGA (:mod:`._sag`, scikit-learn's algorithm, draws and stopping rule, so the same iterates),
and for liblinear's L1 objective accelerated proximal gradient (:mod:`._stochastic`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, ClassifierMixin
from ..metrics._scorer import get_scorer, get_scorer_names
from ..model_selection import check_cv
from ..utils import (
    Interval,
    StrOptions,
    check_is_fitted,
    check_no_overflow,
    check_random_state,
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
from ._sag import max_squared_row_norm, sag_solver
from ._stochastic import DescentResult, proximal_gradient, solve

# scikit-learn's solver names -> ours, for the L2 (or no) penalty of "liblinear" (with an L1
# part: the proximal-gradient solver); "sag" and "saga" run SAG / SAGA (:mod:`._sag`).
# Newton-CG and Newton-Cholesky are both Newton's method: each step depends only on the
# current point (no curvature memory, unlike L-BFGS), so k warm-started single steps are k
# steps; "newton" forms the Hessian, (n_classes (n_features + 1))^2 numbers.
SOLVERS = {"lbfgs": "lbfgs", "newton": "newton", "gd": "gd", "sgd": "sgd",
           "newton-cg": "newton", "newton-cholesky": "newton", "sag": "sag",
           "saga": "saga", "liblinear": "lbfgs"}


def _singular(H: np.ndarray) -> bool:
    """Whether the Hessian is numerically singular (a Newton step is then ill-defined)."""
    values = np.linalg.eigvalsh(H)
    return values.size > 0 and values[0] <= values[-1] * H.shape[0] * np.finfo(np.float64).eps


def _penalised_mask(loss: LogisticLoss) -> np.ndarray:
    """Which flattened parameters the L1 term touches: the weights, not the intercepts."""
    mask = np.ones((loss.k, loss.width), dtype=bool)
    if loss.fit_intercept:
        mask[:, -1] = False
    return mask.ravel()

__all__ = ["LogisticRegression", "LogisticRegressionCV"]


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
        "sag", "saga": when an epoch changes no weight by more than ``tol`` times the largest
        weight (scikit-learn's rule); "liblinear" with L1: when the minimum-norm subgradient
        is below ``tol``; "sgd": when 5 consecutive epochs each lower the objective by less
        than ``tol``.
    fit_intercept : bool, default=True
        Fit the (unpenalised) bias.
    intercept_scaling : float, default=1
        "liblinear" only: the bias is the weight of a constant feature of this value, and is
        penalised like the other weights (liblinear's objective).
    class_weight : dict, "balanced" or None, default=None
        Multiplies the sample weights of each class.
    random_state : int, RandomState instance or None, default=None
        Seeds the shuffling of "sgd" and the sample draws of "sag" / "saga" (the same draws
        as scikit-learn's for the same value).
    solver : {"lbfgs", "newton", "gd", "sgd", "newton-cg", "newton-cholesky", "sag", \
"saga", "liblinear"}, default="lbfgs"
        - "lbfgs": L-BFGS (:func:`syllabus.optim.minimize`).
        - "newton" (and "newton-cholesky", "newton-cg"): Newton's method / IRLS,
          ``theta <- theta - H^-1 g`` with the Hessian ``X^T S X`` of the deep-learning lecture;
          a Hessian singular at the start (e.g. more features than samples, almost no
          penalty) falls back to "lbfgs", as scikit-learn's newton-cholesky does.
        - "sag" (L2 or none) and "saga" (every penalty, the L1 part by soft-thresholding):
          stochastic average gradient, one random sample per step, ``n_iter_`` counting
          epochs; scikit-learn's step size, draws and stopping rule, hence its iterates (see
          :mod:`syllabus.linear_model._sag`). Sparse ``X`` costs a row's non-zeros per step.
        - "liblinear": binary only, liblinear's objective (the bias penalised through
          ``intercept_scaling``), by "lbfgs" (L2) or accelerated proximal gradient (L1: FISTA
          with backtracking, soft-thresholding the weights).
        - "gd": batch gradient descent with a constant ``learning_rate``.
        - "sgd": stochastic gradient descent on shuffled mini-batches of ``batch_size``.
    max_iter : int, default=100
        Maximum number of iterations (epochs for "sgd", "sag" and "saga").
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
        Objective after each iteration / epoch ("sag", "saga": the final objective only).
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
        return self._fit(X, y, sample_weight)

    def _fit(self, X: Any, y: Any, sample_weight: Any, sag_path: dict | None = None
             ) -> LogisticRegression:
        """:meth:`fit`; ``sag_path`` (LogisticRegressionCV's regularisation path with "sag" /
        "saga") holds the ``max_squared_sum`` of the whole data, one random generator and
        the SAG memory carried from one ``C`` to the next (updated here), as scikit-learn's
        path does."""
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
        if solver in ("sag", "saga"):
            res = self._sag(X64, y_idx, sw, loss, w0, penalty, l1_ratio, C, sag_path)
        elif l1 > 0:
            res = proximal_gradient(loss.loss_grad, w0, l1, _penalised_mask(loss),
                                    max_iter=self.max_iter, tol=self.tol)
        else:
            if solver == "newton" and _singular(loss.newton_matrix(w0)):
                # scikit-learn's newton-cholesky falls back to L-BFGS on a singular Hessian
                # (e.g. more features than samples and almost no penalty).
                warnings.warn("The Hessian of the objective is singular at the starting "
                              "point: falling back to solver='lbfgs'.", UserWarning,
                              stacklevel=2)
                solver = "lbfgs"
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

    def _sag(self, X: Any, y_idx: np.ndarray, sw: np.ndarray | None, loss: LogisticLoss,
             w0: np.ndarray, penalty: str | None, l1_ratio: float, C: float,
             sag_path: dict | None) -> DescentResult:
        """SAG / SAGA (:func:`._sag.sag_solver`) on scikit-learn's scaling of the objective:
        ``n`` times ours, i.e. the L2 strength ``alpha = (1 - l1_ratio) / C`` and the L1
        strength ``beta = l1_ratio / C``, both divided by ``n`` inside, with the raw weights."""
        alpha = 0.0 if penalty is None else (1.0 - l1_ratio) / C
        beta = 0.0 if penalty is None else l1_ratio / C
        path = {} if sag_path is None else sag_path
        if "max_squared_sum" not in path:
            path["max_squared_sum"] = max_squared_row_norm(X)
        if "random_state" not in path:  # one generator for the whole path: a seed per C
            path["random_state"] = check_random_state(self.random_state)
        coef, n_iter, path["memory"] = sag_solver(
            X, y_idx.astype(np.float64), sw, loss="log" if loss.binary else "multinomial",
            alpha=alpha, beta=beta, max_iter=self.max_iter, tol=self.tol,
            random_state=path["random_state"], saga=self.solver == "saga",
            coef=w0.reshape(loss.k, loss.width).T, fit_intercept=loss.fit_intercept,
            memory=path.get("memory"), max_squared_sum=path["max_squared_sum"])
        w = np.ascontiguousarray(coef.T).ravel()
        f = loss.loss_grad(w, None)[0] + (
            0.0 if penalty is None else
            l1_ratio / (C * loss.S) * float(np.abs(coef[: loss.d]).sum()))
        return DescentResult(w, f, n_iter, [f], n_iter < self.max_iter)

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


class LogisticRegressionCV(LogisticRegression):
    """:class:`LogisticRegression` with ``C`` (and ``l1_ratio``) chosen by cross-validation.

    For each fold (stratified K-fold by default) and each ``l1_ratio``, the model is fitted
    along the grid ``Cs`` in order, each fit warm-started from the previous solution (the
    regularisation path), and scored on the test fold. The ``C`` (and ``l1_ratio``) with the
    best total score is then refitted on all the data, starting from the folds' mean
    solution (``refit=True``), or the folds' best models are averaged (``refit=False``).
    Same objective as scikit-learn's ``LogisticRegressionCV``, hence the same choices and,
    to the solvers' tolerance, the same coefficients.

    Parameters
    ----------
    Cs : int or array-like, default=10
        The values of ``C``, or their number on ``numpy.logspace(-4, 4, Cs)``.
    l1_ratios : array-like or None, default="warn"
        Elastic-net mixing values to try ("warn" or None: the penalty alone decides, as
        scikit-learn 1.9's default; 0 is "l2", 1 is "l1").
    fit_intercept : bool, default=True
    cv : int, cross-validation generator, iterable or None, default=None
        None: 5-fold :class:`~syllabus.model_selection.StratifiedKFold`.
    dual : bool, default=False
    penalty : {"l1", "l2", "elasticnet"}, default="deprecated"
        "deprecated": decided by ``l1_ratios`` (all 0 or None: "l2", all 1: "l1").
    scoring : str, callable or None, default="warn"
        None or "warn": the accuracy.
    solver : str, default="lbfgs"
        As in :class:`LogisticRegression`.
    tol : float, default=1e-4
    max_iter : int, default=100
    class_weight : dict or "balanced", default=None
        "balanced" is computed once on the whole ``y``.
    n_jobs : int or None, default=None
        Unused: the folds run one after the other.
    verbose : int, default=0
    refit : bool, default=True
    intercept_scaling : float, default=1.0
    random_state : int, RandomState instance or None, default=None
    use_legacy_attributes : bool, default="warn"
        True (or "warn"): scikit-learn 1.9's attributes (``C_`` an array, ``coefs_paths_``
        and ``scores_`` dicts keyed by class); False: the simplified ones (``C_`` a float,
        ``coefs_paths_`` of shape (n_folds, n_l1_ratios, n_cs, n_classes, n_dof)).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    Cs_ : ndarray of shape (n_cs,)
    l1_ratios_ : ndarray of shape (n_l1_ratios,)
    coefs_paths_ : dict or ndarray
        The coefficients (intercept last) of every fold and ``C``.
    scores_ : dict or ndarray
        The test score of every fold and ``C``.
    C_ : ndarray or float
    l1_ratio_ : ndarray or float
    n_iter_ : ndarray
        Iterations of every fold and ``C``.
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import LogisticRegressionCV
    >>> rng = np.random.default_rng(0); X = rng.normal(size=(60, 2))
    >>> y = (X[:, 0] + 0.3 * rng.normal(size=60) > 0).astype(int)
    >>> clf = LogisticRegressionCV(Cs=[0.01, 1.0, 100.0], cv=3).fit(X, y)
    >>> float(clf.C_[0]) in (0.01, 1.0, 100.0), clf.coefs_paths_[1].shape
    (True, (3, 3, 3))
    """

    _parameter_constraints = {
        k: v for k, v in LogisticRegression._parameter_constraints.items()
        if k not in ("C", "l1_ratio", "warm_start", "learning_rate", "batch_size", "penalty")}
    _parameter_constraints.update({
        "Cs": [Interval(Integral, 1, None, closed="left"), "array-like"],
        "l1_ratios": ["array-like", None, StrOptions({"warn"})],
        "cv": ["no_validation"],
        "scoring": [StrOptions(set(get_scorer_names()) | {"warn"}), "callable", None],
        "refit": ["boolean"],
        "penalty": [StrOptions({"l1", "l2", "elasticnet", "deprecated"})],
        "use_legacy_attributes": ["boolean", StrOptions({"warn"})],
    })

    # The common checks' settings: scikit-learn's for its twin.
    _check_estimator_params = {"max_iter": 5, "cv": 3, "use_legacy_attributes": False,
                               "scoring": "neg_log_loss"}

    def __init__(self, *, Cs: Any = 10, l1_ratios: Any = "warn", fit_intercept: bool = True,
                 cv: Any = None, dual: bool = False, penalty: str = "deprecated",
                 scoring: Any = "warn", solver: str = "lbfgs", tol: float = 1e-4,
                 max_iter: int = 100, class_weight: Any = None, n_jobs: int | None = None,
                 verbose: int = 0, refit: bool = True, intercept_scaling: float = 1.0,
                 random_state: Any = None, use_legacy_attributes: Any = "warn") -> None:
        self.Cs = Cs
        self.l1_ratios = l1_ratios
        self.fit_intercept = fit_intercept
        self.cv = cv
        self.dual = dual
        self.penalty = penalty
        self.scoring = scoring
        self.solver = solver
        self.tol = tol
        self.max_iter = max_iter
        self.class_weight = class_weight
        self.n_jobs = n_jobs
        self.verbose = verbose
        self.refit = refit
        self.intercept_scaling = intercept_scaling
        self.random_state = random_state
        self.use_legacy_attributes = use_legacy_attributes

    def _model(self, penalty: str, l1_ratio: Any, class_weight: Any) -> LogisticRegression:
        """The LogisticRegression fitted along the path, warm-started from its last fit
        (except "liblinear", which starts from zero each time, as scikit-learn's)."""
        return LogisticRegression(
            penalty=penalty, l1_ratio=l1_ratio if penalty == "elasticnet" else None,
            dual=self.dual, tol=self.tol, fit_intercept=self.fit_intercept,
            intercept_scaling=self.intercept_scaling, class_weight=class_weight,
            random_state=self.random_state, solver=self.solver, max_iter=self.max_iter,
            warm_start=self.solver != "liblinear")

    def _scorer(self) -> Any:
        scoring = None if self.scoring == "warn" else self.scoring
        return get_scorer(scoring or "accuracy")

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> LogisticRegressionCV:
        """Choose ``C`` (and ``l1_ratio``) by cross-validation and fit with them.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the fits and of the test scores.

        Returns
        -------
        self : LogisticRegressionCV
        """
        self._validate_params()
        l1_ratios = None if isinstance(self.l1_ratios, str) else self.l1_ratios
        if self.penalty == "deprecated":
            if l1_ratios is None or np.all(np.asarray(l1_ratios) == 0):
                penalty = "l2"
            elif np.all(np.asarray(l1_ratios) == 1):
                penalty = "l1"
            else:
                penalty = "elasticnet"
        else:
            penalty = self.penalty
        if penalty == "elasticnet" and (
                l1_ratios is None or len(l1_ratios) == 0
                or any(not isinstance(r, (Real, np.number)) or not 0 <= r <= 1
                       for r in l1_ratios)):
            raise ValueError("l1_ratios must be an array-like of numbers between 0 and 1; got "
                             f"(l1_ratios={l1_ratios!r})")
        ratios = [None] if l1_ratios is None else list(l1_ratios)
        X, y = validate_float64(self, X, y, reset=True, accept_sparse="csr")
        self.classes_, y_idx = encode_two_or_more_classes(y)
        n_classes, n_features = len(self.classes_), X.shape[1]
        sw = optional_sample_weight(sample_weight, X)
        class_weight = self.class_weight
        if isinstance(class_weight, str):  # "balanced" once on the whole data
            class_weight = dict(zip(self.classes_.tolist(),
                                    class_weights(class_weight, self.classes_, y_idx, sw)))
        folds = list(check_cv(self.cv, y, classifier=True).split(X, y))
        largest = max_squared_row_norm(X)  # scikit-learn's SAG step: from all the data
        self.Cs_ = (np.logspace(-4, 4, self.Cs) if isinstance(self.Cs, Integral)
                    else np.asarray(self.Cs, dtype=np.float64))
        scorer = self._scorer()
        k = 1 if n_classes == 2 else n_classes
        n_dof = n_features + int(self.fit_intercept)
        # (n_folds, n_l1_ratios, n_cs, k, n_dof) coefficients, scores and iterations
        paths = np.empty((len(folds), len(ratios), len(self.Cs_), k, n_dof))
        scores = np.empty(paths.shape[:3])
        n_iter = np.empty(paths.shape[:3], dtype=np.int32)
        for f, (train, test) in enumerate(folds):
            if len(np.unique(y_idx[train])) < n_classes:
                raise ValueError("Each training fold must contain every class; use fewer "
                                 "folds or a stratified splitter.")
            fit_w = None if sw is None else sw[train]
            score_w = {} if sw is None else {"sample_weight": sw[test]}
            for r, l1_ratio in enumerate(ratios):
                model = self._model(penalty, l1_ratio, class_weight)
                path = {"max_squared_sum": largest}  # SAG's memory travels along the path
                for c, C in enumerate(self.Cs_):
                    model.set_params(C=C)._fit(X[train], y[train], fit_w, sag_path=path)
                    paths[f, r, c] = _stack_coef(model)
                    scores[f, r, c] = scorer(model, X[test], y[test], **score_w)
                    n_iter[f, r, c] = model.n_iter_[0]
        self._select(X, y, sw, paths, scores, ratios, penalty, class_weight)
        self._set_path_attributes(paths, scores, n_iter, l1_ratios)
        return self

    def _select(self, X, y, sw, paths, scores, ratios, penalty, class_weight) -> None:
        """``C_``, ``l1_ratio_``, ``coef_`` and ``intercept_`` from the path's scores."""
        n_folds, n_ratios, n_cs = scores.shape
        if self.refit:
            best_r, best_c = np.unravel_index(np.argmax(scores.sum(axis=0).T), (n_cs, n_ratios))[::-1]
            C, l1_ratio = self.Cs_[best_c], ratios[best_r]
            model = self._model(penalty, l1_ratio, class_weight).set_params(C=C)
            init = paths[:, best_r, best_c].mean(axis=0)
            model.coef_ = init[:, : X.shape[1]]
            model.intercept_ = init[:, -1] if self.fit_intercept else np.zeros(len(init))
            model.fit(X, y, sample_weight=sw)
            w = _stack_coef(model)
            C_, l1_ratio_ = C, l1_ratio
        else:  # average the folds' best models
            flat = scores.transpose(0, 2, 1).reshape(n_folds, -1)  # (fold, C * ratio)
            best_c, best_r = np.unravel_index(flat.argmax(axis=1), (n_cs, n_ratios))
            w = np.mean([paths[f, best_r[f], best_c[f]] for f in range(n_folds)], axis=0)
            C_ = float(np.mean(self.Cs_[best_c]))
            l1_ratio_ = (float(np.mean(np.asarray(ratios, dtype=float)[best_r]))
                         if penalty == "elasticnet" else 0.0)
        n_features = X.shape[1]
        self.coef_ = w[:, :n_features].copy()
        self.intercept_ = w[:, -1].copy() if self.fit_intercept else np.zeros(len(w))
        k = len(w)
        self.C_ = np.full(k, C_)
        self.l1_ratio_ = np.array([l1_ratio_] * k)

    def _set_path_attributes(self, paths, scores, n_iter, l1_ratios) -> None:
        keys = self.classes_[1:] if len(self.classes_) == 2 else self.classes_
        self.l1_ratios_ = np.asarray([None] if l1_ratios is None else l1_ratios)
        if self.use_legacy_attributes is False:
            self.coefs_paths_, self.scores_, self.n_iter_ = paths, scores, n_iter
            self.C_ = float(self.C_[0])
            if l1_ratios is None:
                self.l1_ratio_ = 1.0 if self.penalty == "l1" else 0.0
            else:
                self.l1_ratio_ = float(self.l1_ratio_[0])
            return
        # scikit-learn 1.9's layout: per class, (n_folds, n_cs[, n_l1_ratios], n_dof)
        by_class = paths.transpose(3, 0, 2, 1, 4)
        legacy_scores = scores.transpose(0, 2, 1)
        legacy_iter = n_iter.transpose(0, 2, 1)[None]
        if l1_ratios is None:
            by_class, legacy_scores, legacy_iter = (by_class[:, :, :, 0], legacy_scores[:, :, 0],
                                                    legacy_iter[..., 0])
        self.coefs_paths_ = dict(zip(keys.tolist(), by_class))
        self.scores_ = {key: legacy_scores.copy() for key in keys.tolist()}
        self.n_iter_ = legacy_iter

    def score(self, X: Any, y: Any, sample_weight: Any = None) -> float:
        """The ``scoring`` (accuracy by default) of the model on ``X``, ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        float
        """
        kwargs = {} if sample_weight is None else {"sample_weight": sample_weight}
        return self._scorer()(self, X, y, **kwargs)


def _stack_coef(model: LogisticRegression) -> np.ndarray:
    """``[coef_ | intercept_]`` of a fitted model: (n_rows, n_features [+ 1])."""
    if not model.fit_intercept:
        return np.asarray(model.coef_, dtype=np.float64)
    return np.column_stack([model.coef_, model.intercept_]).astype(np.float64)
