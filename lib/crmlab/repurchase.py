"""Predicting repurchase and printing personalised coupons (C35-C36).

Supermarket A's system predicts when each customer will buy a product again and sends the
offer then. :func:`next_purchase_dates` makes that prediction from a customer's own rhythm in
each category; :func:`coupon_list` builds the list a store would print on a given day.
"""

from __future__ import annotations

from ._validate import (
    check_columns,
    check_dates,
    check_frame,
    check_ids,
    check_no_duplicates,
    check_number,
    check_numeric,
    check_timestamp,
)
from .errors import CRMLabError

__all__ = ["melt_category_spend", "next_purchase_dates", "coupon_list"]


def _spend_columns(wide, categories, customer: str, date: str) -> list:
    """The category columns of ``wide`` (all but ``customer`` and ``date`` unless named), each
    checked to hold spend of 0 or more."""
    if categories is None:
        categories = [c for c in wide.columns if c not in (customer, date)]
    else:
        categories = list(categories)
        check_columns(wide, categories, name="wide")
    if not categories:
        raise CRMLabError(
            f"wide has no category columns besides {customer!r} and {date!r}; add spend columns."
        )
    for col in categories:
        check_numeric(wide, col, name="wide", nonnegative=True)
    return categories


def melt_category_spend(
    wide, *, categories=None, customer: str = "customer_id", date: str = "date",
    category: str = "category", amount: str = "amount",
):
    """Turn a wide table of spend per category into one row per purchase and category.

    Each row of ``wide`` is one basket with a spend column per category; a category counts as
    bought when its spend is above 0.

    Parameters
    ----------
    wide : DataFrame
        Columns ``customer``, ``date`` and one numeric column per category.
    categories : sequence of str, optional
        The category columns; default every column other than ``customer`` and ``date``.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer``, ``date``, ``category``, ``amount``, sorted by customer and date.

    Examples
    --------
    >>> import pandas as pd
    >>> wide = pd.DataFrame({"customer_id": [1, 1], "date": pd.to_datetime(["2024-01-01",
    ...                      "2024-01-08"]), "milk": [3.0, 0.0], "nappies": [20.0, 18.0]})
    >>> melt_category_spend(wide)[["category", "amount"]].values.tolist()
    [['milk', 3.0], ['nappies', 20.0], ['nappies', 18.0]]
    """
    check_frame(wide, name="wide", columns=[customer, date])
    check_ids(wide, customer, name="wide")
    check_dates(wide, date, name="wide")
    categories = _spend_columns(wide, categories, customer, date)
    # only the named columns: a basket total already called ``amount`` must not clash
    long = wide[[customer, date, *categories]].melt(
        id_vars=[customer, date], value_vars=categories, var_name=category, value_name=amount)
    long = long[long[amount] > 0]
    return long.sort_values([customer, date, category], kind="stable", ignore_index=True)


def _purchases(purchases, customer, date, category):
    check_frame(purchases, name="purchases", columns=[customer, date, category])
    check_ids(purchases, customer, name="purchases")
    check_dates(purchases, date, name="purchases")
    if purchases[category].isna().any():
        row = purchases.index[purchases[category].isna().to_numpy().argmax()]
        raise CRMLabError(
            f"purchases column {category!r} has {int(purchases[category].isna().sum())} missing "
            f"categor(ies) (first in row {row!r}); every purchase needs a category."
        )


