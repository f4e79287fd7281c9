"""Attention and the Transformer: LayerNorm, GELU, MultiheadAttention and the encoder and
decoder layers, with PyTorch's names, parameter layouts, ``state_dict`` keys and masks.

Mask conventions follow PyTorch exactly: for :class:`MultiheadAttention` and the Transformer
layers a boolean ``True`` means "masked out" (``key_padding_mask``, ``attn_mask``); for
:func:`syllabus.nn.functional.scaled_dot_product_attention` a boolean ``True`` means "take
part in attention"; a float mask is added to the attention scores in both.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from ..autograd import Tensor, tensor
from . import functional as F
from . import init
from ._layers import Dropout, Linear, ModuleList, _check_positive_int, _float_dtype
from ._module import Module, Parameter

__all__ = ["GELU", "LayerNorm", "MultiheadAttention", "TransformerDecoder",
           "TransformerDecoderLayer", "TransformerEncoder", "TransformerEncoderLayer",
           "sinusoidal_positional_encoding"]


# ---- layers -------------------------------------------------------------------------------
class LayerNorm(Module):
    """Layer normalisation over the last dimensions (Ba, Kiros and Hinton, 2016).

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias``, statistics per sample over the
    ``normalized_shape`` trailing dimensions (the same in training and evaluation).

    Parameters
    ----------
    normalized_shape : int or tuple of int
    eps : float, default=1e-5
    elementwise_affine : bool, default=True
        Learn ``weight`` (ones) and ``bias`` (zeros) of shape ``normalized_shape``.
    bias : bool, default=True
    dtype : dtype, default=float32

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> y = nn.LayerNorm(4)(np.arange(8, dtype=np.float32).reshape(2, 4))
    >>> np.round(y.data.mean(axis=1), 6).tolist()
    [0.0, 0.0]
    """

    def __init__(self, normalized_shape: Any, eps: float = 1e-5, elementwise_affine: bool = True,
                 bias: bool = True, dtype: Any = None) -> None:
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        for n in shape:
            _check_positive_int("normalized_shape", n, "LayerNorm")
        if eps <= 0:
            raise ValueError(f"LayerNorm: eps must be > 0; got {eps}.")
        self.normalized_shape, self.eps = shape, float(eps)
        self.elementwise_affine = elementwise_affine
        dtype = _float_dtype(dtype)
        self.register_parameter("weight", Parameter(np.ones(shape, dtype=dtype))
                                if elementwise_affine else None)
        self.register_parameter("bias", Parameter(np.zeros(shape, dtype=dtype))
                                if elementwise_affine and bias else None)

    def forward(self, input: Any) -> Tensor:
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return f"{self.normalized_shape}, eps={self.eps}"


class GELU(Module):
    """Gaussian error linear unit ``x Phi(x)`` (``approximate="tanh"``: Hendrycks and Gimpel's
    ``x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))``)."""

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        if approximate not in ("none", "tanh"):
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh'; got {approximate!r}.")
        self.approximate = approximate

    def forward(self, input: Any) -> Tensor:
        return F.gelu(input, self.approximate)


class MultiheadAttention(Module):
    r"""Multi-head attention (Vaswani et al., 2017), as ``torch.nn.MultiheadAttention``.

    ``head_i = softmax(Q W_i^Q (K W_i^K)^T / sqrt(d) + mask) V W_i^V`` for
    ``d = embed_dim / num_heads``, concatenated and projected by ``out_proj``. The heads are
    one batch dimension of a single attention Function.

    Parameters
    ----------
    embed_dim : int
    num_heads : int
        Must divide ``embed_dim``.
    dropout : float, default=0.0
        Dropout on the attention weights in training.
    bias : bool, default=True
    batch_first : bool, default=False
        Inputs are (N, L, E) instead of (L, N, E).
    dtype : dtype, default=float32

    Attributes
    ----------
    in_proj_weight : Parameter of shape (3 * embed_dim, embed_dim)
        ``W^Q``, ``W^K``, ``W^V`` stacked (Xavier-uniform initialisation).
    in_proj_bias : Parameter of shape (3 * embed_dim,) or None
        Zeros.
    out_proj : Linear(embed_dim, embed_dim)
        Its bias starts at zero.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> mha = nn.MultiheadAttention(8, 2, batch_first=True)
    >>> x = np.ones((3, 5, 8), dtype=np.float32)
    >>> out, weights = mha(x, x, x)
    >>> out.shape, weights.shape
    ((3, 5, 8), (3, 5, 5))
    """

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 batch_first: bool = False, dtype: Any = None) -> None:
        super().__init__()
        _check_positive_int("embed_dim", embed_dim, "MultiheadAttention")
        _check_positive_int("num_heads", num_heads, "MultiheadAttention")
        if embed_dim % num_heads:
            raise ValueError(f"MultiheadAttention: embed_dim={embed_dim} must be divisible by "
                             f"num_heads={num_heads}.")
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"MultiheadAttention: dropout must be in [0, 1); got {dropout}.")
        dtype = _float_dtype(dtype)
        self.embed_dim, self.num_heads = int(embed_dim), int(num_heads)
        self.head_dim = embed_dim // num_heads
        self.dropout, self.batch_first = float(dropout), batch_first
        self.in_proj_weight = Parameter(np.empty((3 * embed_dim, embed_dim), dtype=dtype))
        self.register_parameter("in_proj_bias", Parameter(np.zeros(3 * embed_dim, dtype=dtype))
                                if bias else None)
        self.out_proj = Linear(embed_dim, embed_dim, bias=bias, dtype=dtype)
        init.xavier_uniform_(self.in_proj_weight)
        if bias:
            init.zeros_(self.out_proj.bias)

    def forward(self, query: Any, key: Any, value: Any, key_padding_mask: Any = None,
                need_weights: bool = True, attn_mask: Any = None,
                average_attn_weights: bool = True, is_causal: bool = False
                ) -> tuple[Tensor, Tensor | None]:
        """Attend from ``query`` to ``key``/``value``.

        Parameters
        ----------
        query : (L, N, E), or (N, L, E) with batch_first, or unbatched (L, E)
        key, value : (S, N, E), or (N, S, E) with batch_first, or unbatched (S, E)
        key_padding_mask : (N, S) or (S,), optional
            Boolean True (or float -inf) ignores that key.
        need_weights : bool, default=True
            Also return the attention weights.
        attn_mask : (L, S) or (N * num_heads, L, S), optional
            Boolean True masks a (query, key) pair out; float is added to the scores.
        average_attn_weights : bool, default=True
            Average the returned weights over heads.
        is_causal : bool, default=False
            A hint that ``attn_mask`` is the causal mask (as PyTorch, ``attn_mask`` is
            required with it).

        Returns
        -------
        attn_output : Tensor shaped like ``query``
        attn_weights : Tensor of shape (N, L, S), (N, num_heads, L, S) or None
            After dropout, as PyTorch returns them.
        """
        if is_causal and attn_mask is None:
            raise ValueError("MultiheadAttention: is_causal=True is a hint that needs attn_mask "
                             "(the causal mask) too, as in PyTorch.")
        query, key, value = F._tensor(query), F._tensor(key), F._tensor(value)
        batched = query.ndim == 3
        if query.ndim not in (2, 3) or key.ndim != query.ndim or value.ndim != query.ndim:
            raise ValueError(f"MultiheadAttention: query, key and value must all be 3-D "
                             f"(batched) or 2-D (unbatched); got {query.shape}, {key.shape}, "
                             f"{value.shape}.")
        if query.shape[-1] != self.embed_dim or key.shape[-1] != self.embed_dim \
                or value.shape[-1] != self.embed_dim:
            raise ValueError(f"MultiheadAttention: the inputs' last dimension must be "
                             f"embed_dim={self.embed_dim}; got {query.shape}, {key.shape}, "
                             f"{value.shape}.")
        if not batched:
            query, key, value = (t.unsqueeze(0) for t in (query, key, value))
        elif not self.batch_first:
            query, key, value = (t.transpose(0, 1) for t in (query, key, value))
        if key.shape[:2] != value.shape[:2] or key.shape[0] != query.shape[0]:
            raise ValueError("MultiheadAttention: key and value must have the same batch size "
                             "and sequence length, and the batch sizes must match the query's.")
        N, L, S, H, D = query.shape[0], query.shape[1], key.shape[1], self.num_heads, self.head_dim
        w, b = self.in_proj_weight, self.in_proj_bias
        E = self.embed_dim

        def project(x: Tensor, part: int, length: int) -> Tensor:  # (N, T, E) -> (N, H, T, D)
            bias = None if b is None else b[part * E:(part + 1) * E]
            return F.linear(x, w[part * E:(part + 1) * E], bias).reshape(N, length, H, D) \
                .permute(0, 2, 1, 3)

        q, k, v = project(query, 0, L), project(key, 1, S), project(value, 2, S)
        mask = self._mask(attn_mask, key_padding_mask, N, L, S, query.dtype, batched)
        p = self.dropout if self.training else 0.0
        out, weights = F._attention(q, k, v, mask, p, False, None)
        out = self.out_proj(out.permute(0, 2, 1, 3).reshape(N, L, E))
        if not batched:
            out = out.reshape(L, E)
        elif not self.batch_first:
            out = out.transpose(0, 1)
        if not need_weights:
            return out, None
        weights = weights.mean(axis=1) if average_attn_weights else weights
        return out, weights if batched else weights.reshape(weights.shape[1:])

    def _mask(self, attn_mask: Any, key_padding_mask: Any, N: int, L: int, S: int,
              dtype: np.dtype, batched: bool) -> Any:
        """One additive mask broadcastable to (N, H, L, S) (boolean True masks out)."""
        mask = None
        if attn_mask is not None:
            array = F._additive_mask(attn_mask, dtype, (L, S), keep_value=False)
            if np.ndim(array) == 3:
                if np.shape(array) != (N * self.num_heads, L, S):
                    raise ValueError(f"MultiheadAttention: a 3-D attn_mask must have shape "
                                     f"(N * num_heads, L, S) = {(N * self.num_heads, L, S)}; "
                                     f"got {np.shape(array)}.")
                array = array.reshape(N, self.num_heads, L, S)
            elif np.shape(array) != (L, S):
                raise ValueError(f"MultiheadAttention: a 2-D attn_mask must have shape "
                                 f"(L, S) = {(L, S)}; got {np.shape(array)}.")
            mask = array
        if key_padding_mask is not None:
            padding = F._additive_mask(key_padding_mask, dtype, (1, S), keep_value=False,
                                       name="key_padding_mask")
            expected = (N, S) if batched else (S,)
            if np.shape(padding) != expected:
                raise ValueError(f"MultiheadAttention: key_padding_mask must have shape "
                                 f"{expected}; got {np.shape(padding)}.")
            padding = np.reshape(padding, (N, 1, 1, S))
            mask = padding if mask is None else mask + padding
        return mask


def _activation(activation: Any) -> Any:
    if callable(activation):
        return activation
    if activation == "relu":
        return F.relu
    if activation == "gelu":
        return F.gelu
    raise ValueError(f"activation must be 'relu', 'gelu' or a callable; got {activation!r}.")


class TransformerEncoderLayer(Module):
    """Self-attention then a position-wise feed-forward network, each with a residual
    connection and layer normalisation (after, or before with ``norm_first=True``).

    Parameters
    ----------
    d_model : int
    nhead : int
    dim_feedforward : int, default=2048
    dropout : float, default=0.1
    activation : {"relu", "gelu"} or callable, default="relu"
    layer_norm_eps : float, default=1e-5
    batch_first : bool, default=False
    norm_first : bool, default=False
    bias : bool, default=True
    dtype : dtype, default=float32
    """

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048,
                 dropout: float = 0.1, activation: Any = "relu", layer_norm_eps: float = 1e-5,
                 batch_first: bool = False, norm_first: bool = False, bias: bool = True,
                 dtype: Any = None) -> None:
        super().__init__()
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first, dtype=dtype)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1, self.dropout2 = Dropout(dropout), Dropout(dropout)
        _activation(activation)  # validated now, looked up by name in forward
        self.activation = activation  # a name is saved by syllabus.io; a callable is not

    def forward(self, src: Any, src_mask: Any = None, src_key_padding_mask: Any = None,
                is_causal: bool = False) -> Tensor:
        x = F._tensor(src)
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            return x + self._ff_block(self.norm2(x))
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
        return self.norm2(x + self._ff_block(x))

    def _sa_block(self, x: Tensor, mask: Any, padding: Any, is_causal: bool) -> Tensor:
        out = self.self_attn(x, x, x, attn_mask=mask, key_padding_mask=padding,
                             need_weights=False, is_causal=is_causal)[0]
        return self.dropout1(out)

    def _ff_block(self, x: Tensor) -> Tensor:
        return self.dropout2(self.linear2(self.dropout(_activation(self.activation)(self.linear1(x)))))


class TransformerDecoderLayer(Module):
    """Masked self-attention, attention over the encoder's output (``memory``), then a
    feed-forward network; residual connections and layer normalisation around each.

    Parameters are those of :class:`TransformerEncoderLayer`.
    """

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048,
                 dropout: float = 0.1, activation: Any = "relu", layer_norm_eps: float = 1e-5,
                 batch_first: bool = False, norm_first: bool = False, bias: bool = True,
                 dtype: Any = None) -> None:
        super().__init__()
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first, dtype=dtype)
        self.multihead_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                                 batch_first=batch_first, dtype=dtype)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm3 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1, self.dropout2 = Dropout(dropout), Dropout(dropout)
        self.dropout3 = Dropout(dropout)
        _activation(activation)  # validated now, looked up by name in forward
        self.activation = activation  # a name is saved by syllabus.io; a callable is not

    def forward(self, tgt: Any, memory: Any, tgt_mask: Any = None, memory_mask: Any = None,
                tgt_key_padding_mask: Any = None, memory_key_padding_mask: Any = None,
                tgt_is_causal: bool = False, memory_is_causal: bool = False) -> Tensor:
        x, memory = F._tensor(tgt), F._tensor(memory)
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask,
                                    memory_key_padding_mask, memory_is_causal)
            return x + self._ff_block(self.norm3(x))
        x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal))
        x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask,
                                           memory_is_causal))
        return self.norm3(x + self._ff_block(x))

    def _sa_block(self, x: Tensor, mask: Any, padding: Any, is_causal: bool) -> Tensor:
        out = self.self_attn(x, x, x, attn_mask=mask, key_padding_mask=padding,
                             need_weights=False, is_causal=is_causal)[0]
        return self.dropout1(out)

    def _mha_block(self, x: Tensor, memory: Tensor, mask: Any, padding: Any,
                   is_causal: bool) -> Tensor:
        out = self.multihead_attn(x, memory, memory, attn_mask=mask, key_padding_mask=padding,
                                  need_weights=False, is_causal=is_causal)[0]
        return self.dropout2(out)

    def _ff_block(self, x: Tensor) -> Tensor:
        return self.dropout3(self.linear2(self.dropout(_activation(self.activation)(self.linear1(x)))))


class TransformerEncoder(Module):
    """A stack of ``num_layers`` copies of ``encoder_layer`` (``layers.0``, ``layers.1``...),
    then an optional final ``norm``."""

    def __init__(self, encoder_layer: TransformerEncoderLayer, num_layers: int,
                 norm: Module | None = None) -> None:
        super().__init__()
        _check_positive_int("num_layers", num_layers, "TransformerEncoder")
        self.layers = ModuleList([copy.deepcopy(encoder_layer) for _ in range(num_layers)])
        self.num_layers = num_layers
        self.norm = norm

    def forward(self, src: Any, mask: Any = None, src_key_padding_mask: Any = None,
                is_causal: bool | None = None) -> Tensor:
        x = F._tensor(src)
        for layer in self.layers:
            x = layer(x, src_mask=mask, src_key_padding_mask=src_key_padding_mask,
                      is_causal=bool(is_causal))
        return x if self.norm is None else self.norm(x)


class TransformerDecoder(Module):
    """A stack of ``num_layers`` copies of ``decoder_layer``, then an optional ``norm``."""

    def __init__(self, decoder_layer: TransformerDecoderLayer, num_layers: int,
                 norm: Module | None = None) -> None:
        super().__init__()
        _check_positive_int("num_layers", num_layers, "TransformerDecoder")
        self.layers = ModuleList([copy.deepcopy(decoder_layer) for _ in range(num_layers)])
        self.num_layers = num_layers
        self.norm = norm

    def forward(self, tgt: Any, memory: Any, tgt_mask: Any = None, memory_mask: Any = None,
                tgt_key_padding_mask: Any = None, memory_key_padding_mask: Any = None,
                tgt_is_causal: bool | None = None, memory_is_causal: bool = False) -> Tensor:
        x = F._tensor(tgt)
        for layer in self.layers:
            x = layer(x, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                      tgt_key_padding_mask=tgt_key_padding_mask,
                      memory_key_padding_mask=memory_key_padding_mask,
                      tgt_is_causal=bool(tgt_is_causal), memory_is_causal=memory_is_causal)
        return x if self.norm is None else self.norm(x)


def sinusoidal_positional_encoding(max_len: int, d_model: int, dtype: Any = None) -> Tensor:
    """The Transformer's fixed positional encoding, shape (max_len, d_model):
    ``PE[p, 2i] = sin(p / 10000^(2i/d))``, ``PE[p, 2i+1] = cos(p / 10000^(2i/d))``."""
    _check_positive_int("max_len", max_len, "sinusoidal_positional_encoding")
    _check_positive_int("d_model", d_model, "sinusoidal_positional_encoding")
    position = np.arange(max_len)[:, None]
    rates = np.exp(-np.log(10000.0) * np.arange(0, d_model, 2) / d_model)
    pe = np.zeros((max_len, d_model))
    pe[:, 0::2] = np.sin(position * rates)
    pe[:, 1::2] = np.cos(position * rates[: d_model // 2])
    return tensor(pe.astype(_float_dtype(dtype)))
