"""The three CRM-system functions on small tables worked by hand, their properties, and
bad input."""

import math

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmlab as crm
from crmlab import CRMLabError
from crmlab import customer_view, marketing, sales, service
from crmlab.plots import PALETTE

# --- marketing: target-group profile -------------------------------------------------------------

CUSTOMERS = pd.DataFrame(
    {
        "industry": ["IT", "retail", "IT", "finance", "IT"],
        "region": ["East", "East", "West", "East", "East"],
        "age": [25, 34, 47, 52, 29],
    }
)


def test_target_profile_by_hand():
    got = marketing.target_profile(CUSTOMERS, by="industry")
    assert got["industry"].tolist() == ["IT", "finance", "retail"]  # ties keep name order
    assert got["customers"].tolist() == [3, 1, 1]
    assert got["share"].tolist() == [0.6, 0.2, 0.2]
    joint = marketing.target_profile(CUSTOMERS, by=["industry", "region"])
    assert joint.iloc[0].tolist() == ["IT", "East", 2, 0.4]
    assert joint["share"].sum() == pytest.approx(1.0)


def test_target_profile_age_bands():
    got = marketing.target_profile(CUSTOMERS, by="age", bins={"age": [20, 30, 40, 60]})
    assert [str(b) for b in got["age"]] == ["[20, 30)", "[40, 60)", "[30, 40)"]
    assert got["customers"].tolist() == [2, 2, 1]


def _target_profile_bad_input_cases():
    gap = CUSTOMERS.assign(industry=["IT", None, "IT", "IT", "IT"])
    return {
        "customers-has-no-column-job-its": (
            r"customers has no column 'job'; its columns are",
            lambda: marketing.target_profile(CUSTOMERS, by=["industry", "job"]),
        ),
        "customers-has-0-rows": (
            "customers has 0 rows",
            lambda: marketing.target_profile(CUSTOMERS.iloc[:0], by="industry"),
        ),
        "by-must-be-a-column-name": (
            "by must be a column name or a list of column names; got 3",
            lambda: marketing.target_profile(CUSTOMERS, by=3),
        ),
        "column-industry-has-1-missing-or": (
            "column 'industry' has 1 missing or out-of-bin value",
            lambda: marketing.target_profile(gap, by="industry"),
        ),
        "column-age-has-1-missing-or": (
            "column 'age' has 1 missing or out-of-bin",
            lambda: marketing.target_profile(CUSTOMERS, by="age", bins={"age": [26, 60]}),
        ),
        "bins-names-column-age-which-is": (
            "bins names column 'age', which is not in by",
            lambda: marketing.target_profile(CUSTOMERS, by="industry", bins={"age": [20, 60]}),
        ),
        "bins-for-age-must-be-increasing": (
            "bins for 'age' must be increasing numbers",
            lambda: marketing.target_profile(CUSTOMERS, by="age", bins={"age": [60, 20]}),
        ),
        "column-industry-must-be-numeric": (
            "column 'industry' must be numeric",
            lambda: marketing.target_profile(CUSTOMERS, by="industry", bins={"industry": [0, 1]}),
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "customers-has-no-column-job-its",
        "customers-has-0-rows",
        "by-must-be-a-column-name",
        "column-industry-has-1-missing-or",
        "column-age-has-1-missing-or",
        "bins-names-column-age-which-is",
        "bins-for-age-must-be-increasing",
        "column-industry-must-be-numeric",
    ],
)
def test_target_profile_bad_input(case):
    wording, call = _target_profile_bad_input_cases()[case]
    with pytest.raises(CRMLabError, match=wording):
        call()


# --- marketing: campaign ROI ---------------------------------------------------------------------

CAMPAIGNS = pd.DataFrame(
    {
        "campaign_id": ["mail", "phone", "fair"],
        "cost": [1000.0, 2000.0, 500.0],
        "revenue": [2500.0, 1000.0, 500.0],
        "contacts": [10000, 400, 50],
        "responses": [250, 20, 50],
    }
)


