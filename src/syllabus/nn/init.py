"""Weight initialisation (``torch.nn.init`` names and formulas), in place.

Every function fills a Parameter/Tensor (its ``.data``) or a NumPy array in place and returns
it. Random draws come from ``generator`` (default: the generator seeded by
``syllabus.autograd.manual_seed``), so the same seed gives the same weights.

The lecture notes' variance-calibration schemes are here too: LeCun's ``Var(w) = 1 / n_in``
(:func:`lecun_normal_`, :func:`lecun_uniform_`) and Bengio's (Glorot's)
``Var(w) = 2 / (n_in + n_out)`` (:func:`bengio_normal_`, :func:`bengio_uniform_`, the same as
``xavier_*`` with gain 1). He's ``Var(w) = 2 / n_in`` for ReLU is ``kaiming_normal_``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..autograd import Tensor
from ..autograd._random import default_generator

__all__ = [
    "bengio_normal_",
    "bengio_uniform_",
    "calculate_gain",
    "constant_",
    "kaiming_normal_",
    "kaiming_uniform_",
    "lecun_normal_",
    "lecun_uniform_",
    "normal_",
    "ones_",
    "uniform_",
    "xavier_normal_",
    "xavier_uniform_",
    "zeros_",
]


def _array(tensor: Any) -> np.ndarray:
    arr = tensor.data if isinstance(tensor, Tensor) else tensor
    if not isinstance(arr, np.ndarray):
        raise TypeError(f"init functions fill a Tensor or a NumPy array, got {type(tensor).__name__}")
    return arr


def _rng(generator: np.random.Generator | None) -> np.random.Generator:
    return default_generator() if generator is None else generator


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain for a nonlinearity (PyTorch's table).

    linear, conv*, sigmoid: 1; tanh: 5/3; relu: sqrt(2); leaky_relu: sqrt(2 / (1 + slope^2));
    selu: 3/4.

    Parameters
    ----------
    nonlinearity : str
        One of "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d/2d/3d", "sigmoid",
        "tanh", "relu", "leaky_relu", "selu" (a ValueError otherwise).
    param : float, optional
        The negative slope of "leaky_relu" (default 0.01).

    Returns
    -------
    float

    Examples
    --------
    >>> from syllabus.nn import init
    >>> round(init.calculate_gain("relu"), 6), round(init.calculate_gain("tanh"), 6)
    (1.414214, 1.666667)
    """
    if nonlinearity in ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
                        "conv_transpose2d", "conv_transpose3d", "sigmoid"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        if isinstance(slope, bool) or not isinstance(slope, (int, float)):
            raise ValueError(f"negative_slope {slope} not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor: Any) -> tuple[int, int]:
    """fan_in = size(1) * receptive field, fan_out = size(0) * receptive field."""
    shape = _array(tensor).shape
    if len(shape) < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 "
                         f"dimensions (got shape {shape})")
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive


def _fan(tensor: Any, mode: str) -> int:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor: Any, a: float = 0.0, b: float = 1.0,
             generator: np.random.Generator | None = None) -> Any:
    """Fill with draws from U(a, b).

    Parameters
    ----------
    tensor : Tensor or ndarray
        Filled in place (a Tensor's ``.data``).
    a, b : float, default=0.0, 1.0
        Bounds.
    generator : numpy.random.Generator, optional
        Default: the generator seeded by ``syllabus.autograd.manual_seed``.

    Returns
    -------
    tensor
        The same object, filled.
    """
    arr = _array(tensor)
    arr[...] = _rng(generator).uniform(a, b, arr.shape)
    return tensor


def normal_(tensor: Any, mean: float = 0.0, std: float = 1.0,
            generator: np.random.Generator | None = None) -> Any:
    """Fill with draws from N(mean, std^2).

    Parameters
    ----------
    tensor : Tensor or ndarray
        Filled in place (a Tensor's ``.data``).
    mean : float, default=0.0
    std : float, default=1.0
    generator : numpy.random.Generator, optional
        Default: the generator seeded by ``syllabus.autograd.manual_seed``.

    Returns
    -------
    tensor
        The same object, filled.
    """
    arr = _array(tensor)
    arr[...] = _rng(generator).normal(mean, std, arr.shape)
    return tensor


