"""utils._gemm: OpenBLAS's gemm called from compiled code equals NumPy's product."""

import numpy as np
import pytest

from syllabus.utils import _gemm

pytestmark = pytest.mark.skipif(not _gemm.AVAILABLE,
                                reason="NumPy's BLAS is not the OpenBLAS of its wheel")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("trans_a", "trans_b"), [(False, False), (True, False), (False, True),
                                                  (True, True)])
@pytest.mark.parametrize("beta", [0.0, 1.0, -0.5])
def test_gemm_equals_numpy_on_row_blocks(dtype, trans_a, trans_b, beta):
    rng = np.random.default_rng(0)
    m, n, k = 5, 7, 9
    a_full = rng.standard_normal((12, 11)).astype(dtype)  # operands are blocks of rows
    b_full = rng.standard_normal((13, 10)).astype(dtype)
    a = a_full[2:2 + (k if trans_a else m), 1:1 + (m if trans_a else k)]
    b = b_full[3:3 + (n if trans_b else k), :(k if trans_b else n)]
    # a column slice has contiguous rows but a leading dimension larger than its width
    c_full = rng.standard_normal((m, n + 4)).astype(dtype)
    c = c_full[:, 2:2 + n]
    expected = (a.T if trans_a else a) @ (b.T if trans_b else b) + beta * c
    untouched = c_full[:, :2].copy()
    _gemm.gemm(a, b, c, trans_a, trans_b, beta)
    tol = 1e-5 if dtype == np.float32 else 1e-13
    np.testing.assert_allclose(c, expected, rtol=tol, atol=tol)
    np.testing.assert_array_equal(c_full[:, :2], untouched)


def test_gemm_empty_dimensions_and_bad_layout():
    c = np.full((3, 4), 2.0)
    _gemm.gemm(np.ones((3, 0)), np.ones((0, 4)), c, False, False, 0.5)  # k = 0: c = beta c
    np.testing.assert_array_equal(c, np.ones((3, 4)))
    _gemm.gemm(np.ones((0, 5)), np.ones((5, 4)), np.ones((0, 4)), False, False, 0.0)
    with pytest.raises(ValueError, match="contiguous rows"):
        _gemm.gemm(np.ones((4, 3)).T, np.ones((4, 4)), np.ones((3, 4)), False, False, 0.0)


def test_dot_is_numpys_inner_product_to_the_last_bit():
    rng = np.random.default_rng(1)
    for n in (1, 7, 100, 1001):
        x, y = rng.standard_normal(n), rng.standard_normal(n)
        assert _gemm.dot(x, y) == np.dot(x, y)
        assert _gemm.dot(x[::3], y[::3]) == np.dot(x[::3], y[::3])


def test_dot_loop_used_without_openblas_agrees():
    from numba import cfunc

    loop = cfunc(_gemm._DOT_SIGNATURE)(_gemm._loop_ddot)
    rng = np.random.default_rng(2)
    x, y = rng.standard_normal(9), rng.standard_normal(18)
    assert loop.ctypes(9, x.ctypes.data, 1, y.ctypes.data, 2) == pytest.approx(x @ y[::2],
                                                                             rel=1e-14)
