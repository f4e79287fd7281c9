"""Neural-network layers, losses and initialisation (PyTorch names and semantics)."""

from . import functional

__all__ = ["functional"]