def constant_(tensor: Any, val: float) -> Any:
    """Fill with ``val``.

    Parameters
    ----------
    tensor : Tensor or ndarray
        Filled in place (a Tensor's ``.data``).
    val : float

    Returns
    -------
    tensor
        The same object, filled.
    """
    _array(tensor)[...] = val
    return tensor


def zeros_(tensor: Any) -> Any:
    """Fill with zeros.

    Parameters
    ----------
    tensor : Tensor or ndarray
        Filled in place (a Tensor's ``.data``).

    Returns
    -------
    tensor
        The same object, filled.
    """
    return constant_(tensor, 0.0)


def ones_(tensor: Any) -> Any:
    """Fill with ones.

    Parameters
    ----------
    tensor : Tensor or ndarray
        Filled in place (a Tensor's ``.data``).

    Returns
    -------
    tensor
        The same object, filled.
    """
    return constant_(tensor, 1.0)


def xavier_uniform_(tensor: Any, gain: float = 1.0,
                    generator: np.random.Generator | None = None) -> Any:
    """U(-a, a) with ``a = gain * sqrt(6 / (fan_in + fan_out))`` (Glorot & Bengio, 2010).

    Parameters
    ----------
    tensor : Tensor or ndarray with at least 2 dimensions
        Filled in place; ``fan_in = shape[1] * prod(shape[2:])``,
        ``fan_out = shape[0] * prod(shape[2:])``.
    gain : float, default=1.0
    generator : numpy.random.Generator, optional
        Default: the generator seeded by ``syllabus.autograd.manual_seed``.

    Returns
    -------
    tensor
        The same object, filled.
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    bound = math.sqrt(3.0) * gain * math.sqrt(2.0 / (fan_in + fan_out))
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor: Any, gain: float = 1.0,
                   generator: np.random.Generator | None = None) -> Any:
    """N(0, std^2) with ``std = gain * sqrt(2 / (fan_in + fan_out))``.

    Parameters
    ----------
    tensor : Tensor or ndarray with at least 2 dimensions
        Filled in place; ``fan_in = shape[1] * prod(shape[2:])``,
        ``fan_out = shape[0] * prod(shape[2:])``.
    gain : float, default=1.0
    generator : numpy.random.Generator, optional
        Default: the generator seeded by ``syllabus.autograd.manual_seed``.

    Returns
    -------
    tensor
        The same object, filled.
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)), generator)


def kaiming_uniform_(tensor: Any, a: float = 0.0, mode: str = "fan_in",
                     nonlinearity: str = "leaky_relu",
                     generator: np.random.Generator | None = None) -> Any:
    """U(-b, b) with ``b = gain * sqrt(3 / fan)`` (He et al., 2015).

    Parameters
    ----------
    tensor : Tensor or ndarray with at least 2 dimensions
        Filled in place; ``fan_in = shape[1] * prod(shape[2:])``,
        ``fan_out = shape[0] * prod(shape[2:])``.
    a : float, default=0.0
        Negative slope of the rectifier, passed to :func:`calculate_gain` as ``param``.
    mode : {"fan_in", "fan_out"}, default="fan_in"
        ``fan`` preserves the variance of the forward ("fan_in") or backward pass.
    nonlinearity : str, default="leaky_relu"
        See :func:`calculate_gain` (with ``a=0`` the gain is ReLU's sqrt(2)).
    generator : numpy.random.Generator, optional
        Default: the generator seeded by ``syllabus.autograd.manual_seed``.

    Returns
    -------
    tensor
        The same object, filled.
    """
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    return uniform_(tensor, -math.sqrt(3.0) * std, math.sqrt(3.0) * std, generator)


