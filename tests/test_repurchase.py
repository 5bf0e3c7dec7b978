"""crmlab.repurchase: melting wide baskets, next purchase per category, coupon lists -- by hand."""

import numpy as np
import pandas as pd
import pytest

from crmlab import CRMLabError
from crmlab import repurchase as R


@pytest.fixture
def purchases():
    d = pd.to_datetime
    return pd.DataFrame({
        "customer_id": [1, 1, 1, 1, 1, 2, 2, 2, 3],
        "date": d(["2024-03-01", "2024-03-11", "2024-03-21", "2024-03-05", "2024-03-19",
                   "2024-03-02", "2024-03-16", "2024-03-20", "2024-03-18"]),
        # 1: milk every 10 days (last 21 Mar -> due 31 Mar), nappies every 14 days (due 2 Apr)
        # 2: pet food 2 and 16 March (gap 14 -> due 30 Mar), one bread
        # 3: a single milk purchase
        "category": ["milk", "milk", "milk", "nappies", "nappies", "pet food", "pet food",
                     "bread", "milk"],
        "amount": [30.0, 30.0, 30.0, 80.0, 80.0, 60.0, 60.0, 5.0, 4.0],
    })


@pytest.fixture
def customers():
    return pd.DataFrame({"customer_id": [1, 2, 3], "has_children": [True, False, True],
                         "pet_owner": [False, True, True]})


def test_melt_category_spend_by_hand():
    wide = pd.DataFrame(
        {
            "customer_id": [7, 8],
            "date": pd.to_datetime(["2024-01-02", "2024-01-01"]),
            "milk": [2.5, 0.0],
            "toys": [0.0, 0.0],
            "pet": [10.0, 4.0],
        }
    )
    long = R.melt_category_spend(wide)
    assert long.columns.tolist() == ["customer_id", "date", "category", "amount"]
    assert long[["customer_id", "category", "amount"]].values.tolist() == [
        [7, "milk", 2.5],
        [7, "pet", 10.0],
        [8, "pet", 4.0],
    ]
    only = R.melt_category_spend(wide, categories=["milk"])
    assert only["category"].tolist() == ["milk"]


def test_next_purchase_dates_by_hand(purchases):
    r = R.next_purchase_dates(purchases).set_index(["customer_id", "category"])
    assert r.loc[(1, "milk"), "median_gap"] == 10.0
    assert r.loc[(1, "milk"), "expected_next"] == pd.Timestamp("2024-03-31")
    assert r.loc[(1, "nappies"), "expected_next"] == pd.Timestamp("2024-04-02")
    assert r.loc[(2, "pet food"), "expected_next"] == pd.Timestamp("2024-03-30")
    # customer 3 has one milk purchase: borrows the milk median gap (10 days)
    assert r.loc[(3, "milk"), "basis"] == "category"
    assert r.loc[(3, "milk"), "expected_next"] == pd.Timestamp("2024-03-28")
    # nobody bought bread twice: no prediction
    assert (2, "bread") not in r.index
    assert (r["expected_next"] > r["last"]).all()


def test_coupon_list_by_hand(purchases, customers):
    c = R.coupon_list(
        purchases, customers, on="2024-03-29", min_weekly_spend=10, within_days=3, lookback_weeks=4
    )
    # weekly spend over 1-28 March: 1 -> 250 / 4 = 62.5; 2 -> 125 / 4 = 31.25; 3 -> 4 / 4 = 1
    assert c["customer_id"].unique().tolist() == [1, 2]
    one = c[c["customer_id"] == 1]
    # milk due 31 March (in 2 days); nappies due 2 April (in 4 days) is outside the 3-day window
    assert one["item"].tolist() == ["milk", "children's offer"]
    assert one["due_in_days"].iloc[0] == 2.0 and np.isnan(one["due_in_days"].iloc[1])
    assert (one["weekly_spend"] == 62.5).all()
    two = c[c["customer_id"] == 2]
    assert two["item"].tolist() == ["pet food", "pet offer"]
    assert two["reason"].tolist() == ["due", "pets"]
    assert two["due_in_days"].iloc[0] == 1.0 and two["weekly_spend"].iloc[0] == 31.25
    # a wider window brings the nappies in; a higher spend bar drops customer 2
    wide = R.coupon_list(
        purchases, customers, on="2024-03-29", min_weekly_spend=40, within_days=5, lookback_weeks=4
    )
    assert wide["item"].tolist() == ["milk", "nappies", "children's offer"]


def test_coupon_list_uses_history_before_the_day_only(purchases, customers):
    # on 15 March customer 1 has milk on 1 and 11 March (gap 10 -> due 21 March)
    c = R.coupon_list(purchases, customers, on="2024-03-15", within_days=7, lookback_weeks=2)
    one = c[(c["customer_id"] == 1) & (c["reason"] == "due")]
    assert one["item"].tolist() == ["milk"]
    assert one["due_in_days"].tolist() == [6.0]


def test_coupon_list_can_be_empty(purchases, customers):
    c = R.coupon_list(purchases, customers, on="2024-03-29", min_weekly_spend=1e6)
    assert len(c) == 0
    assert c.columns.tolist() == ["customer_id", "weekly_spend", "item", "reason", "due_in_days"]


