"""The design matrix of the least-squares models, centred and row-weighted without a copy.

Fitting an intercept amounts to solving the problem on centred data ``X - 1 mu^T`` (the
intercept is then ``y_mean - mu . w``), and sample weights to scaling row ``i`` by
``sqrt(s_i)``. For a dense ``X`` the centred copy is cheap and the direct solvers want it;
for a sparse ``X`` centring would fill every zero, so :class:`Design` keeps ``X`` as it is
and applies the centring and the weights inside each product::

    A v   = sqrt(s) * (X v - mu . v)
    A^T u = X^T (sqrt(s) * u) - mu * sum(sqrt(s) * u)

which is all an iterative solver (conjugate gradient, LSQR) needs, and from which the Gram
matrix ``A^T A = X^T S X - (sum s) mu mu^T`` is formed exactly with one sparse product.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..utils import check_is_fitted
from ..utils._sparse import issparse, safe_sparse_dot, sparse_column_mean
from ..utils._validation import FLOAT_DTYPES, validate_float_data, validate_floating  # noqa: F401  (re-exported)


def weighted_offsets(X: Any, y: np.ndarray, sample_weight: np.ndarray | None,
                     fit_intercept: bool) -> tuple[np.ndarray, np.ndarray | float]:
    """(Weighted) column means of ``X`` and ``y``; zeros without an intercept."""
    dtype = X.dtype
    if not fit_intercept:
        y_offset = np.zeros(y.shape[1], dtype=dtype) if y.ndim == 2 else dtype.type(0.0)
        return np.zeros(X.shape[1], dtype=dtype), y_offset
    if issparse(X):
        X_offset = sparse_column_mean(X, sample_weight).astype(dtype)
    else:
        X_offset = np.average(X, axis=0, weights=sample_weight).astype(dtype, copy=False)
    y_offset = np.average(y, axis=0, weights=sample_weight)
    return X_offset, (y_offset.astype(dtype) if y.ndim == 2 else dtype.type(y_offset))


class Design:
    """``A = diag(sqrt_sw) (X - 1 mu^T)`` as a linear operator (see the module docstring).

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n_samples, n_features)
    offset : ndarray of shape (n_features,)
        ``mu`` (zeros: no centring).
    sqrt_sw : ndarray of shape (n_samples,) or None
        Square roots of the sample weights (None: unweighted).
    """

    def __init__(self, X: Any, offset: np.ndarray, sqrt_sw: np.ndarray | None) -> None:
        self.X, self.offset, self.sqrt_sw = X, offset, sqrt_sw
        self.shape = X.shape
        self.dtype = X.dtype
        self.sparse = issparse(X)
        self.centred = bool(np.any(offset != 0))

    def _scale(self, u: np.ndarray) -> np.ndarray:
        if self.sqrt_sw is None:
            return u
        return u * (self.sqrt_sw if u.ndim == 1 else self.sqrt_sw[:, None])

    def matvec(self, v: np.ndarray) -> np.ndarray:
        """``A v`` for ``v`` of shape (n_features,) or (n_features, k)."""
        out = safe_sparse_dot(self.X, v)
        if self.centred:
            out = out - self.offset @ v
        return self._scale(out)

    def rmatvec(self, u: np.ndarray) -> np.ndarray:
        """``A^T u`` for ``u`` of shape (n_samples,) or (n_samples, k)."""
        su = self._scale(u)
        out = safe_sparse_dot(self.X.T, su)
        if self.centred:
            out = out - (np.outer(self.offset, su.sum(axis=0)) if su.ndim == 2
                         else self.offset * su.sum())
        return out

    def weights(self) -> np.ndarray:
        n = self.shape[0]
        return np.ones(n, dtype=self.dtype) if self.sqrt_sw is None else self.sqrt_sw**2

    def gram(self) -> np.ndarray:
        """``A^T A`` (dense, n_features x n_features), exact, without densifying ``X``."""
        X = self.X
        if self.sparse:
            XS = X if self.sqrt_sw is None else X.multiply(self.sqrt_sw[:, None]).tocsr()
            G = safe_sparse_dot(XS.T, XS)
        else:
            XS = self._scale(X)
            G = XS.T @ XS
        if self.centred:
            sw = self.weights()
            colsum = self.rmatvec_raw_weighted(sw)  # X^T s
            mu = self.offset
            G = G - np.outer(colsum, mu) - np.outer(mu, colsum) + sw.sum() * np.outer(mu, mu)
        return np.asarray(G)

    def rmatvec_raw_weighted(self, sw: np.ndarray) -> np.ndarray:
        """``X^T s`` (no centring)."""
        return safe_sparse_dot(self.X.T, sw)

    def kernel(self) -> np.ndarray:
        """``A A^T`` (dense, n_samples x n_samples)."""
        X = self.X
        K = np.asarray(safe_sparse_dot(X, X.T)) if self.sparse else X @ X.T
        if self.centred:
            Xmu = safe_sparse_dot(X, self.offset)
            K = K - Xmu[:, None] - Xmu[None, :] + self.offset @ self.offset
        if self.sqrt_sw is not None:
            K = K * np.outer(self.sqrt_sw, self.sqrt_sw)
        return K

    def dense(self) -> np.ndarray:
        """``A`` itself as a new dense array (for the solvers that factorise it)."""
        X = self.X.toarray() if self.sparse else np.array(self.X)
        if self.centred:
            X -= self.offset
        return self._scale(X)

    def column_norms2(self) -> np.ndarray:
        """``||a_j||^2`` for each column of ``A``."""
        sw = self.weights()
        if self.sparse:
            squares = safe_sparse_dot(self.X.multiply(self.X).T, sw)
        else:
            squares = np.einsum("ij,ij,i->j", self.X, self.X, sw)
        if not self.centred:
            return squares
        mu = self.offset
        return squares - 2 * mu * self.rmatvec_raw_weighted(sw) + mu**2 * sw.sum()


class FloatSparsePredictMixin:
    """``predict`` of the least-squares models on dense or sparse ``X``, in ``X``'s float
    dtype (float32 stays float32, as in scikit-learn)."""

    def _decision_function(self, X: Any) -> np.ndarray:
        check_is_fitted(self)
        X = validate_floating(self, X, reset=False, dtypes=FLOAT_DTYPES,
                              accept_sparse=["csr", "csc", "coo"])
        coef = np.asarray(self.coef_).astype(X.dtype, copy=False)
        return safe_sparse_dot(X, coef.T) + np.asarray(self.intercept_, dtype=X.dtype)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags
