"""Base classes of every classical estimator: parameters, cloning, tags, mixins.

The contract is scikit-learn's: ``__init__`` stores its arguments unchanged, ``fit`` validates
them and learns attributes ending in ``_``. scikit-learn is optional. When it is importable,
:class:`NotFittedError` *is* a scikit-learn ``NotFittedError`` and ``__sklearn_tags__`` returns
scikit-learn's ``Tags``, so ``sklearn.utils.estimator_checks.check_estimator`` accepts our
estimators; without it, local classes of the same shape take their place.
"""

from __future__ import annotations

import copy
import inspect
from typing import Any

import numpy as np

from .exceptions import ConvergenceWarning, DataConversionWarning, NotFittedError
from .metrics import accuracy_score, r2_score
from .utils._param_validation import validate_params
from .utils._tags import tag_classes
from .utils._validation import check_is_fitted

__all__ = [
    "BaseEstimator",
    "ClassifierMixin",
    "ClusterMixin",
    "ConvergenceWarning",
    "DataConversionWarning",
    "NotFittedError",
    "RegressorMixin",
    "TransformerMixin",
    "clone",
    "is_classifier",
    "is_regressor",
]


class BaseEstimator:
    """Base class for all estimators.

    Hyper-parameters are the keyword arguments of ``__init__``, stored unchanged as
    attributes; :meth:`get_params` reads them from the signature, so subclasses never list
    them twice. A class may declare ``_parameter_constraints`` (see
    :func:`syllabus.utils.validate_params`); ``fit`` then calls :meth:`_validate_params`.
    """

    _parameter_constraints: dict[str, list] = {}

    @classmethod
    def _get_param_names(cls) -> list[str]:
        init = cls.__init__
        if init is object.__init__:
            return []
        params = inspect.signature(init).parameters.values()
        for p in params:
            if p.kind == p.VAR_POSITIONAL:
                raise RuntimeError(
                    f"{cls.__name__} should not take *args in __init__: every hyper-parameter "
                    "must be named."
                )
        return sorted(p.name for p in params if p.name != "self" and p.kind != p.VAR_KEYWORD)

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Hyper-parameters of this estimator (and of nested estimators when ``deep``)."""
        out: dict[str, Any] = {}
        for name in self._get_param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                out.update((f"{name}__{k}", v) for k, v in value.get_params().items())
            out[name] = value
        return out

    def set_params(self, **params: Any) -> BaseEstimator:
        """Set hyper-parameters; ``component__param`` reaches a nested estimator."""
        if not params:
            return self
        valid = self.get_params(deep=True)
        nested: dict[str, dict[str, Any]] = {}
        for key, value in params.items():
            name, _, sub = key.partition("__")
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator {self!r}. "
                    f"Valid parameters are: {sorted(self._get_param_names())!r}."
                )
            if sub:
                nested.setdefault(name, {})[sub] = value
            else:
                setattr(self, name, value)
                valid[name] = value
        for name, sub_params in nested.items():
            valid[name].set_params(**sub_params)
        return self

    def __repr__(self) -> str:
        # Like scikit-learn: only the parameters that differ from their defaults.
        init_params = inspect.signature(self.__init__).parameters
        shown = []
        for name in self._get_param_names():
            value = getattr(self, name, None)
            default = init_params[name].default
            if not _same_value(value, default):
                shown.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    def _validate_params(self) -> None:
        validate_params(
            self._parameter_constraints,
            self.get_params(deep=False),
            caller_name=type(self).__name__,
        )

    def __sklearn_tags__(self):
        t = tag_classes()
        return t.Tags(
            estimator_type=None,
            target_tags=t.TargetTags(required=False),
            transformer_tags=None,
            regressor_tags=None,
            classifier_tags=None,
        )

    def __sklearn_is_fitted__(self) -> bool:
        return any(k.endswith("_") and not k.startswith("__") for k in vars(self))


def _same_value(a: Any, b: Any) -> bool:
    if a is b:
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return False
    try:
        return bool(a == b) and type(a) is type(b)
    except Exception:
        return False


class ClassifierMixin:
    """Mixin for classifiers: ``score`` is the accuracy."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        t = tag_classes()
        tags.estimator_type = "classifier"
        tags.classifier_tags = t.ClassifierTags()
        tags.target_tags.required = True
        return tags

    def score(self, X, y, sample_weight=None) -> float:
        """Mean accuracy of ``self.predict(X)`` against ``y``."""
        return accuracy_score(y, self.predict(X), sample_weight=sample_weight)


