"""Shared pieces of the sequence models: token-id validation and the recurrent-cell choice."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import nn
from ..autograd import Tensor

RECURRENT = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


def check_token_ids(ids: Any, vocab_size: int, owner: str, ndim: int = 2) -> np.ndarray:
    """Token ids as an int array of ``ndim`` dimensions, each in [0, vocab_size)."""
    ids = np.asarray(ids.data if isinstance(ids, Tensor) else ids)
    if ids.dtype.kind not in "iu":
        raise TypeError(f"{owner}: token ids must be integers, got dtype {ids.dtype}")
    if ids.ndim != ndim:
        raise ValueError(f"{owner}: expected token ids of {ndim} dimensions, got shape {ids.shape}")
    if ids.size and (ids.min() < 0 or ids.max() >= vocab_size):
        bad = ids.min() if ids.min() < 0 else ids.max()
        raise IndexError(f"{owner}: token id {bad} is outside the vocabulary [0, {vocab_size})")
    return ids


def check_cell(cell: str, owner: str, allowed: tuple[str, ...] = ("rnn", "lstm", "gru")) -> str:
    if cell not in allowed:
        raise ValueError(f"{owner}: cell must be one of {allowed}, got {cell!r}")
    return cell
