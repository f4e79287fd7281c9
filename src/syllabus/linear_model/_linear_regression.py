"""Ordinary least squares: the normal equation and its gradient-descent solvers."""

from __future__ import annotations

from collections.abc import Callable
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import RegressorMixin
from ..utils import Interval, StrOptions
from ..utils._linalg import lstsq
from ..utils._sparse import issparse, safe_sparse_dot
from ._base import (
    LinearModel,
    MultiOutputMixin,
    optional_sample_weight,
    preprocess_data,
    rescale_by_weights,
    validate_regression_data,
)
from ._coordinate_descent import enet_coordinate_descent
from ._design import Design, FloatSparsePredictMixin, validate_float_data, weighted_offsets
from ._iterative import lsqr
from ._loss import SquaredLoss
from ._stochastic import solve

__all__ = ["LinearRegression", "least_squares"]

# Largest condition number of X^T X for which the normal equation is solved as such: the
# error of that route grows like cond(X^T X) * eps, so beyond ~1e8 (errors ~1e-8) the
# least-squares problem is solved by SVD on X itself, whose error grows like cond(X) * eps.
_MAX_GRAM_CONDITION = 1e8
# Above this many features the eigendecomposition that checks conditioning costs more than
# it saves; such problems go straight to the SVD.
_MAX_GRAM_FEATURES = 1000


def _solve_design(design: Design, Y: np.ndarray, *, positive: bool, tol: float) -> np.ndarray:
    """Least squares on a :class:`~._design.Design` (sparse, or ``positive``): returns
    coefficients of shape (n_targets, n_features)."""
    n, d = design.shape
    if positive:  # non-negative least squares: coordinate descent under w >= 0
        X = design if design.sparse else design.dense()
        Yw = design._scale(Y)
        return np.stack([enet_coordinate_descent(np.zeros(d), 0.0, 0.0, X, Yw[:, t],
                                                 max_iter=100_000, tol=1e-12, positive=True)[0]
                         for t in range(Y.shape[1])])
    Yw = design._scale(Y)
    if d <= _MAX_GRAM_FEATURES and n >= d:  # the normal equation, from one sparse product
        gram = design.gram().astype(np.float64)
        eigvals, eigvecs = np.linalg.eigh(gram)
        if eigvals[-1] > 0 and eigvals[0] > eigvals[-1] / _MAX_GRAM_CONDITION:
            rhs = eigvecs.T @ design.rmatvec(Yw)
            return (eigvecs @ (rhs / eigvals[:, None])).T
    return np.stack([lsqr(design.matvec, design.rmatvec, Yw[:, t], d, atol=tol, btol=tol,
                          max_iter=max(10 * d, 1000))[0] for t in range(Y.shape[1])])


