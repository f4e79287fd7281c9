"""RankSVM: Joachims' ranking SVM by the pairwise transform (the optimisation lecture, "SVM-Rank")."""

from __future__ import annotations

import warnings
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator
from ..utils import (
    Interval,
    StrOptions,
    check_array,
    check_consistent_length,
    check_is_fitted,
    check_no_overflow,
    check_random_state,
    column_or_1d,
    validate_data,
)
from ._base import ConvergenceWarning
from ._linear import PrimalSolver, _BinaryProblem

__all__ = ["RankSVM", "pairwise_transform"]


def pairwise_transform(X: np.ndarray, y: np.ndarray,
                       groups: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Differences ``x_i - x_j`` of every pair of the same group with ``y_i > y_j``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        Relevance (larger is better); pairs of equal relevance are skipped.
    groups : ndarray of shape (n_samples,), default=None
        Query of each sample: pairs are only formed within a query. None: one query.

    Returns
    -------
    differences : ndarray of shape (n_pairs, n_features)
    pairs : ndarray of shape (n_pairs, 2)
        ``(i, j)`` with ``y_i > y_j`` for each difference.
    """
    if groups is None:
        groups = np.zeros(len(y), dtype=np.intp)
    firsts, seconds = [], []
    for g in np.unique(groups):
        members = np.flatnonzero(groups == g)
        a, b = np.triu_indices(len(members), k=1)
        i, j = members[a], members[b]
        differ = y[i] != y[j]
        i, j = i[differ], j[differ]
        swap = y[i] < y[j]  # orient each pair so that the first is the more relevant
        firsts.append(np.where(swap, j, i))
        seconds.append(np.where(swap, i, j))
    first = np.concatenate(firsts) if firsts else np.empty(0, dtype=np.intp)
    second = np.concatenate(seconds) if seconds else np.empty(0, dtype=np.intp)
    return X[first] - X[second], np.column_stack([first, second])


def _pairwise_accuracy(scores: np.ndarray, y: np.ndarray, groups: np.ndarray | None) -> float:
    _, pairs = pairwise_transform(scores[:, None], y, groups)
    if len(pairs) == 0:
        raise ValueError("No pair of samples with different relevance: the ranking "
                         "accuracy is undefined.")
    return float(np.mean(scores[pairs[:, 0]] > scores[pairs[:, 1]]))


class RankSVM(BaseEstimator):
    """Ranking SVM (Joachims 2002): a linear scoring function ``f(x) = w.x`` that orders the
    documents of each query by relevance, trained on the pairwise transform.

    The optimisation lecture's Optimization Problem 1,

        min_w  1/2 ||w||^2 + C sum xi_ijq
        s.t.   w.x_i >= w.x_j + 1 - xi_ijq,  xi_ijq >= 0  for every pair of query q with
               x_i more relevant than x_j,

    is a linear SVM without intercept on the differences ``x_i - x_j`` (all labelled +1):
    ``min 1/2 ||w||^2 + C sum_pairs hinge(w.(x_i - x_j))``, minimised on the primal with
    :class:`LinearSVC`'s solvers.

    Parameters
    ----------
    C : float, default=1.0
        Penalty of the pairwise slacks.
    loss : {"hinge", "squared_hinge"}, default="hinge"
    solver : {"lbfgs", "subgradient", "pegasos"}, default="lbfgs"
    max_iter : int, default=1000
    tol : float, default=1e-4
    batch_size : int, default=32
        Mini-batch of pairs for "pegasos".
    random_state : int, RandomState instance or None, default=None

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        ``w``: the score of a document is ``x.w``.
    n_pairs_ : int
        Number of training pairs.
    n_iter_ : int
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.svm import RankSVM
    >>> X = np.array([[3.0, 0.0], [2.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    >>> y = np.array([3, 2, 1, 0])
    >>> ranker = RankSVM().fit(X, y)
    >>> np.argsort(-ranker.predict(X)).tolist()
    [0, 1, 2, 3]
    >>> ranker.score(X, y)
    1.0
    """

    _parameter_constraints = {
        "C": [Interval(Real, 0.0, None, closed="neither")],
        "loss": [StrOptions({"hinge", "squared_hinge"})],
        "solver": [StrOptions({"lbfgs", "subgradient", "pegasos"})],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0.0, None, closed="neither")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(self, C: float = 1.0, *, loss: str = "hinge", solver: str = "lbfgs",
                 max_iter: int = 1000, tol: float = 1e-4, batch_size: int = 32,
                 random_state: Any = None) -> None:
        self.C = C
        self.loss = loss
        self.solver = solver
        self.max_iter = max_iter
        self.tol = tol
        self.batch_size = batch_size
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = True
        return tags

    @staticmethod
    def _check_groups(groups: Any, n: int) -> np.ndarray | None:
        if groups is None:
            return None
        groups = column_or_1d(groups, input_name="groups")
        check_consistent_length(np.empty(n), groups)
        return groups

    def fit(self, X: Any, y: Any, groups: Any = None) -> RankSVM:
        """Learn ``w`` from the relevance ``y`` of the samples of each query.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Relevance (any numbers; only their order within a query matters).
        groups : array-like of shape (n_samples,), default=None
            Query id of each sample; None means a single query.

        Returns
        -------
        self : RankSVM
        """
        self._validate_params()
        X, y = validate_data(self, X, y, reset=True, y_numeric=True)
        check_no_overflow(X, estimator=self)
        X = X.astype(np.float64, copy=False)
        groups = self._check_groups(groups, X.shape[0])
        differences, _ = pairwise_transform(X, y, groups)
        self.n_pairs_ = len(differences)
        if self.n_pairs_ == 0:  # nothing to order: the zero function is optimal
            self.coef_ = np.zeros(X.shape[1])
            self.n_iter_ = 0
            return self
        solver = PrimalSolver(self.solver, tol=self.tol, max_iter=self.max_iter,
                              batch_size=self.batch_size,
                              rng=check_random_state(self.random_state))
        problem = _BinaryProblem(differences, np.ones(self.n_pairs_),
                                 np.full(self.n_pairs_, float(self.C)), 0.0)
        theta, self.n_iter_ = solver.solve(problem, X.shape[1] + 1, self.loss)
        self.coef_ = theta[:-1].copy()
        self.objective_curve_ = solver.curves
        if solver.stopped_early:
            warnings.warn(ConvergenceWarning(
                f"L-BFGS did not reach tol={self.tol} within max_iter="
                f"{self.max_iter} iterations."), stacklevel=2)
        return self

    def predict(self, X: Any) -> np.ndarray:
        """Scores ``X @ coef_``: sort them in decreasing order to rank.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False).astype(np.float64, copy=False)
        return X @ self.coef_

    def score(self, X: Any, y: Any, groups: Any = None) -> float:
        """Fraction of the pairs (within each query, different relevance) ordered correctly.

        A pair counts as correct when the more relevant sample gets the strictly larger
        score (a tie counts as a mistake).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        groups : array-like of shape (n_samples,), default=None

        Returns
        -------
        float
        """
        scores = self.predict(X)
        y = check_array(y, ensure_2d=False, input_name="y").ravel()
        check_consistent_length(scores, y)
        return _pairwise_accuracy(scores, y, self._check_groups(groups, len(y)))
