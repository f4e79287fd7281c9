"""Datasets and batching: ``Dataset``, ``TensorDataset``, ``DataLoader`` (PyTorch's names).

``DataLoader(dataset, batch_size, shuffle, drop_last, seed)`` yields the batches of one
epoch per pass, deterministically for a given seed; array-backed datasets are batched by
fancy indexing, without a Python loop over samples. Image augmentation (``RandomCrop``,
``RandomHorizontalFlip``, ``RandomRotation``..., composed by ``Compose``) is handed to the
loader as ``transform=`` and applied per batch with the loader's seed.
"""

from ._dataloader import DataLoader, default_collate
from ._dataset import Dataset, Subset, TensorDataset, random_split
from ._transforms import (
    Compose,
    RandomCrop,
    RandomHorizontalFlip,
    RandomRotation,
    RandomVerticalFlip,
)

__all__ = [
    "Compose",
    "DataLoader",
    "Dataset",
    "RandomCrop",
    "RandomHorizontalFlip",
    "RandomRotation",
    "RandomVerticalFlip",
    "Subset",
    "TensorDataset",
    "default_collate",
    "random_split",
]
