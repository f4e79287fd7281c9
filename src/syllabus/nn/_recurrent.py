"""Recurrent layers: RNN, LSTM, GRU and their cells (PyTorch's weight names, layouts and semantics).

A sequence layer runs, for each layer and direction, one matrix product for the input
projections of all steps (``F.linear`` on the whole sequence) and then the
:class:`~syllabus.autograd._recurrent.Recurrence` Function over the steps. A cell
(``RNNCell``, ``LSTMCell``, ``GRUCell``) is the same two operations on a sequence of length one,
so each cell's maths exists once.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..autograd import Tensor, cat, stack
from ..autograd._recurrent import Recurrence
from . import functional as F
from . import init
from ._layers import _check_positive_int, _float_dtype
from ._module import Module, Parameter
from .utils._rnn import PackedSequence, _check_lengths, _pack_like, pad_packed_sequence

_GATES = {"rnn": 1, "lstm": 4, "gru": 3}


def _as_tensor(value: Any, dtype: np.dtype) -> Tensor:
    return value if isinstance(value, Tensor) else Tensor(np.asarray(value, dtype=dtype))


def _recur(cell: str, xproj: Tensor, state: tuple, w_hh, b_hh, nonlinearity: str = "tanh",
           lengths: np.ndarray | None = None, reverse: bool = False) -> tuple:
    """Run one direction of one layer; returns (outputs (T, N, H), (h_T[, c_T]))."""
    c0 = state[1] if cell == "lstm" else None
    out = Recurrence.apply(xproj, state[0], c0, w_hh, b_hh, cell=cell, nonlinearity=nonlinearity,
                           lengths=lengths, reverse=reverse)
    return out[0], tuple(out[1:])


class _RNNBase(Module):
    _cell = "rnn"

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
        rows = _GATES[self._cell] * hidden_size
        for layer in range(num_layers):
            for suffix in self._suffixes():
                in_size = input_size if layer == 0 else hidden_size * len(self._suffixes())
                setattr(self, f"weight_ih_l{layer}{suffix}", Parameter(np.empty((rows, in_size), dtype)))
                setattr(self, f"weight_hh_l{layer}{suffix}", Parameter(np.empty((rows, hidden_size), dtype)))
                if bias:
                    setattr(self, f"bias_ih_l{layer}{suffix}", Parameter(np.empty(rows, dtype)))
                    setattr(self, f"bias_hh_l{layer}{suffix}", Parameter(np.empty(rows, dtype)))
        self.reset_parameters()

    @property
    def _n_states(self) -> int:
        return 2 if self._cell == "lstm" else 1

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

    def _run(self, x: Tensor, states: tuple, lengths: np.ndarray | None) -> tuple[Tensor, list[tuple]]:
        """Run every layer and direction over ``x`` (L, N, H_in); return the last layer's
        output (L, N, dirs * H) and the final states of each layer/direction."""
        n_dirs = len(self._suffixes())
        finals = []
        for layer in range(self.num_layers):
            outputs = []
            for d, suffix in enumerate(self._suffixes()):
                w_ih, w_hh, b_ih, b_hh = self._layer_params(layer, suffix)
                k = layer * n_dirs + d
                state = tuple(s[k] for s in states)
                # the input projections of all steps: one (T N, H_in) x (H_in, G H) product
                xproj = F.linear(x.reshape(-1, x.shape[-1]), w_ih, b_ih).reshape(*x.shape[:2], -1)
                out, final = _recur(self._cell, xproj, state, w_hh, b_hh,
                                    getattr(self, "nonlinearity", "tanh"), lengths, bool(d))
                finals.append(final)
                outputs.append(out)
            x = outputs[0] if n_dirs == 1 else cat(outputs, axis=2)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout)
        return x, finals

    def forward(self, input: Any, hx: Any = None, lengths: Any = None) -> tuple:
        name = type(self).__name__
        if isinstance(input, PackedSequence):  # unpack, run with lengths=, pack the output
            if lengths is not None:
                raise ValueError(f"{name}: give lengths or a PackedSequence input, not both")
            padded, lengths = pad_packed_sequence(input)
            output, final = self._forward(padded, hx, lengths, batch_first=False)
            return _pack_like(output, input), final
        return self._forward(input, hx, lengths, self.batch_first)

    def _forward(self, input: Any, hx: Any, lengths: Any, batch_first: bool) -> tuple:
        name = type(self).__name__
        dtype = self.weight_ih_l0.dtype
        data = input.data if isinstance(input, Tensor) else np.asarray(input)
        if data.ndim not in (2, 3):
            raise ValueError(f"{name}: expected a 2D (L, H_in) or 3D input, got shape {data.shape}")
        if data.shape[-1] != self.input_size:
            raise ValueError(f"{name}: input of shape {data.shape} must have input_size="
                             f"{self.input_size} features in its last dimension")
        unbatched = data.ndim == 2
        input = _as_tensor(input, dtype)
        if unbatched:
            input = input.unsqueeze(1)
        elif batch_first:
            input = input.transpose(0, 1)
        n_steps, n_batch = input.shape[:2]
        if n_steps == 0:
            raise ValueError(f"{name}: the input sequence is empty (length 0, input shape "
                             f"{data.shape}); expected at least one step")
        if n_batch == 0:
            raise ValueError(f"{name}: the batch is empty (input shape {data.shape})")
        if lengths is not None:
            lengths = _check_lengths(name, lengths, n_batch, n_steps)
        expected = (self.num_layers * len(self._suffixes()), n_batch, self.hidden_size)
        if hx is None:
            states = tuple(Tensor(np.zeros(expected, dtype=dtype)) for _ in range(self._n_states))
        else:
            hx = hx if isinstance(hx, (tuple, list)) else (hx,)
            if len(hx) != self._n_states:
                raise ValueError(f"{name}: expected {self._n_states} initial state(s), got {len(hx)}")
            want = (expected[0], expected[2]) if unbatched else expected
            states = []
            for s in hx:
                s = _as_tensor(s, dtype)
                if s.shape != want:
                    raise ValueError(f"{name}: expected hidden state of shape {want}, got {s.shape}")
                states.append(s.unsqueeze(1) if unbatched else s)
            states = tuple(states)
        output, finals = self._run(input, states, lengths)
        final = [stack([f[k] for f in finals], axis=0) for k in range(self._n_states)]
        if unbatched:
            output = output.squeeze(1)
            final = [s.squeeze(1) for s in final]
        elif batch_first:
            output = output.transpose(0, 1)
        return output, (tuple(final) if self._cell == "lstm" else final[0])

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
    ``forward(input, hx=None, lengths=None)``: input (L, N, H_in) ((N, L, H_in) with
    ``batch_first``, or unbatched (L, H_in)). ``lengths`` (N integers in [1, L]) runs a padded
    batch of variable-length sequences, as PyTorch's ``pack_padded_sequence`` ->
    layer -> ``pad_packed_sequence(total_length=L)``: each sequence is read for its own
    length only (backwards from its last real step in the reverse direction), its outputs
    past that length are zero and its final state is the state at its last real step.
    The PyTorch idiom works too: a :class:`~syllabus.nn.utils.rnn.PackedSequence` input
    (``nn.utils.rnn.pack_padded_sequence``) gives a PackedSequence output (``batch_first``
    does not apply to packed data; ``hx`` and the final states are in the original batch order).

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

    Returns ``(output, h_n)``: output (L, N, D H) holds the last layer's h_t for every t,
    h_n (num_layers D, N, H) the final states (D = 2 if bidirectional). An unbatched
    (L, H_in) input gives unbatched results.
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

    def forward(self, input: Any, hx: Any = None, lengths: Any = None) -> tuple[Tensor, Tensor]:
        return super().forward(input, hx, lengths)


class LSTM(_RNNBase):
    __doc__ = """Long short-term memory: gates ``i, f, o = sigma(.)``, ``g = tanh(.)`` of
    ``x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh``; ``c_t = f c_{t-1} + i g``, ``h_t = o tanh(c_t)``.

    With ``hx = (h_0, c_0)`` returns ``(output, (h_n, c_n))``.
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

    _cell = "lstm"

    def forward(self, input: Any, hx: Any = None,
                lengths: Any = None) -> tuple[Tensor, tuple[Tensor, Tensor]]:
        return super().forward(input, hx, lengths)


