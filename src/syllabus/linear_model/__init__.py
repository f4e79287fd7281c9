"""Linear models: least squares and its solvers, ridge, lasso, elastic net, logistic regression."""

from ._base import ConvergenceWarning
from ._coordinate_descent import ElasticNet, ElasticNetCV, Lasso, LassoCV, enet_path, lasso_path
from ._linear_regression import LinearRegression, least_squares
from ._logistic import LogisticRegression, LogisticRegressionCV
from ._perceptron import Perceptron
from ._ridge import Ridge, RidgeClassifier, RidgeClassifierCV, RidgeCV, ridge_path, ridge_regression
from ._sgd import SGDClassifier, SGDRegressor

__all__ = [
    "ConvergenceWarning",
    "ElasticNet",
    "ElasticNetCV",
    "Lasso",
    "LassoCV",
    "LinearRegression",
    "LogisticRegression",
    "LogisticRegressionCV",
    "Perceptron",
    "Ridge",
    "RidgeCV",
    "RidgeClassifier",
    "RidgeClassifierCV",
    "SGDClassifier",
    "SGDRegressor",
    "enet_path",
    "lasso_path",
    "least_squares",
    "ridge_path",
    "ridge_regression",
]
