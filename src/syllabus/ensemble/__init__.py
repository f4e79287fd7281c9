"""Ensembles of trees: bagging, random forests, AdaBoost and gradient boosting."""

from ._bagging import (
           BaggingClassifier,
           BaggingRegressor,
           RandomForestClassifier,
           RandomForestRegressor,
)
from ._gb import GradientBoostingClassifier, GradientBoostingRegressor
from ._weight_boosting import AdaBoostClassifier, AdaBoostRegressor

__all__ = ["AdaBoostClassifier", "AdaBoostRegressor", "BaggingClassifier", "BaggingRegressor",
           "GradientBoostingClassifier", "GradientBoostingRegressor", "RandomForestClassifier",
           "RandomForestRegressor"]