def next_purchase_dates(
    purchases, *, min_purchases: int = 2, customer: str = "customer_id", date: str = "date",
    category: str = "category",
):
    """Each customer's expected next purchase date in each category they buy.

    ``expected_next = last + median_gap``, where ``median_gap`` is the median of the days
    between the customer's purchase days in that category. A customer with fewer than
    ``min_purchases`` purchase days in a category borrows the category's median gap over all
    customers (``basis = "category"``); if nobody has bought the category twice, that row
    is left out.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer``, ``category``, ``purchases``, ``last``, ``median_gap``,
        ``expected_next``, ``basis``.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"customer_id": [1, 1, 1, 2, 2],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-01-31", "2024-01-05",
    ...                             "2024-01-07"]),
    ...     "category": ["milk"] * 3 + ["milk", "pet food"]})
    >>> r = next_purchase_dates(p)
    >>> r[["customer_id", "category", "median_gap", "basis"]].values.tolist()
    [[1, 'milk', 15.0, 'own'], [2, 'milk', 15.0, 'category']]
    >>> r["expected_next"].dt.strftime("%Y-%m-%d").tolist()
    ['2024-02-15', '2024-01-20']
    """
    import numpy as np
    import pandas as pd

    min_purchases = check_number(min_purchases, name="min_purchases", low=2, integer=True)
    _purchases(purchases, customer, date, category)
    # integer codes in sorted order stand in for the ids and categories (text ids are slow to
    # compare and group, and the result is the same)
    who, who_names = pd.factorize(purchases[customer], sort=True)
    what, what_names = pd.factorize(purchases[category], sort=True)
    v = pd.DataFrame({customer: who, category: what, date: purchases[date].dt.normalize()})
    v = v.drop_duplicates().sort_values([customer, category, date], kind="stable",
                                         ignore_index=True)
    same = (v[customer].eq(v[customer].shift()) & v[category].eq(v[category].shift())).to_numpy()
    gap = (v[date] - v[date].shift()).dt.days.to_numpy(dtype="float64", na_value=np.nan)
    v["gap"] = np.where(same, gap, np.nan)
    g = v.groupby([customer, category], sort=True)
    out = g.agg(purchases=(date, "size"), last=(date, "max"), median_gap=("gap", "median"))
    out = out.reset_index()
    out[customer] = who_names.take(out[customer].to_numpy())
    out[category] = what_names.take(out[category].to_numpy())
    own = out["purchases"].to_numpy() >= min_purchases
    cat_median = out[own].groupby(category, observed=True)["median_gap"].median()
    fallback = out[category].map(cat_median).astype("float64")
    out["basis"] = np.where(own, "own", "category")
    out["median_gap"] = np.where(own, out["median_gap"], fallback)
    out = out[out["median_gap"].notna()].reset_index(drop=True)
    out["expected_next"] = out["last"] + pd.to_timedelta(out["median_gap"], unit="D")
    return out[[customer, category, "purchases", "last", "median_gap", "expected_next", "basis"]]


