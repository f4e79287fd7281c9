"""Input validation shared by every estimator: one place for every check and message."""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..exceptions import DataConversionWarning, NotFittedError


def _is_sparse(X: Any) -> bool:
    return type(X).__module__.startswith("scipy.sparse")


def _num_samples(x: Any) -> int:
    if not hasattr(x, "shape") and not hasattr(x, "__len__") and hasattr(x, "__array__"):
        x = np.asarray(x)  # an array-like known only through __array__
    if hasattr(x, "shape") and len(x.shape) > 0:
        return int(x.shape[0])
    if hasattr(x, "__len__"):
        return len(x)
    raise TypeError(f"Expected an array-like of samples, got {type(x).__name__}.")


def check_array(
    array: Any,
    *,
    dtype: Any = "numeric",
    ensure_2d: bool = True,
    allow_nd: bool = False,
    ensure_all_finite: bool | str = True,
    ensure_min_samples: int = 1,
    ensure_min_features: int = 1,
    copy: bool = False,
    accept_sparse: bool | str | Sequence[str] = False,
    input_name: str = "X",
    estimator: Any = None,
) -> Any:
    """Convert ``array`` to a validated NumPy array (or SciPy sparse matrix).

    Parameters
    ----------
    array : array-like
        Input to check.
    dtype : "numeric", dtype or list of dtypes, default="numeric"
        "numeric" keeps float arrays as they are and converts anything else to float64;
        a list keeps the input dtype when it is in the list, else converts to the first.
        ``None`` keeps the dtype.
    ensure_2d : bool, default=True
        Raise a ``ValueError`` for anything but a 2-D array.
    allow_nd : bool, default=False
        Accept arrays with more than two dimensions.
    ensure_all_finite : bool or "allow-nan", default=True
        Raise a ``ValueError`` if the array holds NaN or infinity ("allow-nan": infinity
        only, NaN marks missing values).
    ensure_min_samples, ensure_min_features : int, default=1
        Smallest accepted number of rows and columns.
    copy : bool, default=False
        Return a copy even if no conversion was needed.
    accept_sparse : bool, str or list of str, default=False
        Formats of ``scipy.sparse`` input to accept ("csr", "csc", "coo", ...; ``True`` for
        any). Sparse input in another format is converted to the first one listed; its stored
        values are checked for dtype and finiteness like a dense array's. ``False`` raises a
        ``TypeError`` for sparse input.
    input_name : str, default="X"
        Name used in error messages.
    estimator : estimator or str, optional
        Named in error messages.

    Returns
    -------
    ndarray or sparse matrix
        The validated array.
    """
    context = f" by {_name(estimator)}" if estimator is not None else ""
    if _is_sparse(array):
        return _check_sparse(
            array, accept_sparse, dtype=dtype, ensure_all_finite=ensure_all_finite,
            ensure_min_samples=ensure_min_samples, ensure_min_features=ensure_min_features,
            copy=copy, input_name=input_name, context=context,
        )
    if array is None:
        raise ValueError(f"Expected array-like {input_name}, got None{context}.")
    raw = np.asarray(array)
    if raw.dtype.kind == "c":  # before any cast, which would drop the imaginary part
        raise ValueError(f"Complex data not supported for {input_name}{context}.")
    if isinstance(dtype, (list, tuple)):
        dtype = None if raw.dtype in dtype else dtype[0]
    if isinstance(dtype, str) and dtype == "numeric":
        arr = raw
        if arr.dtype.kind in "OUSV":
            try:
                arr = arr.astype(np.float64)
            except (TypeError, ValueError) as exc:
                raise type(exc)(
                    f"{input_name} must contain numbers only{context}: {exc}"
                ) from exc
        elif arr.dtype.kind != "f":
            arr = arr.astype(np.float64)
    else:
        arr = raw if dtype is None else raw.astype(dtype, copy=False)
    if ensure_2d:
        if arr.ndim == 0:
            raise ValueError(
                f"Expected a 2-D array for {input_name}{context}, got a scalar {array!r}. "
                "Reshape your data to shape (n_samples, n_features)."
            )
        if arr.ndim == 1:
            raise ValueError(
                f"Expected a 2-D array for {input_name}{context}, got a 1-D array of shape "
                f"{arr.shape}. Reshape your data either using array.reshape(-1, 1) if it has "
                "a single feature or array.reshape(1, -1) if it contains a single sample."
            )
        if arr.ndim > 2 and not allow_nd:
            raise ValueError(
                f"Found array with dim {arr.ndim} for {input_name}{context}; expected <= 2."
            )
    if ensure_all_finite and arr.dtype.kind in "fc" and arr.size:
        _check_finite(arr, ensure_all_finite, input_name, context)
    if ensure_min_samples > 0 and arr.ndim >= 1:
        n = arr.shape[0]
        if n < ensure_min_samples:
            raise ValueError(
                f"Found array with {n} sample(s) (shape={arr.shape}) while a minimum of "
                f"{ensure_min_samples} is required{context}."
            )
    if ensure_min_features > 0 and arr.ndim == 2:
        m = arr.shape[1]
        if m < ensure_min_features:
            raise ValueError(
                f"Found array with {m} feature(s) (shape={arr.shape}) while a minimum of "
                f"{ensure_min_features} is required{context}."
            )
    if copy and np.shares_memory(arr, np.asarray(array) if not _is_sparse(array) else arr):
        arr = arr.copy()
    return arr


