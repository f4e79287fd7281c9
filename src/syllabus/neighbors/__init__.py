"""k-nearest neighbours: classification, regression and search (brute force or KD-tree)."""

from ._classes import KNeighborsClassifier, KNeighborsRegressor, NearestNeighbors
from ._search import KDTree

__all__ = ["KDTree", "KNeighborsClassifier", "KNeighborsRegressor", "NearestNeighbors"]
