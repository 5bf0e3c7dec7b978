"""Scoring next-purchase predictions on held-out weeks (C36).

A prediction of when each customer buys a product again is only as good as its record on
weeks it has not seen. :func:`next_purchase_backtest` hides everything from a ``cutoff`` day
on, predicts from the history before it with :func:`crmlab.repurchase.next_purchase_dates`,
and compares each prediction with the first real purchase in the held-out weeks.
:func:`backtest_summary` turns that into error figures per category, next to a baseline that
gives every customer the category's typical gap instead of their own.
"""

from __future__ import annotations

from ._validate import check_frame, check_number, check_timestamp
from .errors import CRMLabError
from .repurchase import next_purchase_dates

__all__ = ["next_purchase_backtest", "backtest_summary"]

_SCORED = ["predicted", "actual", "bought", "error_days", "baseline_error_days"]


def next_purchase_backtest(purchases, *, cutoff, horizon_days: int = 56, min_purchases: int = 2,
                           customer: str = "customer_id", date: str = "date",
                           category: str = "category"):
    """Predict each customer's next purchase per category from the history before ``cutoff``
    and compare it with what happened in the ``horizon_days`` days from ``cutoff`` on.

    ``predicted = max(expected_next, cutoff)``: a purchase already overdue at the cutoff is
    predicted for the cutoff day itself. ``actual`` is the first purchase on or after the cutoff
    and before ``cutoff + horizon_days`` (NaT when there is none: ``bought`` is False).
    ``error_days = actual - predicted`` (positive: later than predicted). The baseline gives
    every customer the category's gap, the median of the own median gaps of the customers
    who bought the category ``min_purchases`` times or more (the gap customers without a
    rhythm of their own borrow): ``baseline_predicted = max(last + category gap, cutoff)``.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`crmlab.repurchase.next_purchase_dates` plus ``predicted``,
        ``actual``, ``bought``, ``error_days``, ``baseline_predicted``, ``baseline_error_days``;
        ``attrs`` holds ``cutoff`` and ``horizon_days``.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"customer_id": [1, 1, 1, 1, 2, 2, 2],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-01-21", "2024-02-02",
    ...                             "2024-01-01", "2024-01-21", "2024-02-20"]),
    ...     "category": ["milk"] * 7})
    >>> s = next_purchase_backtest(p, cutoff="2024-01-25", horizon_days=30)
    >>> s[["customer_id", "predicted", "actual", "error_days"]]  # doctest: +NORMALIZE_WHITESPACE
       customer_id  predicted     actual  error_days
    0            1 2024-01-31 2024-02-02         2.0
    1            2 2024-02-10 2024-02-20        10.0
    """
    import pandas as pd

    check_frame(purchases, name="purchases", columns=[customer, date, category])
    day = check_timestamp(cutoff, name="cutoff")
    horizon_days = check_number(horizon_days, name="horizon_days", low=1, integer=True)
    past = purchases[purchases[date] < day]
    if past.empty:
        raise CRMLabError(
            f"cutoff is {day.date()}, on or before the first purchase "
            f"({purchases[date].min().date()}); the predictions need history before it."
        )
    end = day + pd.Timedelta(days=horizon_days)
    ahead = purchases[(purchases[date] >= day) & (purchases[date] < end)]
    pred = next_purchase_dates(past, min_purchases=min_purchases, customer=customer, date=date,
                               category=category)
    first = ahead.groupby([customer, category], observed=True)[date].min().dt.normalize()
    out = pred.join(first.rename("actual"), on=[customer, category])
    out["predicted"] = out["expected_next"].where(out["expected_next"] >= day, day)
    out["bought"] = out["actual"].notna()
    out["error_days"] = (out["actual"] - out["predicted"]).dt.total_seconds() / 86400.0
    own = pred[pred["basis"] == "own"]
    typical = own.groupby(category, observed=True)["median_gap"].median()
    gap = pd.to_timedelta(out[category].map(typical).astype("float64"), unit="D")
    base = out["last"] + gap
    out["baseline_predicted"] = base.where(base >= day, day)
    out["baseline_error_days"] = (
        out["actual"] - out["baseline_predicted"]).dt.total_seconds() / 86400.0
    out.attrs.update(cutoff=day, horizon_days=horizon_days)
    return out


def _with_errors(scored, within):
    """``scored`` with the absolute errors, the hits within ``within`` days and the signed error."""
    err = scored["error_days"].astype("float64")
    base = scored["baseline_error_days"].astype("float64")
    return scored.assign(_abs=err.abs(), _hit=(err.abs() <= within).where(err.notna()),
                         _base=base.abs(), _err=err)


def backtest_summary(scored, *, by: str = "category", within: int = 3):
    """Error figures of a next-purchase backtest, per group (category by default).

    For each group: ``predictions`` (rows), ``bought_pct`` (share with a purchase in the
    held-out weeks, in %), and over those that bought: ``mae_days`` (mean absolute error),
    ``median_abs_days``, ``bias_days`` (mean signed error: positive means purchases come later
    than predicted), ``within_pct`` (share with an error of ``within`` days or less, in %) and
    ``baseline_mae_days`` (the mean absolute error of the category-gap baseline).

    Parameters
    ----------
    scored : DataFrame
        The output of :func:`next_purchase_backtest`.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"category": ["milk", "milk", "milk"], "bought": [True, True, False],
    ...                   "error_days": [2.0, -4.0, None], "baseline_error_days": [6.0, -6.0, None],
    ...                   "predicted": None, "actual": None})
    >>> t = backtest_summary(s)
    >>> t[["predictions", "bought_pct", "mae_days", "bias_days", "within_pct"]].round(1)
    ... # doctest: +NORMALIZE_WHITESPACE
              predictions  bought_pct  mae_days  bias_days  within_pct
    category
    milk                3        66.7       3.0       -1.0        50.0
    >>> float(t.loc["milk", "baseline_mae_days"])
    6.0
    """
    check_frame(scored, name="scored", columns=[by, *_SCORED])
    within = check_number(within, name="within", low=0)
    g = _with_errors(scored, within).groupby(by, observed=True, sort=True)
    out = g.agg(predictions=("bought", "size"), bought_pct=("bought", "mean"),
                mae_days=("_abs", "mean"), median_abs_days=("_abs", "median"),
                bias_days=("_err", "mean"), within_pct=("_hit", "mean"),
                baseline_mae_days=("_base", "mean"))
    out["bought_pct"] = 100.0 * out["bought_pct"]
    out["within_pct"] = 100.0 * out["within_pct"].astype("float64")
    return out
