"""Core groups: yearly spend today versus lifetime value, and years a group needs to lead (C10)."""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmlab as crm
from crmlab.core_customers import GROUP_COLUMNS, age_group_value, years_to_lead
from crmlab.errors import CRMLabError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def two():
    """Kids spend less per year but stay longer and bring family; worked by hand below."""
    return pd.DataFrame({"age_group": ["kids", "adults"], "spend_per_visit": [20.0, 40.0],
                         "visits_per_year": [10.0, 10.0], "repeat_rate": [0.8, 0.5],
                         "years_retained": [10.0, 2.0], "family_spend_per_visit": [30.0, 0.0],
                         "margin": 0.5, "discount_rate": 0.0})


def test_values_worked_by_hand_without_discounting(two):
    t = age_group_value(two)
    # kids: 0.5 * 10 visits * 0.8 * 10 years = 40 per yuan per visit;
    # own 20 -> 800, family 30 -> 1200
    assert t["own_ltv"].tolist() == [800.0, 200.0]
    assert t["family_ltv"].tolist() == [1200.0, 0.0]
    assert t["ltv"].tolist() == [2000.0, 200.0]
    assert t["annual_spend"].tolist() == [200.0, 400.0]
    assert t["spend_rank"].tolist() == [2, 1] and t["ltv_rank"].tolist() == [1, 2]
    assert t["years_retained"].tolist() == [10.0, 2.0]
    assert list(t.columns) == [
        "age_group",
        "annual_spend",
        "spend_rank",
        "years_retained",
        "own_ltv",
        "family_ltv",
        "ltv",
        "ltv_rank",
    ]


def test_discounting_worked_by_hand(two):
    # d = 0.25, adults stay 2 years: A(2) = (1 - 1.25**-2) / 0.25 = 1.44
    t = age_group_value(two, discount=0.25)
    assert t["ltv"].iloc[1] == pytest.approx(0.5 * 40 * 10 * 0.5 * 1.44)
    # one year of a discounted annuity is worth 1 / (1 + d)
    t1 = age_group_value(two, discount=0.25, years=1)
    assert t1["ltv"].tolist() == pytest.approx(
        [0.5 * 50 * 10 * 0.8 / 1.25, 0.5 * 40 * 10 * 0.5 / 1.25]
    )


def test_years_and_family_overrides(two):
    t = age_group_value(two, years={"kids": 1}, family=0.5)
    assert t["years_retained"].tolist() == [1.0, 2.0]
    assert t["ltv"].tolist() == [0.5 * (20 + 15) * 10 * 0.8, 200.0]
    everyone = age_group_value(two, years=4)
    assert everyone["years_retained"].tolist() == [4.0, 4.0]
    assert age_group_value(two, family=0.0)["ltv"].tolist() == [800.0, 200.0]
    keywords = age_group_value(
        two.drop(columns=["margin", "discount_rate"]), margin=0.5, discount=0.0
    )
    pd.testing.assert_frame_equal(keywords, age_group_value(two))


def test_the_fastfood_table_reproduces_the_planted_lifetime_values():
    groups = crm.data.load("fastfood_age_groups")
    truth = json.loads((ROOT / "data/truth/fastfood.json").read_text())
    t = age_group_value(groups)
    got = dict(zip(t["age_group"].astype(str), t["ltv"].round(2)))
    assert got == pytest.approx(truth["observed_ltv"], abs=0.006)
    assert (
        t.sort_values("ltv_rank")["age_group"].astype(str).tolist() == truth["observed_ltv_ranking"]
    )
    # the C10 contrast: the spend leader is 20-30, the lifetime-value leader is 5-14
    assert t.loc[t["spend_rank"] == 1, "age_group"].astype(str).item() == "20-30"
    assert t.loc[t["ltv_rank"] == 1, "age_group"].astype(str).item() == "5-14"


def test_years_to_lead_worked_by_hand(two):
    # kids: K = 0.5 * 50 * 10 * 0.8 = 200 a year; adults' LTV 200 -> 1 year without discounting
    assert years_to_lead(two, "kids") == 1.0
    assert years_to_lead(two, "kids", family=0.0) == 2.5  # K = 80
    assert years_to_lead(two, "adults") == 20.0  # K = 100, kids' LTV 2000
    # with d = 0.6, kids' LTV 200 * A(10) = 330.3 and 330.3 * 0.6 >= 100: adults never lead
    assert years_to_lead(two, "adults", discount=0.6) == math.inf


def test_years_to_lead_is_where_the_ranking_flips():
    groups = crm.data.load("fastfood_age_groups")
    for family in (1.0, 0.5, 0.0):
        y = years_to_lead(groups, "5-14", family=family)
        assert 0 < y < float(groups.loc[groups["age_group"] == "5-14", "years_retained"].item())
        before = age_group_value(groups, years={"5-14": y - 0.01}, family=family)
        after = age_group_value(groups, years={"5-14": y + 0.01}, family=family)
        assert before["ltv_rank"].iloc[0] == 2 and after["ltv_rank"].iloc[0] == 1


