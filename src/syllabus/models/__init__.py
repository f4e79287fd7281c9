"""The lectures' architectures, each an :class:`syllabus.nn.Module` built from :mod:`syllabus.nn`
and trained in a demo of the tour."""

from ._autoencoder import AutoEncoder, ConvAutoEncoder
from ._caption import CaptionNet
from ._char_rnn import CharRNN
from ._convnet import ConvNet
from ._lenet import LeNet5
from ._seq2seq import Seq2Seq
from ._vae import VAE
from ._vqvae import VQVAE

__all__ = ["AutoEncoder", "CaptionNet", "CharRNN", "ConvAutoEncoder", "ConvNet", "LeNet5", "Seq2Seq", "VAE", "VQVAE"]
