"""crmlab.holdout: effects measured against a hold-out group, worked by hand on small tables."""

import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError, holdout, marketing

# Two campaigns. A: 1,000 contacted bought 4,000 yuan; its hold-out of 200 bought 600 anyway,
# so 1,000 contacted would have bought 3,000 without it. B: its hold-out bought nothing.
TWO = pd.DataFrame({
    "campaign_id": ["A", "B"], "cost": [1000.0, 500.0], "revenue": [4000.0, 2500.0],
    "contacts": [1000, 500], "responses": [40, 25], "holdout": [200, 100],
    "holdout_responses": [6, 0], "holdout_revenue": [600.0, 0.0],
})


def test_revenue_roi_against_marketing_roi_by_hand():
    # revenue ROI: (4,000 - 1,000) / 1,000 = 3.0 and (2,500 - 500) / 500 = 4.0
    # at a 30 % margin a campaign breaks even only above 1 / 0.3 - 1 = 2.333 revenue ROI;
    # gross-margin ROI: (1,200 - 1,000) / 1,000 = 0.2 and (750 - 500) / 500 = 0.5
    r = marketing.campaign_roi(TWO, margin=0.3)
    assert r["revenue_roi"].tolist() == [3.0, 4.0]
    assert r["revenue_less_cost"].tolist() == [3000.0, 2000.0]
    assert r["margin_roi"].tolist() == pytest.approx([0.2, 0.5])
    assert r.attrs["break_even_revenue_roi"] == pytest.approx(2.333333333)
    assert "profit" not in r.columns
    # marketing ROI: A's incremental revenue is 4,000 - 1,000 x 600 / 200 = 1,000, its margin
    # 300, so (300 - 1,000) / 1,000 = -0.7: A looked best-but-one and loses most.
    m = holdout.marketing_roi(TWO, margin=0.3)
    assert m["baseline_revenue"].tolist() == [3000.0, 0.0]
    assert m["incremental_revenue"].tolist() == [1000.0, 2500.0]
    assert m["incremental_margin"].tolist() == pytest.approx([300.0, 750.0])
    assert m["marketing_roi"].tolist() == pytest.approx([-0.7, 0.5])
    assert m["incremental_rate"].tolist() == pytest.approx([0.04 - 0.03, 0.05])


def test_incremental_rate_by_hand():
    r = holdout.incremental_rate(60, 1000, 20, 500)
    assert (r["rate"], r["holdout_rate"], r["incremental"], r["extra"]) == (0.06, 0.04, 0.02, 20.0)
    # se = sqrt(0.06 x 0.94 / 1000 + 0.04 x 0.96 / 500) = sqrt(0.0001332) = 0.0115412
    assert r["se"] == pytest.approx(0.0115412, rel=1e-5)
    assert r["low"] == pytest.approx(0.02 - 1.959964 * 0.0115412, abs=1e-6)


def test_by_cell_and_the_value_of_responders():
    t = pd.DataFrame({"cell": [1, 1, 1, 1, 2, 2, 2, 2],
                      "group": ["offer", "offer", "holdout", "holdout"] * 2,
                      "bought": [True, True, True, False, True, False, False, False],
                      "spend": [100.0, 300.0, 50.0, 0.0, 80.0, 0.0, 0.0, 0.0]})
    c = holdout.by_cell(t, cell="cell", value="spend")
    assert c["offer_rate"].tolist() == [1.0, 0.5] and c["holdout_rate"].tolist() == [0.5, 0.0]
    assert c["incremental"].tolist() == [0.5, 0.5]
    assert c["value_per_responder"].tolist() == [200.0, 80.0]


def test_break_even_and_cost_per_customer_kept_by_hand():
    # a 3-yuan letter, 20 % margin on 170 yuan of spend per response: 3 / 34 = 8.8 %
    assert holdout.break_even_response_rate(3.0, 0.2 * 170) == pytest.approx(0.0882353, rel=1e-6)
    # 300 letters at 3 yuan that bring back 24 extra customers: 37.50 yuan each
    assert holdout.cost_per_customer_kept(900.0, 24) == 37.5


def test_the_committed_campaigns_recover_their_planted_baselines():
    """The committed crm_campaigns hold-outs measure the planted baseline rates: pooled over the
    ten campaigns (6,560 people held out) the rate is within 3 standard errors of the planted
    average, and the email to all has a large baseline (most of its responders would have
    bought anyway) while the events have small ones."""
    camp = crm.data.load("crm_campaigns")
    truth = crm.simulate.generate("crm_system").truth["campaigns"]
    planted = sum(truth[c]["baseline_rate"] * h for c, h in zip(camp["campaign_id"],
                                                                 camp["holdout"]))
    n = camp["holdout"].sum()
    p = planted / n
    assert abs(camp["holdout_responses"].sum() / n - p) < 3 * (p * (1 - p) / n) ** 0.5
    m = holdout.marketing_roi(camp, margin=0.35).set_index("campaign_id")
    assert m.loc["K01", "incremental_revenue"] < 0.1 * m.loc["K01", "revenue"]
    assert m.loc["K02", "marketing_roi"] > 0 and (m["marketing_roi"] < 0).sum() == 9


def _bad_cases():
    return {
        "margin-must-be-in-0-1": (
            r"margin must be in \(0, 1\]; got 35",
            lambda: holdout.marketing_roi(TWO, margin=35),
        ),
        "campaign-has-hold-out-size-0": (
            r"campaign 'B' has hold-out size 0 \(column 'holdout'\)",
            lambda: holdout.marketing_roi(TWO.assign(holdout=[200, 0], holdout_responses=[6, 0]),
                                          margin=0.3),
        ),
        "campaigns-has-no-column-holdout": (
            r"campaigns has no column 'holdout'",
            lambda: holdout.marketing_roi(TWO.drop(columns="holdout"), margin=0.3),
        ),
        "responders-more-than-group": (
            r"holdout_responders is 30, more than the 20 people in its group",
            lambda: holdout.incremental_rate(5, 10, 30, 20),
        ),
        "group-of-0-people": (
            r"responders are counted in a group of 0 people",
            lambda: holdout.incremental_rate(0, 0, 1, 20),
        ),
        "two-groups-needed": (
            r"test column 'group' must hold the two groups 'offer' and 'holdout'; got \['offer'\]",
            lambda: holdout.by_cell(pd.DataFrame({"c": [1], "group": ["offer"], "bought": [True]}),
                                    cell="c"),
        ),
        "margin-per-response-above-0": (
            r"margin_per_response must be in \(0, inf\); got 0",
            lambda: holdout.break_even_response_rate(3.0, 0),
        ),
        "extra-kept-above-0": (
            r"extra_kept must be in \(0, inf\); got 0",
            lambda: holdout.cost_per_customer_kept(100.0, 0),
        ),
    }


@pytest.mark.parametrize("case", list(_bad_cases()))
def test_bad_input(case):
    wording, call = _bad_cases()[case]
    with pytest.raises(CRMLabError, match=wording):
        call()
