"""Kernel functions: the Gram matrices of SVC, KernelRidge and the demos, written once.

A kernel ``k(x, z) = <phi(x), phi(z)>`` is an inner product in some feature space; the
kernel trick evaluates it without building ``phi``. Every function here takes two sample
matrices ``X`` (n_X, d) and ``Y`` (n_Y, d) (``Y=None`` means ``Y = X``) and returns the
(n_X, n_Y) matrix ``K[i, j] = k(X[i], Y[j])``, with scikit-learn's signatures, defaults and
values (``sklearn.metrics.pairwise``). Everything is a handful of BLAS products: squared
distances come from ``||x||^2 + ||z||^2 - 2 x.z``, never from a loop over pairs.

Float32 inputs (both ``X`` and ``Y``) give float32 kernels (except the L1-based Laplacian
kernel, float64 as in scikit-learn); anything else gives float64.

``scipy.sparse`` inputs are accepted as scikit-learn accepts them (converted to CSR, never
to a dense copy): the inner products are sparse products, the squared norms sums over the
stored values, and the L1 distance merges the stored indices of each pair of rows.
"""

from __future__ import annotations

from collections.abc import Callable
from numbers import Real
from typing import Any

import numpy as np

from .utils import Interval, check_array, validate_params
from .utils._distances import (
    OTHER_CODES,
    SPARSE_METRICS,
    minkowski_root,
    other_pairs,
    power_sums,
    quadratic_form_distances,
    resolve_metric,
)
from .utils._sparse import issparse, safe_sparse_dot, sparse_manhattan, sparse_row_norms_squared

__all__ = [
    "PAIRWISE_DISTANCE_FUNCTIONS",
    "PAIRWISE_KERNEL_FUNCTIONS",
    "cosine_distances",
    "cosine_similarity",
    "euclidean_distances",
    "is_positive_semidefinite",
    "laplacian_kernel",
    "linear_kernel",
    "manhattan_distances",
    "pairwise_distances",
    "pairwise_kernels",
    "polynomial_kernel",
    "rbf_kernel",
    "sigmoid_kernel",
]

# Rows of X per chunk when a kernel needs an (n_X, n_Y, d) intermediate (the L1 distance):
# keeps the temporary near 32 MB whatever the problem size.
_CHUNK_ELEMENTS = 1 << 22

_GAMMA = [Interval(Real, 0, None, closed="left"), None]


