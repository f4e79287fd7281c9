"""Layer-level Functions: whole layers with a hand-written, vectorised backward.

Coarse operations keep Python overhead small and make the lecture's forward/backward module
view the code itself. ``g`` is the gradient of the loss with respect to the output. Losses
take ``reduction`` in {"none", "mean", "sum"}; argument checking lives in
``syllabus.nn.functional``, which is the user-facing entry point.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..utils._blas_threads import matmul
from ..utils._sparse import safe_sparse_dot
from ..utils._special import expit, log1pexp, log_softmax, log_softmax_parts
from ._tensor import Function


def _reduce(loss: np.ndarray, reduction: str, denom: float | None = None) -> np.ndarray:
    if reduction == "none":
        return loss
    total = np.sum(loss)
    if reduction == "sum":
        return total
    denom = loss.size if denom is None else denom
    if denom == 0:  # PyTorch returns nan for a mean over nothing
        return np.asarray(np.nan, dtype=loss.dtype)
    return total / np.asarray(denom, dtype=loss.dtype)


def _grad_of_reduction(g: np.ndarray, reduction: str, shape: tuple, denom: float | None = None):
    """dL/d(loss_i): g itself for "none", g for "sum", g / denom for "mean" (broadcastable)."""
    if reduction == "none":
        return g
    if reduction == "mean":
        g = g / (np.prod(shape) if denom is None else denom)
    return np.broadcast_to(g, shape)


# ---- dense layer ----------------------------------------------------------------------
class Linear(Function):
    @staticmethod
    def forward(ctx, x, weight, bias=None):  # y = x W^T + b
        if x.shape[-1:] != weight.shape[1:]:
            raise ValueError(
                f"linear: input of shape {x.shape} does not match weight of shape "
                f"{weight.shape}: the input's last dimension must be in_features={weight.shape[1]}"
            )
        ctx.save_for_backward(x, weight)
        # (N, ..., in) inputs as one (N*..., in) matrix: NumPy's stacked matmul against a
        # transposed weight does not call BLAS and is ~50x slower
        x2 = x if x.ndim <= 2 else x.reshape(-1, x.shape[-1])
        y = matmul(x2, weight.T) if x2.ndim == 2 else x2 @ weight.T
        if bias is not None:
            y += bias
        return y if x.ndim <= 2 else y.reshape(*x.shape[:-1], weight.shape[0])

    @staticmethod
    def backward(ctx, g):  # dx = g W,  dW = g^T x,  db = sum_n g
        x, w = ctx.saved_tensors
        need_x, need_w, need_b = (ctx.needs_input_grad + (False,))[:3]
        g2 = g if g.ndim == 2 else g.reshape(-1, w.shape[0])
        gx = matmul(g2, w).reshape(*g.shape[:-1], w.shape[1]) if need_x else None
        gw = matmul(g2.T, x if x.ndim == 2 else x.reshape(-1, w.shape[1])) if need_w else None
        gb = g2.sum(axis=0) if need_b else None
        return gx, gw, gb


class SparseLinear(Function):
    """``y = X W^T + b`` for a ``scipy.sparse`` input ``X`` (a constant: no gradient for it).

    Only the stored values of ``X`` are touched, forward and backward: ``dW = g^T X`` is
    computed as ``(X^T g)^T``, a sparse-dense product; ``X`` is never densified.
    """

    @staticmethod
    def forward(ctx, x, weight, bias=None):
        if x.ndim != 2 or x.shape[1] != weight.shape[1]:
            raise ValueError(
                f"linear: sparse input of shape {x.shape} does not match weight of shape "
                f"{weight.shape}: it must be (n_samples, in_features={weight.shape[1]})")
        x = x.astype(weight.dtype, copy=False)  # as a dense input: the layer's dtype
        ctx.args = (x,)  # the sparse matrix is a constant of the graph, not a saved tensor
        ctx.save_for_backward(weight)
        y = safe_sparse_dot(x, weight.T)
        if bias is not None:
            y += bias
        return y

    @staticmethod
    def backward(ctx, g):  # dW = (X^T g)^T,  db = sum_n g
        (x,) = ctx.args
        need_x, need_w, need_b = (ctx.needs_input_grad + (False,))[:3]
        gw = safe_sparse_dot(x.T, g).T if need_w else None
        gb = g.sum(axis=0) if need_b else None
        return None, gw, gb


# ---- activations ----------------------------------------------------------------------
@njit(cache=True, nogil=True)
def _relu(x, y):
    for i in range(x.size):
        y[i] = 0 if x[i] <= 0 else x[i]  # NaN stays NaN


@njit(cache=True, nogil=True)
def _relu_grad(g, y, gx):
    for i in range(g.size):
        g_i = g[i]  # loaded unconditionally, so the loop vectorises (3x faster)
        gx[i] = 0 if y[i] <= 0 else g_i  # not g [y > 0]: NaN or inf in g give 0 where y <= 0


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):  # y = max(x, 0)
        if x.dtype.kind != "f":
            y = np.maximum(x, 0)
        else:
            y = np.empty_like(x, order="C")
            _relu(np.ascontiguousarray(x).reshape(-1), y.reshape(-1))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):  # dx = g [x > 0]   (relu'(0) = 0)
        (y,) = ctx.saved_tensors
        gx = np.empty(g.shape, np.result_type(g, y))
        _relu_grad(np.ascontiguousarray(g).reshape(-1), y.reshape(-1), gx.reshape(-1))
        return gx


class LeakyReLU(Function):
    @staticmethod
    def forward(ctx, x, negative_slope=0.01):  # y = x if x > 0 else slope x
        ctx.save_for_backward(x)
        ctx.slope = negative_slope
        return np.where(x > 0, x, x * negative_slope)

    @staticmethod
    def backward(ctx, g):  # dx = g if x > 0 else slope g
        (x,) = ctx.saved_tensors
        return np.where(x > 0, g, g * ctx.slope)


class ELU(Function):
    @staticmethod
    def forward(ctx, x, alpha=1.0):  # y = x if x > 0 else alpha (e^x - 1)
        ctx.save_for_backward(x)
        ctx.alpha = alpha
        return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))

    @staticmethod
    def backward(ctx, g):  # dx = g if x > 0 else g alpha e^x
        (x,) = ctx.saved_tensors
        return np.where(x > 0, g, g * ctx.alpha * np.exp(np.minimum(x, 0)))


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):  # y = 1 / (1 + e^-x)
        y = expit(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):  # dx = g y (1 - y)
        (y,) = ctx.saved_tensors
        return g * y * (1 - y)


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):  # y = tanh x
        y = np.tanh(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):  # dx = g (1 - y^2)
        (y,) = ctx.saved_tensors
        return g * (1 - y * y)


class Softplus(Function):
    @staticmethod
    def forward(ctx, x, beta=1.0, threshold=20.0):  # y = log(1 + e^{beta x}) / beta (x if beta x > threshold)
        bx = x * beta
        ctx.save_for_backward(bx)
        ctx.threshold = threshold
        return np.where(bx > threshold, x, np.log1p(np.exp(np.minimum(bx, threshold))) / beta)

    @staticmethod
    def backward(ctx, g):  # dx = g sigmoid(beta x)  (g above the threshold)
        (bx,) = ctx.saved_tensors
        return np.where(bx > ctx.threshold, g, g * expit(bx))


class Softmax(Function):
    @staticmethod
    def forward(ctx, x, dim=-1):  # y_i = e^{x_i} / sum_j e^{x_j}
        y = np.exp(log_softmax(x, dim))
        ctx.save_for_backward(y)
        ctx.dim = dim
        return y

    @staticmethod
    def backward(ctx, g):  # dx = y (g - sum_j g_j y_j)
        (y,) = ctx.saved_tensors
        return y * (g - np.sum(g * y, axis=ctx.dim, keepdims=True))


class LogSoftmax(Function):
    @staticmethod
    def forward(ctx, x, dim=-1):  # y_i = x_i - log sum_j e^{x_j}
        y = log_softmax(x, dim)
        ctx.save_for_backward(y)
        ctx.dim = dim
        return y

    @staticmethod
    def backward(ctx, g):  # dx = g - e^y sum_j g_j
        (y,) = ctx.saved_tensors
        return g - np.exp(y) * np.sum(g, axis=ctx.dim, keepdims=True)


# ---- classification losses ------------------------------------------------------------
def _classes_last(x: np.ndarray) -> np.ndarray:
    """(N, C, d1, ...) -> (N d1 ..., C); (N, C) and (C,) are returned as 2-D views."""
    if x.ndim == 1:
        return x[None, :]
    if x.ndim == 2:
        return x
    return np.moveaxis(x, 1, -1).reshape(-1, x.shape[1])


def _classes_back(g2: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Inverse of :func:`_classes_last` for a gradient."""
    if len(shape) <= 2:
        return g2.reshape(shape)
    moved = (shape[0], *shape[2:], shape[1])
    return np.moveaxis(g2.reshape(moved), -1, 1)


