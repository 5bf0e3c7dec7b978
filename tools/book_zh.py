"""The book's Chinese edition (中文版) and the map that pairs its pages with the English ones.

The Chinese edition is a second Jupyter Book built with ``language = "zh_CN"`` (the theme's
interface words in Chinese) and served under ``zh/`` of the English book. Its pages are the
translated notebooks in ``zh/notebooks``, ``zh/casestudies`` and ``zh/exercises`` (solutions are
never published), its own start page (``book/zh/intro.md``), the glossary with the Chinese form
first, the data dictionary with a Chinese frame, and ``INSTRUCTORS.zh.md``.

Pairing: every page of either edition has a *key*, the English file it is made from
(:func:`page_keys`). A Chinese notebook names it in its metadata, ``metadata.crmlab = {"edition":
"zh", "source": "notebooks/..."}`` (a Chinese exercise names its solution, paired with the English
student version of the same set). Two pages with the same key are twins (:func:`twins`); the
language switch on each page opens its twin, or the other edition's start page when the page has
no twin yet (``book/crmlab_edition.py`` reads the map from ``_edition.json``).
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path

import yaml

__all__ = ["ZH_CAPTIONS", "ZH_REFERENCE", "INTRO_KEY", "page_keys", "twins", "edition_json",
           "toc_zh", "zh_config", "rewrite_links", "data_dictionary_zh", "instructors_zh",
           "search_words"]

#: Captions of the Chinese edition's parts, by the folder the pages come from.
ZH_CAPTIONS = {"notebooks": "课程笔记本", "casestudies": "案例研究", "exercises": "练习",
               "reference": "参考资料"}
#: Reference pages of both editions and the key (English source) of each.
REFERENCE_KEYS = {"glossary": "glossary", "data/README": "data/README.md",
                  "instructors": "INSTRUCTORS.md"}
ZH_REFERENCE = {"data/README": "data/README.md", "instructors": "INSTRUCTORS.zh.md"}
INTRO_KEY = "intro"
FOLDERS = ("notebooks", "casestudies", "exercises")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|#|/)", re.IGNORECASE)
_MD_LINK = re.compile(r"(?<!!)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(([^)\s]+)\)")
_HTML_LINK = re.compile(r"(<a\b[^>]*?\bhref=\")([^\"]+)(\")")


def zh_pages(root: Path) -> dict[str, Path]:
    """The Chinese notebook pages, ``{book page: file}`` (``notebooks/00_start_here``)."""
    pages = {}
    for folder in FOLDERS:
        pattern = "[0-9][0-9]_*.ipynb" if folder == "notebooks" else "*.ipynb"
        pattern = "case_*.ipynb" if folder == "casestudies" else pattern
        for path in sorted((Path(root) / "zh" / folder).glob(pattern)):
            pages[f"{folder}/{path.stem}"] = path
    return pages


def _zh_key(path: Path, folder: str) -> str:
    """The key of a Chinese notebook: its English source from ``metadata.crmlab``."""
    import nbformat

    meta = nbformat.read(path, as_version=4).metadata.get("crmlab", {})
    source = meta.get("source")
    if meta.get("edition") != "zh" or not isinstance(source, str) or "/" not in source:
        raise SystemExit(f"book: {path} has no metadata.crmlab {{edition: zh, source: ...}}; "
                         "regenerate it with `make zh` so the book can pair it with its English "
                         "page")
    src_folder, name = source.split("/", 1)
    if folder == "exercises" and src_folder == "solutions":
        return f"exercises/{name}"  # a student version of the set whose solution is the source
    return source


def page_keys(root: Path, edition: str, en_pages: list[str]) -> dict[str, str]:
    """``{book page: key}`` of one edition; ``en_pages`` are the English book's pages."""
    root = Path(root)
    if edition == "en":
        return {page: (INTRO_KEY if page == "intro" else REFERENCE_KEYS.get(page, f"{page}.ipynb"))
                for page in en_pages}
    keys = {"intro": INTRO_KEY}
    keys.update({page: _zh_key(path, page.split("/")[0])
                 for page, path in zh_pages(root).items()})
    keys["glossary"] = REFERENCE_KEYS["glossary"]
    for page, source in ZH_REFERENCE.items():
        if (root / source).is_file():
            keys[page] = REFERENCE_KEYS[page]
    return keys


