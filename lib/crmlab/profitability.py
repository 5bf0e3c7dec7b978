"""Customer profitability: who makes the profit and who loses it (C12-C13).

Ranking customers from the most to the least profitable and adding up their profit gives the
whale curve (:func:`whale_curve`): when some customers lose money it climbs above 100 % of the
total and sinks back. :func:`whale_peak` says where it peaks, :func:`drop_worst` what profit
would be without the worst customers (and with the fixed costs that stay).
"""

from __future__ import annotations

from ._validate import check_number, check_positive_total
from .value import customer_values, rank_customers

__all__ = ["whale_curve", "whale_peak", "drop_worst"]


def whale_curve(data, *, profit: str = "profit", customer: str = "customer_id"):
    """Whale curve: cumulative profit share by customers ranked from most to least profitable.

    ``profit_share = cumulative profit / total profit``. Profit may be negative: the curve then
    climbs above 1 (100 %) and falls back to 1 as the money-losing customers are added.
    ``attrs["value"]`` names the profit column (the label of :func:`crmlab.plots.whale_chart`).

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
    total = check_positive_total(totals, what=profit)
    table = rank_customers(totals, cumulative="cumulative_profit")
    table["profit_share"] = table["cumulative_profit"] / total
    table.attrs["value"] = profit
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