def _target_weights(t: np.ndarray, weight, ignore_index: int, dtype) -> tuple:
    """Per-sample weight w_{t_i} (0 where t_i == ignore_index) and the safe class index."""
    valid = t != ignore_index
    safe_t = np.where(valid, t, 0)
    if weight is None:
        w_t = valid.astype(dtype)
    else:
        w_t = np.where(valid, weight[safe_t], 0).astype(dtype, copy=False)
    return safe_t, valid, w_t


class CrossEntropy(Function):
    """Softmax cross-entropy from logits, fused: dL/dx = softmax(x) sum_c A_c - A.

    With class-index targets, sample i contributes
    ``(1 - eps) w_{t_i} (-log p_{i t_i}) + eps / C sum_c w_c (-log p_{ic})`` (zero when
    ``t_i == ignore_index``) and "mean" divides by sum_i w_{t_i}. With class-probability
    targets ``q`` (smoothed to ``(1 - eps) q + eps / C``), it contributes
    ``-sum_c w_c q_ic log p_ic`` and "mean" divides by the number of samples.
    """

    @staticmethod
    def forward(ctx, x, target, weight=None, ignore_index=-100, reduction="mean",
                label_smoothing=0.0):
        x2 = _classes_last(x)
        n_classes = x2.shape[1]
        logp = log_softmax(x2, axis=1)
        eps = label_smoothing
        if target.dtype.kind == "f":  # class probabilities, same shape as x
            q = _classes_last(target)
            if eps:
                q = q * (1 - eps) + eps / n_classes
            coef = q if weight is None else q * weight  # A = coef * dL/dloss_i
            loss = -np.sum(coef * logp, axis=1)
            denom = loss.shape[0]
        else:
            t = target.reshape(-1)
            safe_t, valid, w_t = _target_weights(t, weight, ignore_index, x.dtype)
            rows = np.arange(t.shape[0])
            loss = -logp[rows, safe_t] * w_t
            coef = np.zeros_like(logp)
            coef[rows, safe_t] = w_t
            if eps:
                class_w = 1 if weight is None else weight
                loss = (1 - eps) * loss - (eps / n_classes) * np.sum(logp * class_w, axis=1) * valid
                coef *= 1 - eps
                coef += (eps / n_classes) * valid[:, None] * class_w
            denom = w_t.sum()
        ctx.save_for_backward(logp, coef)
        ctx.args = (x.shape, reduction, denom)
        sample_shape = x.shape[:1] + x.shape[2:] if x.ndim > 1 else ()
        return _reduce(loss.reshape(sample_shape), reduction, denom)

    @staticmethod
    def backward(ctx, g):  # dx = softmax(x) * sum_c A_ic - A_ic,  A = coef * dL/dloss_i
        logp, coef = ctx.saved_tensors
        x_shape, reduction, denom = ctx.args
        scale = _grad_of_reduction(g, reduction, coef.shape[:1], denom)
        a = coef * np.reshape(scale, (-1, 1))
        gx = np.exp(logp) * a.sum(axis=1, keepdims=True) - a
        return _classes_back(gx, x_shape), None


