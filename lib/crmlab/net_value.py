"""The full form of lifetime value: margin net of cost to serve and retention spend, minus the
cost of winning the customer, with the payback period and a sensitivity table (C12, C22, C27).

:mod:`crmlab.clv` values a gross margin ``m``. A customer also costs money to serve (staff time,
complaints, discounts: notebook 03), retention programmes cost money every period, and a new
customer had to be won first. With the net margin per period

    n = m - cost to serve - retention spend

and the course's timing convention (each period's margin at its end, discounted by
``(1 + d)**t``):

* an existing customer, still there in period t with chance ``r**t``: ``n r / (1 + d - r)``;
* a prospect, won now at acquisition cost ``A`` and a customer for period 1:
  ``n / (1 + d - r) - A``; it pays back in the first period whose running sum of discounted
  expected net margin reaches ``A`` (:func:`payback_period`).
"""

from __future__ import annotations

from ._validate import check_number, check_rate
from .clv import clv_projection, simple_clv, value_if_stays
from .errors import CRMLabError

__all__ = ["net_clv", "payback_period", "clv_sensitivity"]


def _money(value, name):
    return check_number(value, name=name, low=0)


def net_clv(margin: float, retention: float, discount: float, *, cost_to_serve: float = 0.0,
            retention_spend: float = 0.0, acquisition_cost: float | None = None) -> dict:
    """Lifetime value from the gross margin down to the net value of a prospect, step by step.

    ``margin``, ``cost_to_serve`` and ``retention_spend`` are per customer and period (money);
    a net margin below 0 gives a negative value (a customer who costs more than she brings).
    Without ``acquisition_cost`` the customer exists already (``n r / (1 + d - r)``); with it she
    is a prospect (``n / (1 + d - r) - A``).

    Returns
    -------
    dict
        ``net_margin``, ``gross_clv`` (the gross margin alone, same timing), ``net_clv`` and,
        for a prospect, ``acquisition_cost`` and ``payback_periods``.

    Examples
    --------
    >>> v = net_clv(100, 0.8, 0.1, cost_to_serve=20)
    >>> v["net_margin"], v["gross_clv"], v["net_clv"]
    (80.0, 266.667, 213.333)
    >>> p = net_clv(100, 0.8, 0.1, cost_to_serve=20, acquisition_cost=150)
    >>> p["gross_clv"], p["net_clv"], p["payback_periods"]
    (333.333, 116.667, 3)
    >>> net_clv(100, 0.8, 0.1, cost_to_serve=130)["net_clv"]
    -80.0
    """
    m = float(check_number(margin, name="margin"))
    r = float(check_rate(retention, name="retention"))
    d = float(check_rate(discount, name="discount"))
    n = float(m - _money(cost_to_serve, "cost_to_serve")
              - _money(retention_spend, "retention_spend"))
    if acquisition_cost is None:
        return {"net_margin": round(n, 9), "gross_clv": float(simple_clv(m, r, d)),
                "net_clv": round(float(n * (r / (1 + d - r))), 3)}
    a = _money(acquisition_cost, "acquisition_cost")
    return {"net_margin": round(n, 9), "gross_clv": float(value_if_stays(m, r, d)),
            "net_clv": round(float(n / (1 + d - r) - a), 3), "acquisition_cost": float(a),
            "payback_periods": payback_period(n, r, d, acquisition_cost=a)}


def payback_period(net_margin: float, retention: float, discount: float, *,
                   acquisition_cost: float, max_periods: int = 200) -> float:
    """First period in which a new customer's running discounted expected net margin reaches
    the acquisition cost; ``inf`` if it never does (within ``max_periods``).

    Period t adds ``n r**(t - 1) / (1 + d)**t`` (she is a customer for period 1, then stays
    with chance ``r`` each period). Without retention and discounting the payback would simply
    be ``A / n``; leaving and discounting make it longer, or never.

    Examples
    --------
    >>> payback_period(80, 0.8, 0.1, acquisition_cost=150)
    3
    >>> payback_period(80, 0.8, 0.1, acquisition_cost=300)
    inf
    >>> payback_period(50, 0.0, 0.0, acquisition_cost=0)
    0
    """
    import math

    import numpy as np

    n = check_number(net_margin, name="net_margin")
    a = _money(acquisition_cost, "acquisition_cost")
    if a == 0:
        return 0
    if n <= 0:
        return math.inf
    limit = check_number(max_periods, name="max_periods", low=1, high=10_000, integer=True)
    run = clv_projection(n, retention, discount, periods=limit, stays=True)["cumulative_clv"]
    reached = np.flatnonzero(run.to_numpy() >= a - 1e-9)
    return int(reached[0]) + 1 if reached.size else math.inf


def clv_sensitivity(margins, retentions, *, discount: float, stays: bool = False):
    """Lifetime value for every margin (rows) and retention (columns): a range, not one number.

    Each cell is :func:`crmlab.clv.simple_clv` (or :func:`crmlab.clv.value_if_stays` with
    ``stays=True``) of that margin and retention at ``discount``.

    Examples
    --------
    >>> clv_sensitivity([100, 200], [0.5, 0.8], discount=0.1)  # doctest: +NORMALIZE_WHITESPACE
    retention      0.5      0.8
    margin
    100         83.333  266.667
    200        166.667  533.333
    """
    import pandas as pd

    margins, retentions = list(margins), list(retentions)
    if not margins or not retentions:
        raise CRMLabError("clv_sensitivity needs at least one margin and one retention; got "
                          f"{len(margins)} margin(s) and {len(retentions)} retention(s).")
    d = check_rate(discount, name="discount")
    value = value_if_stays if stays else simple_clv
    rows = {m: [value(m, r, d) for r in retentions] for m in margins}
    out = pd.DataFrame.from_dict(rows, orient="index", columns=retentions)
    out.index.name, out.columns.name = "margin", "retention"
    return out
