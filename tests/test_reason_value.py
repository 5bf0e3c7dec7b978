"""What each reason for leaving cost (crmlab.churn_reasons.reason_value_table): by hand, the
salon's exit survey, bad input."""

import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab.churn_reasons import reason_table, reason_value_table


def test_reason_value_table_by_hand():
    r = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "reason": ["busy", "busy", "rude", "rude",
                                                                  "late"]})
    value = pd.Series({1: 10.0, 2: -4.0, 3: 25.0, 4: 5.0, 5: -2.0})
    t = reason_value_table(r, value)
    assert t.index.tolist() == ["rude", "busy", "late"]
    assert t["lost"].tolist() == [30.0, 10.0, 0.0]
    assert t["gained"].tolist() == [0.0, 4.0, 2.0]          # loss-making leavers
    assert t["net"].tolist() == [30.0, 6.0, -2.0]
    assert t["pct_lost"].tolist() == [75.0, 25.0, 0.0]
    assert t["cum_pct_lost"].tolist() == [75.0, 100.0, 100.0]


def test_the_salon_leavers_by_profit_reorder_the_reasons():
    survey = crm.data.load("salon_exit_survey")
    visits = crm.data.load("salon_visits")
    visits = visits.assign(profit=visits["amount"] - visits["labour_cost"]
                           - visits["materials_cost"])
    m = visits.merge(survey[["customer_id", "date"]].rename(columns={"date": "exit"}),
                     on="customer_id")
    year = m[(m["date"] <= m["exit"]) & (m["date"] > m["exit"] - pd.Timedelta(days=365))]
    profit = year.groupby("customer_id")["profit"].sum().reindex(survey["customer_id"],
                                                                 fill_value=0.0)
    t = reason_value_table(survey, profit)
    assert t["leavers"].sum() == len(survey) == 284
    assert t["lost"].sum() - t["gained"].sum() == pytest.approx(profit.sum())
    counts = reason_table(survey)
    # by count "stylist too busy" leads; by profit lost "stopped asking how I feel" does
    assert counts.index[0] == "stylist too busy"
    assert t.index[0] == "stopped asking how I feel"
    assert t.index.get_loc("no new skills") < counts.index.get_loc("no new skills")


@pytest.mark.parametrize("case", ["values-not-series", "missing-value", "text-values",
                                  "nothing-lost", "no-reason-column"])
def test_bad_input_is_refused_with_a_clear_message(case):
    r = pd.DataFrame({"customer_id": [1, 2], "reason": ["busy", "rude"]})
    calls = {
        "values-not-series": (lambda: reason_value_table(r, {1: 1.0, 2: 2.0}),
                              "values must be a pandas Series indexed by customer_id; got dict"),
        "missing-value": (lambda: reason_value_table(r, pd.Series({1: 1.0})),
                          "values has no value for 1 respondent(s) (first: 2)"),
        "text-values": (lambda: reason_value_table(r, pd.Series({1: "a", 2: "b"})),
                        "values column 'value' must be numeric"),
        "nothing-lost": (lambda: reason_value_table(r, pd.Series({1: -1.0, 2: 0.0})),
                         "values has no positive value"),
        "no-reason-column": (lambda: reason_value_table(r.drop(columns="reason"),
                                                        pd.Series({1: 1.0, 2: 1.0})),
                             "responses has no column 'reason'"),
    }
    call, wording = calls[case]
    with pytest.raises(CRMLabError) as err:
        call()
    assert wording in str(err.value)
