"""Gaussian mixture models fitted by expectation-maximisation.

The model: p(x) = sum_k pi_k N(x | mu_k, Sigma_k). EM alternates

    E-step   r_ik = pi_k N(x_i | mu_k, Sigma_k) / sum_j pi_j N(x_i | mu_j, Sigma_j)
    M-step   N_k = sum_i r_ik,  pi_k = N_k / n,  mu_k = sum_i r_ik x_i / N_k,
             Sigma_k = sum_i r_ik (x_i - mu_k)(x_i - mu_k)^T / N_k + reg_covar I,

and the mean log-likelihood (1/n) sum_i log sum_k pi_k N(x_i | mu_k, Sigma_k) (the lower
bound, tight after each E-step) never decreases. Precisions are kept as Cholesky factors
P_k with P_k P_k^T = Sigma_k^{-1}, so log N(x | mu_k, Sigma_k) =
-d/2 log(2 pi) + log det P_k - ||(x - mu_k)^T P_k||^2 / 2 needs no matrix inverse and
log det P_k is the sum of the log of its diagonal. The formulas, initialisations and
random draws are scikit-learn's, so from the same initialisation the iterates are equal.
"""

from __future__ import annotations

import math
import time
import warnings
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, ConvergenceWarning
from ..cluster import KMeans, kmeans_plusplus
from ..utils import check_array, check_is_fitted, check_random_state
from ..utils._blas_threads import single_threaded_blas
from ..utils._param_validation import Interval, StrOptions
from ..utils._special import log_softmax_parts
from ..utils._validation import validate_floating

__all__ = ["GaussianMixture"]

_ILL_DEFINED = (
    "Fitting the mixture model failed because some components have ill-defined empirical "
    "covariance (for instance caused by singleton or collapsed samples). Try to decrease "
    "the number of components, increase reg_covar, or scale the input data."
)


def _estimate_parameters(X, resp, reg_covar, covariance_type):
    """M-step: N_k, mu_k and the covariances from responsibilities ``resp`` (n, k)."""
    nk = resp.sum(axis=0) + 10 * np.finfo(resp.dtype).eps  # no division by an empty N_k
    means = (resp.T @ X) / nk[:, None]
    if covariance_type == "full":
        d = X.shape[1]
        cov = np.empty((len(nk), d, d))
        for k in range(len(nk)):
            diff = X - means[k]
            cov[k] = (resp[:, k] * diff.T) @ diff / nk[k]
            cov[k].flat[:: d + 1] += reg_covar
    elif covariance_type == "tied":
        cov = X.T @ X - nk * means.T @ means
        cov /= nk.sum()
        cov.flat[:: X.shape[1] + 1] += reg_covar
    else:
        cov = (resp.T @ (X * X)) / nk[:, None] - means**2 + reg_covar
        if covariance_type == "spherical":
            cov = cov.mean(axis=1)
    return nk, means, cov


def _precision_cholesky(cov, covariance_type):
    """P with P P^T = Sigma^{-1}: the inverse transpose of the Cholesky factor of Sigma."""
    if covariance_type in ("full", "tied"):
        try:
            L = np.linalg.cholesky(cov)
        except np.linalg.LinAlgError:
            raise ValueError(_ILL_DEFINED) from None
        eye = np.broadcast_to(np.eye(cov.shape[-1]), cov.shape)
        return np.swapaxes(np.linalg.solve(L, eye), -1, -2)
    if np.any(cov <= 0.0):
        raise ValueError(_ILL_DEFINED)
    return 1.0 / np.sqrt(cov)


def _precision_cholesky_from_precisions(prec, covariance_type):
    """P upper-triangular with P P^T = precision (Cholesky of the flipped matrix, flipped back)."""
    if covariance_type in ("full", "tied"):
        flipped = prec[..., ::-1, ::-1]
        return np.linalg.cholesky(flipped)[..., ::-1, ::-1]
    return np.sqrt(prec)


def _log_det_cholesky(P, covariance_type, d):
    if covariance_type in ("full", "tied"):
        return np.log(np.diagonal(P, axis1=-2, axis2=-1)).sum(axis=-1)
    if covariance_type == "diag":
        return np.log(P).sum(axis=1)
    return d * np.log(P)


