"""Customer lifetime value and the economics of keeping customers (C22-C24, C27).

* :func:`simple_clv` and :func:`clv_projection`: the value of a customer who brings margin
  ``m`` each period, stays with probability ``r`` each period, discounted at rate ``d``;
* :func:`expected_lifetime`, :func:`retention_from_churn`, :func:`churn_from_retention`;
* :func:`acquisition_vs_retention`: what winning new customers costs next to keeping old ones
  (one new customer costs as much as keeping eight; winning one costs 4-6 times keeping one;
  loyal customers bring about nine times the profit: :data:`RULES_OF_THUMB`);
* :func:`leaky_bucket`: customers lost and won each period, with the money it costs.
"""

from __future__ import annotations

from ._validate import check_number, check_rate, check_seed
from .errors import CRMLabError

__all__ = [
    "RULES_OF_THUMB",
    "simple_clv",
    "clv_projection",
    "clv_summary",
    "expected_lifetime",
    "retention_from_churn",
    "churn_from_retention",
    "acquisition_vs_retention",
    "leaky_bucket",
]

#: Rules of thumb quoted in the course's sources (C22): cost of one new customer in kept
#: customers, range of acquisition-to-retention cost ratios, profit of loyal vs non-loyal.
RULES_OF_THUMB = {
    "new_costs_as_much_as_keeping": 8,
    "acquisition_cost_multiple": (4, 6),
    "loyal_profit_multiple": 9,
}


def _margin(margin):
    return check_number(margin, name="margin")


def simple_clv(margin: float, retention: float, discount: float) -> float:
    """Lifetime value of a customer: ``CLV = m r / (1 + d - r)``.

    The sum over periods t = 1, 2, ... of the margin ``m`` times the chance ``r**t`` that the
    customer is still there, discounted by ``(1 + d)**t``. ``retention`` is in [0, 1) and
    ``discount`` in [0, 1), so the series converges.

    Examples
    --------
    >>> simple_clv(100, 0.8, 0.1)
    266.667
    >>> simple_clv(100, 0.9, 0.1)
    450.0
    """
    m = _margin(margin)
    r = check_rate(retention, name="retention")
    d = check_rate(discount, name="discount")
    return round(m * r / (1 + d - r), 3)


def clv_projection(margin: float, retention: float, discount: float, *, periods: int = 10):
    """Period-by-period build-up of lifetime value.

    Columns: ``period`` t, ``survival`` = r**t, ``discount_factor`` = 1 / (1 + d)**t,
    ``expected_margin`` = m r**t / (1 + d)**t, and ``cumulative_clv`` (their running sum),
    which approaches :func:`simple_clv` as the periods grow.

    Examples
    --------
    >>> clv_projection(100, 0.5, 0.0, periods=3)[["period", "expected_margin", "cumulative_clv"]]
       period  expected_margin  cumulative_clv
    0       1             50.0            50.0
    1       2             25.0            75.0
    2       3             12.5            87.5
    """
    import numpy as np
    import pandas as pd

    m = _margin(margin)
    r = check_rate(retention, name="retention")
    d = check_rate(discount, name="discount")
    periods = check_number(periods, name="periods", low=1, high=1000, integer=True)
    t = np.arange(1, periods + 1)
    survival = r ** t
    factor = 1.0 / (1.0 + d) ** t
    expected = m * survival * factor
    return pd.DataFrame({
        "period": t,
        "survival": survival,
        "discount_factor": factor,
        "expected_margin": expected,
        "cumulative_clv": np.cumsum(expected),
    })


def clv_summary(margin: float, retention: float, discount: float, *, periods: int = 10) -> dict:
    """Lifetime value, expected lifetime and the projection in one: what the CLV explorer shows.

    Returns a dict with ``clv`` (:func:`simple_clv`), ``expected_lifetime``
    (:func:`expected_lifetime`) and ``projection`` (:func:`clv_projection` over ``periods``).

    Examples
    --------
    >>> s = clv_summary(100, 0.8, 0.1, periods=3)
    >>> s["clv"], s["expected_lifetime"], len(s["projection"])
    (266.667, 5.0, 3)
    """
    return {"clv": simple_clv(margin, retention, discount),
            "expected_lifetime": expected_lifetime(retention),
            "projection": clv_projection(margin, retention, discount, periods=periods)}


def expected_lifetime(retention: float) -> float:
    """Expected number of periods a customer stays, counting the current one: ``1 / (1 - r)``.

    Examples
    --------
    >>> expected_lifetime(0.8)
    5.0
    >>> expected_lifetime(0.95)
    20.0
    """
    r = check_rate(retention, name="retention")
    return round(1.0 / (1.0 - r), 9)