def test_campaign_roi_three_campaigns_by_hand():
    got = marketing.campaign_roi(CAMPAIGNS)
    assert got["revenue_less_cost"].tolist() == [1500.0, -1000.0, 0.0]
    assert got["revenue_roi"].tolist() == [1.5, -0.5, 0.0]
    assert got["response_rate"].tolist() == [0.025, 0.05, 1.0]
    assert "response_rate" not in marketing.campaign_roi(CAMPAIGNS, contacts=None).columns
    assert "profit" not in got.columns and "margin_roi" not in got.columns
    assert "roi" not in got.columns  # the old name of revenue_roi is gone
    # a 40 % margin: mail keeps 1,000 of its 2,500 yuan, exactly its cost (break-even at a
    # revenue ROI of 1 / 0.4 - 1 = 1.5); phone keeps 400 of 2,000
    m = marketing.campaign_roi(CAMPAIGNS, margin=0.4)
    assert m["gross_margin"].tolist() == [1000.0, 400.0, 200.0]
    assert m["margin_roi"].tolist() == [0.0, -0.8, -0.6]
    assert m.attrs["break_even_revenue_roi"] == 1.5


def _campaign_roi_bad_input_cases():
    def bad(**change):
        return CAMPAIGNS.assign(**change)

    return {
        "campaigns-column-cost-has-1-negative": (
            "campaigns column 'cost' has 1 negative value",
            lambda: marketing.campaign_roi(bad(cost=[1000.0, -5.0, 500.0])),
        ),
        "column-cost-is-0-for-campaign": (
            "column 'cost' is 0 for campaign 'fair'; ROI = "
            r"\(revenue - cost\) / cost is undefined",
            lambda: marketing.campaign_roi(bad(cost=[1000.0, 2000.0, 0.0])),
        ),
        "campaign-phone-has-500-responses-but": (
            "campaign 'phone' has 500 responses but only 400 contacts",
            lambda: marketing.campaign_roi(bad(responses=[250, 500, 50])),
        ),
        "campaign-fair-has-0-contacts": (
            "campaign 'fair' has 0 contacts",
            lambda: marketing.campaign_roi(bad(contacts=[10000, 400, 0], responses=[250, 20, 0])),
        ),
        "campaigns-has-1-duplicated-row-s": (
            r"campaigns has 1 duplicated row\(s\) on \['campaign_id'\]",
            lambda: marketing.campaign_roi(bad(campaign_id=["mail", "mail", "fair"])),
        ),
        "campaigns-has-no-column-revenue": (
            "campaigns has no column 'revenue'",
            lambda: marketing.campaign_roi(CAMPAIGNS.drop(columns="revenue")),
        ),
        "campaigns-has-0-rows": (
            "campaigns has 0 rows",
            lambda: marketing.campaign_roi(CAMPAIGNS.iloc[:0]),
        ),
        "campaigns-column-revenue-must-be-numeric": (
            "campaigns column 'revenue' must be numeric",
            lambda: marketing.campaign_roi(bad(revenue=["2500", "1000", "500"])),
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "campaigns-column-cost-has-1-negative",
        "column-cost-is-0-for-campaign",
        "campaign-phone-has-500-responses-but",
        "campaign-fair-has-0-contacts",
        "campaigns-has-1-duplicated-row-s",
        "campaigns-has-no-column-revenue",
        "campaigns-has-0-rows",
        "campaigns-column-revenue-must-be-numeric",
    ],
)
def test_campaign_roi_bad_input(case):
    wording, call = _campaign_roi_bad_input_cases()[case]
    with pytest.raises(CRMLabError, match=wording):
        call()


# --- sales: pipeline conversion ------------------------------------------------------------------

