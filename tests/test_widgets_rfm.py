"""RFM explorer: static default first, then driven through update(...) against crmlab.rfm."""

import numpy as np
import pandas as pd
import pytest

from crmlab import CRMLabError, rfm, segments
from crmlab import widgets as W
from crmlab.plots import bar_widths
from crmlab.widgets.rfm import rfm_explorer

PNG = b"\x89PNG"


@pytest.fixture
def log():
    """300 customers over 2024: each starts on a random day and buys every few days for a while."""
    rng = np.random.default_rng(11)
    rows = []
    for c in range(300):
        day = pd.Timestamp("2024-01-01") + pd.Timedelta(days=int(rng.integers(0, 300)))
        for _ in range(1 + rng.poisson(6)):
            if day > pd.Timestamp("2024-12-31"):
                break
            rows.append((f"C{c:03d}", day, round(float(rng.lognormal(4, 0.6)), 2)))
            day += pd.Timedelta(days=int(rng.integers(1, 60)))
    return pd.DataFrame(rows, columns=["customer_id", "date", "amount"])


def _library(tx, as_of, bins):
    """The same segmentation with the library's functions on the log cut at as_of."""
    cut = tx[tx["date"] <= pd.Timestamp(as_of)]
    table = rfm.rfm_table(cut, as_of=as_of)
    return segments.rfm_segments(segments.rfm_scores(table, bins=bins), bins=bins)


def _same(result, expected):
    got = result["table"]
    assert list(got.index) == list(expected.index)
    for col in ["recency", "frequency", "tenure", "r_score", "f_score", "m_score", "rfm_code"]:
        assert got[col].tolist() == expected[col].tolist(), col
    np.testing.assert_allclose(got["monetary"], expected["monetary"], rtol=1e-12)
    assert got["segment"].astype(str).tolist() == expected["segment"].astype(str).tolist()


def test_registered():
    assert W.rfm_explorer is rfm_explorer and "rfm_explorer" in W.__all__


def test_hand_worked_log():
    tx = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c", "c"],
                       "date": pd.to_datetime(["2024-01-05", "2024-02-20", "2024-01-10",
                                               "2024-01-02", "2024-01-20", "2024-02-27"]),
                       "amount": [10.0, 20.0, 5.0, 8.0, 9.0, 30.0]})
    ex = rfm_explorer(tx, bins=3)
    t = ex.result["table"]
    # on 2024-02-27: a last bought 7 days before, b 48, c that day
    assert t["recency"].tolist() == [7, 48, 0]
    assert t["frequency"].tolist() == [2, 1, 3]
    assert t["monetary"].tolist() == [30.0, 5.0, 47.0]
    # on 2024-01-31 only a's and b's first purchase and c's first two count
    t = ex.update(as_of="2024-01-31").result["table"]
    assert t["frequency"].tolist() == [1, 1, 2] and t["monetary"].tolist() == [10.0, 5.0, 17.0]
    assert t["tenure"].tolist() == [26, 21, 29]
    ex.close()


def test_default_matches_library(log):
    ex = rfm_explorer(log)
    assert ex.static_png.startswith(PNG)
    assert ex.result["as_of"] == log["date"].max() and ex.result["bins"] == 5
    _same(ex.result, _library(log, log["date"].max(), 5))
    sizes = ex.result["sizes"]
    assert list(sizes.index) == list(segments.SEGMENTS)
    assert sizes.sum() == ex.result["customers"] == log["customer_id"].nunique()
    ex.close()


def test_every_date_and_bins_match_library(log):
    ex = rfm_explorer(log)
    options = list(ex.controls["as_of"].options)
    assert options[0] == "2024-01-31" and options[-1] == f"{log['date'].max():%Y-%m-%d}"
    customers = []
    for as_of, bins in zip(options[1:], [3, 4, 5, 6, 7, 8, 9, 10, 5, 4, 3, 6]):
        result = ex.update(as_of=as_of, bins=bins).result
        _same(result, _library(log, as_of, bins))
        customers.append(result["customers"])
    # customers only join over time: the number who have bought never falls
    assert customers == sorted(customers)
    assert customers[-1] == log["customer_id"].nunique()
    ex.close()


def test_moving_back_in_time_changes_the_figure(log):
    ex = rfm_explorer(log)
    first_png = ex.png
    late = ex.result["sizes"]
    early = ex.update(as_of="2024-06-30").result["sizes"]
    assert early.sum() < late.sum()
    assert ex.png != first_png and ex.static_png == first_png
    win_back = int(early["at risk"] + early["can't lose"])
    assert ex.ax.get_title(loc="left") == (f"2024-06-30: {int(early['champions']):,} champions, "
                                           f"{win_back:,} to win back")
    widths = [int(w) for w in bar_widths(ex.ax)]
    assert widths == early.tolist()[::-1] or widths == early.tolist()
    ex.close()


def _bad_input_cases(log):
    ex = rfm_explorer(log)
    return {
        "bins-must-be-in-3-10": (
            r"bins must be in \[3, 10\]; got 2",
            lambda: rfm_explorer(log, bins=2)),
        "as_of-is-2023-12-01-before": (
            r"as_of is 2023-12-01, before the first purchase",
            lambda: rfm_explorer(log, as_of="2023-12-01")),
        "as_of-must-be-a-date": (
            "as_of must be a date",
            lambda: rfm_explorer(log, as_of="yesterday")),
        "no-column-amount": (
            "no column 'amount'",
            lambda: rfm_explorer(log.drop(columns="amount"))),
        "amount-must-name-the-column": (
            "amount must name the column",
            lambda: rfm_explorer(log, amount=None)),
        "fewer-than-2-customers": (
            "fewer than 2 customers",
            lambda: rfm_explorer(log.head(1))),
        "has-no-control-days": (
            "has no control 'days'",
            lambda: ex.update(days=30)),
    }


@pytest.mark.parametrize("case", [
    "bins-must-be-in-3-10", "as_of-is-2023-12-01-before", "as_of-must-be-a-date",
    "no-column-amount", "amount-must-name-the-column", "fewer-than-2-customers",
    "has-no-control-days",
])
def test_bad_input(log, case):
    wording, call = _bad_input_cases(log)[case]
    with pytest.raises(CRMLabError, match=wording):
        call()
