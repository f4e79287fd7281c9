"""Basis-function expansions: a linear model on these features is a non-linear regression.

The deep-learning lecture: ``y_hat(x) = phi(x) theta`` with ``phi`` polynomial (``[1, x, x^2]``) or radial
(``[1, k(x, mu_1), ..., k(x, mu_d)]``) -- "it is still a regression".
"""

from __future__ import annotations

from itertools import chain, combinations, combinations_with_replacement
from math import comb
from numbers import Integral, Real
from typing import Any

import numpy as np
from numba import njit

from ..base import BaseEstimator, TransformerMixin
from ..kernels import rbf_kernel
from ..utils import (
    Interval,
    StrOptions,
    check_array,
    check_is_fitted,
    check_random_state,
)
from ..utils._sparse import issparse
from ..utils._validation import validate_floating

_FLOATS = (np.float64, np.float32)

__all__ = ["PolynomialFeatures", "RBFFeatures"]


class PolynomialFeatures(TransformerMixin, BaseEstimator):
    """All monomials of the features up to a degree, in scikit-learn's column order.

    For features ``[a, b]`` and ``degree=2`` the output is ``[1, a, b, a^2, a b, b^2]``:
    degree by degree, and within a degree the index tuples of
    ``itertools.combinations_with_replacement`` (``combinations`` when ``interaction_only``).
    Each degree's block is built from the previous one by one product per feature, so the
    cost is one vectorised multiply per (feature, degree), not per output column.

    Parameters
    ----------
    degree : int or tuple (min_degree, max_degree), default=2
        Maximum degree, or the range of degrees to produce.
    interaction_only : bool, default=False
        Only products of distinct features (``a b`` but not ``a^2``).
    include_bias : bool, default=True
        Prepend the constant column of ones (the degree-0 monomial).
    order : {"C", "F"}, default="C"
        Memory layout of the output.

    Attributes
    ----------
    powers_ : ndarray of shape (n_output_features_, n_features_in_)
        ``powers_[i, j]`` is the exponent of feature ``j`` in output column ``i``.
    n_output_features_ : int
    n_features_in_ : int

    Examples
    --------
    >>> from syllabus.preprocessing import PolynomialFeatures
    >>> PolynomialFeatures(degree=2).fit_transform([[2.0, 3.0]])
    array([[1., 2., 3., 4., 6., 9.]])
    """

    _parameter_constraints = {
        "degree": [Interval(Integral, 0, None, closed="left"), tuple],
        "interaction_only": ["boolean"],
        "include_bias": ["boolean"],
        "order": [StrOptions({"C", "F"})],
    }

    def __init__(self, degree: int | tuple[int, int] = 2, *, interaction_only: bool = False,
                 include_bias: bool = True, order: str = "C") -> None:
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias
        self.order = order

    def _degree_range(self) -> tuple[int, int]:
        if isinstance(self.degree, tuple):
            if len(self.degree) != 2:
                raise ValueError("degree must be a non-negative int or tuple (min_degree, "
                                 f"max_degree), got {self.degree}.")
            if (not all(isinstance(d, Integral) and not isinstance(d, bool) for d in self.degree)
                    or not 0 <= self.degree[0] <= self.degree[1]):
                raise ValueError(
                    "degree=(min_degree, max_degree) must be non-negative integers that fulfil "
                    f"min_degree <= max_degree, got {self.degree}."
                )
            return int(self.degree[0]), int(self.degree[1])
        return 0, int(self.degree)

    def fit(self, X: Any, y: Any = None) -> PolynomialFeatures:
        """Compute the exponents of the output columns.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : None
            Ignored.

        Returns
        -------
        self : PolynomialFeatures
        """
        self._validate_params()
        X = validate_floating(self, X, reset=True, dtypes=_FLOATS, accept_sparse=("csr", "csc"))
        min_degree, max_degree = self._degree_range()
        if max_degree == 0 and not self.include_bias:
            which = "both min_degree and max_degree" if isinstance(self.degree, tuple) \
                else "degree"
            raise ValueError(
                f"Setting {which} to zero and include_bias to False would result in an empty "
                "output array."
            )
        self._min_degree, self._max_degree = min_degree, max_degree
        n_features = X.shape[1]
        # Counted, not enumerated: the columns can be too many to list (wide sparse input).
        self.n_output_features_ = self._num_combinations(
            n_features, min_degree, max_degree, self.interaction_only, self.include_bias)
        if self.n_output_features_ > np.iinfo(np.intp).max:
            raise ValueError(
                f"The output that would result from the current configuration would have "
                f"{self.n_output_features_} features which is too large to be indexed by "
                f"{np.dtype(np.intp).name}. Please change some or all of the following:\n"
                f"- The number of features in the input, currently {n_features=}\n"
                f"- The range of degrees to calculate, currently [{min_degree}, {max_degree}]\n"
                f"- Whether to include only interaction terms, currently "
                f"{self.interaction_only}\n"
                f"- Whether to include a bias term, currently {self.include_bias}."
            )
        return self

    @staticmethod
    def _combinations(n_features: int, min_degree: int, max_degree: int,
                      interaction_only: bool, include_bias: bool):
        """Index tuples of the output columns, in order (``()`` is the bias)."""
        comb_fn = combinations if interaction_only else combinations_with_replacement
        degrees = range(max(1, min_degree), max_degree + 1)
        chained = chain.from_iterable(comb_fn(range(n_features), d) for d in degrees)
        return chain([()], chained) if include_bias else chained

    @staticmethod
    def _num_combinations(n_features: int, min_degree: int, max_degree: int,
                          interaction_only: bool, include_bias: bool) -> int:
        """Number of output columns: ``sum_d C(n, d)`` (interactions) or ``C(n + d - 1, d)``."""
        count = sum(_n_monomials(n_features, d, interaction_only)
                    for d in range(max(1, min_degree), max_degree + 1))
        return count + int(include_bias)

    @property
    def powers_(self) -> np.ndarray:
        """``powers_[i, j]``: exponent of feature ``j`` in output column ``i``."""
        check_is_fitted(self)
        n = self.n_features_in_
        rows = [np.bincount(np.asarray(c, dtype=np.intp), minlength=n)
                for c in self._combinations(n, self._min_degree, self._max_degree,
                                            self.interaction_only, self.include_bias)]
        return np.array(rows, dtype=np.int64).reshape(len(rows), n)

    def transform(self, X: Any) -> np.ndarray:
        """Expand ``X`` into its monomials.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_output_features_)
        """
        check_is_fitted(self)
        X = validate_floating(self, X, reset=False, dtypes=_FLOATS, accept_sparse=("csr", "csc"))
        if issparse(X):
            return self._transform_sparse(X)
        n, d = X.shape
        blocks = []  # (degree, array of the degree's columns, start index of each feature)
        # Degree 1: the features themselves; monomials "starting" with feature j begin at j.
        current, starts = X, np.arange(d + 1)
        if self._max_degree >= 1:
            blocks.append(current)
        for _ in range(2, self._max_degree + 1):
            # Degree k = feature j times every degree-(k-1) monomial whose first factor is >= j
            # (> j for interactions): a contiguous tail of the previous block.
            parts, new_starts = [], [0]
            offset = 1 if self.interaction_only else 0
            for j in range(d):
                src = starts[min(j + offset, d)]
                parts.append(X[:, j:j + 1] * current[:, src:])
                new_starts.append(new_starts[-1] + current.shape[1] - src)
            current = np.hstack(parts) if parts else np.empty((n, 0), dtype=X.dtype)
            starts = np.asarray(new_starts)
            blocks.append(current)
        kept = blocks[max(0, self._min_degree - 1):]  # blocks[0] is degree 1
        columns = ([np.ones((n, 1), dtype=X.dtype)] if self.include_bias else []) + kept
        out = np.hstack(columns) if columns else np.empty((n, 0), dtype=X.dtype)
        return np.asarray(out, order=self.order)

    def _transform_sparse(self, X: Any) -> Any:
        """Monomials of a CSR/CSC matrix, computed from its stored values only.

        Each row's product of ``k`` non-zeros goes to the column whose index is the rank of
        its index tuple among all tuples of its degree (:func:`_rank`), so the output is
        built directly in CSR without a dense copy; CSC input gives CSC output.
        """
        if X.format == "csc":
            return self._transform_sparse(X.tocsr()).tocsc()
        X = X.copy()
        X.sum_duplicates()  # sorted column indices: the output columns come out sorted
        n_samples, n_features = X.shape
        degrees = [d for d in range(max(1, self._min_degree), self._max_degree + 1)
                   if _n_monomials(n_features, d, self.interaction_only)]
        offsets, start = [], int(self.include_bias)
        for d in degrees:
            offsets.append(start)
            start += _n_monomials(n_features, d, self.interaction_only)
        counts = _row_counts(np.diff(X.indptr).astype(np.int64), np.asarray(degrees, dtype=np.int64),
                             bool(self.interaction_only), bool(self.include_bias))
        indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        data = np.empty(indptr[-1], dtype=X.dtype)
        indices = np.empty(indptr[-1], dtype=np.int64)
        _csr_expansion(X.data, X.indices.astype(np.int64), X.indptr.astype(np.int64),
                       n_features, np.asarray(degrees, dtype=np.int64),
                       np.asarray(offsets, dtype=np.int64), bool(self.interaction_only),
                       bool(self.include_bias), indptr, data, indices)
        # scikit-learn's index type: int32 unless the columns or the values need int64.
        if max(self.n_output_features_, indptr[-1]) <= np.iinfo(np.int32).max:
            indices, indptr = indices.astype(np.int32), indptr.astype(np.int32)
        return type(X)((data, indices, indptr), shape=(n_samples, self.n_output_features_))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names of the output columns, e.g. ``["1", "x0", "x1", "x0^2", "x0 x1", "x1^2"]``.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Names of the input features (``x0, x1, ...`` by default).

        Returns
        -------
        ndarray of str objects
        """
        check_is_fitted(self)
        names = _input_feature_names(self, input_features)
        out = []
        for row in self.powers_:
            terms = [names[j] if p == 1 else f"{names[j]}^{p}" for j, p in enumerate(row) if p]
            out.append(" ".join(terms) if terms else "1")
        return np.asarray(out, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags


def _n_monomials(n_features: int, degree: int, interaction_only: bool) -> int:
    """Monomials of exactly ``degree`` in ``n_features`` variables."""
    if interaction_only:
        return comb(n_features, degree)
    return comb(n_features + degree - 1, degree)


@njit(cache=True)
def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


@njit(cache=True)
def _binom(n: int, k: int) -> int:
    """``C(n, k)`` in int64, exact whenever the result fits (wide inputs reach 4.6e18)."""
    if k < 0 or n < k:
        return 0
    result = 1
    for i in range(1, k + 1):
        # result * (n - k + i) / i is the binomial C(n - k + i, i); dividing first by the
        # common factor keeps the intermediate product within the final value.
        g = _gcd(result, i)
        result = (result // g) * ((n - k + i) // (i // g))
    return result


@njit(cache=True)
def _n_from(low: int, n_features: int, degree: int, interaction_only: bool) -> int:
    """Index tuples of ``degree`` features all ``>= low``."""
    if interaction_only:
        return _binom(n_features - low, degree)
    return _binom(n_features - low + degree - 1, degree)


@njit(cache=True)
def _rank(cols, n_features, interaction_only):
    """Position of the sorted index tuple ``cols`` among all tuples of its degree, in the
    order of ``itertools.combinations(_with_replacement)``: the tuples whose first index is
    smaller come first, then recursively on the rest."""
    degree = cols.shape[0]
    rank, low = 0, 0
    for t in range(degree):
        remaining = degree - t
        rank += (_n_from(low, n_features, remaining, interaction_only)
                 - _n_from(cols[t], n_features, remaining, interaction_only))
        low = cols[t] + 1 if interaction_only else cols[t]
    return rank


@njit(cache=True)
def _row_counts(nnz_row, degrees, interaction_only, include_bias):
    """Stored values of each output row: the tuples of each degree of the row's non-zeros."""
    counts = np.empty(nnz_row.shape[0], dtype=np.int64)
    for row in range(nnz_row.shape[0]):
        total = 1 if include_bias else 0
        for degree in degrees:
            total += _n_from(0, nnz_row[row], degree, interaction_only)
        counts[row] = total
    return counts


