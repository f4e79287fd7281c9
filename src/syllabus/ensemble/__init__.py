"""Ensembles of trees: bagging, random forests, AdaBoost and gradient boosting."""

from ._bagging import (
           BaggingClassifier,
           BaggingRegressor,
           RandomForestClassifier,
           RandomForestRegressor,
)

__all__ = ["BaggingClassifier", "BaggingRegressor", "RandomForestClassifier",
           "RandomForestRegressor"]
