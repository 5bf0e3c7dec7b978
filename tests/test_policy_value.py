"""crmlab.policy_value: retention policies in money -- by hand."""

import pytest

from crmlab import CRMLabError
from crmlab import policy_value as V


def test_policy_value_by_hand():
    r = V.policy_value(cost=5000, at_risk=40, clv=800, kept=0.3, direct=-1000)
    # saved 12 customers worth 9,600; net = -1,000 + 9,600 - 5,000
    assert r == {"saved": 12.0, "value_saved": 9600.0, "net": 3600.0,
                 "break_even_kept": 6000 / 32000}


def test_net_is_zero_at_the_break_even_share():
    r = V.policy_value(cost=7000, at_risk=25, clv=1200, kept=0.0)
    assert V.policy_value(cost=7000, at_risk=25, clv=1200, kept=r["break_even_kept"])["net"] == \
        pytest.approx(0.0, abs=1e-6)


def test_a_policy_that_cannot_pay_and_one_that_pays_at_once():
    never = float("inf")
    assert V.policy_value(cost=100, at_risk=0, clv=500, kept=0.5)["break_even_kept"] == never
    assert V.policy_value(cost=100, at_risk=10, clv=-50, kept=0.5)["break_even_kept"] == never
    assert V.policy_value(cost=0, at_risk=10, clv=50, kept=0, direct=10)["break_even_kept"] == 0.0


def test_compare_policies_keeps_the_order_and_replaces_shares():
    p = {"cap": {"cost": 3000, "at_risk": 10, "clv": 900, "kept": 0.2, "direct": -500},
         "perk": {"cost": 2000, "at_risk": 20, "clv": 900, "kept": 0.1}}
    t = V.compare_policies(p)
    assert t.index.tolist() == ["cap", "perk"]
    assert t["net"].tolist() == [-500 + 1800 - 3000, 1800 - 2000]
    t2 = V.compare_policies(p, kept={"perk": 0.5})
    assert t2.loc["perk", "kept"] == 0.5 and t2.loc["perk", "net"] == 9000 - 2000
    assert t2.loc["cap", "net"] == t.loc["cap", "net"]


@pytest.mark.parametrize("case, message", [
    ("empty", "policies must be a non-empty mapping"),
    ("missing key", "policy 'perk' has no 'clv'"),
    ("kept above one", "kept must be in \\[0, 1\\]; got 1.5"),
    ("unknown kept", "kept names the policy 'other'"),
    ("negative at risk", "at_risk must be in \\[0, inf\\)"),
])
def test_bad_input_is_refused(case, message):
    good = {"perk": {"cost": 1, "at_risk": 1, "clv": 1, "kept": 0.1}}
    with pytest.raises(CRMLabError, match=message):
        if case == "empty":
            V.compare_policies({})
        elif case == "missing key":
            V.compare_policies({"perk": {"cost": 1, "at_risk": 1, "kept": 0.1}})
        elif case == "kept above one":
            V.compare_policies(good, kept={"perk": 1.5})
        elif case == "unknown kept":
            V.compare_policies(good, kept={"other": 0.5})
        else:
            V.policy_value(cost=1, at_risk=-1, clv=1, kept=0.1)
