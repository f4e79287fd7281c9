"""Check analytic gradients against central finite differences, in float64."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ._grad_mode import no_grad
from ._tensor import Tensor


class GradcheckError(RuntimeError):
    """The analytic gradient of some input differs from its finite-difference estimate."""


def gradcheck(
    fn: Callable[..., Any],
    inputs: Any,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    *,
    raise_exception: bool = True,
    seed: int = 0,
) -> bool:
    """Compare the gradients computed by ``backward`` with central finite differences.

    The inputs that require a gradient are copied to float64. With a random projection ``v_k``
    of each output ``y_k``, the scalar ``L = sum_k <v_k, y_k>`` is differentiated twice: by one
    backward pass, and for every input element ``x_j`` by
    ``(L(x_j + eps) - L(x_j - eps)) / (2 eps)``. They must agree within
    ``atol + rtol * |numerical|`` elementwise.

    Parameters
    ----------
    fn : callable
        Maps the inputs to a Tensor or a tuple of Tensors. Any parameter it uses besides
        ``inputs`` should be float64 too.
    inputs : Tensor or sequence
        The arguments of ``fn``; the tensors with ``requires_grad=True`` are checked.
    eps : float, default=1e-6
        Finite-difference step.
    atol, rtol : float, default=1e-5, 1e-3
        Absolute and relative tolerances.
    raise_exception : bool, default=True
        Raise :class:`GradcheckError` on a mismatch (otherwise return False).
    seed : int, default=0
        Seed of the random projections.

    Returns
    -------
    bool
        True when every gradient agrees.

    Raises
    ------
    GradcheckError
        Naming the input, the worst element, and both values.

    Examples
    --------
    >>> import numpy as np, syllabus
    >>> x = syllabus.tensor(np.array([0.5, -1.0]), requires_grad=True)
    >>> syllabus.autograd.gradcheck(lambda t: (t * t).exp(), (x,))
    True
    """
    if isinstance(inputs, Tensor) or not isinstance(inputs, Sequence):
        inputs = (inputs,)
    args = [
        Tensor(np.array(a.data, dtype=np.float64), requires_grad=True)
        if isinstance(a, Tensor) and a.requires_grad else a
        for a in inputs
    ]
    checked = [i for i, a in enumerate(args) if isinstance(a, Tensor) and a.requires_grad]
    if not checked:
        raise ValueError("gradcheck: no input tensor has requires_grad=True")

    outputs = _outputs(fn(*args))
    rng = np.random.default_rng(seed)
    projections = [rng.standard_normal(o.shape) for o in outputs]

    for o, v in zip(outputs, projections):
        if o.requires_grad:
            o.backward(v.astype(o.dtype), retain_graph=True)

    def projected() -> float:
        with no_grad():
            outs = _outputs(fn(*args))
        return float(sum(np.sum(o.data.astype(np.float64) * v) for o, v in zip(outs, projections)))

    for i in checked:
        x = args[i]
        analytic = np.zeros(x.shape) if x.grad is None else x.grad
        numerical = np.empty(x.shape)
        flat = x.data.reshape(-1)  # a view: perturbing it perturbs x
        for j in range(flat.size):
            orig = flat[j]
            flat[j] = orig + eps
            f_plus = projected()
            flat[j] = orig - eps
            f_minus = projected()
            flat[j] = orig
            numerical.flat[j] = (f_plus - f_minus) / (2 * eps)
        excess = np.abs(analytic - numerical) - (atol + rtol * np.abs(numerical))
        if np.any(excess > 0) or not np.all(np.isfinite(analytic)):
            worst = np.unravel_index(int(np.nanargmax(np.where(np.isfinite(excess), excess, np.inf))),
                                     x.shape)
            message = (
                f"gradcheck: the gradient of input {i} (shape {x.shape}) differs from finite "
                f"differences; worst element {tuple(int(k) for k in worst)}: analytic "
                f"{analytic[worst]:.10g} vs numerical {numerical[worst]:.10g} "
                f"(atol={atol}, rtol={rtol})"
            )
            if raise_exception:
                raise GradcheckError(message)
            return False
    return True


def _outputs(out: Any) -> list[Tensor]:
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    for o in outs:
        if not isinstance(o, Tensor):
            raise TypeError(f"gradcheck: fn must return Tensors, got {type(o).__name__}")
    return [o for o in outs if o.dtype.kind == "f"]
