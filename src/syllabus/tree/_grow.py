"""CART tree growth: the node-by-node loop of the lecture, compiled with numba.

A node holds the samples ``order[f, start:end]`` for every feature ``f``: the training
samples are sorted once per feature (``order[f]``), and splitting a node partitions each
feature's segment stably, so every node sees its samples already sorted by every feature.
The best split of a node scans each candidate feature once, moving one sample at a time
from the right child to the left child while keeping running class counts (classification)
or running sums (regression), and scores every position between two distinct values.

The search reproduces scikit-learn's exactly (so trees agree node for node):

* features are visited in a random order drawn with scikit-learn's xorshift generator
  (``rand_r``) from a seed drawn from ``random_state``, and features found constant in a
  node are remembered and skipped in its descendants;
* two values closer than ``FEATURE_THRESHOLD = 1e-7`` (in float32) count as equal, the
  threshold is the midpoint of two consecutive distinct values and, among splits of equal
  score, the first one found wins;
* the score is the impurity decrease ``N_t / N (i(t) - N_L / N_t i(L) - N_R / N_t i(R))``;
  a node becomes a leaf when it is pure, too small or too deep, or when the best decrease is
  below ``min_impurity_decrease``;
* depth-first growth pops the left child first (node ids in pre-order); with
  ``max_leaf_nodes`` the growth is best-first: the frontier is a max-heap on the decrease
  (``std::push_heap`` / ``std::pop_heap``, written out below).
"""

from __future__ import annotations

import numpy as np
from numba import njit

GINI, ENTROPY, SQUARED_ERROR, ABSOLUTE_ERROR, POISSON = 0, 1, 2, 3, 4
CRITERIA = {"gini": GINI, "entropy": ENTROPY, "log_loss": ENTROPY,
            "squared_error": SQUARED_ERROR, "absolute_error": ABSOLUTE_ERROR,
            "poisson": POISSON}

TREE_LEAF = -1
TREE_UNDEFINED = -2
RAND_R_MAX = 2147483647
EPSILON = np.finfo(np.float64).eps
FEATURE_THRESHOLD = np.float32(1e-7)


# -- scikit-learn's random numbers (sklearn/utils/_random.pxd) --------------------------------

@njit(cache=True)
def _rand_r(state):
    """The next xorshift number in [0, RAND_R_MAX] from ``state[0]`` (updated in place)."""
    s = state[0]
    if s == 0:
        s = 1
    s ^= (s << 13) & 0xFFFFFFFF
    s ^= s >> 17
    s ^= (s << 5) & 0xFFFFFFFF
    state[0] = s
    return s & 0x7FFFFFFF


@njit(cache=True)
def _rand_int(low, high, state):
    """An integer in [low, high) from the xorshift state ``state[0]`` (updated in place)."""
    return low + _rand_r(state) % (high - low)


@njit(cache=True)
def _rand_uniform(low, high, state):
    """A float in [low, high] from the xorshift state ``state[0]`` (updated in place)."""
    return (high - low) * np.float64(_rand_r(state)) / RAND_R_MAX + low


# -- impurities ---------------------------------------------------------------------------------

@njit(cache=True)
def _class_impurity(counts, weight, criterion, n_classes):
    """Gini ``1 - sum p_k^2`` or entropy ``-sum p_k log2 p_k`` of the class weights
    ``counts[k]`` of every output ``k``, averaged over the outputs."""
    total = 0.0
    for k in range(counts.shape[0]):
        if criterion == GINI:
            sq = 0.0
            for c in range(n_classes[k]):
                sq += counts[k, c] * counts[k, c]
            total += 1.0 - sq / (weight * weight)
        else:
            for c in range(n_classes[k]):
                if counts[k, c] > 0.0:
                    p = counts[k, c] / weight
                    total -= p * (np.log(p) / np.log(2.0))
    return total / counts.shape[0]


@njit(cache=True)
def _squared_error(sums, sq_sum, weight):
    """Mean over the outputs of the variance ``sum w y^2 / W - (sum w y / W)^2``."""
    impurity = sq_sum / weight
    for k in range(sums.shape[0]):
        impurity -= (sums[k, 0] / weight) ** 2.0
    return impurity / sums.shape[0]


@njit(cache=True)
def _poisson_loss(seq, sums, weight, y, w):
    """Half Poisson deviance without its constant term, scikit-learn's impurity:
    ``sum_i w_i y_i log(y_i / mean) / W`` averaged over the outputs; infinite when a sum of
    targets is not positive (a Poisson mean must be)."""
    loss = 0.0
    for k in range(sums.shape[0]):
        if sums[k, 0] <= EPSILON:
            return np.inf
        mean = sums[k, 0] / weight
        for s in seq:
            if y[s, k] != 0.0:  # xlogy(0, .) = 0
                loss += w[s] * y[s, k] * np.log(y[s, k] / mean)
    return loss / (weight * sums.shape[0])


@njit(cache=True)
def _poisson_proxy(sums_left, sums_right, w_left, w_right):
    """``sum_L log(mean_L) + sum_R log(mean_R)`` over the outputs: the Poisson impurity
    decrease up to constants; ``-inf`` forbids a child whose sum of targets is not positive."""
    proxy = 0.0
    for k in range(sums_left.shape[0]):
        if sums_left[k, 0] <= EPSILON or sums_right[k, 0] <= EPSILON:
            return -np.inf
        proxy += (sums_left[k, 0] * np.log(sums_left[k, 0] / w_left)
                  + sums_right[k, 0] * np.log(sums_right[k, 0] / w_right))
    return proxy


@njit(cache=True, inline="always")
def _add_sample(sums, s, sign, y_int, y, w, criterion):
    """Add (``sign = 1``) or remove (``-1``) sample ``s`` from the running sums: its weight
    in its class's cell (classification) or its weighted target (regression), per output."""
    for k in range(sums.shape[0]):
        if criterion <= ENTROPY:
            sums[k, y_int[s, k]] += sign * w[s]
        else:
            sums[k, 0] += sign * (w[s] * y[s, k])


@njit(cache=True)
def _fenwick_add(tree_w, tree_wy, size, idx, y, w):
    i = idx + 1
    while i <= size:
        tree_w[i] += w
        tree_wy[i] += w * y
        i += i & (-i)


@njit(cache=True)
def _fenwick_descend(tree_w, tree_wy, size, max_pow2, target, strict):
    """Largest 1-based index whose prefix weight is < target (strict) or <= target, and the
    prefix sums of weight and weight * y up to it."""
    idx = 0
    cw = 0.0
    cwy = 0.0
    bit = max_pow2
    while bit != 0:
        nxt = idx + bit
        if nxt <= size:
            node = tree_w[nxt]
            if (target > node) if strict else (target >= node):
                target -= node
                idx = nxt
                cw += node
                cwy += tree_wy[nxt]
        bit >>= 1
    return idx, cw, cwy


