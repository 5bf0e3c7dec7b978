"""The book's two editions without a browser: the twin map made from the Chinese notebooks'
metadata, the Chinese edition's source tree (its pages, table of contents, configuration, links),
the language switch each page gets, and the Chinese the book itself adds (in Chinese, and every
character in the bundled font). Pages in a real browser are `make test-browser`."""

from __future__ import annotations

import doctest
import importlib.util
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path):
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


book = _load("crmlab_book_tool", ROOT / "tools" / "book.py")
edition_ext = _load("crmlab_edition", ROOT / "book" / "crmlab_edition.py")
import book_pages  # noqa: E402  (tools/ is on sys.path once book.py is loaded)
import book_zh  # noqa: E402
import zh_lang  # noqa: E402


def _notebook(path: Path, text: str, source: str | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(text)]
    if source:
        nb.metadata["crmlab"] = {"edition": "zh", "source": source}
    nbformat.write(nb, path)


@pytest.fixture
def course(tmp_path):
    """Two notebooks, a case, two exercise sets; Chinese twins of notebook 00 and set 01 only."""
    for rel in ("notebooks/00_start_here.ipynb", "notebooks/01_what_is_crm.ipynb",
                "casestudies/case_salon.ipynb", "exercises/01_what_is_crm.ipynb",
                "exercises/02_core_customers.ipynb", "solutions/01_what_is_crm.ipynb"):
        _notebook(tmp_path / rel, "# T")
    _notebook(tmp_path / "zh/notebooks/00_start_here.ipynb",
              "# 从这里开始\n\n下一课：[什么是 CRM](../../notebooks/01_what_is_crm.ipynb#top)；"
              "[数据](../../data/README.md)；[网站](https://example.org)；[本节](#小结)",
              "notebooks/00_start_here.ipynb")
    _notebook(tmp_path / "zh/exercises/01_what_is_crm.ipynb",
              "# 练习 01\n\n答案：[solutions/01_what_is_crm.ipynb]"
              "(../solutions/01_what_is_crm.ipynb)；"
              "先读[第 00 课](../notebooks/00_start_here.ipynb)。",
              "solutions/01_what_is_crm.ipynb")
    (tmp_path / "data").mkdir()
    (tmp_path / "data/README.md").write_text(
        (ROOT / "data" / "README.md").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "INSTRUCTORS.md").write_text("# Guide\n", encoding="utf-8")
    (tmp_path / "INSTRUCTORS.zh.md").write_text(
        "# 教师指南\n\n[English](INSTRUCTORS.md) · [第 00 课](zh/notebooks/00_start_here.ipynb)"
        " · [第 01 课](notebooks/01_what_is_crm.ipynb)\n", encoding="utf-8")
    return tmp_path


def test_twins_pair_pages_by_the_english_source_in_the_metadata(course):
    en, zh = book.edition_keys(course)
    assert en["notebooks/01_what_is_crm"] == "notebooks/01_what_is_crm.ipynb"
    assert zh == {"intro": "intro", "notebooks/00_start_here": "notebooks/00_start_here.ipynb",
                  "exercises/01_what_is_crm": "exercises/01_what_is_crm.ipynb",
                  "glossary": "glossary", "data/README": "data/README.md",
                  "instructors": "INSTRUCTORS.md"}
    assert book_zh.twins(en, zh) == {
        "intro": "intro", "notebooks/00_start_here": "notebooks/00_start_here",
        "exercises/01_what_is_crm": "exercises/01_what_is_crm", "glossary": "glossary",
        "data/README": "data/README", "instructors": "instructors"}


def test_a_renamed_twin_follows_its_metadata_not_its_file_name(course):
    old = course / "zh/notebooks/00_start_here.ipynb"
    old.rename(course / "zh/notebooks/00_begin.ipynb")
    en, zh = book.edition_keys(course)
    assert book_zh.twins(en, zh)["notebooks/00_start_here"] == "notebooks/00_begin"


def test_a_chinese_notebook_without_metadata_stops_the_build(course):
    _notebook(course / "zh/notebooks/01_what_is_crm.ipynb", "# 什么是 CRM")
    with pytest.raises(SystemExit, match=r"zh/notebooks/01_what_is_crm.ipynb has no metadata"):
        book.edition_keys(course)


def test_no_chinese_guide_means_no_guide_twin(course):
    (course / "INSTRUCTORS.zh.md").unlink()
    en, zh = book.edition_keys(course)
    assert "instructors" not in zh and "instructors" not in book_zh.twins(en, zh)


