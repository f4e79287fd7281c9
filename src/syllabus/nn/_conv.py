"""Convolution and pooling layers (PyTorch's Conv2d, MaxPool2d, AvgPool2d)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd import Tensor
from . import functional as F
from ._layers import _check_positive_int, _float_dtype, _reset_linear
from ._module import Module, Parameter


class Conv2d(Module):
    """2-D convolution (cross-correlation) over (N, C, H, W) images.

    ``y[n, o] = b[o] + sum_c w[o, c] * x[n, c]`` with ``*`` the valid cross-correlation after
    zero padding; one im2col matrix product for the whole batch.

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size : int or (int, int)
    stride, dilation : int or (int, int), default=1
    padding : int, (int, int), "valid" or "same", default=0
    groups : int, default=1
    bias : bool, default=True
    padding_mode : {"zeros"}, default="zeros"
    dtype : dtype, default=float32

    Attributes
    ----------
    weight : Parameter of shape (out_channels, in_channels / groups, kh, kw)
        PyTorch's default initialisation: U(+-1/sqrt(fan_in)), fan_in = C/groups kh kw.
    bias : Parameter of shape (out_channels,) or None

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> nn.Conv2d(3, 8, 3, padding=1)(np.zeros((2, 3, 5, 5), dtype=np.float32)).shape
    (2, 8, 5, 5)
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, dilation: Any = 1, groups: int = 1, bias: bool = True,
                 padding_mode: str = "zeros", dtype: Any = None) -> None:
        super().__init__()
        for name, value in (("in_channels", in_channels), ("out_channels", out_channels),
                            ("groups", groups)):
            _check_positive_int(name, value, "Conv2d")
        if in_channels % groups or out_channels % groups:
            raise ValueError("Conv2d: in_channels and out_channels must be divisible by groups")
        if padding_mode != "zeros":
            raise ValueError(f"Conv2d: only padding_mode='zeros' is supported, got {padding_mode!r}")
        dtype = _float_dtype(dtype)
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = F._pair(kernel_size, "kernel_size")
        self.stride = F._pair(stride, "stride")
        self.padding = padding if isinstance(padding, str) else F._pair(padding, "padding")
        self.dilation = F._pair(dilation, "dilation")
        self.groups = groups
        self.padding_mode = padding_mode
        self.weight = Parameter(np.empty((out_channels, in_channels // groups, *self.kernel_size),
                                         dtype=dtype))
        self.register_parameter("bias", Parameter(np.empty(out_channels, dtype=dtype)) if bias else None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        _reset_linear(self.weight, self.bias)

    def forward(self, input: Any) -> Tensor:
        return F.conv2d(input, self.weight, self.bias, self.stride, self.padding, self.dilation,
                        self.groups)

    def extra_repr(self) -> str:
        s = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
             f"stride={self.stride}")
        if isinstance(self.padding, str) or self.padding != (0, 0):
            s += f", padding={self.padding}"
        if self.dilation != (1, 1):
            s += f", dilation={self.dilation}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        return s


class MaxPool2d(Module):
    """Maximum over each ``kernel_size`` window (stride defaults to the kernel size).

    The gradient goes to the first maximum of each window, as in PyTorch.

    Parameters
    ----------
    kernel_size : int or (int, int)
    stride : int or (int, int), default=kernel_size
    padding : int or (int, int), default=0
        Implicit -inf padding (at most half the kernel).
    dilation : int or (int, int), default=1
    return_indices : bool, default=False
        Also return the flat index of each maximum in its input plane.
    ceil_mode : bool, default=False
        Round the output size up (partial windows at the far edge).
    """

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0, dilation: Any = 1,
                 return_indices: bool = False, ceil_mode: bool = False) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = kernel_size if stride is None else stride
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def forward(self, input: Any) -> Any:
        return F.max_pool2d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                            self.ceil_mode, self.return_indices)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class AvgPool2d(Module):
    """Mean over each ``kernel_size`` window (stride defaults to the kernel size).

    Parameters
    ----------
    kernel_size : int or (int, int)
    stride : int or (int, int), default=kernel_size
    padding : int or (int, int), default=0
        Implicit zero padding (at most half the kernel).
    ceil_mode : bool, default=False
    count_include_pad : bool, default=True
        Count the padding cells in the divisor.
    divisor_override : int, optional
        Divide every window sum by this instead.
    """

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0,
                 ceil_mode: bool = False, count_include_pad: bool = True,
                 divisor_override: int | None = None) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = kernel_size if stride is None else stride
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input: Any) -> Tensor:
        return F.avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"
