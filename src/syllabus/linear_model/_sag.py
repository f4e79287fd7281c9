"""Stochastic average gradient (SAG) and SAGA: Ridge's and LogisticRegression's "sag" / "saga".

The objective, for the squared loss (Ridge), the binary log-loss or the multinomial log-loss
``l``, with ``k`` outputs per sample (one, or one per class), is::

    (1/n) sum_i s_i l(y_i, W^T x_i + b)  +  (alpha / 2n) ||W||^2  +  (beta / n) ||W||_1

Both methods keep, for every sample, the last gradient ``g_i = s_i dl/dz`` seen for it
(``k`` numbers: the gradient with respect to ``W`` is ``x_i g_i^T``) and the running sum
``S = sum_i x_i g_i^T`` over the ``m`` samples seen so far. A step draws a sample ``i``,
computes its new gradient ``g`` and, with the step size ``eta``::

    SAG:   S <- S + x_i (g - g_i)^T;   W <- (1 - eta alpha/n) W - eta S / m
    SAGA:  W <- (1 - eta alpha/n) W - eta x_i (g - g_i)^T (1 - 1/m);  then as SAG;
           then W <- soft_threshold(W, eta beta / n)          (the L1 part, by its prox)

(the SAGA step ``eta (x_i (g - g_i)^T + S_old / m)`` written with the new sum). ``g_i <- g``.
The intercept has its own sum ``sum_i g_i`` and the same steps, times ``intercept_decay``
(scikit-learn's 0.01 for sparse data). Unlike plain SGD the variance of the step vanishes at
the optimum, so a constant step converges (linearly when the problem is strongly convex).

This is scikit-learn's ``sag_fast`` algorithm step for step, so that the iterates are
scikit-learn's: the same samples (its xorshift generator ``our_rand_r``, seeded by
``randint(1, 2**31 - 1)`` from ``random_state``), the same step size (``1 / L`` for SAG,
``1 / (2L + min(2 alpha, L))`` for SAGA, ``L`` the largest per-sample Lipschitz constant),
the same stopping rule (at the end of an epoch, ``max |W - W_prev| <= tol max |W|``) and the
same bookkeeping, which keeps a step at the cost of the row's non-zeros:

* ``W = wscale * V``: the decay multiplies the scalar ``wscale`` only;
* just-in-time updates: the ``- eta S / m`` step (and the soft-threshold) of a feature is
  postponed until a drawn row touches it. ``cum[t] = sum_{s<t} eta / (wscale_s m_s)``
  records the summed step sizes, so a feature last brought up to date before step ``t0``
  moves by ``-(cum[t] - cum[t0]) S_j`` (``S_j`` is constant meanwhile: only rows touching
  ``j`` change it). With an L1 part the postponed steps are replayed one by one (or at
  once when the threshold dominates, when both agree). Every feature is brought up to date
  at the end of each epoch (and whenever ``wscale`` falls below 1e-9), so the stopping rule
  reads the true ``W``.
"""

from __future__ import annotations

import warnings
from typing import Any, NamedTuple

import numba
import numpy as np

from ..base import ConvergenceWarning
from ..utils import check_random_state
from ..utils._sparse import issparse
from ._sgd_loop import LOG_LOSS, SQUARED_ERROR, _feature, loss_derivative, our_rand_r, row_arrays

SQUARED, LOG, MULTINOMIAL = 0, 1, 2
LOSS_CODES = {"squared": SQUARED, "log": LOG, "multinomial": MULTINOMIAL}
# scikit-learn's damping of the intercept's steps for sparse data (SPARSE_INTERCEPT_DECAY).
SPARSE_INTERCEPT_DECAY = 0.01


class SagMemory(NamedTuple):
    """What a warm start carries over (scikit-learn's ``warm_start_mem`` without the coef):
    the last gradient of each sample (n, k), their sums ``S`` (d, k) and for the intercept (k,),
    which samples were seen and how many."""

    gradient_memory: np.ndarray
    sum_gradient: np.ndarray
    intercept_sum_gradient: np.ndarray
    seen: np.ndarray
    num_seen: int


@numba.njit(cache=True)
def _gradient(loss, y, z, sample_weight, g):
    """``g = s dl/dz`` at the outputs ``z`` (k of them), scikit-learn's loss formulas."""
    if loss == MULTINOMIAL:  # softmax(z) - onehot(y), the max subtracted before exp
        top = z[0]
        for c in range(1, z.shape[0]):
            top = max(top, z[c])
        total = 0.0
        for c in range(z.shape[0]):
            g[c] = np.exp(z[c] - top)
            total += g[c]
        for c in range(z.shape[0]):
            g[c] = (g[c] / total - (1.0 if y == c else 0.0)) * sample_weight
    else:  # sigmoid(z) - y, or z - y
        code = LOG_LOSS if loss == LOG else SQUARED_ERROR
        g[0] = loss_derivative(code, 0.0, y, z[0]) * sample_weight


