"""Customer retention: cohort retention tables, retention by tenure, and survival until an
observed lapse (C22, C24-C26).

"Retention" means two different things in this course, and the names keep them apart:

* **activity retention** (measured here): of the customers who bought in one period, the share
  who buy again in a later one; one who skips a period counts as lost although she has not left;
* **survival retention** ``r`` of a lifetime-value formula (:mod:`crmlab.clv`): the chance that a
  customer stays one more period, unseen in purchase data without a model.

Cohorts share the month of their first purchase (:func:`cohort_retention`); retention by
tenure rises because the customers most likely to leave leave first. :func:`lapse_survival`
counts the days to a customer's first *observed* lapse (:func:`lapse_events`), an event in the
data; :func:`survival_curve` reads churn flags (a prediction) or planted churn dates.
"""

from __future__ import annotations

from ._validate import check_bool, check_choice, check_frame, check_number, check_timestamp
from .churn import daily_visits
from .errors import CRMLabError

__all__ = ["cohort_retention", "retention_curve", "retention_by_tenure", "survival_curve",
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


def _km_frame(days, events, level: float):
    """Kaplan-Meier estimate as a frame indexed by event day (statsmodels ``SurvfuncRight``)."""
    import numpy as np
    import pandas as pd
    from statistics import NormalDist

    from statsmodels.duration.survfunc import SurvfuncRight

    fit = SurvfuncRight(np.asarray(days, dtype="float64"), np.asarray(events, dtype="float64"))
    z = NormalDist().inv_cdf(0.5 + level / 2)
    out = pd.DataFrame({"at_risk": np.asarray(fit.n_risk, dtype="int64"),
                        "churned": np.asarray(fit.n_events, dtype="float64"),
                        "survival": fit.surv_prob, "se": fit.surv_prob_se},
                       index=pd.Index(np.asarray(fit.surv_times, dtype="float64"), name="days"))
    out["ci_low"] = np.clip(out["survival"] - z * out["se"], 0, 1)
    out["ci_high"] = np.clip(out["survival"] + z * out["se"], 0, 1)
    return out


def survival_curve(flags, *, confidence: float = 0.95):
    """Kaplan-Meier curve of customer lifetimes from a table of churn flags.

    Each customer lives from ``first``; a churned customer's lifetime ends at ``last`` (an event),
    any other is cut off at the analysis date ``flags.attrs["as_of"]`` (censored: we only know it
    is longer). ``S(t) = prod over event days t_i <= t of (1 - d_i / n_i)``, with ``d_i`` churn
    events and ``n_i`` customers still at risk on day ``t_i``; Greenwood ``se``, interval
    ``S +- z se`` clipped to [0, 1]. ``flags``: columns ``first``, ``last``, ``churned`` and
    ``attrs["as_of"]``, as :func:`crmlab.churn.churn_flags` returns them (a prediction) or a table
    of planted churn dates; for an event seen in the purchase log use :func:`lapse_survival`.
    Returns, indexed by event ``days``: ``at_risk``, ``churned``, ``survival``, ``se``,
    ``ci_low``, ``ci_high``.

    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "b", "c", "c"],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-01-01", "2024-01-31",
    ...                             "2024-01-01", "2024-03-01"])})
    >>> from crmlab.churn import global_churn_flags
    >>> f = global_churn_flags(tx, as_of="2024-03-20", days=40)
    >>> survival_curve(f)[["at_risk", "churned", "survival"]].round(3)
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
    level = check_number(confidence, name="confidence", low=0, high=1, low_open=True,
                         high_open=True)
    churned = check_bool(flags["churned"], name="flags column 'churned'").to_numpy()
    if not churned.any():
        raise CRMLabError("flags has no churned customer; a survival curve needs churn events.")
    end = np.where(churned, flags["last"].to_numpy(), np.datetime64(pd.Timestamp(as_of)))
    days = (pd.to_datetime(end) - pd.to_datetime(flags["first"].to_numpy())).days
    return _km_frame(days.to_numpy(dtype="float64"), churned, level)


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
    level = check_number(confidence, name="confidence", low=0, high=1, low_open=True,
                         high_open=True)
    ev = lapse_events(transactions, lapse_days=lapse_days, as_of=as_of, customer=customer,
                      date=date)
    if not ev["lapsed"].any():
        raise CRMLabError(f"no customer lapsed ({lapse_days:g} days without a visit) before "
                          "as_of; a survival curve needs lapses.")
    out = _km_frame(ev["days"].to_numpy(dtype="float64"), ev["lapsed"].to_numpy(), level)
    out.attrs.update(ev.attrs, customers=len(ev), lapsed=int(ev["lapsed"].sum()),
                     returned=int(ev["returned"].sum()))
    return out
