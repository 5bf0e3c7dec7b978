"""crmlab.silent_churn: home branches, silent departures by branch and week -- by hand, and the
planted understaffed branch of supermarket A found from the trips alone."""

import math

import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab import silent_churn as S


@pytest.fixture
def trips():
    d = pd.to_datetime
    # a: weekly at East, then silent for 10 weeks; b: weekly at West until the end;
    # c: weekly at West, then silent; d: monthly at East, last trip recent
    rows = [("a", d(f"2024-01-{day:02d}"), "East") for day in (1, 8, 15, 22)]
    rows += [("b", d(day), "West") for day in ("2024-03-04", "2024-03-11", "2024-03-18",
                                               "2024-03-25")]
    rows += [("c", d(day), "West") for day in ("2024-01-02", "2024-01-09", "2024-01-16",
                                               "2024-01-23")]
    rows += [("d", d(day), "East") for day in ("2024-01-10", "2024-02-10", "2024-03-10",
                                               "2024-03-20")]
    rows += [("a", d("2024-01-29"), "West")]  # one trip away from home
    t = pd.DataFrame(rows, columns=["customer_id", "date", "branch"])
    t["amount"] = 10.0
    return t


def test_home_branch_is_the_branch_of_most_trips(trips):
    assert S.home_branch(trips).to_dict() == {"a": "East", "b": "West", "c": "West", "d": "East"}


def test_home_branch_tie_goes_to_the_first_branch():
    t = pd.DataFrame({"customer_id": ["x", "x"], "branch": ["West", "East"]})
    assert S.home_branch(t).to_dict() == {"x": "East"}


def test_silent_departures_by_hand(trips):
    d = S.silent_departures(trips, as_of="2024-03-31", k=3, min_gaps=2)
    # a: last 29 Jan, 62 days silent > 3 x 7; c: last 23 Jan, 68 > 21; b: 6 days; d: 11 < 3 x 29
    assert d["departed"].to_dict() == {"a": True, "b": False, "c": True, "d": False}
    assert d.loc["a", "trips"] == 5 and d.loc["a", "home_branch"] == "East"
    # a spent 50 yuan from 1 to 29 Jan: 28 days + a median gap of 7 = 35 days -> 365 * 50 / 35
    assert d.loc["a", "yearly_spend"] == pytest.approx(365 * 50 / 35)
    assert d.attrs["as_of"] == pd.Timestamp("2024-03-31")


def test_branch_departures_by_hand(trips):
    d = S.silent_departures(trips, as_of="2024-03-31", k=3, min_gaps=2)
    t = S.branch_departures(d)
    # East: a gone, d kept (1 of 2); West: c gone, b kept (1 of 2)
    assert t[["customers", "departed"]].to_dict("list") == {"customers": [2, 2], "departed": [1, 1]}
    assert t["departed_pct"].tolist() == [50.0, 50.0] and t["z"].tolist() == [0.0, 0.0]
    assert t.attrs["chain_pct"] == 50.0


def test_two_proportion_test_by_hand():
    d = pd.DataFrame({"home_branch": ["A"] * 10 + ["B"] * 10, "first": pd.Timestamp("2024-01-01"),
                      "last": pd.Timestamp("2024-02-01"), "trips": 3, "yearly_spend": 1.0,
                      "departed": [True] * 6 + [False] * 4 + [True] * 2 + [False] * 8})
    t = S.branch_departures(d)
    # pooled p = 8/20 = 0.4; se = sqrt(0.4 * 0.6 * (1/10 + 1/10)) = 0.219089; z = 0.4 / se
    assert t.index.tolist() == ["A", "B"]
    assert t.loc["A", "z"] == pytest.approx(0.4 / math.sqrt(0.048), abs=1e-6)
    assert t.loc["A", "p_value"] == pytest.approx(math.erfc(0.4 / math.sqrt(0.048) / math.sqrt(2)))
    assert t.loc["A", "lost_yearly_spend"] == 6.0


def test_departure_weeks_and_excess_by_hand(trips):
    d = S.silent_departures(trips, as_of="2024-03-31", k=3, min_gaps=2)
    w = S.departure_weeks(d)
    # a's last trip: week of 29 Jan (East, 1 of 2 = 500 per 1,000); c's: week of 22 Jan (West)
    assert w.loc["2024-01-29", "East"] == 500.0 and w.loc["2024-01-22", "West"] == 500.0
    assert w.to_numpy().sum() == 1000.0
    x = S.excess_departures(w, threshold=100)
    assert x["branch"].tolist() == ["East", "West"] and x["excess"].tolist() == [500.0, 500.0]


def test_the_understaffed_branch_is_found_from_the_trips_alone():
    """The analysis names Riverside on the committed data, with a large and clear excess, and
    its worst weeks are the weeks of the planted service failures (compared afterwards)."""
    trips = crm.data.load("supermarket_transactions")
    d = S.silent_departures(trips, as_of="2024-12-31")
    t = S.branch_departures(d)
    assert t.index[0] == "Riverside"
    assert round(t.loc["Riverside", "departed_pct"], 1) == 42.5
    assert t.loc["Riverside", "departed_pct"] - t.loc["Riverside", "others_pct"] > 15
    assert t.loc["Riverside", "p_value"] < 1e-20
    worst = S.excess_departures(S.departure_weeks(d), threshold=20)
    assert set(worst["branch"]) == {"Riverside"}
    # only now the planted truth: each of those weeks holds a service failure or ends within
    # the two weeks before one (customers left within 14 days of a failure)
    import json

    truth = json.loads((crm.data.data_dir() / "truth" / "supermarket.json").read_text())
    failures = pd.to_datetime(truth["service_failure_dates"])
    for week in worst.index:
        assert any(pd.Timedelta(0) <= f - week <= pd.Timedelta(days=20) for f in failures), week


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_the_planted_branch_is_found_on_other_seeds(seed):
    sim = crm.simulate.generate("supermarket", 800, seed=seed)
    t = S.branch_departures(S.silent_departures(sim["supermarket_transactions"]))
    assert t.index[0] == sim.truth["understaffed_branch"] and t["p_value"].iloc[0] < 0.01


@pytest.mark.parametrize("case, message", [
    ("missing branch", "transactions has no column 'branch'"),
    ("negative amount", "transactions column 'amount' has"),
    ("not departures", "departures has no column 'home_branch'"),
    ("one branch", "weekly has 1 branch column"),
    ("bad per", "per must be in"),
])
def test_bad_input_is_refused(trips, case, message):
    with pytest.raises(CRMLabError, match=message):
        if case == "missing branch":
            S.silent_departures(trips.drop(columns="branch"))
        elif case == "negative amount":
            S.silent_departures(trips.assign(amount=-1.0))
        elif case == "not departures":
            S.branch_departures(trips)
        elif case == "one branch":
            S.excess_departures(pd.DataFrame({"A": [1.0]}))
        else:
            S.departure_weeks(S.silent_departures(trips, k=3, min_gaps=2), per=0)
