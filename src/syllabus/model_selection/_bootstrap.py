"""Resampling the training set: bootstrap confidence bands and the bias-variance decomposition.

Both refit a clone of the estimator on bootstrap samples (``n`` rows drawn uniformly with
replacement) and study its predictions on fixed evaluation points. The bootstrap indices
are drawn from a ``RandomState`` exactly as mlxtend's ``bias_variance_decomp`` draws them, so
the same ``random_state`` gives the same rounds; the fits themselves go through joblib.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from ..base import clone
from ..utils import check_array, check_random_state, check_X_y
from ._validation import _check_estimator, _run_in_parallel

__all__ = ["bias_variance_decomposition", "bootstrap_confidence_interval"]


def _bootstrap_indices(n_samples: int, n_rounds: int, random_state: Any) -> list[np.ndarray]:
    rng = check_random_state(random_state)
    # One draw per round, like mlxtend: rng.choice(n, n) round after round.
    return [rng.choice(n_samples, size=n_samples, replace=True) for _ in range(n_rounds)]


def _fit_predict(estimator: Any, X: np.ndarray, y: np.ndarray, X_eval: np.ndarray) -> np.ndarray:
    return np.asarray(estimator.fit(X, y).predict(X_eval))


def _bootstrap_predictions(estimator, X, y, X_eval, n_rounds, random_state, n_jobs):
    indices = _bootstrap_indices(X.shape[0], n_rounds, random_state)
    jobs = [(_fit_predict, (clone(estimator), X[rows], y[rows], X_eval), {}) for rows in indices]
    return np.stack(_run_in_parallel(jobs, n_jobs, 0, "2*n_jobs"))


def _check_count(value: Any, name: str, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}.")


def _check_eval(X_eval: Any, n_features: int, name: str) -> np.ndarray:
    X_eval = check_array(X_eval, input_name=name)
    if X_eval.shape[1] != n_features:
        raise ValueError(
            f"{name} has {X_eval.shape[1]} features, but the training data has {n_features}."
        )
    return X_eval


def bootstrap_confidence_interval(
    estimator: Any,
    X: Any,
    y: Any,
    X_eval: Any,
    n_bootstraps: int = 200,
    confidence: float = 0.9,
    random_state: Any = None,
    *,
    n_jobs: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap band of a model's predictions at ``X_eval``.

    For ``b = 1 .. n_bootstraps``: draw ``n`` training rows with replacement, fit a clone of
    ``estimator`` on them and predict ``X_eval``. The band is the empirical
    ``(1 - confidence) / 2`` and ``(1 + confidence) / 2`` quantiles of those predictions at
    each point (the 5% and 95% percentiles for ``confidence=0.9``), the lecture's bootstrap
    confidence interval of a trained predictor.

    Parameters
    ----------
    estimator : estimator
        Object with ``fit``, ``predict``, ``get_params`` and ``set_params``.
    X : array-like of shape (n_samples, n_features)
        Training inputs.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Training targets.
    X_eval : array-like of shape (n_eval, n_features)
        Points where the band is computed.
    n_bootstraps : int, default=200
        Number of bootstrap fits (at least 2).
    confidence : float, default=0.9
        Confidence level in (0, 1).
    random_state : int, RandomState instance or None, default=None
        Seed of the bootstrap draws.
    n_jobs : int, default=None
        Number of parallel fits (joblib).

    Returns
    -------
    lower, upper : ndarray of shape (n_eval,) or (n_eval, n_outputs)
        The lower and upper percentile of the bootstrap predictions at each point.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.dummy import DummyRegressor
    >>> from syllabus.model_selection import bootstrap_confidence_interval
    >>> rng = np.random.default_rng(0)
    >>> X, y = np.zeros((50, 1)), rng.normal(size=50)
    >>> lower, upper = bootstrap_confidence_interval(DummyRegressor(), X, y, X[:1],
    ...                                              random_state=0)
    >>> bool(lower[0] < y.mean() < upper[0])
    True
    """
    _check_estimator(estimator)
    X, y = check_X_y(X, y, multi_output=True)
    X_eval = _check_eval(X_eval, X.shape[1], "X_eval")
    _check_count(n_bootstraps, "n_bootstraps", 2)
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real) or not (
        0 < confidence < 1
    ):
        raise ValueError(f"confidence must be a float in (0, 1), got {confidence!r}.")
    predictions = _bootstrap_predictions(estimator, X, y, X_eval, n_bootstraps, random_state,
                                         n_jobs)
    if predictions.dtype.kind not in "iufb":
        raise TypeError(
            "bootstrap_confidence_interval needs numeric predictions (a regressor); got "
            f"dtype {predictions.dtype}."
        )
    tail = 50.0 * (1.0 - confidence)
    lower, upper = np.percentile(predictions.astype(np.float64), [tail, 100.0 - tail], axis=0)
    return lower, upper


