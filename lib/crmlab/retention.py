"""Customer retention: cohort retention tables, retention by tenure, and survival until an
observed lapse (C22, C24-C26).

"Retention" means two different things in this course, and the names keep them apart:

* **activity retention** (what these functions measure): of the customers who bought in one
  period, the share who buy again in a later one. A customer who skips a period counts as not
  retained, although she has not left;
* **survival retention** ``r`` of a lifetime-value formula (:mod:`crmlab.clv`): the chance that a
  customer who is still a customer stays one more period. It cannot be seen in purchase data
  without a model; activity retention is a lower, noisy stand-in for it.

A cohort is the customers whose first purchase fell in the same calendar month
(:func:`cohort_retention`); :func:`retention_by_tenure` asks, period by period since each
customer's first, what share of those active are active again, which rises with tenure because
the customers most likely to leave leave first. :func:`survival_curve` counts the days until a
customer's first *observed* lapse (a gap of ``lapse_days`` without buying, seen in full before
the analysis date): an event in the data, not a predicted churn flag.
:func:`lapse_survival` is the same survival curve built from :func:`lapse_events`, which also
reports who came back after a lapse.
"""

from __future__ import annotations

from ._validate import check_choice, check_number, check_timestamp
from .churn import daily_visits
from .errors import CRMLabError

__all__ = ["cohort_retention", "retention_curve", "retention_by_tenure", "lapses", "survival_curve",
           "lapse_events", "lapse_survival"]


def _cohort_counts(transactions, customer, date):
    import numpy as np
    import pandas as pd

    v = daily_visits(transactions, customer=customer, date=date)
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


