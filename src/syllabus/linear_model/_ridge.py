"""Ridge regression in closed form, and its regularisation path."""

from __future__ import annotations

import warnings
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import RegressorMixin, is_classifier
from ..metrics._scorer import get_scorer, get_scorer_names
from ..model_selection import GridSearchCV
from ..utils import (
    Interval,
    StrOptions,
    check_array,
    check_consistent_length,
    check_no_overflow,
    check_sample_weight,
    check_X_y,
    column_or_1d,
    encode_labels,
    type_of_target,
)
from ..utils._class_weight import class_weights
from ..utils._linalg import solve_regularized_gram
from ..utils._sparse import issparse
from ._base import ConvergenceWarning, LinearModel, MultiOutputMixin, preprocess_data
from ._coordinate_descent import positive_ridge
from ._design import (
    FLOAT_DTYPES,
    Design,
    FloatSparsePredictMixin,
    validate_float_data,
    validate_floating,
    weighted_offsets,
)
from ._iterative import conjugate_gradient, lsqr
from ._logistic import LinearClassifierMixin
from ._sag import max_squared_row_norm, sag_solver

__all__ = ["Ridge", "RidgeCV", "RidgeClassifier", "RidgeClassifierCV", "ridge_path",
           "ridge_regression"]


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
           max_iter: int | None) -> tuple[np.ndarray, np.ndarray | None]:
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
                warnings.warn(ConvergenceWarning(
                    f"sparse_cg did not converge after {n_iter[t]} iterations."), stacklevel=3)
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
    if solver in ("sag", "saga"):
        coef, intercept, n_iter = _ridge_sag(
            X, Y, alphas, sw, fit_intercept=fit_intercept, return_intercept=return_intercept,
            saga=solver == "saga", tol=tol, max_iter=1000 if max_iter is None else max_iter,
            random_state=random_state)
        return coef.astype(X.dtype), intercept.astype(X.dtype), n_iter, solver
    X_offset, y_offset = weighted_offsets(X, Y, sw, fit_intercept or return_intercept)
    design = Design(X, X_offset, None if sw is None else np.sqrt(sw).astype(X.dtype))
    coef, n_iter = _solve(design, (Y - y_offset).astype(np.float64, copy=False), alphas, solver,
                          tol=tol, max_iter=max_iter)
    coef = coef.astype(X.dtype, copy=False)
    intercept = (y_offset - coef @ X_offset).astype(X.dtype, copy=False)
    return coef, intercept, n_iter, solver


