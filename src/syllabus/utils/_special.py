"""Numerically stable logistic / softmax pieces, the one copy every module uses.

linear_model (log-loss and its Hessian), neural_network (MLP outputs), autograd (the sigmoid,
softmax and loss Functions) and svm all call these. They are vectorised, keep the input's
floating dtype (float32 stays float32 for autograd), and give finite results for logits of any
size: no exponential of a positive number is ever taken.
"""

from __future__ import annotations

import numpy as np


def expit(z: np.ndarray) -> np.ndarray:
    """Logistic sigmoid ``1 / (1 + exp(-z))`` without overflow.

    With ``e = exp(-|z|) <= 1`` it is ``1 / (1 + e)`` for ``z >= 0`` and ``e / (1 + e)`` for
    ``z < 0`` (blended by 0/1 masks: faster than ``np.where``).

    Examples
    --------
    >>> expit(np.array([-1000.0, 0.0, 1000.0]))
    array([0. , 0.5, 1. ])
    """
    e = np.exp(-np.abs(z))
    p = 1 / (1 + e)
    return p * ((z >= 0) + (z < 0) * e)


def log1pexp(z: np.ndarray) -> np.ndarray:
    """Softplus ``log(1 + exp(z)) = max(z, 0) + log(1 + exp(-|z|))`` without overflow."""
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


def log1pexp_and_expit(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``log(1 + exp(z))`` and ``expit(z)`` sharing a single exponential."""
    e = np.exp(-np.abs(z))
    log1pexp = np.maximum(z, 0.0) + np.log1p(e)
    inv = 1.0 / (1.0 + e)
    return log1pexp, np.where(z >= 0, inv, e * inv)


def log_softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """``x - log sum_j exp(x_j)`` along ``axis``, shifted by the max so nothing overflows."""
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def log_softmax_parts(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row-wise ``logsumexp(Z)`` and ``softmax(Z)`` of a 2-d ``Z`` (max-shifted, so no overflow)."""
    m = Z.max(axis=1, keepdims=True)
    E = np.exp(Z - m)
    s = E.sum(axis=1, keepdims=True)
    E /= s
    return (m + np.log(s))[:, 0], E


def softmax(Z: np.ndarray, axis: int = -1) -> np.ndarray:
    """``exp(z_i) / sum_j exp(z_j)`` along ``axis`` (rows of a 2-d ``Z`` by default)."""
    E = np.exp(Z - np.max(Z, axis=axis, keepdims=True))
    return E / np.sum(E, axis=axis, keepdims=True)
