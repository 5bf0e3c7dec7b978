"""crmlab.loyalty: NPS by hand and its bounds, driver importance on planted weights."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import CRMLabError
from crmlab import loyalty as L


# ----------------------------------------------------------------------------- NPS
def test_nps_by_hand():
    # 4 promoters (9, 10, 10, 9), 3 passives (7, 8, 8), 3 detractors (0, 5, 6): n = 10
    r = L.net_promoter_score([9, 10, 10, 9, 7, 8, 8, 0, 5, 6])
    assert (r["promoters"], r["passives"], r["detractors"], r["n"]) == (4, 3, 3, 10)
    assert r["nps"] == pytest.approx(10.0)
    assert r["pct_passives"] == pytest.approx(30.0)
    # var = (0.4 + 0.3 - 0.1^2) / 10 = 0.069
    assert r["se"] == pytest.approx(100 * math.sqrt(0.069))
    assert r["ci_low"] == pytest.approx(10 - 1.959964 * 100 * math.sqrt(0.069), abs=1e-4)
    assert r["ci_high"] - r["nps"] == pytest.approx(r["nps"] - r["ci_low"])


def test_nps_from_frame_column_and_confidence():
    df = pd.DataFrame({"rec": [10, 10, 0, 8]})
    r90 = L.net_promoter_score(df, column="rec", confidence=0.9)
    r99 = L.net_promoter_score(df, column="rec", confidence=0.99)
    assert r90["nps"] == pytest.approx(25.0)
    assert r99["ci_high"] - r99["ci_low"] > r90["ci_high"] - r90["ci_low"]


def test_nps_all_promoters_has_zero_width_interval():
    r = L.net_promoter_score([9, 10, 10])
    assert r["nps"] == 100 and r["se"] == 0 and r["ci_low"] == r["ci_high"] == 100


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=2, max_size=200))
def test_nps_is_bounded_and_inside_its_interval(scores):
    r = L.net_promoter_score(scores)
    assert -100 <= r["ci_low"] <= r["nps"] <= r["ci_high"] <= 100
    assert r["promoters"] + r["passives"] + r["detractors"] == len(scores)
    assert r["pct_promoters"] + r["pct_passives"] + r["pct_detractors"] == pytest.approx(100)


@pytest.mark.parametrize("scores, match", [
    ([9, 11], r"scores has 1 answer\(s\) that are not whole numbers from 0 to 10 \(first: 11.0"),
    ([9, -1], r"not whole numbers from 0 to 10 \(first: -1.0 in row 1\)"),
    ([9, 7.5], r"first: 7.5 in row 1"),
    ([9, np.nan], r"scores column 'score' has 1 missing value|scores .*missing"),
    ([9], r"scores has 1 answer\(s\); at least 2 are needed"),
    (["9", "10"], r"must be numeric; got dtype"),
    ("9 10", r"scores must be a DataFrame, Series or list of 0-10 answers; got str"),
])
def test_nps_bad_scores(scores, match):
    with pytest.raises(CRMLabError, match=match):
        L.net_promoter_score(scores)


def test_nps_bad_frame_and_confidence():
    with pytest.raises(CRMLabError, match=r"scores has no column 'recommend'"):
        L.net_promoter_score(pd.DataFrame({"nps": [1, 2]}))
    with pytest.raises(CRMLabError, match=r"scores has 0 rows"):
        L.net_promoter_score(pd.DataFrame({"recommend": []}))
    with pytest.raises(CRMLabError, match=r"confidence must be in \(0, 1\); got 95"):
        L.net_promoter_score([1, 2], confidence=95)


# -------------------------------------------------------------------------- drivers
def _halo_survey(n=3000, seed=5, weights=(0.4, 0.3, 0.15, 0.1, 0.05), halo=0.6):
    """Five drivers sharing a halo, loyalty built from known standardised weights."""
    rng = np.random.default_rng(seed)
    h = rng.normal(size=n)
    t = rng.normal(size=(n, 5))
    x = math.sqrt(1 - halo) * t + math.sqrt(halo) * h[:, None]
    y = x @ np.array(weights) + 0.3 * rng.normal(size=n)
    df = pd.DataFrame(x, columns=L.LOYALTY_DRIVERS)
    df["loyalty"] = y
    return df, np.array(weights)


def test_driver_importance_recovers_planted_weights():
    df, w = _halo_survey()
    imp = L.driver_importance(df)
    assert list(imp.index) == list(L.LOYALTY_DRIVERS)
    # standardised betas are proportional to the planted weights (all drivers have sd 1)
    np.testing.assert_allclose(imp["relative_weight"], w / w.sum(), atol=0.03)
    # the order of importance is recovered by beta and by Shapley R2
    assert list(imp["beta"].rank(ascending=False)) == [1, 2, 3, 4, 5]
    assert list(imp["shapley"].rank(ascending=False)) == [1, 2, 3, 4, 5]
    assert imp["shapley"].sum() == pytest.approx(imp.attrs["r2"])
    assert imp["shapley_pct"].sum() == pytest.approx(100)
    assert (imp["se"] > 0).all() and (imp["ci_low"] < imp["beta"]).all()


def test_halo_makes_raw_correlations_mislead():
    df, w = _halo_survey()
    imp = L.driver_importance(df)
    # the weakest driver (weight 0.05, 1/8 of the strongest) still correlates strongly
    assert imp.loc["rewards", "correlation"] > 0.6
    ratio_corr = imp.loc["rewards", "correlation"] / imp.loc["satisfaction", "correlation"]
    ratio_beta = imp.loc["rewards", "beta"] / imp.loc["satisfaction", "beta"]
    assert ratio_corr > 0.7 and ratio_beta < 0.25


def test_shapley_matches_hand_value_for_two_uncorrelated_drivers():
    # with uncorrelated drivers, Shapley share = squared correlation
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(2, 500))
    a = (a - a.mean()) / a.std()
    b = b - b.mean()
    b = b - (a @ b) / (a @ a) * a  # exactly orthogonal to a
    df = pd.DataFrame({"a": a, "b": b, "y": 2 * a + b / b.std() + rng.normal(size=500)})
    imp = L.driver_importance(df, outcome="y", drivers=["a", "b"])
    np.testing.assert_allclose(imp["shapley"], imp["correlation"] ** 2, rtol=1e-9)


def test_loyalty_index_weighs_scales_equally():
    s = pd.DataFrame({"a": [1, 2, 3, 4], "b": [0, 0, 10, 10]})
    idx = L.loyalty_index(s, components=["a", "b"])
    za = (np.array([1, 2, 3, 4]) - 2.5) / np.std([1, 2, 3, 4], ddof=1)
    zb = (np.array([0, 0, 10, 10]) - 5) / np.std([0, 0, 10, 10], ddof=1)
    np.testing.assert_allclose(idx, (za + zb) / 2)


def _driver_importance_bad_inputs_cases():
    df, _ = _halo_survey(n=50)
    return {
        "survey-has-no-column-loyalty_index": (
            r"survey has no column 'loyalty_index'",
            lambda: L.driver_importance(df, outcome="loyalty_index")),
        "survey-has-7-rows-a-regression": (
            r"survey has 7 rows; a regression on 5 drivers needs",
            lambda: L.driver_importance(df.head(7))),
        "survey-column-trust-has-1-missing": (
            r"survey column 'trust' has 1 missing value",
            lambda: L.driver_importance(df.assign(trust=df["trust"].where(df.index != 3)))),
        "survey-column-rewards-has-the-same": (
            r"survey column 'rewards' has the same value",
            lambda: L.driver_importance(df.assign(rewards=4))),
        "outcome-trust-is-also-listed-in": (
            r"outcome 'trust' is also listed in drivers",
            lambda: L.driver_importance(df, outcome="trust")),
        "drivers-must-be-a-list-of": (
            r"drivers must be a list of column names; got 'trust'",
            lambda: L.driver_importance(df, drivers="trust")),
        "drivers-lists-a-column-twice": (
            r"drivers lists a column twice",
            lambda: L.driver_importance(df, drivers=["trust", "trust"])),
        "perfectly-collinear": (
            r"perfectly collinear",
            lambda: L.driver_importance(df.assign(both=df["trust"] + df["rewards"]),
                                        drivers=["trust", "rewards", "both"])),
        "survey-must-be-a-pandas-dataframe": (
            r"survey must be a pandas DataFrame; got dict",
            lambda: L.driver_importance({"trust": [1]})),
    }


@pytest.mark.parametrize("case", [
    "survey-has-no-column-loyalty_index", "survey-has-7-rows-a-regression",
    "survey-column-trust-has-1-missing", "survey-column-rewards-has-the-same",
    "outcome-trust-is-also-listed-in", "drivers-must-be-a-list-of",
    "drivers-lists-a-column-twice", "perfectly-collinear", "survey-must-be-a-pandas-dataframe",
])
def test_driver_importance_bad_inputs(case):
    wording, call = _driver_importance_bad_inputs_cases()[case]
    with pytest.raises(CRMLabError, match=wording):
        call()


def test_loyalty_index_bad_inputs():
    with pytest.raises(CRMLabError, match=r"survey has no column 'overall_satisfaction'"):
        L.loyalty_index(pd.DataFrame({"a": [1, 2]}))
    with pytest.raises(CRMLabError, match=r"survey column 'a' has the same value"):
        L.loyalty_index(pd.DataFrame({"a": [1, 1]}), components=["a"])
    with pytest.raises(CRMLabError, match=r"survey has 1 rows; at least 2 rows"):
        L.loyalty_index(pd.DataFrame({"a": [1]}), components=["a"])
