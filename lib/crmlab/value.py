"""Customer value: who brings the revenue (concepts C08, C11-C13).

A few customers usually bring most of the value. This module measures how concentrated value
is and sorts customers into tiers:

* :func:`pareto_table` and :func:`top_share`: what share of revenue the top x % of customers
  bring (the 20/80 rule, 二八原则); :func:`share_of_top` reads it off a table already made;
* :func:`lorenz_curve` and :func:`gini`: the same concentration as a curve and one number;
* :func:`assign_tiers`: key / secondary / ordinary customers by customer share or value share.

Profit, which some customers lose, is in :mod:`crmlab.profitability` (the whale curve).
Every function takes either a sequence of per-customer values or a DataFrame with a customer
column and a value column; a DataFrame with several rows per customer (a transaction log) is
summed per customer first (:func:`customer_values`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ._validate import (check_choice, check_frame, check_ids, check_number, check_numeric,
                        check_positive_total)
from .errors import CRMLabError

__all__ = ["customer_values", "rank_customers", "pareto_table", "top_share", "share_of_top",
           "lorenz_curve", "gini", "assign_tiers"]


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
        if isinstance(data, (str, bytes)) or not isinstance(
            data, (Sequence, np.ndarray, pd.Series)
        ):
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


def rank_customers(totals, *, cumulative: str):
    """Customers from the largest total down, with ``rank``, ``customer_share`` and a running total.

    ``totals`` is :func:`customer_values`; ``customer_share = rank / n`` and the running total
    goes in column ``cumulative``. The Pareto and whale tables both start here and differ only
    in how they scale it.

    Examples
    --------
    >>> rank_customers(customer_values([5.0, 20.0]), cumulative="so_far")["so_far"].tolist()
    [20.0, 25.0]
    """
    import numpy as np

    table = totals.sort_values(ascending=False, kind="stable").reset_index()
    n = len(table)
    table["rank"] = np.arange(1, n + 1)
    table["customer_share"] = table["rank"] / n
    table[cumulative] = table[totals.name].cumsum()
    return table


def pareto_table(data, *, value: str = "amount", customer: str = "customer_id"):
    """Customers ranked by value with cumulative customer share and value share.

    ``customer_share = rank / n`` and ``value_share = cumulative value / total value``.
    Both rise to 1; ``value_share`` rises fastest at the start when value is concentrated.
    ``attrs["value"]`` names the value column (the label of :func:`crmlab.plots.pareto_chart`).

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
    total = check_positive_total(totals, what=value)
    table = rank_customers(totals, cumulative="cumulative_value")
    table["value_share"] = (table["cumulative_value"] / total).clip(upper=1.0)
    table.attrs["value"] = value
    return table


def top_share(
    data, top: float = 0.2, *, value: str = "amount", customer: str = "customer_id"
) -> float:
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
    return share_of_top(pareto_table(data, value=value, customer=customer), top)


def share_of_top(curve, top: float = 0.2) -> float:
    """Share of value brought by the top ``top`` fraction, read off a curve already computed.

    ``curve`` is :func:`pareto_table` (read at ``top``, linear between customers) or
    :func:`lorenz_curve` (one minus its value at ``1 - top``).

    Examples
    --------
    >>> share_of_top(pareto_table([50, 30, 10, 10]), 0.25)
    0.5
    >>> share_of_top(lorenz_curve([50, 30, 10, 10]), 0.25)
    0.5
    """
    import numpy as np

    top = check_number(top, name="top", low=0, high=1)
    if "population_share" in getattr(curve, "columns", ()):
        x, y = curve["population_share"].to_numpy(), curve["value_share"].to_numpy()
        return round(1.0 - float(np.interp(1.0 - top, x, y)), 12)
    check_frame(curve, name="curve", columns=["customer_share", "value_share"])
    x = np.concatenate([[0.0], curve["customer_share"].to_numpy()])
    y = np.concatenate([[0.0], curve["value_share"].to_numpy()])
    return round(float(np.interp(top, x, y)), 12)


def lorenz_curve(data, *, value: str = "amount", customer: str = "customer_id"):
    """Lorenz curve: cumulative value share of the poorest customers, from (0, 0) to (1, 1).

    Customers are sorted from the smallest to the largest value; the curve lies on the
    diagonal when every customer brings the same, and sags below it as value concentrates.
    ``attrs`` holds ``value`` (the column) and ``gini`` (:func:`gini`).

    Examples
    --------
    >>> lorenz_curve([1, 3]).round(3).to_dict("list")
    {'population_share': [0.0, 0.5, 1.0], 'value_share': [0.0, 0.25, 1.0]}
    """
    import numpy as np

    totals = customer_values(data, value=value, customer=customer, min_customers=2)
    total = check_positive_total(totals, what=value)
    v = np.sort(totals.to_numpy())
    curve = _lorenz_points(v, total)
    curve.attrs.update(value=value, gini=_gini(v, total))
    return curve


def _lorenz_points(v, total: float):
    """The Lorenz curve of the sorted values ``v``: shares from (0, 0) to (1, 1)."""
    import numpy as np
    import pandas as pd

    n = len(v)
    return pd.DataFrame(
        {
            "population_share": np.arange(n + 1) / n,
            "value_share": np.minimum(np.concatenate([[0.0], np.cumsum(v) / total]), 1.0),
        }
    )


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
    return _gini(np.sort(totals.to_numpy()), check_positive_total(totals, what=value))


def _gini(v, total: float) -> float:
    """The Gini formula on values sorted ascending."""
    import numpy as np

    n = len(v)
    i = np.arange(1, n + 1)
    return round(float(np.sum((2 * i - n - 1) * v) / (n * total)), 12)


def assign_tiers(
    data,
    *,
    value: str = "amount",
    customer: str = "customer_id",
    cuts: Sequence[float] = (0.2, 0.5),
    basis: str = "customers",
    labels: Sequence[str] = ("key", "secondary", "ordinary"),
):
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
    >>> by_value = assign_tiers(df, cuts=(0.8,), basis="value", labels=("key", "other"))
    >>> by_value["tier"].value_counts().to_dict()
    {'other': 7, 'key': 3}
    """
    import numpy as np
    import pandas as pd

    check_choice(basis, name="basis", choices=["customers", "value"])
    cuts = (
        list(cuts)
        if isinstance(cuts, (Sequence, np.ndarray)) and not isinstance(cuts, str)
        else None
    )
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
        start = (table["cumulative_value"] - table[value]).to_numpy() / table[
            "cumulative_value"
        ].iloc[-1]
    code = np.searchsorted(np.asarray(cuts) - 1e-12, start, side="right")
    table["tier"] = pd.Categorical.from_codes(code, categories=labels, ordered=True)
    return table[[customer, value, "rank", "customer_share", "value_share", "tier"]]
