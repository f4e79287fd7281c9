"""The lectures' architectures, each an :class:`syllabus.nn.Module` built from :mod:`syllabus.nn`
and trained in a demo of the tour."""

from ._autoencoder import AutoEncoder, ConvAutoEncoder
from ._caption import CaptionNet
from ._char_rnn import CharRNN
from ._convnet import ConvNet
from ._diffusion import DDPM
from ._flow import RealNVP
from ._gan import GAN
from ._lenet import LeNet5
from ._paradigms import MaskedLanguageModel, PrototypicalNetwork
from ._seq2seq import Seq2Seq
from ._transformer_lm import TransformerLM
from ._vae import VAE
from ._vqvae import VQVAE

__all__ = [
    "AutoEncoder",
    "CaptionNet",
    "CharRNN",
    "ConvAutoEncoder",
    "ConvNet",
    "DDPM",
    "GAN",
    "LeNet5",
    "MaskedLanguageModel",
    "PrototypicalNetwork",
    "RealNVP",
    "Seq2Seq",
    "TransformerLM",
    "VAE",
    "VQVAE",
]
