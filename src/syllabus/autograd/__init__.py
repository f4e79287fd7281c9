"""Reverse-mode automatic differentiation on NumPy arrays.

``Tensor`` wraps a NumPy array and records the :class:`Function` that produced it;
``Tensor.backward`` runs the chain rule back through the recorded graph. Each Function is a
module with a Forward and a Backward method, as in the lecture notes: primitive operations
(arithmetic, matmul, reductions, indexing) and coarse, layer-level ones (linear, activations,
softmax, losses, dropout, batch normalisation, convolution, pooling, embedding, one step of an
RNN/LSTM/GRU) with hand-written vectorised gradients.
``gradcheck`` checks any of them against finite differences.
"""

from . import _functions as functions
from ._grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from ._gradcheck import GradcheckError, gradcheck
from ._ops import cat, stack, where
from ._random import default_generator, manual_seed
from ._tensor import Context, Function, Tensor, unbroadcast
from ._tensor_methods import tensor  # also installs the operator surface on Tensor

__all__ = [
    "Context",
    "Function",
    "GradcheckError",
    "Tensor",
    "cat",
    "default_generator",
    "enable_grad",
    "functions",
    "gradcheck",
    "is_grad_enabled",
    "manual_seed",
    "no_grad",
    "set_grad_enabled",
    "stack",
    "tensor",
    "unbroadcast",
    "where",
]
