"""The fitted tree: scikit-learn's node arrays and the walks over them."""

from __future__ import annotations

import numpy as np
from numba import njit

from ..utils._sparse import issparse as _is_sparse
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
    missing_go_to_left : ndarray of bool of shape (node_count,)
        Where a missing value (NaN) goes at each split: the side chosen when the node's
        training samples had NaN in its feature, else the child with more samples.
    value : ndarray of shape (node_count, n_outputs, max(n_classes))
        Class fractions (classification) or the mean / median of the node's targets.
    """

    def __init__(self, n_features: int, n_classes, children_left, children_right,
                 feature, threshold, value, impurity, n_node_samples,
                 weighted_n_node_samples, max_depth: int, missing_go_to_left=None) -> None:
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
        if missing_go_to_left is None:  # NaN seen only at predict: to the larger child
            internal = self.children_left != TREE_LEAF
            missing_go_to_left = np.zeros(len(self.feature), dtype=bool)
            missing_go_to_left[internal] = (self.n_node_samples[self.children_left[internal]]
                                            > self.n_node_samples[self.children_right[internal]])
        self.missing_go_to_left = np.asarray(missing_go_to_left, dtype=bool)

    @property
    def node_count(self) -> int:
        return len(self.feature)

    @property
    def capacity(self) -> int:
        return len(self.feature)

    @property
    def n_leaves(self) -> int:
        return int(np.sum(self.children_left == TREE_LEAF))

    def _walk(self, X, record_paths: bool):
        if _is_sparse(X):
            csr = X.tocsr()
            arrays = (np.empty((0, csr.shape[1]), dtype=np.float32),
                      csr.indptr.astype(np.intp), csr.indices.astype(np.intp),
                      csr.data.astype(np.float32, copy=False))
        else:
            empty = np.empty(0, dtype=np.intp)
            arrays = (np.ascontiguousarray(X, dtype=np.float32), empty, empty,
                      np.empty(0, dtype=np.float32))
        return _walk(*arrays, self.children_left, self.children_right, self.feature,
                     self.threshold, self.missing_go_to_left, record_paths)

    def apply(self, X) -> np.ndarray:
        """Index of the leaf each row of ``X`` (float32, validated; dense or sparse) falls
        into."""
        return self._walk(X, False)[0]

    def predict(self, X: np.ndarray) -> np.ndarray:
        """``value`` of the leaf of each row: shape (n_samples, n_outputs, max(n_classes))."""
        return self.value[self.apply(X)]

    def decision_path(self, X: np.ndarray):
        """Indicator (n_samples, node_count) of the nodes each sample goes through, as a
        SciPy CSR matrix (scikit-learn's type) when SciPy is installed, else a dense array."""
        _, indptr, indices = self._walk(X, True)
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
                    self.weighted_n_node_samples[old], int(depth.max()),
                    self.missing_go_to_left[old])


@njit(cache=True)
def _walk(X, indptr, indices, data, left, right, feature, threshold, missing_left,
          record_paths):
    """Send every row of ``X`` down the tree: the leaf it reaches and, with
    ``record_paths``, the nodes it goes through (CSR ``indptr`` / ``indices``).

    A sparse ``X`` comes as CSR arrays (``indptr`` non-empty; ``X`` then only gives the
    number of features): each row is scattered into a dense buffer for its walk. A missing
    value (NaN) goes to the side ``missing_left`` gives.
    """
    sparse = indptr.shape[0] > 0
    n_rows = indptr.shape[0] - 1 if sparse else X.shape[0]
    row = np.zeros(X.shape[1], dtype=X.dtype)
    leaves = np.empty(n_rows, dtype=np.intp)
    path_ptr = np.zeros(n_rows + 1, dtype=np.intp)
    path = [0 for _ in range(0)]
    for i in range(n_rows):
        if sparse:
            for k in range(indptr[i], indptr[i + 1]):
                row[indices[k]] = data[k]
        x = row if sparse else X[i]
        node = 0
        if record_paths:
            path.append(node)
        while left[node] != TREE_LEAF:
            value = x[feature[node]]
            if np.isnan(value):
                node = left[node] if missing_left[node] else right[node]
            elif value <= threshold[node]:
                node = left[node]
            else:
                node = right[node]
            if record_paths:
                path.append(node)
        leaves[i] = node
        path_ptr[i + 1] = len(path)
        if sparse:
            for k in range(indptr[i], indptr[i + 1]):
                row[indices[k]] = 0.0
    return leaves, path_ptr, np.array(path, dtype=np.intp)


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