class GRU(_RNNBase):
    __doc__ = """Gated recurrent unit: ``r, z = sigma(.)``, ``n = tanh(x W_in^T + b_in + r (h W_hn^T + b_hn))``,
    ``h_t = (1 - z) n + z h_{t-1}``.

    Returns ``(output, h_n)``. Weights stack the gates in PyTorch's order (r, z, n): shape (3 H, .).
    """ + _SHARED_DOC + """
    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> out, h = nn.GRU(3, 5, bidirectional=True)(np.zeros((7, 2, 3)))
    >>> out.shape, h.shape
    ((7, 2, 10), (2, 2, 5))
    """

    _cell = "gru"

    def forward(self, input: Any, hx: Any = None, lengths: Any = None) -> tuple[Tensor, Tensor]:
        return super().forward(input, hx, lengths)


# ---- cells: one step ----------------------------------------------------------------------
class _CellBase(Module):
    _cell = "rnn"

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 dtype: Any = None) -> None:
        super().__init__()
        name = type(self).__name__
        _check_positive_int("input_size", input_size, name)
        _check_positive_int("hidden_size", hidden_size, name)
        dtype = _float_dtype(dtype)
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        rows = _GATES[self._cell] * hidden_size
        self.weight_ih = Parameter(np.empty((rows, input_size), dtype))
        self.weight_hh = Parameter(np.empty((rows, hidden_size), dtype))
        self.register_parameter("bias_ih", Parameter(np.empty(rows, dtype)) if bias else None)
        self.register_parameter("bias_hh", Parameter(np.empty(rows, dtype)) if bias else None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """PyTorch's default: every weight and bias from U(-1/sqrt(hidden), 1/sqrt(hidden))."""
        bound = 1 / math.sqrt(self.hidden_size)
        for p in self.parameters():
            init.uniform_(p, -bound, bound)

    def _step(self, input: Any, hx: Any) -> tuple:
        name = type(self).__name__
        dtype = self.weight_ih.dtype
        input = _as_tensor(input, dtype)
        if input.ndim not in (1, 2) or input.shape[-1] != self.input_size:
            raise ValueError(f"{name}: expected input of shape (N, {self.input_size}) or "
                             f"({self.input_size},), got {input.shape}")
        unbatched = input.ndim == 1
        if unbatched:
            input = input.unsqueeze(0)
        n_states = 2 if self._cell == "lstm" else 1
        want = (input.shape[0], self.hidden_size)
        if hx is None:
            states = tuple(Tensor(np.zeros(want, dtype)) for _ in range(n_states))
        else:
            hx = tuple(hx) if isinstance(hx, (tuple, list)) else (hx,)
            if len(hx) != n_states:
                raise ValueError(f"{name}: expected {n_states} state(s), got {len(hx)}")
            states = tuple(_as_tensor(s, dtype) for s in hx)
            for s in states:
                if s.shape != (want[1:] if unbatched else want):
                    raise ValueError(f"{name}: expected hidden state of shape "
                                     f"{want[1:] if unbatched else want}, got {s.shape}")
            if unbatched:
                states = tuple(s.unsqueeze(0) for s in states)
        xproj = F.linear(input, self.weight_ih, self.bias_ih).unsqueeze(0)
        _, final = _recur(self._cell, xproj, states, self.weight_hh, self.bias_hh,
                          getattr(self, "nonlinearity", "tanh"))
        return tuple(s.squeeze(0) for s in final) if unbatched else final

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s


_CELL_DOC = """
    Parameters
    ----------
    input_size, hidden_size : int
    bias : bool, default=True
    dtype : dtype, default=float32

    Attributes
    ----------
    weight_ih : Parameter of shape (G H, input_size)
    weight_hh : Parameter of shape (G H, hidden_size)
    bias_ih, bias_hh : Parameter of shape (G H,) or None
        PyTorch's names and layouts (G gates), initialised from
        U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)).
"""


class RNNCell(_CellBase):
    __doc__ = """One step of an Elman RNN: ``h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh)``.

    ``forward(input, hx=None)``: input (N, H_in) or (H_in,), hx (N, H) (zeros by default);
    returns h' (N, H). The maths is :class:`RNN`'s, on a sequence of one step.
    """ + _CELL_DOC + """    nonlinearity : {"tanh", "relu"}, default="tanh"

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> nn.RNNCell(3, 5)(np.zeros((2, 3))).shape
    (2, 5)
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 nonlinearity: str = "tanh", dtype: Any = None) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNNCell: unknown nonlinearity '{nonlinearity}' (use 'tanh' or 'relu')")
        super().__init__(input_size, hidden_size, bias, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input: Any, hx: Any = None) -> Tensor:
        return self._step(input, hx)[0]


class LSTMCell(_CellBase):
    __doc__ = """One LSTM step: ``c' = f c + i g``, ``h' = o tanh(c')`` with gates (i, f, g, o) of
    ``x W_ih^T + b_ih + h W_hh^T + b_hh``.

    ``forward(input, hx=None)`` with ``hx = (h, c)`` (zeros by default) returns ``(h', c')``.
    The maths is :class:`LSTM`'s, on a sequence of one step.
    """ + _CELL_DOC + """
    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> h, c = nn.LSTMCell(3, 5)(np.zeros((2, 3)))
    >>> h.shape, c.shape
    ((2, 5), (2, 5))
    """

    _cell = "lstm"

    def forward(self, input: Any, hx: Any = None) -> tuple[Tensor, Tensor]:
        h, c = self._step(input, hx)
        return h, c


class GRUCell(_CellBase):
    __doc__ = """One GRU step: ``r, z = sigma(.)``, ``n = tanh(x W_in^T + b_in + r (h W_hn^T + b_hn))``,
    ``h' = (1 - z) n + z h``.

    ``forward(input, hx=None)`` returns h' (N, H). The maths is :class:`GRU`'s, on a
    sequence of one step.
    """ + _CELL_DOC + """
    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> nn.GRUCell(3, 5)(np.zeros((2, 3))).shape
    (2, 5)
    """

    _cell = "gru"

    def forward(self, input: Any, hx: Any = None) -> Tensor:
        return self._step(input, hx)[0]