@njit(cache=True)
def _absolute_errors(seq, rank, sorted_y, w, tree_w, tree_wy, errors, medians):
    """Weighted median and sum of absolute deviations of every prefix ``seq[:k + 1]``, for
    one output; the deviations are *added* to ``errors`` (summed over outputs, as
    scikit-learn's criterion does).

    The samples are activated one by one at their rank among the node's targets in a
    Fenwick tree of weights and weighted targets; the median is the first rank whose
    cumulative weight exceeds half the total (the midpoint of two values when a prefix
    weighs exactly half), and ``sum_i w_i |y_i - m| = (S_above - m W_above) + (m W_below -
    S_below)``.
    """
    n = seq.shape[0]
    tree_w[: n + 1] = 0.0
    tree_wy[: n + 1] = 0.0
    max_pow2 = 1
    while max_pow2 <= n:
        max_pow2 <<= 1
    max_pow2 >>= 1
    total_w = 0.0
    total_wy = 0.0
    for k in range(n):
        s = seq[k]
        r = rank[s]
        _fenwick_add(tree_w, tree_wy, n, r, sorted_y[r], w[s])
        total_w += w[s]
        total_wy += w[s] * sorted_y[r]
        half = 0.5 * total_w
        upper, w_left, wy_left = _fenwick_descend(tree_w, tree_wy, n, max_pow2, half, False)
        lower, _, _ = _fenwick_descend(tree_w, tree_wy, n, max_pow2, half, True)
        if upper != lower:
            median = (sorted_y[lower] + sorted_y[upper]) / 2
        else:
            median = sorted_y[upper]
        medians[k] = median
        errors[k] += ((total_wy - wy_left) - median * (total_w - w_left)) + (median * w_left - wy_left)


@njit(cache=True)
def _prefix_suffix_errors(seq, rev, rank, sorted_y, w, tree_w, tree_wy, left_errors,
                          right_errors, medians):
    """Absolute errors, summed over the outputs, of every prefix of ``seq``
    (``left_errors``) and of every suffix (``right_errors[k]``: the last ``k + 1`` samples)."""
    n = seq.shape[0]
    for k in range(n):
        rev[k] = seq[n - 1 - k]
    left_errors[:n] = 0.0
    right_errors[:n] = 0.0
    for o in range(rank.shape[0]):
        _absolute_errors(seq, rank[o], sorted_y[o], w, tree_w, tree_wy, left_errors, medians)
        _absolute_errors(rev, rank[o], sorted_y[o], w, tree_w, tree_wy, right_errors, medians)


@njit(cache=True)
def _node_ranks(seq, y, rank, sorted_y):
    """Rank of every sample of ``seq`` among the node's values of each output
    (``rank[output, sample]``) and those values sorted (``sorted_y[output]``)."""
    n = seq.shape[0]
    vals = np.empty(n)
    for o in range(y.shape[1]):
        for k in range(n):
            vals[k] = y[seq[k], o]
        perm = np.argsort(vals, kind="mergesort")
        for k in range(n):
            rank[o, seq[perm[k]]] = k
            sorted_y[o, k] = vals[perm[k]]


# -- node statistics ----------------------------------------------------------------------------

@njit(cache=True)
def _node_stats(seq, y_int, y, w, criterion, n_classes, sums, value, ws):
    """Weight, sum of ``w y^2`` and impurity of the samples ``seq``, summed in that order.

    Fills ``sums`` (class weights or weighted targets per output) and ``value`` (class
    fractions, means, or the medians); ``ws`` is the absolute-error criterion's work space
    (its impurity is the absolute error summed over outputs / (weight * n_outputs)).
    """
    weight = 0.0
    sq_sum = 0.0
    sums[:] = 0.0
    for s in seq:
        for k in range(sums.shape[0]):
            if criterion <= ENTROPY:
                sums[k, y_int[s, k]] += w[s]
            else:
                wy = w[s] * y[s, k]
                sums[k, 0] += wy
                sq_sum += wy * y[s, k]
        weight += w[s]
    for k in range(sums.shape[0]):
        for c in range(sums.shape[1]):
            value[k, c] = sums[k, c] / weight
    if criterion <= ENTROPY:
        return weight, sq_sum, _class_impurity(sums, weight, criterion, n_classes)
    if criterion == SQUARED_ERROR:
        return weight, sq_sum, _squared_error(sums, sq_sum, weight)
    if criterion == POISSON:
        return weight, sq_sum, _poisson_loss(seq, sums, weight, y, w)
    rank, sorted_y, tree_w, tree_wy, errors, medians = ws
    _node_ranks(seq, y, rank, sorted_y)
    n = seq.shape[0]
    errors[:n] = 0.0
    for o in range(y.shape[1]):  # summed backwards, as scikit-learn's node impurity
        _absolute_errors(seq[::-1], rank[o], sorted_y[o], w, tree_w, tree_wy, errors, medians)
        value[o, 0] = medians[n - 1]
    return weight, sq_sum, errors[n - 1] / (weight * y.shape[1])


@njit(cache=True)
def _move_to(seq, pos, new_pos, sums_left, w_left, sums_total, weight, y_int, y, w, criterion):
    """Running sums of the left child ``seq[:new_pos]`` from those of ``seq[:pos]``.

    As scikit-learn's criterion ``update``: walk forward from ``pos`` when that is the
    shorter way, else restart from the whole node and remove ``seq[new_pos:]`` walking
    back from the end (the rounding of the sums depends on the way taken, and near-equal
    splits are ranked by it). Returns the left weight.
    """
    n = seq.shape[0]
    if new_pos - pos <= n - new_pos:
        for q in range(pos, new_pos):
            _add_sample(sums_left, seq[q], 1.0, y_int, y, w, criterion)
            w_left += w[seq[q]]
    else:
        sums_left[:] = sums_total
        w_left = weight
        for q in range(n - 1, new_pos - 1, -1):
            _add_sample(sums_left, seq[q], -1.0, y_int, y, w, criterion)
            w_left -= w[seq[q]]
    return w_left


