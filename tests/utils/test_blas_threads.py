"""single_threaded_blas limits OpenBLAS to one thread inside the block and restores it."""

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
