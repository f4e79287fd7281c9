"""The fitted tree: scikit-learn's node arrays and the walks over them."""

from __future__ import annotations

import numpy as np
from numba import njit

from ._grow import TREE_LEAF, TREE_UNDEFINED

__all__ = ["Tree"]


class Tree:
    """A binary decision tree stored as parallel node arrays (scikit-learn's ``tree_``).

    Node ``i`` tests ``X[:, feature[i]] <= threshold[i]`` and sends the sample to
    ``children_left[i]`` when true, else to ``children_right[i]``; leaves have
    ``children_left[i] == children_right[i] == -1`` and ``feature[i] == -2``. Node 0 is the
    root; ids follow the order in which nodes were created.

    Attributes
    ----------
    node_count : int
    n_features : int
    n_outputs : int
        Number of outputs (targets predicted at once).
    n_classes : ndarray of shape (n_outputs,)
        Number of classes of each output (1 for regression).
    max_depth : int
        Depth of the deepest node (the root has depth 0).
    children_left, children_right, feature : ndarray of int of shape (node_count,)
    threshold, impurity, weighted_n_node_samples : ndarray of shape (node_count,)
    n_node_samples : ndarray of int of shape (node_count,)
    value : ndarray of shape (node_count, n_outputs, max(n_classes))
        Class fractions (classification) or the mean / median of the node's targets.
    """

    def __init__(self, n_features: int, n_classes, children_left, children_right,
                 feature, threshold, value, impurity, n_node_samples,
                 weighted_n_node_samples, max_depth: int) -> None:
        self.n_features = int(n_features)
        self.n_classes = np.atleast_1d(np.asarray(n_classes, dtype=np.intp))
        self.n_outputs = len(self.n_classes)
        self.children_left = np.asarray(children_left, dtype=np.intp)
        self.children_right = np.asarray(children_right, dtype=np.intp)
        self.feature = np.asarray(feature, dtype=np.intp)
        self.threshold = np.asarray(threshold, dtype=np.float64)
        self.value = np.asarray(value, dtype=np.float64).reshape(
            len(self.feature), self.n_outputs, -1)
        self.impurity = np.asarray(impurity, dtype=np.float64)
        self.n_node_samples = np.asarray(n_node_samples, dtype=np.intp)
        self.weighted_n_node_samples = np.asarray(weighted_n_node_samples, dtype=np.float64)
        self.max_depth = int(max_depth)

    @property
    def node_count(self) -> int:
        return len(self.feature)

    @property
    def capacity(self) -> int:
        return len(self.feature)

    @property
    def n_leaves(self) -> int:
        return int(np.sum(self.children_left == TREE_LEAF))

    def apply(self, X: np.ndarray) -> np.ndarray:
        """Index of the leaf each row of ``X`` (float32, validated) falls into."""
        return _apply(np.ascontiguousarray(X, dtype=np.float32), self.children_left,
                      self.children_right, self.feature, self.threshold)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """``value`` of the leaf of each row: shape (n_samples, n_outputs, max(n_classes))."""
        return self.value[self.apply(X)]

    def decision_path(self, X: np.ndarray):
        """Indicator (n_samples, node_count) of the nodes each sample goes through, as a
        SciPy CSR matrix (scikit-learn's type) when SciPy is installed, else a dense array."""
        X = np.ascontiguousarray(X, dtype=np.float32)
        indptr, indices = _paths(X, self.children_left, self.children_right, self.feature,
                                 self.threshold)
        data = np.ones(len(indices), dtype=np.intp)
        try:
            from scipy.sparse import csr_matrix
        except ImportError:  # pragma: no cover - SciPy ships with the dev dependencies
            dense = np.zeros((X.shape[0], self.node_count), dtype=np.intp)
            dense[np.repeat(np.arange(X.shape[0]), np.diff(indptr)), indices] = 1
            return dense
        return csr_matrix((data, indices, indptr), shape=(X.shape[0], self.node_count))

    def compute_feature_importances(self, normalize: bool = True) -> np.ndarray:
        """Mean decrease in impurity: ``sum_t N_t i(t) - N_L i(L) - N_R i(R)`` over the nodes
        splitting on each feature, divided by ``N``, normalised to sum to one."""
        internal = np.flatnonzero(self.children_left != TREE_LEAF)
        left = self.children_left[internal]
        right = self.children_right[internal]
        w, imp = self.weighted_n_node_samples, self.impurity
        decrease = w[internal] * imp[internal] - w[left] * imp[left] - w[right] * imp[right]
        importances = np.zeros(self.n_features)
        np.add.at(importances, self.feature[internal], decrease)
        importances /= w[0]
        if normalize and importances.sum() > 0.0:
            importances /= importances.sum()
        return importances

    def parents(self) -> np.ndarray:
        """Parent of every node (-1 for the root)."""
        parent = np.full(self.node_count, -1, dtype=np.intp)
        internal = np.flatnonzero(self.children_left != TREE_LEAF)
        parent[self.children_left[internal]] = internal
        parent[self.children_right[internal]] = internal
        return parent

    def subtree(self, keep: np.ndarray, leaf: np.ndarray) -> Tree:
        """The tree restricted to the nodes ``keep``, with ``leaf`` nodes made leaves; node
        ids renumbered in pre-order (left first), as scikit-learn's pruned trees."""
        old = _preorder(self.children_left, self.children_right, leaf)
        new_id = np.full(self.node_count, -1, dtype=np.intp)
        new_id[old] = np.arange(len(old))
        is_leaf = leaf[old]
        left = np.where(is_leaf, TREE_LEAF, new_id[self.children_left[old]])
        right = np.where(is_leaf, TREE_LEAF, new_id[self.children_right[old]])
        feature = np.where(is_leaf, TREE_UNDEFINED, self.feature[old])
        threshold = np.where(is_leaf, float(TREE_UNDEFINED), self.threshold[old])
        depth = _depths(left, right)
        return Tree(self.n_features, self.n_classes, left, right, feature, threshold,
                    self.value[old], self.impurity[old], self.n_node_samples[old],
                    self.weighted_n_node_samples[old], int(depth.max()))


