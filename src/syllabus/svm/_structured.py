r"""StructuredSVM: max-margin learning over combinatorial outputs.

The optimisation lecture ends its SVM part with max-margin structured learning: a joint
feature map $\psi(x, y)$, a task loss $\Delta(y, y')$ and one margin constraint per wrong
output, "the correct label should be better than the other labels by a margin",

$$\min_{w,\ \xi \ge 0}\ \tfrac12 \|w\|^2 + C \sum_i \xi_i \quad\text{s.t.}\quad
\langle w, \psi(x_i, y_i) - \psi(x_i, y)\rangle \ge \Delta(y_i, y) - \xi_i
\quad \forall i,\ \forall y \ne y_i,$$

that is, with the structured hinge $H_i(w) = \max_y \Delta(y_i, y) + \langle w, \psi(x_i, y)
- \psi(x_i, y_i)\rangle$, the unconstrained objective $\tfrac12\|w\|^2 + C\sum_i H_i(w)$
(``objective_``). There are too many constraints to write the quadratic program down; each
solver below touches the outputs only through the problem's loss-augmented inference (the
most violated constraint of a sample):

- ``"bcfw"``: block-coordinate Frank-Wolfe on the dual (Lacoste-Julien, Jaggi, Schmidt and
  Pletscher, 2013): one sample's dual block at a time, with an exact line search; the
  duality gap is an exact certificate and the stopping rule.
- ``"cutting_plane"``: the 1-slack cutting-plane method (Joachims, Finley and Yu, 2009): add
  the most violated joint constraint of all samples to a working set and re-solve the small
  dual QP over the working set (a simplex QP solved by pairwise coordinate steps, below).
- ``"subgradient"``: stochastic subgradient descent with step $1/(\lambda t)$ and weighted
  averaging of the iterates (Ratliff, Bagnell and Zinkevich, 2007; Lacoste-Julien, Schmidt
  and Bach, 2012). It has no dual certificate (``duality_gap_`` is NaN) and converges at
  rate $O(1/t)$ only: it stops on ``max_iter`` passes or a relative change of the
  objective below ``tol``.

The solvers work internally with the scaling of Lacoste-Julien et al.,
$\lambda/2 \|w\|^2 + \frac1n \sum_i H_i(w)$ with $\lambda = 1 / (C n)$, which is the
objective above divided by $C n$.
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real
from typing import Any

import numba
import numpy as np

from ..base import BaseEstimator, ConvergenceWarning
from ..utils import Interval, StrOptions, check_random_state
from ..utils._validation import check_is_fitted, validate_floating
from ._structured_problems import MulticlassProblem, StructuredProblem

__all__ = ["StructuredSVM"]


class StructuredSVM(BaseEstimator):
    r"""Structured SVM (margin rescaling): max-margin learning of ``y = argmax <w, psi(x, y)>``.

    Minimises ``0.5 ||w||^2 + C sum_i max_y [Delta(y_i, y) + <w, psi(x_i, y) - psi(x_i, y_i)>]``
    over ``w``, the margin-rescaled primal of the optimisation lecture, calling only the
    problem's oracles (see :class:`StructuredProblem`).

    Parameters
    ----------
    problem : StructuredProblem
        The outputs: :class:`MulticlassProblem` (Crammer-Singer), :class:`MultiLabelProblem`
        (Hamming loss), :class:`TaxonomyProblem` (tree distance), or a user's subclass.
    C : float, default=1.0
        Weight of the summed structured hinge losses.
    solver : {"bcfw", "cutting_plane", "subgradient"}, default="bcfw"
        See the module docstring.
    max_iter : int, default=1000
        Passes over the data ("bcfw", "subgradient") or cutting-plane iterations.
    tol : float, default=1e-6
        Stop when the duality gap is at most ``tol * objective_`` ("bcfw",
        "cutting_plane"), or when a pass changes the objective by less than that
        ("subgradient").
    random_state : int, RandomState instance or None, default=None
        Order in which "bcfw" and "subgradient" visit the samples.

    Attributes
    ----------
    coef_ : ndarray of shape (n_joint_features,)
        The weight vector ``w``, as long as ``problem.joint_feature``'s output.
    objective_ : float
        The primal objective at ``coef_``.
    dual_objective_ : float
        The dual objective (a lower bound of the optimum); NaN for "subgradient".
    duality_gap_ : float
        ``objective_ - dual_objective_`` (NaN for "subgradient").
    n_iter_ : int
        Passes (or cutting-plane iterations) run.
    objective_curve_ : ndarray of shape (n_iter_,)
        The primal objective after each pass (cutting plane: at each iteration's weights).
    duality_gap_curve_ : ndarray of shape (n_iter_,)
        The duality gap after each pass (NaN for "subgradient").
    n_features_in_ : int
        Number of input features.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.svm import MultiLabelProblem, StructuredSVM
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 3))
    >>> Y = np.sign(X @ rng.normal(size=(3, 2)))          # two labels, linear in x
    >>> model = StructuredSVM(MultiLabelProblem(2), C=10.0, random_state=0).fit(X, Y)
    >>> bool(model.duality_gap_ <= 1e-6 * model.objective_)
    True
    >>> float(model.score(X, Y)) > 0.9                      # 1 - mean Hamming loss / 2
    True
    """

    _check_estimator_params = {"problem": MulticlassProblem(4), "solver": "cutting_plane"}
    _parameter_constraints = {
        "problem": [StructuredProblem],
        "C": [Interval(Real, 0.0, None, closed="neither")],
        "solver": [StrOptions({"bcfw", "cutting_plane", "subgradient"})],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0.0, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(self, problem: StructuredProblem, C: float = 1.0, *, solver: str = "bcfw",
                 max_iter: int = 1000, tol: float = 1e-6, random_state: Any = None) -> None:
        self.problem = problem
        self.C = C
        self.solver = solver
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def fit(self, X: Any, y: Any) -> StructuredSVM:
        """Learn ``w`` from inputs ``X`` (n_samples, n_features) and outputs ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like or list of n_samples outputs
            In the problem's output space (checked by ``problem.check_output``): class
            labels, a (n_samples, n_labels) sign matrix, leaf indices, or a list of a user
            problem's outputs.

        Returns
        -------
        self : StructuredSVM
        """
        self._validate_params()
        X = validate_floating(self, X, reset=True)
        Y = self._check_outputs(y, X.shape[0])
        solve = {"bcfw": _bcfw, "cutting_plane": _cutting_plane,
                 "subgradient": _subgradient}[self.solver]
        oracle = _Oracle(self.problem, X, Y, lam=1.0 / (self.C * X.shape[0]))
        w, dual, self.n_iter_ = solve(oracle, self.max_iter, self.tol,
                                      check_random_state(self.random_state))
        self.coef_ = w
        scale = self.C * X.shape[0]  # the solvers' objective is ours divided by C n
        self.objective_ = scale * oracle.primal(w)[0]
        self.dual_objective_ = scale * dual
        self.duality_gap_ = self.objective_ - self.dual_objective_
        curve = np.array(oracle.history).reshape(-1, 2) * scale
        self.objective_curve_, self.duality_gap_curve_ = curve[:, 0], curve[:, 0] - curve[:, 1]
        if self.solver != "subgradient" and self.duality_gap_ > self.tol * self.objective_:
            warnings.warn(ConvergenceWarning(
                f"StructuredSVM ({self.solver}) stopped after max_iter={self.max_iter} "
                f"with a relative duality gap of {self.duality_gap_ / self.objective_:.2g}"
                f" > tol={self.tol:g}; increase max_iter."), stacklevel=2)
        return self

    def _check_fitted_state(self) -> None:
        """Refuse a loaded ``coef_`` that is not as long as the problem's joint features."""
        if hasattr(self, "coef_"):
            size = self.problem.joint_feature_size(self.n_features_in_)
            if np.shape(self.coef_) != (size,):
                raise ValueError(f"StructuredSVM.coef_ has shape {np.shape(self.coef_)}, but "
                                 f"{type(self.problem).__name__} has {size} joint features "
                                 f"for n_features_in_={self.n_features_in_}.")

    def _check_outputs(self, Y: Any, n_samples: int) -> Any:
        if len(Y) != n_samples:
            raise ValueError(f"X has {n_samples} samples but y has {len(Y)} outputs.")
        if isinstance(Y, np.ndarray) or not isinstance(Y[0], (list, tuple, np.ndarray)):
            return self.problem.check_output(np.asarray(Y))
        return [self.problem.check_output(y) for y in Y]

    def predict(self, X: Any) -> np.ndarray:
        """The outputs ``argmax_y <coef_, psi(x, y)>`` of the problem's inference.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        Y : ndarray
            One output per sample (a 1-D array of labels, or 2-D for multi-label outputs).
        """
        check_is_fitted(self, "coef_")
        X = validate_floating(self, X, reset=False)
        return np.asarray(self.problem.batch_inference(self.coef_, X))

    def score(self, X: Any, y: Any) -> float:
        """``1 - sum_i Delta(y_i, predict(X)_i) / sum_i max_loss(y_i)`` (higher is better).

        For :class:`MulticlassProblem` this is the accuracy, for :class:`MultiLabelProblem`
        one minus the Hamming loss per label, for :class:`TaxonomyProblem` one minus the tree
        distance relative to the largest possible one.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : outputs of the n_samples samples

        Returns
        -------
        score : float
        """
        check_is_fitted(self, "coef_")
        X = validate_floating(self, X, reset=False)
        Y = self._check_outputs(y, X.shape[0])
        losses = self.problem.batch_loss(Y, self.problem.batch_inference(self.coef_, X))
        return float(1.0 - losses.sum() / sum(self.problem.max_loss(y) for y in Y))