def coupon_list(
    purchases, customers, *, on, min_weekly_spend: float = 0.0, within_days: int = 7,
    lookback_weeks: int = 8, children_offer: str = "children's offer",
    pet_offer: str = "pet offer", customer: str = "customer_id", date: str = "date",
    category: str = "category", amount: str = "amount",
):
    """The personalised coupon list a supermarket would print on day ``on``.

    A customer qualifies when their weekly spend over the ``lookback_weeks`` weeks before
    ``on`` (total spend / ``lookback_weeks``) is above ``min_weekly_spend``. Each qualifying
    customer gets a coupon for every category whose expected next purchase
    (:func:`next_purchase_dates`, history before ``on`` only) falls within ``within_days``
    days of ``on`` either way (``|due_in_days| <= within_days``: due soon or just overdue),
    plus ``children_offer`` when ``has_children`` and ``pet_offer`` when ``pet_owner``.

    Parameters
    ----------
    purchases : DataFrame
        Columns ``customer``, ``date``, ``category``, ``amount``.
    customers : DataFrame
        One row per customer: ``customer``, ``has_children``, ``pet_owner`` (True/False).
    on : date
        The day the list is printed.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer``, ``weekly_spend``, ``item``, ``reason`` ("due", "children",
        "pets"), ``due_in_days`` (NaN for the family offers), sorted by customer.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"customer_id": [1, 1, 1, 2],
    ...     "date": pd.to_datetime(["2024-03-01", "2024-03-08", "2024-03-15", "2024-03-10"]),
    ...     "category": ["milk", "milk", "milk", "bread"], "amount": [40.0, 40.0, 40.0, 5.0]})
    >>> c = pd.DataFrame({"customer_id": [1, 2], "has_children": [True, False],
    ...                   "pet_owner": [False, True]})
    >>> coupon_list(p, c, on="2024-03-20", min_weekly_spend=10, lookback_weeks=4)
       customer_id  weekly_spend              item    reason  due_in_days
    0            1          30.0              milk       due          2.0
    1            1          30.0  children's offer  children          NaN
    """
    import numpy as np
    import pandas as pd

    _purchases(purchases, customer, date, category)
    check_columns(purchases, [amount], name="purchases")
    check_numeric(purchases, amount, name="purchases")
    check_frame(customers, name="customers", columns=[customer, "has_children", "pet_owner"])
    check_ids(customers, customer, name="customers")
    check_no_duplicates(customers, [customer], name="customers")
    for flag in ("has_children", "pet_owner"):
        s = customers[flag]
        if s.isna().any() or not pd.api.types.is_bool_dtype(s):
            raise CRMLabError(
                f"customers column {flag!r} must hold True/False for every customer; got dtype "
                f"{s.dtype} with {int(s.isna().sum())} missing."
            )
    first = purchases[date].min()
    day = check_timestamp(on, name="on")
    if day <= first:
        raise CRMLabError(
            f"on is {day.date()}, not after the first purchase ({first.date()}); a coupon list "
            "needs some history before the day it is printed."
        )
    min_weekly_spend = check_number(min_weekly_spend, name="min_weekly_spend", low=0)
    within_days = check_number(within_days, name="within_days", low=0, integer=True)
    lookback_weeks = check_number(lookback_weeks, name="lookback_weeks", low=1, integer=True)

    past = purchases[purchases[date] < day]
    window = past[past[date] >= day - pd.Timedelta(weeks=lookback_weeks)]
    weekly = window.groupby(customer)[amount].sum() / lookback_weeks
    weekly = weekly.reindex(customers[customer]).fillna(0.0)
    chosen = weekly[weekly > min_weekly_spend]
    cols = [customer, "weekly_spend", "item", "reason", "due_in_days"]
    if chosen.empty:
        return pd.DataFrame({c: [] for c in cols}).astype(
            {"weekly_spend": "float64", "due_in_days": "float64"})
    due = next_purchase_dates(past, customer=customer, date=date, category=category)
    due = due[due[customer].isin(chosen.index)]
    due_in = (due["expected_next"] - day).dt.total_seconds().to_numpy() / 86400.0
    due = due.assign(due_in_days=due_in)[np.abs(due_in) <= within_days]
    rows = [pd.DataFrame({customer: due[customer].to_numpy(), "item": due[category].to_numpy(),
                          "reason": "due", "due_in_days": due["due_in_days"].to_numpy(),
                          "_order": 0})]
    attrs = customers.set_index(customer).loc[chosen.index]
    for flag, item, reason, order in (("has_children", children_offer, "children", 1),
                                      ("pet_owner", pet_offer, "pets", 2)):
        ids = attrs.index[attrs[flag].to_numpy()]
        rows.append(pd.DataFrame({customer: ids.to_numpy(), "item": item, "reason": reason,
                                  "due_in_days": np.nan, "_order": order}))
    rows = [r for r in rows if len(r)]
    if not rows:
        return pd.DataFrame({c: [] for c in cols}).astype(
            {"weekly_spend": "float64", "due_in_days": "float64"})
    out = pd.concat(rows, ignore_index=True)
    out["weekly_spend"] = out[customer].map(chosen).astype("float64")
    out = out.sort_values([customer, "_order", "due_in_days"], kind="stable", ignore_index=True)
    return out[cols]
