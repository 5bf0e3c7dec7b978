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


def test_search_finds_by_definition_and_chinese():
    assert "whale curve" in crm.glossary.search("100 %")["english"].tolist()
    assert crm.glossary.search("流失")["english"].tolist() == ["customer churn", "churn rate",
                                                              "exit survey", "churn analysis",
                                                              "at risk (RFM segment)",
                                                              "silent churn"]


def test_bundled_font_has_every_chinese_character_of_the_glossary():
    from fontTools.ttLib import TTFont

    cmap = TTFont(crm.plots.cjk_font_path())["cmap"].getBestCmap()
    chars = {c for term in crm.glossary.terms()["chinese"] for c in term}
    missing = sorted(c for c in chars if ord(c) not in cmap)
    assert missing == []
