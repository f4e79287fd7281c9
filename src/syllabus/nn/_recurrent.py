"""Recurrent layers: RNN, LSTM, GRU (PyTorch's weight names, layouts and semantics)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..autograd import Tensor, cat, stack
from ..autograd import _recurrent as rec
from . import functional as F
from . import init
from ._layers import _check_positive_int, _float_dtype
from ._module import Module, Parameter


class _RNNBase(Module):
    _n_gates = 1

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 dtype: Any = None) -> None:
        super().__init__()
        name = type(self).__name__
        for arg, value in (("input_size", input_size), ("hidden_size", hidden_size),
                           ("num_layers", num_layers)):
            _check_positive_int(arg, value, name)
        if not 0 <= dropout <= 1:
            raise ValueError(f"{name}: dropout should be a number in [0, 1], got {dropout}")
        dtype = _float_dtype(dtype)
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.bias, self.batch_first = bias, batch_first
        self.dropout, self.bidirectional = float(dropout), bidirectional
        self.proj_size = 0
        rows = self._n_gates * hidden_size
        for layer in range(num_layers):
            for suffix in self._suffixes():
                in_size = input_size if layer == 0 else hidden_size * len(self._suffixes())
                setattr(self, f"weight_ih_l{layer}{suffix}", Parameter(np.empty((rows, in_size), dtype)))
                setattr(self, f"weight_hh_l{layer}{suffix}", Parameter(np.empty((rows, hidden_size), dtype)))
                if bias:
                    setattr(self, f"bias_ih_l{layer}{suffix}", Parameter(np.empty(rows, dtype)))
                    setattr(self, f"bias_hh_l{layer}{suffix}", Parameter(np.empty(rows, dtype)))
        self.reset_parameters()

    def _suffixes(self) -> tuple[str, ...]:
        return ("", "_reverse") if self.bidirectional else ("",)

    def reset_parameters(self) -> None:
        """PyTorch's default: every weight and bias from U(-1/sqrt(hidden), 1/sqrt(hidden))."""
        bound = 1 / math.sqrt(self.hidden_size)
        for p in self.parameters():
            init.uniform_(p, -bound, bound)

    def _layer_params(self, layer: int, suffix: str) -> tuple:
        get = self._parameters.get
        return (get(f"weight_ih_l{layer}{suffix}"), get(f"weight_hh_l{layer}{suffix}"),
                get(f"bias_ih_l{layer}{suffix}"), get(f"bias_hh_l{layer}{suffix}"))

    def _run(self, input: Any, states: tuple) -> tuple[Tensor, list[tuple]]:
        """Run every layer and direction over ``input`` (L, N, H_in); return the last layer's
        output (L, N, dirs * H) and the final states of each layer/direction."""
        dtype = self.weight_ih_l0.dtype
        x = input if isinstance(input, Tensor) else Tensor(np.asarray(input, dtype=dtype))
        n_dirs = len(self._suffixes())
        per_layer = [rec.Unbind.apply(s, axis=0) for s in states]  # (layers * dirs) states
        finals = []
        for layer in range(self.num_layers):
            outputs = []
            for d, suffix in enumerate(self._suffixes()):
                w_ih, w_hh, b_ih, b_hh = self._layer_params(layer, suffix)
                steps = rec.Unbind.apply(F.linear(x, w_ih, b_ih), axis=0)  # input projections
                state = tuple(s[layer * n_dirs + d] for s in per_layer)
                seq = []
                for xi in (reversed(steps) if d else steps):
                    state = self._step(xi, state, w_hh, b_hh)
                    seq.append(state[0])
                finals.append(state)
                outputs.append(stack(seq[::-1] if d else seq, axis=0))
            x = outputs[0] if n_dirs == 1 else cat(outputs, axis=2)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout)
        return x, finals

    def _prepare(self, input: Any, hx: Any, n_states: int):
        """Shapes: (L, N, H_in) time-major inside; returns input, states, and how to undo."""
        data = input.data if isinstance(input, Tensor) else np.asarray(input)
        name = type(self).__name__
        if data.ndim not in (2, 3):
            raise ValueError(f"{name}: expected a 2D (L, H_in) or 3D input, got shape {data.shape}")
        if data.shape[-1] != self.input_size:
            raise ValueError(f"{name}: input of shape {data.shape} must have input_size="
                             f"{self.input_size} features in its last dimension")
        unbatched = data.ndim == 2
        if not isinstance(input, Tensor):
            input = Tensor(np.asarray(data, dtype=self.weight_ih_l0.dtype))
        if unbatched:
            input = input.unsqueeze(1)
        elif self.batch_first:
            input = input.transpose(0, 1)
        n_batch = input.shape[1]
        expected = (self.num_layers * len(self._suffixes()), n_batch, self.hidden_size)
        if hx is None:
            states = tuple(np.zeros(expected, dtype=self.weight_ih_l0.dtype) for _ in range(n_states))
        else:
            hx = hx if isinstance(hx, tuple) else (hx,)
            if len(hx) != n_states:
                raise ValueError(f"{name}: expected {n_states} initial state(s), got {len(hx)}")
            states = []
            want = (expected[0], expected[2]) if unbatched else expected
            for s in hx:
                s = s if isinstance(s, Tensor) else Tensor(np.asarray(s, dtype=self.weight_ih_l0.dtype))
                if s.shape != want:
                    raise ValueError(f"{name}: expected hidden state of shape {want}, got {s.shape}")
                states.append(s.unsqueeze(1) if unbatched else s)
            states = tuple(states)
        return input, states, unbatched

    def _finish(self, output: Tensor, finals: list[tuple], unbatched: bool, n_states: int):
        states = [stack([f[k] for f in finals], axis=0) for k in range(n_states)]
        if unbatched:
            output = output.squeeze(1)
            states = [s.squeeze(1) for s in states]
        elif self.batch_first:
            output = output.transpose(0, 1)
        return output, states

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s


