"""VQ-VAE: a discrete code by nearest-neighbour quantisation, trained with the straight-through
estimator, a codebook loss and a commitment loss."""

from __future__ import annotations

import math

import numpy as np

from .. import nn
from ..autograd import Tensor, no_grad
from ._autoencoder import _check_positive, mlp


class VQVAE(nn.Module):
    r"""A VQ-VAE (van den Oord et al., 2017), dense or convolutional.

    The encoder maps ``x`` to ``num_latents`` vectors ``z_e`` of size ``embedding_dim``; each
    is replaced by its nearest codebook vector ``e_k``, ``k = argmin_j ||z_e - e_j||^2``; the
    decoder reconstructs ``x`` from the quantised vectors. ``argmin`` has no gradient, so the
    straight-through estimator passes the decoder's gradient to the encoder unchanged:
    ``z_q = z_e + sg(e_k - z_e)`` (``sg`` = stop-gradient, :meth:`Tensor.detach`). The loss

    .. math::

        \frac1d\lVert x - \hat x\rVert^2 + \lVert \mathrm{sg}(z_e) - e_k\rVert^2
        + \beta \lVert z_e - \mathrm{sg}(e_k)\rVert^2

    (each term a mean over its elements and the batch) pulls the codes towards the encoder
    outputs (codebook loss) and the encoder towards its codes (commitment loss).

    Dense (``image_size=None``): inputs ``(N, in_features)``; the encoder is
    ``Linear(in_features, hidden_size) -> ReLU -> Linear(hidden_size, num_latents *
    embedding_dim)`` and the decoder mirrors it.

    Convolutional (``image_size=(H, W)``, multiples of 4): inputs are images ``(N,
    in_features, H, W)`` (``in_features`` is the number of channels) and the code is a grid:
    two ``3x3`` convolutions of stride 2, ``in_features -> hidden_size`` (ReLU) ``->
    embedding_dim``, give one vector per cell of an ``(H/4, W/4)`` grid, each quantised on
    its own (``num_latents = H/4 * W/4``, row-major); the decoder is two ``3x3`` transposed
    convolutions of stride 2 (``output_padding=1``), ``embedding_dim -> hidden_size`` (ReLU)
    ``-> in_features``. An 8x8 digit becomes a 2x2 grid of codes.

    Parameters
    ----------
    in_features : int
        Input size (dense) or number of image channels (convolutional).
    hidden_size : int
        Hidden width (dense) or channels of the hidden feature map (convolutional).
    num_embeddings : int, default=16
        Codebook size ``K``.
    embedding_dim : int, default=2
    num_latents : int, optional
        Quantised vectors per input: ``K ** num_latents`` possible codes. Dense: default 4.
        Convolutional: fixed by the grid, ``(H/4) * (W/4)`` (passing another value is an error).
    commitment_cost : float, default=0.25
        ``beta`` above.
    image_size : int or (int, int), optional
        ``None`` for the dense model; the image height and width for the convolutional one.
    dtype : dtype, default=float32

    Attributes
    ----------
    encoder, decoder : Sequential
    codebook : Embedding
        ``(num_embeddings, embedding_dim)``, initialised uniformly in ``[-1/K, 1/K]``.
    image_size : (int, int) or None
        ``(H, W)`` of the convolutional model, ``None`` for the dense one.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.models import VQVAE
    >>> vq = VQVAE(64, 32, num_embeddings=8)
    >>> x = np.random.default_rng(0).uniform(size=(10, 64)).astype(np.float32)
    >>> vq(x).shape, vq.encode_indices(x).shape, int(vq.codebook_usage(x).sum())
    ((10, 64), (10, 4), 40)
    >>> conv = VQVAE(1, 16, num_embeddings=8, image_size=8)
    >>> images = x.reshape(10, 1, 8, 8)
    >>> conv(images).shape, conv.encode_indices(images).shape
    ((10, 1, 8, 8), (10, 4))
    """

    def __init__(self, in_features: int, hidden_size: int, num_embeddings: int = 16,
                 embedding_dim: int = 2, num_latents: int | None = None, *,
                 commitment_cost: float = 0.25, image_size: int | tuple[int, int] | None = None,
                 dtype=None) -> None:
        super().__init__()
        _check_positive("VQVAE", in_features=in_features, hidden_size=hidden_size,
                        num_embeddings=num_embeddings, embedding_dim=embedding_dim)
        if image_size is None:
            self.image_size = None
            num_latents = 4 if num_latents is None else num_latents
        else:
            h, w = (image_size, image_size) if isinstance(image_size, int) else tuple(image_size)
            _check_positive("VQVAE", height=h, width=w)
            if h % 4 or w % 4:
                raise ValueError(f"VQVAE: image_size must be multiples of 4, got {(h, w)}")
            self.image_size = (h, w)
            if num_latents is not None and num_latents != (h // 4) * (w // 4):
                raise ValueError(f"VQVAE: a convolutional VQ-VAE on {h}x{w} images has "
                                 f"{(h // 4) * (w // 4)} latents (a {h // 4}x{w // 4} grid), "
                                 f"got num_latents={num_latents}")
            num_latents = (h // 4) * (w // 4)
        _check_positive("VQVAE", num_latents=num_latents)
        if not (isinstance(commitment_cost, int | float) and math.isfinite(commitment_cost)
                and commitment_cost >= 0):
            raise ValueError(f"VQVAE: commitment_cost must be a non-negative finite float, got {commitment_cost!r}")
        self.in_features, self.num_latents, self.embedding_dim = in_features, num_latents, embedding_dim
        self.num_embeddings, self.commitment_cost = num_embeddings, float(commitment_cost)
        if self.image_size is None:
            code = num_latents * embedding_dim
            self.encoder = mlp([in_features, hidden_size, code], "relu", "VQVAE", dtype)
            self.decoder = mlp([code, hidden_size, in_features], "relu", "VQVAE", dtype)
        else:
            self.encoder = nn.Sequential(
                nn.Conv2d(in_features, hidden_size, 3, stride=2, padding=1, dtype=dtype), nn.ReLU(),
                nn.Conv2d(hidden_size, embedding_dim, 3, stride=2, padding=1, dtype=dtype))
            self.decoder = nn.Sequential(
                nn.ConvTranspose2d(embedding_dim, hidden_size, 3, stride=2, padding=1, output_padding=1,
                                   dtype=dtype), nn.ReLU(),
                nn.ConvTranspose2d(hidden_size, in_features, 3, stride=2, padding=1, output_padding=1,
                                   dtype=dtype))
        self.codebook = nn.Embedding(num_embeddings, embedding_dim, dtype=dtype)
        k = 1.0 / num_embeddings
        nn.init.uniform_(self.codebook.weight, -k, k)

    def _input(self, x) -> Tensor:
        x = x if isinstance(x, Tensor) else Tensor(np.asarray(x), dtype=self.codebook.weight.dtype)
        expected = (self.in_features,) if self.image_size is None else (self.in_features, *self.image_size)
        if x.ndim != 1 + len(expected) or x.shape[1:] != expected:
            raise ValueError(f"VQVAE expects input of shape (N, {', '.join(map(str, expected))}), "
                             f"got {x.shape}")
        if not np.all(np.isfinite(x.data)):
            raise ValueError("VQVAE: the input contains NaN or infinity")
        return x

    def encode(self, x) -> Tensor:
        """The continuous encoder outputs ``z_e``, shape ``(N, num_latents, embedding_dim)``."""
        x = self._input(x)
        z = self.encoder(x)
        if self.image_size is not None:  # (N, D, h, w) -> (N, h, w, D): one vector per grid cell
            z = z.permute(0, 2, 3, 1)
        return z.reshape(x.shape[0], self.num_latents, self.embedding_dim)

    def nearest(self, z_e) -> np.ndarray:
        """Index of the nearest code of each vector of ``z_e``, shape ``z_e.shape[:-1]``."""
        z = np.asarray(z_e.data if isinstance(z_e, Tensor) else z_e)
        e = self.codebook.weight.data
        d2 = (z * z).sum(-1, keepdims=True) - 2 * z @ e.T + (e * e).sum(-1)
        return d2.argmin(axis=-1)

    def quantize(self, z_e: Tensor) -> tuple[Tensor, Tensor, np.ndarray]:
        """``(z_q, e, indices)``: the straight-through output ``z_e + sg(e - z_e)``, the chosen
        codes ``e`` (differentiable in the codebook) and their indices."""
        indices = self.nearest(z_e)
        e = self.codebook(indices)
        return z_e + (e - z_e).detach(), e, indices

    def encode_indices(self, x) -> np.ndarray:
        """The discrete code of each input, shape ``(N, num_latents)``."""
        with no_grad():
            return self.nearest(self.encode(x))

    def decode(self, z_q) -> Tensor:
        """Reconstruct from quantised vectors ``(N, num_latents, embedding_dim)``."""
        z_q = z_q if isinstance(z_q, Tensor) else Tensor(z_q)
        if self.image_size is None:
            return self.decoder(z_q.reshape(z_q.shape[0], -1))
        h, w = self.image_size[0] // 4, self.image_size[1] // 4
        return self.decoder(z_q.reshape(z_q.shape[0], h, w, self.embedding_dim).permute(0, 3, 1, 2))

    def forward(self, x) -> Tensor:
        return self.decode(self.quantize(self.encode(x))[0])

    def loss_terms(self, x) -> tuple[Tensor, Tensor, Tensor]:
        """``(reconstruction, codebook, commitment)`` losses, each a mean over elements."""
        x = self._input(x)
        z_e = self.encode(x)
        z_q, e, _ = self.quantize(z_e)
        diff = self.decode(z_q) - x
        gap_codebook = e - z_e.detach()
        gap_commit = z_e - e.detach()
        return ((diff * diff).mean(), (gap_codebook * gap_codebook).mean(),
                (gap_commit * gap_commit).mean())

    def loss(self, x) -> Tensor:
        """``reconstruction + codebook + commitment_cost * commitment``."""
        rec, codebook, commitment = self.loss_terms(x)
        return rec + codebook + self.commitment_cost * commitment

    def codebook_usage(self, x) -> np.ndarray:
        """How many of the quantised vectors of ``x`` use each code, shape ``(num_embeddings,)``
        (a zero marks a dead code)."""
        return np.bincount(self.encode_indices(x).ravel(), minlength=self.num_embeddings)
