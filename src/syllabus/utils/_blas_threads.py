"""Run a block with OpenBLAS limited to one thread (what threadpoolctl does, for OpenBLAS only),
split a batch over as many threads as OpenBLAS may use (:func:`run_in_threads`, and
:func:`in_pieces` for ranges of rows; :func:`gram` for ``X^T X``), and run a matrix product
with OpenBLAS's threads only when it is large (:func:`matmul`).

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


def in_pieces(work: Callable[[int, int], object], n: int, piece: int,
              threads: int | None = None) -> None:
    """``work(lo, hi)`` for the consecutive pieces ``[lo, hi)`` of ``range(n)``, ``piece``
    items each, shared out among :func:`run_in_threads`'s threads (the calling thread alone
    when there is one piece). ``work`` should spend its time in ``nogil`` code (compiled
    loops, BLAS) for the threads to run side by side. ``threads`` (default: what OpenBLAS
    may use now) is for a caller that has limited OpenBLAS to one thread around the call
    but still wants its pieces shared out."""
    pieces = [(lo, min(lo + piece, n)) for lo in range(0, n, max(1, piece))]
    shared = iter(pieces)

    def worker() -> None:
        for lo, hi in shared:
            work(lo, hi)

    run_in_threads(worker, min(threads or blas_num_threads(), len(pieces)))


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


# Rows per piece of :func:`gram` (fixed: the result does not depend on the thread count).
_GRAM_PIECE = 4096


def gram(a: np.ndarray, threads: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(a.T @ a, a.sum(axis=0))`` for a 2-D float array, its rows shared out among
    :func:`run_in_threads` (``threads`` as in :func:`in_pieces`).

    Each piece of rows makes its own symmetric product (one single-threaded ``syrk``, which
    NumPy uses for ``p.T @ p``: half the multiply-adds of a general product) and its column
    sums (``1^T p``) while it is in cache; the pieces' results are added in row order, on one thread or
    several alike.
    """
    n, d = a.shape
    pieces = -(-n // _GRAM_PIECE)
    dtype = np.result_type(a, np.float64)
    products = np.empty((pieces, d, d), dtype=dtype)
    sums = np.empty((pieces, d), dtype=dtype)

    ones = np.ones(_GRAM_PIECE, dtype=dtype)

    def work(lo: int, hi: int) -> None:
        p = a[lo:hi]
        np.matmul(p.T, p, out=products[lo // _GRAM_PIECE])
        # column sums as a matrix-vector product: NumPy's axis-0 sum is 4x slower
        np.matmul(ones[: hi - lo], p, out=sums[lo // _GRAM_PIECE])

    in_pieces(work, n, _GRAM_PIECE, threads)
    return products.sum(axis=0), sums.sum(axis=0)
