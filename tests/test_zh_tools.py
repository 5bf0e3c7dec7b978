"""The Chinese edition's tools (tools/zh*.py): which code text is display text, the translation
file format, the language checks. Also the tools as modules for the other test_zh_* files
(tools/ is not a package)."""

import doctest
import importlib.util
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "tools"
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

import zh_build  # noqa: E402
import zh_code  # noqa: E402
import zh_docs  # noqa: E402
import zh_files  # noqa: E402
import zh_lang  # noqa: E402
import zh_parity  # noqa: E402


def cli():
    """``tools/zh.py`` (the command line) as a module."""
    name = "crmlab_zh_cli"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, TOOLS / "zh.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    return sys.modules[name]


__all__ = ["ROOT", "zh_build", "zh_code", "zh_docs", "zh_files", "zh_lang", "zh_parity", "cli"]


# ------------------------------------------------------------------ which literals are display text
@pytest.mark.parametrize("source, tokens", [
    ('print("Total revenue:", total)', ['"Total revenue:"']),
    ('print(f"{n:,} trips")', ['f"{n:,} trips"']),
    ('label = f"top {share:.0%}"', ['f"top {share:.0%}"']),
    ('crm.plots.takeaway(ax, "Most revenue comes from few")', ['"Most revenue comes from few"']),
    ('ax.set_title("Revenue")\nax.set_xlabel("Year")', ['"Revenue"', '"Year"']),
    ('ax.set(xlabel="Years", ylabel="Customers", ylim=(0, 1))', ['"Years"', '"Customers"']),
    ('ax.plot(x, y, label="kept")\nax.legend(loc="upper left")', ['"kept"']),
    ('w = widgets.FloatSlider(description="retention r")', ['"retention r"']),
    ('assert x > 0, ("x is negative: "\n    "check the sign")',
     ['"x is negative: "', '"check the sign"']),
    ('raise ValueError("no data")', ['"no data"']),
    ('print("share " + "of revenue")', ['"share "', '"of revenue"']),
    ('print("{} of {}".format(a, b))', ['"{} of {}"']),
    ('print("done" if ok else "not yet")', ['"done"', '"not yet"']),
    ('x = "two words"', ['"two words"']),
    ('x = "客户"', ['"客户"']),
    ('crm.set_language("en")', ['"en"']),
    ('y = 1  # the years left\nz = 2  # SOLUTION\n# BEGIN SOLUTION', ['# the years left']),
], ids=["print", "f-string-call", "f-string-anywhere", "takeaway", "axes-setters", "set-keywords",
        "label-not-loc", "description", "assert-message-parts", "raise", "concatenation", "format",
        "if-else", "sentence-like", "chinese", "language-switch", "comments-not-markers"])
def test_display_tokens_are_found(source, tokens):
    assert zh_code.display_tokens(source) == tokens


@pytest.mark.parametrize("source", [
    'df = crm.data.load("supermarket_transactions")',
    'print(df["amount"].sum())',
    'x = df.groupby("customer_id")["amount"].sum()',
    'pd.option_context("display.max_rows", 200)',
    'ax.legend(loc="upper left")',
    's = pd.Series(v, name="customers")',
    'x = 1  # SOLUTION',
    '# HIDDEN\ndef test_q1(x):\n    assert x == 1, f"x should be {1}, not {x}"',
], ids=["table-name", "column-inside-print", "column-names", "option-name", "legend-location",
        "one-word", "otter-marker", "hidden-test-cell"])
def test_other_literals_are_not_display_text(source):
    assert zh_code.display_tokens(source) == []


def test_the_keep_list_removes_a_token():
    source = 'crm.glossary.lookup("core customer")\nprint("core customer")'
    assert zh_code.display_tokens(source) == ['"core customer"', '"core customer"']
    assert zh_code.display_tokens(source, keep={'"core customer"'}) == []


