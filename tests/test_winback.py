"""Win-back list and hold-out test (crmlab.winback): by hand, the planted effect recovered,
bad input."""

import math

import numpy as np
import pandas as pd
import pytest

from crmlab import CRMLabError
from crmlab.winback import holdout_test, offer_experiment, winback_list

SCORES = pd.DataFrame({"p_alive": [0.9, 0.2, 0.4, 0.05, 0.3], "value": [500.0, 300, 800, 50, 300]},
                      index=pd.Index(list("abcde"), name="customer_id"))


def test_winback_list_by_hand():
    out = winback_list(SCORES, max_p_alive=0.5, min_value=100)
    # a is probably active (0.9); d is worth too little; b and e tie on value: lower P(alive) first
    assert out.index.tolist() == ["c", "b", "e"]
    assert out["rank"].tolist() == [1, 2, 3]
    assert winback_list(SCORES, max_p_alive=0.1).index.tolist() == ["d"]


def test_holdout_test_by_hand():
    e = pd.DataFrame({"group": ["offer"] * 10 + ["hold-out"] * 10,
                      "returned": [True] * 4 + [False] * 6 + [True] * 2 + [False] * 8})
    t = holdout_test(e, value=100, cost=5)
    # touched 4 of 10; hold-out 2 of 10; uplift 0.2; added 0.2 * 10 = 2; anyway 4 - 2 = 2
    assert (t["touched"], t["rate_offer"], t["rate_holdout"]) == (4, 0.4, 0.2)
    assert t["uplift"] == pytest.approx(0.2) and t["added"] == pytest.approx(2.0)
    assert t["anyway"] == pytest.approx(2.0)
    half = 1.959964 * math.sqrt(0.4 * 0.6 / 10 + 0.2 * 0.8 / 10)
    assert (t["ci_low"], t["ci_high"]) == pytest.approx((0.2 - half, 0.2 + half), abs=1e-6)
    # net = 2 added returns * 100 - 10 offers * 5 = 150
    assert (t["added_value"], t["offer_cost"], t["net"]) == pytest.approx((200.0, 50.0, 150.0))
    assert "net" not in holdout_test(e).index


def test_no_return_in_the_hold_out_means_none_came_back_anyway_not_minus_zero():
    # 7 of 100 offered came back, none of 100 held out: all 7 were added, none came anyway; the
    # difference k1 - uplift * n1 is -8.9e-16 in floats and printed as -0.000 in notebook 08
    e = pd.DataFrame({"group": ["offer"] * 100 + ["hold-out"] * 100,
                      "returned": [True] * 7 + [False] * 93 + [False] * 100})
    t = holdout_test(e)
    assert t["anyway"] == 0.0 and not math.copysign(1, t["anyway"]) < 0
    assert t["added"] == pytest.approx(7.0)


def test_offer_experiment_plants_the_effect_and_the_test_recovers_it():
    rng = np.random.default_rng(0)
    cand = pd.DataFrame({"returns_anyway": rng.uniform(0, 0.6, 20_000)})
    sim = offer_experiment(cand, win_back=0.15, holdout_share=0.5, seed=7)
    exp = sim["experiment"]
    assert exp.index.equals(cand.index) and (exp["group"] == "hold-out").sum() == 10_000
    t = holdout_test(exp)
    truth = sim.truth["uplift"]
    assert truth == pytest.approx(0.15 * 0.7, abs=0.005)   # (1 - mean p) * win_back
    assert t["ci_low"] < truth < t["ci_high"]
    assert t["uplift"] == pytest.approx(truth, abs=0.015)
    # what the campaign touched overstates what it added several times over
    assert t["touched"] > 3 * t["added"]
    # the same seed gives the same experiment
    again = offer_experiment(cand, win_back=0.15, holdout_share=0.5, seed=7)["experiment"]
    pd.testing.assert_frame_equal(exp, again)


def test_no_effect_planted_no_effect_found_on_most_seeds():
    cand = pd.DataFrame({"returns_anyway": np.full(2000, 0.3)})
    covered = [holdout_test(offer_experiment(cand, win_back=0.0, seed=s)["experiment"])
               for s in range(40)]
    inside = sum(t["ci_low"] <= 0 <= t["ci_high"] for t in covered)
    assert inside >= 35   # about 95 % of the intervals cover the true effect 0


@pytest.mark.parametrize("case", ["p-alive-percent", "no-value-column", "max-p-alive-zero",
                                  "returns-anyway-percent", "win-back-over-one", "holdout-one",
                                  "unknown-group", "outcome-not-bool", "negative-cost"])
def test_bad_input_is_refused_with_a_clear_message(case):
    e = pd.DataFrame({"group": ["offer", "hold-out"] * 3, "returned": [True, False] * 3})
    calls = {
        "p-alive-percent": (lambda: winback_list(SCORES.assign(p_alive=SCORES["p_alive"] * 100)),
                            "must hold probabilities (0-1); its largest value is 90"),
        "no-value-column": (lambda: winback_list(SCORES.drop(columns="value")),
                            "scores has no column 'value'"),
        "max-p-alive-zero": (lambda: winback_list(SCORES, max_p_alive=0),
                             "max_p_alive must be in (0, 1]"),
        "returns-anyway-percent": (
            lambda: offer_experiment(pd.DataFrame({"returns_anyway": [30.0, 50.0]})),
            "candidates column 'returns_anyway' must hold probabilities (0-1)"),
        "win-back-over-one": (
            lambda: offer_experiment(pd.DataFrame({"returns_anyway": [0.3]}), win_back=1.5),
            "win_back must be in [0, 1]"),
        "holdout-one": (
            lambda: offer_experiment(pd.DataFrame({"returns_anyway": [0.3]}), holdout_share=1),
            "holdout_share must be in (0, 1)"),
        "unknown-group": (lambda: holdout_test(e, holdout="control"),
                          "holdout must be one of ['hold-out', 'offer']"),
        "outcome-not-bool": (lambda: holdout_test(e.assign(returned=["yes", "no"] * 3)),
                             "experiment column 'returned'"),
        "negative-cost": (lambda: holdout_test(e, value=10, cost=-1), "cost must be in [0, inf)"),
    }
    call, wording = calls[case]
    with pytest.raises(CRMLabError) as err:
        call()
    assert wording in str(err.value)
