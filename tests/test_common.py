"""scikit-learn's estimator checks, run over every estimator syllabus defines."""

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from syllabus.kernel_ridge import KernelRidge
from syllabus.utils import all_estimators

# The searches need an estimator to search over: one that validates X (the dummies ignore
# it, as scikit-learn's do), set here so that model_selection imports no estimator.
_SEARCH_PARAMS = {
    "GridSearchCV": {"estimator": KernelRidge(), "param_grid": {"alpha": [0.1, 1.0]}, "cv": 3},
    "RandomizedSearchCV": {"estimator": KernelRidge(), "n_iter": 2, "cv": 3,
                           "param_distributions": {"alpha": [0.1, 1.0]}},
}


def _instances():
    # Small, fast settings where an estimator has them; defaults otherwise.
    out = []
    for name, cls in all_estimators():
        params = _SEARCH_PARAMS.get(name, getattr(cls, "_check_estimator_params", {}))
        out.append(cls(**params))
    return out


def _expected_failures(estimator):
    # An estimator lists the checks scikit-learn also expects its twin to fail, with why.
    return getattr(estimator, "_expected_failed_checks", {})


@parametrize_with_checks(_instances(), expected_failed_checks=_expected_failures)
def test_sklearn_compatible(estimator, check):
    check(estimator)


def test_discovery_finds_estimators():
    names = {name for name, _ in all_estimators()}
    assert {"DummyClassifier", "DummyRegressor"} <= names
    pytest.importorskip("sklearn")
