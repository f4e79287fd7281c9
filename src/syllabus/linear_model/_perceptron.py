"""Rosenblatt's perceptron (the deep-learning lecture): ``theta <- theta + eta (y_t - y_hat_t) x_t``."""

from __future__ import annotations

from numbers import Integral
from typing import Any

from ..utils import StrOptions
from ._sgd import SGDClassifier, _BaseSGD

__all__ = ["Perceptron"]


class Perceptron(SGDClassifier):
    """The perceptron learning rule, one sample at a time.

    With labels ``y in {0, 1}`` and prediction ``y_hat = step(w.x + b)``, Rosenblatt's rule
    ``w <- w + eta (y - y_hat) x`` moves ``w`` by ``+eta x`` or ``-eta x`` on a mistake and not
    at all otherwise. Written with ``s = +1/-1`` labels it is ``w <- w + eta s x`` whenever
    ``s (w.x + b) <= 0``; a score of exactly 0 counts as a mistake, as in scikit-learn, so that
    learning starts from ``w = 0``. This is SGD on the perceptron loss ``max(0, -s (w.x + b))``
    with a constant rate: :class:`SGDClassifier` with ``loss="perceptron"`` and
    ``learning_rate="constant"``, as scikit-learn defines it (optionally penalised). More than
    two classes: one perceptron per class (one-vs-rest). For the same ``random_state`` the
    iterates are scikit-learn's ``Perceptron``'s.

    An epoch is one pass over the data; training stops when the mean perceptron loss of
    ``n_iter_no_change`` consecutive epochs fails to improve on the best one by ``tol`` (never,
    if the data are linearly separable and an epoch makes no mistake: the loss is then 0), or
    after ``max_iter`` epochs.

    Parameters
    ----------
    penalty : {"l2", "l1", "elasticnet", None}, default=None
    alpha : float, default=1e-4
        Strength of the penalty, if any.
    l1_ratio : float, default=0.15
    fit_intercept : bool, default=True
    max_iter : int, default=1000
        Maximum number of epochs.
    tol : float or None, default=1e-3
        Stopping tolerance (None: run ``max_iter`` epochs).
    shuffle : bool, default=True
        Visit the samples in a new random order every epoch.
    verbose : int, default=0
    eta0 : float, default=1.0
        Learning rate ``eta``.
    n_jobs : int or None, default=None
    random_state : int, RandomState instance or None, default=0
        Seeds the shuffling.
    early_stopping : bool, default=False
    validation_fraction : float, default=0.1
    n_iter_no_change : int, default=5
        Epochs without improvement before stopping.
    class_weight : dict, "balanced" or None, default=None
    warm_start : bool, default=False

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : int
        Epochs run (the largest over the one-vs-rest perceptrons).
    t_ : float
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import Perceptron
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]); y = np.array([0, 0, 0, 1])
    >>> Perceptron(shuffle=False).fit(X, y).predict(X)  # logical AND is linearly separable
    array([0, 0, 0, 1])
    """

    # Fixed settings of the SGD loop (class constants, not parameters).
    loss = "perceptron"
    learning_rate = "constant"
    power_t = 0.5
    epsilon = 0.1
    average = False

    _parameter_constraints = {
        **{k: v for k, v in _BaseSGD._parameter_constraints.items()
           if k not in ("learning_rate", "power_t", "epsilon", "average")},
        "penalty": [StrOptions({"l2", "l1", "elasticnet"}), None],
        "n_jobs": [Integral, None],
        "class_weight": [StrOptions({"balanced"}), dict, None],
    }

    def __init__(self, *, penalty: str | None = None, alpha: float = 1e-4,
                 l1_ratio: float = 0.15, fit_intercept: bool = True, max_iter: int = 1000,
                 tol: float | None = 1e-3, shuffle: bool = True, verbose: int = 0,
                 eta0: float = 1.0, n_jobs: int | None = None, random_state: Any = 0,
                 early_stopping: bool = False, validation_fraction: float = 0.1,
                 n_iter_no_change: int = 5, class_weight: Any = None,
                 warm_start: bool = False) -> None:
        self.penalty = penalty
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.verbose = verbose
        self.eta0 = eta0
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.class_weight = class_weight
        self.warm_start = warm_start