class _Oracle:
    """The problem's oracles on the training set, with the outputs the solvers receive checked."""

    def __init__(self, problem: StructuredProblem, X: np.ndarray, Y: Any, lam: float) -> None:
        self.problem, self.X, self.Y, self.lam = problem, X, Y, lam
        self.n = X.shape[0]
        self.dim = problem.joint_feature_size(X.shape[1])
        self.psi_true = problem.batch_joint_feature(X, Y)  # sum_i psi(x_i, y_i)
        self._checked = 0
        self.history: list[tuple[float, float]] = []  # (primal, dual) after each pass

    def most_violated(self, w: np.ndarray, i: int) -> tuple[np.ndarray, float]:
        """``psi_i(y*) = psi(x_i, y_i) - psi(x_i, y*)`` and ``Delta(y_i, y*)`` at the most
        violated output ``y*`` of sample ``i``."""
        x, y = self.X[i], self.Y[i]
        y_star = self.problem.loss_augmented_inference(w, x, y)
        if self._checked < self.n:  # the first pass checks what the problem returns
            self._check([y_star])
        psi = self.problem.joint_feature(x, y) - self.problem.joint_feature(x, y_star)
        return psi, self.problem.loss(y, y_star)

    def all_most_violated(self, w: np.ndarray) -> tuple[np.ndarray, float]:
        """``sum_i psi_i(y_i*)`` and ``sum_i Delta(y_i, y_i*)`` over all samples."""
        Y_star = self.problem.batch_loss_augmented_inference(w, self.X, self.Y)
        self._check(Y_star)
        psi = self.psi_true - self.problem.batch_joint_feature(self.X, Y_star)
        return psi, float(self.problem.batch_loss(self.Y, Y_star).sum())

    def primal(self, w: np.ndarray) -> tuple[float, np.ndarray, float]:
        """The solvers' objective ``lambda/2 ||w||^2 + 1/n sum_i H_i(w)``, with the sums
        ``sum_i psi_i(y_i*)`` and ``sum_i Delta(y_i, y_i*)`` it was computed from."""
        psi, loss = self.all_most_violated(w)
        hinge = (loss - w @ psi) / self.n
        return 0.5 * self.lam * (w @ w) + hinge, psi, loss

    def _check(self, Y_star: Any) -> None:
        self._checked += len(Y_star)
        try:
            if isinstance(Y_star, np.ndarray):
                self.problem.check_output(Y_star)
            else:
                for y in Y_star:
                    self.problem.check_output(y)
        except ValueError as error:
            raise ValueError(f"{type(self.problem).__name__}.loss_augmented_inference returned "
                             f"an output outside the problem's output space: {error}") from None


