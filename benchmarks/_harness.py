"""Benchmark cases: syllabus and its reference timed in the same run, interleaved.

A case is a function registered with :func:`case` that builds its data and returns two
zero-argument callables, ``(ours, reference)``. The runner warms both up, then alternates
them for several repeats and reports the median time of each and their ratio
(syllabus / reference: below 1 means syllabus is faster).

With more than one thread, each timed call waits until the process is idle: OpenMP and
OpenBLAS keep their worker threads busy-waiting for up to ~0.1 s after a parallel call, and
on a machine with as many cores as threads whichever library runs second would share its
cores with the first one's spinning threads.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

CASES: list[Case] = []


@dataclass
class Case:
    name: str
    reference: str
    setup: Callable[[], tuple[Callable[[], object], Callable[[], object]]]
    repeats: int
    target: float | None


def case(name: str, *, reference: str, repeats: int = 7, target: float | None = None):
    """Register a benchmark ``setup() -> (ours, reference)`` under ``name``.

    ``target`` is the ratio the issue asks for (e.g. 1.5); it is printed, never asserted.
    """

    def decorator(setup):
        CASES.append(Case(name, reference, setup, repeats, target))
        return setup

    return decorator


def blas_threads() -> int:
    """Threads NumPy's BLAS uses: give PyTorch the same (``torch.set_num_threads``)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:  # pragma: no cover
        import os

        return os.cpu_count() or 1
    counts = [p["num_threads"] for p in threadpool_info() if p.get("user_api") == "blas"]
    return max(counts) if counts else 1


def _settle(step: float = 0.01, limit: float = 0.5) -> None:
    """Sleep until no thread of this process uses the CPU (at most ``limit`` seconds)."""
    for _ in range(int(limit / step)):
        cpu = time.process_time()
        time.sleep(step)
        if time.process_time() - cpu < 0.1 * step:
            return


def _time(fn: Callable[[], object], settle: bool = False) -> float:
    if settle:
        _settle()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(c: Case, repeats: int | None = None) -> dict:
    ours, ref = c.setup()
    ours(), ref()  # warm-up: imports, caches, first-touch allocations
    n = repeats or c.repeats
    settle = blas_threads() > 1
    t_ours, t_ref = [], []
    for i in range(n):
        # Alternate which goes first so drift in machine load hits both alike.
        if i % 2 == 0:
            t_ours.append(_time(ours, settle))
            t_ref.append(_time(ref, settle))
        else:
            t_ref.append(_time(ref, settle))
            t_ours.append(_time(ours, settle))
    m_ours, m_ref = statistics.median(t_ours), statistics.median(t_ref)
    return {
        "case": c.name,
        "reference": c.reference,
        "syllabus_s": m_ours,
        "reference_s": m_ref,
        "ratio": m_ours / m_ref,
        "target": c.target,
        "repeats": n,
    }
