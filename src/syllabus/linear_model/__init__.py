"""Linear models: least squares and its solvers, ridge, lasso, elastic net, logistic regression."""

from ._linear_regression import LinearRegression, least_squares
from ._ridge import Ridge, ridge_path, ridge_regression

__all__ = [
    "LinearRegression",
    "Ridge",
    "least_squares",
    "ridge_path",
    "ridge_regression",
]
