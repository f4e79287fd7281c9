"""The lectures' architectures, each an ``nn.Module`` built from :mod:`syllabus.nn`."""

from ._caption import CaptionNet
from ._char_rnn import CharRNN
from ._seq2seq import Seq2Seq

__all__ = ["CaptionNet", "CharRNN", "Seq2Seq"]