TEN_DEALS = pd.DataFrame(
    {
        "stage": ["leads"] * 3
        + ["contacts"] * 2
        + ["opportunities"] * 2
        + ["orders"]
        + ["payments"] * 2
    }
)


def test_pipeline_ten_deals_by_hand():
    got = sales.pipeline_conversion(TEN_DEALS)
    assert got["stage"].tolist() == list(sales.STAGES)
    assert got["reached"].tolist() == [10, 7, 5, 3, 2]
    assert got["step_conversion"].tolist() == pytest.approx([1, 0.7, 5 / 7, 0.6, 2 / 3])
    assert got["overall_conversion"].tolist() == pytest.approx([1, 0.7, 0.5, 0.3, 0.2])


def test_pipeline_accepts_categories_and_own_stages():
    cat = TEN_DEALS.assign(stage=pd.Categorical(TEN_DEALS["stage"], categories=sales.STAGES))
    assert sales.pipeline_conversion(cat)["reached"].tolist() == [10, 7, 5, 3, 2]
    own = pd.DataFrame({"step": ["visit", "visit", "buy"]})
    got = sales.pipeline_conversion(own, stage="step", stages=["visit", "cart", "buy"])
    assert got["reached"].tolist() == [3, 1, 1]


def test_pipeline_empty_stage_gives_nan_not_a_warning():
    got = sales.pipeline_conversion(pd.DataFrame({"stage": ["leads", "leads"]}))
    assert got["reached"].tolist() == [2, 0, 0, 0, 0]
    assert got["step_conversion"].iloc[1] == 0.0 and got["step_conversion"].iloc[2:].isna().all()


def _pipeline_bad_input_cases():
    return {
        "unknown-stage-s-won-valid-stages": (
            r"unknown stage\(s\) \['won'\]; valid stages are "
            r"\['leads', 'contacts'",
            lambda: sales.pipeline_conversion(pd.DataFrame({"stage": ["leads", "won"]})),
        ),
        "has-1-missing-stage-s-first": (
            r"has 1 missing stage\(s\) \(first in row 1\)",
            lambda: sales.pipeline_conversion(pd.DataFrame({"stage": ["leads", None]})),
        ),
        "stages-must-list-at-least-2": (
            "stages must list at least 2 different stages",
            lambda: sales.pipeline_conversion(TEN_DEALS, stages=["leads", "leads"]),
        ),
        "deals-has-no-column-phase": (
            "deals has no column 'phase'",
            lambda: sales.pipeline_conversion(TEN_DEALS, stage="phase"),
        ),
        "deals-has-0-rows": (
            "deals has 0 rows",
            lambda: sales.pipeline_conversion(TEN_DEALS.iloc[:0]),
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "unknown-stage-s-won-valid-stages",
        "has-1-missing-stage-s-first",
        "stages-must-list-at-least-2",
        "deals-has-no-column-phase",
        "deals-has-0-rows",
    ],
)
def test_pipeline_bad_input(case):
    wording, call = _pipeline_bad_input_cases()[case]
    with pytest.raises(CRMLabError, match=wording):
        call()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(sales.STAGES), min_size=1, max_size=60))
def test_pipeline_properties(stages):
    got = sales.pipeline_conversion(pd.DataFrame({"stage": stages}))
    reached = got["reached"].to_numpy()
    assert reached[0] == len(stages) and (np.diff(reached) <= 0).all()
    for col in ("step_conversion", "overall_conversion"):
        rates = got[col].dropna()
        assert ((rates >= 0) & (rates <= 1)).all()
    steps = got["step_conversion"].fillna(0).to_numpy()
    assert np.allclose(np.cumprod(steps), got["overall_conversion"])


# --- service: overdue tickets and escalation -----------------------------------------------------

