"""LinearSVC: the linear SVM trained on its primal objective.

The primal of the soft-margin SVM (the kernel lecture: slack variables; the optimisation lecture: hinge loss) is the
unconstrained problem

    min_{w, b}  1/2 (||w||^2 + b'^2) + sum_i C_i l(y_i (w.x_i + b))

with ``l`` the hinge or the squared hinge, ``C_i = C`` times the class and sample weights,
and, as in LIBLINEAR (so scikit-learn's ``LinearSVC``), the intercept ``b = s b'`` learned as
the weight of a constant feature ``s = intercept_scaling`` and therefore penalised. Multiclass
is one-vs-rest (one binary problem per class) or Crammer-Singer: one weight vector per class
and the single slack ``xi_i = max_k (Delta(y_i, k) + f_k(x_i) - f_{y_i}(x_i))`` with
``Delta(y_i, k) = 1 - 1[y_i = k]`` (the optimisation lecture's multiclass SVM).

Solvers, all on the primal:

- "lbfgs" (default): L-BFGS (:func:`syllabus.optim.minimize`). The squared hinge is
  differentiable and is minimised as is. The hinge and the Crammer-Singer max are not: they
  are smoothed by a soft maximum ``tau log sum_k exp(a_k / tau)`` (for the hinge,
  ``tau log(1 + exp((1 - z) / tau))``), which over-estimates the max by at most
  ``tau log K``, and ``tau`` is divided by 10 between warm-started runs until
  ``sum_i C_i tau log K`` is below 1e-6 of the objective: the objective of the returned
  weights is then within that of the exact optimum.
- "subgradient": full-batch sub-gradient descent with decreasing steps
  ``eta_k = 1 / (k + 1)`` (the objective is 1-strongly convex); sub-gradient steps do not
  decrease the objective monotonically, so the best iterate is kept (the optimisation lecture's homework).
- "pegasos": Shalev-Shwartz et al.'s stochastic sub-gradient method on mini-batches, step
  ``1 / t`` and projection on the ball ``||w|| <= sqrt(2 sum_i C_i)`` that holds the optimum.

``penalty="l1"`` replaces ``1/2 ||theta||^2`` by ``||theta||_1`` (LIBLINEAR's L1-regularised
squared-hinge SVM, the intercept feature penalised too): the objective is then a smooth loss
plus a non-smooth penalty, minimised as LIBLINEAR does by coordinate descent, each
coordinate a Newton step on the one-dimensional problem with the L1 kink handled exactly
(weights land exactly on zero) and a backtracking line search.
Sparse ``X`` (``scipy.sparse``) goes through every solver as it is: the solvers only need
``X @ w`` and ``X.T @ r``.
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real
from typing import Any

import numba
import numpy as np

from .._losses import (
    hinge,
    hinge_grad,
    multiclass_hinge,
    multiclass_hinge_grad,
    squared_hinge,
    squared_hinge_grad,
)
from ..base import BaseEstimator
from ..linear_model._base import encode_two_or_more_classes, validate_float64
from ..linear_model._logistic import LinearClassifierMixin
from ..optim import minimize
from ..utils import (
    Interval,
    StrOptions,
    check_is_fitted,
    check_no_overflow,
    check_random_state,
    check_sample_weight,
)
from ..utils._blas_threads import single_threaded_blas
from ..utils._sparse import issparse, safe_sparse_dot
from ..utils._special import log1pexp_and_expit, log_softmax_parts
from ._base import ConvergenceWarning, class_weights

__all__ = ["LinearSVC", "primal_objective"]

# Relative accuracy on the objective at which the smoothing of the hinge stops shrinking.
_SMOOTHING_ACCURACY = 1e-6


def primal_objective(coef: np.ndarray, intercept: np.ndarray, X: np.ndarray, y_idx: np.ndarray,
                     C: np.ndarray | float, *, loss: str = "squared_hinge",
                     multi_class: str = "ovr", intercept_scaling: float = 1.0) -> float:
    """LIBLINEAR's primal objective of a linear SVM (the one LinearSVC minimises).

    Parameters
    ----------
    coef : ndarray of shape (1, n_features) or (n_classes, n_features)
    intercept : ndarray of shape (1,) or (n_classes,)
        The intercept ``b = intercept_scaling * b'``; ``b'^2`` is penalised.
    X : ndarray of shape (n_samples, n_features)
    y_idx : ndarray of shape (n_samples,)
        Class index of each sample (for two classes, 1 is the positive class).
    C : float or ndarray of shape (n_samples,) or (n_problems, n_samples)
        Per-sample penalty; one row per one-vs-rest problem if they differ.
    loss : {"hinge", "squared_hinge"}
    multi_class : {"ovr", "crammer_singer"}
    intercept_scaling : float

    Returns
    -------
    float
        ``1/2 (||W||^2 + ||b'||^2) + sum_i C_i loss_i``, summed over the one-vs-rest problems.
    """
    coef = np.atleast_2d(coef)
    intercept = np.atleast_1d(np.asarray(intercept, dtype=np.float64))
    if multi_class == "crammer_singer" and coef.shape[0] == 1:
        # Two classes are stored as the difference v = w_1 - w_0; at the optimum
        # w_1 = -w_0 = v / 2 (the penalty is smallest for a given difference).
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    b_prime = intercept / intercept_scaling if intercept_scaling else np.zeros_like(intercept)
    reg = 0.5 * (float(np.sum(coef * coef)) + float(b_prime @ b_prime))
    scores = safe_sparse_dot(X, coef.T) + intercept
    C = np.broadcast_to(np.asarray(C, dtype=np.float64), (coef.shape[0], X.shape[0])) \
        if np.ndim(C) < 2 else np.asarray(C)
    if multi_class == "crammer_singer":
        return reg + float(C[0] @ multiclass_hinge(scores, y_idx, aggregate="max"))
    margin_loss = squared_hinge if loss == "squared_hinge" else hinge
    if coef.shape[0] == 1:
        y_pm = np.where(y_idx == 1, 1.0, -1.0)
        return reg + float(C[0] @ margin_loss(y_pm * scores[:, 0]))
    total = reg
    for k in range(coef.shape[0]):
        y_pm = np.where(y_idx == k, 1.0, -1.0)
        total += float(C[k] @ margin_loss(y_pm * scores[:, k]))
    return total


class _BinaryProblem:
    """Objective of one binary problem in ``theta = [w, b']``, scores ``X w + s b'``."""

    def __init__(self, X: np.ndarray, y_pm: np.ndarray, C: np.ndarray, scaling: float) -> None:
        self.X, self.y, self.C, self.s = X, y_pm, C, scaling
        self.d = X.shape[1]

    def margins(self, theta: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        X = self.X if rows is None else self.X[rows]
        y = self.y if rows is None else self.y[rows]
        return y * (X @ theta[:self.d] + self.s * theta[self.d])

    def gradient(self, theta: np.ndarray, dloss: np.ndarray,
                 rows: np.ndarray | None = None, scale: float = 1.0) -> np.ndarray:
        """``theta + scale * sum_i C_i dloss_i y_i [x_i, s]``."""
        X = self.X if rows is None else self.X[rows]
        r = (self.C if rows is None else self.C[rows]) * dloss
        r *= self.y if rows is None else self.y[rows]
        g = theta.copy()
        g[:self.d] += scale * (X.T @ r)
        g[self.d] += scale * self.s * r.sum()
        return g

    def reg(self, theta: np.ndarray) -> float:
        return 0.5 * float(theta @ theta)

    def squared_hinge(self, theta: np.ndarray) -> tuple[float, np.ndarray]:
        h = np.maximum(0.0, 1.0 - self.margins(theta))
        return self.reg(theta) + float(self.C @ (h * h)), self.gradient(theta, -2.0 * h)

    def squared_hinge_loss(self, theta: np.ndarray) -> tuple[float, np.ndarray]:
        """``sum_i C_i max(0, 1 - z_i)^2`` and its gradient, without the penalty."""
        h = np.maximum(0.0, 1.0 - self.margins(theta))
        return float(self.C @ (h * h)), self.gradient(np.zeros_like(theta), -2.0 * h)

    def smoothed_hinge(self, theta: np.ndarray, tau: float) -> tuple[float, np.ndarray]:
        # tau log(1 + exp((1 - z) / tau)) >= max(0, 1 - z), and at most tau log 2 above it.
        u = (1.0 - self.margins(theta)) / tau
        softplus, sig = log1pexp_and_expit(u)
        return self.reg(theta) + tau * float(self.C @ softplus), self.gradient(theta, -sig)

    def subgradient_objective(self, theta, loss):
        z = self.margins(theta)
        if loss == "hinge":
            return self.reg(theta) + float(self.C @ hinge(z)), hinge_grad(z)
        return self.reg(theta) + float(self.C @ squared_hinge(z)), squared_hinge_grad(z)

    def minibatch_subgradient(self, theta, rows, loss):
        z = self.margins(theta, rows)
        dloss = hinge_grad(z) if loss == "hinge" else squared_hinge_grad(z)
        return self.gradient(theta, dloss, rows, scale=len(self.y) / len(rows))


class _CrammerSingerProblem:
    """Objective of the Crammer-Singer multiclass SVM in ``theta = [W (K, d), b' (K)]``."""

    def __init__(self, X: np.ndarray, y_idx: np.ndarray, n_classes: int, C: np.ndarray,
                 scaling: float) -> None:
        self.X, self.y, self.K, self.C, self.s = X, y_idx, n_classes, C, scaling
        self.d = X.shape[1]
        self.onehot = np.eye(n_classes)[y_idx]

    def unpack(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        W = theta[:self.K * self.d].reshape(self.K, self.d)
        return W, theta[self.K * self.d:]

    def scores(self, theta: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        W, b = self.unpack(theta)
        X = self.X if rows is None else self.X[rows]
        return X @ W.T + self.s * b

    def gradient(self, theta: np.ndarray, G: np.ndarray, rows: np.ndarray | None = None,
                 scale: float = 1.0) -> np.ndarray:
        """``theta + scale * d/dtheta sum_i C_i G_i . scores_i`` for a score gradient ``G``."""
        X = self.X if rows is None else self.X[rows]
        G = G * (self.C if rows is None else self.C[rows])[:, None]
        W, b = self.unpack(theta)
        gW = W + scale * safe_sparse_dot(G.T, X)
        gb = b + scale * self.s * G.sum(axis=0)
        return np.concatenate([gW.ravel(), gb])

    def smoothed(self, theta: np.ndarray, tau: float) -> tuple[float, np.ndarray]:
        S = self.scores(theta)
        # a_ik = Delta(y_i, k) + f_k - f_{y_i}; tau logsumexp(a_i / tau) >= max_k a_ik
        A = S - (S * self.onehot).sum(axis=1, keepdims=True) + (1.0 - self.onehot)
        lse, P = log_softmax_parts(A / tau)
        G = P - self.onehot  # d/dS_ik of max: P_ik - 1[k = y_i] sum_k P_ik
        return 0.5 * float(theta @ theta) + tau * float(self.C @ lse), self.gradient(theta, G)

    def subgradient_objective(self, theta, loss=None):
        S = self.scores(theta)
        value = 0.5 * float(theta @ theta) + float(self.C @ multiclass_hinge(
            S, self.y, aggregate="max"))
        return value, multiclass_hinge_grad(S, self.y, aggregate="max")

    def minibatch_subgradient(self, theta, rows, loss=None):
        G = multiclass_hinge_grad(self.scores(theta, rows), self.y[rows], aggregate="max")
        return self.gradient(theta, G, rows, scale=len(self.y) / len(rows))


class LinearSVC(LinearClassifierMixin, BaseEstimator):
    """Linear support vector classifier trained on the primal (LIBLINEAR's objective).

    Minimises ``1/2 (||w||^2 + b'^2) + C sum_i l(y_i (w.x_i + b))`` with the hinge or the
    squared hinge ``l``, the intercept ``b = intercept_scaling * b'`` being the weight of a
    constant feature (penalised, as in LIBLINEAR), so ``coef_`` and ``intercept_`` solve the
    same problem as scikit-learn's ``LinearSVC``. See :mod:`syllabus.svm._linear` for the
    solvers.

    Parameters
    ----------
    C : float, default=1.0
        Penalty of the losses (of the slack variables).
    loss : {"squared_hinge", "hinge"}, default="squared_hinge"
        Ignored by ``multi_class="crammer_singer"`` (always the multiclass hinge).
    penalty : {"l2", "l1"}, default="l2"
        ``1/2 ||w||^2`` or ``||w||_1`` (sparse weights; with the squared hinge and
        ``dual=False`` only, as LIBLINEAR), solved by coordinate descent whatever ``solver``.
    dual : "auto" or bool, default="auto"
        LIBLINEAR's choice of the dual or the primal problem. Both have the same solution
        and the solvers here work on the primal, so it only selects, as scikit-learn, which
        combinations are accepted (``penalty="l1"`` needs ``dual=False``, the hinge
        ``dual=True``).
    fit_intercept : bool, default=True
    intercept_scaling : float, default=1.0
        Value ``s`` of the constant feature: a larger ``s`` penalises the intercept less.
    multi_class : {"ovr", "crammer_singer"}, default="ovr"
        One-vs-rest binary problems, or Crammer and Singer's joint multiclass SVM.
    class_weight : dict or "balanced", default=None
        Multiplies ``C`` per class (LIBLINEAR's convention: in one-vs-rest with more than
        two classes, only the positive class of each problem is re-weighted).
    solver : {"lbfgs", "subgradient", "pegasos"}, default="lbfgs"
    max_iter : int, default=1000
        L-BFGS iterations per smoothing stage, sub-gradient steps, or Pegasos epochs.
    tol : float, default=1e-4
        L-BFGS stops when the largest gradient entry falls below ``tol`` times its value at
        the start; ignored by the sub-gradient solvers (they run ``max_iter`` steps).
    batch_size : int, default=32
        Mini-batch size of Pegasos.
    random_state : int, RandomState instance or None, default=None
        Seeds Pegasos' mini-batches.
    verbose : int, default=0
        Kept for scikit-learn's signature (the solvers print nothing).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : ndarray of int
        Iterations of each binary problem (one entry for Crammer-Singer).
    objective_curve_ : list of ndarray
        Primal objective along the iterations of each problem (the last smoothing stage
        for "lbfgs", every step for "subgradient", every epoch for "pegasos").
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.svm import LinearSVC
    >>> X = np.array([[-2.0, 0.0], [-1.0, 0.5], [1.0, 0.5], [2.0, 0.0]])
    >>> clf = LinearSVC(C=10.0).fit(X, [0, 0, 1, 1])
    >>> clf.predict([[-3.0, 1.0], [3.0, -1.0]])
    array([0, 1])
    """

    _parameter_constraints = {
        "C": [Interval(Real, 0.0, None, closed="neither")],
        "loss": [StrOptions({"hinge", "squared_hinge"})],
        "penalty": [StrOptions({"l1", "l2"})],
        "dual": ["boolean", StrOptions({"auto"})],
        "verbose": [Interval(Integral, 0, None, closed="left"), "boolean"],
        "fit_intercept": ["boolean"],
        "intercept_scaling": [Interval(Real, 0, None, closed="neither")],
        "multi_class": [StrOptions({"ovr", "crammer_singer"})],
        "class_weight": [StrOptions({"balanced"}), dict, None],
        "solver": [StrOptions({"lbfgs", "subgradient", "pegasos"})],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0.0, None, closed="neither")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        C: float = 1.0,
        *,
        loss: str = "squared_hinge",
        fit_intercept: bool = True,
        intercept_scaling: float = 1.0,
        multi_class: str = "ovr",
        class_weight: dict | str | None = None,
        solver: str = "lbfgs",
        max_iter: int = 1000,
        tol: float = 1e-4,
        batch_size: int = 32,
        random_state: Any = None,
        penalty: str = "l2",
        dual: bool | str = "auto",
        verbose: int = 0,
    ) -> None:
        self.C = C
        self.loss = loss
        self.penalty = penalty
        self.dual = dual
        self.verbose = verbose
        self.fit_intercept = fit_intercept
        self.intercept_scaling = intercept_scaling
        self.multi_class = multi_class
        self.class_weight = class_weight
        self.solver = solver
        self.max_iter = max_iter
        self.tol = tol
        self.batch_size = batch_size
        self.random_state = random_state

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> LinearSVC:
        """Minimise the primal objective on ``X``, ``y``.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Multiplies ``C`` per sample.

        Returns
        -------
        self : LinearSVC
        """
        self._validate_params()
        self._check_combination()
        X, y = validate_float64(self, X, y, reset=True, accept_sparse="csr")
        check_no_overflow(X.data if issparse(X) else X, estimator=self)
        self.classes_, y_idx = encode_two_or_more_classes(y)
        n_classes = len(self.classes_)
        sw = check_sample_weight(sample_weight, X)
        cw = class_weights(self.class_weight, self.classes_, y_idx, sw)
        scaling = float(self.intercept_scaling) if self.fit_intercept else 0.0
        solver = PrimalSolver("l1" if self.penalty == "l1" else self.solver, tol=self.tol,
                              max_iter=self.max_iter,
                              batch_size=self.batch_size,
                              rng=check_random_state(self.random_state))
        d = X.shape[1]

        if self.multi_class == "crammer_singer":
            problem = _CrammerSingerProblem(X, y_idx, n_classes, self.C * cw[y_idx] * sw, scaling)
            theta, n_iter = solver.solve(problem, n_classes * (d + 1), "hinge")
            W, b_prime = problem.unpack(theta)
            self.coef_, self.intercept_ = W.copy(), scaling * b_prime
            if n_classes == 2:  # as scikit-learn: one row, the score of classes_[1]
                self.coef_ = (W[1] - W[0])[None, :]
                self.intercept_ = self.intercept_[1:] - self.intercept_[:1]
            self.n_iter_ = np.array([n_iter], dtype=np.int32)
        else:
            binary = n_classes == 2
            targets = [1] if binary else range(n_classes)
            coef, intercept, n_iters = [], [], []
            for k in targets:
                positive = y_idx == k
                y_pm = np.where(positive, 1.0, -1.0)
                if binary:  # LIBLINEAR: each class weighs its own samples
                    C_i = self.C * cw[y_idx] * sw
                else:  # one-vs-rest: only the positive class is re-weighted
                    C_i = self.C * np.where(positive, cw[k], 1.0) * sw
                problem = _BinaryProblem(X, y_pm, C_i, scaling)
                theta, n_iter = solver.solve(problem, d + 1, self.loss)
                coef.append(theta[:d])
                intercept.append(scaling * theta[d])
                n_iters.append(n_iter)
            self.coef_ = np.vstack(coef)
            self.intercept_ = np.asarray(intercept)
            self.n_iter_ = np.asarray(n_iters, dtype=np.int32)
        if not self.fit_intercept:
            self.intercept_ = np.zeros(self.coef_.shape[0])
        self.objective_curve_ = solver.curves
        if solver.stopped_early:
            warnings.warn(ConvergenceWarning(
                f"{'Coordinate descent' if self.penalty == 'l1' else 'L-BFGS'} did not reach "
                f"tol={self.tol} within max_iter={self.max_iter} "
                "iterations; increase max_iter or standardise the features."), stacklevel=2)
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def _check_combination(self) -> None:
        """Refuse the (penalty, loss, dual) triples LIBLINEAR has no solver for, with
        scikit-learn's message (Crammer-Singer ignores penalty and loss)."""
        if self.multi_class == "crammer_singer":
            return
        problem = None
        if self.penalty == "l1" and self.loss == "hinge":
            problem = "The combination of penalty='l1' and loss='hinge' is not supported"
        elif (self.penalty == "l1" and self.dual is True) or (
                self.loss == "hinge" and self.dual is False):
            problem = (f"The combination of penalty='{self.penalty}' and loss='{self.loss}' "
                       f"are not supported when dual={self.dual}")
        if problem:
            raise ValueError(
                f"Unsupported set of arguments: {problem}, Parameters: "
                f"penalty={self.penalty!r}, loss={self.loss!r}, dual={self.dual!r}"
            )

    def decision_function(self, X: Any) -> np.ndarray:
        """Scores ``X @ coef_.T + intercept_``: shape (n_samples,) for two classes (the
        score of ``classes_[1]``), (n_samples, n_classes) otherwise.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)

        Returns
        -------
        ndarray
        """
        check_is_fitted(self)
        X = validate_float64(self, X, reset=False, accept_sparse="csr")
        scores = safe_sparse_dot(X, self.coef_.T) + self.intercept_
        return scores[:, 0] if scores.shape[1] == 1 else scores


class PrimalSolver:
    """The primal solvers of :class:`LinearSVC` and :class:`RankSVM` (see the module notes).

    Collects the objective curve of every problem it solves in ``curves`` and sets
    ``stopped_early`` when L-BFGS hits ``max_iter``.
    """

    def __init__(self, solver: str, *, tol: float, max_iter: int, batch_size: int,
                 rng: np.random.RandomState) -> None:
        self.solver, self.tol, self.max_iter = solver, tol, max_iter
        self.batch_size, self.rng = batch_size, rng
        self.curves: list[np.ndarray] = []
        self.stopped_early = False

    def solve(self, problem, n_params: int, loss: str) -> tuple[np.ndarray, int]:
        """Minimise ``problem``'s objective from zero; returns ``(theta, n_iter)``."""
        theta0 = np.zeros(n_params)
        # Thousands of small BLAS calls: one thread avoids stalls on a busy machine.
        with single_threaded_blas():
            if self.solver == "subgradient":
                return self._subgradient(problem, theta0, loss)
            if self.solver == "pegasos":
                return self._pegasos(problem, theta0, loss)
            if self.solver == "l1":
                return self._coordinate_descent(problem, theta0)
            return self._lbfgs(problem, theta0, loss)

    def _coordinate_descent(self, problem, theta: np.ndarray) -> tuple[np.ndarray, int]:
        """LIBLINEAR's coordinate descent for ``||theta||_1 + sum_i C_i max(0, 1 - z_i)^2``
        (see :func:`_l1_squared_hinge_cd`), on the columns of ``[X, s]`` in CSC form."""
        X, n = problem.X, problem.X.shape[0]
        if issparse(X):
            csc = X.tocsc()
            data, indices, indptr = csc.data, csc.indices, csc.indptr
        else:  # a dense column is a CSC column storing every row
            data = np.asarray(X, dtype=np.float64).ravel(order="F")
            indices = np.tile(np.arange(n), X.shape[1])
            indptr = np.arange(0, n * X.shape[1] + 1, n)
        # The intercept column s (stored even when s = 0: its weight then stays 0).
        data = np.concatenate([data, np.full(n, problem.s)])
        indices = np.concatenate([indices, np.arange(n)]).astype(np.int64)
        indptr = np.concatenate([indptr, [indptr[-1] + n]]).astype(np.int64)
        slack = 1.0 - problem.margins(theta)
        n_iter, converged, curve = _l1_squared_hinge_cd(
            np.ascontiguousarray(data, dtype=np.float64), indices, indptr, problem.y,
            problem.C, theta, slack, self.tol, self.max_iter)
        if not converged:
            self.stopped_early = True
        self.curves.append(curve[:n_iter])
        return theta, n_iter

    def _lbfgs(self, problem, theta: np.ndarray, loss: str) -> tuple[np.ndarray, int]:
        if isinstance(problem, _BinaryProblem) and loss == "squared_hinge":
            res = self._run_lbfgs(problem.squared_hinge, theta, None)
            self._note_convergence(res)
            self.curves.append(np.asarray(res.history))
            return res.x, res.n_iter
        # Hinge or Crammer-Singer: minimise the soft-max smoothing for tau = 1, 0.1, ...
        # (warm starts) until the smoothing error sum_i C_i tau log K is negligible.
        if isinstance(problem, _CrammerSingerProblem):
            smoothed, log_k = problem.smoothed, np.log(problem.K)
        else:
            smoothed, log_k = problem.smoothed_hinge, np.log(2.0)
        scale = log_k * float(problem.C.sum())
        tau, n_iter, gtol, tau_final = 1.0, 0, None, None
        while True:
            res = self._run_lbfgs(lambda t, tau=tau: smoothed(t, tau), theta, gtol)
            theta, n_iter, gtol = res.x, n_iter + res.n_iter, res.gtol
            if tau_final is None:  # f_tau >= f, so this over-estimates the accuracy needed
                tau_final = _SMOOTHING_ACCURACY * res.fun / scale
            if tau <= tau_final:
                break
            tau = max(tau / 10, tau_final)
        self._note_convergence(res)  # intermediate stages only provide warm starts
        self.curves.append(np.asarray(res.history))
        return theta, n_iter

    def _run_lbfgs(self, fun, theta: np.ndarray, gtol: float | None):
        """L-BFGS on ``fun``; ``gtol=None`` sets it to ``tol`` times the first gradient."""
        if gtol is None:
            gtol = self.tol * max(float(np.max(np.abs(fun(theta)[1]))), 1e-12)
        res = minimize(fun, theta, method="lbfgs", tol=gtol, max_iter=self.max_iter)
        res.gtol = gtol
        return res

    def _note_convergence(self, res) -> None:
        if not res.converged and res.n_iter >= self.max_iter:
            self.stopped_early = True

    def _subgradient(self, problem, theta: np.ndarray, loss: str) -> tuple[np.ndarray, int]:
        # Full-batch projected sub-gradient descent: Pegasos with the whole data as the batch.
        all_rows = np.arange(problem.X.shape[0])
        return self._projected_steps(problem, theta, loss, lambda: [all_rows], per_step=True)

    def _pegasos(self, problem, theta: np.ndarray, loss: str) -> tuple[np.ndarray, int]:
        n = problem.X.shape[0]
        batch = min(self.batch_size, n)

        def epoch_batches():
            order = self.rng.permutation(n)
            return [order[start:start + batch] for start in range(0, n, batch)]

        return self._projected_steps(problem, theta, loss, epoch_batches, per_step=False)

    def _projected_steps(self, problem, theta, loss, batches, *, per_step: bool):
        """Steps ``eta_t = 1 / t`` on (mini-batch) sub-gradients, projected on the ball
        ``||theta|| <= sqrt(2 sum_i C_i)`` (``1/2 ||theta*||^2 <= f(theta*) <= f(0)``).

        The objective is 1-strongly convex, so ``1 / t`` is the classical decreasing step;
        the projection keeps the first, large steps from throwing the iterate far away.
        A sub-gradient step may increase the objective: the best evaluated iterate is
        returned. ``max_iter`` counts steps (full batch) or epochs (mini-batches).
        """
        radius = np.sqrt(2.0 * float(problem.C.sum()))
        best_value, best_theta = problem.subgradient_objective(theta, loss)[0], theta
        curve = []
        t = 0
        for _ in range(self.max_iter):
            for rows in batches():
                t += 1
                grad = problem.minibatch_subgradient(theta, rows, loss)
                theta = theta - grad / t
                norm = float(np.sqrt(theta @ theta))
                if norm > radius:
                    theta *= radius / norm
                if per_step:
                    value = problem.subgradient_objective(theta, loss)[0]
                    curve.append(value)
            if not per_step:
                value = problem.subgradient_objective(theta, loss)[0]
                curve.append(value)
            if value < best_value:
                best_value, best_theta = value, theta
        self.curves.append(np.asarray(curve))
        return best_theta, self.max_iter


@numba.njit(cache=True)
def _l1_squared_hinge_cd(data, indices, indptr, y, C, theta, slack, tol, max_iter):
    """Cyclic coordinate descent on ``||theta||_1 + sum_i C_i max(0, b_i)^2``, with the
    slacks ``b = 1 - y * (X theta)`` kept up to date (LIBLINEAR's ``solve_l1r_l2_svc``
    without its shrinking). For coordinate ``j`` (column ``x_j``)::

        g = -2 sum_{b_i > 0} C_i y_i x_ij b_i          (derivative of the loss)
        h =  2 sum_{b_i > 0} C_i x_ij^2                (its generalised second derivative)
        d = argmin_d  g d + h d^2 / 2 + |theta_j + d|   (Newton step, the kink exactly)
          = -(g + 1) / h  if g + 1 <= h theta_j,  -(g - 1) / h  if g - 1 >= h theta_j,
            -theta_j      otherwise
        step 1, 1/2, 1/4 ... until the objective decreases by 1% of the predicted decrease

    Stops when the summed violation of the optimality conditions (``|g + sign theta_j|``,
    or ``max(|g| - 1, 0)`` at zero) is below ``tol`` times its value at the start.
    Updates ``theta`` and ``slack`` in place; returns ``(n_iter, converged, objective
    after each sweep)``.
    """
    n_coords = indptr.shape[0] - 1
    curve = np.empty(max_iter)
    first = -1.0
    for sweep in range(max_iter):
        violation = 0.0
        for j in range(n_coords):
            g, h = 0.0, 1e-12
            for p in range(indptr[j], indptr[j + 1]):
                i = indices[p]
                if slack[i] > 0.0:
                    g -= 2.0 * C[i] * y[i] * data[p] * slack[i]
                    h += 2.0 * C[i] * data[p] * data[p]
            w = theta[j]
            if w > 0.0:
                violation += abs(g + 1.0)
            elif w < 0.0:
                violation += abs(g - 1.0)
            else:
                violation += max(abs(g) - 1.0, 0.0)
            if g + 1.0 <= h * w:
                d = -(g + 1.0) / h
            elif g - 1.0 >= h * w:
                d = -(g - 1.0) / h
            else:
                d = -w
            if d == 0.0:
                continue
            predicted = g * d + abs(w + d) - abs(w)
            step = 1.0
            for _ in range(30):  # backtracking line search
                change = abs(w + step * d) - abs(w)
                for p in range(indptr[j], indptr[j + 1]):
                    i = indices[p]
                    b_new = slack[i] - step * d * y[i] * data[p]
                    change += C[i] * (max(b_new, 0.0) ** 2 - max(slack[i], 0.0) ** 2)
                if change <= 0.01 * step * predicted:
                    break
                step *= 0.5
            theta[j] = w + step * d
            for p in range(indptr[j], indptr[j + 1]):
                slack[indices[p]] -= step * d * y[indices[p]] * data[p]
        objective = np.sum(np.abs(theta))
        for i in range(slack.shape[0]):
            if slack[i] > 0.0:
                objective += C[i] * slack[i] * slack[i]
        curve[sweep] = objective
        if first < 0.0:
            first = max(violation, 1e-12)
        if violation <= tol * first:
            return sweep + 1, True, curve
    return max_iter, False, curve
