"""Loyalty and churn explorers and figures: static default, update(...), agreement with
the library."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab import churn as C
from crmlab import loyalty as L
from crmlab import loyalty_ladder as LL
from crmlab import retention as R
from crmlab.widgets import churn_explorer, ladder_explorer


def _log(n=300, seed=4):
    """Customers with their own rhythms; those with churned=True stopped buying early."""
    rng = np.random.default_rng(seed)
    rows, truth = [], {}
    for i in range(n):
        gap = rng.choice([7, 30, 90])
        left = rng.random() < 0.3
        end = 200 if left else 720
        days = np.arange(rng.integers(0, gap), end, gap)
        rows += [(f"c{i}", d) for d in days]
        truth[f"c{i}"] = bool(left)
    tx = pd.DataFrame(rows, columns=["customer_id", "day"])
    tx["date"] = pd.Timestamp("2023-01-01") + pd.to_timedelta(tx["day"], "D")
    return tx, pd.Series(truth)


def test_churn_explorer_agrees_with_the_library():
    tx, truth = _log()
    ex = churn_explorer(tx, actual=truth)
    assert ex.static_png.startswith(b"\x89PNG")
    for k, days in [(2.0, 90), (3.5, 40)]:
        ex.update(k=k, global_days=days)
        own = C.churn_flags(tx, k=k)
        glob = C.global_churn_flags(tx, days=days)
        assert ex.result.loc["own rhythm", "flagged_pct"] == pytest.approx(
            100 * own["churned"].mean()
        )
        assert ex.result.loc["global", "flagged_pct"] == pytest.approx(100 * glob["churned"].mean())
        pr = C.precision_recall(own, truth)
        assert ex.result.loc["own rhythm", "precision_pct"] == pytest.approx(100 * pr["precision"])
        assert ex.result.loc["own rhythm", "recall_pct"] == pytest.approx(100 * pr["recall"])
    assert ex.png != ex.static_png  # the redraw changed the picture
    ex.close()


def test_own_rhythm_beats_global_cutoff_on_mixed_rhythms():
    tx, truth = _log()
    ex = churn_explorer(tx, actual=truth).update(k=2.0, global_days=60)
    r = ex.result
    # the global cut-off flags the loyal every-90-days shoppers; the own-rhythm rule does not
    assert r.loc["own rhythm", "precision_pct"] > r.loc["global", "precision_pct"]
    ex.close()


def test_churn_explorer_without_truth_and_bad_inputs():
    tx, truth = _log(n=30)
    ex = churn_explorer(tx)
    assert np.isnan(ex.result["precision_pct"]).all()
    with pytest.raises(CRMLabError, match=r"has no control 'days'"):
        ex.update(days=3)
    ex.close()
    with pytest.raises(CRMLabError, match=r"actual lacks 1 customer\(s\) of the transactions"):
        churn_explorer(tx, actual=truth.iloc[1:])
    with pytest.raises(CRMLabError, match=r"transactions has no column 'date'"):
        churn_explorer(tx.drop(columns="date"))


def test_ladder_explorer_agrees_with_the_library():
    ex = ladder_explorer(periods=10)
    np.testing.assert_allclose(ex.result, LL.ladder_shares(LL.default_ladder(), periods=10))
    ex.update(loyal_to_left=0.3, random_to_repeat=0.05)
    m = LL.set_transition(LL.default_ladder(), "loyal purchase", "left", 0.3)
    m = LL.set_transition(m, "random purchase", "repeat purchase", 0.05)
    np.testing.assert_allclose(ex.result, LL.ladder_shares(m, periods=10))
    np.testing.assert_allclose(ex.result.sum(axis=1), 1)
    ex.close()
    with pytest.raises(
        CRMLabError, match=r"needs the stages 'random purchase' and 'repeat purchase'"
    ):
        ladder_explorer(pd.DataFrame([[1.0]], index=["x"], columns=["x"]))
    with pytest.raises(CRMLabError, match=r"transitions row 'wary observation' sums to 1.45"):
        ladder_explorer(LL.default_ladder().assign(left=0.5))


def _draw_without_warnings(ax):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax.figure.canvas.draw()


def test_figures_label_axes_with_units():
    tx, _ = _log(n=60)
    axes = [
        crm.plots.nps_bar(L.net_promoter_score([10, 9, 8, 6, 3, 0])),
        crm.plots.ladder_flow(LL.ladder_shares(LL.default_ladder())),
        crm.plots.retention_curves(R.cohort_retention(tx)),
        crm.plots.cohort_heatmap(R.cohort_retention(tx)),
        crm.plots.gap_histogram(C.purchase_gaps(tx)),
    ]
    rng = np.random.default_rng(0)
    x = pd.DataFrame(rng.normal(size=(100, 5)), columns=L.LOYALTY_DRIVERS)
    x["loyalty"] = x["trust"] + rng.normal(size=100)
    axes.append(crm.plots.driver_importance_bars(L.driver_importance(x)))
    for ax in axes:
        assert ax.get_xlabel() and ax.get_ylabel()
        assert any(u in ax.get_ylabel() + ax.get_xlabel() for u in ("%", "days", "sd", "month"))
        _draw_without_warnings(ax)
    plt.close("all")


def test_figure_values_match_the_data():
    ax = crm.plots.nps_bar(L.net_promoter_score([10, 9, 8, 6]))
    assert [p.get_height() for p in ax.patches] == [25.0, 25.0, 50.0]
    fig, ax = plt.subplots()
    out = crm.plots.gap_histogram(
        pd.DataFrame({"customer_id": ["a"] * 3, "gap_days": [5, 7, 9]}), k=3, ax=ax
    )
    assert out is ax
    assert [float(line.get_xdata()[0]) for line in ax.lines] == [7.0, 21.0]


def test_figure_bad_inputs():
    with pytest.raises(CRMLabError, match=r"nps must be the Series returned by"):
        crm.plots.nps_bar([1, 2])
    with pytest.raises(CRMLabError, match=r"table must be a cohort table"):
        crm.plots.cohort_heatmap(pd.DataFrame({"a": [1]}))
    with pytest.raises(CRMLabError, match=r"gaps has no gaps for customer 'z'"):
        crm.plots.gap_histogram(pd.DataFrame({"customer_id": ["a"], "gap_days": [3]}), customer="z")
    with pytest.raises(CRMLabError, match=r"importance has no column 'beta'"):
        crm.plots.driver_importance_bars(pd.DataFrame({"x": [1]}))
