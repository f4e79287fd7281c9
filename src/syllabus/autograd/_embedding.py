"""Layer-level Function for tokens: the embedding lookup ``y = W[indices]``."""

from __future__ import annotations

import numpy as np

from ._tensor import Function


class Embedding(Function):
    @staticmethod
    def forward(ctx, weight, indices, padding_idx=None):  # y = W[indices]
        ctx.save_for_backward(indices)
        ctx.args = (weight.shape, padding_idx)
        return weight[indices]

    @staticmethod
    def backward(ctx, g):  # dW[k] = sum of g over the positions holding index k (none for padding)
        (indices,) = ctx.saved_tensors
        shape, padding_idx = ctx.args
        gw = np.zeros(shape, dtype=g.dtype)
        np.add.at(gw, indices.reshape(-1), g.reshape(-1, shape[1]))
        if padding_idx is not None:
            gw[padding_idx] = 0
        return gw, None