class NLLLoss(Function):
    @staticmethod
    def forward(ctx, x, target, weight=None, ignore_index=-100, reduction="mean"):
        # loss_i = -w_{t_i} x_{i t_i}; "mean" divides by sum_i w_{t_i}
        x2 = _classes_last(x)
        t = target.reshape(-1)
        safe_t, _, w_t = _target_weights(t, weight, ignore_index, x.dtype)
        rows = np.arange(t.shape[0])
        loss = -x2[rows, safe_t] * w_t
        denom = w_t.sum()
        ctx.save_for_backward(safe_t, w_t)
        ctx.args = (x.shape, x2.shape, reduction, denom)
        return _reduce(loss.reshape(target.shape), reduction, denom)

    @staticmethod
    def backward(ctx, g):  # dx_{i t_i} = -w_{t_i} dL/dloss_i
        safe_t, w_t = ctx.saved_tensors
        x_shape, x2_shape, reduction, denom = ctx.args
        scale = _grad_of_reduction(g, reduction, w_t.shape, denom)
        gx = np.zeros(x2_shape, dtype=w_t.dtype)
        gx[np.arange(w_t.shape[0]), safe_t] = -w_t * np.reshape(scale, -1)
        return _classes_back(gx, x_shape), None


class MultiMarginLoss(Function):
    @staticmethod
    def forward(ctx, x, target, p=1, margin=1.0, weight=None, reduction="mean"):
        # loss_i = w_{t_i} / C * sum_{j != t_i} max(0, margin - x_{i t_i} + x_{ij})^p
        x2 = _classes_last(x)
        n, n_classes = x2.shape
        t = target.reshape(-1)
        rows = np.arange(n)
        z = margin - x2[rows, t][:, None] + x2
        z[rows, t] = 0
        h = np.maximum(z, 0)
        w_t = (np.ones(n, dtype=x.dtype) if weight is None else weight[t]) / n_classes
        loss = (h if p == 1 else h * h).sum(axis=1) * w_t
        ctx.save_for_backward(h, t, w_t)
        ctx.args = (x.shape, p, reduction)
        return _reduce(loss.reshape(target.shape), reduction)

    @staticmethod
    def backward(ctx, g):  # dx_ij = p h_ij^(p-1) [h_ij > 0] w/C,  dx_{i t_i} = -sum_j dx_ij
        h, t, w_t = ctx.saved_tensors
        x_shape, p, reduction = ctx.args
        scale = np.reshape(_grad_of_reduction(g, reduction, w_t.shape), -1) * w_t
        dh = ((h > 0) if p == 1 else 2 * h) * scale[:, None]
        dh[np.arange(h.shape[0]), t] = -dh.sum(axis=1)
        return dh.reshape(x_shape), None


