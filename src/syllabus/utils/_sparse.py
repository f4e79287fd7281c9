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


def csc_from_columns(columns: list[np.ndarray], n_samples: int, *, like: Any = None) -> Any:
    """A CSC matrix whose ``k``-th column holds the non-zeros of ``columns[k]``.

    Parameters
    ----------
    columns : list of ndarray of shape (n_samples,)
        Dense columns (one per output).
    n_samples : int
    like : sparse matrix or array, optional
        The result has its container kind (``csc_array`` for a sparse array, else
        ``csc_matrix``). SciPy is imported here only: a sparse input proves it is installed.

    Returns
    -------
    sparse matrix of shape (n_samples, len(columns))
    """
    import scipy.sparse as sp  # optional dependency: only reached with sparse input

    indices = [np.flatnonzero(c) for c in columns]
    data = np.concatenate([c[i] for c, i in zip(columns, indices)]) if columns else np.empty(0)
    indptr = np.concatenate([[0], np.cumsum([len(i) for i in indices])])
    flat = np.concatenate(indices) if indices else np.empty(0, dtype=np.intp)
    cls = sp.csc_array if isinstance(like, sp.sparray) else sp.csc_matrix
    return cls((data, flat, indptr), shape=(n_samples, len(columns)))