def bias_variance_decomposition(
    estimator: Any,
    X_train: Any,
    y_train: Any,
    X_test: Any,
    y_test: Any,
    loss: str = "mse",
    num_rounds: int = 200,
    random_state: Any = None,
    *,
    n_jobs: int | None = None,
) -> tuple[float, float, float]:
    """Expected loss, bias and variance of a learner, over bootstrap training sets.

    The definitions are mlxtend's ``bias_variance_decomp``. Each of the ``num_rounds``
    rounds fits a clone of ``estimator`` on a bootstrap sample of the training set and
    predicts ``X_test``; ``f_r(x)`` is round ``r``'s prediction.

    - ``loss="mse"``: the main prediction is the mean ``f̄(x)`` over rounds;
      expected loss ``= mean_{r,x} (f_r(x) - y)^2``, bias ``= mean_x (f̄(x) - y)^2`` (the
      *squared* bias), variance ``= mean_{r,x} (f_r(x) - f̄(x))^2``; expected loss equals
      bias + variance exactly.
    - ``loss="0-1_loss"``: the main prediction is the most frequent label over rounds (the
      smallest label on ties); expected loss ``= mean_{r,x} [f_r(x) != y]``, bias
      ``= mean_x [main(x) != y]``, variance ``= mean_{r,x} [f_r(x) != main(x)]``.

    Parameters
    ----------
    estimator : estimator
        Object with ``fit``, ``predict``, ``get_params`` and ``set_params``.
    X_train : array-like of shape (n_train, n_features)
    y_train : array-like of shape (n_train,)
    X_test : array-like of shape (n_test, n_features)
    y_test : array-like of shape (n_test,)
    loss : {"mse", "0-1_loss"}, default="mse"
        The loss, with mlxtend's names (mlxtend's own default is "0-1_loss"; ours follows
        the project's design, squared loss first, as in the bias-variance lecture).
    num_rounds : int, default=200
        Number of bootstrap rounds.
    random_state : int, RandomState instance or None, default=None
        Seed of the bootstrap draws; the same int gives mlxtend's rounds for its
        ``random_seed``.
    n_jobs : int, default=None
        Number of parallel fits (joblib).

    Returns
    -------
    expected_loss : float
    bias : float
    variance : float

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.dummy import DummyRegressor
    >>> from syllabus.model_selection import bias_variance_decomposition
    >>> rng = np.random.default_rng(0)
    >>> X, y = np.zeros((40, 1)), rng.normal(size=40)
    >>> loss, bias, var = bias_variance_decomposition(
    ...     DummyRegressor(), X, y, X[:5], y[:5], loss="mse", num_rounds=50, random_state=0)
    >>> bool(np.isclose(loss, bias + var))
    True
    """
    _check_estimator(estimator)
    if loss not in ("0-1_loss", "mse"):
        raise ValueError(f"loss must be one of ['0-1_loss', 'mse'], got {loss!r}.")
    _check_count(num_rounds, "num_rounds", 1)
    X_train, y_train = check_X_y(X_train, y_train)
    X_test, y_test = check_X_y(X_test, y_test)
    if X_test.shape[1] != X_train.shape[1]:
        raise ValueError(
            f"X_test has {X_test.shape[1]} features, but X_train has {X_train.shape[1]}."
        )
    if loss == "mse" and y_test.dtype.kind not in "iuf":
        raise ValueError(f"loss='mse' needs numeric targets, got y_test of dtype {y_test.dtype}.")
    predictions = _bootstrap_predictions(estimator, X_train, y_train, X_test, num_rounds,
                                         random_state, n_jobs)
    if predictions.shape != (num_rounds, y_test.shape[0]):
        raise ValueError(
            "bias_variance_decomposition needs one prediction per test sample; predict "
            f"returned shape {predictions.shape[1:]} for {y_test.shape[0]} samples."
        )
    if loss == "mse":
        predictions = predictions.astype(np.float64)
        expected_loss = ((predictions - y_test) ** 2).mean(axis=1).mean()
        main = predictions.mean(axis=0)
        bias = np.sum((main - y_test) ** 2) / y_test.size
        variance = np.sum((main - predictions) ** 2) / predictions.size
    else:
        labels, codes = np.unique(np.concatenate([predictions.ravel(), y_test]),
                                  return_inverse=True)
        codes = codes.reshape(-1)
        pred_codes = codes[: predictions.size].reshape(predictions.shape)
        test_codes = codes[predictions.size:]
        # Most frequent label of each column, the smallest label winning ties.
        votes = np.zeros((len(labels), y_test.shape[0]), dtype=np.intp)
        np.add.at(votes, (pred_codes, np.broadcast_to(np.arange(y_test.shape[0]),
                                                      pred_codes.shape)), 1)
        main = votes.argmax(axis=0)
        expected_loss = (pred_codes != test_codes).mean(axis=1).mean()
        bias = np.sum(main != test_codes) / y_test.size
        variance = np.sum(pred_codes != main) / predictions.size
    return float(expected_loss), float(bias), float(variance)
