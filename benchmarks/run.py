"""Run every benchmark case and print syllabus / reference ratios (`make bench`).

Usage: ``python -m benchmarks.run [-k SUBSTRING] [--repeats N]``. Results are also written
to ``benchmarks/results.json``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import platform
from pathlib import Path

from benchmarks._harness import CASES, measure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-k", default="", help="only cases whose name contains this")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--out", default=str(Path(__file__).with_name("results.json")))
    args = parser.parse_args(argv)

    here = Path(__file__).parent
    for info in pkgutil.iter_modules([str(here)]):
        if info.name.startswith("bench_"):
            importlib.import_module(f"benchmarks.{info.name}")

    rows = []
    header = f"{'case':<58} {'reference':<13} {'syllabus':>10} {'reference':>10} {'ratio':>7} {'target':>7}"
    print(header)
    print("-" * len(header))
    for c in CASES:
        if args.k not in c.name:
            continue
        r = measure(c, args.repeats)
        rows.append(r)
        target = f"{r['target']:.2f}" if r["target"] else "-"
        flag = "" if not r["target"] or r["ratio"] <= r["target"] else "  (above target)"
        print(f"{r['case']:<58} {r['reference']:<13} {r['syllabus_s'] * 1e3:>8.1f}ms "
              f"{r['reference_s'] * 1e3:>8.1f}ms {r['ratio']:>7.2f} {target:>7}{flag}", flush=True)
    meta = {"machine": platform.machine(), "python": platform.python_version(),
            "cpus": os.cpu_count()}
    if not args.k:
        Path(args.out).write_text(json.dumps({"meta": meta, "results": rows}, indent=2))
    else:  # a filtered run updates only its own cases
        path = Path(args.out)
        old = json.loads(path.read_text())["results"] if path.exists() else []
        names = {r["case"] for r in rows}
        merged = [r for r in old if r["case"] not in names] + rows
        path.write_text(json.dumps({"meta": meta, "results": merged}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
