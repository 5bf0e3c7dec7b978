"""Stages 2 and 3 of customer management: classify the accounts, give each one owner and the
visits it deserves, and feed complaints and praise back into the database (C38-C40, C33).

The essay behind the three stages (S4) stops inside stage 1; its abstract and its principles
name what comes next: key accounts (大客户) first, with enough resources (principle 2), one
person in charge of each (principle 4), and complaints and praise handled as part of managing
the customer. Here that becomes:

1. :func:`yearly_volume` and :func:`classify_accounts`: A/B/C by the last year's order volume;
2. :func:`account_workload`: the visit hours each class gets against the volume it brings;
3. :data:`PLAN_SCHEMA` and :func:`plan_accounts`: a table of the customer database with one row
   per account (its class, its owner, its visits a year), so the database itself refuses a
   second owner;
4. :func:`load_feedback`: the complaint-and-praise log into the database's ``feedback`` table.

Examples
--------
>>> import pandas as pd
>>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "d", "e"],
...     "date": pd.to_datetime(["2025-03-01", "2025-09-01", "2025-06-01", "2025-07-01",
...                             "2025-08-01", "2024-01-05"]),
...     "amount": [600.0, 400.0, 500.0, 200.0, 100.0, 900.0]})
>>> classes = classify_accounts(yearly_volume(orders, as_of="2025-12-31"), cuts=(0.2, 0.4))
>>> classes["tier"].astype(str).tolist()
['A', 'B', 'C', 'C', 'C']
>>> account_workload(classes, visits_per_year={"A": 12, "B": 6, "C": 2}, hours=3.0)[
...     ["accounts", "pct_volume", "hours", "pct_hours"]]  # doctest: +NORMALIZE_WHITESPACE
      accounts  pct_volume  hours  pct_hours
tier
A            1   55.555556   36.0       50.0
B            1   27.777778   18.0       25.0
C            3   16.666667   18.0       25.0
"""

from __future__ import annotations

from ._validate import check_dates, check_frame, check_ids, check_number, check_timestamp
from .database import explain_integrity_error
from .errors import CRMLabError
from .value import assign_tiers

__all__ = ["TIERS", "PLAN_SCHEMA", "yearly_volume", "classify_accounts", "account_workload",
           "plan_accounts", "load_feedback"]

TIERS = ("A", "B", "C")

#: One row per account: its class, its one owner (principle 4) and its visits a year.
PLAN_SCHEMA = """
CREATE TABLE IF NOT EXISTS account_plan (
    customer_id     TEXT PRIMARY KEY REFERENCES customers (customer_id),
    tier            TEXT NOT NULL CONSTRAINT tier_name CHECK (tier IN ('A', 'B', 'C')),
    owner           TEXT NOT NULL,
    visits_per_year INTEGER NOT NULL CONSTRAINT visits_not_negative CHECK (visits_per_year >= 0)
);
"""


def yearly_volume(orders, *, as_of, days: int = 365, customer: str = "customer_id",
                  date: str = "date", amount: str = "amount"):
    """Order volume (yuan) of each account in the ``days`` up to ``as_of``, largest first.

    Accounts with orders only before that window get 0 (they are still in the book).
    """
    import pandas as pd

    check_frame(orders, name="orders", columns=[customer, date, amount])
    check_ids(orders, customer, name="orders")
    check_dates(orders, date, name="orders")
    day = check_timestamp(as_of, name="as_of")
    days = check_number(days, name="days", low=1, integer=True)
    recent = orders[(orders[date] <= day) & (orders[date] > day - pd.Timedelta(days=days))]
    out = recent.groupby(customer)[amount].sum().reindex(orders[customer].unique(), fill_value=0)
    out = out.sort_values(ascending=False, kind="stable").rename("volume")
    out.index.name = customer
    return out


def classify_accounts(volume, *, cuts=(0.2, 0.5)):
    """A/B/C classes from a volume per account (:func:`yearly_volume`), by share of accounts:
    the top ``cuts[0]`` are A (key accounts, 大客户), up to ``cuts[1]`` B, the rest C.

    Returns ``customer_id``, ``volume``, ``tier`` (ordered categorical), largest first.
    """
    import pandas as pd

    if not isinstance(volume, pd.Series) or volume.empty:
        raise CRMLabError("volume must be a non-empty pandas Series of volume by account, as "
                          "from crm.key_accounts.yearly_volume(...).")
    frame = pd.DataFrame({"customer_id": volume.index, "volume": volume.to_numpy()})
    t = assign_tiers(frame, value="volume", cuts=cuts, labels=TIERS)
    return t[["customer_id", "volume", "tier"]].reset_index(drop=True)