def test_tokens_keep_non_ascii_positions_right():
    # ast columns count bytes, tokenize columns count characters: a Chinese string before a token
    source = 'print("客户", "more words here")'
    assert zh_code.display_tokens(source) == ['"客户"', '"more words here"']
    assert (zh_code.replace_tokens(source, {'"more words here"': '"更多"'})
            == 'print("客户", "更多")')


def test_replacing_tokens_changes_nothing_else():
    source = 'x = df["amount"]  # SOLUTION\nprint(f"{x:,} yuan in total")  # the total\n'
    new = zh_code.replace_tokens(source, {'f"{x:,} yuan in total"': 'f"共 {x:,} 元"',
                                          "# the total": "# 总额"})
    assert new == 'x = df["amount"]  # SOLUTION\nprint(f"共 {x:,} 元")  # 总额\n'


@pytest.mark.parametrize("english, chinese, problem", [
    ('print(f"{a} of {b}")', 'print(f"{b} 中的 {a}")', None),
    ('print(f"{e[\'en\']} ({e[\'zh\']})")', 'print(f"{e[\'zh\']}（{e[\'en\']}）")', None),
    ('print(f"{e[\'en\']}")', 'print(f"{e[\'zh\']}")', "the code differs"),
    ('x = df["amount"]\nprint("Total")', 'x = df["amount"]\nprint("总计")', None),
    ('x = df["amount"]', 'x = df["金额"]', "literal 'amount' (line 1) changed to '金额'"),
    ('print(f"{a} of {b}")', 'print(f"{a} 中的 {a}")', "the code differs"),
    ('print(f"{a:.1%}")', 'print(f"{a:.0%}")', "the code differs"),
    ('print("Total")', 'print("总计", x)', "the code differs"),
    ('print("Total")', 'print("总计")  # 新注释', None),
], ids=["fields-reordered", "fields-with-literals-reordered", "literal-in-field-changed",
        "display-only", "column-name-changed", "field-swapped", "format-changed",
        "argument-added", "comment-added"])
def test_two_editions_are_the_same_program_only_up_to_display_text(english, chinese, problem):
    found = zh_code.program_difference(english, chinese)
    assert found is None if problem is None else problem in found


# ------------------------------------------------------------------ translation files
def test_a_translation_file_round_trips_every_cell_text_of_the_course():
    data = {"keep": ['"it\'s"', '"客户流失"'], "cells": {}}
    for path in sorted(p for d in ("notebooks", "solutions") for p in (ROOT / d).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            need = zh_files.needs(cell)
            if need:
                entry = zh_files.skeleton_entry(need)
                if need["kind"] == "text":
                    entry["zh"] = need["text"] + "\n  \n"  # trailing blank lines survive too
                data["cells"][f"{path.stem}:{cell['id']}"] = entry
    assert len(data["cells"]) > 300
    assert yaml.safe_load(zh_files.dump(data, "x")) == data


@pytest.mark.parametrize("text, wording", [
    ("cells:\n  12345678:\n    en: 'abc'\n", "cell id 12345678 must be quoted"),
    ("cells:\n  'a1':\n    en: 'abc'\n    chinese: 'x'\n",
     "cell a1: an entry holds en, zh, strings, alt and todo only"),
    ("cells:\n  'a1':\n    zh: 'x'\n", "cell a1: 'en' must be the quoted hash"),
    ("keep: '\"x\"'\n", "'keep' must be a list"),
    ("cells: [\n", "not valid YAML"),
    ("notes: x\n", "the top level holds only 'keep' and 'cells'"),
], ids=["unquoted-id", "unknown-key", "no-hash", "keep-not-list", "bad-yaml", "unknown-top-level"])
def test_a_malformed_translation_file_is_refused_with_what_is_wrong(tmp_path, text, wording):
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=wording):
        zh_files.load(path)


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    for i, (kind, text) in enumerate(cells):
        cell = {"markdown": nbformat.v4.new_markdown_cell, "code": nbformat.v4.new_code_cell,
                "raw": nbformat.v4.new_raw_cell}[kind](text)
        cell["id"] = f"c{i}"
        nb.cells.append(cell)
    return nb


