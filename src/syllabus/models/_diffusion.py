"""DDPM: denoising diffusion probabilistic model with an MLP noise predictor."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import nn
from ..autograd import Tensor, cat, no_grad, tensor
from ..nn import functional as F
from ..nn._layers import _check_positive_int, _float_dtype
from ._gan import _check_data, _mlp, _rng

SCHEDULES = ("linear", "cosine")


def _betas(schedule: str, n_steps: int) -> np.ndarray:
    """The noise schedule beta_1..beta_T (float64).

    ``"linear"``: Ho et al.'s 1e-4 -> 0.02 over 1000 steps, both ends scaled by 1000 / T for
    other T (capped at 0.999, which only binds below T = 21). ``"cosine"``: Nichol & Dhariwal's ``alpha_bar(t) = f(t) / f(0)``,
    ``f(t) = cos^2(pi/2 (t/T + s) / (1 + s))``, ``s = 0.008``,
    ``beta_t = min(1 - alpha_bar(t) / alpha_bar(t - 1), 0.999)``.
    """
    if schedule == "linear":
        scale = 1000.0 / n_steps
        return np.minimum(np.linspace(scale * 1e-4, scale * 0.02, n_steps), 0.999)
    t = np.arange(n_steps + 1) / n_steps
    f = np.cos((t + 0.008) / 1.008 * np.pi / 2) ** 2
    return np.minimum(1.0 - f[1:] / f[:-1], 0.999)


def _time_embedding(t: np.ndarray, dim: int) -> np.ndarray:
    """Sinusoidal embedding of integer steps, (n,) -> (n, dim): ``[sin(t w_i), cos(t w_i)]``."""
    rates = np.exp(-np.log(10000.0) * np.arange(dim // 2) / max(dim // 2, 1))
    angles = np.asarray(t, dtype=np.float64)[:, None] * rates
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1)


class DDPM(nn.Module):
    """Denoising diffusion (Ho et al., 2020) with an MLP noise predictor ``eps_theta(x_t, t)``.

    The forward process adds Gaussian noise, ``q(x_t | x_{t-1}) = N(sqrt(1 - beta_t) x_{t-1},
    beta_t I)``, and has the closed form ``x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t)
    eps`` with ``alpha_bar_t = prod_{s <= t} (1 - beta_s)``. The network learns to predict
    ``eps`` from ``(x_t, t)`` (the loss ``||eps - eps_theta(x_t, t)||^2``), and ancestral
    sampling runs the reverse chain from ``x_T ~ N(0, I)``:
    ``x_{t-1} = (x_t - beta_t / sqrt(1 - alpha_bar_t) eps_theta) / sqrt(alpha_t) + sqrt(beta_t) z``.

    Steps are indexed ``t = 0, ..., n_steps - 1`` (``t = 0`` is the first noising step).

    Parameters
    ----------
    data_dim : int
        Dimension of a data point (2 for toy data, 64 for flattened 8x8 digits).
    n_steps : int, default=100
        Number of diffusion steps T.
    schedule : {"linear", "cosine"}, default="linear"
    hidden_size : int, default=128
    n_hidden : int, default=3
        Hidden ReLU layers of the noise predictor.
    time_dim : int, default=32
        Size of the sinusoidal time embedding concatenated to ``x_t``.
    dtype : dtype, default=float32

    Attributes
    ----------
    betas, alphas, alpha_bars : numpy.ndarray of shape (n_steps,)
        The schedule (float64): ``beta_t``, ``alpha_t = 1 - beta_t`` and their cumulative product.
    net : nn.Sequential
        ``data_dim + time_dim -> hidden_size (x n_hidden) -> data_dim``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.models import DDPM
    >>> model = DDPM(2, n_steps=10, hidden_size=16)
    >>> x0 = np.zeros((4, 2))
    >>> model.q_sample(x0, np.full(4, 9), np.ones((4, 2))).shape
    (4, 2)
    >>> float(model.loss(x0, rng=0).item()) > 0
    True
    >>> model.sample(3, seed=0).shape
    (3, 2)
    """

    def __init__(self, data_dim: int, n_steps: int = 100, schedule: str = "linear", hidden_size: int = 128,
                 n_hidden: int = 3, time_dim: int = 32, *, dtype: Any = None) -> None:
        super().__init__()
        for name, value in [("data_dim", data_dim), ("n_steps", n_steps), ("hidden_size", hidden_size),
                            ("n_hidden", n_hidden), ("time_dim", time_dim)]:
            _check_positive_int(name, value, "DDPM")
        if schedule not in SCHEDULES:
            raise ValueError(f"DDPM: schedule must be one of {SCHEDULES}, got {schedule!r}")
        if time_dim % 2:
            raise ValueError(f"DDPM: time_dim must be even, got {time_dim}")
        dtype = _float_dtype(dtype)
        self.data_dim, self.n_steps, self.schedule, self.time_dim = int(data_dim), int(n_steps), schedule, int(time_dim)
        self.betas = _betas(schedule, self.n_steps)
        self.alphas = 1.0 - self.betas
        self.alpha_bars = np.cumprod(self.alphas)
        self.net = _mlp([self.data_dim + self.time_dim, *[int(hidden_size)] * int(n_hidden), self.data_dim],
                        nn.ReLU, dtype)

    @property
    def _dtype(self) -> np.dtype:
        return self.net[0].weight.dtype

    def _steps(self, t: Any, n: int) -> np.ndarray:
        t = np.broadcast_to(np.asarray(t), (n,))
        if t.dtype.kind not in "iu" or t.min() < 0 or t.max() >= self.n_steps:
            raise ValueError(f"DDPM: steps t must be integers in [0, {self.n_steps}), got {t!r}")
        return t.astype(np.int64)

    def forward(self, x_t: Any, t: Any) -> Tensor:
        """The predicted noise ``eps_theta(x_t, t)``, shape (n, data_dim); ``t`` int or (n,)."""
        x_t = x_t if isinstance(x_t, Tensor) else tensor(_check_data(x_t, self.data_dim, "DDPM", self._dtype))
        t = self._steps(t, x_t.shape[0])
        emb = tensor(_time_embedding(t, self.time_dim).astype(self._dtype))
        return self.net(cat([x_t, emb], axis=1))

    def q_sample(self, x0: Any, t: Any, noise: Any) -> np.ndarray:
        """The forward process in closed form: ``sqrt(alpha_bar_t) x0 + sqrt(1 - alpha_bar_t) noise``."""
        x0 = _check_data(x0, self.data_dim, "DDPM.q_sample", np.float64)
        noise = _check_data(noise, self.data_dim, "DDPM.q_sample", np.float64)
        if noise.shape != x0.shape:
            raise ValueError(f"DDPM.q_sample: noise has shape {noise.shape}, x0 {x0.shape}")
        ab = self.alpha_bars[self._steps(t, len(x0))][:, None]
        return np.sqrt(ab) * x0 + np.sqrt(1.0 - ab) * noise

    def q_step(self, x_prev: Any, t: Any, noise: Any) -> np.ndarray:
        """One forward step ``x_t = sqrt(1 - beta_t) x_{t-1} + sqrt(beta_t) noise``."""
        x_prev = _check_data(x_prev, self.data_dim, "DDPM.q_step", np.float64)
        beta = self.betas[self._steps(t, len(x_prev))][:, None]
        return np.sqrt(1.0 - beta) * x_prev + np.sqrt(beta) * np.asarray(noise, dtype=np.float64)

    def loss(self, x0: Any, *, rng: Any = None) -> Tensor:
        """The simple epsilon-prediction loss: ``mean ||eps - eps_theta(x_t, t)||^2 / data_dim``
        with ``t`` uniform and ``eps ~ N(0, I)`` drawn from ``rng``."""
        x0 = _check_data(x0, self.data_dim, "DDPM.loss", np.float64)
        rng = _rng(rng)
        t = rng.integers(0, self.n_steps, size=len(x0))
        noise = rng.standard_normal(x0.shape)
        x_t = self.q_sample(x0, t, noise).astype(self._dtype)
        return F.mse_loss(self(tensor(x_t), t), noise.astype(self._dtype))

    def sample(self, n: int, seed: Any = None, *, clip_denoised: float | None = None,
               return_trajectory: bool = False) -> Any:
        """Ancestral sampling from ``x_T ~ N(0, I)`` down to ``x_0`` (variance ``beta_t``).

        The mean of ``x_{t-1}`` is ``(x_t - beta_t / sqrt(1 - alpha_bar_t) eps_theta) /
        sqrt(alpha_t)``, equivalently the posterior mean of ``q(x_{t-1} | x_t, x0_hat)`` with
        ``x0_hat = (x_t - sqrt(1 - alpha_bar_t) eps_theta) / sqrt(alpha_bar_t)``.
        With ``clip_denoised=c``, ``x0_hat`` is clipped to ``[-c, c]`` first (data known to
        lie in that box, e.g. images scaled to [-1, 1]): this tames the first reverse steps,
        where ``1 / sqrt(alpha_t)`` is large (the cosine schedule's last betas are 0.999).

        Returns the samples (n, data_dim), and with ``return_trajectory=True`` also the
        array (n_steps + 1, n, data_dim) of ``x_T, ..., x_0``.
        """
        rng = _rng(seed)
        x = rng.standard_normal((int(n), self.data_dim))
        path = [x] if return_trajectory else None
        was_training = self.training
        self.eval()
        try:
            with no_grad():
                for t in range(self.n_steps - 1, -1, -1):
                    eps = self(tensor(x.astype(self._dtype)), t).data.astype(np.float64)
                    if clip_denoised is None:
                        x = (x - self.betas[t] / np.sqrt(1.0 - self.alpha_bars[t]) * eps) / np.sqrt(self.alphas[t])
                    else:
                        ab, ab_prev = self.alpha_bars[t], (self.alpha_bars[t - 1] if t else 1.0)
                        x0 = np.clip((x - np.sqrt(1.0 - ab) * eps) / np.sqrt(ab), -clip_denoised, clip_denoised)
                        x = (np.sqrt(ab_prev) * self.betas[t] * x0
                             + np.sqrt(self.alphas[t]) * (1.0 - ab_prev) * x) / (1.0 - ab)
                    if t > 0:
                        x = x + np.sqrt(self.betas[t]) * rng.standard_normal(x.shape)
                    if path is not None:
                        path.append(x)
        finally:
            self.train(was_training)
        return (x, np.stack(path)) if return_trajectory else x

    def extra_repr(self) -> str:
        return f"data_dim={self.data_dim}, n_steps={self.n_steps}, schedule={self.schedule!r}"
