"""SVC: the kernel soft-margin SVM trained by SMO, with LIBSVM's one-vs-one multiclass."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, ClassifierMixin
from ..exceptions import NotFittedError
from ..kernels import pairwise_kernels
from ..utils import (
    Interval,
    StrOptions,
    check_array,
    check_is_fitted,
    check_no_overflow,
    check_random_state,
    check_sample_weight,
    encode_labels,
    validate_data,
)
from ..utils._blas_threads import single_threaded_blas
from ..utils._sparse import issparse, safe_sparse_dot
from ..utils._validation import _num_samples
from ._base import ConvergenceWarning, class_weights, ovr_decision_function
from ._platt import pairwise_coupling, platt_predict, platt_sigmoid
from ._smo import KernelRows, smo_solve

__all__ = ["SVC"]

# LIBSVM's number of folds for the cross-validated decision values of Platt scaling.
_PLATT_FOLDS = 5
# LIBSVM clips the pairwise probabilities into [min_prob, 1 - min_prob].
_MIN_PROB = 1e-7


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
    probability : bool, default=False
        Also fit Platt's sigmoid ``P(first class of a pair | f) = 1 / (1 + exp(A f + B))``
        on decision values cross-validated over 5 folds (LIBSVM's procedure), and couple
        the pairwise probabilities into ``predict_proba`` (Wu, Lin and Weng's method).
        The folds are drawn by ``random_state`` (not LIBSVM's generator), so the
        probabilities match scikit-learn's closely, not exactly.
    random_state : int, RandomState instance or None, default=None
        Draws the folds of ``probability=True``; ignored otherwise.
    verbose : bool, default=False
        Kept for scikit-learn's signature (the solver prints nothing).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    class_weight_ : ndarray of shape (n_classes,)
        Weight of each class.
    support_ : ndarray of shape (n_SV,)
        Indices of the support vectors in the training set, grouped by class.
    support_vectors_ : ndarray or CSR matrix of shape (n_SV, n_features)
        The support vectors (empty for a precomputed kernel); sparse when ``X`` was.
    n_support_ : ndarray of shape (n_classes,)
        Number of support vectors of each class.
    dual_coef_ : ndarray or CSR matrix of shape (n_classes - 1, n_SV)
        ``alpha_i y_i`` of the support vectors in each one-vs-one problem (LIBSVM's
        layout: the coefficients of class i in the problem (i, j) are in row ``j - 1``,
        those of class j in row ``i``).
    intercept_ : ndarray of shape (n_classes (n_classes - 1) / 2,)
        Bias of each one-vs-one decision function.
    coef_ : ndarray or CSR matrix of shape (n_classes (n_classes - 1) / 2, n_features)
        ``w = sum_i alpha_i y_i x_i`` of each problem (linear kernel only).
    probA_, probB_ : ndarray of shape (n_classes (n_classes - 1) / 2,)
        Platt's ``A`` and ``B`` of each pair (empty without ``probability=True``).
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
        "probability": ["boolean"],
        "random_state": ["random_state"],
        "verbose": [Interval(Integral, 0, None, closed="left"), "boolean"],
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
        probability: bool = False,
        random_state: Any = None,
        verbose: bool = False,
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
        self.probability = probability
        self.random_state = random_state
        self.verbose = verbose

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.pairwise = self.kernel == "precomputed"
        tags.input_tags.sparse = self.kernel != "precomputed"
        return tags

    # -- kernels ---------------------------------------------------------------------------

    def _kernel(self, A: Any, B: Any = None) -> np.ndarray:
        """``K(A, B)`` for the fitted kernel (``B=None`` means ``B = A``).

        A named kernel is :func:`syllabus.kernels.pairwise_kernels`'s; a callable gets the
        two matrices (scikit-learn's SVC convention) and returns their kernel matrix.
        """
        if callable(self.kernel):
            K = check_array(self.kernel(A, A if B is None else B), input_name="kernel matrix",
                            accept_sparse=True)
            K = K.toarray() if issparse(K) else K
            expected = (_num_samples(A), _num_samples(A if B is None else B))
            if K.shape != expected:
                raise ValueError(
                    f"The kernel callable returned a matrix of shape {K.shape}; expected "
                    f"{expected}, the kernel between the samples of its two arguments."
                )
            return K.astype(np.float64, copy=False)
        return pairwise_kernels(A, B, metric=self.kernel, filter_params=True,
                                gamma=self._gamma, degree=self.degree, coef0=self.coef0)

    def _rows_of(self, X: Any, gram: np.ndarray | None, rows: np.ndarray) -> KernelRows:
        """The kernel rows of the binary problem on the samples ``rows``: read from the Gram
        matrix when there is one, else computed by SMO on demand within ``cache_size``."""
        if gram is not None:
            return KernelRows("precomputed", gram[np.ix_(rows, rows)])
        return KernelRows(self.kernel, X[rows], gamma=self._gamma, coef0=self.coef0,
                          degree=self.degree, cache_size=self.cache_size)

    def _solve(self, X: Any, gram: np.ndarray | None, rows: np.ndarray, y_pm: np.ndarray,
               C: np.ndarray):
        """SMO on the samples ``rows`` with labels ``y_pm`` and bounds ``C``."""
        with np.errstate(over="ignore", invalid="ignore"):  # checked just below
            kernel = self._rows_of(X, gram, rows)
        if not np.isfinite(kernel.diagonal).all():  # |K_ij| <= sqrt(K_ii K_jj)
            raise ValueError(
                "The kernel matrix has non-finite values (the kernel overflows on this "
                "data): scale the data or choose smaller gamma, coef0 or degree."
            )
        n = len(rows)  # max_iter=-1: LIBSVM's own bound ("no limit" would hang on a stall)
        max_iter = self.max_iter if self.max_iter != -1 else max(10_000_000, 100 * n)
        with np.errstate(over="ignore", invalid="ignore"):
            res = smo_solve(kernel, y_pm, C, tol=self.tol, max_iter=max_iter,
                            shrinking=self.shrinking)
        if res.status == 2:
            raise ValueError(
                "The SMO solver met a non-finite gradient: the kernel matrix holds "
                "NaN or inf. Check the input and the kernel parameters (gamma, "
                "coef0, degree)."
            )
        return res

    # -- fit -------------------------------------------------------------------------------

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> SVC:
        """Train the one-vs-one SVMs on ``X`` (or a precomputed Gram matrix) and ``y``.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features), or (n_samples,
            n_samples)
            Training samples; the Gram matrix when ``kernel="precomputed"``.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Multiplies ``C`` per sample; samples of weight <= 0 are left out (as LIBSVM).

        Returns
        -------
        self : SVC
        """
        self._validate_params()
        if self.kernel == "precomputed" and issparse(X):
            raise TypeError("Sparse precomputed kernels are not supported.")
        X, y = self._validate_X(X, y, reset=True)
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
        sw = check_sample_weight(sample_weight, X, ensure_non_negative=False)
        self.class_weight_ = class_weights(self.class_weight, self.classes_, y_idx)
        self._gamma = self._resolve_gamma(X)

        # LIBSVM leaves out samples of weight <= 0 (their C would not be positive).
        kept = np.flatnonzero(sw > 0)
        if kept.size == 0:
            raise ValueError("Invalid input - all samples have zero or negative weights.")
        if len(np.unique(y_idx[kept])) < 2:
            raise ValueError(
                "Invalid input - all samples with positive weights belong to the same class."
            )
        gram = None
        if self.kernel == "precomputed":
            gram = X
        elif callable(self.kernel):
            gram = self._kernel(X)
        self._X_fit = X if callable(self.kernel) else None
        members = [kept[y_idx[kept] == k] for k in range(n_classes)]
        C_class = self.C * self.class_weight_
        rng = check_random_state(self.random_state)

        n_pairs = n_classes * (n_classes - 1) // 2
        coefs, rhos = [], np.empty(n_pairs)
        self.n_iter_ = np.zeros(n_pairs, dtype=np.int32)
        self.objective_ = np.empty(n_pairs)
        self.probA_, self.probB_ = np.empty(n_pairs if self.probability else 0), None
        self.probB_ = np.empty_like(self.probA_)
        self.fit_status_ = 0
        p = 0
        with single_threaded_blas():  # many small BLAS calls: see utils._blas_threads
            for a, b in itertools.combinations(range(n_classes), 2):  # LIBSVM's pair order
                sub = np.concatenate([members[a], members[b]])
                y_sub = np.where(np.arange(len(sub)) < len(members[a]), 1.0, -1.0)
                C_sub = sw[sub] * np.where(y_sub > 0, C_class[a], C_class[b])
                if self.probability:  # LIBSVM fits the sigmoid before the pair's model
                    self.probA_[p], self.probB_[p] = self._platt_fit(X, gram, sub, y_sub, C_sub,
                                                                     rng)
                res = self._solve(X, gram, sub, y_sub, C_sub)
                coefs.append((sub, y_sub * res.alpha))
                rhos[p] = res.rho
                self.n_iter_[p] = res.n_iter
                self.objective_[p] = res.objective
                self.fit_status_ |= res.status
                p += 1
        if self.fit_status_:
            warnings.warn(ConvergenceWarning(
                f"Solver terminated early (max_iter={self.max_iter}"
                f"{', LIBSVM bound max(1e7, 100 n)' if self.max_iter == -1 else ''}).  "
                "Consider pre-processing "
                "your data with StandardScaler or MinMaxScaler."), stacklevel=2)
        self._store_model(X, y_idx, members, coefs, rhos)
        self.shape_fit_ = X.shape
        return self

    def _platt_fit(self, X: Any, gram: np.ndarray | None, sub: np.ndarray, y_sub: np.ndarray,
                   C_sub: np.ndarray, rng: np.random.RandomState) -> tuple[float, float]:
        """LIBSVM's ``svm_binary_svc_probability``: decision values of the pair's samples
        cross-validated over 5 random folds, then Platt's sigmoid fitted on them."""
        n = len(sub)
        perm = rng.permutation(n)
        dec = np.empty(n)
        for fold in range(_PLATT_FOLDS):
            begin, end = fold * n // _PLATT_FOLDS, (fold + 1) * n // _PLATT_FOLDS
            held, train = perm[begin:end], np.concatenate([perm[:begin], perm[end:]])
            if held.size == 0:  # fewer samples than folds
                continue
            n_pos = int(np.sum(y_sub[train] > 0))
            if n_pos in (0, len(train)):  # one class (or none) left: a constant decision
                dec[held] = 0.0 if len(train) == 0 else (1.0 if n_pos else -1.0)
                continue
            # As LIBSVM: the class of the first training sample becomes +1 and comes first.
            sign = y_sub[train[0]]
            train = np.concatenate([train[y_sub[train] == sign], train[y_sub[train] != sign]])
            y_fold = sign * y_sub[train]
            res = self._solve(X, gram, sub[train], y_fold, C_sub[train])
            coef = y_fold * res.alpha
            sv = coef != 0
            if gram is not None:
                K = gram[np.ix_(sub[held], sub[train][sv])]
            else:
                K = self._kernel(X[sub[held]], X[sub[train][sv]])
            dec[held] = sign * (K @ coef[sv] - res.rho)  # positive for the pair's +1 class
        return platt_sigmoid(dec, y_sub)

    def _resolve_gamma(self, X: Any) -> float:
        if self.kernel == "precomputed" or callable(self.kernel):
            return 0.0
        if self.gamma == "scale":
            if issparse(X):  # the variance of all entries, zeros included
                var = X.multiply(X).mean() - X.mean() ** 2
            else:
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
        if not (np.isfinite(dual).all() and np.isfinite(rhos).all()):
            raise ValueError(
                "The dual coefficients or intercepts are not finite. The input data may "
                "contain large values and need to be preprocessed."
            )
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
        if self._sparse:  # scikit-learn's sparse model: sparse dual coefficients too
            self.dual_coef_ = type(X)(self.dual_coef_)

    # -- predict ---------------------------------------------------------------------------

    def _validate_X(self, X: Any, y: Any = "no_validation", *, reset: bool) -> Any:
        """Samples as float64 (CSR with sorted indices when sparse); a callable kernel gets
        them as given (it may take strings, as scikit-learn's)."""
        if callable(self.kernel):  # only the kernel reads X
            out = validate_data(self, X, y, reset=reset, accept_sparse="csr", dtype=None,
                                ensure_2d=False, ensure_all_finite=False)
        else:
            out = validate_data(self, X, y, reset=reset, accept_sparse="csr")
        X = out if y is None or isinstance(y, str) else out[0]
        if reset:
            self._sparse = issparse(X)
        if not callable(self.kernel):
            X = X.astype(np.float64, copy=False)
            if issparse(X) and not X.has_sorted_indices:
                X = X.sorted_indices()
            if reset:
                check_no_overflow(X.data if issparse(X) else X, estimator=self)
        return X if y is None or isinstance(y, str) else (X, out[1])

    def _validate_for_predict(self, X: Any) -> Any:
        check_is_fitted(self)
        if issparse(X) and not self._sparse:
            raise ValueError(
                f"cannot use sparse input in {type(self).__name__!r} trained on dense data"
            )
        X = self._validate_X(X, reset=False)
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
        elif callable(self.kernel):  # as scikit-learn: against the whole training set
            K = self._kernel(X, self._X_fit)[:, self.support_]
        else:
            K = self._kernel(X, self.support_vectors_)
        return K @ self._pair_coefficients().T + self._intercept_

    def _pair_coefficients(self) -> np.ndarray:
        """``alpha_i y_i`` of every support vector in each one-vs-one problem, one row per
        pair (zero for the support vectors of the other classes), LIBSVM's signs."""
        n_classes = len(self.classes_)
        starts = np.concatenate([[0], np.cumsum(self.n_support_)])
        W = np.zeros((n_classes * (n_classes - 1) // 2, starts[-1]))
        p = 0
        for a in range(n_classes):
            sv_a = slice(starts[a], starts[a + 1])
            for b in range(a + 1, n_classes):
                sv_b = slice(starts[b], starts[b + 1])
                W[p, sv_a] = self._dual_coef_[b - 1, sv_a]
                W[p, sv_b] = self._dual_coef_[a, sv_b]
                p += 1
        return W

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
    def predict_proba(self):
        """Class probabilities (``probability=True`` only): Platt's sigmoid on each
        one-vs-one decision value, the pairs coupled into one distribution (LIBSVM's
        ``svm_predict_probability``).

        The sigmoids were fitted on cross-validated decision values, so the most probable
        class may differ from :meth:`predict` (the vote) on a few ambiguous samples.

        Returns
        -------
        callable
            ``predict_proba(X) -> ndarray of shape (n_samples, n_classes)``.
        """
        self._check_proba()
        return self._predict_proba

    @property
    def predict_log_proba(self):
        """Logarithm of :attr:`predict_proba` (``probability=True`` only).

        Returns
        -------
        callable
            ``predict_log_proba(X) -> ndarray of shape (n_samples, n_classes)``.
        """
        self._check_proba()
        return lambda X: np.log(self._predict_proba(X))

    def _check_proba(self) -> None:
        if not self.probability:
            raise AttributeError("predict_proba is not available when probability=False")

    def _predict_proba(self, X: Any) -> np.ndarray:
        check_is_fitted(self)
        if self.probA_.size == 0:
            raise NotFittedError("predict_proba is not available when fitted with "
                                 "probability=False")
        dec = self._ovo_decision(X)
        n_classes = len(self.classes_)
        R = np.empty((dec.shape[0], n_classes, n_classes))
        p = 0
        for a in range(n_classes):
            for b in range(a + 1, n_classes):
                r = np.clip(platt_predict(dec[:, p], self.probA_[p], self.probB_[p]),
                            _MIN_PROB, 1.0 - _MIN_PROB)
                R[:, a, b], R[:, b, a] = r, 1.0 - r
                p += 1
        if n_classes == 2:
            return np.column_stack([R[:, 0, 1], R[:, 1, 0]])
        return pairwise_coupling(R)

    @property
    def coef_(self) -> np.ndarray:
        """Primal weights ``w`` of each one-vs-one problem (linear kernel only)."""
        if self.kernel != "linear":
            raise AttributeError("coef_ is only available when using a linear kernel")
        check_is_fitted(self)
        W = self._pair_coefficients()
        coef = safe_sparse_dot(-W if len(self.classes_) == 2 else W, self.support_vectors_)
        if self._sparse:  # a sparse model gives a sparse coef_, as scikit-learn's
            return type(self.support_vectors_)(coef)
        coef = np.asarray(coef)
        coef.flags.writeable = False
        return coef