FIVE_TICKETS = pd.DataFrame(
    {
        "ticket_id": ["T1", "T2", "T3", "T4", "T5"],
        "opened": pd.to_datetime(
            ["2025-03-01", "2025-03-08", "2025-03-01", "2025-02-20", "2025-02-01"]
        ),
        "resolved": pd.to_datetime(["2025-03-02", None, None, None, "2025-03-20"]),
        "priority": ["high", "urgent", "low", "medium", "high"],
    }
)


def test_five_tickets_by_hand():
    got = service.escalate_overdue(FIVE_TICKETS, as_of="2025-03-10")
    # T1 resolved; T2 due 03-09 (1 day late); T3 due 03-15; T4 due 02-27 (11 days, 7-day SLA);
    # T5 due 02-04, resolved only after as_of, 34 days late on a 3-day SLA.
    assert got["is_open"].tolist() == [False, True, True, True, True]
    assert got["overdue"].tolist() == [False, True, False, True, True]
    assert got["days_overdue"].tolist() == [0.0, 1.0, 0.0, 11.0, 34.0]
    assert got["escalation_level"].tolist() == [0, 1, 0, 2, 3]
    assert got["escalate_to"].tolist() == [
        "none",
        "team lead",
        "none",
        "service manager",
        "director",
    ]
    assert got["due"].iloc[3] == pd.Timestamp("2025-02-27")
    assert FIVE_TICKETS.columns.tolist() == ["ticket_id", "opened", "resolved", "priority"]


def test_due_day_itself_is_not_overdue_and_own_sla():
    on_due = service.escalate_overdue(FIVE_TICKETS, as_of="2025-03-09")
    assert not on_due["overdue"].iloc[1]
    relaxed = service.escalate_overdue(
        FIVE_TICKETS,
        as_of="2025-03-10",
        sla_days={"low": 30, "medium": 30, "high": 30, "urgent": 30},
    )
    assert relaxed["overdue"].tolist() == [False, False, False, False, True]


def _escalation_bad_input_cases():
    text = FIVE_TICKETS.assign(opened=FIVE_TICKETS["opened"].dt.strftime("%Y-%m-%d"))
    early = FIVE_TICKETS.assign(resolved=pd.to_datetime(["2025-02-01", None, None, None, None]))
    odd = FIVE_TICKETS.assign(priority=["high", "urgent", "whenever", "medium", "high"])
    return {
        "as_of-is-2025-03-01-before": (
            "as_of is 2025-03-01, before the last date in tickets "
            r"\(2025-03-08\)",
            lambda: service.escalate_overdue(FIVE_TICKETS, as_of="2025-03-01"),
        ),
        "as_of-must-be-a-date-such": (
            "as_of must be a date such as '2024-12-31'; got 'soon'",
            lambda: service.escalate_overdue(FIVE_TICKETS, as_of="soon"),
        ),
        "tickets-column-opened-must-hold-parsed": (
            "tickets column 'opened' must hold parsed dates",
            lambda: service.escalate_overdue(text, as_of="2025-03-10"),
        ),
        "tickets-column-resolved-must-hold-parsed": (
            "tickets column 'resolved' must hold parsed, timezone-naive",
            lambda: service.escalate_overdue(
                FIVE_TICKETS.assign(resolved="2025-03-02"), as_of="2025-03-10"
            ),
        ),
        "1-ticket-s-resolved-before-they": (
            r"1 ticket\(s\) resolved before they were opened",
            lambda: service.escalate_overdue(early, as_of="2025-03-10"),
        ),
        "priorities-whenever-without-a-service-level": (
            r"priorities \['whenever'\] without a service level",
            lambda: service.escalate_overdue(odd, as_of="2025-03-10"),
        ),
        "priorities-none-without-a-service-level": (
            r"priorities \[None\] without a service level",
            lambda: service.escalate_overdue(
                FIVE_TICKETS.assign(priority=[None, "low", "low", "low", "low"]), as_of="2025-03-10"
            ),
        ),
        "sla_days-high-must-be-a-number": (
            r"sla_days\['high'\] must be a number of days above 0; got 0",
            lambda: service.escalate_overdue(
                FIVE_TICKETS, as_of="2025-03-10", sla_days={**service.SLA_DAYS, "high": 0}
            ),
        ),
        "sla_days-low-must-be-a-number": (
            r"sla_days\['low'\] must be a number of days above 0; got 'x'",
            lambda: service.escalate_overdue(
                FIVE_TICKETS, as_of="2025-03-10", sla_days={**service.SLA_DAYS, "low": "x"}
            ),
        ),
        "tickets-has-no-column-priority": (
            "tickets has no column 'priority'",
            lambda: service.escalate_overdue(
                FIVE_TICKETS.drop(columns="priority"), as_of="2025-03-10"
            ),
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "as_of-is-2025-03-01-before",
        "as_of-must-be-a-date-such",
        "tickets-column-opened-must-hold-parsed",
        "tickets-column-resolved-must-hold-parsed",
        "1-ticket-s-resolved-before-they",
        "priorities-whenever-without-a-service-level",
        "priorities-none-without-a-service-level",
        "sla_days-high-must-be-a-number",
        "sla_days-low-must-be-a-number",
        "tickets-has-no-column-priority",
    ],
)
def test_escalation_bad_input(case):
    wording, call = _escalation_bad_input_cases()[case]
    with pytest.raises(CRMLabError, match=wording):
        call()


