"""No import cycles inside ``syllabus``: the packages stand in strict layers.

Every module of the package is parsed with :mod:`ast` (nothing is imported
except the package itself, to find its files); the graph has an edge
``A -> B`` when module ``A`` imports ``B`` at module level (imports inside
functions are deliberate late imports of optional heavy dependencies and are
not counted).  ``from pkg import name`` counts as an import of ``pkg.name``
when that is a module, else of ``pkg``; importing ``pkg.sub`` also runs
``pkg/__init__.py``, so each module depends on its parent packages too.
"""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import syllabus

# Explicit, commented allowances: cycles that are known and accepted (none today).
ALLOWED_CYCLES: list[frozenset[str]] = []


def _modules() -> dict[str, Path]:
    """Map every module name of ``syllabus`` to its source file."""
    modules = {"syllabus": Path(syllabus.__file__)}
    for info in pkgutil.walk_packages(syllabus.__path__, prefix="syllabus."):
        spec = info.module_finder.find_spec(info.name, None)
        if spec is not None and spec.origin and spec.origin.endswith(".py"):
            modules[info.name] = Path(spec.origin)
    return modules


def _module_level_imports(tree: ast.Module):
    """Yield the import statements that run when the module is imported.

    Walks the module body and the bodies of module-level ``if``/``try``/
    ``with`` blocks, but not function or class bodies (except class bodies,
    which run at import time too).
    """
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
        else:
            stack.extend(ast.iter_child_nodes(node))


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}

    def add(src: str, target: str) -> None:
        # importing a.b.c runs a/__init__, a/b/__init__ and a/b/c
        parts = target.split(".")
        for k in range(1, len(parts) + 1):
            name = ".".join(parts[:k])
            if name in modules and name != src:
                graph[src].add(name)

    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        package = name if is_package else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in _module_level_imports(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "syllabus":
                        add(name, alias.name)
                continue
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "syllabus":
                continue
            add(name, target)
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in modules:
                    add(name, sub)
    # a package's parent packages run before it
    for name in modules:
        parent = name.rpartition(".")[0]
        if parent and parent in modules:
            graph[name].add(parent)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan).

    An edge from a module to its own parent package is how Python loads
    submodules, not a cycle the code chose, so those edges are dropped when
    they close a loop only through the parent's ``__init__``.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = [0]

    def edges(v: str):
        # `pkg.mod -> pkg` is implied by the import system; keep only code edges
        return [w for w in graph[v] if not v.startswith(w + ".")]

    def strongconnect(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges(v):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strongconnect(v)
    return components


def _a_cycle(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """One concrete loop through ``component``, for the failure message."""
    members = set(component)
    start = component[0]
    parent: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph[v] & members):
                if v.startswith(w + "."):
                    continue
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(parent[path[-1]])
                    return [start, *reversed(path[:-1]), start][::1]
                if w not in parent:
                    parent[w] = v
                    nxt.append(w)
        frontier = nxt
    return component


def test_graph_sees_the_package():
    graph = _graph()
    # a wrong walker would miss these known module-level edges
    assert "syllabus.exceptions" in graph["syllabus.utils._validation"]
    assert {"syllabus.utils", "syllabus.metrics._validation"} <= graph["syllabus.metrics._classification"]
    assert "syllabus.autograd._tensor" in graph["syllabus.autograd._ops"]
    # imports inside functions are not module-level edges
    assert "syllabus.demos" not in graph["syllabus.cli"]
    assert len(graph) > 100


def test_no_import_cycles_inside_syllabus():
    graph = _graph()
    found = [c for c in _cycles(graph) if frozenset(c) not in ALLOWED_CYCLES]
    message = "\n".join(
        " -> ".join(_a_cycle(graph, c)) + f"   ({len(c)} modules: {', '.join(c)})"
        for c in found
    )
    assert not found, f"import cycles inside syllabus:\n{message}"
