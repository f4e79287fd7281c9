"""The API reference page: the public API of syllabus, from its numpydoc docstrings."""

from __future__ import annotations

import html
import importlib
import inspect
import re
from dataclasses import dataclass

from ._text import highlight_python

# Modules documented, in the course's order (a module that does not exist yet is skipped).
MODULES = (
    "syllabus.base", "syllabus.metrics", "syllabus.model_selection", "syllabus.preprocessing",
    "syllabus.datasets", "syllabus.linear_model", "syllabus.kernels", "syllabus.kernel_ridge",
    "syllabus.svm", "syllabus.tree", "syllabus.ensemble", "syllabus.neighbors",
    "syllabus.cluster", "syllabus.decomposition", "syllabus.mixture", "syllabus.dummy",
    "syllabus.autograd", "syllabus.nn", "syllabus.nn.functional", "syllabus.nn.init",
    "syllabus.optim", "syllabus.optim.lr_scheduler", "syllabus.data", "syllabus.train",
    "syllabus.neural_network", "syllabus.models", "syllabus.rl", "syllabus.theory",
    "syllabus.io", "syllabus.utils", "syllabus.demos",
)

_SECTION = re.compile(r"^(\w[\w ]*)\n-{3,}\s*$", re.M)


@dataclass
class Entry:
    """One documented object: ``module.name``, its kind, signature and docstring."""

    module: str
    name: str
    kind: str
    signature: str
    doc: str
    methods: list[tuple[str, str]]

    @property
    def anchor(self) -> str:
        return f"{self.module}.{self.name}"


def _public_names(module) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n, obj in vars(module).items() if not n.startswith("_")
                 and (inspect.isclass(obj) or inspect.isfunction(obj))
                 and getattr(obj, "__module__", "").startswith(module.__name__)]
    return sorted(names, key=str.lower)


def _signature(obj) -> str:
    try:
        sig = str(inspect.signature(obj))
    except (TypeError, ValueError):
        return ""
    return sig if len(sig) < 300 else sig[:297] + "...)"


def collect(modules: tuple[str, ...] = MODULES) -> dict[str, list[Entry]]:
    """The documented entries of each importable module in ``modules`` (in order).

    Parameters
    ----------
    modules : tuple of str
        Dotted module names; missing ones are skipped.

    Returns
    -------
    dict of str to list of Entry

    Examples
    --------
    >>> entries = collect(("syllabus.kernels",))
    >>> any(e.name == "rbf_kernel" for e in entries["syllabus.kernels"])
    True
    """
    out: dict[str, list[Entry]] = {}
    for mod_name in modules:
        try:
            module = importlib.import_module(mod_name)
        except ImportError:
            continue
        entries = []
        for name in _public_names(module):
            obj = getattr(module, name, None)
            if obj is None or inspect.ismodule(obj):
                continue
            if inspect.isclass(obj):
                kind = "class"
                methods = [(m, (inspect.getdoc(f) or "").split("\n\n")[0].replace("\n", " "))
                           for m, f in inspect.getmembers(obj, callable)
                           if not m.startswith("_") and m in vars(obj) and inspect.getdoc(f)]
            elif callable(obj):
                kind, methods = "function", []
            else:
                continue
            entries.append(Entry(mod_name, name, kind, _signature(obj),
                                 inspect.getdoc(obj) or "", methods))
        if entries:
            out[mod_name] = entries
    return out


_ROLE = re.compile(r":(?:func|class|meth|mod|attr|obj|data):`~?([^`]+)`|``([^`]+)``|`([^`]+)`")


def _rst_inline(text: str) -> str:
    """Escaped text with reST inline markup (``code``, :func:`name`, `name`) as <code>."""
    out, pos = [], 0
    for m in _ROLE.finditer(text):
        out.append(html.escape(text[pos:m.start()]))
        out.append(f"<code>{html.escape(next(g for g in m.groups() if g is not None))}</code>")
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _render_doc(doc: str) -> str:
    """numpydoc -> HTML: summary paragraphs, parameter lists, examples as code.

    Examples
    --------
    >>> _render_doc("Uses ``x`` and :func:`f`.")
    '<p>Uses <code>x</code> and <code>f</code>.</p>'
    """
    pieces = _SECTION.split(doc)
    parts = [f"<p>{_rst_inline(p.strip())}</p>" for p in re.split(r"\n\s*\n", pieces[0])
             if p.strip()]
    for title, body in zip(pieces[1::2], pieces[2::2]):
        title = title.strip()
        body = body.strip("\n")
        parts.append(f"<h5>{html.escape(title)}</h5>")
        if title in ("Parameters", "Attributes", "Returns", "Yields", "Raises",
                     "Other Parameters", "Warns"):
            items, current = [], None
            for line in body.splitlines():
                if line and not line.startswith(" "):
                    current = [line.strip(), []]
                    items.append(current)
                elif current is not None:
                    current[1].append(line.strip())
            parts.append("<dl>" + "".join(
                f"<dt><code>{html.escape(head)}</code></dt><dd>{_rst_inline(' '.join(desc))}</dd>"
                for head, desc in items) + "</dl>")
        elif title == "Examples":
            parts.append(highlight_python(inspect.cleandoc(body)))
        else:
            parts.append(f"<pre class='plain'>{html.escape(inspect.cleandoc(body))}</pre>")
    return "\n".join(parts)


def api_body(entries: dict[str, list[Entry]]) -> tuple[str, str]:
    """The table of contents and the body of the API reference page."""
    toc = "".join(f'<li><a href="#{m}">{m}</a></li>' for m in entries)
    body = []
    for mod, items in entries.items():
        body.append(f'<section class="api-module" id="{mod}"><h2>{mod}</h2>')
        for e in items:
            methods = ""
            if e.methods:
                methods = "<h5>Methods</h5><dl class='methods'>" + "".join(
                    f"<dt><code>{html.escape(m)}</code></dt><dd>{_rst_inline(s)}</dd>"
                    for m, s in e.methods) + "</dl>"
            body.append(
                f'<div class="api-entry" id="{e.anchor}"><h3><span class="kind">{e.kind}</span> '
                f"<code>{html.escape(e.module)}.<b>{html.escape(e.name)}</b>"
                f"{html.escape(e.signature)}</code></h3>{_render_doc(e.doc)}{methods}</div>")
        body.append("</section>")
    return toc, "\n".join(body)
