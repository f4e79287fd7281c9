"""The per-sample SGD loop of the ``SGD*`` estimators and the perceptron, compiled by numba.

For the sample ``(x, y)`` with score ``p = w.x + b`` and learning rate ``eta`` the step is,
as in scikit-learn's ``_plain_sgd``::

    u  = -eta * dL/dp(y, p) * class_weight * sample_weight      (dL/dp clipped to +-1e12)
    w <- max(0, 1 - (1 - l1_ratio) eta alpha) * w               (L2 part: weight decay)
    w <- w + u * x
    b <- b + u * intercept_decay                                 (b is not penalised)
    w <- truncate(w, cumulated l1_ratio eta alpha)              (L1 part: Tsuruoka et al.)

which is SGD on ``(1/n) sum_i L(y_i, w.x_i + b) + alpha R(w)`` with the elastic-net
``R(w) = (1 - l1_ratio) ||w||^2 / 2 + l1_ratio ||w||_1``. ``w`` is stored as
``wscale * w_data`` so that the decay costs O(1); the averaged weights of ASGD are kept as
``(aw + average_a * w_data) / average_b`` for the same reason (Xu, 2011).

A row of ``X`` is a slice ``data[lo:hi]`` with its feature indices: the CSR arrays of a
sparse matrix, or the raveled dense matrix whose rows hold every feature (``indices`` is
None and numba compiles the dense loops without the index lookup), so dense and sparse
input run the same loop without a copy of ``X``. The samples are visited in the order of scikit-learn's own shuffle (a
Fisher-Yates pass driven by its xorshift generator ``our_rand_r`` from the same seed), so
the iterates are scikit-learn's for the same ``random_state``.
"""

from __future__ import annotations

import numba
import numpy as np

from ..utils._sparse import issparse

(HINGE, LOG_LOSS, MODIFIED_HUBER, SQUARED_HINGE, SQUARED_ERROR, HUBER,
 EPSILON_INSENSITIVE, SQUARED_EPSILON_INSENSITIVE) = range(8)
# loss name -> (code, parameter): the hinge threshold (0 for the perceptron) or epsilon.
LOSS_CODES = {
    "hinge": (HINGE, 1.0), "perceptron": (HINGE, 0.0), "squared_hinge": (SQUARED_HINGE, 1.0),
    "log_loss": (LOG_LOSS, 0.0), "modified_huber": (MODIFIED_HUBER, 0.0),
    "squared_error": (SQUARED_ERROR, 0.0), "huber": (HUBER, None),
    "epsilon_insensitive": (EPSILON_INSENSITIVE, None),
    "squared_epsilon_insensitive": (SQUARED_EPSILON_INSENSITIVE, None),
}
NO_PENALTY, L1, L2, ELASTICNET = 0, 1, 2, 3
PENALTY_CODES = {None: NO_PENALTY, "l1": L1, "l2": L2, "elasticnet": ELASTICNET}
CONSTANT, OPTIMAL, INVSCALING, ADAPTIVE, PA1, PA2 = 1, 2, 3, 4, 5, 6
SCHEDULE_CODES = {"constant": CONSTANT, "optimal": OPTIMAL, "invscaling": INVSCALING,
                  "adaptive": ADAPTIVE, "pa1": PA1, "pa2": PA2}
_MAX_DLOSS = 1e12
# The loop's state between epochs (one float64 array).
WSCALE, SQ_NORM, L1_NORM, AVG_A, AVG_B, T, U, INTERCEPT, AVG_INTERCEPT, ETA = range(10)


@numba.njit(cache=True)
def loss_value(loss, param, y, p):
    """``L(y, p)``; classification losses take ``y`` in {-1, +1} (log loss: {0, 1})."""
    if loss == HINGE:  # max(0, threshold - y p)
        z = p * y
        return param - z if z <= param else 0.0
    if loss == LOG_LOSS:  # log(1 + e^p) - y p, evaluated as scikit-learn's log1pexp
        if p <= -37.0:
            lpe = np.exp(p)
        elif p <= -2.0:
            lpe = np.log1p(np.exp(p))
        elif p <= 18.0:
            lpe = np.log(1.0 + np.exp(p))
        elif p <= 33.3:
            lpe = p + np.exp(-p)
        else:
            lpe = p
        return lpe - y * p
    if loss == MODIFIED_HUBER:
        z = p * y
        if z >= 1.0:
            return 0.0
        return (1.0 - z) * (1.0 - z) if z >= -1.0 else -4.0 * z
    if loss == SQUARED_HINGE:
        z = param - p * y
        return z * z if z > 0.0 else 0.0
    if loss == SQUARED_ERROR:
        return 0.5 * (p - y) * (p - y)
    if loss == HUBER:
        r = abs(y - p)
        return 0.5 * r * r if r <= param else param * (r - 0.5 * param)
    r = abs(y - p) - param
    if loss == EPSILON_INSENSITIVE:
        return r if r > 0.0 else 0.0
    return r * r if r > 0.0 else 0.0  # SQUARED_EPSILON_INSENSITIVE


