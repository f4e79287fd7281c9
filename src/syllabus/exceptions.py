"""The exceptions and warnings every part of syllabus shares.

A neutral home at the bottom of the package: it imports nothing from syllabus,
so validation helpers, estimators and metrics can all raise and warn with the
same classes without importing each other. scikit-learn is optional. When it
is importable, :class:`NotFittedError`, :class:`ConvergenceWarning`,
:class:`DataConversionWarning`, :class:`UndefinedMetricWarning` and
:class:`FitFailedWarning` *are* scikit-learn's types too, so its checks
recognise ours; without it, plain Python bases of the same shape take their
place.
"""

from __future__ import annotations

try:  # optional: scikit-learn only lends its exception types, so its checks recognise ours
    from sklearn.exceptions import ConvergenceWarning as _SkConvergenceWarning
    from sklearn.exceptions import DataConversionWarning as _SkDataConversionWarning
    from sklearn.exceptions import FitFailedWarning as _SkFitFailedWarning
    from sklearn.exceptions import NotFittedError as _SkNotFittedError
    from sklearn.exceptions import UndefinedMetricWarning as _SkUndefinedMetricWarning

    _not_fitted_bases: tuple[type, ...] = (_SkNotFittedError,)
    _conversion_warning_bases: tuple[type, ...] = (_SkDataConversionWarning,)
    _convergence_warning_bases: tuple[type, ...] = (_SkConvergenceWarning,)
    _undefined_metric_bases: tuple[type, ...] = (_SkUndefinedMetricWarning,)
    _fit_failed_bases: tuple[type, ...] = (_SkFitFailedWarning,)
except ImportError:
    _not_fitted_bases = (ValueError, AttributeError)
    _conversion_warning_bases = (UserWarning,)
    _convergence_warning_bases = (UserWarning,)
    _undefined_metric_bases = (UserWarning,)
    _fit_failed_bases = (RuntimeWarning,)

__all__ = [
    "ConvergenceWarning",
    "DataConversionWarning",
    "FitFailedWarning",
    "NotFittedError",
    "UndefinedMetricWarning",
]


class NotFittedError(*_not_fitted_bases):
    """Raised when a method that needs a fitted estimator is called before ``fit``.

    It subclasses ``ValueError`` and ``AttributeError`` (and scikit-learn's
    ``NotFittedError`` when scikit-learn is installed).

    Examples
    --------
    >>> from syllabus.exceptions import NotFittedError
    >>> issubclass(NotFittedError, (ValueError, AttributeError))
    True
    """


class DataConversionWarning(*_conversion_warning_bases):
    """Warns that input data was converted, e.g. a column-vector ``y`` flattened to 1-D."""


class ConvergenceWarning(*_convergence_warning_bases):
    """Warns that an iterative solver stopped at ``max_iter`` before its stopping rule held."""


class UndefinedMetricWarning(*_undefined_metric_bases):
    """Warning used when a metric is ill-defined (e.g. precision with no predicted positive)."""


class FitFailedWarning(*_fit_failed_bases):
    """Some fits failed; their scores were set to ``error_score``."""