def _check_finite(values: np.ndarray, ensure_all_finite: bool | str, input_name: str,
                  context: str) -> None:
    """NaN or infinity is an error; ``ensure_all_finite="allow-nan"`` lets NaN through."""
    infinity = f"infinity or a value too large for {values.dtype!r}"  # scikit-learn's words
    if ensure_all_finite == "allow-nan":
        if np.isinf(values).any():
            raise ValueError(f"Input {input_name} contains {infinity}{context}.")
    elif not np.isfinite(values).all():
        what = "NaN" if np.isnan(values).any() else infinity
        raise ValueError(f"Input {input_name} contains {what}{context}.")


def _check_sparse(
    matrix: Any,
    accept_sparse: bool | str | Sequence[str],
    *,
    dtype: Any,
    ensure_all_finite: bool | str,
    ensure_min_samples: int,
    ensure_min_features: int,
    copy: bool,
    input_name: str,
    context: str,
) -> Any:
    """:func:`check_array` for a ``scipy.sparse`` matrix: format, dtype and values checked."""
    if accept_sparse is False:
        raise TypeError(
            f"Sparse data was passed for {input_name}, but dense data is required{context}. "
            "Use '.toarray()' to convert to a dense numpy array."
        )
    formats = [accept_sparse] if isinstance(accept_sparse, str) else accept_sparse
    if formats is not True and matrix.format not in formats:
        matrix = matrix.asformat(formats[0])
        copy = False  # the conversion made a new matrix
    data = matrix.data
    if isinstance(dtype, (list, tuple)):
        dtype = None if data.dtype in dtype else dtype[0]
    if isinstance(dtype, str) and dtype == "numeric":
        dtype = None if data.dtype.kind == "f" else np.float64
    if data.dtype.kind == "c":
        raise ValueError(f"Complex data not supported for {input_name}{context}.")
    if dtype is not None and data.dtype != dtype:
        matrix = matrix.astype(dtype)
        copy = False
    if ensure_all_finite and matrix.data.size:
        _check_finite(matrix.data, ensure_all_finite, input_name, context)
    n_samples, n_features = matrix.shape
    if n_samples < ensure_min_samples:
        raise ValueError(
            f"Found array with {n_samples} sample(s) (shape={matrix.shape}) while a minimum "
            f"of {ensure_min_samples} is required{context}."
        )
    if n_features < ensure_min_features:
        raise ValueError(
            f"Found array with {n_features} feature(s) (shape={matrix.shape}) while a "
            f"minimum of {ensure_min_features} is required{context}."
        )
    return matrix.copy() if copy else matrix


