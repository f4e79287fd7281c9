"""Principal component analysis, probabilistic PCA likelihood, and ZCA whitening.

PCA finds the orthonormal directions of largest variance: with the centred data
Xc = U S V^T (thin SVD), the principal axes are the rows of V^T, the variance along axis j is
lambda_j = s_j^2 / (n - 1), and projecting onto the first k axes gives the best rank-k
reconstruction in squared error (Eckart-Young). The same axes are the eigenvectors of the
sample covariance Xc^T Xc / (n - 1), which is the cheap route when n >> d.
"""

from __future__ import annotations

import warnings
from math import lgamma
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from ..utils import check_array, check_is_fitted, check_random_state
from ..utils._blas_threads import blas_num_threads, gram, single_threaded_blas
from ..utils._param_validation import Interval, StrOptions
from ..utils._sparse import (
    implicit_column_offset,
    issparse,
    safe_sparse_dot,
    sparse_column_mean_var,
)
from ..utils._validation import validate_floating

__all__ = ["PCA", "ZCA", "randomized_svd", "svd_flip"]


def svd_flip(u: np.ndarray | None, v: np.ndarray, *, u_based_decision: bool = False):
    """Make an SVD deterministic: the largest-magnitude entry of each row of ``v`` positive.

    scikit-learn's convention for PCA (``u_based_decision=False``): the sign of component
    ``j`` is chosen so that the entry of ``V^T[j]`` with the largest absolute value is positive;
    ``u[:, j]`` gets the same sign, so ``u @ diag(s) @ v`` is unchanged. With
    ``u_based_decision=True`` the columns of ``u`` decide instead.

    Parameters
    ----------
    u : ndarray of shape (n, k) or None
    v : ndarray of shape (k, d) or None (when ``u_based_decision``)
    u_based_decision : bool, default=False

    Returns
    -------
    u, v : the sign-adjusted arrays (modified in place).

    Examples
    --------
    >>> import numpy as np
    >>> svd_flip(np.array([[1.0], [0.0]]), np.array([[0.5, -2.0]]))[1]
    array([[-0.5,  2. ]])
    """
    if u_based_decision:
        rows = u.T
    else:
        rows = v
    signs = np.sign(rows[np.arange(rows.shape[0]), np.argmax(np.abs(rows), axis=1)])
    if u is not None:
        u *= signs[np.newaxis, :]
    if v is not None:
        v *= signs[:, np.newaxis]
    return u, v


def _normalize(A: np.ndarray, how: str) -> np.ndarray:
    """Re-normalise the power-iteration block: QR (orthonormal), LU (unit lower, pivoted) or none."""
    if how == "QR":
        return np.linalg.qr(A)[0]
    if how == "LU":
        try:
            from scipy.linalg import lu  # optional: without SciPy, QR spans the same subspace
        except ImportError:
            return np.linalg.qr(A)[0]
        return lu(A, permute_l=True, check_finite=False)[0]
    return A


