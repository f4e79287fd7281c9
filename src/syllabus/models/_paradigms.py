"""The roadmap's training paradigms: masked-token pre-training (a small BERT-style encoder)
and few-shot classification (prototypical networks)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import nn
from ..autograd import Tensor, no_grad, tensor
from ..nn import functional as F
from ..utils._validation import check_labels_known, encode_labels
from ._tokens import check_token_ids

IGNORE_INDEX = -100  # targets of the positions the masked-token loss skips (as PyTorch)


class MaskedLanguageModel(nn.Module):
    """A small BERT-style encoder pre-trained by masked-token prediction.

    Token and learned position embeddings are added, read by a stack of bidirectional
    Transformer encoder layers (pre-norm, GELU), and a linear head predicts, at every
    position, the token that stood there. :meth:`mask_tokens` hides a random subset of the
    tokens (BERT's 80/10/10 rule) and :meth:`loss` scores only the hidden ones.

    Parameters
    ----------
    vocab_size : int
        Number of ordinary tokens; the model adds one more, ``mask_id = vocab_size``, for
        ``[MASK]``.
    d_model : int, default=64
    nhead : int, default=4
    num_layers : int, default=2
    dim_feedforward : int, optional
        Default ``4 * d_model``.
    max_len : int, default=64
        Length of the position table; longer sequences are refused.
    dropout : float, default=0.0
    dtype : dtype, default=float32

    Attributes
    ----------
    mask_id : int
        The ``[MASK]`` token's id.
    token_embedding : nn.Embedding of shape (vocab_size + 1, d_model)
    position_embedding : nn.Embedding of shape (max_len, d_model)
    encoder : nn.TransformerEncoder (batch first, final LayerNorm)
    head : nn.Linear
        Hidden state to the logits of the ``vocab_size`` ordinary tokens.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.models import MaskedLanguageModel
    >>> mlm = MaskedLanguageModel(10, d_model=8, nhead=2, num_layers=1, max_len=6)
    >>> ids = np.array([[1, 2, 3, 4, 5, 6]])
    >>> inputs, targets = mlm.mask_tokens(ids, mask_prob=0.5, seed=0)
    >>> mlm(inputs).shape
    (1, 6, 10)
    >>> bool(np.all((targets == -100) | (targets == ids)))
    True
    """

    def __init__(self, vocab_size: int, d_model: int = 64, nhead: int = 4, num_layers: int = 2,
                 dim_feedforward: int | None = None, max_len: int = 64, dropout: float = 0.0,
                 *, dtype: Any = None) -> None:
        super().__init__()
        for name, value in (("vocab_size", vocab_size), ("max_len", max_len)):
            if not (isinstance(value, (int, np.integer)) and value >= 1):
                raise ValueError(f"MaskedLanguageModel: {name} must be a positive integer, got {value!r}")
        self.vocab_size, self.d_model, self.max_len = int(vocab_size), d_model, int(max_len)
        self.mask_id = self.vocab_size
        self.token_embedding = nn.Embedding(vocab_size + 1, d_model, dtype=dtype)
        self.position_embedding = nn.Embedding(max_len, d_model, dtype=dtype)
        layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward or 4 * d_model, dropout,
                                           activation="gelu", batch_first=True, norm_first=True,
                                           dtype=dtype)
        self.encoder = nn.TransformerEncoder(layer, num_layers, norm=nn.LayerNorm(d_model, dtype=dtype))
        self.head = nn.Linear(d_model, vocab_size, dtype=dtype)

    def _ids(self, ids: Any, owner: str, vocab: int) -> np.ndarray:
        ids = check_token_ids(ids, vocab, owner)
        if ids.shape[1] > self.max_len:
            raise ValueError(f"{owner}: sequences of length {ids.shape[1]} are longer than the "
                             f"position table (max_len={self.max_len})")
        return ids

    def encode(self, ids: Any, src_key_padding_mask: Any = None) -> Tensor:
        """Contextual embeddings (N, T, d_model) of the token ids (N, T) (``[MASK]`` allowed)."""
        ids = self._ids(ids, "MaskedLanguageModel", self.vocab_size + 1)
        x = self.token_embedding(ids) + self.position_embedding(np.arange(ids.shape[1]))
        return self.encoder(x, src_key_padding_mask=src_key_padding_mask)

    def forward(self, ids: Any, src_key_padding_mask: Any = None) -> Tensor:
        """Logits (N, T, vocab_size) of the token at every position of ``ids`` (N, T)."""
        return self.head(self.encode(ids, src_key_padding_mask))

    def mask_tokens(self, ids: Any, mask_prob: float = 0.15, seed: Any = None) -> tuple[np.ndarray, np.ndarray]:
        """Hide tokens for masked-token pre-training, following BERT.

        Each position is chosen independently with probability ``mask_prob``; a chosen token
        becomes ``[MASK]`` with probability 0.8, a uniformly random ordinary token with
        probability 0.1, and stays as it is with probability 0.1 (so the model cannot learn
        that only ``[MASK]`` positions matter).

        Parameters
        ----------
        ids : array-like of int, shape (N, T)
            Ordinary token ids in [0, vocab_size).
        mask_prob : float in [0, 1], default=0.15
        seed : int or numpy.random.Generator, optional

        Returns
        -------
        inputs : ndarray of shape (N, T)
            The corrupted ids, the model's input.
        targets : ndarray of shape (N, T)
            The original id at the chosen positions, -100 (the loss's ``ignore_index``)
            elsewhere.
        """
        ids = self._ids(ids, "MaskedLanguageModel.mask_tokens", self.vocab_size)
        if not 0.0 <= mask_prob <= 1.0:
            raise ValueError(f"MaskedLanguageModel.mask_tokens: mask_prob must be in [0, 1], got {mask_prob!r}")
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        chosen = rng.random(ids.shape) < mask_prob
        action = rng.random(ids.shape)
        inputs = ids.copy()
        inputs[chosen & (action < 0.8)] = self.mask_id
        random = chosen & (action >= 0.8) & (action < 0.9)
        inputs[random] = rng.integers(0, self.vocab_size, int(random.sum()))
        return inputs, np.where(chosen, ids, IGNORE_INDEX)

    def loss(self, inputs: Any, targets: Any) -> Tensor:
        """Mean cross-entropy over the chosen positions only (``targets != -100``)."""
        targets = np.asarray(targets)
        logits = self(inputs)
        if targets.shape != logits.shape[:2]:
            raise ValueError(f"MaskedLanguageModel.loss: targets {targets.shape} must match the "
                             f"inputs {logits.shape[:2]}")
        return F.cross_entropy(logits.reshape(-1, self.vocab_size), targets.reshape(-1),
                               ignore_index=IGNORE_INDEX)

    def extra_repr(self) -> str:
        return f"vocab_size={self.vocab_size}, d_model={self.d_model}, max_len={self.max_len}"


class PrototypicalNetwork(nn.Module):
    """Few-shot classification by distances to class prototypes (Snell et al., 2017).

    An embedding network ``f`` maps each example to a vector. In an episode, the prototype
    of class ``k`` is the mean embedding of its support examples,
    ``c_k = mean_{i: y_i = k} f(x_i)``, and a query ``x`` gets the logits
    ``-||f(x) - c_k||^2`` (softmax over them is the class distribution). Training on many
    episodes of seen classes makes the embedding cluster by class, so new classes work from
    a handful of examples without any further training.

    Parameters
    ----------
    in_features : int, optional
        Input size of the default embedding network (a ReLU MLP with two hidden layers).
    embedding_dim : int, default=64
    hidden_size : int, default=128
    encoder : nn.Module, optional
        Embedding network to use instead of the default MLP; must map a batch to (N, D).
    dtype : dtype, default=float32

    Attributes
    ----------
    encoder : nn.Module

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.models import PrototypicalNetwork
    >>> net = PrototypicalNetwork(4, embedding_dim=3, hidden_size=8)
    >>> rng = np.random.default_rng(0)
    >>> support, labels = rng.standard_normal((6, 4)), np.array([7, 7, 2, 2, 5, 5])
    >>> net.prototypes(support, labels).shape  # classes in sorted order: 2, 5, 7
    (3, 3)
    >>> net.logits(rng.standard_normal((4, 4)), support, labels).shape
    (4, 3)
    """

    def __init__(self, in_features: int | None = None, embedding_dim: int = 64,
                 hidden_size: int = 128, *, encoder: nn.Module | None = None,
                 dtype: Any = None) -> None:
        super().__init__()
        if encoder is None:
            if in_features is None:
                raise ValueError("PrototypicalNetwork: give in_features (for the default MLP) or an encoder")
            encoder = nn.Sequential(
                nn.Linear(in_features, hidden_size, dtype=dtype), nn.ReLU(),
                nn.Linear(hidden_size, hidden_size, dtype=dtype), nn.ReLU(),
                nn.Linear(hidden_size, embedding_dim, dtype=dtype))
        self.encoder = encoder

    def forward(self, x: Any) -> Tensor:
        """Embeddings (N, D) of a batch."""
        out = self.encoder(x)
        return out if isinstance(out, Tensor) else tensor(np.asarray(out))

    def prototypes(self, support_x: Any, support_y: Any) -> Tensor:
        """Class means (K, D) of the support embeddings, classes in sorted order
        (``numpy.unique(support_y)``)."""
        classes, index = encode_labels(support_y)
        if len(index) != len(support_x):
            raise ValueError(f"PrototypicalNetwork: {len(support_x)} support examples but "
                             f"{len(index)} labels")
        emb = self(support_x)
        onehot = np.eye(len(classes), dtype=emb.dtype)[index].T  # (K, S)
        return tensor(onehot / onehot.sum(axis=1, keepdims=True)) @ emb

    def logits(self, query_x: Any, support_x: Any, support_y: Any) -> Tensor:
        """``-||f(x_q) - c_k||^2`` (Q, K): minus the squared Euclidean distance of each
        query's embedding to each prototype."""
        protos = self.prototypes(support_x, support_y)
        diff = self(query_x).unsqueeze(1) - protos.unsqueeze(0)  # (Q, K, D)
        return -(diff * diff).sum(axis=-1)

    def loss(self, support_x: Any, support_y: Any, query_x: Any, query_y: Any) -> Tensor:
        """Episode loss: cross-entropy of the query labels under the prototype logits."""
        classes = np.unique(np.asarray(support_y))
        target = check_labels_known(query_y, classes, input_name="query_y")
        return F.cross_entropy(self.logits(query_x, support_x, support_y), target)

    def predict(self, query_x: Any, support_x: Any, support_y: Any) -> np.ndarray:
        """The label of the nearest prototype for each query (evaluation mode, no graph)."""
        classes = np.unique(np.asarray(support_y))
        was_training = self.training
        self.eval()
        try:
            with no_grad():
                scores = self.logits(query_x, support_x, support_y).data
        finally:
            self.train(was_training)
        return classes[scores.argmax(axis=1)]