ENGLISH = _nb(("markdown", "## Story\n\nCore customers bring most of the revenue."),
              ("code", 'print(f"{n:,} customers")\nlookup("core customer")'),
              ("raw", "# BEGIN QUESTION\nname: q1"))


def _entries():
    md, code = (zh_files.needs(c, {'"core customer"'}) for c in ENGLISH.cells[:2])
    return {"c0": {"en": md["en"], "zh": "## 故事\n\n核心客户带来了大部分收入。"},
            "c1": {"en": code["en"], "strings": {'f"{n:,} customers"': 'f"{n:,} 位客户"'}}}


@pytest.mark.parametrize("change, problem", [
    (lambda t: None, None),
    (lambda t: t["cells"].pop("c0"), "cell c0: no translation"),
    (lambda t: t["cells"]["c0"].update(en="000000000000"),
     "cell c0: the English changed since it was translated"),
    (lambda t: t["cells"]["c0"].update(todo="x"), "cell c0: not finished"),
    (lambda t: t["cells"]["c0"].update(zh=" "), "cell c0: `zh` is empty"),
    (lambda t: t["cells"]["c1"]["strings"].update({'f"{n:,} customers"': None}),
     'cell c1: no Chinese for f"{n:,} customers"'),
    (lambda t: t["cells"]["c1"]["strings"].update({'f"{n:,} customers"': 'f"{n:,} customers"'}),
     "translated as itself: put it on the keep list"),
    (lambda t: t["cells"]["c1"]["strings"].update({'f"{n:,} customers"': 'f"{n} 位客户"'}),
     "must keep the fields f'{n:,}'"),
    (lambda t: t["cells"]["c1"]["strings"].update({'f"{n:,} customers"': '"客户"'}),
     "must be a f like"),
    (lambda t: t["cells"]["c1"]["strings"].update({'f"{n:,} customers"': '客户'}),
     "is not a Python literal token"),
    (lambda t: t["cells"]["c1"]["strings"].update({'"other"': '"其他"'}),
     '"other" is not a display token of this cell'),
    (lambda t: t["cells"].update(c2={"en": "x", "zh": "y"}),
     "cell c2: translated, but the English notebook has no such cell"),
    (lambda t: t["keep"].append('"gone"'), 'keep entry "gone" is not a display token of any cell'),
], ids=["complete", "missing", "stale", "todo", "empty", "null-token", "same-as-english",
        "field-dropped", "kind-changed", "not-a-literal", "extra-token", "orphan", "unused-keep"])
def test_translation_problems_name_the_cell(change, problem):
    translation = {"keep": ['"core customer"'], "cells": _entries()}
    change(translation)
    found, stale = zh_parity.translation_problems("nb.ipynb", ENGLISH, translation)
    if problem is None:
        assert found == [] and stale == set()
    else:
        assert len(found) == 1 and problem in found[0] and found[0].startswith("nb.ipynb")


def test_update_keeps_the_chinese_and_marks_what_changed():
    md, code = (zh_files.needs(c) for c in ENGLISH.cells[:2])
    old = {"en": md["en"], "zh": "旧的中文"}
    changed = dict(md, en="111111111111", text="New English")
    assert zh_files.merge(old, md) is old
    assert zh_files.merge(old, changed) == {"en": "111111111111", "zh": "旧的中文",
                                            "todo": "New English"}
    old_code = {"en": "x", "strings": {'f"{n:,} customers"': 'f"{n:,} 位客户"', '"gone"': '"没了"'}}
    merged = zh_files.merge(old_code, dict(code, tokens=['f"{n:,} customers"', '"new words"']))
    assert merged["strings"] == {'f"{n:,} customers"': 'f"{n:,} 位客户"', '"new words"': None}