# --- the single customer view --------------------------------------------------------------------


def test_harmonise_ids_and_bad_ids():
    assert customer_view.harmonise_ids(pd.Series(["C00042", " c-7", "42"])).tolist() == [42, 7, 42]
    assert customer_view.harmonise_ids(pd.Series([3, 42])).tolist() == [3, 42]
    with pytest.raises(CRMLabError, match=r"holds customer id 'ABC', which has no number\(s\)"):
        customer_view.harmonise_ids(pd.Series(["C1", "ABC"]))
    with pytest.raises(CRMLabError, match=r"holds customer id 'C12-34', which has 2 number\(s\)"):
        customer_view.harmonise_ids(pd.Series(["C12-34"]))
    with pytest.raises(
        CRMLabError, match=r"holds 4.5 \(float\); customer ids must be whole numbers"
    ):
        customer_view.harmonise_ids(pd.Series([4.5]))
    with pytest.raises(CRMLabError, match=r"sales ids has 1 missing customer id\(s\)"):
        customer_view.harmonise_ids(pd.Series(["C1", None]), name="sales ids")


MARKETING = pd.DataFrame(
    {"customer_id": ["C00001", "C00002", "C00003"], "industry": ["IT", "retail", "IT"]}
)
SALES = pd.DataFrame({"customer_id": [1, 1, 3, 4], "value": [100.0, 50.0, 20.0, 5.0]})
SERVICE = pd.DataFrame(
    {"customer_id": ["c00001", "c00001", "c00002"], "satisfaction": [4.0, np.nan, 2.0]}
)


def test_single_customer_view_by_hand():
    view = customer_view.single_customer_view(MARKETING, SALES, SERVICE)
    assert view["customer_key"].tolist() == [1, 2, 3, 4]
    assert view["customer_id"].isna().tolist() == [False, False, False, True]
    assert view["industry"].iloc[:3].tolist() == ["IT", "retail", "IT"]
    assert view["deals"].tolist() == [2, 0, 1, 1]
    assert view["deal_value"].tolist() == [150.0, 0.0, 20.0, 5.0]
    assert view["tickets"].tolist() == [2, 1, 0, 0]
    assert view["mean_satisfaction"].iloc[:2].tolist() == [4.0, 2.0]
    assert view["mean_satisfaction"].iloc[2:].isna().all()