@numba.njit(cache=True)
def loss_derivative(loss, param, y, p):
    """``dL/dp(y, p)``, the formulas of scikit-learn's loss classes."""
    if loss == HINGE:
        return -y if p * y <= param else 0.0
    if loss == LOG_LOSS:  # sigmoid(p) - y
        if p > -37.0:
            e = np.exp(-p)
            return ((1.0 - y) - y * e) / (1.0 + e)
        return np.exp(p) - y
    if loss == MODIFIED_HUBER:
        z = p * y
        if z >= 1.0:
            return 0.0
        return 2.0 * (1.0 - z) * -y if z >= -1.0 else -4.0 * y
    if loss == SQUARED_HINGE:
        z = param - p * y
        return -2.0 * y * z if z > 0.0 else 0.0
    if loss == SQUARED_ERROR:
        return p - y
    if loss == HUBER:
        r = p - y
        if abs(r) <= param:
            return r
        return param if r >= 0.0 else -param
    if loss == EPSILON_INSENSITIVE:
        if y - p > param:
            return -1.0
        return 1.0 if p - y > param else 0.0
    z = y - p  # SQUARED_EPSILON_INSENSITIVE
    if z > param:
        return -2.0 * (z - param)
    return 2.0 * (-z - param) if z < -param else 0.0


@numba.njit(cache=True)
def our_rand_r(s):
    """scikit-learn's 32-bit xorshift generator: ``(new state, number in [0, 2^31))``."""
    if s == 0:
        s = 1
    s ^= (s << 13) & 0xFFFFFFFF
    s ^= s >> 17
    s ^= (s << 5) & 0xFFFFFFFF
    return s, s % 2147483648


@numba.njit(cache=True)
def sklearn_shuffle(order, seed):
    """Fisher-Yates shuffle of ``order`` in place, by scikit-learn's xorshift ``our_rand_r``."""
    s = seed
    n = order.shape[0]
    for i in range(n - 1):
        s, r = our_rand_r(s)
        j = i + r % (n - i)
        order[i], order[j] = order[j], order[i]


@numba.njit(cache=True)
def _reset_wscale(w, aw, wscale, avg_a, avg_b):
    """Fold the lazy scale (and the lazy average) into the stored weights; returns the
    reset ``(wscale, avg_a, avg_b) = (1, 0, 1)``."""
    if aw.shape[0] > 0:
        aw += avg_a * w
        aw *= 1.0 / avg_b
    w *= wscale
    return 1.0, 0.0, 1.0


@numba.njit(cache=True)
def _feature(row_indices, m):
    """The feature of a row's ``m``-th stored value: ``m`` itself for a dense row
    (``row_indices`` is None, and numba compiles the dense loops without the lookup)."""
    return m if row_indices is None else row_indices[m]


@numba.njit(cache=True)
def _norms_over_row(w, row_indices, nnz, wscale):
    """``(||w||^2, ||w||_1)`` summed over the features of a row (all of them for a dense
    row), as scikit-learn's ``WeightVector.add`` recomputes them after each step."""
    sq, l1 = 0.0, 0.0
    for m in range(nnz):
        w_k = w[_feature(row_indices, m)]
        sq += w_k * w_k
        l1 += abs(w_k)
    return sq * wscale * wscale, l1 * wscale


