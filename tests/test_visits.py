"""Key-account visits: the ranking recovers the planted next orders, plans respect the budget,
the knapsack is optimal, the checklist is filled from the account's own data."""

import itertools
import json

import numpy as np
import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab.visits import next_order_ranking, visit_checklist, visit_hours, visit_plan

AS_OF = "2025-12-31"


@pytest.fixture(scope="module")
def book():
    return crm.data.load("key_accounts")


@pytest.fixture(scope="module")
def orders():
    return crm.data.load("key_account_orders")


@pytest.fixture(scope="module")
def visits():
    return crm.data.load("key_account_visits")


@pytest.fixture(scope="module")
def ranking(orders, book):
    return next_order_ranking(orders, as_of=AS_OF, accounts=book)


def test_the_ranking_recovers_the_planted_next_orders(ranking):
    truth = json.loads((crm.data.data_dir() / "truth" / "key_accounts.json").read_text())
    planted = pd.DataFrame(truth["accounts"]).set_index("customer_id")
    actual = pd.to_datetime(planted.loc[ranking["customer_id"], "next_order_date"]).to_numpy()
    rho = pd.Series(ranking["rank"].to_numpy()).corr(
        pd.Series(actual).rank(method="first"), method="spearman")
    assert rho > 0.85
    error = (ranking["expected_next"].to_numpy() - actual) / np.timedelta64(1, "D")
    assert np.median(np.abs(error)) <= 5
    # the median gap estimates each planted cycle (the gaps are cycle * lognormal(0, 0.15))
    cycle = planted.loc[ranking["customer_id"], "cycle_days"].to_numpy()
    assert np.median(np.abs(ranking["median_gap"] / cycle - 1)) < 0.05


def test_the_ranking_by_hand(orders):
    small = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b"],
                          "date": pd.to_datetime(["2025-11-01", "2025-11-11", "2025-11-29",
                                                  "2025-12-01", "2025-12-11"]),
                          "amount": [100.0, 300.0, 200.0, 50.0, 70.0]})
    r = next_order_ranking(small, as_of="2025-12-15")
    # a: gaps 10 and 18, median 14 -> 2025-12-13 (2 days overdue); b: gap 10 -> 2025-12-21
    assert r["customer_id"].tolist() == ["a", "b"]
    assert r["expected_next"].dt.strftime("%Y-%m-%d").tolist() == ["2025-12-13", "2025-12-21"]
    assert r["days_until"].tolist() == [-2, 6]
    assert r["typical_order"].tolist() == [200.0, 60.0]
    assert r["rank"].tolist() == [1, 2]


def test_visit_hours_by_distance_band(book):
    h = visit_hours(book, base_city="Wuhan", on_site=2, same_city=1, same_region=4, other_region=8)
    assert set(h[book["city"] == "Wuhan"]) == {3.0}
    assert set(h[(book["region"] == "Central") & (book["city"] != "Wuhan")]) == {6.0}
    assert set(h[book["region"] != "Central"]) == {10.0}


@pytest.mark.parametrize("method", ["knapsack", "greedy"])
def test_a_plan_keeps_to_the_budget_and_visits_only_due_accounts(ranking, method):
    hours = visit_hours(ranking, base_city="Shanghai")
    plan = visit_plan(ranking, hours=hours, week_start="2026-01-05", budget_hours=40,
                      method=method)
    assert 0 < plan["hours"].sum() <= 40
    assert plan["customer_id"].is_unique
    assert (plan["expected_next"] < pd.Timestamp("2026-01-17")).all()  # 5 days + 7 lead days
    assert plan["day"].between(1, 5).all() and plan["day"].is_monotonic_increasing
    assert (plan["date"] == pd.Timestamp("2026-01-05") + pd.to_timedelta(plan["day"] - 1,
                                                                           unit="D")).all()
    assert plan.attrs["value"] == pytest.approx(plan["value"].sum())


def test_the_knapsack_finds_the_best_choice_and_greedy_can_miss_it():
    r = pd.DataFrame({"customer_id": list("abcd"), "expected_next": pd.to_datetime(
        ["2026-01-05"] * 4), "typical_order": [60.0, 50.0, 50.0, 10.0]})
    hours = pd.Series([6.0, 5.0, 5.0, 1.0])
    best = visit_plan(r, hours=hours, week_start="2026-01-05", budget_hours=10)
    greedy = visit_plan(r, hours=hours, week_start="2026-01-05", budget_hours=10, method="greedy")
    # by value per hour: d (10), b and c (10 each), a (10): greedy takes d, b... by brute force:
    brute = max((sum(r["typical_order"][list(c)]), c) for k in range(5)
                for c in itertools.combinations(range(4), k) if hours[list(c)].sum() <= 10)
    assert best.attrs["value"] == brute[0] == 100.0
    assert sorted(best["customer_id"]) == ["b", "c"]
    assert greedy.attrs["value"] <= best.attrs["value"]


