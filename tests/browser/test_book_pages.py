"""The built book in a real browser, both editions: every page loads offline, cleanly, with its
figures and widgets, passes axe-core's WCAG 2 A and AA rules, draws its Chinese text with the
bundled font, and its language switch opens the same page in the other edition.

Pages are the ones in each edition's generated `_toc.yml` (the Chinese edition's pages carry a
`zh/` prefix here); for a notebook page the stored outputs of the notebook say how many figures
and widgets the page must show. Which page is the twin of which is worked out here from the Chinese
notebooks' own metadata (`metadata.crmlab.source`), not from the book's twin map, so a wrong map
fails. A page without a twin yet is listed at the end of the run, not failed.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
import yaml

from axe_check import axe_violations
from browser_env import BOOK_SRC, BOOK_SRC_ZH, HTML, WITHOUT_TWIN

#: Console errors that every Jupyter Book 1 page raises and that break nothing.
KNOWN_HARMLESS = (
    "Identifier 'THEBE_JS_URL' has already been declared",
    "Got invalid theme mode: . Resetting to auto.",  # pydata theme, first visit with empty storage
)
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
CONTROLS = (".widget-slider, .widget-hslider, .widget-dropdown, .widget-toggle-buttons, "
            ".widget-checkbox, .widget-radio, .widget-inline-hbox input, "
            ".widget-inline-hbox select")
#: Each edition's page prefix and source tree.
EDITIONS = {"": BOOK_SRC, "zh/": BOOK_SRC_ZH}
PAGE_LANG = {"": "en", "zh/": "zh-CN"}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
BOOK_FONT = "CRM Lab Noto Sans SC"


def toc_pages(src: Path) -> list[str]:
    """Pages of one edition, from its generated _toc.yml (root first)."""
    toc_path = src / "_toc.yml"
    if not toc_path.is_file():
        return []
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [chapter["file"] for chapter in part["chapters"]]
    return pages


def book_pages() -> list[str]:
    """Pages of both editions, the Chinese ones as ``zh/<page>``."""
    return [prefix + page for prefix, src in EDITIONS.items() for page in toc_pages(src)]


def _edition(page: str) -> tuple[str, str]:
    """``(prefix, page inside its edition)``."""
    return ("zh/", page[3:]) if page.startswith("zh/") else ("", page)


def stored_outputs(page: str) -> tuple[int, int, bool]:
    """(figures, widget views, widget state saved) in the notebook behind a page."""
    prefix, rel = _edition(page)
    path = EDITIONS[prefix] / f"{rel}.ipynb"
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


@functools.cache
def zh_originals() -> dict[str, str]:
    """``{Chinese page: the English page it translates}``: a notebook page names its English
    source in its metadata (an exercise set names its solution: the English page is the student
    version of the same set); the start page and reference pages pair by name."""
    out = {}
    for page in toc_pages(BOOK_SRC_ZH):
        path = BOOK_SRC_ZH / f"{page}.ipynb"
        if not path.is_file():
            out[page] = page
            continue
        folder, name = nbformat.read(path, as_version=4).metadata["crmlab"]["source"].split("/")
        if folder == "solutions" and page.startswith("exercises/"):
            folder = "exercises"
        out[page] = f"{folder}/{Path(name).stem}"
    return out


def expected_twin(page: str) -> str | None:
    """The page the switch of ``page`` must open, or None when it has no twin yet."""
    prefix, rel = _edition(page)
    if prefix == "zh/":
        english = zh_originals()[rel]
        return english if english in toc_pages(BOOK_SRC) else None
    chinese = {en: zh for zh, en in zh_originals().items()}.get(rel)
    return f"zh/{chinese}" if chinese else None


def test_the_book_has_pages_in_both_editions():
    pages = book_pages()
    assert pages and pages[0] == "intro", f"no pages found in {BOOK_SRC / '_toc.yml'}"
    assert {"glossary", "zh/intro", "zh/glossary"} <= set(pages), pages
    assert "zh/notebooks/00_start_here" in pages
    assert expected_twin("notebooks/00_start_here") == "zh/notebooks/00_start_here"


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


@functools.cache
def font_characters() -> frozenset[str]:
    """The characters the bundled CJK web font has a glyph for."""
    from fontTools.ttLib import TTFont

    import crmlab as crm

    return frozenset(map(chr, TTFont(crm.plots.cjk_font_path()).getBestCmap()))


#: Draws one character on a canvas: [hash of its pixels, inked pixels]. On the alphabetic
#: baseline, so the drawing does not depend on which font of the stack sets the line's metrics.
_DRAW = """const draw = (ch, family) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 64;
    const ctx = canvas.getContext('2d');
    ctx.font = `32px ${family}`;
    ctx.textBaseline = 'alphabetic';
    ctx.fillText(ch, 8, 48);
    const alpha = ctx.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3);
    let hash = 0, ink = 0;
    for (const a of alpha) { hash = (hash * 31 + a) >>> 0; ink += a > 0; }
    return [hash, ink];
  };"""
#: Chinese characters of the page grouped by the font stack of the element that shows them (up to
#: ``per`` of each), each drawn in that stack and in the bundled font alone: [stack, [[char,
#: [hash, ink] in the stack, [hash, ink] in the bundled font], ...]].
_PAGE_GLYPHS = """async ([ours, per]) => {
  %s
  const found = new Map(), walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const chars = node.nodeValue.match(/[\u4e00-\u9fff]/g);
    if (!el || !chars || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
    const family = getComputedStyle(el).fontFamily;
    const set = found.get(family) || new Set();
    for (const ch of chars) { if (set.size < per) set.add(ch); }
    found.set(family, set);
  }
  const all = [...found.values()].flatMap(set => [...set]).join('');
  await document.fonts.load(`32px "${ours}"`, all);
  return [...found].map(([family, set]) =>
    [family, [...set].map(ch => [ch, draw(ch, family), draw(ch, `"${ours}"`)])]);
}""" % _DRAW
_DRAW_ALL = "([chars, family]) => { %s return chars.map(ch => draw(ch, family)); }" % _DRAW


def glyph_problems(pg, text: str) -> list[str]:
    """Chinese text that would not render as its own glyphs from the bundled font: characters the
    font lacks, and, for each font stack the page shows Chinese in, sample characters drawn blank,
    identical to each other (the fallback box) or not by the bundled font."""
    missing = sorted(set(CJK.findall(text)) - font_characters())
    problems = [f"characters not in the bundled font: {''.join(missing)}"] if missing else []
    for family, drawn in pg.evaluate(_PAGE_GLYPHS, [BOOK_FONT, 8]):
        blank = "".join(ch for ch, (_h, ink), _ in drawn if not ink)
        foreign = "".join(ch for ch, in_stack, ours in drawn if in_stack != ours)
        shapes = {tuple(in_stack) for _ch, in_stack, _ in drawn}
        if blank:
            problems.append(f"drawn blank in {family}: {blank}")
        if len(shapes) < len(drawn):
            problems.append(f"{len(drawn)} different characters drawn as {len(shapes)} shapes "
                            f"(boxes?) in {family}: {''.join(ch for ch, *_ in drawn)}")
        if foreign:
            problems.append(f"not drawn with the bundled font {BOOK_FONT} in {family}: "
                            f"{foreign}")
    return problems


_SOURCE = "document.querySelector('meta[name=\"crmlab-source\"]')?.content ?? null"


def follow_switch(pg, page: str, book_url: str) -> list[str]:
    """Click the page's language switch and check where it lands; returns the problems."""
    prefix, _rel = _edition(page)
    other = "" if prefix else "zh/"
    link = pg.locator(".crmlab-edition-link")
    if link.count() != 1 or not link.first.is_visible():
        return [f"{link.count()} visible language switches (want one)"]
    twin, label, source = expected_twin(page), link.inner_text().strip(), pg.evaluate(_SOURCE)
    want = twin or f"{other}intro"
    with pg.expect_navigation(wait_until="domcontentloaded"):
        link.click()
    problems = []
    landed = urlsplit(pg.url).path[len(urlsplit(book_url).path):].lstrip("/")
    if landed != f"{want}.html":
        problems.append(f"the switch ({label!r}) opened {landed}, not {want}.html")
    lang = pg.evaluate("document.documentElement.lang")
    if lang != PAGE_LANG[other]:
        problems.append(f"the switch opened a page with lang={lang!r}")
    if twin and (landed_source := pg.evaluate(_SOURCE)) != source:
        problems.append(f"the page it opened is made from {landed_source}, this page from {source}")
    if not twin:
        WITHOUT_TWIN.append(page)
    return problems


