"""Shared pieces of the sequence models: token-id validation, the recurrent-cell choice,
the next-token loss and sampling."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import nn
from ..autograd import Tensor
from ..nn import functional as F
from ..utils._special import softmax

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


def check_sampling(prefix: Any, temperature: float, vocab_size: int, owner: str) -> np.ndarray:
    """The prefix of a sampling call as 1-D token ids (at least one), and temperature >= 0."""
    if len(prefix) == 0:
        raise ValueError(f"{owner}: the prefix must hold at least one token")
    prefix = check_token_ids(np.asarray(prefix), vocab_size, owner, ndim=1)
    if not temperature >= 0:
        raise ValueError(f"{owner}: temperature must be >= 0, got {temperature!r}")
    return prefix


def draw_token(logits: np.ndarray, temperature: float, rng: np.random.Generator,
               top_k: int | None = None) -> int:
    """One token from softmax(logits / temperature), among the ``top_k`` largest logits if
    given; temperature 0 is the arg-max."""
    logits = np.asarray(logits, dtype=np.float64)
    if temperature == 0:
        return int(np.argmax(logits))
    if top_k is not None and top_k < logits.size:
        kth = np.partition(logits, -top_k)[-top_k]
        logits = np.where(logits >= kth, logits, -np.inf)
    return int(rng.choice(logits.size, p=softmax(logits / temperature)))


def next_token_loss(model: Any, ids: Any, owner: str) -> Tensor:
    """Mean cross-entropy of predicting ``ids[:, 1:]`` from ``ids[:, :-1]`` (a language
    model's training loss; ``model(ids)`` returns logits (N, T, vocab_size))."""
    ids = check_token_ids(ids, model.vocab_size, owner)
    if ids.shape[1] < 2:
        raise ValueError(f"{owner}.loss: sequences need at least two tokens")
    logits = model(ids[:, :-1])
    return F.cross_entropy(logits.reshape(-1, model.vocab_size), ids[:, 1:].reshape(-1))
