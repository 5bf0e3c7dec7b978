"""The case-study explorers (offers, habit, policies): a static default first, then driven by
update(), with results equal to their analysis functions and headlines that say the answer."""

import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab import widgets as W
from crmlab.habit import habit_value
from crmlab.offers import offer_value
from crmlab.policy_value import compare_policies

PNG = b"\x89PNG"


@pytest.fixture
def coupons():
    return pd.DataFrame({"customer_id": [1, 1, 2, 3], "item": ["baby", "pet", "baby", "pet"],
                         "value": [100.0, 60.0, 80.0, 50.0], "spent": [120.0, 0.0, 90.0, 0.0],
                         "weekly_spend": [500.0, 500.0, 300.0, 150.0]})


POLICIES = {"stop blanket discounts": {"cost": 0, "at_risk": 0, "clv": 0, "kept": 0,
                                       "direct": 4000},
            "regulars' perk": {"cost": 6000, "at_risk": 20, "clv": 1500, "kept": 0.25}}


def test_registered():
    for name in ("offer_explorer", "habit_explorer", "policy_explorer"):
        assert name in W.__all__ and callable(getattr(W, name))


def test_offer_explorer_follows_offer_value(coupons):
    ex = W.offer_explorer(coupons, discount=0.1, margin=0.25, lift=0.2)
    assert ex.static_png.startswith(PNG)
    pd.testing.assert_frame_equal(ex.result, offer_value(coupons, discount=0.1, margin=0.25,
                                                         lift=0.2))
    assert ex.ax.get_title(loc="left").startswith("3 lists lose ")
    ex.update(min_weekly_spend=400.0, lift=1.0)
    assert ex.result.attrs["lists"] == 1 and ex.result.attrs["lift"] == 1.0
    assert "Drawn with" in ex.alt
    ex.close()


def test_offer_explorer_refuses_a_bad_margin(coupons):
    with pytest.raises(CRMLabError, match="margin must be in \\[0, 1\\); got 20"):
        W.offer_explorer(coupons, margin=20)


def test_habit_explorer_follows_habit_value():
    groups = crm.data.load("fastfood_age_groups")
    ex = W.habit_explorer(groups)
    assert ex.values["pass_on"] == 0.3 and ex.values["discount"] == 0.08
    pd.testing.assert_frame_equal(ex.result, habit_value(groups, pass_on=0.3))
    assert ex.ax.get_title(loc="left") == "Core by lifetime value: 5-14 (by yearly spend: 20-30)"
    ex.update(years=3.0, family=0.0, pass_on=0.0)
    assert ex.result.attrs["core"] == "15-20"
    ex.close()


def test_habit_explorer_values_customer_by_customer():
    groups, customers = crm.data.load("fastfood_age_groups"), crm.data.load("fastfood_customers")
    ex = W.habit_explorer(groups, customers=customers)
    # the default stay is the returning children's own mean: each keeps their own stay
    pd.testing.assert_frame_equal(ex.result, habit_value(groups, pass_on=0.3, customers=customers))
    assert ex.result.loc[0, "ltv"] == pytest.approx(1299.7, abs=0.05)
    assert ex.result_for(years=3.0, family=0.0).attrs["core"] == "15-20"
    ex.close()


def test_policy_explorer_moves_the_shares_kept():
    ex = W.policy_explorer(POLICIES)
    pd.testing.assert_frame_equal(ex.result, compare_policies(POLICIES))
    assert ex.ax.get_title(loc="left") == "Best: stop blanket discounts, +4,000 yuan a year"
    ex.update(kept_1=0.5)
    assert ex.result.loc["regulars' perk", "net"] == 15000 - 6000
    assert ex.ax.get_title(loc="left") == "Best: regulars' perk, +9,000 yuan a year"
    assert ex.result_for(kept_1=0.0).loc["regulars' perk", "net"] == -6000
    ex.close()
