"""``DataLoader``: batches of a dataset, in order or shuffled by a seeded generator."""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from ._dataset import Subset, _is_tensor, _make_generator, _tensor_class

__all__ = ["DataLoader", "default_collate"]


def default_collate(samples: list[Any]) -> Any:
    """Stack a list of samples into a batch, field by field.

    Arrays are stacked along a new first axis, Tensors into a Tensor, numbers into an
    array; tuples, lists and dicts are collated per field (recursively).

    Parameters
    ----------
    samples : list
        Samples of the same structure, e.g. ``[(x_0, y_0), (x_1, y_1), ...]``.

    Returns
    -------
    batch
        The structure of one sample with every leaf stacked: a leaf of shape ``s`` becomes
        an array (or Tensor) of shape ``(len(samples), *s)``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.data import default_collate
    >>> x, y = default_collate([(np.zeros(3), 0), (np.ones(3), 1)])
    >>> x.shape, y.tolist()
    ((2, 3), [0, 1])
    """
    first = samples[0]
    if _is_tensor(first):
        return _tensor_class()(np.stack([s.data for s in samples]))
    if isinstance(first, np.ndarray):
        return np.stack(samples)
    if isinstance(first, (numbers.Number, np.generic)):
        return np.asarray(samples)
    if isinstance(first, Mapping):
        return {key: default_collate([s[key] for s in samples]) for key in first}
    if isinstance(first, (tuple, list)):
        if any(len(s) != len(first) for s in samples):
            raise ValueError("each sample in a batch must have the same number of fields")
        return type(first)(default_collate(list(field)) for field in zip(*samples))
    raise TypeError(f"default_collate: cannot batch samples of type {type(first).__name__}")


def _batch_fetcher(dataset: Any) -> Callable[[np.ndarray], Any] | None:
    """``indices -> batch`` when the dataset can gather a batch at once, else None."""
    if isinstance(dataset, Subset):
        inner = _batch_fetcher(dataset.dataset)
        if inner is None:
            return None
        return lambda indices: inner(dataset.indices[indices])
    get_batch = getattr(dataset, "get_batch", None)
    return get_batch if callable(get_batch) else None


