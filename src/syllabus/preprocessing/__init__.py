"""Preprocessing: feature scaling and basis-function expansions."""

from ._basis import PolynomialFeatures, RBFFeatures
from ._data import StandardScaler

__all__ = ["PolynomialFeatures", "RBFFeatures", "StandardScaler"]
