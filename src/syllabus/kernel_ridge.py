"""Kernel ridge regression: ridge regression in the feature space of a kernel (the kernel-methods lecture)."""

from __future__ import annotations

from collections.abc import Callable
from numbers import Real
from typing import Any

import numpy as np

from .base import BaseEstimator, MultiOutputMixin, RegressorMixin
from .kernels import PAIRWISE_KERNEL_FUNCTIONS, pairwise_kernels
from .utils import Interval, StrOptions, check_is_fitted
from .utils._linalg import solve_regularized_gram
from .utils._sparse import issparse, safe_sparse_dot
from .utils._validation import (
    optional_sample_weight,
    validate_float_data,
    validate_floating,
    validate_regression_data,
)

__all__ = ["KernelRidge"]


class KernelRidge(MultiOutputMixin, RegressorMixin, BaseEstimator):
    """Kernel ridge regression: ``f(x) = sum_i alpha_hat_i K(x_i, x)``.

    With ``P_ij = K(x_i, x_j)``, minimising ``||P a - y||^2 + lambda a^T P a`` gives
    ``alpha_hat = (P + lambda I)^-1 y`` (the kernel-methods lecture), solved here by Cholesky, never by
    inverting. The kernel's bandwidth and ``lambda`` both regularise the predictor. Same
    model, hence same predictions, as scikit-learn's ``KernelRidge``.

    Parameters
    ----------
    alpha : float or array-like of shape (n_targets,), default=1.0
        The ridge penalty ``lambda``.
    kernel : str or callable, default="linear"
        A name known to :func:`syllabus.kernels.pairwise_kernels` ("linear", "poly", "rbf",
        "sigmoid", "cosine", "laplacian"), "precomputed" (``X`` is the Gram matrix), or a
        callable ``kernel(x, y, **kernel_params) -> float``.
    gamma : float, default=None
        Parameter of the rbf, laplacian, poly and sigmoid kernels (``None``: ``1 /
        n_features``); for the RBF kernel of the kernel-methods lecture, ``gamma = 1 / (2 sigma^2)``.
    degree : float, default=3
        Degree of the polynomial kernel.
    coef0 : float, default=1
        Constant term of the poly and sigmoid kernels.
    kernel_params : dict, default=None
        Extra keyword arguments for a callable kernel.

    Attributes
    ----------
    dual_coef_ : ndarray of shape (n_samples,) or (n_samples, n_targets)
        ``alpha_hat``, one weight per training sample.
    X_fit_ : ndarray of shape (n_samples, n_features)
        Training data, needed to predict (the Gram matrix when ``kernel="precomputed"``).
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.kernel_ridge import KernelRidge
    >>> X = np.linspace(0, 1, 20)[:, None]
    >>> model = KernelRidge(alpha=1e-3, kernel="rbf", gamma=10.0).fit(X, np.sin(6 * X[:, 0]))
    >>> bool(abs(model.predict([[0.5]])[0] - np.sin(3.0)) < 1e-2)
    True
    """

    _parameter_constraints = {
        "alpha": [Interval(Real, 0, None, closed="left"), np.ndarray, list, tuple],
        "kernel": [StrOptions(set(PAIRWISE_KERNEL_FUNCTIONS) | {"precomputed"}), "callable"],
        "gamma": [Interval(Real, 0, None, closed="left"), None],
        "degree": [Interval(Real, 0, None, closed="left")],
        "coef0": [Interval(Real, None, None)],
        "kernel_params": [dict, None],
    }

    def __init__(
        self,
        alpha: float = 1.0,
        *,
        kernel: str | Callable[..., float] = "linear",
        gamma: float | None = None,
        degree: float = 3,
        coef0: float = 1,
        kernel_params: dict | None = None,
    ) -> None:
        self.alpha = alpha
        self.kernel = kernel
        self.gamma = gamma
        self.degree = degree
        self.coef0 = coef0
        self.kernel_params = kernel_params

    def _get_kernel(self, X: np.ndarray, Y: np.ndarray | None = None) -> np.ndarray:
        if callable(self.kernel):
            params = self.kernel_params or {}
        else:
            params = {"gamma": self.gamma, "degree": self.degree, "coef0": self.coef0}
        return pairwise_kernels(X, Y, metric=self.kernel, filter_params=True, **params)

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> KernelRidge:
        """Fit the model: ``dual_coef_ = (K + alpha I)^-1 y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), or (n_samples, n_samples) when
            ``kernel="precomputed"``
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : KernelRidge
        """
        self._validate_params()
        alpha = np.atleast_1d(np.asarray(self.alpha, dtype=np.float64))
        if alpha.ndim > 1 or np.any(alpha < 0) or not np.all(np.isfinite(alpha)):
            raise ValueError(f"alpha must be non-negative and finite, got {self.alpha!r}.")
        if issparse(X):  # kept sparse: the kernel functions take sparse input
            X, y = validate_float_data(self, X, y, accept_sparse=("csr", "csc"))
            X, y = X.astype(np.float64), y.astype(np.float64)
        else:
            X, y = validate_regression_data(self, X, y)
        if self.kernel == "precomputed" and X.shape[0] != X.shape[1]:
            raise ValueError(f"A precomputed kernel must be square, got shape {X.shape}.")
        sw = optional_sample_weight(sample_weight, X)
        n_targets = 1 if y.ndim == 1 else y.shape[1]
        if alpha.size not in (1, n_targets):
            raise ValueError(
                f"Number of targets and number of penalties do not correspond: {alpha.size} "
                f"!= {n_targets}"
            )
        K = self._get_kernel(X)
        rhs = y
        if sw is not None:  # weighted problem = plain one on sqrt(w)-scaled rows and columns
            sqrt_sw = np.sqrt(sw)
            K = K * np.outer(sqrt_sw, sqrt_sw)
            rhs = y * (sqrt_sw if y.ndim == 1 else sqrt_sw[:, None])
        # K is a fresh array unless the user passed it as a precomputed kernel.
        fresh = self.kernel != "precomputed" or sw is not None
        if alpha.size == 1 or np.all(alpha == alpha[0]):
            dual = solve_regularized_gram(K, rhs, float(alpha[0]), overwrite=fresh)
        else:
            dual = np.column_stack(
                [solve_regularized_gram(K, rhs[:, k], a) for k, a in enumerate(alpha)])
        if sw is not None:
            dual *= sqrt_sw if dual.ndim == 1 else sqrt_sw[:, None]
        self.dual_coef_ = dual
        self.X_fit_ = X
        return self

    def predict(self, X: Any) -> np.ndarray:
        """Predict ``f(x) = sum_i dual_coef_i K(x_i, x)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), or (n_samples, n_samples_fit) when
            ``kernel="precomputed"``

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_targets)
        """
        check_is_fitted(self)
        X = validate_floating(self, X, reset=False, accept_sparse=["csr", "csc"])
        K = X if self.kernel == "precomputed" else self._get_kernel(X, self.X_fit_)
        return safe_sparse_dot(K, self.dual_coef_)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.pairwise = self.kernel == "precomputed"
        tags.input_tags.sparse = self.kernel != "precomputed"
        return tags
