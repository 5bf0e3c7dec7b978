"""Customer churn: purchase gaps, churn flags that respect each customer's rhythm, cohort
retention, exit-survey reasons, and how good a churn flag is (C25-C26).

A customer who buys every week and has not been back for a month is probably gone; one who
buys twice a year is not. :func:`churn_flags` therefore compares each customer's silence with
their own typical gap, and :func:`global_churn_flags` gives the one-cut-off rule to compare.
Purchases on the same calendar day count as one visit throughout.
"""

from __future__ import annotations

from ._validate import (
    check_columns,
    check_dates,
    check_frame,
    check_ids,
    check_number,
    check_timestamp,
)
from .errors import CRMLabError

__all__ = [
    "purchase_gaps",
    "churn_flags",
    "global_churn_flags",
    "precision_recall",
    "cohort_retention",
    "retention_curve",
    "reason_table",
    "survival_curve",
]


def _visits(transactions, customer, date, name="transactions"):
    """Validated, sorted visits (one per customer and calendar day) as a two-column frame."""
    check_frame(transactions, name=name, columns=[customer, date])
    check_ids(transactions, customer, name=name)
    check_dates(transactions, date, name=name)
    v = transactions[[customer, date]].copy()
    v[date] = v[date].dt.normalize()
    v = v.drop_duplicates().sort_values([customer, date], kind="stable", ignore_index=True)
    return v


def _as_of(as_of, last):
    if as_of is None:
        return last
    return check_timestamp(as_of, name="as_of", not_before=last)


def purchase_gaps(transactions, *, customer: str = "customer_id", date: str = "date"):
    """Days between each customer's consecutive visits.

    ``gap_days = date - previous`` for every visit after a customer's first, so a customer's
    gaps add up to their last minus their first visit date.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer``, ``previous``, ``date``, ``gap_days`` (int), one row per visit
        after the first.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...                    "date": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-01-31",
    ...                                            "2024-01-05"])})
    >>> purchase_gaps(tx)["gap_days"].tolist()
    [10, 20]
    """
    v = _visits(transactions, customer, date)
    same = v[customer].eq(v[customer].shift())
    out = v.assign(previous=v[date].shift())[same.to_numpy()]
    out = out[[customer, "previous", date]].reset_index(drop=True)
    out["gap_days"] = (out[date] - out["previous"]).dt.days.astype("int64")
    return out


def _summary(transactions, customer, date, as_of):
    """Per customer: visits, first, last, days_since_last, n_gaps, median_gap."""
    import numpy as np

    v = _visits(transactions, customer, date)
    last_date = v[date].max()
    as_of = _as_of(as_of, last_date)
    gaps = purchase_gaps(v, customer=customer, date=date)
    g = v.groupby(customer, sort=True)[date]
    out = g.agg(["size", "min", "max"])
    out.columns = ["visits", "first", "last"]
    out["days_since_last"] = (as_of - out["last"]).dt.days.astype("int64")
    out["n_gaps"] = out["visits"] - 1
    med = gaps.groupby(customer, sort=True)["gap_days"].median()
    out["median_gap"] = med.reindex(out.index).astype("float64")
    out.attrs["as_of"] = as_of
    out["median_gap"] = out["median_gap"].where(out["n_gaps"] > 0, np.nan)
    return out


def _own_rule(summary, k, min_gaps, fallback_days):
    import numpy as np

    own = summary["n_gaps"].to_numpy() >= min_gaps
    med = summary["median_gap"].to_numpy()
    if fallback_days is None:
        if not own.any():
            raise CRMLabError(
                f"no customer has {min_gaps} or more gaps between visits, so there is no rhythm "
                "to fall back on; lower min_gaps or pass fallback_days=..."
            )
        fallback = k * float(np.median(med[own]))
    else:
        fallback = float(fallback_days)
    threshold = np.where(own, k * np.where(own, med, 0.0), fallback)
    out = summary.copy()
    out["threshold_days"] = threshold
    out["basis"] = np.where(own, "own rhythm", "fallback")
    out["churned"] = out["days_since_last"].to_numpy() > threshold
    return out


