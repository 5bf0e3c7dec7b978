"""RFM: recency, frequency and monetary value of each customer, from a transaction log.

Two summaries share the words but not the meaning of "recency":

* **Classic RFM** (direct marketing, :func:`rfm_table`): recency is the number of days from
  the customer's *last* purchase to the analysis date ``as_of`` (small is good); frequency is
  the number of purchases; monetary is the total spent. :func:`crmlab.segments.rfm_scores`
  turns each into a
  quantile score and :func:`crmlab.segments.rfm_segments` names the segment (champions, loyal,
  at risk, ...). :class:`RFMTimeline` gives the same table at any past date, fast.
* **Lifetime-value models** (BG/NBD, Pareto/NBD, Gamma-Gamma; the ``lifetimes`` and
  ``PyMC-Marketing`` packages, :func:`lifetimes_summary`): recency is the time from the
  *first* to the *last* purchase (large is good: the customer was still buying late), ``T`` is
  the time from the first purchase to the end of observation, frequency counts *repeat*
  purchase periods only, and monetary_value is the mean of the repeat periods' spend.

Do not mix them: a classic recency of 0 is a great customer, a lifetimes recency of 0 is a
customer who never came back.
"""

from __future__ import annotations

from ._validate import check_choice, check_dates, check_frame, check_ids, check_numeric, \
    check_timestamp
from .errors import CRMLabError

__all__ = ["rfm_table", "RFMTimeline", "lifetimes_summary"]


def _check_log(transactions, customer, date, amount):
    cols = [customer, date] + ([amount] if amount is not None else [])
    check_frame(transactions, name="transactions", columns=cols)
    check_ids(transactions, customer, name="transactions")
    check_dates(transactions, date, name="transactions")
    if amount is not None:
        check_numeric(transactions, amount, name="transactions", nonnegative=True)


def _codes(transactions, customer):
    """Customer codes 0..k-1 and the sorted customer ids."""
    import pandas as pd

    return pd.factorize(transactions[customer], sort=True)


def _days(values):
    """Calendar-day numbers (days since 1970-01-01) of a datetime64 array."""
    import numpy as np

    return values.astype("datetime64[D]").astype(np.int64)


def rfm_table(transactions, *, as_of=None, customer: str = "customer_id", date: str = "date",
              amount: str = "amount"):
    """Classic recency, frequency and monetary value per customer.

    * ``recency`` = calendar days from the last purchase to ``as_of`` (0 = bought that day);
    * ``frequency`` = number of purchases (rows);
    * ``monetary`` = total amount spent;
    * ``tenure`` = calendar days from the first purchase to ``as_of`` (so recency <= tenure).

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase, with ``customer``, ``date`` (parsed, timezone-naive) and
        ``amount`` (0 or more) columns.
    as_of : date-like, optional
        The analysis date; defaults to the last date in the data. It may not be earlier.

    Notes
    -----
    This is the direct-marketing recency (time since the *last* purchase). Lifetime-value
    models call first-to-last purchase time "recency"; use :func:`lifetimes_summary` for that.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...                    "date": pd.to_datetime(["2024-01-01", "2024-01-20", "2024-01-10"]),
    ...                    "amount": [30.0, 20.0, 15.0]})
    >>> rfm_table(tx, as_of="2024-01-31")  # doctest: +NORMALIZE_WHITESPACE
                 recency  frequency  monetary  tenure
    customer_id
    a                 11          2      50.0      30
    b                 21          1      15.0      21
    """
    import pandas as pd

    if not isinstance(amount, str):
        raise CRMLabError(f"amount must name the column of amounts spent; got {amount!r}.")
    _check_log(transactions, customer, date, amount)
    last_seen = transactions[date].max()
    as_of = last_seen if as_of is None else check_timestamp(
        as_of, name="as_of", not_before=last_seen, data_name=f"transactions column {date!r}")
    import numpy as np

    codes, uniques = _codes(transactions, customer)
    days = _days(transactions[date].to_numpy())
    n = len(uniques)
    last = np.full(n, np.iinfo(np.int64).min)
    np.maximum.at(last, codes, days)
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, codes, days)
    end = int(_days(pd.Timestamp(as_of).to_datetime64()))
    table = pd.DataFrame({
        "recency": end - last,
        "frequency": np.bincount(codes, minlength=n),
        "monetary": np.bincount(codes, weights=transactions[amount].to_numpy(dtype="float64"),
                                minlength=n),
        "tenure": end - first,
    }, index=pd.Index(uniques, name=customer))
    return table


