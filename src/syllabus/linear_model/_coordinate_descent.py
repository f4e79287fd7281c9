"""Lasso and elastic net: coordinate descent (plus ISTA and subgradient solvers), and paths.

The objective is scikit-learn's, so coefficients agree::

    (1 / (2 n)) ||y - X w - b||^2 + alpha * l1_ratio * ||w||_1
                                 + alpha * (1 - l1_ratio) / 2 * ||w||^2

Multiplied by ``n`` it reads ``0.5 ||R||^2 + l1 ||w||_1 + 0.5 l2 ||w||^2`` with residual
``R = y - X w``, ``l1 = n alpha l1_ratio`` and ``l2 = n alpha (1 - l1_ratio)``: the form
the solvers work with. Coordinate descent minimises it exactly in one coordinate at a time:

    w_j <- S(x_j . (R + w_j x_j), l1) / (||x_j||^2 + l2),    S(t, l) = sign(t) max(|t| - l, 0)

The sweep over coordinates is inherently sequential; each step is one dot product and (if
``w_j`` moved) one vector update, on the residual (``n`` numbers) or, with a precomputed Gram
matrix, on ``X^T R`` (``d`` numbers). Convergence is certified by the duality gap, exactly as
scikit-learn does (stop when ``gap <= tol * ||y||^2``), and the gap-safe screening rule
(Fercoq et al. 2015) drops features whose coefficient is provably zero.
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real
from typing import Any

import numba
import numpy as np

from ..base import RegressorMixin
from ..model_selection import check_cv
from ..utils import (
    Interval,
    StrOptions,
    check_array,
    check_random_state,
    check_sample_weight,
    check_X_y,
    column_or_1d,
)
from ..utils._sparse import issparse, safe_sparse_dot
from ._base import (
    ConvergenceWarning,
    LinearModel,
    MultiOutputMixin,
    optional_sample_weight,
)
from ._design import Design, FloatSparsePredictMixin, validate_float_data, weighted_offsets

__all__ = ["ElasticNet", "ElasticNetCV", "Lasso", "LassoCV", "enet_path", "lasso_path"]


# --------------------------------------------------------------------------- duality gap
def _duality_gap(l1: float, l2: float, w_l1: float, w_l2sq: float, R_norm2: float, Ry: float,
                 XtR: np.ndarray, w: np.ndarray, positive: bool = False,
                 ) -> tuple[float, np.ndarray, float]:
    """Duality gap of ``0.5 ||R||^2 + l1 ||w||_1 + 0.5 l2 ||w||^2`` (scikit-learn's formulas).

    Returns the gap, ``XtA = X^T R - l2 w`` and its max-norm (used by the screening rule).
    The dual point is the residual scaled into the dual feasible set ``||X^T theta||_inf <= l1``
    (``max_j x_j . theta <= l1`` under ``positive``, where only the upper bound binds).
    """
    if l1 == 0:
        if l2 == 0:  # least squares: the first-order condition stands in for a gap
            g = np.where(w > 0, XtR, np.maximum(XtR, 0.0)) if positive else XtR
            dual_norm = float(g @ g)
            return dual_norm, XtR, dual_norm
        g = np.maximum(XtR, 0.0) if positive else XtR  # ridge dual at theta = R
        dual_norm = float(g @ g)
        return R_norm2 + 0.5 * l2 * w_l2sq - Ry + dual_norm / (2 * l2), XtR, dual_norm
    XtA = XtR - l2 * w
    if not XtA.size:
        dual_norm = 0.0
    else:
        dual_norm = float(np.max(XtA) if positive else np.max(np.abs(XtA)))
    scale = l1 / dual_norm if dual_norm > l1 else 1.0
    primal = 0.5 * (R_norm2 + l2 * w_l2sq) + l1 * w_l1
    dual = -0.5 * scale**2 * (R_norm2 + l2 * w_l2sq) + scale * Ry
    return primal - dual, XtA, dual_norm


def _screen(active: np.ndarray, XtA: np.ndarray, dual_norm: float, norm2: np.ndarray,
            l1: float, l2: float, gap: float) -> tuple[np.ndarray, np.ndarray]:
    """Gap-safe rule: feature ``j`` is zero at the optimum when
    ``(1 - |x_j . theta|) / sqrt(||x_j||^2 + l2) > sqrt(2 gap) / l1``. Returns (kept, dropped)."""
    x_theta = XtA[active] / max(l1, dual_norm)
    keep = (1.0 - np.abs(x_theta)) / np.sqrt(norm2[active] + l2) <= np.sqrt(2.0 * max(gap, 0.0)) / l1
    return active[keep], active[~keep]


@numba.njit(cache=True)
def _soft_threshold(t: float, l1: float, positive: bool) -> float:
    """``S(t, l1) = sign(t) max(|t| - l1, 0)``: the proximal operator of ``l1 |w|``
    (of ``l1 w`` on ``w >= 0`` when ``positive``)."""
    if t > l1:
        return t - l1
    if t < -l1 and not positive:
        return t + l1
    return 0.0


@numba.njit(cache=True)
def centred_fortran_copy(X, offset, scale, out):
    """``out[:, j] = scale * (X[:, j] - offset[j])`` (no ``scale`` when None) into the
    Fortran-ordered ``out``, which may be ``X`` itself; returns the squared column norms
    ``||out[:, j]||^2`` of the copy, summed along the way.

    Reading ``X`` by rows and writing ``out`` by columns, a few rows at a time, keeps both
    in cache (NumPy's strided copy from C to Fortran order does not).
    """
    n, d = X.shape
    rows = max(8, 32768 // max(d, 1))  # ~256 KB of X per block
    norm2 = np.zeros(d)
    for start in range(0, n, rows):
        stop = min(start + rows, n)
        for j in range(d):
            total = 0.0
            for i in range(start, stop):
                v = X[i, j] - offset[j]
                if scale is not None:
                    v *= scale[i]
                out[i, j] = v
                total += v * v
            norm2[j] += total
    return norm2


# The column x_j of the sweep comes from one of three storages (``kind``):
#   0  a dense (centred, weighted) X in Fortran order, r = R;
#   1  the Gram matrix X^T X, r = X^T R;
#   2  a CSC sparse X kept uncentred: the column is s * (x_j - mu_j) (s = sqrt of the
#      sample weights) and R = r + c s, with the shift c and sum(s r) kept in ``state``
#      so that centring never touches the zeros: a step costs O(nnz of x_j).
@numba.njit(cache=True, fastmath={"reassoc", "contract"})
def _column_dot(kind, j, M, data, indices, indptr, s, mu, q, state, r):
    """``x_j . R`` (``r[j]`` on the Gram matrix)."""
    if kind == 1:
        return r[j]
    total = 0.0
    if kind == 0:
        for k in range(r.shape[0]):
            total += M[k, j] * r[k]
        return total
    for p in range(indptr[j], indptr[j + 1]):
        k = indices[p]
        total += s[k] * data[p] * r[k]
    return total + state[0] * q[j] - mu[j] * (state[1] + state[0] * state[2])


@numba.njit(cache=True, fastmath={"reassoc", "contract"})
def _column_update(kind, j, change, M, data, indices, indptr, s, mu, q, state, r):
    """``R <- R - change * x_j`` (``X^T R <- X^T R - change (X^T X)_j`` on the Gram matrix)."""
    if kind < 2:
        for k in range(r.shape[0]):
            r[k] -= change * M[k, j]
        return
    for p in range(indptr[j], indptr[j + 1]):
        r[indices[p]] -= change * s[indices[p]] * data[p]
    state[0] += change * mu[j]  # the -change * (-mu_j s) part, as a shift of R along s
    state[1] -= change * q[j]


@numba.njit(cache=True)
def _cd_sweep(w, coordinates, l1, l2, norm2, positive, kind, M, data, indices, indptr, s, mu,
              q, state, r):
    """One sweep of coordinate descent, each coordinate minimised exactly::

        rho_j = x_j . R + w_j ||x_j||^2            (x_j . R_j: the fit without feature j)
        w_j  <- S(rho_j, l1) / (||x_j||^2 + l2)
        R    <- R - (w_j_new - w_j_old) x_j

    ``x_j . R`` and the update of ``R`` read the column from its storage (see above):
    O(n) on dense data, O(d) on the Gram matrix, O(nnz) on sparse data.
    Updates ``w`` and ``r`` in place; returns ``(max_j |w_j|, max_j |change of w_j|)``.
    """
    w_max = 0.0
    change_max = 0.0
    for j in coordinates:
        x_j_dot_R = _column_dot(kind, j, M, data, indices, indptr, s, mu, q, state, r)
        new = _soft_threshold(x_j_dot_R + w[j] * norm2[j], l1, positive) / (norm2[j] + l2)
        change = new - w[j]
        if change != 0.0:
            _column_update(kind, j, change, M, data, indices, indptr, s, mu, q, state, r)
            w[j] = new
            change_max = max(change_max, abs(change))
        w_max = max(w_max, abs(new))
    return w_max, change_max


# --------------------------------------------------------------------------- the CD solver
def enet_coordinate_descent(
    w: np.ndarray, l1: float, l2: float, X: Any, y: np.ndarray, max_iter: int,
    tol: float, *, gram: np.ndarray | None = None, Xty: np.ndarray | None = None,
    screening: bool = True, positive: bool = False, rng: np.random.RandomState | None = None,
    norm2: np.ndarray | None = None,
) -> tuple[np.ndarray, float, float, int]:
    """Coordinate descent on ``0.5 ||y - X w||^2 + l1 ||w||_1 + 0.5 l2 ||w||^2``.

    ``X`` is a dense array or a :class:`~._design.Design` (a sparse ``X`` centred and
    weighted implicitly). Sweeps (:func:`_cd_sweep`) until a full sweep barely moves ``w``,
    then checks the duality gap; gap-safe screening drops the features it proves zero. With
    ``gram = X^T X`` (and optionally ``Xty = X^T y``, both reusable across calls) the sweeps
    run on the Gram matrix. ``positive`` keeps ``w >= 0``; ``rng`` draws the coordinates at
    random (with replacement) instead of cyclically; ``norm2`` gives the squared column
    norms of a dense ``X`` if already known. Returns ``(w, gap, tol * ||y||^2, n_iter)``;
    ``w`` is updated in place.
    """
    empty, no_index = np.zeros(1), np.zeros(1, dtype=np.int64)
    data, indices, indptr, s, mu, q, state = empty, no_index, no_index, empty, empty, empty, empty
    sparse = isinstance(X, Design)
    if gram is not None:
        kind = 1
        norm2 = np.diag(gram).astype(np.float64)
        M = np.asfortranarray(gram, dtype=np.float64)  # symmetric: columns = rows
        Xty = np.asarray(X.rmatvec(y) if sparse else X.T @ y) if Xty is None else Xty
        r = Xty - gram @ w  # X^T R
    elif sparse:
        kind, M = 2, np.zeros((1, 1))
        csc = X.X.tocsc()
        data, indices, indptr = (csc.data.astype(np.float64), csc.indices.astype(np.int64),
                                 csc.indptr.astype(np.int64))
        s = (np.ones(X.shape[0]) if X.sqrt_sw is None else X.sqrt_sw).astype(np.float64)
        mu = X.offset.astype(np.float64)
        q = np.asarray(csc.T @ (s * s)).ravel().astype(np.float64)  # sum_k s_k^2 x_kj
        norm2 = X.column_norms2().astype(np.float64)
        r = y - X.matvec(w)
        state = np.array([0.0, float(s @ r), float(s @ s)])  # shift c, sum(s r), sum(s^2)
    else:
        kind = 0
        M = np.asfortranarray(X, dtype=np.float64)  # contiguous columns x_j
        norm2 = np.einsum("ij,ij->j", M, M) if norm2 is None else norm2
        r = y - M @ w if w.any() else y.copy()  # the residual R
    y_norm2 = float(y @ y)
    tol_gap = tol * y_norm2
    use_screening = screening and l1 > 0 and not positive

    def residual() -> np.ndarray:  # R, with the sparse shift folded back in
        if kind == 2 and state[0] != 0.0:
            r[:] += state[0] * s
            state[0] = 0.0
            state[1] = float(s @ r)
        return r

    def gap_now() -> tuple[float, np.ndarray, float]:
        if kind == 1:  # X^T R recomputed exactly (no drift), ||R||^2 and R.y from it
            r[:] = Xty - gram @ w
            wXty = float(w @ Xty)
            XtR, R_norm2, Ry = r, max(y_norm2 - wXty - float(w @ r), 0.0), y_norm2 - wXty
        else:
            R = residual()
            XtR = np.asarray(X.rmatvec(R)) if kind == 2 else M.T @ R
            R_norm2, Ry = float(R @ R), float(R @ y)
        return _duality_gap(l1, l2, float(np.abs(w).sum()), float(w @ w), R_norm2, Ry, XtR, w,
                            positive)

    def drop(dropped: np.ndarray) -> None:  # w_j <- 0 and R <- R + w_j x_j
        for j in dropped[w[dropped] != 0.0]:
            _column_update(kind, j, -w[j], M, data, indices, indptr, s, mu, q, state, r)
            w[j] = 0.0

    drop(np.flatnonzero(norm2 == 0.0))
    active = np.flatnonzero(norm2 > 0.0)
    gap, XtA, dual_norm = gap_now()
    if gap <= tol_gap:
        return w, gap, tol_gap, 0
    if use_screening:
        active, dropped = _screen(active, XtA, dual_norm, norm2, l1, l2, gap)
        drop(dropped)
    n_iter = 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007
        coordinates = active
        if rng is not None and coordinates.size:
            coordinates = coordinates[rng.randint(coordinates.size, size=coordinates.size)]
        w_max, change_max = _cd_sweep(w, coordinates, l1, l2, norm2, positive, kind, M, data,
                                      indices, indptr, s, mu, q, state, r)
        # As scikit-learn: the duality gap is checked once a sweep barely moved w (or at
        # the last sweep), and each check may screen more features out.
        if w_max == 0.0 or change_max / w_max <= tol or n_iter == max_iter:
            gap, XtA, dual_norm = gap_now()
            if gap <= tol_gap or not np.isfinite(gap):
                break
            if use_screening:
                active, dropped = _screen(active, XtA, dual_norm, norm2, l1, l2, gap)
                drop(dropped)
    residual()
    return w, gap, tol_gap, n_iter


def positive_ridge(design: Design, y: np.ndarray, alpha: float, *, tol: float,
                   max_iter: int) -> tuple[np.ndarray, int]:
    """``min ||y - A w||^2 + alpha ||w||^2`` subject to ``w >= 0`` by coordinate descent
    (each coordinate's constrained minimum is exact); stops on the duality gap of the
    constrained ridge problem. ``A`` is a :class:`~._design.Design`."""
    X = design if design.sparse else design.dense()
    w = np.zeros(design.shape[1])
    w, gap, tol_gap, n_iter = enet_coordinate_descent(w, 0.0, alpha, X, y, max_iter, tol,
                                                      positive=True)
    if gap > tol_gap:
        warnings.warn(ConvergenceWarning(
            "The lbfgs solver did not converge. Try increasing max_iter or tol. "
            f"Currently: max_iter={max_iter} and tol={tol}"), stacklevel=4)
    return w, n_iter


# --------------------------------------------------------------------------- ISTA / subgradient
def _lipschitz(X: np.ndarray) -> float:
    """Largest eigenvalue of ``X^T X`` (squared spectral norm of X)."""
    small = X.T @ X if X.shape[0] >= X.shape[1] else X @ X.T
    return float(np.linalg.eigvalsh(small)[-1]) if small.size else 0.0


def enet_ista(
    w: np.ndarray, l1: float, l2: float, X: np.ndarray, y: np.ndarray, max_iter: int, tol: float,
) -> tuple[np.ndarray, float, float, int]:
    """Proximal gradient (ISTA): a gradient step on the smooth part, then soft-thresholding.

    ``w <- S(w - (X^T (X w - y) + l2 w) / L, l1 / L)`` with ``L = ||X||_2^2 + l2``, the
    Lipschitz constant of the smooth part's gradient. Stops on the same duality gap as
    coordinate descent (checked every 10 iterations).
    """
    L = _lipschitz(X) + l2
    tol_gap = tol * float(y @ y)
    if L == 0.0:
        return w * 0.0, 0.0, tol_gap, 0
    gap, n_iter = np.inf, 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007
        R = y - X @ w
        XtR = X.T @ R
        if n_iter % 10 == 1 or n_iter == max_iter:
            gap = _duality_gap(l1, l2, float(np.abs(w).sum()), float(w @ w), float(R @ R),
                               float(R @ y), XtR, w)[0]
            if gap <= tol_gap:
                break
        z = w - (l2 * w - XtR) / L  # gradient step on the smooth part
        w = np.sign(z) * np.maximum(np.abs(z) - l1 / L, 0.0)
    return w, gap, tol_gap, n_iter


def enet_subgradient(
    w: np.ndarray, l1: float, l2: float, X: np.ndarray, y: np.ndarray, max_iter: int, tol: float,
) -> tuple[np.ndarray, float, float, int]:
    """Subgradient descent: ``w <- w - eta_k g_k`` with ``g_k`` a subgradient of the objective
    (``sign(w)`` for the L1 term, 0 at 0) and ``eta_k = 1 / (L sqrt(k + 1))``.

    The L1 term is not differentiable, so the method converges slowly (O(1/sqrt(k))) and never
    produces exact zeros; the best iterate seen is returned. It is here to be compared with
    coordinate descent and ISTA, which handle the L1 term exactly.
    """
    L = _lipschitz(X) + l2
    tol_gap = tol * float(y @ y)
    if L == 0.0:
        return w * 0.0, 0.0, tol_gap, 0
    best_w, best_obj, gap, n_iter = w.copy(), np.inf, np.inf, 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007
        R = y - X @ w
        XtR = X.T @ R
        obj = 0.5 * float(R @ R) + l1 * float(np.abs(w).sum()) + 0.5 * l2 * float(w @ w)
        if obj < best_obj:
            best_obj, best_w = obj, w.copy()
        if n_iter % 10 == 1 or n_iter == max_iter:
            gap = _duality_gap(l1, l2, float(np.abs(w).sum()), float(w @ w), float(R @ R),
                               float(R @ y), XtR, w)[0]
            if gap <= tol_gap:
                break
        subgradient = l2 * w - XtR + l1 * np.sign(w)
        w = w - subgradient / (L * np.sqrt(n_iter))
    R = y - X @ best_w
    gap = _duality_gap(l1, l2, float(np.abs(best_w).sum()), float(best_w @ best_w),
                       float(R @ R), float(R @ y), X.T @ R, best_w)[0]
    return best_w, gap, tol_gap, n_iter


# --------------------------------------------------------------------------- estimators
class ElasticNet(FloatSparsePredictMixin, MultiOutputMixin, RegressorMixin, LinearModel):
    """Linear regression with a mixed L1 + L2 penalty (scikit-learn's objective)::

        (1 / (2 n)) ||y - X w - b||^2 + alpha * l1_ratio * ||w||_1
                                     + alpha * (1 - l1_ratio) / 2 * ||w||^2

    Parameters
    ----------
    alpha : float, default=1.0
        Overall penalty strength.
    l1_ratio : float in [0, 1], default=0.5
        Share of the L1 penalty (1 is the lasso, 0 ridge with ``alpha`` rescaled).
    fit_intercept : bool, default=True
        Fit the (unpenalised) intercept by centring ``X`` and ``y``.
    precompute : bool, default=False
        Coordinate descent on the Gram matrix ``X^T X`` (each step O(d) instead of O(n):
        worth it when ``n >> d`` and many sweeps are needed).
    max_iter : int, default=1000
        Maximum number of sweeps (iterations for "ista" and "subgradient").
    tol : float, default=1e-4
        Stop when the duality gap is below ``tol * ||y||^2`` (scikit-learn's criterion).
    warm_start : bool, default=False
        Start from the previous ``coef_``.
    solver : {"cd", "ista", "subgradient"}, default="cd"
        Coordinate descent, proximal gradient, or subgradient descent (see the module doc).

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray of shape (n_targets,)
    n_iter_ : int
        Sweeps / iterations run (the largest over targets).
    dual_gap_ : float or ndarray of shape (n_targets,)
        Final duality gap of the objective above.
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import ElasticNet
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]]); y = X[:, 0] * 2
    >>> ElasticNet(alpha=0.1, l1_ratio=0.7).fit(X, y).coef_.round(3)
    array([1.898, 0.   ])
    """

    _parameter_constraints = {
        "alpha": [Interval(Real, 0, None, closed="left")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
        "fit_intercept": ["boolean"],
        "precompute": ["boolean", np.ndarray, list],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "copy_X": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "warm_start": ["boolean"],
        "positive": ["boolean"],
        "random_state": ["random_state"],
        "selection": [StrOptions({"cyclic", "random"})],
        "solver": [StrOptions({"cd", "ista", "subgradient"})],
    }

    def __init__(self, alpha: float = 1.0, *, l1_ratio: float = 0.5, fit_intercept: bool = True,
                 precompute: bool | np.ndarray = False, max_iter: int = 1000,
                 copy_X: bool = True, tol: float = 1e-4, warm_start: bool = False,
                 positive: bool = False, random_state: Any = None, selection: str = "cyclic",
                 solver: str = "cd") -> None:
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.copy_X = copy_X
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection
        self.solver = solver

    def fit(self, X: Any, y: Any, sample_weight: Any = None, check_input: bool = True,
            ) -> ElasticNet:
        """Fit the model.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            A sparse ``X`` is never densified: the sweeps read its CSC columns and centre
            them implicitly.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the squared errors (rescaled to sum to ``n_samples``, as in
            scikit-learn, so ``alpha`` keeps its meaning).
        check_input : bool, default=True
            Unused: the input is always validated (scikit-learn compatibility).

        Returns
        -------
        self
        """
        self._validate_params()
        if self.alpha == 0:
            warnings.warn("With alpha=0, this algorithm does not converge well. You are "
                          "advised to use the LinearRegression estimator", UserWarning,
                          stacklevel=2)
        if self.positive and self.solver != "cd":
            raise ValueError(f"positive=True needs solver='cd', got solver={self.solver!r}.")
        X, y = validate_float_data(self, X, y, accept_sparse=("csc", "csr", "coo"))
        if issparse(X) and self.solver != "cd":
            raise TypeError(f"solver={self.solver!r} needs dense X; use solver='cd' for "
                            "sparse X.")
        out_dtype = X.dtype
        n, d = X.shape
        sw = optional_sample_weight(sample_weight, X)
        if sw is not None:
            sw = sw * (n / sw.sum())
        Y = y[:, None] if y.ndim == 1 else y
        X_offset, y_offset = weighted_offsets(X, Y, sw, self.fit_intercept)
        X_offset, y_offset = X_offset.astype(np.float64), y_offset.astype(np.float64)
        sqrt_sw = None if sw is None else np.sqrt(sw)
        Yc = (Y - y_offset) if sqrt_sw is None else (Y - y_offset) * sqrt_sw[:, None]
        if issparse(X):
            Xc, norm2 = Design(X.astype(np.float64).tocsc(), X_offset, sqrt_sw), None
        else:
            # The centred copy is written straight into Fortran order: contiguous columns.
            in_place = (not self.copy_X and X.flags.f_contiguous and X.dtype == np.float64)
            Xc = X if in_place else np.empty((n, d), order="F")
            norm2 = centred_fortran_copy(X, X_offset, sqrt_sw, Xc)
        k = Yc.shape[1]
        l1 = self.alpha * self.l1_ratio * n
        l2 = self.alpha * (1.0 - self.l1_ratio) * n
        W = np.zeros((k, d))
        if self.warm_start and getattr(self, "coef_", None) is not None:
            previous = np.atleast_2d(self.coef_)
            if previous.shape == W.shape:
                W[:] = previous
        with np.errstate(over="ignore", invalid="ignore"):  # huge X: refused below
            gram = self._gram(Xc, X, X_offset) if self.solver == "cd" else None
        Xty = None if gram is None else (Xc.rmatvec(Yc) if issparse(X) else Xc.T @ Yc)
        rng = (check_random_state(self.random_state) if self.selection == "random" else None)
        gaps, n_iters, tols = np.empty(k), [], []
        for t in range(k):
            w = W[t].copy()
            if self.solver == "ista":
                w, gap, tol_gap, it = enet_ista(w, l1, l2, Xc, Yc[:, t], self.max_iter, self.tol)
            elif self.solver == "subgradient":
                w, gap, tol_gap, it = enet_subgradient(w, l1, l2, Xc, Yc[:, t], self.max_iter,
                                                       self.tol)
            else:
                w, gap, tol_gap, it = enet_coordinate_descent(
                    w, l1, l2, Xc, Yc[:, t], self.max_iter, self.tol, gram=gram,
                    Xty=None if gram is None else Xty[:, t], positive=self.positive, rng=rng,
                    norm2=norm2)
            W[t], gaps[t] = w, gap
            n_iters.append(it)
            tols.append(tol_gap)
        if any(g > tg for g, tg in zip(gaps, tols)):
            warnings.warn(ConvergenceWarning(
                "Objective did not converge. You might want to increase the number of "
                "iterations, check the scale of the features or consider increasing "
                f"regularisation. Duality gap: {gaps.max():.3e}, tolerance: {max(tols):.3e} "
                f"({type(self).__name__}, solver {self.solver!r}, {max(n_iters)} iterations)."),
                stacklevel=2)
        W = W.astype(out_dtype)
        self.coef_ = W[0] if y.ndim == 1 else W
        gaps /= n  # the gap of the 1/(2n)-scaled objective, as scikit-learn reports it
        self.dual_gap_ = float(gaps[0]) if y.ndim == 1 else gaps
        self.n_iter_ = n_iters[0] if y.ndim == 1 else n_iters
        if self.fit_intercept:
            intercept = (y_offset - W.astype(np.float64) @ X_offset).astype(out_dtype)
            self.intercept_ = intercept[0] if y.ndim == 1 else intercept
        else:
            self.intercept_ = 0.0 if y.ndim == 1 else np.zeros(k, dtype=out_dtype)
        if not (np.isfinite(W).all() and np.isfinite(self.intercept_).all()):
            raise ValueError("Coordinate descent iterations resulted in non-finite parameter "
                             "values. The input data may contain large values and need to be "
                             "preprocessed.")
        return self

    def _gram(self, Xc: Any, X: Any, X_offset: np.ndarray) -> np.ndarray | None:
        """The Gram matrix of the centred, weighted data for ``precompute``, or None."""
        given = self.precompute
        if isinstance(given, (bool, np.bool_)):
            if not given:
                return None
            return Xc.gram() if isinstance(Xc, Design) else Xc.T @ Xc
        gram = np.asarray(given, dtype=np.float64)
        d = X.shape[1]
        if gram.shape != (d, d):
            raise ValueError(f"Gram matrix has shape {gram.shape}, expected ({d}, {d}).")
        if not np.allclose(X_offset, 0.0):  # the given Gram is of uncentred X
            warnings.warn("Gram matrix was provided but X was centered to fit intercept: "
                          "recomputing Gram matrix.", UserWarning, stacklevel=3)
            return Xc.gram() if isinstance(Xc, Design) else Xc.T @ Xc
        # Check one element against the data, as scikit-learn does.
        i, j = d // 2, d - 1 - d // 2
        column_i = Xc.matvec(np.eye(d)[i]) if isinstance(Xc, Design) else Xc[:, i]
        column_j = Xc.matvec(np.eye(d)[j]) if isinstance(Xc, Design) else Xc[:, j]
        expected = float(column_i @ column_j)
        if not np.isclose(expected, gram[i, j], rtol=1e-4, atol=1e-8 * max(1.0, abs(expected))):
            raise ValueError(
                "Gram matrix passed in via 'precompute' parameter did not pass validation "
                "when a single element was checked - please check that it was computed "
                f"properly. For element ({i},{j}) we computed {expected} but the user-supplied "
                f"value was {gram[i, j]}.")
        return gram


class Lasso(ElasticNet):
    """Linear regression with an L1 penalty: ``(1/(2n)) ||y - X w - b||^2 + alpha ||w||_1``.

    The L1 penalty sets coefficients exactly to zero (a sparse model), where ridge only
    shrinks them. Same objective, hence same coefficients, as scikit-learn's ``Lasso``.

    Parameters
    ----------
    alpha : float, default=1.0
        Penalty strength.
    fit_intercept : bool, default=True
    precompute : bool, default=False
        Coordinate descent on the Gram matrix (see :class:`ElasticNet`).
    max_iter : int, default=1000
    tol : float, default=1e-4
        Stop when the duality gap is below ``tol * ||y||^2``.
    warm_start : bool, default=False
    solver : {"cd", "ista", "subgradient"}, default="cd"

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray of shape (n_targets,)
    n_iter_ : int
    dual_gap_ : float or ndarray of shape (n_targets,)
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import Lasso
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]]); y = X[:, 0] * 2
    >>> Lasso(alpha=0.1).fit(X, y).coef_.round(3)
    array([1.92, 0.  ])
    """

    _parameter_constraints = {
        k: v for k, v in ElasticNet._parameter_constraints.items() if k != "l1_ratio"
    }

    def __init__(self, alpha: float = 1.0, *, fit_intercept: bool = True,
                 precompute: bool | np.ndarray = False, copy_X: bool = True,
                 max_iter: int = 1000, tol: float = 1e-4, warm_start: bool = False,
                 positive: bool = False, random_state: Any = None, selection: str = "cyclic",
                 solver: str = "cd") -> None:
        super().__init__(alpha, l1_ratio=1.0, fit_intercept=fit_intercept,
                         precompute=precompute, max_iter=max_iter, copy_X=copy_X, tol=tol,
                         warm_start=warm_start, positive=positive, random_state=random_state,
                         selection=selection, solver=solver)


# --------------------------------------------------------------------------- paths
def enet_path(
    X: Any, y: Any, *, l1_ratio: float = 0.5, eps: float = 1e-3, alphas: Any = 100,
    precompute: bool | str | np.ndarray = "auto", Xy: Any = None, copy_X: bool = True,
    coef_init: Any = None, verbose: bool = False, return_n_iter: bool = False,
    positive: bool = False, check_input: bool = True, max_iter: int = 1000, tol: float = 1e-4,
    n_alphas: Any = "deprecated", **params: Any,
) -> tuple[np.ndarray, ...]:
    """Elastic-net coefficients along a decreasing grid of penalties, with warm starts.

    As in scikit-learn, no intercept is fitted: centre ``X`` and ``y`` first if needed.
    A sparse ``X`` is used as it is (coordinate descent on its CSC columns).

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    l1_ratio : float in (0, 1], default=0.5
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    alphas : int or array-like, default=100
        Number of log-spaced penalties from ``alpha_max = max|X^T y| / (n l1_ratio)`` (the
        smallest penalty giving ``w = 0``) down to ``eps * alpha_max``, or the penalties.
    precompute : bool, "auto" or ndarray, default="auto"
        Use the Gram matrix ("auto": when ``n_samples > n_features``), or this one.
    Xy : ndarray of shape (n_features,), default=None
        ``X^T y`` if already computed.
    copy_X, verbose, check_input
        Unused (scikit-learn compatibility): ``X`` is never modified.
    coef_init : ndarray of shape (n_features,), default=None
        Starting coefficients for the first penalty.
    return_n_iter : bool, default=False
        Also return the number of sweeps at each penalty.
    positive : bool, default=False
        Constrain the coefficients to be non-negative.
    max_iter, tol
        As in :class:`ElasticNet`.
    n_alphas : int, deprecated
        Old name of an integer ``alphas`` (deprecated in scikit-learn 1.9, with its warning).
    **params
        Refused: scikit-learn raises for parameters coordinate descent does not use.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        Decreasing.
    coefs : ndarray of shape (n_features, n_alphas)
    dual_gaps : ndarray of shape (n_alphas,)
    n_iters : list of int, only if ``return_n_iter``

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]]); y = np.array([2, 1, -2, -1.0])
    >>> alphas, coefs, _ = enet_path(X, y, l1_ratio=1.0, alphas=[1.0, 0.5, 0.1])
    >>> coefs.round(3)
    array([[0. , 1. , 1.8],
           [0. , 0. , 0.8]])
    """
    if params:
        raise ValueError(f"Unexpected parameters in params: {sorted(params)}")
    if not (isinstance(n_alphas, str) and n_alphas == "deprecated"):
        warnings.warn("'n_alphas' was deprecated in 1.9 and will be removed in 1.11. 'alphas' "
                      "now accepts an integer value which removes the need to pass 'n_alphas'.",
                      FutureWarning, stacklevel=2)
        alphas = n_alphas if alphas is None or isinstance(alphas, Integral) else alphas
    elif alphas is None:
        warnings.warn("'alphas=None' is deprecated and will be removed in 1.11, at which point "
                      "the default value will be set to 100. Set 'alphas=100' to silence this "
                      "warning.", FutureWarning, stacklevel=2)
        alphas = 100
    X, y = check_X_y(X, y, y_numeric=True, estimator="enet_path", multi_output=True,
                     accept_sparse=["csc", "csr", "coo"])
    if y.ndim != 1:
        raise ValueError(f"y should be a 1d array, got an array of shape {y.shape} instead "
                         "(multi-task paths are not implemented).")
    y = y.astype(np.float64)
    if issparse(X):
        X = Design(X.astype(np.float64).tocsc(), np.zeros(X.shape[1]), None)
    else:
        X = np.asfortranarray(X, dtype=np.float64)
    if not 0 < l1_ratio <= 1:
        raise ValueError(f"l1_ratio must be in (0, 1], got {l1_ratio!r}.")
    n, d = X.shape
    Xty = (np.asarray(X.rmatvec(y)) if isinstance(X, Design) else X.T @ y) if Xy is None \
        else np.asarray(Xy, dtype=np.float64).ravel()
    if isinstance(alphas, Integral) and not isinstance(alphas, bool):
        if alphas < 1:
            raise ValueError(f"alphas must be a positive int or an array, got {alphas!r}.")
        grid = _alpha_grid(Xty, n, l1_ratio, eps=eps, n_alphas=alphas, positive=positive)
    else:
        grid = np.sort(check_array(alphas, ensure_2d=False, input_name="alphas")
                       .astype(np.float64).ravel())[::-1]
        if np.any(grid < 0):
            raise ValueError("alphas must be non-negative.")
    if isinstance(precompute, np.ndarray):
        gram = np.asarray(precompute, dtype=np.float64)
    else:
        use_gram = (n > d) if isinstance(precompute, str) else bool(precompute)
        gram = (X.gram() if isinstance(X, Design) else X.T @ X) if use_gram else None
    w = np.zeros(d) if coef_init is None else np.array(coef_init, dtype=np.float64).ravel()
    coefs, gaps, n_iters = _path(X, y, grid, l1_ratio, w, gram=gram, Xty=Xty, max_iter=max_iter,
                                 tol=tol, positive=positive)
    if return_n_iter:
        return grid, coefs, gaps, n_iters
    return grid, coefs, gaps


def _alpha_grid(Xty: np.ndarray, n: float, l1_ratio: float, *, eps: float, n_alphas: int,
                positive: bool = False) -> np.ndarray:
    """scikit-learn's automatic grid: ``n_alphas`` log-spaced penalties from ``alpha_max``,
    the smallest giving ``w = 0`` (``max_j |x_j . y| / (n l1_ratio)``; the largest
    positive ``x_j . y`` under ``positive``), down to ``eps * alpha_max``. ``Xty`` is
    ``X^T y`` (one column per target) of the centred, weighted data, ``n`` the number (or
    total weight) of samples."""
    if l1_ratio == 0:
        raise ValueError("Automatic alpha grid generation is not supported for l1_ratio=0. "
                         "Please supply a grid by providing your estimator with the "
                         "appropriate `alphas=` argument.")
    Xty = Xty[:, None] if Xty.ndim == 1 else Xty
    if not Xty.size:
        alpha_max = 0.0
    elif positive:
        alpha_max = max(0.0, float(np.max(Xty))) / (n * l1_ratio)
    else:
        alpha_max = float(np.sqrt(np.max(np.sum(Xty**2, axis=1)))) / (n * l1_ratio)
    if alpha_max <= np.finfo(np.float64).resolution:
        return np.full(n_alphas, np.finfo(np.float64).resolution)
    return np.geomspace(alpha_max, alpha_max * eps, num=n_alphas)


def _path(X: Any, y: np.ndarray, grid: np.ndarray, l1_ratio: float, w: np.ndarray, *,
          gram: np.ndarray | None, Xty: np.ndarray | None, max_iter: int, tol: float,
          positive: bool) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Coordinate descent along the decreasing ``grid``, each penalty warm-started from the
    previous one's solution (``X`` centred and weighted already, or a Design).
    Returns the coefficients (n_features, n_alphas), the duality gaps and the sweeps."""
    n = X.shape[0]
    coefs, gaps, n_iters = np.empty((X.shape[1], len(grid))), np.empty(len(grid)), []
    for i, alpha in enumerate(grid):  # warm start from the previous, larger penalty
        l1, l2 = alpha * l1_ratio * n, alpha * (1 - l1_ratio) * n
        w, gap, tol_gap, it = enet_coordinate_descent(w, l1, l2, X, y, max_iter, tol,
                                                      gram=gram, Xty=Xty, positive=positive)
        if gap > tol_gap:
            warnings.warn(ConvergenceWarning(
                "Objective did not converge. You might want to increase the number "
                "of iterations, check the scale of the features or consider "
                f"increasing regularisation. Duality gap: {gap / n:.3e}, tolerance: "
                f"{tol_gap / n:.3e} (alpha={alpha:.3e})"), stacklevel=3)
        coefs[:, i], gaps[i] = w, gap / n
        n_iters.append(it)
    return coefs, gaps, n_iters


