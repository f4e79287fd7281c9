"""Ridge regression in closed form, and its regularisation path."""

from __future__ import annotations

from numbers import Real
from typing import Any

import numpy as np

from ..base import RegressorMixin
from ..utils import Interval, check_array, check_X_y
from ._base import (
    LinearModel,
    MultiOutputMixin,
    optional_sample_weight,
    preprocess_data,
    rescale_by_weights,
    validate_regression_data,
)
from ._linalg import solve_regularized_gram

__all__ = ["Ridge", "ridge_path", "ridge_regression"]


def ridge_regression(X: np.ndarray, y: np.ndarray, alpha: float | np.ndarray) -> np.ndarray:
    """Coefficients minimising ``||y - X w||^2 + alpha ||w||^2`` (no intercept).

    Solves ``(X^T X + alpha I) w = X^T y`` by Cholesky, or, with more features than samples,
    the equivalent dual system ``(X X^T + alpha I) a = y`` with ``w = X^T a`` (smaller).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,) or (n_samples, n_targets)
    alpha : float or ndarray of shape (n_targets,)
        One penalty for all targets, or one per target.

    Returns
    -------
    ndarray of shape (n_features,) or (n_features, n_targets)
    """
    n, d = X.shape
    alphas = np.atleast_1d(np.asarray(alpha, dtype=np.float64))
    n_targets = 1 if y.ndim == 1 else y.shape[1]
    if alphas.size not in (1, n_targets):
        raise ValueError(
            f"Number of targets and number of penalties do not correspond: {alphas.size} != "
            f"{n_targets}"
        )
    dual = d > n
    G = X @ X.T if dual else X.T @ X
    rhs = y if dual else X.T @ y
    if alphas.size == 1 or np.all(alphas == alphas[0]):
        sol = solve_regularized_gram(G, rhs, float(alphas[0]), overwrite=True)
    else:  # a different system per target
        sol = np.column_stack([solve_regularized_gram(G, rhs[:, k], a) for k, a in enumerate(alphas)])
    return X.T @ sol if dual else sol


class Ridge(MultiOutputMixin, RegressorMixin, LinearModel):
    """Least squares with an L2 penalty: minimise ``||y - X w - b||^2 + alpha ||w||^2``.

    Solved in closed form (Cholesky on the regularised normal equation); the intercept is
    not penalised. Same objective, hence same coefficients, as scikit-learn's ``Ridge``.

    Parameters
    ----------
    alpha : float or array-like of shape (n_targets,), default=1.0
        Penalty strength (``delta^2`` in the deep-learning lecture's ``(X^T X + delta^2 I)^-1 X^T y``).
    fit_intercept : bool, default=True
        Fit the (unpenalised) bias ``b``.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray of shape (n_targets,)
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import Ridge
    >>> X, y = np.array([[0.0], [1.0], [2.0]]), np.array([0.0, 1.0, 2.0])
    >>> Ridge(alpha=1.0).fit(X, y).coef_
    array([0.66666667])
    """

    _parameter_constraints = {
        "alpha": [Interval(Real, 0, None, closed="left"), np.ndarray, list, tuple],
        "fit_intercept": ["boolean"],
    }

    def __init__(self, alpha: float = 1.0, *, fit_intercept: bool = True) -> None:
        self.alpha = alpha
        self.fit_intercept = fit_intercept

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> Ridge:
        """Fit the ridge model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : Ridge
        """
        self._validate_params()
        alpha = np.asarray(self.alpha, dtype=np.float64)
        if alpha.ndim > 1 or np.any(alpha < 0) or not np.all(np.isfinite(alpha)):
            raise ValueError(f"alpha must be non-negative and finite, got {self.alpha!r}.")
        X, y = validate_regression_data(self, X, y)
        sw = optional_sample_weight(sample_weight, X)
        Xc, yc, X_offset, y_offset = preprocess_data(
            X, y, fit_intercept=self.fit_intercept, sample_weight=sw)
        if sw is not None:
            Xc, yc, _ = rescale_by_weights(Xc, yc, sw)
        self.coef_ = ridge_regression(Xc, yc, alpha).T
        self._set_intercept(X_offset, y_offset)
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
