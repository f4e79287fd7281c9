"""Loss layers: settings (and class-weight buffers, as in PyTorch) around nn.functional."""

from __future__ import annotations

import math
import numbers
from typing import Any

from ..autograd import Tensor
from . import functional as F
from ._module import Module


class _Loss(Module):
    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        if reduction not in ("none", "mean", "sum"):
            raise ValueError(f"{type(self).__name__}: reduction must be 'none', 'mean' or "
                             f"'sum', got {reduction!r}")
        self.reduction = reduction


class _WeightedLoss(_Loss):
    def __init__(self, weight: Any = None, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.register_buffer("weight", weight)  # saved in state_dict, as in PyTorch


class MSELoss(_Loss):
    """Mean squared error: ``l_i = (x_i - y_i)^2``, then reduced.

    Parameters
    ----------
    reduction : {"mean", "sum", "none"}, default="mean"
        "mean" averages over every element, "sum" adds them, "none" returns ``l``.

    Shape
    -----
    - Input: any shape.
    - Target: the shape of the input (a Tensor or an array-like).
    - Output: a scalar, or the input's shape with ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn, tensor
    >>> nn.MSELoss()(tensor([1.0, 2.0]), np.array([0.0, 0.0])).item()
    2.5
    """

    def forward(self, input: Any, target: Any) -> Tensor:
        return F.mse_loss(input, target, reduction=self.reduction)


class HuberLoss(_Loss):
    """Huber loss: ``l_i = d_i^2 / 2`` if ``|d_i| <= delta`` else ``delta (|d_i| - delta / 2)``,
    with ``d = x - y``, then reduced.

    Parameters
    ----------
    reduction : {"mean", "sum", "none"}, default="mean"
        "mean" averages over every element, "sum" adds them, "none" returns ``l``.
    delta : float, default=1.0
        Where the loss turns from quadratic to linear; must be positive.

    Shape
    -----
    - Input: any shape.
    - Target: the shape of the input.
    - Output: a scalar, or the input's shape with ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn, tensor
    >>> nn.HuberLoss(reduction="none")(tensor([0.5, 3.0]), np.zeros(2)).data.tolist()
    [0.125, 2.5]
    """

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__(reduction)
        self.delta = delta

    def forward(self, input: Any, target: Any) -> Tensor:
        return F.huber_loss(input, target, reduction=self.reduction, delta=self.delta)


class BCELoss(_WeightedLoss):
    """Binary cross-entropy of probabilities:
    ``l_i = -w_i (y_i log p_i + (1 - y_i) log(1 - p_i))``, each log clamped at -100.

    Parameters
    ----------
    weight : array-like, optional
        Rescaling weight ``w`` broadcast against the input (a buffer saved in the state dict).
    reduction : {"mean", "sum", "none"}, default="mean"
        "mean" divides the sum by the number of elements (not by the sum of the weights).

    Shape
    -----
    - Input: probabilities in [0, 1], any shape (a ValueError otherwise).
    - Target: the shape of the input, values in [0, 1].
    - Output: a scalar, or the input's shape with ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn, tensor
    >>> loss = nn.BCELoss()(tensor([0.8, 0.4]), np.array([1.0, 0.0]))
    >>> round(loss.item(), 6)  # -(log 0.8 + log 0.6) / 2
    0.366985
    """

    def forward(self, input: Any, target: Any) -> Tensor:
        return F.binary_cross_entropy(input, target, weight=self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_WeightedLoss):
    """Sigmoid + binary cross-entropy from logits, fused and stable for any logit:
    ``l_i = w_i (max(x_i, 0) - x_i y_i + log(1 + exp(-|x_i|)))``.

    With ``pos_weight`` ``q`` the positive term is weighted:
    ``l_i = w_i ((1 - y_i) x_i + (1 + (q - 1) y_i) log(1 + exp(-x_i)))``.

    Parameters
    ----------
    weight : array-like, optional
        Rescaling weight ``w`` broadcast against the input (a buffer saved in the state dict).
    reduction : {"mean", "sum", "none"}, default="mean"
        "mean" divides the sum by the number of elements.
    pos_weight : array-like, optional
        Weight ``q`` of the positive examples, broadcast against the input (e.g. shape (C,)
        for (N, C) multi-label inputs).

    Shape
    -----
    - Input: logits, any shape.
    - Target: the shape of the input, values in [0, 1].
    - Output: a scalar, or the input's shape with ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn, tensor
    >>> loss = nn.BCEWithLogitsLoss()(tensor([0.0, 2.0]), np.array([1.0, 1.0]))
    >>> round(loss.item(), 6)  # (log 2 + log(1 + e^-2)) / 2
    0.410038
    """

    def __init__(self, weight: Any = None, reduction: str = "mean", pos_weight: Any = None) -> None:
        super().__init__(weight, reduction)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input: Any, target: Any) -> Tensor:
        return F.binary_cross_entropy_with_logits(input, target, weight=self.weight,
                                                  reduction=self.reduction,
                                                  pos_weight=self.pos_weight)


