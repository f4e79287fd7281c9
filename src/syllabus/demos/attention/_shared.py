"""Pieces shared by the attention demos (no demo is registered here)."""

from __future__ import annotations

import numpy as np

from syllabus.autograd import no_grad
from syllabus.models import TransformerLM
from syllabus.models._transformer_lm import causal_mask


def first_layer_attention(lm: TransformerLM, ids: np.ndarray) -> np.ndarray:
    """Per-head attention weights (N, H, T, T) of the first layer of ``lm`` on ``ids``.

    Recomputes the first block's self-attention input (``lm.embed``, then the pre-norm) and
    asks its ``MultiheadAttention`` for the weights it uses in ``forward``.
    """
    T = ids.shape[1]
    layer = lm.encoder.layers[0]
    with no_grad():
        h = layer.norm1(lm.embed(ids))
        _, weights = layer.self_attn(h, h, h, attn_mask=causal_mask(T), need_weights=True,
                                     average_attn_weights=False)
    return weights.data
