"""scikit-learn's estimator checks, run over every estimator syllabus defines."""

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from syllabus.utils import all_estimators


def _instances():
    # Small, fast settings where an estimator has them; defaults otherwise.
    out = []
    for _, cls in all_estimators():
        out.append(cls(**getattr(cls, "_check_estimator_params", {})))
    return out


def _expected_failures(estimator):
    # checks scikit-learn itself marks as expected failures for the same estimator
    return getattr(estimator, "_expected_failed_checks", {})


@parametrize_with_checks(_instances(), expected_failed_checks=_expected_failures)
def test_sklearn_compatible(estimator, check):
    check(estimator)


def test_discovery_finds_estimators():
    names = {name for name, _ in all_estimators()}
    assert {"DummyClassifier", "DummyRegressor"} <= names
    pytest.importorskip("sklearn")