def least_squares(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Minimum-norm solution of ``min ||A theta - B||^2``, through the normal equation when safe.

    The normal equation ``A^T A theta = A^T B`` is solved with the eigendecomposition of the
    Gram matrix (one symmetric ``d x d`` decomposition after a single ``n d^2`` product, far
    cheaper than an SVD of ``A`` when ``n >> d``), never with an explicit inverse. When ``A^T A``
    is ill-conditioned or singular (collinear or too few samples), the SVD-based least-squares
    solver takes over and returns the minimum-norm solution, as scikit-learn does.

    Parameters
    ----------
    A : ndarray of shape (n_samples, n_features)
    B : ndarray of shape (n_samples,) or (n_samples, n_targets)

    Returns
    -------
    ndarray of shape (n_features,) or (n_features, n_targets)
    """
    n, d = A.shape
    if n >= d and d <= _MAX_GRAM_FEATURES:
        with np.errstate(over="ignore", invalid="ignore"):  # squares of huge values: use SVD
            gram = A.T @ A
        finite = np.isfinite(gram).all()
        eigvals, eigvecs = np.linalg.eigh(gram) if finite else (None, None)
        if finite and eigvals[-1] > 0 and eigvals[0] > eigvals[-1] / _MAX_GRAM_CONDITION:
            rhs = eigvecs.T @ (A.T @ B)
            rhs /= eigvals if rhs.ndim == 1 else eigvals[:, None]
            return eigvecs @ rhs
    return lstsq(A, B)


class LinearRegression(FloatSparsePredictMixin, MultiOutputMixin, RegressorMixin, LinearModel):
    """Ordinary least squares: minimise the mean squared error ``(1/n) ||y - X theta - b||^2``.

    Parameters
    ----------
    fit_intercept : bool, default=True
        Fit the bias ``b`` (done by centring ``X`` and ``y``, so it is never penalised).
    solver : {"normal", "gd", "sgd", "minibatch"}, default="normal"
        - "normal": the normal equation ``X^T X theta = X^T y`` (see :func:`least_squares`);
          a rank-deficient ``X`` gets the minimum-norm least-squares solution.
        - "gd": batch gradient descent on the MSE, one step per epoch.
        - "sgd": stochastic gradient descent, one sample per step.
        - "minibatch": gradient descent on shuffled mini-batches of ``batch_size`` samples.
    learning_rate : float or callable, default=0.01
        Step size of the gradient solvers: a constant, or a schedule ``epoch -> step``
        (e.g. ``lambda t: 0.1 / (1 + t)``; SGD with a constant step only reaches a noisy
        neighbourhood of the solution, a decaying one converges to it).
    max_iter : int, default=1000
        Maximum number of epochs of the gradient solvers.
    batch_size : int, default=32
        Mini-batch size of ``solver="minibatch"``.
    tol : float, default=1e-6
        "gd" stops when the largest component of the gradient of the MSE is below ``tol``;
        "sgd" and "minibatch" when 5 consecutive epochs each lower the training MSE by
        less than ``tol``.
    random_state : int, RandomState instance or None, default=None
        Seeds the shuffling of "sgd" and "minibatch".
    positive : bool, default=False
        Constrain the coefficients to be non-negative (non-negative least squares, solved
        by coordinate descent with ``w >= 0``; "normal" solver only).
    copy_X : bool, default=True
        ``False`` lets the "normal" solver centre (and weight) a dense float64 ``X`` in
        place instead of on a copy (``X`` is then modified).
    n_jobs : int, default=None
        Unused (scikit-learn compatibility).

    A sparse ``X`` ("normal" solver) is never densified: the normal equation is formed
    from one sparse product with the centring applied to the small Gram matrix, and
    ill-conditioned problems go to LSQR on the implicitly centred matrix.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Estimated coefficients ``theta``.
    intercept_ : float or ndarray of shape (n_targets,)
        Estimated bias ``b`` (0.0 when ``fit_intercept=False``).
    n_iter_ : int
        Epochs run by the gradient solvers (1 for "normal").
    loss_curve_ : list of float
        Training MSE after each epoch of the gradient solvers (one value for "normal").
    n_features_in_ : int
        Number of features seen during fit.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import LinearRegression
    >>> X, y = np.array([[1.0], [2.0], [3.0]]), np.array([1.0, 4.0, 5.0])
    >>> reg = LinearRegression().fit(X, y)
    >>> round(float(reg.intercept_), 6), reg.coef_.round(6)
    (-0.666667, array([2.]))
    """

    _parameter_constraints = {
        "fit_intercept": ["boolean"],
        "solver": [StrOptions({"normal", "gd", "sgd", "minibatch"})],
        "learning_rate": [Interval(Real, 0, None, closed="neither"), "callable"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
        "positive": ["boolean"],
        "copy_X": ["boolean"],
        "n_jobs": [None, Integral],
    }

    def __init__(
        self,
        *,
        fit_intercept: bool = True,
        solver: str = "normal",
        learning_rate: float | Callable[[int], float] = 0.01,
        max_iter: int = 1000,
        batch_size: int = 32,
        tol: float = 1e-6,
        random_state: Any = None,
        positive: bool = False,
        copy_X: bool = True,
        n_jobs: int | None = None,
    ) -> None:
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.batch_size = batch_size
        self.tol = tol
        self.random_state = random_state
        self.positive = positive
        self.copy_X = copy_X
        self.n_jobs = n_jobs

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> LinearRegression:
        """Fit the linear model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sample in the squared error.

        Returns
        -------
        self : LinearRegression
        """
        self._validate_params()
        if self.solver == "normal":
            # The normal solver falls back to an SVD when X^T X overflows: any finite X works.
            X, y = validate_float_data(self, X, y, check_overflow=False)
            dtype = X.dtype
            sw = optional_sample_weight(sample_weight, X)
            Y = y[:, None] if y.ndim == 1 else y
            X_offset, y_offset = weighted_offsets(X, Y, sw, self.fit_intercept)
            in_place = (not self.copy_X and not issparse(X) and X.dtype == np.float64
                        and X.flags.writeable)
            if self.positive or issparse(X):
                design = Design(X, X_offset.astype(np.float64),
                                None if sw is None else np.sqrt(sw))
                coef = _solve_design(design, (Y - y_offset).astype(np.float64),
                                     positive=self.positive, tol=self.tol)
            else:
                if in_place:
                    Xc, Yc = X, Y - y_offset  # copy_X=False: X centred (and scaled) in place
                    Xc -= X_offset
                else:
                    Xc, Yc, _, _ = preprocess_data(X.astype(np.float64), Y.astype(np.float64),
                                                   fit_intercept=self.fit_intercept,
                                                   sample_weight=sw)
                if sw is not None:
                    Xc, Yc, _ = rescale_by_weights(Xc, Yc, sw)
                coef = least_squares(Xc, Yc).T
            coef = coef.astype(dtype)
            self.coef_ = coef[0] if y.ndim == 1 else coef
            intercept = (y_offset - coef @ X_offset).astype(dtype)
            if not self.fit_intercept:
                self.intercept_ = 0.0
            else:
                self.intercept_ = intercept[0] if y.ndim == 1 else intercept
            self.n_iter_ = 1
            if in_place and not self.positive:  # X is gone: the residual of the scaled problem
                residual = Yc - Xc @ coef.T
                mse = float((residual**2).mean(axis=1).sum() / (len(Yc) if sw is None else sw.sum()))
            else:
                residual = (Y - self._raw_predict(X).reshape(Y.shape)) ** 2
                mse = float(np.average(residual.mean(axis=1), weights=sw))
            self.loss_curve_ = [mse]
            return self
        if self.positive:
            raise ValueError(f"positive=True needs solver='normal', got {self.solver!r}.")
        X, y = validate_regression_data(self, X, y)
        sw = optional_sample_weight(sample_weight, X)
        return self._fit_gradient(X, y, sw)

    def _raw_predict(self, X: Any) -> np.ndarray:
        return safe_sparse_dot(X, self.coef_.T) + self.intercept_

    def _fit_gradient(self, X: np.ndarray, y: np.ndarray, sw: np.ndarray | None) -> LinearRegression:
        loss = SquaredLoss(X, y, sample_weight=sw, fit_intercept=self.fit_intercept)
        res = solve(loss.loss_grad, np.zeros(loss.k * loss.width), X.shape[0],
                    solver="gd" if self.solver == "gd" else "sgd",
                    learning_rate=self.learning_rate, max_iter=self.max_iter, tol=self.tol,
                    batch_size=1 if self.solver == "sgd" else self.batch_size,
                    random_state=self.random_state)
        w, n_iter, curve = res.x, res.n_iter, res.loss_curve
        coef, intercept = loss.unpack(w)
        self.coef_ = coef[0].copy() if y.ndim == 1 else coef.copy()
        if self.fit_intercept:
            self.intercept_ = float(intercept[0]) if y.ndim == 1 else intercept.copy()
        else:
            self.intercept_ = 0.0
        self.n_iter_ = n_iter
        self.loss_curve_ = [float(v / loss.k) for v in curve]  # MSE averaged over targets
        return self