def retention_by_tenure(transactions, *, period: str = "quarter", customer: str = "customer_id",
                        date: str = "date"):
    """Activity retention period by period since each customer's first purchase.

    Periods are calendar quarters (or months) counted from the one of the customer's first
    purchase (period 0). For each period ``k``: ``active`` customers, ``active_next`` of them who
    also buy in period ``k + 1``, and ``retention = active_next / active``. Only customers whose
    period ``k + 1`` has been observed (it ends on or before the data's last period) are counted.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b", "c"],
    ...     "date": pd.to_datetime(["2024-01-05", "2024-04-02", "2024-07-09", "2024-01-20",
    ...                             "2024-04-11", "2024-02-01"])})
    >>> retention_by_tenure(tx)
            active  active_next  retention
    tenure
    0            3            2   0.666667
    1            2            1   0.500000
    """
    import pandas as pd

    check_choice(period, name="period", choices=["quarter", "month"])
    v = daily_visits(transactions, customer=customer, date=date)
    per = v[date].dt.year * (4 if period == "quarter" else 12) + (
        (v[date].dt.month - 1) // 3 if period == "quarter" else v[date].dt.month - 1)
    first = per.groupby(v[customer]).transform("min")
    seen = pd.DataFrame({"c": v[customer], "k": per - first, "last": per.max() - first})
    seen = seen.drop_duplicates(["c", "k"])
    active = set(zip(seen["c"], seen["k"]))
    rows = []
    for k in range(int(seen["k"].max())):
        here = seen[(seen["k"] == k) & (seen["last"] >= k + 1)]
        again = sum((c, k + 1) in active for c in here["c"])
        if len(here):
            rows.append((k, len(here), again))
    out = pd.DataFrame(rows, columns=["tenure", "active", "active_next"]).set_index("tenure")
    out["retention"] = out["active_next"] / out["active"]
    return out


def lapses(transactions, *, lapse_days: int = 90, as_of=None, customer: str = "customer_id",
           date: str = "date"):
    """Each customer's first observed lapse: a gap of ``lapse_days`` or more without buying.

    A lapse starts at a purchase followed by ``lapse_days`` with no purchase; it is *observed*
    only if those days end on or before ``as_of`` (the last date in the data by default).
    Per customer: ``first`` and ``last`` purchase, ``lapsed``, ``days`` (from the first purchase
    to the start of the first lapse; for a customer without an observed lapse, to the last
    purchase: censored, we only know it is longer) and ``came_back`` (bought again after the
    lapse: a lapse is not a goodbye).

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b", "c", "c"],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-03-01", "2024-01-01",
    ...                             "2024-01-25", "2024-03-01", "2024-03-20"])})
    >>> lapses(tx, lapse_days=30, as_of="2024-04-10")[["lapsed", "days", "came_back"]]
                 lapsed  days  came_back
    customer_id
    a              True    10       True
    b              True    24      False
    c             False    19      False
    """
    import numpy as np

    lapse = check_number(lapse_days, name="lapse_days", low=1, integer=True)
    v = daily_visits(transactions, customer=customer, date=date)
    end = v[date].max() if as_of is None else check_timestamp(as_of, name="as_of",
                                                                 not_before=v[date].max())
    nxt = v.groupby(customer)[date].shift(-1)
    gap_end = nxt.fillna(end)
    starts = (gap_end - v[date]).dt.days >= lapse
    starts &= (v[date] + np.timedelta64(lapse, "D")) <= end
    g = v.assign(start=v[date].where(starts)).groupby(customer, sort=True)
    out = g[date].agg(["min", "max"]).set_axis(["first", "last"], axis=1)
    out["lapse_start"] = g["start"].min()
    out["lapsed"] = out["lapse_start"].notna()
    stop = out["lapse_start"].where(out["lapsed"], out["last"])
    out["days"] = (stop - out["first"]).dt.days.astype("int64")
    out["came_back"] = out["lapsed"] & (out["last"] > out["lapse_start"])
    out.attrs.update(lapse_days=lapse, as_of=end)
    return out.drop(columns="lapse_start")


def survival_curve(transactions, *, lapse_days: int = 90, as_of=None, confidence: float = 0.95,
                   customer: str = "customer_id", date: str = "date"):
    """Kaplan-Meier curve: share of customers with no observed lapse t days after their first
    purchase.

    The event is each customer's first observed lapse of ``lapse_days`` (:func:`lapses`), dated
    at the purchase where it starts; a customer without one is censored at their last purchase.
    This is survival until a lapse *seen in the data*, not until a customer leaves for good (some
    lapsed customers come back), nor a predicted churn flag. The estimate (statsmodels
    ``SurvfuncRight``) is ``S(t) = prod over event days t_i <= t of (1 - d_i / n_i)``, with
    ``d_i`` lapses and ``n_i`` customers still at risk on day ``t_i``; the interval is
    ``S +- z se`` (Greenwood standard error), clipped to [0, 1].

    Returns
    -------
    pandas.DataFrame
        Indexed by ``days`` (event days): ``at_risk``, ``lapsed``, ``survival``, ``se``,
        ``ci_low``, ``ci_high``; ``attrs`` hold ``lapse_days``, ``as_of`` and ``came_back`` (the
        share of lapsed customers who bought again later).

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "b", "c", "c"],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-01-01", "2024-01-31",
    ...                             "2024-01-01", "2024-03-01"])})
    >>> s = survival_curve(tx, lapse_days=40, as_of="2024-03-20")
    >>> s[["at_risk", "lapsed", "survival"]]  # doctest: +NORMALIZE_WHITESPACE
          at_risk  lapsed  survival
    days
    0.0         3     1.0  0.666667
    10.0        2     1.0  0.333333
    30.0        1     1.0  0.000000
    >>> round(s.attrs["came_back"], 3)  # c lapsed at day 0 and came back on 1 March
    0.333
    """
    import numpy as np
    import pandas as pd

    table = lapses(transactions, lapse_days=lapse_days, as_of=as_of, customer=customer,
                   date=date)
    level = check_number(
        confidence, name="confidence", low=0, high=1, low_open=True, high_open=True
    )
    if not table["lapsed"].any():
        raise CRMLabError(f"no customer has an observed lapse of {table.attrs['lapse_days']} "
                          "days; a survival curve needs events. Use a shorter lapse_days or a "
                          "longer history.")
    if len(table) < 2:
        raise CRMLabError("transactions hold 1 customer; a survival curve needs at least 2.")
    from statistics import NormalDist

    from statsmodels.duration.survfunc import SurvfuncRight

    fit = SurvfuncRight(table["days"].to_numpy(dtype="float64"),
                        table["lapsed"].to_numpy(dtype="float64"))
    z = NormalDist().inv_cdf(0.5 + level / 2)
    out = pd.DataFrame(
        {
            "at_risk": np.asarray(fit.n_risk, dtype="int64"),
            "lapsed": np.asarray(fit.n_events, dtype="float64"),
            "survival": fit.surv_prob,
            "se": fit.surv_prob_se,
        },
        index=pd.Index(np.asarray(fit.surv_times, dtype="float64"), name="days"),
    )
    out["ci_low"] = np.clip(out["survival"] - z * out["se"], 0, 1)
    out["ci_high"] = np.clip(out["survival"] + z * out["se"], 0, 1)
    came = table.loc[table["lapsed"], "came_back"].mean()
    out.attrs.update(lapse_days=table.attrs["lapse_days"], as_of=table.attrs["as_of"],
                     came_back=float(came))
    return out


def lapse_events(transactions, *, lapse_days: float, as_of=None, customer: str = "customer_id",
                 date: str = "date"):
    """Each customer's first observed lapse: a gap of at least ``lapse_days`` without a visit.

    The lapse starts at the last visit before the first such gap, or before a silence of at
    least ``lapse_days`` up to ``as_of``; ``days`` runs from the first visit to that start
    (``lapsed`` True). A customer without one is censored at ``as_of - lapse_days``: a lapse
    starting later could not be seen yet (``lapsed`` False). Customers first seen after that
    day are left out (too new to tell). ``returned``: lapsed, then bought again.

    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": list("aaabbcddde"), "date": pd.to_datetime([
    ...     "2024-01-01", "2024-01-11", "2024-03-01", "2024-01-01", "2024-02-20", "2024-01-05",
    ...     "2024-02-10", "2024-03-05", "2024-03-28", "2024-03-10"])})
    >>> ev = lapse_events(tx, lapse_days=30, as_of="2024-03-31")
    >>> ev[["days", "lapsed", "returned"]]  # doctest: +NORMALIZE_WHITESPACE
                 days  lapsed  returned
    customer_id
    a              10    True      True
    b               0    True      True
    c               0    True     False
    d              20   False     False
    >>> ev.attrs["too_new"]  # e, first seen on 10 March: a lapse could not be seen yet
    1
    """
    import pandas as pd

    v = daily_visits(transactions, customer=customer, date=date)
    lapse_days = check_number(lapse_days, name="lapse_days", low=1)
    day = (v[date].max() if as_of is None else
           check_timestamp(as_of, name="as_of", not_before=v[date].max(),
                           data_name=f"transactions column {date!r}"))
    cut = day - pd.Timedelta(days=lapse_days)
    nxt = v.groupby(customer)[date].shift(-1).fillna(day)
    long = ((nxt - v[date]).dt.days >= lapse_days) & (v[date] <= cut)
    g = v.assign(_long=long.to_numpy()).groupby(customer, sort=True)
    first = g[date].min()
    start = v[date].where(long).groupby(v[customer]).min().reindex(first.index)
    out = pd.DataFrame({"first": first, "lapse_start": start, "lapsed": start.notna()})
    out["days"] = (out["lapse_start"].fillna(cut) - out["first"]).dt.days.astype("int64")
    out["returned"] = out["lapsed"] & (g[date].max() > out["lapse_start"]).to_numpy()
    out = out[out["first"] <= cut]
    out.attrs.update(as_of=day, lapse_days=lapse_days, too_new=int((first > cut).sum()))
    if out.empty:
        raise CRMLabError(f"no customer was first seen {lapse_days:g} days or more before "
                          f"as_of ({day.date()}); shorten lapse_days or use a later as_of.")
    return out.assign(returned=out["returned"].astype(bool))


def lapse_survival(transactions, *, lapse_days: float, as_of=None, confidence: float = 0.95,
                   customer: str = "customer_id", date: str = "date"):
    """Kaplan-Meier curve of the time to a customer's first observed lapse (:func:`lapse_events`).

    ``S(t) = prod over lapse days t_i <= t of (1 - d_i / n_i)``: the share of customers who
    have not yet gone ``lapse_days`` without buying, ``t`` days after their first visit
    (statsmodels ``SurvfuncRight``, Greenwood ``se``, interval ``S +- z se`` clipped to [0, 1]).
    Unlike :func:`survival_curve` the event is a fact of the data, not a churn prediction.

    Returns the frame of :func:`survival_curve` (``at_risk``, ``churned`` = lapses, ...) with
    ``attrs`` ``lapse_days``, ``as_of``, ``customers``, ``lapsed``, ``returned``, ``too_new``.

    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": list("aaabbcddd"), "date": pd.to_datetime([
    ...     "2024-01-01", "2024-01-11", "2024-03-01", "2024-01-01", "2024-02-20", "2024-01-05",
    ...     "2024-02-10", "2024-03-05", "2024-03-28"])})
    >>> lapse_survival(tx, lapse_days=30, as_of="2024-03-31")[["at_risk", "churned", "survival"]]
    ... # doctest: +NORMALIZE_WHITESPACE
          at_risk  churned  survival
    days
    0.0         4      2.0      0.50
    10.0        2      1.0      0.25
    """
    import numpy as np
    import pandas as pd
    from statistics import NormalDist

    from statsmodels.duration.survfunc import SurvfuncRight

    level = check_number(confidence, name="confidence", low=0, high=1, low_open=True,
                         high_open=True)
    ev = lapse_events(transactions, lapse_days=lapse_days, as_of=as_of, customer=customer,
                      date=date)
    if not ev["lapsed"].any():
        raise CRMLabError(f"no customer lapsed ({lapse_days:g} days without a visit) before "
                          "as_of; a survival curve needs lapses.")
    fit = SurvfuncRight(ev["days"].to_numpy(dtype="float64"), ev["lapsed"].to_numpy(float))
    z = NormalDist().inv_cdf(0.5 + level / 2)
    out = pd.DataFrame({"at_risk": np.asarray(fit.n_risk, dtype="int64"),
                        "churned": np.asarray(fit.n_events, dtype="float64"),
                        "survival": fit.surv_prob, "se": fit.surv_prob_se},
                       index=pd.Index(np.asarray(fit.surv_times, dtype="float64"), name="days"))
    out["ci_low"] = np.clip(out["survival"] - z * out["se"], 0, 1)
    out["ci_high"] = np.clip(out["survival"] + z * out["se"], 0, 1)
    out.attrs.update(ev.attrs, customers=len(ev), lapsed=int(ev["lapsed"].sum()),
                     returned=int(ev["returned"].sum()))
    return out
