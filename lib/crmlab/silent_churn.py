"""Silent departures by branch: finding a service problem nobody complained about (C26, C30).

Most unhappy supermarket customers do not complain; they come less, then stop (S3). A branch
with a service problem therefore shows up in the shopping data, not in the complaint book:
more of its regular customers go quiet than at the other branches, and they go quiet in bursts,
soon after the bad days. This module measures both:

* :func:`silent_departures`: each customer's home branch and whether they have gone quiet
  (their silence is long for their own rhythm, :func:`crmlab.churn.churn_flags`);
* :func:`branch_departures`: per branch, the share of home customers who went quiet, the yearly
  spend they took with them, and a two-proportion test against all the other branches;
* :func:`departure_weeks` and :func:`excess_departures`: when they went quiet (the week of their
  last trip) per 1,000 home customers, and the weeks a branch stands out from the others.
"""

from __future__ import annotations

from ._validate import check_frame, check_number, check_numeric
from .churn import churn_flags
from .errors import CRMLabError

__all__ = ["home_branch", "silent_departures", "branch_departures", "departure_weeks",
           "excess_departures"]

_DEPARTURE_COLUMNS = ["home_branch", "first", "last", "trips", "yearly_spend", "departed"]


def home_branch(transactions, *, branch: str = "branch", customer: str = "customer_id"):
    """Each customer's home branch: the branch of most of their trips.

    A tie goes to the branch that comes first in the column's order (a categorical's category
    order, otherwise sorted).

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b"],
    ...                    "branch": ["East", "West", "West", "East", "West"]})
    >>> home_branch(tx).to_dict()
    {'a': 'West', 'b': 'East'}
    """
    check_frame(transactions, name="transactions", columns=[customer, branch])
    counts = transactions.groupby([customer, branch], observed=True, sort=True).size()
    counts = counts.reset_index(name="_trips")
    counts = counts.sort_values([customer, "_trips"], ascending=[True, False], kind="stable")
    home = counts.drop_duplicates(customer).set_index(customer)[branch]
    home.name = branch
    return home


def silent_departures(transactions, *, as_of=None, k: float = 3.0, min_gaps: int = 3,
                      branch: str = "branch", customer: str = "customer_id", date: str = "date",
                      amount: str = "amount"):
    """Per customer: home branch, first and last trip, trips, yearly spend, and gone quiet or not.

    ``departed`` is :func:`crmlab.churn.churn_flags` at ``k`` and ``min_gaps``: the days since
    the last trip exceed ``k`` times the customer's own median gap between trips (customers with
    fewer than ``min_gaps`` gaps get ``k`` times the typical gap of the others).
    ``yearly_spend = 365 * spend / (last - first + median gap)``, the spend of a year while the
    customer was active (one-trip customers: their spend).

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``home_branch``, ``first``, ``last``, ``trips``, ``yearly_spend``,
        ``departed``; ``attrs["as_of"]`` is the analysis date.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a"] * 4 + ["b"] * 4,
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22",
    ...                             "2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]),
    ...     "branch": ["East"] * 4 + ["West"] * 4, "amount": [10.0] * 8})
    >>> silent_departures(tx, as_of="2024-04-15", k=2, min_gaps=2)[["home_branch", "departed"]]
    ... # doctest: +NORMALIZE_WHITESPACE
                home_branch  departed
    customer_id
    a                  East      True
    b                  West     False
    """
    import numpy as np

    check_frame(transactions, name="transactions", columns=[customer, date, branch, amount])
    check_numeric(transactions, amount, name="transactions", nonnegative=True)
    flags = churn_flags(transactions, as_of=as_of, k=k, min_gaps=min_gaps, customer=customer,
                        date=date)
    spend = transactions.groupby(customer, sort=True)[amount].sum().astype("float64")
    out = flags[["first", "last", "visits"]].rename(columns={"visits": "trips"})
    out.insert(0, "home_branch", home_branch(transactions, branch=branch, customer=customer))
    span = (out["last"] - out["first"]).dt.days.to_numpy(dtype="float64")
    gap = flags["median_gap"].fillna(0.0).to_numpy(dtype="float64")
    days = span + gap
    total = spend.reindex(out.index).to_numpy()
    out["yearly_spend"] = np.where(days > 0, 365.0 * total / np.maximum(days, 1.0), total)
    out["departed"] = flags["churned"].to_numpy()
    out.attrs["as_of"] = flags.attrs["as_of"]
    return out


def _check_departures(departures):
    check_frame(departures, name="departures", columns=_DEPARTURE_COLUMNS)


def _two_proportion(x1, n1, x2, n2):
    """z and two-sided p of the difference x1/n1 - x2/n2 (pooled standard error)."""
    import math

    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2)) if 0 < pooled < 1 else 0.0
    if se == 0.0:
        return 0.0, 1.0
    z = (x1 / n1 - x2 / n2) / se
    return z, math.erfc(abs(z) / math.sqrt(2))