@njit(cache=True)
def _swap_partition(node_samples, x, threshold, missing_left):
    """Move the samples with ``x <= threshold`` (and those with a missing ``x`` if
    ``missing_left``) to the front by swaps (scikit-learn's unstable in-place partition);
    returns how many there are."""
    lo = 0
    hi = node_samples.shape[0]
    while lo < hi:
        value = x[node_samples[lo]]
        if missing_left if np.isnan(value) else value <= threshold:
            lo += 1
        else:
            hi -= 1
            tmp = node_samples[lo]
            node_samples[lo] = node_samples[hi]
            node_samples[hi] = tmp
    return lo


@njit(cache=True)
def _children_impurity(seq, pos, sums_left, sums_right, w_left, w_right, sq_sum, y, w,
                       criterion, n_classes):
    """Impurities of the children ``seq[:pos]`` and ``seq[pos:]`` from the running sums
    (regression: the right child's ``sum w y^2`` is the node's minus the left child's)."""
    if criterion <= ENTROPY:
        return (_class_impurity(sums_left, w_left, criterion, n_classes),
                _class_impurity(sums_right, w_right, criterion, n_classes))
    if criterion == POISSON:
        return (_poisson_loss(seq[:pos], sums_left, w_left, y, w),
                _poisson_loss(seq[pos:], sums_right, w_right, y, w))
    sq_left = 0.0
    for q in range(pos):
        s = seq[q]
        for k in range(y.shape[1]):
            sq_left += w[s] * y[s, k] * y[s, k]
    return (_squared_error(sums_left, sq_left, w_left),
            _squared_error(sums_right, sq_sum - sq_left, w_right))


# -- one feature's column in a node: presorted (dense X) or read from CSC (sparse X) ---------

@njit(cache=True)
def _sparse_nonzeros(f, start, end, csc, sp_work, node_sorted):
    """The node's samples whose value of feature ``f`` is non-zero, sorted by value, into
    ``nz`` and their values into ``vals`` (``csc = (indptr, indices, data)``, ``sp_work``
    see ``grow_tree``); returns ``(n_negative, n_nonzero)``.

    Only the stored values are touched: the column's indices are looked up in ``where``
    (the position of every sample in ``samples``, -1 when not trained on) when the column
    is short, else the node's samples (``node_sorted``, increasing index) are binary
    searched in its indices. Either way the non-zeros come in increasing index (the first
    of duplicated indices counts) and are sorted stably, as the dense column is.
    """
    indptr, indices, data = csc[0], csc[1], csc[2]
    where, nz, vals = sp_work[0], sp_work[1], sp_work[2]
    lo, hi = indptr[f], indptr[f + 1]
    n = end - start
    m = 0
    if hi > lo and n * np.log2(hi - lo + 1.0) < hi - lo:
        k = lo
        for q in range(n):
            s = node_sorted[q]
            a, b = k, hi  # first stored index >= s
            while a < b:
                mid = (a + b) >> 1
                if indices[mid] < s:
                    a = mid + 1
                else:
                    b = mid
            k = a
            if k == hi:
                break
            if indices[k] == s and data[k] != 0.0:
                nz[m] = s
                vals[m] = data[k]
                m += 1
    else:
        for k in range(lo, hi):
            s = indices[k]
            if start <= where[s] < end and data[k] != 0.0 and (k == lo or indices[k - 1] != s):
                nz[m] = s
                vals[m] = data[k]
                m += 1
    _stable_sort(nz[:m], vals[:m])
    n_negative = 0
    while n_negative < m and vals[n_negative] < 0.0:
        n_negative += 1
    return n_negative, m


@njit(cache=True)
def _stable_sort(idx, vals):
    """Sort the float32 ``vals`` (no NaN, no zero) and ``idx`` along, ties in their order:
    one sort of 64-bit keys ``(value's bits made monotone, position)``, much faster than a
    merge sort of the values."""
    m = vals.shape[0]
    keys = np.empty(m, dtype=np.uint64)
    bits = vals.view(np.uint32)
    for q in range(m):
        b = np.uint64(bits[q])
        # negative floats: all bits flipped; non-negative ones: the sign bit set
        b = (b ^ np.uint64(0xFFFFFFFF)) if b >= np.uint64(0x80000000) else (b | np.uint64(0x80000000))
        keys[q] = (b << np.uint64(32)) | np.uint64(q)
    keys.sort()
    old_idx = idx.copy()
    old_vals = vals.copy()
    for q in range(m):
        k = np.intp(keys[q] & np.uint64(0xFFFFFFFF))
        idx[q] = old_idx[k]
        vals[q] = old_vals[k]


@njit(cache=True)
def _sparse_zeros(n, m, sp_work, node_sorted):
    """The node's samples of value zero (all but ``nz[:m]``), in increasing index, into
    ``zeros``."""
    nz, zeros, mark = sp_work[1], sp_work[3], sp_work[4]
    for q in range(m):
        mark[nz[q]] = True
    n_zero = 0
    for q in range(n):
        s = node_sorted[q]
        if not mark[s]:
            zeros[n_zero] = s
            n_zero += 1
    for q in range(m):
        mark[nz[q]] = False


@njit(cache=True)
def _sorted_column(f, start, end, order, Xt, node_sorted, csc, sp_work):
    """The node's samples sorted by feature ``f`` and an array holding their values of ``f``.

    Dense ``X``: ``order[f, start:end]`` and ``Xt[f]`` (sorted once, kept sorted by stable
    partitions). Sparse ``X`` (``order`` has no rows): the sorted non-zeros
    (``_sparse_nonzeros``) with the zeros as one block between the negative and the
    positive values, in increasing index, so the order is the stable argsort of the dense
    column (and the tree the dense one). Their values are scattered into ``xcol`` (zero
    elsewhere in the node).
    """
    if order.shape[0] > 0:
        return order[f, start:end], Xt[f]
    nz, vals, zeros, xcol, seg = sp_work[1], sp_work[2], sp_work[3], sp_work[5], sp_work[6]
    n = end - start
    for q in range(n):  # forget the previous feature's values
        xcol[node_sorted[q]] = 0.0
    n_negative, m = _sparse_nonzeros(f, start, end, csc, sp_work, node_sorted)
    _sparse_zeros(n, m, sp_work, node_sorted)
    n_zero = n - m
    for q in range(m):
        xcol[nz[q]] = vals[q]
        seg[q if q < n_negative else n_zero + q] = nz[q]
    seg[n_negative:n_negative + n_zero] = zeros[:n_zero]
    return seg[:n], xcol


