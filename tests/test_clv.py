"""crmlab.clv: lifetime value of an existing customer and of one who stays; retention arithmetic."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import CRMLabError
from crmlab import clv

rates = st.floats(0, 0.99)


def test_simple_clv_by_hand():
    # 100 * 0.8 / (1 + 0.1 - 0.8) = 80 / 0.3
    assert clv.simple_clv(100, 0.8, 0.1) == pytest.approx(266.667, abs=1e-3)
    assert clv.simple_clv(50, 0.5, 0.0) == pytest.approx(50.0)
    assert clv.simple_clv(-20, 0.5, 0.0) == pytest.approx(-20.0)  # a loss-making customer
    assert clv.simple_clv(100, 0.0, 0.2) == 0.0


def test_projection_by_hand_and_converges():
    p = clv.clv_projection(120, 0.5, 0.2, periods=2)
    # t=1: 120 * 0.5 / 1.2 = 50; t=2: 120 * 0.25 / 1.44 = 20.8333
    np.testing.assert_allclose(p["expected_margin"], [50.0, 20.833333], rtol=1e-6)
    np.testing.assert_allclose(p["cumulative_clv"], [50.0, 70.833333], rtol=1e-6)
    long = clv.clv_projection(120, 0.5, 0.2, periods=200)
    assert long["cumulative_clv"].iloc[-1] == pytest.approx(clv.simple_clv(120, 0.5, 0.2), abs=1e-3)


@settings(max_examples=80, deadline=None)
@given(st.floats(0, 1e4), rates, rates)
def test_clv_properties(m, r, d):
    p = clv.clv_projection(m, r, d, periods=50)
    assert np.all(np.diff(p["cumulative_clv"]) >= -1e-9)  # never falls for m >= 0
    assert p["cumulative_clv"].iloc[-1] <= clv.simple_clv(m, r, d) + 1e-3
    # more retention, more value
    assert clv.simple_clv(m, r, d) <= clv.simple_clv(m, min(r + 0.005, 0.995), d) + 1e-3


@settings(max_examples=80, deadline=None)
@given(rates)
def test_retention_churn_lifetime(r):
    assert clv.retention_from_churn(clv.churn_from_retention(r)) == pytest.approx(r)
    assert clv.expected_lifetime(r) == pytest.approx(1 / (1 - r))
    assert clv.expected_lifetime(r) >= 1


def test_expected_lifetime_by_hand():
    assert clv.expected_lifetime(0.75) == 4.0
    assert clv.expected_lifetime(0.0) == 1.0


def test_value_if_stays_counts_the_next_period_once():
    # m / (1 + d - r) = 100 / 0.3; simple_clv = that times r
    assert clv.value_if_stays(100, 0.8, 0.1) == pytest.approx(333.333, abs=1e-3)
    assert clv.value_if_stays(100, 0.8, 0.1) * 0.8 == pytest.approx(clv.simple_clv(100, 0.8, 0.1),
                                                                   abs=1e-3)
    long = clv.clv_projection(100, 0.8, 0.1, periods=300, stays=True)
    assert long["survival"].iloc[0] == 1.0
    assert long["cumulative_clv"].iloc[-1] == pytest.approx(333.333, abs=1e-3)


def test_neiman_marcus_break_even_by_hand():
    # Neiman-Marcus with hindsight: a 6,000-dollar yearly margin, r = 0.95, d = 0.08.
    # A customer who stays is worth 6,000 / (1.08 - 0.95) = 46,153.85 dollars, so a
    # 2,000-dollar refund pays if it raises her chance of staying by 2,000 / 46,153.85
    # = 4.33 points; m r / (1 + d - r) = 43,846.15 would double-discount year one (4.56).
    stays = clv.value_if_stays(6000, 0.95, 0.08)
    assert stays == pytest.approx(46153.846, abs=1e-3)
    assert round(100 * 2000 / stays, 1) == 4.3
    assert round(100 * 2000 / clv.simple_clv(6000, 0.95, 0.08), 1) == 4.6


# ---- bad input -------------------------------------------------------------------------


def test_rates_out_of_range():
    with pytest.raises(CRMLabError, match=r"retention must be in \[0, 1\); got 1"):
        clv.simple_clv(100, 1.0, 0.1)
    with pytest.raises(
        CRMLabError, match=r"retention must be in \[0, 1\); got 80. Write rates as fractions"
    ):
        clv.expected_lifetime(80)
    with pytest.raises(CRMLabError, match=r"discount must be in \[0, 1\); got -0.1"):
        clv.clv_projection(100, 0.5, -0.1)
    with pytest.raises(CRMLabError, match=r"churn must be in \[0, 1\]; got 1.5"):
        clv.retention_from_churn(1.5)


def test_non_numbers():
    with pytest.raises(CRMLabError, match="margin must be a number; got '100'"):
        clv.simple_clv("100", 0.5, 0.1)
    with pytest.raises(CRMLabError, match="margin must be a finite number; got nan"):
        clv.simple_clv(float("nan"), 0.5, 0.1)
    with pytest.raises(CRMLabError, match="periods must be a whole number; got 2.5"):
        clv.clv_projection(1, 0.5, 0.1, periods=2.5)


# ---- figures ---------------------------------------------------------------------------


def test_clv_and_leaky_bucket_charts():
    from crmlab import plots

    ax = plots.clv_chart(
        clv.clv_projection(100, 0.8, 0.1, periods=5), limit=clv.simple_clv(100, 0.8, 0.1)
    )
    assert ax.lines[0].get_ydata()[-1] < 266.667
    assert "(yuan)" in ax.get_ylabel() and ax.get_xlabel() == "periods from today"
    ax = plots.clv_chart(clv.clv_projection(100, 0.8, 0.1, periods=5), period="year")
    assert ax.get_xlabel() == "years from today"
    assert ax.yaxis.get_major_formatter()(4650.0) == "4,650"
    assert ax.get_ylabel() == "discounted gross margin per customer (yuan)"
    with pytest.raises(CRMLabError, match="period must be one of"):
        plots.clv_chart(clv.clv_projection(1, 0.5, 0.1), period="years")