def lasso_path(
    X: Any, y: Any, *, eps: float = 1e-3, alphas: Any = 100, precompute: bool | str = "auto",
    Xy: Any = None, copy_X: bool = True, coef_init: Any = None, verbose: bool = False,
    return_n_iter: bool = False, positive: bool = False, max_iter: int = 1000,
    tol: float = 1e-4, n_alphas: Any = "deprecated", **params: Any,
) -> tuple[np.ndarray, ...]:
    """Lasso coefficients along a decreasing grid of penalties (:func:`enet_path` with
    ``l1_ratio=1``): coefficients enter the model one by one as ``alpha`` decreases.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    eps, alphas, precompute, Xy, copy_X, coef_init, verbose, return_n_iter, positive, max_iter, tol
        As in :func:`enet_path`.
    n_alphas : int, deprecated
        As in :func:`enet_path`.
    **params
        As in :func:`enet_path`.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
    coefs : ndarray of shape (n_features, n_alphas)
    dual_gaps : ndarray of shape (n_alphas,)
    n_iters : list of int, only if ``return_n_iter``

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]]); y = np.array([2, 1, -2, -1.0])
    >>> lasso_path(X, y, alphas=3)[1].round(3)
    array([[0.   , 1.937, 1.998],
           [0.   , 0.937, 0.998]])
    """
    return enet_path(X, y, l1_ratio=1.0, eps=eps, alphas=alphas, precompute=precompute, Xy=Xy,
                     copy_X=copy_X, coef_init=coef_init, verbose=verbose,
                     return_n_iter=return_n_iter, positive=positive, max_iter=max_iter,
                     tol=tol, n_alphas=n_alphas, **params)


