"""Run scikit-learn's own unit tests against syllabus's estimators.

Each selected test module of the installed scikit-learn is copied into
``build/sklearn_suite`` with its imports rewritten: every public name that a
syllabus module also provides (``from sklearn.linear_model import Ridge``)
is imported from syllabus instead; everything else (helpers, datasets, the
names syllabus lacks) still comes from scikit-learn. The tests run under
scikit-learn's own ``conftest.py`` fixtures.

A test counts when it *reaches* syllabus: it instantiates a syllabus class or
calls a syllabus function (tracked by wrapping the rewritten names), or is
parametrised with one. Each failure is classified from its traceback:

- ``wrong answer``: a numerical assertion failed;
- ``missing feature``: an unknown parameter, attribute, solver, input type...;
- ``message``: the right kind of failure with another message or warning;
- ``internals``: the test relies on scikit-learn's private attributes/helpers;
- ``other``: anything else.

Usage::

    python scripts/sklearn_suite.py                 # the issue's modules
    python scripts/sklearn_suite.py linear_model svm -n 2
    python scripts/sklearn_suite.py --list-failures missing metrics
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build" / "sklearn_suite"
# The names to rewrite are read from *this* checkout's syllabus (not an installed copy, e.g.
# the main worktree's editable install), the one the tests then run against.
sys.path.insert(0, str(ROOT / "src"))

# sklearn module -> syllabus module providing its public names.
MODULE_MAP = {
    "sklearn.metrics": "syllabus.metrics",
    "sklearn.metrics.pairwise": "syllabus.kernels",
    "sklearn.model_selection": "syllabus.model_selection",
    "sklearn.linear_model": "syllabus.linear_model",
    "sklearn.svm": "syllabus.svm",
    "sklearn.kernel_ridge": "syllabus.kernel_ridge",
    "sklearn.preprocessing": "syllabus.preprocessing",
    "sklearn.neural_network": "syllabus.neural_network",
    "sklearn.dummy": "syllabus.dummy",
    "sklearn.tree": "syllabus.tree",
    "sklearn.ensemble": "syllabus.ensemble",
    "sklearn.neighbors": "syllabus.neighbors",
    "sklearn.cluster": "syllabus.cluster",
    "sklearn.decomposition": "syllabus.decomposition",
    "sklearn.mixture": "syllabus.mixture",
}

# The test modules of each group (paths inside the installed sklearn package).
GROUPS = {
    "metrics": ["metrics/tests/test_classification.py", "metrics/tests/test_ranking.py",
                "metrics/tests/test_regression.py", "metrics/tests/test_common.py",
                "metrics/tests/test_score_objects.py", "metrics/tests/test_pairwise.py"],
    "model_selection": ["model_selection/tests/test_split.py",
                        "model_selection/tests/test_search.py",
                        "model_selection/tests/test_validation.py"],
    "linear_model": ["linear_model/tests/test_base.py", "linear_model/tests/test_ridge.py",
                     "linear_model/tests/test_coordinate_descent.py",
                     "linear_model/tests/test_logistic.py", "linear_model/tests/test_sgd.py",
                     "linear_model/tests/test_perceptron.py"],
    "svm": ["svm/tests/test_svm.py", "svm/tests/test_sparse.py", "svm/tests/test_bounds.py"],
    "kernel_ridge": ["tests/test_kernel_ridge.py"],
    "preprocessing": ["preprocessing/tests/test_data.py",
                      "preprocessing/tests/test_polynomial.py"],
    "neural_network": ["neural_network/tests/test_mlp.py"],
    "dummy": ["tests/test_dummy.py"],
    # The modules built after the issue's measurement, reported apart.
    "tree": ["tree/tests/test_tree.py"],
    "ensemble": ["ensemble/tests/test_forest.py", "ensemble/tests/test_bagging.py",
                 "ensemble/tests/test_weight_boosting.py",
                 "ensemble/tests/test_gradient_boosting.py"],
    "neighbors": ["neighbors/tests/test_neighbors.py"],
    "cluster": ["cluster/tests/test_k_means.py"],
    "decomposition": ["decomposition/tests/test_pca.py"],
    "mixture": ["mixture/tests/test_gaussian_mixture.py"],
}
ISSUE_GROUPS = ["metrics", "model_selection", "linear_model", "svm", "kernel_ridge",
                "preprocessing", "neural_network", "dummy"]

PLUGIN = '''
"""Marks the tests that reach syllabus code (written by scripts/sklearn_suite.py)."""
import functools
import importlib
import inspect
import sys

import pytest

REACHED = [False]
MODULES = {modules!r}


def _track_function(func):
    @functools.wraps(func)
    def tracked(*args, **kwargs):
        REACHED[0] = True
        return func(*args, **kwargs)
    tracked._syllabus_tracked = True
    return tracked


def _track_class(cls):
    init = cls.__init__
    if getattr(init, "_syllabus_tracked", False):
        return
    @functools.wraps(init)
    def tracked_init(self, *args, **kwargs):
        REACHED[0] = True
        return init(self, *args, **kwargs)
    tracked_init._syllabus_tracked = True
    cls.__init__ = tracked_init


def _is_syllabus(obj):
    return getattr(obj, "__module__", "") .startswith("syllabus")


def pytest_configure(config):
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", dir(module)):
            obj = getattr(module, attr, None)
            if not _is_syllabus(obj):
                continue
            if inspect.isclass(obj):
                _track_class(obj)
            elif inspect.isfunction(obj) and not getattr(obj, "_syllabus_tracked", False):
                tracked = _track_function(obj)
                setattr(module, attr, tracked)
                # Also where it is defined, so pickle (by qualified name) finds the same object.
                home = sys.modules.get(obj.__module__)
                if home is not None and getattr(home, obj.__name__, None) is obj:
                    setattr(home, obj.__name__, tracked)


def _param_reaches(value):
    if _is_syllabus(value) or _is_syllabus(type(value)):
        return True
    if isinstance(value, (list, tuple)):
        return any(_param_reaches(v) for v in value)
    if isinstance(value, functools.partial):
        return _param_reaches(value.func)
    return False


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    REACHED[0] = False


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    callspec = getattr(item, "callspec", None)
    by_param = callspec is not None and any(
        _param_reaches(v) for v in callspec.params.values())
    report.user_properties.append(("reached", bool(REACHED[0] or by_param)))
'''

NUMERIC_FAILURE = re.compile(
    r"Not equal to tolerance|Arrays are not (almost )?equal|Mismatched elements|"
    r"Max absolute difference|assert_allclose|assert_array_almost_equal|"
    r"assert_almost_equal|Items are not equal|Mismatch")
MESSAGE_FAILURE = re.compile(
    r"DID NOT RAISE|DID NOT WARN|Regex pattern did not match|No warnings of type|"
    r"Failed: DID NOT|expected warning|did not match|Warning.*was emitted|"
    r"were emitted|UserWarning: |FutureWarning|DeprecationWarning|ConvergenceWarning")
MISSING_FEATURE = re.compile(
    r"unexpected keyword argument|got an unexpected|NotImplementedError|"
    r"InvalidParameterError|must be (a|an|one of|in)|sparse|Sparse|"
    r"has no attribute '[a-zA-Z]|cannot import name|not supported|object is not subscriptable|"
    r"is not supported|takes \d+ positional|missing \d+ required|no len\(\)|"
    r"unsupported|object has no attribute|Unknown|unknown|could not convert|"
    r"is not a valid scoring value|should be a 1d array|parameter should not be None|"
    r"scoring must return a number|at least 2 classes|partial_fit interface")
# scikit-learn's private API (including a test asking whether an estimator has a private
# attribute, ``hasattr(est, "_standard_coef")``). Searched in the error lines and in the failing source line
# (pytest's ">" lines): the test's whole source is in the traceback, and an unrelated
# mention of e.g. ``sklearn.utils._testing`` there says nothing about why the test failed.
INTERNALS = re.compile(
    r"has no attribute '_|sklearn\.utils\._(?!testing)|_validate_data|__sklearn_tags__|"
    r"_get_tags|_more_tags|metadata_routing|set_fit_request|set_score_request|"
    r"set_split_request|get_metadata_routing|_check_n_features|n_features_in_ is|"
    r"UnsetMetadataPassedError|_repr_html_|_MultimetricScorer|_PassthroughScorer\b|"
    r"isinstance\(.*, _[A-Z]\w*\)|hasattr\(.*, ['\"]_\w+['\"]\)")
# scikit-learn-only private classes a test builds around our objects, or a private function
# or module of scikit-learn a test monkeypatches (by object or by dotted name: only
# scikit-learn's own code can see the patch), anywhere in the text.
PRIVATE_USE = re.compile(r"\b_MultimetricScorer\(|"
                         r"monkeypatch\.setattr\(\s*['\"]?sklearn\.[\w.]*\._\w")
# Tests whose subject is scikit-learn's machinery rather than a result (by test name).
INTERNAL_TESTS = re.compile(r"metadata|routing|html_repr|sklearn_tags|_repr_|callbacks")
# A bare ``assert`` on printed output or logs is about a message, not a number.
OUTPUT_CHECK = re.compile(r"capsys|capfd|readouterr|caplog")


def error_lines(text: str) -> str:
    """The ``E   ...`` lines of a pytest traceback: the exception and its message."""
    lines = [line[1:].strip() for line in text.splitlines() if line.startswith("E ")]
    return "\n".join(lines) or (text.strip().splitlines() or [""])[-1]


def failing_lines(text: str) -> str:
    """The source lines pytest marks with ``>``: where each frame of the traceback failed."""
    return "\n".join(line for line in text.splitlines() if line.startswith(">"))


def classify(text: str, nodeid: str = "") -> str:
    """Category of a failure from its traceback text (and the test's id, if given)."""
    last = error_lines(text)
    test_name = nodeid.split("::")[-1].split("[")[0]
    if (INTERNALS.search(last) or INTERNALS.search(failing_lines(text))
            or INTERNAL_TESTS.search(test_name) or PRIVATE_USE.search(text)):
        return "internals"
    if MESSAGE_FAILURE.search(last):
        return "message"
    if MISSING_FEATURE.search(last):
        return "missing"
    if NUMERIC_FAILURE.search(last) or NUMERIC_FAILURE.search(failing_lines(text)):
        return "wrong answer"
    if last.startswith(("AssertionError", "assert")):
        return "message" if OUTPUT_CHECK.search(text) else "wrong answer"
    if MESSAGE_FAILURE.search(text):
        return "message"
    if MISSING_FEATURE.search(text):
        return "missing"
    return "other"


def _syllabus_names(module: str) -> set[str]:
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return set()
    return {n for n in getattr(mod, "__all__", dir(mod)) if not n.startswith("_")}


def rewrite(source: str, package: str) -> str:
    """Import the names syllabus provides from syllabus; keep the rest."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    edits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:  # relative import of a test helper: make it absolute
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            module = f"{base}.{node.module}" if node.module else base
            new = [ast.ImportFrom(module=module, names=node.names, level=0)]
        elif node.module == "sklearn":
            new, mixed = [], []
            for alias in node.names:
                target = MODULE_MAP.get(f"sklearn.{alias.name}")
                (mixed if target else new).append(alias)
            new = [ast.ImportFrom(module="sklearn", names=new, level=0)] if new else []
            for alias in mixed:
                bound = alias.asname or alias.name
                new.append(ast.parse(
                    f"{bound} = __import__('sklearn_suite_plugin').mixed("
                    f"'sklearn.{alias.name}', '{MODULE_MAP['sklearn.' + alias.name]}')").body[0])
        elif node.module in MODULE_MAP:
            ours = _syllabus_names(MODULE_MAP[node.module])
            taken = [a for a in node.names if a.name in ours]
            if not taken:
                continue
            kept = [a for a in node.names if a.name not in ours]
            new = [ast.ImportFrom(module=node.module, names=kept, level=0)] if kept else []
            new.append(ast.ImportFrom(module=MODULE_MAP[node.module], names=taken, level=0))
        else:
            continue
        indent = re.match(r"\s*", lines[node.lineno - 1]).group(0)
        text = "; ".join(ast.unparse(n) for n in new) or "pass"
        edits.append((node.lineno, node.end_lineno, indent + text + "\n"))
    for start, end, text in sorted(edits, reverse=True):
        lines[start - 1:end] = [text]
    return "".join(lines)


MIXED = '''

class _Mixed:
    """A module whose names come from syllabus where it has them, else from sklearn."""

    def __init__(self, sklearn_module, syllabus_module):
        self._sk, self._ours = sklearn_module, syllabus_module

    def __getattr__(self, name):
        if not name.startswith("_") and hasattr(self._ours, name):
            return getattr(self._ours, name)
        return getattr(self._sk, name)


def mixed(sklearn_name, syllabus_name):
    return _Mixed(importlib.import_module(sklearn_name), importlib.import_module(syllabus_name))
'''


def prepare(groups: list[str], build: Path = BUILD) -> list[Path]:
    """Write the rewritten test modules of ``groups`` (and the plugins) into ``build``."""
    import sklearn

    sk_root = Path(sklearn.__file__).parent
    if build.exists():
        shutil.rmtree(build)
    build.mkdir(parents=True)
    (build / "pytest.ini").write_text("[pytest]\naddopts = -p no:randomly -p no:cacheprovider\n")
    (build / "conftest.py").write_text("from sklearn.conftest import *  # noqa: F401,F403\n")
    modules = sorted(set(MODULE_MAP.values()))
    (build / "sklearn_suite_plugin.py").write_text(PLUGIN.format(modules=modules) + MIXED)
    paths = []
    for group in groups:
        for rel in GROUPS[group]:
            source = (sk_root / rel).read_text()
            package = "sklearn." + str(Path(rel).parent).replace("/", ".")
            target = build / group / Path(rel).name
            target.parent.mkdir(exist_ok=True)
            target.write_text(rewrite(source, package))
            paths.append(target)
    return paths


def run(paths: list[Path], jobs: int, extra: list[str], build: Path = BUILD) -> list[dict]:
    """Run pytest on the rewritten modules; one result row per test."""
    results = build / "results.jsonl"
    collector = build / "collect_results.py"
    collector.write_text(
        "import json\n"
        f"OUT = {str(results)!r}\n"
        "WORKER = [False]\n"
        "def pytest_configure(config):\n"
        "    WORKER[0] = hasattr(config, 'workerinput')  # xdist: only the controller writes\n"
        "def pytest_runtest_logreport(report):\n"
        "    if WORKER[0]:\n"
        "        return\n"
        "    props = dict(report.user_properties)\n"
        "    if report.when == 'call' or report.outcome != 'passed':\n"
        "        if report.when != 'call' and report.outcome == 'passed':\n"
        "            return\n"
        "        text = '' if report.passed else str(report.longrepr)\n"
        "        with open(OUT, 'a') as f:\n"
        "            f.write(json.dumps({'nodeid': report.nodeid, 'when': report.when,\n"
        "                'outcome': report.outcome, 'reached': props.get('reached', False),\n"
        "                'xfail': hasattr(report, 'wasxfail'), 'text': text[-3000:]}) + '\\n')\n")
    cmd = [sys.executable, "-m", "pytest", *map(str, paths), "-c", str(build / "pytest.ini"),
           "--rootdir", str(build), "-p", "sklearn_suite_plugin", "-p", "collect_results",
           "-q", "--no-header", "-rN", "-W", "ignore", *extra]
    if jobs > 1:
        cmd += ["-n", str(jobs)]
    env = {**__import__("os").environ,
           "PYTHONPATH": f"{build}:{ROOT / 'src'}", "SKLEARN_SKIP_NETWORK_TESTS": "1"}
    with open(build / "pytest.log", "w") as log:
        subprocess.run(cmd, cwd=build, env=env, check=False, stdout=log, stderr=subprocess.STDOUT)
    print((build / "pytest.log").read_text().strip().splitlines()[-1])
    rows = [json.loads(line) for line in results.read_text().splitlines()] if results.exists() else []
    return rows


def summarise(rows: list[dict], list_failures: str | None) -> dict:
    by_group: dict[str, Counter] = defaultdict(Counter)
    failures = []
    for row in rows:
        group = row["nodeid"].split("/")[0]
        if not row["reached"]:
            continue
        if row["outcome"] == "skipped":
            status = "xfailed" if row["xfail"] else "skipped"
        elif row["outcome"] == "passed":
            status = "passed"
        else:
            status = classify(row["text"], row["nodeid"])
            failures.append((status, row["nodeid"], row["text"]))
        by_group[group][status] += 1
    columns = ["passed", "wrong answer", "missing", "message", "internals", "other", "skipped"]
    print(f"\n{'group':16s}{'reached':>8s}" + "".join(f"{c:>14s}" for c in columns) + f"{'pass rate':>11s}")
    total = Counter()
    for group in sorted(by_group):
        counts = by_group[group]
        total.update(counts)
        _print_row(group, counts, columns)
    _print_row("all", total, columns)
    if list_failures:
        for status, nodeid, text in failures:
            if list_failures in (status, "all"):
                error = error_lines(text).replace("\n", "\n    ")
                print(f"[{status}] {nodeid}\n    {error[:400]}")
    return {g: dict(c) for g, c in by_group.items()}


def _print_row(group: str, counts: Counter, columns: list[str]) -> None:
    reached = sum(counts[c] for c in columns)
    # scikit-learn's private internals are excluded from the rate, as the issue asks.
    counted = reached - counts["skipped"] - counts["internals"]
    rate = counts["passed"] / counted if counted else float("nan")
    print(f"{group:16s}{reached:8d}" + "".join(f"{counts[c]:14d}" for c in columns)
          + f"{rate:11.1%}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", help=f"of {sorted(GROUPS)}; default: the issue's")
    parser.add_argument("-n", "--jobs", type=int, default=2)
    parser.add_argument("-k", default=None, help="pytest -k expression")
    parser.add_argument("--list-failures", metavar="CATEGORY",
                        help="print each failure of a category (or 'all')")
    parser.add_argument("--json", type=Path, help="write the per-group counts here")
    parser.add_argument("--build", type=Path, default=BUILD,
                        help=f"work directory (default {BUILD.relative_to(ROOT)}); give each "
                             "concurrent run its own")
    args = parser.parse_args(argv)
    groups = args.groups or ISSUE_GROUPS
    unknown = set(groups) - set(GROUPS)
    if unknown:
        parser.error(f"unknown groups {sorted(unknown)}; choose from {sorted(GROUPS)}")
    build = args.build.resolve()
    paths = prepare(groups, build)
    extra = ["-k", args.k] if args.k else []
    rows = run(paths, args.jobs, extra, build)
    counts = summarise(rows, args.list_failures)
    if args.json:
        args.json.write_text(json.dumps(counts, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