def churn_flags(
    transactions,
    *,
    as_of=None,
    k: float = 2.0,
    min_gaps: int = 2,
    fallback_days=None,
    customer: str = "customer_id",
    date: str = "date",
):
    """Flag customers whose silence is long for them: ``days_since_last > k * median_gap``.

    ``median_gap`` is the median of the customer's own gaps between visits. Customers with
    fewer than ``min_gaps`` gaps have no rhythm yet: they get ``fallback_days`` as threshold,
    or by default ``k`` times the median of the other customers' median gaps.

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase, with ``customer`` and ``date`` columns.
    as_of : date, optional
        Analysis date, on or after the last purchase; default the last purchase date.
    k : float
        How many typical gaps of silence count as churn (> 0).
    min_gaps : int
        Gaps a customer needs before their own rhythm is trusted (>= 1).
    fallback_days : float, optional
        Threshold for customers with too few gaps.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``visits``, ``first``, ``last``, ``days_since_last``,
        ``n_gaps``, ``median_gap``, ``threshold_days``, ``basis`` ("own rhythm" or
        "fallback") and ``churned`` (bool).

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a"] * 4 + ["b"] * 3 + ["c"],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22",
    ...                             "2024-01-01", "2024-03-01", "2024-05-01", "2024-05-20"])})
    >>> f = churn_flags(tx, as_of="2024-06-01")
    >>> f[["days_since_last", "threshold_days", "churned"]]  # doctest: +NORMALIZE_WHITESPACE
                 days_since_last  threshold_days  churned
    customer_id
    a                        131            14.0     True
    b                         31           121.0    False
    c                         12            67.5    False
    """
    k = check_number(k, name="k", low=0, low_open=True)
    min_gaps = check_number(min_gaps, name="min_gaps", low=1, integer=True)
    if fallback_days is not None:
        fallback_days = check_number(fallback_days, name="fallback_days", low=0, low_open=True)
    summary = _summary(transactions, customer, date, as_of)
    out = _own_rule(summary, k, min_gaps, fallback_days)
    out.attrs["as_of"] = summary.attrs["as_of"]
    return out


def global_churn_flags(
    transactions, *, as_of=None, days: float = 90, customer: str = "customer_id", date: str = "date"
):
    """Flag customers silent for more than one global cut-off: ``days_since_last > days``.

    The classic rule, for comparison with :func:`churn_flags`: it ignores that some customers
    buy weekly and others twice a year.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "b"],
    ...                    "date": pd.to_datetime(["2024-01-01", "2024-05-01"])})
    >>> global_churn_flags(tx, as_of="2024-06-01", days=90)["churned"].tolist()
    [True, False]
    """
    days = check_number(days, name="days", low=0, low_open=True)
    out = _summary(transactions, customer, date, as_of)
    out["threshold_days"] = float(days)
    out["basis"] = "global"
    out["churned"] = out["days_since_last"] > days
    return out