def twins(en_keys: dict[str, str], zh_keys: dict[str, str]) -> dict[str, str]:
    """``{English page: Chinese page}`` for every key both editions have."""
    by_key = {key: page for page, key in zh_keys.items()}
    return {page: by_key[key] for page, key in en_keys.items() if key in by_key}


def edition_json(edition: str, keys: dict[str, str], pairs: dict[str, str], **extra) -> str:
    """The ``_edition.json`` of one edition's source tree, read by ``crmlab_edition``.

    ``pairs`` is the English-to-Chinese :func:`twins` map (inverted here for the Chinese side);
    ``extra`` settings (``search_bar_text``, ``search_dict``) are passed on as they are.
    """
    if edition == "zh":
        pairs = {zh: en for en, zh in pairs.items()}
    data = {"edition": edition, "other_root": "zh/" if edition == "en" else "../",
            "other_home": "intro", "sources": keys, "twins": dict(sorted(pairs.items())), **extra}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def toc_zh(pages: list[str], reference: list[str]) -> str:
    """The Chinese edition's ``_toc.yml``: its start page, its notebooks by part, reference."""
    lines = ["# Generated by tools/book.py from the files on disk: do not edit.",
             "format: jb-book", "root: intro", "parts:"]
    for folder in (*FOLDERS, "reference"):
        files = reference if folder == "reference" else [p for p in pages
                                                         if p.startswith(f"{folder}/")]
        if files:
            lines += [f"  - caption: {ZH_CAPTIONS[folder]}", "    chapters:"]
            lines += [f"      - file: {f}" for f in files]
    return "\n".join(lines) + "\n"


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = (_merge(base[key], value) if isinstance(value, dict)
                    and isinstance(base.get(key), dict) else value)
    return out


def zh_config(english: str, overrides: str) -> str:
    """The Chinese ``_config.yml``: the English one with ``book/zh/config-overrides.yml`` merged
    in (key by key), so the two editions share every setting they do not override."""
    merged = _merge(yaml.safe_load(english), yaml.safe_load(overrides) or {})
    return ("# Generated by tools/book.py from book/_config.yml and book/zh/config-overrides.yml\n"
            + yaml.safe_dump(merged, allow_unicode=True, sort_keys=False))


def _link_html(text: str, href: str) -> str:
    inner = re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))
    return f'<a href="{html.escape(href)}">{inner}</a>'


def rewrite_links(text: str, repo_file: str, page: str, zh_targets: dict[str, str],
                  en_targets: dict[str, str]) -> str:
    """Relative links of a Chinese page (from ``repo_file``, shown as book ``page``), pointed at
    the right page of the books.

    A link to a file that has a Chinese page (``zh_targets``: repo file -> Chinese book page)
    becomes a link to that page's source, resolved by the build; a link to a file shown only in
    the English edition (``en_targets``) becomes an HTML link into ``../`` (the English book), a
    page the build of the Chinese edition cannot see. Other links are left for the build to check.

    >>> rewrite_links("[下一课](../../notebooks/01_x.ipynb#top)、[术语](../../data/README.md)",
    ...               "zh/notebooks/00_a.ipynb", "notebooks/00_a",
    ...               {"data/README.md": "data/README"}, {"notebooks/01_x.ipynb": "notebooks/01_x"})
    '<a href="../../notebooks/01_x.html#top">下一课</a>、[术语](../data/README.md)'
    """
    here = posixpath.dirname(repo_file)
    page_dir = posixpath.dirname(page)
    up = "../" * (page.count("/") + 1)

    def target(link: str) -> tuple[str, str | None, str | None]:
        path, hash_, anchor = link.partition("#")
        repo_target = posixpath.normpath(posixpath.join(here, path))
        suffix = hash_ + anchor
        if repo_target in zh_targets:
            source = zh_targets[repo_target] + posixpath.splitext(repo_target)[1]
            return suffix, posixpath.relpath(source, page_dir or "."), None
        if repo_target in en_targets:
            return suffix, None, f"{up}{en_targets[repo_target]}.html"
        return suffix, None, None

    def markdown(match):
        label, link = match.groups()
        if _EXTERNAL.match(link):
            return match.group(0)
        suffix, local, english = target(link)
        if local:
            return f"[{label}]({local}{suffix})"
        return _link_html(label, english + suffix) if english else match.group(0)

    def raw(match):
        if _EXTERNAL.match(match.group(2)):
            return match.group(0)
        suffix, local, english = target(match.group(2))
        new = (local.rsplit(".", 1)[0] + ".html" if local else english)
        return match.group(1) + new + suffix + match.group(3) if new else match.group(0)

    return _HTML_LINK.sub(raw, _MD_LINK.sub(markdown, text))


