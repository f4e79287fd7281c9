"""Separable linear maps of images: ``y = A x B^T`` on the last two axes.

Padding (reflect, replicate, circular, constant), adaptive average pooling and upsampling
(nearest, bilinear) all move each output pixel's value from a few input pixels with fixed
weights, separately along rows and columns. Each is one pair of small matrices ``A``
(H_out, H) and ``B`` (W_out, W) built once by :mod:`syllabus.nn.functional`, and one
Function: ``y = A x B^T``, ``dx = A^T g B``.
"""

from __future__ import annotations

import numpy as np

from ._tensor import Function


class Separable2d(Function):
    @staticmethod
    def forward(ctx, x, rows, cols):
        # y[..., i, j] = sum_{h, w} A[i, h] x[..., h, w] B[j, w]
        rows, cols = rows.astype(x.dtype, copy=False), cols.astype(x.dtype, copy=False)
        ctx.save_for_backward(rows, cols)
        return np.matmul(np.matmul(rows, x), cols.T)

    @staticmethod
    def backward(ctx, g):  # dx = A^T g B
        rows, cols = ctx.saved_tensors
        return np.matmul(np.matmul(rows.T, g), cols), None, None
