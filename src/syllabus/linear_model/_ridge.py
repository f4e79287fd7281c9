"""Ridge regression in closed form, and its regularisation path."""

from __future__ import annotations

import warnings
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import RegressorMixin
from ..utils import (
    Interval,
    StrOptions,
    check_array,
    check_consistent_length,
    check_random_state,
    check_sample_weight,
    check_X_y,
)
from ..utils._linalg import solve_regularized_gram
from ..utils._sparse import issparse
from ._base import ConvergenceWarning, LinearModel, MultiOutputMixin, preprocess_data
from ._coordinate_descent import positive_ridge
from ._design import (
    FLOAT_DTYPES,
    Design,
    FloatSparsePredictMixin,
    validate_float_data,
    weighted_offsets,
)
from ._iterative import conjugate_gradient, lsqr
from ._sag import solve_sag

__all__ = ["Ridge", "ridge_path", "ridge_regression"]


_SOLVERS = ("auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs")


def _resolve_solver(solver: str, *, positive: bool, return_intercept: bool, sparse: bool) -> str:
    """scikit-learn's choice for ``solver="auto"`` and its refusals of impossible combinations."""
    if solver == "auto":
        solver = ("lbfgs" if positive else "sag" if return_intercept
                  else "sparse_cg" if sparse else "cholesky")
    if positive and solver != "lbfgs":
        raise ValueError(
            f"When positive=True, only 'lbfgs' solver can be used. Please change solver "
            f"{solver} to 'lbfgs' or set positive=False.")
    if solver == "lbfgs" and not positive:
        raise ValueError("'lbfgs' solver can be used only when positive=True. "
                         "Please use another solver.")
    if return_intercept and solver != "sag":
        raise ValueError("In Ridge, only 'sag' solver can directly fit the intercept. Please "
                         "change solver to 'sag' or set return_intercept=False.")
    if solver == "svd" and sparse:
        raise TypeError("SVD solver does not support sparse inputs currently")
    return solver


def _solve(design: Design, y: np.ndarray, alphas: np.ndarray, solver: str, *, tol: float,
           max_iter: int | None, seed: int) -> tuple[np.ndarray, np.ndarray | None]:
    """Coefficients ``(n_targets, n_features)`` of ``min ||y - A w||^2 + alpha ||w||^2`` for
    the centred, weighted design ``A`` (``y`` centred, not yet weighted), and the iterations
    of the iterative solvers (None for the direct ones)."""
    n, d = design.shape
    k = y.shape[1]
    yw = design._scale(y).astype(np.float64)  # weighted rows: the plain least-squares target
    coef = np.empty((k, d))
    n_iter = np.zeros(k, dtype=np.int32)
    same_alpha = bool(np.all(alphas == alphas[0]))
    if solver == "cholesky":
        if d <= n or design.sparse and d <= 2 * n:  # primal: (A^T A + alpha I) w = A^T y
            G, rhs = design.gram().astype(np.float64), design.rmatvec(yw)
            if same_alpha:
                return solve_regularized_gram(G, rhs, float(alphas[0])).T, None
            return np.stack([solve_regularized_gram(G, rhs[:, t], a) for t, a in enumerate(alphas)]), None
        K = design.kernel().astype(np.float64)  # dual: (A A^T + alpha I) a = y, w = A^T a
        dual = (solve_regularized_gram(K, yw, float(alphas[0])) if same_alpha else
                np.column_stack([solve_regularized_gram(K, yw[:, t], a) for t, a in enumerate(alphas)]))
        return np.asarray(design.rmatvec(dual)).T, None
    if solver == "svd":
        U, s, Vt = np.linalg.svd(design.dense().astype(np.float64), full_matrices=False)
        keep = s > 1e-15
        U, s, Vt = U[:, keep], s[keep], Vt[keep]
        shrink = s[:, None] / (s[:, None] ** 2 + alphas[None, :])  # (rank, k)
        return (Vt.T @ (shrink * (U.T @ yw))).T, None
    for t in range(k):
        a = float(alphas[t])
        if solver == "lsqr":  # damp^2 = alpha; scipy's defaults for the tolerances
            coef[t], n_iter[t] = lsqr(lambda v: design.matvec(v), lambda u: design.rmatvec(u),
                                      yw[:, t], d, damp=np.sqrt(a), atol=tol, btol=tol,
                                      max_iter=max_iter)
        elif solver == "sparse_cg":
            limit = max_iter if max_iter is not None else 10 * min(n, d)
            if d > n:  # the smaller system: (A A^T + alpha I) c = y, w = A^T c
                c, n_iter[t], ok = conjugate_gradient(
                    lambda v, a=a: design.matvec(design.rmatvec(v)) + a * v, yw[:, t],
                    tol=tol, max_iter=limit)
                coef[t] = design.rmatvec(c)
            else:
                coef[t], n_iter[t], ok = conjugate_gradient(
                    lambda v, a=a: design.rmatvec(design.matvec(v)) + a * v,
                    design.rmatvec(yw[:, t]), tol=tol, max_iter=limit)
            if not ok:
                warnings.warn(f"sparse_cg did not converge after {n_iter[t]} iterations.",
                              ConvergenceWarning, stacklevel=3)
        elif solver in ("sag", "saga"):
            coef[t], n_iter[t], ok = solve_sag(design, y[:, t], a, saga=solver == "saga", tol=tol,
                                               max_iter=1000 if max_iter is None else max_iter,
                                               seed=seed)
            if not ok:
                warnings.warn("The max_iter was reached which means the coef_ did not converge",
                              ConvergenceWarning, stacklevel=3)
        else:  # "lbfgs" = the positive problem: coordinate descent with w >= 0
            coef[t], n_iter[t] = positive_ridge(design, yw[:, t], a, tol=tol,
                                                max_iter=15000 if max_iter is None else max_iter)
    return coef, n_iter


