"""The ``syllabus`` command: list the demos, run one, or run them all (the tour)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _print_result(r) -> None:
    status = "passed" if r.passed else "FAILED"
    print(f"== {r.name} ({r.title}) - {status} in {r.seconds:.1f} s")
    for k, v in r.numbers.items():
        print(f"   {k:<40} {v:.6g}" if isinstance(v, float) else f"   {k:<40} {v}")
    for c in r.checks:
        print(f"   [{'ok' if c.passed else 'FAIL'}] {c.claim}" + (f"  ({c.detail})" if c.detail else ""))
    for p in r.figures:
        print(f"   figure: {p}")
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
            print(f"{title}:")
            for d in mine:
                print(f"  {d.name:<32} {d.title}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from .demos import run_demo

    if _writable_dir(args.out) is None:
        return 2
    try:
        result = run_demo(args.name, args.out, seed=args.seed, fast=args.fast)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    _print_result(result)
    return 0 if result.passed else 1


def _cmd_tour(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .demos import TOPICS, all_demos, run_demo
    from .report import write_report

    demos = all_demos()
    if args.only:
        known = set(TOPICS) | {d.name for d in demos}
        unknown = [name for name in args.only if name not in known]
        if unknown:
            print(f"syllabus: error: --only: no topic or demo named {', '.join(map(repr, unknown))}"
                  "; `syllabus list` shows them.", file=sys.stderr)
            return 2
        demos = [d for d in demos if d.topic in args.only or d.name in args.only]
    out = _writable_dir(args.out)
    if out is None:
        return 2
    results = []
    bar = tqdm(demos, desc="tour", unit="demo", disable=args.quiet, file=sys.stderr)
    for d in bar:
        bar.set_postfix_str(d.name)
        r = run_demo(d.name, out / "figures", seed=args.seed, fast=args.fast)
        results.append(r)
        if not r.passed:
            tqdm.write(f"FAILED: {d.name}" + (" (error)" if r.error else ""), file=sys.stderr)
    index = write_report(results, out)
    n_ok = sum(r.passed for r in results)
    print(f"{n_ok}/{len(results)} demos passed; report written to {index}")
    for r in results:
        if not r.passed:
            print(f"  FAILED {r.name}: " + (r.error.strip().splitlines()[-1] if r.error else
                  "; ".join(c.claim for c in r.checks if not c.passed)))
    return 0 if n_ok == len(results) else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="syllabus", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("list", help="list the demos by lecture topic")
    p.set_defaults(func=_cmd_list)
    p = sub.add_parser("demo", help="run one demo: print its numbers and checks, write its figures")
    p.add_argument("name")
    p.add_argument("--out", default="out", help="directory for the figures (default: out)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--fast", action="store_true", help="smaller problems")
    p.set_defaults(func=_cmd_demo)
    p = sub.add_parser("tour", help="run every demo and write an HTML report")
    p.add_argument("--out", default="report", help="report directory (default: report)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--fast", action="store_true", help="smaller problems")
    p.add_argument("--only", nargs="*", help="topics or demo names to run")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_tour)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``syllabus`` console script."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
