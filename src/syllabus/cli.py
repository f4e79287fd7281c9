"""The ``syllabus`` command: list the demos, run some, or run them all (the tour)."""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from pathlib import Path

_DESCRIPTION = """\
The machine-learning and deep-learning syllabus, implemented from first principles on NumPy.
Every algorithm is shown at work in a demo: `syllabus list` shows them by lecture topic,
`syllabus demo NAME...` runs some, `syllabus tour` runs them all and writes an HTML report."""


def _print_result(r) -> None:
    status = "passed" if r.passed else "FAILED"
    print(f"== {r.name} ({r.title}) - {status} in {r.seconds:.1f} s")
    for k, v in r.numbers.items():
        print(f"   {k:<40} {v:.6g}" if isinstance(v, float) else f"   {k:<40} {v}")
    for c in r.checks:
        print(f"   [{'ok' if c.passed else 'FAIL'}] {c.claim}" + (f"  ({c.detail})" if c.detail else ""))
    for p in r.figures:
        print(f"   figure: {p}")
    for fs in r.frames:
        if fs.paths:
            print(f"   figures over {fs.label}: {fs.paths[0].parent / fs.name}_*.png "
                  f"({len(fs.paths)})")
    for w in r.warnings:
        print(f"   warning: {w}")
    if r.error:
        print(r.error)


def _writable_dir(path: str) -> Path | None:
    """Create ``path`` (and parents); None with a message on stderr if that is impossible."""
    out = Path(path)
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".syllabus-write-test"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        print(f"syllabus: error: cannot write to --out {str(path)!r}: {exc.strerror or exc}",
              file=sys.stderr)
        return None
    return out


def _cmd_list(args: argparse.Namespace) -> int:
    from .demos import TOPICS, all_demos

    demos = all_demos()
    for topic, title in TOPICS.items():
        mine = [d for d in demos if d.topic == topic]
        if mine:
            print(f"{title}:  (topic {topic})")
            for d in mine:
                print(f"  {d.name:<32} {d.title}")
    return 0


def _unknown(names: list[str], known: list[str], what: str) -> str | None:
    """The error message for the names not in ``known`` (with close matches), or None."""
    bad = [n for n in names if n not in known]
    if not bad:
        return None
    lines = []
    for n in bad:
        close = difflib.get_close_matches(n, known, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        lines.append(f"syllabus: unknown {what} {n!r}{hint}")
    lines.append("`syllabus list` shows the topics and demos.")
    return "\n".join(lines)


def _cmd_demo(args: argparse.Namespace) -> int:
    from .demos import all_demos, run_demo

    error = _unknown(args.names, [d.name for d in all_demos()], "demo")
    if error:
        print(error, file=sys.stderr)
        return 2
    if _writable_dir(args.out) is None:
        return 2
    results = []
    for name in args.names:
        results.append(run_demo(name, args.out, seed=args.seed, fast=args.fast))
        _print_result(results[-1])
    return 0 if all(r.passed for r in results) else 1


def _cmd_tour(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .demos import TOPICS, all_demos
    from .report import write_report

    demos = all_demos()
    if args.only:
        known = list(TOPICS) + [d.name for d in demos]
        error = _unknown(args.only, known, "topic or demo")
        if error:
            print(error, file=sys.stderr)
            return 2
        demos = [d for d in demos if d.topic in args.only or d.name in args.only]
    out = _writable_dir(args.out)
    if out is None:
        return 2
    start = time.perf_counter()
    bar = tqdm(total=len(demos), desc="tour", unit="demo", disable=args.quiet, file=sys.stderr)
    by_name = {}
    for r in _run_demos(demos, out / "figures", args):
        by_name[r.name] = r
        bar.set_postfix_str(r.name)
        bar.update()
        if not r.passed:
            tqdm.write(f"FAILED: {r.name}" + (" (error)" if r.error else ""), file=sys.stderr)
    bar.close()
    results = [by_name[d.name] for d in demos]  # the course's order, whatever finished first
    index = write_report(results, out, seed=args.seed, fast=args.fast,
                         wall_seconds=time.perf_counter() - start)
    n_ok = sum(r.passed for r in results)
    print(f"{n_ok}/{len(results)} demos passed; report written to {index}")
    for r in results:
        if not r.passed:
            print(f"  FAILED {r.name}: " + (r.error.strip().splitlines()[-1] if r.error else
                  "; ".join(c.claim for c in r.checks if not c.passed)))
    return 0 if n_ok == len(results) else 1


def _run_demos(demos: list, figures: Path, args: argparse.Namespace):
    """Run the demos one after the other, or the package's own in ``args.jobs`` fresh worker
    processes (each demo is single-threaded and seeds itself, so the results do not depend on
    the split). Demos registered elsewhere (a script, a test) run here: a worker cannot see them."""
    from .demos import run_demo

    shipped = [d.name for d in demos if d.func.__module__.startswith("syllabus.demos.")]
    local = [d.name for d in demos if d.name not in shipped] if args.jobs > 1 else \
        [d.name for d in demos]
    for name in local:
        yield run_demo(name, figures, seed=args.seed, fast=args.fast)
    if args.jobs <= 1 or not shipped:
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("spawn")  # no fork of a process holding BLAS threads
    with ProcessPoolExecutor(max_workers=args.jobs, mp_context=context) as pool:
        futures = [pool.submit(run_demo, name, figures, seed=args.seed, fast=args.fast)
                   for name in shipped]
        for future in as_completed(futures):
            yield future.result()


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="syllabus", description=_DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"syllabus {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("list", help="list the demos by lecture topic")
    p.set_defaults(func=_cmd_list)
    p = sub.add_parser("demo", help="run demos: print their numbers and checks, write their figures",
                       description="Run the named demos, print their numbers and checks and "
                       "write their figures. Exits 1 if a check fails, 2 for an unknown name.")
    p.add_argument("names", nargs="+", metavar="NAME", help="demo names (see `syllabus list`)")
    p.add_argument("--out", default="out", help="directory for the figures (default: out)")
    p.add_argument("--seed", type=int, default=0, help="seed of the demos' generators (default: 0)")
    p.add_argument("--fast", action="store_true", help="smaller problems")
    p.set_defaults(func=_cmd_demo)
    p = sub.add_parser("tour", help="run every demo and write an HTML report",
                       description="Run the demos and write the report: a folder with "
                       "index.html (the course map), one page per lecture topic and api.html, "
                       "which opens from disk. Exits 1 if a check fails.")
    p.add_argument("--out", default="report", help="report directory (default: report)")
    p.add_argument("--seed", type=int, default=0, help="seed of the demos' generators (default: 0)")
    p.add_argument("--fast", action="store_true", help="smaller problems")
    p.add_argument("--only", nargs="+", metavar="NAME",
                   help="topics or demo names to run (as shown by `syllabus list`)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="run the demos in N worker processes (default: 1)")
    p.set_defaults(func=_cmd_tour)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``syllabus`` console script."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
