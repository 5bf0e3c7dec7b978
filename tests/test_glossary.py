"""The glossary: look-ups in both directions, clear errors, and glyphs the bundled font has."""

import ast
import json
import re
from pathlib import Path

import pytest

import crmlab as crm
from crmlab.errors import CRMLabError


def test_at_least_fifty_terms_with_valid_concepts():
    table = crm.glossary.terms()
    assert len(table) >= 50
    assert table["concept"].str.fullmatch(r"C(0[1-9]|[1-3]\d|4[0-6])").all()
    assert table["english"].is_unique and table["chinese"].is_unique


def test_every_chinese_term_is_chinese_and_every_definition_is_a_sentence():
    table = crm.glossary.terms()
    assert table["chinese"].map(lambda s: bool(re.search(r"[\u4e00-\u9fff]", s))).all()
    assert table["definition"].str.len().gt(20).all()


@pytest.mark.parametrize("english, chinese", [
    ("core customer", "核心客户"),
    ("customer churn", "客户流失"),
    ("20/80 rule (Pareto principle)", "二八原则"),
    ("customer lifetime value (CLV)", "客户终身价值"),
])
def test_lookup_both_directions(english, chinese):
    assert crm.glossary.lookup(english)["chinese"] == chinese
    assert crm.glossary.lookup(chinese)["english"] == english
    assert crm.glossary.translate(english) == chinese
    assert crm.glossary.translate(chinese) == english


def test_lookup_ignores_case_spacing_full_width_and_finds_abbreviations():
    assert crm.glossary.lookup("  Core   CUSTOMER ")["chinese"] == "核心客户"
    assert crm.glossary.lookup("ＮＰＳ")["english"] == "net promoter score (NPS)"
    assert crm.glossary.lookup("CLV")["chinese"] == "客户终身价值"
    assert crm.glossary.lookup("customer lifetime value")["chinese"] == "客户终身价值"


def test_unknown_term_says_so_and_suggests():
    with pytest.raises(CRMLabError, match=r"'core custmer' is not in the glossary; did you mean "
                                          r"'core customer'"):
        crm.glossary.lookup("core custmer")
    with pytest.raises(CRMLabError, match="is not in the glossary; See crm.glossary.terms"):
        crm.glossary.lookup("photosynthesis")
    with pytest.raises(CRMLabError, match="non-empty string"):
        crm.glossary.lookup("")
    with pytest.raises(CRMLabError, match="non-empty string"):
        crm.glossary.lookup(42)


def test_search_finds_by_definition_chinese_and_alias():
    assert "whale curve" in crm.glossary.search("100 %")["english"].tolist()
    assert crm.glossary.search("流失")["english"].tolist() == ["customer churn", "churn rate",
                                                              "exit survey", "churn analysis",
                                                              "at risk (RFM segment)",
                                                              "silent churn"]
    assert crm.glossary.search("销售漏斗")["english"].tolist() == ["sales pipeline"]


@pytest.mark.parametrize("alias, english, chinese", [
    ("留存率", "retention rate", "客户保持率"),
    ("保持率", "retention rate", "客户保持率"),
    ("预期客户寿命", "expected lifetime", "预期客户生命周期"),
    ("服务成本", "cost to serve", "客户服务成本"),
    ("销售终端数据", "point of sale (POS) data", "POS数据"),
    ("重购周期", "repurchase cycle", "复购周期"),
    ("会员计划", "loyalty programme", "忠诚度计划"),
    ("客户协合", "customer synergy", "客户协同"),
    ("复购", "repeat purchase", "回头消费"),
    ("重复购买", "repeat purchase", "回头消费"),
    ("顾客愉悦", "customer delight", "顾客感动"),
    ("销售机会", "sales opportunity", "商机"),
    ("销售漏斗", "sales pipeline", "销售管道"),
    ("统一客户视图", "single customer view", "客户360°视图"),
    ("客户生命周期价值", "customer lifetime value (CLV)", "客户终身价值"),
])
def test_a_term_is_found_by_any_of_its_names(alias, english, chinese):
    entry = crm.glossary.lookup(alias)
    assert (entry["english"], entry["chinese"]) == (english, chinese)
    assert alias in entry["aliases"]
    assert crm.glossary.translate(alias) == english
    assert crm.glossary.translate(english) == chinese


def test_the_terms_chinese_marketing_students_know():
    look = crm.glossary.lookup
    assert look("contribution margin ratio")["chinese"] == "边际贡献率"
    assert look("利润率")["english"] == "profit margin"
    assert "fixed costs included" in look("profit margin")["definition"]
    # the three loyalty models are three entries, not one
    assert look("loyalty ladder")["chinese"] == "忠诚阶梯"
    assert "not S1's four stages" in look("loyalty ladder")["definition"]
    assert look("four stages of a loyal customer")["chinese"] == "忠诚客户的四个发展阶段"
    assert look("Oliver's four loyalty phases")["concept"] == "C17"
    # ROI is not revenue over cost
    assert "breaks even only above 1 / margin - 1" in look("ROI")["definition"]
    assert look("ROMI")["chinese"] == "营销投资回报率"
    assert "leaves out cost to serve" in look("CLV")["definition"]


