"""Principal component analysis, probabilistic PCA likelihood, and ZCA whitening.

PCA finds the orthonormal directions of largest variance: with the centred data
Xc = U S V^T (thin SVD), the principal axes are the rows of V^T, the variance along axis j is
lambda_j = s_j^2 / (n - 1), and projecting onto the first k axes gives the best rank-k
reconstruction in squared error (Eckart-Young). The same axes are the eigenvectors of the
sample covariance Xc^T Xc / (n - 1), which is the cheap route when n >> d.
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, TransformerMixin
from ..utils import check_array, check_is_fitted, check_random_state
from ..utils._blas_threads import single_threaded_blas
from ..utils._param_validation import Interval, StrOptions
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


def randomized_svd(
    M: np.ndarray,
    n_components: int,
    *,
    n_oversamples: int = 10,
    n_iter: int | str = "auto",
    power_iteration_normalizer: str = "auto",
    random_state: Any = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Truncated SVD by a random range finder (Halko, Martinsson & Tropp, 2011, Alg. 4.4).

    Draw a Gaussian test matrix Omega of ``n_components + n_oversamples`` columns, apply
    ``n_iter`` power iterations Q <- orth(M (M^T Q)) (re-orthonormalised by QR so the
    small singular directions are not lost to round-off), then take the exact SVD of the
    small matrix B = Q^T M. The draws are scikit-learn's (``normal(size=(d, l))``), so with
    the QR normaliser the result equals scikit-learn's ``randomized_svd``.

    Parameters
    ----------
    M : ndarray of shape (n, d)
    n_components : int
    n_oversamples : int, default=10
    n_iter : int or "auto", default="auto"
        "auto" is 7 when ``n_components < 0.1 min(n, d)``, else 4.
    power_iteration_normalizer : {"auto", "QR", "none"}, default="auto"
        "auto" is QR when ``n_iter > 2`` (scikit-learn's "auto" uses an LU factorisation,
        which needs SciPy; QR spans the same subspace).
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
        power_iteration_normalizer = "none" if n_iter <= 2 else "QR"
    for _ in range(n_iter):
        Q = M @ Q
        if power_iteration_normalizer == "QR":
            Q = np.linalg.qr(Q)[0]
        Q = M.T @ Q
        if power_iteration_normalizer == "QR":
            Q = np.linalg.qr(Q)[0]
    Q = np.linalg.qr(M @ Q)[0]
    U_hat, s, Vt = np.linalg.svd(Q.T @ M, full_matrices=False)
    U = Q @ U_hat
    if transpose:
        return Vt[:n_components].T, s[:n_components], U[:, :n_components].T
    return U[:, :n_components], s[:n_components], Vt[:n_components]


class PCA(TransformerMixin, BaseEstimator):
    """Principal component analysis by a centred SVD (scikit-learn's estimator).

    The components are the right singular vectors of the centred data, with
    scikit-learn's sign convention (:func:`svd_flip`: the largest-magnitude entry of each
    component is positive), so ``components_`` equals scikit-learn's. ``score_samples`` is
    the log-likelihood under probabilistic PCA (Tipping & Bishop, 1999): x ~ N(mean, C)
    with C = W^T diag(lambda - sigma^2) W + sigma^2 I, where sigma^2 (``noise_variance_``)
    is the mean of the discarded eigenvalues.

    Parameters
    ----------
    n_components : int, float in (0, 1) or None, default=None
        Number of components; a float keeps the fewest components whose explained
        variance ratio reaches it; None keeps ``min(n_samples, n_features)``.
    copy : bool, default=True
        Kept for scikit-learn's signature (the input is never modified).
    whiten : bool, default=False
        Divide the projections by sqrt(lambda_j) so each has unit variance.
    svd_solver : {"auto", "full", "covariance_eigh", "randomized"}, default="auto"
        "full": LAPACK SVD of the centred data; "covariance_eigh": eigen-decomposition of
        the d x d covariance (fast when n >> d); "randomized": :func:`randomized_svd`.
        "auto" chooses as scikit-learn does.
    iterated_power : int or "auto", default="auto"
    n_oversamples : int, default=10
    power_iteration_normalizer : {"auto", "QR", "none"}, default="auto"
    random_state : int, RandomState or None, default=None
        Used by the randomized solver.

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
                         Interval(Real, 0, 1, closed="neither"), None],
        "copy": ["boolean"],
        "whiten": ["boolean"],
        "svd_solver": [StrOptions({"auto", "full", "covariance_eigh", "randomized"})],
        "iterated_power": [StrOptions({"auto"}), Interval(Integral, 0, None, closed="left")],
        "n_oversamples": [Interval(Integral, 1, None, closed="left")],
        "power_iteration_normalizer": [StrOptions({"auto", "QR", "none"})],
        "random_state": ["random_state"],
    }

    def __init__(self, n_components: int | float | None = None, *, copy: bool = True,
                 whiten: bool = False, svd_solver: str = "auto", iterated_power: Any = "auto",
                 n_oversamples: int = 10, power_iteration_normalizer: str = "auto",
                 random_state: Any = None) -> None:
        self.n_components = n_components
        self.copy = copy
        self.whiten = whiten
        self.svd_solver = svd_solver
        self.iterated_power = iterated_power
        self.n_oversamples = n_oversamples
        self.power_iteration_normalizer = power_iteration_normalizer
        self.random_state = random_state

    def fit(self, X: Any, y: Any = None) -> PCA:
        """Find the principal axes of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self : PCA
        """
        self._fit(X)
        return self

    def fit_transform(self, X: Any, y: Any = None) -> np.ndarray:
        """Fit and return the projections of ``X`` (``U S``, or ``U sqrt(n - 1)`` whitened)."""
        U, S = self._fit(X)
        if U is None:
            return self.transform(X)
        k = self.n_components_
        U = U[:, :k]
        return U * np.sqrt(self.n_samples_ - 1) if self.whiten else U * S[:k]

    def _fit(self, X):
        # One BLAS thread: a multi-threaded GEMM on a busy machine waits for its workers
        # (X^T X of 100,000 x 100 took 5-8 s with 2 threads under load, 0.12 s with one).
        with single_threaded_blas():
            return self._fit_single_thread(X)

    def _fit_single_thread(self, X):
        self._validate_params()
        X = validate_floating(self, X, reset=True, ensure_min_samples=2)
        n, d = X.shape
        k = min(n, d) if self.n_components is None else self.n_components
        solver = self.svd_solver
        if solver == "auto":
            if d <= 1000 and n >= 10 * d:
                solver = "covariance_eigh"
            elif max(n, d) <= 500 or not 1 <= k < 0.8 * min(n, d):
                solver = "full"
            else:
                solver = "randomized"
        if isinstance(k, Integral) and not (0 if solver != "randomized" else 1) <= k <= min(n, d):
            raise ValueError(
                f"n_components={k} must be between {0 if solver != 'randomized' else 1} and "
                f"min(n_samples, n_features)={min(n, d)} with svd_solver={solver!r}")
        if solver == "randomized" and not isinstance(k, Integral):
            raise ValueError("A float n_components needs the full spectrum: use svd_solver='full'.")
        self.mean_ = X.mean(axis=0)
        Xc = X - self.mean_ if solver != "covariance_eigh" else None
        U = None
        if solver == "full":
            U, S, Vt = np.linalg.svd(Xc, full_matrices=False)
            U, Vt = svd_flip(U, Vt)
            ev = S**2 / (n - 1)
            total = ev.sum()
        elif solver == "covariance_eigh":
            C = X.T @ X
            C -= n * np.outer(self.mean_, self.mean_)
            C /= n - 1
            ev, V = np.linalg.eigh(C)
            ev, Vt = np.maximum(ev[::-1], 0.0), V[:, ::-1].T.copy()
            S = np.sqrt(ev * (n - 1))
            _, Vt = svd_flip(None, Vt)
            total = ev.sum()
        else:
            U, S, Vt = randomized_svd(
                Xc, k, n_oversamples=self.n_oversamples, n_iter=self.iterated_power,
                power_iteration_normalizer=self.power_iteration_normalizer,
                random_state=self.random_state)
            U, Vt = svd_flip(U, Vt)
            ev = S**2 / (n - 1)
            total = float(np.var(Xc, ddof=1, axis=0).sum())
        ratio = ev / total if total > 0 else np.zeros_like(ev)
        if not isinstance(k, Integral):  # fewest components reaching the variance fraction
            k = int(np.searchsorted(np.cumsum(ratio), k, side="right") + 1)
            k = min(k, len(ev))
        self.n_components_ = int(k)
        self.n_samples_ = n
        self.components_ = Vt[:k].copy()
        self.explained_variance_ = ev[:k].copy()
        self.explained_variance_ratio_ = ratio[:k].copy()
        self.singular_values_ = S[:k].copy()
        if k < min(n, d):
            if solver == "randomized":
                self.noise_variance_ = float((total - ev.sum()) / (min(n, d) - k))
            else:
                self.noise_variance_ = float(np.mean(ev[k:]))
        else:
            self.noise_variance_ = 0.0
        rank = int(np.sum(ev > ev.max() * max(n, d) * np.finfo(float).eps)) if ev.size else 0
        if self.n_components is not None and k > rank and solver != "randomized":
            warnings.warn(
                f"n_components={k} is larger than the rank {rank} of the centred data: the "
                "last components are arbitrary directions of (numerically) zero variance.",
                UserWarning, stacklevel=3)
        return U, S

    def transform(self, X: Any) -> np.ndarray:
        """Project ``X`` on the principal axes: (X - mean_) V^T (divided by sqrt(lambda) if whiten).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_components_)
        """
        check_is_fitted(self)
        X = validate_floating(self, X, reset=False)
        Z = (X - self.mean_) @ self.components_.T
        if self.whiten:  # a zero-variance component is divided by eps, not by 0
            Z /= np.maximum(np.sqrt(self.explained_variance_), np.finfo(np.float64).eps)
        return Z

    def inverse_transform(self, X: Any) -> np.ndarray:
        """Map projections back to feature space: Z V + mean_ (Z sqrt(lambda) V + mean_ if whiten)."""
        check_is_fitted(self)
        Z = check_array(X, dtype=np.float64)
        if Z.ndim != 2 or Z.shape[1] != self.n_components_:
            raise ValueError(f"Expected an array of shape (n_samples, {self.n_components_}), "
                             f"got {Z.shape}.")
        W = self.components_
        if self.whiten:
            W = W * np.sqrt(self.explained_variance_)[:, None]
        return Z @ W + self.mean_

    def score_samples(self, X: Any) -> np.ndarray:
        """Log-likelihood of each sample under the probabilistic PCA model.

        log p(x) = -1/2 [d log(2 pi) + log det C + (x - mu)^T C^{-1} (x - mu)], evaluated
        without forming C: in the basis of the components C is diagonal with entries
        max(lambda_j, sigma^2), and sigma^2 on the orthogonal complement. The model is the
        same with ``whiten=True`` (whitening rescales the projections, not the data's
        distribution); scikit-learn's ``get_covariance`` rescales it in that case, so the
        two libraries agree for ``whiten=False`` only.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = validate_floating(self, X, reset=False)
        d = X.shape[1]
        Xc = X - self.mean_
        sigma2 = self.noise_variance_
        lam = np.maximum(self.explained_variance_, sigma2)
        proj = Xc @ self.components_.T
        n_rest = d - self.n_components_
        with np.errstate(divide="ignore"):
            if n_rest > 0 and sigma2 <= 0:
                raise ValueError("The probabilistic PCA covariance is singular (noise_variance_ "
                                 "is 0 with fewer components than features).")
            resid = np.maximum(np.einsum("ij,ij->i", Xc, Xc) - np.einsum("ij,ij->i", proj, proj), 0.0)
            maha = (proj**2 / lam).sum(axis=1) + (resid / sigma2 if n_rest > 0 else 0.0)
            logdet = np.log(lam).sum() + (n_rest * np.log(sigma2) if n_rest > 0 else 0.0)
        return -0.5 * (d * np.log(2 * np.pi) + logdet + maha)

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