def column_or_1d(y: Any, *, dtype: Any = None, warn: bool = False, input_name: str = "y") -> np.ndarray:
    """Ravel a column vector to 1-D (warning if ``warn``); reject any other 2-D shape.

    Parameters
    ----------
    y : array-like
        1-D, a column (n, 1), or a scalar (returned with shape (1,)).
    dtype : dtype, optional
        Passed to ``numpy.asarray``.
    warn : bool, default=False
        Issue a :class:`~syllabus.base.DataConversionWarning` when raveling a column.
    input_name : str, default="y"
        Name used in the error message.

    Returns
    -------
    ndarray of shape (n,)
    """
    y = np.asarray(y, dtype=dtype)
    if y.ndim == 1:
        return y
    if y.ndim == 2 and y.shape[1] == 1:
        if warn:
            warnings.warn(DataConversionWarning(
                "A column-vector y was passed when a 1d array was expected. Please change "
                "the shape of y to (n_samples, ), for example using ravel()."), stacklevel=3)
        return y.ravel()
    if y.ndim == 0:
        return y.reshape(1)
    raise ValueError(f"{input_name} should be a 1d array, got an array of shape {y.shape} instead.")


def check_consistent_length(*arrays: Any) -> None:
    """Raise a ``ValueError`` unless all non-None arrays have the same number of samples.

    Parameters
    ----------
    *arrays : array-like or None
        The number of samples is ``shape[0]`` (or ``len``); None is skipped.
    """
    lengths = [_num_samples(a) for a in arrays if a is not None]
    if len(set(lengths)) > 1:
        raise ValueError(
            f"Found input variables with inconsistent numbers of samples: {lengths}"
        )


def check_X_y(
    X: Any,
    y: Any,
    *,
    dtype: Any = "numeric",
    multi_output: bool = False,
    y_numeric: bool = False,
    ensure_min_samples: int = 1,
    estimator: Any = None,
    **check_array_params: Any,
) -> tuple[np.ndarray, np.ndarray]:
    """Validate ``X`` (2-D, finite) and ``y`` (1-D, or 2-D when ``multi_output``) together.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        A column vector is raveled with a DataConversionWarning; NaN or infinity is an error;
        None is an error naming ``estimator``.
    dtype : "numeric", dtype or list of dtypes, default="numeric"
        For ``X``, as in :func:`check_array`.
    multi_output : bool, default=False
        Accept a 2-D ``y``.
    y_numeric : bool, default=False
        Convert an integer, boolean or object ``y`` to float64.
    ensure_min_samples : int, default=1
    estimator : estimator or str, optional
        Named in the error messages.
    **check_array_params
        Passed to :func:`check_array` for ``X``.

    Returns
    -------
    X : ndarray
    y : ndarray
    """
    if y is None:
        name = _name(estimator) if estimator is not None else "estimator"
        raise ValueError(f"{name} requires y to be passed, but the target y is None.")
    X = check_array(
        X, dtype=dtype, ensure_min_samples=ensure_min_samples, estimator=estimator,
        **check_array_params,
    )
    if multi_output:
        y = check_array(y, ensure_2d=False, dtype=None, input_name="y", estimator=estimator)
        if y.dtype.kind in "fc" and not np.isfinite(y).all():
            raise ValueError("Input y contains NaN or infinity.")
    else:
        y = _check_y_1d(y, y_numeric=y_numeric)
    check_consistent_length(X, y)
    return X, y


def _check_y_1d(y: Any, *, y_numeric: bool) -> np.ndarray:
    if _is_sparse(y):
        raise TypeError("Sparse data was passed for y, but dense data is required.")
    y = column_or_1d(y, warn=True)
    if y.dtype.kind == "O" and y_numeric:
        y = y.astype(np.float64)
    if y_numeric and y.dtype.kind in "iub":
        y = y.astype(np.float64)
    if y.dtype.kind in "fc" and not np.isfinite(y).all():
        what = "NaN" if np.isnan(y).any() else "infinity"
        raise ValueError(f"Input y contains {what}.")
    if y.dtype.kind == "O" and any(v is None or (isinstance(v, float) and np.isnan(v)) for v in y):
        raise ValueError("Input y contains NaN or None.")
    return y


def _name(estimator: Any) -> str:
    if isinstance(estimator, str):
        return estimator
    return type(estimator).__name__