def branch_departures(departures):
    """Share of each branch's home customers who went quiet, against all the other branches.

    For branch b with n home customers of whom x went quiet: ``departed_pct = 100 x / n``,
    ``others_pct`` the same over every other branch, ``z`` the two-proportion z statistic
    ``(p_b - p_o) / sqrt(p (1 - p) (1/n_b + 1/n_o))`` with the pooled share p, ``p_value`` its
    two-sided p-value, and ``lost_yearly_spend`` the yearly spend of the departed customers.
    Rows are sorted from the highest departure share down.

    Parameters
    ----------
    departures : DataFrame
        The output of :func:`silent_departures`.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"home_branch": ["East"] * 4 + ["West"] * 4,
    ...                   "first": pd.Timestamp("2024-01-01"), "last": pd.Timestamp("2024-06-01"),
    ...                   "trips": 5, "yearly_spend": [100.0] * 8,
    ...                   "departed": [True, True, True, False, True, False, False, False]})
    >>> branch_departures(d)[["customers", "departed", "departed_pct", "others_pct"]]
    ... # doctest: +NORMALIZE_WHITESPACE
                 customers  departed  departed_pct  others_pct
    home_branch
    East                 4         3          75.0        25.0
    West                 4         1          25.0        75.0
    """
    import pandas as pd

    _check_departures(departures)
    lost = departures["yearly_spend"].where(departures["departed"], 0.0)
    g = departures.assign(_lost=lost).groupby("home_branch", observed=True, sort=True)
    table = g.agg(customers=("departed", "size"), departed=("departed", "sum"),
                  lost_yearly_spend=("_lost", "sum"))
    table["departed"] = table["departed"].astype("int64")
    n_all, x_all = int(table["customers"].sum()), int(table["departed"].sum())
    rows = []
    for name, row in table.iterrows():
        n, x = int(row["customers"]), int(row["departed"])
        n_o, x_o = n_all - n, x_all - x
        z, p = _two_proportion(x, n, x_o, n_o) if n_o > 0 else (0.0, 1.0)
        rows.append({"departed_pct": 100.0 * x / n,
                     "others_pct": 100.0 * x_o / n_o if n_o else float("nan"),
                     "z": round(z, 6), "p_value": p})
    extra = pd.DataFrame(rows, index=table.index)
    out = pd.concat([table[["customers", "departed"]], extra, table[["lost_yearly_spend"]]],
                    axis=1)
    out = out.sort_values("departed_pct", ascending=False, kind="stable")
    out.attrs["customers"] = n_all
    out.attrs["chain_pct"] = 100.0 * x_all / n_all
    return out


def departure_weeks(departures, *, per: int = 1000):
    """Customers who went quiet, by the week of their last trip, per ``per`` home customers.

    Weeks start on Monday. ``rate = per * departed customers whose last trip fell in the week /
    home customers of the branch``: comparable between branches of different sizes.

    Returns
    -------
    pandas.DataFrame
        One row per week (index ``week``, every week from the first to the last trip), one
        column per branch.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"home_branch": ["East", "East", "West", "West"],
    ...                   "first": pd.Timestamp("2024-01-01"),
    ...                   "last": pd.to_datetime(["2024-01-03", "2024-01-10", "2024-01-04",
    ...                                           "2024-01-09"]),
    ...                   "trips": 3, "yearly_spend": 100.0, "departed": [True, False, True, True]})
    >>> departure_weeks(d, per=100)  # doctest: +NORMALIZE_WHITESPACE
                East   West
    week
    2024-01-01  50.0   50.0
    2024-01-08   0.0   50.0
    """
    import pandas as pd

    _check_departures(departures)
    per = check_number(per, name="per", low=1, integer=True)
    week = departures["last"].dt.to_period("W-SUN").dt.start_time
    weeks = pd.date_range(week.min(), week.max(), freq="7D", name="week")
    home = departures["home_branch"]
    sizes = home.value_counts(sort=False)
    gone = departures[departures["departed"].to_numpy()]
    counts = pd.crosstab(week[gone.index], home[gone.index]) if len(gone) else pd.DataFrame()
    branches = [b for b in (home.cat.categories if hasattr(home, "cat") else sorted(sizes.index))
                if b in sizes.index]
    counts = counts.reindex(index=weeks, columns=branches, fill_value=0).astype("float64")
    out = per * counts / sizes.reindex(branches).to_numpy(dtype="float64")
    out.index.name, out.columns.name = "week", None
    return out


def excess_departures(weekly, *, threshold: float = 10.0):
    """Weeks in which a branch lost more customers than the other branches, by ``threshold``.

    ``excess = rate - median rate of the other branches`` that week, per the same number of
    home customers as ``weekly``; rows with ``excess > threshold``, largest first.

    Parameters
    ----------
    weekly : DataFrame
        The output of :func:`departure_weeks` (two branches or more).

    Examples
    --------
    >>> import pandas as pd
    >>> w = pd.DataFrame({"A": [1.0, 30.0], "B": [2.0, 3.0], "C": [1.0, 2.0]},
    ...                  index=pd.to_datetime(["2024-01-01", "2024-01-08"]))
    >>> excess_departures(w).values.tolist()
    [['A', 30.0, 2.5, 27.5]]
    """
    import pandas as pd

    check_frame(weekly, name="weekly", min_rows=1)
    for column in weekly.columns:
        check_numeric(weekly, column, name="weekly")
    if weekly.shape[1] < 2:
        raise CRMLabError(
            f"weekly has {weekly.shape[1]} branch column(s); comparing a branch with the others "
            "needs at least two (pass the output of departure_weeks)."
        )
    threshold = check_number(threshold, name="threshold")
    rows = []
    for b in weekly.columns:
        others = weekly.drop(columns=b).median(axis=1)
        excess = weekly[b] - others
        hit = excess > threshold
        rows.append(pd.DataFrame({"branch": b, "rate": weekly[b][hit], "others": others[hit],
                                  "excess": excess[hit]}))
    out = pd.concat(rows)
    out.index.name = "week"
    return out.sort_values("excess", ascending=False, kind="stable")