class CrossEntropyLoss(_WeightedLoss):
    """Softmax cross-entropy from logits (see :func:`syllabus.nn.functional.cross_entropy`).

    Parameters
    ----------
    weight : array-like of shape (C,), optional
        Class weights; "mean" divides by the sum of the targets' weights.
    ignore_index : int, default=-100
    reduction : {"mean", "sum", "none"}, default="mean"
    label_smoothing : float, default=0.0

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn, tensor
    >>> loss = nn.CrossEntropyLoss()(tensor(np.log([[0.6, 0.4]])), [0])
    >>> round(loss.item(), 6)  # -log 0.6 = log 5/3
    0.510826
    """

    def __init__(self, weight: Any = None, ignore_index: int = -100, reduction: str = "mean",
                 label_smoothing: float = 0.0) -> None:
        super().__init__(weight, reduction)
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input: Any, target: Any) -> Tensor:
        return F.cross_entropy(input, target, weight=self.weight, ignore_index=self.ignore_index,
                               reduction=self.reduction, label_smoothing=self.label_smoothing)


class NLLLoss(_WeightedLoss):
    """Negative log-likelihood of log-probabilities: ``l_i = -w_{t_i} x_{i, t_i}``.

    Usually follows :class:`LogSoftmax`; ``LogSoftmax(dim=1)`` + ``NLLLoss`` equals
    :class:`CrossEntropyLoss`.

    Parameters
    ----------
    weight : array-like of shape (C,), optional
        Class weights ``w`` (default all ones); "mean" divides by ``sum_i w_{t_i}``.
    ignore_index : int, default=-100
        Targets with this value contribute nothing (and do not count in the mean).
    reduction : {"mean", "sum", "none"}, default="mean"

    Shape
    -----
    - Input: (N, C), (C,) or (N, C, d1, ...) log-probabilities.
    - Target: integer class indices in [0, C), of shape (N,), () or (N, d1, ...).
    - Output: a scalar, or the target's shape with ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn, tensor
    >>> logp = tensor(np.log([[0.5, 0.5], [0.2, 0.8]]))
    >>> round(nn.NLLLoss()(logp, [0, 1]).item(), 6)  # -(log 0.5 + log 0.8) / 2
    0.458145
    """

    def __init__(self, weight: Any = None, ignore_index: int = -100, reduction: str = "mean") -> None:
        super().__init__(weight, reduction)
        self.ignore_index = ignore_index

    def forward(self, input: Any, target: Any) -> Tensor:
        return F.nll_loss(input, target, weight=self.weight, ignore_index=self.ignore_index,
                          reduction=self.reduction)


class MultiMarginLoss(_WeightedLoss):
    """Multiclass hinge (SVM) loss:
    ``l_i = w_{y_i} / C * sum_{j != y_i} max(0, margin - x_{i, y_i} + x_{ij})^p``.

    As in PyTorch the sum is divided by the number of classes C (not C - 1).

    Parameters
    ----------
    p : {1, 2}, default=1
        Power of the hinge (2: squared hinge).
    margin : float, default=1.0
    weight : array-like of shape (C,), optional
        Class weights ``w`` (default all ones).
    reduction : {"mean", "sum", "none"}, default="mean"
        "mean" divides the sum by N (not by the weights).

    Shape
    -----
    - Input: (N, C) or (C,) scores.
    - Target: integer class indices in [0, C), of shape (N,) or ().
    - Output: a scalar, or (N,) with ``reduction="none"``.

    Examples
    --------
    >>> from syllabus import nn, tensor
    >>> x = tensor([[2.0, 1.5, 0.0]])
    >>> round(nn.MultiMarginLoss()(x, [0]).item(), 6)  # (max(0, 1 - 2 + 1.5) + 0) / 3
    0.166667
    """

    def __init__(self, p: int = 1, margin: float = 1.0, weight: Any = None,
                 reduction: str = "mean") -> None:
        super().__init__(weight, reduction)
        if p not in (1, 2):
            raise ValueError(f"MultiMarginLoss: only p == 1 and p == 2 are supported, got {p}")
        self.p = p
        self.margin = margin

    def forward(self, input: Any, target: Any) -> Tensor:
        return F.multi_margin_loss(input, target, p=self.p, margin=self.margin,
                                   weight=self.weight, reduction=self.reduction)


