"""Sphinx extension of the CRM Lab book: the language switch on every page.

Each edition's source tree holds ``_edition.json`` (written by ``tools/book.py``): which edition
it is, where the other edition's root lies relative to this one, the key of every page (the
English file it is made from) and the map of twin pages. On every page this extension puts into
the article header (``edition-switch.html``) a link that opens the same page in the other
edition, or, for a page without a twin yet, the other edition's start page with a note; it sets
the page's ``lang`` to a valid language tag (``zh-CN``), names the page's key in
``<meta name="crmlab-source">`` and its twin in ``<link rel="alternate" hreflang>``.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

#: What the switch says, by the edition of the page it is on.
LABELS = {
    "en": {"lang": "zh-CN", "twin": "中文", "title": "本页的中文版",
           "home": "中文版首页", "note": "（本页尚无中文版）"},
    "zh": {"lang": "en", "twin": "English", "title": "This page in the English edition",
           "home": "English edition", "note": "(no English page yet)"},
}
#: The ``lang`` of each edition's pages (Sphinx's ``zh_CN`` is not a valid language tag).
PAGE_LANG = {"en": "en", "zh": "zh-CN"}
SWITCH_TEMPLATE = "edition-switch.html"
#: Pages Sphinx makes in every edition: each is its own twin.
BUILT_IN_PAGES = ("search", "genindex")
#: Interface words of the theme (sphinx-book-theme 1.3, pydata-sphinx-theme 0.17) that its
#: Chinese catalogues leave in English or word in traditional usage, as they appear in a page's
#: attributes (tooltips and landmark names), and their simplified Chinese.
ZH_INTERFACE = {
    'title="Toggle primary sidebar"': 'title="显示或隐藏左侧导航栏"',
    'title="Toggle secondary sidebar"': 'title="显示或隐藏本页目录"',
    'aria-label="Main"': 'aria-label="全书目录"',
    'aria-label="Page"': 'aria-label="本页"',
    'aria-label="Color mode"': 'aria-label="颜色模式"',
    'data-bs-title="Color mode"': 'data-bs-title="颜色模式"',
    'title="System Settings"': 'title="跟随系统设置"',
    'aria-label="Breadcrumb"': 'aria-label="页面路径"',
    "列印成 PDF": "打印为 PDF",
    "© Copyright ": "© 版权所有 ",
}


def switch_for(data: dict, pagename: str) -> dict:
    """The switch of page ``pagename``: link, label, note and the page it opens."""
    twin = pagename if pagename in BUILT_IN_PAGES else data["twins"].get(pagename)
    labels = LABELS[data["edition"]]
    target = twin or data["other_home"]
    href = "../" * pagename.count("/") + data["other_root"] + target + ".html"
    return {"href": href, "lang": labels["lang"], "twin": twin or "",
            "label": labels["twin"] if twin else labels["home"],
            "title": labels["title"] if twin else "", "note": "" if twin else labels["note"]}


def _configure(app, config) -> None:
    path = Path(app.srcdir) / "_edition.json"
    app.crmlab_edition = data = json.loads(path.read_text(encoding="utf-8"))
    options = config.html_theme_options
    end = list(options.get("article_header_end") or ["article-header-buttons.html"])
    if SWITCH_TEMPLATE not in end:
        end.insert(0, SWITCH_TEMPLATE)
    options["article_header_end"] = end
    if data.get("search_bar_text"):
        options["search_bar_text"] = data["search_bar_text"]
    if data.get("search_dict"):
        config.html_search_options = {**(config.html_search_options or {}),
                                      "dict": str(Path(app.srcdir) / data["search_dict"])}


def localise(html: str) -> str:
    """A rendered page of the Chinese edition with :data:`ZH_INTERFACE` put into Chinese."""
    for english, chinese in ZH_INTERFACE.items():
        html = html.replace(english, chinese)
    return html


def _builder_inited(app) -> None:
    templates = getattr(app.builder, "templates", None)
    if app.crmlab_edition["edition"] != "zh" or templates is None:
        return
    render = templates.render
    templates.render = lambda template, context: localise(render(template, context))


def _page_context(app, pagename, templatename, context, doctree) -> None:
    data = app.crmlab_edition
    switch = switch_for(data, pagename)
    context["crmlab_switch"] = switch
    context["language"] = PAGE_LANG[data["edition"]]
    tags = []
    if pagename in data["sources"]:
        tags.append(f'<meta name="crmlab-source" content="{escape(data["sources"][pagename])}">')
    if switch["twin"]:
        tags.append(f'<link rel="alternate" hreflang="{switch["lang"]}" '
                    f'href="{escape(switch["href"])}">')
    context["metatags"] = context.get("metatags", "") + "\n".join(["", *tags])


def setup(app):
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
