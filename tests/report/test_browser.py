"""The fast tour's report opened in a real browser (headless Chromium through Playwright).

Every page loads without a console error, broken image or broken link; the table of
contents navigates; a slider swaps the displayed figure and play advances an animation;
the source code expands; formulas are rendered MathML, not raw LaTeX.

Uses the system Chromium (``apt-get install chromium``; ``.ci/run`` installs it). With
``SYLLABUS_SCREENSHOTS=<dir>`` it also writes screenshots of the index and one topic page
(``make screenshots``).
"""

from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

CHROMIUM = os.environ.get("SYLLABUS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed (pip install -e .[dev])")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    from syllabus import cli

    if os.environ.get("SYLLABUS_TEST_REPORT"):  # an existing report, to iterate on the test
        return Path(os.environ["SYLLABUS_TEST_REPORT"])
    out = tmp_path_factory.mktemp("tour") / "report"
    # The whole fast tour (a failing demo is test_all_demos's business: the report is written
    # either way and must still be sound).
    cli.main(["tour", "--fast", "--quiet", "--jobs", "2", "--out", str(out)])
    assert (out / "index.html").exists()
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"failed request {r.url}"))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, errors


def test_every_page_loads_cleanly_with_working_images_and_links(report, browser):
    pages = sorted(report.glob("*.html"))
    assert {"index.html", "api.html"} <= {p.name for p in pages}
    assert len([p for p in pages if p.name.startswith("topic-")]) >= 5
    parsed = {p.name: _parse(p) for p in pages}
    for path in pages:
        page, errors = _open(browser, path.as_uri())
        # thumbnails load lazily: ask for all of them, then wait until each has settled
        page.evaluate("() => document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
        page.wait_for_function("() => Array.from(document.images).every(i => i.complete)",
                               timeout=60_000)
        broken = page.evaluate(
            "() => Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
            ".map(i => i.getAttribute('src'))")
        assert not broken, (path.name, broken[:5])
        assert not errors, (path.name, errors[:5])
        page.close()
        for href in parsed[path.name].hrefs:
            url = urlparse(href)
            assert url.scheme in ("", "file"), (path.name, href)  # offline: no network links
            target = path.name if not url.path else unquote(url.path)
            assert target in parsed, (path.name, href)
            if url.fragment:
                assert url.fragment in parsed[target].ids, (path.name, href)


def test_toc_navigates_sliders_swap_figures_and_code_expands(report, browser):
    topic = report / "topic-kernels-svm.html"
    page, errors = _open(browser, topic.as_uri())
    # the sticky table of contents jumps to a demo
    link = page.locator("nav.toc ol a").nth(2)
    target = link.get_attribute("href").lstrip("#")
    link.click()
    page.wait_for_function(f"() => location.hash === '#{target}'")
    top = page.evaluate(f"() => document.getElementById('{target}').getBoundingClientRect().top")
    assert 0 <= top < 200
    assert page.locator("nav.toc").is_visible()  # still there after scrolling (sticky)

    # a slider swaps the displayed figure (real keyboard input on the range)
    frames = page.locator("figure.frames").first
    frames.scroll_into_view_if_needed()
    shown = frames.locator(".frame-stack img:not([hidden])")
    first_src = shown.get_attribute("src")
    first_label = frames.locator("output").inner_text()
    frames.locator("input[type=range]").focus()
    page.keyboard.press("End")
    assert shown.count() == 1
    assert shown.get_attribute("src") != first_src
    assert frames.locator("output").inner_text() != first_label
    assert shown.evaluate("img => img.naturalWidth") > 0

    # the source code is collapsed, and expands on click
    details = page.locator("details.source").first
    assert details.get_attribute("open") is None
    details.locator("summary").click()
    assert details.get_attribute("open") is not None
    assert details.locator(".code").is_visible()
    assert "register(" in details.locator(".code").inner_text()

    # formulas are rendered MathML with a real size, and no raw LaTeX is left in the prose
    maths = page.locator(".desc math")
    assert maths.count() > 5
    box = maths.first.bounding_box()
    assert box and box["width"] > 5 and box["height"] > 5
    prose = " ".join(page.locator(".desc").all_inner_texts())
    assert "$" not in prose and not re.search(r"\\(frac|sum|alpha|xi)\b", prose)
    assert not errors, errors
    page.close()


def test_play_button_advances_an_animation(report, browser):
    found = None
    for path in sorted(report.glob("topic-*.html")):
        if "button" in path.read_text(encoding="utf-8") and 'class="play"' in path.read_text(
                encoding="utf-8"):
            found = path
            break
    assert found, "no animated figure in the report"
    page, errors = _open(browser, found.as_uri())
    fig = page.locator("figure.frames:has(button.play)").first
    fig.scroll_into_view_if_needed()
    rng = fig.locator("input[type=range]")
    assert rng.input_value() == "0"
    fig.locator("button.play").click()
    # Two steps forward, or to the last frame of a shorter animation.
    page.wait_for_function("el => Number(el.value) >= Math.min(2, Number(el.max))",
                           arg=rng.element_handle(), timeout=10000)
    fig.locator("button.play").click()  # pause
    value = rng.input_value()
    page.wait_for_timeout(1300)
    assert rng.input_value() == value  # paused
    assert not errors, errors
    page.close()


def test_screenshots(report, browser):
    """Screenshots of the course map and one topic page for the README (``make screenshots``)."""
    out = os.environ.get("SYLLABUS_SCREENSHOTS")
    if not out:
        pytest.skip("set SYLLABUS_SCREENSHOTS=<dir> to write screenshots")
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    page, _ = _open(browser, (report / "index.html").as_uri())
    page.screenshot(path=str(out_dir / "report-index.png"))
    page.close()
    page, _ = _open(browser, (report / "topic-kernels-svm.html").as_uri() + "#svm_effect_of_c")
    page.screenshot(path=str(out_dir / "report-topic.png"))
    page.close()
    assert (out_dir / "report-index.png").stat().st_size > 10_000
