"""Validation to floating-point arrays, shared by the transformers and the linear models."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..utils import validate_data


def validate_floating(
    estimator: Any,
    X: Any,
    y: Any = "no_validation",
    *,
    reset: bool,
    dtypes: tuple[type, ...] = (np.float64,),
    **check_params: Any,
) -> Any:
    """:func:`~syllabus.utils.validate_data`, then ``X`` cast to the first of ``dtypes``
    unless it already has one of them.

    The data is validated as "numeric" first, so complex input gets an error instead of
    being cast with a warning.
    """
    out = validate_data(estimator, X, y, reset=reset, **check_params)
    X_checked = out[0] if isinstance(out, tuple) else out
    if X_checked.dtype not in dtypes:
        X_checked = X_checked.astype(dtypes[0])
    return (X_checked,) + tuple(out[1:]) if isinstance(out, tuple) else X_checked
