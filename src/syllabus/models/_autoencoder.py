"""Auto-encoders: an encoder to a small code, a decoder back, trained to reconstruct."""

from __future__ import annotations

from collections.abc import Sequence

from .. import nn
from ..autograd import Tensor

_ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh}


def _check_positive(owner: str, **values: int) -> None:
    for name, value in values.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{owner}: {name} must be a positive int, got {value!r}")


def mlp(sizes: Sequence[int], activation: str, owner: str, dtype=None) -> nn.Sequential:
    """Linear layers ``sizes[0] -> sizes[1] -> ... -> sizes[-1]`` with ``activation`` between
    them (none after the last)."""
    if activation not in _ACTIVATIONS:
        raise ValueError(f"{owner}: activation must be one of {tuple(_ACTIVATIONS)}, got {activation!r}")
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        if i:
            layers.append(_ACTIVATIONS[activation]())
        layers.append(nn.Linear(a, b, dtype=dtype))
    return nn.Sequential(*layers)


def squared_error(reconstruction: Tensor, x: Tensor) -> Tensor:
    """``(1/N) sum_i ||x_i - x_hat_i||^2``: the squared error summed over features, averaged
    over the batch (the quantity PCA minimises)."""
    diff = (reconstruction - x).reshape(x.shape[0], -1)
    return (diff * diff).sum(axis=1).mean()


class _EncoderDecoder(nn.Module):
    """``encoder`` then ``decoder``, trained on the squared reconstruction error."""

    encoder: nn.Sequential
    decoder: nn.Sequential

    def encode(self, input) -> Tensor:
        """The code ``z = f(x)``, shape ``(N, latent_dim)``."""
        return self.encoder(input)

    def decode(self, z) -> Tensor:
        """The reconstruction ``g(z)``, shaped like the input."""
        return self.decoder(z)

    def forward(self, input) -> Tensor:
        return self.decode(self.encode(input))

    def loss(self, input) -> Tensor:
        """Squared reconstruction error summed over features, averaged over the batch."""
        x = input if isinstance(input, Tensor) else Tensor(input, dtype=self.encoder[0].weight.dtype)
        return squared_error(self(x), x)


class AutoEncoder(_EncoderDecoder):
    """A dense auto-encoder ``x -> z = f(x) -> x_hat = g(z)`` trained on ``||x - x_hat||^2``.

    With no hidden layer the encoder and decoder are affine maps and the optimum spans the
    same subspace as PCA with ``latent_dim`` components (Baldi & Hornik, 1989): the codes are
    the principal coordinates up to an invertible linear map, and the reconstruction error
    equals PCA's. Hidden layers with a non-linearity let the code bend to a curved manifold.

    Parameters
    ----------
    in_features : int
    latent_dim : int
        Size of the code ``z``.
    hidden_sizes : sequence of int, default=(64,)
        Encoder widths; the decoder mirrors them. ``()`` gives the linear auto-encoder.
    activation : {"relu", "tanh"}, default="relu"
    dtype : dtype, default=float32

    Attributes
    ----------
    encoder, decoder : Sequential

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.models import AutoEncoder
    >>> ae = AutoEncoder(64, 2, hidden_sizes=(32,))
    >>> ae.encode(np.zeros((5, 64), dtype=np.float32)).shape, ae(np.zeros((5, 64), dtype=np.float32)).shape
    ((5, 2), (5, 64))
    """

    def __init__(self, in_features: int, latent_dim: int, hidden_sizes: Sequence[int] = (64,), *,
                 activation: str = "relu", dtype=None) -> None:
        super().__init__()
        _check_positive("AutoEncoder", in_features=in_features, latent_dim=latent_dim)
        hidden = list(hidden_sizes)
        _check_positive("AutoEncoder", **{f"hidden_sizes[{i}]": h for i, h in enumerate(hidden)})
        self.encoder = mlp([in_features, *hidden, latent_dim], activation, "AutoEncoder", dtype)
        self.decoder = mlp([latent_dim, *hidden[::-1], in_features], activation, "AutoEncoder", dtype)


class ConvAutoEncoder(_EncoderDecoder):
    """A convolutional auto-encoder for ``(N, C, H, W)`` images, ``H`` and ``W`` multiples of 4.

    Encoder: two ``3x3`` convolutions of stride 2 (each halves the size) with ReLU, then a
    linear map to the code. Decoder: a linear map back, then two ``3x3`` transposed
    convolutions of stride 2 (``output_padding=1``, each doubles the size), the first
    followed by ReLU. On 8x8 digits: ``8x8 -> 4x4 -> 2x2 -> z -> 2x2 -> 4x4 -> 8x8``.

    Parameters
    ----------
    in_channels : int
    image_size : int or (int, int)
    latent_dim : int
    channels : (int, int), default=(16, 32)
    dtype : dtype, default=float32

    Attributes
    ----------
    encoder, decoder : Sequential

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.models import ConvAutoEncoder
    >>> ae = ConvAutoEncoder(1, 8, latent_dim=4)
    >>> ae(np.zeros((3, 1, 8, 8), dtype=np.float32)).shape
    (3, 1, 8, 8)
    """

    def __init__(self, in_channels: int, image_size, latent_dim: int, *,
                 channels: Sequence[int] = (16, 32), dtype=None) -> None:
        super().__init__()
        h, w = (image_size, image_size) if isinstance(image_size, int) else tuple(image_size)
        _check_positive("ConvAutoEncoder", in_channels=in_channels, latent_dim=latent_dim, height=h, width=w)
        if h % 4 or w % 4:
            raise ValueError(f"ConvAutoEncoder: image_size must be multiples of 4, got {(h, w)}")
        c1, c2 = channels
        _check_positive("ConvAutoEncoder", **{"channels[0]": c1, "channels[1]": c2})
        flat = c2 * (h // 4) * (w // 4)
        self.encoder = nn.Sequential(
            nn.Conv2d(in_channels, c1, 3, stride=2, padding=1, dtype=dtype), nn.ReLU(),
            nn.Conv2d(c1, c2, 3, stride=2, padding=1, dtype=dtype), nn.ReLU(),
            nn.Flatten(), nn.Linear(flat, latent_dim, dtype=dtype))
        self.decoder = nn.Sequential(
            nn.Linear(latent_dim, flat, dtype=dtype), nn.ReLU(), nn.Unflatten(1, (c2, h // 4, w // 4)),
            nn.ConvTranspose2d(c2, c1, 3, stride=2, padding=1, output_padding=1, dtype=dtype), nn.ReLU(),
            nn.ConvTranspose2d(c1, in_channels, 3, stride=2, padding=1, output_padding=1, dtype=dtype))
