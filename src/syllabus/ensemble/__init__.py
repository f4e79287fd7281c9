"""Ensembles of trees: bagging, random forests, AdaBoost and gradient boosting."""

from ._bagging import (
           BaggingClassifier,
           BaggingRegressor,
           RandomForestClassifier,
           RandomForestRegressor,
)
from ._gb import GradientBoostingClassifier, GradientBoostingRegressor

__all__ = ["BaggingClassifier", "BaggingRegressor", "GradientBoostingClassifier",
           "GradientBoostingRegressor", "RandomForestClassifier", "RandomForestRegressor"]
