"""TransformerLM: a small decoder-only Transformer language model (GPT-style)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import nn
from ..autograd import Tensor, no_grad
from ._tokens import check_sampling, check_token_ids, draw_token, next_token_loss


class TransformerLM(nn.Module):
    r"""Decoder-only Transformer: every position predicts the next token from the ones before.

    ``h_0 = E[ids] + P[:T]`` (token embedding plus a sinusoidal or learned positional
    table), then ``num_layers`` pre-norm blocks ``h = h + MHA(LN(h), causal mask)``,
    ``h = h + FFN(LN(h))`` (``nn.TransformerEncoderLayer`` with ``norm_first=True`` and the
    causal mask, which is what makes an encoder block a decoder), a final ``LayerNorm`` and
    a linear head to the vocabulary. Trained with the cross-entropy of the next token;
    :meth:`generate` draws tokens one at a time and appends each to the context.

    Parameters
    ----------
    vocab_size : int
        Number of distinct tokens.
    d_model : int, default=64
        Width of the residual stream.
    nhead : int, default=4
        Attention heads (must divide ``d_model``).
    num_layers : int, default=2
    dim_feedforward : int, optional
        Hidden size of the feed-forward network; ``4 * d_model`` by default.
    max_len : int, default=256
        Length of the positional table: the longest sequence the model reads.
    dropout : float, default=0.0
    positional : {"sinusoidal", "learned"}, default="sinusoidal"
    activation : {"gelu", "relu"}, default="gelu"
    dtype : dtype, default=float32

    Attributes
    ----------
    embedding : nn.Embedding(vocab_size, d_model)
    pos_embedding : nn.Embedding(max_len, d_model) or None
        The learned positional table (None for sinusoidal positions, which are fixed).
    encoder : nn.TransformerEncoder
        ``num_layers`` pre-norm layers, batch first, run with the causal mask.
    norm : nn.LayerNorm(d_model)
    head : nn.Linear(d_model, vocab_size)

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.models import TransformerLM
    >>> lm = TransformerLM(5, d_model=8, nhead=2, num_layers=1, max_len=16)
    >>> lm(np.array([[0, 1, 2, 3]])).shape
    (1, 4, 5)
    >>> lm.generate([0, 1], 6, temperature=0.8, top_k=3, seed=0).shape
    (6,)
    """

    def __init__(self, vocab_size: int, d_model: int = 64, nhead: int = 4, num_layers: int = 2,
                 dim_feedforward: int | None = None, max_len: int = 256, dropout: float = 0.0,
                 positional: str = "sinusoidal", activation: str = "gelu",
                 dtype: Any = None) -> None:
        super().__init__()
        if positional not in ("sinusoidal", "learned"):
            raise ValueError(f"TransformerLM: positional must be 'sinusoidal' or 'learned', "
                             f"got {positional!r}")
        if not (isinstance(max_len, (int, np.integer)) and max_len > 0):
            raise ValueError(f"TransformerLM: max_len must be a positive int, got {max_len!r}")
        self.vocab_size, self.d_model, self.max_len = int(vocab_size), int(d_model), int(max_len)
        self.positional = positional
        ff = 4 * d_model if dim_feedforward is None else dim_feedforward
        self.embedding = nn.Embedding(vocab_size, d_model, dtype=dtype)
        self.pos_embedding = nn.Embedding(max_len, d_model, dtype=dtype) \
            if positional == "learned" else None
        # the fixed table is not a parameter nor saved: it is a function of (max_len, d_model)
        self._sinusoid = nn.sinusoidal_positional_encoding(max_len, d_model, np.float64).data
        layer = nn.TransformerEncoderLayer(d_model, nhead, ff, dropout=dropout,
                                           activation=activation, batch_first=True,
                                           norm_first=True, dtype=dtype)
        self.encoder = nn.TransformerEncoder(layer, num_layers)
        self.norm = nn.LayerNorm(d_model, dtype=dtype)
        self.head = nn.Linear(d_model, vocab_size, dtype=dtype)

    def forward(self, ids: Any) -> Tensor:
        """Logits (N, T, vocab_size) of the next token at every position of ``ids`` (N, T)."""
        x = self.embed(ids)
        T = x.shape[1]
        h = self.encoder(x, mask=causal_mask(T), is_causal=True)
        return self.head(self.norm(h))

    def embed(self, ids: Any) -> Tensor:
        """The input of the first block (N, T, d_model): token embedding plus positions."""
        ids = check_token_ids(ids, self.vocab_size, "TransformerLM")
        T = ids.shape[1]
        if T > self.max_len:
            raise ValueError(f"TransformerLM: sequence length {T} exceeds max_len={self.max_len} "
                             f"(the positional table); crop the input or build a longer table")
        x = self.embedding(ids)
        if self.pos_embedding is None:
            return x + self._sinusoid[:T].astype(x.dtype)
        return x + self.pos_embedding(np.arange(T))

    def loss(self, ids: Any) -> Tensor:
        """Mean cross-entropy of predicting ``ids[:, 1:]`` from ``ids[:, :-1]``."""
        return next_token_loss(self, ids, "TransformerLM")

    def generate(self, prefix: Any, n: int, temperature: float = 1.0, top_k: int | None = None,
                 seed: Any = None) -> np.ndarray:
        """Generate ``n`` tokens after ``prefix``, each drawn from softmax(logits / temperature).

        The context is the last ``max_len`` tokens (prefix and the tokens generated so far).

        Parameters
        ----------
        prefix : sequence of int
            At least one token id.
        n : int
            Number of tokens to generate.
        temperature : float, default=1.0
            Below 1 sharpens the distribution, above 1 flattens it; 0 takes the arg-max
            (greedy decoding).
        top_k : int, optional
            Draw only among the ``top_k`` most likely tokens (their probabilities
            renormalised).
        seed : int or numpy.random.Generator, optional

        Returns
        -------
        numpy.ndarray of shape (n,)
            The generated token ids (the prefix excluded).
        """
        seq = list(check_sampling(prefix, temperature, self.vocab_size, "TransformerLM.generate"))
        if top_k is not None and not (isinstance(top_k, (int, np.integer)) and top_k >= 1):
            raise ValueError(f"TransformerLM.generate: top_k must be a positive int or None, "
                             f"got {top_k!r}")
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        was_training = self.training
        self.eval()
        out = np.empty(int(n), dtype=np.int64)
        try:
            with no_grad():
                for i in range(int(n)):
                    context = np.array([seq[-self.max_len:]])
                    token = draw_token(self(context).data[0, -1], temperature, rng, top_k)
                    out[i] = token
                    seq.append(token)
        finally:
            self.train(was_training)
        return out

    def extra_repr(self) -> str:
        return (f"vocab_size={self.vocab_size}, d_model={self.d_model}, "
                f"max_len={self.max_len}, positional={self.positional!r}")


def causal_mask(T: int) -> np.ndarray:
    """Boolean (T, T) mask, True above the diagonal: position t may not attend to s > t."""
    return np.triu(np.ones((T, T), dtype=bool), k=1)
