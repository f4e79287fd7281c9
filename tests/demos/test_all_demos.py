"""Every demo shipped in syllabus.demos runs (fast), makes checkable claims that all pass,
and saves its figures. Area-specific tests (the numbers a demo reports) live beside this one."""

import pytest

from syllabus.demos import all_demos, run_demo

# Only the package's own demos: tests may register throw-away ones (tests/test_cli.py).
SHIPPED = [d for d in all_demos() if d.func.__module__.startswith("syllabus.demos.")]


def test_every_area_ships_demos():
    topics = {d.topic for d in SHIPPED}
    assert {"evaluation", "linear", "neural-networks", "optimisation"} <= topics


@pytest.mark.parametrize("demo", SHIPPED, ids=lambda d: d.name)
def test_demo_runs_and_its_checks_pass(demo, tmp_path):
    result = run_demo(demo.name, tmp_path, fast=True)
    assert result.error is None, result.error
    assert result.topic == demo.topic
    assert result.checks, "a demo must make checkable claims"
    failed = [c for c in result.checks if not c.passed]
    assert not failed, failed
    assert result.figures and all(p.exists() and p.stat().st_size > 0 for p in result.figures)
