"""Explorers for value and CLV: static default first, then driven through update(...)."""

import numpy as np
import pandas as pd
import pytest

from crmlab import CRMLabError, clv, profitability, value
from crmlab import widgets as W
from crmlab.widgets.clv import clv_explorer, leaky_bucket_explorer
from crmlab.widgets.value import top_share_explorer, whale_explorer

PNG = b"\x89PNG"


@pytest.fixture
def customers():
    rng = np.random.default_rng(4)
    revenue = rng.lognormal(4.0, 1.0, 300).round(2)
    return pd.DataFrame({"customer_id": np.arange(300), "amount": revenue,
                         "profit": (0.3 * revenue - rng.gamma(2.0, 8.0, 300)).round(2)})


def test_registered():
    assert W.top_share_explorer is top_share_explorer and W.clv_explorer is clv_explorer
    assert {"whale_explorer", "leaky_bucket_explorer"} <= set(W.__all__)


def test_top_share_explorer_follows_the_slider(customers):
    ex = top_share_explorer(customers)
    assert ex.static_png.startswith(PNG)
    assert ex.result["share"] == pytest.approx(value.top_share(customers, 0.2))
    first_png = ex.png
    ex.update(top=0.5)
    assert ex.result["share"] == pytest.approx(value.top_share(customers, 0.5))
    assert ex.result["share"] > value.top_share(customers, 0.2)
    assert ex.png != first_png and ex.static_png == first_png
    assert "top 50 %" in ex.ax.get_title(loc="left")
    ex.update(view="lorenz")
    assert ex.result["gini"] == pytest.approx(value.gini(customers))
    assert any("Lorenz" in line.get_label() for line in ex.ax.lines)
    ex.close()


def test_whale_explorer_drop_and_fixed_cost(customers):
    ex = whale_explorer(customers)
    total = customers["profit"].sum()
    assert ex.result["profit_after"] == pytest.approx(total)
    ex.update(drop=0.2, fixed_cost=100.0)
    expected = profitability.drop_worst(customers, 0.2, fixed_cost=100.0)
    assert ex.result["profit_after"] == pytest.approx(expected["profit_after"])
    # dropping loss-makers raises profit in this data
    worst = np.sort(customers["profit"].to_numpy())[:60].sum()
    assert ex.result["change"] == pytest.approx(-worst) and ex.result["change"] > 0
    ex.close()


def test_clv_explorer_recomputes():
    ex = clv_explorer(100, 0.8, 0.1)
    assert ex.result["clv"] == clv.simple_clv(100, 0.8, 0.1)
    ex.update(margin=200.0, discount=0.2)
    assert ex.result["clv"] == pytest.approx(200 * 0.8 / (1 + 0.2 - 0.8), abs=1e-3)
    assert ex.result["expected_lifetime"] == pytest.approx(5.0)
    assert len(ex.result["projection"]) == 15
    ex.close()
    ex = clv_explorer(1645, 0.81, 0.1, period="year")
    assert ex.controls["margin"].max == 4 * 1645  # a margin 3.4 times the start can be set
    ex.update(margin=5665.0)
    assert ex.result["clv"] == pytest.approx(5665 * 0.81 / (1.1 - 0.81), abs=1e-3)
    ex.close()
    ex = clv_explorer(100, 0.8, 0.1, period="year")
    assert ex.ax.get_title(loc="left").endswith("stays 5.0 years on average")
    assert ex.ax.get_xlabel() == "years from today"
    ex.close()


def test_leaky_bucket_explorer_recomputes():
    ex = leaky_bucket_explorer(1000, periods=6)
    assert ex.result["customers_end"].tolist() == [1000] * 6
    ex.update(won=60, acquisition_cost=100.0)
    assert ex.result["customers_end"].iloc[-1] == 1000 - 6 * 40
    assert ex.result["cumulative_acquisition_spend"].iloc[-1] == 6 * 60 * 100.0
    ex.close()
    ex = leaky_bucket_explorer(1000, periods=6, period="week")
    assert ex.controls["won"].description == "won / week" and ex.ax.get_xlabel() == "week"
    ex.close()
    # a programme that targets 300 a week at 10 yuan and keeps a fifth of the 100 leavers:
    # 3,000 yuan for 20 customers, 150 yuan each; with 50 leavers it still targets 300
    ex = leaky_bucket_explorer(1000, periods=2, at_risk=300, save_rate=0.2)
    assert ex.result["cost_per_extra_kept"].tolist() == [150.0, 150.0]
    assert ex.result_for(lost=50)["cost_per_extra_kept"].tolist() == [300.0, 300.0]
    assert ex.controls["save_rate"].description == "leavers kept"
    ex.close()


def _explorers_bad_input_cases(customers):
    ex = clv_explorer()
    return {
        "top-must-be-in-0-01": (
            r"top must be in \[0.01, 1\]; got 0",
            lambda: top_share_explorer(customers, top=0)),
        "view-must-be-one-of": (
            "view must be one of",
            lambda: top_share_explorer(customers, view="bars")),
        "data-has-no-column-profit": (
            "data has no column 'profit'",
            lambda: whale_explorer(customers.drop(columns="profit"))),
        "retention-must-be-in-0-1": (
            r"retention must be in \[0, 1\); got 1.2",
            lambda: clv_explorer(retention=1.2)),
        "lost-must-be-a-whole-number": (
            "lost must be a whole number",
            lambda: leaky_bucket_explorer(100, lost=2.5)),
        "period-must-be-one-of": (
            "period must be one of",
            lambda: clv_explorer(period="decade")),
        "period-must-be-one-of-2": (
            "period must be one of",
            lambda: leaky_bucket_explorer(100, period="weeks")),
        "has-no-control-churn": (
            "has no control 'churn'",
            lambda: ex.update(churn=0.1)),
    }


@pytest.mark.parametrize("case", [
    "top-must-be-in-0-01", "view-must-be-one-of", "data-has-no-column-profit",
    "retention-must-be-in-0-1", "lost-must-be-a-whole-number", "period-must-be-one-of",
    "period-must-be-one-of-2", "has-no-control-churn",
])
def test_explorers_bad_input(customers, case):
    wording, call = _explorers_bad_input_cases(customers)[case]
    with pytest.raises(CRMLabError, match=wording):
        call()
