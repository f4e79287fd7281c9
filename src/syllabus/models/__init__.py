"""The lectures' architectures, each an :class:`syllabus.nn.Module` built from :mod:`syllabus.nn`
and trained by :func:`syllabus.train.fit` in a demo of the tour."""

from ._convnet import ConvNet
from ._lenet import LeNet5

__all__ = [
    "ConvNet",
    "LeNet5",
]
