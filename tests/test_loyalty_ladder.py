"""crmlab.loyalty_ladder: the chain by hand, shares that stay shares, moves that keep rows valid."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import CRMLabError
from crmlab import loyalty_ladder as LL


def test_ladder_one_step_by_hand():
    m = pd.DataFrame([[0.5, 0.5], [0.2, 0.8]], index=["x", "y"], columns=["x", "y"])
    s = LL.ladder_shares(m, periods=2)
    np.testing.assert_allclose(s.iloc[1], [0.5, 0.5])
    np.testing.assert_allclose(s.iloc[2], [0.5 * 0.5 + 0.5 * 0.2, 0.5 * 0.5 + 0.5 * 0.8])
    # steady state of a two-state chain: pi_x = b / (a + b) with a = 0.5, b = 0.2
    np.testing.assert_allclose(LL.ladder_steady_state(m), [0.2 / 0.7, 0.5 / 0.7])


def test_ladder_start_and_steady_state_is_fixed_point():
    m = LL.default_ladder()
    pi = LL.ladder_steady_state(m)
    np.testing.assert_allclose(pi.to_numpy() @ m.to_numpy(), pi.to_numpy(), atol=1e-12)
    s = LL.ladder_shares(m, start=pi, periods=5)
    np.testing.assert_allclose(s.iloc[-1], pi, atol=1e-12)
    s = LL.ladder_shares(m, start={"loyal purchase": 1.0}, periods=1)
    np.testing.assert_allclose(s.iloc[1], m.loc["loyal purchase"])


def _random_chain(draw_rows):
    k = len(draw_rows)
    rows = np.array(draw_rows, dtype=float) + 1e-3
    rows = rows / rows.sum(axis=1, keepdims=True)
    names = [f"s{i}" for i in range(k)]
    return pd.DataFrame(rows, index=names, columns=names)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 6).flatmap(lambda k: st.lists(
    st.lists(st.floats(0, 1), min_size=k, max_size=k), min_size=k, max_size=k)),
    st.integers(1, 30))
def test_ladder_shares_sum_to_one_every_step(rows, periods):
    s = LL.ladder_shares(_random_chain(rows), periods=periods)
    np.testing.assert_allclose(s.sum(axis=1), 1.0, atol=1e-9)
    assert (s.to_numpy() >= -1e-12).all()


def test_set_transition_keeps_rows_valid():
    m = LL.set_transition(LL.default_ladder(), "repeat purchase", "loyal purchase", 0.2)
    assert m.loc["repeat purchase", "loyal purchase"] == 0.2
    assert m.loc["repeat purchase", "repeat purchase"] == pytest.approx(0.7)
    np.testing.assert_allclose(m.sum(axis=1), 1)
    # random purchase: stay 0.75, -> repeat 0.15, -> left 0.10; 0.95 to repeat leaves -0.05
    with pytest.raises(CRMLabError, match=r"leaves a negative chance \(-0.05\) of staying in "
                       r"'random purchase'"):
        LL.set_transition(LL.default_ladder(), "random purchase", "repeat purchase", 0.95)
    with pytest.raises(CRMLabError, match=r"target 'gone' is not a stage"):
        LL.set_transition(LL.default_ladder(), "left", "gone", 0.1)
    with pytest.raises(CRMLabError, match=r"source and target are both 'left'"):
        LL.set_transition(LL.default_ladder(), "left", "left", 0.1)
    with pytest.raises(CRMLabError, match=r"probability must be in \[0, 1\]; got 1.5"):
        LL.set_transition(LL.default_ladder(), "left", "wary observation", 1.5)


def _bad_transition_matrices_cases():
    names = ["a", "b"]
    m = pd.DataFrame([[1, 0], [0, 1]], index=names, columns=names)
    return {
        "transitions-row-b-sums-to-0": (
            r"transitions row 'b' sums to 0.9; each row must sum to 1",
            lambda: LL.check_transitions(
                pd.DataFrame([[1, 0], [0.4, 0.5]], index=names, columns=names)
            ),
        ),
        "transitions-a-b-is-0-2": (
            r"transitions\['a', 'b'\] is -0.2; probabilities must be",
            lambda: LL.check_transitions(
                pd.DataFrame([[1, -0.2], [0, 1]], index=names, columns=names)
            ),
        ),
        "same-stages-in-the-same-order": (
            r"same stages, in the same order",
            lambda: LL.check_transitions(
                pd.DataFrame([[1, 0], [0, 1]], index=names, columns=["b", "a"])
            ),
        ),
        "transitions-column-b-has-1-missing": (
            r"transitions column 'b' has 1 missing value",
            lambda: LL.check_transitions(
                pd.DataFrame([[1, np.nan], [0, 1]], index=names, columns=names)
            ),
        ),
        "no-unique-steady-state": (
            r"no unique steady state",
            lambda: LL.ladder_steady_state(
                pd.DataFrame([[1, 0], [0, 1]], index=names, columns=names)
            ),
        ),
        "start-shares-must-be-in-0": (
            r"start shares must be in \[0, 1\] and sum to 1",
            lambda: LL.ladder_shares(m, start={"a": 0.5}),
        ),
        "start-has-stage-c": (
            r"start has stage 'c'",
            lambda: LL.ladder_shares(m, start={"c": 1.0}),
        ),
        "periods-must-be-a-whole-number": (
            r"periods must be a whole number; got 2.5",
            lambda: LL.ladder_shares(m, periods=2.5),
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "transitions-row-b-sums-to-0",
        "transitions-a-b-is-0-2",
        "same-stages-in-the-same-order",
        "transitions-column-b-has-1-missing",
        "no-unique-steady-state",
        "start-shares-must-be-in-0",
        "start-has-stage-c",
        "periods-must-be-a-whole-number",
    ],
)
def test_bad_transition_matrices(case):
    wording, call = _bad_transition_matrices_cases()[case]
    with pytest.raises(CRMLabError, match=wording):
        call()


def test_scenario_is_set_transition_then_ladder_shares():
    moves = {("repeat purchase", "loyal purchase"): 0.3, ("loyal purchase", "left"): 0.1}
    m = LL.default_ladder()
    for (src, dst), p in moves.items():
        m = LL.set_transition(m, src, dst, p)
    expected = LL.ladder_shares(m, periods=6)
    pd.testing.assert_frame_equal(
        LL.ladder_scenario(LL.default_ladder(), moves, periods=6), expected
    )
    with pytest.raises(CRMLabError, match=r"target 'gone' is not a stage"):
        LL.ladder_scenario(LL.default_ladder(), {("left", "gone"): 0.1})
