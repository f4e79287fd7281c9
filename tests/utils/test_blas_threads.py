"""single_threaded_blas limits OpenBLAS to one thread inside the block and restores it."""

import numpy as np
import pytest

from syllabus.utils._blas_threads import _openblas_functions, single_threaded_blas


def test_one_thread_inside_and_restored_after():
    functions = _openblas_functions()
    if functions is None:
        pytest.skip("NumPy is not linked against an OpenBLAS exporting thread controls")
    get_threads, set_threads = functions
    before = get_threads()
    set_threads(2)
    try:
        with single_threaded_blas():
            assert get_threads() == 1
        assert get_threads() == 2
        with pytest.raises(RuntimeError), single_threaded_blas():
            raise RuntimeError("restored even when the block raises")
        assert get_threads() == 2
    finally:
        set_threads(before)


def test_run_in_threads_runs_copies_with_one_blas_thread_and_restores():
    import threading

    from syllabus.utils._blas_threads import blas_num_threads, run_in_threads

    functions = _openblas_functions()
    if functions is None:
        pytest.skip("NumPy is not linked against an OpenBLAS exporting thread controls")
    get_threads, set_threads = functions
    before = get_threads()
    set_threads(3)
    try:
        assert blas_num_threads() == 3
        tasks = iter(range(50))
        seen: list[tuple[int, int, str]] = []

        def worker():
            mine = [(t, get_threads(), threading.current_thread().name) for t in tasks]
            seen.extend(mine)
            return len(mine)

        counts = run_in_threads(worker, 3)
        assert 1 <= len(counts) <= 3 and sum(counts) == 50  # every task once, by copies that ran
        assert sorted(t for t, _, _ in seen) == list(range(50))
        assert {n for _, n, _ in seen} == {1}  # BLAS single-threaded inside
        assert get_threads() == 3  # and restored after

        def failing():
            raise RuntimeError("propagated")

        with pytest.raises(RuntimeError, match="propagated"):
            run_in_threads(failing, 2)
        assert get_threads() == 3
        assert run_in_threads(lambda: get_threads(), 1) == [3]  # one thread: a plain call
    finally:
        set_threads(before)


@pytest.mark.parametrize("threads", [1, 2, 3])
@pytest.mark.parametrize("shape", [(7, 5, 3), (300, 200, 90), (1, 2048, 1024)])
def test_matmul_equals_numpy_product_threaded_or_not(threads, shape):
    """matmul runs small products with OpenBLAS on one thread and large ones on its threads;
    either way it is NumPy's product, also for transposed operands, and the thread setting
    is restored."""
    from threadpoolctl import threadpool_limits

    from syllabus.utils._blas_threads import matmul

    rng = np.random.default_rng(0)
    m, k, n = shape
    for dtype in (np.float32, np.float64):
        a = rng.standard_normal((m, k)).astype(dtype)
        b_t = rng.standard_normal((n, k)).astype(dtype)  # used as b_t.T: not contiguous
        rhs = rng.standard_normal((m, 4)).astype(dtype)
        with threadpool_limits(threads, user_api="blas"):
            product = matmul(a, b_t.T)
            back = matmul(a.T, rhs)
        assert product.dtype == dtype and product.shape == (m, n)
        tol = 1e-5 if dtype == np.float32 else 1e-12
        np.testing.assert_allclose(product, a @ b_t.T, rtol=tol, atol=tol * np.sqrt(k))
        np.testing.assert_allclose(back, a.T @ rhs, rtol=tol, atol=tol * np.sqrt(m))
        functions = _openblas_functions()
        if functions is not None:
            with threadpool_limits(threads, user_api="blas"):
                matmul(a, b_t.T)
                assert functions[0]() == threads
