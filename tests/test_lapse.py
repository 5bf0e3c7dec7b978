"""Observed lapses and their Kaplan-Meier curve (crmlab.retention.lapse_events / lapse_survival):
worked by hand, properties that must hold, supermarket A's planted churn, bad input."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmlab as crm
from crmlab import CRMLabError
from crmlab.retention import lapse_events, lapse_survival

TX = pd.DataFrame({"customer_id": list("aaabbcddde"), "date": pd.to_datetime([
    "2024-01-01", "2024-01-11", "2024-03-01", "2024-01-01", "2024-02-20", "2024-01-05",
    "2024-02-10", "2024-03-05", "2024-03-28", "2024-03-10"])})


def test_lapse_events_by_hand():
    ev = lapse_events(TX, lapse_days=30, as_of="2024-03-31")
    # cut-off day = 31 March - 30 days = 1 March
    # a: 11 Jan -> 1 Mar is 50 days: the lapse starts on 11 Jan, 10 days after the first visit;
    #    a came back on 1 March
    # b: 1 Jan -> 20 Feb is 50 days: lapse at once (day 0), came back
    # c: one visit on 5 Jan, silent 86 days up to 31 March: lapse on day 0, never back
    # d: gaps of 24 and 23 days, last visit 3 days before as_of: censored at 1 Mar - 10 Feb
    # e: first seen 10 March, after the cut-off: too new to tell
    assert ev.index.tolist() == ["a", "b", "c", "d"]
    assert ev["days"].tolist() == [10, 0, 0, 20]
    assert ev["lapsed"].tolist() == [True, True, True, False]
    assert ev["returned"].tolist() == [True, True, False, False]
    assert ev["lapse_start"].iloc[0] == pd.Timestamp("2024-01-11")
    assert ev.attrs["too_new"] == 1 and ev.attrs["lapse_days"] == 30


def test_a_gap_of_exactly_lapse_days_is_a_lapse_and_a_later_one_is_not_seen_yet():
    tx = pd.DataFrame({"customer_id": ["a", "a", "b", "b"], "date": pd.to_datetime(
        ["2024-01-01", "2024-01-31", "2024-01-01", "2024-03-20"])})
    ev = lapse_events(tx, lapse_days=30, as_of="2024-04-10")
    assert ev.loc["a", "lapse_start"] == pd.Timestamp("2024-01-01")   # 30 days exactly
    # b's last visit (20 March) is after the cut-off (11 March): its lapse could not be seen
    assert ev.loc["b", "lapsed"] and ev.loc["b", "days"] == 0          # 1 Jan -> 20 Mar is 79


def test_lapse_survival_by_hand():
    km = lapse_survival(TX, lapse_days=30, as_of="2024-03-31")
    # day 0: 4 at risk, 2 lapse -> 1/2; day 10: a and d at risk, a lapses -> 1/4
    assert km.index.tolist() == [0.0, 10.0]
    assert km["at_risk"].tolist() == [4, 2]
    assert km["churned"].tolist() == [2.0, 1.0]
    assert km["survival"].tolist() == pytest.approx([0.5, 0.25])
    # Greenwood: se^2 = S^2 * sum d / (n (n - d))
    assert km["se"].iloc[1] == pytest.approx(0.25 * np.sqrt(2 / (4 * 2) + 1 / (2 * 1)))
    assert km.attrs["customers"] == 4 and km.attrs["lapsed"] == 3 and km.attrs["returned"] == 2


@settings(max_examples=60, deadline=None)
@given(gaps=st.lists(st.lists(st.integers(1, 120), min_size=0, max_size=6), min_size=2,
                     max_size=8),
       lapse=st.integers(5, 90))
def test_the_curve_never_rises_and_counts_every_customer(gaps, lapse):
    rows = []
    for i, g in enumerate(gaps):
        day = pd.Timestamp("2024-01-01") + pd.Timedelta(days=i)
        rows.append((f"c{i}", day))
        for step in g:
            day += pd.Timedelta(days=step)
            rows.append((f"c{i}", day))
    tx = pd.DataFrame(rows, columns=["customer_id", "date"])
    as_of = tx["date"].max() + pd.Timedelta(days=lapse)
    ev = lapse_events(tx, lapse_days=lapse, as_of=as_of)
    assert len(ev) + ev.attrs["too_new"] == tx["customer_id"].nunique()
    assert (ev["days"] >= 0).all()
    # the last visit is lapse days before as_of, so every customer's lapse is observed
    assert ev["lapsed"].all()
    assert not (ev["returned"] & ~ev["lapsed"]).any()
    km = lapse_survival(tx, lapse_days=lapse, as_of=as_of)
    assert (np.diff(km["survival"].to_numpy()) <= 1e-12).all()
    assert km["survival"].iloc[-1] == pytest.approx(0.0)


def test_a_lapse_is_not_leaving_for_good_on_supermarket_a():
    # planted truth: new card holders of 2024 and their planted churn dates
    tx = crm.data.load("supermarket_transactions")
    cust = crm.data.load("supermarket_customers").set_index("customer_id")
    new = cust.index[cust["join_date"] >= "2024-01-01"]
    ev = lapse_events(tx[tx["customer_id"].isin(new)], lapse_days=60, as_of="2024-12-31")
    gone = cust.loc[ev.index, "churn_date"].notna()
    # every planted leaver who left before the cut-off shows a lapse...
    early = cust.loc[ev.index, "churn_date"] <= pd.Timestamp("2024-10-15")
    assert ev.loc[gone & early, "lapsed"].mean() == 1.0
    # ...which begins before the planted churn date, usually a week or two before it
    lead = (cust.loc[ev.index[gone & early], "churn_date"]
            - ev.loc[gone & early, "lapse_start"]).dt.days
    assert (lead >= 1).all() and lead.median() == 9
    # but about half of all 60-day lapses came back: a lapse is observed, not final
    share_back = ev["returned"].sum() / ev["lapsed"].sum()
    assert share_back == pytest.approx(154 / 334, abs=1e-9)
    # the lapse curve lies below the curve of planted churn (lapses include slow shoppers)
    km = lapse_survival(tx[tx["customer_id"].isin(new)], lapse_days=60, as_of="2024-12-31")
    at = lambda curve, d: float(curve["survival"][curve.index <= d].iloc[-1])  # noqa: E731
    assert at(km, 180) == pytest.approx(0.703, abs=5e-4)


@pytest.mark.parametrize("case", ["zero-lapse", "as-of-early", "no-old-customer", "no-lapse",
                                  "confidence", "no-dates"])
def test_bad_input_is_refused_with_a_clear_message(case):
    calls = {
        "zero-lapse": (lambda: lapse_events(TX, lapse_days=0), "lapse_days must be in [1, inf)"),
        "as-of-early": (lambda: lapse_events(TX, lapse_days=30, as_of="2024-03-01"),
                        "as_of is 2024-03-01, before the last date in transactions column "
                        "'date' (2024-03-28)"),
        "no-old-customer": (lambda: lapse_events(TX, lapse_days=300, as_of="2024-04-01"),
                            "no customer was first seen 300 days or more before as_of"),
        "no-lapse": (lambda: lapse_survival(TX[TX["customer_id"] == "d"], lapse_days=30,
                                            as_of="2024-03-31"),
                     "no customer lapsed (30 days without a visit) before as_of"),
        "confidence": (lambda: lapse_survival(TX, lapse_days=30, confidence=1),
                       "confidence must be in (0, 1)"),
        "no-dates": (lambda: lapse_events(TX.assign(date=TX["date"].astype(str)), lapse_days=30),
                     "transactions column 'date' must hold parsed dates"),
    }
    call, wording = calls[case]
    with pytest.raises(CRMLabError) as err:
        call()
    assert wording in str(err.value)