@njit(cache=True)
def _split_proxy(criterion, sums_total, sums_left, sums_right, w_left, w_right, n_classes):
    """scikit-learn's ``proxy_impurity_improvement`` of a split (any criterion but the
    absolute error): larger is better, it ranks the splits of a node as the impurity
    decrease does; fills ``sums_right``."""
    if criterion <= ENTROPY:
        for k in range(sums_total.shape[0]):
            for c in range(sums_total.shape[1]):
                sums_right[k, c] = sums_total[k, c] - sums_left[k, c]
        return (-w_right * _class_impurity(sums_right, w_right, criterion, n_classes)
                - w_left * _class_impurity(sums_left, w_left, criterion, n_classes))
    if criterion == SQUARED_ERROR:
        sq_left = 0.0
        sq_right = 0.0
        for k in range(sums_total.shape[0]):
            right_k = sums_total[k, 0] - sums_left[k, 0]
            sq_left += sums_left[k, 0] * sums_left[k, 0]
            sq_right += right_k * right_k
        return sq_left / w_left + sq_right / w_right
    for k in range(sums_total.shape[0]):
        sums_right[k, 0] = sums_total[k, 0] - sums_left[k, 0]
    return _poisson_proxy(sums_left, sums_right, w_left, w_right)


@njit(cache=True)
def _sparse_best_split(n_negative, m, n, sp_work, node_sorted, y_int, y, w, criterion,
                       n_classes, sums_total, weighted_n_node, sums_left, sums_right,
                       min_samples_leaf, min_weight_leaf):
    """The best split of one sparse feature (``nz[:m]``, ``vals[:m]`` from
    ``_sparse_nonzeros``): the scan of ``_node_split`` on the column ``_sorted_column``
    would lay out, without laying it out.

    The zero block is crossed in one step, and its samples (in increasing index) are
    listed only when the running sums walk through it, as scikit-learn's criterion does
    when that is the shorter way; the positions, thresholds and sums are those of the
    full scan, so are the splits. Returns ``(proxy, pos, threshold)`` of the first best
    position (``pos = -1`` if none is valid).
    """
    nz, vals, zeros = sp_work[1], sp_work[2], sp_work[3]
    zero = np.float32(0.0)
    n_zero = n - m
    first_positive = n_negative + n_zero
    have_zeros = False
    best_proxy = -np.inf
    best_p = -1
    best_threshold = 0.0
    sums_left[:] = 0.0
    w_left = 0.0
    moved = 0  # the running sums are those of the first ``moved`` positions
    p = 0
    v = zero
    v_prev = zero
    n_outputs = sums_total.shape[0]
    while p < n:
        # next position between two distinct values
        p += 1
        while p < n:
            if n_negative < p < first_positive:  # inside the zero block
                p = first_positive
                continue
            q = p - 1
            v_prev = vals[q] if q < n_negative else zero if q < first_positive else vals[q - n_zero]
            v = vals[p] if p < n_negative else zero if p < first_positive else vals[p - n_zero]
            if v <= v_prev + FEATURE_THRESHOLD:
                p += 1
            else:
                break
        if p == n:
            continue
        threshold = np.float64(v_prev) / 2.0 + np.float64(v) / 2.0
        if p < min_samples_leaf or n - p < min_samples_leaf:
            continue
        forward = p - moved <= n - p
        if not have_zeros and n_zero > 0 and (
                moved < first_positive and p > n_negative if forward else p < first_positive):
            _sparse_zeros(n, m, sp_work, node_sorted)
            have_zeros = True
        # (the walks and the Gini proxy are written out: numba's calls cost more than them)
        if forward:
            while moved < p:
                q = moved
                s = nz[q] if q < n_negative else zeros[q - n_negative] if q < first_positive \
                    else nz[q - n_zero]
                for k in range(n_outputs):
                    if criterion <= ENTROPY:
                        sums_left[k, y_int[s, k]] += w[s]
                    else:
                        sums_left[k, 0] += w[s] * y[s, k]
                w_left += w[s]
                moved += 1
        else:  # _move_to's way back from the whole node
            sums_left[:] = sums_total
            w_left = weighted_n_node
            for q in range(n - 1, p - 1, -1):
                s = nz[q] if q < n_negative else zeros[q - n_negative] if q < first_positive \
                    else nz[q - n_zero]
                for k in range(n_outputs):
                    if criterion <= ENTROPY:
                        sums_left[k, y_int[s, k]] -= w[s]
                    else:
                        sums_left[k, 0] -= w[s] * y[s, k]
                w_left -= w[s]
            moved = p
        w_right = weighted_n_node - w_left
        if w_left < min_weight_leaf or w_right < min_weight_leaf:
            continue
        if criterion == GINI:  # _class_impurity's sums, in its order
            imp_left = 0.0
            imp_right = 0.0
            for k in range(n_outputs):
                sq_left = 0.0
                sq_right = 0.0
                for c in range(n_classes[k]):
                    right = sums_total[k, c] - sums_left[k, c]
                    sq_left += sums_left[k, c] * sums_left[k, c]
                    sq_right += right * right
                imp_left += 1.0 - sq_left / (w_left * w_left)
                imp_right += 1.0 - sq_right / (w_right * w_right)
            proxy = (-w_right * (imp_right / n_outputs) - w_left * (imp_left / n_outputs))
        else:
            proxy = _split_proxy(criterion, sums_total, sums_left, sums_right, w_left, w_right,
                                 n_classes)
        if proxy > best_proxy:
            best_proxy = proxy
            best_p = p
            best_threshold = threshold
    return best_proxy, best_p, best_threshold


# -- the best split of a node -------------------------------------------------------------------

