"""Data augmentation for batches of images: random flips, crops with padding (shifts) and
small rotations, composable, each drawing its randomness from a given generator.

A transform is called as ``transform(images, rng)`` on an array whose last two axes are the
height and width, ``(N, C, H, W)`` or ``(N, H, W)``, and draws one random choice per image
(axis 0): the whole batch is transformed by a few vectorised NumPy operations. Handed to
:class:`~syllabus.data.DataLoader` (``transform=``), it is applied to the inputs of every
batch with a generator derived from the loader's seed, so a seed gives the same augmented
epochs every run.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["Compose", "RandomCrop", "RandomHorizontalFlip", "RandomRotation", "RandomVerticalFlip"]


def _images(x: Any, name: str) -> np.ndarray:
    x = np.asarray(x)
    if x.ndim < 3:
        raise ValueError(f"{name}: expected a batch of images (N, H, W) or (N, C, H, W), got shape {x.shape}")
    return x


def _probability(p: Any, name: str) -> float:
    if not isinstance(p, numbers.Real) or not 0 <= p <= 1:
        raise ValueError(f"{name}: p must be a probability in [0, 1], got {p!r}")
    return float(p)


def _per_image(mask: np.ndarray, ndim: int) -> np.ndarray:
    return mask.reshape(-1, *(1,) * (ndim - 1))


class Compose:
    """Apply transforms one after the other, each drawing from the same generator.

    Parameters
    ----------
    transforms : sequence of callables ``(images, rng) -> images``

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.data import Compose, RandomCrop, RandomHorizontalFlip
    >>> augment = Compose([RandomHorizontalFlip(), RandomCrop(padding=2)])
    >>> augment(np.zeros((8, 1, 28, 28)), np.random.default_rng(0)).shape
    (8, 1, 28, 28)
    """

    def __init__(self, transforms: Sequence[Any]) -> None:
        self.transforms = list(transforms)

    def __call__(self, images: Any, rng: Any = None) -> np.ndarray:
        rng = np.random.default_rng(rng)
        for transform in self.transforms:
            images = transform(images, rng)
        return images

    def __repr__(self) -> str:
        return "Compose([" + ", ".join(repr(t) for t in self.transforms) + "])"


class RandomHorizontalFlip:
    """Mirror each image left-right with probability ``p``.

    Parameters
    ----------
    p : float, default=0.5

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.data import RandomHorizontalFlip
    >>> RandomHorizontalFlip(p=1.0)(np.arange(3.0).reshape(1, 1, 3), 0)
    array([[[2., 1., 0.]]])
    """

    _axis, _name = -1, "RandomHorizontalFlip"

    def __init__(self, p: float = 0.5) -> None:
        self.p = _probability(p, self._name)

    def __call__(self, images: Any, rng: Any = None) -> np.ndarray:
        x = _images(images, self._name)
        flip = np.random.default_rng(rng).random(len(x)) < self.p
        return np.where(_per_image(flip, x.ndim), np.flip(x, axis=self._axis), x)

    def __repr__(self) -> str:
        return f"{self._name}(p={self.p})"


class RandomVerticalFlip(RandomHorizontalFlip):
    """Mirror each image upside down with probability ``p``.

    Parameters
    ----------
    p : float, default=0.5

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.data import RandomVerticalFlip
    >>> RandomVerticalFlip(p=1.0)(np.arange(2.0).reshape(1, 2, 1), 0)[0, :, 0]
    array([1., 0.])
    """

    _axis, _name = -2, "RandomVerticalFlip"


class RandomCrop:
    """Pad each image, then cut a ``size`` window at a random position: a random shift of up
    to ``padding`` pixels when ``size`` is the image's own.

    Parameters
    ----------
    size : int or (int, int), optional
        Height and width of the crop (default: the input's, i.e. a random shift).
    padding : int, default=0
        Pixels of ``fill`` added on every side before cropping.
    fill : float, default=0.0

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.data import RandomCrop
    >>> RandomCrop(size=24, padding=0)(np.zeros((5, 1, 28, 28)), 0).shape
    (5, 1, 24, 24)
    """

    def __init__(self, size: Any = None, padding: int = 0, fill: float = 0.0) -> None:
        if size is not None:
            size = (size, size) if isinstance(size, numbers.Integral) else tuple(size)
            if len(size) != 2 or min(size) < 1:
                raise ValueError(f"RandomCrop: size must be a positive int or pair, got {size!r}")
        if not isinstance(padding, numbers.Integral) or padding < 0:
            raise ValueError(f"RandomCrop: padding must be a non-negative int, got {padding!r}")
        self.size, self.padding, self.fill = size, int(padding), fill

    def __call__(self, images: Any, rng: Any = None) -> np.ndarray:
        x = _images(images, "RandomCrop")
        rng = np.random.default_rng(rng)
        p = self.padding
        h, w = self.size or x.shape[-2:]
        if h > x.shape[-2] + 2 * p or w > x.shape[-1] + 2 * p:
            raise ValueError(f"RandomCrop: crop size {(h, w)} is larger than the padded images "
                             f"{(x.shape[-2] + 2 * p, x.shape[-1] + 2 * p)} (input shape {x.shape})")
        widths = [(0, 0)] * (x.ndim - 2) + [(p, p), (p, p)]
        xp = np.pad(x, widths, constant_values=self.fill) if p else x
        n = len(x)
        top = rng.integers(0, xp.shape[-2] - h + 1, size=n)
        left = rng.integers(0, xp.shape[-1] - w + 1, size=n)
        # gather rows then columns: out[k, ..., i, j] = xp[k, ..., top_k + i, left_k + j]
        lead = (n,) + (1,) * (x.ndim - 3)
        rows = (top[:, None] + np.arange(h)).reshape(*lead, h, 1)
        cols = (left[:, None] + np.arange(w)).reshape(*lead, 1, w)
        out = np.take_along_axis(xp, np.broadcast_to(rows, (*xp.shape[:-2], h, 1)), axis=-2)
        return np.take_along_axis(out, np.broadcast_to(cols, (*xp.shape[:-2], 1, w)), axis=-1)

    def __repr__(self) -> str:
        return f"RandomCrop(size={self.size}, padding={self.padding})"


class RandomRotation:
    """Rotate each image about its centre by an angle drawn uniformly from ``degrees``
    (counter-clockwise for positive angles), by bilinear interpolation; pixels coming from
    outside the image get ``fill``.

    The output pixel at offset ``(u, v)`` from the centre (rows down, columns right) reads
    the input at ``(cos t u + sin t v, -sin t u + cos t v)``.

    Parameters
    ----------
    degrees : float or (float, float)
        Range of angles in degrees: ``d`` means ``(-d, d)``.
    fill : float, default=0.0

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.data import RandomRotation
    >>> x = np.arange(9.0).reshape(1, 3, 3)
    >>> np.round(RandomRotation((90, 90))(x, 0), 6)[0]
    array([[2., 5., 8.],
           [1., 4., 7.],
           [0., 3., 6.]])
    """

    def __init__(self, degrees: Any, fill: float = 0.0) -> None:
        low, high = (-degrees, degrees) if isinstance(degrees, numbers.Real) else tuple(degrees)
        if not low <= high:
            raise ValueError(f"RandomRotation: degrees must be d >= 0 or a range (low, high), got {degrees!r}")
        self.degrees, self.fill = (float(low), float(high)), fill

    def __call__(self, images: Any, rng: Any = None) -> np.ndarray:
        x = _images(images, "RandomRotation")
        theta = np.deg2rad(np.random.default_rng(rng).uniform(*self.degrees, size=len(x)))
        h, w = x.shape[-2:]
        u = np.arange(h) - (h - 1) / 2
        v = np.arange(w) - (w - 1) / 2
        cos, sin = np.cos(theta)[:, None, None], np.sin(theta)[:, None, None]
        src_r = cos * u[:, None] + sin * v[None, :] + (h - 1) / 2  # (N, H, W)
        src_c = -sin * u[:, None] + cos * v[None, :] + (w - 1) / 2
        # bilinear: the four neighbours, read from the image padded by one pixel of fill
        xp = np.pad(x, [(0, 0)] * (x.ndim - 2) + [(1, 1), (1, 1)], constant_values=self.fill)
        r0 = np.floor(src_r)
        c0 = np.floor(src_c)
        fr, fc = src_r - r0, src_c - c0
        r0, c0 = r0.astype(int) + 1, c0.astype(int) + 1  # +1: the padding
        # neighbours beyond the padding read the padding (the fill)
        r0, r1 = np.clip(r0, 0, h + 1), np.clip(r0 + 1, 0, h + 1)
        c0, c1 = np.clip(c0, 0, w + 1), np.clip(c0 + 1, 0, w + 1)
        flat = xp.reshape(len(x), -1, (h + 2) * (w + 2))  # (N, C, pixels)

        def read(r, c):
            index = (r * (w + 2) + c).reshape(len(x), 1, -1)
            return np.take_along_axis(flat, index, axis=-1).reshape(*x.shape)

        lead = (len(x),) + (1,) * (x.ndim - 3)
        fr, fc = fr.reshape(*lead, h, w), fc.reshape(*lead, h, w)
        out = ((1 - fr) * ((1 - fc) * read(r0, c0) + fc * read(r0, c1))
               + fr * ((1 - fc) * read(r1, c0) + fc * read(r1, c1)))
        return out.astype(x.dtype, copy=False) if x.dtype.kind == "f" else out

    def __repr__(self) -> str:
        return f"RandomRotation(degrees={self.degrees})"
