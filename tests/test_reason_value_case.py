"""crmlab.churn_reasons.reason_value: reasons for leaving weighed by what the leavers were worth."""

import numpy as np
import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab.churn_reasons import reason_value


@pytest.fixture
def survey():
    return pd.DataFrame({"customer_id": [1, 2, 3, 4, 5],
                         "reason": ["busy", "busy", "busy", "rude", "rude"]})


@pytest.fixture
def worth():
    return pd.DataFrame({"customer_id": [1, 2, 3, 4, 5],
                         "value": [-50.0, -20.0, 10.0, 300.0, 100.0]})


def test_by_hand(survey, worth):
    t = reason_value(survey, worth, n_boot=0)
    assert t.index.tolist() == ["rude", "busy"]
    assert t["lost_value"].tolist() == [400.0, -60.0] and t["mean_value"].tolist() == [200.0, -20.0]
    assert t["losing_pct"].round(1).tolist() == [0.0, 66.7]
    assert (t["count_rank"].tolist(), t["value_rank"].tolist()) == ([2, 1], [1, 2])
    assert "lost_low" not in t.columns


def test_the_bootstrap_brackets_the_total_and_is_seeded(survey, worth):
    a = reason_value(survey, worth, n_boot=500, seed=4)
    b = reason_value(survey, worth, n_boot=500, seed=4)
    pd.testing.assert_frame_equal(a, b)
    assert (a["lost_low"] <= a["lost_value"]).all() and (a["lost_value"] <= a["lost_high"]).all()
    # one respondent giving two reasons is credited to both
    two = pd.concat([survey, pd.DataFrame({"customer_id": [4], "reason": ["busy"]})])
    assert reason_value(two, worth, n_boot=0).loc["busy", "lost_value"] == 240.0


def test_the_salons_reasons_are_not_told_apart_by_value():
    """Planted: exit reasons are drawn independently of the customer, so every reason's
    interval holds the average loss per leaver times its count."""
    v = crm.data.load("salon_visits")
    v["profit"] = v["amount"] - v["labour_cost"] - v["materials_cost"]
    worth = v.groupby("customer_id")["profit"].sum().rename("value").reset_index()
    survey = crm.data.load("salon_exit_survey")
    t = reason_value(survey, worth, n_boot=2000, seed=1)
    mean = float(survey.merge(worth, on="customer_id")["value"].mean())
    inside = (t["lost_low"] <= mean * t["count"]) & (mean * t["count"] <= t["lost_high"])
    assert inside.mean() >= 0.8
    assert int(t["count"].sum()) == len(survey)


@pytest.mark.parametrize("case, message", [
    ("no value", "values has no row for customer 5"),
    ("duplicate value", "values has 1 duplicated row"),
    ("percent interval", "interval must be in \\[0, 1\\); got 90"),
    ("text value", "values column 'value'"),
])
def test_bad_input_is_refused(survey, worth, case, message):
    with pytest.raises(CRMLabError, match=message):
        if case == "no value":
            reason_value(survey, worth.iloc[:4])
        elif case == "duplicate value":
            reason_value(survey, pd.concat([worth, worth.iloc[:1]]))
        elif case == "percent interval":
            reason_value(survey, worth, interval=90)
        else:
            reason_value(survey, worth.assign(value=np.array(["x"] * 5, dtype=object)))