@njit(cache=True)
def _node_split(Xt, order, csc, samples, y_int, y, w, criterion, n_classes, start, end,
                impurity, weighted_n_node, sums_total, sq_sum, weighted_n_samples,
                n_known_constants, features, constant_features, rng, max_features,
                min_samples_leaf, min_weight_leaf, goes_left, buf, ws, sp_work, random_splits):
    """Best split of the node ``start:end``; partitions ``order`` and ``samples`` when one
    is found.

    ``order[f, start:end]`` holds the node's samples sorted by feature ``f`` (dense ``X``;
    for a sparse ``X`` the sorted column is built from ``csc``, see ``_sorted_column``);
    ``samples[start:end]`` holds them in scikit-learn's order (the order its splitter leaves
    them in: sorted by the last feature examined in the parent, then partitioned by the
    parent's split), in which the node's totals ``sums_total`` and ``sq_sum`` were summed.
    With ``random_splits`` each feature gets one threshold drawn uniformly between its
    smallest and largest value in the node (Extremely Randomized Trees) instead of every
    midpoint; the node's samples are partitioned on it as scikit-learn's random splitter does.
    Missing values (NaN, dense ``X``) are scikit-learn's: the best splitter tries them on
    either side of every threshold (and alone on the right, threshold ``inf``), the random
    one draws their side. Returns ``(pos, feature, threshold, missing_go_to_left,
    improvement, impurity_left, impurity_right, n_total_constants)``; ``pos == end`` means
    no valid split.
    """
    node_samples = samples[start:end]
    n_features = Xt.shape[0]
    n = end - start
    best_proxy = -np.inf
    best_pos = end
    best_feature = -1
    best_threshold = 0.0
    best_missing_left = False
    last_feature = -1
    f_i = n_features
    n_visited = 0
    n_found = 0
    n_drawn = 0
    n_total = n_known_constants
    sums_left = np.zeros_like(sums_total)
    sums_right = np.zeros_like(sums_total)
    node_sorted = np.sort(node_samples) if order.shape[0] == 0 else node_samples
    if criterion == ABSOLUTE_ERROR:
        rank, sorted_y, tree_w, tree_wy, errors, medians = ws
        _node_ranks(_sorted_column(0, start, end, order, Xt, node_sorted, csc, sp_work)[0], y, rank,
                    sorted_y)
        left_errors = np.empty(n)
        right_errors = np.empty(n)
        rev = np.empty(n, dtype=samples.dtype)
    shifted = np.empty(n, dtype=samples.dtype)
    # sparse X, best splits: the columns' non-zeros only (see _sparse_best_split)
    compact = order.shape[0] == 0 and not random_splits and criterion != ABSOLUTE_ERROR
    vals = sp_work[2]

    while f_i > n_total and (n_visited < max_features or n_visited <= n_found + n_drawn):
        n_visited += 1
        f_j = _rand_int(n_drawn, f_i - n_found, rng)
        if f_j < n_known_constants:
            # a feature already known to be constant in this node: skip it
            tmp = features[n_drawn]
            features[n_drawn] = features[f_j]
            features[f_j] = tmp
            n_drawn += 1
            continue
        f_j += n_found
        f = features[f_j]
        last_feature = f
        if compact:
            n_negative, m = _sparse_nonzeros(f, start, end, csc, sp_work, node_sorted)
            zero = np.float32(0.0)
            lowest = vals[0] if n_negative > 0 or m == n else zero
            highest = vals[m - 1] if m > n_negative or m == n else zero
            constant = highest <= lowest + FEATURE_THRESHOLD
        else:
            seg, xf = _sorted_column(f, start, end, order, Xt, node_sorted, csc, sp_work)
            n_missing = 0  # NaN (dense X only) sort last
            while n_missing < n and np.isnan(xf[seg[n - 1 - n_missing]]):
                n_missing += 1
            n_known = n - n_missing
            constant = n_known == 0 or (n_missing == 0
                                        and xf[seg[n - 1]] <= xf[seg[0]] + FEATURE_THRESHOLD)
        if constant:
            # constant in this node (and so in all its descendants)
            tmp = features[f_j]
            features[f_j] = features[n_total]
            features[n_total] = tmp
            n_found += 1
            n_total += 1
            continue
        f_i -= 1
        tmp = features[f_i]
        features[f_i] = features[f_j]
        features[f_j] = tmp
        if compact:
            proxy, p, threshold = _sparse_best_split(
                n_negative, m, n, sp_work, node_sorted, y_int, y, w, criterion, n_classes,
                sums_total, weighted_n_node, sums_left, sums_right, min_samples_leaf,
                min_weight_leaf)
            if proxy > best_proxy:
                best_proxy = proxy
                best_pos = start + p
                best_feature = f
                best_threshold = threshold
                best_missing_left = p > n - p
            continue

        # With missing values the best splitter scans twice: the NaN on the right (``seg``),
        # then on the left (``seg`` rotated, the NaN first); the random one draws the side.
        for scan in range(2 if n_missing > 0 and not random_splits else 1):
            missing_left = scan == 1
            seq = seg
            if missing_left:
                shifted[:n_missing] = seg[n_known:]
                shifted[n_missing:] = seg[:n_known]
                seq = shifted
            last = n if missing_left else n_known  # known values are seq[first:last]
            if criterion == ABSOLUTE_ERROR and not random_splits:
                _prefix_suffix_errors(seq, rev, rank, sorted_y, w, tree_w, tree_wy, left_errors,
                                      right_errors, medians)
            sums_left[:] = 0.0
            w_left = 0.0
            moved = 0  # the running sums are those of seq[:moved]
            p = n_missing if missing_left else 0
            drawn = False
            threshold = 0.0
            while p < n and not drawn:
                if random_splits:
                    # one threshold, uniform between the extreme values (never the maximum)
                    drawn = True
                    low, high = np.float64(xf[seg[0]]), np.float64(xf[seg[n_known - 1]])
                    threshold = _rand_uniform(low, high, rng)
                    if n_missing > 0:
                        missing_left = _rand_int(0, 2, rng) == 1
                    if threshold == high:
                        threshold = low
                    p = _swap_partition(node_samples, xf, threshold, missing_left)
                    if criterion == ABSOLUTE_ERROR:
                        # scikit-learn's criterion scans the partitioned samples (forward
                        # for the left child, backward for the right): the same sums
                        _prefix_suffix_errors(node_samples, rev, rank, sorted_y, w, tree_w,
                                              tree_wy, left_errors, right_errors, medians)
                elif p == last:  # the split sending the NaN alone right was the last
                    p = n
                    continue
                else:
                    # next position between two distinct values
                    p += 1
                    while p < last and xf[seq[p]] <= xf[seq[p - 1]] + FEATURE_THRESHOLD:
                        p += 1
                    if p == n:
                        continue
                    if p == last:  # known values left, NaN right: nan <= inf is false
                        threshold = np.inf
                    else:
                        threshold = (np.float64(xf[seq[p - 1]]) / 2.0
                                     + np.float64(xf[seq[p]]) / 2.0)
                if p < min_samples_leaf or n - p < min_samples_leaf:
                    continue
                if random_splits:  # the sums of the partitioned samples, from scratch
                    sums_left[:] = 0.0
                    w_left = _move_to(node_samples, 0, p, sums_left, 0.0, sums_total,
                                      weighted_n_node, y_int, y, w, criterion)
                elif p - moved <= n - p:
                    # _move_to's forward walk, written out: it runs at every position
                    while moved < p:
                        _add_sample(sums_left, seq[moved], 1.0, y_int, y, w, criterion)
                        w_left += w[seq[moved]]
                        moved += 1
                else:
                    w_left = _move_to(seq, moved, p, sums_left, w_left, sums_total,
                                      weighted_n_node, y_int, y, w, criterion)
                    moved = p
                w_right = weighted_n_node - w_left
                if w_left < min_weight_leaf or w_right < min_weight_leaf:
                    continue
                # _split_proxy written out: a compiled call per position doubled the dense fit
                if criterion <= ENTROPY:
                    for k in range(sums_total.shape[0]):
                        for c in range(sums_total.shape[1]):
                            sums_right[k, c] = sums_total[k, c] - sums_left[k, c]
                    proxy = (-w_right * _class_impurity(sums_right, w_right, criterion, n_classes)
                             - w_left * _class_impurity(sums_left, w_left, criterion, n_classes))
                elif criterion == SQUARED_ERROR:
                    sq_left = 0.0
                    sq_right = 0.0
                    for k in range(sums_total.shape[0]):
                        right_k = sums_total[k, 0] - sums_left[k, 0]
                        sq_left += sums_left[k, 0] * sums_left[k, 0]
                        sq_right += right_k * right_k
                    proxy = sq_left / w_left + sq_right / w_right
                elif criterion == POISSON:
                    for k in range(sums_total.shape[0]):
                        sums_right[k, 0] = sums_total[k, 0] - sums_left[k, 0]
                    proxy = _poisson_proxy(sums_left, sums_right, w_left, w_right)
                else:  # scikit-learn's impurities: errors / (weight * n_outputs)
                    n_out = y.shape[1]
                    proxy = -w_right * (right_errors[n - 1 - p] / (w_right * n_out)) - w_left * (
                        left_errors[p - 1] / (w_left * n_out))
                if proxy > best_proxy:
                    best_proxy = proxy
                    best_pos = start + p
                    best_feature = f
                    best_threshold = threshold
                    # without NaN here, a NaN at predict time goes to the larger child
                    best_missing_left = missing_left if n_missing > 0 else p > n - p

    imp_left = 0.0
    imp_right = 0.0
    improvement = 0.0
    if best_pos < end:
        # scikit-learn's samples: sorted by the last feature examined (best splits) or as
        # that feature's partition left them (random splits), partitioned again by swaps on
        # the chosen threshold unless that feature was the chosen one
        if not random_splits:  # (its NaN first if it had any: its last scan)
            seg, xf = _sorted_column(last_feature, start, end, order, Xt, node_sorted, csc, sp_work)
            n_missing = 0
            while n_missing < n and np.isnan(xf[seg[n - 1 - n_missing]]):
                n_missing += 1
            node_samples[:n_missing] = seg[n - n_missing:]
            node_samples[n_missing:] = seg[:n - n_missing]
        if not random_splits or last_feature != best_feature:
            x_best = _sorted_column(best_feature, start, end, order, Xt, node_sorted, csc, sp_work)[1]
            _swap_partition(node_samples, x_best, best_threshold, best_missing_left)
        # partition every feature's sorted segment stably (dense X): left child first
        for k in range(n):
            goes_left[node_samples[k]] = k < best_pos - start
        if order.shape[0] == 0:  # the samples' new positions (sparse X)
            where = sp_work[0]
            for k in range(n):
                where[node_samples[k]] = start + k
        for f in range(order.shape[0]):
            seg = order[f, start:end]
            n_left = 0
            n_right = 0
            for k in range(n):
                s = seg[k]
                if goes_left[s]:
                    seg[n_left] = s
                    n_left += 1
                else:
                    buf[n_right] = s
                    n_right += 1
            for k in range(n_right):
                seg[n_left + k] = buf[k]
        sums_left[:] = 0.0
        w_left = _move_to(node_samples, 0, best_pos - start, sums_left, 0.0, sums_total,
                          weighted_n_node, y_int, y, w, criterion)
        for k in range(sums_total.shape[0]):
            for c in range(sums_total.shape[1]):
                sums_right[k, c] = sums_total[k, c] - sums_left[k, c]
        if criterion == ABSOLUTE_ERROR:  # the left child forwards, the right one backwards
            _prefix_suffix_errors(node_samples, rev, rank, sorted_y, w, tree_w, tree_wy,
                                  left_errors, right_errors, medians)
            n_left = best_pos - start
            imp_left = left_errors[n_left - 1] / (w_left * y.shape[1])
            imp_right = right_errors[n - n_left - 1] / ((weighted_n_node - w_left) * y.shape[1])
        else:
            imp_left, imp_right = _children_impurity(
                node_samples, best_pos - start, sums_left, sums_right, w_left,
                weighted_n_node - w_left, sq_sum, y, w, criterion, n_classes)
        w_right = weighted_n_node - w_left
        improvement = (weighted_n_node / weighted_n_samples) * (
            impurity - (w_right / weighted_n_node * imp_right)
            - (w_left / weighted_n_node * imp_left))

    # the constants known before come first again; the new ones are remembered
    features[:n_known_constants] = constant_features[:n_known_constants]
    constant_features[n_known_constants:n_known_constants + n_found] = \
        features[n_known_constants:n_known_constants + n_found]
    return (best_pos, best_feature, best_threshold, best_missing_left, improvement, imp_left,
            imp_right, n_total)


