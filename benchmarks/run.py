"""Run every benchmark case and print syllabus / reference ratios (`make bench`).

Usage: ``python -m benchmarks.run [-k SUBSTRING] [--repeats N] [--threads 1,2]``. Results are
also written to ``benchmarks/results.json``.

Thread counts: each case gives PyTorch as many threads as NumPy's BLAS may use
(``_harness.blas_threads``), and syllabus's batch-parallel loops (convolution, pooling) use that
same count. ``--threads 1,2`` runs every selected case once per count under
``threadpoolctl.threadpool_limits`` (default: the BLAS's current count, i.e. the machine's cores
unless ``OPENBLAS_NUM_THREADS`` or ``OMP_NUM_THREADS`` says otherwise).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import platform
from pathlib import Path

from threadpoolctl import threadpool_limits

from benchmarks._harness import CASES, blas_threads, measure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-k", default="", help="only cases whose name contains this")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--out", default=str(Path(__file__).with_name("results.json")))
    parser.add_argument("--threads", default=None,
                        help="comma-separated thread counts to run each case with, e.g. 1,2")
    args = parser.parse_args(argv)
    counts = [int(t) for t in args.threads.split(",")] if args.threads else [None]

    here = Path(__file__).parent
    for info in pkgutil.iter_modules([str(here)]):
        if info.name.startswith("bench_"):
            importlib.import_module(f"benchmarks.{info.name}")

    rows = []
    header = (f"{'case':<58} {'reference':<13} {'threads':>7} {'syllabus':>10} {'reference':>10} "
              f"{'ratio':>7} {'target':>7}")
    print(header)
    print("-" * len(header))
    for c in CASES:
        if args.k not in c.name:
            continue
        for count in counts:
            if count is None:
                r = measure(c, args.repeats)
            else:
                with threadpool_limits(count):
                    r = measure(c, args.repeats)
            r["threads"] = count or blas_threads()
            rows.append(r)
            target = f"{r['target']:.2f}" if r["target"] else "-"
            flag = "" if not r["target"] or r["ratio"] <= r["target"] else "  (above target)"
            print(f"{r['case']:<58} {r['reference']:<13} {r['threads']:>7} "
                  f"{r['syllabus_s'] * 1e3:>8.1f}ms {r['reference_s'] * 1e3:>8.1f}ms "
                  f"{r['ratio']:>7.2f} {target:>7}{flag}", flush=True)
    meta = {"machine": platform.machine(), "python": platform.python_version(),
            "cpus": os.cpu_count()}
    if not args.k:
        Path(args.out).write_text(json.dumps({"meta": meta, "results": rows}, indent=2))
    else:  # a filtered run updates only its own cases
        path = Path(args.out)
        old = json.loads(path.read_text())["results"] if path.exists() else []
        names = {(r["case"], r["threads"]) for r in rows}
        merged = [r for r in old if (r["case"], r.get("threads")) not in names] + rows
        path.write_text(json.dumps({"meta": meta, "results": merged}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
