"""Nearest neighbours: search (brute force, KD-tree, ball tree), k-nearest and radius
classification and regression, neighbour graphs."""

from ._classes import (
    VALID_METRICS,
    VALID_METRICS_SPARSE,
    KNeighborsClassifier,
    KNeighborsRegressor,
    NearestNeighbors,
    RadiusNeighborsClassifier,
    RadiusNeighborsRegressor,
    kneighbors_graph,
    radius_neighbors_graph,
)
from ._search import BallTree, KDTree

__all__ = [
    "VALID_METRICS",
    "VALID_METRICS_SPARSE",
    "BallTree",
    "KDTree",
    "KNeighborsClassifier",
    "KNeighborsRegressor",
    "NearestNeighbors",
    "RadiusNeighborsClassifier",
    "RadiusNeighborsRegressor",
    "kneighbors_graph",
    "radius_neighbors_graph",
]