def kaiming_normal_(tensor: Any, a: float = 0.0, mode: str = "fan_in",
                    nonlinearity: str = "leaky_relu",
                    generator: np.random.Generator | None = None) -> Any:
    """N(0, std^2) with ``std = gain / sqrt(fan)`` (He et al., 2015): Var = 2 / n_in for ReLU.

    Parameters
    ----------
    tensor : Tensor or ndarray with at least 2 dimensions
        Filled in place; ``fan_in = shape[1] * prod(shape[2:])``,
        ``fan_out = shape[0] * prod(shape[2:])``.
    a : float, default=0.0
        Negative slope of the rectifier, passed to :func:`calculate_gain` as ``param``.
    mode : {"fan_in", "fan_out"}, default="fan_in"
        ``fan`` preserves the variance of the forward ("fan_in") or backward pass.
    nonlinearity : str, default="leaky_relu"
        See :func:`calculate_gain` (with ``a=0`` the gain is ReLU's sqrt(2)).
    generator : numpy.random.Generator, optional
        Default: the generator seeded by ``syllabus.autograd.manual_seed``.

    Returns
    -------
    tensor
        The same object, filled.
    """
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    return normal_(tensor, 0.0, std, generator)


def lecun_normal_(tensor: Any, generator: np.random.Generator | None = None) -> Any:
    """N(0, 1 / fan_in): the notes' ``W = randn(shape) * sqrt(1 / n_in)``.

    Parameters
    ----------
    tensor : Tensor or ndarray with at least 2 dimensions
        Filled in place; ``fan_in = shape[1] * prod(shape[2:])``,
        ``fan_out = shape[0] * prod(shape[2:])``.
    generator : numpy.random.Generator, optional
        Default: the generator seeded by ``syllabus.autograd.manual_seed``.

    Returns
    -------
    tensor
        The same object, filled.
    """
    return normal_(tensor, 0.0, 1.0 / math.sqrt(_fan(tensor, "fan_in")), generator)


def lecun_uniform_(tensor: Any, generator: np.random.Generator | None = None) -> Any:
    """U(-sqrt(3 / fan_in), sqrt(3 / fan_in)), whose variance is 1 / fan_in.

    Parameters
    ----------
    tensor : Tensor or ndarray with at least 2 dimensions
        Filled in place; ``fan_in = shape[1] * prod(shape[2:])``,
        ``fan_out = shape[0] * prod(shape[2:])``.
    generator : numpy.random.Generator, optional
        Default: the generator seeded by ``syllabus.autograd.manual_seed``.

    Returns
    -------
    tensor
        The same object, filled.
    """
    bound = math.sqrt(3.0 / _fan(tensor, "fan_in"))
    return uniform_(tensor, -bound, bound, generator)


def bengio_normal_(tensor: Any, generator: np.random.Generator | None = None) -> Any:
    """N(0, 2 / (fan_in + fan_out)): Bengio's (Glorot's) scheme, ``xavier_normal_`` with gain 1.

    Parameters
    ----------
    tensor : Tensor or ndarray with at least 2 dimensions
        Filled in place; ``fan_in = shape[1] * prod(shape[2:])``,
        ``fan_out = shape[0] * prod(shape[2:])``.
    generator : numpy.random.Generator, optional
        Default: the generator seeded by ``syllabus.autograd.manual_seed``.

    Returns
    -------
    tensor
        The same object, filled.
    """
    return xavier_normal_(tensor, 1.0, generator)


def bengio_uniform_(tensor: Any, generator: np.random.Generator | None = None) -> Any:
    """Uniform with variance 2 / (fan_in + fan_out): ``xavier_uniform_`` with gain 1.

    Parameters
    ----------
    tensor : Tensor or ndarray with at least 2 dimensions
        Filled in place; ``fan_in = shape[1] * prod(shape[2:])``,
        ``fan_out = shape[0] * prod(shape[2:])``.
    generator : numpy.random.Generator, optional
        Default: the generator seeded by ``syllabus.autograd.manual_seed``.

    Returns
    -------
    tensor
        The same object, filled.
    """
    return xavier_uniform_(tensor, 1.0, generator)