class RFMTimeline:
    """Classic RFM at any analysis date, from a log sorted once: ``table(as_of)`` is
    :func:`rfm_table` of the purchases on or before ``as_of``, at one binary search per customer.

    ``frequency = #{purchases <= as_of}``, ``monetary`` = spend up to ``as_of`` (cumulative sums,
    rounded to 9 decimals), ``recency = as_of - last purchase on or before as_of`` (days) and
    ``tenure = as_of - first purchase``; customers who have not bought by ``as_of`` are left out.
    ``first`` and ``last`` are the first and last purchase dates of the log.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c", "c"],
    ...                    "date": pd.to_datetime(["2024-01-05", "2024-02-20", "2024-01-10",
    ...                                            "2024-01-02", "2024-01-20", "2024-02-27"]),
    ...                    "amount": [10.0, 20.0, 5.0, 8.0, 9.0, 30.0]})
    >>> RFMTimeline(tx).table("2024-01-31")  # doctest: +NORMALIZE_WHITESPACE
                 recency  frequency  monetary  tenure
    customer_id
    a                 26          1      10.0      26
    b                 21          1       5.0      21
    c                 11          2      17.0      29
    """

    def __init__(self, transactions, *, customer: str = "customer_id", date: str = "date",
                 amount: str = "amount"):
        import numpy as np

        if not isinstance(amount, str):
            raise CRMLabError(f"amount must name the column of amounts spent; got {amount!r}.")
        _check_log(transactions, customer, date, amount)
        self.customer, self.date = customer, date
        self.first, self.last = transactions[date].min(), transactions[date].max()
        codes, self._ids = _codes(transactions, customer)
        days = _days(transactions[date].to_numpy())
        order = np.lexsort((days, codes))
        self._days, codes = days[order], codes[order]
        self._spend = np.r_[0.0, np.cumsum(transactions[amount].to_numpy(dtype="float64")[order])]
        self._day0, self._span = int(days.min()), int(days.max() - days.min()) + 2
        self._key = codes.astype(np.int64) * self._span + (self._days - self._day0)
        self._start = np.searchsorted(codes, np.arange(len(self._ids)), side="left")

    def _stops(self, end: int):
        """For each customer, one past the position of their last purchase on day ``end``."""
        import numpy as np

        n = len(self._ids)
        offset = min(max(end - self._day0, -1), self._span - 1)  # stay in each customer's range
        return np.searchsorted(self._key, np.arange(n, dtype=np.int64) * self._span + offset,
                               side="right")

    def table(self, as_of):
        """The RFM table of the customers who have bought by ``as_of`` (see the class)."""
        import numpy as np
        import pandas as pd

        end = int(_days(check_timestamp(as_of, name="as_of").to_datetime64()))
        stop = self._stops(end)
        count = stop - self._start
        seen = count > 0
        return pd.DataFrame({
            "recency": end - self._days[stop[seen] - 1],
            "frequency": count[seen],
            "monetary": np.round(self._spend[stop[seen]] - self._spend[self._start[seen]], 9),
            "tenure": end - self._days[self._start[seen]],
        }, index=pd.Index(self._ids, name=self.customer)[seen])


def _period(days, freq: str):
    import numpy as np

    # "W": weeks starting on Monday, like pandas' to_period("W") (1970-01-05 was a Monday).
    return days if freq == "D" else np.floor_divide(days - 4, 7)


def lifetimes_summary(transactions, *, observation_end=None, freq: str = "D",
                      customer: str = "customer_id", date: str = "date",
                      amount: str | None = "amount"):
    """The per-customer summary used by lifetime-value models (lifetimes, PyMC-Marketing).

    Purchases are first added up per period (``freq="D"``: a day, so same-day purchases
    count once; ``"W"``: a Monday-to-Sunday week). Then, per customer,

    * ``frequency`` = number of periods with a purchase - 1 (repeat periods);
    * ``recency`` = periods from the first to the last purchase period;
    * ``T`` = periods from the first purchase period to ``observation_end``;
    * ``monetary_value`` = mean spend of the repeat periods (the first is left out), 0 when
      frequency is 0.

    These are the definitions of ``lifetimes.utils.summary_data_from_transaction_data``.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...                    "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-05",
    ...                                            "2024-01-03"]),
    ...                    "amount": [10.0, 5.0, 20.0, 7.0]})
    >>> lifetimes_summary(tx, observation_end="2024-01-10")  # doctest: +NORMALIZE_WHITESPACE
                 frequency  recency    T  monetary_value
    customer_id
    a                  1.0      4.0  9.0            20.0
    b                  0.0      0.0  7.0             0.0
    """
    import numpy as np
    import pandas as pd

    check_choice(freq, name="freq", choices=["D", "W"])
    _check_log(transactions, customer, date, amount)
    dates = transactions[date].to_numpy()
    last_seen = pd.Timestamp(dates.max())
    end = last_seen if observation_end is None else check_timestamp(
        observation_end, name="observation_end", not_before=last_seen,
        data_name=f"transactions column {date!r}")
    codes, uniques = _codes(transactions, customer)
    period = _period(_days(dates), freq)
    p0 = period.min()
    span = int(period.max() - p0) + 1
    key = codes.astype(np.int64) * span + (period - p0)
    order = np.argsort(key, kind="stable")
    key = key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ukey = key[starts]
    cust = ukey // span
    per = (ukey % span).astype("float64")
    first = np.r_[True, cust[1:] != cust[:-1]]
    cstart = np.flatnonzero(first)
    n_periods = np.diff(np.r_[cstart, len(ukey)])
    first_p = per[cstart]
    last_p = per[np.r_[cstart[1:], len(ukey)] - 1]
    end_p = float(_period(np.array([_days(end.to_datetime64())]), freq)[0] - p0)
    index = pd.Index(uniques, name=customer)
    out = pd.DataFrame({
        "frequency": (n_periods - 1).astype("float64"),
        "recency": last_p - first_p,
        "T": end_p - first_p,
    }, index=index)
    if amount is not None:
        spend = np.add.reduceat(transactions[amount].to_numpy(dtype="float64")[order], starts)
        repeat_total = np.add.reduceat(np.where(first, 0.0, spend), cstart)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(n_periods > 1, repeat_total / np.maximum(n_periods - 1, 1), 0.0)
        out["monetary_value"] = mean
    return out
