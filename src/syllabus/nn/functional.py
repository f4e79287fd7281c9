"""Functional interface of the layers, activations and losses (as ``torch.nn.functional``).

Each function checks its arguments (shapes, targets, hyper-parameters) and calls the
layer-level :class:`~syllabus.autograd.Function` that holds the maths, so it records one graph
node with a hand-written backward. Targets may be Tensors or any array-like.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from ..autograd import Tensor, _conv, _embedding, tensor, where
from ..autograd import _attention as attention_fn
from ..autograd import _functions as fn
from ..autograd import _resample as fn_resample
from ..autograd._random import default_generator
from ..utils._sparse import issparse as _is_sparse

__all__ = [
    "adaptive_avg_pool2d",
    "avg_pool2d",
    "batch_norm",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "conv2d",
    "conv_transpose2d",
    "cosine_embedding_loss",
    "cross_entropy",
    "dropout",
    "elu",
    "embedding",
    "gelu",
    "huber_loss",
    "interpolate",
    "kl_div",
    "layer_norm",
    "leaky_relu",
    "linear",
    "log_softmax",
    "max_pool2d",
    "mse_loss",
    "multi_margin_loss",
    "nll_loss",
    "nt_xent_loss",
    "one_hot",
    "pad",
    "pairwise_distance",
    "relu",
    "scaled_dot_product_attention",
    "sigmoid",
    "softmax",
    "softplus",
    "tanh",
    "triplet_margin_loss",
]

_REDUCTIONS = ("none", "mean", "sum")


def _tensor(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else tensor(x)


def _array(x: Any, dtype: Any = None) -> np.ndarray | None:
    if x is None:
        return None
    if isinstance(x, Tensor):
        x = x.data
    return np.asarray(x, dtype=dtype)


def _input_like(input: Any, weight: Any) -> Tensor:
    """Array inputs take the layer's dtype; a Tensor keeps its own."""
    if isinstance(input, Tensor):
        return input
    return Tensor(np.asarray(input, dtype=_array(weight).dtype))


def _check_reduction(reduction: str, name: str) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{name}: reduction must be one of {_REDUCTIONS}, got {reduction!r}")


def _same_shape(name: str, input: Tensor, target: Any) -> None:
    if input.shape != np.shape(target):
        raise ValueError(
            f"{name}: input has shape {input.shape} but target has shape {np.shape(target)}; "
            "they must match"
        )


