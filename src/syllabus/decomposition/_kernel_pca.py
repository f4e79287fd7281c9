"""Kernel PCA: PCA in the feature space of a kernel, through the centred Gram matrix.

The kernel lectures' trick applied to PCA (Schoelkopf, Smola & Mueller, 1998): the
principal axes in feature space are combinations v = sum_i a_i phi(x_i) of the training
points, with K_c a = n lambda a for the doubly centred kernel matrix K_c = H K H
(H = I - 11^T / n). The projection of a new x on axis j is sum_i a_ij k_c(x, x_i) with
||v_j|| = 1, i.e. a_j scaled by 1 / sqrt(eigenvalue_j).
"""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, TransformerMixin
from ..kernels import pairwise_kernels
from ..utils import check_is_fitted
from ..utils._param_validation import Interval, StrOptions
from ..utils._validation import validate_floating
from ._pca import svd_flip

__all__ = ["KernelPCA"]


class KernelPCA(TransformerMixin, BaseEstimator):
    """Kernel principal component analysis with the project's kernels.

    Equal to scikit-learn's ``KernelPCA`` (dense eigen-solver) up to the sign of each
    component (both use :func:`svd_flip` on the eigenvectors, so signs agree unless two
    entries tie in magnitude).

    Parameters
    ----------
    n_components : int or None, default=None
        None keeps every component with a positive eigenvalue.
    kernel : {"linear", "poly", "rbf", "sigmoid", "cosine", "laplacian", "precomputed"} or callable, default="linear"
    gamma : float or None, default=None
        None is 1 / n_features (rbf, poly, sigmoid, laplacian).
    degree : int, default=3
    coef0 : float, default=1
    kernel_params : dict or None, default=None
        Extra keyword arguments of a callable kernel.
    remove_zero_eig : bool, default=False
        Drop components with a zero eigenvalue (always done when ``n_components`` is None).

    Attributes
    ----------
    eigenvalues_ : ndarray of shape (n_components,)
        Eigenvalues of the centred kernel matrix, decreasing.
    eigenvectors_ : ndarray of shape (n_samples, n_components)
    X_fit_ : ndarray of shape (n_samples, n_features)
    gamma_ : float or None
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.decomposition import KernelPCA
    >>> X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> KernelPCA(n_components=2, kernel="rbf", gamma=1.0).fit(X).eigenvalues_.round(4)
    array([0.8647, 0.8647])
    """

    _parameter_constraints = {
        "n_components": [Interval(Integral, 1, None, closed="left"), None],
        "kernel": [StrOptions({"linear", "poly", "polynomial", "rbf", "sigmoid", "cosine",
                               "laplacian", "precomputed"}), "callable"],
        "gamma": [Interval(Real, 0, None, closed="left"), None],
        "degree": [Interval(Real, 0, None, closed="left")],
        "coef0": [Interval(Real, None, None, closed="neither")],
        "kernel_params": [dict, None],
        "remove_zero_eig": ["boolean"],
    }

    def __init__(self, n_components: int | None = None, *, kernel: Any = "linear",
                 gamma: float | None = None, degree: int = 3, coef0: float = 1,
                 kernel_params: dict | None = None, remove_zero_eig: bool = False) -> None:
        self.n_components = n_components
        self.kernel = kernel
        self.gamma = gamma
        self.degree = degree
        self.coef0 = coef0
        self.kernel_params = kernel_params
        self.remove_zero_eig = remove_zero_eig

    def _kernel(self, X, Y=None):
        if callable(self.kernel):
            return pairwise_kernels(X, Y, metric=self.kernel, **(self.kernel_params or {}))
        params = {"gamma": self.gamma_, "degree": self.degree, "coef0": self.coef0}
        return pairwise_kernels(X, Y, metric=self.kernel, filter_params=True, **params)

    def fit(self, X: Any, y: Any = None) -> KernelPCA:
        """Eigen-decompose the centred kernel matrix of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self : KernelPCA
        """
        self._validate_params()
        X = validate_floating(self, X, reset=True)
        self.gamma_ = 1.0 / X.shape[1] if self.gamma is None else self.gamma
        self.X_fit_ = X
        K = self._kernel(X)
        n = K.shape[0]
        # Double centring H K H: the kernel of the mean-subtracted feature vectors.
        self._K_fit_rows = K.mean(axis=0)
        self._K_fit_all = self._K_fit_rows.mean()
        Kc = K - self._K_fit_rows[None, :] - K.mean(axis=1)[:, None] + self._K_fit_all
        k = n if self.n_components is None else min(n, self.n_components)
        lam, A = np.linalg.eigh(Kc)
        lam, A = lam[n - k:], A[:, n - k:]
        # Eigenvalues below 1e-12 of the largest (round-off, or a kernel that is not PSD,
        # such as the sigmoid) are zero: those directions have no variance to project on.
        lam = np.where(lam < 1e-12 * max(lam.max(initial=0.0), 0.0), 0.0, lam)
        A, _ = svd_flip(A, None, u_based_decision=True)
        order = lam.argsort()[::-1]
        lam, A = lam[order], A[:, order]
        if self.remove_zero_eig or self.n_components is None:
            keep = lam > 0
            lam, A = lam[keep], A[:, keep]
        self.eigenvalues_ = lam
        self.eigenvectors_ = A
        return self

    def fit_transform(self, X: Any, y: Any = None) -> np.ndarray:
        """Fit and return the training projections a_j sqrt(eigenvalue_j)."""
        self.fit(X)
        return self.eigenvectors_ * np.sqrt(self.eigenvalues_)

    def transform(self, X: Any) -> np.ndarray:
        """Project ``X``: k_c(X, X_fit_) a_j / sqrt(eigenvalue_j).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_components)
        """
        check_is_fitted(self)
        X = validate_floating(self, X, reset=False)
        K = self._kernel(X, self.X_fit_)
        Kc = K - self._K_fit_rows[None, :] - K.mean(axis=1)[:, None] + self._K_fit_all
        nonzero = self.eigenvalues_ != 0
        scaled = np.zeros_like(self.eigenvectors_)
        scaled[:, nonzero] = self.eigenvectors_[:, nonzero] / np.sqrt(self.eigenvalues_[nonzero])
        return Kc @ scaled