def validate_data(
    estimator: Any,
    X: Any,
    y: Any = "no_validation",
    *,
    reset: bool = True,
    **check_params: Any,
) -> Any:
    """Validate the input of ``fit`` (``reset=True``) or of ``predict``-like methods.

    At fit time this records ``n_features_in_`` (and ``feature_names_in_`` for data frames
    with string column names); at predict time it checks ``X`` against them, with the same
    messages as scikit-learn.

    Parameters
    ----------
    estimator : estimator
        Receives (``reset=True``) or is checked against (``reset=False``) the attributes.
    X : array-like
    y : array-like or "no_validation", default="no_validation"
        "no_validation" validates ``X`` only (:func:`check_array`); otherwise ``X`` and ``y``
        go through :func:`check_X_y`.
    reset : bool, default=True
    **check_params
        Passed to :func:`check_array` / :func:`check_X_y`.

    Returns
    -------
    X or (X, y)
        The validated array(s).
    """
    _check_feature_names(estimator, X, reset=reset)
    if isinstance(y, str) and y == "no_validation":
        out = check_array(X, estimator=estimator, **check_params)
        X_checked = out
    else:
        out = check_X_y(X, y, estimator=estimator, **check_params)
        X_checked = out[0]
    if X_checked.ndim >= 2:
        _check_n_features(estimator, X_checked.shape[1], reset=reset)
    return out



def validate_floating(
    estimator: Any,
    X: Any,
    y: Any = "no_validation",
    *,
    reset: bool,
    dtypes: tuple[type, ...] = (np.float64,),
    **check_params: Any,
) -> Any:
    """:func:`validate_data`, then ``X`` cast to the first of ``dtypes`` unless it already
    has one of them (shared by the transformers, the linear models and svm).

    The data is validated as "numeric" first, so complex input gets an error instead of
    being cast with a warning.
    """
    out = validate_data(estimator, X, y, reset=reset, **check_params)
    X_checked = out[0] if isinstance(out, tuple) else out
    if X_checked.dtype not in dtypes:
        X_checked = X_checked.astype(dtypes[0])  # sparse matrices have astype too
    return (X_checked,) + tuple(out[1:]) if isinstance(out, tuple) else X_checked


def check_no_overflow(X: Any, *, input_name: str = "X", estimator: Any = None) -> None:
    """Refuse data whose squares overflow float64, before a solver turns it into NaN.

    Least squares, kernels, SVMs, gradients and variances all form products ``x_i x_j``; once
    the sum of squares of ``X`` overflows, some of those are infinite, ``inf - inf`` gives NaN,
    and a solver either never meets its stopping rule or returns garbage. Checked once, in
    ``fit``, so every solver can assume finite inner products.

    Parameters
    ----------
    X : ndarray or sparse matrix
        A validated, finite floating-point array.
    input_name : str, default="X"
        Name used in the error message.
    estimator : estimator or str, optional
        Named in the error message.

    Raises
    ------
    ValueError
        When ``sum(X ** 2)`` is not finite (some ``|x| > ~1e154``).

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.utils import check_no_overflow
    >>> check_no_overflow(np.array([[1e150, 2.0]]))  # squares up to 1e300: fine
    >>> check_no_overflow(np.array([[1e300, 2.0]]))
    Traceback (most recent call last):
    ...
    ValueError: Input X has values too large for float64 arithmetic (the largest is 1e+300; its square overflows). Scale the data first, e.g. with StandardScaler.
    """
    X = np.asarray(X.data if _is_sparse(X) else X)  # a sparse matrix: its stored values
    if X.dtype.kind != "f" or X.size == 0:
        return
    flat = X.reshape(-1)
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(np.dot(flat, flat)):
            return
    context = f" for {_name(estimator)}" if estimator is not None else ""
    raise ValueError(
        f"Input {input_name} has values too large for float64 arithmetic (the largest is "
        f"{float(np.abs(flat).max()):.3g}; its square overflows){context}. Scale the data "
        "first, e.g. with StandardScaler."
    )


def _check_n_features(estimator: Any, n_features: int, *, reset: bool) -> None:
    if reset:
        estimator.n_features_in_ = n_features
        return
    expected = getattr(estimator, "n_features_in_", None)
    if expected is not None and n_features != expected:
        raise ValueError(
            f"X has {n_features} features, but {type(estimator).__name__} is expecting "
            f"{expected} features as input."
        )