_SHARED_DOC = """
    Parameters
    ----------
    input_size, hidden_size : int
    num_layers : int, default=1
        Stacked layers; layer k > 0 reads the outputs of layer k - 1.
    bias : bool, default=True
    batch_first : bool, default=False
        Inputs and outputs are (N, L, H) instead of (L, N, H).
    dropout : float, default=0.0
        Dropout on the outputs of every layer but the last, in training.
    bidirectional : bool, default=False
        Also run the sequence backwards; outputs are concatenated (2 H features).
    dtype : dtype, default=float32

    Attributes
    ----------
    weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k} : Parameter
        PyTorch's names and layouts (``_reverse`` for the backward direction), initialised
        from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)).
"""


class RNN(_RNNBase):
    __doc__ = """Elman RNN: ``h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)``, act = tanh or relu.

    ``forward(input, hx=None)`` returns ``(output, h_n)``: output (L, N, D H) holds the last
    layer's h_t for every t, h_n (num_layers D, N, H) the final states (D = 2 if
    bidirectional). An unbatched (L, H_in) input gives unbatched results.
    """ + _SHARED_DOC + """
    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> out, h = nn.RNN(3, 5, batch_first=True)(np.zeros((2, 7, 3)))
    >>> out.shape, h.shape
    ((2, 7, 5), (1, 2, 5))
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 nonlinearity: str = "tanh", bias: bool = True, batch_first: bool = False,
                 dropout: float = 0.0, bidirectional: bool = False, dtype: Any = None) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNN: unknown nonlinearity '{nonlinearity}' (use 'tanh' or 'relu')")
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, dtype)
        self.nonlinearity = nonlinearity

    def _step(self, xi, state, w_hh, b_hh):
        return (rec.RNNStep.apply(xi, state[0], w_hh, b_hh, nonlinearity=self.nonlinearity),)

    def forward(self, input: Any, hx: Any = None) -> tuple[Tensor, Tensor]:
        x, states, unbatched = self._prepare(input, hx, 1)
        output, finals = self._run(x, states)
        output, (h_n,) = self._finish(output, finals, unbatched, 1)
        return output, h_n


class LSTM(_RNNBase):
    __doc__ = """Long short-term memory: gates ``i, f, o = sigma(.)``, ``g = tanh(.)`` of
    ``x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh``; ``c_t = f c_{t-1} + i g``, ``h_t = o tanh(c_t)``.

    ``forward(input, hx=None)`` with ``hx = (h_0, c_0)`` returns ``(output, (h_n, c_n))``.
    Weights stack the gates in PyTorch's order (i, f, g, o): shape (4 H, .).
    """ + _SHARED_DOC + """
    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> out, (h, c) = nn.LSTM(3, 5, num_layers=2)(np.zeros((7, 2, 3)))
    >>> out.shape, h.shape, c.shape
    ((7, 2, 5), (2, 2, 5), (2, 2, 5))
    """

    _n_gates = 4

    def _step(self, xi, state, w_hh, b_hh):
        return rec.LSTMStep.apply(xi, state[0], state[1], w_hh, b_hh)

    def forward(self, input: Any, hx: Any = None) -> tuple[Tensor, tuple[Tensor, Tensor]]:
        x, states, unbatched = self._prepare(input, hx, 2)
        output, finals = self._run(x, states)
        output, (h_n, c_n) = self._finish(output, finals, unbatched, 2)
        return output, (h_n, c_n)


class GRU(_RNNBase):
    __doc__ = """Gated recurrent unit: ``r, z = sigma(.)``, ``n = tanh(x W_in^T + b_in + r (h W_hn^T + b_hn))``,
    ``h_t = (1 - z) n + z h_{t-1}``.

    ``forward(input, hx=None)`` returns ``(output, h_n)``. Weights stack the gates in
    PyTorch's order (r, z, n): shape (3 H, .).
    """ + _SHARED_DOC + """
    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> out, h = nn.GRU(3, 5, bidirectional=True)(np.zeros((7, 2, 3)))
    >>> out.shape, h.shape
    ((7, 2, 10), (2, 2, 5))
    """

    _n_gates = 3

    def _step(self, xi, state, w_hh, b_hh):
        return (rec.GRUStep.apply(xi, state[0], w_hh, b_hh),)

    def forward(self, input: Any, hx: Any = None) -> tuple[Tensor, Tensor]:
        x, states, unbatched = self._prepare(input, hx, 1)
        output, finals = self._run(x, states)
        output, (h_n,) = self._finish(output, finals, unbatched, 1)
        return output, h_n
