"""Text rendering for the report: demo descriptions with LaTeX, numbers, source code.

A demo's docstring follows the convention of the demos (see ``syllabus.demos``):
paragraphs separated by blank lines; formulas in LaTeX between ``$$ ... $$`` (display)
or ``$ ... $`` (inline), rendered to MathML here (no JavaScript); a paragraph starting
``What to notice:`` is set apart. ``\\$`` is a literal dollar sign.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$")
_NOTICE = "What to notice:"


@lru_cache(maxsize=4096)
def latex_to_mathml(latex: str, display: bool = False) -> str:
    """MathML for ``latex`` (via latex2mathml); the escaped source if it cannot be parsed.

    Parameters
    ----------
    latex : str
        A LaTeX formula without its ``$`` delimiters.
    display : bool, default=False
        A display (block) formula rather than an inline one.

    Returns
    -------
    str
        A ``<math>`` element, or ``<code class="tex">`` with the source when parsing fails.

    Examples
    --------
    >>> latex_to_mathml(r"x^2").startswith("<math")
    True
    """
    from latex2mathml.converter import convert

    latex = " ".join(latex.split())
    try:
        mathml = convert(latex, display="block" if display else "inline")
    except Exception:  # an unparsable formula stays readable as source
        return f'<code class="tex">{html.escape(latex)}</code>'
    # the source as annotation-free alt text for screen readers and copy-paste
    return mathml.replace("<math ", f'<math alttext="{html.escape(latex, quote=True)}" ', 1)


def _inline(text: str) -> str:
    """Escape ``text`` and render its inline ``$...$`` formulas."""
    out, pos = [], 0
    for m in _INLINE.finditer(text):
        out.append(html.escape(text[pos:m.start()]))
        out.append(latex_to_mathml(m.group(1)))
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\\$", "$")


def description_html(doc: str) -> str:
    """The HTML of a demo's docstring: paragraphs, MathML formulas, a "What to notice" box.

    Parameters
    ----------
    doc : str
        The docstring (already stripped of its common indentation or not: lines are joined).

    Returns
    -------
    str

    Examples
    --------
    >>> out = description_html("The margin is $2/\\\\|w\\\\|$.\\n\\nWhat to notice: it grows.")
    >>> "<math" in out and 'class="notice"' in out
    True
    """
    # Display formulas first: they may span lines and blank lines never occur inside them.
    blocks: list[str] = []

    def keep(m: re.Match) -> str:
        blocks.append(latex_to_mathml(m.group(1), display=True))
        return f"\n\n\x00{len(blocks) - 1}\x00\n\n"

    text = _DISPLAY.sub(keep, doc)
    parts = []
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(line.strip() for line in para.strip().splitlines())
        if not para:
            continue
        pieces = re.split(r"\x00(\d+)\x00", para)
        # pieces alternate text, block index, text...
        chunks = []
        for i, piece in enumerate(pieces):
            if i % 2:
                chunks.append(f'<div class="math-block">{blocks[int(piece)]}</div>')
            elif piece.strip():
                chunks.append(_inline(piece.strip()))
        body = "".join(chunks)
        if para.startswith(_NOTICE):
            rest = body[len(_NOTICE):].strip()
            parts.append(f'<p class="notice"><strong>{_NOTICE}</strong> {rest}</p>')
        elif all(i % 2 or not p.strip() for i, p in enumerate(pieces)):
            parts.append(body)  # display formulas only
        else:
            parts.append(f"<p>{body}</p>")
    return "\n".join(parts)


def summary_line(doc: str, limit: int = 220) -> str:
    """The first sentence of a docstring as HTML (inline formulas rendered).

    Examples
    --------
    >>> summary_line("A margin $2/w$ here. More text.").startswith("A margin <math")
    True
    """
    text = " ".join(_DISPLAY.sub(" ", doc).split())
    text = text.split(_NOTICE)[0]
    # the first full stop that is outside a formula and followed by a space
    inside, end = False, len(text)
    for i, ch in enumerate(text):
        if ch == "$" and (i == 0 or text[i - 1] != "\\"):
            inside = not inside
        elif ch in ".!?" and not inside and (i + 1 == len(text) or text[i + 1] == " "):
            end = i + 1
            break
    first = text[:end]
    if len(first) > limit:
        cut = first[:limit]
        if cut.count("$") % 2:
            cut = cut[: cut.rfind("$")]
        first = cut.rstrip() + "…"
    return _inline(first)


def format_value(value: object) -> str:
    """A number (or list of numbers) rounded for reading, as escaped HTML.

    Examples
    --------
    >>> format_value(0.123456789), format_value([1.0, 2.5e-7]), format_value(3)
    ('0.1235', '1, 2.5e-07', '3')
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        if len(value) > 12:
            shown = ", ".join(format_value(v) for v in value[:12])
            return f"{shown}, … ({len(value)} values)"
        return ", ".join(format_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{html.escape(str(k))}: {format_value(v)}" for k, v in value.items())
    return html.escape(str(value))


def highlight_python(source: str) -> str:
    """Syntax-highlighted HTML of Python ``source`` (pygments; plain ``<pre>`` without it)."""
    try:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer
    except ImportError:  # pragma: no cover - pygments is a dependency
        return f'<pre class="code">{html.escape(source)}</pre>'
    return highlight(source, PythonLexer(), HtmlFormatter(cssclass="code", nowrap=False))


def pygments_css() -> str:
    """The CSS of :func:`highlight_python`'s token classes."""
    try:
        from pygments.formatters import HtmlFormatter
    except ImportError:  # pragma: no cover
        return ""
    return HtmlFormatter(style="friendly").get_style_defs(".code")