@numba.njit(cache=True)
def sgd_epoch(w, aw, state, q, data, indices, indptr, y, sample_weight, order,
              validation_mask, loss, param, penalty, alpha, l1_ratio, schedule, eta0, power_t,
              optimal_init, fit_intercept, intercept_decay, average, weight_pos, weight_neg,
              with_objective, min_wscale):
    """One pass over the samples in ``order`` (see the module docstring for the step).

    Sample ``i`` is the row ``x = data[indptr[i]:indptr[i + 1]]`` with the features
    ``indices[indptr[i]:indptr[i + 1]]`` (CSR), or all features when ``indices`` is None
    (dense). Returns the summed training objective (loss plus penalty at each visited
    sample) when ``with_objective`` (the stopping rule reads it), else 0.
    """
    wscale, sq_norm, l1_norm = state[WSCALE], state[SQ_NORM], state[L1_NORM]
    avg_a, avg_b, t, u = state[AVG_A], state[AVG_B], state[T], state[U]
    intercept, avg_intercept, eta = state[INTERCEPT], state[AVG_INTERCEPT], state[ETA]
    objective = 0.0
    for i in order:
        if validation_mask[i]:
            continue
        x = data[indptr[i]:indptr[i + 1]]
        x_features = None if indices is None else indices[indptr[i]:indptr[i + 1]]
        p = 0.0
        for m in range(x.shape[0]):
            p += w[_feature(x_features, m)] * x[m]
        p = p * wscale + intercept
        if schedule == OPTIMAL:
            eta = 1.0 / (alpha * (optimal_init + t - 1.0))
        elif schedule == INVSCALING:
            eta = eta0 / t**power_t
        if with_objective:
            objective += loss_value(loss, param, y[i], p)
            if penalty != NO_PENALTY and schedule != PA1 and schedule != PA2:
                objective += alpha * ((1.0 - l1_ratio) * 0.5 * sq_norm + l1_ratio * l1_norm)
        class_weight = weight_pos if y[i] > 0.0 else weight_neg
        if schedule == PA1 or schedule == PA2:
            sq = 0.0
            for m in range(x.shape[0]):
                sq += x[m] * x[m]
            if schedule == PA1:
                if sq == 0.0:
                    continue
                update = min(eta0, loss_value(loss, param, y[i], p) / sq)
            else:
                update = loss_value(loss, param, y[i], p) / (sq + 0.5 / eta0)
            if loss == HINGE:
                update *= y[i]
            elif y[i] - p < 0.0:
                update *= -1.0
        else:
            dloss = min(max(loss_derivative(loss, param, y[i], p), -_MAX_DLOSS), _MAX_DLOSS)
            update = -eta * dloss
        update *= class_weight * sample_weight[i]
        if penalty >= L2:  # weight decay of the L2 part
            c = max(0.0, 1.0 - (1.0 - l1_ratio) * eta * alpha)
            wscale *= c
            sq_norm *= c * c
            l1_norm *= abs(c)
            if wscale < min_wscale:
                wscale, avg_a, avg_b = _reset_wscale(w, aw, wscale, avg_a, avg_b)
        if update != 0.0:
            for m in range(x.shape[0]):
                w[_feature(x_features, m)] += x[m] * (update / wscale)
            if with_objective:  # the penalty's norms, as scikit-learn keeps them
                sq_norm, l1_norm = _norms_over_row(w, x_features, x.shape[0], wscale)
        if fit_intercept and update != 0.0:
            intercept += update * intercept_decay
        if 0 < average <= t:  # ASGD: the running mean of the iterates
            n_avg = t - average + 1.0
            mu = 1.0 / n_avg
            for m in range(x.shape[0]):
                aw[_feature(x_features, m)] += avg_a * x[m] * (-update / wscale)
            if n_avg > 1.0:
                avg_b /= 1.0 - mu
            avg_a += mu * avg_b * wscale
            avg_intercept += (intercept - avg_intercept) / n_avg
        if penalty == L1 or penalty == ELASTICNET:  # truncate towards 0, at most to 0
            u += l1_ratio * eta * alpha
            for m in range(x.shape[0]):
                k = _feature(x_features, m)
                z = w[k]
                if wscale * z > 0.0:
                    w[k] = max(0.0, w[k] - (u + q[k]) / wscale)
                elif wscale * z < 0.0:
                    w[k] = min(0.0, w[k] + (u - q[k]) / wscale)
                q[k] += wscale * (w[k] - z)
        t += 1.0
    state[WSCALE], state[SQ_NORM], state[L1_NORM] = wscale, sq_norm, l1_norm
    state[AVG_A], state[AVG_B], state[T], state[U] = avg_a, avg_b, t, u
    state[INTERCEPT], state[AVG_INTERCEPT], state[ETA] = intercept, avg_intercept, eta
    return objective