def _estimate_log_gaussian_prob(X, means, P, covariance_type):
    """log N(x_i | mu_k, Sigma_k) for every sample and component, shape (n, k)."""
    n, d = X.shape
    k = means.shape[0]
    log_det = _log_det_cholesky(P, covariance_type, d)
    if covariance_type in ("full", "tied"):
        Ps = P if covariance_type == "full" else np.broadcast_to(P, (k, d, d))
        # All components in one GEMM: Y[:, k, :] = X P_k - mu_k P_k.
        Y = (X @ np.concatenate(list(Ps), axis=1)).reshape(n, k, d)
        Y -= np.einsum("kd,kde->ke", means, Ps)
        maha = np.einsum("nkd,nkd->nk", Y, Y)
    elif covariance_type == "diag":
        prec = P**2
        maha = (means**2 * prec).sum(axis=1) - 2.0 * (X @ (means * prec).T) + (X**2) @ prec.T
    else:
        prec = P**2
        maha = ((means**2).sum(axis=1) * prec - 2 * (X @ means.T * prec)
                + np.outer(np.einsum("ij,ij->i", X, X), prec))
    return -0.5 * (d * math.log(2 * math.pi) + maha) + log_det


class GaussianMixture(BaseEstimator):
    """Gaussian mixture model fitted by EM (scikit-learn's ``GaussianMixture``).

    Parameters
    ----------
    n_components : int, default=1
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"
        One covariance matrix per component; one shared matrix; one diagonal per
        component; one variance per component.
    tol : float, default=1e-3
        EM stops when the lower bound (mean log-likelihood) gains less than ``tol``.
    reg_covar : float, default=1e-6
        Added to the diagonal of every covariance so none is singular.
    max_iter : int, default=100
    n_init : int, default=1
        Initialisations; the one with the largest final lower bound is kept.
    init_params : {"kmeans", "k-means++", "random", "random_from_data"}, default="kmeans"
        Initial responsibilities: the labels of a :class:`~syllabus.cluster.KMeans` run (from
        the same random state, so equal to scikit-learn's), k-means++ seeds, uniform random
        responsibilities, or random samples.
    weights_init, means_init, precisions_init : array-like or None, default=None
        User-provided initial parameters (precisions are inverse covariances).
    random_state : int, RandomState or None, default=None
    warm_start : bool, default=False
        Refit from the previous solution (one run, ``n_init`` ignored) instead of
        re-initialising.
    verbose : int, default=0
        1 prints each initialisation and every ``verbose_interval`` iterations; 2 adds times
        and the lower bound's change (scikit-learn's messages).
    verbose_interval : int, default=10

    Attributes
    ----------
    weights_ : ndarray of shape (n_components,)
    means_ : ndarray of shape (n_components, n_features)
    covariances_ : ndarray
        (k, d, d) full, (d, d) tied, (k, d) diag, (k,) spherical.
    precisions_ : ndarray
        Inverse covariances, same shape.
    precisions_cholesky_ : ndarray
        Cholesky factors P of the precisions (P P^T = precision).
    converged_ : bool
    n_iter_ : int
    lower_bound_ : float
        Mean log-likelihood of the training data at the best initialisation's last step.
    lower_bounds_ : list of float
        The lower bound after each EM iteration of the best initialisation.
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.mixture import GaussianMixture
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]])
    >>> gm = GaussianMixture(n_components=2, random_state=0).fit(X)
    >>> sorted(gm.means_.round(1).tolist())
    [[1.0, 2.0], [10.0, 2.0]]
    """

    _parameter_constraints = {
        "n_components": [Interval(Integral, 1, None, closed="left")],
        "covariance_type": [StrOptions({"full", "tied", "diag", "spherical"})],
        "tol": [Interval(Real, 0.0, None, closed="left")],
        "reg_covar": [Interval(Real, 0.0, None, closed="left")],
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "n_init": [Interval(Integral, 1, None, closed="left")],
        "init_params": [StrOptions({"kmeans", "k-means++", "random", "random_from_data"})],
        "weights_init": ["array-like", None],
        "means_init": ["array-like", None],
        "precisions_init": ["array-like", None],
        "random_state": ["random_state"],
        "warm_start": ["boolean"],
        "verbose": [Interval(Integral, 0, None, closed="left"), "boolean"],
        "verbose_interval": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(self, n_components: int = 1, *, covariance_type: str = "full", tol: float = 1e-3,
                 reg_covar: float = 1e-6, max_iter: int = 100, n_init: int = 1,
                 init_params: str = "kmeans", weights_init: Any = None, means_init: Any = None,
                 precisions_init: Any = None, random_state: Any = None, warm_start: bool = False,
                 verbose: int = 0, verbose_interval: int = 10) -> None:
        self.n_components = n_components
        self.covariance_type = covariance_type
        self.tol = tol
        self.reg_covar = reg_covar
        self.max_iter = max_iter
        self.n_init = n_init
        self.init_params = init_params
        self.weights_init = weights_init
        self.means_init = means_init
        self.precisions_init = precisions_init
        self.random_state = random_state
        self.warm_start = warm_start
        self.verbose = verbose
        self.verbose_interval = verbose_interval

    # ------------------------------------------------------------------ checks
    def _check_inits(self, d):
        k, ct = self.n_components, self.covariance_type
        weights = means = precisions = None
        if self.weights_init is not None:
            weights = check_array(self.weights_init, dtype=np.float64, ensure_2d=False,
                                  input_name="weights_init")
            if weights.shape != (k,):
                raise ValueError(f"The parameter 'weights' should have the shape of ({k},), "
                                 f"but got {weights.shape}")
            if weights.min() < 0 or weights.max() > 1:
                raise ValueError("The parameter 'weights' should be in the range [0, 1].")
            if not abs(1.0 - weights.sum()) <= 1e-8:
                raise ValueError("The parameter 'weights' should be normalized, but got "
                                 f"sum(weights) = {weights.sum():.5f}")
        if self.means_init is not None:
            means = check_array(self.means_init, dtype=np.float64, input_name="means_init")
            if means.shape != (k, d):
                raise ValueError(f"The parameter 'means' should have the shape of ({k}, {d}), "
                                 f"but got {means.shape}")
        if self.precisions_init is not None:
            shape = {"full": (k, d, d), "tied": (d, d), "diag": (k, d), "spherical": (k,)}[ct]
            precisions = check_array(self.precisions_init, dtype=np.float64, ensure_2d=False,
                                     allow_nd=True, input_name="precisions_init")
            if precisions.shape != shape:
                raise ValueError(f"The parameter '{ct} precision' should have the shape of "
                                 f"{shape}, but got {precisions.shape}")
            if ct in ("full", "tied"):
                mats = precisions.reshape(-1, d, d)
                if not (np.allclose(mats, np.swapaxes(mats, 1, 2))
                        and np.all(np.linalg.eigvalsh(mats) > 0)):
                    raise ValueError(f"'{ct} precision' should be symmetric, positive-definite")
            elif np.any(precisions <= 0):
                raise ValueError(f"'{ct} precision' should be positive")
        return weights, means, precisions

    # ------------------------------------------------------------------ EM pieces
    def _initialize(self, X, rng, inits):
        weights_init, means_init, precisions_init = inits
        n, k = X.shape[0], self.n_components
        resp = None
        if weights_init is None or means_init is None or precisions_init is None:
            resp = np.zeros((n, k))
            if self.init_params == "kmeans":
                labels = KMeans(n_clusters=k, n_init=1, random_state=rng).fit(X).labels_
                resp[np.arange(n), labels] = 1
            elif self.init_params == "random":
                resp = rng.uniform(size=(n, k))
                resp /= resp.sum(axis=1)[:, None]
            elif self.init_params == "random_from_data":
                resp[rng.choice(n, size=k, replace=False), np.arange(k)] = 1
            else:  # "k-means++"
                _, idx = kmeans_plusplus(X, k, random_state=rng)
                resp[idx, np.arange(k)] = 1
        weights = means = cov = None
        if resp is not None:
            weights, means, cov = _estimate_parameters(X, resp, self.reg_covar, self.covariance_type)
            weights = weights / n
        self.weights_ = weights if weights_init is None else weights_init.copy()
        self.means_ = means if means_init is None else means_init.copy()
        if precisions_init is None:
            self.covariances_ = cov
            self.precisions_cholesky_ = _precision_cholesky(cov, self.covariance_type)
        else:
            self.precisions_cholesky_ = _precision_cholesky_from_precisions(
                precisions_init, self.covariance_type)

    def _e_step(self, X):
        """Mean log-likelihood and responsibilities under the current parameters."""
        weighted = _estimate_log_gaussian_prob(X, self.means_, self.precisions_cholesky_,
                                               self.covariance_type) + np.log(self.weights_)
        log_norm, resp = log_softmax_parts(weighted)
        return float(np.mean(log_norm)), resp

    def _m_step(self, X, resp):
        self.weights_, self.means_, self.covariances_ = _estimate_parameters(
            X, resp, self.reg_covar, self.covariance_type)
        self.weights_ /= self.weights_.sum()
        self.precisions_cholesky_ = _precision_cholesky(self.covariances_, self.covariance_type)

    def _params(self):
        return (self.weights_, self.means_, getattr(self, "covariances_", None),
                self.precisions_cholesky_)

    # ------------------------------------------------------------------ public API
    def fit(self, X: Any, y: Any = None) -> GaussianMixture:
        """Estimate the mixture by EM (``n_init`` runs, the best lower bound kept).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self : GaussianMixture
        """
        self.fit_predict(X)
        return self

    def fit_predict(self, X: Any, y: Any = None) -> np.ndarray:
        """Fit, then return the most responsible component of each training sample."""
        self._validate_params()
        X = validate_floating(self, X, reset=True, ensure_min_samples=2)
        if X.shape[0] < self.n_components:
            raise ValueError(f"Expected n_samples >= n_components but got n_components = "
                             f"{self.n_components}, n_samples = {X.shape[0]}")
        inits = self._check_inits(X.shape[1])
        rng = check_random_state(self.random_state)
        do_init = not (self.warm_start and hasattr(self, "converged_"))
        best_bound, best = -np.inf, None
        with single_threaded_blas():  # many small GEMMs and factorisations per iteration
            for init in range(self.n_init if do_init else 1):
                self._verbose_init_begin(init)
                if do_init:
                    self._initialize(X, rng, inits)
                bound = -np.inf if do_init else self.lower_bound_
                bounds, converged, n_iter = [], False, 0
                for n_iter in range(1, self.max_iter + 1):  # noqa: B007 (n_iter_ is the last)
                    previous = bound
                    bound, resp = self._e_step(X)
                    self._m_step(X, resp)
                    bounds.append(bound)
                    self._verbose_iter_end(n_iter, bound - previous)
                    if abs(bound - previous) < self.tol:
                        converged = True
                        break
                if self.max_iter > 0:
                    self._verbose_init_end(bound, converged)
                if best is None or bound > best_bound:
                    best_bound = bound
                    best = (self._params(), n_iter, bounds, converged)
            params, self.n_iter_, self.lower_bounds_, self.converged_ = best
            if not self.converged_ and self.max_iter > 0:
                warnings.warn(ConvergenceWarning(
                    "Best performing initialization did not converge. Try different "
                    "init parameters, or increase max_iter, tol, or check for "
                    "degenerate data."), stacklevel=2)
            self.weights_, self.means_, self.covariances_, self.precisions_cholesky_ = params
            self.lower_bound_ = best_bound
            P = self.precisions_cholesky_
            if self.covariance_type in ("full", "tied"):
                self.precisions_ = P @ np.swapaxes(P, -1, -2)  # P P^T
            else:
                self.precisions_ = P**2
            # Final E-step so that fit_predict(X) agrees with fit(X).predict(X).
            return self._e_step(X)[1].argmax(axis=1)

    def _verbose_init_begin(self, init):
        if self.verbose >= 1:
            print(f"Initialization {init}")
            self._init_prev_time = self._iter_prev_time = time.time()

    def _verbose_iter_end(self, n_iter, change):
        if self.verbose >= 1 and n_iter % self.verbose_interval == 0:
            if self.verbose == 1:
                print(f"  Iteration {n_iter}")
            else:
                now = time.time()
                print(f"  Iteration {n_iter}\t time lapse {now - self._iter_prev_time:.5f}s\t "
                      f"ll change {change:.5f}")
                self._iter_prev_time = now

    def _verbose_init_end(self, bound, converged):
        message = "converged" if converged else "did not converge"
        if self.verbose == 1:
            print(f"Initialization {message}.")
        elif self.verbose >= 2:
            print(f"Initialization {message}. time lapse {time.time() - self._init_prev_time:.5f}s"
                  f"\t lower bound {bound:.5f}.")

    def _check_test(self, X):
        check_is_fitted(self)
        return validate_floating(self, X, reset=False)

    def _weighted_log_prob(self, X):
        return _estimate_log_gaussian_prob(X, self.means_, self.precisions_cholesky_,
                                           self.covariance_type) + np.log(self.weights_)

    def score_samples(self, X: Any) -> np.ndarray:
        """log p(x) = log sum_k pi_k N(x | mu_k, Sigma_k) for each sample."""
        return log_softmax_parts(self._weighted_log_prob(self._check_test(X)))[0]

    def score(self, X: Any, y: Any = None) -> float:
        """Mean log-likelihood of ``X``."""
        return float(np.mean(self.score_samples(X)))

    def predict_proba(self, X: Any) -> np.ndarray:
        """Responsibilities p(component k | x), shape (n_samples, n_components)."""
        return log_softmax_parts(self._weighted_log_prob(self._check_test(X)))[1]

    def predict(self, X: Any) -> np.ndarray:
        """Most responsible component of each sample."""
        return self._weighted_log_prob(self._check_test(X)).argmax(axis=1)

    def _n_parameters(self) -> int:
        k, d = self.means_.shape
        cov = {"full": k * d * (d + 1) / 2.0, "diag": k * d, "tied": d * (d + 1) / 2.0,
               "spherical": k}[self.covariance_type]
        return int(cov + d * k + k - 1)

    def bic(self, X: Any) -> float:
        """Bayesian information criterion: -2 log L + p log n (lower is better)."""
        X = self._check_test(X)
        return -2 * self.score(X) * X.shape[0] + self._n_parameters() * math.log(X.shape[0])

    def aic(self, X: Any) -> float:
        """Akaike information criterion: -2 log L + 2 p (lower is better)."""
        X = self._check_test(X)
        return -2 * self.score(X) * X.shape[0] + 2 * self._n_parameters()

    def sample(self, n_samples: int = 1) -> tuple[np.ndarray, np.ndarray]:
        """Draw ``n_samples`` points from the fitted mixture (scikit-learn's draws).

        Returns
        -------
        X : ndarray of shape (n_samples, n_features)
        y : ndarray of shape (n_samples,)
            The component of each sample (samples are grouped by component).
        """
        check_is_fitted(self)
        if n_samples < 1:
            raise ValueError(f"Invalid value for 'n_samples': {n_samples}. The sampling "
                             "requires at least one sample.")
        rng = check_random_state(self.random_state)
        counts = rng.multinomial(n_samples, self.weights_)
        d = self.means_.shape[1]
        ct = self.covariance_type
        if ct == "full":
            X = np.vstack([rng.multivariate_normal(m, c, int(s))
                           for m, c, s in zip(self.means_, self.covariances_, counts, strict=True)])
        elif ct == "tied":
            X = np.vstack([rng.multivariate_normal(m, self.covariances_, int(s))
                           for m, s in zip(self.means_, counts, strict=True)])
        else:
            X = np.vstack([m + rng.standard_normal(size=(s, d)) * np.sqrt(c)
                           for m, c, s in zip(self.means_, self.covariances_, counts, strict=True)])
        y = np.concatenate([np.full(s, j, dtype=int) for j, s in enumerate(counts)])
        return X, y
