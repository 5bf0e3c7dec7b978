"""crmlab.value: shares, Lorenz/Gini, whale curve, tiers -- hand-worked values and properties."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import CRMLabError
from crmlab import profitability as p
from crmlab import value as v

positive_lists = st.lists(st.floats(0, 1e6, allow_nan=False), min_size=2, max_size=60).filter(
    lambda xs: sum(xs) > 1e-6)


@pytest.fixture
def log():
    # a: 40 + 60 = 100, b: 50, c: 30, d: 15, e: 5 -> total 200
    return pd.DataFrame({
        "customer_id": ["a", "b", "a", "c", "d", "e"],
        "amount": [40.0, 50.0, 60.0, 30.0, 15.0, 5.0],
    })


def test_pareto_table_sums_per_customer_and_ranks(log):
    t = v.pareto_table(log)
    assert t["customer_id"].tolist() == ["a", "b", "c", "d", "e"]
    assert t["amount"].tolist() == [100.0, 50.0, 30.0, 15.0, 5.0]
    assert t["customer_share"].tolist() == [0.2, 0.4, 0.6, 0.8, 1.0]
    np.testing.assert_allclose(t["value_share"], [0.5, 0.75, 0.9, 0.975, 1.0])


def test_top_share_by_hand(log):
    assert v.top_share(log, 0.2) == pytest.approx(0.5)
    assert v.top_share(log, 0.4) == pytest.approx(0.75)
    # halfway between the 2nd (0.75) and 3rd (0.90) customer
    assert v.top_share(log, 0.5) == pytest.approx(0.825)
    assert v.top_share(log, 0) == 0.0
    assert v.top_share(log, 1) == pytest.approx(1.0)


def test_top_share_accepts_other_column_names():
    df = pd.DataFrame({"who": [1, 2, 3, 4], "rev": [1.0, 1.0, 1.0, 7.0]})
    assert v.top_share(df, 0.25, value="rev", customer="who") == pytest.approx(0.7)


def test_lorenz_and_gini_by_hand():
    lc = v.lorenz_curve([10, 0, 30])
    np.testing.assert_allclose(lc["population_share"], [0, 1 / 3, 2 / 3, 1])
    np.testing.assert_allclose(lc["value_share"], [0, 0, 0.25, 1])
    # sorted 0, 10, 30: sum (2i-n-1)x = -2*0 + 0*10 + 2*30 = 60; / (3 * 40) = 0.5
    assert v.gini([10, 0, 30]) == pytest.approx(0.5)
    assert v.gini([7, 7, 7]) == pytest.approx(0.0)


def test_whale_curve_peaks_above_one_with_loss_makers():
    df = pd.DataFrame({"customer_id": list("abcde"), "profit": [80.0, 40.0, 10.0, -10.0, -20.0]})
    w = p.whale_curve(df)
    np.testing.assert_allclose(w["profit_share"], [0.8, 1.2, 1.3, 1.2, 1.0])
    peak = p.whale_peak(df)
    assert peak == {"customer_share": 0.6, "peak_share": 1.3, "peak_profit": 130.0,
                    "total_profit": 100.0}


def test_drop_worst_by_hand():
    profits = [80.0, 40.0, 10.0, -10.0, -20.0]
    r = p.drop_worst(profits, 0.4)
    assert (r["dropped"], r["profit_before"], r["profit_after"], r["change"]) == (
        2,
        100.0,
        130.0,
        30.0,
    )
    r = p.drop_worst(profits, 0.0, fixed_cost=50)
    assert r["profit_after"] == 50.0 and r["change"] == 0.0


def test_assign_tiers_by_customers_and_by_value(log):
    t = v.assign_tiers(log, cuts=(0.2, 0.6))
    assert dict(zip(t["customer_id"], t["tier"].astype(str))) == {
        "a": "key",
        "b": "secondary",
        "c": "secondary",
        "d": "ordinary",
        "e": "ordinary",
    }
    # by value: a starts at 0, b at 0.5, c at 0.75, d at 0.9 -> first 80 % = a, b, c
    t = v.assign_tiers(log, cuts=(0.8,), basis="value", labels=("key", "other"))
    assert t.loc[t["tier"] == "key", "customer_id"].tolist() == ["a", "b", "c"]
    assert list(t["tier"].cat.categories) == ["key", "other"]


@settings(max_examples=60, deadline=None)
@given(positive_lists)
def test_shares_monotone_and_end_at_one(xs):
    t = v.pareto_table(xs)
    share = t["value_share"].to_numpy()
    assert np.all(np.diff(share) >= -1e-12)
    assert share[-1] == pytest.approx(1.0)
    assert np.all(share >= t["customer_share"].to_numpy() - 1e-9)  # top customers first
    lc = v.lorenz_curve(xs)
    assert np.all(np.diff(lc["value_share"]) >= -1e-12)
    assert lc["value_share"].iloc[-1] == pytest.approx(1.0)
    assert np.all(lc["value_share"] <= lc["population_share"] + 1e-9)


@settings(max_examples=60, deadline=None)
@given(positive_lists)
def test_gini_in_range(xs):
    g = v.gini(xs)
    assert 0 - 1e-12 <= g < 1
    assert g <= 1 - 1 / len(xs) + 1e-9


@settings(max_examples=60, deadline=None)
@given(positive_lists, st.floats(0, 1), st.floats(0, 1))
def test_top_share_monotone_in_top(xs, a, b):
    lo, hi = sorted((a, b))
    assert v.top_share(xs, lo) <= v.top_share(xs, hi) + 1e-12
    assert v.top_share(xs, lo) >= lo - 1e-9  # the top x % bring at least x %


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=2, max_size=40).filter(
        lambda xs: sum(xs) > 1
    )
)
def test_whale_peak_at_least_total(xs):
    w = p.whale_curve(xs)
    assert w["profit_share"].iloc[-1] == pytest.approx(1.0)
    assert p.whale_peak(xs)["peak_share"] >= 1 - 1e-9


# ---- bad input -------------------------------------------------------------------------


def test_missing_column(log):
    with pytest.raises(CRMLabError, match="data has no column 'revenue'"):
        v.pareto_table(log, value="revenue")


def test_empty_frame():
    with pytest.raises(CRMLabError, match="data has 0 rows"):
        v.top_share(pd.DataFrame({"customer_id": [], "amount": []}))


def test_nan_customer_id(log):
    log.loc[2, "customer_id"] = None
    with pytest.raises(CRMLabError, match="'customer_id' has 1 missing id"):
        v.gini(log)


def test_negative_revenue(log):
    log.loc[1, "amount"] = -3.0
    with pytest.raises(CRMLabError, match="'amount' has 1 negative value"):
        v.top_share(log)


def test_non_numeric_amount(log):
    log["amount"] = log["amount"].astype(str)
    with pytest.raises(CRMLabError, match="'amount' must be numeric"):
        v.lorenz_curve(log)


def test_nan_amount():
    with pytest.raises(CRMLabError, match="1 missing value"):
        v.gini([1.0, float("nan"), 3.0])


def test_single_customer_for_gini_and_lorenz():
    with pytest.raises(CRMLabError, match="1 customer.*at least 2"):
        v.gini([5.0])
    with pytest.raises(CRMLabError, match="1 customer.*at least 2"):
        v.lorenz_curve(pd.DataFrame({"customer_id": ["a", "a"], "amount": [1.0, 2.0]}))


def test_zero_total():
    with pytest.raises(CRMLabError, match="total amount is 0"):
        v.top_share([0.0, 0.0])
    with pytest.raises(CRMLabError, match="total profit is -5"):
        p.whale_curve([5.0, -10.0])


def test_top_out_of_range(log):
    with pytest.raises(CRMLabError, match=r"top must be in \[0, 1\]; got 20"):
        v.top_share(log, 20)


def test_not_a_table():
    with pytest.raises(CRMLabError, match="DataFrame or a sequence"):
        v.gini("abc")
    with pytest.raises(CRMLabError, match="no values"):
        v.gini([])


def test_bad_cuts_and_labels(log):
    with pytest.raises(CRMLabError, match=r"cuts must increase; got \(0.5, 0.2\)"):
        v.assign_tiers(log, cuts=(0.5, 0.2))
    with pytest.raises(CRMLabError, match=r"each cut must be in \(0, 1\); got 1.5"):
        v.assign_tiers(log, cuts=(1.5,))
    with pytest.raises(CRMLabError, match="labels must be 3 distinct names"):
        v.assign_tiers(log, labels=("key", "other"))
    with pytest.raises(CRMLabError, match="basis must be one of"):
        v.assign_tiers(log, basis="profit")


def test_drop_worst_bad_share():
    with pytest.raises(CRMLabError, match=r"worst must be in \[0, 1\); got 1"):
        p.drop_worst([1.0, 2.0], 1)
    with pytest.raises(CRMLabError, match=r"fixed_cost must be in \[0, inf\)"):
        p.drop_worst([1.0, 2.0], 0.5, fixed_cost=-1)


# ---- figures ---------------------------------------------------------------------------


def test_pareto_and_lorenz_charts(log):
    from crmlab import plots

    ax = plots.pareto_chart(v.pareto_table(log), top=0.4)
    assert ax.lines[0].get_ydata().tolist() == pytest.approx([0, 50, 75, 90, 97.5, 100])
    assert "(% of customers)" in ax.get_xlabel() and "(%)" in ax.get_ylabel()
    assert "top 40 % bring 75 %" in [line.get_label() for line in ax.lines]
    ax = plots.lorenz_chart(v.lorenz_curve(log))
    assert ax.lines[0].get_ydata()[-1] == pytest.approx(100)
    assert any("Gini" in c.get_label() for c in ax.collections)


def test_whale_chart_marks_the_peak():
    from crmlab import plots

    ax = plots.whale_chart(
        p.whale_curve(
            pd.DataFrame({"customer_id": list("abcde"), "profit": [80.0, 40.0, 10.0, -10.0, -20.0]})
        )
    )
    labels = [line.get_label() for line in ax.lines]
    assert "peak 130 % at 60 % of customers" in labels
    assert ax.get_ylim()[1] > 130


def test_long_curves_are_thinned_but_keep_the_peak():
    from crmlab import plots

    rng = np.random.default_rng(1)
    profits = np.r_[rng.gamma(2.0, 10.0, 5000), -rng.gamma(2.0, 5.0, 2000)]
    ax = plots.whale_chart(p.whale_curve(profits))
    y = ax.lines[0].get_ydata()
    assert len(y) <= 301
    assert y.max() == pytest.approx(100 * p.whale_peak(profits)["peak_share"])


def test_chart_bad_input(log):
    from crmlab import plots

    with pytest.raises(CRMLabError, match=r"top must be in \[0, 1\]; got 2"):
        plots.pareto_chart(v.pareto_table(log), top=2)
    with pytest.raises(CRMLabError, match="curve has no column 'customer_share'"):
        plots.whale_chart(log)


def test_shares_need_two_customers():
    with pytest.raises(CRMLabError, match="1 customer.*at least 2"):
        v.top_share([10.0])
    with pytest.raises(CRMLabError, match="1 customer.*at least 2"):
        p.whale_peak(pd.DataFrame({"customer_id": ["a", "a"], "profit": [5.0, -1.0]}))


def test_share_of_top_reads_pareto_tables_and_lorenz_curves_alike(log):
    for top in (0.0, 0.2, 0.4, 0.55, 1.0):
        expected = v.top_share(log, top)
        assert v.share_of_top(v.pareto_table(log), top) == pytest.approx(expected, abs=1e-12)
        assert v.share_of_top(v.lorenz_curve(log), top) == pytest.approx(expected, abs=1e-12)


def test_lorenz_curve_carries_its_gini(log):
    assert v.lorenz_curve(log).attrs["gini"] == v.gini(log)
