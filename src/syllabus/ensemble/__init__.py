"""Ensembles of trees: bagging, random forests, extremely randomised trees, AdaBoost and
gradient boosting."""

from ._bagging import BaggingClassifier, BaggingRegressor
from ._forest import (
    ExtraTreesClassifier,
    ExtraTreesRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from ._gb import GradientBoostingClassifier, GradientBoostingRegressor
from ._weight_boosting import AdaBoostClassifier, AdaBoostRegressor

__all__ = ["AdaBoostClassifier", "AdaBoostRegressor", "BaggingClassifier", "BaggingRegressor",
           "ExtraTreesClassifier", "ExtraTreesRegressor", "GradientBoostingClassifier",
           "GradientBoostingRegressor", "RandomForestClassifier", "RandomForestRegressor"]