# ---- dense layer and activations ------------------------------------------------------
def linear(input: Any, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """Affine map ``y = x W^T + b``.

    Parameters
    ----------
    input : Tensor or array-like of shape (*, in_features)
        A NumPy array (or list) is converted to the weight's dtype, so float64 data fed to a
        float32 layer computes in float32; a Tensor keeps its dtype. A 2-D ``scipy.sparse``
        matrix is multiplied through its stored values only (no gradient flows to it).
    weight : Tensor of shape (out_features, in_features)
    bias : Tensor of shape (out_features,), optional

    Returns
    -------
    Tensor of shape (*, out_features)
    """
    if _is_sparse(input):  # scipy.sparse rows: only their stored values are multiplied
        return fn.SparseLinear.apply(input, weight, bias)
    return fn.Linear.apply(_input_like(input, weight), weight, bias)


def relu(input: Any) -> Tensor:
    """``relu(x) = max(x, 0)``, elementwise; the gradient at 0 is 0.

    Parameters
    ----------
    input : Tensor or array-like
        Any shape; an array-like becomes a Tensor (float32 for Python floats).

    Returns
    -------
    Tensor of the shape of ``input``.
    """
    return fn.ReLU.apply(_tensor(input))


def leaky_relu(input: Any, negative_slope: float = 0.01) -> Tensor:
    """``x`` if ``x > 0`` else ``negative_slope * x``, elementwise.

    Parameters
    ----------
    input : Tensor or array-like
        Any shape; an array-like becomes a Tensor (float32 for Python floats).
    negative_slope : float, default=0.01

    Returns
    -------
    Tensor of the shape of ``input``.
    """
    return fn.LeakyReLU.apply(_tensor(input), negative_slope=negative_slope)


def elu(input: Any, alpha: float = 1.0) -> Tensor:
    """``x`` if ``x > 0`` else ``alpha (exp(x) - 1)``, elementwise.

    Parameters
    ----------
    input : Tensor or array-like
        Any shape; an array-like becomes a Tensor (float32 for Python floats).
    alpha : float, default=1.0

    Returns
    -------
    Tensor of the shape of ``input``.
    """
    return fn.ELU.apply(_tensor(input), alpha=alpha)


def sigmoid(input: Any) -> Tensor:
    """``1 / (1 + exp(-x))``, elementwise, computed without overflow.

    Parameters
    ----------
    input : Tensor or array-like
        Any shape; an array-like becomes a Tensor (float32 for Python floats).

    Returns
    -------
    Tensor of the shape of ``input``.
    """
    return fn.Sigmoid.apply(_tensor(input))


def tanh(input: Any) -> Tensor:
    """Hyperbolic tangent ``(e^x - e^-x) / (e^x + e^-x)``, elementwise.

    Parameters
    ----------
    input : Tensor or array-like
        Any shape; an array-like becomes a Tensor (float32 for Python floats).

    Returns
    -------
    Tensor of the shape of ``input``.
    """
    return fn.Tanh.apply(_tensor(input))


def softplus(input: Any, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """``log(1 + exp(beta x)) / beta``, and ``x`` where ``beta x > threshold``.

    Parameters
    ----------
    input : Tensor or array-like
        Any shape; an array-like becomes a Tensor (float32 for Python floats).
    beta : float, default=1.0
    threshold : float, default=20.0
        Above it the function is the identity (numerical stability).

    Returns
    -------
    Tensor of the shape of ``input``.
    """
    return fn.Softplus.apply(_tensor(input), beta=beta, threshold=threshold)


def _softmax_dim(ndim: int) -> int:
    # PyTorch's choice when dim is not given.
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Any, dim: int | None = None) -> Tensor:
    """``exp(x_i) / sum_j exp(x_j)`` along ``dim`` (shifted by the max: no overflow).

    Parameters
    ----------
    input : Tensor or array-like
        Any shape; an array-like becomes a Tensor (float32 for Python floats).
    dim : int, optional
        Axis to normalise along. None: PyTorch's implicit choice (axis 0 for 0-D, 1-D and
        3-D inputs, axis 1 otherwise).

    Returns
    -------
    Tensor of the shape of ``input``.
    """
    input = _tensor(input)
    return fn.Softmax.apply(input, dim=_softmax_dim(input.ndim) if dim is None else dim)


def log_softmax(input: Any, dim: int | None = None) -> Tensor:
    """``x_i - log sum_j exp(x_j)`` along ``dim``, computed stably.

    Parameters
    ----------
    input : Tensor or array-like
        Any shape; an array-like becomes a Tensor (float32 for Python floats).
    dim : int, optional
        Axis to normalise along. None: PyTorch's implicit choice (axis 0 for 0-D, 1-D and
        3-D inputs, axis 1 otherwise).

    Returns
    -------
    Tensor of the shape of ``input``.
    """
    input = _tensor(input)
    return fn.LogSoftmax.apply(input, dim=_softmax_dim(input.ndim) if dim is None else dim)


def one_hot(tensor: Any, num_classes: int = -1) -> Tensor:
    """Integer class indices to one-hot rows, as ``torch.nn.functional.one_hot``.

    Parameters
    ----------
    tensor : Tensor or array-like of integers
        Class indices of any shape, in [0, num_classes).
    num_classes : int, default=-1
        Number of classes; -1 uses ``max(tensor) + 1``.

    Returns
    -------
    Tensor of int64 of shape ``tensor.shape + (num_classes,)``

    Examples
    --------
    >>> from syllabus.nn import functional as F
    >>> F.one_hot([0, 2], num_classes=3).data.tolist()
    [[1, 0, 0], [0, 0, 1]]
    """
    idx = _array(tensor)
    if idx.dtype.kind not in "iu":
        raise TypeError(f"one_hot: class indices must be integers, got dtype {idx.dtype}")
    n = int(idx.max()) + 1 if num_classes == -1 else num_classes
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        raise ValueError(f"one_hot: class values must be in [0, {n}), got [{idx.min()}, {idx.max()}]")
    return Tensor(np.eye(n, dtype=np.int64)[idx])


# ---- regularisation -------------------------------------------------------------------
def dropout(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False, *,
            generator: np.random.Generator | None = None) -> Tensor:
    """Inverted dropout: zero each element with probability ``p``, scale the rest by
    ``1 / (1 - p)`` (so the expectation is unchanged); the identity when ``training`` is False
    or ``p == 0``.

    Parameters
    ----------
    input : Tensor or array-like
    p : float in [0, 1], default=0.5
        Probability of zeroing an element.
    training : bool, default=True
    inplace : bool, default=False
        Accepted for PyTorch compatibility; ignored.
    generator : numpy.random.Generator, optional
        Source of the mask (default: the generator seeded by ``syllabus.autograd.manual_seed``).

    Returns
    -------
    Tensor of the shape of ``input``.
    """
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    input = _tensor(input)
    if not training or p == 0:
        return input
    return fn.Dropout.apply(input, p, default_generator() if generator is None else generator)


def batch_norm(input: Any, running_mean: Any, running_var: Any, weight: Tensor | None = None,
               bias: Tensor | None = None, training: bool = False, momentum: float = 0.1,
               eps: float = 1e-5) -> Tensor:
    """Batch normalisation over every axis but the channel axis 1:
    ``y = (x - mean) / sqrt(var + eps) * weight + bias``.

    In training, normalises with the batch mean and biased variance and updates
    ``running_mean``/``running_var`` in place (``(1 - momentum) r + momentum batch``, with the
    unbiased variance) when they are given; otherwise normalises with the running statistics.

    Parameters
    ----------
    input : Tensor or array-like of shape (N, C, ...)
    running_mean, running_var : Tensor or ndarray of shape (C,) or None
        Required when ``training`` is False.
    weight, bias : Tensor of shape (C,), optional
        Affine scale and shift (default: 1 and 0).
    training : bool, default=False
        Use the batch statistics (needs more than one value per channel).
    momentum : float, default=0.1
    eps : float, default=1e-5

    Returns
    -------
    Tensor of the shape of ``input``.
    """
    input = _tensor(input)
    if input.ndim < 2:
        raise ValueError(f"batch_norm: expected an input of shape (N, C, ...), got {input.shape}")
    n_channels = input.shape[1]
    for name, arr in (("running_mean", running_mean), ("running_var", running_var),
                      ("weight", weight), ("bias", bias)):
        if arr is not None and np.shape(_array(arr)) != (n_channels,):
            raise ValueError(
                f"batch_norm: input of shape {input.shape} has {n_channels} channels but "
                f"{name} has shape {np.shape(_array(arr))}"
            )
    if training and input.data.size // max(n_channels, 1) <= 1:
        raise ValueError(
            f"Expected more than 1 value per channel when training, got input size {input.shape}"
        )
    if not training and (running_mean is None or running_var is None):
        raise ValueError("batch_norm: running_mean and running_var are required when not training")
    rm = running_mean.data if isinstance(running_mean, Tensor) else running_mean
    rv = running_var.data if isinstance(running_var, Tensor) else running_var
    return fn.BatchNorm.apply(input, rm, rv, weight, bias, training=training,
                              momentum=momentum, eps=eps)


# ---- losses ---------------------------------------------------------------------------
def _class_targets(name: str, input: Tensor, target: Any, ignore_index: int | None) -> np.ndarray:
    """Integer class indices of the shape input.shape without its class axis, in range."""
    t = _array(target)
    expected = input.shape[:1] + input.shape[2:] if input.ndim > 1 else ()
    if input.ndim == 0:
        raise ValueError(f"{name}: input must have a class dimension, got shape {input.shape}")
    if t.shape != expected:
        raise ValueError(
            f"{name}: input of shape {input.shape} needs class-index targets of shape {expected}, "
            f"got target of shape {t.shape}"
        )
    if t.dtype.kind == "f":
        if not np.all(np.isfinite(t)) or np.any(t != np.round(t)):
            raise ValueError(f"{name}: class-index targets must be integers, got non-integer floats")
        t = t.astype(np.int64)
    elif t.dtype.kind not in "iu":
        raise TypeError(f"{name}: class-index targets must be integers, got dtype {t.dtype}")
    n_classes = input.shape[1] if input.ndim > 1 else input.shape[0]
    checked = t if ignore_index is None else t[t != ignore_index]
    bad = checked[(checked < 0) | (checked >= n_classes)]
    if bad.size:
        raise IndexError(f"{name}: target {bad.flat[0]} is out of bounds for {n_classes} classes")
    return t.astype(np.intp, copy=False)


def _class_weight(name: str, weight: Any, input: Tensor) -> np.ndarray | None:
    if weight is None:
        return None
    w = _array(weight, input.dtype)
    n_classes = input.shape[1] if input.ndim > 1 else input.shape[0]
    if w.shape != (n_classes,):
        raise ValueError(f"{name}: weight must have shape ({n_classes},) for input of shape "
                         f"{input.shape}, got {w.shape}")
    return w


def cross_entropy(input: Any, target: Any, weight: Any = None, ignore_index: int = -100,
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """Softmax cross-entropy from logits, fused (the stable log-sum-exp inside).

    Parameters
    ----------
    input : Tensor of shape (N, C), (N, C, d1, ...) or (C,)
        Unnormalised scores (logits).
    target : array-like
        Class indices of shape (N,) / (N, d1, ...) / (), or class probabilities with the
        shape of ``input``.
    weight : array-like of shape (C,), optional
        Class weights; "mean" then divides by the sum of the targets' weights.
    ignore_index : int, default=-100
        Targets with this value contribute nothing (and do not count in the mean).
    reduction : {"mean", "sum", "none"}, default="mean"
    label_smoothing : float in [0, 1], default=0.0
        ``(1 - eps) * nll + eps / C * sum_c(-log p_c)`` (weighted by the class weights).

    Returns
    -------
    Tensor
    """
    input = _tensor(input)
    _check_reduction(reduction, "cross_entropy")
    if not 0 <= label_smoothing <= 1:
        raise ValueError(f"cross_entropy: label_smoothing must be in [0, 1], got {label_smoothing}")
    w = _class_weight("cross_entropy", weight, input)
    t = _array(target)
    if t.dtype.kind == "f" and t.shape == input.shape and input.ndim > 0:
        t = t.astype(input.dtype, copy=False)  # class probabilities
    else:
        t = _class_targets("cross_entropy", input, t, ignore_index)
    return fn.CrossEntropy.apply(input, t, w, ignore_index=ignore_index, reduction=reduction,
                                 label_smoothing=label_smoothing)


def nll_loss(input: Any, target: Any, weight: Any = None, ignore_index: int = -100,
             reduction: str = "mean") -> Tensor:
    """Negative log-likelihood of log-probabilities: ``l_i = -w_{t_i} input[i, t_i]``.

    Parameters
    ----------
    input : Tensor of shape (N, C), (C,) or (N, C, d1, ...)
        Log-probabilities.
    target : array-like of integers of shape (N,), () or (N, d1, ...)
        Class indices in [0, C) (or ``ignore_index``); integral floats are accepted.
    weight : array-like of shape (C,), optional
        Class weights (default ones); "mean" divides by ``sum_i w_{t_i}``.
    ignore_index : int, default=-100
        Targets with this value contribute nothing (and do not count in the mean).
    reduction : {"mean", "sum", "none"}, default="mean"

    Returns
    -------
    Tensor
        A scalar, or of the target's shape with ``reduction="none"``.
    """
    input = _tensor(input)
    _check_reduction(reduction, "nll_loss")
    w = _class_weight("nll_loss", weight, input)
    t = _class_targets("nll_loss", input, target, ignore_index)
    return fn.NLLLoss.apply(input, t, w, ignore_index=ignore_index, reduction=reduction)


def multi_margin_loss(input: Any, target: Any, p: int = 1, margin: float = 1.0,
                      weight: Any = None, reduction: str = "mean") -> Tensor:
    """Multiclass hinge (SVM) loss
    ``l_i = w_{y_i} / C * sum_{j != y_i} max(0, margin - x_{i, y_i} + x_{ij})^p``.

    As in PyTorch the sum is divided by the number of classes C (not C - 1).

    Parameters
    ----------
    input : Tensor of shape (N, C) or (C,)
    target : array-like of integers of shape (N,) or ()
        Class indices in [0, C).
    p : {1, 2}, default=1
    margin : float, default=1.0
    weight : array-like of shape (C,), optional
        Class weights (default ones).
    reduction : {"mean", "sum", "none"}, default="mean"
        "mean" divides the sum by N.

    Returns
    -------
    Tensor
        A scalar, or of shape (N,) with ``reduction="none"``.
    """
    input = _tensor(input)
    _check_reduction(reduction, "multi_margin_loss")
    if p not in (1, 2):
        raise ValueError(f"multi_margin_loss: only p == 1 and p == 2 are supported, got {p}")
    if input.ndim not in (1, 2):
        raise ValueError(f"multi_margin_loss: input must be (N, C) or (C,), got {input.shape}")
    w = _class_weight("multi_margin_loss", weight, input)
    t = _class_targets("multi_margin_loss", input, target, None)
    return fn.MultiMarginLoss.apply(input, t, p=p, margin=margin, weight=w, reduction=reduction)


def binary_cross_entropy(input: Any, target: Any, weight: Any = None,
                         reduction: str = "mean") -> Tensor:
    """Binary cross-entropy of probabilities ``l = -w (y log p + (1 - y) log(1 - p))``, each log
    clamped at -100 (as PyTorch).

    Parameters
    ----------
    input : Tensor or array-like
        Probabilities in [0, 1] (a ValueError otherwise, NaN included).
    target : Tensor or array-like
        Same shape as ``input``; an array-like is cast to the input's dtype.
    weight : array-like, optional
        Rescaling weight broadcast against ``input``.
    reduction : {"mean", "sum", "none"}, default="mean"
        "mean" divides the sum by the number of elements.

    Returns
    -------
    Tensor
        A scalar, or of the input's shape with ``reduction="none"``.
    """
    input = _tensor(input)
    _check_reduction(reduction, "binary_cross_entropy")
    _same_shape("binary_cross_entropy", input, _array(target))
    if np.any((input.data < 0) | (input.data > 1)) or np.any(np.isnan(input.data)):
        raise ValueError("binary_cross_entropy: all elements of input should be between 0 and 1")
    target = target if isinstance(target, Tensor) else _array(target, input.dtype)
    return fn.BinaryCrossEntropy.apply(input, target, _array(weight, input.dtype),
                                       reduction=reduction)


def binary_cross_entropy_with_logits(input: Any, target: Any, weight: Any = None,
                                     reduction: str = "mean", pos_weight: Any = None) -> Tensor:
    """Sigmoid + binary cross-entropy, fused and stable:
    ``l = w (max(x, 0) - x y + log(1 + e^-|x|))``.

    With ``pos_weight`` ``q``: ``l = w ((1 - y) x + (1 + (q - 1) y) log(1 + e^-x))``.

    Parameters
    ----------
    input : Tensor or array-like
        Logits, any shape.
    target : Tensor or array-like
        Same shape as ``input``; an array-like is cast to the input's dtype.
    weight : array-like, optional
        Rescaling weight broadcast against ``input``.
    reduction : {"mean", "sum", "none"}, default="mean"
        "mean" divides the sum by the number of elements.
    pos_weight : array-like, optional
        Weight of the positive term, broadcast against ``input``.

    Returns
    -------
    Tensor
        A scalar, or of the input's shape with ``reduction="none"``.
    """
    input = _tensor(input)
    _check_reduction(reduction, "binary_cross_entropy_with_logits")
    _same_shape("binary_cross_entropy_with_logits", input, _array(target))
    target = target if isinstance(target, Tensor) else _array(target, input.dtype)
    return fn.BinaryCrossEntropyWithLogits.apply(
        input, target, _array(weight, input.dtype), _array(pos_weight, input.dtype),
        reduction=reduction)


def mse_loss(input: Any, target: Any, reduction: str = "mean") -> Tensor:
    """Squared error ``l = (x - y)^2``, reduced.

    Parameters
    ----------
    input : Tensor or array-like
    target : Tensor or array-like
        Same shape as ``input``; an array-like is cast to the input's dtype.
    reduction : {"mean", "sum", "none"}, default="mean"

    Returns
    -------
    Tensor
        A scalar, or of the input's shape with ``reduction="none"``.
    """
    input = _tensor(input)
    _check_reduction(reduction, "mse_loss")
    _same_shape("mse_loss", input, _array(target))
    target = target if isinstance(target, Tensor) else _array(target, input.dtype)
    return fn.MSELoss.apply(input, target, reduction=reduction)


def huber_loss(input: Any, target: Any, reduction: str = "mean", delta: float = 1.0) -> Tensor:
    """Huber loss ``l = d^2 / 2`` if ``|d| <= delta`` else ``delta (|d| - delta / 2)``, with
    ``d = x - y``, reduced.

    Parameters
    ----------
    input : Tensor or array-like
    target : Tensor or array-like
        Same shape as ``input``; an array-like is cast to the input's dtype.
    reduction : {"mean", "sum", "none"}, default="mean"
    delta : float, default=1.0
        Must be positive.

    Returns
    -------
    Tensor
        A scalar, or of the input's shape with ``reduction="none"``.
    """
    input = _tensor(input)
    _check_reduction(reduction, "huber_loss")
    if delta <= 0:
        raise ValueError(f"huber_loss: delta must be positive, got {delta}")
    _same_shape("huber_loss", input, _array(target))
    target = target if isinstance(target, Tensor) else _array(target, input.dtype)
    return fn.HuberLoss.apply(input, target, reduction=reduction, delta=delta)


# ---- convolution, pooling, embedding --------------------------------------------------
def _pair(value: Any, name: str, low: int | None = None, owner: str = "") -> tuple[int, int]:
    """``value`` as a pair of ints, each at least ``low`` when given (an error names ``name``)."""
    pair = (value, value) if isinstance(value, (int, np.integer)) else tuple(value)
    prefix = f"{owner}: " if owner else ""
    if (len(pair) != 2 or not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool)
                                  for v in pair)):
        raise ValueError(f"{prefix}{name} must be an int or a pair of ints, got {value!r}")
    if low is not None and min(pair) < low:
        kind = "positive" if low == 1 else f">= {low}"
        raise ValueError(f"{prefix}{name} must be {kind}, got {value!r}")
    return int(pair[0]), int(pair[1])


