"""Customer retention: cohort retention tables, the pooled retention curve, and survival
curves of customer lifetimes (C25-C26).

A cohort is the customers whose first purchase fell in the same calendar month; following each
cohort month by month shows how fast customers stop coming back. :func:`survival_curve` reads
the churn flags of :mod:`crmlab.churn` as lifetimes (Kaplan-Meier), counting customers who are
still active as censored.
"""

from __future__ import annotations

from ._validate import check_bool, check_frame, check_number
from .churn import daily_visits
from .errors import CRMLabError

__all__ = ["cohort_retention", "retention_curve", "survival_curve"]


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
