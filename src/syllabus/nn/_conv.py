"""Convolution, pooling and resampling layers (PyTorch's Conv2d, ConvTranspose2d, MaxPool2d,
AvgPool2d, AdaptiveAvgPool2d, Upsample)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd import Tensor
from . import functional as F
from ._layers import _check_positive_int, _float_dtype, _reset_linear
from ._module import Module, Parameter

_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class _ConvNd(Module):
    """What Conv2d and ConvTranspose2d share: checked arguments, weight, bias, PyTorch's init
    and repr."""

    _name = "Conv2d"

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any,
                 padding: Any, dilation: Any, groups: int, bias: bool, padding_mode: str,
                 dtype: Any, weight_shape: tuple[int, int]) -> None:
        super().__init__()
        for name, value in (("in_channels", in_channels), ("out_channels", out_channels),
                            ("groups", groups)):
            _check_positive_int(name, value, self._name)
        if in_channels % groups or out_channels % groups:
            raise ValueError(f"{self._name}: in_channels and out_channels must be divisible by groups")
        if padding_mode not in _PADDING_MODES:
            raise ValueError(f"{self._name}: padding_mode must be one of {_PADDING_MODES}, "
                             f"got {padding_mode!r}")
        dtype = _float_dtype(dtype)
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride, self.padding, self.dilation = F._geometry(
            self._name, kernel_size, stride, padding, dilation)
        self.groups = groups
        self.padding_mode = padding_mode
        self.weight = Parameter(np.empty((*weight_shape, *self.kernel_size), dtype=dtype))
        self.register_parameter("bias", Parameter(np.empty(out_channels, dtype=dtype)) if bias else None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        _reset_linear(self.weight, self.bias)

    def extra_repr(self) -> str:
        s = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
             f"stride={self.stride}")
        if isinstance(self.padding, str) or self.padding != (0, 0):
            s += f", padding={self.padding}"
        if self.dilation != (1, 1):
            s += f", dilation={self.dilation}"
        if getattr(self, "output_padding", (0, 0)) != (0, 0):
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
        return s


class Conv2d(_ConvNd):
    """2-D convolution (cross-correlation) over (N, C, H, W) images.

    ``y[n, o] = b[o] + sum_c w[o, c] * x[n, c]`` with ``*`` the valid cross-correlation after
    padding; one im2col matrix product for the whole batch. The output size along each axis
    is ``floor((H + 2 P - D (F - 1) - 1) / S) + 1`` (the lectures' ``(W - F + 2P) / S + 1``
    for dilation 1).

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size : int or (int, int)
    stride, dilation : int or (int, int), default=1
        Positive.
    padding : int, (int, int), "valid" or "same", default=0
        Non-negative.
    groups : int, default=1
    bias : bool, default=True
    padding_mode : {"zeros", "reflect", "replicate", "circular"}, default="zeros"
        What the padding holds: zeros, the mirror image without the edge, copies of the edge,
        or the opposite side of the image (see :func:`syllabus.nn.functional.pad`).
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
    >>> nn.Conv2d(3, 8, 3, padding=1, padding_mode="reflect")(np.zeros((2, 3, 5, 5))).shape
    (2, 8, 5, 5)
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, dilation: Any = 1, groups: int = 1, bias: bool = True,
                 padding_mode: str = "zeros", dtype: Any = None) -> None:
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups,
                         bias, padding_mode, dtype, (out_channels, in_channels // groups))

    def forward(self, input: Any) -> Tensor:
        if self.padding_mode == "zeros":
            return F.conv2d(input, self.weight, self.bias, self.stride, self.padding,
                            self.dilation, self.groups)
        (top, bottom), (left, right) = F._conv_pads(self.padding, self.kernel_size, self.stride,
                                                    self.dilation)
        padded = F.pad(F._input_like(input, self.weight), (left, right, top, bottom),
                       mode=self.padding_mode)
        return F.conv2d(padded, self.weight, self.bias, self.stride, 0, self.dilation, self.groups)


class ConvTranspose2d(_ConvNd):
    """2-D transposed convolution ("deconvolution"): the gradient of a convolution with respect
    to its input, used to upsample feature maps.

    Each input pixel adds ``x[n, c, h, w] * w[c, o]`` onto the output window starting at
    ``(s h - p, s w - p)``; the output size is ``(H - 1) S - 2 P + D (F - 1) + output_padding + 1``.

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size : int or (int, int)
    stride, dilation : int or (int, int), default=1
    padding : int or (int, int), default=0
        Rows/columns cropped from each side of the full output.
    output_padding : int or (int, int), default=0
        Extra rows/columns at the bottom/right (smaller than stride or dilation), to pick
        among the input sizes a strided convolution maps to the same output size.
    groups : int, default=1
    bias : bool, default=True
    dilation : int or (int, int), default=1
    padding_mode : {"zeros"}, default="zeros"
    dtype : dtype, default=float32

    Attributes
    ----------
    weight : Parameter of shape (in_channels, out_channels / groups, kh, kw)
    bias : Parameter of shape (out_channels,) or None

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> up = nn.ConvTranspose2d(8, 3, 3, stride=2, padding=1, output_padding=1)
    >>> up(np.zeros((2, 8, 5, 5), dtype=np.float32)).shape
    (2, 3, 10, 10)
    """

    _name = "ConvTranspose2d"

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, output_padding: Any = 0, groups: int = 1, bias: bool = True,
                 dilation: Any = 1, padding_mode: str = "zeros", dtype: Any = None) -> None:
        if padding_mode != "zeros":
            raise ValueError(f"ConvTranspose2d: only padding_mode='zeros' is supported, got "
                             f"{padding_mode!r}")
        if isinstance(padding, str):
            raise ValueError(f"ConvTranspose2d: padding must be an int or a pair, got {padding!r}")
        self.output_padding = F._pair(output_padding, "output_padding", 0, self._name)
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups,
                         bias, padding_mode, dtype, (in_channels, out_channels // groups))

    def forward(self, input: Any) -> Tensor:
        return F.conv_transpose2d(input, self.weight, self.bias, self.stride, self.padding,
                                  self.output_padding, self.groups, self.dilation)


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
        F._geometry("MaxPool2d", kernel_size, kernel_size if stride is None else stride, padding,
                    dilation)
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
        F._geometry("AvgPool2d", kernel_size, kernel_size if stride is None else stride, padding, 1)
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


class AdaptiveAvgPool2d(Module):
    """Average pooling to a fixed output size, whatever the input size (PyTorch's bins: cell
    ``i`` averages rows ``floor(i H / H_out)`` to ``ceil((i + 1) H / H_out) - 1``).

    Parameters
    ----------
    output_size : int or (int or None, int or None)
        None keeps that dimension of the input.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> nn.AdaptiveAvgPool2d((2, 3))(np.ones((1, 4, 7, 5), dtype=np.float32)).shape
    (1, 4, 2, 3)
    """

    def __init__(self, output_size: Any) -> None:
        super().__init__()
        self.output_size = output_size

    def forward(self, input: Any) -> Tensor:
        return F.adaptive_avg_pool2d(input, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class Upsample(Module):
    """Enlarge (N, C, H, W) images by nearest-neighbour or bilinear interpolation.

    Parameters
    ----------
    size : int or (int, int), optional
        Output height and width.
    scale_factor : float or (float, float), optional
        Multiplier of the height and width (give ``size`` or ``scale_factor``).
    mode : {"nearest", "bilinear"}, default="nearest"
    align_corners : bool, optional
        Bilinear only: True aligns the corner pixels of input and output (source of output
        pixel ``i``: ``i (H - 1) / (H_out - 1)``); False/None uses pixel centres (PyTorch's
        default).

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> nn.Upsample(scale_factor=2, mode="bilinear")(np.ones((1, 1, 3, 4))).shape
    (1, 1, 6, 8)
    """

    def __init__(self, size: Any = None, scale_factor: Any = None, mode: str = "nearest",
                 align_corners: bool | None = None) -> None:
        super().__init__()
        self.size = size
        self.scale_factor = float(scale_factor) if np.isscalar(scale_factor) else scale_factor
        self.mode = mode
        self.align_corners = align_corners

    def forward(self, input: Any) -> Tensor:
        return F.interpolate(input, self.size, self.scale_factor, self.mode, self.align_corners)

    def extra_repr(self) -> str:
        info = f"size={self.size}" if self.size is not None else f"scale_factor={self.scale_factor}"
        return f"{info}, mode={self.mode!r}"