def account_workload(classes, *, visits_per_year, hours=2.0):
    """Visit hours a year by class against the volume each class brings.

    ``hours_a_year = visits_per_year[tier] * hours`` per account (``hours``: one number, or a
    Series of hours per visit by account, e.g. from :func:`crmlab.visits.visit_hours`).

    Returns, by tier: ``accounts``, ``pct_accounts``, ``volume``, ``pct_volume``,
    ``visits``, ``hours``, ``pct_hours`` (percentages of the totals); ``attrs["hours"]`` is
    the total of visit hours a year.
    """
    import numpy as np
    import pandas as pd

    check_frame(classes, name="classes", columns=["customer_id", "volume", "tier"])
    if not isinstance(visits_per_year, dict) or sorted(visits_per_year) != sorted(TIERS):
        raise CRMLabError(f"visits_per_year must be a dict with keys 'A', 'B', 'C' (visits a "
                          f"year of one account); got {visits_per_year!r}.")
    for t, v in visits_per_year.items():
        check_number(v, name=f"visits_per_year[{t!r}]", low=0)
    if isinstance(hours, pd.Series):
        each = classes["customer_id"].map(hours)
        if each.isna().any():
            raise CRMLabError("hours has no value for some accounts of classes (first: "
                              f"{classes['customer_id'][each.isna()].iloc[0]!r}).")
        each = each.to_numpy(dtype="float64")
    else:
        each = np.full(len(classes), check_number(hours, name="hours", low=0, low_open=True))
    tier = classes["tier"].astype(str)
    visits = tier.map(visits_per_year).to_numpy(dtype="float64")
    rows = pd.DataFrame({"tier": tier, "accounts": 1, "volume": classes["volume"],
                         "visits": visits, "hours": visits * each})
    out = rows.groupby("tier").sum().reindex(list(TIERS), fill_value=0)
    for col, pct in (("accounts", "pct_accounts"), ("volume", "pct_volume"),
                     ("hours", "pct_hours")):
        total = out[col].sum()
        out[pct] = 100 * out[col] / total if total else 0.0
    out = out[["accounts", "pct_accounts", "volume", "pct_volume", "visits", "hours",
               "pct_hours"]].astype({"accounts": "int64"})
    out.attrs["hours"] = float(out["hours"].sum())
    return out


def plan_accounts(con, plan):
    """Create the ``account_plan`` table (:data:`PLAN_SCHEMA`) if needed and insert ``plan``
    (columns customer_id, tier, owner, visits_per_year); all rows or none.

    The database refuses an account that is not a customer (foreign key), a second row for an
    account (so a second owner), an unknown class or a negative number of visits, with a plain
    explanation (:func:`crmlab.database.explain_integrity_error`). Returns the rows inserted.
    """
    cols = ["customer_id", "tier", "owner", "visits_per_year"]
    check_frame(plan, name="plan", columns=cols)
    con.executescript(PLAN_SCHEMA)
    return _insert(con, "INSERT INTO account_plan (customer_id, tier, owner, visits_per_year) "
                   "VALUES (?, ?, ?, ?)", plan[cols])


def _insert(con, sql, frame):
    import sqlite3

    rows = frame.astype(object).where(frame.notna(), None)
    try:
        with con:  # commits on success, rolls every row back on error
            con.executemany(sql, rows.itertuples(index=False, name=None))
    except sqlite3.IntegrityError as exc:
        raise CRMLabError(explain_integrity_error(exc)) from None
    return len(rows)


def load_feedback(con, feedback):
    """Insert a complaint-and-praise log (customer_id, date, kind, topic) into the database's
    ``feedback`` table (``topic`` goes to ``note``); all rows or none. Returns the rows added.

    A remark about an account that is not in the database is refused (foreign key).
    """
    check_frame(feedback, name="feedback", columns=["customer_id", "date", "kind", "topic"])
    check_dates(feedback, "date", name="feedback")
    rows = feedback.assign(date=feedback["date"].dt.strftime("%Y-%m-%d"))
    return _insert(con, "INSERT INTO feedback (customer_id, date, kind, note) VALUES (?, ?, ?, ?)",
                   rows[["customer_id", "date", "kind", "topic"]])
