"""Packed variable-length batches (PyTorch's ``torch.nn.utils.rnn``): PackedSequence,
pack_padded_sequence, pad_packed_sequence.

A packed batch stores, step after step, only the rows of the sequences still running at that
step, longest sequences first: ``data`` (sum of lengths, *), ``batch_sizes[t]`` = how many
sequences are longer than t. Packing and unpacking are one gather each (differentiable).
``RNN``/``LSTM``/``GRU`` accept a PackedSequence: they unpack it, run the padded batch with
``lengths=`` (one implementation of variable lengths) and pack the output again.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ...autograd import Tensor, cat

__all__ = ["PackedSequence", "pack_padded_sequence", "pad_packed_sequence"]


class PackedSequence(NamedTuple):
    """A packed batch of variable-length sequences (build it with :func:`pack_padded_sequence`).

    Attributes
    ----------
    data : Tensor of shape (sum of lengths, *)
        The rows of every step, ``batch_sizes[t]`` rows for step t, sequences in decreasing
        order of length.
    batch_sizes : numpy.ndarray of int64, shape (max length,)
        Number of sequences longer than t, for each step t.
    sorted_indices : numpy.ndarray of int64 or None
        Position in the original batch of the k-th longest sequence (None if the batch was
        already sorted, ``enforce_sorted=True``).
    unsorted_indices : numpy.ndarray of int64 or None
        The inverse permutation.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.nn.utils.rnn import pack_padded_sequence
    >>> packed = pack_padded_sequence(np.arange(6.0).reshape(3, 2, 1), [3, 1])
    >>> packed.data.numpy().ravel(), packed.batch_sizes
    (array([0., 1., 2., 4.]), array([2, 1, 1]))
    """

    data: Tensor
    batch_sizes: np.ndarray
    sorted_indices: np.ndarray | None = None
    unsorted_indices: np.ndarray | None = None

    def _lengths(self) -> np.ndarray:
        """Length of each sequence, in the original batch order."""
        sizes = self.batch_sizes
        by_rank = (np.arange(sizes[0])[:, None] < sizes[None, :]).sum(axis=1)
        return by_rank if self.unsorted_indices is None else by_rank[self.unsorted_indices]


def _check_lengths(name: str, lengths: Any, n_batch: int, n_steps: int) -> np.ndarray:
    """``lengths``: one integer in [1, T] per sequence of the batch."""
    lengths = np.asarray(lengths.data if isinstance(lengths, Tensor) else lengths)
    if lengths.dtype.kind not in "iu" or lengths.shape != (n_batch,):
        raise ValueError(f"{name}: lengths must be {n_batch} integers (one per sequence), got "
                         f"{lengths.dtype} array of shape {lengths.shape}")
    if lengths.min() < 1 or lengths.max() > n_steps:
        raise ValueError(f"{name}: every length must be in [1, {n_steps}] (the sequence "
                         f"length), got lengths from {lengths.min()} to {lengths.max()}")
    return lengths.astype(np.intp)


def _rows(batch_sizes: np.ndarray, sorted_indices: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(step, sequence) of every packed row, sequences as positions in the original batch."""
    steps = np.repeat(np.arange(len(batch_sizes)), batch_sizes)
    rank = np.concatenate([np.arange(b) for b in batch_sizes])
    return steps, (rank if sorted_indices is None else sorted_indices[rank])


