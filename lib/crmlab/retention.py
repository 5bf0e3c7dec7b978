"""Customer retention: cohort retention tables, the pooled retention curve, and survival
curves of customer lifetimes (C25-C26).

A cohort is the customers whose first purchase fell in the same calendar month; following each
cohort month by month shows how fast customers stop coming back. :func:`survival_curve` reads
the churn flags of :mod:`crmlab.churn` as lifetimes (Kaplan-Meier), counting customers who are
still active as censored. :func:`lapse_survival` instead takes an event that is observed, not
predicted: a lapse of ``lapse_days`` without a purchase (:func:`lapse_events`).
"""

from __future__ import annotations

from ._validate import check_bool, check_frame, check_number, check_timestamp
from .churn import daily_visits
from .errors import CRMLabError

__all__ = ["cohort_retention", "retention_curve", "survival_curve", "lapse_events",
           "lapse_survival"]


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
        From :func:`crmlab.churn.churn_flags` or :func:`crmlab.churn.global_churn_flags` (columns
        ``first``, ``last``,
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
    level = check_number(
        confidence, name="confidence", low=0, high=1, low_open=True, high_open=True
    )
    churned = check_bool(flags["churned"], name="flags column 'churned'").to_numpy()
    end = np.where(churned, flags["last"].to_numpy(), np.datetime64(pd.Timestamp(as_of)))
    days = (pd.to_datetime(end) - pd.to_datetime(flags["first"].to_numpy())).days.to_numpy(
        dtype="float64"
    )
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
