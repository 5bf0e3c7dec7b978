"""The glossary: look-ups in both directions, clear errors, and glyphs the bundled font has."""

import re

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
