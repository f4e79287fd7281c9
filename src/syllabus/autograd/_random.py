"""The random generator behind dropout and the default weight initialisation.

As ``torch.manual_seed`` does for PyTorch, :func:`manual_seed` makes layer initialisation and
dropout masks reproducible: the same seed gives bit-identical weights and masks.
"""

from __future__ import annotations

import numpy as np

_generator = np.random.default_rng()


def manual_seed(seed: int) -> np.random.Generator:
    """Reseed the default generator used by layer initialisation and dropout.

    Parameters
    ----------
    seed : int
        The seed.

    Returns
    -------
    numpy.random.Generator
        The new default generator.

    Examples
    --------
    >>> from syllabus import autograd, nn
    >>> _ = autograd.manual_seed(0); a = nn.Linear(3, 2).weight.data.copy()
    >>> _ = autograd.manual_seed(0); b = nn.Linear(3, 2).weight.data
    >>> bool((a == b).all())
    True
    """
    global _generator
    _generator = np.random.default_rng(seed)
    return _generator


def default_generator() -> np.random.Generator:
    """The generator used when a function is given ``generator=None``."""
    return _generator