def row_arrays(X):
    """``(data, indices, indptr)`` of the rows of a CSR matrix or a dense array (raveled,
    with ``indices`` None: a dense row holds every feature)."""
    if issparse(X):
        X = X.tocsr()
        return X.data, X.indices, X.indptr
    n, d = X.shape
    return (np.ascontiguousarray(X).reshape(-1), None,
            np.arange(0, n * d + 1, max(d, 1), dtype=np.intp)[:n + 1])


def plain_sgd(coef, intercept, average_coef, average_intercept, X, y, sample_weight, *,
              loss, penalty, alpha, l1_ratio, validation_mask, score_cb, n_iter_no_change,
              max_iter, tol, fit_intercept, shuffle, seed, weight_pos, weight_neg,
              learning_rate, eta0, power_t, t, intercept_decay, average):
    """Epochs of :func:`sgd_epoch` with scikit-learn's stopping rule; ``coef`` (and
    ``average_coef``, when averaging) are updated in place.

    Stops when ``n_iter_no_change`` epochs in a row fail to improve on the best one by
    ``tol``: the training objective (``score_cb is None``) or the validation score
    ``score_cb(coef, intercept)``; "adaptive" divides ``eta`` by 5 instead, until it is
    below 1e-6. Returns ``(intercept, average_intercept, n_epochs)``.
    """
    data, indices, indptr = row_arrays(X)
    loss_code, param = loss
    n = y.shape[0]
    state = np.zeros(10)
    state[[WSCALE, AVG_B, T, INTERCEPT, AVG_INTERCEPT, ETA]] = (
        1.0, 1.0, t, intercept, average_intercept, eta0)
    state[SQ_NORM] = float(np.dot(coef, coef))
    state[L1_NORM] = float(np.abs(coef).sum())
    aw = average_coef if average_coef is not None else np.zeros(0, dtype=coef.dtype)
    q = np.zeros_like(coef)
    optimal_init = 0.0
    if learning_rate == OPTIMAL:  # Bottou's heuristic for the first rate
        typw = np.sqrt(1.0 / np.sqrt(alpha))
        initial_eta0 = typw / max(1.0, loss_derivative(loss_code, param, 1.0, -typw))
        optimal_init = 1.0 / (initial_eta0 * alpha)
    l1_ratio = {L2: 0.0, L1: 1.0}.get(penalty, l1_ratio)
    order = np.arange(n, dtype=np.intp)
    train_count = n - int(validation_mask.sum())
    tol = -np.inf if tol is None else tol
    best, stalled, epoch = np.inf, 0, 0
    min_wscale = 1e-6 if coef.dtype == np.float32 else 1e-9
    for epoch in range(1, max_iter + 1):  # noqa: B007 (epoch is returned)
        if shuffle:
            sklearn_shuffle(order, seed)
        objective = sgd_epoch(
            coef, aw, state, q, data, indices, indptr, y, sample_weight, order,
            validation_mask, loss_code, param, penalty, alpha, l1_ratio, learning_rate,
            eta0, power_t, optimal_init, fit_intercept, intercept_decay, average,
            weight_pos, weight_neg, score_cb is None and tol > -np.inf, min_wscale)
        if not (np.isfinite(state[INTERCEPT]) and np.all(np.isfinite(coef))):
            raise ValueError(
                f"Floating-point under-/overflow occurred at epoch #{epoch}. Scaling "
                "input data with StandardScaler or MinMaxScaler might help.")
        if score_cb is not None:  # maximise the validation score
            # of the stored weights without their lazy scale, exactly as scikit-learn does
            value = -score_cb(coef, state[INTERCEPT])
        else:
            value = objective / train_count
        stalled = stalled + 1 if value > best - tol else 0
        best = min(best, value)
        if stalled >= n_iter_no_change:
            if learning_rate == ADAPTIVE and state[ETA] > 1e-6:
                state[ETA] /= 5.0
                stalled = 0
            else:
                break
    state[WSCALE], state[AVG_A], state[AVG_B] = _reset_wscale(
        coef, aw, state[WSCALE], state[AVG_A], state[AVG_B])
    return state[INTERCEPT], state[AVG_INTERCEPT], epoch