@njit(cache=True)
def _csr_expansion(x_data, x_indices, x_indptr, n_features, degrees, offsets,
                   interaction_only, include_bias, out_indptr, out_data, out_indices):
    """Fill the CSR output row by row: for each degree, every tuple of the row's non-zeros
    (positions ``pos[0] <= pos[1] <= ...``, strictly increasing for interactions)."""
    for row in range(x_indptr.shape[0] - 1):
        lo, hi = x_indptr[row], x_indptr[row + 1]
        k = hi - lo
        at = out_indptr[row]
        if include_bias:
            out_data[at] = 1.0
            out_indices[at] = 0
            at += 1
        for g in range(degrees.shape[0]):
            degree = degrees[g]
            step = 1 if interaction_only else 0
            if k == 0 or (interaction_only and k < degree):
                continue
            pos = np.empty(degree, dtype=np.int64)
            cols = np.empty(degree, dtype=np.int64)
            for t in range(degree):
                pos[t] = t * step
            while True:
                value = x_data[lo + pos[0]]
                cols[0] = x_indices[lo + pos[0]]
                for t in range(1, degree):
                    value *= x_data[lo + pos[t]]
                    cols[t] = x_indices[lo + pos[t]]
                out_data[at] = value
                out_indices[at] = offsets[g] + _rank(cols, n_features, interaction_only)
                at += 1
                # Next tuple: advance the last position that can still move.
                t = degree - 1
                while t >= 0 and pos[t] == k - 1 - (degree - 1 - t) * step:
                    t -= 1
                if t < 0:
                    break
                pos[t] += 1
                for u in range(t + 1, degree):
                    pos[u] = pos[u - 1] + step


