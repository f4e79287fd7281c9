"""Gradient clipping, in place on the ``.grad`` of parameters (PyTorch's semantics)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ...autograd import Tensor


def _grads(parameters: Tensor | Iterable[Tensor]) -> list[np.ndarray]:
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    return [p.grad for p in parameters if p.grad is not None]


def clip_grad_norm_(parameters: Tensor | Iterable[Tensor], max_norm: float,
                    norm_type: float = 2.0, error_if_nonfinite: bool = False,
                    foreach: Any = None) -> Tensor:
    """Rescale gradients so that their joint norm is at most ``max_norm``.

    The total norm is the ``norm_type``-norm of all gradients concatenated into one vector
    (``inf``: the largest absolute value). Every gradient is multiplied by
    ``min(1, max_norm / (total_norm + 1e-6))``, in place. Used against exploding gradients,
    e.g. when training recurrent networks.

    Parameters
    ----------
    parameters : Tensor or iterable of Tensor
        Parameters whose ``.grad`` is clipped (those without a gradient are skipped).
    max_norm : float
        Largest allowed total norm.
    norm_type : float, default=2.0
        p of the p-norm; ``float("inf")`` for the max-norm.
    error_if_nonfinite : bool, default=False
        Raise a RuntimeError when the total norm is NaN or infinite (otherwise the gradients
        are multiplied by the resulting non-finite or zero factor, as PyTorch does).
    foreach : None
        Accepted for PyTorch compatibility; ignored.

    Returns
    -------
    Tensor
        The total norm of the gradients before clipping (a 0-d tensor; 0 without gradients).

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> layer = nn.Linear(2, 1)
    >>> layer.weight.grad = np.array([[3.0, 4.0]], dtype=np.float32)
    >>> float(nn.utils.clip_grad_norm_(layer.parameters(), max_norm=1.0))
    5.0
    >>> np.round(layer.weight.grad, 4)
    array([[0.6, 0.8]], dtype=float32)
    """
    grads = _grads(parameters)
    norm_type = float(norm_type)
    if not max_norm >= 0:
        raise ValueError(f"clip_grad_norm_: max_norm must be a non-negative number, got {max_norm!r}")
    if not norm_type > 0:
        raise ValueError(f"clip_grad_norm_: norm_type must be positive (or inf), got {norm_type!r}")
    if not grads:
        return Tensor(np.zeros((), dtype=np.float32))
    dtype = np.result_type(*grads)
    if norm_type == np.inf:
        norms = np.array([np.abs(g).max() if g.size else 0 for g in grads], dtype=dtype)
        total = norms.max()
    else:
        norms = np.array([np.linalg.norm(g.ravel(), ord=norm_type) for g in grads], dtype=dtype)
        total = np.linalg.norm(norms, ord=norm_type)
    total = np.asarray(total, dtype=dtype)
    if error_if_nonfinite and not np.isfinite(total):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, "
            "so it cannot be clipped. To disable this error and scale the gradients by the "
            "non-finite norm anyway, set `error_if_nonfinite=False`")
    with np.errstate(invalid="ignore", divide="ignore"):
        coef = np.minimum(np.asarray(max_norm, dtype=dtype) / (total + dtype.type(1e-6)), 1)
        for g in grads:
            g *= coef.astype(g.dtype)
    return Tensor(total)


def clip_grad_value_(parameters: Tensor | Iterable[Tensor], clip_value: float,
                     foreach: Any = None) -> None:
    """Clamp every gradient element into ``[-clip_value, clip_value]``, in place.

    Parameters
    ----------
    parameters : Tensor or iterable of Tensor
        Parameters whose ``.grad`` is clamped (those without a gradient are skipped).
    clip_value : float
        Largest allowed absolute value of a gradient element.
    foreach : None
        Accepted for PyTorch compatibility; ignored.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn
    >>> layer = nn.Linear(2, 1)
    >>> layer.weight.grad = np.array([[3.0, -0.5]], dtype=np.float32)
    >>> nn.utils.clip_grad_value_(layer.parameters(), 1.0)
    >>> layer.weight.grad
    array([[ 1. , -0.5]], dtype=float32)
    """
    if not clip_value >= 0:
        raise ValueError(f"clip_grad_value_: clip_value must be a non-negative number, got {clip_value!r}")
    for g in _grads(parameters):
        np.clip(g, -clip_value, clip_value, out=g)
