"""Surrogate losses of the margin ``z = y f(x)`` and their (sub)gradients.

The public face of :mod:`syllabus._losses`, the one home of the margin losses that
:mod:`syllabus.svm`, :mod:`syllabus.linear_model` and the demos share; see that module
for the table of losses and their derivatives.
"""

from .. import _losses
from .._losses import *  # noqa: F403  (the public names, listed once in _losses.__all__)

__all__ = list(_losses.__all__)
