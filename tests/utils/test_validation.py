"""The shared validation helpers: each bad input gets a clear error."""

import re
import warnings

import numpy as np
import pytest

from syllabus.base import DataConversionWarning
from syllabus.dummy import DummyRegressor
from syllabus.utils import (
    check_array,
    check_labels_known,
    check_random_state,
    check_sample_weight,
    check_X_y,
    column_or_1d,
    encode_labels,
    type_of_target,
    validate_data,
)


@pytest.mark.parametrize(
    ("X", "match"),
    [
        (np.array([1.0, 2.0]), "Expected a 2-D array for X.*1-D array of shape \\(2,\\)"),
        (np.array([[1.0, np.nan]]), "Input X contains NaN"),
        (np.array([[1.0, np.inf]]), "Input X contains infinity"),
        (np.empty((0, 3)), "Found array with 0 sample"),
        (np.empty((3, 0)), "Found array with 0 feature"),
        (np.array([[1 + 1j]]), "Complex data not supported"),
        (np.zeros((2, 2, 2)), "Found array with dim 3"),
        (3.0, "got a scalar"),
    ],
)
def test_check_array_rejects(X, match):
    with pytest.raises(ValueError, match=match):
        check_array(X)


def test_check_array_converts_and_keeps_floats():
    assert check_array([[1, 2]]).dtype == np.float64
    x32 = np.ones((2, 2), dtype=np.float32)
    assert check_array(x32).dtype == np.float32
    assert check_array(np.array([["1.5", "2"]], dtype=object)).tolist() == [[1.5, 2.0]]
    with pytest.raises(ValueError, match="must contain numbers"):
        check_array(np.array([["a", "b"]]))


def test_check_X_y_errors():
    with pytest.raises(ValueError, match="requires y to be passed"):
        check_X_y(np.zeros((2, 1)), None)
    with pytest.raises(ValueError, match=r"inconsistent numbers of samples: \[3, 2\]"):
        check_X_y(np.zeros((3, 1)), [1, 2])
    with pytest.raises(ValueError, match="Input y contains NaN"):
        check_X_y(np.zeros((2, 1)), [1.0, np.nan], y_numeric=True)
    with pytest.warns(DataConversionWarning, match="column-vector y"):
        _, y = check_X_y(np.zeros((2, 1)), np.array([[1], [2]]))
    assert y.shape == (2,)


def test_column_or_1d():
    assert column_or_1d([[1], [2]]).tolist() == [1, 2]
    with pytest.raises(ValueError, match=r"shape \(2, 2\)"):
        column_or_1d(np.zeros((2, 2)))


def test_validate_data_checks_n_features_at_predict():
    est = DummyRegressor()
    validate_data(est, np.zeros((3, 4)), reset=True)
    assert est.n_features_in_ == 4
    with pytest.raises(ValueError, match="X has 2 features, but DummyRegressor is expecting 4"):
        validate_data(est, np.zeros((3, 2)), reset=False)


def test_feature_names_recorded_and_checked():
    pd = pytest.importorskip("pandas")
    est = DummyRegressor()
    validate_data(est, pd.DataFrame({"a": [1.0], "b": [2.0]}), reset=True)
    assert est.feature_names_in_.tolist() == ["a", "b"]
    with pytest.raises(ValueError, match="same order"):
        validate_data(est, pd.DataFrame({"b": [1.0], "a": [2.0]}), reset=False)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        validate_data(est, np.zeros((1, 2)), reset=False)
    assert any("does not have valid feature names" in str(x.message) for x in w)


def test_labels_encoded_and_unknown_rejected():
    classes, idx = encode_labels(["b", "a", "c", "a"])
    assert classes.tolist() == ["a", "b", "c"] and idx.tolist() == [1, 0, 2, 0]
    assert check_labels_known(["c", "a"], classes).tolist() == [2, 0]
    with pytest.raises(ValueError, match=r"labels not seen at fit time: \['z'\]"):
        check_labels_known(["a", "z"], classes)
    with pytest.raises(ValueError, match="Unknown label type: continuous"):
        encode_labels([0.5, 1.5])


def test_type_of_target_matches_sklearn():
    from sklearn.utils.multiclass import type_of_target as sk_type

    cases = [[0, 1, 1], [1, 2, 3], [0.5, 1.0], ["a", "b"], ["a", "b", "c"],
             np.array([[0, 1], [1, 0]]), np.array([[1, 2], [3, 1]]), np.array([[0.5, 1], [1, 2]]),
             [1.0, 2.0, 3.0]]
    for y in cases:
        assert type_of_target(y) == sk_type(y), y


def test_check_random_state():
    a = check_random_state(5).rand(3)
    assert np.array_equal(a, np.random.RandomState(5).rand(3))
    rs = np.random.RandomState(1)
    assert check_random_state(rs) is rs
    assert check_random_state(None) is np.random.mtrand._rand
    with pytest.raises(ValueError, match="cannot be used to seed"):
        check_random_state("seed")


def test_check_sample_weight():
    X = np.zeros((3, 1))
    assert check_sample_weight(None, X).tolist() == [1, 1, 1]
    assert check_sample_weight(2.0, X).tolist() == [2, 2, 2]
    with pytest.raises(ValueError, match="expected \\(3,\\)"):
        check_sample_weight([1, 2], X)
    with pytest.raises(ValueError, match="Negative"):
        check_sample_weight([1, -2, 1], X)
    with pytest.raises(ValueError, match="at least one non-zero"):
        check_sample_weight([0, 0, 0], X)
    # scikit-learn's messages: a 0-d array is not a scalar weight; negative weights
    from sklearn.utils.validation import _check_sample_weight

    for bad, error in ((np.array(0), TypeError), (np.array([1.0, -2.0, 1.0]), ValueError)):
        with pytest.raises(error) as ref:
            _check_sample_weight(bad, X, ensure_non_negative=True)
        with pytest.raises(error, match=re.escape(str(ref.value))):
            check_sample_weight(bad, X)