def test_each_edition_gets_its_half_of_the_map(course, tmp_path):
    en_src = book.assemble(course, tmp_path / "build" / "src")
    zh_src = book.assemble_zh(course, tmp_path / "build" / "src-zh")
    en = json.loads((en_src / "_edition.json").read_text(encoding="utf-8"))
    zh = json.loads((zh_src / "_edition.json").read_text(encoding="utf-8"))
    assert (en["edition"], en["other_root"], zh["edition"], zh["other_root"]) == (
        "en", "zh/", "zh", "../")
    assert zh["twins"] == {v: k for k, v in en["twins"].items()}
    assert zh["search_dict"] == "search-words.txt" and zh["search_bar_text"] == "搜索本书……"
    words = (zh_src / "search-words.txt").read_text(encoding="utf-8").split("\n")
    assert "核心客户 5000" in words


def test_chinese_source_tree_has_its_pages_toc_and_config(course, tmp_path):
    out = book.assemble_zh(course, tmp_path / "build" / "src-zh")
    toc = yaml.safe_load((out / "_toc.yml").read_text(encoding="utf-8"))
    assert toc["root"] == "intro"
    assert [(p["caption"], [c["file"] for c in p["chapters"]]) for p in toc["parts"]] == [
        ("课程笔记本", ["notebooks/00_start_here"]), ("练习", ["exercises/01_what_is_crm"]),
        ("参考资料", ["glossary", "data/README", "instructors"])]
    for rel in ("intro.md", "glossary.md", "data/README.md", "instructors.md", "book.css",
                "crmlab_edition.py", "_templates/edition-switch.html", *book.SHIMS):
        assert (out / rel).is_file(), rel
    assert not (out / "solutions").exists() and not (out / "_static").exists()
    assert (out / "intro.md").read_text(encoding="utf-8").startswith("# CRM Lab 客户关系管理实验室")
    assert "| 中文 | English | 概念 |" in (out / "glossary.md").read_text(encoding="utf-8")
    english = yaml.safe_load((ROOT / "book" / "_config.yml").read_text(encoding="utf-8"))
    chinese = yaml.safe_load((out / "_config.yml").read_text(encoding="utf-8"))
    assert chinese["sphinx"]["config"]["language"] == "zh_CN"
    assert chinese["title"].startswith("CRM Lab 客户关系管理实验室")
    assert "贡献者" in chinese["author"]
    for config in (english, chinese):  # everything but language, title and author is shared
        config["sphinx"]["config"].pop("language")
        config.pop("title"), config.pop("author")
    assert chinese == english


def test_chinese_pages_link_to_twins_english_pages_or_mentions(course, tmp_path):
    out = book.assemble_zh(course, tmp_path / "build" / "src-zh")
    start = nbformat.read(out / "notebooks/00_start_here.ipynb", as_version=4).cells[0].source
    assert '<a href="../../notebooks/01_what_is_crm.html#top">什么是 CRM</a>' in start
    assert "[数据](../data/README.md)" in start  # the Chinese data dictionary
    assert "[网站](https://example.org)" in start and "[本节](#小结)" in start
    exercise = nbformat.read(out / "exercises/01_what_is_crm.ipynb", as_version=4).cells[0].source
    assert "答案：`solutions/01_what_is_crm.ipynb`（在课程文件夹中，不在本书里）" in exercise
    assert "[第 00 课](../notebooks/00_start_here.ipynb)" in exercise
    guide = (out / "instructors.md").read_text(encoding="utf-8")
    assert guide.endswith('<a href="../instructors.html">English</a> · '
                          "[第 00 课](notebooks/00_start_here.ipynb) · "
                          '<a href="../notebooks/01_what_is_crm.html">第 01 课</a>\n')
    assert "](../../" in (course / "zh/notebooks/00_start_here.ipynb").read_text(
        encoding="utf-8"), "the course's own file must stay untouched"


def test_rewrite_links_examples():
    assert doctest.testmod(book_zh, raise_on_error=True).attempted >= 1
    links = {"notebooks/01_x.ipynb": "notebooks/01_x"}
    for text in ("![图](../../notebooks/01_x.ipynb)", "[别处](../../lib/x.py)"):
        assert book_zh.rewrite_links(text, "zh/notebooks/00.ipynb", "notebooks/00", {},
                                     links) == text
    raw = '<a href="../../notebooks/01_x.ipynb">下一课</a>'
    assert book_zh.rewrite_links(raw, "zh/notebooks/00.ipynb", "notebooks/00", {}, links) == (
        '<a href="../../notebooks/01_x.html">下一课</a>')


