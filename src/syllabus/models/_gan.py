"""GAN: a generator and a discriminator trained against each other."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import nn
from ..autograd import Tensor, no_grad, tensor
from ..nn import functional as F
from ..nn._layers import _check_positive_int, _float_dtype


def _mlp(sizes: list[int], activation: Any, dtype: Any) -> nn.Sequential:
    """Linear layers of the given sizes with ``activation()`` between them (none at the end)."""
    layers: list[nn.Module] = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(n_in, n_out, dtype=dtype))
        if i < len(sizes) - 2:
            layers.append(activation())
    return nn.Sequential(*layers)


_OUTPUT_ACTIVATIONS = {None: None, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


def _rng(seed: Any) -> np.random.Generator:
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def _check_data(x: Any, n_features: int, owner: str, dtype: Any) -> np.ndarray:
    """A finite float array of shape (n, n_features) in the model's dtype."""
    x = np.asarray(x.data if isinstance(x, Tensor) else x, dtype=dtype)
    if x.ndim != 2 or x.shape[1] != n_features:
        raise ValueError(f"{owner}: expected data of shape (n, {n_features}), got {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{owner}: the data contains NaN or inf")
    return x


class GAN(nn.Module):
    """Generative adversarial network: an MLP generator ``G(z)`` and an MLP discriminator ``D(x)``.

    The discriminator outputs a logit ``D(x)`` (real vs generated) and minimises the binary
    cross-entropy ``-log sigma(D(x)) - log(1 - sigma(D(G(z))))``; the generator minimises
    the non-saturating loss ``-log sigma(D(G(z)))`` (Goodfellow et al., 2014), whose gradient
    stays large while the discriminator easily rejects the generated samples.

    Parameters
    ----------
    data_dim : int
        Dimension of a data point.
    latent_dim : int, default=2
        Dimension of the noise ``z ~ N(0, I)`` fed to the generator.
    hidden_size : int, default=64
        Width of the hidden layers of both networks.
    n_hidden : int, default=2
        Number of hidden layers of each network (ReLU in the generator, LeakyReLU(0.2) in
        the discriminator).
    output_activation : {None, "tanh", "sigmoid"}, default=None
        Squashing of the generator's output: ``None`` for unbounded data, ``"tanh"`` for data
        scaled to ``[-1, 1]`` (images, as in DCGAN), ``"sigmoid"`` for data in ``[0, 1]``.
    dtype : dtype, default=float32

    Attributes
    ----------
    generator : nn.Sequential
        ``latent_dim -> hidden_size (x n_hidden) -> data_dim`` (then ``output_activation``).
    discriminator : nn.Sequential
        ``data_dim -> hidden_size (x n_hidden) -> 1`` (a logit).

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import optim
    >>> from syllabus.models import GAN
    >>> gan = GAN(2, latent_dim=2, hidden_size=16)
    >>> opt_g = optim.Adam(gan.generator.parameters(), lr=1e-3)
    >>> opt_d = optim.Adam(gan.discriminator.parameters(), lr=1e-3)
    >>> x = np.random.default_rng(0).normal(size=(32, 2))
    >>> loss_d, loss_g = gan.train_step(x, opt_g, opt_d, rng=0)
    >>> gan.sample(5, seed=0).shape
    (5, 2)
    """

    def __init__(self, data_dim: int, latent_dim: int = 2, hidden_size: int = 64, n_hidden: int = 2,
                 *, output_activation: str | None = None, dtype: Any = None) -> None:
        super().__init__()
        for name, value in [("data_dim", data_dim), ("latent_dim", latent_dim),
                            ("hidden_size", hidden_size), ("n_hidden", n_hidden)]:
            _check_positive_int(name, value, "GAN")
        if output_activation not in _OUTPUT_ACTIVATIONS:
            raise ValueError(f"GAN: output_activation must be one of {tuple(_OUTPUT_ACTIVATIONS)}, "
                             f"got {output_activation!r}")
        dtype = _float_dtype(dtype)
        self.data_dim, self.latent_dim, self.hidden_size = int(data_dim), int(latent_dim), int(hidden_size)
        self.output_activation = output_activation
        hidden = [self.hidden_size] * int(n_hidden)
        self.generator = _mlp([self.latent_dim, *hidden, self.data_dim], nn.ReLU, dtype)
        if output_activation is not None:
            self.generator = nn.Sequential(*self.generator, _OUTPUT_ACTIVATIONS[output_activation]())
        self.discriminator = _mlp([self.data_dim, *hidden, 1],
                                  lambda: nn.LeakyReLU(0.2), dtype)

    @property
    def _dtype(self) -> np.dtype:
        return self.discriminator[0].weight.dtype

    def forward(self, z: Any) -> Tensor:
        """Generated points ``G(z)`` of shape (n, data_dim) for noise ``z`` (n, latent_dim)."""
        z = _check_data(z, self.latent_dim, "GAN", self._dtype) if not isinstance(z, Tensor) else z
        return self.generator(z)

    def latent(self, n: int, seed: Any = None) -> np.ndarray:
        """``n`` noise vectors ``z ~ N(0, I)`` of shape (n, latent_dim)."""
        return _rng(seed).standard_normal((int(n), self.latent_dim)).astype(self._dtype)

    def sample(self, n: int, seed: Any = None) -> np.ndarray:
        """``n`` generated points (a NumPy array), drawn without recording gradients."""
        with no_grad():
            return self.generator(tensor(self.latent(n, seed))).data

    def discriminator_loss(self, x_real: Any, x_fake: Any) -> Tensor:
        """``BCE(D(x_real), 1) + BCE(D(x_fake), 0)`` on logits, each term averaged over its batch.

        ``x_fake`` is detached: this loss trains the discriminator only.
        """
        real = tensor(_check_data(x_real, self.data_dim, "GAN.discriminator_loss", self._dtype))
        fake = x_fake.detach() if isinstance(x_fake, Tensor) else tensor(
            _check_data(x_fake, self.data_dim, "GAN.discriminator_loss", self._dtype))
        logit_real, logit_fake = self.discriminator(real), self.discriminator(fake)
        ones = np.ones(logit_real.shape, dtype=self._dtype)
        zeros = np.zeros(logit_fake.shape, dtype=self._dtype)
        return (F.binary_cross_entropy_with_logits(logit_real, ones)
                + F.binary_cross_entropy_with_logits(logit_fake, zeros))

    def generator_loss(self, x_fake: Tensor) -> Tensor:
        """The non-saturating loss ``mean(-log sigma(D(x_fake))) = BCE(D(x_fake), 1)``.

        ``x_fake`` should be ``G(z)`` (a Tensor in the generator's graph) so that the
        gradient reaches the generator's parameters.
        """
        logit = self.discriminator(x_fake)
        return F.binary_cross_entropy_with_logits(logit, np.ones(logit.shape, dtype=self._dtype))

    def train_step(self, x: Any, opt_g: Any, opt_d: Any, *, rng: Any = None) -> tuple[float, float]:
        """One alternating update: a discriminator step, then a generator step.

        Parameters
        ----------
        x : array-like of shape (n, data_dim)
            A batch of real data.
        opt_g, opt_d : syllabus.optim.Optimizer
            Optimisers over the generator's and the discriminator's parameters.
        rng : int or numpy.random.Generator, optional
            Source of the noise ``z`` (one draw of ``n`` vectors per network).

        Returns
        -------
        (float, float)
            The discriminator's and the generator's losses before their updates.
        """
        x = _check_data(x, self.data_dim, "GAN.train_step", self._dtype)
        rng = _rng(rng)
        n = len(x)
        opt_d.zero_grad()
        with no_grad():
            fake = self.generator(tensor(self.latent(n, rng)))
        loss_d = self.discriminator_loss(x, fake)
        loss_d.backward()
        opt_d.step()
        opt_g.zero_grad()
        loss_g = self.generator_loss(self.generator(tensor(self.latent(n, rng))))
        loss_g.backward()
        opt_g.step()
        # the generator step also filled the discriminator's gradients: clear them
        opt_d.zero_grad()
        return float(loss_d.item()), float(loss_g.item())

    def extra_repr(self) -> str:
        return f"data_dim={self.data_dim}, latent_dim={self.latent_dim}, hidden_size={self.hidden_size}"
