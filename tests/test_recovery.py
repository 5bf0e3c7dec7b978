"""The complaint iceberg, value lost against a comparison group, and like-for-like recovery rates:
worked by hand, then on the survey and on supermarket A's service study."""

import numpy as np
import pandas as pd
import pytest

import crmlab as crm
from crmlab.errors import CRMLabError
from crmlab.recovery import ICEBERG_GROUPS, complaint_iceberg, recovery_table, value_change

C = pd.DataFrame({"had_problem": [False, False, True, True, True, True],
                  "complained": [False, False, True, False, False, False],
                  "churned": [False, True, False, True, True, False]})


def test_iceberg_by_hand():
    t = complaint_iceberg(C)
    assert t.index.tolist() == list(ICEBERG_GROUPS)
    assert t["customers"].tolist() == [2, 1, 3] and t["left"].tolist() == [1, 0, 2]
    assert t["share_pct"].round(2).tolist() == [33.33, 16.67, 50.0]
    assert t.attrs["complaint_rate"] == 0.25  # 1 of 4 with a problem
    assert t.attrs["silent_share_of_unhappy_leavers"] == 1.0  # both unhappy leavers were silent


def test_iceberg_of_the_survey_matches_its_truth():
    t = complaint_iceberg(crm.data.load("loyalty_survey"))
    assert t.attrs["complaint_rate"] == pytest.approx(0.0264, abs=1e-4)
    assert t.attrs["silent_share_of_unhappy_leavers"] == pytest.approx(0.9961, abs=1e-4)
    assert t.loc["problem, silent", "left_pct"] == pytest.approx(43.46, abs=0.01)


def test_value_change_by_hand():
    c = pd.DataFrame({"g": ["ok", "ok", "hit", "hit"], "b": [100.0, 100.0, 50.0, 150.0],
                      "a": [120.0, 100.0, 30.0, 90.0]})
    out = value_change(c, group="g", before="b", after="a", reference="ok")
    # reference ratio 220 / 200 = 1.1: the hit group was expected to reach 200 x 1.1 = 220
    assert out.attrs["reference_ratio"] == pytest.approx(1.1)
    assert out.loc["hit", "expected_after"] == pytest.approx(220.0)
    assert out.loc["hit", "lost"] == pytest.approx(100.0)
    assert out.loc["ok", "lost"] == pytest.approx(0.0)
    assert out.loc["hit", "ratio"] == pytest.approx(0.6)


def test_recovery_table_by_hand():
    c = pd.DataFrame({"g": ["calm"] * 4 + ["fixed"] * 4,
                      "band": ["low", "low", "high", "high", "high", "high", "high", "low"],
                      "stayed": [True, False, True, True, True, True, True, False]})
    t = recovery_table(c, group="g", strata="band", reference="calm")
    # calm: 3/4 raw; weights low 1/2, high 1/2. fixed: high 3/3, low 0/1
    assert t.loc["fixed", "rate"] == 75.0
    assert t.loc["fixed", "adjusted"] == pytest.approx(50.0)
    assert t.loc["calm", "adjusted"] == pytest.approx(75.0)
    half = 100 * 1.959964 * np.sqrt(0.75 * 0.25 / 4)
    assert t.loc["calm", "ci_low"] == pytest.approx(75.0 - half, abs=1e-3)
    assert t.loc["calm", "ci_high"] == 100.0  # clipped


def test_the_apparent_recovery_paradox_of_the_service_study_goes_away_like_for_like():
    study = crm.data.load("service_recovery")
    group = np.where(~study["had_problem"], "no problem",
                     np.where(~study["complained"], "problem, silent",
                              study["response"].astype(str)))
    study = study.assign(group=group, band=pd.qcut(study["visits_before"], 4, labels=False))
    t = recovery_table(study, group="group", strata="band", reference="no problem")
    best = t.loc["fixed with an alternative"]
    assert best["rate"] > t.loc["no problem", "rate"]  # raw: looks like a paradox
    assert best["adjusted"] < t.loc["no problem", "rate"]  # like for like: none
    assert t.loc["bare no", "rate"] < t.loc["problem, silent", "rate"] + 5
    assert t["rate"].idxmin() == "bare no"


BAD = [
    ("complaint-without-problem", lambda: complaint_iceberg(C.assign(had_problem=False)),
     "with 'complained' True but 'had_problem' False"),
    ("flag-not-bool", lambda: complaint_iceberg(C.assign(churned=0)),
     "customers column 'churned' must hold True/False"),
    ("unknown-reference", lambda: value_change(C.assign(b=1.0, a=1.0), group="churned",
                                               before="b", after="a", reference="x"),
     "reference 'x' is not a value of customers column 'churned'"),
    ("negative-value", lambda: value_change(C.assign(b=-1.0, a=1.0), group="churned",
                                            before="b", after="a", reference=True),
     "customers column 'b' has 6 negative values"),
    ("reference-without-value", lambda: value_change(C.assign(b=0.0, a=1.0), group="churned",
                                                     before="b", after="a", reference=True),
     "the reference group True has no value before"),
    ("strata-without-reference", lambda: recovery_table(C, group="complained", outcome="churned",
                                                        strata="had_problem"),
     "reference must be one of the groups"),
]


@pytest.mark.parametrize("case, call, wording", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused(case, call, wording):
    with pytest.raises(CRMLabError, match=wording):
        call()
