"""Multi-layer perceptrons as scikit-learn estimators, built on :mod:`syllabus.nn`.

:class:`MLPClassifier` and :class:`MLPRegressor` take scikit-learn's parameters and optimise
scikit-learn's objective (log-loss or half squared error plus ``alpha / (2 n) ||W||^2``);
the stochastic solvers train through :func:`syllabus.train.fit`, L-BFGS through
:func:`syllabus.optim.minimize`.
"""

from ._multilayer_perceptron import MLPClassifier, MLPRegressor

__all__ = ["MLPClassifier", "MLPRegressor"]
