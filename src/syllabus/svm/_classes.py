"""SVC: the kernel soft-margin SVM trained by SMO, with LIBSVM's one-vs-one multiclass."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, ClassifierMixin
from ..kernels import pairwise_kernels
from ..utils import (
    Interval,
    StrOptions,
    check_array,
    check_is_fitted,
    check_no_overflow,
    check_sample_weight,
    encode_labels,
    validate_data,
)
from ..utils._blas_threads import single_threaded_blas
from ._base import ConvergenceWarning, class_weights, ovr_decision_function
from ._smo import KernelRowCache, smo_solve

__all__ = ["SVC"]

# Diagonal of a kernel matrix is computed on blocks of this many samples.
_DIAG_BLOCK = 256
# Up to this many training samples, the whole kernel matrix is computed at once (the
# pairs of classes read their blocks of it); above, rows are computed as SMO needs them.
_WHOLE_MATRIX_MAX = 2048


class SVC(ClassifierMixin, BaseEstimator):
    """C-support vector classifier: the kernel SVM dual solved by SMO (LIBSVM's algorithm).

    Solves, for each pair of classes, the soft-margin dual

        max_alpha  sum_i alpha_i - 1/2 sum_ij alpha_i alpha_j y_i y_j K(x_i, x_j)
        s.t.       0 <= alpha_i <= C_i,  sum_i alpha_i y_i = 0

    by sequential minimal optimisation with LIBSVM's second-order working-set selection,
    stopping criterion, shrinking and bias (see :func:`syllabus.svm._smo.smo_solve`). The
    decision function is ``f(x) = sum_{i in SV} alpha_i y_i K(x_i, x) + b``; only the
    support vectors (``alpha_i > 0``) enter it. With more than two classes it trains the
    ``n_classes (n_classes - 1) / 2`` one-vs-one problems exactly as LIBSVM does (classes
    in sorted order; the pair (i, j) labels class i +1 and class j -1), so ``dual_coef_``,
    ``intercept_`` and ``support_`` have scikit-learn's layout and signs.

    Parameters
    ----------
    C : float, default=1.0
        Penalty of the slack variables (``C -> inf`` is the hard margin); the bound of
        every multiplier, times its class weight and sample weight.
    kernel : {"linear", "poly", "rbf", "sigmoid", "precomputed"} or callable, default="rbf"
        The kernel (functions of :mod:`syllabus.kernels`). A callable gets ``(X, Y)`` and
        returns their kernel matrix; "precomputed" takes the Gram matrix as ``X``.
    degree : int, default=3
        Degree of the "poly" kernel.
    gamma : {"scale", "auto"} or float, default="scale"
        Coefficient of "rbf", "poly" and "sigmoid": "scale" is
        ``1 / (n_features * X.var())``, "auto" is ``1 / n_features``.
    coef0 : float, default=0.0
        Constant term of "poly" and "sigmoid".
    shrinking : bool, default=True
        LIBSVM's shrinking heuristic (same solution, usually fewer operations).
    tol : float, default=1e-3
        Stop when the maximal violation of the KKT conditions is below ``tol``.
    cache_size : float, default=200
        Memory for the kernel-row cache, in MB.
    class_weight : dict or "balanced", default=None
        Multiplies ``C`` for each class; "balanced" uses ``n_samples / (n_classes * n_k)``.
    max_iter : int, default=-1
        Maximum number of SMO steps per binary problem; -1 means LIBSVM's bound,
        ``max(10**7, 100 n)`` for a problem of ``n`` samples (a ConvergenceWarning if reached).
    decision_function_shape : {"ovr", "ovo"}, default="ovr"
        "ovo" returns the one-vs-one decision values; "ovr" turns them into one score
        per class (votes plus squashed confidences, as scikit-learn).
    break_ties : bool, default=False
        With "ovr" and more than two classes, predict the argmax of ``decision_function``
        instead of the vote winner.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    class_weight_ : ndarray of shape (n_classes,)
        Weight of each class.
    support_ : ndarray of shape (n_SV,)
        Indices of the support vectors in the training set, grouped by class.
    support_vectors_ : ndarray of shape (n_SV, n_features)
        The support vectors (empty for a precomputed kernel).
    n_support_ : ndarray of shape (n_classes,)
        Number of support vectors of each class.
    dual_coef_ : ndarray of shape (n_classes - 1, n_SV)
        ``alpha_i y_i`` of the support vectors in each one-vs-one problem (LIBSVM's
        layout: the coefficients of class i in the problem (i, j) are in row ``j - 1``,
        those of class j in row ``i``).
    intercept_ : ndarray of shape (n_classes (n_classes - 1) / 2,)
        Bias of each one-vs-one decision function.
    coef_ : ndarray of shape (n_classes (n_classes - 1) / 2, n_features)
        ``w = sum_i alpha_i y_i x_i`` of each problem (linear kernel only).
    fit_status_ : int
        0 when every problem met the stopping criterion, 1 if one stopped at ``max_iter``.
    n_iter_ : ndarray of shape (n_classes (n_classes - 1) / 2,)
        SMO steps of each problem.
    objective_ : ndarray of shape (n_classes (n_classes - 1) / 2,)
        Dual objective ``1/2 alpha^T Q alpha - sum alpha`` (LIBSVM's ``obj``) of each problem.
    shape_fit_ : tuple
        Shape of the training ``X``.
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.svm import SVC
    >>> X = np.array([[-2.0, 0.0], [-1.0, 0.5], [1.0, 0.5], [2.0, 0.0]])
    >>> y = np.array([0, 0, 1, 1])
    >>> clf = SVC(kernel="linear", C=10.0).fit(X, y)
    >>> clf.predict([[-3.0, 0.0], [3.0, 1.0]])
    array([0, 1])
    >>> clf.support_.tolist()
    [1, 2]
    """

    # Common checks: gamma="scale" depends on X.var(), which repeating samples changes, and
    # weighted and repeated samples agree to rtol 1e-7 only with a tight tolerance.
    _check_estimator_params = {"gamma": "auto", "tol": 1e-10}

    _parameter_constraints = {
        "C": [Interval(Real, 0.0, None, closed="right")],
        "kernel": [StrOptions({"linear", "poly", "rbf", "sigmoid", "precomputed"}), "callable"],
        "degree": [Interval(Integral, 0, None, closed="left")],
        "gamma": [StrOptions({"scale", "auto"}), Interval(Real, 0.0, None, closed="left")],
        "coef0": [Interval(Real, None, None, closed="neither")],
        "shrinking": ["boolean"],
        "tol": [Interval(Real, 0.0, None, closed="neither")],
        "cache_size": [Interval(Real, 0, None, closed="neither")],
        "class_weight": [StrOptions({"balanced"}), dict, None],
        "max_iter": [Interval(Integral, -1, None, closed="left")],
        "decision_function_shape": [StrOptions({"ovr", "ovo"})],
        "break_ties": ["boolean"],
    }

    def __init__(
        self,
        C: float = 1.0,
        *,
        kernel: str | Callable = "rbf",
        degree: int = 3,
        gamma: str | float = "scale",
        coef0: float = 0.0,
        shrinking: bool = True,
        tol: float = 1e-3,
        cache_size: float = 200,
        class_weight: dict | str | None = None,
        max_iter: int = -1,
        decision_function_shape: str = "ovr",
        break_ties: bool = False,
    ) -> None:
        self.C = C
        self.kernel = kernel
        self.degree = degree
        self.gamma = gamma
        self.coef0 = coef0
        self.shrinking = shrinking
        self.tol = tol
        self.cache_size = cache_size
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.decision_function_shape = decision_function_shape
        self.break_ties = break_ties

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.pairwise = self.kernel == "precomputed"
        return tags

    # -- kernels ---------------------------------------------------------------------------

    def _kernel(self, A: np.ndarray, B: np.ndarray | None = None) -> np.ndarray:
        """``K(A, B)`` for the fitted kernel (``B=None`` means ``B = A``).

        A named kernel is :func:`syllabus.kernels.pairwise_kernels`'s; a callable gets the
        two matrices (scikit-learn's SVC convention) and returns their kernel matrix.
        """
        if callable(self.kernel):
            K = check_array(self.kernel(A, A if B is None else B), input_name="kernel matrix")
            return K.astype(np.float64, copy=False)
        return pairwise_kernels(A, B, metric=self.kernel, filter_params=True,
                                gamma=self._gamma, degree=self.degree, coef0=self.coef0)

    def _row_cache(self, X: np.ndarray | None, gram: np.ndarray | None) -> KernelRowCache:
        """The kernel rows of one binary problem: its Gram matrix when there is one, else
        rows computed on demand within ``cache_size``."""
        if gram is not None:
            return KernelRowCache.whole(gram)
        n = X.shape[0]
        diagonal = np.empty(n)
        for start in range(0, n, _DIAG_BLOCK):
            block = X[start:start + _DIAG_BLOCK]
            diagonal[start:start + _DIAG_BLOCK] = np.diagonal(self._kernel(block))
        return KernelRowCache(lambda idx: self._kernel(X[idx], X), n, self.cache_size, diagonal)

    # -- fit -------------------------------------------------------------------------------

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> SVC:
        """Train the one-vs-one SVMs on ``X`` (or a precomputed Gram matrix) and ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features) or (n_samples, n_samples)
            Training samples; the Gram matrix when ``kernel="precomputed"``.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Multiplies ``C`` per sample; samples of weight 0 are left out.

        Returns
        -------
        self : SVC
        """
        self._validate_params()
        X, y = validate_data(self, X, y, reset=True)
        X = X.astype(np.float64, copy=False)
        check_no_overflow(X, estimator=self)
        self.classes_, y_idx = encode_labels(y)
        n_classes = len(self.classes_)
        if n_classes < 2:
            raise ValueError(
                f"The number of classes has to be greater than one; got {n_classes} class"
            )
        if self.kernel == "precomputed" and X.shape[0] != X.shape[1]:
            raise ValueError(
                f"Precomputed matrix must be a square matrix. Input is a {X.shape[0]}x"
                f"{X.shape[1]} matrix."
            )
        sw = check_sample_weight(sample_weight, X)
        self.class_weight_ = class_weights(self.class_weight, self.classes_, y_idx)
        self._gamma = self._resolve_gamma(X)

        # LIBSVM leaves out samples of weight 0 (their C would be 0).
        kept = np.flatnonzero(sw > 0)
        if len(np.unique(y_idx[kept])) < 2:
            raise ValueError(
                "Invalid input - all samples with positive weights belong to the same class."
            )
        gram = None
        if self.kernel == "precomputed":
            gram = X
        elif callable(self.kernel) or X.shape[0] <= _WHOLE_MATRIX_MAX:
            with np.errstate(over="ignore", invalid="ignore"):  # diagonal checked below
                gram = self._kernel(X)  # one kernel call: cheaper than row by row
        members = [kept[y_idx[kept] == k] for k in range(n_classes)]
        C_class = self.C * self.class_weight_

        def max_iter(n: int) -> int:  # LIBSVM's own bound when max_iter=-1 ("no limit")
            return self.max_iter if self.max_iter != -1 else max(10_000_000, 100 * n)

        n_pairs = n_classes * (n_classes - 1) // 2
        coefs, rhos = [], np.empty(n_pairs)
        self.n_iter_ = np.zeros(n_pairs, dtype=np.int32)
        self.objective_ = np.empty(n_pairs)
        self.fit_status_ = 0
        p = 0
        with single_threaded_blas():  # many small BLAS calls: see utils._blas_threads
            for a, b in itertools.combinations(range(n_classes), 2):  # LIBSVM's pair order
                sub = np.concatenate([members[a], members[b]])
                n_a = len(members[a])
                y_sub = np.where(np.arange(len(sub)) < n_a, 1.0, -1.0)
                C_sub = sw[sub] * np.where(y_sub > 0, C_class[a], C_class[b])
                with np.errstate(over="ignore", invalid="ignore"):  # checked just below
                    if gram is not None:
                        cache = self._row_cache(None, gram[np.ix_(sub, sub)])
                    else:
                        cache = self._row_cache(X[sub], None)
                if not np.isfinite(cache.diagonal).all():  # |K_ij| <= sqrt(K_ii K_jj)
                    raise ValueError(
                        "The kernel matrix has non-finite values (the kernel overflows on this "
                        "data): scale the data or choose smaller gamma, coef0 or degree."
                    )
                res = smo_solve(cache, y_sub, C_sub, tol=self.tol, max_iter=max_iter(len(sub)),
                                shrinking=self.shrinking)
                if res.status == 2:
                    raise ValueError(
                        "The SMO solver met a non-finite gradient: the kernel matrix holds "
                        "NaN or inf. Check the input and the kernel parameters (gamma, "
                        "coef0, degree)."
                    )
                coefs.append((sub, y_sub * res.alpha))
                rhos[p] = res.rho
                self.n_iter_[p] = res.n_iter
                self.objective_[p] = res.objective
                self.fit_status_ |= res.status
                p += 1
        if self.fit_status_:
            warnings.warn(
                f"Solver terminated early (max_iter={self.max_iter}"
                f"{', LIBSVM bound max(1e7, 100 n)' if self.max_iter == -1 else ''}). "
                "Consider pre-processing "
                "your data with StandardScaler or MinMaxScaler.",
                ConvergenceWarning,
                stacklevel=2,
            )
        self._store_model(X, y_idx, members, coefs, rhos)
        self.shape_fit_ = X.shape
        return self

    def _resolve_gamma(self, X: np.ndarray) -> float:
        if self.kernel == "precomputed" or callable(self.kernel):
            return 0.0
        if self.gamma == "scale":
            var = X.var()
            return 1.0 / (X.shape[1] * var) if var != 0 else 1.0
        if self.gamma == "auto":
            return 1.0 / X.shape[1]
        return float(self.gamma)

    def _store_model(self, X, y_idx, members, coefs, rhos) -> None:
        """Support vectors, ``dual_coef_`` and ``intercept_`` in LIBSVM's layout."""
        n_classes = len(self.classes_)
        n = X.shape[0]
        nonzero = np.zeros(n, dtype=bool)
        full_coefs = []
        for sub, coef in coefs:
            dense = np.zeros(n)
            dense[sub] = coef
            nonzero[sub[coef != 0]] = True
            full_coefs.append(dense)
        # Support vectors grouped by class, in training order within a class.
        support = np.concatenate([m[nonzero[m]] for m in members]).astype(np.int32)
        self.n_support_ = np.array([int(nonzero[m].sum()) for m in members], dtype=np.int32)
        sv_class = y_idx[support]
        dual = np.zeros((n_classes - 1, len(support)))
        p = 0
        for a in range(n_classes):
            for b in range(a + 1, n_classes):
                in_a, in_b = sv_class == a, sv_class == b
                dual[b - 1, in_a] = full_coefs[p][support[in_a]]
                dual[a, in_b] = full_coefs[p][support[in_b]]
                p += 1
        self.support_ = support
        if self.kernel == "precomputed":
            self.support_vectors_ = np.empty((0, 0))
        else:
            self.support_vectors_ = X[support]
        # LIBSVM's sign convention internally; scikit-learn flips both for two classes so
        # that a positive decision means classes_[1].
        self._dual_coef_ = dual
        self._intercept_ = -rhos
        if n_classes == 2:
            self.dual_coef_ = -dual
            self.intercept_ = rhos.copy()
        else:
            self.dual_coef_ = dual
            self.intercept_ = -rhos
        if not (np.isfinite(dual).all() and np.isfinite(rhos).all()):
            raise ValueError(
                "The dual coefficients or intercepts are not finite. The input data may "
                "contain large values and need to be preprocessed."
            )

    # -- predict ---------------------------------------------------------------------------

    def _validate_for_predict(self, X: Any) -> np.ndarray:
        check_is_fitted(self)
        X = validate_data(self, X, reset=False).astype(np.float64, copy=False)
        if self.kernel == "precomputed" and X.shape[1] != self.shape_fit_[0]:
            raise ValueError(
                f"X.shape[1] = {X.shape[1]} should be equal to {self.shape_fit_[0]}, the "
                "number of samples at training time"
            )
        return X

    def _ovo_decision(self, X: Any) -> np.ndarray:
        """LIBSVM's one-vs-one decision values (positive means the first class of a pair)."""
        X = self._validate_for_predict(X)
        if self.kernel == "precomputed":
            K = X[:, self.support_]
        else:
            K = self._kernel(X, self.support_vectors_)
        n_classes = len(self.classes_)
        starts = np.concatenate([[0], np.cumsum(self.n_support_)])
        dec = np.empty((X.shape[0], n_classes * (n_classes - 1) // 2))
        p = 0
        for a in range(n_classes):
            sv_a = slice(starts[a], starts[a + 1])
            for b in range(a + 1, n_classes):
                sv_b = slice(starts[b], starts[b + 1])
                dec[:, p] = (K[:, sv_a] @ self._dual_coef_[b - 1, sv_a]
                             + K[:, sv_b] @ self._dual_coef_[a, sv_b] + self._intercept_[p])
                p += 1
        return dec

    def decision_function(self, X: Any) -> np.ndarray:
        """Decision values of the samples ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features) or (n_samples, n_samples_fit)

        Returns
        -------
        ndarray of shape (n_samples,) for two classes (positive means ``classes_[1]``),
        (n_samples, n_classes) for "ovr" or (n_samples, n_classes (n_classes - 1) / 2)
        for "ovo".
        """
        dec = self._ovo_decision(X)
        if len(self.classes_) == 2:
            return -dec.ravel()
        if self.decision_function_shape == "ovr":
            return ovr_decision_function(dec < 0, -dec, len(self.classes_))
        return dec

    def predict(self, X: Any) -> np.ndarray:
        """Class of each sample: the one-vs-one vote winner (first class on ties, as LIBSVM).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features) or (n_samples, n_samples_fit)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        if self.break_ties and self.decision_function_shape == "ovo":
            raise ValueError("break_ties must be False when decision_function_shape is 'ovo'")
        n_classes = len(self.classes_)
        if self.break_ties and n_classes > 2:
            return self.classes_[np.argmax(self.decision_function(X), axis=1)]
        dec = self._ovo_decision(X)
        votes = np.zeros((dec.shape[0], n_classes), dtype=np.int64)
        p = 0
        for a in range(n_classes):
            for b in range(a + 1, n_classes):
                first = dec[:, p] > 0
                votes[first, a] += 1
                votes[~first, b] += 1
                p += 1
        return self.classes_[np.argmax(votes, axis=1)]

    @property
    def coef_(self) -> np.ndarray:
        """Primal weights ``w`` of each one-vs-one problem (linear kernel only)."""
        if self.kernel != "linear":
            raise AttributeError("coef_ is only available when using a linear kernel")
        check_is_fitted(self)
        n_classes = len(self.classes_)
        if n_classes == 2:
            coef = self.dual_coef_ @ self.support_vectors_
        else:
            starts = np.concatenate([[0], np.cumsum(self.n_support_)])
            rows = []
            for a in range(n_classes):
                sv_a = slice(starts[a], starts[a + 1])
                for b in range(a + 1, n_classes):
                    sv_b = slice(starts[b], starts[b + 1])
                    rows.append(self._dual_coef_[b - 1, sv_a] @ self.support_vectors_[sv_a]
                                + self._dual_coef_[a, sv_b] @ self.support_vectors_[sv_b])
            coef = np.vstack(rows)
        coef.flags.writeable = False
        return coef