def retention_from_churn(churn: float) -> float:
    """Retention rate ``r = 1 - churn``.

    Examples
    --------
    >>> retention_from_churn(0.25)
    0.75
    """
    return round(1.0 - check_rate(churn, name="churn", allow_one=True), 12)


def churn_from_retention(retention: float) -> float:
    """Churn rate ``1 - r``.

    Examples
    --------
    >>> churn_from_retention(0.75)
    0.25
    """
    return round(1.0 - check_rate(retention, name="retention", allow_one=True), 12)


def acquisition_vs_retention(customers: int, *, retention_cost: float,
                             cost_ratio: float = RULES_OF_THUMB["new_costs_as_much_as_keeping"]):
    """Cost of replacing ``customers`` lost customers with new ones versus keeping them.

    Winning one new customer costs ``cost_ratio`` times keeping one (8 by default; 4-6 in
    other sources), so ``acquisition cost = customers x retention_cost x cost_ratio``.

    Examples
    --------
    >>> acquisition_vs_retention(100, retention_cost=10.0)  # doctest: +NORMALIZE_WHITESPACE
                           customers  cost_per_customer  total_cost
    strategy
    keep existing customers      100               10.0      1000.0
    win new customers            100               80.0      8000.0
    """
    import pandas as pd

    customers = check_number(customers, name="customers", low=0, integer=True)
    retention_cost = check_number(retention_cost, name="retention_cost", low=0)
    cost_ratio = check_number(cost_ratio, name="cost_ratio", low=0, low_open=True)
    per = [float(retention_cost), float(retention_cost * cost_ratio)]
    return pd.DataFrame(
        {"customers": [customers, customers], "cost_per_customer": per,
         "total_cost": [customers * p for p in per]},
        index=pd.Index(["keep existing customers", "win new customers"], name="strategy"))


def leaky_bucket(customers: int = 1000, *, lost: float = 100, won: float = 100, periods: int = 12,
                 revenue_per_customer: float = 50.0, acquisition_cost: float = 80.0,
                 retention_cost: float = 10.0, random: bool = False, seed: int = 0):
    """Customers lost and won each period, and what the churn costs (the leaky bucket, C23).

    Each period ``lost`` customers leave and ``won`` new ones arrive (with ``random=True``,
    Poisson draws with those means from ``numpy.random.default_rng(seed)``; never more lost
    than there are customers). Per period:

    * ``revenue`` = customers at the end x ``revenue_per_customer``;
    * ``acquisition_spend`` = won x ``acquisition_cost``;
    * ``cost_to_keep_lost`` = lost x ``retention_cost`` (what keeping them would have cost);
    * cumulative sums of both spends.

    Lose 100 and win 100 a week and sales stay flat while acquisition spend keeps rising.

    Examples
    --------
    >>> t = leaky_bucket(1000, lost=100, won=100, periods=3)
    >>> t[["period", "customers_end", "revenue", "cumulative_acquisition_spend"]]
       period  customers_end  revenue  cumulative_acquisition_spend
    0       1           1000  50000.0                        8000.0
    1       2           1000  50000.0                       16000.0
    2       3           1000  50000.0                       24000.0
    """
    import numpy as np
    import pandas as pd

    customers = check_number(customers, name="customers", low=0, integer=True)
    lost = check_number(lost, name="lost", low=0)
    won = check_number(won, name="won", low=0)
    periods = check_number(periods, name="periods", low=1, high=10_000, integer=True)
    for name, v in (("revenue_per_customer", revenue_per_customer),
                    ("acquisition_cost", acquisition_cost), ("retention_cost", retention_cost)):
        check_number(v, name=name, low=0)
    if not isinstance(random, bool):
        raise CRMLabError(f"random must be True or False; got {random!r}.")
    rng = np.random.default_rng(check_seed(seed))
    rows = []
    n = customers
    for t in range(1, periods + 1):
        out = int(rng.poisson(lost)) if random else int(round(lost))
        new = int(rng.poisson(won)) if random else int(round(won))
        out = min(out, n)
        rows.append((t, n, out, new, n - out + new))
        n = n - out + new
    table = pd.DataFrame(rows, columns=["period", "customers_start", "lost", "won",
                                        "customers_end"])
    table["revenue"] = table["customers_end"] * float(revenue_per_customer)
    table["acquisition_spend"] = table["won"] * float(acquisition_cost)
    table["cost_to_keep_lost"] = table["lost"] * float(retention_cost)
    table["cumulative_acquisition_spend"] = table["acquisition_spend"].cumsum()
    table["cumulative_cost_to_keep"] = table["cost_to_keep_lost"].cumsum()
    return table