def precision_recall(predicted, actual):
    """How good a churn flag is against known churn.

    ``precision = TP / (TP + FP)`` (of those flagged, the share who really left) and
    ``recall = TP / (TP + FN)`` (of those who left, the share flagged). Either is NaN when
    its denominator is 0 (nobody flagged, or nobody left).

    Parameters
    ----------
    predicted, actual : Series of bool
        Indexed by customer; both must cover the same customers. A frame from
        :func:`churn_flags` may be passed as ``predicted`` (its ``churned`` column is used).

    Returns
    -------
    pandas.Series
        ``tp``, ``fp``, ``fn``, ``tn``, ``precision``, ``recall``.

    Examples
    --------
    >>> import pandas as pd
    >>> pred = pd.Series([True, True, False, False], index=list("abcd"))
    >>> true = pd.Series([True, False, True, False], index=list("abcd"))
    >>> precision_recall(pred, true).tolist()
    [1.0, 1.0, 1.0, 1.0, 0.5, 0.5]
    """
    import pandas as pd

    pred = _bool_series(predicted, "predicted")
    true = _bool_series(actual, "actual")
    missing = pred.index.difference(true.index)
    extra = true.index.difference(pred.index)
    if len(missing) or len(extra):
        which, ids = ("actual", missing) if len(missing) else ("predicted", extra)
        raise CRMLabError(
            f"predicted and actual must cover the same customers; {which} lacks {len(ids)} "
            f"(first: {ids[0]!r}). Align them first, e.g. actual.reindex(predicted.index)."
        )
    if not pred.index.is_unique:
        raise CRMLabError("predicted has a customer twice in its index; each must appear once.")
    true = true.reindex(pred.index).to_numpy()
    pred = pred.to_numpy()
    tp = int((pred & true).sum())
    fp = int((pred & ~true).sum())
    fn = int((~pred & true).sum())
    tn = int((~pred & ~true).sum())
    nan = float("nan")
    return pd.Series(
        {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "tn": tn,
            "precision": tp / (tp + fp) if tp + fp else nan,
            "recall": tp / (tp + fn) if tp + fn else nan,
        },
        dtype="float64",
    )


def _bool_series(x, name):
    import pandas as pd

    if isinstance(x, pd.DataFrame):
        check_columns(x, ["churned"], name=name)
        x = x["churned"]
    if not isinstance(x, pd.Series):
        raise CRMLabError(f"{name} must be a pandas Series of True/False by customer; got {type(x).__name__}.")
    if len(x) == 0:
        raise CRMLabError(f"{name} is empty; it needs one True/False value per customer.")
    if x.isna().any():
        raise CRMLabError(
            f"{name} has {int(x.isna().sum())} missing value(s); every customer needs True or False."
        )
    if not pd.api.types.is_bool_dtype(x):
        raise CRMLabError(
            f"{name} must hold True/False values; got dtype {x.dtype}. Convert with .astype(bool) "
            "only if 1 means churned."
        )
    return x.astype(bool)