class DataLoader:
    """Iterate over a dataset in batches, optionally shuffled with a seeded generator.

    Each pass (``for batch in loader``) is one epoch. With ``shuffle=True`` every epoch
    draws a new permutation from the loader's own generator, so a given ``seed`` gives
    the same sequence of epochs, and :meth:`state_dict` / :meth:`load_state_dict` save
    and restore that generator (a run resumed between epochs sees the same batches).
    Batch gradient descent (``batch_size=len(dataset)``), stochastic gradient descent
    (``batch_size=1``) and mini-batch gradient descent are just settings of the loader.

    An array-backed dataset (:class:`TensorDataset`, or any dataset with a
    ``get_batch(indices)`` method, and subsets of them) yields each batch with one
    fancy-indexing operation per array: Tensors give Tensors, arrays give arrays. Other
    datasets are read sample by sample and stacked by ``collate_fn``.

    Parameters
    ----------
    dataset : Dataset
        Anything with ``__len__`` and ``__getitem__``.
    batch_size : int, default=1
        Samples per batch.
    shuffle : bool, default=False
        Reshuffle the samples at every epoch.
    drop_last : bool, default=False
        Drop the last batch when it is smaller than ``batch_size``.
    seed : int, numpy.random.Generator or None, default=None
        Seed of the shuffling generator (None: fresh entropy, not reproducible).
    collate_fn : callable, optional
        ``list of samples -> batch`` (default :func:`default_collate`); when given, it is
        used for every dataset, array-backed or not.
    transform : callable, optional
        Data augmentation ``(inputs, rng) -> inputs`` applied to the inputs (the first field)
        of every batch, e.g. ``Compose([RandomHorizontalFlip(), RandomCrop(padding=2)])``.
        Its random choices come from a generator spawned from the loader's, so the seed fixes
        them and the shuffling is the same with or without augmentation.

    Attributes
    ----------
    generator : numpy.random.Generator
        The generator of the permutations.
    transform_generator : numpy.random.Generator or None
        The generator of the augmentation (None without ``transform``).

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.data import DataLoader, TensorDataset
    >>> ds = TensorDataset(np.arange(10.0), np.arange(10) % 2)
    >>> loader = DataLoader(ds, batch_size=4, shuffle=True, seed=0)
    >>> [len(x) for x, y in loader]
    [4, 4, 2]
    >>> len(loader)
    3
    """

    def __init__(
        self,
        dataset: Any,
        batch_size: int = 1,
        shuffle: bool = False,
        drop_last: bool = False,
        seed: Any = None,
        *,
        collate_fn: Callable[[list[Any]], Any] | None = None,
        transform: Callable[[Any, np.random.Generator], Any] | None = None,
    ) -> None:
        if not (hasattr(dataset, "__len__") and hasattr(dataset, "__getitem__")):
            raise TypeError(f"dataset must define __len__ and __getitem__, got {type(dataset).__name__}")
        if (not isinstance(batch_size, numbers.Integral) or isinstance(batch_size, bool)
                or batch_size <= 0):
            raise ValueError(
                f"batch_size should be a positive integer value, but got batch_size={batch_size!r}"
            )
        if not isinstance(shuffle, (bool, np.bool_)):
            raise ValueError(f"shuffle must be a bool, got {shuffle!r}")
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        self.seed = seed
        self.collate_fn = collate_fn
        self.generator = _make_generator(seed)
        if transform is not None and not callable(transform):
            raise TypeError(f"transform must be callable, got {type(transform).__name__}")
        self.transform = transform
        self.transform_generator = self.generator.spawn(1)[0] if transform is not None else None

    def __len__(self) -> int:
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self) -> Iterator[Any]:
        n = len(self.dataset)
        # The whole epoch's order is drawn up front: the generator state then only
        # depends on the number of epochs started.
        order = self.generator.permutation(n) if self.shuffle else np.arange(n)
        stop = n - n % self.batch_size if self.drop_last else n
        fetch = None if self.collate_fn is not None else _batch_fetcher(self.dataset)
        collate = self.collate_fn or default_collate
        for start in range(0, stop, self.batch_size):
            indices = order[start:start + self.batch_size]
            batch = fetch(indices) if fetch is not None else collate(
                [self.dataset[int(i)] for i in indices])
            yield batch if self.transform is None else self._augment(batch)

    def _augment(self, batch: Any) -> Any:
        """The batch with ``transform`` applied to its inputs (its first field)."""
        fields = isinstance(batch, (tuple, list))
        inputs = batch[0] if fields else batch
        tensor = _is_tensor(inputs)
        out = self.transform(inputs.data if tensor else inputs, self.transform_generator)
        out = _tensor_class()(out) if tensor else out
        return type(batch)((out, *batch[1:])) if fields else out

    def state_dict(self) -> dict[str, Any]:
        """The generator states (a JSON-serialisable dict), to resume at an epoch boundary."""
        state = {"generator": self.generator.bit_generator.state}
        if self.transform_generator is not None:
            state["transform_generator"] = self.transform_generator.bit_generator.state
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the generator saved by :meth:`state_dict`."""
        state = state_dict["generator"]
        if state.get("bit_generator") != type(self.generator.bit_generator).__name__:
            raise ValueError(
                f"the saved generator is {state.get('bit_generator')!r}, this loader's is "
                f"{type(self.generator.bit_generator).__name__!r}"
            )
        self.generator.bit_generator.state = state
        if self.transform_generator is not None and "transform_generator" in state_dict:
            self.transform_generator.bit_generator.state = state_dict["transform_generator"]

    def __repr__(self) -> str:
        return (f"DataLoader(batch_size={self.batch_size}, shuffle={self.shuffle}, "
                f"drop_last={self.drop_last}, seed={self.seed!r})")
