"""Neural-network layers, losses and initialisation, with PyTorch's names and semantics.

Layers are :class:`Module` subclasses holding :class:`Parameter` tensors with PyTorch's
weight layouts and ``state_dict`` key names, so a PyTorch state dict converted to NumPy
arrays loads as-is. The maths of every layer is a layer-level
:class:`~syllabus.autograd.Function` reached through :mod:`syllabus.nn.functional`.
"""

from . import functional, init, utils
from ._activation import ELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Softplus, Tanh
from ._conv import AdaptiveAvgPool2d, AvgPool2d, Conv2d, ConvTranspose2d, MaxPool2d, Upsample
from ._layers import (
    BatchNorm1d,
    BatchNorm2d,
    Dropout,
    Embedding,
    Flatten,
    Identity,
    Linear,
    Maxout,
    ModuleList,
    Sequential,
    Unflatten,
)
from ._loss import (
    BCELoss,
    BCEWithLogitsLoss,
    CosineEmbeddingLoss,
    CrossEntropyLoss,
    HuberLoss,
    KLDivLoss,
    MSELoss,
    MultiMarginLoss,
    NLLLoss,
    NTXentLoss,
    TripletMarginLoss,
)
from ._module import Module, Parameter
from ._recurrent import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell
from ._summary import ModelSummary, summary
from ._transformer import (
    GELU,
    LayerNorm,
    MultiheadAttention,
    TransformerDecoder,
    TransformerDecoderLayer,
    TransformerEncoder,
    TransformerEncoderLayer,
    sinusoidal_positional_encoding,
)

__all__ = [
    "AdaptiveAvgPool2d",
    "AvgPool2d",
    "BCELoss",
    "BCEWithLogitsLoss",
    "BatchNorm1d",
    "BatchNorm2d",
    "Conv2d",
    "ConvTranspose2d",
    "CosineEmbeddingLoss",
    "CrossEntropyLoss",
    "Dropout",
    "ELU",
    "Embedding",
    "Flatten",
    "GELU",
    "GRU",
    "GRUCell",
    "HuberLoss",
    "Identity",
    "KLDivLoss",
    "LSTM",
    "LSTMCell",
    "LayerNorm",
    "LeakyReLU",
    "Linear",
    "LogSoftmax",
    "MSELoss",
    "MaxPool2d",
    "Maxout",
    "ModelSummary",
    "Module",
    "ModuleList",
    "MultiMarginLoss",
    "MultiheadAttention",
    "NLLLoss",
    "NTXentLoss",
    "Parameter",
    "RNN",
    "RNNCell",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Softmax",
    "Softplus",
    "Tanh",
    "TransformerDecoder",
    "TransformerDecoderLayer",
    "TransformerEncoder",
    "TransformerEncoderLayer",
    "TripletMarginLoss",
    "Unflatten",
    "Upsample",
    "functional",
    "init",
    "sinusoidal_positional_encoding",
    "summary",
    "utils",
]
