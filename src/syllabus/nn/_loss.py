"""Loss layers: settings (and class-weight buffers, as in PyTorch) around nn.functional."""

from __future__ import annotations

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
    """Mean squared error ``(x - y)^2`` with ``reduction`` "mean", "sum" or "none".

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
    """``d^2 / 2`` if ``|d| <= delta`` else ``delta (|d| - delta / 2)``, ``d = x - y``."""

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__(reduction)
        self.delta = delta

    def forward(self, input: Any, target: Any) -> Tensor:
        return F.huber_loss(input, target, reduction=self.reduction, delta=self.delta)


class BCELoss(_WeightedLoss):
    """Binary cross-entropy of probabilities ``-w (y log p + (1 - y) log(1 - p))``
    (logs clamped at -100)."""

    def forward(self, input: Any, target: Any) -> Tensor:
        return F.binary_cross_entropy(input, target, weight=self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_WeightedLoss):
    """Sigmoid + binary cross-entropy from logits, stable for any logit:
    ``max(x, 0) - x y + log(1 + exp(-|x|))``; ``pos_weight`` weights the positive term."""

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
    """Negative log-likelihood of log-probabilities ``-w_t input[t]``."""

    def __init__(self, weight: Any = None, ignore_index: int = -100, reduction: str = "mean") -> None:
        super().__init__(weight, reduction)
        self.ignore_index = ignore_index

    def forward(self, input: Any, target: Any) -> Tensor:
        return F.nll_loss(input, target, weight=self.weight, ignore_index=self.ignore_index,
                          reduction=self.reduction)


class MultiMarginLoss(_WeightedLoss):
    """Multiclass hinge (SVM) loss ``sum_{j != y} max(0, margin - x_y + x_j)^p / C``."""

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
