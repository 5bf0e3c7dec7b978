"""Customer value: who brings the revenue and the profit (concepts C08, C11-C13).

A few customers usually bring most of the value. This module measures how concentrated value
is and sorts customers into tiers:

* :func:`pareto_table` and :func:`top_share`: what share of revenue (or profit) the top x %
  of customers bring (the 20/80 rule, 二八原则);
* :func:`lorenz_curve` and :func:`gini`: the same concentration as a curve and one number;
* :func:`whale_curve` and :func:`whale_peak`: cumulative profit by customers ranked from most
  to least profitable; when some customers lose money the curve peaks above 100 %;
* :func:`drop_worst`: profit after no longer serving the worst x % (with an optional fixed cost);
* :func:`assign_tiers`: key / secondary / ordinary customers by customer share or value share.

Every function takes either a sequence of per-customer values or a DataFrame with a customer
column and a value column; a DataFrame with several rows per customer (a transaction log) is
summed per customer first.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._validate import check_frame, check_ids, check_number, check_numeric
from .errors import CRMLabError

__all__ = [
    "customer_values",
    "pareto_table",
    "top_share",
    "lorenz_curve",
    "gini",
    "whale_curve",
    "whale_peak",
    "drop_worst",
    "assign_tiers",
]


def customer_values(data, *, value: str = "amount", customer: str = "customer_id",
                    allow_negative: bool = False, min_customers: int = 1):
    """Per-customer totals as a Series indexed by customer, after checking the input.

    Parameters
    ----------
    data : DataFrame, Series or sequence of numbers
        A DataFrame with ``customer`` and ``value`` columns (several rows per customer are
        summed), or one number per customer.
    value, customer : str
        Column names, used when ``data`` is a DataFrame.
    allow_negative : bool
        Allow negative values (profit may be negative; revenue may not).
    min_customers : int
        The fewest customers the calculation needs.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": ["a", "b", "a"], "amount": [10.0, 5.0, 2.5]})
    >>> customer_values(df).to_dict()
    {'a': 12.5, 'b': 5.0}
    """
    import numpy as np
    import pandas as pd

    check_number(min_customers, name="min_customers", low=1, integer=True)
    if isinstance(data, pd.DataFrame):
        check_frame(data, name="data", columns=[customer, value])
        check_ids(data, customer, name="data")
        check_numeric(data, value, name="data", nonnegative=not allow_negative)
        totals = data.groupby(customer, sort=False, observed=True)[value].sum().astype("float64")
        label = value
    else:
        if isinstance(data, (str, bytes)) or not isinstance(data, (Sequence, np.ndarray, pd.Series)):
            raise CRMLabError(
                f"data must be a DataFrame or a sequence of per-customer values; got "
                f"{type(data).__name__}."
            )
        series = pd.Series(data, name=value)
        if series.ndim != 1 or len(series) == 0:
            raise CRMLabError("data has no values; pass at least one value per customer.")
        check_numeric(series.to_frame(), value, name="data", nonnegative=not allow_negative)
        totals = series.astype("float64").reset_index(drop=True)
        totals.index.name = customer
        label = value
    if len(totals) < min_customers:
        raise CRMLabError(
            f"data has {len(totals)} customer(s); this needs at least {min_customers} "
            "customers to compare shares."
        )
    totals.name = label
    return totals


def _positive_total(totals, what: str) -> float:
    total = float(totals.sum())
    if total <= 0:
        raise CRMLabError(
            f"the total {what} is {total:g}; shares need a positive total. "
            "Check the column or the filter that produced the data."
        )
    return total


def _ranked(totals, column: str, *, cumulative: str):
    """Customers from the largest total down, with ``rank``, ``customer_share`` and a running total.

    ``customer_share = rank / n``; the running total of ``column`` goes in ``cumulative``.
    The Pareto and whale tables both start here and differ only in how they scale it.
    """
    import numpy as np

    table = totals.sort_values(ascending=False, kind="stable").reset_index()
    n = len(table)
    table["rank"] = np.arange(1, n + 1)
    table["customer_share"] = table["rank"] / n
    table[cumulative] = table[column].cumsum()
    return table


def pareto_table(data, *, value: str = "amount", customer: str = "customer_id"):
    """Customers ranked by value with cumulative customer share and value share.

    ``customer_share = rank / n`` and ``value_share = cumulative value / total value``.
    Both rise to 1; ``value_share`` rises fastest at the start when value is concentrated.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": list("abcd"), "amount": [10.0, 50.0, 30.0, 10.0]})
    >>> pareto_table(df)[["customer_id", "rank", "customer_share", "value_share"]]
      customer_id  rank  customer_share  value_share
    0           b     1            0.25          0.5
    1           c     2            0.50          0.8
    2           a     3            0.75          0.9
    3           d     4            1.00          1.0
    """
    totals = customer_values(data, value=value, customer=customer, min_customers=2)
    total = _positive_total(totals, value)
    table = _ranked(totals, value, cumulative="cumulative_value")
    table["value_share"] = (table["cumulative_value"] / total).clip(upper=1.0)
    return table


def top_share(data, top: float = 0.2, *, value: str = "amount", customer: str = "customer_id") -> float:
    """Share of total value brought by the top ``top`` fraction of customers.

    The cumulative share curve of :func:`pareto_table` is read at ``top`` (linear between
    customers), so ``top_share(x, 0.2)`` answers "the top 20 % bring what share?".

    Examples
    --------
    >>> top_share([50, 30, 10, 10], 0.25)
    0.5
    >>> top_share([50, 30, 10, 10], 0.5)
    0.8
    """
    import numpy as np

    top = check_number(top, name="top", low=0, high=1)
    table = pareto_table(data, value=value, customer=customer)
    x = np.concatenate([[0.0], table["customer_share"].to_numpy()])
    y = np.concatenate([[0.0], table["value_share"].to_numpy()])
    return round(float(np.interp(top, x, y)), 12)


def lorenz_curve(data, *, value: str = "amount", customer: str = "customer_id"):
    """Lorenz curve: cumulative value share of the poorest customers, from (0, 0) to (1, 1).

    Customers are sorted from the smallest to the largest value; the curve lies on the
    diagonal when every customer brings the same, and sags below it as value concentrates.

    Examples
    --------
    >>> lorenz_curve([1, 3]).round(3).to_dict("list")
    {'population_share': [0.0, 0.5, 1.0], 'value_share': [0.0, 0.25, 1.0]}
    """
    import numpy as np
    import pandas as pd

    totals = customer_values(data, value=value, customer=customer, min_customers=2)
    total = _positive_total(totals, value)
    v = np.sort(totals.to_numpy())
    n = len(v)
    return pd.DataFrame({
        "population_share": np.arange(n + 1) / n,
        "value_share": np.minimum(np.concatenate([[0.0], np.cumsum(v) / total]), 1.0),
    })


def gini(data, *, value: str = "amount", customer: str = "customer_id") -> float:
    """Gini coefficient of per-customer value, in [0, 1 - 1/n].

    With values sorted ascending, :math:`G = \\sum_i (2i - n - 1) x_{(i)} / (n \\sum_i x_i)`;
    0 when every customer brings the same, near 1 when one customer brings everything.

    Examples
    --------
    >>> gini([5, 5, 5, 5])
    0.0
    >>> gini([0, 0, 0, 10])
    0.75
    """
    import numpy as np

    totals = customer_values(data, value=value, customer=customer, min_customers=2)
    total = _positive_total(totals, value)
    v = np.sort(totals.to_numpy())
    n = len(v)
    i = np.arange(1, n + 1)
    return round(float(np.sum((2 * i - n - 1) * v) / (n * total)), 12)


def whale_curve(data, *, profit: str = "profit", customer: str = "customer_id"):
    """Whale curve: cumulative profit share by customers ranked from most to least profitable.

    ``profit_share = cumulative profit / total profit``. Profit may be negative: the curve then
    climbs above 1 (100 %) and falls back to 1 as the money-losing customers are added.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": list("abcd"), "profit": [60.0, -20.0, 50.0, 10.0]})
    >>> whale_curve(df)[["customer_id", "customer_share", "profit_share"]].round(3)
      customer_id  customer_share  profit_share
    0           a            0.25           0.6
    1           c            0.50           1.1
    2           d            0.75           1.2
    3           b            1.00           1.0
    """
    totals = customer_values(data, value=profit, customer=customer, allow_negative=True,
                             min_customers=2)
    total = _positive_total(totals, profit)
    table = _ranked(totals, profit, cumulative="cumulative_profit")
    table["profit_share"] = table["cumulative_profit"] / total
    return table


def whale_peak(data, *, profit: str = "profit", customer: str = "customer_id") -> dict:
    """Where the whale curve peaks: the profitable customers and the profit they make.

    Returns a dict with ``customer_share`` (share of customers at the peak),
    ``peak_share`` (peak cumulative profit / total profit), ``peak_profit`` and
    ``total_profit``.

    Examples
    --------
    >>> whale_peak([60, -20, 50, 10])
    {'customer_share': 0.75, 'peak_share': 1.2, 'peak_profit': 120.0, 'total_profit': 100.0}
    """
    table = whale_curve(data, profit=profit, customer=customer)
    at = int(table["cumulative_profit"].to_numpy().argmax())
    return {
        "customer_share": round(float(table["customer_share"].iloc[at]), 12),
        "peak_share": round(float(table["profit_share"].iloc[at]), 12),
        "peak_profit": round(float(table["cumulative_profit"].iloc[at]), 12),
        "total_profit": round(float(table[profit].sum()), 12),
    }


def drop_worst(data, worst: float = 0.1, *, fixed_cost: float = 0.0, profit: str = "profit",
               customer: str = "customer_id") -> dict:
    """Profit before and after no longer serving the least profitable ``worst`` share.

    ``profit_after = sum of the kept customers' profit - fixed_cost``; the number dropped is
    ``round(worst * n)``.

    Examples
    --------
    >>> drop_worst([60, -20, 50, 10], 0.25, fixed_cost=30)
    {'dropped': 1, 'kept': 3, 'profit_before': 70.0, 'profit_after': 90.0, 'change': 20.0}
    """
    import numpy as np

    worst = check_number(worst, name="worst", low=0, high=1, high_open=True)
    fixed_cost = check_number(fixed_cost, name="fixed_cost", low=0)
    totals = customer_values(data, value=profit, customer=customer, allow_negative=True)
    v = np.sort(totals.to_numpy())
    n = len(v)
    dropped = int(round(worst * n))
    before = float(v.sum()) - fixed_cost
    after = float(v[dropped:].sum()) - fixed_cost
    return {"dropped": dropped, "kept": n - dropped, "profit_before": round(before, 9),
            "profit_after": round(after, 9), "change": round(after - before, 9)}


def assign_tiers(data, *, value: str = "amount", customer: str = "customer_id",
                 cuts: Sequence[float] = (0.2, 0.5), basis: str = "customers",
                 labels: Sequence[str] = ("key", "secondary", "ordinary")):
    """Sort customers into tiers (key / secondary / ordinary) from the top down.

    With ``basis="customers"`` the cuts are shares of customers: the default puts the top
    20 % in the first tier, the next 30 % (to 50 %) in the second, the rest in the third.
    With ``basis="value"`` the cuts are shares of total value: ``cuts=(0.8,)`` makes key
    customers those who together bring the first 80 % of value (the 20/80 rule).
    A customer belongs to the tier where their cumulative share *starts*.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": list("abcdefghij"),
    ...                    "amount": [100.0, 50, 20, 10, 8, 5, 3, 2, 1, 1]})
    >>> t = assign_tiers(df)
    >>> t.groupby("tier", observed=True)["customer_id"].apply(list).to_dict()
    {'key': ['a', 'b'], 'secondary': ['c', 'd', 'e'], 'ordinary': ['f', 'g', 'h', 'i', 'j']}
    >>> assign_tiers(df, cuts=(0.8,), basis="value", labels=("key", "other"))["tier"].value_counts().to_dict()
    {'other': 7, 'key': 3}
    """
    import numpy as np
    import pandas as pd

    from ._validate import check_choice

    check_choice(basis, name="basis", choices=["customers", "value"])
    cuts = list(cuts) if isinstance(cuts, (Sequence, np.ndarray)) and not isinstance(cuts, str) else None
    if not cuts:
        raise CRMLabError("cuts must be a non-empty sequence of shares such as (0.2, 0.5).")
    for c in cuts:
        check_number(c, name="each cut", low=0, high=1, low_open=True, high_open=True)
    if any(b <= a for a, b in zip(cuts, cuts[1:])):
        raise CRMLabError(f"cuts must increase; got {tuple(cuts)}.")
    labels = list(labels)
    if len(labels) != len(cuts) + 1 or len(set(labels)) != len(labels):
        raise CRMLabError(
            f"labels must be {len(cuts) + 1} distinct names for {len(cuts)} cut(s); got {labels}."
        )
    table = pareto_table(data, value=value, customer=customer)
    if basis == "customers":
        start = (table["rank"].to_numpy() - 1) / len(table)
    else:
        start = (table["cumulative_value"] - table[value]).to_numpy() / table["cumulative_value"].iloc[-1]
    code = np.searchsorted(np.asarray(cuts) - 1e-12, start, side="right")
    table["tier"] = pd.Categorical.from_codes(code, categories=labels, ordered=True)
    return table[[customer, value, "rank", "customer_share", "value_share", "tier"]]
