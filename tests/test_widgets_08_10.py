"""Explorers of notebooks 08-10: what they compute when a control moves, and bad input."""

import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError

PARAMS = {"r": 0.2426, "alpha": 4.4135, "a": 0.7929, "b": 2.4258}


def test_p_alive_explorer_reads_the_model_at_the_silence_chosen():
    ex = crm.widgets.p_alive_explorer(PARAMS, T=39, frequency=6, silence=10)
    try:
        one = pd.DataFrame({"frequency": [6], "recency": [29.0], "T": [39.0]})
        assert ex.result.loc[6, 29.0] == pytest.approx(crm.bgnbd.p_alive(one, PARAMS).iloc[0])
        title = ex.ax.get_title(loc="left")
        assert title.startswith("After 10 weeks silent: P(alive)") and "(x = 6)" in title
        ex.update(frequency=1)
        assert ex.result.index.tolist() == [1]          # the reference and the choice coincide
        assert "repeat purchases x 1; weeks silent 10" in ex.alt
    finally:
        ex.close()


def test_workload_explorer_moves_hours_between_classes():
    volume = pd.Series([50.0, 20, 10, 8, 5, 3, 2, 1, 1, 0], index=list("abcdefghij"))
    ex = crm.widgets.workload_explorer(volume, hours=2.0, visits=(12, 6, 3))
    try:
        # A = 2 accounts (70 of 100), B = 3, C = 5: hours 2 x 12 x 2, 3 x 6 x 2, 5 x 3 x 2
        assert ex.result["hours"].tolist() == [48.0, 36.0, 30.0]
        assert ex.result.loc["A", "pct_volume"] == pytest.approx(70.0)
        ex.update(a_share=0.1)
        assert ex.result["accounts"].tolist() == [1, 3, 6]
        assert ex.ax.get_title(loc="left").startswith("A: 50 % of volume")
    finally:
        ex.close()


def test_visit_plan_explorer_follows_the_budget_and_the_method():
    ranking = crm.visits.next_order_ranking(crm.data.load("key_account_orders"),
                                            as_of="2025-12-31",
                                            accounts=crm.data.load("key_accounts"))
    hours = crm.visits.visit_hours(ranking, base_city="Shanghai")
    ex = crm.widgets.visit_plan_explorer(ranking, hours=hours, week_start="2026-01-05")
    try:
        plan = crm.visits.visit_plan(ranking, hours=hours, week_start="2026-01-05")
        pd.testing.assert_frame_equal(ex.result, plan)
        best = ex.result.attrs["value"]
        ex.update(method="greedy")
        assert ex.result.attrs["value"] <= best            # the knapsack is the best there is
        ex.update(budget_hours=10, method="knapsack")
        assert ex.result.attrs["hours"] <= 10
    finally:
        ex.close()


@pytest.mark.parametrize("case", ["p-alive-bad-params", "p-alive-zero-age", "workload-no-series",
                                  "visit-plan-bad-hours", "visit-plan-budget"])
def test_bad_input_is_refused_before_any_control_exists(case):
    ranking = pd.DataFrame({"customer_id": ["a"], "typical_order": [1e4],
                            "expected_next": pd.to_datetime(["2026-01-05"])})
    calls = {
        "p-alive-bad-params": (lambda: crm.widgets.p_alive_explorer({"r": 1}, T=10),
                               "params must be a fit from crm.bgnbd.fit(...)"),
        "p-alive-zero-age": (lambda: crm.widgets.p_alive_explorer(PARAMS, T=0),
                             "T must be in [1, 520]"),
        "workload-no-series": (lambda: crm.widgets.workload_explorer([1.0, 2.0]),
                               "volume must be a non-empty pandas Series"),
        "visit-plan-bad-hours": (lambda: crm.widgets.visit_plan_explorer(
            ranking, hours=[0.0], week_start="2026-01-05"), "hours must give a positive number"),
        "visit-plan-budget": (lambda: crm.widgets.visit_plan_explorer(
            ranking, hours=[3.0], week_start="2026-01-05", budget_hours=0),
            "budget_hours must be in [1, 80]"),
    }
    call, wording = calls[case]
    with pytest.raises(CRMLabError) as err:
        call()
    assert wording in str(err.value)
