"""The command line and the tour's report, on a demo registered by the test."""

import json

import numpy as np
import pytest

from syllabus import cli
from syllabus.demos import all_demos, register, run_demo


@register("_test_demo_ok", topic="theory", title="A passing test demo")
def _ok(ctx):
    r"""Checks the mean of a sample against its closed form,

    $$\bar x = \frac{1}{n} \sum_i x_i.$$

    What to notice: the $n$ samples."""
    x = ctx.rng.normal(size=100 if ctx.fast else 1000)
    ctx.number("mean", float(x.mean()))
    fig, ax = ctx.figure("hist")
    ax.hist(x)
    ctx.check("mean equals sum / n", abs(x.mean() - x.sum() / x.size) < 1e-12)


@register("_test_demo_frames", topic="theory", title="A demo with a slider")
def _frames(ctx):
    ctx.frames("power", "p", np.array([1, 2, 3]), lambda fig, ax, p: ax.plot(np.arange(4) ** p))
    ctx.check("three frames", True)


@register("_test_demo_many_frames", topic="theory", title="A slider over nine values")
def _many_frames(ctx):
    ctx.frames("k", "k", range(9), lambda fig, ax, k: ax.plot([0, k]))
    ctx.check("ran", True)


_LAYOUT_AXES: list = []


@register("_test_demo_frames_layout", topic="theory", title="Frames whose labels grow")
def _frames_layout(ctx):
    def draw(fig, axes, p):
        axes[0].plot(np.arange(4) ** p)
        axes[0].set_ylabel("y" * 10 * (p + 1))  # a layout of its own would move the axes
        fig.colorbar(axes[1].imshow(np.eye(3) * p), ax=axes[1])
        _LAYOUT_AXES.append(fig.axes)

    ctx.frames("grow", "p", [0, 1, 2], draw, ncols=2)
    ctx.check("ran", True)


@register("_test_demo_fails", topic="theory", title="A failing test demo")
def _fails(ctx):
    ctx.check("one is two", 1 == 2)


@register("_test_demo_warns", topic="theory", title="A demo that warns")
def _warns(ctx):
    import warnings

    warnings.warn("careful with this one", UserWarning, stacklevel=1)
    ctx.check("ran", True)


@register("_test_demo_raises", topic="theory", title="A demo that raises")
def _raises(ctx):
    raise RuntimeError("boom")


def test_run_demo_collects_numbers_figures_checks(tmp_path):
    r = run_demo("_test_demo_ok", tmp_path, seed=3, fast=True)
    assert r.error is None and r.passed
    expected = np.random.default_rng(3).normal(size=100).mean()
    assert r.numbers["mean"] == expected
    assert [p.name for p in r.figures] == ["hist.png"] and r.figures[0].exists()
    frames = run_demo("_test_demo_frames", tmp_path)
    assert frames.figures == [] and len(frames.frames) == 1
    frame_set = frames.frames[0]
    assert frame_set.label == "p" and frame_set.values == [1, 2, 3]
    assert type(frame_set.values[0]) is int  # NumPy scalars become plain numbers (JSON)
    assert [p.name for p in frame_set.paths] == ["power_0.png", "power_1.png", "power_2.png"]
    assert all(p.exists() for p in frame_set.paths)
    # the fast tour draws a spread of at most three values, first and last kept
    fast = run_demo("_test_demo_many_frames", tmp_path / "fast", fast=True).frames[0]
    full = run_demo("_test_demo_many_frames", tmp_path / "full").frames[0]
    assert fast.values == [0, 4, 8] and len(fast.paths) == 3
    assert full.values == list(range(9)) and len(full.paths) == 9
    bad = run_demo("_test_demo_raises", tmp_path)
    assert not bad.passed and "RuntimeError: boom" in bad.error


def test_frames_of_a_slider_share_the_first_frames_layout(tmp_path):
    """Later frames reuse the first frame's constrained layout (axes, colour bar included)
    instead of laying themselves out again: the axes stay still under the slider."""
    _LAYOUT_AXES.clear()
    result = run_demo("_test_demo_frames_layout", tmp_path, fast=True)
    assert result.passed and len(result.frames[0].paths) == 3
    first, *later = ([ax.get_position(original=True).bounds for ax in axes]
                     for axes in _LAYOUT_AXES)
    assert len(first) == 3  # two axes and the colour bar
    for boxes in later:
        np.testing.assert_allclose(boxes, first, rtol=0, atol=1e-12)
    # the first frame was laid out (constrained layout), not left where subplots put it
    assert first[0][0] != pytest.approx(0.125)


def test_list_groups_by_topic(capsys):
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    assert "Learning theory:" in out and "_test_demo_ok" in out
    assert {d.name for d in all_demos()} >= {"_test_demo_ok", "_test_demo_fails"}