def _fit_ridge(X: Any, y: np.ndarray, alpha: Any, *, sample_weight: Any, fit_intercept: bool,
               solver: str, tol: float, max_iter: int | None, positive: bool, random_state: Any,
               return_intercept: bool = False):
    """Shared by :class:`Ridge` and :func:`ridge_regression` on validated ``X`` and ``y``.

    Returns ``(coef (n_targets, n_features), intercept, n_iter, solver)``."""
    alphas = np.atleast_1d(np.asarray(alpha, dtype=np.float64)).ravel()
    Y = y[:, None] if y.ndim == 1 else y
    if alphas.size not in (1, Y.shape[1]):
        raise ValueError(
            f"Number of targets and number of penalties do not correspond: {alphas.size} != "
            f"{Y.shape[1]}")
    alphas = np.broadcast_to(alphas, (Y.shape[1],))
    solver = _resolve_solver(solver, positive=positive, return_intercept=return_intercept,
                             sparse=issparse(X))
    sw = None if sample_weight is None else check_sample_weight(sample_weight, X)
    X_offset, y_offset = weighted_offsets(X, Y, sw, fit_intercept or return_intercept)
    design = Design(X, X_offset, None if sw is None else np.sqrt(sw).astype(X.dtype))
    seed = int(check_random_state(random_state).randint(np.iinfo(np.int32).max))
    coef, n_iter = _solve(design, (Y - y_offset).astype(np.float64, copy=False), alphas, solver,
                          tol=tol, max_iter=max_iter, seed=seed)
    coef = coef.astype(X.dtype, copy=False)
    intercept = (y_offset - coef @ X_offset).astype(X.dtype, copy=False)
    return coef, intercept, n_iter, solver


