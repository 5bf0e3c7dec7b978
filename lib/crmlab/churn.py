"""Customer churn: purchase gaps, churn flags that respect each customer's rhythm (C25-C26).

A customer who buys every week and has not been back for a month is probably gone; one who
buys twice a year is not. :func:`churn_flags` therefore compares each customer's silence with
their own typical gap, and :func:`global_churn_flags` gives the one-cut-off rule to compare;
:func:`compare_rules` scores both against known churn with :func:`precision_recall`.
Purchases on the same calendar day count as one visit throughout (:func:`daily_visits`).
Cohort retention and survival curves are in :mod:`crmlab.retention`, the reasons customers give
for leaving in :mod:`crmlab.churn_reasons`.
"""

from __future__ import annotations

from ._validate import (check_bool, check_columns, check_dates, check_frame, check_ids,
                        check_number, check_timestamp)
from .errors import CRMLabError

__all__ = ["daily_visits", "purchase_gaps", "churn_flags", "global_churn_flags",
           "precision_recall", "compare_rules"]


def daily_visits(transactions, *, customer: str = "customer_id", date: str = "date",
                 name: str = "transactions"):
    """Validated visits, one per customer and calendar day, sorted by customer and date.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["b", "a", "a"], "date": pd.to_datetime(
    ...     ["2024-01-02 12:00", "2024-01-01 09:00", "2024-01-01 17:00"])})
    >>> daily_visits(tx)["customer_id"].tolist()
    ['a', 'b']
    """
    check_frame(transactions, name=name, columns=[customer, date])
    check_ids(transactions, customer, name=name)
    check_dates(transactions, date, name=name)
    v = transactions[[customer, date]].assign(**{date: transactions[date].dt.normalize()})
    return v.drop_duplicates().sort_values([customer, date], kind="stable", ignore_index=True)


def _as_of(as_of, last):
    return last if as_of is None else check_timestamp(as_of, name="as_of", not_before=last)


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
    v = daily_visits(transactions, customer=customer, date=date)
    same = v[customer].eq(v[customer].shift())
    out = v.assign(previous=v[date].shift())[same.to_numpy()]
    out = out[[customer, "previous", date]].reset_index(drop=True)
    out["gap_days"] = (out[date] - out["previous"]).dt.days.astype("int64")
    return out


def _summary(transactions, customer, date, as_of):
    """Per customer: visits, first, last, days_since_last, n_gaps, median_gap."""
    import numpy as np

    v = daily_visits(transactions, customer=customer, date=date)
    as_of = _as_of(as_of, v[date].max())
    gaps = purchase_gaps(v, customer=customer, date=date)
    out = v.groupby(customer, sort=True)[date].agg(["size", "min", "max"])
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
            raise CRMLabError(f"no customer has {min_gaps} or more gaps between visits, so "
                              "there is no rhythm to fall back on; lower min_gaps or pass "
                              "fallback_days=...")
        fallback = k * float(np.median(med[own]))
    else:
        fallback = float(fallback_days)
    threshold = np.where(own, k * np.where(own, med, 0.0), fallback)
    out = summary.copy()
    out["threshold_days"] = threshold
    out["basis"] = np.where(own, "own rhythm", "fallback")
    out["churned"] = out["days_since_last"].to_numpy() > threshold
    return out


def churn_flags(transactions, *, as_of=None, k: float = 2.0, min_gaps: int = 2, fallback_days=None,
                customer: str = "customer_id", date: str = "date"):
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