# --------------------------------------------------------------------------- cross-validation
def _fold_mse(X: Any, y: np.ndarray, sample_weight: np.ndarray | None, train: np.ndarray,
              test: np.ndarray, grid: np.ndarray, l1_ratio: float, *, fit_intercept: bool,
              precompute: Any, max_iter: int, tol: float, positive: bool) -> np.ndarray:
    """Mean squared test error of each penalty of ``grid`` fitted on the training fold
    (weighted by the test weights when given), as scikit-learn's ``_path_residuals``."""
    X_train, y_train, X_test, y_test = X[train], y[train], X[test], y[test]
    sw = None
    if sample_weight is not None:  # rescaled to sum to the training size, as in fit
        sw = sample_weight[train] * (len(train) / sample_weight[train].sum())
    X_offset, y_offset = weighted_offsets(X_train, y_train, sw, fit_intercept)
    X_offset, y_offset = X_offset.astype(np.float64), float(y_offset)
    sqrt_sw = None if sw is None else np.sqrt(sw)
    yc = y_train - y_offset if sqrt_sw is None else (y_train - y_offset) * sqrt_sw
    n, d = X_train.shape
    if issparse(X):
        Xc, gram = Design(X_train.astype(np.float64).tocsc(), X_offset, sqrt_sw), None
    else:
        Xc = np.asfortranarray(X_train - X_offset)
        if sqrt_sw is not None:
            Xc *= sqrt_sw[:, None]
        use_gram = (n > d) if isinstance(precompute, str) else (
            True if isinstance(precompute, np.ndarray) else bool(precompute))
        gram = Xc.T @ Xc if use_gram else None
    Xty = None if gram is None else Xc.T @ yc
    coefs, _, _ = _path(Xc, yc, grid, l1_ratio, np.zeros(d), gram=gram, Xty=Xty,
                        max_iter=max_iter, tol=tol, positive=positive)
    residues = np.asarray(safe_sparse_dot(X_test, coefs)) - (X_offset @ coefs - y_offset) \
        - y_test[:, None]
    weights = None if sample_weight is None else sample_weight[test]
    return np.average(residues**2, axis=0, weights=weights)


