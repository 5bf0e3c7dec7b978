"""crmlab.backtest: next-purchase predictions scored on held-out weeks -- by hand, and the
planted repurchase cycles of supermarket A recovered within about two days."""

import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab import backtest as B


@pytest.fixture
def purchases():
    d = pd.to_datetime
    return pd.DataFrame({
        # 1: milk every 10 days, then 2 Feb (predicted 31 Jan: 2 days late)
        # 2: milk every 20 days, then 20 Feb (predicted 10 Feb: 10 days late)
        # 3: milk on 1 Jan only (borrows the category gap, 15 days: due 16 Jan, overdue at the
        #    cutoff, so predicted for the cutoff day; never buys again)
        "customer_id": [1, 1, 1, 1, 2, 2, 2, 3],
        "date": d(["2024-01-01", "2024-01-11", "2024-01-21", "2024-02-02", "2024-01-01",
                   "2024-01-21", "2024-02-20", "2024-01-01"]),
        "category": ["milk"] * 8,
    })


def test_backtest_by_hand(purchases):
    s = B.next_purchase_backtest(purchases, cutoff="2024-01-25", horizon_days=30)
    s = s.set_index("customer_id")
    assert s["predicted"].dt.strftime("%Y-%m-%d").to_dict() == {
        1: "2024-01-31", 2: "2024-02-10", 3: "2024-01-25"}
    assert s["bought"].to_dict() == {1: True, 2: True, 3: False}
    assert s["error_days"].iloc[:2].tolist() == [2.0, 10.0] and pd.isna(s.loc[3, "error_days"])
    # baseline: every customer gets the category gap (median of 10 and 20 = 15 days): 1 is
    # predicted for 5 Feb (3 days early), 2 for 5 Feb (15 days late)
    assert s["baseline_error_days"].iloc[:2].tolist() == [-3.0, 15.0]
    assert s.attrs["horizon_days"] == 30


def test_summary_by_hand(purchases):
    t = B.backtest_summary(B.next_purchase_backtest(purchases, cutoff="2024-01-25",
                                                    horizon_days=30), within=3)
    row = t.loc["milk"]
    assert row["predictions"] == 3 and row["bought_pct"] == pytest.approx(200 / 3)
    assert (row["mae_days"], row["median_abs_days"], row["bias_days"]) == (6.0, 6.0, 6.0)
    assert row["within_pct"] == 50.0 and row["baseline_mae_days"] == 9.0


def test_a_purchase_after_the_horizon_is_not_counted(purchases):
    s = B.next_purchase_backtest(purchases, cutoff="2024-01-25", horizon_days=20)
    assert s.set_index("customer_id")["bought"].to_dict() == {1: True, 2: False, 3: False}


def test_planted_cycles_are_predicted_within_about_two_days():
    tx = crm.data.load("supermarket_transactions")
    long = crm.repurchase.melt_category_spend(tx, categories=["baby", "pet"])
    t = B.backtest_summary(B.next_purchase_backtest(long, cutoff="2024-10-07", horizon_days=56))
    # planted: a fixed cycle per customer, +-1 day of jitter
    assert t["mae_days"].round(2).to_dict() == {"baby": 2.0, "pet": 1.92}
    assert (t["mae_days"] < t["baseline_mae_days"]).all()
    assert (t["within_pct"] > 90).all()


@pytest.mark.parametrize("case, message", [
    ("no history", "cutoff is 2023-01-01, on or before the first purchase"),
    ("bad horizon", "horizon_days must be in"),
    ("bad date", "cutoff must be a date"),
    ("not scored", "scored has no column 'predicted'"),
])
def test_bad_input_is_refused(purchases, case, message):
    with pytest.raises(CRMLabError, match=message):
        if case == "no history":
            B.next_purchase_backtest(purchases, cutoff="2023-01-01")
        elif case == "bad horizon":
            B.next_purchase_backtest(purchases, cutoff="2024-01-25", horizon_days=0)
        elif case == "bad date":
            B.next_purchase_backtest(purchases, cutoff="soon")
        else:
            B.backtest_summary(purchases)
