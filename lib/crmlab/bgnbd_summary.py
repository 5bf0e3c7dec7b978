"""The three numbers per customer that the BG/NBD model needs, from a transaction log.

:func:`customer_summary` builds them and :func:`check_summary` checks a frame of them; both are
re-exported by :mod:`crmlab.bgnbd` (use ``crm.bgnbd.customer_summary``).
"""

from __future__ import annotations

from ._validate import check_dates, check_frame, check_number, check_numeric, check_timestamp
from .errors import CRMLabError
from .rfm import lifetimes_summary

__all__ = ["SUMMARY_COLUMNS", "customer_summary", "check_summary"]

#: The columns of a BG/NBD summary: repeat purchases x, time of the last purchase t_x, age T.
SUMMARY_COLUMNS = ("frequency", "recency", "T")


def customer_summary(transactions, *, calibration_end, period_days: float = 7, holdout_end=None,
                     customer: str = "customer_id", date: str = "date"):
    """Frequency ``x``, recency ``t_x`` and age ``T`` of each customer at ``calibration_end``.

    Purchases on or before ``calibration_end`` are counted per calendar day (several on one
    day are one purchase), then ``frequency`` = purchase days - 1 (repeat purchases),
    ``recency`` = days from the first to the last purchase day and ``T`` = days from the first
    purchase day to ``calibration_end``, both divided by ``period_days`` (7 = weeks). Customers
    whose first purchase comes after ``calibration_end`` are left out. With ``holdout_end``, a
    column ``holdout_frequency`` counts each customer's purchase days after ``calibration_end``
    up to ``holdout_end``, to score a forecast. Built on :func:`crmlab.rfm.lifetimes_summary`.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b"],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-15", "2024-01-08",
    ...                             "2024-02-05"])})
    >>> customer_summary(tx, calibration_end="2024-01-29", holdout_end="2024-02-26")
    ... # doctest: +NORMALIZE_WHITESPACE
                 frequency  recency    T  holdout_frequency
    customer_id
    a                  1.0      2.0  4.0                  0
    b                  0.0      0.0  3.0                  1
    """
    check_frame(transactions, name="transactions", columns=[customer, date])
    check_dates(transactions, date, name="transactions")
    period_days = check_number(period_days, name="period_days", low=0, low_open=True)
    end = check_timestamp(calibration_end, name="calibration_end")
    calib = _calibration_log(transactions, end, date)
    out = lifetimes_summary(calib, observation_end=end, customer=customer, date=date, amount=None)
    out[["recency", "T"]] = out[["recency", "T"]] / period_days
    if holdout_end is not None:
        stop = check_timestamp(holdout_end, name="holdout_end", not_before=end,
                               data_name="calibration_end")
        out["holdout_frequency"] = _purchase_days(transactions, end, stop, customer, date,
                                                  out.index)
    return out


def _calibration_log(transactions, end, date: str):
    """The purchases on or before ``end`` (refused when there are none)."""
    dates = transactions[date]
    calib = transactions[dates <= end]
    if calib.empty:
        raise CRMLabError(f"calibration_end is {end.date()}, before the first purchase "
                          f"({dates.min().date()}); the calibration period has no purchases.")
    return calib


def _purchase_days(transactions, end, stop, customer: str, date: str, customers):
    """Days with a purchase after ``end`` up to ``stop``, per customer of ``customers``."""
    dates = transactions[date]
    later = transactions[(dates > end) & (dates <= stop)]
    days = later[[customer]].assign(_day=later[date].dt.normalize()).drop_duplicates()
    return days[customer].value_counts().reindex(customers, fill_value=0)


def check_summary(summary):
    """Check a BG/NBD summary frame and return its columns ``(x, t_x, T)`` as float arrays.

    ``frequency`` must be a whole number >= 0, ``0 <= recency <= T``, and a customer with no
    repeat purchase has recency 0 (the rules :func:`customer_summary` follows).

    >>> import pandas as pd
    >>> x, tx, T = check_summary(pd.DataFrame({"frequency": [2], "recency": [3.0], "T": [5.0]}))
    >>> x.tolist(), tx.tolist(), T.tolist()
    ([2.0], [3.0], [5.0])
    """
    check_frame(summary, name="summary", columns=list(SUMMARY_COLUMNS))
    for col in SUMMARY_COLUMNS:
        check_numeric(summary, col, name="summary", nonnegative=True)
    x, tx, T = (summary[c].to_numpy(dtype="float64") for c in SUMMARY_COLUMNS)
    _check_rules(summary, x, tx, T)
    return x, tx, T


def _check_rules(summary, x, tx, T) -> None:
    """The rules that hold between the columns of a BG/NBD summary."""
    import numpy as np

    problems = [
        (x != np.round(x), "frequency must be a whole number of repeat purchases"),
        (tx > T, "recency (time of the last purchase) must not exceed T (the customer's age)"),
        ((x == 0) & (tx > 0), "a customer with frequency 0 must have recency 0"),
    ]
    for bad, rule in problems:
        if bad.any():
            row = summary.index[bad.argmax()]
            raise CRMLabError(f"summary has {int(bad.sum())} row(s) breaking a rule (first: row "
                              f"{row!r}): {rule}. Build it with crm.bgnbd.customer_summary(...).")
