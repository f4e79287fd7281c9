"""Training utilities for networks (as ``torch.nn.utils``): gradient clipping, packed
variable-length batches (``nn.utils.rnn``)."""

from . import rnn
from ._clip_grad import clip_grad_norm_, clip_grad_value_
from ._rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

__all__ = ["PackedSequence", "clip_grad_norm_", "clip_grad_value_", "pack_padded_sequence",
           "pad_packed_sequence", "rnn"]
