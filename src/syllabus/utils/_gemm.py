"""BLAS inside compiled loops: the ``cblas_sgemm`` / ``cblas_dgemm`` / ``cblas_ddot`` of the
OpenBLAS in NumPy's wheel, callable from numba code that runs without the GIL and without
SciPy (numba's own ``np.dot`` needs SciPy, which syllabus does not require).

A convolution is a loop over chunks of the batch (unfold, one product, scatter) shared by
threads. With the product called from Python, each chunk passes the GIL between the threads
three times; with it inside the compiled chunk, a chunk is one ``nogil`` call (LeNet-5's
convolutions run 25-30% faster on two threads). The two functions are registered with LLVM
under names of our own, so the compiled code that calls them is cached on disk like any
other. ``AVAILABLE`` is False when NumPy uses another BLAS (MKL, Accelerate): callers of
:func:`gemm` then multiply in NumPy, and :func:`dot` runs a compiled loop registered under the
same name.
"""

from __future__ import annotations

import ctypes

import llvmlite.binding as llvm
import numpy as np
from numba import carray, cfunc, njit, types

from ._blas_threads import openblas_library

_ROW_MAJOR, _NO_TRANS, _TRANS = 101, 111, 112


def _signature(real: types.Type) -> types.Signature:
    """CBLAS's ``?gemm(order, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c,
    ldc)`` with 64-bit integers (the "64_" symbols of NumPy's OpenBLAS)."""
    i = types.int64
    return types.void(types.int32, types.int32, types.int32, i, i, i, real, types.voidptr, i,
                      types.voidptr, i, real, types.voidptr, i)


_sgemm = types.ExternalFunction("syllabus_cblas_sgemm", _signature(types.float32))
_dgemm = types.ExternalFunction("syllabus_cblas_dgemm", _signature(types.float64))
# ddot(n, x, incx, y, incy)
_DOT_SIGNATURE = types.float64(types.int64, types.voidptr, types.int64, types.voidptr,
                               types.int64)
_ddot = types.ExternalFunction("syllabus_cblas_ddot", _DOT_SIGNATURE)


def _loop_ddot(n, x, incx, y, incy):
    """``cblas_ddot`` as a plain loop, for a NumPy without its OpenBLAS."""
    xs = carray(x, (max(n, 1) * incx,), dtype=np.float64)
    ys = carray(y, (max(n, 1) * incy,), dtype=np.float64)
    total = 0.0
    for i in range(n):
        total += xs[i * incx] * ys[i * incy]
    return total


def _register() -> bool:
    lib = openblas_library()
    symbols = [("syllabus_cblas_sgemm", "scipy_cblas_sgemm64_"),
               ("syllabus_cblas_dgemm", "scipy_cblas_dgemm64_"),
               ("syllabus_cblas_ddot", "scipy_cblas_ddot64_")]
    if lib is None or any(getattr(lib, theirs, None) is None for _, theirs in symbols):
        llvm.add_symbol("syllabus_cblas_ddot", cfunc(_DOT_SIGNATURE)(_loop_ddot).address)
        return False
    for ours, theirs in symbols:
        llvm.add_symbol(ours, ctypes.cast(getattr(lib, theirs), ctypes.c_void_p).value)
    return True


AVAILABLE = _register()


@njit(cache=True, nogil=True)
def dot(x, y):
    """``x . y`` of two float64 vectors: BLAS's ``ddot``, so the same last bits as
    ``np.dot`` in NumPy."""
    item = x.itemsize
    return _ddot(x.shape[0], x.ctypes.data, x.strides[0] // item, y.ctypes.data,
                 y.strides[0] // item)


@njit(cache=True, nogil=True)
def gemm(a, b, c, trans_a, trans_b, beta):
    """``c = op(a) op(b) + beta c``, ``op`` the transpose where its flag is set, for float32
    or float64 2-D arrays (all one dtype) whose rows are contiguous (a C array or a block of
    its rows). Only call when ``AVAILABLE``."""
    m, n = c.shape
    k = a.shape[0] if trans_a else a.shape[1]
    if m == 0 or n == 0:
        return
    if k == 0:
        c *= beta
        return
    item = c.itemsize
    if a.strides[1] != item or b.strides[1] != item or c.strides[1] != item:
        raise ValueError("gemm: every operand needs contiguous rows")
    lda, ldb, ldc = a.strides[0] // item, b.strides[0] // item, c.strides[0] // item
    ta = _TRANS if trans_a else _NO_TRANS
    tb = _TRANS if trans_b else _NO_TRANS
    if item == 4:
        _sgemm(_ROW_MAJOR, ta, tb, m, n, k, 1.0, a.ctypes.data, lda, b.ctypes.data, ldb,
               beta, c.ctypes.data, ldc)
    else:
        _dgemm(_ROW_MAJOR, ta, tb, m, n, k, 1.0, a.ctypes.data, lda, b.ctypes.data, ldb,
               beta, c.ctypes.data, ldc)
