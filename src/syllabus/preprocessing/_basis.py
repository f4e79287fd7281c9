"""Basis-function expansions: a linear model on these features is a non-linear regression.

The deep-learning lecture: ``y_hat(x) = phi(x) theta`` with ``phi`` polynomial (``[1, x, x^2]``) or radial
(``[1, k(x, mu_1), ..., k(x, mu_d)]``) -- "it is still a regression".
"""

from __future__ import annotations

from itertools import combinations, combinations_with_replacement
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator, TransformerMixin
from ..kernels import rbf_kernel
from ..utils import (
    Interval,
    StrOptions,
    check_array,
    check_is_fitted,
    check_random_state,
)
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
            if (len(self.degree) != 2 or not all(isinstance(d, Integral) and not isinstance(d, bool)
                                                  for d in self.degree)
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
        X = validate_floating(self, X, reset=True, dtypes=_FLOATS)
        min_degree, max_degree = self._degree_range()
        if max_degree == 0 and not self.include_bias:
            raise ValueError(
                "Setting degree to zero and include_bias to False would result in an empty "
                "output array."
            )
        self._min_degree, self._max_degree = min_degree, max_degree
        self.powers_ = self._powers(X.shape[1])
        self.n_output_features_ = self.powers_.shape[0]
        return self

    def _combinations(self, n_features: int, degree: int):
        comb = combinations if self.interaction_only else combinations_with_replacement
        return comb(range(n_features), degree)

    def _powers(self, n_features: int) -> np.ndarray:
        rows = []
        if self.include_bias:
            rows.append(np.zeros(n_features, dtype=np.int64))
        for degree in range(max(1, self._min_degree), self._max_degree + 1):
            for combo in self._combinations(n_features, degree):
                rows.append(np.bincount(np.asarray(combo, dtype=np.intp), minlength=n_features))
        return np.array(rows, dtype=np.int64).reshape(len(rows), n_features)

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
        X = validate_floating(self, X, reset=False, dtypes=_FLOATS)
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


def _input_feature_names(estimator: Any, input_features: Any) -> list[str]:
    if input_features is None:
        fitted = getattr(estimator, "feature_names_in_", None)
        if fitted is not None:
            return [str(f) for f in fitted]
        return [f"x{j}" for j in range(estimator.n_features_in_)]
    names = [str(f) for f in input_features]
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
