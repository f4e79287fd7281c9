"""CharRNN: the lecture's character-level language model."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import nn
from ..autograd import Tensor, no_grad, tensor
from ._tokens import (
    RECURRENT,
    check_cell,
    check_sampling,
    check_token_ids,
    draw_token,
    next_token_loss,
)


class CharRNN(nn.Module):
    """Character-level language model: token -> (one-hot or embedding) -> RNN/LSTM/GRU -> logits.

    At each step t the network reads token x_t and predicts a distribution over the next
    token: ``h_t = cell(x_t, h_{t-1})``, ``logits_t = h_t W_hy^T + b_y``. Trained with the
    cross-entropy of the next character; at test time :meth:`sample` draws characters one at
    a time and feeds each back as the next input (the lecture's "hello" example).

    Parameters
    ----------
    vocab_size : int
        Number of distinct tokens.
    hidden_size : int
        Size of the recurrent state.
    cell : {"lstm", "gru", "rnn"}, default="lstm"
    num_layers : int, default=1
    embedding_dim : int, optional
        Learn an embedding of this size; by default the input is the one-hot vector (as in
        the lecture).
    dtype : dtype, default=float32

    Attributes
    ----------
    embedding : nn.Embedding or None
    rnn : nn.RNN, nn.LSTM or nn.GRU (batch first)
    head : nn.Linear
        Hidden state to logits.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.models import CharRNN
    >>> net = CharRNN(4, 8, cell="rnn")
    >>> net(np.array([[0, 1, 2, 2]])).shape
    (1, 4, 4)
    >>> net.sample([0], 5, temperature=1.0, seed=0).shape
    (5,)
    """

    def __init__(self, vocab_size: int, hidden_size: int, cell: str = "lstm", num_layers: int = 1,
                 *, embedding_dim: int | None = None, dtype: Any = None) -> None:
        super().__init__()
        check_cell(cell, "CharRNN")
        self.vocab_size, self.hidden_size, self.cell, self.num_layers = vocab_size, hidden_size, cell, num_layers
        self.embedding = None if embedding_dim is None else nn.Embedding(vocab_size, embedding_dim, dtype=dtype)
        in_size = vocab_size if embedding_dim is None else embedding_dim
        self.rnn = RECURRENT[cell](in_size, hidden_size, num_layers, batch_first=True, dtype=dtype)
        self.head = nn.Linear(hidden_size, vocab_size, dtype=dtype)

    def _inputs(self, ids: np.ndarray) -> Tensor:
        if self.embedding is not None:
            return self.embedding(ids)
        return tensor(np.eye(self.vocab_size, dtype=self.head.weight.dtype)[ids])

    def forward(self, ids: Any, state: Any = None, return_state: bool = False) -> Any:
        """Logits (N, T, vocab_size) of the next token at every step of ``ids`` (N, T).

        ``state`` continues from a previous call; with ``return_state=True`` the result is
        ``(logits, new_state)`` (the form :func:`syllabus.train.truncated_bptt` expects).
        """
        ids = check_token_ids(ids, self.vocab_size, "CharRNN")
        out, new_state = self.rnn(self._inputs(ids), state)
        logits = self.head(out)
        return (logits, new_state) if return_state else logits

    def sample(self, prefix: Any, n: int, temperature: float = 1.0, seed: Any = None) -> np.ndarray:
        """Generate ``n`` tokens after ``prefix``, each drawn from softmax(logits / temperature).

        Parameters
        ----------
        prefix : sequence of int
            At least one token id; the network reads it first.
        n : int
            Number of tokens to generate.
        temperature : float, default=1.0
            Below 1 sharpens the distribution, above 1 flattens it; 0 takes the arg-max
            (greedy decoding).
        seed : int or numpy.random.Generator, optional

        Returns
        -------
        numpy.ndarray of shape (n,)
            The generated token ids (the prefix excluded).
        """
        prefix = check_sampling(prefix, temperature, self.vocab_size, "CharRNN.sample")
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        was_training = self.training
        self.eval()
        out = np.empty(int(n), dtype=np.int64)
        try:
            with no_grad():
                logits, state = self(prefix[None], return_state=True)
                last = logits.data[0, -1].astype(np.float64)
                for i in range(int(n)):
                    token = draw_token(last, temperature, rng)
                    out[i] = token
                    logits, state = self(np.array([[token]]), state, return_state=True)
                    last = logits.data[0, -1].astype(np.float64)
        finally:
            self.train(was_training)
        return out

    def loss(self, ids: Any) -> Tensor:
        """Mean cross-entropy of predicting ``ids[:, 1:]`` from ``ids[:, :-1]``."""
        return next_token_loss(self, ids, "CharRNN")

    def extra_repr(self) -> str:
        return f"vocab_size={self.vocab_size}, hidden_size={self.hidden_size}, cell={self.cell!r}"
