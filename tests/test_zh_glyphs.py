"""Every Chinese character the course draws is in the bundled font: the library's Chinese
catalogue, every display string and alt text of the translation files, and the Chinese already in
the English notebooks' code (titles such as "还剩多少客户?"). Checked in the font's character map
and by drawing them all with the course style (a missing glyph warns at draw time, and warnings
are errors in this test suite)."""

import ast

import matplotlib.pyplot as plt
import nbformat
import pytest
from fontTools.ttLib import TTFont

import crmlab as crm
from crmlab.language import catalogue
from test_zh_tools import ROOT, zh_build, zh_files, zh_lang


def _literal_text(token: str) -> str:
    if token.startswith("#"):
        return token
    node = ast.parse(token, mode="eval").body
    parts = [node] if isinstance(node, ast.Constant) else getattr(node, "values", [])
    return "".join(str(p.value) for p in parts if isinstance(p, ast.Constant))


def drawn_chinese() -> dict[str, str]:
    """Each Chinese character that may be drawn, with one place it comes from."""
    found = {}

    def add(text, where):
        for ch in text:
            if zh_lang.CJK.match(ch) or 0x3000 <= ord(ch) <= 0x303F or 0xFF00 <= ord(ch) <= 0xFFEF:
                found.setdefault(ch, where)

    for english, chinese in catalogue("zh").items():
        add(chinese, f"crmlab/text/zh_catalogue.toml: {english!r}")
    for source in zh_build.translated_sources(ROOT):
        data = zh_files.load(zh_files.translation_path(ROOT, source))
        for cid, entry in data["cells"].items():
            for zh in (list((entry.get("strings") or {}).values())
                       + list((entry.get("alt") or {}).values())):
                if isinstance(zh, str) and not zh.startswith("#"):
                    add(_literal_text(zh) if zh[:1] in "\"'fFrRuU" else zh, f"{source} cell {cid}")
    for folder in ("notebooks", "casestudies", "solutions"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            for cell in nbformat.read(path, as_version=4).cells:
                if cell["cell_type"] == "code":
                    add(cell["source"], f"{folder}/{path.name} cell {cell['id']}")
    return found


def test_every_drawn_chinese_character_is_in_the_bundled_font():
    cmap = TTFont(crm.plots.cjk_font_path()).getBestCmap()
    found = drawn_chinese()
    assert len(found) > 50
    missing = {ch: where for ch, where in found.items() if ord(ch) not in cmap}
    assert missing == {}, "widen the subset: python tools/build_cjk_font.py"


def test_the_check_sees_a_character_outside_the_subset():
    cmap = TTFont(crm.plots.cjk_font_path()).getBestCmap()
    assert ord("客") in cmap
    assert ord("𠀀") not in cmap  # CJK extension B: not in GB2312, so not in the subset


def test_all_drawn_chinese_renders_without_a_missing_glyph_warning():
    text = "".join(sorted(drawn_chinese()))
    with crm.plots.style():
        fig, ax = plt.subplots()
        for start in range(0, len(text), 40):
            ax.text(0, start / len(text), text[start:start + 40])
        fig.canvas.draw()  # would warn "Glyph ... missing from font(s)": an error here
    plt.close(fig)


def test_a_missing_glyph_does_warn_when_drawn():
    with crm.plots.style():
        fig, ax = plt.subplots()
        ax.text(0, 0, "𠀀")
        with pytest.warns(UserWarning, match="missing from"):
            fig.canvas.draw()
    plt.close(fig)
