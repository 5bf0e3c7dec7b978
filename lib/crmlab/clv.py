"""Customer lifetime value and the economics of keeping customers (C22-C24, C27).

One template and one timing convention for every lifetime value in the course: the value is
the sum over future periods t = 1, 2, ... of the margin of period t, times the chance that the
customer is still buying in period t, divided by ``(1 + d)**t`` (each period's margin counted at
its end; the current period's margin is already earned and not counted).

* :func:`simple_clv`: an existing customer, still there in period t with chance ``r**t``:
  ``m r / (1 + d - r)``; :func:`value_if_stays`: a customer who stays (or has just been won) for
  the next period, chance ``r**(t - 1)``: ``m / (1 + d - r)``;
* :func:`clv_projection` and :func:`clv_summary`: the period-by-period build-up;
* :func:`expected_lifetime`, :func:`retention_from_churn`, :func:`churn_from_retention`.

``m`` here is a gross margin: what the customer's purchases leave after the cost of the goods.
Cost to serve, retention spend and acquisition cost are left out; :mod:`crmlab.net_value` puts
them in, and :mod:`crmlab.acquisition` compares keeping customers with winning new ones.
"""

from __future__ import annotations

from ._validate import check_number, check_rate
from .errors import CRMLabError

__all__ = [
    "simple_clv",
    "value_if_stays",
    "clv_projection",
    "clv_summary",
    "expected_lifetime",
    "retention_from_churn",
    "churn_from_retention",
]



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


def value_if_stays(margin: float, retention: float, discount: float) -> float:
    """Value of a customer who stays for the next period: ``m / (1 + d - r)``.

    The sum over t = 1, 2, ... of ``m r**(t - 1) / (1 + d)**t``: the next period's margin is
    certain, each later one needs her to stay again. It is :func:`simple_clv` divided by ``r``:
    use it for a decision that keeps a customer who would otherwise leave now (a complaint, a
    win-back), or for a customer just won. ``m r / (1 + d - r)`` would apply the chance of
    leaving to a period she is already staying for.

    Examples
    --------
    >>> value_if_stays(100, 0.8, 0.1)
    333.333
    >>> value_if_stays(6000, 0.95, 0.08)
    46153.846
    """
    m = _margin(margin)
    r = check_rate(retention, name="retention")
    d = check_rate(discount, name="discount")
    return round(m / (1 + d - r), 3)


def clv_projection(margin: float, retention: float, discount: float, *, periods: int = 10,
                   stays: bool = False):
    """Period-by-period build-up of lifetime value.

    Columns: ``period`` t, ``survival`` = r**t (``stays=True``: r**(t - 1), the customer stays
    for period 1), ``discount_factor`` = 1 / (1 + d)**t, ``expected_margin`` = m x survival x
    discount factor, and ``cumulative_clv`` (their running sum), which approaches
    :func:`simple_clv` (:func:`value_if_stays`) as the periods grow.

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
    if not isinstance(stays, bool):
        raise CRMLabError(f"stays must be True or False; got {stays!r}.")
    t = np.arange(1, periods + 1)
    survival = r ** (t - 1) if stays else r ** t
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