@njit(cache=True)
def _apply(X, left, right, feature, threshold):
    out = np.empty(X.shape[0], dtype=np.intp)
    for i in range(X.shape[0]):
        node = 0
        while left[node] != TREE_LEAF:
            if X[i, feature[node]] <= threshold[node]:
                node = left[node]
            else:
                node = right[node]
        out[i] = node
    return out


@njit(cache=True)
def _paths(X, left, right, feature, threshold):
    indptr = np.zeros(X.shape[0] + 1, dtype=np.intp)
    indices = []
    for i in range(X.shape[0]):
        node = 0
        indices.append(node)
        while left[node] != TREE_LEAF:
            if X[i, feature[node]] <= threshold[node]:
                node = left[node]
            else:
                node = right[node]
            indices.append(node)
        indptr[i + 1] = len(indices)
    return indptr, np.array(indices, dtype=np.intp)


@njit(cache=True)
def _preorder(left, right, leaf):
    """Node ids in pre-order (left child first), not descending below ``leaf`` nodes."""
    out = []
    stack = [0]
    while len(stack) > 0:
        node = stack.pop()
        out.append(node)
        if not leaf[node] and left[node] != TREE_LEAF:
            stack.append(right[node])
            stack.append(left[node])
    return np.array(out, dtype=np.intp)


def _depths(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Depth of every node (children always have larger ids than their parent)."""
    depth = np.zeros(len(left), dtype=np.intp)
    for node in range(len(left)):  # one pass over the nodes, parents first
        if left[node] != TREE_LEAF:
            depth[left[node]] = depth[right[node]] = depth[node] + 1
    return depth
