"""Time the tour: CPU seconds of every demo, run in one process in the tour's order.

The tour is single-threaded (``run_demo`` limits BLAS to one thread), so the CPU time of a
demo approximates its wall time on a quiet machine even when the machine is busy. Run from
the repository root::

    PYTHONPATH=src .venv/bin/python scripts/time_tour.py --fast
    PYTHONPATH=src .venv/bin/python scripts/time_tour.py            # the full tour
    PYTHONPATH=src .venv/bin/python scripts/time_tour.py --fast --only trees-neighbours knn_regions

It prints one row per demo: CPU seconds, the part of them spent saving figures
(``Figure.savefig``), the number of figures, the wall seconds, and whether every check
passed; then the total. The first row, ``(import)``, is the one-off cost of importing
every demo module; the first demo also pays for importing matplotlib and for loading
(or compiling) the numba functions it uses, which the ``first demo again`` line isolates.
Exit status 1 if a demo failed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="time the fast tour")
    parser.add_argument("--only", nargs="*", default=None,
                        help="topics or demo names (default: every demo)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sort", action="store_true", help="sort the table by CPU time")
    args = parser.parse_args(argv)

    cpu0, wall0 = time.process_time(), time.perf_counter()
    from syllabus.demos import all_demos, run_demo

    demos = all_demos()
    import_cpu, import_wall = time.process_time() - cpu0, time.perf_counter() - wall0
    if args.only:
        demos = [d for d in demos if d.topic in args.only or d.name in args.only]

    # Count the CPU time spent saving figures (run_demo saves each one with Figure.savefig).
    from matplotlib.figure import Figure

    save_cpu = [0.0]
    original_savefig = Figure.savefig

    def timed_savefig(self, *a, **kw):
        t = time.process_time()
        try:
            return original_savefig(self, *a, **kw)
        finally:
            save_cpu[0] += time.process_time() - t

    Figure.savefig = timed_savefig

    rows = []
    with tempfile.TemporaryDirectory() as out:
        for d in demos:
            save_cpu[0] = 0.0
            cpu, wall = time.process_time(), time.perf_counter()
            r = run_demo(d.name, Path(out), seed=args.seed, fast=args.fast)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            n_fig = len(r.figures) + sum(len(f.paths) for f in r.frames)
            rows.append((d.topic, d.name, cpu, save_cpu[0], n_fig, wall, r.passed))
            print(f"  {d.name:<34} {cpu:7.2f} s", file=sys.stderr, flush=True)
        again = None
        if demos:  # the first demo again: its one-off import/compile cost is paid now
            cpu = time.process_time()
            run_demo(demos[0].name, Path(out), seed=args.seed, fast=args.fast)
            again = time.process_time() - cpu

    shown = sorted(rows, key=lambda r: -r[2]) if args.sort else rows
    mode = "fast" if args.fast else "full"
    print(f"\n{mode} tour, {len(rows)} demos (CPU seconds; savefig = part spent saving figures)")
    print(f"{'topic':<18} {'demo':<34} {'cpu':>7} {'savefig':>7} {'figs':>4} {'wall':>7}  ok")
    print(f"{'':<18} {'(import)':<34} {import_cpu:7.2f} {'':>7} {'':>4} {import_wall:7.2f}")
    for topic, name, cpu, save, n_fig, wall, ok in shown:
        print(f"{topic:<18} {name:<34} {cpu:7.2f} {save:7.2f} {n_fig:4d} {wall:7.2f}  "
              f"{'yes' if ok else 'NO'}")
    total = sum(r[2] for r in rows)
    print(f"{'':<18} {'total (demos)':<34} {total:7.2f} {sum(r[3] for r in rows):7.2f} "
          f"{sum(r[4] for r in rows):4d} {sum(r[5] for r in rows):7.2f}")
    print(f"{'':<18} {'total (with import)':<34} {total + import_cpu:7.2f}")
    if again is not None:
        print(f"first demo {rows[0][1]}: {rows[0][2]:.2f} s, again {again:.2f} s "
              f"(one-off import/compile cost {rows[0][2] - again:.2f} s)")
    failed = [r[1] for r in rows if not r[6]]
    if failed:
        print("FAILED: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
