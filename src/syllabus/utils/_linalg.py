"""Dense linear solves shared by the closed-form estimators (Ridge, KernelRidge, least squares).

NumPy has Cholesky but no triangular solve, so :func:`solve_spd` does the two triangular
solves block by block: a small dense solve per diagonal block and one GEMM per row of blocks.
That keeps the Cholesky route (n^3 / 3 flops) instead of a general LU solve (2 n^3 / 3), and
never forms an inverse.
"""

from __future__ import annotations

import numpy as np

_BLOCK = 256


def solve_spd(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Solve ``A X = B`` for a symmetric positive-definite ``A`` by Cholesky.

    Raises ``numpy.linalg.LinAlgError`` when ``A`` is not (numerically) positive definite,
    so the caller can fall back to least squares.
    """
    L = np.linalg.cholesky(A)
    vector = B.ndim == 1
    Z = _forward_substitution(L, B[:, None] if vector else B)
    X = _backward_substitution(L.T, Z)
    return X[:, 0] if vector else X


def _forward_substitution(L: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Solve ``L X = B`` with ``L`` lower triangular, ``_BLOCK`` rows at a time."""
    n = L.shape[0]
    X = np.array(B, dtype=np.result_type(L, B), copy=True)
    for start in range(0, n, _BLOCK):
        stop = min(start + _BLOCK, n)
        if start:
            X[start:stop] -= L[start:stop, :start] @ X[:start]
        X[start:stop] = np.linalg.solve(L[start:stop, start:stop], X[start:stop])
    return X


def _backward_substitution(U: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Solve ``U X = B`` with ``U`` upper triangular, ``_BLOCK`` rows at a time from the end."""
    n = U.shape[0]
    X = np.array(B, dtype=np.result_type(U, B), copy=True)
    for stop in range(n, 0, -_BLOCK):
        start = max(stop - _BLOCK, 0)
        if stop < n:
            X[start:stop] -= U[start:stop, stop:] @ X[stop:]
        X[start:stop] = np.linalg.solve(U[start:stop, start:stop], X[start:stop])
    return X


def lstsq(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Minimum-norm least-squares solution of ``A X = B`` (SVD based, handles rank deficiency)."""
    return np.linalg.lstsq(A, B, rcond=None)[0]


def solve_regularized_gram(G: np.ndarray, B: np.ndarray, alpha: float, *,
                           overwrite: bool = False) -> np.ndarray:
    """Solve ``(G + alpha I) X = B`` for a Gram matrix ``G`` (Cholesky; least squares if singular).

    ``overwrite=True`` adds ``alpha`` to the diagonal of ``G`` in place (no n^2 copy).
    """
    A = G if overwrite else G.copy()
    A.flat[:: A.shape[0] + 1] += alpha
    try:
        return solve_spd(A, B)
    except np.linalg.LinAlgError:
        return lstsq(A, B)
