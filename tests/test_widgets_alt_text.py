"""Every explorer's figure, static or redrawn, carries alt text, and every control has a name.

A screen reader says an image's alt text in its place and a control's accessible name when it
is focused. The explorers' alt text is read off the drawn figure (``crmlab/widgets/_alt_text.py``)
and their controls are named by their ``description``; the book's browser check runs axe-core
over the pages (``make test-browser``), these tests catch a regression without a browser.
"""

import html
import re

import ipywidgets as w
import pytest
from test_widgets_base import CASES

import crmlab as crm
from crmlab.widgets import Explorer


def _texts(ex) -> list[str]:
    """The figure's own words an alt text must carry: headline, axis labels."""
    found = []
    for ax in ex.fig.axes:
        found += [ax.get_title(loc=loc) for loc in ("left", "center", "right")]
        found += [ax.get_xlabel(), ax.get_ylabel()]
    return [t for t in found if t.strip()]


def _shown(ex) -> dict:
    """What the explorer's output area holds (the display bundle of the current figure)."""
    (output,) = ex.output.outputs
    return output["data"]


def test_every_explorer_is_checked():
    explorers = {name for name in crm.widgets.__all__ if name.endswith("_explorer")}
    # a case "habit by customer" is a second set-up of the habit explorer
    assert explorers == {f"{case.split(' by ')[0]}_explorer" for case in CASES}, (
        "add the new explorer to CASES in tests/test_widgets_base.py")


@pytest.mark.parametrize("name", sorted(CASES))
def test_static_and_redrawn_figures_have_alt_text_from_the_figure(name):
    build, moves = CASES[name]
    ex = build()
    try:
        assert ex.title and ex.static_alt.startswith(ex.title.rstrip(".?!")), ex.static_alt
        for text in _texts(ex):
            assert " ".join(text.split()) in ex.static_alt, (text, ex.static_alt)
        for control in ex.controls.values():
            assert control.description.strip() and control.description in ex.static_alt
        bundle, metadata = ex._repr_mimebundle_()
        assert metadata == {"image/png": {"alt": ex.static_alt}}
        previous = ex.alt
        for move in moves(ex):
            ex.update(**move)
            assert ex.alt.startswith(ex.title.rstrip(".?!"))
            for text in _texts(ex):
                assert " ".join(text.split()) in ex.alt, (move, text, ex.alt)
            shown = _shown(ex)
            assert shown["text/plain"] == ex.alt
            assert f'alt="{html.escape(ex.alt, quote=True)}"' in shown["text/html"]
            assert ex.alt != previous, f"{name}: the alt text did not follow {move}"
            previous = ex.alt
        assert ex.static_alt == metadata["image/png"]["alt"]  # the static figure's alt stays
    finally:
        ex.close()


def test_the_output_area_shows_the_png_itself_with_its_alt_text():
    import base64

    ex = crm.widgets.clv_explorer(period="year")
    try:
        page = _shown(ex)["text/html"]
        src = re.fullmatch(r'<img src="data:image/png;base64,([^"]+)" alt="[^"]+">', page)
        assert src and base64.b64decode(src.group(1)) == ex.png
    finally:
        ex.close()


def test_a_control_without_a_description_is_named_by_its_keyword():
    ex = Explorer({"x": w.FloatSlider(value=2.0, min=0, max=5)}, compute=lambda x: x,
                  draw=lambda r, ax, x: ax.bar(["x"], [r]), title="Plain")
    try:
        assert ex.controls["x"].description == "x"
        assert ex.static_alt == "Plain. Drawn with x 2."
    finally:
        ex.close()


def test_alt_text_reads_titles_labels_legend_and_settings():
    import matplotlib.pyplot as plt

    from crmlab.widgets._alt_text import figure_alt_text

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], label="revenue")
    ax.legend(title="Shop A,\nall years")
    ax.set_title("Revenue doubles", loc="left")
    ax.set_xlabel("year")
    ax.set_ylabel("revenue (yuan)")
    twin = ax.twinx()
    twin.set_ylabel("customers (count)")
    fig.suptitle("Shop A")
    fig.legend(ax.lines, ["costs"])
    text = figure_alt_text(fig, title="Growth?", settings=[("as of", "2024-12-31"), ("rate", 0.25)])
    assert text == ("Growth? Figure: Shop A. Figure: Revenue doubles. Horizontal axis: year. "
                    "Vertical axis: revenue (yuan). Legend (Shop A, all years): revenue. "
                    "Right vertical axis: customers (count). Legend: costs. "
                    "Drawn with as of 2024-12-31; rate 0.25.")
    with crm.language.using_language("zh"):
        text = figure_alt_text(fig, title="增长")
    assert text.startswith("增长。 图：Shop A。")
    assert "横轴：year。" in text and "右侧纵轴：customers (count)。" in text
    plt.close(fig)


def test_an_empty_figure_says_only_its_title():
    import matplotlib.pyplot as plt

    from crmlab.widgets._alt_text import figure_alt_text

    fig, _ax = plt.subplots()
    assert figure_alt_text(fig, title="Nothing yet") == "Nothing yet."
    assert figure_alt_text(fig) == ""
    plt.close(fig)
