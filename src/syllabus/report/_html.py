"""Render tour results as a folder of static HTML pages that open from disk (no server, no CDN).

``index.html`` is the course map (topics in the lectures' order, every demo with its title
and a thumbnail); ``topic-<key>.html`` holds one topic's demos in teaching order; ``api.html``
is the API reference generated from the numpydoc docstrings. Figures stay PNG files beside
the pages; ``assets/`` holds the style sheet and the few lines of JavaScript of the sliders.
"""

from __future__ import annotations

import ast
import datetime as _dt
import html
import inspect
import json
import os
import re
import shutil
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from .. import __version__
from ..demos import TOPICS, DemoResult, get_demo
from ..demos._registry import FIGURE_DPI
from ._api import api_body, collect
from ._text import description_html, format_value, highlight_python, pygments_css, summary_line


def _topic_page(topic: str) -> str:
    return f"topic-{topic}.html"


def _status(r: DemoResult) -> str:
    return ('<span class="badge pass">checks hold</span>' if r.passed
            else '<span class="badge fail">FAILED</span>')


class _Page:
    """Shared page chrome: header, top navigation, sticky side table of contents."""

    def __init__(self, title: str, meta: str, topics: list[str]) -> None:
        self.title, self.meta, self.topics = title, meta, topics

    def render(self, heading: str, toc: str, body: str, current: str = "") -> str:
        links = [('index.html', 'Course map', current == "index")]
        links += [(_topic_page(t), TOPICS[t], current == t) for t in self.topics]
        links += [("api.html", "API reference", current == "api")]
        nav = "".join(f'<a href="{h}"{" aria-current=page" if cur else ""}>{html.escape(t)}</a>'
                      for h, t, cur in links)
        return (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(heading)} · {html.escape(self.title)}</title>"
            "<link rel='stylesheet' href='assets/report.css'>"
            "<script src='assets/report.js' defer></script></head><body>"
            f"<header class='top'><a class='brand' href='index.html'>{html.escape(self.title)}</a>"
            f"<span class='meta'>{self.meta}</span></header>"
            f"<div class='layout'><nav class='toc' aria-label='Contents'>"
            f"<div class='toc-pages'>{nav}</div>{toc}</nav>"
            f"<main><h1>{html.escape(heading)}</h1>{body}</main></div></body></html>")


def _relative(path: Path, out: Path, demo: str) -> str:
    """``path`` relative to ``out`` (copied under ``out/figures/<demo>/`` when outside it)."""
    path = Path(path).resolve()
    try:
        rel = path.relative_to(out.resolve())
    except ValueError:
        target = out / "figures" / demo / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        rel = target.relative_to(out)
    return rel.as_posix()


def _size(path: Path) -> str:
    """``width``/``height`` attributes showing a PNG at 100 dpi, whatever dpi it was saved at."""
    head = Path(path).read_bytes()[:4096]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return ""
    w, h = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    scale = 100 / _png_dpi(head)
    return f' width="{round(w * scale)}" height="{round(h * scale)}"'


def _png_dpi(head: bytes) -> float:
    """The dpi matplotlib recorded in a PNG's pHYs chunk (pixels per metre), else FIGURE_DPI."""
    pos = 8
    while pos + 12 <= len(head):
        length, kind = int.from_bytes(head[pos:pos + 4], "big"), head[pos + 4:pos + 8]
        if kind == b"pHYs" and pos + 16 <= len(head):
            return int.from_bytes(head[pos + 8:pos + 12], "big") * 0.0254
        if kind == b"IDAT":
            break
        pos += 12 + length
    return FIGURE_DPI


def _plain_mathtext(text: str) -> str:
    """matplotlib's ``$x_1$`` mathtext as plain text (``x1``) for captions and alt text."""
    return re.sub(r"\$([^$]*)\$",
                  lambda m: re.sub(r"[\\{}_^]", "", m.group(1)), text)


def _caption(r: DemoResult, path: Path) -> tuple[str, str]:
    """(alt text, caption) of a figure file."""
    described = _plain_mathtext(r.alt.get(Path(path).name, ""))
    alt = f"{r.title}: {described}" if described else f"{r.title}: figure {Path(path).stem}"
    return alt, described


