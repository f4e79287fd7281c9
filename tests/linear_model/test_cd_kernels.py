"""The centred Fortran-ordered copy that dense coordinate descent sweeps over."""

import numpy as np
import pytest

from syllabus.linear_model._coordinate_descent import centred_fortran_copy


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("weighted", [False, True])
def test_centred_fortran_copy_equals_numpy(order, dtype, weighted):
    rng = np.random.default_rng(3)
    X = np.asarray(rng.normal(size=(1037, 13)) * 5 + 2, dtype=dtype, order=order)
    offset = X.mean(axis=0, dtype=np.float64)
    scale = np.sqrt(rng.uniform(0.5, 2.0, size=X.shape[0])) if weighted else None
    expected = X - offset if scale is None else (X - offset) * scale[:, None]
    out = np.empty(X.shape, order="F")
    norm2 = centred_fortran_copy(X, offset, scale, out)
    np.testing.assert_array_equal(out, expected)  # the same operations, element by element
    np.testing.assert_allclose(norm2, np.einsum("ij,ij->j", expected, expected), rtol=1e-12)


def test_centred_fortran_copy_in_place_and_many_columns():
    rng = np.random.default_rng(4)
    X = np.asfortranarray(rng.normal(size=(40, 9000)))  # wider than one block of rows
    expected = X - X.mean(axis=0)
    norm2 = centred_fortran_copy(X, X.mean(axis=0), None, X)
    np.testing.assert_array_equal(X, expected)
    np.testing.assert_allclose(norm2, (expected**2).sum(axis=0), rtol=1e-12)
