"""The built book in a real browser: every page loads offline, cleanly, with its figures and
widgets, and passes axe-core's WCAG 2 A and AA rules.

Pages are the ones in the built book's `_toc.yml`; for a notebook page the stored outputs of the
notebook say how many figures and widgets the page must show.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
import yaml

from axe_check import axe_violations
from browser_env import BOOK_SRC, HTML

#: Console errors that every Jupyter Book 1 page raises and that break nothing.
KNOWN_HARMLESS = (
    "Identifier 'THEBE_JS_URL' has already been declared",
    "Got invalid theme mode: . Resetting to auto.",  # pydata theme, first visit with empty storage
)
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
CONTROLS = (".widget-slider, .widget-hslider, .widget-dropdown, .widget-toggle-buttons, "
            ".widget-checkbox, .widget-radio, .widget-inline-hbox input, "
            ".widget-inline-hbox select")


def book_pages() -> list[str]:
    """Pages of the built book, from its generated _toc.yml (root first)."""
    toc_path = BOOK_SRC / "_toc.yml"
    if not toc_path.is_file():
        return []
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [chapter["file"] for chapter in part["chapters"]]
    return pages


def stored_outputs(page: str) -> tuple[int, int, bool]:
    """(figures, widget views, widget state saved) in the notebook behind a page."""
    path = BOOK_SRC / f"{page}.ipynb"
    if not path.is_file():
        return 0, 0, False
    nb = nbformat.read(path, as_version=4)
    figures = widgets = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_MIME in data:
                widgets += 1  # shown as the widget; its static PNG is the fallback only
            elif any(k.startswith("image/") for k in data):
                figures += 1
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    return figures, widgets, bool(state.get("state"))


def test_the_book_has_pages():
    pages = book_pages()
    assert pages and pages[0] == "intro", f"no pages found in {BOOK_SRC / '_toc.yml'}"
    assert "glossary" in pages


def _target_exists(url: str, base: str) -> str | None:
    """None when an internal link resolves to a built file (and anchor); else the problem."""
    parts = urlsplit(url)
    rel = unquote(parts.path)[len(urlsplit(base).path):].lstrip("/")
    target = HTML / rel
    if rel == "" or target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return f"{url}: no file {target.relative_to(HTML)}"
    if parts.fragment and target.suffix == ".html":
        html = target.read_text(encoding="utf-8", errors="replace")
        if f'id="{unquote(parts.fragment)}"' not in html:
            return f"{url}: no anchor #{parts.fragment} in {target.relative_to(HTML)}"
    return None


@pytest.mark.parametrize("page", book_pages() or ["intro"])
def test_page_loads_offline_accessible_with_figures_widgets_and_links(page, browser, book_url,
                                                                      screenshots, axe_source):
    figures, widgets, state_saved = stored_outputs(page)
    if widgets:
        assert state_saved, (f"{page}.ipynb shows widgets but has no saved widget state: "
                             "store its outputs with `make execute NB=...` "
                             "(nbclient saves the state)")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    problems: list[str] = []

    def route(r):
        host = urlsplit(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            problems.append("request to an outside host (the book must be offline): "
                            f"{r.request.url}")
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.on("requestfailed", lambda r: problems.append(f"failed request {r.url}: {r.failure}"))
    pg.on("response", lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico")
          and problems.append(f"HTTP {r.status} for {r.url}"))
    pg.on("pageerror", lambda e: None if any(k in str(e) for k in KNOWN_HARMLESS)
          else problems.append(f"JavaScript error: {e}"))
    pg.on("console", lambda m: m.type == "error" and not any(k in m.text for k in KNOWN_HARMLESS)
          and problems.append(f"console error: {m.text}"))
    try:
        pg.goto(f"{book_url}/{page}.html", wait_until="networkidle")
        pg.evaluate("document.fonts.ready.then(() => true)")
        if widgets:
            pg.wait_for_selector(".cell_output .jupyter-widgets", timeout=15_000)
            pg.wait_for_timeout(500)
        shot = screenshots / f"book_{page.replace('/', '__')}.png"
        pg.screenshot(path=str(shot), full_page=False)
        if widgets:
            pg.locator(".cell_output .jupyter-widgets").first.scroll_into_view_if_needed()
            pg.wait_for_timeout(300)
            pg.screenshot(path=str(shot.with_name(shot.stem + "__widget.png")), full_page=False)

        images = pg.eval_on_selector_all(".cell_output img", """els => els.map(e => [
            e.currentSrc.slice(0, 60), e.complete && e.naturalWidth > 0,
            (e.getAttribute('alt') || '').trim()])""")
        assert len(images) >= figures, (f"{page}: {figures} stored figures but "
                                        f"{len(images)} images on the page")
        broken = [src for src, ok, _alt in images if not ok]
        assert not broken, f"{page}: images that did not load: {broken}"
        # axe accepts alt="" (decorative), but every course figure says something
        no_alt = [src for src, _ok, alt in images if not alt]
        assert not no_alt, f"{page}: figures without alt text: {no_alt}"
        violations = axe_violations(pg, axe_source)
        assert not violations, f"{page}: " + "\n".join(violations)
        if widgets:
            controls = pg.locator(f".cell_output :is({CONTROLS})")
            assert controls.count() >= 1, f"{page}: widgets stored but no widget control rendered"
            assert controls.first.is_visible()
        if re.search(r"[\u4e00-\u9fff]", pg.inner_text("body")):
            loaded = pg.evaluate(
                "[...document.fonts].some(f => f.family.includes('CRM Lab Noto Sans SC') "
                "&& f.status === 'loaded')")
            assert loaded, (f"{page}: Chinese text on the page but the course's CJK web font "
                            "did not load")
        links = pg.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        internal = {u for u in links if u.startswith(book_url)}
        bad = [p for u in sorted(internal) if (p := _target_exists(u, book_url))]
        assert not bad, f"{page}: internal links that do not resolve: {bad}"
    finally:
        context.close()
    assert not problems, f"{page}: " + "; ".join(problems)


def test_axe_reports_unnamed_sliders_and_figures_without_alt(browser, axe_source):
    """Negative control: the page check fails on what the book's widgets once had."""
    pg = browser.new_page()
    try:
        pg.set_content('<!doctype html><html lang="en"><title>t</title><main>'
                       '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                       '<div role="slider" tabindex="0" aria-valuenow="1" aria-valuemin="0"'
                       ' aria-valuemax="2"></div></main></html>')
        found = axe_violations(pg, axe_source)
    finally:
        pg.close()
    rules = [line.split(" (")[0] for line in found]
    assert rules == ["axe aria-input-field-name", "axe image-alt"], found
