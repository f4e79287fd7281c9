"""Run a block with OpenBLAS limited to one thread (what threadpoolctl does, for OpenBLAS only).

SMO calls BLAS a few hundred times on small blocks of kernel rows between long stretches of
element-wise NumPy. A multi-threaded OpenBLAS call must wait for its worker threads to be
scheduled: on a busy machine (more runnable processes than cores) each such call can take
a whole scheduler time slice, and a 0.1 s fit becomes several seconds. One thread costs
nothing here (the blocks are small) and makes the time predictable. Without an OpenBLAS
that exports ``*_set_num_threads`` (MKL, Accelerate...) this is a no-op.
"""

from __future__ import annotations

import ctypes
import glob
import os
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

# Symbol prefixes/suffixes used by OpenBLAS builds (plain, and scipy-openblas shipped by
# the NumPy wheels, with its 64-bit-integer suffix).
_NAMES = [("openblas_get_num_threads", "openblas_set_num_threads"),
          ("scipy_openblas_get_num_threads64_", "scipy_openblas_set_num_threads64_"),
          ("scipy_openblas_get_num_threads", "scipy_openblas_set_num_threads"),
          ("openblas_get_num_threads64_", "openblas_set_num_threads64_")]

_functions: tuple | None = None
_searched = False


def _openblas_functions():
    """``(get, set)`` thread-count functions of the OpenBLAS NumPy uses, or None."""
    global _functions, _searched
    if _searched:
        return _functions
    _searched = True
    libs_dir = os.path.join(os.path.dirname(os.path.dirname(np.__file__)), "numpy.libs")
    candidates = glob.glob(os.path.join(libs_dir, "*openblas*"))
    for path in candidates:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for get_name, set_name in _NAMES:
            get_fn, set_fn = getattr(lib, get_name, None), getattr(lib, set_name, None)
            if get_fn is not None and set_fn is not None:
                get_fn.restype = ctypes.c_int
                set_fn.argtypes = [ctypes.c_int]
                _functions = (get_fn, set_fn)
                return _functions
    return None


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Limit OpenBLAS to one thread inside the ``with`` block, then restore its setting."""
    functions = _openblas_functions()
    if functions is None:
        yield
        return
    get_fn, set_fn = functions
    previous = int(get_fn())
    if previous == 1:
        yield
        return
    set_fn(1)
    try:
        yield
    finally:
        set_fn(previous)
