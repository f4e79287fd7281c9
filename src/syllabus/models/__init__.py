"""The lectures' architectures, each an :class:`syllabus.nn.Module` built from :mod:`syllabus.nn`
and trained in a demo of the tour."""

from ._caption import CaptionNet
from ._char_rnn import CharRNN
from ._convnet import ConvNet
from ._lenet import LeNet5
from ._seq2seq import Seq2Seq
from ._transformer_lm import TransformerLM

__all__ = ["CaptionNet", "CharRNN", "ConvNet", "LeNet5", "Seq2Seq", "TransformerLM"]