# -- the best-first frontier: libstdc++'s push_heap / pop_heap on the improvement ---------------

@njit(cache=True)
def _heap_push(heap, size, key):
    """``std::push_heap``: heap[size] was just appended; returns the new size."""
    value = heap[size]
    hole = size
    parent = (hole - 1) // 2
    while hole > 0 and key[heap[parent]] < key[value]:
        heap[hole] = heap[parent]
        hole = parent
        parent = (hole - 1) // 2
    heap[hole] = value
    return size + 1


@njit(cache=True)
def _heap_pop(heap, size, key):
    """``std::pop_heap`` then ``pop_back``: returns the record with the largest key."""
    top = heap[0]
    last = size - 1
    if last > 0:
        value = heap[last]
        heap[last] = top
        length = last
        hole = 0
        child = 0
        while child < (length - 1) // 2:
            child = 2 * (child + 1)
            if key[heap[child]] < key[heap[child - 1]]:
                child -= 1
            heap[hole] = heap[child]
            hole = child
        if (length & 1) == 0 and child == (length - 2) // 2:
            child = 2 * (child + 1)
            heap[hole] = heap[child - 1]
            hole = child - 1
        parent = (hole - 1) // 2
        while hole > 0 and key[heap[parent]] < key[value]:
            heap[hole] = heap[parent]
            hole = parent
            parent = (hole - 1) // 2
        heap[hole] = value
    return top


# -- growth -------------------------------------------------------------------------------------

