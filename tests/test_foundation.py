"""The foundation: one error type, light import, validation wording, CJK glyphs in figures."""

import subprocess
import sys
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import crmlab as crm
from crmlab import _validate as v
from crmlab.errors import CRMLabError


def test_error_is_a_value_error():
    assert issubclass(CRMLabError, ValueError)
    assert crm.CRMLabError is CRMLabError


def test_import_is_light():
    code = ("import sys, crmlab; print(sorted(m for m in ('pandas', 'matplotlib', 'ipywidgets', "
            "'scipy', 'statsmodels') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unknown_attribute_names_the_modules():
    with pytest.raises(AttributeError, match="modules are"):
        crm.no_such_module


def test_missing_column_message_names_column_and_what_exists():
    df = pd.DataFrame({"customer_id": [1], "spend": [3.0]})
    with pytest.raises(CRMLabError, match=r"transactions has no column 'amount'; its columns are "
                       r"\['customer_id', 'spend'\]"):
        v.check_frame(df, name="transactions", columns=["customer_id", "amount"])


def test_empty_frame_is_refused():
    with pytest.raises(CRMLabError, match="has 0 rows; at least 1 row are needed|has 0 rows"):
        v.check_frame(pd.DataFrame({"a": []}), columns=["a"])


def test_non_numeric_and_nan_and_negative_amounts():
    with pytest.raises(CRMLabError, match="column 'amount' must be numeric; got dtype"):
        v.check_numeric(pd.DataFrame({"amount": ["5", "6"]}), "amount")
    with pytest.raises(CRMLabError, match="column 'amount' has 1 missing value"):
        v.check_numeric(pd.DataFrame({"amount": [5.0, np.nan]}), "amount")
    with pytest.raises(CRMLabError, match="column 'amount' has 2 negative values"):
        v.check_numeric(pd.DataFrame({"amount": [-5.0, -1.0]}), "amount", nonnegative=True)
    with pytest.raises(CRMLabError, match="infinite"):
        v.check_numeric(pd.DataFrame({"amount": [np.inf]}), "amount")


def test_dates_unparsed_tz_aware_mixed_and_missing():
    with pytest.raises(CRMLabError, match=r"must hold parsed dates .* pd.to_datetime"):
        v.check_dates(pd.DataFrame({"date": ["2024-01-01"]}), "date")
    aware = pd.DataFrame({"date": pd.to_datetime(["2024-01-01"]).tz_localize("UTC")})
    with pytest.raises(CRMLabError, match="timezone-aware dates"):
        v.check_dates(aware, "date")
    mixed = pd.DataFrame(
        {"date": [pd.Timestamp("2024-01-01", tz="UTC"), pd.Timestamp("2024-01-02")]}, dtype=object
    )
    with pytest.raises(CRMLabError, match="Some values carry a timezone"):
        v.check_dates(mixed, "date")
    with pytest.raises(CRMLabError, match="1 missing date"):
        v.check_dates(pd.DataFrame({"date": pd.to_datetime(["2024-01-01", None])}), "date")


def test_rates_at_their_bounds():
    assert v.check_rate(0.0, name="r") == 0.0
    assert v.check_rate(1, name="share", allow_one=True) == 1


def _ids_rates_numbers_choices_duplicates_cases():
    return {
        "missing-id": (
            "missing id",
            lambda: v.check_ids(pd.DataFrame({"customer_id": [1.0, np.nan]}), "customer_id"),
        ),
        "retention-must-be-in-0-1": (
            r"retention must be in \[0, 1\); got 1",
            lambda: v.check_rate(1, name="retention"),
        ),
        "80-is-0-8": ("80 % is 0.8", lambda: v.check_rate(80, name="retention")),
        "must-be-a-finite-number-got": (
            "must be a finite number; got nan",
            lambda: v.check_number(float("nan"), name="x"),
        ),
        "must-be-a-number-got-true": (
            "must be a number; got True",
            lambda: v.check_number(True, name="x"),
        ),
        "by-must-be-one-of-revenue": (
            r"by must be one of \['revenue', 'profit'\]",
            lambda: v.check_choice("sales", name="by", choices=["revenue", "profit"]),
        ),
        "2-duplicated-row": (
            "2 duplicated row",
            lambda: v.check_no_duplicates(pd.DataFrame({"k": [1, 1, 1]}), ["k"], name="customers"),
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing-id",
        "retention-must-be-in-0-1",
        "80-is-0-8",
        "must-be-a-finite-number-got",
        "must-be-a-number-got-true",
        "by-must-be-one-of-revenue",
        "2-duplicated-row",
    ],
)
def test_ids_rates_numbers_choices_duplicates(case):
    wording, call = _ids_rates_numbers_choices_duplicates_cases()[case]
    with pytest.raises(CRMLabError, match=wording):
        call()


def test_timestamp_checks():
    assert v.check_timestamp("2024-03-01", name="as_of") == pd.Timestamp("2024-03-01")
    with pytest.raises(CRMLabError, match="as_of must be a date such as"):
        v.check_timestamp("not a date", name="as_of")
    with pytest.raises(CRMLabError, match="before the last date"):
        v.check_timestamp("2024-01-01", name="as_of", not_before="2024-06-30")
    with pytest.raises(CRMLabError, match="timezone-naive"):
        v.check_timestamp(pd.Timestamp("2024-01-01", tz="UTC"), name="as_of")


PROBE = "核心客户与忠诚度 们 这 为 业"


def _draw_label(rc):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with plt.rc_context(rc):
            fig, ax = plt.subplots()
            ax.set_title(PROBE)
            ax.set_xlabel("客户 customers")
            fig.canvas.draw()  # glyph warnings fire at draw time, not at creation
        plt.close(fig)
    return [str(w.message) for w in caught if "Glyph" in str(w.message)]


def test_chinese_labels_render_with_the_course_style():
    assert _draw_label(crm.plots.course_rc()) == []


def test_negative_control_dejavu_alone_misses_chinese_glyphs():
    assert _draw_label({"font.family": ["DejaVu Sans"]}) != []


def test_set_style_applies_the_palette_and_cjk_family():
    crm.plots.set_style()
    assert plt.rcParams["axes.prop_cycle"].by_key()["color"][:3] == [
        "#0072B2",
        "#E69F00",
        "#009E73",
    ]
    assert "Noto Sans CJK SC" in plt.rcParams["font.family"]


def test_takeaway_refuses_empty_or_multiline_text():
    fig, ax = plt.subplots()
    with pytest.raises(CRMLabError, match="one non-empty line"):
        crm.plots.takeaway(ax, "")
    with pytest.raises(CRMLabError, match="one non-empty line"):
        crm.plots.takeaway(ax, "two\nlines")


def test_explorer_redraws_and_rejects_unknown_controls():
    import ipywidgets as w

    ex = crm.widgets.Explorer(
        {"x": w.FloatSlider(value=2.0, min=0, max=5)},
        compute=lambda x: x * 10,
        draw=lambda r, ax, x: ax.bar(["x"], [r]),
        title="Tens",
    )
    first = ex.png
    assert ex.result == 20.0
    ex.update(x=4.0)
    assert ex.result == 40.0 and ex.png != first and ex.static_png == first
    bundle, metadata = ex._repr_mimebundle_()
    assert {"image/png", "text/plain", "application/vnd.jupyter.widget-view+json"} <= set(bundle)
    assert metadata == {"image/png": {"alt": ex.static_alt}}
    with pytest.raises(CRMLabError, match="has no control 'y'; its controls are \\['x'\\]"):
        ex.update(y=1)
    ex.close()
