"""Datasets: indexable collections of samples (PyTorch's ``torch.utils.data`` names)."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..utils._sparse import issparse

__all__ = ["Dataset", "Subset", "TensorDataset", "random_split"]


def _tensor_class() -> type | None:
    try:
        from syllabus.autograd import Tensor
    except ImportError:  # pragma: no cover - autograd is part of the package
        return None
    return Tensor


def _is_tensor(value: Any) -> bool:
    tensor_class = _tensor_class()
    return tensor_class is not None and isinstance(value, tensor_class)


def _take(values: Any, indices: np.ndarray) -> Any:
    """Rows ``indices`` of an array or a Tensor (a new Tensor outside any graph)."""
    if _is_tensor(values):
        return _tensor_class()(values.data[indices])
    return values[indices]


def _make_generator(seed: Any) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or (isinstance(seed, numbers.Integral) and not isinstance(seed, bool)):
        return np.random.default_rng(seed)
    raise ValueError(f"seed must be None, an int or a numpy.random.Generator, got {seed!r}")


class Dataset:
    """A collection of samples: ``dataset[i]`` and ``len(dataset)``.

    Subclass it and implement ``__getitem__`` and ``__len__``; the base class takes no
    constructor arguments. A dataset that can gather many samples at once (arrays in memory)
    also defines ``get_batch(indices)``, which :class:`~syllabus.data.DataLoader` then uses
    instead of one call per sample.

    Examples
    --------
    >>> from syllabus.data import Dataset
    >>> class Squares(Dataset):
    ...     def __getitem__(self, i):
    ...         return i, i * i
    ...     def __len__(self):
    ...         return 4
    >>> len(Squares()), Squares()[3]
    (4, (3, 9))
    """

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__")

    def __len__(self) -> int:
        raise NotImplementedError(f"{type(self).__name__} must implement __len__")


class TensorDataset(Dataset):
    """Samples are the rows of arrays (or syllabus Tensors) of equal first dimension.

    ``dataset[i]`` is the tuple ``(a[i] for a in arrays)``; ``get_batch(indices)`` gathers
    whole batches by fancy indexing, a Tensor giving a Tensor and an array an array.

    Parameters
    ----------
    *tensors : array-like, Tensor or scipy.sparse matrix
        The data, e.g. ``TensorDataset(X, y)``. NumPy arrays, Tensors and sparse matrices
        (CSR for fast row batches) keep their type and dtype and are not copied; other
        array-likes are converted with ``numpy.asarray``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.data import TensorDataset
    >>> ds = TensorDataset(np.arange(6.0).reshape(3, 2), np.array([0, 1, 0]))
    >>> len(ds), ds[1]
    (3, (array([2., 3.]), np.int64(1)))
    """

    def __init__(self, *tensors: Any) -> None:
        if not tensors:
            raise ValueError("TensorDataset needs at least one array")
        self.tensors = tuple(t if _is_tensor(t) or issparse(t) else np.asarray(t) for t in tensors)
        for t in self.tensors:
            if len(t.shape) == 0:
                raise ValueError("TensorDataset arrays need a first (sample) dimension")
        # a scipy.sparse matrix (rows = samples) has a shape but no len()
        lengths = [t.shape[0] for t in self.tensors]
        if len(set(lengths)) != 1:
            raise ValueError(f"Size mismatch between tensors: first dimensions {lengths}")

    def __getitem__(self, index: int) -> tuple[Any, ...]:
        return tuple(t[index] for t in self.tensors)

    def get_batch(self, indices: np.ndarray) -> tuple[Any, ...]:
        """The samples ``indices`` stacked: one array (or Tensor) per stored array."""
        return tuple(_take(t, indices) for t in self.tensors)

    def __len__(self) -> int:
        return self.tensors[0].shape[0]


class Subset(Dataset):
    """The samples of ``dataset`` at positions ``indices``.

    Batches of a subset of an array-backed dataset are still gathered in one go.

    Parameters
    ----------
    dataset : Dataset
        The full dataset.
    indices : sequence of int
        Positions in ``dataset``.
    """

    def __init__(self, dataset: Any, indices: Sequence[int]) -> None:
        self.dataset = dataset
        self.indices = np.asarray(indices, dtype=np.intp)

    def __getitem__(self, index: int) -> Any:
        return self.dataset[int(self.indices[index])]

    def __len__(self) -> int:
        return len(self.indices)


def random_split(
    dataset: Any, lengths: Sequence[int | float], seed: Any = None
) -> list[Subset]:
    """Split ``dataset`` at random into non-overlapping subsets of the given lengths.

    Parameters
    ----------
    dataset : Dataset
        The dataset to split.
    lengths : sequence of int or float
        Sizes summing to ``len(dataset)``, or fractions summing to 1 (the remainder of
        the rounding goes one by one to the first subsets, as in PyTorch).
    seed : int, numpy.random.Generator or None, default=None
        Randomness of the permutation.

    Returns
    -------
    list of Subset
    """
    n = len(dataset)
    lengths = list(lengths)
    if lengths and all(isinstance(x, float) for x in lengths) and math.isclose(sum(lengths), 1):
        sizes = [int(math.floor(n * frac)) for frac in lengths]
        for i in range(n - sum(sizes)):
            sizes[i % len(sizes)] += 1
        lengths = sizes
    if any(int(x) != x or x < 0 for x in lengths) or sum(lengths) != n:
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    order = _make_generator(seed).permutation(n)
    bounds = np.cumsum([0, *map(int, lengths)])
    return [Subset(dataset, order[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
