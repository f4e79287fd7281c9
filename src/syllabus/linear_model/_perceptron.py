"""Rosenblatt's perceptron (the deep-learning lecture): ``theta <- theta + eta (y_t - y_hat_t) x_t``."""

from __future__ import annotations

import warnings
from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator
from ..utils import Interval, check_no_overflow, check_random_state, encode_labels
from ._base import ConvergenceWarning, validate_float64
from ._logistic import LinearClassifierMixin
from ._sgd import sgd_epochs

__all__ = ["Perceptron"]


class Perceptron(LinearClassifierMixin, BaseEstimator):
    """The perceptron learning rule, one sample at a time.

    With labels ``y in {0, 1}`` and prediction ``y_hat = step(w.x + b)``, Rosenblatt's rule
    ``w <- w + eta (y - y_hat) x`` moves ``w`` by ``+eta x`` or ``-eta x`` on a mistake and not
    at all otherwise. Written with ``s = +1/-1`` labels it is ``w <- w + eta s x`` whenever
    ``s (w.x + b) <= 0``; a score of exactly 0 counts as a mistake, as in scikit-learn, so that
    learning starts from ``w = 0``. More than two classes: one perceptron per class
    (one-vs-rest), all trained on the same sequence of samples. With ``shuffle=False`` the
    iterates are scikit-learn's ``Perceptron`` exactly.

    An epoch is one pass over the data; training stops when the mean perceptron loss
    ``max(0, -s (w.x + b))`` of ``n_iter_no_change`` consecutive epochs fails to improve on
    the best one by ``tol`` (never, if the data are linearly separable and an epoch makes no
    mistake: the loss is then 0), or after ``max_iter`` epochs.

    Parameters
    ----------
    eta0 : float, default=1.0
        Learning rate ``eta``.
    fit_intercept : bool, default=True
    max_iter : int, default=1000
        Maximum number of epochs.
    tol : float or None, default=1e-3
        Stopping tolerance (None: run ``max_iter`` epochs).
    shuffle : bool, default=True
        Visit the samples in a new random order every epoch.
    random_state : int, RandomState instance or None, default=0
        Seeds the shuffling.
    n_iter_no_change : int, default=5
        Epochs without improvement before stopping.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : int
        Epochs run (the largest over the one-vs-rest perceptrons).
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.linear_model import Perceptron
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]); y = np.array([0, 0, 0, 1])
    >>> Perceptron(shuffle=False).fit(X, y).predict(X)  # logical AND is linearly separable
    array([0, 0, 0, 1])
    """

    _parameter_constraints = {
        "eta0": [Interval(Real, 0, None, closed="neither")],
        "fit_intercept": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left"), None],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(self, *, eta0: float = 1.0, fit_intercept: bool = True, max_iter: int = 1000,
                 tol: float | None = 1e-3, shuffle: bool = True, random_state: Any = 0,
                 n_iter_no_change: int = 5) -> None:
        self.eta0 = eta0
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.random_state = random_state
        self.n_iter_no_change = n_iter_no_change

    def fit(self, X: Any, y: Any) -> Perceptron:
        """Run the perceptron rule over the data for up to ``max_iter`` epochs.

        (No ``sample_weight``: for a rule applied one sample at a time, a weight is not the
        same as repeating the sample, which scikit-learn's estimator checks require.)

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self : Perceptron
        """
        self._validate_params()
        X, y = validate_float64(self, X, y, reset=True)
        check_no_overflow(X, estimator=self)
        self.classes_, y_idx = encode_labels(y)
        n_classes = len(self.classes_)
        if n_classes < 2:
            raise ValueError(
                "The number of classes has to be greater than one; got 1 class: "
                f"{self.classes_[0]!r}"
            )
        k = 1 if n_classes == 2 else n_classes
        # +1/-1 targets of each one-vs-rest perceptron (the positive class of a binary
        # problem is classes_[1]).
        if k == 1:
            S = np.where(y_idx == 1, 1.0, -1.0)[:, None]
        else:
            S = np.where(y_idx[:, None] == np.arange(k)[None, :], 1.0, -1.0)
        # Rosenblatt's rule is SGD on the perceptron loss max(0, -s (w.x + b)) with a
        # constant rate and no penalty: the per-sample loop of the SGD estimators.
        W, b, epochs = sgd_epochs(
            X, S, loss="perceptron", l2=False, alpha=0.0, learning_rate="constant",
            eta0=float(self.eta0), power_t=0.0, fit_intercept=self.fit_intercept,
            max_iter=self.max_iter, tol=self.tol, n_iter_no_change=self.n_iter_no_change,
            shuffle=self.shuffle, rng=check_random_state(self.random_state))
        self.n_iter_ = int(epochs.max())
        if self.tol is not None and self.n_iter_ == self.max_iter:
            warnings.warn(
                "Maximum number of iteration reached before convergence. Consider increasing "
                "max_iter to improve the fit.", ConvergenceWarning, stacklevel=2)
        self.coef_, self.intercept_ = W, b
        return self
