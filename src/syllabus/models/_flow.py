"""RealNVP: a normalizing flow of affine coupling layers."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import nn
from ..autograd import Tensor, no_grad, tensor
from ..nn._layers import _check_positive_int, _float_dtype
from ._gan import _check_data, _mlp, _rng

_LOG_2PI = float(np.log(2.0 * np.pi))


class _AffineCoupling(nn.Module):
    """``y = m x + (1 - m) (x exp(s(m x)) + t(m x))``, ``log|det J| = sum (1 - m) s(m x)``.

    The masked half ``m x`` passes unchanged and conditions the scale ``s`` (bounded by a
    tanh) and the shift ``t`` of the other half, so the Jacobian is triangular.
    """

    def __init__(self, mask: np.ndarray, hidden_size: int, n_hidden: int, dtype: Any) -> None:
        super().__init__()
        d = len(mask)
        self.register_buffer("mask", mask.astype(dtype))
        self.net = _mlp([d, *[hidden_size] * n_hidden, 2 * d], nn.ReLU, dtype)

    def _scale_shift(self, x_masked: Tensor) -> tuple[Tensor, Tensor]:
        d = self.mask.shape[0]
        out = self.net(x_masked)
        free = 1.0 - self.mask.data
        return out[:, :d].tanh() * free, out[:, d:] * free

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        s, t = self._scale_shift(x * self.mask.data)
        return x * s.exp() + t, s.sum(axis=1)

    def inverse(self, y: Tensor) -> Tensor:
        s, t = self._scale_shift(y * self.mask.data)
        return (y - t) * (-s).exp()


class RealNVP(nn.Module):
    """Real-valued non-volume-preserving flow (Dinh et al., 2017): an invertible map ``z = f(x)``.

    Each affine coupling layer keeps the coordinates selected by its mask and rescales and
    shifts the others by functions of the kept ones; masks alternate so every coordinate is
    transformed. The density of ``x`` is exact by the change of variables,

    ``log p(x) = log N(f(x); 0, I) + sum_k log|det df_k/dx|``,

    and sampling runs the inverse ``x = f^{-1}(z)`` on ``z ~ N(0, I)``.

    Parameters
    ----------
    n_features : int
        Dimension of the data (at least 2).
    n_layers : int, default=6
        Number of coupling layers.
    hidden_size : int, default=64
        Width of the hidden layers of each coupling's scale-and-shift network.
    n_hidden : int, default=2
        Hidden layers of each coupling's network.
    dtype : dtype, default=float32

    Attributes
    ----------
    couplings : nn.ModuleList
        The coupling layers; layer ``k`` keeps the coordinates ``i`` with ``(i + k)`` even.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.models import RealNVP
    >>> flow = RealNVP(2, n_layers=4, hidden_size=16, dtype=np.float64)
    >>> x = np.random.default_rng(0).normal(size=(3, 2))
    >>> bool(np.allclose(flow.inverse(flow(x)[0]).data, x))
    True
    >>> flow.log_prob(x).shape, flow.sample(4, seed=0).shape
    ((3,), (4, 2))
    """

    def __init__(self, n_features: int, n_layers: int = 6, hidden_size: int = 64, n_hidden: int = 2,
                 *, dtype: Any = None) -> None:
        super().__init__()
        for name, value in [("n_features", n_features), ("n_layers", n_layers),
                            ("hidden_size", hidden_size), ("n_hidden", n_hidden)]:
            _check_positive_int(name, value, "RealNVP")
        if n_features < 2:
            raise ValueError(f"RealNVP: n_features must be at least 2, got {n_features}")
        dtype = _float_dtype(dtype)
        self.n_features = int(n_features)
        index = np.arange(self.n_features)
        self.couplings = nn.ModuleList([
            _AffineCoupling(((index + k) % 2 == 0).astype(float), int(hidden_size), int(n_hidden), dtype)
            for k in range(int(n_layers))])

    @property
    def _dtype(self) -> np.dtype:
        return self.couplings[0].mask.dtype

    def forward(self, x: Any) -> tuple[Tensor, Tensor]:
        """``(z, log_det)``: ``z = f(x)`` of shape (n, n_features) and ``log|det df/dx|`` (n,)."""
        z = x if isinstance(x, Tensor) else tensor(_check_data(x, self.n_features, "RealNVP", self._dtype))
        log_det = None
        for coupling in self.couplings:
            z, ld = coupling(z)
            log_det = ld if log_det is None else log_det + ld
        return z, log_det

    def inverse(self, z: Any) -> Tensor:
        """``x = f^{-1}(z)``, the couplings undone in reverse order."""
        x = z if isinstance(z, Tensor) else tensor(_check_data(z, self.n_features, "RealNVP.inverse",
                                                               self._dtype))
        for coupling in reversed(self.couplings):
            x = coupling.inverse(x)
        return x

    def log_prob(self, x: Any) -> Tensor:
        """Exact log-density ``log N(f(x); 0, I) + log|det df/dx|`` of each row, shape (n,)."""
        z, log_det = self(x)
        return -0.5 * (z * z).sum(axis=1) - 0.5 * self.n_features * _LOG_2PI + log_det

    def loss(self, x: Any) -> Tensor:
        """Negative log-likelihood averaged over the batch (what maximum likelihood minimises)."""
        return -self.log_prob(x).mean()

    def sample(self, n: int, seed: Any = None) -> np.ndarray:
        """``n`` samples ``f^{-1}(z)``, ``z ~ N(0, I)``, as a NumPy array."""
        z = _rng(seed).standard_normal((int(n), self.n_features)).astype(self._dtype)
        with no_grad():
            return self.inverse(tensor(z)).data

    def extra_repr(self) -> str:
        return f"n_features={self.n_features}, n_layers={len(self.couplings)}"