@settings(max_examples=60, deadline=None)
@given(
    spend=st.lists(st.floats(1, 100), min_size=3, max_size=3),
    fam=st.lists(st.floats(0, 100), min_size=3, max_size=3),
    years=st.lists(st.floats(0.5, 30), min_size=3, max_size=3),
    repeat=st.lists(st.floats(0.05, 1), min_size=3, max_size=3),
    d=st.floats(0, 0.3),
    w=st.floats(0, 1),
)
def test_properties(spend, fam, years, repeat, d, w):
    g = pd.DataFrame(
        {
            "age_group": list("abc"),
            "spend_per_visit": spend,
            "visits_per_year": 6.0,
            "repeat_rate": repeat,
            "years_retained": years,
            "family_spend_per_visit": fam,
            "margin": 0.3,
            "discount_rate": d,
        }
    )
    t = age_group_value(g, family=w)
    assert np.allclose(t["ltv"], t["own_ltv"] + w * t["family_ltv"], atol=1e-5)
    # discounting never raises value; a longer stay never lowers it
    assert (t["ltv"] <= age_group_value(g, family=w, discount=0.0)["ltv"] + 1e-6).all()
    longer = age_group_value(g, family=w, years={"a": years[0] + 1})
    assert longer["ltv"].iloc[0] >= t["ltv"].iloc[0] - 1e-9
    assert sorted(t["ltv_rank"]) == sorted(t["ltv"].rank(ascending=False, method="min").astype(int))
    y = years_to_lead(g, "a", family=w)
    if 0 < y < 100:
        at = age_group_value(g, family=w, years={"a": y})
        # y is rounded to 6 decimals and the focus LTV grows by at most k yuan a year, so the two
        # meet within k * 1e-6 (plus the 6-decimal rounding of the table itself)
        k = 0.3 * (spend[0] + w * fam[0]) * 6.0 * repeat[0]
        assert abs(at["ltv"].iloc[0] - at["ltv"].iloc[1:].max()) <= k * 1e-6 + 2e-6


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"family": 1.5}, r"family must be in \[0, 1\]; got 1.5"),
        ({"years": -1}, r"years must be in \[0, 100\]; got -1"),
        ({"years": "long"}, r"years must be None .* got str"),
        (
            {"years": {"babies": 3}},
            r"years names the group 'babies'.*the groups are \['kids', 'adults'\]",
        ),
        ({"margin": 35}, r"margin must be in \[0, 1\); got 35. Write rates as fractions"),
        ({"group": "segment"}, r"groups has no column 'segment'"),
    ],
)
def test_bad_arguments(two, kwargs, message):
    with pytest.raises(CRMLabError, match=message):
        age_group_value(two, **kwargs)


def _bad_tables_cases(two):
    return {
        "groups-must-be-a-pandas-dataframe": (
            "groups must be a pandas DataFrame; got list",
            lambda: age_group_value([1, 2]),
        ),
        "groups-has-no-column-repeat_rate": (
            "groups has no column 'repeat_rate'",
            lambda: age_group_value(two.drop(columns="repeat_rate")),
        ),
        "names-kids-twice-give-one-row": (
            "names 'kids' twice; give one row per group",
            lambda: age_group_value(pd.concat([two, two.iloc[[0]]])),
        ),
        "repeat_rate-must-be-a-share-in": (
            r"'repeat_rate' must be a share in \[0, 1\]; got 85.0",
            lambda: age_group_value(two.assign(repeat_rate=[85.0, 0.5])),
        ),
        "column-spend_per_visit-has-1-negative-value": (
            "column 'spend_per_visit' has 1 negative value",
            lambda: age_group_value(two.assign(spend_per_visit=[-1.0, 40.0])),
        ),
        "discount_rate-must-hold-one-value-for": (
            r"'discount_rate' must hold one value for every group; got \[0.0, 0.1\]",
            lambda: age_group_value(two.assign(discount_rate=[0.0, 0.1])),
        ),
        "groups-has-no-column-margin-pass": (
            "groups has no column 'margin'; pass margin=",
            lambda: age_group_value(two.drop(columns="margin")),
        ),
        "target-teens-is-not-a-group": (
            "target 'teens' is not a group",
            lambda: years_to_lead(two, "teens"),
        ),
        "needs-at-least-two-groups": (
            "needs at least two groups",
            lambda: years_to_lead(two.iloc[[0]], "kids"),
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "groups-must-be-a-pandas-dataframe",
        "groups-has-no-column-repeat_rate",
        "names-kids-twice-give-one-row",
        "repeat_rate-must-be-a-share-in",
        "column-spend_per_visit-has-1-negative-value",
        "discount_rate-must-hold-one-value-for",
        "groups-has-no-column-margin-pass",
        "target-teens-is-not-a-group",
        "needs-at-least-two-groups",
    ],
)
def test_bad_tables(two, case):
    wording, call = _bad_tables_cases(two)[case]
    with pytest.raises(CRMLabError, match=wording):
        call()


