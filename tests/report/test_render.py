"""The report's rendering of the demo docstring convention, numbers and the API page."""

import re
import xml.etree.ElementTree as ET

from syllabus.demos import all_demos
from syllabus.report._api import api_body, collect
from syllabus.report._text import description_html, format_value, summary_line

DOC = r"""The margin is $2/\|w\|$ and costs \$5.

$$\min_{w} \tfrac{1}{2}\|w\|^2 \quad\text{s.t.}\quad y_i (w^\top x_i + b) \ge 1$$

What to notice: only $\alpha_i > 0$ points matter."""


def test_docstring_convention_becomes_paragraphs_mathml_and_a_notice():
    out = description_html(DOC)
    # three blocks: a paragraph, a display formula, the notice
    assert out.count("<p>") == 1 and out.count('<div class="math-block">') == 1
    assert out.count('<p class="notice"><strong>What to notice:</strong>') == 1
    assert "$" not in out.replace("$5", "")  # delimiters consumed, the escaped dollar kept
    assert "costs $5" in out
    maths = re.findall(r"<math.*?</math>", out, flags=re.S)
    assert len(maths) == 3
    assert 'display="block"' in maths[1] and 'display="inline"' in maths[0]
    for m in maths:  # well-formed XML, the source kept as alt text
        assert ET.fromstring(m).tag.endswith("math")
    assert 'alttext="\\alpha_i &gt; 0"' in maths[2]
    # the subscript is real MathML structure, not text
    assert "<msub>" in maths[2] and "alpha" not in re.sub(r'alttext="[^"]*"', "", maths[2])


def test_summary_line_stops_at_the_first_sentence_outside_formulas():
    line = summary_line(r"A rate $\eta = 0.1$. is slow. Second sentence.")
    assert line.startswith("A rate <math") and line.endswith("</math>.")
    assert "is slow" not in line and "Second" not in line


def test_numbers_are_rounded_for_reading():
    assert format_value(3.14159265) == "3.142"
    assert format_value(1.23456e-9) == "1.235e-09"
    assert format_value([1.0, 0.123456, 7]) == "1, 0.1235, 7"
    assert format_value(list(range(20))).endswith("(20 values)")
    assert format_value(True) == "yes" and format_value("<b>") == "&lt;b&gt;"


def test_every_shipped_demo_follows_the_docstring_convention():
    for demo in all_demos():
        if not demo.func.__module__.startswith("syllabus.demos."):
            continue
        doc = demo.description
        assert "What to notice:" in doc, demo.name
        assert "$" in doc, (demo.name, "no formula")
        assert doc.count("$$") % 2 == 0 and doc.replace("$$", "").count("$") % 2 == 0, demo.name
        assert not re.search(r"\b(seed|lecture) \d{3}\b", doc, flags=re.I), demo.name
        assert demo.title and "_" not in demo.title, demo.name
        out = description_html(doc)
        assert "<math" in out and '<code class="tex">' not in out, demo.name


def test_api_reference_lists_public_names_with_their_numpydoc_sections():
    entries = collect(("syllabus.kernels", "syllabus.svm"))
    names = {e.name for items in entries.values() for e in items}
    assert {"rbf_kernel", "SVC"} <= names
    toc, body = api_body(entries)
    assert 'id="syllabus.svm.SVC"' in body and 'href="#syllabus.kernels"' in toc
    svc = body[body.index('id="syllabus.svm.SVC"'):]
    svc = svc[:svc.index('<div class="api-entry"', 10) if '<div class="api-entry"' in svc[10:] else None]
    assert "<h5>Parameters</h5>" in svc and "<dt><code>C : " in svc
    assert "<h5>Methods</h5>" in svc and "<code>fit</code>" in svc


def test_figures_show_at_one_size_whatever_dpi_they_were_saved_at(tmp_path):
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from syllabus.report._html import _size

    sizes = []
    for dpi in (100, 150):
        fig, _ = plt.subplots(figsize=(4, 3))
        fig.savefig(tmp_path / f"f{dpi}.png", dpi=dpi)
        plt.close(fig)
        sizes.append(_size(tmp_path / f"f{dpi}.png"))
    assert sizes[0] == sizes[1] == ' width="400" height="300"'
