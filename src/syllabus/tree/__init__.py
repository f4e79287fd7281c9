"""Decision trees grown by CART: classification and regression, pruning, text and plots."""

from ._classes import (
    DecisionTreeClassifier,
    DecisionTreeRegressor,
    ExtraTreeClassifier,
    ExtraTreeRegressor,
)
from ._export import export_text, plot_tree
from ._tree import Tree

__all__ = ["DecisionTreeClassifier", "DecisionTreeRegressor", "ExtraTreeClassifier",
           "ExtraTreeRegressor", "Tree", "export_text", "plot_tree"]