def _check_pair(X: Any, Y: Any, allow_nan: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Validate ``X`` and ``Y`` as finite 2-D float arrays with the same number of columns.

    ``Y is None`` returns ``X`` twice (the same object, so callers can detect a square
    symmetric problem with ``Y is X``).
    """
    x_dtype = getattr(X, "dtype", None)
    y_dtype = x_dtype if Y is None else getattr(Y, "dtype", None)
    dtype = np.float32 if x_dtype == y_dtype == np.float32 else np.float64
    # Validate as numeric first (rejects complex data), then cast.
    finite = "allow-nan" if allow_nan else True
    X = check_array(X, accept_sparse="csr", estimator="check_pairwise_arrays",
                    ensure_all_finite=finite).astype(dtype, copy=False)
    if Y is None or Y is X:
        return X, X
    Y = check_array(Y, input_name="Y", accept_sparse="csr", estimator="check_pairwise_arrays",
                    ensure_all_finite=finite).astype(dtype, copy=False)
    if X.shape[1] != Y.shape[1]:
        raise ValueError(
            "Incompatible dimension for X and Y matrices: "
            f"X.shape[1] == {X.shape[1]} while Y.shape[1] == {Y.shape[1]}"
        )
    return X, Y


def _default_gamma(gamma: float | None, X: np.ndarray) -> float:
    # scikit-learn's default: 1 / n_features.
    return 1.0 / X.shape[1] if gamma is None else float(gamma)


def _row_norms_squared(X: Any) -> np.ndarray:
    """``||x_i||^2`` of each row, dense or sparse."""
    return sparse_row_norms_squared(X) if issparse(X) else np.einsum("ij,ij->i", X, X)


def _squared_distances(X: Any, Y: Any, x_sq: np.ndarray | None = None,
                       y_sq: np.ndarray | None = None) -> np.ndarray:
    """||x_i - y_j||^2 for all pairs, as ||x||^2 + ||y||^2 - 2 x.y (one GEMM), clipped at 0.

    Float32 inputs are upcast so the cancellation in the expansion costs no accuracy.
    ``x_sq``/``y_sq`` are the squared row norms when the caller has them.
    """
    out_dtype = X.dtype
    symmetric = Y is X
    if X.dtype == np.float32:
        X = X.astype(np.float64)
        Y = X if symmetric else Y.astype(np.float64)
    x_sq = _row_norms_squared(X) if x_sq is None else np.asarray(x_sq, np.float64).ravel()
    if y_sq is None:
        y_sq = x_sq if symmetric else _row_norms_squared(Y)
    else:
        y_sq = np.asarray(y_sq, np.float64).ravel()
    D = safe_sparse_dot(X, Y.T)
    D *= -2.0
    D += x_sq[:, None]
    D += y_sq[None, :]
    np.maximum(D, 0.0, out=D)  # round-off can make tiny distances negative
    if symmetric:
        np.fill_diagonal(D, 0.0)  # exact zeros on the diagonal, as scikit-learn does
    return D.astype(out_dtype, copy=False)


def euclidean_distances(X: Any, Y: Any = None, *, Y_norm_squared: Any = None,
                        squared: bool = False, X_norm_squared: Any = None) -> np.ndarray:
    """Euclidean distances between the rows of ``X`` and ``Y``.

    Parameters
    ----------
    X : array-like of shape (n_samples_X, n_features)
    Y : array-like of shape (n_samples_Y, n_features), default=None
        ``None`` means ``Y = X``.
    Y_norm_squared : array-like of shape (n_samples_Y,), default=None
        Precomputed ``||y_j||^2`` (as scikit-learn: saves their computation).
    squared : bool, default=False
        Return squared distances.
    X_norm_squared : array-like of shape (n_samples_X,), default=None
        Precomputed ``||x_i||^2``.

    Returns
    -------
    ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> euclidean_distances([[0.0, 0.0]], [[3.0, 4.0]])
    array([[5.]])
    """
    X, Y = _check_pair(X, Y)
    x_sq = _checked_norms(X_norm_squared, X, "X")
    y_sq = _checked_norms(Y_norm_squared, Y, "Y")
    if Y is X and y_sq is None:
        y_sq = x_sq
    D = _squared_distances(X, Y, x_sq, y_sq)
    return D if squared else np.sqrt(D, out=D)


def _checked_norms(norms: Any, X: Any, name: str) -> np.ndarray | None:
    """Precomputed squared norms as a vector, with scikit-learn's shape check.

    float32 norms are too coarse for the ``|x|^2 - 2 x.y + |y|^2`` expansion (its cancellation
    magnifies their 1e-7 relative error): like scikit-learn, recompute them instead (None).
    """
    if norms is None:
        return None
    norms = np.asarray(norms)
    if norms.size != X.shape[0] or (norms.ndim == 2 and 1 not in norms.shape) or norms.ndim > 2:
        raise ValueError(
            f"Incompatible dimensions for {name} of shape {X.shape} and {name}_norm_squared of "
            f"shape {norms.shape}."
        )
    if norms.dtype == np.float32:
        return None
    return norms.astype(np.float64).ravel()


def manhattan_distances(X: Any, Y: Any = None) -> np.ndarray:
    """L1 distances ``sum_k |x_ik - y_jk|`` between the rows of ``X`` and ``Y``.

    Computed by broadcasting over blocks of rows of ``X`` (no loop over pairs).

    Parameters
    ----------
    X : array-like of shape (n_samples_X, n_features)
    Y : array-like of shape (n_samples_Y, n_features), default=None

    Returns
    -------
    ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> manhattan_distances([[0.0, 0.0]], [[3.0, -4.0]])
    array([[7.]])
    """
    X, Y = _check_pair(X, Y)
    return _manhattan(X, Y)


def _manhattan(X: Any, Y: Any) -> np.ndarray:
    # Always float64, like scikit-learn's (the L1 kernel of float32 data is float64 there too).
    X, Y = X.astype(np.float64, copy=False), Y.astype(np.float64, copy=False)
    if issparse(X) or issparse(Y):
        return sparse_manhattan(_as_csr(X, like=Y), _as_csr(Y, like=X))
    n_x, n_y, d = X.shape[0], Y.shape[0], X.shape[1]
    out = np.empty((n_x, n_y), dtype=X.dtype)
    step = max(1, _CHUNK_ELEMENTS // max(1, n_y * d))
    for start in range(0, n_x, step):
        block = X[start:start + step, None, :] - Y[None, :, :]
        np.abs(block, out=block)
        block.sum(axis=2, out=out[start:start + step])
    return out


def _as_csr(X: Any, like: Any) -> Any:
    """A CSR matrix with sorted indices; a dense ``X`` (paired with a sparse ``like``) is
    converted by ``like``'s own class, so SciPy is never imported here."""
    if not issparse(X):
        return type(like)(X).tocsr()
    X = X.tocsr()
    if not X.has_sorted_indices:
        X = X.sorted_indices()
    return X


def linear_kernel(X: Any, Y: Any = None, dense_output: bool = True) -> np.ndarray:
    """Linear kernel ``k(x, y) = x^T y``.

    Parameters
    ----------
    X : array-like of shape (n_samples_X, n_features)
    Y : array-like of shape (n_samples_Y, n_features), default=None
        ``None`` means ``Y = X``.
    dense_output : bool, default=True
        With both inputs sparse, ``False`` returns the sparse product.

    Returns
    -------
    ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> linear_kernel([[1.0, 2.0]], [[3.0, 4.0]])
    array([[11.]])
    """
    X, Y = _check_pair(X, Y)
    return safe_sparse_dot(X, Y.T, dense_output=dense_output)


def polynomial_kernel(
    X: Any, Y: Any = None, degree: float = 3, gamma: float | None = None, coef0: float = 1
) -> np.ndarray:
    """Polynomial kernel ``k(x, y) = (gamma x^T y + coef0)^degree``.

    ``coef0=0`` gives the monomials of degree exactly ``degree``; ``coef0=1`` all monomials
    up to ``degree`` (the kernel lecture's "simple polynomial kernel").

    Parameters
    ----------
    X : array-like of shape (n_samples_X, n_features)
    Y : array-like of shape (n_samples_Y, n_features), default=None
    degree : float, default=3
    gamma : float, default=None
        ``None`` means ``1 / n_features``.
    coef0 : float, default=1

    Returns
    -------
    ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> polynomial_kernel([[1.0, 2.0]], [[3.0, 4.0]], degree=2, gamma=1.0, coef0=1.0)
    array([[144.]])
    """
    validate_params(
        {"degree": [Interval(Real, 1, None, closed="left")], "gamma": _GAMMA,
         "coef0": [Interval(Real, None, None)]},
        {"degree": degree, "gamma": gamma, "coef0": coef0},
        "polynomial_kernel",
    )
    X, Y = _check_pair(X, Y)
    K = safe_sparse_dot(X, Y.T)
    K *= _default_gamma(gamma, X)
    K += coef0
    K **= degree
    return K


def sigmoid_kernel(
    X: Any, Y: Any = None, gamma: float | None = None, coef0: float = 1
) -> np.ndarray:
    """Sigmoid kernel ``k(x, y) = tanh(gamma x^T y + coef0)`` (not PSD in general).

    Parameters
    ----------
    X : array-like of shape (n_samples_X, n_features)
    Y : array-like of shape (n_samples_Y, n_features), default=None
    gamma : float, default=None
        ``None`` means ``1 / n_features``.
    coef0 : float, default=1

    Returns
    -------
    ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> sigmoid_kernel([[0.0, 0.0]], [[1.0, 1.0]], coef0=0.0)
    array([[0.]])
    """
    validate_params(
        {"gamma": _GAMMA, "coef0": [Interval(Real, None, None)]},
        {"gamma": gamma, "coef0": coef0},
        "sigmoid_kernel",
    )
    X, Y = _check_pair(X, Y)
    K = safe_sparse_dot(X, Y.T)
    K *= _default_gamma(gamma, X)
    K += coef0
    return np.tanh(K, out=K)


def rbf_kernel(X: Any, Y: Any = None, gamma: float | None = None) -> np.ndarray:
    """Gaussian (RBF) kernel ``k(x, y) = exp(-gamma ||x - y||^2)``.

    In the lecture's notation ``k(x, y) = exp(-||x - y||^2 / (2 sigma^2))``, so
    ``gamma = 1 / (2 sigma^2)``.

    Parameters
    ----------
    X : array-like of shape (n_samples_X, n_features)
    Y : array-like of shape (n_samples_Y, n_features), default=None
    gamma : float, default=None
        ``None`` means ``1 / n_features``.

    Returns
    -------
    ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> rbf_kernel([[0.0]], [[1.0], [2.0]], gamma=0.5).round(4)
    array([[0.6065, 0.1353]])
    """
    validate_params({"gamma": _GAMMA}, {"gamma": gamma}, "rbf_kernel")
    X, Y = _check_pair(X, Y)
    K = _squared_distances(X, Y)
    K *= -_default_gamma(gamma, X)
    return np.exp(K, out=K)


def laplacian_kernel(X: Any, Y: Any = None, gamma: float | None = None) -> np.ndarray:
    """Laplacian kernel ``k(x, y) = exp(-gamma ||x - y||_1)``.

    Parameters
    ----------
    X : array-like of shape (n_samples_X, n_features)
    Y : array-like of shape (n_samples_Y, n_features), default=None
    gamma : float, default=None
        ``None`` means ``1 / n_features``.

    Returns
    -------
    ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> laplacian_kernel([[0.0, 0.0]], [[1.0, -1.0]], gamma=1.0).round(4)
    array([[0.1353]])
    """
    validate_params({"gamma": _GAMMA}, {"gamma": gamma}, "laplacian_kernel")
    X, Y = _check_pair(X, Y)
    K = _manhattan(X, Y)
    K *= -_default_gamma(gamma, X)
    return np.exp(K, out=K)


def cosine_similarity(X: Any, Y: Any = None, dense_output: bool = True) -> np.ndarray:
    """Cosine similarity ``k(x, y) = x^T y / (||x|| ||y||)``; an all-zero row gives 0.

    Parameters
    ----------
    X : array-like of shape (n_samples_X, n_features)
    Y : array-like of shape (n_samples_Y, n_features), default=None
    dense_output : bool, default=True
        With both inputs sparse, ``False`` returns the sparse product.

    Returns
    -------
    ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> cosine_similarity([[1.0, 0.0]], [[1.0, 1.0], [0.0, 2.0]]).round(4)
    array([[0.7071, 0.    ]])
    """
    X, Y = _check_pair(X, Y)
    X_unit = unit_rows(X)
    Y_unit = X_unit if Y is X else unit_rows(Y)
    return safe_sparse_dot(X_unit, Y_unit.T, dense_output=dense_output)


def unit_rows(X: Any) -> Any:
    """The rows of ``X`` (dense or sparse) divided by their Euclidean norms; zero rows stay 0."""
    norms = np.sqrt(_row_norms_squared(X))
    norms[norms == 0.0] = 1.0  # a zero row stays zero instead of dividing by zero
    if issparse(X):
        return X.multiply(1.0 / norms[:, None]).tocsr()
    return X / norms[:, None]


PAIRWISE_KERNEL_FUNCTIONS: dict[str, Callable[..., np.ndarray]] = {
    "linear": linear_kernel,
    "poly": polynomial_kernel,
    "polynomial": polynomial_kernel,
    "rbf": rbf_kernel,
    "sigmoid": sigmoid_kernel,
    "cosine": cosine_similarity,
    "laplacian": laplacian_kernel,
}

# Keyword arguments each named kernel accepts (used by ``filter_params``).
_KERNEL_PARAMS = {
    "linear": (),
    "poly": ("gamma", "degree", "coef0"),
    "polynomial": ("gamma", "degree", "coef0"),
    "rbf": ("gamma",),
    "sigmoid": ("gamma", "coef0"),
    "cosine": (),
    "laplacian": ("gamma",),
}


def pairwise_kernels(
    X: Any,
    Y: Any = None,
    metric: str | Callable[..., float] = "linear",
    *,
    filter_params: bool = False,
    n_jobs: int | None = None,
    **kwds: Any,
) -> np.ndarray:
    """Kernel matrix between ``X`` and ``Y`` for a named kernel or a callable.

    Parameters
    ----------
    X : array-like of shape (n_samples_X, n_features), or (n_samples_X, n_samples_Y)
        when ``metric="precomputed"``.
    Y : array-like of shape (n_samples_Y, n_features), default=None
        ``None`` means ``Y = X``.
    metric : str or callable, default="linear"
        One of ``"linear"``, ``"poly"`` (alias ``"polynomial"``), ``"rbf"``, ``"sigmoid"``,
        ``"cosine"``, ``"laplacian"``, ``"precomputed"`` (``X`` is already the kernel), or
        a callable ``metric(x, y, **kwds) -> float`` applied to each pair of rows (as in
        scikit-learn: convenient, but a Python loop over pairs).
    filter_params : bool, default=False
        Drop keyword arguments the named kernel does not accept.
    n_jobs : int, default=None
        Kept for scikit-learn's signature: the kernels are BLAS products, computed in this
        process.
    **kwds
        Kernel parameters (``gamma``, ``degree``, ``coef0``) or the callable's.

    Returns
    -------
    ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> pairwise_kernels([[0.0], [1.0]], metric="rbf", gamma=1.0).round(4)
    array([[1.    , 0.3679],
           [0.3679, 1.    ]])
    """
    if isinstance(metric, str) and metric == "precomputed":
        return _check_precomputed(X, Y, "pairwise_kernels")
    if callable(metric):
        return _pairwise_callable(X, Y, metric, kwds)
    if not isinstance(metric, str) or metric not in PAIRWISE_KERNEL_FUNCTIONS:
        raise ValueError(
            f"Unknown kernel {metric!r}. Valid kernels are "
            f"{sorted(PAIRWISE_KERNEL_FUNCTIONS) + ['precomputed']} or a callable."
        )
    if filter_params:
        kwds = {k: v for k, v in kwds.items() if k in _KERNEL_PARAMS[metric]}
    return PAIRWISE_KERNEL_FUNCTIONS[metric](X, Y, **kwds)


def _pairwise_callable(X: Any, Y: Any, func: Callable[..., float], kwds: dict) -> np.ndarray:
    """``func(x, y, **kwds)`` for every pair of rows (a Python loop: scikit-learn's contract
    for a user's callable; sparse rows are passed as 1-row sparse matrices, as there)."""
    X, Y = _check_pair(X, Y)
    rows_x = [X[i:i + 1] for i in range(X.shape[0])] if issparse(X) else X
    rows_y = [Y[j:j + 1] for j in range(Y.shape[0])] if issparse(Y) else Y
    K = np.empty((X.shape[0], Y.shape[0]), dtype=np.float64)
    for i, x in enumerate(rows_x):
        for j, y in enumerate(rows_y):
            K[i, j] = func(x, y, **kwds)
    return K


def _check_precomputed(X: Any, Y: Any, name: str, accept_sparse: Any = False) -> Any:
    """A precomputed kernel or distance matrix: (n_queries, n_indexed), as scikit-learn's."""
    K = check_array(X, estimator=name, accept_sparse=accept_sparse)
    n_indexed = K.shape[0] if Y is None else check_array(
        Y, input_name="Y", estimator=name, accept_sparse=accept_sparse).shape[0]
    if K.shape[1] != n_indexed:
        raise ValueError("Precomputed metric requires shape (n_queries, n_indexed). Got "
                         f"({K.shape[0]}, {K.shape[1]}) for {n_indexed} indexed.")
    return K


def cosine_distances(X: Any, Y: Any = None) -> np.ndarray:
    """Cosine distances ``1 - x^T y / (||x|| ||y||)``, clipped to [0, 2].

    Parameters
    ----------
    X : array-like of shape (n_samples_X, n_features)
    Y : array-like of shape (n_samples_Y, n_features), default=None
        ``None`` means ``Y = X`` (and the diagonal is exactly 0, as scikit-learn's).

    Returns
    -------
    ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> cosine_distances([[1.0, 0.0]], [[2.0, 0.0], [0.0, 3.0]])
    array([[0., 1.]])
    """
    X, Y = _check_pair(X, Y)
    D = cosine_similarity(X, Y)
    D *= -1.0
    D += 1.0
    np.clip(D, 0.0, 2.0, out=D)
    if Y is X:
        np.fill_diagonal(D, 0.0)
    return D


PAIRWISE_DISTANCE_FUNCTIONS: dict[str, Callable[..., np.ndarray]] = {
    "cityblock": manhattan_distances,
    "cosine": cosine_distances,
    "euclidean": euclidean_distances,
    "l1": manhattan_distances,
    "l2": euclidean_distances,
    "manhattan": manhattan_distances,
}


def pairwise_distances(X: Any, Y: Any = None, metric: str | Callable[..., float] = "euclidean",
                       *, n_jobs: int | None = None, **kwds: Any) -> np.ndarray:
    """Distance matrix ``D[i, j] = d(X[i], Y[j])`` for a named metric or a callable.

    Parameters
    ----------
    X : array-like or sparse matrix of shape (n_samples_X, n_features), or
        (n_samples_X, n_samples_Y) when ``metric="precomputed"``.
    Y : array-like or sparse matrix of shape (n_samples_Y, n_features), default=None
        ``None`` means ``Y = X``.
    metric : str or callable, default="euclidean"
        ``"euclidean"`` (``"l2"``), ``"sqeuclidean"``, ``"manhattan"`` (``"cityblock"``,
        ``"l1"``), ``"chebyshev"`` (``"infinity"``), ``"minkowski"`` (``p``, optional weights
        ``w``), ``"seuclidean"`` (``V``), ``"mahalanobis"`` (``VI``), ``"cosine"``,
        ``"correlation"``, ``"haversine"`` (latitude and longitude in radians),
        ``"nan_euclidean"`` (NaN marks a missing coordinate),
        ``"hamming"``, ``"canberra"``, ``"braycurtis"``, the boolean ``"jaccard"``,
        ``"dice"``, ``"rogerstanimoto"``, ``"russellrao"``, ``"sokalmichener"``,
        ``"sokalsneath"``, ``"yule"`` (of ``x != 0``), ``"precomputed"`` or a callable
        ``metric(x, y, **kwds) -> float`` (a Python loop over pairs). Sparse input: the first
        four named (computed from the stored values, never densified).
    n_jobs : int, default=None
        Kept for scikit-learn's signature: the distances are computed in this process.
    **kwds
        The metric's parameters (``p``, ``w``, ``V``, ``VI``) or the callable's.

    Returns
    -------
    ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> pairwise_distances([[0.0, 0.0]], [[3.0, 4.0]], metric="chebyshev")
    array([[4.]])
    >>> pairwise_distances([[0.0, 0.0]], [[3.0, 4.0]], metric="minkowski", p=1)
    array([[7.]])
    """
    if isinstance(metric, str) and metric == "precomputed":
        D = _check_precomputed(X, Y, "pairwise_distances", accept_sparse="csr")
        if np.any((D.data if issparse(D) else D) < 0):
            raise ValueError("Negative values in data passed to precomputed distance matrix.")
        return D
    if callable(metric):
        return _pairwise_callable(X, Y, metric, kwds)
    if metric in ("seuclidean", "mahalanobis") and Y is None and not {"V", "VI"} & set(kwds):
        # scikit-learn's data-derived parameters: the variances / inverse covariance of X
        data = check_array(X, estimator="pairwise_distances")
        kwds = ({"V": np.var(data, axis=0, ddof=1)} if metric == "seuclidean"
                else {"VI": np.linalg.inv(np.cov(data.T)).T})
    resolved = resolve_metric(metric, metric_params=kwds)
    X, Y = _check_pair(X, Y, allow_nan=resolved.name == "nan_euclidean")
    if resolved.name == "euclidean" and resolved.params:  # Y_norm_squared, X_norm_squared
        return euclidean_distances(X, Y, **resolved.params)
    if (issparse(X) or issparse(Y)) and resolved.name not in SPARSE_METRICS:
        raise TypeError(f"The {metric!r} metric does not support sparse matrices; "
                        f"sparse input works with {list(SPARSE_METRICS)}.")
    if resolved.name == "euclidean" and resolved.scale is None:
        return euclidean_distances(X, Y)
    if resolved.name == "sqeuclidean":
        return euclidean_distances(X, Y, squared=True)
    if resolved.name == "manhattan":
        return manhattan_distances(X, Y)
    if resolved.name == "cosine":
        return cosine_distances(X, Y)
    if resolved.name == "correlation":  # the cosine distance of the centred rows
        Xc = X - X.mean(axis=1, keepdims=True)
        return cosine_distances(Xc, Xc if Y is X else Y - Y.mean(axis=1, keepdims=True))
    A = np.asarray(resolved.transform(X), dtype=np.float64)
    B = A if Y is X else np.asarray(resolved.transform(Y), dtype=np.float64)
    if resolved.is_minkowski:
        return minkowski_root(power_sums(A, B, resolved.p), resolved.p)
    if resolved.name == "haversine" and A.shape[1] != 2:
        raise ValueError("Haversine distance only valid in 2 dimensions")
    if resolved.name == "mahalanobis":
        return quadratic_form_distances(A, B, resolved.params["VI"])
    return other_pairs(A, B, OTHER_CODES[resolved.name])


def is_positive_semidefinite(K: Any, *, tol: float | None = None) -> bool:
    """Whether ``K`` is a valid Gram matrix: square, symmetric and positive semi-definite.

    This is the property of every kernel matrix ``K_ij = <phi(x_i), phi(x_j)>`` (the kernel lecture):
    ``a^T K a = ||sum_i a_i phi(x_i)||^2 >= 0``. Round-off is tolerated: symmetry up to
    ``tol * max|K|`` and eigenvalues down to ``-tol * max|eigenvalue|``.

    Parameters
    ----------
    K : array-like of shape (n, n)
    tol : float, default=None
        Relative tolerance; ``None`` means ``n * eps`` of the dtype times 100.

    Returns
    -------
    bool

    Examples
    --------
    >>> X = [[0.0], [1.0], [3.0]]
    >>> is_positive_semidefinite(rbf_kernel(X))
    True
    >>> is_positive_semidefinite([[1.0, 2.0], [2.0, 1.0]])
    False
    """
    K = check_array(K, input_name="K", estimator="is_positive_semidefinite")
    n = K.shape[0]
    if K.shape[1] != n:
        raise ValueError(f"A Gram matrix must be square, got shape {K.shape}.")
    if tol is None:
        tol = 100 * n * np.finfo(K.dtype).eps
    scale = np.abs(K).max()
    if scale == 0.0:
        return True
    if np.abs(K - K.T).max() > tol * scale:
        return False
    eigvals = np.linalg.eigvalsh((K + K.T) / 2)
    return bool(eigvals[0] >= -tol * max(np.abs(eigvals).max(), scale))

