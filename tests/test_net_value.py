"""crmlab.net_value: lifetime value from the gross margin down to the net value of a prospect,
the payback period and the sensitivity table, checked by hand."""

import math

import pytest

from crmlab import CRMLabError, clv, net_value


def test_existing_customer_net_of_cost_to_serve_and_retention_spend_by_hand():
    # gross margin 100, cost to serve 15, retention spend 5: net 80 a period;
    # existing customer: 80 x 0.8 / (1.1 - 0.8) = 213.333; gross alone 266.667
    v = net_value.net_clv(100, 0.8, 0.1, cost_to_serve=15, retention_spend=5)
    assert v == {"net_margin": 80.0, "gross_clv": 266.667, "net_clv": 213.333}


def test_prospect_minus_acquisition_cost_with_payback_by_hand():
    # a prospect is a customer for period 1: 80 / (1.1 - 0.8) = 266.667, minus 150 = 116.667.
    # running discounted margin: 72.73, +52.89 = 125.62, +38.47 = 164.09 >= 150 in period 3
    p = net_value.net_clv(100, 0.8, 0.1, cost_to_serve=20, acquisition_cost=150)
    assert p["gross_clv"] == clv.value_if_stays(100, 0.8, 0.1) == 333.333
    assert p["net_clv"] == 116.667 and p["acquisition_cost"] == 150.0
    assert p["payback_periods"] == 3


def test_a_customer_who_costs_more_than_she_brings_has_negative_value():
    # the salon's complainer: contribution -50 a year after cost to serve
    v = net_value.net_clv(40, 0.7, 0.1, cost_to_serve=90)
    assert v["net_margin"] == -50.0 and v["net_clv"] == pytest.approx(-50 * 0.7 / 0.4, abs=1e-3)
    assert net_value.net_clv(40, 0.7, 0.1, cost_to_serve=90, acquisition_cost=10)[
        "payback_periods"] == math.inf


def test_payback_never_and_at_once():
    # 80 / (1.1 - 0.8) = 266.7 < 300: never pays back
    assert net_value.payback_period(80, 0.8, 0.1, acquisition_cost=300) == math.inf
    assert net_value.payback_period(80, 0.8, 0.1, acquisition_cost=0) == 0
    # no discounting, no leaving: plain A / n rounded up
    assert net_value.payback_period(40, 0.0, 0.0, acquisition_cost=40) == 1
    assert net_value.payback_period(30, 0.999, 0.0, acquisition_cost=100) == 4


def test_sensitivity_table_by_hand():
    t = net_value.clv_sensitivity([100, 200], [0.5, 0.8], discount=0.1)
    assert t.loc[100, 0.8] == 266.667 and t.loc[200, 0.5] == pytest.approx(166.667)
    s = net_value.clv_sensitivity([100], [0.8], discount=0.1, stays=True)
    assert s.loc[100, 0.8] == 333.333
    assert t.index.name == "margin" and t.columns.name == "retention"


def _bad_cases():
    return {
        "cost_to_serve-must-be-in-0-inf": (
            r"cost_to_serve must be in \[0, inf\); got -1",
            lambda: net_value.net_clv(100, 0.8, 0.1, cost_to_serve=-1),
        ),
        "retention-must-be-in-0-1": (
            r"retention must be in \[0, 1\); got 1",
            lambda: net_value.net_clv(100, 1, 0.1),
        ),
        "acquisition_cost-must-be-in-0-inf": (
            r"acquisition_cost must be in \[0, inf\); got -5",
            lambda: net_value.payback_period(10, 0.5, 0.1, acquisition_cost=-5),
        ),
        "needs-at-least-one-margin": (
            r"clv_sensitivity needs at least one margin and one retention; got 0 margin",
            lambda: net_value.clv_sensitivity([], [0.5], discount=0.1),
        ),
        "discount-must-be-in-0-1": (
            r"discount must be in \[0, 1\); got 8. Write rates as fractions",
            lambda: net_value.clv_sensitivity([1], [0.5], discount=8),
        ),
    }


@pytest.mark.parametrize("case", list(_bad_cases()))
def test_bad_input(case):
    wording, call = _bad_cases()[case]
    with pytest.raises(CRMLabError, match=wording):
        call()