@numba.njit(cache=True)
def _soft_threshold(v, a):
    return max(v - a, 0.0) - max(-v - a, 0.0)


@numba.njit(cache=True)
def _catch_up(V, wscale, row_features, nnz, t, cum, cum_prox, last, prox, S, reset):
    """Apply the postponed steps ``0 .. t - 1`` of the epoch to the ``nnz`` features of a row
    (``row_features`` None: features ``0 .. nnz - 1``); ``cum[t]`` sums the step sizes of
    steps ``0 .. t - 1``. ``reset`` (end of epoch, or a tiny ``wscale``) also folds
    ``wscale`` into ``V`` and restarts the bookkeeping. Returns False when a weight is no
    longer finite."""
    for m in range(nnz):
        j = _feature(row_features, m)
        since = last[j]
        step = cum[t] - cum[since]
        if not prox:
            for c in range(V.shape[1]):
                V[j, c] -= step * S[j, c]
        else:
            step_prox = cum_prox[t] - cum_prox[since]
            for c in range(V.shape[1]):
                if abs(S[j, c] * step) < step_prox:  # the threshold wins: all steps at once
                    V[j, c] = _soft_threshold(V[j, c] - step * S[j, c], step_prox)
                else:  # replay each postponed gradient step and its threshold
                    for s in range(t, since, -1):
                        V[j, c] = _soft_threshold(V[j, c] - S[j, c] * (cum[s] - cum[s - 1]),
                                                  cum_prox[s] - cum_prox[s - 1])
        if reset:
            for c in range(V.shape[1]):
                V[j, c] *= wscale
                if not np.isfinite(V[j, c]):
                    return False
            last[j] = t % (cum.shape[0] - 1)
        else:
            last[j] = t
    if reset:
        cum[t] = 0.0
        cum_prox[t] = 0.0
    return True


@numba.njit(cache=True)
def sag_epochs(V, b, data, indices, indptr, y, sample_weight, loss, step, alpha, beta, saga,
               fit_intercept, intercept_decay, memory, S, intercept_S, seen, num_seen, seed,
               tol, max_iter):
    """Epochs of SAG / SAGA (see the module docstring) until the stopping rule or
    ``max_iter``; ``V`` (d, k), ``b`` and the memory are updated in place. ``alpha`` and
    ``beta`` are already divided by ``n``. Returns ``(num_seen, n_epochs, finite)``."""
    n, d = indptr.shape[0] - 1, V.shape[0]
    prox = saga and beta > 0.0
    cum = np.zeros(n + 1)  # cum[t]: the summed step sizes of the epoch's steps 0 .. t - 1
    cum_prox = np.zeros(n + 1)
    last = np.zeros(d, dtype=np.int64)
    previous = np.zeros_like(V)
    z = np.zeros(V.shape[1])
    g = np.zeros(V.shape[1])
    wscale = 1.0
    decay = 1.0 - step * alpha
    epoch = 0
    for epoch in range(max_iter):
        for t in range(n):
            seed, r = our_rand_r(seed)
            i = r % n
            if not seen[i]:
                seen[i] = True
                num_seen += 1
            x = data[indptr[i]:indptr[i + 1]]
            x_features = None if indices is None else indices[indptr[i]:indptr[i + 1]]
            if t > 0:  # bring the row's features up to date
                _catch_up(V, wscale, x_features, x.shape[0], t, cum, cum_prox, last, prox, S,
                          False)
            for c in range(V.shape[1]):  # z = W^T x + b
                dot = 0.0
                for m in range(x.shape[0]):
                    dot += V[_feature(x_features, m), c] * x[m]
                z[c] = wscale * dot + b[c]
            _gradient(loss, y[i], z, sample_weight[i], g)
            wscale *= decay  # the L2 part
            for m in range(x.shape[0]):  # S += x (g - g_i)^T; SAGA's correction step
                j = _feature(x_features, m)
                for c in range(V.shape[1]):
                    change = x[m] * (g[c] - memory[i, c])
                    if saga:
                        V[j, c] -= change * step * (1.0 - 1.0 / num_seen) / wscale
                    S[j, c] += change
            if fit_intercept:
                for c in range(V.shape[1]):
                    change = g[c] - memory[i, c]
                    intercept_S[c] += change
                    update = step * intercept_S[c] / num_seen * intercept_decay
                    if saga:
                        update += change * (step * (1.0 - 1.0 / num_seen))
                    b[c] -= update
                    if not np.isfinite(b[c]):
                        return num_seen, epoch + 1, False
            for c in range(V.shape[1]):
                memory[i, c] = g[c]
            cum[t + 1] = cum[t] + step / (wscale * num_seen)
            if prox:
                cum_prox[t + 1] = cum_prox[t] + step * beta / wscale
            if wscale < 1e-9:  # fold the scale into V before it underflows
                if not _catch_up(V, wscale, None, d, t + 1, cum, cum_prox, last, prox, S, True):
                    return num_seen, epoch + 1, False
                wscale = 1.0
        if not _catch_up(V, wscale, None, d, n, cum, cum_prox, last, prox, S, True):
            return num_seen, epoch + 1, False
        wscale = 1.0
        largest, change = 0.0, 0.0
        for j in range(d):
            for c in range(V.shape[1]):
                largest = max(largest, abs(V[j, c]))
                change = max(change, abs(V[j, c] - previous[j, c]))
                previous[j, c] = V[j, c]
        if (largest != 0.0 and change / largest <= tol) or (largest == 0.0 and change == 0.0):
            break
    return num_seen, epoch + 1, True


