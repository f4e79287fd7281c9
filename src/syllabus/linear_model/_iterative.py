"""Matrix-free solvers of regularised least squares: conjugate gradient and LSQR.

Both only multiply by ``A`` and ``A^T`` (a :class:`~._design.Design`), so a sparse ``X``
is never densified and the centring of an intercept stays implicit.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def conjugate_gradient(matvec: Callable[[np.ndarray], np.ndarray], b: np.ndarray, *,
                       tol: float, max_iter: int) -> tuple[np.ndarray, int, bool]:
    """Solve ``M x = b`` for a symmetric positive-definite ``M`` given as ``matvec``.

    Each step moves along a search direction ``p`` conjugate to all previous ones
    (``p_i^T M p_j = 0``), minimising ``0.5 x^T M x - b^T x`` exactly along it::

        a = r.r / p.Mp;   x += a p;   r -= a Mp;   p = r + (r_new.r_new / r.r) p

    Stops when ``||r|| <= tol * ||b||``. Returns ``(x, n_iter, converged)``.
    """
    x = np.zeros_like(b)
    r = b.copy()
    p = r.copy()
    rr = float(r @ r)
    threshold = tol * np.sqrt(float(b @ b))
    if np.sqrt(rr) <= threshold:
        return x, 0, True
    for n_iter in range(1, max_iter + 1):
        Mp = matvec(p)
        curvature = float(p @ Mp)
        if curvature <= 0.0:  # at machine precision (or M singular along p)
            return x, n_iter, bool(np.sqrt(rr) <= threshold)
        a = rr / curvature
        x += a * p
        r -= a * Mp
        rr_new = float(r @ r)
        if np.sqrt(rr_new) <= threshold:
            return x, n_iter, True
        p = r + (rr_new / rr) * p
        rr = rr_new
    return x, max_iter, False


def lsqr(matvec: Callable[[np.ndarray], np.ndarray], rmatvec: Callable[[np.ndarray], np.ndarray],
         b: np.ndarray, n_features: int, *, damp: float = 0.0, atol: float = 1e-6,
         btol: float = 1e-6, max_iter: int | None = None) -> tuple[np.ndarray, int]:
    """LSQR (Paige and Saunders, 1982): ``min ||A x - b||^2 + damp^2 ||x||^2``.

    Golub-Kahan bidiagonalisation of ``A`` builds orthonormal bases one vector at a time
    (``beta u = A v - alpha u``, ``alpha v = A^T u - beta v``); the small bidiagonal
    least-squares problem is solved on the fly by Givens rotations (with ``damp`` folded
    in), which is mathematically conjugate gradient on the normal equations but better
    conditioned. Stops with scipy's rules: ``||r|| <= btol ||b|| + atol ||A|| ||x||`` or
    ``||A^T r|| <= atol ||A|| ||r||``. Returns ``(x, n_iter)``.
    """
    dtype = b.dtype
    max_iter = 2 * n_features if max_iter is None else max_iter
    x = np.zeros(n_features, dtype=dtype)
    u = b.astype(dtype, copy=True)
    beta = float(np.linalg.norm(u))
    if beta == 0.0:
        return x, 0
    u /= beta
    v = rmatvec(u)
    alpha = float(np.linalg.norm(v))
    if alpha == 0.0:
        return x, 0
    v /= alpha
    w = v.copy()
    phibar, rhobar = beta, alpha
    bnorm, anorm2, xnorm2 = beta, 0.0, 0.0
    res2 = 0.0  # accumulated damp part of the residual
    n_iter = 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007
        u = matvec(v) - alpha * u
        beta = float(np.linalg.norm(u))
        if beta > 0:
            u /= beta
        anorm2 += alpha**2 + beta**2 + damp**2
        v = rmatvec(u) - beta * v
        alpha_new = float(np.linalg.norm(v))
        if alpha_new > 0:
            v /= alpha_new
        # Eliminate the damping term, then the subdiagonal beta (two plane rotations).
        rhobar1 = np.hypot(rhobar, damp)
        cs1, sn1 = rhobar / rhobar1, damp / rhobar1
        psi = sn1 * phibar
        phibar = cs1 * phibar
        rho = np.hypot(rhobar1, beta)
        cs, sn = rhobar1 / rho, beta / rho
        theta = sn * alpha_new
        rhobar = -cs * alpha_new
        phi = cs * phibar
        phibar = sn * phibar
        x += (phi / rho) * w
        w = v - (theta / rho) * w
        alpha = alpha_new
        xnorm2 = float(x @ x)
        res2 += psi**2
        rnorm = np.sqrt(phibar**2 + res2)
        anorm = np.sqrt(anorm2)
        arnorm = alpha * abs(sn * phi)
        if rnorm <= btol * bnorm + atol * anorm * np.sqrt(xnorm2):
            break
        if rnorm == 0 or arnorm <= atol * anorm * rnorm:
            break
    return x, n_iter