def test_the_control_group_is_the_random_hold_out_not_the_comparison_group():
    # Chinese textbooks call the control group 对照组; 比较组 is a non-random reference group
    look = crm.glossary.lookup
    assert look("control group")["english"] == "hold-out group"
    assert look("control group")["chinese"] == "对照组"
    assert look("对照组")["english"] == "hold-out group"
    assert look("comparison group")["aliases"] == ()
    assert "not assigned at random" in look("comparison group")["definition"]
    assert crm.glossary.translate("control group") == "对照组"


def test_aliases_are_unique_and_never_another_terms_name():
    table = crm.glossary.terms()
    names = {n.lower() for n in table["english"]} | set(table["chinese"])
    aliases = [a for row in table["aliases"] for a in row]
    assert len(aliases) == len(set(aliases))
    assert not {a.lower() for a in aliases} & names


def test_bundled_font_has_every_chinese_character_of_the_glossary():
    from fontTools.ttLib import TTFont

    cmap = TTFont(crm.plots.cjk_font_path())["cmap"].getBestCmap()
    table = crm.glossary.terms()
    names = [*table["chinese"], *(a for row in table["aliases"] for a in row)]
    chars = {c for term in names for c in term if not c.isascii()}
    missing = sorted(c for c in chars if ord(c) not in cmap)
    assert missing == []


ROOT = Path(__file__).resolve().parents[1]


def printed_glossary_terms() -> dict[str, str]:
    """Every term a notebook's glossary cell looks up (notebooks/ and casestudies/), with where.

    A cell prints a definition by ``crm.glossary.lookup("term")`` or by a loop
    ``for term in [...]: entry = crm.glossary.lookup(term)``.
    """
    found = {}
    notebooks = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("casestudies/*.ipynb")])
    for path in notebooks:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] != "code" or "glossary.lookup" not in source:
                continue
            code = [line for line in source.splitlines()
                    if not line.lstrip().startswith(("%", "!"))]  # IPython magics
            tree = ast.parse("\n".join(code))
            where = f"{path.relative_to(ROOT)} cell {cell.get('id')}"
            for node in ast.walk(tree):
                calls = [n for n in ast.walk(node) if isinstance(n, ast.Call)
                         and getattr(n.func, "attr", getattr(n.func, "id", None)) == "lookup"]
                if isinstance(node, ast.Call) and node in calls and node.args and isinstance(
                        node.args[0], ast.Constant):
                    found.setdefault(node.args[0].value, where)
                if (isinstance(node, ast.For) and isinstance(node.target, ast.Name)
                        and isinstance(node.iter, (ast.List, ast.Tuple))
                        and any(isinstance(a, ast.Name) and a.id == node.target.id
                                for call in calls for a in call.args)):
                    for item in node.iter.elts:
                        found.setdefault(item.value, where)
    return found


def test_the_scan_finds_the_glossary_cells_of_the_notebooks():
    printed = printed_glossary_terms()
    assert len(printed) >= 40
    assert {"core customer", "20/80 rule", "activity retention", "share of wallet"} <= set(printed)
    assert printed["core customer"].startswith("notebooks/00_start_here.ipynb")


def test_every_term_a_notebook_prints_has_a_chinese_definition():
    from crmlab.glossary import DEFINITIONS_ZH

    missing = {term: where for term, where in printed_glossary_terms().items()
               if crm.glossary.lookup(term)["english"] not in DEFINITIONS_ZH}
    assert missing == {}, "add its definition_zh in crmlab/text/glossary.toml"


def test_chinese_definitions_are_chinese_sentences_of_known_terms():
    from crmlab.glossary import DEFINITIONS_ZH, TERMS

    names = {row[0] for row in TERMS}
    assert sorted(set(DEFINITIONS_ZH) - names) == []
    not_chinese = {k: v for k, v in DEFINITIONS_ZH.items()
                   if not re.search(r"[\u4e00-\u9fff]", v) or not v.endswith("。")}
    assert not_chinese == {}


def test_the_definition_follows_the_language_in_use():
    from crmlab.language import using_language

    english = "The group of customers closest to the firm that contributes most of its value."
    assert crm.glossary.lookup("core customer")["definition"] == english
    with using_language("zh"):
        entry = crm.glossary.lookup("core customer")
        table = crm.glossary.terms()
        found = crm.glossary.search("需求相似")["english"].tolist()
        untranslated = crm.glossary.lookup("data mining")["definition"]
    assert entry["definition"] == "与企业关系最密切、为企业贡献价值最多的那部分客户。"
    assert (entry["english"], entry["chinese"]) == ("core customer", "核心客户")
    assert table.set_index("english").loc["20/80 rule (Pareto principle)", "definition"] == (
        "约 20% 的客户带来约 80% 的收入或利润。")
    assert found == ["market segmentation"]
    # a term without a Chinese definition keeps its English one
    assert untranslated == "Searching large customer and transaction data for useful patterns."
    assert crm.glossary.lookup("core customer")["definition"] == english


def test_activity_retention_can_err_either_way_in_both_languages():
    # skippers pull activity retention below survival, leavers who shop once more pull it above
    from crmlab.language import using_language

    look = crm.glossary.lookup
    for term in ["activity retention", "survival retention"]:
        assert "lower and noisier" not in look(term)["definition"]
    assert "can err either way" in look("activity retention")["definition"]
    assert "can be lower or higher" in look("survival retention")["definition"]
    with using_language("zh"):
        for term in ["activity retention", "survival retention"]:
            definition = look(term)["definition"]
            assert "可能偏低也可能偏高" in definition
            assert "拉低" in definition and "拉高" in definition