#: The data dictionary's structure lines in Chinese: (pattern, replacement, required).
_DICTIONARY_ZH = (
    (re.compile(r"^\| table \| group \| concepts \| what it is \|$", re.M),
     "| 表 | 数据组 | 概念 | 说明（英文） |"),
    (re.compile(r"^\| column \| type \| unit \| description \|$", re.M),
     "| 列 | 类型 | 单位 | 说明（英文） |"),
    (re.compile(r"^File (`[^`]+`); concepts ([^.\n]+)\.$", re.M), r"文件 \1；概念 \2。"),
    (re.compile(r"^File (`[^`]+`)\.$", re.M), r"文件 \1。"),
    (re.compile(r"^Generator (`[^`]+`): ([\d,]+) customers, seed (\d+)\.$", re.M),
     r"生成器 \1：\2 位客户，随机种子 \3。"),
    (re.compile(r"^Planted truth \((`[^`]+`)\):$", re.M), r"植入的真实值（\1）："),
    (re.compile(r"^## Real data$", re.M), "## 真实数据"),
)
_DICTIONARY_INTRO = """# 数据字典 Data dictionary

本课程所用每张数据表的说明：表名、所属数据组、讲授的概念、每一列的类型、单位和含义。表名和列名就是 \
数据文件里的名字，与代码中使用的完全一致，所以保持英文；各表和各列的文字说明目前也是英文。用 \
`crm.data.load(name)` 读取一张表（日期已解析，类别按顺序排列），用 `crm.data.describe(name)` 查看\
它的说明。

模拟数据都有固定的随机种子，重新生成得到的文件逐字节相同。名字里带 *planted*（植入）的列记录的是\
模拟时埋下的真实值，真实的业务系统里不会有这些列。本页由英文版数据字典（`data/README.md`，由 \
`make data` 生成）转成，结构相同。
"""


def data_dictionary_zh(english: str) -> tuple[str, dict[str, int]]:
    """The Chinese data dictionary page from ``data/README.md`` and how often each structure line
    was put into Chinese (a format change of the English page shows up as a zero)."""
    start = english.find("\n| table |")
    body = english[start + 1:] if start >= 0 else english
    counts = {}
    for pattern, replacement in _DICTIONARY_ZH:
        body, counts[pattern.pattern] = pattern.subn(replacement, body)
    return _DICTIONARY_INTRO + "\n" + body, counts


def instructors_zh(text: str, zh_targets: dict[str, str], en_targets: dict[str, str]) -> str:
    """``INSTRUCTORS.zh.md`` as the book's ``instructors`` page (links pointed into the books)."""
    return rewrite_links(text, "INSTRUCTORS.zh.md", "instructors", zh_targets, en_targets)


def search_words() -> list[str]:
    """The glossary's Chinese terms, one word each for the search index's word splitter, so that
    a search for 核心客户 finds the pages that use the term (not only 核心 and 客户)."""
    from crmlab import glossary

    words = {w.strip() for w in glossary.terms()["chinese"] for w in re.split(r"[、/，,;；]", w)}
    return sorted(w for w in words if re.fullmatch(r"[\u4e00-\u9fff]{2,}", w))
