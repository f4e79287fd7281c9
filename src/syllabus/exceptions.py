"""The exceptions and warnings every part of syllabus shares.

A neutral home at the bottom of the package: it imports nothing from syllabus,
so validation helpers, estimators and metrics can all raise and warn with the
same classes without importing each other.

scikit-learn is optional and never imported here (it would double the import time of
syllabus). Yet code that catches or filters scikit-learn's own types --
``except sklearn.exceptions.NotFittedError``, ``pytest.warns(ConvergenceWarning)``,
``check_estimator`` -- must see ours: once scikit-learn has been imported (which such code
has necessarily done), each error or warning syllabus raises is an instance of a subclass of
both our class and scikit-learn's of the same name (``isinstance`` works with either). Warnings
are therefore given as instances, ``warnings.warn(ConvergenceWarning(message))``, so that the
instance decides the category.
"""

from __future__ import annotations

import sys

__all__ = [
    "ConvergenceWarning",
    "DataConversionWarning",
    "FitFailedWarning",
    "NotFittedError",
    "UndefinedMetricWarning",
]


class _AlsoScikitLearns(type):
    """Metaclass: calling the class builds an instance that is also scikit-learn's type of the
    same name, once scikit-learn is loaded (the subclass is made once and cached)."""

    def __call__(cls, *args: object, **kwargs: object) -> object:
        return type.__call__(cls._with_sklearn_base(), *args, **kwargs)

    def _with_sklearn_base(cls) -> type:
        if "_is_twin" in cls.__dict__:
            return cls
        twin = cls.__dict__.get("_twin")
        sklearn_exceptions = sys.modules.get("sklearn.exceptions")
        if twin is None and sklearn_exceptions is not None:
            # scikit-learn's class of the same name (or of the nearest ancestor's name)
            base = next(getattr(sklearn_exceptions, c.__name__) for c in cls.__mro__
                        if hasattr(sklearn_exceptions, c.__name__))
            twin = type(cls)(cls.__name__, (cls, base), {
                "__module__": cls.__module__, "__qualname__": cls.__qualname__,
                "__doc__": cls.__doc__, "_is_twin": True})
            cls._twin = twin
        return twin or cls


class NotFittedError(ValueError, AttributeError, metaclass=_AlsoScikitLearns):
    """Raised when a method that needs a fitted estimator is called before ``fit``.

    It subclasses ``ValueError`` and ``AttributeError``; once scikit-learn is loaded, the
    errors raised are also scikit-learn's ``NotFittedError``.

    Examples
    --------
    >>> from syllabus.exceptions import NotFittedError
    >>> issubclass(NotFittedError, (ValueError, AttributeError))
    True
    """


class DataConversionWarning(UserWarning, metaclass=_AlsoScikitLearns):
    """Warns that input data was converted, e.g. a column-vector ``y`` flattened to 1-D."""


class ConvergenceWarning(UserWarning, metaclass=_AlsoScikitLearns):
    """Warns that an iterative solver stopped at ``max_iter`` before its stopping rule held."""


class UndefinedMetricWarning(UserWarning, metaclass=_AlsoScikitLearns):
    """Warning used when a metric is ill-defined (e.g. precision with no predicted positive)."""


class FitFailedWarning(RuntimeWarning, metaclass=_AlsoScikitLearns):
    """Some fits failed; their scores were set to ``error_score``."""