def ridge_regression(X: Any, y: Any, alpha: float | np.ndarray, *, sample_weight: Any = None,
                     solver: str = "auto", max_iter: int | None = None, tol: float = 1e-4,
                     verbose: int = 0, positive: bool = False, random_state: Any = None,
                     return_n_iter: bool = False, return_intercept: bool = False,
                     check_input: bool = True) -> Any:
    """Coefficients minimising ``||y - X w||^2 + alpha ||w||^2`` (no intercept), any solver.

    The direct solvers solve ``(X^T X + alpha I) w = X^T y`` by Cholesky ("cholesky"; with
    more features than samples the dual ``(X X^T + alpha I) a = y``, ``w = X^T a``) or
    through the SVD of ``X`` ("svd"); the iterative ones are conjugate gradient
    ("sparse_cg"), LSQR ("lsqr"), SAG / SAGA ("sag", "saga"), and, for ``positive=True``,
    coordinate descent under ``w >= 0`` (named "lbfgs" as scikit-learn's positive solver).
    The iterative ones never densify a sparse ``X``.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,) or (n_samples, n_targets)
    alpha : float or ndarray of shape (n_targets,)
        One penalty for all targets, or one per target.
    sample_weight : float or ndarray of shape (n_samples,), default=None
    solver : {"auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs"}
    max_iter : int, default=None
        Iteration limit of the iterative solvers (None: each solver's default).
    tol : float, default=1e-4
        Stopping tolerance of the iterative solvers.
    verbose : int, default=0
        Unused (scikit-learn compatibility).
    positive : bool, default=False
        Constrain the coefficients to be non-negative.
    random_state : int, RandomState instance or None
        Sample order of "sag" and "saga".
    return_n_iter : bool, default=False
    return_intercept : bool, default=False
        Also fit and return an unpenalised intercept (only with "sag").
    check_input : bool, default=True
        Validate ``X`` and ``y``.

    Returns
    -------
    coef : ndarray of shape (n_features,) or (n_targets, n_features)
    n_iter : ndarray or None, only if ``return_n_iter``
    intercept : float or ndarray, only if ``return_intercept``

    Examples
    --------
    >>> import numpy as np
    >>> X, y = np.array([[1.0], [2.0]]), np.array([1.0, 2.0])
    >>> ridge_regression(X, y, 1.0)
    array([0.83333333])
    """
    if check_input:
        X = check_array(X, accept_sparse=["csr", "csc", "coo"], dtype=list(FLOAT_DTYPES),
                        input_name="X")
        y = check_array(y, ensure_2d=False, dtype=X.dtype, input_name="y")
    if y.ndim > 2:
        raise ValueError(f"Target y has the wrong shape {y.shape}")
    check_consistent_length(X, y)
    coef, intercept, n_iter, _ = _fit_ridge(
        X, np.asarray(y, dtype=X.dtype), alpha, sample_weight=sample_weight, fit_intercept=False,
        solver=solver, tol=tol, max_iter=max_iter, positive=positive, random_state=random_state,
        return_intercept=return_intercept)
    if coef.shape[0] == 1:
        coef, intercept = coef[0], intercept[0]
    out = (coef,)
    if return_n_iter:
        out += (n_iter,)
    if return_intercept:
        out += (intercept,)
    return out if len(out) > 1 else coef


