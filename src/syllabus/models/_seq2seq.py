"""Seq2Seq: a recurrent encoder-decoder with additive (Bahdanau) attention."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import nn
from ..autograd import Tensor, cat, no_grad, stack, where
from ..nn import functional as F
from ._tokens import RECURRENT, check_cell, check_token_ids


class Seq2Seq(nn.Module):
    r"""Encoder-decoder for sequence transduction, with additive attention (Bahdanau et al.).

    The encoder (GRU or LSTM) reads the source tokens into states ``h_1..h_S``. The decoder
    starts from the encoder's final state and at each step t scores every source position,

    ``e_tj = v^T tanh(W_q s_{t-1} + W_k h_j)``,  ``alpha_t = softmax_j(e_t)``,
    ``c_t = sum_j alpha_tj h_j``,

    then ``s_t = cell([embed(y_{t-1}); c_t], s_{t-1})`` and ``logits_t = W_o [s_t; c_t] + b``.
    With ``attention=False`` the context is the encoder's final state at every step (the
    plain encoder-decoder, whose single vector must hold the whole source).

    Parameters
    ----------
    src_vocab, tgt_vocab : int
        Source and target vocabulary sizes.
    hidden_size : int
        Size of encoder and decoder states (and of the attention layer).
    embedding_dim : int, default=32
    cell : {"gru", "lstm"}, default="gru"
    attention : bool, default=True
    dtype : dtype, default=float32

    Attributes
    ----------
    src_embedding, tgt_embedding : nn.Embedding
    encoder : nn.GRU or nn.LSTM (batch first)
    decoder : nn.GRUCell or nn.LSTMCell
    attn_query, attn_key : nn.Linear
        ``W_q`` (no bias) and ``W_k``.
    attn_v : nn.Linear
        ``v`` (hidden_size -> 1, no bias).
    out : nn.Linear
        ``[s_t; c_t]`` to target logits.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.models import Seq2Seq
    >>> net = Seq2Seq(5, 6, 8)
    >>> logits, attn = net(np.array([[1, 2, 3]]), np.array([[0, 4]]))
    >>> logits.shape, attn.shape
    ((1, 2, 6), (1, 2, 3))
    """

    def __init__(self, src_vocab: int, tgt_vocab: int, hidden_size: int, *,
                 embedding_dim: int = 32, cell: str = "gru", attention: bool = True,
                 dtype: Any = None) -> None:
        super().__init__()
        check_cell(cell, "Seq2Seq", ("gru", "lstm"))
        self.src_vocab, self.tgt_vocab, self.hidden_size = src_vocab, tgt_vocab, hidden_size
        self.cell, self.attention = cell, attention
        self.src_embedding = nn.Embedding(src_vocab, embedding_dim, dtype=dtype)
        self.tgt_embedding = nn.Embedding(tgt_vocab, embedding_dim, dtype=dtype)
        self.encoder = RECURRENT[cell](embedding_dim, hidden_size, batch_first=True, dtype=dtype)
        cell_cls = nn.GRUCell if cell == "gru" else nn.LSTMCell
        self.decoder = cell_cls(embedding_dim + hidden_size, hidden_size, dtype=dtype)
        self.attn_query = nn.Linear(hidden_size, hidden_size, bias=False, dtype=dtype)
        self.attn_key = nn.Linear(hidden_size, hidden_size, dtype=dtype)
        self.attn_v = nn.Linear(hidden_size, 1, bias=False, dtype=dtype)
        self.out = nn.Linear(2 * hidden_size, tgt_vocab, dtype=dtype)

    def encode(self, src: Any, src_lengths: Any = None) -> tuple[Tensor, Any, np.ndarray | None]:
        """Encoder states (N, S, H), the decoder's initial state, and the padding mask."""
        src = check_token_ids(src, self.src_vocab, "Seq2Seq")
        states, final = self.encoder(self.src_embedding(src), lengths=src_lengths)
        if self.cell == "lstm":
            state = (final[0][0], final[1][0])
        else:
            state = final[0]
        mask = None
        if src_lengths is not None:
            mask = np.arange(src.shape[1])[None, :] < np.asarray(src_lengths)[:, None]
        return states, state, mask

    def _attend(self, query: Tensor, states: Tensor, keys: Tensor, mask: np.ndarray | None):
        # e_j = v^T tanh(W_q s + W_k h_j);  alpha = softmax(e);  c = sum_j alpha_j h_j
        scores = self.attn_v((keys + self.attn_query(query).unsqueeze(1)).tanh()).squeeze(-1)
        if mask is not None:
            scores = where(mask, scores, -np.inf)
        alpha = F.softmax(scores, dim=-1)
        return (alpha.unsqueeze(-1) * states).sum(axis=1), alpha

    def _step(self, token_emb: Tensor, state: Any, states: Tensor, keys: Tensor | None,
              fixed: Tensor, mask: np.ndarray | None):
        query = state[0] if self.cell == "lstm" else state
        if self.attention:
            context, alpha = self._attend(query, states, keys, mask)
        else:
            context, alpha = fixed, None
        state = self.decoder(cat([token_emb, context], axis=-1), state)
        s = state[0] if self.cell == "lstm" else state
        return self.out(cat([s, context], axis=-1)), state, alpha

    def forward(self, src: Any, tgt_in: Any, src_lengths: Any = None) -> tuple[Tensor, Tensor | None]:
        """Teacher-forced decoding: logits (N, T, tgt_vocab) for the decoder inputs ``tgt_in``
        (N, T) (the target shifted right, starting with a begin token), and the attention
        weights (N, T, S) (None without attention)."""
        tgt_in = check_token_ids(tgt_in, self.tgt_vocab, "Seq2Seq")
        states, state, mask = self.encode(src, src_lengths)
        keys = self.attn_key(states) if self.attention else None
        fixed = state[0] if self.cell == "lstm" else state
        emb = self.tgt_embedding(tgt_in)
        logits, alphas = [], []
        for t in range(tgt_in.shape[1]):
            out, state, alpha = self._step(emb[:, t], state, states, keys, fixed, mask)
            logits.append(out)
            alphas.append(alpha)
        attn = stack(alphas, axis=1) if self.attention else None
        return stack(logits, axis=1), attn

    def generate(self, src: Any, max_len: int, bos: int, src_lengths: Any = None
                 ) -> tuple[np.ndarray, np.ndarray | None]:
        """Greedy decoding from the begin token ``bos``: tokens (N, max_len) and attention
        weights (N, max_len, S) (None without attention)."""
        was_training = self.training
        self.eval()
        try:
            with no_grad():
                states, state, mask = self.encode(src, src_lengths)
                keys = self.attn_key(states) if self.attention else None
                fixed = state[0] if self.cell == "lstm" else state
                token = np.full(states.shape[0], bos, dtype=np.int64)
                tokens, alphas = [], []
                for _ in range(int(max_len)):
                    out, state, alpha = self._step(self.tgt_embedding(token), state, states, keys,
                                                   fixed, mask)
                    token = out.data.argmax(axis=-1)
                    tokens.append(token)
                    alphas.append(None if alpha is None else alpha.data)
        finally:
            self.train(was_training)
        attn = np.stack(alphas, axis=1) if self.attention else None
        return np.stack(tokens, axis=1), attn
