"""Run a block with OpenBLAS limited to one thread (what threadpoolctl does, for OpenBLAS only),
split a batch over as many threads as OpenBLAS may use (:func:`run_in_threads`), and run a
matrix product with OpenBLAS's threads only when it is large (:func:`matmul`).

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
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from typing import TypeVar

import numpy as np

# Symbol prefixes/suffixes used by OpenBLAS builds (plain, and scipy-openblas shipped by
# the NumPy wheels, with its 64-bit-integer suffix).
_NAMES = [("openblas_get_num_threads", "openblas_set_num_threads"),
          ("scipy_openblas_get_num_threads64_", "scipy_openblas_set_num_threads64_"),
          ("scipy_openblas_get_num_threads", "scipy_openblas_set_num_threads"),
          ("openblas_get_num_threads64_", "openblas_set_num_threads64_")]

_functions: tuple | None = None
_searched = False
_library: ctypes.CDLL | None = None
_library_searched = False
_pool_lock = threading.Lock()
T = TypeVar("T")

# From this many multiply-adds on (~0.1 ms on one core), a product runs on OpenBLAS's threads.
_THREADED_WORK = 1 << 23


def openblas_library() -> ctypes.CDLL | None:
    """The OpenBLAS shipped inside NumPy's wheel (``numpy.libs``), or None (NumPy built
    against another BLAS: MKL, Accelerate...)."""
    global _library, _library_searched
    if not _library_searched:
        _library_searched = True
        libs_dir = os.path.join(os.path.dirname(os.path.dirname(np.__file__)), "numpy.libs")
        for path in glob.glob(os.path.join(libs_dir, "*openblas*")):
            try:
                _library = ctypes.CDLL(path)
                break
            except OSError:
                continue
    return _library


def _openblas_functions():
    """``(get, set)`` thread-count functions of the OpenBLAS NumPy uses, or None."""
    global _functions, _searched
    if _searched:
        return _functions
    _searched = True
    lib = openblas_library()
    for get_name, set_name in _NAMES if lib is not None else []:
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


def blas_num_threads() -> int:
    """Threads OpenBLAS may use now: the user's setting (``threadpoolctl.threadpool_limits``,
    ``OPENBLAS_NUM_THREADS``...); 1 when NumPy's BLAS exposes no thread control."""
    functions = _openblas_functions()
    return max(1, int(functions[0]())) if functions is not None else 1


# Workers of run_in_threads, started on first use. Idle workers block on the executor's queue
# (they never spin); a forked child starts its own (the parent's threads do not exist there).
_pool: ThreadPoolExecutor | None = None
_pool_size = 0


def _forget_pool() -> None:
    global _pool, _pool_size, _pool_lock
    _pool, _pool_size, _pool_lock = None, 0, threading.Lock()


os.register_at_fork(after_in_child=_forget_pool)


def run_in_threads(worker: Callable[[], T], threads: int) -> list[T]:
    """Run ``worker()`` in up to ``threads`` threads at once, with OpenBLAS at one thread.

    The calling thread runs one copy and ``threads - 1`` pooled worker threads the others;
    ``worker`` pulls its tasks from a shared iterator (``next`` on a list iterator is atomic
    under the GIL), so a thread slowed down by a busy machine takes fewer tasks, and a copy
    that has not started when the calling thread's copy finishes is cancelled (its tasks are
    done). Use it around compiled ``nogil`` loops and BLAS calls on independent pieces of a
    batch: the pieces' products run single-threaded side by side instead of each splitting a
    small product across threads. Returns the results of the copies that ran, once every one
    has finished (nothing keeps running or spinning afterwards).
    """
    global _pool, _pool_size
    if threads <= 1:
        return [worker()]
    with _pool_lock:
        if _pool is None or _pool_size < threads - 1:
            if _pool is not None:
                _pool.shutdown(wait=True)
            _pool = ThreadPoolExecutor(threads - 1, thread_name_prefix="syllabus")
            _pool_size = threads - 1
        pool = _pool
    with single_threaded_blas():
        futures = [pool.submit(worker) for _ in range(threads - 1)]
        try:
            mine = worker()
        finally:
            started = [f for f in futures if not f.cancel()]
            wait(started)  # even if this copy failed: no worker outlives the call
        return [mine] + [f.result() for f in started]


def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` for 2-D arrays, on OpenBLAS's threads only when the product is large.

    After a multi-threaded product OpenBLAS's worker threads keep spinning for about 0.1 s;
    on a machine with as many cores as threads they take the cores from the threads of
    the next convolution or pooling (:func:`run_in_threads`; LeNet-5's convolution backward
    measured 1.7x slower right after one). Products below ``2^23`` multiply-adds gain little
    from threads, so the networks' layers run them on one thread and leave nothing spinning.
    """
    if a.shape[0] * a.shape[1] * b.shape[1] >= _THREADED_WORK:
        return a @ b
    with single_threaded_blas():
        return a @ b
