"""crmlab.rfm: classic RFM, scores, segments, and the lifetimes-style summary."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import CRMLabError
from crmlab import rfm, segments


@pytest.fixture
def tx():
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "c", "c", "a"],
            "date": pd.to_datetime(
                [
                    "2024-01-01 09:00",
                    "2024-01-01 15:30",
                    "2024-01-05 10:00",
                    "2024-01-03 11:00",
                    "2024-01-02 12:00",
                    "2024-01-09 18:45",
                    "2024-01-08 08:00",
                ]
            ),
            "amount": [10.0, 5.0, 20.0, 7.0, 3.0, 4.0, 6.0],
        }
    )


def test_rfm_table_by_hand(tx):
    t = rfm.rfm_table(tx, as_of="2024-01-10")
    assert t.index.tolist() == ["a", "b", "c"]
    assert t["recency"].tolist() == [2, 7, 1]  # last purchases 8th, 3rd, 9th
    assert t["frequency"].tolist() == [4, 1, 2]
    assert t["monetary"].tolist() == [41.0, 7.0, 7.0]
    assert t["tenure"].tolist() == [9, 7, 8]


def test_rfm_table_default_as_of_is_last_date(tx):
    t = rfm.rfm_table(tx)
    assert t.loc["c", "recency"] == 0 and t.loc["a", "recency"] == 1


def test_rfm_scores_and_segments_by_hand():
    t = pd.DataFrame(
        {
            "recency": [1, 10, 100, 300, 2],
            "frequency": [20, 9, 7, 1, 1],
            "monetary": [900.0, 300.0, 200.0, 15.0, 30.0],
        },
        index=list("abcde"),
    )
    s = segments.rfm_scores(t)
    # 5 customers, 5 bins: ranks 1..5 map one-to-one; frequency ties (d, e) share rank 1.5 -> 2
    assert s["r_score"].tolist() == [5, 3, 2, 1, 4]
    assert s["f_score"].tolist() == [5, 4, 3, 2, 2]
    assert s["m_score"].tolist() == [5, 4, 3, 1, 2]
    assert s["rfm_code"].tolist() == ["555", "344", "233", "121", "422"]
    seg = segments.rfm_segments(s)["segment"].astype(str).tolist()
    assert seg == ["champions", "loyal", "at risk", "hibernating", "potential loyalist"]
    assert set(segments.SEGMENT_ACTIONS) == set(segments.SEGMENTS)


def test_segments_rescale_other_bins():
    s = pd.DataFrame({"r_score": [3, 1], "f_score": [3, 3]})
    # on a 3-point scale, 3 -> 5 and 1 -> 2
    assert segments.rfm_segments(s, bins=3)["segment"].astype(str).tolist() == [
        "champions",
        "can't lose",
    ]


def test_lifetimes_summary_by_hand(tx):
    s = rfm.lifetimes_summary(tx, observation_end="2024-01-10")
    # a: days 1 (10+5), 5 (20), 8 (6) -> 3 periods; b: one; c: 2nd and 9th
    assert s["frequency"].tolist() == [2.0, 0.0, 1.0]
    assert s["recency"].tolist() == [7.0, 0.0, 7.0]
    assert s["T"].tolist() == [9.0, 7.0, 8.0]
    assert s["monetary_value"].tolist() == [13.0, 0.0, 4.0]
    w = rfm.lifetimes_summary(tx, observation_end="2024-01-10", freq="W", amount=None)
    # Mon 2024-01-01 .. Sun 01-07 is week 0, 01-08 .. 01-14 week 1
    assert w["frequency"].tolist() == [1.0, 0.0, 1.0]
    assert w["T"].tolist() == [1.0, 1.0, 1.0]
    assert "monetary_value" not in w


def _random_log(seed, n=400, customers=60):
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "customer_id": rng.integers(0, customers, n),
            "date": pd.Timestamp("2023-12-28")
            + pd.to_timedelta(rng.integers(0, 90 * 24, n), unit="h"),
            "amount": rng.gamma(2.0, 20.0, n).round(2),
        }
    )


LIFETIMES = Path(__file__).parent / "fixtures" / "lifetimes" / "summary.json"


@pytest.mark.parametrize("freq", ["D", "W"])
def test_lifetimes_summary_matches_lifetimes_package(freq):
    # the output of lifetimes 0.11.3 on a seeded log, frozen by fixtures/lifetimes/make_summary.py
    frozen = json.loads(LIFETIMES.read_text(encoding="utf-8"))
    tx = pd.DataFrame(frozen["log"]).assign(date=lambda d: pd.to_datetime(d["date"]))
    expected = pd.DataFrame(frozen["summary"][freq]).set_index("customer_id")
    got = rfm.lifetimes_summary(tx, observation_end=frozen["observation_period_end"], freq=freq)
    assert got.index.tolist() == expected.index.tolist()
    for col in ["frequency", "recency", "T", "monetary_value"]:
        np.testing.assert_allclose(
            got[col].to_numpy(), expected[col].to_numpy(), rtol=1e-12, err_msg=col
        )


def test_the_frozen_log_is_the_seeded_one():
    frozen = json.loads(LIFETIMES.read_text(encoding="utf-8"))
    log = _random_log(3)
    assert frozen["log"]["customer_id"] == log["customer_id"].tolist()
    assert frozen["log"]["date"] == log["date"].dt.strftime("%Y-%m-%d %H:%M").tolist()
    assert frozen["log"]["amount"] == log["amount"].tolist()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 30))
def test_recency_never_exceeds_tenure(seed, extra_days):
    tx = _random_log(seed, n=80, customers=15)
    as_of = tx["date"].max() + pd.Timedelta(days=extra_days)
    t = rfm.rfm_table(tx, as_of=as_of)
    assert (t["recency"] <= t["tenure"]).all() and (t["recency"] >= 0).all()
    assert t["frequency"].sum() == len(tx)
    assert t["monetary"].sum() == pytest.approx(tx["amount"].sum())
    s = rfm.lifetimes_summary(tx, observation_end=as_of)
    assert (s["recency"] <= s["T"]).all() and (s["frequency"] < t["frequency"]).all()
    sc = segments.rfm_scores(t)
    # a more recent buyer never gets a lower recency score
    order = np.argsort(t["recency"].to_numpy(), kind="stable")
    assert np.all(np.diff(sc["r_score"].to_numpy()[order]) <= 0)
    assert sc[["r_score", "f_score", "m_score"]].isin(range(1, 6)).all().all()


# ---- bad input -------------------------------------------------------------------------


def test_missing_column(tx):
    with pytest.raises(CRMLabError, match="transactions has no column 'amount'"):
        rfm.rfm_table(tx.drop(columns="amount"))


def test_empty_log(tx):
    with pytest.raises(CRMLabError, match="transactions has 0 rows"):
        rfm.rfm_table(tx.iloc[:0])


def test_nan_customer(tx):
    tx.loc[3, "customer_id"] = None
    with pytest.raises(CRMLabError, match="'customer_id' has 1 missing id"):
        rfm.lifetimes_summary(tx)


def test_negative_amount(tx):
    tx.loc[0, "amount"] = -1.0
    with pytest.raises(CRMLabError, match="'amount' has 1 negative value"):
        rfm.rfm_table(tx)


def test_non_numeric_amount(tx):
    tx["amount"] = tx["amount"].astype(object)
    tx.loc[0, "amount"] = "ten"
    with pytest.raises(CRMLabError, match="'amount' must be numeric"):
        rfm.rfm_table(tx)


def test_unparsed_dates(tx):
    tx["date"] = tx["date"].dt.strftime("%Y-%m-%d")
    with pytest.raises(CRMLabError, match="'date' must hold parsed dates"):
        rfm.rfm_table(tx)


def test_timezone_dates(tx):
    tx["date"] = tx["date"].dt.tz_localize("Asia/Shanghai")
    with pytest.raises(CRMLabError, match="timezone-aware dates"):
        rfm.lifetimes_summary(tx)


def test_mixed_timezone_dates(tx):
    tx["date"] = pd.Series(
        [pd.Timestamp("2024-01-01", tz="UTC")] + list(tx["date"][1:]), dtype=object
    )
    with pytest.raises(CRMLabError, match="Some values carry a timezone"):
        rfm.rfm_table(tx)


def test_as_of_before_data(tx):
    with pytest.raises(CRMLabError, match="as_of is 2024-01-05, before the last date"):
        rfm.rfm_table(tx, as_of="2024-01-05")
    with pytest.raises(CRMLabError, match="observation_end is 2024-01-05, before the last date"):
        rfm.lifetimes_summary(tx, observation_end="2024-01-05")
    with pytest.raises(CRMLabError, match="as_of must be a date"):
        rfm.rfm_table(tx, as_of="yesterday-ish")


def test_bad_freq(tx):
    with pytest.raises(CRMLabError, match=r"freq must be one of \['D', 'W'\]; got 'M'"):
        rfm.lifetimes_summary(tx, freq="M")


def test_scores_need_two_customers_and_unique_rows(tx):
    t = rfm.rfm_table(tx)
    with pytest.raises(CRMLabError, match="table has 1 rows; at least 2 rows"):
        segments.rfm_scores(t.iloc[:1])
    with pytest.raises(CRMLabError, match="customer 'a' more than once"):
        segments.rfm_scores(pd.concat([t, t.iloc[:1]]))
    with pytest.raises(CRMLabError, match=r"bins must be in \[2, 10\]; got 1"):
        segments.rfm_scores(t, bins=1)


def test_segments_bad_scores():
    with pytest.raises(CRMLabError, match="'f_score' must hold whole scores from 1 to 5; got 7.0"):
        segments.rfm_segments(pd.DataFrame({"r_score": [1, 2], "f_score": [7, 1]}))
    with pytest.raises(CRMLabError, match="scores has no column 'r_score'"):
        segments.rfm_segments(pd.DataFrame({"f_score": [1]}))


# ---- grid and figure -------------------------------------------------------------------

SCORES = pd.DataFrame(
    {"r_score": [3, 3, 1, 2], "f_score": [1, 1, 3, 2], "monetary": [10.0, 30.0, 5.0, 8.0]}
)


def test_rfm_grid_counts_and_means_worked_by_hand():
    grid = segments.rfm_grid(SCORES, bins=3)
    # customers by (R, F): (3, 1) twice, (2, 2) once, (1, 3) once; R 3 on the top row
    assert grid.index.tolist() == [3, 2, 1] and grid.columns.tolist() == [1, 2, 3]
    assert grid.to_numpy().tolist() == [[2, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert grid.attrs == {"bins": 3, "value": None, "customers": 4}
    means = segments.rfm_grid(SCORES, bins=3, value="monetary")
    # (3, 1): (10 + 30) / 2 = 20; (2, 2): 8; (1, 3): 5; every other cell is empty
    expected = np.full((3, 3), np.nan)
    expected[0, 0], expected[1, 1], expected[2, 2] = 20.0, 8.0, 5.0
    np.testing.assert_array_equal(means.to_numpy(), expected)
    assert means.attrs["value"] == "monetary"


def test_rfm_grid_counts_every_scored_customer_once(tx):
    scores = segments.rfm_scores(rfm.rfm_table(tx), bins=2)
    grid = segments.rfm_grid(scores, bins=2)
    assert grid.to_numpy().sum() == len(scores) == 3
    for (r, f), n in scores.groupby(["r_score", "f_score"]).size().items():
        assert grid.loc[r, f] == n


@pytest.mark.parametrize("kwargs, wording", [
    ({"bins": 1}, "bins must be"),
    ({"scores": SCORES.assign(r_score=[4, 1, 1, 1])},
     "'r_score' must hold whole scores from 1 to 3; got 4.0"),
    ({"scores": SCORES.assign(f_score=[1.5, 1, 1, 1])},
     "'f_score' must hold whole scores from 1 to 3; got 1.5"),
    ({"scores": SCORES.drop(columns="f_score")}, "scores has no column 'f_score'"),
    ({"value": "spend"}, "scores has no column 'spend'"),
    ({"value": "label"}, "scores column 'label' must be numeric"),
], ids=["bins", "r-score-out-of-range", "f-score-not-whole", "no-f-score", "no-value-column",
        "value-not-numeric"])
def test_rfm_grid_refuses(kwargs, wording):
    args = {"scores": SCORES.assign(label=list("abcd")), "bins": 3, **kwargs}
    with pytest.raises(CRMLabError, match=wording):
        segments.rfm_grid(args.pop("scores"), **args)


def test_rfm_heatmap_draws_the_grid():
    from crmlab import plots

    ax = plots.rfm_heatmap(segments.rfm_grid(SCORES, bins=3))
    assert ax.images[0].get_array().tolist() == [[2, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert [t.get_text() for t in ax.texts] == ["2", "0", "0", "0", "1", "0", "0", "0", "1"]
    assert ax.get_xlabel() == "frequency score (1 = fewest purchases, 3 = most)"
    assert ax.get_ylabel() == "recency score (1 = longest ago, 3 = most recent)"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["3", "2", "1"]
    assert ax.figure.axes[-1].get_ylabel() == "customers (count)"  # the colour bar
    means = segments.rfm_grid(SCORES, bins=3, value="monetary")
    ax = plots.rfm_heatmap(means)
    assert ax.images[0].get_array()[0, 0] == 20.0
    assert [t.get_text() for t in ax.texts] == ["20", "8", "5"]  # empty cells stay blank
    assert ax.figure.axes[-1].get_ylabel() == "mean monetary per customer"
    ax = plots.rfm_heatmap(means, label="mean spend (yuan)")
    assert ax.figure.axes[-1].get_ylabel() == "mean spend (yuan)"
    assert ax.figure.axes[-1].yaxis.get_major_formatter()(30000) == "30,000"


@pytest.mark.parametrize("grid, label, wording", [
    ("grid", "  ", "label must be a non-empty text"),
    ("scores", None, r"grid must be the output of crm.segments.rfm_grid\(scores\)"),
    ("upside-down", None, r"got rows \[1, 2, 3\] and columns \[1, 2, 3\]"),
    ([[1, 2], [3, 4]], None, "grid must be a pandas DataFrame"),
], ids=["blank-label", "raw-scores", "rows-not-reversed", "not-a-frame"])
def test_rfm_heatmap_refuses(grid, label, wording):
    from crmlab import plots

    grids = {"grid": segments.rfm_grid(SCORES, bins=3), "scores": SCORES,
             "upside-down": segments.rfm_grid(SCORES, bins=3).sort_index()}
    with pytest.raises(CRMLabError, match=wording):
        plots.rfm_heatmap(grids.get(grid, grid) if isinstance(grid, str) else grid, label=label)


def test_missing_amount_name(tx):
    with pytest.raises(CRMLabError, match="amount must name the column"):
        rfm.rfm_table(tx, amount=None)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(-5, 100))
def test_timeline_is_rfm_table_of_the_log_cut_at_as_of(seed, day):
    tx = _random_log(seed, n=80, customers=15)
    as_of = pd.Timestamp("2023-12-28") + pd.Timedelta(days=day)
    got = rfm.RFMTimeline(tx).table(as_of)
    cut = tx[tx["date"].dt.normalize() <= as_of]
    if cut.empty:
        assert got.empty
        return
    expected = rfm.rfm_table(cut, as_of=as_of + pd.Timedelta(hours=23, minutes=59))
    pd.testing.assert_index_equal(got.index, expected.index)
    for col in ["recency", "frequency", "tenure"]:
        assert got[col].tolist() == expected[col].tolist()
    np.testing.assert_allclose(got["monetary"], expected["monetary"], rtol=1e-12)


# --- the eight-class model Chinese analysts use -------------------------------------------------


def test_eight_classes_by_hand_and_every_class_has_its_chinese_name():
    import crmlab as crm

    t = pd.DataFrame({"recency": [5, 50, 5, 50, 5, 40], "frequency": [9, 9, 1, 1, 9, 2],
                      "monetary": [900.0, 800.0, 100.0, 50.0, 90.0, 700.0]}, index=list("abcdef"))
    # means: recency 25.83, frequency 5.17, monetary 440
    got = crm.segments.eight_classes(t)
    assert got["eight_class"].astype(str).tolist() == [
        "important value customer", "important customer to keep",
        "general customer to develop", "general customer to win back",
        "general value customer", "important customer to win back"]
    assert got.attrs["cuts"]["monetary"] == 440.0
    # with medians (recency 22.5, frequency 5.5, monetary 400) c is still low on M
    med = crm.segments.eight_classes(t, basis="median")
    assert med.loc["c", "eight_class"] == "general customer to develop"
    chinese = {crm.glossary.lookup(c)["chinese"] for c in crm.segments.EIGHT_CLASSES.values()}
    assert chinese == {"重要价值客户", "重要发展客户", "重要保持客户", "重要挽留客户",
                       "一般价值客户", "一般发展客户", "一般保持客户", "一般挽留客户"}
    with pytest.raises(crm.CRMLabError, match=r"basis must be one of \['mean', 'median'\]"):
        crm.segments.eight_classes(t, basis="mode")