def _bcfw(oracle: _Oracle, max_iter: int, tol: float,
          rng: np.random.RandomState) -> tuple[np.ndarray, float, int]:
    """Block-coordinate Frank-Wolfe on the structured SVM dual (Lacoste-Julien et al., 2013).

    The dual variables live in ``w = sum_i w_i``, ``ell = sum_i ell_i`` (one block per
    sample). A step on block i moves (w_i, ell_i) towards the corner given by the most
    violated output y*: ``w_s = psi_i(y*) / (lambda n)``, ``ell_s = Delta(y_i, y*) / n``,
    with the exact line search ``gamma = [lambda (w_i - w_s).w - ell_i + ell_s] /
    (lambda ||w_i - w_s||^2)`` clipped to [0, 1]. The numerator is block i's duality gap.
    """
    lam, n = oracle.lam, oracle.n
    w_blocks, ell_blocks = np.zeros((n, oracle.dim)), np.zeros(n)
    w, ell = np.zeros(oracle.dim), 0.0
    dual = 0.0
    for n_pass in range(1, max_iter + 1):
        for i in rng.permutation(n):
            psi, loss = oracle.most_violated(w, i)
            w_s, ell_s = psi / (lam * n), loss / n
            direction = w_blocks[i] - w_s
            block_gap = lam * (direction @ w) - ell_blocks[i] + ell_s
            curvature = lam * (direction @ direction)
            gamma = min(max(block_gap / curvature, 0.0), 1.0) if curvature > 0 else 0.0
            w -= gamma * direction
            w_blocks[i] -= gamma * direction
            ell += gamma * (ell_s - ell_blocks[i])
            ell_blocks[i] += gamma * (ell_s - ell_blocks[i])
        primal, _, _ = oracle.primal(w)
        dual = ell - 0.5 * lam * (w @ w)
        oracle.history.append((primal, dual))
        if primal - dual <= tol * primal:
            return w, dual, n_pass
    return w, dual, max_iter