def _single_customer_view_bad_input_cases():
    twice = pd.DataFrame({"customer_id": ["C00001", "c1"], "industry": ["IT", "IT"]})
    return {
        "marketing-has-1-duplicated-row-s": (
            r"marketing has 1 duplicated row\(s\) on \['customer_key'\]",
            lambda: customer_view.single_customer_view(twice, SALES, SERVICE),
        ),
        "sales-has-no-column-value": (
            "sales has no column 'value'",
            lambda: customer_view.single_customer_view(
                MARKETING, SALES.rename(columns={"value": "amount"}), SERVICE
            ),
        ),
        "service-column-satisfaction-must-be-numeric": (
            "service column 'satisfaction' must be numeric",
            lambda: customer_view.single_customer_view(
                MARKETING, SALES, SERVICE.assign(satisfaction="good")
            ),
        ),
        "marketing-has-0-rows": (
            "marketing has 0 rows",
            lambda: customer_view.single_customer_view(MARKETING.iloc[:0], SALES, SERVICE),
        ),
        "service-ids-holds-customer-id-guest": (
            "service ids holds customer id 'guest'",
            lambda: customer_view.single_customer_view(
                MARKETING, SALES, SERVICE.assign(customer_id=["c1", "guest", "c2"])
            ),
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "marketing-has-1-duplicated-row-s",
        "sales-has-no-column-value",
        "service-column-satisfaction-must-be-numeric",
        "marketing-has-0-rows",
        "service-ids-holds-customer-id-guest",
    ],
)
def test_single_customer_view_bad_input(case):
    wording, call = _single_customer_view_bad_input_cases()[case]
    with pytest.raises(CRMLabError, match=wording):
        call()


def test_single_customer_view_on_the_generated_departments():
    sim = crm.simulate.generate("crm_system", 300, seed=3)
    view = customer_view.single_customer_view(
        sim["crm_customers"], sim["crm_pipeline"], sim["crm_tickets"]
    )
    assert view["customer_key"].is_unique and view["customer_id"].notna().all()
    assert len(view) == 300
    assert view["deals"].sum() == len(sim["crm_pipeline"])
    assert view["tickets"].sum() == len(sim["crm_tickets"])
    assert view["deal_value"].sum() == pytest.approx(sim["crm_pipeline"]["value"].sum())


# --- cross-selling -------------------------------------------------------------------------------

FOUR_BASKETS = pd.DataFrame(
    {
        "basket_id": ["b1", "b1", "b2", "b2", "b2", "b3", "b4"],
        "category": ["printer", "ink", "ink", "printer", "ink", "ink", "paper"],
    }
)


def test_four_baskets_known_lift():
    got = marketing.cross_sell_pairs(FOUR_BASKETS)
    top = got.iloc[0]
    # 4 baskets; ink in 3, printer in 2, both in 2 (b2's second ink counts once)
    assert (top["item_a"], top["item_b"], top["baskets"]) == ("ink", "printer", 2)
    assert top["support"] == 0.5
    assert top["confidence_a_to_b"] == pytest.approx(2 / 3) and top["confidence_b_to_a"] == 1.0
    assert top["lift"] == pytest.approx(0.5 / (0.75 * 0.5))
    assert len(got) == 3 and got["lift"].iloc[1:].tolist() == [0.0, 0.0]
    assert len(marketing.cross_sell_pairs(FOUR_BASKETS, min_support=0.25)) == 1


