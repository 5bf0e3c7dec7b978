"""The display language: switching, the catalogue's completeness, and glyphs the font has."""

import ast
from pathlib import Path

import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab.language import catalogue, get_language, set_language, tr, using_language

LIB = Path(crm.__file__).resolve().parent


def library_texts() -> dict[str, str]:
    """Every literal English text passed to ``tr`` in the library, with where it is used."""
    found = {}
    for path in sorted(LIB.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "tr"
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{path.relative_to(LIB)}:{node.lineno}")
    return found


def test_english_is_the_default_and_switching_puts_it_back():
    assert get_language() == "en"
    with using_language("zh"):
        assert get_language() == "zh"
        assert tr("Customers") == "客户"
    assert get_language() == "en"
    assert tr("Customers") == "Customers"


def test_set_language_returns_the_previous_one():
    assert set_language("zh") == "en"
    assert set_language("en") == "zh"


def test_the_language_is_available_at_the_top_level():
    assert crm.set_language is set_language
    assert crm.get_language is get_language


@pytest.mark.parametrize("bad, wording", [
    ("fr", "language must be one of ['en', 'zh']; got 'fr'."),
    ("ZH", "language must be one of ['en', 'zh']; got 'ZH'."),
    (None, "language must be one of ['en', 'zh']; got None."),
], ids=["unknown", "upper-case", "none"])
def test_an_unknown_language_is_refused(bad, wording):
    with pytest.raises(CRMLabError) as err:
        set_language(bad)
    assert str(err.value) == wording
    assert get_language() == "en"


def test_a_text_that_is_not_a_string_is_refused():
    with pytest.raises(CRMLabError, match="text must be a string"):
        tr(["Customers"])


def test_template_fields_are_filled_in_both_languages():
    assert tr("{n:,} customers", n=12000) == "12,000 customers"
    with using_language("zh"):
        assert tr("{n:,} customers", n=12000) == "12,000 位客户"


def test_every_library_text_has_a_chinese_form():
    missing = {text: where for text, where in library_texts().items() if text not in catalogue("zh")}
    assert missing == {}, f"add these to crmlab/zh_text.py: {missing}"


def test_chinese_forms_keep_the_template_fields():
    import string

    def fields(text):
        return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)

    wrong = {en: zh for en, zh in catalogue("zh").items() if fields(en) != fields(zh)}
    assert wrong == {}


def test_every_chinese_character_is_in_the_bundled_font():
    from fontTools.ttLib import TTFont

    from crmlab.plots import cjk_font_path

    cmap = TTFont(cjk_font_path()).getBestCmap()
    text = "".join(catalogue("zh").values())
    missing = sorted({ch for ch in text if ord(ch) > 0x7F and ord(ch) not in cmap})
    assert missing == []
