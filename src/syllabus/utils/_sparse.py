"""Helpers for ``scipy.sparse`` input: the one place estimators ask "is X sparse?".

SciPy stays optional: a sparse matrix can only reach these functions if the user has SciPy,
so nothing here imports it at module level.
"""

from __future__ import annotations

from typing import Any

import numba
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


def sparse_column_mean(X: Any, sample_weight: np.ndarray | None = None) -> np.ndarray:
    """Weighted mean of each column of a sparse matrix, zeros included: ``w^T X / sum(w)``
    (one sparse product).

    Parameters
    ----------
    X : sparse matrix of shape (n_samples, n_features)
    sample_weight : ndarray of shape (n_samples,), optional

    Returns
    -------
    mean : ndarray of shape (n_features,)
    """
    n_samples = X.shape[0]
    w = np.ones(n_samples) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    return np.asarray(safe_sparse_dot(w, X), dtype=np.float64).reshape(-1) / w.sum()


def sparse_column_mean_var(X: Any, sample_weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Weighted mean and (biased) variance of each column of a sparse matrix, zeros included.

    Computed from the stored values only: $\\bar x_j = \\sum_i w_i x_{ij} / \\sum_i w_i$
    (:func:`sparse_column_mean`) and $\\sigma_j^2 = (\\sum_{i \\text{ stored}} w_i (x_{ij} -
    \\bar x_j)^2 + \\bar x_j^2 \\sum_{i \\text{ not stored}} w_i) / \\sum_i w_i$, the
    deviations taken from the mean rather than as ``E[x^2] - mean^2`` (no cancellation).

    Parameters
    ----------
    X : sparse matrix of shape (n_samples, n_features)
    sample_weight : ndarray of shape (n_samples,), optional

    Returns
    -------
    mean, var : ndarray of shape (n_features,)
    """
    n_samples, n_features = X.shape
    if X.format == "csr":  # the (row, column) of each stored value, without converting
        rows = np.repeat(np.arange(n_samples), np.diff(X.indptr))
        cols, values = X.indices, X.data.astype(np.float64)
    else:
        csc = X.tocsc()
        rows = csc.indices
        cols = np.repeat(np.arange(n_features), np.diff(csc.indptr))
        values = csc.data.astype(np.float64)
    mean = sparse_column_mean(X, sample_weight)
    dev2 = (values - mean[cols]) ** 2
    if sample_weight is None:
        total = float(n_samples)
        stored_weight = np.bincount(cols, minlength=n_features).astype(np.float64)
    else:
        w = np.asarray(sample_weight, dtype=np.float64)
        total, w_stored = w.sum(), w[rows]
        stored_weight = np.bincount(cols, weights=w_stored, minlength=n_features)
        dev2 *= w_stored
    var = (np.bincount(cols, weights=dev2, minlength=n_features)
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


def sparse_row_norms_squared(X: Any) -> np.ndarray:
    """``||x_i||^2`` of each row of a sparse matrix, from its stored values (float64).

    Parameters
    ----------
    X : sparse matrix of shape (n_samples, n_features)

    Returns
    -------
    ndarray of shape (n_samples,)
    """
    csr = X.tocsr()
    values = csr.data.astype(np.float64)
    rows = np.repeat(np.arange(csr.shape[0]), np.diff(csr.indptr))
    return np.bincount(rows, weights=values * values, minlength=csr.shape[0])


def sparse_manhattan(X: Any, Y: Any) -> np.ndarray:
    """L1 distances between the rows of two CSR matrices with sorted indices (float64).

    Each pair merges the two sorted lists of stored columns: ``sum_k |x_k - y_k|`` over
    the columns stored in either row (the others contribute 0).

    Parameters
    ----------
    X : CSR matrix of shape (n_X, n_features), sorted indices
    Y : CSR matrix of shape (n_Y, n_features), sorted indices

    Returns
    -------
    ndarray of shape (n_X, n_Y)
    """
    out = np.empty((X.shape[0], Y.shape[0]))
    _manhattan_csr(X.data.astype(np.float64), X.indices, X.indptr,
                   Y.data.astype(np.float64), Y.indices, Y.indptr, out)
    return out


@numba.njit(cache=True)
def _manhattan_csr(x_data, x_ind, x_ptr, y_data, y_ind, y_ptr, out):
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            a, a_end = x_ptr[i], x_ptr[i + 1]
            b, b_end = y_ptr[j], y_ptr[j + 1]
            total = 0.0
            while a < a_end and b < b_end:  # merge the two sorted column lists
                if x_ind[a] == y_ind[b]:
                    total += abs(x_data[a] - y_data[b])
                    a += 1
                    b += 1
                elif x_ind[a] < y_ind[b]:
                    total += abs(x_data[a])
                    a += 1
                else:
                    total += abs(y_data[b])
                    b += 1
            for k in range(a, a_end):
                total += abs(x_data[k])
            for k in range(b, b_end):
                total += abs(y_data[k])
            out[i, j] = total


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


def csr_from_arrays(data: np.ndarray, indices: np.ndarray, indptr: np.ndarray,
                    shape: tuple[int, int]) -> Any:
    """A ``scipy.sparse.csr_matrix`` from its three arrays (graphs of neighbours).

    SciPy is optional for syllabus: this is the one place a dense input can ask for a sparse
    output, so a missing SciPy gets a clear error here.
    """
    try:
        import scipy.sparse as sp  # optional dependency: only the sparse outputs need it
    except ImportError as error:  # pragma: no cover - SciPy is installed where tests run
        raise ImportError("Neighbour graphs are scipy.sparse matrices: install SciPy "
                          "(pip install scipy) to build them.") from error
    return sp.csr_matrix((data, indices, indptr), shape=shape)


def implicit_column_offset(X: Any, offset: np.ndarray) -> Any:
    """``X - 1 offset^T`` as a SciPy ``LinearOperator``: the centred matrix, never built.

    ``(X - 1 m^T) v = X v - (m . v) 1`` and ``(X - 1 m^T)^T u = X^T u - m (1 . u)``, so a
    sparse ``X`` stays sparse (PCA's ARPACK solver on sparse input).

    Parameters
    ----------
    X : sparse matrix or ndarray of shape (n_samples, n_features)
    offset : ndarray of shape (n_features,)

    Returns
    -------
    scipy.sparse.linalg.LinearOperator of shape (n_samples, n_features)
    """
    from scipy.sparse.linalg import LinearOperator  # only reached with SciPy installed

    offset = np.asarray(offset, dtype=np.float64)[None, :]
    XT = X.T

    def matvec(v):
        return safe_sparse_dot(X, v) - offset @ v

    def rmatvec(u):
        return safe_sparse_dot(XT, u) - offset.T @ (np.ones((1, X.shape[0])) @ u)

    return LinearOperator(shape=X.shape, matvec=matvec, matmat=matvec, rmatvec=rmatvec,
                          rmatmat=rmatvec, dtype=np.float64)


def sparse_group_sums(X: Any, weights: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """``sum_{i in group g} w_i x_i`` for each group, from a CSR ``X`` (dense result).

    One pass over the stored values (the zeros add nothing).

    Parameters
    ----------
    X : CSR matrix of shape (n_samples, n_features)
    weights : ndarray of shape (n_samples,)
    groups : ndarray of int of shape (n_samples,), values in ``[0, n_groups)``
    n_groups : int

    Returns
    -------
    ndarray of shape (n_groups, n_features)
    """
    out = np.zeros((n_groups, X.shape[1]))
    _csr_group_sums(X.data.astype(np.float64, copy=False), X.indices, X.indptr,
                    np.asarray(weights, dtype=np.float64), np.asarray(groups), out)
    return out


@numba.njit(cache=True)
def _csr_group_sums(data, indices, indptr, weights, groups, out):
    for i in range(groups.shape[0]):
        g, w = groups[i], weights[i]
        for p in range(indptr[i], indptr[i + 1]):
            out[g, indices[p]] += w * data[p]


def sparse_row_dots(X: Any, Y: np.ndarray, rows_of_Y: np.ndarray) -> np.ndarray:
    """``x_i . y_{r_i}`` for each row of a CSR matrix and a chosen row of a dense array.

    (E.g. each sample with its cluster centre, without building the n x d array ``Y[r]``.)

    Parameters
    ----------
    X : CSR matrix of shape (n_samples, n_features)
    Y : ndarray of shape (n_rows, n_features)
    rows_of_Y : ndarray of int of shape (n_samples,)

    Returns
    -------
    ndarray of shape (n_samples,)
    """
    out = np.empty(X.shape[0])
    _csr_row_dots(X.data.astype(np.float64, copy=False), X.indices, X.indptr,
                  np.ascontiguousarray(Y, dtype=np.float64), np.asarray(rows_of_Y), out)
    return out


@numba.njit(cache=True)
def _csr_row_dots(data, indices, indptr, Y, rows, out):
    for i in range(out.shape[0]):
        total = 0.0
        r = rows[i]
        for p in range(indptr[i], indptr[i + 1]):
            total += data[p] * Y[r, indices[p]]
        out[i] = total