def _api_links(source: str, known: dict[str, str]) -> list[tuple[str, str]]:
    """(qualified name, anchor) of the syllabus names a demo's source imports."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("syllabus"):
            for alias in node.names:
                qual = f"{node.module}.{alias.name}"
                anchor = known.get(qual) or known.get(alias.name)
                if anchor and node.module != "syllabus.demos":
                    found.append((f"{node.module}.{alias.name}", anchor))
    return list(dict.fromkeys(found))


def _demo_source(name: str) -> tuple[str, str]:
    """(module file relative to the package, source) of the registered demo ``name``."""

    try:
        module = sys.modules[get_demo(name).func.__module__]
        source = inspect.getsource(module)
    except (KeyError, OSError, TypeError):
        return "", ""
    file = Path(module.__file__ or "")
    parts = file.parts
    rel = "/".join(parts[parts.index("syllabus"):]) if "syllabus" in parts else file.name
    return rel, source


def _demo_section(r: DemoResult, out: Path, known: dict[str, str]) -> str:
    name = html.escape(r.name)
    parts = [f'<section class="demo" id="{name}">',
             f'<h2><a class="anchor" href="#{name}">{html.escape(r.title)}</a></h2>',
             f'<p class="demo-meta">{_status(r)} <code>syllabus demo {name}</code> · '
             f"{r.seconds:.1f} s</p>"]
    if r.description:
        parts.append(f'<div class="desc">{description_html(r.description)}</div>')
    for fs in r.frames:
        if not fs.paths:
            continue
        values = [format_value(v) for v in fs.values]
        imgs = "".join(
            f'<img src="{_relative(p, out, r.name)}"{_size(p)} '
            f'alt="{html.escape(_caption(r, p)[0])}, '
            f'{html.escape(fs.label)} = {v}"{"" if i == 0 else " hidden"} data-i="{i}">'
            for i, (p, v) in enumerate(zip(fs.paths, values)))
        play = ('<button type="button" class="play" aria-label="play">&#9654; play</button>'
                if fs.animate else "")
        label = html.escape(fs.label)
        parts.append(
            f'<figure class="frames" data-values="{html.escape(json.dumps(values))}">'
            f'<div class="frame-stack">{imgs}</div>'
            f'<div class="frame-controls">{play}<label>{label} = <output>{values[0]}</output>'
            f'<input type="range" min="0" max="{len(fs.paths) - 1}" value="0" step="1" '
            f'aria-label="{label}"></label></div>'
            f"<figcaption>{'Animation' if fs.animate else 'Slider'}: move {label} "
            f"({len(fs.paths)} precomputed figures, {values[0]} to {values[-1]}). "
            f"{html.escape(_caption(r, fs.paths[0])[1])}</figcaption></figure>")
    for p in r.figures:
        alt, caption = _caption(r, p)
        parts.append(f'<figure><img src="{_relative(p, out, r.name)}"{_size(p)} '
                     f'alt="{html.escape(alt)}">'
                     f"<figcaption>{html.escape(caption or r.title)}"
                     "</figcaption></figure>")
    if r.numbers:
        rows = "".join(f"<tr><th scope='row'>{html.escape(str(k))}</th><td>{format_value(v)}</td></tr>"
                       for k, v in r.numbers.items())
        parts.append(f"<table class='numbers'><caption>Numbers</caption>{rows}</table>")
    if r.checks:
        items = "".join(
            f"<li class='{'ok' if c.passed else 'ko'}'><span class='mark'>"
            f"{'&#10003;' if c.passed else '&#10007;'}</span> {html.escape(c.claim)}"
            + (f" <span class='detail'>{html.escape(c.detail)}</span>" if c.detail else "")
            + "</li>" for c in r.checks)
        parts.append(f"<h3>Checks</h3><ul class='checks'>{items}</ul>")
    if r.warnings:
        items = "".join(f"<li>{html.escape(w)}</li>" for w in r.warnings)
        parts.append(f"<div class='warnings'><h3>Warnings raised</h3><ul>{items}</ul></div>")
    if r.error:
        parts.append(f"<pre class='error'>{html.escape(r.error)}</pre>")
    rel, source = _demo_source(r.name)
    if source:
        links = _api_links(source, known)
        if links:
            parts.append("<p class='api-links'>API: " + ", ".join(
                f'<a href="api.html#{a}"><code>{html.escape(q.removeprefix("syllabus."))}</code></a>'
                for q, a in links) + "</p>")
        parts.append(f"<details class='source'><summary>Source code <code>{html.escape(rel)}"
                     f"</code></summary>{highlight_python(source)}</details>")
    parts.append("</section>")
    return "\n".join(parts)


def _write_assets(out: Path) -> None:
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    here = resources.files(__package__) / "assets"
    css = (here / "report.css").read_text(encoding="utf-8") + "\n" + pygments_css()
    (assets / "report.css").write_text(css, encoding="utf-8")
    (assets / "report.js").write_text((here / "report.js").read_text(encoding="utf-8"),
                                      encoding="utf-8")


def write_report(results: Sequence[DemoResult], out_dir: str | Path, *,
                 title: str = "syllabus tour", seed: int | None = None,
                 fast: bool | None = None, wall_seconds: float | None = None) -> Path:
    """Write the tour's report (``index.html``, one page per topic, ``api.html``) into ``out_dir``.

    The folder is self-contained: it opens from disk with no network access.

    Parameters
    ----------
    results : sequence of DemoResult
        As returned by :func:`syllabus.demos.run_demo`, in the course's order.
    out_dir : str or Path
        Created if needed. Figures outside it are copied to ``out_dir/figures``.
    title : str, default="syllabus tour"
        Title of the pages.
    seed : int or None, default=None
        The tour's seed, shown in the metadata line.
    fast : bool or None, default=None
        Whether the tour ran in fast mode, shown in the metadata line.
    wall_seconds : float or None, default=None
        The tour's wall time (the sum of the demos' times when None).

    Returns
    -------
    Path
        The path of ``index.html``; ``results.json`` beside it holds the numbers and checks.
    """

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _write_assets(out)
    by_topic: dict[str, list[DemoResult]] = {}
    for r in results:
        by_topic.setdefault(r.topic, []).append(r)
    topics = [t for t in TOPICS if t in by_topic]
    n_pass = sum(r.passed for r in results)
    n_checks = sum(len(r.checks) for r in results)
    n_ok = sum(c.passed for r in results for c in r.checks)
    wall = wall_seconds if wall_seconds is not None else sum(r.seconds for r in results)
    meta = [f"syllabus {html.escape(__version__)}"]
    if seed is not None:
        meta.append(f"seed {seed}")
    if fast is not None:
        meta.append("fast tour" if fast else "full tour")
    meta.append(_dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    meta.append(f"{wall:.0f} s")
    page = _Page(title, " · ".join(meta), topics)

    api = collect()
    known: dict[str, str] = {}
    for entries in api.values():
        for e in entries:
            known[e.anchor] = e.anchor
            known.setdefault(e.name, e.anchor)

    # The course map.
    cards = [f"<p class='summary'>One page per lecture topic, the demos in teaching order: "
             f"what each shows, its formulas, figures (sliders where a hyper-parameter is the "
             f"lesson), numbers, checks and code. {n_pass}/{len(results)} demos passed; "
             f"{n_ok}/{n_checks} checks hold.</p>"]
    for t in topics:
        items = []
        for r in by_topic[t]:
            thumb_src = (r.figures[:1] or [p for fs in r.frames for p in fs.paths[:1]])
            thumb = (f'<img src="{_relative(thumb_src[0], out, r.name)}" alt="" loading="lazy">'
                     if thumb_src else "<div class='nothumb'></div>")
            slider = " <span class='tag'>slider</span>" if r.frames else ""
            items.append(
                f'<li class="card"><a href="{_topic_page(t)}#{html.escape(r.name)}">{thumb}'
                f"<span class='card-title'>{html.escape(r.title)}{slider}</span></a>"
                f"<span class='card-text'>{summary_line(r.description)}</span>"
                f"{'' if r.passed else _status(r)}</li>")
        cards.append(f'<section class="topic" id="{t}"><h2><a href="{_topic_page(t)}">'
                     f"{html.escape(TOPICS[t])}</a></h2><ul class='cards'>{''.join(items)}</ul>"
                     "</section>")
    toc = "<ol>" + "".join(f'<li><a href="#{t}">{html.escape(TOPICS[t])}</a></li>'
                           for t in topics) + "</ol>"
    index = out / "index.html"
    index.write_text(page.render("Course map", toc, "\n".join(cards), "index"), encoding="utf-8")

    for t in topics:
        mine = by_topic[t]
        toc = "<ol>" + "".join(f'<li><a href="#{html.escape(r.name)}">{html.escape(r.title)}</a>'
                               f"{'' if r.passed else ' &#10007;'}</li>" for r in mine) + "</ol>"
        body = "\n".join(_demo_section(r, out, known) for r in mine)
        (out / _topic_page(t)).write_text(page.render(TOPICS[t], toc, body, t), encoding="utf-8")

    api_toc, api_html = api_body(api)
    (out / "api.html").write_text(page.render("API reference", f"<ol>{api_toc}</ol>", api_html,
                                              "api"), encoding="utf-8")

    summary = [{"name": r.name, "topic": r.topic, "title": r.title, "passed": r.passed,
                "seconds": r.seconds, "numbers": r.numbers, "error": r.error,
                "warnings": r.warnings,
                "figures": [os.fspath(p) for p in r.figures],
                "frames": [{"label": fs.label, "values": fs.values, "animate": fs.animate}
                           for fs in r.frames],
                "checks": [{"claim": c.claim, "passed": c.passed, "detail": c.detail}
                           for c in r.checks]}
               for r in results]
    (out / "results.json").write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    return index
