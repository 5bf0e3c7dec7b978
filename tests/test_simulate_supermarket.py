"""Supermarket A: the planted truths can be recovered from the data alone, within tolerances."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmlab as crm
from crmlab.errors import CRMLabError
from crmlab.simulate import supermarket as sm

CATS = list(sm.CATEGORIES)


@pytest.fixture(scope="module")
def committed():
    """The committed default dataset, as the notebooks see it."""
    truth = crm.data.data_dir() / "truth" / "supermarket.json"
    import json

    return (crm.data.load("supermarket_customers"), crm.data.load("supermarket_transactions"),
            crm.data.load("supermarket_branches"), json.loads(truth.read_text()))


@pytest.fixture(scope="module")
def other():
    """Another seed and scale: the truths must hold there too, not only in the committed file."""
    sim = sm.generate(3000, seed=11)
    return (sim["supermarket_customers"], sim["supermarket_transactions"],
            sim["supermarket_branches"], sim.truth)


@pytest.fixture(params=["committed", "other"])
def ds(request):
    return request.getfixturevalue(request.param)


def _spend(cust, tx):
    return tx.groupby("customer_id")["amount"].sum().reindex(cust["customer_id"], fill_value=0.0)


def test_top_20_percent_of_customers_bring_about_three_quarters_of_revenue(ds):
    cust, tx, _, truth = ds
    spend = np.sort(_spend(cust, tx).to_numpy())[::-1]
    top = spend[: round(0.2 * len(spend))].sum() / spend.sum()
    assert truth["top20_share_target"] == sm.TOP20_TARGET
    assert abs(top - sm.TOP20_TARGET) <= 0.04
    assert top == pytest.approx(truth["top20_share"], abs=1e-4)


def test_planted_segments_order_the_spend(ds):
    cust, tx, _, _ = ds
    spend = _spend(cust, tx)
    by_segment = spend.groupby(cust["segment"].to_numpy()).mean()
    assert by_segment["key"] > 2 * by_segment["secondary"] > 0
    assert by_segment["secondary"] > by_segment["ordinary"]
    shares = cust["segment"].value_counts(normalize=True)
    assert shares["key"] == pytest.approx(0.2, abs=0.001)
    # most of the top fifth by actual spend are planted key customers
    top = spend.rank(ascending=False, method="first") <= 0.2 * len(spend)
    assert (cust["segment"].to_numpy()[top.to_numpy()] == "key").mean() > 0.7


def test_category_spend_sums_to_the_basket(ds):
    _, tx, _, _ = ds
    assert (tx[CATS].sum(axis=1) - tx["amount"]).abs().max() < 0.005
    assert (tx[CATS] >= 0).all().all() and (tx["amount"] > 0).all()
    assert not tx.duplicated(["customer_id", "date"]).any()


@pytest.mark.parametrize("cat,flag,cycle", [("baby", "has_children", "baby_cycle_days"),
                                            ("pet", "pet_owner", "pet_cycle_days")])
def test_repurchase_cycles_are_recovered_from_median_gaps(ds, cat, flag, cycle):
    cust, tx, _, truth = ds
    buys = tx[tx[cat] > 0]
    owners = set(cust.loc[cust[flag], "customer_id"])
    assert set(buys["customer_id"]) <= owners  # only families / pet owners buy them
    regular = cust[cust[cycle].notna()].set_index("customer_id")[cycle]
    assert not cust.loc[cust[cycle].notna(), "promo_only"].any()
    gaps = buys[buys["customer_id"].isin(regular.index)].groupby("customer_id")["date"].diff()
    med = gaps.dt.days.groupby(buys["customer_id"]).median()
    n = buys.groupby("customer_id").size()
    med = med[n.reindex(med.index) >= 5].dropna()
    err = (med - regular.reindex(med.index)).abs()
    assert len(med) > 0.5 * len(regular)
    assert err.max() <= 2  # the planted cycle is jittered by one day at each end
    assert (err <= 1).mean() > 0.9
    lo, hi = truth["cycle_days_range"][cat]
    assert regular.between(lo, hi).all()
    assert abs(med.median() - truth["median_cycle_days"][cat]) <= 1.5


def test_churners_stop_buying_at_their_planted_date(ds):
    cust, tx, _, _ = ds
    churn = cust.set_index("customer_id")["churn_date"]
    after = tx["date"].to_numpy() >= churn.reindex(tx["customer_id"]).to_numpy()
    assert not after.any()  # NaT compares False: stayers are never flagged
    last = tx.groupby("customer_id")["date"].max()
    churned = churn.dropna()
    silence = (churned - last.reindex(churned.index)).dt.days.dropna()
    assert silence.median() <= 14
    assert (silence <= 60).mean() > 0.9
    stayers = churn[churn.isna()].index
    quiet = (pd.Timestamp(sm.END) - last.reindex(stayers)).dt.days.dropna()
    assert quiet.median() <= 14  # stayers are still shopping at the end of the year


def test_churn_is_higher_at_the_understaffed_branch_after_failures(ds):
    cust, _, branches, truth = ds
    row = branches.set_index("branch").loc[truth["understaffed_branch"]]
    assert (row["counters"], row["staff"]) == (8, 2)
    assert row["service_failures"] == len(truth["service_failure_dates"])
    rate = cust.groupby("branch", observed=False)["churn_date"].apply(lambda s: s.notna().mean())
    worst = rate.pop(truth["understaffed_branch"])
    assert worst > rate.max() + 0.1
    for branch, value in truth["churn"]["rate_by_branch"].items():
        assert value == pytest.approx(
            cust.loc[cust["branch"] == branch, "churn_date"].notna().mean(), abs=1e-4)
    failures = pd.to_datetime(truth["service_failure_dates"])
    left = cust[cust["churn_cause"] == "service_failure"]
    assert (left["branch"] == truth["understaffed_branch"]).all() and len(left) > 0
    since = [(d - failures[failures < d].max()).days for d in left["churn_date"]]
    assert 1 <= min(since) and max(since) <= 14


def test_promotion_only_customers_buy_only_in_promotion_weeks(ds):
    cust, tx, _, truth = ds
    weeks = pd.to_datetime(truth["promo_weeks"])
    monday = tx["date"] - pd.to_timedelta(tx["date"].dt.day_of_week, unit="D")
    assert (monday.isin(weeks) == tx["promo_week"]).all()
    promo_ids = cust.loc[cust["promo_only"], "customer_id"]
    theirs = tx[tx["customer_id"].isin(promo_ids)]
    assert len(theirs) > 0 and theirs["promo_week"].all()
    assert (~tx.loc[~tx["customer_id"].isin(promo_ids), "promo_week"]).mean() > 0.5
    assert theirs["coupon_used"].mean() > 2 * tx["coupon_used"].mean()
    assert cust["promo_only"].mean() == pytest.approx(sm.PROMO_ONLY_SHARE, abs=0.02)


def test_trips_are_mostly_at_the_home_branch_and_inside_the_year(ds):
    cust, tx, _, _ = ds
    home = cust.set_index("customer_id")["branch"].reindex(tx["customer_id"]).to_numpy()
    assert (tx["branch"].to_numpy() == home).mean() > 0.85
    assert tx["date"].min() >= pd.Timestamp(sm.START) and tx["date"].max() <= pd.Timestamp(sm.END)
    joined = cust.set_index("customer_id")["join_date"].reindex(tx["customer_id"]).to_numpy()
    assert (tx["date"].to_numpy() >= joined).all()


def test_same_seed_same_data_other_seed_other_data():
    a, b, c = sm.generate(150, seed=3), sm.generate(150, seed=3), sm.generate(150, seed=4)
    for name in a.tables:
        pd.testing.assert_frame_equal(a[name], b[name])
    assert a.truth == b.truth
    amounts = a["supermarket_transactions"]["amount"]
    assert not amounts.equals(c["supermarket_transactions"]["amount"])


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"n_customers": 3, "seed": 1}, r"n_customers must be in \[10, inf\); got 3"),
        ({"n_customers": 100.5, "seed": 1}, r"n_customers must be a whole number; got 100.5"),
        ({"n_customers": 100, "seed": "x"}, r"seed must be a whole number; got 'x' \(str\)"),
        (
            {"n_customers": 100, "seed": 2**32},
            r"seed must be in \[0, 4.29497e\+09\]; got 4294967296",
        ),
    ],
)
def test_bad_scale_or_seed_is_refused(kwargs, match):
    n = kwargs.pop("n_customers")
    with pytest.raises(CRMLabError, match=match):
        sm.generate(n, **kwargs)


@settings(max_examples=15, deadline=None)
@given(n=st.integers(10, 80), seed=st.integers(0, 2**32 - 1))
def test_invariants_hold_at_any_seed_and_small_scale(n, seed):
    sim = sm.generate(n, seed=seed)
    cust, tx = sim["supermarket_customers"], sim["supermarket_transactions"]
    assert len(cust) == n and cust["customer_id"].is_unique
    assert set(tx["customer_id"]) <= set(cust["customer_id"])
    assert ((tx[CATS].sum(axis=1) - tx["amount"]).abs() < 0.005).all()
    churn = cust.set_index("customer_id")["churn_date"].reindex(tx["customer_id"]).to_numpy()
    assert not (tx["date"].to_numpy() >= churn).any()
    po = cust.loc[cust["promo_only"], "customer_id"]
    assert tx.loc[tx["customer_id"].isin(po), "promo_week"].all()
    assert (cust["churn_cause"] == "none").to_numpy().tolist() == cust["churn_date"].isna().tolist()
    assert sim.truth["n_transactions"] == len(tx)