def randomized_svd(
    M: Any,
    n_components: int,
    *,
    n_oversamples: int = 10,
    n_iter: int | str = "auto",
    power_iteration_normalizer: str = "auto",
    random_state: Any = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Truncated SVD by a random range finder (Halko, Martinsson & Tropp, 2011, Alg. 4.4).

    Draw a Gaussian test matrix Omega of ``n_components + n_oversamples`` columns, apply
    ``n_iter`` power iterations Q <- norm(M (M^T Q)) (re-normalised so the small singular
    directions are not lost to round-off), orthonormalise Q by QR, then take the exact SVD
    of the small matrix B = Q^T M. The draws (``normal(size=(d, l))``) and the normalisers are
    scikit-learn's, so the result equals scikit-learn's ``randomized_svd`` (without its sign
    flip) for the same ``random_state``.

    Parameters
    ----------
    M : ndarray or sparse matrix of shape (n, d)
    n_components : int
    n_oversamples : int, default=10
    n_iter : int or "auto", default="auto"
        "auto" is 7 when ``n_components < 0.1 min(n, d)``, else 4.
    power_iteration_normalizer : {"auto", "QR", "LU", "none"}, default="auto"
        "auto" is "none" when ``n_iter <= 2``, else "LU" (a pivoted LU factorisation, cheaper
        than QR; it needs SciPy, QR is used without it).
    random_state : int, RandomState or None, default=None

    Returns
    -------
    U : ndarray of shape (n, n_components)
    s : ndarray of shape (n_components,)
    Vt : ndarray of shape (n_components, d)

    Examples
    --------
    >>> import numpy as np
    >>> M = np.diag([3.0, 2.0, 1.0])
    >>> randomized_svd(M, 2, random_state=0)[1].round(6)
    array([3., 2.])
    """
    rng = check_random_state(random_state)
    n, d = M.shape
    if n_iter == "auto":
        n_iter = 7 if n_components < 0.1 * min(n, d) else 4
    transpose = n < d
    if transpose:
        M = M.T
    Q = rng.normal(size=(M.shape[1], n_components + n_oversamples))
    if power_iteration_normalizer == "auto":
        power_iteration_normalizer = "none" if n_iter <= 2 else "LU"
    for _ in range(n_iter):
        Q = _normalize(safe_sparse_dot(M, Q), power_iteration_normalizer)
        Q = _normalize(safe_sparse_dot(M.T, Q), power_iteration_normalizer)
    Q = np.linalg.qr(safe_sparse_dot(M, Q))[0]
    U_hat, s, Vt = np.linalg.svd(safe_sparse_dot(M.T, Q).T, full_matrices=False)
    U = Q @ U_hat
    if transpose:
        return Vt[:n_components].T, s[:n_components], U[:, :n_components].T
    return U[:, :n_components], s[:n_components], Vt[:n_components]


def _assess_dimension(spectrum: np.ndarray, rank: int, n_samples: int) -> float:
    """Minka's (2000) Laplace approximation of the log-evidence of a rank-``rank`` PCA model.

    The model keeps the ``rank`` leading eigenvalues and replaces the others by their mean
    v; the evidence trades the fit of the spectrum against the number of parameters
    m = d k - k (k + 1) / 2 of the principal subspace (scikit-learn's implementation).
    """
    d = spectrum.shape[0]
    if spectrum[rank - 1] < 1e-15:
        return -np.inf
    i = np.arange(1, rank + 1)
    pu = -rank * np.log(2.0) + float(np.sum(
        [lgamma((d - j + 1) / 2.0) for j in i]) - np.sum(np.log(np.pi) * (d - i + 1) / 2.0))
    pl = -np.sum(np.log(spectrum[:rank])) * n_samples / 2.0
    v = max(1e-15, spectrum[rank:].sum() / (d - rank))
    pv = -np.log(v) * n_samples * (d - rank) / 2.0
    m = d * rank - rank * (rank + 1.0) / 2.0
    pp = np.log(2.0 * np.pi) * (m + rank) / 2.0
    filled = spectrum.copy()
    filled[rank:] = v
    pa = 0.0
    for a in range(rank):  # pairs (a, b > a) of the Hessian's eigenvalues
        b = np.arange(a + 1, d)
        pa += np.sum(np.log((spectrum[a] - spectrum[b]) * (1.0 / filled[b] - 1.0 / filled[a]))
                     + np.log(n_samples))
    return float(pu + pl + pv + pp - pa / 2.0 - rank * np.log(n_samples) / 2.0)


def _infer_dimension(spectrum: np.ndarray, n_samples: int) -> int:
    """The rank in [1, d - 1] of highest Minka evidence (``n_components="mle"``)."""
    ll = np.full(spectrum.shape[0], -np.inf)
    for rank in range(1, spectrum.shape[0]):
        ll[rank] = _assess_dimension(spectrum, rank, n_samples)
    return int(np.argmax(ll))


class PCA(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Principal component analysis by a centred SVD (scikit-learn's estimator).

    The components are the right singular vectors of the centred data, with
    scikit-learn's sign convention (:func:`svd_flip`: the largest-magnitude entry of each
    component is positive), so ``components_`` equals scikit-learn's. ``score_samples`` is
    the log-likelihood under probabilistic PCA (Tipping & Bishop, 1999): x ~ N(mean, C)
    with C = W^T diag(lambda - sigma^2) W + sigma^2 I (:meth:`get_covariance`), where sigma^2
    (``noise_variance_``) is the mean of the discarded eigenvalues.

    Sparse ``X`` (CSR/CSC) is never densified: "arpack" runs on the implicitly centred
    operator X - 1 mean^T, "covariance_eigh" forms X^T X - n mean mean^T.

    Parameters
    ----------
    n_components : int, float in (0, 1), "mle" or None, default=None
        Number of components; a float keeps the fewest components whose explained
        variance ratio reaches it; "mle" picks the rank by Minka's evidence; None keeps
        ``min(n_samples, n_features)`` (minus one with "arpack").
    copy : bool, default=True
        Kept for scikit-learn's signature (the input is never modified).
    whiten : bool, default=False
        Divide the projections by sqrt(lambda_j) so each has unit variance.
    svd_solver : {"auto", "full", "covariance_eigh", "arpack", "randomized"}, default="auto"
        "full": LAPACK SVD of the centred data; "covariance_eigh": eigen-decomposition of
        the d x d covariance (fast when n >> d); "arpack": ``scipy.sparse.linalg.svds``
        (Lanczos, needs SciPy); "randomized": :func:`randomized_svd`. "auto" chooses as
        scikit-learn does ("arpack" for sparse input).
    tol : float, default=0.0
        Tolerance of the "arpack" solver (0: machine precision).
    iterated_power : int or "auto", default="auto"
    n_oversamples : int, default=10
    power_iteration_normalizer : {"auto", "QR", "LU", "none"}, default="auto"
    random_state : int, RandomState or None, default=None
        Used by the "arpack" (starting vector) and "randomized" solvers.

    Attributes
    ----------
    components_ : ndarray of shape (n_components_, n_features)
    explained_variance_ : ndarray of shape (n_components_,)
    explained_variance_ratio_ : ndarray of shape (n_components_,)
    singular_values_ : ndarray of shape (n_components_,)
    mean_ : ndarray of shape (n_features,)
    n_components_ : int
    noise_variance_ : float
    n_samples_ : int
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.decomposition import PCA
    >>> X = np.array([[-1, -1], [-2, -1], [-3, -2], [1, 1], [2, 1], [3, 2]])
    >>> pca = PCA(n_components=2).fit(X)
    >>> pca.explained_variance_ratio_.round(5)
    array([0.99244, 0.00756])
    """

    _parameter_constraints = {
        "n_components": [Interval(Integral, 0, None, closed="left"),
                         Interval(Real, 0, 1, closed="neither"), StrOptions({"mle"}), None],
        "copy": ["boolean"],
        "whiten": ["boolean"],
        "svd_solver": [StrOptions({"auto", "full", "covariance_eigh", "arpack", "randomized"})],
        "tol": [Interval(Real, 0, None, closed="left")],
        "iterated_power": [StrOptions({"auto"}), Interval(Integral, 0, None, closed="left")],
        "n_oversamples": [Interval(Integral, 1, None, closed="left")],
        "power_iteration_normalizer": [StrOptions({"auto", "QR", "LU", "none"})],
        "random_state": ["random_state"],
    }

    def __init__(self, n_components: int | float | str | None = None, *, copy: bool = True,
                 whiten: bool = False, svd_solver: str = "auto", tol: float = 0.0,
                 iterated_power: Any = "auto", n_oversamples: int = 10,
                 power_iteration_normalizer: str = "auto", random_state: Any = None) -> None:
        self.n_components = n_components
        self.copy = copy
        self.whiten = whiten
        self.svd_solver = svd_solver
        self.tol = tol
        self.iterated_power = iterated_power
        self.n_oversamples = n_oversamples
        self.power_iteration_normalizer = power_iteration_normalizer
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        tags.input_tags.sparse = self.svd_solver in ("auto", "arpack", "covariance_eigh")
        return tags

    @property
    def _n_features_out(self) -> int:
        return self.components_.shape[0]

    def fit(self, X: Any, y: Any = None) -> PCA:
        """Find the principal axes of ``X``.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self : PCA
        """
        self._fit(X)
        return self

    def fit_transform(self, X: Any, y: Any = None) -> np.ndarray:
        """Fit and return the projections of ``X`` (``U S``, or ``U sqrt(n - 1)`` whitened)."""
        U, S, X = self._fit(X)
        if U is None:
            return self.transform(X)
        k = self.n_components_
        U = U[:, :k]
        U = U * np.sqrt(self.n_samples_ - 1) if self.whiten else U * S[:k]
        return U.astype(self.components_.dtype, copy=False)

    def _fit(self, X):
        # One BLAS thread: a multi-threaded GEMM on a busy machine waits for its workers
        # (X^T X of 100,000 x 100 took 5-8 s with 2 threads under load, 0.12 s with one).
        # The covariance solver's X^T X runs instead in pieces of rows on syllabus's
        # threads (each with one BLAS thread), the partial products added.
        threads = blas_num_threads()
        with single_threaded_blas():
            return self._fit_single_thread(X, threads)

    def _choose_solver(self, X, k):
        n, d = X.shape
        solver = self.svd_solver
        if issparse(X) and solver not in ("auto", "arpack", "covariance_eigh"):
            raise TypeError(
                'PCA only support sparse inputs with the "arpack" and "covariance_eigh" '
                f'solvers, while "{solver}" was passed. See TruncatedSVD for a possible '
                "alternative.")
        if solver == "auto" and issparse(X):
            solver = "arpack"
        if k is None:
            k = min(n, d) - (solver == "arpack")
        if solver == "auto":
            if d <= 1000 and n >= 10 * d:
                solver = "covariance_eigh"
            elif max(n, d) <= 500 or k == "mle":
                solver = "full"
            elif 1 <= k < 0.8 * min(n, d):
                solver = "randomized"
            else:
                solver = "full"
        if solver in ("full", "covariance_eigh"):
            if k == "mle" and n < d:
                raise ValueError("n_components='mle' is only supported if n_samples >= n_features")
            if k != "mle" and not 0 <= k <= min(n, d):
                raise ValueError(
                    f"n_components={k} must be between 0 and min(n_samples, n_features)="
                    f"{min(n, d)} with svd_solver={solver!r}")
        else:
            if isinstance(k, str):
                raise ValueError(
                    f"n_components={k!r} cannot be a string with svd_solver='{solver}'")
            if not 1 <= k <= min(n, d):
                raise ValueError(
                    f"n_components={k!r} must be between 1 and min(n_samples, n_features)="
                    f"{min(n, d)!r} with svd_solver='{solver}'")
            if solver == "arpack" and k == min(n, d):
                raise ValueError(
                    f"n_components={k!r} must be strictly less than min(n_samples, n_features)="
                    f"{min(n, d)!r} with svd_solver='{solver}'")
        return solver, k

    def _fit_single_thread(self, X, threads=1):
        self._validate_params()
        X_in = validate_floating(self, X, reset=True, ensure_min_samples=2,
                                 accept_sparse=("csr", "csc"), dtypes=(np.float64, np.float32))
        dtype = X_in.dtype
        X = X_in.astype(np.float64, copy=False)
        n, d = X.shape
        solver, k = self._choose_solver(X, self.n_components)
        self._fit_svd_solver = solver
        U = None
        if solver in ("full", "covariance_eigh"):
            C = None
            if issparse(X):
                self.mean_ = np.asarray(X.mean(axis=0)).ravel()
            elif solver == "covariance_eigh":  # X^T X and the column sums in one pass
                C, column_sums = gram(X, threads)
                self.mean_ = column_sums / n
            else:
                self.mean_ = X.mean(axis=0)
            if solver == "full":
                U, S, Vt = np.linalg.svd(X - self.mean_, full_matrices=False)
                U, Vt = svd_flip(U, Vt)
                ev = S**2 / (n - 1)
            else:
                if C is None:
                    C = safe_sparse_dot(X.T, X)
                C -= n * np.outer(self.mean_, self.mean_)
                C /= n - 1
                ev, V = np.linalg.eigh(C)
                ev, Vt = np.maximum(ev[::-1], 0.0), V[:, ::-1].T.copy()
                S = np.sqrt(ev * (n - 1))
                _, Vt = svd_flip(None, Vt)
            total = ev.sum()
            ratio = ev / total if total > 0 else np.zeros_like(ev)
            if k == "mle":
                k = _infer_dimension(ev, n)
            elif not isinstance(k, Integral):  # fewest components reaching the variance fraction
                k = min(int(np.searchsorted(np.cumsum(ratio), k, side="right") + 1), len(ev))
            noise = float(np.mean(ev[k:])) if k < min(n, d) else 0.0
        else:
            U, S, Vt, total = self._fit_truncated(X, k, solver)
            ev = S**2 / (n - 1)
            ratio = ev / total
            noise = float((total - ev.sum()) / (min(n, d) - k)) if k < min(n, d) else 0.0
        self.n_components_ = int(k)
        self.n_samples_ = n
        self.components_ = Vt[:k].astype(dtype)
        self.explained_variance_ = ev[:k].astype(dtype)
        self.explained_variance_ratio_ = ratio[:k].astype(dtype)
        self.singular_values_ = S[:k].astype(dtype)
        self.mean_ = self.mean_.astype(dtype)
        self.noise_variance_ = dtype.type(noise)
        if solver in ("full", "covariance_eigh"):
            self._warn_rank(ev, k, n, d)
        return U, S, X_in

    def _fit_truncated(self, X, k, solver):
        """ARPACK or randomized SVD of the (implicitly) centred X; also the total variance."""
        n, d = X.shape
        rng = check_random_state(self.random_state)
        if issparse(X):
            self.mean_, var = sparse_column_mean_var(X)
            total = float(var.sum() * n / (n - 1))
            Xc = implicit_column_offset(X, self.mean_)
        else:
            self.mean_ = X.mean(axis=0)
            Xc = X - self.mean_
            total = float(np.einsum("ij,ij->", Xc, Xc) / (n - 1))
        if solver == "arpack":
            try:
                from scipy.sparse.linalg import svds
            except ImportError as exc:  # pragma: no cover - SciPy is optional
                raise ImportError("svd_solver='arpack' needs SciPy (scipy.sparse.linalg.svds); "
                                  "install scipy or use svd_solver='randomized'.") from exc
            v0 = rng.uniform(-1, 1, size=min(n, d))  # scikit-learn's starting vector
            U, S, Vt = svds(Xc, k=k, tol=self.tol, v0=v0)
            S = S[::-1]
            U, Vt = svd_flip(U[:, ::-1], Vt[::-1])
        else:
            U, S, Vt = randomized_svd(
                Xc, k, n_oversamples=self.n_oversamples, n_iter=self.iterated_power,
                power_iteration_normalizer=self.power_iteration_normalizer, random_state=rng)
            U, Vt = svd_flip(U, Vt)
        return U, S, Vt, total

    def _warn_rank(self, ev, k, n, d):
        rank = int(np.sum(ev > ev.max() * max(n, d) * np.finfo(float).eps)) if ev.size else 0
        if self.n_components is not None and k > rank:
            warnings.warn(
                f"n_components={k} is larger than the rank {rank} of the centred data: the "
                "last components are arbitrary directions of (numerically) zero variance.",
                UserWarning, stacklevel=4)

    def transform(self, X: Any) -> np.ndarray:
        """Project ``X`` on the principal axes: (X - mean_) V^T (divided by sqrt(lambda) if whiten).

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_components_)
        """
        check_is_fitted(self)
        X = validate_floating(self, X, reset=False, accept_sparse=("csr", "csc"),
                              dtypes=(np.float64, np.float32))
        W = self.components_.astype(np.float64)
        Z = safe_sparse_dot(X.astype(np.float64, copy=False), W.T)
        Z -= self.mean_.astype(np.float64) @ W.T
        if self.whiten:  # a zero-variance component is divided by eps, not by 0
            Z /= np.maximum(np.sqrt(self.explained_variance_.astype(np.float64)),
                            np.finfo(self.explained_variance_.dtype).eps)
        return Z.astype(X.dtype, copy=False)

    def inverse_transform(self, X: Any) -> np.ndarray:
        """Map projections back to feature space: Z V + mean_ (Z sqrt(lambda) V + mean_ if whiten)."""
        check_is_fitted(self)
        Z = check_array(X, dtype=(np.float64, np.float32))
        if Z.ndim != 2 or Z.shape[1] != self.n_components_:
            raise ValueError(f"Expected an array of shape (n_samples, {self.n_components_}), "
                             f"got {Z.shape}.")
        W = self.components_
        if self.whiten:
            W = W * np.sqrt(self.explained_variance_)[:, None]
        return Z @ W + self.mean_

    def _scaled_model(self):
        """Components (scaled by sqrt(lambda) when whitened, as scikit-learn) and lambda - sigma^2."""
        W = self.components_.astype(np.float64)
        ev = self.explained_variance_.astype(np.float64)
        if self.whiten:
            W = W * np.sqrt(ev)[:, None]
        sigma2 = float(self.noise_variance_)
        return W, np.where(ev > sigma2, ev - sigma2, 0.0), sigma2

    def get_covariance(self) -> np.ndarray:
        """The model's covariance C = W^T diag(lambda - sigma^2) W + sigma^2 I.

        As scikit-learn's, with ``whiten=True`` the rows of W are scaled by sqrt(lambda).

        Returns
        -------
        ndarray of shape (n_features, n_features)
        """
        check_is_fitted(self)
        W, diff, sigma2 = self._scaled_model()
        cov = (W.T * diff) @ W
        cov.flat[:: cov.shape[0] + 1] += sigma2
        return cov.astype(self.components_.dtype, copy=False)

    def get_precision(self) -> np.ndarray:
        """C^{-1} by the matrix inversion lemma (a k x k inverse instead of d x d).

        C^{-1} = I / sigma^2 - W^T (W W^T / sigma^2 + diag(1 / (lambda - sigma^2)))^{-1} W / sigma^4.

        Returns
        -------
        ndarray of shape (n_features, n_features)
        """
        check_is_fitted(self)
        d = self.components_.shape[1]
        W, diff, sigma2 = self._scaled_model()
        if self.n_components_ == 0:
            return (np.eye(d) / sigma2).astype(self.components_.dtype)
        if sigma2 == 0.0:
            return np.linalg.inv(self.get_covariance().astype(np.float64)).astype(
                self.components_.dtype, copy=False)
        inner = W @ W.T / sigma2
        with np.errstate(divide="ignore"):
            inner.flat[:: inner.shape[0] + 1] += 1.0 / diff
        P = W.T @ np.linalg.inv(inner) @ W
        P /= -(sigma2**2)
        P.flat[:: d + 1] += 1.0 / sigma2
        return P.astype(self.components_.dtype, copy=False)

    def score_samples(self, X: Any) -> np.ndarray:
        """Log-likelihood of each sample under the probabilistic PCA model.

        log p(x) = -1/2 [d log(2 pi) - log det P + (x - mu)^T P (x - mu)] with the precision
        P = C^{-1} of :meth:`get_precision` (scikit-learn's computation, so the values agree,
        ``whiten=True`` included).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = validate_floating(self, X, reset=False, dtypes=(np.float64, np.float32))
        Xc = X.astype(np.float64) - self.mean_
        P = self.get_precision().astype(np.float64)
        sign, logdet = np.linalg.slogdet(P)
        logdet = logdet if sign > 0 else -np.inf
        ll = -0.5 * np.einsum("ij,ij->i", Xc, Xc @ P)
        ll -= 0.5 * (X.shape[1] * np.log(2.0 * np.pi) - logdet)
        return ll.astype(X.dtype, copy=False)

    def score(self, X: Any, y: Any = None) -> float:
        """Average probabilistic-PCA log-likelihood of ``X``."""
        return float(np.mean(self.score_samples(X)))


class ZCA(TransformerMixin, BaseEstimator):
    """ZCA ("Mahalanobis") whitening: the symmetric whitening matrix of the covariance.

    With the 1/n sample covariance Sigma = U diag(lambda) U^T, the whitening matrix is
    W = U diag(1 / sqrt(lambda + epsilon)) U^T, and z = W (x - mean). Among all whitening
    transforms (any R W with R orthogonal gives identity covariance) ZCA is the one that
    stays closest to the original data in squared error, so whitened images still look like
    images (edges enhanced): PCA whitening rotates into the eigenbasis, ZCA rotates back.
    ``epsilon`` keeps directions of tiny variance from being blown up.

    Parameters
    ----------
    epsilon : float, default=1e-5

    Attributes
    ----------
    mean_ : ndarray of shape (n_features,)
    whitening_matrix_ : ndarray of shape (n_features, n_features)
    dewhitening_matrix_ : ndarray of shape (n_features, n_features)
        U diag(sqrt(lambda + epsilon)) U^T, the inverse of ``whitening_matrix_``.
    eigenvalues_ : ndarray of shape (n_features,)
        lambda, in decreasing order.
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.decomposition import ZCA
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(500, 3) @ np.array([[2.0, 0.5, 0.0], [0.0, 1.0, 0.3], [0.0, 0.0, 0.2]])
    >>> Z = ZCA(epsilon=0.0).fit_transform(X)
    >>> np.allclose(Z.T @ Z / len(Z), np.eye(3))
    True
    """

    _parameter_constraints = {"epsilon": [Interval(Real, 0, None, closed="left")]}

    def __init__(self, epsilon: float = 1e-5) -> None:
        self.epsilon = epsilon

    def fit(self, X: Any, y: Any = None) -> ZCA:
        """Estimate the mean and the whitening matrix of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self : ZCA
        """
        self._validate_params()
        X = validate_floating(self, X, reset=True)
        self.mean_ = X.mean(axis=0)
        Xc = X - self.mean_
        lam, U = np.linalg.eigh(Xc.T @ Xc / X.shape[0])
        lam, U = np.maximum(lam[::-1], 0.0), U[:, ::-1]
        if self.epsilon == 0 and lam.min() <= lam.max() * X.shape[1] * np.finfo(float).eps:
            raise ValueError("The covariance of X is singular and epsilon=0: whitening would "
                             "divide by a zero variance. Use epsilon > 0.")
        self.eigenvalues_ = lam
        self.whitening_matrix_ = (U / np.sqrt(lam + self.epsilon)) @ U.T
        self.dewhitening_matrix_ = (U * np.sqrt(lam + self.epsilon)) @ U.T
        return self

    def transform(self, X: Any) -> np.ndarray:
        """Whiten: (X - mean_) W (W is symmetric)."""
        check_is_fitted(self)
        X = validate_floating(self, X, reset=False)
        return (X - self.mean_) @ self.whitening_matrix_

    def inverse_transform(self, X: Any) -> np.ndarray:
        """Undo the whitening: Z W^{-1} + mean_."""
        check_is_fitted(self)
        X = validate_floating(self, X, reset=False)
        return X @ self.dewhitening_matrix_ + self.mean_
