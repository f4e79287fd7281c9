"""The penalised log-loss and squared loss with their derivatives.

All functions are vectorised over samples; a logit of any size gives a finite result. The stable
logistic / softmax pieces live in ``syllabus.utils._special`` (re-exported here for svm).
"""

from __future__ import annotations

import numpy as np

from ..utils._sparse import append_constant_column, safe_sparse_dot, scale_rows
from ..utils._special import expit as expit
from ..utils._special import log1pexp_and_expit as log1pexp_and_expit
from ..utils._special import log_softmax_parts as log_softmax_parts
from ..utils._special import softmax as softmax


class LogisticLoss:
    """Penalised mean log-loss of a (multinomial) logistic model, its gradient and Hessian.

    ``F(w) = (1 / S) sum_i s_i l_i(w) + (l2 / 2) ||W||^2`` with ``S = sum_i s_i``; the
    intercept is not penalised. With ``l2 = 1 / (C S)`` this is scikit-learn's objective.
    Binary: one weight vector, ``l_i = log(1 + e^{z_i}) - y_i z_i``. Multinomial: one row per
    class, ``l_i = logsumexp(z_i) - z_{i, y_i}``. Parameters travel flattened: ``W`` of shape
    (n_classes or 1, n_features [+ 1]), the intercept in the last column.
    """

    def __init__(self, X: np.ndarray, y_idx: np.ndarray, n_classes: int, *,
                 sample_weight: np.ndarray | None, l2: float, fit_intercept: bool) -> None:
        self.X = X
        self.n, self.d = X.shape
        self.binary = n_classes == 2
        self.k = 1 if self.binary else n_classes
        self.fit_intercept = fit_intercept
        self.l2 = l2
        self.sw = sample_weight
        self.S = float(self.n if sample_weight is None else sample_weight.sum())
        if self.binary:
            self.y = y_idx.astype(np.float64)
        else:
            self.Y = np.zeros((self.n, self.k))
            self.Y[np.arange(self.n), y_idx] = 1.0
            self.y_idx = y_idx
        self.width = self.d + int(fit_intercept)

    def unpack(self, w: np.ndarray) -> tuple[np.ndarray, np.ndarray | float]:
        """``coef`` of shape (k, d) and ``intercept`` of shape (k,) (0.0 without intercept)."""
        W = w.reshape(self.k, self.width)
        return W[:, : self.d], (W[:, self.d] if self.fit_intercept else 0.0)

    def _logits(self, w: np.ndarray, X: np.ndarray) -> np.ndarray:
        coef, intercept = self.unpack(w)
        if self.binary:
            return X @ coef[0] + (intercept[0] if self.fit_intercept else 0.0)
        return X @ coef.T + intercept

    def _weights(self, idx: np.ndarray | None) -> np.ndarray | float:
        """Per-sample factor of the data term (``s_i / S``, rescaled for a mini-batch)."""
        if idx is None:
            return 1.0 / self.S if self.sw is None else self.sw / self.S
        # Unbiased mini-batch estimate of (1 / S) sum_i s_i l_i: (n / |B| S) sum_{i in B} s_i l_i.
        scale = self.n / (len(idx) * self.S)
        return scale if self.sw is None else self.sw[idx] * scale

    def loss_grad(self, w: np.ndarray, idx: np.ndarray | None = None) -> tuple[float, np.ndarray]:
        """Objective and gradient at ``w``, on all samples or on the mini-batch ``idx``."""
        X = self.X if idx is None else self.X[idx]
        factor = self._weights(idx)
        z = self._logits(w, X)
        if self.binary:
            y = self.y if idx is None else self.y[idx]
            log1pexp, p = log1pexp_and_expit(z)
            per_sample = log1pexp - y * z
            residual = (p - y) * factor
            grad_coef = (X.T @ residual)[None, :]
            grad_b = np.array([residual.sum()])
        else:
            y_idx = self.y_idx if idx is None else self.y_idx[idx]
            Y = self.Y if idx is None else self.Y[idx]
            lse, P = log_softmax_parts(z)
            per_sample = lse - z[np.arange(len(z)), y_idx]
            P -= Y
            P *= factor if np.ndim(factor) == 0 else factor[:, None]
            grad_coef = P.T @ X
            grad_b = P.sum(axis=0)
        data = float(per_sample @ factor) if np.ndim(factor) else float(per_sample.sum() * factor)
        coef, _ = self.unpack(w)
        grad = np.empty((self.k, self.width))
        grad[:, : self.d] = grad_coef + self.l2 * coef
        if self.fit_intercept:
            grad[:, self.d] = grad_b
        return data + 0.5 * self.l2 * float(np.sum(coef * coef)), grad.ravel()

    def hessian(self, w: np.ndarray) -> np.ndarray:
        """Hessian ``X1^T S X1 + l2 I`` (the deep-learning lecture's IRLS matrix; blocks per class pair)."""
        X1 = append_constant_column(self.X) if self.fit_intercept else self.X
        factor = self._weights(None)
        z = self._logits(w, self.X)
        if self.binary:
            p = expit(z)
            H = safe_sparse_dot(X1.T, scale_rows(X1, p * (1.0 - p) * factor))
        else:
            P = softmax(z)
            k, m = self.k, self.width
            H = np.empty((k, m, k, m))
            for a in range(k):
                for b in range(a, k):
                    s = P[:, a] * ((a == b) - P[:, b]) * factor
                    H[a, :, b, :] = safe_sparse_dot(X1.T, scale_rows(X1, s))
                    H[b, :, a, :] = H[a, :, b, :].T
            H = H.reshape(k * m, k * m)
        penalised = np.r_[np.full(self.d, self.l2 > 0), np.zeros(self.width - self.d, bool)]
        H[np.diag_indices_from(H)] += self.l2 * np.tile(penalised, self.k)
        self._penalised = penalised
        return H

    def newton_matrix(self, w: np.ndarray) -> np.ndarray:
        """The Hessian, made regular along the directions the objective does not depend on."""
        H = self.hessian(w)
        if not self.binary:
            # Softmax is unchanged when the same vector is added to every class row, so H is
            # singular along those directions (the intercept; every column when l2 = 0). The
            # gradient is orthogonal to them; adding the projector onto them (scaled like H)
            # makes the system regular without changing the Newton step, which stays
            # orthogonal too: the intercepts keep summing to zero, as in scikit-learn.
            free = np.diag(~self._penalised).astype(np.float64) * np.trace(H) / H.shape[0]
            H += np.kron(np.full((self.k, self.k), 1.0 / self.k), free)
        return H


