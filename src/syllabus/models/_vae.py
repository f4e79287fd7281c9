"""The variational auto-encoder: a Gaussian encoder, the reparameterisation trick, the ELBO."""

from __future__ import annotations

import math

import numpy as np

from .. import nn
from ..autograd import Tensor, default_generator, no_grad
from ..nn import functional as F
from ._autoencoder import _check_positive

_LIKELIHOODS = ("bernoulli", "gaussian")


class VAE(nn.Module):
    r"""A variational auto-encoder (Kingma & Welling, 2014) with one hidden layer each way.

    Encoder ``q(z|x) = N(mu(x), diag(exp(logvar(x))))``: ``x -> ReLU(Linear) -> (mu, logvar)``.
    Prior ``p(z) = N(0, I)``. Decoder ``z -> ReLU(Linear) -> Linear`` gives, for
    ``likelihood="bernoulli"``, the logits of independent Bernoulli pixels (``x`` in
    ``[0, 1]``; the reconstruction is ``sigmoid(logits)``), and for ``"gaussian"`` the mean
    of ``N(mean, sigma^2 I)`` with a fixed ``sigma``.

    The loss is the negative evidence lower bound, averaged over the batch, with one sample
    ``z = mu + exp(logvar / 2) * eps``, ``eps ~ N(0, I)`` (the reparameterisation trick: the
    noise is an input, so gradients flow to ``mu`` and ``logvar``):

    .. math::

        -\mathrm{ELBO}(x) = -\log p(x \mid z)
        + \beta\, \tfrac12 \sum_j \big(\mu_j^2 + \sigma_j^2 - 1 - \log \sigma_j^2\big)

    the KL divergence ``KL(q(z|x) || N(0, I))`` in closed form. ``-log p(x|z)`` is the
    binary cross-entropy summed over features (Bernoulli) or
    ``||x - mean||^2 / (2 sigma^2) + (d/2) log(2 pi sigma^2)`` (Gaussian). With ``beta = 1``
    it is the true negative ELBO, an upper bound on ``-log p(x)``; ``beta > 1`` is the
    beta-VAE, trading reconstruction for a code closer to the prior.

    Parameters
    ----------
    in_features : int
    latent_dim : int
    hidden_size : int
    likelihood : {"bernoulli", "gaussian"}, default="bernoulli"
    sigma : float, default=1.0
        Standard deviation of the Gaussian decoder (unused for Bernoulli).
    beta : float, default=1.0
        Weight of the KL term.
    dtype : dtype, default=float32

    Attributes
    ----------
    encoder : Sequential
        ``Linear(in_features, hidden_size), ReLU``.
    fc_mu, fc_logvar : Linear
        ``hidden_size -> latent_dim`` heads.
    decoder : Sequential
        ``Linear(latent_dim, hidden_size), ReLU, Linear(hidden_size, in_features)``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.autograd import manual_seed
    >>> from syllabus.models import VAE
    >>> _ = manual_seed(0)
    >>> vae = VAE(64, 2, 32)
    >>> x = np.random.default_rng(0).uniform(size=(10, 64)).astype(np.float32)
    >>> recon, mu, logvar = vae(x)
    >>> recon.shape, mu.shape, logvar.shape
    ((10, 64), (10, 2), (10, 2))
    >>> bool(vae.loss(x).item() > 0)
    True
    >>> vae.sample(3, seed=0).shape, vae.interpolate(x[0], x[1], steps=5).shape
    ((3, 64), (5, 64))
    """

    def __init__(self, in_features: int, latent_dim: int, hidden_size: int, *,
                 likelihood: str = "bernoulli", sigma: float = 1.0, beta: float = 1.0,
                 dtype=None) -> None:
        super().__init__()
        _check_positive("VAE", in_features=in_features, latent_dim=latent_dim, hidden_size=hidden_size)
        if likelihood not in _LIKELIHOODS:
            raise ValueError(f"VAE: likelihood must be one of {_LIKELIHOODS}, got {likelihood!r}")
        if not (isinstance(sigma, int | float) and math.isfinite(sigma) and sigma > 0):
            raise ValueError(f"VAE: sigma must be a positive finite float, got {sigma!r}")
        if not (isinstance(beta, int | float) and math.isfinite(beta) and beta >= 0):
            raise ValueError(f"VAE: beta must be a non-negative finite float, got {beta!r}")
        self.in_features, self.latent_dim = in_features, latent_dim
        self.likelihood, self.sigma, self.beta = likelihood, float(sigma), float(beta)
        self.encoder = nn.Sequential(nn.Linear(in_features, hidden_size, dtype=dtype), nn.ReLU())
        self.fc_mu = nn.Linear(hidden_size, latent_dim, dtype=dtype)
        self.fc_logvar = nn.Linear(hidden_size, latent_dim, dtype=dtype)
        self.decoder = nn.Sequential(nn.Linear(latent_dim, hidden_size, dtype=dtype), nn.ReLU(),
                                     nn.Linear(hidden_size, in_features, dtype=dtype))

    @property
    def _dtype(self) -> np.dtype:
        return self.fc_mu.weight.dtype

    def _input(self, x) -> Tensor:
        x = x if isinstance(x, Tensor) else Tensor(np.asarray(x), dtype=self._dtype)
        if x.ndim != 2 or x.shape[1] != self.in_features:
            raise ValueError(f"VAE expects input of shape (N, {self.in_features}), got {x.shape}")
        if not np.all(np.isfinite(x.data)):
            raise ValueError("VAE: the input contains NaN or infinity")
        return x

    def encode(self, x) -> tuple[Tensor, Tensor]:
        """``(mu, logvar)`` of ``q(z|x)``, each ``(N, latent_dim)``."""
        h = self.encoder(self._input(x))
        return self.fc_mu(h), self.fc_logvar(h)

    def reparameterize(self, mu: Tensor, logvar: Tensor, eps=None) -> Tensor:
        """``z = mu + exp(logvar / 2) * eps``; ``eps ~ N(0, I)`` from the default generator
        (:func:`syllabus.autograd.manual_seed`) unless given."""
        if eps is None:
            eps = default_generator().standard_normal(mu.shape).astype(mu.dtype)
        eps = np.asarray(eps, dtype=mu.dtype)
        if eps.shape != mu.shape:
            raise ValueError(f"VAE: eps must have shape {mu.shape}, got {eps.shape}")
        return mu + (logvar * 0.5).exp() * eps

    def decode_logits(self, z) -> Tensor:
        """The decoder's raw output: Bernoulli logits or the Gaussian mean."""
        return self.decoder(z)

    def decode(self, z) -> Tensor:
        """The decoder's mean: ``sigmoid(logits)`` (Bernoulli) or the Gaussian mean."""
        out = self.decoder(z)
        return out.sigmoid() if self.likelihood == "bernoulli" else out

    def forward(self, x, eps=None) -> tuple[Tensor, Tensor, Tensor]:
        """``(reconstruction, mu, logvar)``; ``z`` is sampled in training mode (or built from
        ``eps``) and is ``mu`` in evaluation mode."""
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar, eps) if self.training or eps is not None else mu
        return self.decode(z), mu, logvar

    def loss_terms(self, x, eps=None) -> tuple[Tensor, Tensor]:
        """``(reconstruction, kl)``: ``-log p(x|z)`` with one reparameterised sample and the
        closed-form ``KL(q(z|x) || N(0, I))``, each averaged over the batch."""
        x = self._input(x)
        mu, logvar = self.encode(x)
        out = self.decoder(self.reparameterize(mu, logvar, eps))
        n = x.shape[0]
        if self.likelihood == "bernoulli":
            rec = F.binary_cross_entropy_with_logits(out, x, reduction="sum") / n
        else:
            diff = out - x
            const = 0.5 * self.in_features * math.log(2 * math.pi * self.sigma ** 2)
            rec = (diff * diff).sum() / (2 * self.sigma ** 2 * n) + const
        kl = (mu * mu + logvar.exp() - 1.0 - logvar).sum() * (0.5 / n)
        return rec, kl

    def loss(self, x, eps=None) -> Tensor:
        """The negative ELBO averaged over the batch: ``reconstruction + beta * kl``."""
        rec, kl = self.loss_terms(x, eps)
        return rec + self.beta * kl

    def sample(self, n: int, seed=None) -> np.ndarray:
        """``n`` decoded draws ``z ~ N(0, I)`` (the decoder's mean), shape ``(n, in_features)``."""
        _check_positive("VAE.sample", n=n)
        z = np.random.default_rng(seed).standard_normal((n, self.latent_dim)).astype(self._dtype)
        with no_grad():
            return self.decode(Tensor(z)).data

    def interpolate(self, x1, x2, steps: int = 8) -> np.ndarray:
        """Decode ``(1 - t) mu(x1) + t mu(x2)`` for ``steps`` values of ``t`` from 0 to 1:
        shape ``(steps, in_features)``."""
        _check_positive("VAE.interpolate", steps=steps)
        x = np.stack([np.asarray(x1, dtype=self._dtype).ravel(), np.asarray(x2, dtype=self._dtype).ravel()])
        t = np.linspace(0.0, 1.0, steps, dtype=self._dtype)[:, None]
        with no_grad():
            mu = self.encode(x)[0].data
            return self.decode(Tensor((1 - t) * mu[0] + t * mu[1])).data
