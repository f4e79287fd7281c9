"""Packed variable-length batches, as ``torch.nn.utils.rnn``."""

from ._rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

__all__ = ["PackedSequence", "pack_padded_sequence", "pad_packed_sequence"]