# ------------------------------------------------------------------ language checks
@pytest.mark.parametrize("text, english", [
    ("核心客户（core customer）带来了大部分收入。", False),
    ("运行 `crm.value.top_share(df, customer=\"customer_id\")` 得到 $r^t$ 的值。", False),
    ("CDNOW 的 RFM 分析", False),
    ("The top 20 % bring 75 % of revenue (收入).", True),
    ("Line chart of customers 客户", True),
], ids=["gloss-in-brackets", "code-and-math", "acronyms", "english", "english-with-a-word"])
def test_mostly_english(text, english):
    assert zh_lang.mostly_english(text) is english


@pytest.mark.parametrize("english, chinese, misses", [
    ("The customer lifetime value (CLV) is m r / (1 + d - r).",
     "客户终身价值是 m r / (1 + d - r)。", []),
    ("Their CLV is high.", "他们的终身价值很高。",
     [("customer lifetime value (CLV)", "客户终身价值")]),
    ("The 20/80 rule holds.", "二八原则成立。", []),
    ("Customer churn rose.", "客户流失上升了。", []),
    ("The churn rate rose.", "流失比例上升了。", [("churn rate", "流失率")]),
    ("New customers and a new offer.", "新顾客和新的优惠。", [("customer", "客户")]),
    ("Run `crm.glossary.lookup(\"whale curve\")`.",
     "运行 `crm.glossary.lookup(\"whale curve\")`。", []),
], ids=["full-name", "abbreviation", "alias-in-brackets", "longest-first", "missing", "plural",
        "code-ignored"])
def test_glossary_terms_need_their_chinese_form(english, chinese, misses):
    assert zh_lang.glossary_misses(english, chinese) == misses


@pytest.mark.parametrize("markdown, left_open", [
    ("**所需时间：**约 20 分钟。", ["**所需时间：**约 20 分钟。"]),
    ("**所需时间**：约 20 分钟。", []),
    ("**问题 4（计算）。** 在积分试点中", []),
    ("- 一位**频繁投诉者（frequent complainer）**离开",
     ["- 一位**频繁投诉者（frequent complainer）**离开"]),
    ("- 一位**频繁投诉者**（frequent complainer）离开", []),
    ("根据 2021 年的**《个人信息保护法》（PIPL）**，酒店",
     ["根据 2021 年的**《个人信息保护法》（PIPL）**，酒店"]),
    ("根据 2021 年的《**个人信息保护法**》（PIPL），酒店", []),
    ("*参考答案：*在我的数据中", ["*参考答案：*在我的数据中"]),
    ("*参考答案*：在我的数据中", []),
    ("> **收件人：**店长 · **事由：**流失", ["**收件人：**店长 · **事由：**流失"]),
    ("A **hold-out\ngroup (对照组)** for every campaign", []),
    ("第一段**未闭合：**的\n\n第二段**正常**。", ["第一段**未闭合：**的"]),
    ("```python\nx = a ** b *c\n```\n求 `a * b` 与 $p*q$。\n\n* 列表项\n* 另一项", []),
], ids=["colon-inside", "colon-outside", "punctuation-before-a-space", "gloss-inside",
        "gloss-outside", "title-quotes-inside", "title-quotes-outside", "italic-inside",
        "italic-outside", "in-a-quote", "across-a-line-break", "one-paragraph-of-two",
        "code-math-and-bullets"])
def test_bold_and_italic_that_commonmark_leaves_open(markdown, left_open):
    assert zh_lang.open_emphasis(markdown) == left_open


@pytest.mark.parametrize("module", ["zh_code", "zh_files", "zh_lang", "zh_build"])
def test_tool_docstring_examples_run(module):
    result = doctest.testmod(sys.modules[module])
    assert result.attempted > 0 and result.failed == 0
