"""Dick and Basu's four loyalty types: the quadrants by hand, and on the survey with its purchase
log spurious loyals leave far more often than true loyals (they would go at the first offer)."""

import pandas as pd
import pytest

import crmlab as crm
from crmlab.errors import CRMLabError
from crmlab.loyalty_types import LOYALTY_TYPES, loyalty_matrix, loyalty_types

C = pd.DataFrame({"att": [1, 5, 2, 6, 3, 4], "visits": [9, 8, 1, 2, 5, 5],
                  "left": [True, False, True, False, False, True]})


def test_types_by_hand_with_median_cuts():
    # medians: attitude 3.5, visits 5; a value equal to the cut is low
    types = loyalty_types(C, attitude="att", patronage="visits")
    assert types.tolist() == ["spurious loyalty", "true loyalty", "no loyalty", "latent loyalty",
                              "no loyalty", "latent loyalty"]
    assert types.attrs == {"attitude_cut": 3.5, "patronage_cut": 5.0}
    assert list(types.cat.categories) == list(LOYALTY_TYPES)


def test_given_cuts_move_customers_between_types():
    types = loyalty_types(C, attitude="att", patronage="visits", attitude_cut=0, patronage_cut=4)
    assert types.tolist() == ["true loyalty", "true loyalty", "latent loyalty", "latent loyalty",
                              "true loyalty", "true loyalty"]


def test_matrix_by_hand():
    m = loyalty_matrix(C, attitude="att", patronage="visits", outcome="left")
    assert m.index.tolist() == list(LOYALTY_TYPES)
    assert m["customers"].tolist() == [1, 2, 1, 2]
    assert m["share_pct"].round(2).tolist() == [16.67, 33.33, 16.67, 33.33]
    assert m.loc["latent loyalty", "outcome_pct"] == pytest.approx(50.0)  # ids 4 and 6
    assert m.loc["no loyalty", "patronage"] == pytest.approx(3.0)  # visits 1 and 5
    assert m.attrs["outcome"] == "left" and m.attrs["n"] == 6


def test_an_empty_type_keeps_its_row():
    m = loyalty_matrix(C, attitude="att", patronage="visits", attitude_cut=0)
    assert m.loc["no loyalty", "customers"] == 0 and len(m) == 4


def test_spurious_loyals_leave_like_the_disloyal_and_true_loyals_stay():
    survey = crm.data.load("loyalty_survey")
    log = crm.data.load("survey_purchases")
    before = log[log["month"] < "2025-01-01"].groupby("customer_id")["visits"].sum()
    survey["visits_2024"] = survey["customer_id"].map(before).fillna(0)
    survey["attitude"] = crm.loyalty.loyalty_index(survey)
    m = loyalty_matrix(survey, attitude="attitude", patronage="visits_2024", outcome="churned")
    churn = m["outcome_pct"]
    assert churn["spurious loyalty"] > 2.5 * churn["true loyalty"]
    assert churn["latent loyalty"] < churn["spurious loyalty"] / 2
    # repeat buying alone would rank spurious loyals next to the true ones
    assert m.loc["spurious loyalty", "patronage"] > 2 * m.loc["no loyalty", "patronage"]


BAD = [
    ("not-a-frame", {"customers": [1, 2]}, "customers must be a pandas DataFrame"),
    ("no-attitude", {"customers": C, "attitude": "x"}, "customers has no column 'x'"),
    ("text-patronage", {"customers": C.assign(visits=list("abcdef"))},
     "customers column 'visits' must be numeric"),
    ("cut-as-text", {"customers": C, "attitude_cut": "median"},
     "attitude_cut must be a number or None"),
    ("outcome-not-bool", {"customers": C.assign(left=1), "outcome": "left"},
     "customers column 'left' must hold True/False"),
]


@pytest.mark.parametrize("case, kwargs, wording", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused(case, kwargs, wording):
    args = {"attitude": "att", "patronage": "visits", **kwargs}
    with pytest.raises(CRMLabError, match=wording):
        loyalty_matrix(**args)
