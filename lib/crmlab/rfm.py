"""RFM: recency, frequency and monetary value of each customer, from a transaction log.

Two summaries share the words but not the meaning of "recency":

* **Classic RFM** (direct marketing, :func:`rfm_table`): recency is the number of days from
  the customer's *last* purchase to the analysis date ``as_of`` (small is good); frequency is
  the number of purchases; monetary is the total spent. :func:`rfm_scores` turns each into a
  quantile score and :func:`rfm_segments` names the segment (champions, loyal, at risk, ...),
  with :data:`SEGMENT_ACTIONS` saying what to do about each.
* **Lifetime-value models** (BG/NBD, Pareto/NBD, Gamma-Gamma; the ``lifetimes`` and
  ``PyMC-Marketing`` packages, :func:`lifetimes_summary`): recency is the time from the
  *first* to the *last* purchase (large is good: the customer was still buying late), ``T`` is
  the time from the first purchase to the end of observation, frequency counts *repeat*
  purchase periods only, and monetary_value is the mean of the repeat periods' spend.

Do not mix them: a classic recency of 0 is a great customer, a lifetimes recency of 0 is a
customer who never came back.
"""

from __future__ import annotations

from ._validate import (
    check_choice,
    check_dates,
    check_frame,
    check_ids,
    check_number,
    check_numeric,
    check_timestamp,
)
from .errors import CRMLabError

__all__ = [
    "rfm_table",
    "rfm_scores",
    "rfm_segments",
    "SEGMENTS",
    "SEGMENT_ACTIONS",
    "lifetimes_summary",
]

#: Segment names in order from the best customers to the lost ones.
SEGMENTS = (
    "champions",
    "loyal",
    "potential loyalist",
    "new",
    "promising",
    "need attention",
    "about to sleep",
    "at risk",
    "can't lose",
    "hibernating",
)

#: What a CRM team typically does for each segment.
SEGMENT_ACTIONS = {
    "champions": "Reward them; ask for reviews and referrals; offer early access to new products.",
    "loyal": "Upsell higher-value products; enrol them in the loyalty programme; ask for feedback.",
    "potential loyalist": "Offer membership or a loyalty programme; recommend related products.",
    "new": "Onboard them well; a welcome series and a reason to make the second purchase.",
    "promising": "Build the relationship: brand stories, a small incentive to come back soon.",
    "need attention": "Limited-time offers based on past purchases before they drift away.",
    "about to sleep": "Reconnect with relevant, popular products and a modest discount.",
    "at risk": "Personal win-back contact: find out what went wrong and offer a renewal.",
    "can't lose": "They used to buy often: call them, win them back, never let a rival have them.",
    "hibernating": "Low-cost reminders only; do not spend heavily unless they respond.",
}

# Segment by (R score, F score) on a 1-5 scale: row = R - 1, column = F - 1.
_GRID = (
    ("hibernating", "hibernating", "at risk", "at risk", "can't lose"),
    ("hibernating", "hibernating", "at risk", "at risk", "can't lose"),
    ("about to sleep", "about to sleep", "need attention", "loyal", "loyal"),
    ("promising", "potential loyalist", "potential loyalist", "loyal", "loyal"),
    ("new", "potential loyalist", "potential loyalist", "champions", "champions"),
)


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


def _score(values, bins: int, *, reverse: bool = False):
    import numpy as np
    import pandas as pd

    ranks = pd.Series(-values if reverse else values).rank(method="average", pct=True).to_numpy()
    return np.clip(np.ceil(ranks * bins - 1e-9), 1, bins).astype(np.int64)


def rfm_scores(table, *, bins: int = 5):
    """Quantile scores 1..``bins`` for recency, frequency and monetary (higher is better).

    Each score is ``ceil(percentile rank x bins)``; ties share the average rank, so equal
    customers get equal scores. Recency is reversed: the most recent buyers score highest.
    Adds ``r_score``, ``f_score``, ``m_score`` and the three-digit ``rfm_code``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"recency": [5, 40, 90, 200], "frequency": [8, 3, 3, 1],
    ...                   "monetary": [400.0, 90.0, 120.0, 20.0]}, index=list("abcd"))
    >>> rfm_scores(t, bins=4)[["r_score", "f_score", "m_score", "rfm_code"]]
       r_score  f_score  m_score rfm_code
    a        4        4        4      444
    b        3        3        2      332
    c        2        3        3      233
    d        1        1        1      111
    """
    bins = check_number(bins, name="bins", low=2, high=10, integer=True)
    check_frame(table, name="table", columns=["recency", "frequency", "monetary"], min_rows=2)
    for col in ("recency", "frequency", "monetary"):
        check_numeric(table, col, name="table", nonnegative=True)
    if not table.index.is_unique:
        dup = table.index[table.index.duplicated()][0]
        raise CRMLabError(
            f"table has customer {dup!r} more than once; rfm_scores needs one row per customer "
            "(build it with rfm_table)."
        )
    import numpy as np
    import pandas as pd

    out = table.copy()
    out["r_score"] = _score(table["recency"].to_numpy(dtype="float64"), bins, reverse=True)
    out["f_score"] = _score(table["frequency"].to_numpy(dtype="float64"), bins)
    out["m_score"] = _score(table["monetary"].to_numpy(dtype="float64"), bins)
    # Concatenating looked-up digit strings is several times faster than three astype(str).
    digits = np.array([str(k) for k in range(bins + 1)], dtype=object)
    code = digits[out["r_score"].to_numpy()] + digits[out["f_score"].to_numpy()] + digits[out["m_score"].to_numpy()]
    out["rfm_code"] = pd.Series(code, index=out.index, dtype="str")
    return out


def rfm_segments(scores, *, bins: int = 5):
    """Name each customer's segment from their recency and frequency scores.

    Scores on a ``bins`` scale are mapped to 1-5 (``ceil(score x 5 / bins)``), then read on
    the usual R-by-F grid: R 5 and F 4-5 are ``champions``, R 1-2 and F 5 ``can't lose``,
    R 1-2 and F 1-2 ``hibernating`` and so on (see :data:`SEGMENTS`). Returns a copy of
    ``scores`` with an ordered categorical ``segment`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"r_score": [5, 1, 3, 5], "f_score": [5, 5, 3, 1]}, index=list("abcd"))
    >>> rfm_segments(s)["segment"].tolist()
    ['champions', "can't lose", 'need attention', 'new']
    """
    import numpy as np
    import pandas as pd

    bins = check_number(bins, name="bins", low=2, high=10, integer=True)
    check_frame(scores, name="scores", columns=["r_score", "f_score"])
    for col in ("r_score", "f_score"):
        check_numeric(scores, col, name="scores")
        v = scores[col].to_numpy(dtype="float64")
        bad = (v < 1) | (v > bins) | (v != np.round(v))
        if bad.any():
            raise CRMLabError(
                f"scores column {col!r} must hold whole scores from 1 to {bins}; got "
                f"{float(v[bad][0])!r}. Build them with rfm_scores(table, bins={bins})."
            )
    r = np.ceil(scores["r_score"].to_numpy(dtype="float64") * 5 / bins).astype(int) - 1
    f = np.ceil(scores["f_score"].to_numpy(dtype="float64") * 5 / bins).astype(int) - 1
    grid = np.array(_GRID, dtype=object)
    out = scores.copy()
    out["segment"] = pd.Categorical(grid[r, f], categories=list(SEGMENTS), ordered=True)
    return out


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