def max_squared_row_norm(X: Any) -> float:
    """``max_i ||x_i||^2``, the data part of the per-sample Lipschitz constant."""
    if issparse(X):
        X = X.tocsr()
        return float(np.max(np.asarray(X.multiply(X).sum(axis=1)), initial=0.0))
    return float(np.max(np.einsum("ij,ij->i", X, X), initial=0.0))


def step_size(max_squared_sum: float, alpha_scaled: float, loss: str, fit_intercept: bool,
              n_samples: int, saga: bool) -> float:
    """scikit-learn's automatic step: ``1 / L`` (SAG) or ``1 / (2 L + min(2 n alpha, L))``
    (SAGA) with ``L = c (max_i ||x_i||^2 + fit_intercept) + alpha`` the largest per-sample
    Lipschitz constant (``c = 1/4`` for the log-losses, 1 for the squared loss)."""
    curvature = 1.0 if loss == "squared" else 0.25
    L = curvature * (max_squared_sum + int(fit_intercept)) + alpha_scaled
    if saga:
        return 1.0 / (2 * L + min(2 * n_samples * alpha_scaled, L))
    return 1.0 / L


def sag_solver(X: Any, y: np.ndarray, sample_weight: np.ndarray | None, *, loss: str,
               alpha: float, beta: float, max_iter: int, tol: float, random_state: Any,
               saga: bool, coef: np.ndarray, fit_intercept: bool,
               memory: SagMemory | None = None, max_squared_sum: float | None = None
               ) -> tuple[np.ndarray, int, SagMemory]:
    """Minimise the module's objective from ``coef`` by SAG or SAGA, as scikit-learn's
    ``sag_solver``.

    ``X`` is dense or CSR float64, ``y`` float64 (class indices for "multinomial", {0, 1}
    for "log"), ``coef`` of shape (n_features + fit_intercept, k) with the intercept in the
    last row; ``memory`` continues a previous run (LogisticRegressionCV's path). Returns the
    new ``coef``, the epochs run and the memory. Non-finite weights raise a ValueError; the
    end of ``max_iter`` gives a ConvergenceWarning.
    """
    n, d = X.shape
    k = coef.shape[1]
    seed = int(check_random_state(random_state).randint(1, np.iinfo(np.int32).max))
    sample_weight = np.ones(n) if sample_weight is None else np.asarray(sample_weight, np.float64)
    if memory is None:
        memory = SagMemory(np.zeros((n, k)), np.zeros((d, k)), np.zeros(k),
                           np.zeros(n, dtype=np.bool_), 0)
    if max_squared_sum is None:
        max_squared_sum = max_squared_row_norm(X)
    alpha_scaled, beta_scaled = alpha / n, beta / n
    eta = step_size(max_squared_sum, alpha_scaled, loss, fit_intercept, n, saga)
    if eta * alpha_scaled == 1:
        raise ZeroDivisionError("Current sag implementation does not handle the case "
                                "step_size * alpha_scaled == 1")
    V = np.array(coef[:d], dtype=np.float64, order="C")  # a fresh C array (one compiled layout)
    b = (np.array(coef[d], dtype=np.float64) if fit_intercept else np.zeros(k))
    data, indices, indptr = row_arrays(X)
    decay = SPARSE_INTERCEPT_DECAY if issparse(X) else 1.0
    num_seen, n_iter, finite = sag_epochs(
        V, b, data, indices, indptr, np.asarray(y, dtype=np.float64), sample_weight,
        LOSS_CODES[loss], eta, alpha_scaled, beta_scaled, saga, fit_intercept, decay,
        memory.gradient_memory, memory.sum_gradient, memory.intercept_sum_gradient,
        memory.seen, memory.num_seen, seed, tol, max_iter)
    if not finite:
        raise ValueError(f"Floating-point under-/overflow occurred at epoch #{n_iter}. "
                         "Scaling input data with StandardScaler or MinMaxScaler might help.")
    if n_iter == max_iter:
        warnings.warn(ConvergenceWarning(
            "The max_iter was reached which means the coef_ did not converge"), stacklevel=3)
    out = np.vstack([V, b[None, :]]) if fit_intercept else V
    return out, n_iter, memory._replace(num_seen=int(num_seen))
