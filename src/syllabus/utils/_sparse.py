"""Helpers for ``scipy.sparse`` input: the one place estimators ask "is X sparse?".

SciPy stays optional: a sparse matrix can only reach these functions if the user has SciPy,
so nothing here imports it at module level.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import _is_sparse

issparse = _is_sparse


def safe_sparse_dot(a: Any, b: Any, *, dense_output: bool = True) -> Any:
    """``a @ b`` for any mix of dense arrays and sparse matrices.

    Parameters
    ----------
    a, b : ndarray or sparse matrix
    dense_output : bool, default=True
        Return an ndarray even when both operands are sparse.

    Returns
    -------
    ndarray or sparse matrix
    """
    product = a @ b
    if dense_output and _is_sparse(product):
        return product.toarray()
    return np.asarray(product) if type(product).__name__ == "matrix" else product


def sparse_column_mean_var(X: Any, sample_weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Weighted mean and (biased) variance of each column of a sparse matrix, zeros included.

    Computed from the stored values only: $\\bar x_j = \\sum_i w_i x_{ij} / \\sum_i w_i$ and
    $\\sigma_j^2 = \\sum_i w_i x_{ij}^2 / \\sum_i w_i - \\bar x_j^2$ with the second form
    corrected for cancellation by a pass over the stored values.

    Parameters
    ----------
    X : sparse matrix of shape (n_samples, n_features)
    sample_weight : ndarray of shape (n_samples,), optional

    Returns
    -------
    mean, var : ndarray of shape (n_features,)
    """
    csc = X.tocsc()
    n_samples, n_features = csc.shape
    w = np.ones(n_samples) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    total = w.sum()
    rows = csc.indices
    cols = np.repeat(np.arange(n_features), np.diff(csc.indptr))
    values = csc.data.astype(np.float64)
    mean = np.bincount(cols, weights=w[rows] * values, minlength=n_features) / total
    # Stored values deviate by (x - mean); the implicit zeros each deviate by -mean.
    stored_weight = np.bincount(cols, weights=w[rows], minlength=n_features)
    dev = values - mean[cols]
    var = (np.bincount(cols, weights=w[rows] * dev**2, minlength=n_features)
           + (total - stored_weight) * mean**2) / total
    return mean, var


def append_constant_column(X: Any, value: float = 1.0) -> Any:
    """``[X, value]``: ``X`` with a constant last column (a sparse ``X`` stays CSR)."""
    column = np.full((X.shape[0], 1), value, dtype=X.dtype)
    if _is_sparse(X):
        import scipy.sparse as sp  # only reached with a scipy.sparse X

        return sp.hstack([X, column], format="csr")
    return np.hstack([X, column])


def scale_rows(X: Any, s: np.ndarray) -> Any:
    """``diag(s) @ X`` for a dense array or a sparse matrix (kept sparse)."""
    if _is_sparse(X):
        return X.multiply(s[:, None]).tocsr()
    return X * s[:, None]