def _geometry(owner: str, kernel_size: Any, stride: Any, padding: Any, dilation: Any):
    """Validated (kernel, stride, padding, dilation) pairs: kernel, stride and dilation at
    least 1, padding at least 0; a string padding passes through."""
    kernel = _pair(kernel_size, "kernel_size", 1, owner)
    stride = _pair(stride, "stride", 1, owner)
    dilation = _pair(dilation, "dilation", 1, owner)
    padding = padding if isinstance(padding, str) else _pair(padding, "padding", 0, owner)
    return kernel, stride, padding, dilation


def _batched(name: str, input: Tensor) -> tuple[Tensor, bool]:
    """(N, C, H, W) stays; an unbatched (C, H, W) image gets a batch of one."""
    if input.ndim == 3:
        return input.unsqueeze(0), True
    if input.ndim != 4:
        raise ValueError(f"{name}: expected a 3D (C, H, W) or 4D (N, C, H, W) input, got shape {input.shape}")
    return input, False


def _conv_pads(padding: Any, kernel, stride, dilation) -> tuple:
    """((top, bottom), (left, right)) of an int/pair padding, "valid" or "same"."""
    if isinstance(padding, str):
        if padding == "valid":
            return ((0, 0), (0, 0))
        if padding == "same":
            if stride != (1, 1):
                raise ValueError("conv2d: padding='same' is not supported for strided convolutions")
            totals = [d * (k - 1) for d, k in zip(dilation, kernel)]
            return tuple((t // 2, t - t // 2) for t in totals)
        raise ValueError(f"conv2d: padding must be an int, a pair, 'valid' or 'same', got {padding!r}")
    return tuple((p, p) for p in padding)


def _check_conv_input(name: str, input: Tensor, w: np.ndarray, in_channels: int, groups: int,
                      pads, dilation) -> None:
    if w.ndim != 4:
        raise ValueError(f"{name}: weight must be 4D, got shape {w.shape}")
    if not isinstance(groups, (int, np.integer)) or groups < 1 or w.shape[0] % groups:
        raise ValueError(f"{name}: weight of shape {w.shape} cannot be split in groups={groups!r}")
    if input.shape[1] != in_channels:
        raise ValueError(
            f"{name}: given groups={groups}, weight of shape {w.shape} expects input with "
            f"{in_channels} channels, but the input of shape {input.shape} has {input.shape[1]}"
        )
    for axis in (0, 1):
        span = input.shape[2 + axis] + sum(pads[axis])
        if span < dilation[axis] * (w.shape[2 + axis] - 1) + 1:
            raise ValueError(f"{name}: the kernel {tuple(w.shape[2:])} (dilation {dilation}) is "
                             f"larger than the padded input of shape {input.shape} (padding {pads})")


def conv2d(input: Any, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """2-D cross-correlation ``y[n, o] = sum_c w[o, c] * x[n, c] + b[o]`` (PyTorch's conv2d).

    Parameters
    ----------
    input : Tensor of shape (N, C, H, W) or (C, H, W)
    weight : Tensor of shape (O, C / groups, kh, kw)
    bias : Tensor of shape (O,), optional
    stride, dilation : int or (int, int), default=1
    padding : int, (int, int), "valid" or "same", default=0
        Zero padding on both sides; "same" keeps H and W (stride 1 only; an odd total
        padding puts the extra row/column at the bottom/right, as PyTorch).
    groups : int, default=1
        Input and output channels are split into ``groups`` independent convolutions.

    Returns
    -------
    Tensor of shape (N, O, H_out, W_out), ``H_out = floor((H + 2 p - d (kh - 1) - 1) / s) + 1``.
    """
    w = _array(weight)
    input, unbatched = _batched("conv2d", _input_like(input, w))
    if w.ndim != 4:
        raise ValueError(f"conv2d: weight must have shape (O, C/groups, kh, kw), got {w.shape}")
    _, stride, padding, dilation = _geometry("conv2d", w.shape[2:], stride, padding, dilation)
    pads = _conv_pads(padding, w.shape[2:], stride, dilation)
    _check_conv_input("conv2d", input, w, w.shape[1] * groups, groups, pads, dilation)
    out = _conv.Conv2d.apply(input, weight, bias, stride=stride, pads=pads, dilation=dilation,
                             groups=groups)
    return out.squeeze(0) if unbatched else out


def conv_transpose2d(input: Any, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1,
                     dilation: Any = 1) -> Tensor:
    """Transposed convolution (PyTorch's conv_transpose2d): the gradient of ``conv2d`` with
    respect to its input, so each input pixel spreads ``w[c, o] x[n, c, h, w]`` over a window.

    Parameters
    ----------
    input : Tensor of shape (N, C_in, H, W) or (C_in, H, W)
    weight : Tensor of shape (C_in, C_out / groups, kh, kw)
    bias : Tensor of shape (C_out,), optional
    stride, dilation : int or (int, int), default=1
    padding : int or (int, int), default=0
        Rows/columns removed from each side of the full output (``dilation (k - 1) - padding``
        zero padding of the equivalent direct convolution).
    output_padding : int or (int, int), default=0
        Extra rows/columns added to one side of the output (smaller than stride or dilation).
    groups : int, default=1

    Returns
    -------
    Tensor of shape (N, C_out, H_out, W_out), with
    ``H_out = (H - 1) s - 2 p + d (kh - 1) + output_padding + 1``.
    """
    w = _array(weight)
    input, unbatched = _batched("conv_transpose2d", _input_like(input, w))
    if w.ndim != 4:
        raise ValueError(f"conv_transpose2d: weight must have shape (C_in, C_out/groups, kh, kw), "
                         f"got {w.shape}")
    _, stride, padding, dilation = _geometry("conv_transpose2d", w.shape[2:], stride, padding,
                                             dilation)
    out_pad = _pair(output_padding, "output_padding", 0, "conv_transpose2d")
    if any(op >= max(s, d) for op, s, d in zip(out_pad, stride, dilation)):
        raise ValueError(f"conv_transpose2d: output_padding {out_pad} must be smaller than either "
                         f"stride {stride} or dilation {dilation}")
    if input.shape[1] != w.shape[0]:
        raise ValueError(f"conv_transpose2d: weight of shape {w.shape} expects input with "
                         f"{w.shape[0]} channels, but the input of shape {input.shape} has "
                         f"{input.shape[1]}")
    if not isinstance(groups, (int, np.integer)) or groups < 1 or w.shape[0] % groups:
        raise ValueError(f"conv_transpose2d: weight of shape {w.shape} cannot be split in "
                         f"groups={groups!r}")
    out_hw = tuple((n - 1) * s - 2 * p + d * (k - 1) + op + 1 for n, s, p, d, k, op in
                   zip(input.shape[2:], stride, padding, dilation, w.shape[2:], out_pad))
    if min(out_hw) < 1:
        raise ValueError(f"conv_transpose2d: the input of shape {input.shape} gives an empty "
                         f"output {out_hw} (padding {padding} is too large)")
    out = _conv.ConvTranspose2d.apply(input, weight, bias, stride=stride,
                                      pads=tuple((p, p) for p in padding), dilation=dilation,
                                      groups=groups, out_hw=out_hw)
    return out.squeeze(0) if unbatched else out


def _pool_geometry(name: str, input: Tensor, kernel_size: Any, stride: Any, padding: Any,
                   dilation: Any, ceil_mode: bool):
    stride = kernel_size if stride is None or stride == [] else stride
    kernel, stride, pad, dilation = _geometry(name, kernel_size, stride, padding, dilation)
    if any(p > k // 2 for p, k in zip(pad, kernel)):
        raise ValueError(f"{name}: pad should be at most half of effective kernel size, but got "
                         f"pad={pad} and kernel_size={kernel}")
    out_hw = tuple(_conv.pool_output_size(input.shape[2 + a], kernel[a], stride[a], pad[a],
                                          dilation[a], ceil_mode) for a in (0, 1))
    if min(out_hw) < 1:
        raise ValueError(f"{name}: input of shape {input.shape} is too small for kernel_size "
                         f"{kernel} (output size {out_hw})")
    # ceil_mode may read past the padded input: pad the far side a little more
    pads = tuple((pad[a], pad[a] + max(0, (out_hw[a] - 1) * stride[a] + dilation[a] * (kernel[a] - 1)
                                          + 1 - input.shape[2 + a] - 2 * pad[a])) for a in (0, 1))
    return kernel, stride, pad, dilation, pads, out_hw


def max_pool2d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """Maximum over each window: ``y[n, c, i, j] = max_{a, b} x[n, c, s_h i + d_h a, s_w j + d_w b]``
    (on the input padded with -inf). The gradient goes to the first maximum of each window.

    Parameters
    ----------
    input : Tensor or array-like of shape (N, C, H, W) or (C, H, W)
    kernel_size : int or (int, int)
    stride : int or (int, int), optional
        Defaults to ``kernel_size``.
    padding : int or (int, int), default=0
        At most half the kernel size.
    dilation : int or (int, int), default=1
    ceil_mode : bool, default=False
        Round the output size up instead of down (PyTorch's formula).
    return_indices : bool, default=False
        Also return the flat index of each maximum in its (unpadded) H x W input plane.

    Returns
    -------
    Tensor of shape (N, C, H_out, W_out) (or (C, H_out, W_out)), and the int indices of the
    same shape with ``return_indices``; ``H_out = floor((H + 2 p - d (k - 1) - 1) / s) + 1``.
    """
    input, unbatched = _batched("max_pool2d", _tensor(input))
    kernel, stride, _, dilation, pads, out_hw = _pool_geometry(
        "max_pool2d", input, kernel_size, stride, padding, dilation, ceil_mode)
    if not return_indices:
        values = _conv.MaxPool2d.apply(input, kernel, stride, pads, dilation, out_hw)
        return values.squeeze(0) if unbatched else values
    values, indices = _conv.MaxPool2d.apply(input, kernel, stride, pads, dilation, out_hw,
                                            return_indices=True)
    if unbatched:
        values, indices = values.squeeze(0), indices.squeeze(0)
    return values, indices


def avg_pool2d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,
               ceil_mode: bool = False, count_include_pad: bool = True,
               divisor_override: int | None = None) -> Tensor:
    """Mean over each window (zero padding): the window sum divided by the window size, the
    window clipped to the padded input (``count_include_pad=True``) or to the input itself.

    Parameters
    ----------
    input : Tensor or array-like of shape (N, C, H, W) or (C, H, W)
    kernel_size : int or (int, int)
    stride : int or (int, int), optional
        Defaults to ``kernel_size``.
    padding : int or (int, int), default=0
        At most half the kernel size.
    ceil_mode : bool, default=False
        Round the output size up instead of down.
    count_include_pad : bool, default=True
        Count the zero padding in the divisor.
    divisor_override : int, optional
        Divide every window sum by this positive number instead.

    Returns
    -------
    Tensor of shape (N, C, H_out, W_out) (or (C, H_out, W_out)), with
    ``H_out = floor((H + 2 p - k) / s) + 1``.
    """
    input, unbatched = _batched("avg_pool2d", _tensor(input))
    kernel, stride, pad, _, pads, out_hw = _pool_geometry(
        "avg_pool2d", input, kernel_size, stride, padding, 1, ceil_mode)
    if divisor_override is not None:
        if divisor_override <= 0:
            raise ValueError(f"avg_pool2d: divisor must be positive, got {divisor_override}")
        divisor = np.asarray(divisor_override, dtype=input.dtype)
    else:  # count the cells of each window that lie in the (padded) input
        h, w = input.shape[2:]
        full = (h + pads[0][0] + pads[0][1], w + pads[1][0] + pads[1][1])
        inside = np.zeros((1, 1, *full), dtype=input.dtype)
        if count_include_pad:
            inside[..., :h + 2 * pad[0], :w + 2 * pad[1]] = 1
        else:
            inside[..., pad[0]:pad[0] + h, pad[1]:pad[1] + w] = 1
        divisor = _conv.window_sum(inside, kernel, stride, (1, 1), out_hw)[0, 0]
    out = _conv.AvgPool2d.apply(input, kernel, stride, pads, out_hw, divisor)
    return out.squeeze(0) if unbatched else out


# ---- padding, adaptive pooling, upsampling: separable linear maps y = A x B^T ----------
_PAD_MODES = {"constant": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def _pad_matrix(size: int, before: int, after: int, mode: str) -> np.ndarray:
    """(size + before + after, size) 0/1 matrix copying each padded position's source (a zero
    row for a constant pad)."""
    if mode == "constant":
        source = np.pad(np.arange(size), (before, after), constant_values=-1)
    else:
        source = np.pad(np.arange(size), (before, after), mode=_PAD_MODES[mode])
    return (source[:, None] == np.arange(size)[None, :]).astype(np.float64)


def pad(input: Any, pad: Any, mode: str = "constant", value: float | None = None) -> Tensor:
    """Pad the last two dimensions (PyTorch's ``F.pad`` for images).

    Parameters
    ----------
    input : Tensor or array-like with at least 2 dimensions
    pad : (left, right) or (left, right, top, bottom)
        Non-negative sizes, last dimension first (PyTorch's order).
    mode : {"constant", "reflect", "replicate", "circular"}, default="constant"
        ``reflect`` mirrors without repeating the edge (pad < size), ``replicate`` repeats the
        edge, ``circular`` wraps around (pad <= size).
    value : float, default=0
        Fill value of the constant mode.

    Returns
    -------
    Tensor with the last two dimensions grown by ``top + bottom`` and ``left + right``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.nn import functional as F
    >>> F.pad(np.arange(3.0).reshape(1, 3), (2, 1), mode="reflect").data
    array([[2., 1., 0., 1., 2., 1.]])
    """
    input = _tensor(input)
    if mode not in _PAD_MODES:
        raise ValueError(f"pad: mode must be one of {tuple(_PAD_MODES)}, got {mode!r}")
    sizes = tuple(pad)
    if len(sizes) not in (2, 4) or input.ndim < len(sizes) // 2:
        raise ValueError(f"pad: expected (left, right) or (left, right, top, bottom) for an input "
                         f"of shape {input.shape}, got {pad!r}")
    if not all(isinstance(p, (int, np.integer)) and p >= 0 for p in sizes):
        raise ValueError(f"pad: padding sizes must be non-negative ints, got {pad!r}")
    if value is not None and mode != "constant":
        raise ValueError(f"pad: value is only used by the constant mode, not {mode!r}")
    sizes = sizes + (0, 0) * (len(sizes) == 2)
    h, w = (input.shape[-2] if input.ndim >= 2 else 1), input.shape[-1]
    squeeze = input.ndim == 1
    x = input.reshape(1, w) if squeeze else input
    for (before, after), size, axis in (((sizes[2], sizes[3]), h, "height"),
                                        ((sizes[0], sizes[1]), w, "width")):
        limit = size - 1 if mode == "reflect" else size
        if mode in ("reflect", "circular") and max(before, after) > limit:
            raise ValueError(f"pad: {mode} padding of {max(before, after)} along the {axis} needs "
                             f"an input of at least {max(before, after) + (mode == 'reflect')}, "
                             f"got shape {input.shape}")
    rows = _pad_matrix(h, sizes[2], sizes[3], mode)
    cols = _pad_matrix(w, sizes[0], sizes[1], mode)
    out = fn_resample.Separable2d.apply(x, rows, cols)
    if mode == "constant" and value:  # the zero rows/columns get the fill value
        out = out + value * (1 - np.outer(rows.sum(1), cols.sum(1))).astype(out.dtype)
    return out.reshape(-1) if squeeze else out


def _adaptive_matrix(size: int, out: int) -> np.ndarray:
    """(out, size) averaging matrix of PyTorch's adaptive bins
    ``[floor(i size / out), ceil((i + 1) size / out))``."""
    i = np.arange(out)
    start, stop = (i * size) // out, -((-(i + 1) * size) // out)
    cells = np.arange(size)[None, :]
    inside = (cells >= start[:, None]) & (cells < stop[:, None])
    return inside / (stop - start)[:, None]


def adaptive_avg_pool2d(input: Any, output_size: Any) -> Tensor:
    """Average over adaptive windows so that the output has ``output_size`` (PyTorch's bins:
    output cell ``i`` averages input rows ``floor(i H / H_out)`` to ``ceil((i + 1) H / H_out) - 1``,
    which overlap when H_out does not divide H).

    Parameters
    ----------
    input : Tensor or array-like of shape (N, C, H, W) or (C, H, W)
    output_size : int or (int or None, int or None)
        None keeps that dimension.

    Returns
    -------
    Tensor of shape (N, C, H_out, W_out)
    """
    input, unbatched = _batched("adaptive_avg_pool2d", _tensor(input))
    size = (output_size, output_size) if isinstance(output_size, (int, np.integer)) else tuple(output_size)
    if len(size) != 2:
        raise ValueError(f"adaptive_avg_pool2d: output_size must be an int or a pair, got {output_size!r}")
    size = tuple(input.shape[2 + a] if size[a] is None else size[a] for a in (0, 1))
    _pair(size, "output_size", 1, "adaptive_avg_pool2d")
    out = fn_resample.Separable2d.apply(input, _adaptive_matrix(input.shape[2], size[0]),
                                        _adaptive_matrix(input.shape[3], size[1]))
    return out.squeeze(0) if unbatched else out


def _interpolation_matrix(size: int, out: int, scale: float, mode: str,
                          align_corners: bool = False) -> np.ndarray:
    """(out, size) weights of nearest or bilinear resampling; ``scale`` is input pixels per
    output pixel (PyTorch's source-index formulas). With ``align_corners`` the corner pixels'
    centres coincide: source = dst (size - 1) / (out - 1)."""
    dst = np.arange(out)
    weights = np.zeros((out, size))
    if mode == "nearest":  # source = floor(dst * scale), computed in float32 as PyTorch
        src = np.minimum(np.floor(dst.astype(np.float32) * np.float32(scale)).astype(int), size - 1)
        weights[dst, src] = 1.0
        return weights
    if align_corners:
        src = dst * ((size - 1) / (out - 1) if out > 1 else 0.0)
    else:
        src = np.maximum((dst + 0.5) * scale - 0.5, 0.0)  # pixel centres, clamped at the first
    low = np.minimum(np.floor(src).astype(int), size - 1)
    high = np.minimum(low + 1, size - 1)
    frac = src - low
    np.add.at(weights, (dst, low), 1 - frac)
    np.add.at(weights, (dst, high), frac)
    return weights


def interpolate(input: Any, size: Any = None, scale_factor: Any = None, mode: str = "nearest",
                align_corners: bool | None = None) -> Tensor:
    """Resize (N, C, H, W) images by nearest-neighbour or bilinear interpolation (PyTorch's
    ``F.interpolate``).

    Parameters
    ----------
    input : Tensor or array-like of shape (N, C, H, W)
    size : int or (int, int), optional
        Output height and width (give ``size`` or ``scale_factor``).
    scale_factor : float or (float, float), optional
        Output size ``floor(H * scale_factor)``; the source position of output pixel ``i`` is
        ``(i + 0.5) / scale_factor - 0.5`` (bilinear) or ``floor(i / scale_factor)`` (nearest).
    mode : {"nearest", "bilinear"}, default="nearest"
    align_corners : bool, optional
        Bilinear only. False/None (the default): pixels are squares and the source position
        is computed from pixel centres. True: the corner pixels of input and output are
        aligned, the source of output pixel ``i`` is ``i (H - 1) / (H_out - 1)`` whatever
        ``scale_factor`` says.

    Returns
    -------
    Tensor of shape (N, C, H_out, W_out)

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.nn import functional as F
    >>> x = np.array([[[[0.0, 1.0]]]])
    >>> F.interpolate(x, size=(1, 3), mode="bilinear", align_corners=True).numpy()
    array([[[[0. , 0.5, 1. ]]]])
    """
    input = _tensor(input)
    if input.ndim != 4:
        raise ValueError(f"interpolate: expected a 4D (N, C, H, W) input, got shape {input.shape}")
    if mode not in ("nearest", "bilinear"):
        raise ValueError(f"interpolate: mode must be 'nearest' or 'bilinear', got {mode!r}")
    if align_corners is not None and mode == "nearest":
        raise ValueError("interpolate: align_corners only applies to the bilinear mode")
    if (size is None) == (scale_factor is None):
        raise ValueError("interpolate: give exactly one of size and scale_factor")
    hw = input.shape[2:]
    if size is not None:
        out = _pair(size, "size", 1, "interpolate")
        scales = [n / o for n, o in zip(hw, out)]
    else:
        factors = ((scale_factor, scale_factor) if np.isscalar(scale_factor)
                   else tuple(scale_factor))
        if len(factors) != 2 or not all(np.isfinite(f) and f > 0 for f in factors):
            raise ValueError(f"interpolate: scale_factor must be positive, got {scale_factor!r}")
        out = tuple(int(np.floor(n * f)) for n, f in zip(hw, factors))
        if min(out) < 1:
            raise ValueError(f"interpolate: scale_factor {scale_factor!r} gives an empty output "
                             f"for the input of shape {input.shape}")
        scales = [1 / f for f in factors]
    return fn_resample.Separable2d.apply(
        input, *(_interpolation_matrix(n, o, s, mode, bool(align_corners))
                 for n, o, s in zip(hw, out, scales)))


def embedding(input: Any, weight: Tensor, padding_idx: int | None = None) -> Tensor:
    """Rows of ``weight`` picked by integer indices: ``y[..., :] = weight[input[...], :]``.

    Parameters
    ----------
    input : Tensor or array-like of integers, any shape
        Indices in [0, num_embeddings); any other index raises IndexError, as in PyTorch.
    weight : Tensor of shape (num_embeddings, D)
    padding_idx : int, optional
        This row receives no gradient (negative values count from the end).

    Returns
    -------
    Tensor of shape ``input.shape + (D,)``
    """
    idx = _array(input)
    if idx.dtype.kind not in "iu":
        raise TypeError(f"embedding: indices must be integers, got dtype {idx.dtype}")
    n = _array(weight).shape[0]
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        bad = idx.min() if idx.min() < 0 else idx.max()
        raise IndexError(f"embedding: index {bad} is out of range for {n} embeddings "
                         f"(indices must be in [0, {n}))")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += n
    return _embedding.Embedding.apply(weight, idx, padding_idx=padding_idx)
    return _conv.Embedding.apply(weight, idx, padding_idx=padding_idx)


# ---- attention and the Transformer -------------------------------------------------------
def layer_norm(input: Any, normalized_shape: Any, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    """Normalise over the last ``len(normalized_shape)`` dimensions, then scale and shift.

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias`` with the biased variance, as
    ``torch.nn.functional.layer_norm``.
    """
    input = _tensor(input)
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if input.shape[input.ndim - len(shape):] != shape:
        raise ValueError(f"layer_norm: normalized_shape={list(shape)} does not match the last "
                         f"dimensions of the input of shape {input.shape}.")
    return attention_fn.LayerNorm.apply(input, weight, bias, len(shape), eps)


def gelu(input: Any, approximate: str = "none") -> Tensor:
    """``x Phi(x)`` (``approximate="none"``) or its tanh approximation (``"tanh"``)."""
    if approximate not in ("none", "tanh"):
        raise ValueError(f"gelu: approximate must be 'none' or 'tanh'; got {approximate!r}.")
    return attention_fn.GELU.apply(_tensor(input), approximate)


def scaled_dot_product_attention(query: Any, key: Any, value: Any, attn_mask: Any = None,
                                 dropout_p: float = 0.0, is_causal: bool = False,
                                 scale: float | None = None) -> Tensor:
    r"""``softmax(Q K^T * scale + mask) V``, as ``torch.nn.functional.scaled_dot_product_attention``.

    Parameters
    ----------
    query : Tensor of shape (..., L, E)
    key : Tensor of shape (..., S, E)
    value : Tensor of shape (..., S, Ev)
    attn_mask : array-like broadcastable to (..., L, S), optional
        Boolean: True means the position *takes part* in attention. Float: added to the
        scores (``-inf`` masks out).
    dropout_p : float, default=0.0
        Dropout on the attention weights (always applied when > 0, as PyTorch's function).
    is_causal : bool, default=False
        Query ``i`` attends to keys ``j <= i`` only; cannot be combined with ``attn_mask``.
    scale : float, optional
        Defaults to ``1 / sqrt(E)``.

    Returns
    -------
    Tensor of shape (..., L, Ev)
        A query whose keys are all masked out gets zeros.
    """
    out, _ = _attention(query, key, value, attn_mask, dropout_p, is_causal, scale)
    return out


def _attention(query: Any, key: Any, value: Any, attn_mask: Any, dropout_p: float,
               is_causal: bool, scale: float | None) -> tuple[Tensor, Tensor]:
    query, key, value = _tensor(query), _tensor(key), _tensor(value)
    if query.ndim < 2 or key.ndim < 2 or value.ndim < 2:
        raise ValueError("scaled_dot_product_attention: query, key and value need at least 2 "
                         "dimensions (..., sequence, features).")
    if query.shape[-1] != key.shape[-1] or key.shape[-2] != value.shape[-2]:
        raise ValueError(f"scaled_dot_product_attention: query {query.shape}, key {key.shape} "
                         f"and value {value.shape} do not match (E of query and key, S of key "
                         "and value).")
    if not 0.0 <= dropout_p < 1.0:
        raise ValueError(f"dropout_p must be in [0, 1); got {dropout_p}.")
    L, S = query.shape[-2], key.shape[-2]
    if is_causal:
        if attn_mask is not None:
            raise ValueError("scaled_dot_product_attention: give either attn_mask or "
                             "is_causal=True, not both.")
        attn_mask = np.tril(np.ones((L, S), dtype=bool))
    mask = _additive_mask(attn_mask, query.dtype, (L, S), keep_value=True)
    keep = None
    if dropout_p > 0:
        shape = np.broadcast_shapes(query.shape[:-1], key.shape[:-2] + (L,)) + (S,)
        keep = ((default_generator().random(shape) >= dropout_p) / (1.0 - dropout_p)
                ).astype(query.dtype)
    scale = 1.0 / math.sqrt(query.shape[-1]) if scale is None else float(scale)
    return attention_fn.ScaledDotProductAttention.apply(query, key, value, mask, scale, keep)


def _additive_mask(mask: Any, dtype: np.dtype, last: tuple[int, int], *,
                   keep_value: bool, name: str = "attn_mask") -> Any:
    """A float mask to add to the scores: boolean masks become 0 / -inf, where ``keep_value``
    is the boolean that means "attend"."""
    if mask is None:
        return None
    if isinstance(mask, Tensor) and mask.requires_grad:
        return mask
    array = mask.data if isinstance(mask, Tensor) else np.asarray(mask)
    try:
        np.broadcast_shapes(array.shape[-2:], last)
    except ValueError:
        raise ValueError(f"{name} of shape {array.shape} does not broadcast to "
                         f"(..., {last[0]}, {last[1]}).") from None
    if array.dtype == bool:
        attend = array if keep_value else ~array
        return np.where(attend, 0.0, -np.inf).astype(dtype)
    if array.dtype.kind != "f":
        raise ValueError(f"{name} must be boolean or float; got dtype {array.dtype}.")
    return array.astype(dtype, copy=False)


# ---- losses of the training paradigms: distributions, metric learning ---------------------
def _reduced(loss: Tensor, reduction: str) -> Tensor:
    return loss if reduction == "none" else loss.sum() if reduction == "sum" else loss.mean()


def kl_div(input: Any, target: Any, reduction: str = "mean", log_target: bool = False) -> Tensor:
    """Kullback-Leibler divergence ``l = t (log t - x)`` with ``x`` log-probabilities.

    As ``torch.nn.functional.kl_div``: ``target`` holds probabilities (``0 log 0 = 0``), or
    log-probabilities with ``log_target=True`` (``l = e^t (t - x)``). ``reduction="batchmean"``
    divides the sum by the batch size, the true KL divergence per sample.
    """
    input = _tensor(input)
    if reduction not in ("none", "mean", "sum", "batchmean"):
        raise ValueError(f"kl_div: reduction must be 'none', 'mean', 'sum' or 'batchmean'; "
                         f"got {reduction!r}.")
    _same_shape("kl_div", input, _array(target))
    target = target if isinstance(target, Tensor) else tensor(_array(target, input.dtype))
    if log_target:
        loss = target.exp() * (target - input)
    else:  # xlogy: 0 where the target is 0
        positive = target.data > 0
        loss = where(positive, target * (where(positive, target, 1.0).log() - input), 0.0)
    if reduction == "batchmean":
        return loss.sum() / (input.shape[0] if input.ndim else 1)
    return _reduced(loss, reduction)


def pairwise_distance(x1: Any, x2: Any, p: float = 2.0, eps: float = 1e-6,
                      keepdim: bool = False) -> Tensor:
    """``||x1 - x2 + eps||_p`` over the last dimension (``torch.nn.functional.pairwise_distance``)."""
    x1, x2 = _tensor(x1), _tensor(x2)
    diff = x1 - x2 + eps
    if p == float("inf"):
        return diff.abs().max(axis=-1, keepdims=keepdim)
    return (diff.abs() ** p).sum(axis=-1, keepdims=keepdim) ** (1.0 / p)


def triplet_margin_loss(anchor: Any, positive: Any, negative: Any, margin: float = 1.0,
                        p: float = 2.0, eps: float = 1e-6, swap: bool = False,
                        reduction: str = "mean") -> Tensor:
    """``max(d(a, p) - d(a, n) + margin, 0)`` with ``d`` the :func:`pairwise_distance`.

    With ``swap=True`` the negative distance is ``min(d(a, n), d(p, n))`` (Balntas et al.).
    """
    _check_reduction(reduction, "triplet_margin_loss")
    anchor, positive, negative = _tensor(anchor), _tensor(positive), _tensor(negative)
    if not anchor.shape == positive.shape == negative.shape:
        raise ValueError(f"triplet_margin_loss: anchor {anchor.shape}, positive "
                         f"{positive.shape} and negative {negative.shape} must have one shape.")
    d_pos = pairwise_distance(anchor, positive, p, eps)
    d_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        d_swap = pairwise_distance(positive, negative, p, eps)
        d_neg = where(d_swap.data < d_neg.data, d_swap, d_neg)
    return _reduced((d_pos - d_neg + margin).clip(min=0.0), reduction)


def cosine_embedding_loss(input1: Any, input2: Any, target: Any, margin: float = 0.0,
                          reduction: str = "mean") -> Tensor:
    """``1 - cos(x1, x2)`` for ``y = 1`` and ``max(0, cos(x1, x2) - margin)`` for ``y = -1``,
    with PyTorch's ``cos = x1.x2 / sqrt((|x1|^2 + 1e-12)(|x2|^2 + 1e-12))``."""
    _check_reduction(reduction, "cosine_embedding_loss")
    input1, input2 = _tensor(input1), _tensor(input2)
    y = np.asarray(_array(target))
    if input1.shape != input2.shape or y.shape != input1.shape[:-1]:
        raise ValueError(f"cosine_embedding_loss: inputs {input1.shape} and {input2.shape} "
                         f"and target {y.shape} do not match (target: the inputs' shape "
                         "without the last dimension).")
    if not np.all(np.isin(y, (-1, 1))):
        raise ValueError("cosine_embedding_loss: the target must be 1 or -1.")
    eps = 1e-12
    cos = (input1 * input2).sum(axis=-1) / (((input1 * input1).sum(axis=-1) + eps)
                                            * ((input2 * input2).sum(axis=-1) + eps)).sqrt()
    loss = where(y == 1, 1.0 - cos, (cos - margin).clip(min=0.0))
    return _reduced(loss, reduction)


def nt_xent_loss(z1: Any, z2: Any, temperature: float = 0.5, reduction: str = "mean") -> Tensor:
    r"""SimCLR's normalized temperature-scaled cross-entropy over the ``2N`` views of a batch.

    The rows of ``z1`` and ``z2`` are two augmented views of the same ``N`` examples. All
    ``2N`` embeddings are normalised to unit length, ``s_ij = z_i . z_j / temperature``, and
    view ``i`` must pick its partner ``p(i)`` (``i + N`` modulo ``2N``) among the ``2N - 1``
    others:

    .. math:: \ell_i = -\log \frac{\exp(s_{i,p(i)})}{\sum_{k \ne i} \exp(s_{ik})}

    Parameters
    ----------
    z1, z2 : Tensor of shape (N, D)
        Embeddings (projections) of the first and second views.
    temperature : float, default=0.5
        Positive; a small temperature weights the hardest negatives most.
    reduction : {"mean", "sum", "none"}, default="mean"
        "none" returns the ``2N`` per-view losses, the views of ``z1`` first.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.nn import functional as F
    >>> z = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> round(F.nt_xent_loss(z, z, temperature=1.0).item(), 4)  # log(1 + 2 e^-1)
    0.5514
    """
    _check_reduction(reduction, "nt_xent_loss")
    if isinstance(temperature, bool) or not (isinstance(temperature, numbers.Real) and 0 < temperature < math.inf):
        raise ValueError(f"nt_xent_loss: temperature must be a positive number, got {temperature!r}")
    z1, z2 = _tensor(z1), _tensor(z2)
    if z1.ndim != 2 or z1.shape != z2.shape or z1.shape[0] == 0:
        raise ValueError(f"nt_xent_loss: z1 {z1.shape} and z2 {z2.shape} must both be (N, D) "
                         "with N >= 1, one row per example.")
    for name, z in (("z1", z1), ("z2", z2)):
        if not np.all(np.isfinite(z.data)):
            raise ValueError(f"nt_xent_loss: {name} holds NaN or infinite values.")
    return fn.NTXentLoss.apply(z1, z2, temperature=float(temperature), reduction=reduction)