def test_greedy_loses_where_a_big_visit_blocks_two_better_ones():
    r = pd.DataFrame({"customer_id": list("xyz"), "expected_next": pd.to_datetime(
        ["2026-01-05"] * 3), "typical_order": [70.0, 50.0, 50.0]})
    hours = pd.Series([6.0, 5.0, 5.0])  # x has the best value per hour (11.7 vs 10)
    greedy = visit_plan(r, hours=hours, week_start="2026-01-05", budget_hours=10, method="greedy")
    best = visit_plan(r, hours=hours, week_start="2026-01-05", budget_hours=10)
    assert greedy["customer_id"].tolist() == ["x"] and greedy.attrs["value"] == 70.0
    assert sorted(best["customer_id"]) == ["y", "z"] and best.attrs["value"] == 100.0


def test_the_checklist_is_filled_from_the_account_data(book, orders, visits):
    c = visit_checklist("KA0056", accounts=book, orders=orders, visits=visits, as_of=AS_OF)
    assert len(c) == 15
    assert c.groupby("section", sort=False).size().tolist() == [3, 3, 3, 3, 3]
    assert c["section"].unique().tolist() == ["3 preparations", "3 must-discuss", "3 must-go",
                                              "3 disciplines", "Report afterwards"]
    mine = orders[orders["customer_id"] == "KA0056"]
    recent = mine[mine["date"] > pd.Timestamp(AS_OF) - pd.Timedelta(days=90)]
    notes = dict(zip(c["task"], c["from_data"]))
    assert notes["Purpose of the visit"].startswith("problem solving: the expected order "
                                                    "(2025-12-20) is 11 days overdue")
    assert notes["Recent sales records and materials"].startswith(
        f"{len(recent)} orders worth {recent['amount'].sum():,.0f} yuan in the last 90 days")
    last = visits[visits["customer_id"] == "KA0056"].iloc[-1]
    assert last["date"].date().isoformat() in notes["Current problems and solutions"]
    training = visits[(visits["customer_id"] == "KA0056") & (visits["purpose"] ==
                                                             "product training")]
    assert notes["The customer's staff"] == f"last product training {training['date'].max().date()}"


def test_the_checklist_speaks_chinese(book, orders, visits):
    with crm.language.using_language("zh"):
        c = visit_checklist("KA0001", accounts=book, orders=orders, visits=visits, as_of=AS_OF)
    assert c["section"].iloc[0] == "三准备" and c["task"].iloc[0] == "拜访目的"


R = pd.DataFrame({"customer_id": ["a"], "expected_next": pd.to_datetime(["2026-01-05"]),
                  "typical_order": [10.0]})


@pytest.mark.parametrize("call, wording", [
    (lambda b, o, v: next_order_ranking(o, as_of="2025-06-30"),
     "as_of is 2025-06-30, before the last date in orders column 'date' (2025-12-31)"),
    (lambda b, o, v: next_order_ranking(o.drop(columns="amount"), as_of=AS_OF),
     "orders has no column 'amount'"),
    (lambda b, o, v: visit_hours(b, base_city="Paris"),
     "base_city 'Paris' is not a city of the accounts; choose one of ['Beijing', "),
    (lambda b, o, v: visit_hours(b, base_city="Wuhan", on_site=-1), "on_site must be in [0, inf)"),
    (lambda b, o, v: visit_plan(R, hours=[0.0], week_start="2026-01-05"),
     "hours must give a positive number of hours for each of the 1 accounts"),
    (lambda b, o, v: visit_plan(R, hours=[2.0, 3.0], week_start="2026-01-05"),
     "for each of the 1 accounts of the ranking; got 2 values."),
    (lambda b, o, v: visit_plan(R, hours=["two"], week_start="2026-01-05"),
     "hours must give a positive number of hours for each of the 1 accounts"),
    (lambda b, o, v: visit_plan(R, hours=[2.0], week_start="2026-01-05", method="best"),
     "method must be one of ['knapsack', 'greedy']; got 'best'."),
    (lambda b, o, v: visit_plan(R, hours=[2.0], week_start="2026-01-05", budget_hours=0),
     "budget_hours must be in (0, inf); got 0."),
    (lambda b, o, v: visit_plan(R, hours=[2.0], week_start="2026-01-05", days=8),
     "days must be in [1, 7]; got 8."),
    (lambda b, o, v: visit_checklist("KA9999", accounts=b, orders=o, visits=v, as_of=AS_OF),
     "customer_id 'KA9999' is not in accounts; e.g. 'KA0001'."),
    (lambda b, o, v: visit_checklist("KA0001", accounts=b, orders=o, visits=v,
                                     as_of="2023-01-01"),
     "account 'KA0001' has no orders on or before 2023-01-01"),
    (lambda b, o, v: visit_checklist("KA0001", accounts=b, orders=o,
                                     visits=v.drop(columns="purpose"), as_of=AS_OF),
     "visits has no column 'purpose'"),
], ids=["as-of-too-early", "missing-amount", "unknown-base", "negative-hours", "zero-hours",
        "hours-length", "hours-text", "unknown-method", "zero-budget", "eight-day-week",
        "unknown-account", "no-history", "visits-missing-column"])
def test_bad_input_is_refused_with_a_clear_message(book, orders, visits, call, wording):
    with pytest.raises(CRMLabError) as err:
        call(book, orders, visits)
    assert wording in str(err.value)