def _feature_names(X: Any) -> np.ndarray | None:
    columns = getattr(X, "columns", None)
    if columns is None or not hasattr(X, "iloc"):
        return None
    names = np.asarray(columns, dtype=object)
    if len(names) == 0 or not all(isinstance(n, str) for n in names):
        return None
    return names


def _check_feature_names(estimator: Any, X: Any, *, reset: bool) -> None:
    names = _feature_names(X)
    if reset:
        if names is not None:
            estimator.feature_names_in_ = names
        elif hasattr(estimator, "feature_names_in_"):
            delattr(estimator, "feature_names_in_")
        return
    fitted = getattr(estimator, "feature_names_in_", None)
    if fitted is None and names is None:
        return
    cls = type(estimator).__name__
    if names is not None and fitted is None:
        warnings.warn(f"X has feature names, but {cls} was fitted without feature names",
                      UserWarning, stacklevel=3)
        return
    if names is None:
        warnings.warn(f"X does not have valid feature names, but {cls} was fitted with "
                      "feature names", UserWarning, stacklevel=3)
        return
    if len(names) != len(fitted) or np.any(names != fitted):
        unexpected = sorted(set(names) - set(fitted))
        missing = sorted(set(fitted) - set(names))
        msg = "The feature names should match those that were passed during fit.\n"
        if unexpected:
            msg += f"Feature names unseen at fit time:\n- {unexpected}\n"
        if missing:
            msg += f"Feature names seen at fit time, yet now missing:\n- {missing}\n"
        if not unexpected and not missing:
            msg += "Feature names must be in the same order as they were in fit.\n"
        raise ValueError(msg)


def check_is_fitted(estimator: Any, attributes: str | Sequence[str] | None = None) -> None:
    """Raise :class:`~syllabus.base.NotFittedError` unless ``estimator`` has been fitted.

    Parameters
    ----------
    estimator : estimator instance
        A class or an object without ``fit`` raises a ``TypeError``.
    attributes : str or sequence of str, optional
        Fitted means all these attributes exist. By default ``__sklearn_is_fitted__()``
        decides, or else the presence of any attribute ending in ``_``.
    """
    if isinstance(estimator, type) or not hasattr(estimator, "fit"):
        raise TypeError(f"{estimator!r} is not an estimator instance.")
    if attributes is not None:
        names = [attributes] if isinstance(attributes, str) else list(attributes)
        fitted = all(hasattr(estimator, a) for a in names)
    elif hasattr(estimator, "__sklearn_is_fitted__"):
        fitted = estimator.__sklearn_is_fitted__()
    else:
        fitted = any(k.endswith("_") and not k.startswith("__") for k in vars(estimator))
    if not fitted:
        raise NotFittedError(
            f"This {type(estimator).__name__} instance is not fitted yet. Call 'fit' with "
            "appropriate arguments before using this estimator."
        )


def check_random_state(seed: Any) -> np.random.RandomState:
    """A ``RandomState`` from None (the global one), an int, or an existing instance.

    ``RandomState`` rather than ``Generator`` because scikit-learn estimators do the same,
    so ``random_state`` values mean the same thing in both libraries.

    Parameters
    ----------
    seed : None, int or numpy.random.RandomState
        None (or ``numpy.random``) gives NumPy's global RandomState; an int a new one
        seeded with it; an instance is returned as is. Anything else is a ``ValueError``.

    Returns
    -------
    numpy.random.RandomState
    """
    if seed is None or seed is np.random:
        return np.random.mtrand._rand
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        return np.random.RandomState(int(seed))
    if isinstance(seed, np.random.RandomState):
        return seed
    raise ValueError(f"{seed!r} cannot be used to seed a numpy.random.RandomState instance.")


