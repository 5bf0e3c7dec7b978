"""crmlab.churn: gaps, own-rhythm flags, cohort retention, reasons, precision -- by hand."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmlab as crm
from crmlab import CRMLabError
from crmlab import churn as C
from crmlab import churn_reasons as CR
from crmlab import retention as R


def _tx(rows):
    return pd.DataFrame({"customer_id": [r[0] for r in rows],
                         "date": pd.to_datetime([r[1] for r in rows], format="ISO8601")})


@pytest.fixture
def tx():
    # weekly shopper a (gaps 7, 7, 7), twice-a-quarter b (gaps 60, 61), one-off c, and a
    # second same-day purchase of a that counts as the same visit
    return _tx([("a", "2024-01-01"), ("a", "2024-01-08"), ("a", "2024-01-08 18:30"),
                ("a", "2024-01-15"), ("a", "2024-01-22"), ("b", "2024-01-01"),
                ("b", "2024-03-01"), ("b", "2024-05-01"), ("c", "2024-05-20")])


def test_purchase_gaps_by_hand(tx):
    g = C.purchase_gaps(tx)
    assert g["customer_id"].tolist() == ["a", "a", "a", "b", "b"]
    assert g["gap_days"].tolist() == [7, 7, 7, 60, 61]
    assert g["previous"].iloc[3] == pd.Timestamp("2024-01-01")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcd"), st.integers(0, 2000)), min_size=1, max_size=80))
def test_gaps_sum_to_last_minus_first(rows):
    tx = pd.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "date": pd.Timestamp("2020-01-01") + pd.to_timedelta([r[1] for r in rows], "D"),
        }
    )
    g = C.purchase_gaps(tx).groupby("customer_id")["gap_days"].sum()
    span = tx.groupby("customer_id")["date"].agg(lambda d: (d.max() - d.min()).days)
    assert (g.reindex(span.index, fill_value=0) == span).all()
    assert (C.purchase_gaps(tx)["gap_days"] > 0).all()


def test_churn_flags_own_rhythm_by_hand(tx):
    f = C.churn_flags(tx, as_of="2024-06-01", k=2)
    assert f.loc["a", "visits"] == 4  # the two purchases on 8 January are one visit
    assert f["days_since_last"].tolist() == [131, 31, 12]
    assert f["median_gap"].iloc[:2].tolist() == [7.0, 60.5]
    # c has no gaps: fallback is k x median of the others' median gaps = 2 x 33.75
    assert f["threshold_days"].tolist() == [14.0, 121.0, 67.5]
    assert f["basis"].tolist() == ["own rhythm", "own rhythm", "fallback"]
    assert f["churned"].tolist() == [True, False, False]
    assert f.attrs["as_of"] == pd.Timestamp("2024-06-01")


def test_churn_flags_options(tx):
    f = C.churn_flags(tx, as_of="2024-06-01", k=3, min_gaps=3, fallback_days=20)
    # only a has 3 gaps; b and c fall back to 20 days
    assert f["threshold_days"].tolist() == [21.0, 20.0, 20.0]
    assert f["churned"].tolist() == [True, True, False]
    # default as_of is the last purchase (2024-05-20)
    assert C.churn_flags(tx)["days_since_last"].tolist() == [119, 19, 0]


def test_global_rule_differs_from_own_rhythm(tx):
    g = C.global_churn_flags(tx, as_of="2024-06-01", days=30)
    assert g["churned"].tolist() == [True, True, False]
    assert (g["threshold_days"] == 30).all() and (g["basis"] == "global").all()
    own = C.churn_flags(tx, as_of="2024-06-01")
    # the global rule calls b (a slow but regular buyer) churned; its own rhythm does not
    assert g.loc["b", "churned"] and not own.loc["b", "churned"]


def test_precision_recall_by_hand():
    pred = pd.Series([True, True, True, False, False], index=list("abcde"))
    true = pd.Series([True, False, True, True, False], index=list("edcba"))  # order differs
    r = C.precision_recall(pred, true)
    # aligned on customers: truth a=F, b=T, c=T, d=F, e=T
    assert (r["tp"], r["fp"], r["fn"], r["tn"]) == (2, 1, 1, 1)
    assert r["precision"] == pytest.approx(2 / 3) and r["recall"] == pytest.approx(2 / 3)
    none = C.precision_recall(pred & False, true)
    assert np.isnan(none["precision"]) and none["recall"] == 0


def test_precision_recall_takes_a_flags_frame(tx):
    f = C.churn_flags(tx, as_of="2024-06-01")
    r = C.precision_recall(f, pd.Series([True, True, False], index=["a", "b", "c"]))
    assert (r["tp"], r["fn"], r["precision"], r["recall"]) == (1, 1, 1.0, 0.5)


def test_cohort_retention_by_hand():
    tx = _tx(
        [
            ("a", "2024-01-03"),
            ("a", "2024-03-09"),
            ("b", "2024-01-20"),
            ("b", "2024-02-02"),
            ("b", "2024-02-25"),
            ("c", "2024-02-14"),
            ("d", "2024-02-01"),
            ("d", "2024-03-31"),
        ]
    )
    t = R.cohort_retention(tx)
    assert [str(p) for p in t.index] == ["2024-01", "2024-02"]
    np.testing.assert_allclose(t.loc[pd.Period("2024-01", "M")], [1.0, 0.5, 0.5])
    np.testing.assert_allclose(t.loc[pd.Period("2024-02", "M")].iloc[:2], [1.0, 0.5])
    assert np.isnan(t.iloc[1, 2])  # April is not in the data
    n = R.cohort_retention(tx, counts=True)
    assert n.iloc[:, 0].tolist() == [2, 2]
    # pooled: month 1 -> (1 + 1) / (2 + 2); month 2 -> 1 / 2
    np.testing.assert_allclose(R.retention_curve(tx), [1.0, 0.5, 0.5])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("abcdefg"), st.integers(0, 700)), min_size=1, max_size=80)
)
def test_cohort_retention_properties(rows):
    tx = pd.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "date": pd.Timestamp("2023-01-01") + pd.to_timedelta([r[1] for r in rows], "D"),
        }
    )
    t = R.cohort_retention(tx)
    assert (t[0] == 1.0).all()
    vals = t.to_numpy()
    ok = ~np.isnan(vals)
    assert ((vals[ok] >= 0) & (vals[ok] <= 1)).all()
    assert R.cohort_retention(tx, counts=True)[0].sum() == tx["customer_id"].nunique()
    curve = R.retention_curve(tx)
    assert curve.iloc[0] == 1.0 and ((curve >= 0) & (curve <= 1)).all()


def test_reason_table_long_format_and_lists():
    long = pd.DataFrame(
        {
            "respondent": [1, 1, 2, 3, 3, 3],
            "reason": ["busy", "rude", "busy", "rude", "busy", "rude"],
        }
    )
    t = CR.reason_table(long, respondent="respondent")
    assert t.index.tolist() == ["busy", "rude"]  # tie 3-2? busy: 1, 2, 3 -> 3; rude: 1, 3 -> 2
    assert t["count"].tolist() == [3, 2]
    np.testing.assert_allclose(t["pct_respondents"], [100.0, 200 / 3])
    np.testing.assert_allclose(t["pct_mentions"], [60.0, 40.0])
    lists = pd.DataFrame({"reason": [["busy", "rude"], ["busy"], []]})
    t = CR.reason_table(lists, categories=["rude", "busy", "no skills"])
    assert t.index.tolist() == ["busy", "rude", "no skills"]
    assert t["count"].tolist() == [2, 1, 0]
    np.testing.assert_allclose(t["pct_respondents"], [200 / 3, 100 / 3, 0.0])


def test_reason_table_separator():
    r = pd.DataFrame({"why": ["a; b", "b", "b;"]})
    t = CR.reason_table(r, reason="why", sep=";")
    assert t["count"].to_dict() == {"b": 3, "a": 1}


def _reason_table_bad_inputs_cases():
    r = pd.DataFrame({"why": ["a; b", "b", "b;"]})
    return {
        "responses-has-no-column-reason": (
            r"responses has no column 'reason'",
            lambda: CR.reason_table(r),
        ),
        "responses-column-why-has-1-missing": (
            r"responses column 'why' has 1 missing reason\(s\) "
            r"\(first in row 1\)",
            lambda: CR.reason_table(pd.DataFrame({"why": ["a", None]}), reason="why"),
        ),
        "reason-c-which-is-not-in": (
            r"reason 'c', which is not in categories \['a', 'b'\]",
            lambda: CR.reason_table(pd.DataFrame({"reason": ["a", "c"]}), categories=["a", "b"]),
        ),
        "sep-must-be-a-non-empty": (
            r"sep must be a non-empty string",
            lambda: CR.reason_table(r, reason="why", sep=""),
        ),
        "holds-no-reasons-at-all": (
            r"holds no reasons at all",
            lambda: CR.reason_table(pd.DataFrame({"reason": [[], []]})),
        ),
        "responses-has-0-rows": (
            r"responses has 0 rows",
            lambda: CR.reason_table(pd.DataFrame({"reason": []})),
        ),
        "responses-column-rid-has-1-missing": (
            r"responses column 'rid' has 1 missing id",
            lambda: CR.reason_table(
                pd.DataFrame({"reason": ["a", "b"], "rid": [1, None]}), respondent="rid"
            ),
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "responses-has-no-column-reason",
        "responses-column-why-has-1-missing",
        "reason-c-which-is-not-in",
        "sep-must-be-a-non-empty",
        "holds-no-reasons-at-all",
        "responses-has-0-rows",
        "responses-column-rid-has-1-missing",
    ],
)
def test_reason_table_bad_inputs(case):
    wording, call = _reason_table_bad_inputs_cases()[case]
    with pytest.raises(CRMLabError, match=wording):
        call()


def _bad_transactions_cases(tx):
    mixed = tx.assign(date=[pd.Timestamp("2024-01-01", tz="UTC")] + list(tx["date"].iloc[1:]))
    return {
        "transactions-has-no-column-customer_id": (
            r"transactions has no column 'customer_id'",
            lambda: C.churn_flags(tx.rename(columns={"customer_id": "cid"})),
        ),
        "transactions-has-0-rows": (
            r"transactions has 0 rows",
            lambda: C.purchase_gaps(tx.iloc[:0]),
        ),
        "transactions-column-customer_id-has-1-missing": (
            r"transactions column 'customer_id' has 1 missing id",
            lambda: C.churn_flags(tx.assign(customer_id=tx["customer_id"].where(tx.index != 2))),
        ),
        "transactions-column-date-must-hold-parsed": (
            r"transactions column 'date' must hold parsed dates",
            lambda: R.cohort_retention(tx.assign(date=tx["date"].dt.strftime("%Y-%m-%d"))),
        ),
        "column-date-has-timezone-aware-dates": (
            r"column 'date' has timezone-aware dates",
            lambda: C.churn_flags(tx.assign(date=tx["date"].dt.tz_localize("UTC"))),
        ),
        "some-values-carry-a-timezone-and": (
            r"Some values carry a timezone and some do not",
            lambda: C.purchase_gaps(mixed),
        ),
        "as_of-is-2024-05-01-before": (
            r"as_of is 2024-05-01, before the last date in the data "
            r"\(2024-05-20\)",
            lambda: C.churn_flags(tx, as_of="2024-05-01"),
        ),
        "as_of-must-be-a-date-such": (
            r"as_of must be a date such as",
            lambda: C.global_churn_flags(tx, as_of="someday"),
        ),
        "k-must-be-in-0-inf": (r"k must be in \(0, inf\); got 0", lambda: C.churn_flags(tx, k=0)),
        "days-must-be-in-0-inf": (
            r"days must be in \(0, inf\); got -5",
            lambda: C.global_churn_flags(tx, days=-5),
        ),
        "min_gaps-must-be-in-1-inf": (
            r"min_gaps must be in \[1, inf\); got 0",
            lambda: C.churn_flags(tx, min_gaps=0),
        ),
        "no-customer-has-5-or-more": (
            r"no customer has 5 or more gaps between visits",
            lambda: C.churn_flags(tx, min_gaps=5),
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "transactions-has-no-column-customer_id",
        "transactions-has-0-rows",
        "transactions-column-customer_id-has-1-missing",
        "transactions-column-date-must-hold-parsed",
        "column-date-has-timezone-aware-dates",
        "some-values-carry-a-timezone-and",
        "as_of-is-2024-05-01-before",
        "as_of-must-be-a-date-such",
        "k-must-be-in-0-inf",
        "days-must-be-in-0-inf",
        "min_gaps-must-be-in-1-inf",
        "no-customer-has-5-or-more",
    ],
)
def test_bad_transactions(tx, case):
    wording, call = _bad_transactions_cases(tx)[case]
    with pytest.raises(CRMLabError, match=wording):
        call()


def _precision_recall_bad_inputs_cases():
    p = pd.Series([True, False], index=["a", "b"])
    return {
        "actual-lacks-1-first-b": (
            r"actual lacks 1 \(first: 'b'\)",
            lambda: C.precision_recall(p, pd.Series([True], index=["a"])),
        ),
        "predicted-lacks-1-first-c": (
            r"predicted lacks 1 \(first: 'c'\)",
            lambda: C.precision_recall(p, pd.Series([True, True, False], index=["a", "b", "c"])),
        ),
        "actual-must-hold-true-false-values": (
            r"actual must hold True/False values; got dtype int64",
            lambda: C.precision_recall(p, pd.Series([1, 0], index=["a", "b"])),
        ),
        "actual-has-1-missing-value": (
            r"actual has 1 missing value",
            lambda: C.precision_recall(p, pd.Series([True, None], index=["a", "b"])),
        ),
        "predicted-is-empty": (r"predicted is empty", lambda: C.precision_recall(p.iloc[:0], p)),
        "predicted-must-be-a-pandas-series": (
            r"predicted must be a pandas Series .* got list",
            lambda: C.precision_recall([True], p),
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "actual-lacks-1-first-b",
        "predicted-lacks-1-first-c",
        "actual-must-hold-true-false-values",
        "actual-has-1-missing-value",
        "predicted-is-empty",
        "predicted-must-be-a-pandas-series",
    ],
)
def test_precision_recall_bad_inputs(case):
    wording, call = _precision_recall_bad_inputs_cases()[case]
    with pytest.raises(CRMLabError, match=wording):
        call()


def test_survival_curve_by_hand():
    # lifetimes (days from first to last visit): a 10 churned, b 10 censored (active),
    # c 20 churned, d 40 censored; as_of 2024-02-10 -> b's censoring time is 40 days
    tx = _tx([("a", "2024-01-01"), ("a", "2024-01-11"), ("b", "2024-01-01"),
              ("b", "2024-02-10"), ("c", "2024-01-01"), ("c", "2024-01-21"),
              ("d", "2024-01-01"), ("d", "2024-02-09")])
    f = C.global_churn_flags(tx, as_of="2024-02-10", days=15)
    assert f["churned"].tolist() == [True, False, True, False]
    s = R.survival_curve(f)
    assert s.index.tolist() == [10.0, 20.0]
    assert s["at_risk"].tolist() == [4, 3]
    # S(10) = 3/4; S(20) = 3/4 x 2/3 = 1/2
    np.testing.assert_allclose(s["survival"], [0.75, 0.5])
    # Greenwood: se(10) = 0.75 sqrt(1 / (4 x 3))
    assert s["se"].iloc[0] == pytest.approx(0.75 * np.sqrt(1 / 12))
    assert ((s["ci_low"] <= s["survival"]) & (s["survival"] <= s["ci_high"])).all()


def test_retention_by_tenure_by_hand_and_the_survivors_on_cdnow():
    # quarters: a buys in Q1, Q2, Q3; b in Q1, Q2; c in Q1 only (data end in Q3)
    tx = _tx([("a", "2024-01-05"), ("a", "2024-04-02"), ("a", "2024-07-09"),
              ("b", "2024-01-20"), ("b", "2024-04-11"), ("c", "2024-02-01")])
    t = R.retention_by_tenure(tx)
    assert t["active"].tolist() == [3, 2] and t["active_next"].tolist() == [2, 1]
    # CDNOW (everyone first bought in Q1 1997): 22.8 % of the first quarter's buyers buy in
    # the second, but 42.6 % of the second quarter's buyers buy again in the third: the
    # customers who stay are the ones who were always going to stay
    cd = R.retention_by_tenure(crm.data.load("cdnow"))
    assert cd["active"].tolist()[:2] == [23570, 5376]
    assert round(cd["retention"].iloc[0], 3) == 0.228 and round(cd["retention"].iloc[1], 3) == 0.426
    assert (cd["retention"].iloc[1:] > cd["retention"].iloc[0] + 0.15).all()


def _survival_curve_bad_inputs_cases(tx):
    f = C.churn_flags(tx, as_of="2024-06-01")
    plain = pd.DataFrame(f)
    plain.attrs = {}
    return {
        "flags-carries-no-analysis-date": (
            r"flags carries no analysis date",
            lambda: R.survival_curve(plain),
        ),
        "flags-has-no-column-churned": (
            r"flags has no column 'churned'",
            lambda: R.survival_curve(f.drop(columns="churned")),
        ),
        "flags-has-no-churned-customer": (
            r"flags has no churned customer",
            lambda: R.survival_curve(C.churn_flags(tx, as_of="2024-05-20", k=100)),
        ),
        "flags-has-1-rows-at-least": (
            r"flags has 1 rows; at least 2 rows",
            lambda: R.survival_curve(f.head(1)),
        ),
        "confidence-must-be-in-0-1": (
            r"confidence must be in \(0, 1\); got 1.5",
            lambda: R.survival_curve(f, confidence=1.5),
        ),
        "period-must-be-quarter-or-month": (
            r"period must be one of \['quarter', 'month'\]; got 'week'",
            lambda: R.retention_by_tenure(tx, period="week"),
        ),
    }


@pytest.mark.parametrize(
    "case",
    ["flags-carries-no-analysis-date", "flags-has-no-column-churned",
     "flags-has-no-churned-customer", "flags-has-1-rows-at-least", "confidence-must-be-in-0-1",
     "period-must-be-quarter-or-month"],
)
def test_survival_curve_bad_inputs(tx, case):
    wording, call = _survival_curve_bad_inputs_cases(tx)[case]
    with pytest.raises(CRMLabError, match=wording):
        call()


def test_single_one_visit_customer_has_no_rhythm_to_judge():
    one = _tx([("z", "2024-01-01")])
    with pytest.raises(
        CRMLabError,
        match=r"no customer has 2 or more gaps between visits, so "
        r"there is no rhythm to fall back on; lower min_gaps or pass fallback_days",
    ):
        C.churn_flags(one, as_of="2024-03-01")
    f = C.churn_flags(one, as_of="2024-03-01", fallback_days=45)
    assert f["churned"].tolist() == [True] and f["basis"].tolist() == ["fallback"]
