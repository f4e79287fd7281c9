"""Datasets and batching: ``Dataset``, ``TensorDataset``, ``DataLoader`` (PyTorch's names).

``DataLoader(dataset, batch_size, shuffle, drop_last, seed)`` yields the batches of one
epoch per pass, deterministically for a given seed; array-backed datasets are batched by
fancy indexing, without a Python loop over samples.
"""

from ._dataloader import DataLoader, default_collate
from ._dataset import Dataset, Subset, TensorDataset, random_split

__all__ = ["DataLoader", "Dataset", "Subset", "TensorDataset", "default_collate", "random_split"]
