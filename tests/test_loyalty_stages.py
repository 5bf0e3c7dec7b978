"""S1's stages as a Markov chain: steady state, first-passage times and the chance of becoming loyal
before leaving, worked by hand on small chains."""

import math

import numpy as np
import pandas as pd
import pytest

from crmlab.errors import CRMLabError
from crmlab.loyalty_ladder import default_ladder, ladder_steady_state
from crmlab.loyalty_stages import ladder_outlook, reach_probability, time_to_stage

TWO = pd.DataFrame([[0.9, 0.1], [0.5, 0.5]], index=["new", "loyal"], columns=["new", "loyal"])


def test_steady_state_of_two_stages_by_hand():
    # pi_new * 0.1 = pi_loyal * 0.5 and pi_new + pi_loyal = 1 -> (5/6, 1/6)
    assert ladder_steady_state(TWO).tolist() == pytest.approx([5 / 6, 1 / 6])
    pi = ladder_steady_state(default_ladder()).to_numpy()
    assert pi @ default_ladder().to_numpy() == pytest.approx(pi)  # pi P = pi


def test_time_to_stage_is_a_geometric_wait_by_hand():
    # from new, each period reaches loyal with 0.1: mean wait 1 / 0.1 = 10
    assert time_to_stage(TWO, "loyal").tolist() == pytest.approx([10.0, 0.0])


def test_time_to_stage_on_the_default_ladder_by_hand():
    t = time_to_stage(default_ladder(), "loyal purchase")
    # repeat: m_rp = 1 + 0.05 m_r + 0.8 m_rp + 0.05 m_l;
    # random: m_r = 1 + 0.75 m_r + 0.15 m_rp + 0.1 m_l;
    # left: m_l = 1 + 0.05 m_w + 0.95 m_l; wary: m_w = 1 + 0.7 m_w + 0.25 m_r + 0.05 m_l
    m = t.to_dict()
    w, r, rp, left = (m[k] for k in ("wary observation", "random purchase", "repeat purchase",
                                     "left"))
    assert rp == pytest.approx(1 + 0.05 * r + 0.8 * rp + 0.05 * left)
    assert r == pytest.approx(1 + 0.75 * r + 0.15 * rp + 0.1 * left)
    assert left == pytest.approx(1 + 0.05 * w + 0.95 * left)
    assert w == pytest.approx(1 + 0.7 * w + 0.25 * r + 0.05 * left)
    assert m["loyal purchase"] == 0


def test_a_stage_that_cannot_reach_the_target_waits_forever():
    p = pd.DataFrame([[0.5, 0.5, 0], [0, 1, 0], [0, 0, 1]], index=list("abc"), columns=list("abc"))
    t = time_to_stage(p, "c")
    assert math.isinf(t["a"]) and math.isinf(t["b"]) and t["c"] == 0


def test_reach_probability_on_the_default_ladder_by_hand():
    h = reach_probability(default_ladder(), "loyal purchase", before="left")
    # h_rp = 0.1 + 0.05 h_r + 0.8 h_rp; h_r = 0.75 h_r + 0.15 h_rp; h_w = 0.7 h_w + 0.25 h_r
    # -> h_rp = 10/17, h_r = 6/17, h_w = 5/17
    assert h["repeat purchase"] == pytest.approx(10 / 17)
    assert h["random purchase"] == pytest.approx(6 / 17)
    assert h["wary observation"] == pytest.approx(5 / 17)
    assert (h["loyal purchase"], h["left"]) == (1.0, 0.0)


def test_outlook_carries_the_long_run_and_the_newcomers_prospects():
    out = ladder_outlook(default_ladder(), periods=5)
    assert len(out) == 6 and np.allclose(out.sum(axis=1), 1)
    assert out.attrs["reach"] == pytest.approx(5 / 17)
    assert out.attrs["periods_to_target"] == pytest.approx(
        time_to_stage(default_ladder(), "loyal purchase")["wary observation"])
    assert sum(out.attrs["steady_state"].values()) == pytest.approx(1)


BAD = [
    ("unknown-target", lambda: time_to_stage(TWO, "vip"), "target 'vip' is not a stage"),
    ("unknown-before", lambda: reach_probability(TWO, "loyal", before="gone"),
     "before 'gone' is not a stage"),
    ("same-stages", lambda: reach_probability(TWO, "loyal", before="loyal"),
     "target and before are both 'loyal'"),
    ("trapped", lambda: reach_probability(
        pd.DataFrame(np.eye(3), index=list("abc"), columns=list("abc")), "b", before="c"),
     "some stages never reach 'b' or 'c'"),
    ("rows-not-one", lambda: time_to_stage(TWO * 2, "loyal"), "transitions\\[.* is 1.8"),
    ("outlook-exit", lambda: ladder_outlook(default_ladder(), exit_stage="gone"),
     "exit_stage 'gone' is not a stage"),
]


@pytest.mark.parametrize("case, call, wording", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused(case, call, wording):
    with pytest.raises(CRMLabError, match=wording):
        call()