class _LinearModelCV(FloatSparsePredictMixin, RegressorMixin, LinearModel):
    """Penalty (and ``l1_ratio``) of the elastic net chosen by K-fold cross-validation along
    the coordinate-descent path (see :class:`ElasticNetCV`)."""

    _check_estimator_params = {"max_iter": 5, "cv": 3}  # common checks: scikit-learn's

    _parameter_constraints = {
        "eps": [Interval(Real, 0, None, closed="neither")],
        "alphas": [Interval(Integral, 1, None, closed="left"), "array-like"],
        "fit_intercept": ["boolean"],
        "precompute": [StrOptions({"auto"}), "array-like", "boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "copy_X": ["boolean"],
        "cv": ["no_validation"],
        "verbose": ["boolean", Interval(Integral, 0, None, closed="left")],
        "n_jobs": [Integral, None],
        "positive": ["boolean"],
        "random_state": ["random_state"],
        "selection": [StrOptions({"cyclic", "random"})],
    }

    def _l1_ratios(self) -> np.ndarray:
        return np.ones(1)

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> _LinearModelCV:
        """Choose the penalty by cross-validation, then refit on all the data with it.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : float or array-like of shape (n_samples,), default=None
            Weights of the fit and of each test fold's mean squared error.

        Returns
        -------
        self
        """
        self._validate_params()
        X, y = validate_float_data(self, X, y, accept_sparse=("csc", "csr", "coo"))
        if y.ndim > 1 and y.shape[1] > 1:
            raise ValueError(f"For multi-task outputs, use MultiTask{type(self).__name__}")
        y = column_or_1d(y, warn=True).astype(np.float64)
        if issparse(X):
            X = X.tocsc()
        sw = None if sample_weight is None or isinstance(sample_weight, Real) else \
            check_sample_weight(sample_weight, X)
        l1_ratios = self._l1_ratios()
        if isinstance(self.alphas, Integral):
            X_offset, y_offset = weighted_offsets(X, y, sw, self.fit_intercept)
            yw = (y - y_offset) if sw is None else (y - y_offset) * sw
            Xty = np.asarray(safe_sparse_dot(X.T, yw), dtype=np.float64)
            if self.fit_intercept:
                Xty = Xty - X_offset * yw.sum()
            n = X.shape[0] if sw is None else sw.sum()
            grids = [_alpha_grid(Xty, n, r, eps=self.eps, n_alphas=self.alphas,
                                 positive=self.positive) for r in l1_ratios]
        else:
            values = np.asarray(self.alphas, dtype=object).ravel()
            for i, a in enumerate(values):
                if not isinstance(a, (Real, np.number)) or isinstance(a, (bool, np.bool_)):
                    raise TypeError(f"alphas[{i}] must be an instance of float, not "
                                    f"{type(a).__name__}.")
                if a < 0:
                    raise ValueError(f"alphas[{i}] == {a}, must be >= 0.0.")
            grids = [np.sort(values.astype(np.float64))[::-1]] * len(l1_ratios)
        folds = list(check_cv(self.cv).split(X, y))
        mse = np.array([[_fold_mse(X, y, sw, train, test, grid, float(r),
                                   fit_intercept=self.fit_intercept, precompute=self.precompute,
                                   max_iter=self.max_iter, tol=self.tol, positive=self.positive)
                         for train, test in folds] for r, grid in zip(l1_ratios, grids)])
        self.mse_path_ = np.squeeze(np.moveaxis(mse, 2, 1))  # (n_l1_ratio, n_alphas, n_folds)
        mean_mse = mse.mean(axis=1)
        best_mse = np.inf
        for r, grid, path_mse in zip(l1_ratios, grids, mean_mse):
            i = int(np.argmin(path_mse))
            if path_mse[i] < best_mse:
                self.alpha_, self.l1_ratio_, best_mse = float(grid[i]), float(r), path_mse[i]
        self.alphas_ = np.asarray(grids if isinstance(self.alphas, Integral) else grids[0])
        if self.alphas_.ndim == 2 and len(l1_ratios) == 1:
            self.alphas_ = self.alphas_[0]
        precompute = False if isinstance(self.precompute, str) else self.precompute
        model = ElasticNet(alpha=self.alpha_, l1_ratio=self.l1_ratio_,
                           fit_intercept=self.fit_intercept, precompute=precompute,
                           max_iter=self.max_iter, tol=self.tol, positive=self.positive,
                           random_state=self.random_state, selection=self.selection)
        model.fit(X, y, sample_weight=sw)
        self.coef_, self.intercept_ = model.coef_, model.intercept_
        self.dual_gap_, self.n_iter_ = model.dual_gap_, model.n_iter_
        if not hasattr(self, "l1_ratio"):
            del self.l1_ratio_
        return self


class LassoCV(_LinearModelCV):
    """:class:`Lasso` with ``alpha`` chosen by K-fold cross-validation.

    Each training fold is fitted along a decreasing grid of penalties with warm starts
    (:func:`lasso_path`); the penalty with the smallest mean test error over the folds is
    refitted on all the data. The grid is scikit-learn's (``alphas`` log-spaced from
    ``alpha_max``, the smallest penalty giving ``w = 0`` on the whole data, to
    ``eps * alpha_max``), so the choice and the coefficients are scikit-learn's.

    Parameters
    ----------
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    alphas : int or array-like, default=100
        Number of penalties of the automatic grid, or the penalties.
    fit_intercept : bool, default=True
    precompute : "auto", bool or array-like, default="auto"
        Coordinate descent on the Gram matrix in the folds ("auto": when
        ``n_samples > n_features``); the final fit does not use it under "auto".
    max_iter : int, default=1000
    tol : float, default=1e-4
    copy_X : bool, default=True
        Unused: ``X`` is never modified.
    cv : int, cross-validation generator, iterable or None, default=None
        None: 5-fold :class:`~syllabus.model_selection.KFold`.
    verbose : bool or int, default=False
        Unused.
    n_jobs : int or None, default=None
        Unused: the folds run one after the other.
    positive : bool, default=False
    random_state : int, RandomState instance or None, default=None
    selection : {"cyclic", "random"}, default="cyclic"

    Attributes
    ----------
    alpha_ : float
    alphas_ : ndarray of shape (n_alphas,)
    mse_path_ : ndarray of shape (n_alphas, n_folds)
        Test mean squared error of each penalty on each fold.
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    dual_gap_ : float
    n_iter_ : int
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import LassoCV
    >>> rng = np.random.default_rng(0); X = rng.normal(size=(40, 3)); y = X @ [1.0, 0.0, -2.0]
    >>> LassoCV(cv=4).fit(X, y).coef_.round(2)
    array([ 0.99,  0.  , -1.99])
    """

    def __init__(self, *, eps: float = 1e-3, alphas: Any = 100, fit_intercept: bool = True,
                 precompute: Any = "auto", max_iter: int = 1000, tol: float = 1e-4,
                 copy_X: bool = True, cv: Any = None, verbose: Any = False,
                 n_jobs: int | None = None, positive: bool = False, random_state: Any = None,
                 selection: str = "cyclic") -> None:
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.copy_X = copy_X
        self.cv = cv
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    @staticmethod
    def path(X: Any, y: Any, **kwargs: Any) -> tuple[np.ndarray, ...]:
        """:func:`lasso_path`."""
        return lasso_path(X, y, **kwargs)


class ElasticNetCV(_LinearModelCV):
    """:class:`ElasticNet` with ``alpha`` (and ``l1_ratio``) chosen by K-fold cross-validation.

    For each ``l1_ratio`` each training fold is fitted along scikit-learn's grid of
    penalties with warm starts (:func:`enet_path`); the pair with the smallest mean test
    error over the folds is refitted on all the data.

    Parameters
    ----------
    l1_ratio : float or array-like of float, default=0.5
        The mixing parameter(s) to try, in (0, 1].
    eps : float, default=1e-3
    alphas : int or array-like, default=100
    fit_intercept : bool, default=True
    precompute : "auto", bool or array-like, default="auto"
    max_iter : int, default=1000
    tol : float, default=1e-4
    cv : int, cross-validation generator, iterable or None, default=None
    copy_X : bool, default=True
    verbose : bool or int, default=0
    n_jobs : int or None, default=None
    positive : bool, default=False
    random_state : int, RandomState instance or None, default=None
    selection : {"cyclic", "random"}, default="cyclic"

    Attributes
    ----------
    alpha_ : float
    l1_ratio_ : float
    alphas_ : ndarray of shape (n_alphas,) or (n_l1_ratio, n_alphas)
    mse_path_ : ndarray of shape (n_alphas, n_folds) or (n_l1_ratio, n_alphas, n_folds)
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    dual_gap_ : float
    n_iter_ : int
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import ElasticNetCV
    >>> rng = np.random.default_rng(0); X = rng.normal(size=(40, 3)); y = X @ [1.0, 0.0, -2.0]
    >>> ElasticNetCV(l1_ratio=[0.5, 1.0], cv=4).fit(X, y).l1_ratio_
    0.5
    """

    _parameter_constraints = {
        **_LinearModelCV._parameter_constraints,
        "l1_ratio": [Interval(Real, 0, 1, closed="both"), "array-like"],
    }

    def __init__(self, *, l1_ratio: Any = 0.5, eps: float = 1e-3, alphas: Any = 100,
                 fit_intercept: bool = True, precompute: Any = "auto", max_iter: int = 1000,
                 tol: float = 1e-4, cv: Any = None, copy_X: bool = True, verbose: Any = 0,
                 n_jobs: int | None = None, positive: bool = False, random_state: Any = None,
                 selection: str = "cyclic") -> None:
        self.l1_ratio = l1_ratio
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.copy_X = copy_X
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    def _l1_ratios(self) -> np.ndarray:
        return np.atleast_1d(np.asarray(self.l1_ratio, dtype=np.float64))

    @staticmethod
    def path(X: Any, y: Any, **kwargs: Any) -> tuple[np.ndarray, ...]:
        """:func:`enet_path`."""
        return enet_path(X, y, **kwargs)
