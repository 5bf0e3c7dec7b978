"""crmlab.clv: lifetime value, retention arithmetic, acquisition vs retention, leaky bucket."""

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


def test_acquisition_vs_retention():
    t = clv.acquisition_vs_retention(50, retention_cost=12.0, cost_ratio=5)
    assert t.loc["keep existing customers", "total_cost"] == 600.0
    assert t.loc["win new customers", "total_cost"] == 3000.0
    assert clv.RULES_OF_THUMB["new_costs_as_much_as_keeping"] == 8
    default = clv.acquisition_vs_retention(1, retention_cost=1.0)
    assert default.loc["win new customers", "cost_per_customer"] == 8.0


def test_leaky_bucket_flat_sales_rising_cost():
    t = clv.leaky_bucket(1000, lost=100, won=100, periods=4, revenue_per_customer=10,
                         acquisition_cost=50, retention_cost=5)
    assert t["customers_end"].tolist() == [1000] * 4
    assert t["revenue"].tolist() == [10000.0] * 4
    assert t["cumulative_acquisition_spend"].tolist() == [5000.0, 10000.0, 15000.0, 20000.0]
    assert t["cumulative_cost_to_keep"].tolist() == [500.0, 1000.0, 1500.0, 2000.0]


def test_leaky_bucket_shrinks_and_never_goes_negative():
    t = clv.leaky_bucket(250, lost=100, won=20, periods=5)
    # 250-100+20=170, 170-100+20=90, then only 90 can leave: 90-90+20=20, 20-20+20=20
    assert t["customers_end"].tolist() == [170, 90, 20, 20, 20]
    assert t["lost"].tolist() == [100, 100, 90, 20, 20]


def test_leaky_bucket_random_is_seeded_and_consistent():
    a = clv.leaky_bucket(500, lost=40, won=35, periods=30, random=True, seed=7)
    b = clv.leaky_bucket(500, lost=40, won=35, periods=30, random=True, seed=7)
    c = clv.leaky_bucket(500, lost=40, won=35, periods=30, random=True, seed=8)
    assert a.equals(b) and not a.equals(c)
    # stock-flow identity: start - lost + won = end, and end feeds the next start
    assert (a["customers_start"] - a["lost"] + a["won"] == a["customers_end"]).all()
    assert (
        a["customers_start"].iloc[1:].to_numpy() == a["customers_end"].iloc[:-1].to_numpy()
    ).all()
    # Poisson draws with mean 40 over 30 periods: the mean is within 4 standard errors of 40,
    # and seed 7 gives these totals exactly
    assert abs(a["lost"].mean() - 40) < 4 * (40 / 30) ** 0.5
    assert (int(a["lost"].sum()), int(a["won"].sum())) == (1204, 1095)


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


def _bad_costs_and_counts_cases():
    return {
        "retention_cost-must-be-in-0-inf": (
            r"retention_cost must be in \[0, inf\); got -1",
            lambda: clv.acquisition_vs_retention(10, retention_cost=-1),
        ),
        "cost_ratio-must-be-in-0-inf": (
            r"cost_ratio must be in \(0, inf\); got 0",
            lambda: clv.acquisition_vs_retention(10, retention_cost=1, cost_ratio=0),
        ),
        "lost-must-be-in-0-inf": (
            r"lost must be in \[0, inf\); got -5",
            lambda: clv.leaky_bucket(100, lost=-5),
        ),
        "acquisition_cost-must-be-in-0-inf": (
            r"acquisition_cost must be in \[0, inf\); got -80",
            lambda: clv.leaky_bucket(100, acquisition_cost=-80),
        ),
        "random-must-be-true-or-false": (
            "random must be True or False",
            lambda: clv.leaky_bucket(100, random="yes"),
        ),
        "seed-must-be-a-whole-number": (
            "seed must be a whole number",
            lambda: clv.leaky_bucket(100, random=True, seed=1.5),
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "retention_cost-must-be-in-0-inf",
        "cost_ratio-must-be-in-0-inf",
        "lost-must-be-in-0-inf",
        "acquisition_cost-must-be-in-0-inf",
        "random-must-be-true-or-false",
        "seed-must-be-a-whole-number",
    ],
)
def test_bad_costs_and_counts(case):
    wording, call = _bad_costs_and_counts_cases()[case]
    with pytest.raises(CRMLabError, match=wording):
        call()


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
    ax = plots.leaky_bucket_chart(clv.leaky_bucket(1000, periods=4))
    assert ax.lines[0].get_ydata().tolist() == [50000.0] * 4  # flat revenue
    assert np.all(np.diff(ax.lines[1].get_ydata()) > 0)  # rising acquisition spend
    assert ax.get_xlabel() == "period" and ax.get_ylabel() == "money (yuan)"
    ax = plots.leaky_bucket_chart(clv.leaky_bucket(1000, periods=4), period="week")
    assert ax.get_xlabel() == "week" and ax.yaxis.get_major_formatter()(100000) == "100,000"
    assert ax.get_legend_handles_labels()[1][0] == "revenue in the week"
    with pytest.raises(CRMLabError, match="table has no column 'revenue'"):
        plots.leaky_bucket_chart(clv.clv_projection(1, 0.5, 0.1))
    with pytest.raises(CRMLabError, match="period must be one of"):
        plots.clv_chart(clv.clv_projection(1, 0.5, 0.1), period="years")
    with pytest.raises(CRMLabError, match="period must be one of"):
        plots.leaky_bucket_chart(clv.leaky_bucket(1000, periods=4), period="")