def _cross_sell_bad_input_cases():
    return {
        "holds-only-ink-pairs-need-at": (
            r"holds only \['ink'\]; pairs need at least 2 different",
            lambda: marketing.cross_sell_pairs(FOUR_BASKETS.assign(category="ink")),
        ),
        "min_support-must-be-in-0-1": (
            "min_support must be in \\[0, 1\\]; got 5. Write rates",
            lambda: marketing.cross_sell_pairs(FOUR_BASKETS, min_support=5),
        ),
        "column-category-has-1-missing-item": (
            r"column 'category' has 1 missing item\(s\)",
            lambda: marketing.cross_sell_pairs(
                FOUR_BASKETS.assign(category=["ink", None, "ink", "a", "b", "c", "d"])
            ),
        ),
        "baskets-column-basket_id-has-1-missing": (
            "baskets column 'basket_id' has 1 missing id",
            lambda: marketing.cross_sell_pairs(
                FOUR_BASKETS.assign(basket_id=["b1", None, "b2", "b2", "b2", "b3", "b4"])
            ),
        ),
        "baskets-has-no-column-item": (
            "baskets has no column 'item'",
            lambda: marketing.cross_sell_pairs(FOUR_BASKETS, item="item"),
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "holds-only-ink-pairs-need-at",
        "min_support-must-be-in-0-1",
        "column-category-has-1-missing-item",
        "baskets-column-basket_id-has-1-missing",
        "baskets-has-no-column-item",
    ],
)
def test_cross_sell_bad_input(case):
    wording, call = _cross_sell_bad_input_cases()[case]
    with pytest.raises(CRMLabError, match=wording):
        call()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.sampled_from("abcd")), min_size=2, max_size=40))
def test_cross_sell_properties(rows):
    log = pd.DataFrame(rows, columns=["basket_id", "category"])
    if log["category"].nunique() < 2:
        return
    got = marketing.cross_sell_pairs(log)
    n = log["basket_id"].nunique()
    share = log.drop_duplicates().groupby("category").size() / n
    for r in got.itertuples(index=False):
        assert 0 <= r.support <= min(share[r.item_a], share[r.item_b]) + 1e-12
        assert 0 <= r.confidence_a_to_b <= 1 and 0 <= r.confidence_b_to_a <= 1
        # lift is symmetric: either confidence over the other item's share gives it
        assert r.lift == pytest.approx(r.confidence_a_to_b / share[r.item_b])
        assert r.lift == pytest.approx(r.confidence_b_to_a / share[r.item_a])
    renamed = log.assign(category=log["category"].map({"a": "z", "b": "y", "c": "x", "d": "w"}))
    back = {"z": "a", "y": "b", "x": "c", "w": "d"}
    mirror = {
        tuple(sorted((back[a], back[b]))): lift
        for a, b, lift in marketing.cross_sell_pairs(renamed)[
            ["item_a", "item_b", "lift"]
        ].itertuples(index=False)
    }
    for a, b, lift in got[["item_a", "item_b", "lift"]].itertuples(index=False):
        assert mirror[(a, b)] == pytest.approx(lift)


# --- figures -------------------------------------------------------------------------------------


def _drawn(ax):
    ax.figure.canvas.draw()
    assert ax.get_xlabel() and ax.get_ylabel()
    assert "(" in ax.get_xlabel()  # unit or scale in brackets
    return ax


def test_pipeline_funnel_draws_the_counts():
    ax = _drawn(crm.plots.pipeline_funnel(sales.pipeline_conversion(TEN_DEALS)))
    assert [round(p.get_width()) for p in ax.patches] == [10, 7, 5, 3, 2]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(sales.STAGES)
    assert any("70% of previous" in t.get_text() for t in ax.texts)
    assert mcolors.to_hex(ax.patches[0].get_facecolor()).upper() == PALETTE["blue"]
    with pytest.raises(CRMLabError, match="conversion has no column 'reached'"):
        crm.plots.pipeline_funnel(TEN_DEALS)


