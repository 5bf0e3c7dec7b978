"""crmlab.offers: what customers bought anyway in held-out days, and what a discount list earns
against its deadweight -- by hand."""

import pandas as pd
import pytest

from crmlab import CRMLabError
from crmlab import offers as O


@pytest.fixture
def coupons():
    return pd.DataFrame({"customer_id": [1, 1, 2, 3], "item": ["baby", "pet", "baby", "pet"],
                         "value": [100.0, 60.0, 80.0, 50.0], "spent": [120.0, 0.0, 90.0, 0.0],
                         "weekly_spend": [500.0, 500.0, 300.0, 150.0]})


def test_held_out_purchases_by_hand():
    c = pd.DataFrame({"customer_id": [1, 1, 2], "item": ["baby", "pet", "baby"]})
    p = pd.DataFrame({"customer_id": [1, 1, 1, 2], "category": ["baby", "baby", "pet", "baby"],
                      "date": pd.to_datetime(["2024-11-04", "2024-11-17", "2024-11-18",
                                              "2024-11-03"]),
                      "amount": [50.0, 70.0, 30.0, 40.0]})
    out = O.held_out_purchases(c, p, start="2024-11-04", days=14)
    # window 4-17 Nov: baby on 4 Nov (50 yuan, the purchase the coupon is used on) and 17 Nov;
    # pet on 18 Nov is outside; customer 2 bought the day before
    assert out[["bought", "spent"]].values.tolist() == [[True, 50.0], [False, 0.0], [False, 0.0]]


def test_offer_value_by_hand(coupons):
    t = O.offer_value(coupons, discount=0.1, margin=0.25, lift=0.2, cost_per_list=2.0)
    # baby: A = 210, V = 180 -> deadweight 21, extra sales 36, extra margin 0.15 * 36 = 5.4
    assert t.loc["baby", ["coupons", "bought_anyway_pct", "deadweight_cost", "extra_sales",
                          "extra_margin", "net"]].tolist() == pytest.approx(
        [2, 100.0, 21.0, 36.0, 5.4, -15.6])
    # pet: nothing bought anyway, V = 110 -> 0.15 * 22 = 3.3
    assert t.loc["pet", "net"] == pytest.approx(3.3)
    assert t.attrs["lists"] == 3 and t.attrs["list_cost"] == 6.0
    assert t.attrs["net"] == pytest.approx(-15.6 + 3.3 - 6.0)
    # break-even: (0.1 * 210 + 2 * 3) / (0.15 * 290)
    assert t.attrs["break_even_lift"] == pytest.approx(27 / 43.5)


def test_the_list_breaks_even_at_the_break_even_lift(coupons):
    lift = O.break_even_lift(coupons, discount=0.05, margin=0.3, cost_per_list=1.5)
    t = O.offer_value(coupons, discount=0.05, margin=0.3, lift=lift, cost_per_list=1.5)
    assert t.attrs["net"] == pytest.approx(0.0, abs=1e-9)


def test_the_spend_threshold_keeps_the_big_spenders(coupons):
    t = O.offer_value(coupons, discount=0.1, margin=0.25, lift=0.0, min_weekly_spend=200)
    assert t["coupons"].to_dict() == {"baby": 2, "pet": 1} and t.attrs["lists"] == 2
    empty = O.offer_value(coupons, discount=0.1, margin=0.25, lift=0.0, min_weekly_spend=9999)
    assert empty.empty and empty.attrs["net"] == 0
    assert empty.attrs["break_even_lift"] == float("inf")


def test_a_discount_above_the_margin_never_pays(coupons):
    assert O.break_even_lift(coupons, discount=0.3, margin=0.2) == float("inf")


@pytest.mark.parametrize("case, message", [
    ("percent discount", "discount must be in \\[0, 1\\); got 10. Write rates as fractions"),
    ("negative value", "coupons column 'value' has"),
    ("lift too big", "lift must be in \\[0, 10\\]"),
    ("no weekly spend", "coupons has no column 'weekly_spend'"),
    ("bad window", "days must be in"),
])
def test_bad_input_is_refused(coupons, case, message):
    with pytest.raises(CRMLabError, match=message):
        if case == "percent discount":
            O.offer_value(coupons, discount=10, margin=0.2, lift=0.1)
        elif case == "negative value":
            O.offer_value(coupons.assign(value=-1.0), discount=0.1, margin=0.2, lift=0.1)
        elif case == "lift too big":
            O.offer_value(coupons, discount=0.1, margin=0.2, lift=20)
        elif case == "no weekly spend":
            O.offer_value(coupons.drop(columns="weekly_spend"), discount=0.1, margin=0.2,
                          lift=0.1, min_weekly_spend=100)
        else:
            O.held_out_purchases(coupons, pd.DataFrame({"customer_id": [1], "category": ["x"],
                                 "date": pd.to_datetime(["2024-01-01"]), "amount": [1.0]}),
                                 start="2024-01-01", days=0)