def _ridge_sag(X: Any, Y: np.ndarray, alphas: np.ndarray, sw: np.ndarray | None, *,
               fit_intercept: bool, return_intercept: bool, saga: bool, tol: float,
               max_iter: int, random_state: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ridge by SAG / SAGA (:mod:`._sag`, squared loss), one target at a time, with
    scikit-learn's data handling so that the iterates are its own: a dense ``X`` is centred
    (a copy) and the intercept recovered from the means; a sparse ``X`` keeps its zeros and
    the solver fits the intercept itself (on the centred ``y``), as it does for
    ``ridge_regression(return_intercept=True)`` (on the raw ``y``). The sample weights enter
    the loss directly. Returns ``(coef (k, d), intercept (k,), n_iter (k,))``."""
    direct = return_intercept or (issparse(X) and fit_intercept)
    X_offset, y_offset = weighted_offsets(X, Y, sw, fit_intercept)
    A = (X.tocsr().astype(np.float64) if issparse(X)
         else np.asarray(X, dtype=np.float64) - X_offset.astype(np.float64))
    target = (Y - y_offset).astype(np.float64)
    n, d = A.shape
    largest = max_squared_row_norm(A)
    coef, b = np.empty((Y.shape[1], d)), np.zeros(Y.shape[1])
    n_iter = np.empty(Y.shape[1], dtype=np.int32)
    for t in range(Y.shape[1]):
        w, n_iter[t], _ = sag_solver(
            A, target[:, t], sw, loss="squared", alpha=float(alphas[t]), beta=0.0,
            max_iter=max_iter, tol=tol, random_state=random_state, saga=saga,
            coef=np.zeros((d + int(direct), 1)), fit_intercept=direct, max_squared_sum=largest)
        coef[t] = w[:d, 0]
        if direct:
            b[t] = w[d, 0]
    intercept = y_offset + b if direct else y_offset - coef @ X_offset
    return coef, intercept, n_iter


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


class _BaseRidge(LinearModel):
    """The hyper-parameters and the fit shared by :class:`Ridge` and :class:`RidgeClassifier`."""

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

    def _check_solver_params(self) -> None:
        self._validate_params()
        alpha = np.asarray(self.alpha, dtype=np.float64)
        if alpha.ndim > 1 or np.any(alpha < 0) or not np.all(np.isfinite(alpha)):
            raise ValueError(f"alpha must be non-negative and finite, got {self.alpha!r}.")
        if self.solver == "lbfgs" and not self.positive:
            raise ValueError("'lbfgs' solver can be used only when positive=True. "
                             "Please use another solver.")
        if self.positive and self.solver not in ("auto", "lbfgs"):
            raise ValueError(
                f"solver='{self.solver}' does not support positive fitting. Please set the "
                "solver to 'auto' or 'lbfgs', or set `positive=False`")

    def _fit_validated(self, X: Any, y: np.ndarray, sample_weight: Any) -> None:
        """Fit on validated ``X`` and numeric ``y`` (1-D or one column per target)."""
        solver = self.solver
        if issparse(X) and self.fit_intercept and not self.positive:
            if solver not in ("auto", "lbfgs", "lsqr", "sag", "sparse_cg"):
                raise ValueError(
                    f"solver='{solver}' does not support fitting the intercept on sparse "
                    "data. Please set the solver to 'auto' or 'lsqr', 'sparse_cg', 'sag', "
                    "'lbfgs' or set `fit_intercept=False`")
            # scikit-learn's choice: SAG fits a sparse intercept only with its default
            # max_iter and a loose tol (with a warning); otherwise conjugate gradient does.
            if solver == "sag" and self.max_iter is None and self.tol > 1e-4:
                warnings.warn(
                    '"sag" solver requires many iterations to fit an intercept with sparse '
                    'inputs. Either set the solver to "auto" or "sparse_cg", or set a low '
                    '"tol" and a high "max_iter" (especially if inputs are not '
                    "standardized).", UserWarning, stacklevel=3)
            elif solver == "sag":
                solver = "sparse_cg"
        coef, intercept, self.n_iter_, self.solver_ = _fit_ridge(
            X, y, np.asarray(self.alpha, dtype=np.float64), sample_weight=sample_weight,
            fit_intercept=self.fit_intercept, solver=solver, tol=self.tol,
            max_iter=self.max_iter, positive=self.positive, random_state=self.random_state)
        if self.solver_ not in ("lsqr", "sag", "saga"):  # scikit-learn counts only these
            self.n_iter_ = None
        self.coef_ = coef[0] if coef.shape[0] == 1 else coef
        if y.ndim == 1:
            self.intercept_ = intercept[0] if self.fit_intercept else 0.0  # a NumPy scalar
        else:
            self.intercept_ = intercept if self.fit_intercept else np.zeros_like(intercept)


class Ridge(FloatSparsePredictMixin, MultiOutputMixin, RegressorMixin, _BaseRidge):
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
        self._check_solver_params()
        X, y = validate_float_data(self, X, y)
        self._fit_validated(X, y, sample_weight)
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


# --------------------------------------------------------------------------- classifiers
def _binarize_labels(estimator: Any, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``classes_`` and the ``{-1, 1}`` targets of the ridge classifiers (one column per
    class, one column only for two classes; a multilabel indicator ``y`` as it is)."""
    if y.ndim == 2 and y.shape[1] > 1:
        if type_of_target(y) != "multilabel-indicator":
            raise ValueError(f"Multioutput target data is not supported with label "
                             f"binarization, got {type_of_target(y)!r} targets.")
        return np.arange(y.shape[1]), np.where(y > 0, 1.0, -1.0)
    y = column_or_1d(y, warn=True)
    classes, y_idx = encode_labels(y)
    if len(classes) <= 2:
        return classes, np.where(y_idx == 1, 1.0, -1.0)[:, None]
    Y = np.full((len(y), len(classes)), -1.0)
    Y[np.arange(len(y)), y_idx] = 1.0
    return classes, Y


class _RidgeClassifierMixin(LinearClassifierMixin):
    """Least-squares classification: regress ``{-1, 1}`` targets, predict the largest score."""

    def _prepare_data(self, X: Any, y: Any, sample_weight: Any
                      ) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray]:
        """Validated ``X``, labels ``y``, sample weights (times the class weights) and the
        binarised targets ``Y`` (n_samples, n_columns)."""
        X, y = validate_floating(self, X, y, reset=True, dtypes=FLOAT_DTYPES,
                                 accept_sparse=["csr", "csc", "coo"], multi_output=True)
        check_no_overflow(X, estimator=self)
        self._multilabel = y.ndim == 2 and y.shape[1] > 1
        self.classes_, Y = _binarize_labels(self, y)
        if not self._multilabel:
            y = column_or_1d(y)
        sw = check_sample_weight(sample_weight, X, dtype=X.dtype)
        if self.class_weight and not self._multilabel:
            y_idx = np.searchsorted(self.classes_, y)
            sw = sw * class_weights(self.class_weight, self.classes_, y_idx)[y_idx]
        return X, y, sw, Y.astype(X.dtype)

    def predict(self, X: Any) -> np.ndarray:
        """Class labels (the largest score; for multilabel targets, every positive score).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_labels)
        """
        if getattr(self, "_multilabel", False):
            return (self.decision_function(X) > 0).astype(int)
        return super().predict(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.classifier_tags.multi_label = True
        return tags


class RidgeClassifier(_RidgeClassifierMixin, _BaseRidge):
    """Classification by ridge regression on ``{-1, 1}`` targets (one-vs-all).

    The labels become one target column per class (+1 for the class, -1 for the others;
    a single column for two classes) and :class:`Ridge` is fitted to them; the predicted
    class has the largest score. Same solvers and objective as :class:`Ridge`, hence the
    same coefficients as scikit-learn's ``RidgeClassifier``.

    Parameters
    ----------
    alpha : float, default=1.0
        Penalty strength.
    fit_intercept : bool, default=True
    copy_X : bool, default=True
        Unused: ``X`` is never modified.
    max_iter : int, default=None
        Iteration limit of the iterative solvers.
    tol : float, default=1e-4
    class_weight : dict or "balanced", default=None
        Multiplies the sample weights of each class.
    solver : {"auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs"}, default="auto"
        As in :class:`Ridge`.
    positive : bool, default=False
    random_state : int, RandomState instance or None, default=None

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (n_features,) for two classes, else (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : None or ndarray
    solver_ : str
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import RidgeClassifier
    >>> X = np.array([[-2.0], [-1.0], [1.0], [2.0]]); y = np.array(["a", "a", "b", "b"])
    >>> RidgeClassifier().fit(X, y).predict([[-3.0], [3.0]])
    array(['a', 'b'], dtype='<U1')
    """

    _parameter_constraints = {**_BaseRidge._parameter_constraints,
                              "class_weight": [dict, StrOptions({"balanced"}), None]}

    def __init__(self, alpha: float = 1.0, *, fit_intercept: bool = True, copy_X: bool = True,
                 max_iter: int | None = None, tol: float = 1e-4, class_weight: Any = None,
                 solver: str = "auto", positive: bool = False, random_state: Any = None) -> None:
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.class_weight = class_weight
        self.solver = solver
        self.positive = positive
        self.random_state = random_state

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> RidgeClassifier:
        """Fit the ridge classifier.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
            Class labels, or a multilabel indicator matrix.
        sample_weight : float or array-like of shape (n_samples,), default=None

        Returns
        -------
        self : RidgeClassifier
        """
        self._check_solver_params()
        X, _, sw, Y = self._prepare_data(X, y, sample_weight)
        self._fit_validated(X, Y, sw)
        return self


# --------------------------------------------------------------------------- cross-validation
class _LeaveOneOut:
    """Leave-one-out errors of ridge for every ``alpha`` from one factorisation.

    On the centred, weighted design ``A`` (:class:`~._design.Design`) the ridge fit is
    ``w = A^T c`` with ``c = G^-1 y``, ``G = A A^T + alpha I``, and the leave-one-out error
    of sample ``i`` is ``c_i / (G^-1)_ii`` (Rifkin & Lippert, "Notes on regularized least
    squares", 2007), so one eigendecomposition serves every alpha:

    - "gram" (``n <= p``): ``A A^T = Q diag(l) Q^T`` gives ``G^-1 = Q diag(1 / (l + alpha)) Q^T``;
    - "cov" (``p < n``): ``A^T A = V diag(l) V^T``, ``B = A V``, and
      ``alpha G^-1 = I - B diag(1 / (l + alpha)) B^T``;
    - "svd" (dense): ``A = U diag(s) V^T`` gives one of the two with ``l = s^2``.

    With an intercept the constant column (``sqrt(s_i)``, infinitely weakly penalised)
    corrects the diagonal: ``d <- d - (G^-1 sqrt(s)) sqrt(s) / sum(s)``.
    """

    def __init__(self, design: Design, mode: str, fit_intercept: bool) -> None:
        self.design, self.fit_intercept = design, fit_intercept
        n = design.shape[0]
        self.sqrt_sw = np.ones(n) if design.sqrt_sw is None else design.sqrt_sw.astype(np.float64)
        if mode == "svd":
            U, s, Vt = np.linalg.svd(design.dense().astype(np.float64), full_matrices=False)
            mode = "gram" if n <= design.shape[1] else "cov"
            self.values, self.Q, self.B, self.V = s**2, U, U * s, Vt.T
        elif mode == "gram":
            self.values, self.Q = np.linalg.eigh(design.kernel().astype(np.float64))
        else:
            self.values, self.V = np.linalg.eigh(design.gram().astype(np.float64))
            self.B = np.asarray(design.matvec(self.V))
        self.mode = mode

    def errors(self, y: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
        """Leave-one-out errors (shape of ``y``) and coefficients (n_features[, n_targets])
        for the centred, weighted targets ``y``."""
        D = 1.0 / (self.values + alpha)
        s = self.sqrt_sw
        col = (lambda v: v[:, None]) if y.ndim == 2 else (lambda v: v)
        if self.mode == "gram":
            Q = self.Q
            c = Q @ (col(D) * (Q.T @ y))
            d = (Q**2) @ D
            G_s = Q @ (D * (Q.T @ s)) if self.fit_intercept else None
            coef = self.design.rmatvec(c)
        else:
            B = self.B
            BtY = B.T @ y
            c = (y - B @ (col(D) * BtY)) / alpha
            d = (1.0 - (B**2) @ D) / alpha
            G_s = (s - B @ (D * (B.T @ s))) / alpha if self.fit_intercept else None
            coef = self.V @ (col(D) * BtY)
        if self.fit_intercept:
            d = d - G_s * s / (s @ s)
        return c / col(d), np.asarray(coef)


def _check_alphas(alphas: Any, *, strictly_positive: bool) -> np.ndarray:
    """The alphas as a 1-D float array, each checked as scikit-learn's ``check_scalar``."""
    values = np.atleast_1d(np.asarray(alphas, dtype=object)).ravel()
    bound = "> 0.0" if strictly_positive else ">= 0.0"
    for i, a in enumerate(values):
        name = "alphas" if values.size == 1 else f"alphas[{i}]"
        if not isinstance(a, (Real, np.number)) or isinstance(a, (bool, np.bool_)):
            raise TypeError(f"{name} must be an instance of float, not {type(a).__name__}.")
        if a < 0 or (strictly_positive and a == 0):
            raise ValueError(f"{name} == {a}, must be {bound}.")
    return values.astype(np.float64)


class _IdentityRegressor:
    """Scores leave-one-out predictions with a scorer: ``predict`` returns its input."""

    def predict(self, y_predict: np.ndarray) -> np.ndarray:
        return y_predict

    decision_function = predict


class _IdentityClassifier(LinearClassifierMixin):
    """As :class:`_IdentityRegressor`, for the ridge classifiers' one-vs-all scores."""

    def __init__(self, classes: np.ndarray) -> None:
        self.classes_ = classes

    def decision_function(self, y_predict: np.ndarray) -> np.ndarray:
        return y_predict


class _BaseRidgeCV(LinearModel):
    """Ridge with the penalty chosen by cross-validation (see :class:`RidgeCV`)."""

    _parameter_constraints = {
        "alphas": ["array-like", Interval(Real, 0, None, closed="neither")],
        "fit_intercept": ["boolean"],
        "scoring": [StrOptions(set(get_scorer_names())), "callable", None],
        "cv": ["no_validation"],
        "gcv_mode": [StrOptions({"auto", "svd", "eigen"}), None],
        "store_cv_results": ["boolean"],
        "alpha_per_target": ["boolean"],
    }

    def __init__(self, alphas: Any = (0.1, 1.0, 10.0), *, fit_intercept: bool = True,
                 scoring: Any = None, cv: Any = None, gcv_mode: str | None = None,
                 store_cv_results: bool = False, alpha_per_target: bool = False) -> None:
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.scoring = scoring
        self.cv = cv
        self.gcv_mode = gcv_mode
        self.store_cv_results = store_cv_results
        self.alpha_per_target = alpha_per_target

    def _fit_cv(self, X: Any, y: np.ndarray, target: np.ndarray, sample_weight: Any) -> None:
        """Leave-one-out on ``target`` (``cv=None``) or a grid search over ``alpha``."""
        alphas = _check_alphas(self.alphas, strictly_positive=self.cv is None)
        if self.cv is None:
            self._fit_leave_one_out(X, target, alphas, sample_weight)
            return
        if self.store_cv_results:
            raise ValueError("cv!=None and store_cv_results=True are incompatible")
        if self.alpha_per_target:
            raise ValueError("cv!=None and alpha_per_target=True are incompatible")
        model = RidgeClassifier if is_classifier(self) else Ridge
        solver = "sparse_cg" if issparse(X) else "auto"
        search = GridSearchCV(model(fit_intercept=self.fit_intercept, solver=solver),
                              {"alpha": alphas}, cv=self.cv, scoring=self.scoring)
        fit_params = {} if sample_weight is None else {"sample_weight": sample_weight}
        search.fit(X, y, **fit_params)
        best = search.best_estimator_
        self.alpha_ = best.alpha
        self.best_score_ = search.best_score_
        self.coef_, self.intercept_ = best.coef_, best.intercept_

    def _fit_leave_one_out(self, X: Any, y: np.ndarray, alphas: np.ndarray,
                           sample_weight: Any) -> None:
        dtype = X.dtype
        X = X.astype(np.float64) if dtype != np.float64 else X
        y = y.astype(np.float64)
        sw = None if sample_weight is None else check_sample_weight(sample_weight, X)
        X_offset, y_offset = weighted_offsets(X, y, sw, self.fit_intercept)
        sqrt_sw = None if sw is None else np.sqrt(sw)
        design = Design(X, X_offset, sqrt_sw)
        yc = design._scale(y - y_offset)
        n, p = X.shape
        mode = "svd" if self.gcv_mode == "svd" and not issparse(X) else (
            "gram" if n <= p else "cov")
        if self.gcv_mode == "svd" and issparse(X):
            warnings.warn("The 'svd' mode is not supported for sparse X, we fallback to "
                          "`gcv_mode='eigen'`. Passing `gcv_mode='svd'` on sparse X will raise "
                          "an error in 1.11, use the default or pass `gcv_mode='eigen'` to "
                          "suppress this warning.", FutureWarning, stacklevel=3)
        loo = _LeaveOneOut(design, mode, self.fit_intercept)
        scorer = None if self.scoring is None else get_scorer(self.scoring)
        per_target = self.alpha_per_target and y.ndim == 2 and y.shape[1] > 1
        n_y = 1 if y.ndim == 1 else y.shape[1]
        results = np.empty((n * n_y, len(alphas))) if self.store_cv_results else None
        best_score = best_coef = best_alpha = None
        for i, alpha in enumerate(alphas):
            looe, coef = loo.errors(yc, float(alpha))
            if scorer is None:
                squared = looe**2
                score = -squared.mean(axis=0) if self.alpha_per_target else -squared.mean()
                stored = squared
            else:
                predictions = yc - looe
                if sqrt_sw is not None:
                    predictions = predictions / (sqrt_sw[:, None] if predictions.ndim == 2
                                                 else sqrt_sw)
                predictions = predictions + y_offset
                stored = predictions
                score = self._score(scorer, predictions, y, n_y, sample_weight, per_target)
            if results is not None:
                results[:, i] = stored.ravel()
            if best_score is None:
                best_coef = coef
                best_score = np.array(score, dtype=np.float64).reshape(-1) if per_target else score
                best_alpha = np.full(n_y, alpha) if per_target else float(alpha)
            elif per_target:
                better = score > best_score
                best_coef[:, better] = coef[:, better]
                best_score[better] = score[better]
                best_alpha[better] = alpha
            elif score > best_score:
                best_coef, best_score, best_alpha = coef, score, float(alpha)
        self.alpha_, self.best_score_ = best_alpha, best_score
        coef = best_coef.T if y.ndim == 2 else best_coef
        if y.ndim == 2 and y.shape[1] == 1:
            coef = coef.ravel()
        self.coef_ = coef.astype(dtype, copy=False)
        if self.fit_intercept:
            intercept = y_offset - X_offset.astype(np.float64) @ np.asarray(best_coef)
            self.intercept_ = (intercept.astype(dtype) if np.ndim(intercept)
                               else np.float64(intercept).astype(dtype))
        else:
            self.intercept_ = 0.0
        if results is not None:
            shape = (n, len(alphas)) if y.ndim == 1 else (n, n_y, len(alphas))
            self.cv_results_ = results.reshape(shape).astype(dtype, copy=False)

    def _score(self, scorer: Any, predictions: np.ndarray, y: np.ndarray, n_y: int,
               sample_weight: Any, per_target: bool) -> Any:
        kwargs = {} if sample_weight is None else {"sample_weight": sample_weight}
        if is_classifier(self):
            return scorer(_IdentityClassifier(np.arange(n_y)), predictions, y.argmax(axis=1),
                          **kwargs)
        if per_target:
            return np.array([scorer(_IdentityRegressor(), predictions[:, j], y[:, j], **kwargs)
                             for j in range(n_y)])
        return scorer(_IdentityRegressor(), predictions, y, **kwargs)


class RidgeCV(FloatSparsePredictMixin, MultiOutputMixin, RegressorMixin, _BaseRidgeCV):
    """Ridge regression with the penalty chosen by cross-validation.

    By default (``cv=None``) every ``alpha`` is scored by efficient leave-one-out
    cross-validation: one eigendecomposition of ``X X^T`` (``n_samples <= n_features``) or
    ``X^T X`` (otherwise), or an SVD of ``X`` (``gcv_mode="svd"``), gives the leave-one-out
    errors ``c_i / (G^-1)_ii`` of all ``alpha`` at the cost of one fit (see
    ``_LeaveOneOut``). With ``cv`` given, a :class:`~syllabus.model_selection.GridSearchCV`
    over :class:`Ridge` chooses ``alpha``. The same choices and coefficients as
    scikit-learn's ``RidgeCV``.

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,), default=(0.1, 1.0, 10.0)
        Penalties to try (positive for leave-one-out).
    fit_intercept : bool, default=True
    scoring : str, callable or None, default=None
        None: the mean squared leave-one-out error (``cv=None``) or R^2 (``cv`` given).
    cv : int, cross-validation generator, iterable or None, default=None
        None: efficient leave-one-out.
    gcv_mode : {"auto", "svd", "eigen"} or None, default=None
        Leave-one-out factorisation: "auto"/"eigen"/None choose the smaller eigenproblem,
        "svd" the SVD of dense ``X``.
    store_cv_results : bool, default=False
        Keep the leave-one-out squared errors (or predictions, with ``scoring``).
    alpha_per_target : bool, default=False
        Choose one alpha per target (leave-one-out only).

    Attributes
    ----------
    cv_results_ : ndarray of shape (n_samples, n_alphas) or (n_samples, n_targets, n_alphas)
        Only with ``store_cv_results=True``.
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray of shape (n_targets,)
    alpha_ : float or ndarray of shape (n_targets,)
    best_score_ : float or ndarray of shape (n_targets,)
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import RidgeCV
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]]); y = np.array([0.1, 0.9, 2.1, 2.9])
    >>> RidgeCV(alphas=[0.01, 1.0, 100.0]).fit(X, y).alpha_
    0.01
    """

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> RidgeCV:
        """Choose ``alpha`` and fit with it.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
        sample_weight : float or array-like of shape (n_samples,), default=None

        Returns
        -------
        self : RidgeCV
        """
        self._validate_params()
        X, y = validate_float_data(self, X, y)
        self._fit_cv(X, y, y, sample_weight)
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags


class RidgeClassifierCV(_RidgeClassifierMixin, _BaseRidgeCV):
    """:class:`RidgeClassifier` with the penalty chosen by cross-validation.

    With ``cv=None`` the one-vs-all ``{-1, 1}`` targets are scored by efficient
    leave-one-out (as :class:`RidgeCV`); otherwise a grid search over
    :class:`RidgeClassifier` chooses ``alpha``.

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,), default=(0.1, 1.0, 10.0)
    fit_intercept : bool, default=True
    scoring : str, callable or None, default=None
        None: the mean squared leave-one-out error of the targets (``cv=None``) or the
        accuracy (``cv`` given).
    cv : int, cross-validation generator, iterable or None, default=None
    class_weight : dict or "balanced", default=None
    store_cv_results : bool, default=False

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    cv_results_ : ndarray of shape (n_samples, n_targets, n_alphas)
        Only with ``store_cv_results=True``.
    coef_ : ndarray of shape (n_features,) or (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    alpha_ : float
    best_score_ : float
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import RidgeClassifierCV
    >>> X = np.array([[-2.0], [-1.0], [1.0], [2.0]]); y = np.array([0, 0, 1, 1])
    >>> RidgeClassifierCV().fit(X, y).predict([[-3.0], [3.0]])
    array([0, 1])
    """

    _parameter_constraints = {
        k: v for k, v in _BaseRidgeCV._parameter_constraints.items()
        if k not in ("gcv_mode", "alpha_per_target")}
    _parameter_constraints["class_weight"] = [dict, StrOptions({"balanced"}), None]

    def __init__(self, alphas: Any = (0.1, 1.0, 10.0), *, fit_intercept: bool = True,
                 scoring: Any = None, cv: Any = None, class_weight: Any = None,
                 store_cv_results: bool = False) -> None:
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.scoring = scoring
        self.cv = cv
        self.class_weight = class_weight
        self.store_cv_results = store_cv_results

    gcv_mode = None  # not parameters of the classifier: the defaults of RidgeCV
    alpha_per_target = False

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> RidgeClassifierCV:
        """Choose ``alpha`` and fit with it.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : float or array-like of shape (n_samples,), default=None

        Returns
        -------
        self : RidgeClassifierCV
        """
        self._validate_params()
        X, y, sw, Y = self._prepare_data(X, y, sample_weight)
        self._fit_cv(X, y, Y, sw)
        return self
