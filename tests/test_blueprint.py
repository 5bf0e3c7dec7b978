"""Supermarket A's service blueprint: its five steps and lanes, in both languages, and the failure
points counted from the service study."""

import pandas as pd
import pytest

import crmlab as crm
from crmlab.blueprint import LANES, STEPS, blueprint_failures, step_label, supermarket_blueprint
from crmlab.errors import CRMLabError
from crmlab.language import using_language


def test_one_row_per_step_with_every_part_of_s3():
    bp = supermarket_blueprint()
    assert bp.index.tolist() == list(STEPS)
    assert list(bp.columns) == ["step", *LANES, "failure_point", "standard"]
    assert bp.notna().all().all() and (bp.map(len) > 3).all().all()
    # S3's three failure points: display, signage and staff
    text = " ".join(bp["failure_point"])
    assert "new stock put in front" in text and "wrong signs" in text and "no staff" in text


def test_the_blueprint_speaks_chinese():
    with using_language("zh"):
        bp = supermarket_blueprint()
        assert bp.loc["checkout", "step"] == "收银" and step_label("arriving") == "到店"
    assert bp.index.tolist() == list(STEPS)  # the keys stay those of the data


def test_failure_points_are_counted_from_the_service_study():
    study = crm.data.load("service_recovery")
    out = blueprint_failures(supermarket_blueprint(), study)
    by_hand = study.loc[study["had_problem"], "problem_step"].astype(str).value_counts()
    assert out["problems"].to_dict() == by_hand.reindex(list(STEPS)).to_dict()
    assert out["problems_pct"].sum() == pytest.approx(100)
    assert out["problems"].idxmax() == "checkout"
    weighted = blueprint_failures(supermarket_blueprint(),
                                  study.assign(w=study["severity"].eq("major").astype(float)),
                                  weight="w")
    assert weighted["weight_total"].idxmax() == "fresh food and shelves"  # most major problems


def test_bad_incidents_are_refused():
    with pytest.raises(CRMLabError, match="no row of incidents has a 'problem_step' that is a"):
        blueprint_failures(supermarket_blueprint(), pd.DataFrame({"problem_step": ["none"]}))
    with pytest.raises(CRMLabError, match="incidents has no column 'step'"):
        blueprint_failures(supermarket_blueprint(), pd.DataFrame({"x": [1]}), step="step")