class Ridge(FloatSparsePredictMixin, MultiOutputMixin, RegressorMixin, LinearModel):
    """Least squares with an L2 penalty: minimise ``||y - X w - b||^2 + alpha ||w||^2``.

    The intercept is not penalised: the problem is solved on centred data (for a sparse
    ``X`` the centring stays implicit inside the solver, see ``_design.py``). Same
    objective, hence same coefficients, as scikit-learn's ``Ridge``, with its solvers (see
    :func:`ridge_regression`).

    Parameters
    ----------
    alpha : float or array-like of shape (n_targets,), default=1.0
        Penalty strength (``delta^2`` in the deep-learning lecture's ``(X^T X + delta^2 I)^-1 X^T y``).
    fit_intercept : bool, default=True
        Fit the (unpenalised) bias ``b``.
    copy_X : bool, default=True
        Unused: ``X`` is never modified.
    max_iter : int, default=None
        Iteration limit of the iterative solvers.
    tol : float, default=1e-4
        Stopping tolerance of the iterative solvers.
    solver : {"auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs"}, default="auto"
        "auto": "cholesky" for dense ``X``, "sparse_cg" for sparse, "lbfgs" when positive.
    positive : bool, default=False
        Constrain the coefficients to be non-negative (solver "lbfgs").
    random_state : int, RandomState instance or None, default=None
        Sample order of "sag" and "saga".

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray of shape (n_targets,)
    n_iter_ : None or ndarray of shape (n_targets,)
        Iterations of "lsqr", "sag" and "saga" (None for the others, as in scikit-learn).
    solver_ : str
        The solver used.
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import Ridge
    >>> X, y = np.array([[0.0], [1.0], [2.0]]), np.array([0.0, 1.0, 2.0])
    >>> Ridge(alpha=1.0).fit(X, y).coef_
    array([0.66666667])
    """

    # As scikit-learn's Ridge: the direct solvers do not iterate (n_iter_ is None).
    _expected_failed_checks = {"check_non_transformer_estimators_n_iter":
                               "n_iter_ is None for the direct solvers, as in scikit-learn."}

    _parameter_constraints = {
        "alpha": [Interval(Real, 0, None, closed="left"), np.ndarray, list, tuple],
        "fit_intercept": ["boolean"],
        "copy_X": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left"), None],
        "tol": [Interval(Real, 0, None, closed="left")],
        "solver": [StrOptions(set(_SOLVERS))],
        "positive": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(self, alpha: float = 1.0, *, fit_intercept: bool = True, copy_X: bool = True,
                 max_iter: int | None = None, tol: float = 1e-4, solver: str = "auto",
                 positive: bool = False, random_state: Any = None) -> None:
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.solver = solver
        self.positive = positive
        self.random_state = random_state

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> Ridge:
        """Fit the ridge model.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
        sample_weight : float or array-like of shape (n_samples,), default=None

        Returns
        -------
        self : Ridge
        """
        self._validate_params()
        alpha = np.asarray(self.alpha, dtype=np.float64)
        if alpha.ndim > 1 or np.any(alpha < 0) or not np.all(np.isfinite(alpha)):
            raise ValueError(f"alpha must be non-negative and finite, got {self.alpha!r}.")
        solver = self.solver
        if self.solver == "lbfgs" and not self.positive:
            raise ValueError("'lbfgs' solver can be used only when positive=True. "
                             "Please use another solver.")
        if self.positive and self.solver not in ("auto", "lbfgs"):
            raise ValueError(
                f"solver='{self.solver}' does not support positive fitting. Please set the "
                "solver to 'auto' or 'lbfgs', or set `positive=False`")
        X, y = validate_float_data(self, X, y)
        if issparse(X) and self.fit_intercept and not self.positive:
            if solver not in ("auto", "lbfgs", "lsqr", "sag", "sparse_cg"):
                raise ValueError(
                    f"solver='{solver}' does not support fitting the intercept on sparse "
                    "data. Please set the solver to 'auto' or 'lsqr', 'sparse_cg', 'sag', "
                    "'lbfgs' or set `fit_intercept=False`")
        coef, intercept, self.n_iter_, self.solver_ = _fit_ridge(
            X, y, alpha, sample_weight=sample_weight, fit_intercept=self.fit_intercept,
            solver=solver, tol=self.tol, max_iter=self.max_iter, positive=self.positive,
            random_state=self.random_state)
        if self.solver_ not in ("lsqr", "sag", "saga"):  # scikit-learn counts only these
            self.n_iter_ = None
        self.coef_ = coef[0] if coef.shape[0] == 1 else coef
        if y.ndim == 1:
            self.intercept_ = intercept[0] if self.fit_intercept else 0.0  # a NumPy scalar
        else:
            self.intercept_ = intercept if self.fit_intercept else np.zeros_like(intercept)
        return self


def ridge_path(
    X: Any, y: Any, *, alphas: Any, fit_intercept: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Ridge coefficients for many penalties from one SVD of ``X``.

    With ``X = U S V^T``, ``w(alpha) = V diag(s / (s^2 + alpha)) U^T y``: each extra alpha
    costs one small product, and every coefficient shrinks smoothly towards 0 as alpha grows
    (none is set exactly to 0, unlike the lasso).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    alphas : array-like of shape (n_alphas,)
        Non-negative penalties.
    fit_intercept : bool, default=True
        Centre ``X`` and ``y`` first (the intercept is not penalised).

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
    coefs : ndarray of shape (n_features, n_alphas)

    Examples
    --------
    >>> import numpy as np
    >>> X, y = np.array([[0.0], [1.0], [2.0]]), np.array([0.0, 1.0, 2.0])
    >>> ridge_path(X, y, alphas=[0.0, 1.0])[1]
    array([[1.        , 0.66666667]])
    """
    X, y = check_X_y(X, y, y_numeric=True, estimator="ridge_path")
    X, y = X.astype(np.float64, copy=False), y.astype(np.float64, copy=False)
    alphas = check_array(alphas, ensure_2d=False, input_name="alphas").astype(np.float64).ravel()
    if np.any(alphas < 0):
        raise ValueError("alphas must be non-negative.")
    Xc, yc, _, _ = preprocess_data(X, y, fit_intercept=fit_intercept)
    U, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    Uty = U.T @ yc
    with np.errstate(divide="ignore", invalid="ignore"):
        shrink = s[:, None] / (s[:, None] ** 2 + alphas[None, :])
    shrink[~np.isfinite(shrink)] = 0.0  # s = 0 with alpha = 0: the minimum-norm solution
    return alphas, Vt.T @ (shrink * Uty[:, None])