@njit(cache=True, nogil=True)
def grow_tree(Xt, order, csc, samples, y_int, y, w, criterion, n_classes, max_depth,
              min_samples_split, min_samples_leaf, min_weight_leaf, min_impurity_decrease,
              max_features, max_leaf_nodes, seed, random_splits=False):
    """Grow a CART tree on the samples of ``order`` (one row per feature, sorted).

    Dense ``X``: ``Xt`` is ``X.T`` and ``order`` its rows argsorted. Sparse ``X``: ``Xt``
    has no columns, ``order`` no rows, and ``csc = (indptr, indices, data)`` holds ``X`` in
    CSC form (sorted indices, float32 values); for a dense ``X`` they are empty.

    ``samples`` lists the same samples in increasing index (scikit-learn's initial order);
    ``y_int`` (classification: class indices, ``n_classes[k]`` classes for output ``k``) and
    ``y`` (regression) have one column per output.

    Returns the node arrays ``(children_left, children_right, feature, threshold, value,
    impurity, n_node_samples, weighted_n_node_samples, max_depth_seen, missing_go_to_left)``.
    """
    n_features, n = Xt.shape[0], samples.shape[0]
    capacity = 2 * n + 1
    left = np.full(capacity, TREE_LEAF, dtype=np.intp)
    right = np.full(capacity, TREE_LEAF, dtype=np.intp)
    feat = np.full(capacity, TREE_UNDEFINED, dtype=np.intp)
    missing_left = np.zeros(capacity, dtype=np.bool_)
    thresh = np.full(capacity, float(TREE_UNDEFINED))
    n_outputs = y_int.shape[1]
    value = np.zeros((capacity, n_outputs, n_classes.max()))
    sums = np.zeros((n_outputs, n_classes.max()))
    impurity = np.zeros(capacity)
    n_node = np.zeros(capacity, dtype=np.intp)
    w_node = np.zeros(capacity)
    features = np.arange(n_features)
    constant_features = np.arange(n_features)
    rng = np.array([seed], dtype=np.int64)
    n_total = y_int.shape[0]
    goes_left = np.zeros(n_total, dtype=np.bool_)
    buf = np.empty(n, dtype=samples.dtype)
    ws = (np.empty((n_outputs, n_total), dtype=np.intp), np.empty((n_outputs, n)),
          np.empty(n + 1), np.empty(n + 1), np.empty(n), np.empty(n))
    weighted_n_samples = 0.0
    for k in range(n):
        weighted_n_samples += w[samples[k]]
    # sparse X: every sample's position in ``samples`` (-1: not trained on), the non-zeros
    # and the zeros of a column in a node, marks, its values by sample and its sorted samples
    n_sparse = n_total if order.shape[0] == 0 else 0
    where = np.full(n_sparse, -1, dtype=np.intp)
    if n_sparse > 0:
        for k in range(n):
            where[samples[k]] = k
    sp_work = (where, np.empty(n_sparse, dtype=np.intp), np.empty(n_sparse, dtype=csc[2].dtype),
               np.empty(n_sparse, dtype=np.intp), np.zeros(n_sparse, dtype=np.bool_),
               np.zeros(n_sparse, dtype=csc[2].dtype), np.empty(n_sparse, dtype=np.intp))

    node_count = 0
    max_depth_seen = -1
    if max_leaf_nodes < 0:
        # depth-first: a stack of (start, end, depth, parent, is_left, impurity, n_constants)
        st_start = np.empty(capacity, dtype=np.intp)
        st_end = np.empty(capacity, dtype=np.intp)
        st_depth = np.empty(capacity, dtype=np.intp)
        st_parent = np.empty(capacity, dtype=np.intp)
        st_left = np.empty(capacity, dtype=np.bool_)
        st_imp = np.empty(capacity)
        st_const = np.empty(capacity, dtype=np.intp)
        top = 0
        st_start[0], st_end[0], st_depth[0], st_parent[0] = 0, n, 0, TREE_UNDEFINED
        st_left[0], st_imp[0], st_const[0] = False, np.inf, 0
        top = 1
        first = True
        while top > 0:
            top -= 1
            start, end, depth = st_start[top], st_end[top], st_depth[top]
            parent, is_left, imp, n_const = st_parent[top], st_left[top], st_imp[top], st_const[top]
            node = node_count
            node_count += 1
            weight, sq_sum, node_imp = _node_stats(samples[start:end], y_int, y, w, criterion,
                                                   n_classes, sums, value[node], ws)
            if first:
                imp = node_imp
                first = False
            n_samples = end - start
            is_leaf = (depth >= max_depth or n_samples < min_samples_split
                       or n_samples < 2 * min_samples_leaf or weight < 2 * min_weight_leaf
                       or imp <= EPSILON)
            pos, f, t, m, improvement, imp_l, imp_r = end, -1, 0.0, False, 0.0, 0.0, 0.0
            if not is_leaf:
                pos, f, t, m, improvement, imp_l, imp_r, n_const = _node_split(
                    Xt, order, csc, samples, y_int, y, w, criterion, n_classes, start, end, imp,
                    weight, sums, sq_sum, weighted_n_samples, n_const, features,
                    constant_features, rng, max_features, min_samples_leaf, min_weight_leaf,
                    goes_left, buf, ws, sp_work, random_splits)
                is_leaf = pos >= end or improvement + EPSILON < min_impurity_decrease
            if parent != TREE_UNDEFINED:
                if is_left:
                    left[parent] = node
                else:
                    right[parent] = node
            impurity[node] = imp
            n_node[node] = n_samples
            w_node[node] = weight
            if not is_leaf:
                feat[node] = f
                thresh[node] = t
                missing_left[node] = m
                # push the right child, then the left one (popped first)
                st_start[top], st_end[top], st_depth[top], st_parent[top] = pos, end, depth + 1, node
                st_left[top], st_imp[top], st_const[top] = False, imp_r, n_const
                top += 1
                st_start[top], st_end[top], st_depth[top], st_parent[top] = start, pos, depth + 1, node
                st_left[top], st_imp[top], st_const[top] = True, imp_l, n_const
                top += 1
            if depth > max_depth_seen:
                max_depth_seen = depth
    else:
        # best-first: every node's best split is found when it is added; the frontier
        # expands the node with the largest impurity decrease while leaves remain
        fr_node = np.empty(capacity, dtype=np.intp)
        fr_start = np.empty(capacity, dtype=np.intp)
        fr_end = np.empty(capacity, dtype=np.intp)
        fr_pos = np.empty(capacity, dtype=np.intp)
        fr_depth = np.empty(capacity, dtype=np.intp)
        fr_leaf = np.empty(capacity, dtype=np.bool_)
        fr_imp_l = np.empty(capacity)
        fr_imp_r = np.empty(capacity)
        fr_improvement = np.empty(capacity)
        heap = np.empty(capacity, dtype=np.intp)
        heap_size = 0
        max_split_nodes = max_leaf_nodes - 1
        # records to add: (start, end, depth, parent, is_left, impurity)
        pending = 1
        p_start = np.array([0, 0])
        p_end = np.array([n, 0])
        p_depth = np.array([0, 0])
        p_parent = np.array([TREE_UNDEFINED, TREE_UNDEFINED])
        p_is_left = np.array([False, False])
        p_imp = np.array([np.inf, np.inf])
        first = True
        while True:
            for q in range(pending):
                start, end, depth = p_start[q], p_end[q], p_depth[q]
                node = node_count
                node_count += 1
                weight, sq_sum, node_imp = _node_stats(samples[start:end], y_int, y, w,
                                                       criterion, n_classes, sums, value[node], ws)
                imp = p_imp[q]
                if first:
                    imp = node_imp
                    first = False
                n_samples = end - start
                is_leaf = (depth >= max_depth or n_samples < min_samples_split
                           or n_samples < 2 * min_samples_leaf or weight < 2 * min_weight_leaf
                           or imp <= EPSILON)
                pos, f, t, m, improvement, imp_l, imp_r = end, -1, 0.0, False, 0.0, imp, imp
                if not is_leaf:
                    pos, f, t, m, improvement, imp_l, imp_r, _ = _node_split(
                        Xt, order, csc, samples, y_int, y, w, criterion, n_classes, start, end,
                        imp, weight, sums, sq_sum, weighted_n_samples, 0, features,
                        constant_features, rng, max_features, min_samples_leaf, min_weight_leaf,
                        goes_left, buf, ws, sp_work, random_splits)
                    is_leaf = pos >= end or improvement + EPSILON < min_impurity_decrease
                if p_parent[q] != TREE_UNDEFINED:
                    if p_is_left[q]:
                        left[p_parent[q]] = node
                    else:
                        right[p_parent[q]] = node
                impurity[node] = imp
                n_node[node] = n_samples
                w_node[node] = weight
                if not is_leaf:
                    feat[node] = f
                    thresh[node] = t
                    missing_left[node] = m
                else:
                    pos = end
                    imp_l = imp
                    imp_r = imp
                    improvement = 0.0
                fr_node[node], fr_start[node], fr_end[node], fr_pos[node] = node, start, end, pos
                fr_depth[node], fr_leaf[node] = depth, is_leaf
                fr_imp_l[node], fr_imp_r[node], fr_improvement[node] = imp_l, imp_r, improvement
                heap[heap_size] = node
                heap_size = _heap_push(heap, heap_size, fr_improvement)
            pending = 0
            if heap_size == 0:
                break
            rec = _heap_pop(heap, heap_size, fr_improvement)
            heap_size -= 1
            node = fr_node[rec]
            if fr_leaf[rec] or max_split_nodes <= 0:
                left[node] = TREE_LEAF
                right[node] = TREE_LEAF
                feat[node] = TREE_UNDEFINED
                thresh[node] = TREE_UNDEFINED
            else:
                max_split_nodes -= 1
                p_start[0], p_end[0], p_depth[0] = fr_start[rec], fr_pos[rec], fr_depth[rec] + 1
                p_parent[0], p_is_left[0], p_imp[0] = node, True, fr_imp_l[rec]
                p_start[1], p_end[1], p_depth[1] = fr_pos[rec], fr_end[rec], fr_depth[rec] + 1
                p_parent[1], p_is_left[1], p_imp[1] = node, False, fr_imp_r[rec]
                pending = 2
            if fr_depth[rec] > max_depth_seen:
                max_depth_seen = fr_depth[rec]

    return (left[:node_count].copy(), right[:node_count].copy(), feat[:node_count].copy(),
            thresh[:node_count].copy(), value[:node_count].copy(), impurity[:node_count].copy(),
            n_node[:node_count].copy(), w_node[:node_count].copy(), max_depth_seen,
            missing_left[:node_count].copy())