def _input_feature_names(estimator: Any, input_features: Any) -> list[str]:
    if input_features is None:
        fitted = getattr(estimator, "feature_names_in_", None)
        if fitted is not None:
            return [str(f) for f in fitted]
        return [f"x{j}" for j in range(estimator.n_features_in_)]
    names = [str(f) for f in input_features]
    fitted = getattr(estimator, "feature_names_in_", None)
    if fitted is not None and (len(names) != len(fitted) or any(
            a != str(b) for a, b in zip(names, fitted))):
        raise ValueError("input_features is not equal to feature_names_in_")
    if len(names) != estimator.n_features_in_:
        raise ValueError(
            f"input_features should have length equal to number of features "
            f"({estimator.n_features_in_}), got {len(names)}"
        )
    return names


class RBFFeatures(TransformerMixin, BaseEstimator):
    """Radial basis functions ``phi_k(x) = exp(-gamma ||x - mu_k||^2)`` around chosen centres.

    The deep-learning lecture's radial-basis regression: ``phi(x) = [k(x, mu_1), ..., k(x, mu_d)]`` with
    ``k(x, mu, lambda) = exp(-||x - mu||^2 / lambda)``, i.e. ``gamma = 1 / lambda``. A linear
    model on these features is a non-linear regression; with a centre on every training
    point (``centers=None``) it becomes the kernel expansion of kernel ridge / SVMs.

    Parameters
    ----------
    centers : int, array-like of shape (n_centers, n_features) or None, default=None
        ``None``: one centre per training sample. An int ``k``: ``k`` training samples drawn
        without replacement (``random_state``). An array: the centres themselves.
    gamma : float, default=1.0
        Inverse width ``1 / lambda`` (``1 / (2 sigma^2)`` for a Gaussian of std ``sigma``).
    include_bias : bool, default=False
        Prepend a column of ones (the seed's ``phi_0 = 1``); leave it off when the linear
        model fits its own intercept.
    random_state : int, RandomState instance or None, default=None
        Seeds the choice of centres when ``centers`` is an int.

    Attributes
    ----------
    centers_ : ndarray of shape (n_centers, n_features)
    n_features_in_ : int

    Examples
    --------
    >>> from syllabus.preprocessing import RBFFeatures
    >>> RBFFeatures(centers=[[1.0], [2.0], [4.0]], gamma=1.0).fit_transform([[2.0]]).round(4)
    array([[0.3679, 1.    , 0.0183]])
    """

    _parameter_constraints = {
        "centers": [Interval(Integral, 1, None, closed="left"), "array-like", None],
        "gamma": [Interval(Real, 0, None, closed="neither")],
        "include_bias": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(self, centers: Any = None, gamma: float = 1.0, *, include_bias: bool = False,
                 random_state: Any = None) -> None:
        self.centers = centers
        self.gamma = gamma
        self.include_bias = include_bias
        self.random_state = random_state

    def fit(self, X: Any, y: Any = None) -> RBFFeatures:
        """Choose the centres.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : None
            Ignored.

        Returns
        -------
        self : RBFFeatures
        """
        self._validate_params()
        X = validate_floating(self, X, reset=True)
        if self.centers is None:
            centers = X.copy()
        elif isinstance(self.centers, Integral) and not isinstance(self.centers, bool):
            if self.centers > X.shape[0]:
                raise ValueError(
                    f"centers={self.centers} is larger than the number of samples "
                    f"({X.shape[0]}); pass at most n_samples or the centres themselves."
                )
            rng = check_random_state(self.random_state)
            idx = np.sort(rng.choice(X.shape[0], size=int(self.centers), replace=False))
            centers = X[idx]
        else:
            centers = check_array(self.centers, input_name="centers",
                                  estimator=self).astype(np.float64)
            if centers.shape[1] != X.shape[1]:
                raise ValueError(
                    f"centers have {centers.shape[1]} features, but X has {X.shape[1]}."
                )
        self.centers_ = centers
        return self

    def transform(self, X: Any) -> np.ndarray:
        """Evaluate every basis function on every sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_centers [+ 1])
        """
        check_is_fitted(self)
        X = validate_floating(self, X, reset=False)
        Phi = rbf_kernel(X, self.centers_, gamma=self.gamma)
        if self.include_bias:
            Phi = np.hstack([np.ones((X.shape[0], 1)), Phi])
        return Phi

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names ``rbf0, rbf1, ...`` (``1`` first when ``include_bias``).

        Parameters
        ----------
        input_features : ignored

        Returns
        -------
        ndarray of str objects
        """
        check_is_fitted(self)
        names = [f"rbf{k}" for k in range(self.centers_.shape[0])]
        return np.asarray((["1"] if self.include_bias else []) + names, dtype=object)