def test_switch_opens_the_twin_or_the_other_start_page_with_a_note():
    en = {"edition": "en", "other_root": "zh/", "other_home": "intro",
          "twins": {"intro": "intro", "notebooks/00_start_here": "notebooks/00_begin"}}
    zh = {"edition": "zh", "other_root": "../", "other_home": "intro",
          "twins": {"notebooks/00_begin": "notebooks/00_start_here"}}
    assert edition_ext.switch_for(en, "notebooks/00_start_here") == {
        "href": "../zh/notebooks/00_begin.html", "lang": "zh-CN", "twin": "notebooks/00_begin",
        "label": "中文", "title": "本页的中文版", "note": ""}
    assert edition_ext.switch_for(en, "exercises/02_core_customers") == {
        "href": "../zh/intro.html", "lang": "zh-CN", "twin": "", "label": "中文版首页",
        "title": "", "note": "（本页尚无中文版）"}
    assert edition_ext.switch_for(zh, "notebooks/00_begin")["href"] == (
        "../../notebooks/00_start_here.html")
    assert edition_ext.switch_for(zh, "intro")["href"] == "../intro.html"  # no twin: home
    assert edition_ext.switch_for(zh, "search")["href"] == "../search.html"


def test_chinese_interface_words_replace_the_themes_leftovers():
    page = ('<button title="Toggle primary sidebar"></button><nav aria-label="Main">'
            '<a data-bs-title="列印成 PDF">x</a></nav>')
    assert edition_ext.localise(page) == (
        '<button title="显示或隐藏左侧导航栏"></button>'
        '<nav aria-label="全书目录"><a data-bs-title="打印为 PDF">x</a></nav>')


def test_data_dictionary_frame_puts_every_structure_line_into_chinese():
    english = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    page, counts = book_zh.data_dictionary_zh(english)
    assert page.startswith("# 数据字典 Data dictionary")
    used = {pattern: n for pattern, n in counts.items() if "File (`[^`]+`)\\.$" not in pattern}
    assert all(used.values()), f"a structure line of data/README.md changed: {counts}"
    assert not re.search(r"^(\| column \||\| table \||File `|Generator `|Planted truth)", page,
                         re.M)
    assert page.count("\n### `") == english.count("\n### `")  # every table, same anchors


def _book_chinese() -> dict[str, str]:
    edition = (ROOT / "book" / "crmlab_edition.py")
    return {
        "book/zh/intro.md": (ROOT / "book/zh/intro.md").read_text(encoding="utf-8"),
        "static note": book_pages.STATIC_NOTE_ZH,
        "glossary head": "\n".join(book_pages._GLOSSARY_HEAD["zh"]),
        "data dictionary frame": book_zh._DICTIONARY_INTRO + "".join(
            r for _p, r in book_zh._DICTIONARY_ZH),
        "captions": "".join(book_zh.ZH_CAPTIONS.values()),
        "switch and interface": edition.read_text(encoding="utf-8"),
        "config": (ROOT / "book/zh/config-overrides.yml").read_text(encoding="utf-8"),
    }


def test_the_chinese_the_book_adds_is_chinese_and_in_the_bundled_font():
    from fontTools.ttLib import TTFont

    import crmlab as crm

    font = set(map(chr, TTFont(crm.plots.cjk_font_path()).getBestCmap()))
    for name, text in _book_chinese().items():
        missing = sorted(set(re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", text))
                         - font)
        assert not missing, f"{name}: characters the bundled font lacks: {''.join(missing)}"
    for name in ("book/zh/intro.md", "static note", "data dictionary frame"):
        assert not zh_lang.mostly_english(_book_chinese()[name]), name


def test_every_chinese_page_of_the_real_book_has_an_english_twin():
    en, zh = book.edition_keys(ROOT)
    pairs = book_zh.twins(en, zh)
    assert set(pairs.values()) == set(zh), sorted(set(zh) - set(pairs.values()))
    assert {"intro", "glossary", "notebooks/00_start_here"} <= set(pairs)


def test_the_books_chinese_paragraphs_have_no_line_breaks_between_characters():
    """A line break inside a paragraph shows as a space, which Chinese text does not have."""
    for name, text in _book_chinese().items():
        breaks = re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]\n"
                            r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", text)
        assert not breaks, f"{name}: line breaks between Chinese characters: {breaks}"