@njit(cache=True)
def prune_path(left, right, parent, weighted_n, impurity, ccp_alpha, full_path):
    """Minimal cost-complexity pruning (Breiman et al.): repeatedly collapse the internal
    node with the smallest effective alpha ``g(t) = (R(t) - R(T_t)) / (|leaves(T_t)| - 1)``,
    where ``R(t) = N_t / N * impurity(t)``. Stops when that alpha exceeds ``ccp_alpha``
    (unless ``full_path``). Returns ``(in_subtree, is_leaf, alphas, impurities)``: the nodes
    kept, which of them are leaves, and the path of effective alphas and total leaf impurities.
    """
    n_nodes = left.shape[0]
    r_node = weighted_n * impurity / weighted_n[0]
    r_branch = np.zeros(n_nodes)
    n_leaves = np.zeros(n_nodes, dtype=np.intp)
    is_leaf = left == TREE_LEAF
    in_subtree = np.ones(n_nodes, dtype=np.bool_)
    for i in range(n_nodes):
        if is_leaf[i]:
            r_branch[i] = r_node[i]
            n_leaves[i] = 1
            j = parent[i]
            while j != -1:
                r_branch[j] += r_node[i]
                n_leaves[j] += 1
                j = parent[j]
    alphas = np.empty(n_nodes + 1)
    impurities = np.empty(n_nodes + 1)
    alphas[0] = 0.0
    impurities[0] = r_branch[0]
    count = 1
    while not is_leaf[0]:
        best = np.inf
        best_i = -1
        for i in range(n_nodes):
            if in_subtree[i] and not is_leaf[i]:
                g = (r_node[i] - r_branch[i]) / (n_leaves[i] - 1)
                if g < best:
                    best = g
                    best_i = i
        if not full_path and best > ccp_alpha:
            break
        # collapse best_i: its descendants leave the subtree
        stack = [left[best_i], right[best_i]]
        while len(stack) > 0:
            k = stack.pop()
            in_subtree[k] = False
            if left[k] != TREE_LEAF:
                stack.append(left[k])
                stack.append(right[k])
        is_leaf[best_i] = True
        n_pruned = n_leaves[best_i] - 1
        r_diff = r_node[best_i] - r_branch[best_i]
        n_leaves[best_i] = 1
        r_branch[best_i] = r_node[best_i]
        j = parent[best_i]
        while j != -1:
            n_leaves[j] -= n_pruned
            r_branch[j] += r_diff
            j = parent[j]
        alphas[count] = best
        impurities[count] = r_branch[0]
        count += 1
    return in_subtree, is_leaf, alphas[:count].copy(), impurities[:count].copy()