def global_churn_flags(transactions, *, as_of=None, days: float = 90,
                       customer: str = "customer_id", date: str = "date"):
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

    pred = _flags_series(predicted, "predicted")
    true = _flags_series(actual, "actual")
    missing = pred.index.difference(true.index)
    extra = true.index.difference(pred.index)
    if len(missing) or len(extra):
        which, ids = ("actual", missing) if len(missing) else ("predicted", extra)
        raise CRMLabError(f"predicted and actual must cover the same customers; {which} lacks "
                          f"{len(ids)} (first: {ids[0]!r}). Align them first, e.g. "
                          "actual.reindex(predicted.index).")
    if not pred.index.is_unique:
        raise CRMLabError("predicted has a customer twice in its index; each must appear once.")
    true = true.reindex(pred.index).to_numpy()
    pred = pred.to_numpy()
    tp, fp = int((pred & true).sum()), int((pred & ~true).sum())
    fn, tn = int((~pred & true).sum()), int((~pred & ~true).sum())
    nan = float("nan")
    return pd.Series({"tp": tp, "fp": fp, "fn": fn, "tn": tn,
                      "precision": tp / (tp + fp) if tp + fp else nan,
                      "recall": tp / (tp + fn) if tp + fn else nan}, dtype="float64")


def _flags_series(x, name):
    """``x`` as a bool Series by customer (a :func:`churn_flags` frame gives ``churned``)."""
    import pandas as pd

    if isinstance(x, pd.DataFrame):
        check_columns(x, ["churned"], name=name)
        x = x["churned"]
    return check_bool(x, name=name)


def compare_rules(flags, *, k: float = 2.0, global_days: float = 90, actual=None):
    """The own-rhythm rule at ``k`` next to one global cut-off: share flagged, precision, recall.

    ``flags`` is :func:`churn_flags` at any ``k``: the own-rhythm rule flags a customer when
    ``days_since_last > k * median_gap`` (customers without a rhythm: ``k`` times the median of
    the others' median gaps, as :func:`churn_flags` does by default); the global rule when
    ``days_since_last > global_days``. With ``actual`` (known churn by customer) each rule is
    scored by :func:`precision_recall`; without it precision and recall are NaN.

    Returns
    -------
    pandas.DataFrame
        By rule ("own rhythm", "global"): ``flagged_pct``, ``precision_pct``, ``recall_pct``;
        ``attrs``: ``k``, ``global_days``, ``customers``, ``scored`` (``actual`` given).

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a"] * 4 + ["b"] * 3,
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22",
    ...                             "2024-01-01", "2024-03-01", "2024-05-01"])})
    >>> flags = churn_flags(tx, as_of="2024-06-01")
    >>> compare_rules(flags, k=2, global_days=20)["flagged_pct"].tolist()
    [50.0, 100.0]
    """
    import numpy as np
    import pandas as pd

    check_frame(flags, name="flags", columns=["days_since_last", "median_gap", "basis"])
    k = check_number(k, name="k", low=0, low_open=True)
    global_days = check_number(global_days, name="global_days", low=0)
    own = (flags["basis"] == "own rhythm").to_numpy()
    gaps = flags["median_gap"].to_numpy(dtype="float64")
    base = np.where(own, gaps, float(np.median(gaps[own])) if own.any() else np.inf)
    silence = flags["days_since_last"].to_numpy(dtype="float64")
    rules = {"own rhythm": silence > k * base, "global": silence > global_days}
    truth = None
    if actual is not None:
        truth = _flags_series(actual, "actual")
        missing = flags.index.difference(truth.index)
        if len(missing):
            raise CRMLabError(f"actual lacks {len(missing)} customer(s) of the transactions "
                              f"(first: {missing[0]!r}); give known churn for every customer.")
        truth = truth.reindex(flags.index)
    rows = []
    for flagged in rules.values():
        score = (precision_recall(pd.Series(flagged, index=flags.index), truth)
                 if truth is not None else {"precision": np.nan, "recall": np.nan})
        rows.append({"flagged_pct": 100.0 * flagged.mean(),
                     "precision_pct": 100.0 * score["precision"],
                     "recall_pct": 100.0 * score["recall"]})
    out = pd.DataFrame(rows, index=pd.Index(list(rules), name="rule"))
    out.attrs.update(k=k, global_days=global_days, customers=len(flags), scored=truth is not None)
    return out