@pytest.mark.parametrize("page", book_pages() or ["intro"])
def test_page_loads_offline_accessible_with_figures_widgets_links_and_switch(
        page, browser, book_url, screenshots, axe_source):
    figures, widgets, state_saved = stored_outputs(page)
    if widgets:
        assert state_saved, (f"{page}.ipynb shows widgets but has no saved widget state: "
                             "store its outputs with `make execute NB=...` "
                             "(nbclient saves the state)")
    prefix, _rel = _edition(page)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    following = []  # set once the switch is clicked: the twin page's own visit loads the rest

    def route(r):
        host = urlsplit(r.request.url).hostname
        if following and r.request.resource_type != "document" and host == "127.0.0.1":
            r.abort()
        elif r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            problems.append("request to an outside host (the book must be offline): "
                            f"{r.request.url}")
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    watchers = {
        "requestfailed": lambda r: problems.append(f"failed request {r.url}: {r.failure}"),
        "response": lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico")
        and problems.append(f"HTTP {r.status} for {r.url}"),
        "pageerror": lambda e: None if any(k in str(e) for k in KNOWN_HARMLESS)
        else problems.append(f"JavaScript error: {e}"),
        "console": lambda m: m.type == "error" and not any(k in m.text for k in KNOWN_HARMLESS)
        and problems.append(f"console error: {m.text}"),
    }
    for event, handler in watchers.items():
        pg.on(event, handler)
    try:
        pg.goto(f"{book_url}/{page}.html", wait_until="networkidle")
        pg.evaluate("document.fonts.ready.then(() => true)")
        assert pg.get_attribute("html", "lang") == PAGE_LANG[prefix], page
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
        text = pg.inner_text("body")
        if prefix == "zh/":
            assert len(IDEOGRAPH.findall(text)) >= 20, f"{page}: hardly any Chinese on the page"
        if IDEOGRAPH.search(text):
            loaded = pg.evaluate(
                f"[...document.fonts].some(f => f.family.includes('{BOOK_FONT}') "
                "&& f.status === 'loaded')")
            assert loaded, (f"{page}: Chinese text on the page but the course's CJK web font "
                            "did not load")
            glyphs = glyph_problems(pg, text)
            assert not glyphs, f"{page}: " + "; ".join(glyphs)
        links = pg.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        internal = {u for u in links if u.startswith(book_url)}
        bad = [p for u in sorted(internal) if (p := _target_exists(u, book_url))]
        assert not bad, f"{page}: internal links that do not resolve: {bad}"
        for event, handler in watchers.items():  # the twin page is checked on its own visit
            pg.remove_listener(event, handler)
        following.append(True)
        switch = follow_switch(pg, page, book_url)
        assert not switch, f"{page}: " + "; ".join(switch)
    finally:
        context.close()
    assert not problems, f"{page}: " + "; ".join(problems)