class MultiOutputMixin:
    """Marks a regressor that accepts a 2-D ``y`` (one column per target)."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


class RegressorMixin:
    """Mixin for regressors: ``score`` is the coefficient of determination R^2."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        t = tag_classes()
        tags.estimator_type = "regressor"
        tags.regressor_tags = t.RegressorTags()
        tags.target_tags.required = True
        return tags

    def score(self, X, y, sample_weight=None) -> float:
        """R^2 of ``self.predict(X)`` against ``y``."""
        return r2_score(y, self.predict(X), sample_weight=sample_weight)


class TransformerMixin:
    """Mixin for transformers: ``fit_transform`` chains ``fit`` and ``transform``."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags = tag_classes().TransformerTags()
        return tags

    def fit_transform(self, X, y=None, **fit_params):
        """Fit to ``X`` (and ``y``), then return the transformed ``X``."""
        if y is None:
            return self.fit(X, **fit_params).transform(X)
        return self.fit(X, y, **fit_params).transform(X)


class ClassNamePrefixFeaturesOutMixin:
    """``get_feature_names_out`` for transformers whose outputs are new features.

    The names are the lower-cased class name and the output index (``pca0, pca1, ...``), as
    scikit-learn's; the estimator sets ``_n_features_out``.
    """

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names of the output features: ``<classname><i>`` for ``i < _n_features_out``.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Only checked against ``feature_names_in_`` / ``n_features_in_``.

        Returns
        -------
        ndarray of str objects
        """
        check_is_fitted(self, "n_features_in_")
        if input_features is not None:
            names = [str(f) for f in input_features]
            fitted = getattr(self, "feature_names_in_", None)
            if fitted is not None and list(map(str, fitted)) != names:
                raise ValueError("input_features is not equal to feature_names_in_")
            if len(names) != self.n_features_in_:
                raise ValueError(
                    f"input_features should have length equal to number of features "
                    f"({self.n_features_in_}), got {len(names)}")
        prefix = type(self).__name__.lower()
        return np.asarray([f"{prefix}{i}" for i in range(self._n_features_out)], dtype=object)


class ClusterMixin:
    """Mixin for clustering estimators: ``fit_predict`` returns ``labels_``."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.estimator_type = "clusterer"
        return tags

    def fit_predict(self, X, y=None, **fit_params):
        """Fit and return the cluster label of each sample."""
        self.fit(X, **fit_params)
        return self.labels_


def clone(estimator: Any, *, safe: bool = True) -> Any:
    """A new, unfitted estimator with the same hyper-parameters (nested estimators cloned).

    Parameters
    ----------
    estimator : estimator, or list/tuple/set of them
        A list, tuple or set is cloned element by element.
    safe : bool, default=True
        If False, an object without ``get_params`` is deep-copied instead of rejected.

    Returns
    -------
    estimator
        ``type(estimator)(**params)`` with each parameter value cloned (deep-copied when it
        is not an estimator); fitted attributes are not copied.

    Raises
    ------
    TypeError
        If ``safe`` and ``estimator`` has no ``get_params`` (or is a class).

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.base import clone
    >>> from syllabus.dummy import DummyRegressor
    >>> model = DummyRegressor(strategy="median").fit(np.zeros((3, 1)), [1.0, 2.0, 6.0])
    >>> copy = clone(model)
    >>> copy, hasattr(copy, "constant_")
    (DummyRegressor(strategy='median'), False)
    """
    if isinstance(estimator, (list, tuple, set, frozenset)):
        return type(estimator)(clone(e, safe=safe) for e in estimator)
    if not hasattr(estimator, "get_params") or isinstance(estimator, type):
        if not safe:
            return copy.deepcopy(estimator)
        raise TypeError(
            f"Cannot clone object {estimator!r} of type {type(estimator).__name__}: "
            "it does not implement get_params."
        )
    params = estimator.get_params(deep=False)
    new_params = {name: clone(value, safe=False) for name, value in params.items()}
    return type(estimator)(**new_params)


def _estimator_type(estimator: Any) -> str | None:
    tags = getattr(estimator, "__sklearn_tags__", None)
    return tags().estimator_type if tags is not None else None


def is_classifier(estimator: Any) -> bool:
    """True when ``estimator`` is a classifier (its ``__sklearn_tags__`` say so).

    Parameters
    ----------
    estimator : object
        An estimator instance; objects without tags are not classifiers.

    Returns
    -------
    bool
    """
    return _estimator_type(estimator) == "classifier"


def is_regressor(estimator: Any) -> bool:
    """True when ``estimator`` is a regressor (its ``__sklearn_tags__`` say so).

    Parameters
    ----------
    estimator : object
        An estimator instance; objects without tags are not regressors.

    Returns
    -------
    bool
    """
    return _estimator_type(estimator) == "regressor"