class KLDivLoss(_Loss):
    """Kullback-Leibler divergence ``l = t (log t - x)``: ``input`` holds log-probabilities,
    ``target`` probabilities (log-probabilities with ``log_target=True``).

    Parameters
    ----------
    reduction : {"mean", "batchmean", "sum", "none"}, default="mean"
        "batchmean" (sum / batch size) is the KL divergence per sample; "mean" averages over
        every element, as PyTorch's default.
    log_target : bool, default=False

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn, tensor
    >>> p = np.array([[0.5, 0.5]])
    >>> round(nn.KLDivLoss(reduction="batchmean")(tensor(np.log([[0.25, 0.75]])), p).item(), 4)
    0.1438
    """

    def __init__(self, reduction: str = "mean", log_target: bool = False) -> None:
        super().__init__("mean")
        if reduction not in ("none", "mean", "sum", "batchmean"):
            raise ValueError(f"KLDivLoss: reduction must be 'none', 'mean', 'sum' or "
                             f"'batchmean', got {reduction!r}")
        self.reduction, self.log_target = reduction, log_target

    def forward(self, input: Any, target: Any) -> Tensor:
        return F.kl_div(input, target, reduction=self.reduction, log_target=self.log_target)


class TripletMarginLoss(_Loss):
    """Metric learning's triplet loss ``max(d(a, p) - d(a, n) + margin, 0)``, ``d`` the
    p-norm distance: an anchor must be closer to a positive than to a negative by a margin.

    Parameters
    ----------
    margin : float, default=1.0
    p : float, default=2.0
    eps : float, default=1e-6
        Added to the difference before the norm, as PyTorch.
    swap : bool, default=False
        Use ``min(d(a, n), d(p, n))`` as the negative distance.
    reduction : {"mean", "sum", "none"}, default="mean"
    """

    def __init__(self, margin: float = 1.0, p: float = 2.0, eps: float = 1e-6,
                 swap: bool = False, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.margin, self.p, self.eps, self.swap = margin, p, eps, swap

    def forward(self, anchor: Any, positive: Any, negative: Any) -> Tensor:
        return F.triplet_margin_loss(anchor, positive, negative, self.margin, self.p,
                                     self.eps, self.swap, self.reduction)


class CosineEmbeddingLoss(_Loss):
    """``1 - cos(x1, x2)`` for pairs labelled 1 and ``max(0, cos(x1, x2) - margin)`` for
    pairs labelled -1.

    Parameters
    ----------
    margin : float, default=0.0
    reduction : {"mean", "sum", "none"}, default="mean"
    """

    def __init__(self, margin: float = 0.0, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.margin = margin

    def forward(self, input1: Any, input2: Any, target: Any) -> Tensor:
        return F.cosine_embedding_loss(input1, input2, target, self.margin, self.reduction)


class NTXentLoss(_Loss):
    r"""SimCLR's contrastive loss (normalized temperature-scaled cross-entropy): each of the
    ``2N`` views of a batch must recognise its partner view among the ``2N - 1`` others by
    cosine similarity over a temperature. Not a PyTorch layer; see
    :func:`syllabus.nn.functional.nt_xent_loss`.

    Parameters
    ----------
    temperature : float, default=0.5
    reduction : {"mean", "sum", "none"}, default="mean"

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> z1 = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> round(nn.NTXentLoss(temperature=0.1)(z1, z1).item(), 4)  # views agree: small loss
    0.0001
    """

    def __init__(self, temperature: float = 0.5, reduction: str = "mean") -> None:
        super().__init__(reduction)
        if isinstance(temperature, bool) or not (isinstance(temperature, numbers.Real) and 0 < temperature < math.inf):
            raise ValueError(f"NTXentLoss: temperature must be a positive number, got {temperature!r}")
        self.temperature = temperature

    def forward(self, z1: Any, z2: Any) -> Tensor:
        return F.nt_xent_loss(z1, z2, self.temperature, self.reduction)

    def extra_repr(self) -> str:
        return f"temperature={self.temperature}"