def check_sample_weight(sample_weight: Any, X: Any, *, dtype: Any = np.float64,
                        ensure_non_negative: bool = True) -> np.ndarray:
    """Sample weights as a 1-D finite non-negative array of ``len(X)`` (ones when None).

    Parameters
    ----------
    sample_weight : None, number or array-like of shape (n_samples,)
        A number is repeated for every sample. Negative, non-finite or all-zero weights
        raise a ``ValueError``.
    X : array-like
        Gives ``n_samples``.
    dtype : dtype, default=numpy.float64

    Returns
    -------
    ndarray of shape (n_samples,)
    """
    n = _num_samples(X)
    if sample_weight is None:
        return np.ones(n, dtype=dtype)
    raw = np.asarray(sample_weight)
    if raw.dtype.kind == "c":  # casting would silently drop the imaginary part
        raise ValueError(f"Complex data not supported\n{raw}\n")
    if isinstance(sample_weight, numbers.Number):
        return np.full(n, sample_weight, dtype=dtype)
    sw = raw.astype(dtype, copy=False)
    if sw.ndim == 0:  # a 0-d array is not a scalar weight (scikit-learn's TypeError)
        raise TypeError("Input should have at least 1 dimension i.e. satisfy "
                        f"`len(x.shape) > 0`, got scalar `{sw!r}` instead.")
    if sw.ndim != 1:
        raise ValueError(f"Sample weights must be 1D array or scalar, got shape {sw.shape}.")
    if sw.shape[0] != n:
        raise ValueError(f"sample_weight.shape == {sw.shape}, expected ({n},)!")
    if not np.isfinite(sw).all():
        raise ValueError("Input sample_weight contains NaN or infinity.")
    if not ensure_non_negative:
        return sw
    if (sw < 0).any():
        raise ValueError("Negative values in data passed to `sample_weight`.")
    if n and not sw.any():
        raise ValueError("Sample weights must contain at least one non-zero number; "
                         "all weights are zero.")
    return sw


def type_of_target(y: Any, input_name: str = "y") -> str:
    """Kind of target: 'binary', 'multiclass', 'continuous', 'multilabel-indicator',
    'multiclass-multioutput', 'continuous-multioutput' or 'unknown' (scikit-learn's names).

    Floats count as continuous only if some value is not integral (or not finite);
    'binary' means at most two distinct values.

    Parameters
    ----------
    y : array-like
    input_name : str, default="y"
        Named in the error for labels mixing strings and numbers.

    Returns
    -------
    str

    Examples
    --------
    >>> from syllabus.utils import type_of_target
    >>> type_of_target([0, 1, 1]), type_of_target([1.0, 2.0, 3.0]), type_of_target([0.5, 1.0])
    ('binary', 'multiclass', 'continuous')
    """
    y = np.asarray(y)
    if y.dtype.kind == "O":
        if y.size and not all(isinstance(v, (str, numbers.Number)) for v in y.ravel()):
            return "unknown"
        if len({isinstance(v, str) for v in y.ravel()}) == 2:  # would fail inside np.unique
            raise ValueError(
                f"Mix of label input types (string and number) in {input_name}: use one type "
                "for every label, e.g. all strings."
            )
    if y.ndim > 2 or (y.ndim == 2 and y.shape[1] == 0) or y.size == 0 and y.ndim != 1:
        return "unknown"
    if y.ndim == 2 and y.shape[1] > 1:
        # scikit-learn's rule: at most two distinct integral values (e.g. 0/1, as floats too).
        if y.dtype.kind in "iubf" and y.size:
            values = np.unique(y)
            if len(values) < 3 and np.isfinite(values).all() and np.all(values == np.round(values)):
                return "multilabel-indicator"
        suffix = "-multioutput"
    else:
        suffix = ""
    if y.dtype.kind == "f" and np.any(y != np.round(y)):
        return "continuous" + suffix
    if y.dtype.kind == "f" and not np.isfinite(y).all():
        return "continuous" + suffix
    n_classes = len(np.unique(y.ravel())) if y.size else 0
    if suffix:
        return "multiclass" + suffix
    return "multiclass" if n_classes > 2 else "binary"


def check_classification_targets(y: Any) -> None:
    """Raise a ``ValueError`` for targets a classifier cannot learn (e.g. continuous).

    Parameters
    ----------
    y : array-like
        Accepted when :func:`type_of_target` is 'binary', 'multiclass',
        'multiclass-multioutput' or 'multilabel-indicator'.
    """
    kind = type_of_target(y)
    if kind not in ("binary", "multiclass", "multiclass-multioutput", "multilabel-indicator"):
        raise ValueError(
            f"Unknown label type: {kind}. Maybe you are trying to fit a classifier, which "
            "expects discrete classes on a regression target with continuous values."
        )


