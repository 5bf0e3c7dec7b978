"""crmlab.habit: the habit passed on to the next generation -- by hand."""

import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab.core_customers import age_group_value
from crmlab.habit import habit_value


@pytest.fixture
def groups():
    return pd.DataFrame({"age_group": ["kids", "adults"], "spend_per_visit": [20.0, 40.0],
                         "visits_per_year": [10.0, 10.0], "repeat_rate": [0.8, 0.5],
                         "years_retained": [10.0, 2.0], "family_spend_per_visit": [30.0, 0.0],
                         "margin": 0.5, "discount_rate": 0.05})


def test_no_habit_is_the_lifetime_value_of_core_customers(groups):
    t = habit_value(groups, focus="kids", pass_on=0.0)
    base = age_group_value(groups)
    pd.testing.assert_frame_equal(t[base.columns], base)
    assert t["heirs_ltv"].tolist() == [0.0, 0.0] and t["total_ltv"].tolist() == base["ltv"].tolist()


def test_heirs_are_a_discounted_geometric_series(groups):
    t = habit_value(groups, focus="kids", pass_on=0.4, generation_years=20)
    q = 0.4 * 1.05 ** -20  # 0.150758
    ltv = float(t.loc[0, "ltv"])
    # four generations by hand are within 0.1 % of the closed form
    by_hand = ltv * (q + q ** 2 + q ** 3 + q ** 4)
    assert t.loc[0, "heirs_ltv"] == pytest.approx(ltv * q / (1 - q), rel=1e-9)
    assert t.loc[0, "heirs_ltv"] == pytest.approx(by_hand, rel=1e-3)
    assert t.loc[1, "heirs_ltv"] == 0.0
    assert t.attrs["discount"] == 0.05 and t.attrs["core"] == "kids"


def test_a_far_future_is_worth_little_at_the_course_data():
    groups = crm.data.load("fastfood_age_groups")
    t = habit_value(groups, pass_on=0.5)
    # 25 years at 8 %: q = 0.5 / 1.08**25 = 0.0730; heirs add 7.9 % to the children's value
    assert t.loc[0, "heirs_ltv"] / t.loc[0, "ltv"] == pytest.approx(0.0730 / 0.9270, rel=1e-3)
    assert t.attrs["core"] == "5-14" and t.attrs["spend_leader"] == "20-30"


def test_short_stay_without_family_or_habit_hands_over_the_lead():
    groups = crm.data.load("fastfood_age_groups")
    assert habit_value(groups, years=3, family=0.0).attrs["core"] == "15-20"


def _customers():
    # kids: stays of 4 and 12 years and one who never came back; one adult of 2 years
    return pd.DataFrame({"age_group": ["kids", "kids", "kids", "adults"],
                         "spend_per_visit": [20.0, 20.0, 20.0, 40.0],
                         "visits_per_year": [10.0, 10.0, 0.0, 10.0],
                         "years_retained": [4.0, 12.0, 0.0, 2.0],
                         "family_spend_per_visit": [30.0, 30.0, 0.0, 0.0]})


@pytest.fixture
def customers():
    return _customers()


def test_customers_are_valued_one_by_one(groups, customers):
    t = habit_value(groups, focus="kids", pass_on=0.4, generation_years=20, discount=0.0,
                    customers=customers)
    # d = 0: A(Y) = Y; kids (0.5 x 50 x 10 x 4 + 0.5 x 50 x 10 x 12 + 0) / 3 = (1000 + 3000) / 3
    assert t.loc[0, "ltv"] == pytest.approx(4000 / 3)
    assert t.loc[1, "ltv"] == pytest.approx(0.5 * 40 * 10 * 2)
    assert t.loc[0, "years_retained"] == 8.0  # the returning kids' mean stay, as used
    assert t.loc[0, "heirs_ltv"] == pytest.approx(4000 / 3 * 0.4 / 0.6, rel=1e-6)
    base = age_group_value(groups, customers=customers, discount=0.0)
    assert t["ltv"].tolist() == base["ltv"].tolist()


def test_a_changed_stay_stretches_every_returning_stay(groups, customers):
    t = habit_value(groups, focus="kids", years=2.0, discount=0.0, customers=customers)
    # mean stay 8 -> 2: stays 1 and 3; (250 x 1 + 250 x 3 + 0) / 3; adults unchanged
    assert t.loc[0, "ltv"] == pytest.approx(1000 / 3)
    assert t.loc[0, "years_retained"] == 2.0 and t.loc[1, "ltv"] == pytest.approx(400.0)
    assert t.attrs["core"] == "adults"
    same = habit_value(groups, focus="kids", years=8.0, discount=0.0, customers=customers)
    assert same["ltv"].tolist() == habit_value(groups, focus="kids", discount=0.0,
                                               customers=customers)["ltv"].tolist()


def test_the_course_data_valued_customer_by_customer():
    groups = crm.data.load("fastfood_age_groups")
    customers = crm.data.load("fastfood_customers")
    t = habit_value(groups, pass_on=0.3, customers=customers)
    # about 1,300 yuan (notebook 02), the heirs 4.6 % of it; below the group-average 1,492
    assert t.loc[0, "ltv"] == pytest.approx(1299.7, abs=0.05)
    assert t.loc[0, "heirs_ltv"] / t.loc[0, "ltv"] == pytest.approx(0.0438 / 0.9562, rel=2e-3)
    assert habit_value(groups, pass_on=0.3).loc[0, "ltv"] == pytest.approx(1492.3, abs=0.05)


@pytest.mark.parametrize("case, message", [
    ("pass on one", "pass_on must be in \\[0, 1\\); got 1"),
    ("generation zero", "generation_years must be in \\[1, 100\\]"),
    ("unknown focus", "focus 'teens' is not a group"),
    ("two discount rates", "groups column 'discount_rate' must hold one value"),
    ("years too long", "years must be in \\[0, 100\\]; got 120"),
    ("no stay to stretch", "customers has no returning customer of 'kids' with a stay above 0"),
])
def test_bad_input_is_refused(groups, case, message):
    with pytest.raises(CRMLabError, match=message):
        if case == "pass on one":
            habit_value(groups, focus="kids", pass_on=1)
        elif case == "generation zero":
            habit_value(groups, focus="kids", generation_years=0)
        elif case == "unknown focus":
            habit_value(groups, focus="teens")
        elif case == "years too long":
            habit_value(groups, focus="kids", customers=_customers(), years=120)
        elif case == "no stay to stretch":
            habit_value(groups, focus="kids", years=5,
                        customers=_customers().assign(visits_per_year=[0.0, 0.0, 0.0, 10.0]))
        else:
            habit_value(groups.assign(discount_rate=[0.05, 0.1]), focus="kids", margin=0.5,
                        pass_on=0.2)
