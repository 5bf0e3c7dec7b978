"""crmlab.acquisition: cost per extra customer kept against the cost of winning one; the leaky
bucket with a retention programme that pays for everyone it targets."""

import numpy as np
import pytest

from crmlab import CRMLabError, acquisition


def test_cost_per_extra_customer_kept_by_hand():
    # 10 yuan per customer targeted; 5 in 100 targeted stay because of it:
    # 100 extra customers need 2,000 targeted (20,000 yuan), 200 yuan each.
    t = acquisition.acquisition_vs_retention(100, retention_cost=10.0, uplift=0.05)
    keep, win = t.loc["keep (retention programme)"], t.loc["win new customers"]
    assert keep["targeted"] == 2000.0 and keep["total_cost"] == 20000.0
    assert keep["cost_per_customer"] == 200.0
    # the 8-to-1 rule of thumb prices a new customer at 8 x 10 = 80 yuan
    assert win["cost_per_customer"] == 80.0 and win["total_cost"] == 8000.0
    # keeping is cheaper per customer only when acquisition / retention cost > 1 / uplift = 20
    assert t.attrs["break_even_cost_ratio"] == 20.0
    assert acquisition.RULES_OF_THUMB["new_costs_as_much_as_keeping"] == 8


def test_acquisition_cost_given_directly_and_full_uplift():
    t = acquisition.acquisition_vs_retention(50, retention_cost=12.0, uplift=1.0,
                                             acquisition_cost=60.0)
    assert t.loc["keep (retention programme)", "total_cost"] == 600.0  # the old reading
    assert t.loc["win new customers", "total_cost"] == 3000.0
    assert t.attrs["break_even_cost_ratio"] == 1.0


def test_leaky_bucket_flat_sales_rising_cost():
    t = acquisition.leaky_bucket(1000, lost=100, won=100, periods=4, revenue_per_customer=10,
                                 acquisition_cost=50, retention_cost=5)
    assert t["customers_end"].tolist() == [1000] * 4
    assert t["revenue"].tolist() == [10000.0] * 4
    assert t["cumulative_acquisition_spend"].tolist() == [5000.0, 10000.0, 15000.0, 20000.0]
    # default: a perfect aim (only the 100 leavers) that keeps all of them
    assert t["cumulative_retention_spend"].tolist() == [500.0, 1000.0, 1500.0, 2000.0]
    assert t["cost_per_extra_kept"].tolist() == [5.0] * 4


def test_leaky_bucket_programme_pays_for_everyone_at_risk():
    # 400 targeted at 10 yuan = 4,000 a week; keeps 20 % of the 100 leavers = 20: 200 each,
    # more than the 80 yuan it costs to win a customer
    t = acquisition.leaky_bucket(1000, lost=100, won=100, periods=2, at_risk=400, save_rate=0.2)
    assert t["retention_spend"].tolist() == [4000.0, 4000.0]
    assert t["kept_by_programme"].tolist() == [20.0, 20.0]
    assert t["cost_per_extra_kept"].tolist() == [200.0, 200.0]
    assert t["cumulative_retention_spend"].iloc[-1] == 8000.0
    none = acquisition.leaky_bucket(1000, lost=100, periods=1, save_rate=0.0)
    assert np.isnan(none["cost_per_extra_kept"].iloc[0])  # keeps nobody: no cost per customer


def test_leaky_bucket_shrinks_and_never_goes_negative():
    t = acquisition.leaky_bucket(250, lost=100, won=20, periods=5)
    # 250-100+20=170, 170-100+20=90, then only 90 can leave: 90-90+20=20, 20-20+20=20
    assert t["customers_end"].tolist() == [170, 90, 20, 20, 20]
    assert t["lost"].tolist() == [100, 100, 90, 20, 20]


def test_leaky_bucket_random_is_seeded_and_consistent():
    a = acquisition.leaky_bucket(500, lost=40, won=35, periods=30, random=True, seed=7)
    b = acquisition.leaky_bucket(500, lost=40, won=35, periods=30, random=True, seed=7)
    c = acquisition.leaky_bucket(500, lost=40, won=35, periods=30, random=True, seed=8)
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


def test_leaky_bucket_chart():
    from crmlab import clv, plots

    ax = plots.leaky_bucket_chart(acquisition.leaky_bucket(1000, periods=4))
    assert ax.lines[0].get_ydata().tolist() == [50000.0] * 4  # flat revenue
    assert np.all(np.diff(ax.lines[1].get_ydata()) > 0)  # rising acquisition spend
    assert ax.get_xlabel() == "period" and ax.get_ylabel() == "money (yuan)"
    t = acquisition.leaky_bucket(1000, periods=4, at_risk=300, save_rate=0.2)
    ax = plots.leaky_bucket_chart(t, period="week")
    assert ax.lines[2].get_ydata().tolist() == [3000.0, 6000.0, 9000.0, 12000.0]
    assert ax.get_xlabel() == "week" and ax.yaxis.get_major_formatter()(100000) == "100,000"
    assert ax.get_legend_handles_labels()[1] == [
        "revenue in the week", "acquisition spend so far (replacing the lost)",
        "retention programme's spend so far"]
    with pytest.raises(CRMLabError, match="table has no column 'revenue'"):
        plots.leaky_bucket_chart(clv.clv_projection(1, 0.5, 0.1))
    with pytest.raises(CRMLabError, match="period must be one of"):
        plots.leaky_bucket_chart(t, period="")


def _bad_cases():
    return {
        "retention_cost-must-be-in-0-inf": (
            r"retention_cost must be in \[0, inf\); got -1",
            lambda: acquisition.acquisition_vs_retention(10, retention_cost=-1, uplift=0.1),
        ),
        "uplift-must-be-in-0-1": (
            r"uplift must be in \(0, 1\]; got 0",
            lambda: acquisition.acquisition_vs_retention(10, retention_cost=1, uplift=0),
        ),
        "cost_ratio-must-be-in-0-inf": (
            r"cost_ratio must be in \(0, inf\); got 0",
            lambda: acquisition.acquisition_vs_retention(10, retention_cost=1, uplift=0.1,
                                                         cost_ratio=0),
        ),
        "lost-must-be-in-0-inf": (
            r"lost must be in \[0, inf\); got -5",
            lambda: acquisition.leaky_bucket(100, lost=-5),
        ),
        "at_risk-must-be-at-least-lost": (
            r"at_risk must be in \[100, inf\); got 50",
            lambda: acquisition.leaky_bucket(1000, lost=100, at_risk=50),
        ),
        "save_rate-must-be-in-0-1": (
            r"save_rate must be in \[0, 1\]; got 20. Write rates as fractions",
            lambda: acquisition.leaky_bucket(1000, save_rate=20),
        ),
        "acquisition_cost-must-be-in-0-inf": (
            r"acquisition_cost must be in \[0, inf\); got -80",
            lambda: acquisition.leaky_bucket(100, acquisition_cost=-80),
        ),
        "random-must-be-true-or-false": (
            "random must be True or False",
            lambda: acquisition.leaky_bucket(100, random="yes"),
        ),
        "seed-must-be-a-whole-number": (
            "seed must be a whole number",
            lambda: acquisition.leaky_bucket(100, random=True, seed=1.5),
        ),
    }


@pytest.mark.parametrize("case", list(_bad_cases()))
def test_bad_input(case):
    wording, call = _bad_cases()[case]
    with pytest.raises(CRMLabError, match=wording):
        call()