def pack_padded_sequence(input: Any, lengths: Any, batch_first: bool = False,
                         enforce_sorted: bool = True) -> PackedSequence:
    """Pack a padded batch of variable-length sequences (PyTorch's ``pack_padded_sequence``).

    Parameters
    ----------
    input : Tensor or array-like of shape (T, N, *) ((N, T, *) with ``batch_first``)
    lengths : array-like of N integers in [1, T]
    batch_first : bool, default=False
    enforce_sorted : bool, default=True
        If True the lengths must be in decreasing order (ValueError otherwise); if False
        the batch is sorted here and the order is recorded in ``sorted_indices``.

    Returns
    -------
    PackedSequence
        Gradients flow from ``data`` back to ``input``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.nn.utils.rnn import pack_padded_sequence
    >>> pack_padded_sequence(np.zeros((4, 3, 2)), [2, 4, 1], enforce_sorted=False).batch_sizes
    array([3, 2, 1, 1])
    """
    input = input if isinstance(input, Tensor) else Tensor(np.asarray(input))
    if input.ndim < 2:
        raise ValueError(f"pack_padded_sequence: expected an input of at least 2 dimensions "
                         f"(T, N, *), got shape {input.shape}")
    if batch_first:
        input = input.transpose(0, 1)
    n_steps, n_batch = input.shape[:2]
    lengths = _check_lengths("pack_padded_sequence", lengths, n_batch, n_steps).astype(np.int64)
    sorted_indices = unsorted_indices = None
    if enforce_sorted:
        if np.any(np.diff(lengths) > 0):
            raise ValueError("pack_padded_sequence: `lengths` array must be sorted in decreasing "
                             "order when `enforce_sorted` is True; pass enforce_sorted=False to "
                             f"pack an unsorted batch (got {lengths.tolist()})")
        ordered = lengths
    else:
        sorted_indices = np.argsort(-lengths, kind="stable")
        unsorted_indices = np.argsort(sorted_indices)
        ordered = lengths[sorted_indices]
    batch_sizes = (np.arange(ordered[0])[:, None] < ordered[None, :]).sum(axis=1).astype(np.int64)
    return _pack_like(input, PackedSequence(None, batch_sizes, sorted_indices, unsorted_indices))


def _pack_like(padded: Tensor, like: PackedSequence) -> PackedSequence:
    """Pack the (T, N, *) ``padded`` with the lengths and order of ``like``."""
    steps, seqs = _rows(like.batch_sizes, like.sorted_indices)
    return like._replace(data=padded[steps, seqs])


def pad_packed_sequence(sequence: PackedSequence, batch_first: bool = False,
                        padding_value: float = 0.0,
                        total_length: int | None = None) -> tuple[Tensor, np.ndarray]:
    """Unpack a PackedSequence into a padded batch (PyTorch's ``pad_packed_sequence``).

    Parameters
    ----------
    sequence : PackedSequence
    batch_first : bool, default=False
        Return (N, T, *) instead of (T, N, *).
    padding_value : float, default=0.0
        Value of the steps past each sequence's length.
    total_length : int, optional
        Pad to this length (at least the longest sequence) instead of the longest length.

    Returns
    -------
    padded : Tensor of shape (T, N, *) ((N, T, *) with ``batch_first``), in the original batch
        order; gradients flow back to ``sequence.data``.
    lengths : numpy.ndarray of int64, shape (N,)

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
    >>> x = np.arange(6.0).reshape(3, 2, 1)
    >>> padded, lengths = pad_packed_sequence(pack_padded_sequence(x, [3, 1]))
    >>> padded.numpy()[:, :, 0], lengths
    (array([[0., 1.],
           [2., 0.],
           [4., 0.]]), array([3, 1]))
    """
    if not isinstance(sequence, PackedSequence):
        raise TypeError(f"pad_packed_sequence: expected a PackedSequence, got {type(sequence).__name__}")
    data, batch_sizes = sequence.data, np.asarray(sequence.batch_sizes)
    n_steps, n_batch = len(batch_sizes), int(batch_sizes[0])
    if total_length is not None:
        if total_length < n_steps:
            raise ValueError(f"pad_packed_sequence: total_length={total_length} is smaller than "
                             f"the longest sequence ({n_steps} steps)")
        n_steps = total_length
    steps, seqs = _rows(batch_sizes, sequence.sorted_indices)
    where = np.full((n_steps, n_batch), data.shape[0])  # the padding row by default
    where[steps, seqs] = np.arange(data.shape[0])
    pad = Tensor(np.full((1, *data.shape[1:]), padding_value, dtype=data.dtype))
    padded = cat([data, pad], axis=0)[where]
    return (padded.transpose(0, 1) if batch_first else padded), sequence._lengths()
