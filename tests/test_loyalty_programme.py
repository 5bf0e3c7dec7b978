"""Programme economics against a hold-out group: every figure worked by hand on a small pilot,
and the planted effects recovered on the committed data."""

import math

import pandas as pd
import pytest

import crmlab as crm
from crmlab.errors import CRMLabError
from crmlab.loyalty_programme import programme_effect

# Four members (three stay, rewards 2 yuan each), two hold-out customers (one stays).
PILOT = pd.DataFrame({
    "group": ["programme"] * 4 + ["holdout"] * 2,
    "stage": ["a", "a", "b", "b", "a", "b"],
    "retained": [True, True, True, False, True, False],
    "spend_before": [100.0] * 6,
    "spend_during": [120.0, 110.0, 100.0, 40.0, 100.0, 50.0],
    "reward_cost": [2.0, 2.0, 2.0, 0.0, 0.0, 0.0],
})


def test_effect_by_hand():
    e = programme_effect(PILOT, margin=0.2).loc["all"]
    assert (e["members"], e["holdout"]) == (4, 2)
    assert e["retention_programme"] == 0.75 and e["retention_holdout"] == 0.5
    assert e["incremental_retention"] == pytest.approx(0.25)
    assert e["extra_kept"] == pytest.approx(1.0)  # 0.25 x 4 members
    assert e["reward_cost"] == 6.0
    assert e["cost_per_extra_kept"] == pytest.approx(6.0)  # all rewards / the one extra kept
    # rewards to stayers (6) x the share of stayers who would have stayed anyway (0.5 / 0.75)
    assert e["deadweight_share"] == pytest.approx(2 / 3)
    # spend changes: members +20, +10, 0, -60 (mean -7.5); hold-out 0, -50 (mean -25)
    assert e["incremental_spend"] == pytest.approx(17.5)
    assert e["incremental_margin"] == pytest.approx(17.5 * 4 * 0.2)
    assert e["net"] == pytest.approx(14.0 - 6.0)
    se = math.sqrt(0.75 * 0.25 / 4 + 0.5 * 0.5 / 2)
    assert e["ci_high"] - e["ci_low"] == pytest.approx(2 * 1.959964 * se, rel=1e-5)


def test_effect_by_stage_by_hand():
    e = programme_effect(PILOT, margin=0.2, by="stage")
    assert e.index.tolist() == ["a", "b", "all"]
    assert e.loc["a", "incremental_retention"] == pytest.approx(0.0)  # 2/2 against 1/1
    assert math.isnan(e.loc["a", "cost_per_extra_kept"])  # nobody extra was kept
    assert e.loc["b", "incremental_retention"] == pytest.approx(0.5)  # 1/2 against 0/1


def test_planted_uplift_and_deadweight_on_the_committed_pilot():
    pilot = crm.data.load("loyalty_programme")
    e = programme_effect(pilot, margin=0.2, by="stage")
    truth = crm.simulate.loyalty_programme
    for stage, planted in zip(truth.STAGES, truth.UPLIFT):
        lo, hi = e.loc[stage, "ci_low"], e.loc[stage, "ci_high"]
        assert lo <= planted <= hi, stage
    # the loyal barely change: almost all their rewards are deadweight
    assert e.loc["loyal purchase", "deadweight_share"] > 0.95
    assert e.loc["all", "cost_per_extra_kept"] > 1000
    assert e.loc["all", "net"] < 0  # in its first year, on gross margin, it does not pay


def test_the_spread_of_spend_cancels_in_the_difference_in_differences():
    pilot = crm.data.load("loyalty_programme")
    member = pilot["group"].eq("programme")
    change = pilot["spend_during"] - pilot["spend_before"]
    assert change.std() < 0.5 * pilot["spend_during"].std()
    assert programme_effect(pilot, margin=0.2).loc["all", "incremental_spend"] == pytest.approx(
        change[member].mean() - change[~member].mean())


BAD = [
    ("margin-percent", {"margin": 20}, "margin must be in \\[0, 1\\]; got 20. Write rates"),
    ("no-holdout", {"members": PILOT[PILOT["group"] == "programme"]},
     "has no control group 'holdout'"),
    ("retained-not-bool", {"members": PILOT.assign(retained=1)},
     "members column 'retained' must hold True/False"),
    ("negative-reward", {"members": PILOT.assign(reward_cost=-1.0)},
     "members column 'reward_cost' has 6 negative values"),
    ("missing-column", {"members": PILOT.drop(columns="spend_before")},
     "members has no column 'spend_before'"),
    ("empty-cell-of-by", {"by": "group"}, "a group has 0 member\\(s\\) and 2 hold-out"),
]


@pytest.mark.parametrize("case, kwargs, wording", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused(case, kwargs, wording):
    args = {"members": PILOT, "margin": 0.2, **kwargs}
    with pytest.raises(CRMLabError, match=wording):
        programme_effect(**args)
