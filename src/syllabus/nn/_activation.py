"""Activation layers; each holds its settings and calls ``syllabus.nn.functional``."""

from __future__ import annotations

from typing import Any

from ..autograd import Tensor
from . import functional as F
from ._module import Module


class ReLU(Module):
    """Rectified linear unit, elementwise: ``ReLU(x) = max(x, 0)`` (the gradient at 0 is 0).

    Parameters
    ----------
    inplace : bool, default=False
        Accepted for PyTorch compatibility; ignored (the output is a new tensor).

    Shape
    -----
    - Input: any shape.
    - Output: the shape of the input.

    Examples
    --------
    >>> from syllabus import nn, tensor
    >>> nn.ReLU()(tensor([-1.0, 0.0, 2.0])).data.tolist()
    [0.0, 0.0, 2.0]
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:
        return F.relu(input)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class LeakyReLU(Module):
    """Leaky ReLU, elementwise: ``x`` if ``x > 0`` else ``negative_slope * x``.

    Parameters
    ----------
    negative_slope : float, default=0.01
        Slope for negative inputs.
    inplace : bool, default=False
        Accepted for PyTorch compatibility; ignored.

    Shape
    -----
    - Input: any shape.
    - Output: the shape of the input.

    Examples
    --------
    >>> from syllabus import nn, tensor
    >>> nn.LeakyReLU(0.5)(tensor([-2.0, 3.0])).data.tolist()
    [-1.0, 3.0]
    """

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:
        return F.leaky_relu(input, self.negative_slope)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class ELU(Module):
    """Exponential linear unit, elementwise: ``x`` if ``x > 0`` else ``alpha (exp(x) - 1)``.

    Parameters
    ----------
    alpha : float, default=1.0
        Value approached as ``x -> -inf`` is ``-alpha``.
    inplace : bool, default=False
        Accepted for PyTorch compatibility; ignored.

    Shape
    -----
    - Input: any shape.
    - Output: the shape of the input.

    Examples
    --------
    >>> from syllabus import nn, tensor
    >>> [round(v, 6) for v in nn.ELU()(tensor([-1.0, 2.0])).data.tolist()]  # e^-1 - 1
    [-0.632121, 2.0]
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:
        return F.elu(input, self.alpha)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class Sigmoid(Module):
    """Logistic sigmoid, elementwise: ``1 / (1 + exp(-x))``, without overflow for any input.

    Shape
    -----
    - Input: any shape.
    - Output: the shape of the input.

    Examples
    --------
    >>> from syllabus import nn, tensor
    >>> nn.Sigmoid()(tensor([0.0, -1000.0])).data.tolist()
    [0.5, 0.0]
    """

    def forward(self, input: Any) -> Tensor:
        return F.sigmoid(input)


class Tanh(Module):
    """Hyperbolic tangent, elementwise: ``(exp(x) - exp(-x)) / (exp(x) + exp(-x))``.

    Shape
    -----
    - Input: any shape.
    - Output: the shape of the input.
    """

    def forward(self, input: Any) -> Tensor:
        return F.tanh(input)


class Softplus(Module):
    """Softplus, elementwise: ``log(1 + exp(beta x)) / beta``, and ``x`` where
    ``beta x > threshold`` (for numerical stability).

    Parameters
    ----------
    beta : float, default=1.0
    threshold : float, default=20.0
        Above ``beta x > threshold`` the layer is the identity.

    Shape
    -----
    - Input: any shape.
    - Output: the shape of the input.

    Examples
    --------
    >>> from syllabus import nn, tensor
    >>> [round(v, 6) for v in nn.Softplus()(tensor([0.0, 30.0])).data.tolist()]  # log 2
    [0.693147, 30.0]
    """

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input: Any) -> Tensor:
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class Softmax(Module):
    """Softmax along ``dim``: ``softmax(x)_i = exp(x_i) / sum_j exp(x_j)``, computed after
    subtracting the maximum (no overflow); the values along ``dim`` are positive and sum to 1.

    Parameters
    ----------
    dim : int, optional
        Axis along which the values are normalised. When None, PyTorch's implicit choice:
        axis 0 for 0-D, 1-D and 3-D inputs, axis 1 otherwise (prefer passing ``dim``).

    Shape
    -----
    - Input: any shape.
    - Output: the shape of the input.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn, tensor
    >>> nn.Softmax(dim=1)(tensor(np.log([[1.0, 3.0]]))).data.round(12).tolist()
    [[0.25, 0.75]]
    """

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Any) -> Tensor:
        return F.softmax(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """Log-softmax along ``dim``: ``x_i - log sum_j exp(x_j)``, computed stably
    (log-sum-exp shifted by the maximum).

    Parameters
    ----------
    dim : int, optional
        Axis along which the values are normalised. When None, PyTorch's implicit choice:
        axis 0 for 0-D, 1-D and 3-D inputs, axis 1 otherwise (prefer passing ``dim``).

    Shape
    -----
    - Input: any shape.
    - Output: the shape of the input.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn, tensor
    >>> y = nn.LogSoftmax(dim=1)(tensor(np.log([[1.0, 3.0]])))
    >>> np.round(np.exp(y.data), 6).tolist()
    [[0.25, 0.75]]
    """

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Any) -> Tensor:
        return F.log_softmax(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"