def _cutting_plane(oracle: _Oracle, max_iter: int, tol: float,
                   rng: np.random.RandomState) -> tuple[np.ndarray, float, int]:
    """The 1-slack cutting-plane method (Joachims, Finley and Yu, 2009).

    Each iteration finds every sample's most violated output at the current w, which gives
    one joint constraint ``<w, a> >= b - xi`` with ``a = 1/n sum_i psi_i(y_i*)`` and
    ``b = 1/n sum_i Delta(y_i, y_i*)``, adds it to the working set and solves the working
    set's dual, ``max_alpha b.alpha - 1/(2 lambda) ||A^T alpha||^2`` over
    ``alpha >= 0, sum alpha <= 1``, with ``w = A^T alpha / lambda``.
    """
    lam, n = oracle.lam, oracle.n
    cuts, offsets = [], []
    w = np.zeros(oracle.dim)
    best_w, best_primal, dual = w, np.inf, 0.0
    alpha = np.zeros(1)  # alpha[0] is the slack of sum(alpha) <= 1
    alpha[0] = 1.0
    for n_iter in range(1, max_iter + 1):
        primal, psi, loss = oracle.primal(w)
        oracle.history.append((primal, dual))
        if primal < best_primal:
            best_w, best_primal = w, primal
        if best_primal - dual <= tol * best_primal:
            return best_w, dual, n_iter
        cuts.append(psi / n)
        offsets.append(loss / n)
        A = np.array(cuts)
        gram = np.zeros((len(cuts) + 1, len(cuts) + 1))
        gram[1:, 1:] = A @ A.T / lam
        alpha = _simplex_qp(gram, np.concatenate([[0.0], offsets]),
                            np.concatenate([alpha, [0.0]]), max(1e-3 * tol, 1e-12) * best_primal)
        w = A.T @ alpha[1:] / lam
        dual = float(np.dot(offsets, alpha[1:]) - 0.5 * lam * (w @ w))
    primal = oracle.primal(w)[0]  # the last cut's weights may be the best
    return (w, dual, max_iter) if primal < best_primal else (best_w, dual, max_iter)


