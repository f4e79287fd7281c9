"""CaptionNet: a CNN encoder and an LSTM decoder for image captioning."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import nn
from ..autograd import Tensor, cat, no_grad
from ..nn import functional as F
from ._tokens import check_token_ids


class CaptionNet(nn.Module):
    """Image captioning as in the lecture: a CNN whose classification layers are removed
    gives an image feature, fed to an LSTM as its first input; the LSTM then reads the
    caption word by word and predicts the next word.

    Input sequence ``[W_img f(I), E w_1, ..., E w_{T-1}]``; output t predicts word ``w_t``
    (so the first word is predicted from the image alone, and a caption ends with an end
    token). Decoding: :meth:`greedy` (arg-max word at each step) or :meth:`beam_search`
    (keep the ``beam_size`` most probable partial captions).

    Parameters
    ----------
    vocab_size : int
    in_channels : int, default=3
    image_size : int, default=32
        Height and width of the (square) images.
    embedding_dim : int, default=32
        Size of the word embeddings and of the projected image feature.
    hidden_size : int, default=64
    dtype : dtype, default=float32

    Attributes
    ----------
    encoder : nn.Sequential
        Conv(3x3, 16)-ReLU-MaxPool(2)-Conv(3x3, 32)-ReLU-MaxPool(2)-Flatten: the CNN without
        its last (classification) layers.
    image_proj : nn.Linear
        The new layer connecting the CNN to the RNN (``W_img``).
    embedding : nn.Embedding
    lstm : nn.LSTM (batch first)
    head : nn.Linear
        Hidden state to word logits.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.models import CaptionNet
    >>> net = CaptionNet(7, image_size=16)
    >>> images = np.zeros((2, 3, 16, 16), dtype=np.float32)
    >>> net(images, np.array([[1, 2, 0], [3, 4, 0]])).shape
    (2, 3, 7)
    >>> net.greedy(images, max_len=4, end=0).shape
    (2, 4)
    """

    def __init__(self, vocab_size: int, in_channels: int = 3, image_size: int = 32, *,
                 embedding_dim: int = 32, hidden_size: int = 64, dtype: Any = None) -> None:
        super().__init__()
        if image_size % 4:
            raise ValueError(f"CaptionNet: image_size must be a multiple of 4, got {image_size}")
        self.vocab_size, self.in_channels, self.image_size = vocab_size, in_channels, image_size
        self.encoder = nn.Sequential(
            nn.Conv2d(in_channels, 16, 3, padding=1, dtype=dtype), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1, dtype=dtype), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten())
        self.image_proj = nn.Linear(32 * (image_size // 4) ** 2, embedding_dim, dtype=dtype)
        self.embedding = nn.Embedding(vocab_size, embedding_dim, dtype=dtype)
        self.lstm = nn.LSTM(embedding_dim, hidden_size, batch_first=True, dtype=dtype)
        self.head = nn.Linear(hidden_size, vocab_size, dtype=dtype)

    def features(self, images: Any) -> Tensor:
        """The projected image feature (N, embedding_dim): the decoder's first input."""
        shape = np.shape(images.data if isinstance(images, Tensor) else images)
        want = (self.in_channels, self.image_size, self.image_size)
        if len(shape) != 4 or tuple(shape[1:]) != want:
            raise ValueError(f"CaptionNet: expected images of shape (N, {want[0]}, {want[1]}, "
                             f"{want[2]}), got {tuple(shape)}")
        return self.image_proj(self.encoder(images))

    def forward(self, images: Any, captions: Any) -> Tensor:
        """Logits (N, T, vocab_size): step t predicts ``captions[:, t]`` from the image and
        the words before it."""
        captions = check_token_ids(captions, self.vocab_size, "CaptionNet")
        steps = [self.features(images).unsqueeze(1)]
        if captions.shape[1] > 1:
            steps.append(self.embedding(captions[:, :-1]))
        out, _ = self.lstm(cat(steps, axis=1))
        return self.head(out)

    def loss(self, images: Any, captions: Any) -> Tensor:
        """Mean cross-entropy of every word of the captions."""
        logits = self(images, captions)
        return F.cross_entropy(logits.reshape(-1, self.vocab_size), np.asarray(captions).reshape(-1))

    def _decode(self, fn):
        was_training = self.training
        self.eval()
        try:
            with no_grad():
                return fn()
        finally:
            self.train(was_training)

    def greedy(self, images: Any, max_len: int, end: int) -> np.ndarray:
        """Arg-max decoding: tokens (N, max_len); after the ``end`` token a row holds ``end``."""
        def run():
            x = self.features(images).unsqueeze(1)
            state, tokens = None, []
            done = np.zeros(x.shape[0], dtype=bool)
            for _ in range(int(max_len)):
                out, state = self.lstm(x, state)
                token = np.where(done, end, self.head(out).data[:, -1].argmax(axis=-1))
                tokens.append(token)
                done |= token == end
                x = self.embedding(token[:, None])
            return np.stack(tokens, axis=1)
        return self._decode(run)

    def beam_search(self, images: Any, max_len: int, end: int, beam_size: int = 3) -> list[list[int]]:
        """Beam-search decoding: for each image the most probable caption (sum of word
        log-probabilities) among those kept, ending with ``end`` (or cut at ``max_len``).

        Returns
        -------
        list of list of int
            One token list per image.
        """
        if beam_size < 1:
            raise ValueError(f"CaptionNet.beam_search: beam_size must be >= 1, got {beam_size}")

        def run():
            feats = self.features(images)
            results = []
            for n in range(feats.shape[0]):
                x, state = feats[n:n + 1].unsqueeze(1), None
                beams = [(0.0, [])]  # (log-probability, tokens) of the live beams
                finished = []
                for _ in range(int(max_len)):
                    out, state = self.lstm(x, state)
                    logp = F.log_softmax(self.head(out), dim=-1).data[:, -1]  # (beams, V)
                    total = np.array([b[0] for b in beams])[:, None] + logp
                    best = np.argsort(total, axis=None)[::-1][:beam_size]
                    rows, words = np.unravel_index(best, total.shape)
                    beams = [(float(total[r, w]), beams[r][1] + [int(w)]) for r, w in zip(rows, words)]
                    keep = [i for i, b in enumerate(beams) if b[1][-1] != end]
                    finished += [b for b in beams if b[1][-1] == end]
                    if not keep or (finished and max(f[0] for f in finished) >= max(beams[i][0] for i in keep)):
                        break  # no live beam can beat a finished caption: log-probabilities only fall
                    beams = [beams[i] for i in keep]
                    state = tuple(s[:, rows[keep]] for s in state)
                    x = self.embedding(np.array([[b[1][-1]] for b in beams]))
                pool = finished + [b for b in beams if b[1][-1] != end]
                results.append(max(pool, key=lambda b: b[0])[1])
            return results
        return self._decode(run)