def test_columns_constant_lists_what_is_read(two):
    for column in GROUP_COLUMNS:
        with pytest.raises(CRMLabError, match=f"no column '{column}'"):
            age_group_value(two.drop(columns=column))


def test_registered_as_crm_core_customers():
    assert crm.core_customers.age_group_value is age_group_value


# --- the group value averaged over each customer's own value -------------------------------


def test_averaging_each_customers_own_value_by_hand():
    # three kids: one never returns; two return for 1 and 5 years (3 on average), 10 visits of
    # 10 yuan at a 50 % margin, d = 0.5. A(1) = 0.6667, A(3) = 1.4074, A(5) = 1.7366.
    # From the group's averages: 0.5 x 10 x 10 x (2/3) x A(3) = 46.91;
    # customer by customer: (0 + 50 A(1) + 50 A(5)) / 3 = (33.33 + 86.83) / 3 = 40.05.
    kids = pd.DataFrame({"age_group": ["kids"] * 3, "spend_per_visit": [10.0] * 3,
                         "visits_per_year": [0.0, 10.0, 10.0], "years_retained": [0.0, 1.0, 5.0],
                         "family_spend_per_visit": [0.0, 4.0, 4.0]})
    group = pd.DataFrame({"age_group": ["kids"], "spend_per_visit": [10.0], "repeat_rate": [2 / 3],
                          "visits_per_year": [10.0], "years_retained": [3.0],
                          "family_spend_per_visit": [4.0]})
    avg = age_group_value(group, margin=0.5, discount=0.5)
    each = age_group_value(group, margin=0.5, discount=0.5, customers=kids)
    assert float(avg["own_ltv"].iloc[0]) == pytest.approx(46.9136, abs=1e-4)
    assert float(each["own_ltv"].iloc[0]) == pytest.approx(40.0549, abs=1e-4)
    # the family part scales the same way (4 yuan instead of 10), and family=0 drops it
    assert float(each["family_ltv"].iloc[0]) == pytest.approx(40.0549 * 0.4, abs=1e-4)
    no_family = age_group_value(group, margin=0.5, discount=0.5, customers=kids, family=0.0)
    assert float(no_family["ltv"].iloc[0]) == pytest.approx(40.0549, abs=1e-4)
    # years= puts every returning kid on 3 years: the two ways agree again
    same = age_group_value(group, margin=0.5, discount=0.5, customers=kids, years=3.0)
    assert float(same["own_ltv"].iloc[0]) == pytest.approx(46.9136, abs=1e-4)


def test_fastfood_children_averaged_customer_by_customer_are_worth_about_1300():
    """The 5-14 group's value from its average stay (15.5 years) is 1,492 yuan; the mean of
    each child's own value is 1,299.66, because A(Y) is concave: the average of A(Y) over the
    children is 7.64 against A(15.5) = 8.72. Every group loses a little; the ranking stays."""
    groups = crm.data.load("fastfood_age_groups")
    customers = crm.data.load("fastfood_customers")
    d, m = 0.08, 0.35
    factor = (1 - (1 + d) ** -customers["years_retained"]) / d
    own = m * (customers["spend_per_visit"] + customers["family_spend_per_visit"]) \
        * customers["visits_per_year"] * factor
    by_hand = own.groupby(customers["age_group"], observed=True).mean()
    each = age_group_value(groups, customers=customers)
    np.testing.assert_allclose(each["ltv"], by_hand.to_numpy(), atol=1e-6)  # rounded to 6 dp
    assert round(float(each["ltv"].iloc[0]), 2) == 1299.66
    group_avg = age_group_value(groups)
    assert round(float(group_avg["ltv"].iloc[0])) == 1492
    assert (each["ltv"] < group_avg["ltv"]).all()
    assert each["ltv_rank"].tolist() == group_avg["ltv_rank"].tolist() == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("case", ["unknown-group", "missing-column"])
def test_customer_table_bad_input(two, case):
    good = pd.DataFrame({"age_group": ["kids", "adults"], "spend_per_visit": [1.0, 1.0],
                         "visits_per_year": [1.0, 1.0], "years_retained": [1.0, 1.0],
                         "family_spend_per_visit": [0.0, 0.0]})
    bad, wording = {
        "unknown-group": (good.assign(age_group=["kids", "teens"]),
                          r"customers column 'age_group' must name the same groups as groups"),
        "missing-column": (good.drop(columns="visits_per_year"),
                           r"customers has no column 'visits_per_year'"),
    }[case]
    with pytest.raises(CRMLabError, match=wording):
        age_group_value(two, margin=0.5, discount=0.1, customers=bad)