def test_demo_command_exit_codes(tmp_path, capsys):
    assert cli.main(["demo", "_test_demo_ok", "--out", str(tmp_path), "--fast"]) == 0
    assert "[ok] mean equals sum / n" in capsys.readouterr().out
    assert cli.main(["demo", "_test_demo_fails", "--out", str(tmp_path)]) == 1
    assert cli.main(["demo", "no_such_demo", "--out", str(tmp_path)]) == 2
    assert "unknown demo 'no_such_demo'" in capsys.readouterr().err
    # several names at once; the exit code says whether all of them passed
    assert cli.main(["demo", "_test_demo_ok", "_test_demo_fails", "--out", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "== _test_demo_ok" in out and "== _test_demo_fails" in out


def test_unknown_only_names_are_an_error_with_a_suggestion(tmp_path, capsys):
    code = cli.main(["tour", "--out", str(tmp_path), "--quiet", "--only", "_test_demo_okk"])
    assert code == 2
    err = capsys.readouterr().err
    assert "unknown topic or demo '_test_demo_okk'" in err and "did you mean '_test_demo_ok'" in err
    assert not (tmp_path / "index.html").exists()
    # topic keys, as `syllabus list` shows them, are accepted
    assert "(topic theory)" in (cli.main(["list"]), capsys.readouterr().out)[1]


def test_version_and_help_have_no_raw_markup(capsys):
    from syllabus import __version__

    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out.strip() == f"syllabus {__version__}"
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "``" not in capsys.readouterr().out


def test_warnings_of_a_demo_go_to_its_section_not_the_terminal(tmp_path, recwarn):
    r = run_demo("_test_demo_warns", tmp_path)
    assert r.warnings == ["UserWarning: careful with this one"]
    assert not [w for w in recwarn if "careful" in str(w.message)]


def test_tour_writes_self_contained_report(tmp_path):
    out = tmp_path / "report"
    code = cli.main(["tour", "--out", str(out), "--fast", "--quiet",
                     "--only", "_test_demo_ok", "_test_demo_fails"])
    assert code == 1  # a failed check fails the tour
    index = (out / "index.html").read_text()
    assert "1/2 demos passed" in index and "topic-theory.html#_test_demo_ok" in index
    page = (out / "topic-theory.html").read_text()
    import re

    prose = re.sub(r"<details.*?</details>", "", page, flags=re.S)  # without the source code
    assert "one is two" in prose and "<math" in prose and "$" not in prose
    assert 'class="notice"' in prose
    assert page.count("<details class='source'>") == 2  # the demos' code is shown
    # figures are files beside the pages (no CDN, no server): every src resolves

    srcs = re.findall(r'src="([^"]+)"', prose)
    assert srcs and all((out / s).exists() for s in srcs)
    assert not re.search(r"(src|href)=\"https?:", prose)  # nothing fetched from the network
    assert (out / "api.html").exists() and (out / "assets" / "report.js").exists()
    summary = json.loads((out / "results.json").read_text())
    assert {s["name"]: s["passed"] for s in summary} == {"_test_demo_ok": True,
                                                         "_test_demo_fails": False}
    assert cli.main(["tour", "--out", str(out), "--fast", "--quiet", "--only", "_test_demo_ok"]) == 0


def test_unwritable_out_is_a_clear_error_not_a_traceback(tmp_path, capsys):
    # Defect found by the sweep: --out pointing at a file (or under one) raised
    # NotADirectoryError from deep inside the demo runner.
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    assert cli.main(["demo", "_test_demo_ok", "--fast", "--out", str(a_file)]) == 2
    assert "cannot write to --out" in capsys.readouterr().err
    assert cli.main(["tour", "--fast", "--quiet", "--only", "_test_demo_ok",
                     "--out", str(a_file / "sub")]) == 2
    assert "cannot write to --out" in capsys.readouterr().err


def test_tour_only_with_an_unknown_name_is_an_error(tmp_path, capsys):
    # Defect found by the sweep: a misspelt --only ran nothing and reported "0/0 passed", rc 0.
    rc = cli.main(["tour", "--fast", "--quiet", "--only", "_test_demo_ok", "no_such_topic",
                   "--out", str(tmp_path / "r")])
    assert rc == 2
    assert "'no_such_topic'" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()
    # A topic name is accepted even when none of its demos is registered yet.
    assert cli.main(["tour", "--fast", "--quiet", "--only", "_test_demo_ok", "rl",
                     "--out", str(tmp_path / "r2")]) == 0


def test_tour_in_worker_processes_gives_the_same_report(tmp_path):
    names = ["confusion_matrix", "frozen_lake", "vc_bound"]
    for jobs in (1, 2):
        assert cli.main(["tour", "--fast", "--quiet", "--jobs", str(jobs), "--only", *names,
                         "--out", str(tmp_path / f"jobs{jobs}")]) == 0
    one, two = ([{k: v for k, v in r.items() if k not in ("seconds", "figures", "frames")}
                 for r in json.loads((tmp_path / f"jobs{j}" / "results.json").read_text())]
                for j in (1, 2))
    assert [r["name"] for r in one] == names  # the course's order, whichever finished first
    assert one == two  # the same numbers, checks and warnings


def test_tour_in_workers_runs_demos_registered_outside_the_package_here(tmp_path):
    # _test_demo_ok is registered by this test module: a spawned worker cannot see it.
    assert cli.main(["tour", "--fast", "--quiet", "--jobs", "2", "--only", "_test_demo_ok",
                     "vc_bound", "--out", str(tmp_path)]) == 0
    names = [r["name"] for r in json.loads((tmp_path / "results.json").read_text())]
    assert sorted(names) == ["_test_demo_ok", "vc_bound"]