class BinaryCrossEntropy(Function):
    @staticmethod
    def forward(ctx, x, y, weight=None, reduction="mean"):
        # loss = -w (y log x + (1 - y) log(1 - x)), each log clamped at -100 as in PyTorch
        with np.errstate(divide="ignore"):
            log_x = np.maximum(np.log(x), -100)
            log_1mx = np.maximum(np.log1p(-x), -100)
        loss = -(y * log_x + (1 - y) * log_1mx)
        if weight is not None:
            loss = loss * weight
        ctx.save_for_backward(x, y, weight, log_x, log_1mx)
        ctx.reduction = reduction
        return _reduce(loss, reduction)

    @staticmethod
    def backward(ctx, g):  # dx = g w (x - y) / max(x (1 - x), 1e-12),  dy = g w (log(1-x) - log x)
        x, y, weight, log_x, log_1mx = ctx.saved_tensors
        gl = _grad_of_reduction(g, ctx.reduction, x.shape)
        if weight is not None:
            gl = gl * weight
        gx = gl * (x - y) / np.maximum(x * (1 - x), 1e-12) if ctx.needs_input_grad[0] else None
        gy = gl * (log_1mx - log_x) if ctx.needs_input_grad[1] else None
        return gx, gy


class BinaryCrossEntropyWithLogits(Function):
    @staticmethod
    def forward(ctx, x, y, weight=None, pos_weight=None, reduction="mean"):
        # loss = max(x, 0) - x y + log(1 + e^-|x|); with pos_weight p:
        # loss = (1 - y) x + (1 + (p - 1) y) softplus(-x)
        softplus_neg = log1pexp(-x)
        if pos_weight is None:
            loss = log1pexp(x) - x * y
        else:
            loss = (1 - y) * x + ((pos_weight - 1) * y + 1) * softplus_neg
        if weight is not None:
            loss = loss * weight
        ctx.save_for_backward(x, y, weight, pos_weight, softplus_neg)
        ctx.reduction = reduction
        return _reduce(loss, ctx.reduction)

    @staticmethod
    def backward(ctx, g):  # dx = g w (sigmoid(x) - y) (p: (1 - y) - (1 + (p-1) y) sigmoid(-x))
        x, y, weight, pos_weight, softplus_neg = ctx.saved_tensors
        gl = _grad_of_reduction(g, ctx.reduction, np.broadcast_shapes(x.shape, np.shape(y)))
        if weight is not None:
            gl = gl * weight
        gx = gy = None
        if ctx.needs_input_grad[0]:
            if pos_weight is None:
                gx = gl * (expit(x) - y)
            else:
                gx = gl * ((1 - y) - ((pos_weight - 1) * y + 1) * expit(-x))
        if ctx.needs_input_grad[1]:  # dy = -x (+ (p - 1) softplus(-x))
            gy = gl * (-x if pos_weight is None else -x + (pos_weight - 1) * softplus_neg)
        return gx, gy