@numba.njit(cache=True)
def _simplex_qp(Q: np.ndarray, b: np.ndarray, alpha: np.ndarray, tol: float) -> np.ndarray:
    """Maximise ``b.alpha - 1/2 alpha^T Q alpha`` over the simplex ``alpha >= 0, sum = 1``.

    Pairwise coordinate ascent (SMO on a simplex): move mass from the coordinate with the
    smallest gradient that still has some to the one with the largest gradient, by the
    exact maximiser along that direction, until the two gradients agree within ``tol``
    (the KKT conditions of the simplex).
    """
    alpha = alpha.copy()
    grad = b.copy()
    for i in range(alpha.size):  # b - Q alpha (a loop: numba's @ would need SciPy)
        for j in range(alpha.size):
            grad[i] -= Q[i, j] * alpha[j]
    for _ in range(100_000):
        up = np.argmax(grad)
        down, lowest = -1, np.inf
        for j in range(alpha.size):
            if alpha[j] > 0.0 and grad[j] < lowest:
                down, lowest = j, grad[j]
        gain = grad[up] - lowest
        if gain <= tol:
            break
        curvature = Q[up, up] + Q[down, down] - 2.0 * Q[up, down]
        step = alpha[down] if curvature <= 0.0 else min(alpha[down], gain / curvature)
        alpha[up] += step
        alpha[down] -= step
        grad -= step * (Q[:, up] - Q[:, down])
    return alpha


def _subgradient(oracle: _Oracle, max_iter: int, tol: float,
                 rng: np.random.RandomState) -> tuple[np.ndarray, float, int]:
    """Stochastic subgradient descent with the weighted average of the iterates.

    A step on sample i uses the subgradient ``lambda w - psi_i(y*)`` of
    ``lambda/2 ||w||^2 + H_i(w)`` with step ``1 / (lambda t)``, i.e.
    ``w <- (1 - 1/t) w + psi_i(y*) / (lambda t)``; the returned average weights iterate t
    by t, ``w_avg <- (1 - 2/(t+1)) w_avg + 2/(t+1) w``, which converges at rate O(1/t).
    """
    lam = oracle.lam
    w, w_avg = np.zeros(oracle.dim), np.zeros(oracle.dim)
    t, previous = 0, np.inf
    for n_pass in range(1, max_iter + 1):
        for i in rng.permutation(oracle.n):
            t += 1
            psi, _ = oracle.most_violated(w, i)
            w *= 1.0 - 1.0 / t
            w += psi / (lam * t)
            w_avg += 2.0 / (t + 1) * (w - w_avg)
        primal = oracle.primal(w_avg)[0]
        oracle.history.append((primal, np.nan))
        if abs(previous - primal) <= tol * primal:
            return w_avg, np.nan, n_pass
        previous = primal
    return w_avg, np.nan, max_iter
