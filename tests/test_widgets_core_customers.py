"""The core-group explorer (C10) and its figure: static default first, then driven by update()."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab import widgets as W
from crmlab.core_customers import age_group_value, years_to_lead
from crmlab.plots import bar_widths
from crmlab.plots.core_customers import age_group_chart
from crmlab.widgets.core_customers import core_group_explorer

PNG = b"\x89PNG"


@pytest.fixture(scope="module")
def groups():
    return crm.data.load("fastfood_age_groups")


def test_registered():
    assert W.core_group_explorer is core_group_explorer
    assert "core_group_explorer" in W.__all__
    assert crm.plots.age_group_chart is age_group_chart


def test_default_shows_the_data_and_the_c10_contrast(groups):
    ex = core_group_explorer(groups)
    assert ex.static_png.startswith(PNG)
    assert ex.values["years"] == pytest.approx(groups["years_retained"].iloc[0])
    assert ex.values["family"] == 1.0
    pd.testing.assert_frame_equal(ex.result["table"], age_group_value(groups))
    assert (ex.result["core"], ex.result["spend_leader"]) == ("5-14", "20-30")
    assert ex.result["years_to_lead"] == years_to_lead(groups, "5-14")
    assert ex.ax.get_title(loc="left") == "Core by lifetime value: 5-14 (by yearly spend: 20-30)"
    ex.close()


def test_short_stay_without_family_hands_the_lead_to_teenagers(groups):
    ex = core_group_explorer(groups)
    first = ex.png
    ex.update(years=3.0, family=0.0)
    expected = age_group_value(groups, years={"5-14": 3.0}, family=0.0)
    pd.testing.assert_frame_equal(ex.result["table"], expected)
    assert ex.result["core"] == "15-20"
    assert ex.result["table"]["ltv"].iloc[0] < ex.result["table"]["ltv"].iloc[1]
    assert ex.result["years_to_lead"] == years_to_lead(groups, "5-14", family=0.0)
    assert "15-20" in ex.ax.get_title(loc="left")
    assert ex.png != first and ex.static_png == first
    # staying longer than the break-even gives the lead back
    ex.update(years=ex.result["years_to_lead"] + 0.5)
    assert ex.result["core"] == "5-14"
    ex.close()


def test_figure_bars_follow_the_family_control(groups):
    ex = core_group_explorer(groups)
    widths = bar_widths(ex.ax)
    table = ex.result["table"]
    assert widths[:5] == pytest.approx(table["own_ltv"].tolist())
    assert widths[5:] == pytest.approx(table["family_ltv"].tolist())
    ex.update(family=0.5)
    widths = bar_widths(ex.ax)
    assert widths[5:] == pytest.approx((0.5 * table["family_ltv"]).tolist())
    assert "50% of family spend counted" in ex.ax.get_legend().get_title().get_text()
    ex.close()


def test_focus_on_another_group(groups):
    ex = core_group_explorer(groups, focus="20-30", years=20.0)
    assert ex.result["table"]["years_retained"].iloc[2] == 20.0
    assert ex.result["table"]["years_retained"].iloc[0] == pytest.approx(
        groups["years_retained"].iloc[0]
    )
    assert ex.result["years_to_lead"] == float("inf")  # 20-30 never catch the children
    assert "never leads" in ex.ax.get_legend().get_title().get_text()
    ex.close()


def test_spend_chart_labels_and_leader():
    t = pd.DataFrame(
        {
            "age_group": ["kids", "adults"],
            "annual_spend": [200.0, 400.0],
            "own_ltv": [800.0, 200.0],
            "ltv": [2000.0, 200.0],
        }
    )
    ax = age_group_chart(t, measure="annual_spend")
    assert bar_widths(ax) == [200.0, 400.0]
    at = {tick.get_text(): tick.get_position()[1] for tick in ax.get_yticklabels()}
    assert at["kids"] > at["adults"]  # the first group is drawn on top
    labels = [text.get_text() for text in ax.texts]
    assert labels == [" 200", " 400  (highest)"]
    assert "yuan" in ax.get_xlabel() and "years" in ax.get_ylabel()
    plt.close("all")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"focus": "babies"}, r"focus 'babies' is not a group in column 'age_group'"),
        ({"family": 2.0}, r"family must be in \[0, 1\]; got 2.0"),
        ({"years": 45.0}, r"years must be in \[0, 30\]; got 45.0"),
    ],
)
def test_bad_arguments(groups, kwargs, message):
    with pytest.raises(CRMLabError, match=message):
        core_group_explorer(groups, **kwargs)


def test_bad_update_and_bad_chart_input(groups):
    ex = core_group_explorer(groups)
    with pytest.raises(CRMLabError, match="has no control 'discount'"):
        ex.update(discount=0.1)
    ex.close()
    with pytest.raises(CRMLabError, match="measure must be one of"):
        age_group_chart(age_group_value(groups), measure="profit")
    with pytest.raises(CRMLabError, match="table has no column 'own_ltv'"):
        age_group_chart(pd.DataFrame({"age_group": ["a"], "ltv": [1.0]}))
