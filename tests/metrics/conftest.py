"""Helpers shared by the metric tests: run a metric in syllabus and in scikit-learn alike."""

import warnings

import numpy as np
import pytest


def run_recording_warnings(func, *args, **kwargs):
    """``func(*args, **kwargs)`` and the sorted (category name, message) of its warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func(*args, **kwargs)
    return result, sorted({(w.category.__name__, str(w.message)) for w in caught})


def assert_same_result(ours, reference, rtol=1e-12, atol=0.0):
    """Same structure, same shapes, same values (NaN where the reference has NaN)."""
    if isinstance(reference, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(reference)
        for a, b in zip(ours, reference):
            assert_same_result(a, b, rtol=rtol, atol=atol)
        return
    if reference is None:
        assert ours is None
        return
    if isinstance(reference, dict):
        assert isinstance(ours, dict) and list(ours) == list(reference)
        for key in reference:
            assert_same_result(ours[key], reference[key], rtol=rtol, atol=atol)
        return
    if isinstance(reference, str):
        assert ours == reference
        return
    ours_array, reference_array = np.asarray(ours), np.asarray(reference)
    assert ours_array.shape == reference_array.shape
    if np.ndim(reference) == 0:
        assert isinstance(ours, float), f"expected a Python float, got {type(ours)}"
    np.testing.assert_allclose(ours_array, reference_array, rtol=rtol, atol=atol, equal_nan=True)


@pytest.fixture
def compare():
    """``compare(ours_func, reference_func, *args, **kwargs)``: equal results and warnings."""

    def _compare(ours_func, reference_func, *args, rtol=1e-12, atol=0.0, **kwargs):
        ours, our_warnings = run_recording_warnings(ours_func, *args, **kwargs)
        reference, reference_warnings = run_recording_warnings(reference_func, *args, **kwargs)
        assert_same_result(ours, reference, rtol=rtol, atol=atol)
        # Same warnings, except that syllabus never lets NumPy warn about its own 0/0.
        assert not [w for w in our_warnings if w[0] == "RuntimeWarning"]
        assert our_warnings == [w for w in reference_warnings if w[0] != "RuntimeWarning"]
        return ours

    return _compare
