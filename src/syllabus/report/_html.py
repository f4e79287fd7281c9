"""Render tour results as one self-contained HTML page, figures embedded as base64 PNG."""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Sequence
from pathlib import Path

from ..demos import TOPICS, DemoResult

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{margin-bottom:.2em} h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
.demo{border:1px solid #e3e3e3;border-radius:8px;padding:1em 1.2em;margin:1.2em 0}
.demo h3{margin:.1em 0 .4em} .desc{color:#444}
.pass{color:#1a7f37;font-weight:600} .fail{color:#cf222e;font-weight:600}
table{border-collapse:collapse;margin:.5em 0} td,th{border:1px solid #ddd;padding:.25em .6em;
text-align:left;font-size:.92em} th{background:#f6f8fa}
.figs img{max-width:100%;margin:.4em .4em 0 0;border:1px solid #eee}
ul.checks{list-style:none;padding-left:0} ul.checks li{margin:.15em 0}
pre{background:#fff5f5;border:1px solid #f0c0c0;padding:.6em;overflow:auto;font-size:.85em}
nav a{margin-right:1em} .muted{color:#777;font-size:.9em}
"""


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return html.escape(str(value))


def _demo_html(r: DemoResult) -> str:
    status = '<span class="pass">passed</span>' if r.passed else '<span class="fail">FAILED</span>'
    parts = [f'<div class="demo" id="{html.escape(r.name)}">',
             f"<h3>{html.escape(r.title)} <span class='muted'>({html.escape(r.name)}, "
             f"{r.seconds:.1f} s)</span> {status}</h3>"]
    if r.description:
        parts.append(f'<p class="desc">{html.escape(r.description)}</p>')
    if r.numbers:
        rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{_fmt(v)}</td></tr>"
                       for k, v in r.numbers.items())
        parts.append(f"<table>{rows}</table>")
    if r.checks:
        items = "".join(
            f"<li>{'<span class=pass>&#10003;</span>' if c.passed else '<span class=fail>&#10007;</span>'}"
            f" {html.escape(c.claim)}"
            + (f" <span class='muted'>({html.escape(c.detail)})</span>" if c.detail else "")
            + "</li>"
            for c in r.checks
        )
        parts.append(f'<ul class="checks">{items}</ul>')
    if r.figures:
        imgs = "".join(
            f'<img alt="{html.escape(p.stem)}" src="data:image/png;base64,'
            f'{base64.b64encode(Path(p).read_bytes()).decode()}">'
            for p in r.figures
        )
        parts.append(f'<div class="figs">{imgs}</div>')
    if r.error:
        parts.append(f"<pre>{html.escape(r.error)}</pre>")
    parts.append("</div>")
    return "\n".join(parts)


def write_report(results: Sequence[DemoResult], out_dir: str | Path, *, title: str = "syllabus tour") -> Path:
    """Write ``index.html`` (and ``results.json``) for ``results`` into ``out_dir``.

    The page lists the demos by lecture topic with their numbers, checks and figures.

    Parameters
    ----------
    results : sequence of DemoResult
        As returned by :func:`syllabus.demos.run_demo`.
    out_dir : str or Path
        Created if needed.
    title : str, default="syllabus tour"
        Page title.

    Returns
    -------
    Path
        The path of ``index.html``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n_pass = sum(r.passed for r in results)
    n_checks = sum(len(r.checks) for r in results)
    n_checks_ok = sum(c.passed for r in results for c in r.checks)
    by_topic: dict[str, list[DemoResult]] = {}
    for r in results:
        by_topic.setdefault(r.topic, []).append(r)
    nav = " ".join(f'<a href="#topic-{t}">{html.escape(TOPICS[t])}</a>' for t in TOPICS if t in by_topic)
    summary_rows = "".join(
        f"<tr><td><a href='#{html.escape(r.name)}'>{html.escape(r.name)}</a></td>"
        f"<td>{html.escape(TOPICS[r.topic])}</td><td>{sum(c.passed for c in r.checks)}/{len(r.checks)}</td>"
        f"<td>{'<span class=pass>passed</span>' if r.passed else '<span class=fail>FAILED</span>'}</td></tr>"
        for r in results
    )
    body = [
        f"<h1>{html.escape(title)}</h1>",
        f"<p>{n_pass}/{len(results)} demos passed; {n_checks_ok}/{n_checks} checks hold.</p>",
        f"<nav>{nav}</nav>",
        "<table><tr><th>demo</th><th>topic</th><th>checks</th><th>status</th></tr>"
        f"{summary_rows}</table>",
    ]
    for topic, name in TOPICS.items():
        if topic in by_topic:
            body.append(f'<h2 id="topic-{topic}">{html.escape(name)}</h2>')
            body.extend(_demo_html(r) for r in by_topic[topic])
    page = (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{_CSS}</style></head><body>{''.join(body)}</body></html>")
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    summary = [{"name": r.name, "topic": r.topic, "passed": r.passed, "seconds": r.seconds,
                "numbers": r.numbers, "error": r.error,
                "checks": [{"claim": c.claim, "passed": c.passed, "detail": c.detail} for c in r.checks]}
               for r in results]
    (out / "results.json").write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    return index