def encode_labels(y: Any) -> tuple[np.ndarray, np.ndarray]:
    """Classes (sorted) and each label's index in them: the ``classes_`` of a classifier.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Labels; must pass :func:`check_classification_targets`.

    Returns
    -------
    classes : ndarray of shape (n_classes,)
        ``numpy.unique(y)``.
    y_encoded : ndarray of int of shape (n_samples,)
        ``classes[y_encoded] == y``.

    Examples
    --------
    >>> from syllabus.utils import encode_labels
    >>> classes, y_encoded = encode_labels(["b", "a", "b"])
    >>> classes.tolist(), y_encoded.tolist()
    (['a', 'b'], [1, 0, 1])
    """
    check_classification_targets(y)
    classes, y_encoded = np.unique(y, return_inverse=True)
    return classes, y_encoded.reshape(-1)


def check_labels_known(y: Any, classes: np.ndarray, *, input_name: str = "y") -> np.ndarray:
    """Indices of ``y`` in ``classes``; an unseen label raises a ``ValueError`` naming it.

    Parameters
    ----------
    y : array-like
        Labels.
    classes : ndarray of shape (n_classes,)
        Sorted classes, e.g. a classifier's ``classes_``.
    input_name : str, default="y"
        Name used in the error message.

    Returns
    -------
    ndarray of int of the shape of ``y``
    """
    y = np.asarray(y)
    idx = np.searchsorted(classes, y)
    idx_clipped = np.clip(idx, 0, len(classes) - 1)
    unknown = classes[idx_clipped] != y
    if np.any(unknown):
        raise ValueError(
            f"{input_name} contains labels not seen at fit time: "
            f"{np.unique(y[unknown]).tolist()}; known classes are {classes.tolist()}."
        )
    return idx_clipped


# ---- the front end of the regressors (linear models, kernel ridge) -------------------------
FLOAT_DTYPES = (np.float64, np.float32)


def validate_regression_data(estimator: Any, X: Any, y: Any, *,
                             check_overflow: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Validate ``X`` (2-D, finite, float64) and a numeric ``y`` of shape (n,) or (n, n_targets).

    ``check_overflow``: refuse an ``X`` whose squares overflow (:func:`check_no_overflow`);
    off for solvers that never square ``X`` (an SVD-based least-squares solve).
    """
    X, y = validate_floating(estimator, X, y, reset=True, multi_output=True)
    if y.ndim not in (1, 2):
        raise ValueError(f"y must be 1-D or 2-D, got an array of shape {y.shape}.")
    y = check_array(y, ensure_2d=False, input_name="y", estimator=estimator)
    if check_overflow:
        check_no_overflow(X, estimator=estimator)
    return X, y.astype(np.float64, copy=False)


def validate_float_data(estimator: Any, X: Any, y: Any, *, accept_sparse: Any = ("csr", "csc", "coo"),
                        copy: bool = False, check_overflow: bool = True) -> tuple[Any, np.ndarray]:
    """Validate ``X`` (dense or sparse, float32 kept, anything else cast to float64) and a
    numeric ``y`` (1-D or 2-D) cast to ``X``'s dtype.

    ``check_overflow``: refuse an ``X`` whose squares overflow (:func:`check_no_overflow`,
    on the stored values of a sparse ``X``)."""
    X, y = validate_floating(estimator, X, y, reset=True, dtypes=FLOAT_DTYPES,
                             accept_sparse=list(accept_sparse) if accept_sparse else False,
                             multi_output=True, y_numeric=True, copy=copy)
    if y.ndim not in (1, 2):
        raise ValueError(f"y must be 1-D or 2-D, got an array of shape {y.shape}.")
    if y.dtype.kind not in "fiub":
        y = y.astype(np.float64)
    if check_overflow:
        check_no_overflow(X, estimator=estimator)
    return X, np.asarray(y, dtype=X.dtype)


def optional_sample_weight(sample_weight: Any, X: np.ndarray) -> np.ndarray | None:
    """``None`` stays ``None`` (the fast unweighted path); anything else is validated."""
    return None if sample_weight is None else check_sample_weight(sample_weight, X)