class _Interface(HTMLParser):
    """Texts and interface attributes of a page outside its article, with the language of the
    element that holds them."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}
    SKIP = {"script", "style", "article", "title", "kbd"}
    SKIP_CLASSES = {"page-toc", "onlyprint"}  # the article's headings (sidebar, print copy)

    def __init__(self, lang: str):
        super().__init__()
        self.stack: list[tuple[str, str, bool]] = [("", lang, False)]
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        _t, lang, skip = self.stack[-1]
        attrs = dict(attrs)
        lang = attrs.get("lang") or lang
        skip = (skip or tag in self.SKIP
                or bool(self.SKIP_CLASSES & set((attrs.get("class") or "").split())))
        if not skip:
            self.found += [(lang, attrs[a]) for a in ("title", "aria-label", "placeholder",
                                                      "data-bs-title", "alt") if attrs.get(a)]
        if tag not in self.VOID:
            self.stack.append((tag, lang, skip))

    def handle_endtag(self, tag):
        if tag in self.VOID:  # <br/> and the like were never pushed: popping would lose the article
            return
        while len(self.stack) > 1:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        _t, lang, skip = self.stack[-1]
        if data.strip() and not skip:
            self.found.append((lang, data.strip()))


def english_interface(html: str) -> list[str]:
    """Interface words of a Chinese page in English: texts and tooltips outside the article that
    have no Chinese, a word of three letters or more, and no English ``lang`` of their own."""
    parser = _Interface("zh-CN")
    parser.feed(html)
    return sorted({text for lang, text in parser.found
                   if lang.startswith("zh") and not IDEOGRAPH.search(text)
                   and re.search(r"[A-Za-z]{3,}", text) and not text.startswith(".")})


def test_chinese_edition_interface_is_in_chinese():
    """Every page of the Chinese edition (and its search page) speaks Chinese outside the
    article: the theme's words come from its Chinese catalogues or book/crmlab_edition.py."""
    pages = [f"{page}.html" for page in toc_pages(BOOK_SRC_ZH)] + ["search.html"]
    english = {page: found for page in pages
               if (found := english_interface((HTML / "zh" / page).read_text(encoding="utf-8")))}
    assert not english, english
    # negative control: the English edition's interface is found
    assert "Toggle primary sidebar" in english_interface(
        (HTML / "intro.html").read_text(encoding="utf-8").replace('lang="en"', ""))


def test_chinese_search_finds_a_glossary_term_as_one_word(browser, book_url):
    """The Chinese edition's search index splits Chinese into words (jieba, with the glossary's
    terms as words): a search for 核心客户 lists the glossary."""
    pg = browser.new_page()
    try:
        pg.goto(f"{book_url}/zh/search.html?q=核心客户", wait_until="networkidle")
        pg.wait_for_selector("#search-results ul.search li a", timeout=15_000)
        found = pg.eval_on_selector_all("#search-results ul.search li a",
                                        "els => els.map(e => e.getAttribute('href'))")
    finally:
        pg.close()
    assert any(href.startswith("glossary.html") for href in found), found


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


def test_glyph_check_fails_on_boxes_and_on_characters_the_font_lacks(browser, book_url):
    """Negative control: characters with no glyph (private use) draw as one box shape, and a
    character outside the bundled font's GB2312 subset is named."""
    pg = browser.new_page()
    try:
        pg.goto(f"{book_url}/zh/intro.html", wait_until="load")
        drawn = pg.evaluate(_DRAW_ALL, [["\ue000", "\ue001", "\ue002"], "sans-serif"])
        assert len({tuple(shape) for shape in drawn}) == 1, drawn
        assert "characters not in the bundled font: 㐀" in glyph_problems(pg, "客户㐀")
        assert glyph_problems(pg, "客户关系管理") == []
    finally:
        pg.close()