def _bad_inputs_cases(purchases, customers):
    wide = pd.DataFrame(
        {"customer_id": [1], "date": pd.to_datetime(["2024-01-01"]), "milk": [-2.0]}
    )
    return {
        "purchases-has-no-column-category": (
            r"purchases has no column 'category'",
            lambda: R.next_purchase_dates(purchases.drop(columns="category")),
        ),
        "purchases-column-category-has-1-missing": (
            r"purchases column 'category' has 1 missing",
            lambda: R.next_purchase_dates(
                purchases.assign(category=purchases["category"].where(purchases.index != 4))
            ),
        ),
        "purchases-column-date-must-hold-parsed": (
            r"purchases column 'date' must hold parsed dates",
            lambda: R.next_purchase_dates(purchases.assign(date=purchases["date"].astype(str))),
        ),
        "purchases-column-customer_id-has-1-missing": (
            r"purchases column 'customer_id' has 1 missing id",
            lambda: R.next_purchase_dates(purchases.assign(customer_id=[None] + [1] * 8)),
        ),
        "min_purchases-must-be-in-2-inf": (
            r"min_purchases must be in \[2, inf\); got 1",
            lambda: R.next_purchase_dates(purchases, min_purchases=1),
        ),
        "customers-column-pet_owner-must-hold-true": (
            r"customers column 'pet_owner' must hold True/False",
            lambda: R.coupon_list(
                purchases, customers.assign(pet_owner=[1, 0, 1]), on="2024-03-29"
            ),
        ),
        "customers-column-has_children-must-hold-true": (
            r"customers column 'has_children' must hold True/False .* "
            r"with 1 missing",
            lambda: R.coupon_list(
                purchases, customers.assign(has_children=[True, None, False]), on="2024-03-29"
            ),
        ),
        "customers-has-no-column-has_children": (
            r"customers has no column 'has_children'",
            lambda: R.coupon_list(
                purchases, customers.drop(columns="has_children"), on="2024-03-29"
            ),
        ),
        "customers-has-1-duplicated-row": (
            r"customers has 1 duplicated row",
            lambda: R.coupon_list(
                purchases, pd.concat([customers, customers.tail(1)]), on="2024-03-29"
            ),
        ),
        "on-is-2024-02-01-not": (
            r"on is 2024-02-01, not after the first purchase "
            r"\(2024-03-01\)",
            lambda: R.coupon_list(purchases, customers, on="2024-02-01"),
        ),
        "purchases-has-no-column-amount": (
            r"purchases has no column 'amount'",
            lambda: R.coupon_list(purchases.drop(columns="amount"), customers, on="2024-03-29"),
        ),
        "min_weekly_spend-must-be-in-0-inf": (
            r"min_weekly_spend must be in \[0, inf\); got -1",
            lambda: R.coupon_list(purchases, customers, on="2024-03-29", min_weekly_spend=-1),
        ),
        "within_days-must-be-a-whole-number": (
            r"within_days must be a whole number; got 2.5",
            lambda: R.coupon_list(purchases, customers, on="2024-03-29", within_days=2.5),
        ),
        "on-must-be-timezone-naive": (
            r"on must be timezone-naive",
            lambda: R.coupon_list(purchases, customers, on=pd.Timestamp("2024-03-29", tz="UTC")),
        ),
        "wide-column-milk-has-1-negative": (
            r"wide column 'milk' has 1 negative value",
            lambda: R.melt_category_spend(wide),
        ),
        "wide-has-no-category-columns-besides": (
            r"wide has no category columns besides",
            lambda: R.melt_category_spend(wide.drop(columns="milk")),
        ),
        "wide-has-no-column-toys": (
            r"wide has no column 'toys'",
            lambda: R.melt_category_spend(wide, categories=["toys"]),
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "purchases-has-no-column-category",
        "purchases-column-category-has-1-missing",
        "purchases-column-date-must-hold-parsed",
        "purchases-column-customer_id-has-1-missing",
        "min_purchases-must-be-in-2-inf",
        "customers-column-pet_owner-must-hold-true",
        "customers-column-has_children-must-hold-true",
        "customers-has-no-column-has_children",
        "customers-has-1-duplicated-row",
        "on-is-2024-02-01-not",
        "purchases-has-no-column-amount",
        "min_weekly_spend-must-be-in-0-inf",
        "within_days-must-be-a-whole-number",
        "on-must-be-timezone-naive",
        "wide-column-milk-has-1-negative",
        "wide-has-no-category-columns-besides",
        "wide-has-no-column-toys",
    ],
)
def test_bad_inputs(purchases, customers, case):
    wording, call = _bad_inputs_cases(purchases, customers)[case]
    with pytest.raises(CRMLabError, match=wording):
        call()


def test_melt_category_spend_ignores_a_basket_total_called_amount():
    # supermarket A's trips have an amount column (the basket total) beside the categories
    wide = pd.DataFrame({"customer_id": [1], "date": pd.to_datetime(["2024-01-01"]),
                         "amount": [12.0], "milk": [2.0], "pet": [10.0]})
    long = R.melt_category_spend(wide, categories=["milk", "pet"])
    assert long[["category", "amount"]].values.tolist() == [["milk", 2.0], ["pet", 10.0]]