class SquaredLoss:
    """Mean squared error ``(1 / S) sum_i s_i ||y_i - x_i W^T - b||^2`` and its gradient.

    The kernel lecture/004's least-squares cost, whose gradient is ``(2 / S) X^T S (X theta - y)``.
    Parameters travel flattened as ``W`` of shape (n_targets, n_features [+ 1]) with the
    intercept in the last column; ``loss_grad(w, idx)`` evaluates on all samples or on the
    mini-batch ``idx`` (rescaled so the batch gradient is unbiased).
    """

    def __init__(self, X: np.ndarray, y: np.ndarray, *, sample_weight: np.ndarray | None,
                 fit_intercept: bool) -> None:
        self.X = X
        self.Y = y[:, None] if y.ndim == 1 else y
        self.n, self.d = X.shape
        self.k = self.Y.shape[1]
        self.sw = sample_weight
        self.S = float(self.n if sample_weight is None else sample_weight.sum())
        self.fit_intercept = fit_intercept
        self.width = self.d + int(fit_intercept)

    def unpack(self, w: np.ndarray) -> tuple[np.ndarray, np.ndarray | float]:
        W = w.reshape(self.k, self.width)
        return W[:, : self.d], (W[:, self.d] if self.fit_intercept else 0.0)

    def loss_grad(self, w: np.ndarray, idx: np.ndarray | None = None) -> tuple[float, np.ndarray]:
        X, Y = (self.X, self.Y) if idx is None else (self.X[idx], self.Y[idx])
        scale = 1.0 / self.S if idx is None else self.n / (len(idx) * self.S)
        coef, intercept = self.unpack(w)
        residual = X @ coef.T + intercept - Y  # (batch, k)
        weighted = residual * scale
        if self.sw is not None:
            weighted *= (self.sw if idx is None else self.sw[idx])[:, None]
        loss = float(np.sum(weighted * residual))
        grad = np.empty((self.k, self.width))
        grad[:, : self.d] = 2.0 * (weighted.T @ X)
        if self.fit_intercept:
            grad[:, self.d] = 2.0 * weighted.sum(axis=0)
        return loss, grad.ravel()