class NTXentLoss(Function):
    """SimCLR's NT-Xent over the ``2N`` rows of ``z = [z1; z2]`` (``nn.functional.nt_xent_loss``).

    Forward: ``u = z / max(|z|, 1e-12)`` row by row (as ``F.normalize``),
    ``S = u u^T / tau`` with ``S_ii = -inf`` and ``loss_i = log sum_k exp(S_ik) - S_{i,p(i)}``,
    ``p(i) = i + N`` modulo ``2N``. One Function instead of a dozen graph nodes: the backward
    uses that ``S`` is symmetric (one product for both factors of ``u u^T``) and reuses the
    softmax of the forward.
    """

    @staticmethod
    def forward(ctx, z1, z2, temperature=0.5, reduction="mean"):
        z = np.concatenate([z1, z2])
        n2 = z.shape[0]
        norm = np.sqrt(np.sum(z * z, axis=1, keepdims=True))
        denom = np.maximum(norm, 1e-12)
        u = z / denom
        s = matmul(u, u.T)
        s /= temperature
        np.fill_diagonal(s, -np.inf)
        rows = np.arange(n2)
        partner = (rows + n2 // 2) % n2
        log_total, p = log_softmax_parts(s)  # the diagonal's exp(-inf) is 0
        loss = log_total - s[rows, partner]
        ctx.save_for_backward(u, denom, norm >= 1e-12, p)  # p = softmax(S), for the backward
        ctx.args = (temperature, reduction, partner)
        return _reduce(loss, reduction)

    @staticmethod
    def backward(ctx, g):
        # dS = (softmax(S) - onehot(p)) dL/dloss_i (row i);  du = (dS + dS^T) u / tau;
        # dz = (du - u (u . du)) / |z| (du / 1e-12 where the norm is clipped: a constant)
        u, denom, unclipped, p = ctx.saved_tensors
        temperature, reduction, partner = ctx.args
        w = np.asarray(_grad_of_reduction(g, reduction, (u.shape[0],)) / temperature, u.dtype)
        d_s = p * w[:, None]
        d_s[np.arange(u.shape[0]), partner] -= w
        du = matmul(d_s + d_s.T, u)
        du -= u * (np.sum(u * du, axis=1, keepdims=True) * unclipped)
        du /= denom
        n = u.shape[0] // 2
        return du[:n], du[n:]


# ---- regression losses ----------------------------------------------------------------
class MSELoss(Function):
    @staticmethod
    def forward(ctx, x, y, reduction="mean"):  # loss = (x - y)^2
        d = x - y
        ctx.save_for_backward(d)
        ctx.reduction = reduction
        return _reduce(d * d, reduction)

    @staticmethod
    def backward(ctx, g):  # dx = 2 g (x - y),  dy = -dx
        (d,) = ctx.saved_tensors
        gx = 2 * _grad_of_reduction(g, ctx.reduction, d.shape) * d
        return gx, (-gx if ctx.needs_input_grad[1] else None)


class HuberLoss(Function):
    @staticmethod
    def forward(ctx, x, y, reduction="mean", delta=1.0):
        # loss = d^2 / 2 if |d| <= delta else delta (|d| - delta / 2),  d = x - y
        d = x - y
        ad = np.abs(d)
        ctx.save_for_backward(d)
        ctx.args = (reduction, delta)
        return _reduce(np.where(ad <= delta, 0.5 * d * d, delta * (ad - 0.5 * delta)), reduction)

    @staticmethod
    def backward(ctx, g):  # dx = g clip(d, -delta, delta),  dy = -dx
        (d,) = ctx.saved_tensors
        reduction, delta = ctx.args
        gx = _grad_of_reduction(g, reduction, d.shape) * np.clip(d, -delta, delta)
        return gx, (-gx if ctx.needs_input_grad[1] else None)


# ---- regularisation -------------------------------------------------------------------
class Dropout(Function):
    @staticmethod
    def forward(ctx, x, p, generator):  # y = x m / (1 - p),  m_i ~ Bernoulli(1 - p)
        if p >= 1:
            mask = np.zeros_like(x)
        else:
            mask = (generator.random(x.shape, dtype=np.float32) >= p).astype(x.dtype)
            mask *= 1 / (1 - p)
        ctx.save_for_backward(mask)
        return x * mask

    @staticmethod
    def backward(ctx, g):  # dx = g m / (1 - p)
        (mask,) = ctx.saved_tensors
        return g * mask


class BatchNorm(Function):
    """Batch normalisation over every axis but the channel axis 1.

    Training: x_hat = (x - mean_B) / sqrt(var_B + eps) with the biased batch variance, and
    ``running = (1 - momentum) running + momentum batch`` with the unbiased variance
    (updated in place). Evaluation: the running statistics replace the batch's.
    """

    @staticmethod
    def forward(ctx, x, running_mean, running_var, weight=None, bias=None, training=False,
                momentum=0.1, eps=1e-5):
        axes = (0,) + tuple(range(2, x.ndim))
        shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
        if training:
            n = x.size // x.shape[1]
            mean = x.mean(axis=axes)
            centred = x - mean.reshape(shape)
            var = np.mean(centred * centred, axis=axes)
            if running_mean is not None:
                running_mean *= 1 - momentum
                running_mean += momentum * mean
            if running_var is not None:
                running_var *= 1 - momentum
                running_var += momentum * var * (n / (n - 1))
        else:
            mean, var = running_mean, running_var
            centred = x - mean.reshape(shape)
        inv_std = 1 / np.sqrt(var + eps)
        x_hat = centred * inv_std.reshape(shape)
        y = x_hat if weight is None else x_hat * weight.reshape(shape)
        if bias is not None:
            y = y + bias.reshape(shape)
        ctx.save_for_backward(x_hat, inv_std, weight)
        ctx.args = (training, axes, shape)
        return y

    @staticmethod
    def backward(ctx, g):
        # dbeta = sum g,  dgamma = sum g x_hat,
        # train: dx = gamma inv_std / n (n g - dbeta - x_hat dgamma);  eval: dx = g gamma inv_std
        x_hat, inv_std, weight = ctx.saved_tensors
        training, axes, shape = ctx.args
        db = g.sum(axis=axes)
        dw = (g * x_hat).sum(axis=axes)
        scale = inv_std if weight is None else inv_std * weight
        if training:
            n = g.size // g.shape[1]
            dx = (scale / n).reshape(shape) * (
                n * g - db.reshape(shape) - x_hat * dw.reshape(shape))
        else:
            dx = g * scale.reshape(shape)
        need = ctx.needs_input_grad
        return (dx, None, None, dw if need[3] else None, db if need[4] else None)