def _cohort_counts(transactions, customer, date):
    import numpy as np
    import pandas as pd

    v = _visits(transactions, customer, date)
    month = (v[date].dt.year * 12 + v[date].dt.month - 1).to_numpy()
    codes, _ = pd.factorize(v[customer])
    first = np.full(codes.max() + 1, np.iinfo(np.int64).max)
    np.minimum.at(first, codes, month)
    cohort = first[codes]
    offset = month - cohort
    pairs = pd.DataFrame({"c": codes, "cohort": cohort, "offset": offset}).drop_duplicates()
    counts = pairs.groupby(["cohort", "offset"]).size().unstack(fill_value=0)
    last = int(month.max())
    span = last - counts.index.to_numpy()[:, None] >= counts.columns.to_numpy()[None, :]
    counts = counts.astype("float64").where(span)
    idx = pd.PeriodIndex(
        [pd.Period(year=int(m) // 12, month=int(m) % 12 + 1, freq="M") for m in counts.index],
        name="cohort",
    )
    counts.index = idx
    counts.columns = pd.RangeIndex(counts.shape[1], name="months_since_first")
    return counts


def cohort_retention(
    transactions, *, counts: bool = False, customer: str = "customer_id", date: str = "date"
):
    """Cohort retention table: share of each first-purchase month's customers active later.

    A customer's cohort is the calendar month of their first purchase; they are active in
    month ``m`` if they buy in the ``m``-th calendar month after it. Cell = active / cohort
    size, so month 0 is 1.0; months after the data's last month are NaN (not observed yet).

    Parameters
    ----------
    counts : bool
        Return numbers of active customers instead of shares.

    Returns
    -------
    pandas.DataFrame
        Index ``cohort`` (monthly Period), columns ``months_since_first`` 0, 1, 2, ...

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "b", "c"],
    ...     "date": pd.to_datetime(["2024-01-03", "2024-03-09", "2024-01-20", "2024-02-02",
    ...                             "2024-02-14"])})
    >>> cohort_retention(tx)  # doctest: +NORMALIZE_WHITESPACE
    months_since_first    0    1    2
    cohort
    2024-01             1.0  0.5  0.5
    2024-02             1.0  0.0  NaN
    """
    table = _cohort_counts(transactions, customer, date)
    if counts:
        return table
    return table.div(table[0], axis=0)


def retention_curve(transactions, *, customer: str = "customer_id", date: str = "date"):
    """Retention pooled over cohorts: for each month m, active customers / cohort sizes,
    summed over the cohorts observed m months after their start.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "b", "c"],
    ...     "date": pd.to_datetime(["2024-01-03", "2024-03-09", "2024-01-20", "2024-02-02",
    ...                             "2024-02-14"])})
    >>> retention_curve(tx).round(3).tolist()
    [1.0, 0.333, 0.5]
    """
    table = _cohort_counts(transactions, customer, date)
    sizes = table[0]
    observed = table.notna()
    active = table.fillna(0).sum()
    base = observed.mul(sizes, axis=0).sum()
    curve = active / base
    curve.name = "retention"
    return curve


def reason_table(
    responses,
    *,
    reason: str = "reason",
    respondent=None,
    sep=None,
    categories=None,
):
    """Counts and shares of coded reasons for leaving, most cited first.

    A respondent may give several reasons: as several rows (name the ``respondent`` column),
    as a list in one cell, or as one string split by ``sep``. A reason cited twice by the
    same respondent counts once. ``pct_respondents = 100 count / respondents`` (can sum past
    100 with several reasons each); ``pct_mentions = 100 count / all mentions`` (sums to 100).

    Parameters
    ----------
    responses : DataFrame
    reason : str
        Column of coded reasons.
    respondent : str, optional
        Column identifying respondents; default each row is one respondent.
    sep : str, optional
        Separator of several reasons written in one string, e.g. ``";"``.
    categories : sequence, optional
        The full code list: reasons nobody cited show with 0, unknown codes are refused.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"reason": ["too busy;no new skills", "too busy", "offends"]})
    >>> reason_table(r, sep=";").round(1)  # doctest: +NORMALIZE_WHITESPACE
                   count  pct_respondents  pct_mentions
    reason
    too busy           2             66.7          50.0
    no new skills      1             33.3          25.0
    offends            1             33.3          25.0
    """
    import pandas as pd

    cols = [reason] + ([respondent] if respondent is not None else [])
    check_frame(responses, name="responses", columns=cols)
    col = responses[reason]
    if col.isna().any():
        row = responses.index[col.isna().to_numpy().argmax()]
        raise CRMLabError(
            f"responses column {reason!r} has {int(col.isna().sum())} missing reason(s) "
            f"(first in row {row!r}); code them, e.g. as 'unknown', or drop those rows."
        )
    if respondent is not None:
        check_ids(responses, respondent, name="responses")
        who = responses[respondent]
    else:
        who = pd.Series(range(len(responses)), index=responses.index)
    if sep is not None:
        if not isinstance(sep, str) or not sep:
            raise CRMLabError(f"sep must be a non-empty string such as ';'; got {sep!r}.")
        col = col.astype(str).str.split(sep)
    long = pd.DataFrame({"who": who.to_numpy(), "reason": col.to_numpy()}).explode("reason")
    n_respondents = long["who"].nunique()
    long = long.dropna(subset=["reason"])
    if sep is not None:
        long["reason"] = long["reason"].str.strip()
        long = long[long["reason"] != ""]
    long = long.drop_duplicates()
    counts = long["reason"].value_counts().sort_index()  # ties: alphabetical
    if categories is not None:
        categories = list(categories)
        unknown = [r for r in counts.index if r not in categories]
        if unknown:
            raise CRMLabError(
                f"responses column {reason!r} has reason {unknown[0]!r}, which is not in "
                f"categories {categories}."
            )
        counts = counts.reindex(categories, fill_value=0)
    mentions = int(counts.sum())
    if mentions == 0:
        raise CRMLabError(f"responses column {reason!r} holds no reasons at all.")
    table = pd.DataFrame({"count": counts.astype("int64")})
    table["pct_respondents"] = 100.0 * table["count"] / n_respondents
    table["pct_mentions"] = 100.0 * table["count"] / mentions
    table["_order"] = range(len(table))
    table = table.sort_values(["count", "_order"], ascending=[False, True], kind="stable")
    table = table.drop(columns="_order")
    table.index.name = "reason"
    return table


def survival_curve(flags, *, confidence: float = 0.95):
    """Kaplan-Meier curve of customer lifetimes: share still active t days after first purchase.

    Each customer lives from their first purchase; a flagged (churned) customer's lifetime
    ends at their last purchase (an event), an active customer's is cut off at the analysis
    date (censored: we only know it is longer). The estimate (statsmodels ``SurvfuncRight``) is
    ``S(t) = prod over event days t_i <= t of (1 - d_i / n_i)``, with ``d_i`` churn events
    and ``n_i`` customers still at risk on day ``t_i``; the interval is ``S +- z se``
    (Greenwood standard error), clipped to [0, 1].

    Parameters
    ----------
    flags : DataFrame
        From :func:`churn_flags` or :func:`global_churn_flags` (columns ``first``, ``last``,
        ``churned``; the analysis date in ``flags.attrs["as_of"]``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``days`` (event days): ``at_risk``, ``churned``, ``survival``, ``se``,
        ``ci_low``, ``ci_high``.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "b", "c", "c"],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-01-01", "2024-01-31",
    ...                             "2024-01-01", "2024-03-01"])})
    >>> f = global_churn_flags(tx, as_of="2024-03-20", days=40)
    >>> survival_curve(f)[["at_risk", "churned", "survival"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
          at_risk  churned  survival
    days
    10.0        3      1.0     0.667
    30.0        2      1.0     0.333
    """
    import numpy as np
    import pandas as pd

    check_frame(flags, name="flags", columns=["first", "last", "churned"], min_rows=2)
    as_of = flags.attrs.get("as_of")
    if as_of is None:
        raise CRMLabError(
            "flags carries no analysis date (flags.attrs['as_of']); pass the frame returned by "
            "crm.churn.churn_flags(...) or global_churn_flags(...) unchanged."
        )
    level = check_number(confidence, name="confidence", low=0, high=1, low_open=True, high_open=True)
    churned = _bool_series(flags["churned"], "flags column 'churned'").to_numpy()
    end = np.where(churned, flags["last"].to_numpy(), np.datetime64(pd.Timestamp(as_of)))
    days = (pd.to_datetime(end) - pd.to_datetime(flags["first"].to_numpy())).days.to_numpy(
        dtype="float64")
    if not churned.any():
        raise CRMLabError("flags has no churned customer; a survival curve needs churn events.")
    from statistics import NormalDist

    from statsmodels.duration.survfunc import SurvfuncRight

    fit = SurvfuncRight(days, churned.astype("float64"))
    z = NormalDist().inv_cdf(0.5 + level / 2)
    out = pd.DataFrame(
        {
            "at_risk": np.asarray(fit.n_risk, dtype="int64"),
            "churned": np.asarray(fit.n_events, dtype="float64"),
            "survival": fit.surv_prob,
            "se": fit.surv_prob_se,
        },
        index=pd.Index(np.asarray(fit.surv_times, dtype="float64"), name="days"),
    )
    out["ci_low"] = np.clip(out["survival"] - z * out["se"], 0, 1)
    out["ci_high"] = np.clip(out["survival"] + z * out["se"], 0, 1)
    return out
