r"""Structured-output problems for :class:`~syllabus.svm.StructuredSVM`.

A problem tells the structured SVM everything it needs about the outputs, and nothing more:

- the joint feature map $\psi(x, y)$, whose inner product with ``w`` scores an output;
- the task loss $\Delta(y, \hat y)$ (zero for the true output);
- inference, $\arg\max_y \langle w, \psi(x, y)\rangle$ (prediction);
- loss-augmented inference, $\arg\max_y \Delta(y_i, y) + \langle w, \psi(x_i, y)\rangle$
  (the most violated margin constraint of sample $i$).

The solvers never enumerate the output space: they only call these oracles. A new problem
subclasses :class:`StructuredProblem` and writes the four per-sample methods; the batch
methods loop over them by default and the problems below override them with one matrix
product.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..base import BaseEstimator

__all__ = ["MultiLabelProblem", "MulticlassProblem", "StructuredProblem", "TaxonomyProblem"]


class StructuredProblem(BaseEstimator):
    """Base class of the structured-output problems (the oracles of a structured SVM).

    A problem's constructor stores its arguments (``get_params``/``set_params``, cloning and
    :mod:`syllabus.io` work as for estimators).

    Subclasses define :meth:`joint_feature_size`, :meth:`joint_feature`, :meth:`loss`,
    :meth:`inference` and :meth:`loss_augmented_inference`, and may override
    :meth:`check_output` (to refuse outputs outside the problem's output space) and
    :meth:`max_loss`. The ``batch_*`` methods loop over samples; override them with a
    vectorised version where one exists.

    Examples
    --------
    A chain of ``k`` binary labels with a reward for equal neighbours, decoded by Viterbi, is
    written in ``tests/svm/test_structured.py``.
    """

    # ---- the oracles a problem defines
    def joint_feature_size(self, n_features: int) -> int:
        """Length of ``joint_feature(x, y)`` for inputs with ``n_features`` features."""
        raise NotImplementedError

    def joint_feature(self, x: np.ndarray, y: Any) -> np.ndarray:
        r"""The joint feature map $\psi(x, y)$, a flat vector."""
        raise NotImplementedError

    def loss(self, y: Any, y_hat: Any) -> float:
        r"""The task loss $\Delta(y, \hat y) \ge 0$, zero when ``y_hat == y``."""
        raise NotImplementedError

    def inference(self, w: np.ndarray, x: np.ndarray) -> Any:
        r"""$\arg\max_y \langle w, \psi(x, y) \rangle$."""
        raise NotImplementedError

    def loss_augmented_inference(self, w: np.ndarray, x: np.ndarray, y: Any) -> Any:
        r"""$\arg\max_{y'} \Delta(y, y') + \langle w, \psi(x, y') \rangle$."""
        raise NotImplementedError

    # ---- defaults a problem may refine
    def check_output(self, y: Any) -> Any:
        """Return ``y`` in the problem's canonical form, or raise ValueError."""
        return y

    def max_loss(self, y: Any) -> float:
        """The largest loss any output can have against ``y`` (normalises ``score``)."""
        return 1.0

    def batch_joint_feature(self, X: np.ndarray, Y: Sequence) -> np.ndarray:
        """``sum_i joint_feature(X[i], Y[i])``."""
        return np.sum([self.joint_feature(x, y) for x, y in zip(X, Y)], axis=0)

    def batch_loss(self, Y: Sequence, Y_hat: Sequence) -> np.ndarray:
        """The losses ``loss(Y[i], Y_hat[i])``, shape (n_samples,)."""
        return np.array([self.loss(y, y_hat) for y, y_hat in zip(Y, Y_hat)], dtype=float)

    def batch_inference(self, w: np.ndarray, X: np.ndarray) -> list:
        return [self.inference(w, x) for x in X]

    def batch_loss_augmented_inference(self, w: np.ndarray, X: np.ndarray, Y: Sequence) -> list:
        return [self.loss_augmented_inference(w, x, y) for x, y in zip(X, Y)]


def _integer_labels(Y: Any, n_labels: int, what: str) -> np.ndarray:
    Y = np.asarray(Y)
    if Y.dtype.kind == "f" and np.all(np.isfinite(Y)) and np.all(Y == np.round(Y)):
        Y = Y.astype(np.int64)
    if Y.dtype.kind not in "iu":
        raise ValueError(f"Unknown label type: {what.lower()} must be integers in [0, {n_labels}); "
                         f"got dtype {Y.dtype}.")
    bad = (Y < 0) | (Y >= n_labels)
    if np.any(bad):
        raise ValueError(f"{what} must be in [0, {n_labels}); got {Y[bad].ravel()[0]!r}, "
                         "outside the problem's output space.")
    return Y.astype(np.int64)


class MulticlassProblem(StructuredProblem):
    r"""Multiclass classification as a structured problem: Crammer and Singer's SVM.

    $\psi(x, y) = x \otimes e_y$ (the input copied into block ``y`` of a
    ``n_classes * n_features`` vector, so ``w`` reshaped to ``(n_classes, n_features)`` holds
    one weight vector per class) and the 0-1 loss $\Delta(y, y') = [y \ne y']$. The structured
    hinge is then $\max_k ([k \ne y_i] + w_k \cdot x_i) - w_{y_i} \cdot x_i$, Crammer and
    Singer's multiclass hinge.

    Parameters
    ----------
    n_classes : int
        Outputs are the integers ``0, ..., n_classes - 1``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.svm import MulticlassProblem
    >>> problem = MulticlassProblem(3)
    >>> problem.joint_feature(np.array([1.0, 2.0]), 1)
    array([0., 0., 1., 2., 0., 0.])
    """

    def __init__(self, n_classes: int) -> None:
        self.n_classes = n_classes

    def _check(self) -> int:
        if not isinstance(self.n_classes, (int, np.integer)) or self.n_classes < 2:
            raise ValueError(f"n_classes must be an integer >= 2; got {self.n_classes!r}.")
        return int(self.n_classes)

    def joint_feature_size(self, n_features: int) -> int:
        return self._check() * n_features

    def check_output(self, y: Any) -> np.ndarray:
        return _integer_labels(y, self._check(), "Class labels")

    def joint_feature(self, x: np.ndarray, y: Any) -> np.ndarray:
        psi = np.zeros((self._check(), x.shape[0]))
        psi[int(y)] = x
        return psi.ravel()

    def loss(self, y: Any, y_hat: Any) -> float:
        return float(int(y) != int(y_hat))

    def inference(self, w: np.ndarray, x: np.ndarray) -> int:
        return int(np.argmax(w.reshape(self._check(), -1) @ x))

    def loss_augmented_inference(self, w: np.ndarray, x: np.ndarray, y: Any) -> int:
        scores = w.reshape(self._check(), -1) @ x + 1.0
        scores[int(y)] -= 1.0
        return int(np.argmax(scores))

    def batch_joint_feature(self, X: np.ndarray, Y: Any) -> np.ndarray:
        onehot = np.zeros((X.shape[0], self._check()))
        onehot[np.arange(X.shape[0]), np.asarray(Y, dtype=np.int64)] = 1.0
        return (onehot.T @ X).ravel()

    def batch_loss(self, Y: Any, Y_hat: Any) -> np.ndarray:
        return (np.asarray(Y) != np.asarray(Y_hat)).astype(float)

    def batch_inference(self, w: np.ndarray, X: np.ndarray) -> np.ndarray:
        return np.argmax(X @ w.reshape(self._check(), -1).T, axis=1)

    def batch_loss_augmented_inference(self, w: np.ndarray, X: np.ndarray, Y: Any) -> np.ndarray:
        scores = X @ w.reshape(self._check(), -1).T + 1.0
        scores[np.arange(X.shape[0]), np.asarray(Y, dtype=np.int64)] -= 1.0
        return np.argmax(scores, axis=1)


class MultiLabelProblem(StructuredProblem):
    r"""Multi-label prediction: outputs are sign vectors $y \in \{-1, +1\}^k$ ($2^k$ of them).

    $\psi(x, y) = \frac12 \sum_k y_k \, x \otimes e_k$ and $\Delta$ is the Hamming distance.
    Loss-augmented inference decomposes over labels: with $s_k = w_k \cdot x$, label $k$ is
    flipped exactly when $y_k s_k < 1$, so the structured hinge is
    $\sum_k \max(0, 1 - y_k s_k)$ — the sum of ``n_labels`` binary hinge losses, and the
    structured SVM is ``n_labels`` independent binary SVMs (without intercept).

    Parameters
    ----------
    n_labels : int
        Number of binary labels ``k``; an output is an array of ``k`` values in {-1, +1}
        (0/1 indicator rows are accepted and read as -1/+1).

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.svm import MultiLabelProblem
    >>> problem = MultiLabelProblem(3)
    >>> problem.loss(np.array([1, -1, 1]), np.array([1, 1, -1]))
    2.0
    """

    def __init__(self, n_labels: int) -> None:
        self.n_labels = n_labels

    def _check(self) -> int:
        if not isinstance(self.n_labels, (int, np.integer)) or self.n_labels < 1:
            raise ValueError(f"n_labels must be an integer >= 1; got {self.n_labels!r}.")
        return int(self.n_labels)

    def joint_feature_size(self, n_features: int) -> int:
        return self._check() * n_features

    def check_output(self, y: Any) -> np.ndarray:
        k = self._check()
        y = np.asarray(y)
        if y.shape[-1:] != (k,):
            raise ValueError(f"A multi-label output has {k} labels; got shape {y.shape}.")
        values = set(np.unique(y).tolist())
        if values <= {0, 1}:
            return np.where(y == 1, 1.0, -1.0)
        if not values <= {-1, 1}:
            raise ValueError("Multi-label outputs take values in {-1, +1} (or {0, 1}); got "
                             f"{sorted(values)[:5]}, outside the problem's output space.")
        return y.astype(float)

    def joint_feature(self, x: np.ndarray, y: Any) -> np.ndarray:
        return 0.5 * np.outer(y, x).ravel()

    def loss(self, y: Any, y_hat: Any) -> float:
        return float(np.sum(np.asarray(y) != np.asarray(y_hat)))

    def max_loss(self, y: Any) -> float:
        return float(self._check())

    def inference(self, w: np.ndarray, x: np.ndarray) -> np.ndarray:
        return np.where(w.reshape(self._check(), -1) @ x >= 0, 1.0, -1.0)

    def loss_augmented_inference(self, w: np.ndarray, x: np.ndarray, y: Any) -> np.ndarray:
        margins = y * (w.reshape(self._check(), -1) @ x)
        return np.where(margins < 1.0, -y, y)

    def batch_joint_feature(self, X: np.ndarray, Y: Any) -> np.ndarray:
        return 0.5 * (np.asarray(Y).T @ X).ravel()

    def batch_loss(self, Y: Any, Y_hat: Any) -> np.ndarray:
        return np.sum(np.asarray(Y) != np.asarray(Y_hat), axis=1).astype(float)

    def batch_inference(self, w: np.ndarray, X: np.ndarray) -> np.ndarray:
        return np.where(X @ w.reshape(self._check(), -1).T >= 0, 1.0, -1.0)

    def batch_loss_augmented_inference(self, w: np.ndarray, X: np.ndarray, Y: Any) -> np.ndarray:
        Y = np.asarray(Y)
        margins = Y * (X @ w.reshape(self._check(), -1).T)
        return np.where(margins < 1.0, -Y, Y)


class TaxonomyProblem(StructuredProblem):
    r"""Taxonomy classification: the classes are the leaves of a tree.

    The tree is given by its parent array (``parents[root] == -1``). $\psi(x, y)$ sums
    $x \otimes e_v$ over the nodes $v$ on the path from the root to leaf $y$, so a leaf's score
    is the sum of the scores of its ancestors' weight vectors: classes that share ancestors
    share parameters. $\Delta(y, y')$ is the tree distance, the number of edges on the path
    between the two leaves, so confusing two siblings costs 2 and confusing leaves in distant
    branches costs more. Inference over the leaves is one matrix product
    ``paths @ (W @ x)`` with ``paths`` the leaf-by-node ancestor indicator matrix.

    Parameters
    ----------
    parents : array-like of int
        ``parents[v]`` is the parent of node ``v``; exactly one root has parent -1. The
        outputs are the leaves' node indices.

    Attributes
    ----------
    leaves : ndarray of int
        The leaves, in increasing order (computed from ``parents``).
    paths : ndarray of shape (n_leaves, n_nodes)
        ``paths[i, v] = 1`` when node ``v`` is on the root-to-leaf path of ``leaves[i]``.
    distances : ndarray of shape (n_leaves, n_leaves)
        Tree distances between leaves.

    Examples
    --------
    >>> from syllabus.svm import TaxonomyProblem
    >>> problem = TaxonomyProblem([-1, 0, 0, 1, 1, 2, 2])   # root, 2 inner nodes, 4 leaves
    >>> problem.leaves.tolist()
    [3, 4, 5, 6]
    >>> problem.loss(3, 4), problem.loss(3, 6)
    (2.0, 4.0)
    """

    def __init__(self, parents: Sequence[int]) -> None:
        self.parents = parents
        self._build()

    def _build(self) -> None:
        parents = np.asarray(self.parents)
        if parents.ndim != 1 or parents.size < 2 or parents.dtype.kind not in "iu":
            raise ValueError("parents must be a 1-D integer array of at least 2 nodes; got "
                             f"{self.parents!r}.")
        n = parents.size
        roots = np.flatnonzero(parents == -1)
        if roots.size != 1 or np.any((parents < -1) | (parents >= n)):
            raise ValueError("parents must name exactly one root (parent -1) and valid parent "
                             "indices.")
        ancestors = np.zeros((n, n))  # ancestors[v, u] = 1 if u is on the root-to-v path
        depth = np.zeros(n, dtype=np.int64)
        for v in range(n):
            u, steps = v, 0
            while u != -1:
                if steps > n:
                    raise ValueError("parents contains a cycle; it must describe a tree.")
                ancestors[v, u] = 1.0
                u, steps = parents[u], steps + 1
            depth[v] = steps - 1
        is_leaf = np.ones(n, dtype=bool)
        is_leaf[parents[parents >= 0]] = False
        self.leaves = np.flatnonzero(is_leaf)
        self.paths = ancestors[self.leaves]
        self._leaf_index = {int(leaf): i for i, leaf in enumerate(self.leaves)}
        shared = self.paths @ self.paths.T  # common ancestors = depth(lca) + 1
        leaf_depth = depth[self.leaves]
        self.distances = (leaf_depth[:, None] + leaf_depth[None, :] - 2 * (shared - 1))

    def set_params(self, **params: Any) -> TaxonomyProblem:
        super().set_params(**params)
        self._build()
        return self

    def joint_feature_size(self, n_features: int) -> int:
        return self.paths.shape[1] * n_features

    def check_output(self, y: Any) -> np.ndarray:
        y = np.asarray(y)
        if y.dtype.kind == "f" and np.all(y == np.round(y)):
            y = y.astype(np.int64)
        if y.dtype.kind not in "iu":
            raise ValueError(f"Taxonomy outputs are leaf node indices; got dtype {y.dtype}.")
        unknown = [v for v in np.unique(y).tolist() if v not in self._leaf_index]
        if unknown:
            raise ValueError(f"Taxonomy outputs must be leaves {self.leaves.tolist()}; got "
                             f"{unknown[0]!r}, outside the problem's output space.")
        return y.astype(np.int64)

    def _rows(self, Y: Any) -> np.ndarray:
        return np.array([self._leaf_index[int(y)] for y in np.atleast_1d(Y)])

    def joint_feature(self, x: np.ndarray, y: Any) -> np.ndarray:
        return np.outer(self.paths[self._leaf_index[int(y)]], x).ravel()

    def loss(self, y: Any, y_hat: Any) -> float:
        return float(self.distances[self._leaf_index[int(y)], self._leaf_index[int(y_hat)]])

    def max_loss(self, y: Any) -> float:
        return float(self.distances[self._leaf_index[int(y)]].max())

    def _leaf_scores(self, w: np.ndarray, X: np.ndarray) -> np.ndarray:
        return X @ w.reshape(self.paths.shape[1], -1).T @ self.paths.T  # (n, n_leaves)

    def inference(self, w: np.ndarray, x: np.ndarray) -> int:
        return int(self.batch_inference(w, x[None])[0])

    def loss_augmented_inference(self, w: np.ndarray, x: np.ndarray, y: Any) -> int:
        return int(self.batch_loss_augmented_inference(w, x[None], [y])[0])

    def batch_joint_feature(self, X: np.ndarray, Y: Any) -> np.ndarray:
        return (self.paths[self._rows(Y)].T @ X).ravel()

    def batch_loss(self, Y: Any, Y_hat: Any) -> np.ndarray:
        return self.distances[self._rows(Y), self._rows(Y_hat)].astype(float)

    def batch_inference(self, w: np.ndarray, X: np.ndarray) -> np.ndarray:
        return self.leaves[np.argmax(self._leaf_scores(w, X), axis=1)]

    def batch_loss_augmented_inference(self, w: np.ndarray, X: np.ndarray, Y: Any) -> np.ndarray:
        scores = self._leaf_scores(w, X) + self.distances[self._rows(Y)]
        return self.leaves[np.argmax(scores, axis=1)]