def test_campaign_roi_bar_colours_gains_and_losses():
    ax = _drawn(crm.plots.campaign_roi_bar(marketing.campaign_roi(CAMPAIGNS)))
    assert [round(p.get_width()) for p in ax.patches] == [150, -50, 0]
    colours = [mcolors.to_hex(p.get_facecolor()).upper() for p in ax.patches]
    assert colours == [PALETTE["green"], PALETTE["vermillion"], PALETTE["green"]]
    assert ax.get_xlabel() == "revenue ROI, (revenue - cost) / cost (%)"
    with pytest.raises(CRMLabError, match="roi has no column 'revenue_roi'"):
        crm.plots.campaign_roi_bar(CAMPAIGNS)
    pair = _drawn(crm.plots.campaign_roi_bar(marketing.campaign_roi(CAMPAIGNS, margin=0.4),
                                             measure=("revenue_roi", "margin_roi")))
    assert [round(p.get_width()) for p in pair.patches] == [150, -50, 0, 0, -80, -60]
    assert [t.get_text() for t in pair.get_legend().get_texts()] == [
        "revenue ROI, (revenue - cost) / cost (%)",
        "margin ROI, (revenue x margin - cost) / cost (%)", "gain", "loss"]
    with pytest.raises(CRMLabError, match="measure must be one of"):
        crm.plots.campaign_roi_bar(marketing.campaign_roi(CAMPAIGNS), measure="profit")


def test_cross_sell_heatmap_shows_lift_both_ways():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    assert crm.plots.cross_sell_heatmap(marketing.cross_sell_pairs(FOUR_BASKETS), ax=ax) is ax
    _drawn(ax)
    grid = ax.images[0].get_array()
    assert grid[0, 2] == grid[2, 0] == pytest.approx(4 / 3)  # ink / printer
    assert bool(np.ma.getmaskarray(grid)[1, 1]) or math.isnan(np.ma.getdata(grid)[1, 1])
    assert sum(t.get_text() == "1.3" for t in ax.texts) == 2


# --- more bad input and an escalation property ---------------------------------------------------


def test_missing_ids_and_values_are_named():
    with pytest.raises(CRMLabError, match="campaigns column 'campaign_id' has 1 missing id"):
        marketing.campaign_roi(CAMPAIGNS.assign(campaign_id=["mail", None, "fair"]))
    with pytest.raises(CRMLabError, match="sales column 'value' has 1 missing value"):
        customer_view.single_customer_view(
            MARKETING, SALES.assign(value=[1.0, np.nan, 2.0, 3.0]), SERVICE
        )
    aware = FIVE_TICKETS.assign(resolved=FIVE_TICKETS["resolved"].dt.tz_localize("UTC"))
    with pytest.raises(
        CRMLabError, match="column 'resolved' must hold parsed, timezone-naive dates"
    ):
        service.escalate_overdue(aware, as_of="2025-03-10")
    with pytest.raises(CRMLabError, match="tickets must be a pandas DataFrame; got list"):
        service.escalate_overdue([1, 2], as_of="2025-03-10")


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 60),
            st.one_of(st.none(), st.integers(0, 30)),
            st.sampled_from(sorted(service.SLA_DAYS)),
        ),
        min_size=1,
        max_size=20,
    ),
    st.integers(0, 40),
)
def test_escalation_properties(rows, extra):
    start = pd.Timestamp("2025-01-01")
    tickets = pd.DataFrame(
        {
            "opened": [start + pd.Timedelta(days=o) for o, _, _ in rows],
            "resolved": [
                pd.NaT if r is None else start + pd.Timedelta(days=o + r) for o, r, _ in rows
            ],
            "priority": [p for _, _, p in rows],
        }
    )
    as_of = tickets["opened"].max()
    now = service.escalate_overdue(tickets, as_of=as_of)
    later = service.escalate_overdue(tickets, as_of=as_of + pd.Timedelta(days=extra))
    assert (now["overdue"] <= now["is_open"]).all()
    assert ((now["escalation_level"] > 0) == now["overdue"]).all()
    assert now["escalation_level"].between(0, 3).all() and (now["days_overdue"] >= 0).all()
    still_open = later["is_open"]
    assert (later.loc[still_open, "days_overdue"] >= now.loc[still_open, "days_overdue"]).all()
    assert (
        later.loc[still_open, "escalation_level"] >= now.loc[still_open, "escalation_level"]
    ).all()
