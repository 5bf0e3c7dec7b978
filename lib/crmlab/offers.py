"""What a personalised discount list is worth: discount cost, deadweight and extra sales (C35-C36).

A coupon for a product the customer was about to buy anyway changes nothing but the price:
its discount is **deadweight**, money given away. Only extra purchases (more of the product,
or purchases that would have gone to a rival shop) earn margin. :func:`held_out_purchases`
reads, from weeks the predictions never saw, whether each coupon's product was bought anyway
and for how much; :func:`offer_value` sets the discount on those purchases against the margin
on an assumed lift in sales; :func:`break_even_lift` is the lift at which the list pays.

For one printed list, with discount d and margin m (both shares of the price), ``A`` the spend
customers made anyway on the coupons' products in the held-out window, ``V`` the typical value
of one purchase of each coupon's product, ``L`` the lift (extra sales as a share of ``V``) and
``c`` the cost of printing and handling one customer's list::

    deadweight cost = d A        extra margin = (m - d) L V        net = (m - d) L V - d A - c n
    break-even lift = (d A + c n) / ((m - d) V)

with ``n`` the customers who get a list. The lift is an assumption until a hold-out group
(customers picked at random who get no list) measures it.
"""

from __future__ import annotations

from .repurchase import coupon_list
from ._validate import (check_columns, check_frame, check_number, check_numeric,
                        check_rate, check_timestamp)

__all__ = ["held_out_purchases", "list_backtest", "offer_value", "break_even_lift"]


def held_out_purchases(coupons, purchases, *, start, days: int = 14, item: str = "item",
                       customer: str = "customer_id", date: str = "date",
                       category: str = "category", amount: str = "amount"):
    """Add to each coupon whether its product was bought anyway in ``days`` days from ``start``.

    ``bought`` is True when the customer bought the coupon's ``item`` (a category of
    ``purchases``) on a day in ``[start, start + days)``; ``spent`` is what they spent on it on
    the first such day, the purchase a one-time coupon would have been used on (0 when not
    bought). Use days the coupons were not made from: it is what the customers did without
    any offer.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"customer_id": [1, 1, 2], "item": ["milk", "bread", "milk"]})
    >>> p = pd.DataFrame({"customer_id": [1, 1, 2], "category": ["milk", "milk", "milk"],
    ...                   "date": pd.to_datetime(["2024-03-02", "2024-03-05", "2024-03-30"]),
    ...                   "amount": [4.0, 6.0, 5.0]})
    >>> held_out_purchases(c, p, start="2024-03-01")[["item", "bought", "spent"]]
        item  bought  spent
    0   milk    True    4.0
    1  bread   False    0.0
    2   milk   False    0.0
    """
    import pandas as pd

    check_frame(coupons, name="coupons", columns=[customer, item], min_rows=0)
    check_frame(purchases, name="purchases", columns=[customer, date, category, amount])
    check_numeric(purchases, amount, name="purchases", nonnegative=True)
    day = check_timestamp(start, name="start")
    days = check_number(days, name="days", low=1, integer=True)
    window = purchases[(purchases[date] >= day) & (purchases[date] < day + pd.Timedelta(days=days))]
    day_spend = window.groupby([customer, category, date], observed=True)[amount].sum()
    first = day_spend.reset_index().sort_values(date, kind="stable")
    spent = first.drop_duplicates([customer, category]).set_index([customer, category])[amount]
    spent.index = spent.index.set_names([customer, item])
    out = coupons.join(spent.rename("spent"), on=[customer, item])
    out["bought"] = out["spent"].notna()
    out["spent"] = out["spent"].fillna(0.0).astype("float64")
    return out[[*coupons.columns, "bought", "spent"]]


def list_backtest(purchases, customers, *, on, days: int = 14, min_weekly_spend: float = 0.0,
                  within_days: int = 7, lookback_weeks: int = 8, children_offer: str = "baby",
                  pet_offer: str = "pet", customer: str = "customer_id", date: str = "date",
                  category: str = "category", amount: str = "amount"):
    """The coupon list of day ``on`` from the history before it, scored on the ``days`` after.

    Builds :func:`crmlab.repurchase.coupon_list` (due categories, plus ``children_offer`` and
    ``pet_offer`` as categories for families and pet owners; one coupon per customer and
    item), gives each coupon its ``value`` (the customer's mean spend per purchase of that
    category before ``on``, or the category's mean when they never bought it) and adds what
    they bought anyway with :func:`held_out_purchases`.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer``, ``weekly_spend``, ``item``, ``reason``, ``due_in_days``,
        ``value``, ``bought``, ``spent``.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"customer_id": [1, 1, 1, 1],
    ...     "date": pd.to_datetime(["2024-03-01", "2024-03-08", "2024-03-15", "2024-03-22"]),
    ...     "category": ["milk"] * 4, "amount": [40.0, 40.0, 40.0, 44.0]})
    >>> c = pd.DataFrame({"customer_id": [1], "has_children": [False], "pet_owner": [False]})
    >>> list_backtest(p, c, on="2024-03-20")[["item", "value", "bought", "spent"]]
       item  value  bought  spent
    0  milk   40.0    True   44.0
    """
    past = purchases[purchases[date] < check_timestamp(on, name="on")]
    coupons = coupon_list(past, customers, on=on, min_weekly_spend=min_weekly_spend,
                          within_days=within_days, lookback_weeks=lookback_weeks,
                          children_offer=children_offer, pet_offer=pet_offer,
                          customer=customer, date=date, category=category, amount=amount)
    coupons = coupons.drop_duplicates([customer, "item"], ignore_index=True)
    own = past.groupby([customer, category], observed=True)[amount].mean()
    own.index = own.index.set_names([customer, "item"])
    typical = past.groupby(category, observed=True)[amount].mean()
    value = coupons.join(own.rename("value"), on=[customer, "item"])["value"]
    coupons["value"] = value.fillna(coupons["item"].map(typical)).fillna(0.0).astype("float64")
    return held_out_purchases(coupons, purchases, start=on, days=days, item="item",
                              customer=customer, date=date, category=category, amount=amount)


def _checked(coupons, discount, margin, value, spent, item, min_weekly_spend, weekly_spend):
    check_frame(coupons, name="coupons", columns=[item, value, spent], min_rows=0)
    for column in (value, spent):
        check_numeric(coupons, column, name="coupons", nonnegative=True)
    d = check_rate(discount, name="discount")
    m = check_rate(margin, name="margin")
    if min_weekly_spend:
        check_columns(coupons, [weekly_spend], name="coupons")
        check_number(min_weekly_spend, name="min_weekly_spend", low=0)
        coupons = coupons[coupons[weekly_spend] > min_weekly_spend]
    return coupons, d, m


def break_even_lift(coupons, *, discount: float, margin: float, cost_per_list: float = 0.0,
                    min_weekly_spend: float = 0.0, customer: str = "customer_id",
                    item: str = "item", value: str = "value", spent: str = "spent",
                    weekly_spend: str = "weekly_spend") -> float:
    """The lift in sales at which a list pays for its discount: ``(d A + c n) / ((m - d) V)``.

    ``inf`` when the margin is no larger than the discount (extra sales then lose money too).
    See the module docstring for the symbols; ``coupons`` as for :func:`offer_value`.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"customer_id": [1, 2], "item": ["milk", "pet"],
    ...                   "value": [100.0, 100.0], "spent": [90.0, 0.0]})
    >>> break_even_lift(c, discount=0.1, margin=0.3)
    0.225
    >>> break_even_lift(c, discount=0.3, margin=0.2)
    inf
    """
    coupons, d, m = _checked(coupons, discount, margin, value, spent, item, min_weekly_spend,
                             weekly_spend)
    c = check_number(cost_per_list, name="cost_per_list", low=0)
    check_columns(coupons, [customer], name="coupons")
    total = float(coupons[value].sum())
    if m <= d or total == 0:
        return float("inf")
    cost = d * float(coupons[spent].sum()) + c * coupons[customer].nunique()
    return round(cost / ((m - d) * total), 12)


def offer_value(coupons, *, discount: float, margin: float, lift: float,
                cost_per_list: float = 0.0, min_weekly_spend: float = 0.0,
                customer: str = "customer_id", item: str = "item", value: str = "value",
                spent: str = "spent", weekly_spend: str = "weekly_spend"):
    """Money a discount list makes or loses, per product: deadweight against extra margin.

    Per ``item``: ``coupons``, ``bought_anyway_pct`` (coupons whose product was bought anyway,
    ``spent > 0``, in %), ``value`` (V), ``spent_anyway`` (A), ``deadweight_cost = d A``,
    ``extra_sales = L V``, ``extra_margin = (m - d) L V`` and ``net = extra_margin -
    deadweight_cost``. ``attrs`` holds the whole list: ``lists`` (customers, n), ``list_cost``
    (``c n``), ``net`` (the sum of ``net`` minus ``list_cost``) and ``break_even_lift``.

    Parameters
    ----------
    coupons : DataFrame
        One row per coupon: ``customer``, ``item``, ``value`` (typical yuan of one purchase of the
        item by that customer) and ``spent`` (spent on it anyway, :func:`held_out_purchases`);
        ``weekly_spend`` when ``min_weekly_spend`` is used.
    discount, margin : float
        Discount and gross margin as shares of the price, in [0, 1).
    lift : float
        Extra sales as a share of the coupons' value (0.1 = 10 % more), 0 to 10: an assumption
        until a hold-out group measures it.
    cost_per_list : float
        Printing and handling per customer who gets a list (yuan).
    min_weekly_spend : float
        Keep only coupons of customers spending more than this a week (the list's threshold).

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"customer_id": [1, 2], "item": ["milk", "pet"],
    ...                   "value": [100.0, 100.0], "spent": [90.0, 0.0]})
    >>> t = offer_value(c, discount=0.1, margin=0.3, lift=0.1)
    >>> t[["coupons", "bought_anyway_pct", "deadweight_cost", "extra_margin", "net"]]
    ... # doctest: +NORMALIZE_WHITESPACE
          coupons  bought_anyway_pct  deadweight_cost  extra_margin  net
    item
    milk        1              100.0              9.0           2.0 -7.0
    pet         1                0.0              0.0           2.0  2.0
    >>> t.attrs["net"], t.attrs["break_even_lift"]
    (-5.0, 0.225)
    """
    keys = dict(customer=customer, item=item, value=value, spent=spent, weekly_spend=weekly_spend)
    be = break_even_lift(coupons, discount=discount, margin=margin, cost_per_list=cost_per_list,
                         min_weekly_spend=min_weekly_spend, **keys)
    kept, d, m = _checked(coupons, discount, margin, value, spent, item, min_weekly_spend,
                          weekly_spend)
    lift = check_number(lift, name="lift", low=0, high=10)
    g = kept.assign(_anyway=kept[spent] > 0).groupby(item, observed=True, sort=True)
    out = g.agg(coupons=(value, "size"), bought_anyway_pct=("_anyway", "mean"),
                value=(value, "sum"), spent_anyway=(spent, "sum"))
    out["bought_anyway_pct"] = 100.0 * out["bought_anyway_pct"].astype("float64")
    out["deadweight_cost"] = d * out["spent_anyway"]
    out["extra_sales"] = lift * out["value"]
    out["extra_margin"] = (m - d) * out["extra_sales"]
    out["net"] = out["extra_margin"] - out["deadweight_cost"]
    lists = int(kept[customer].nunique())
    list_cost = float(cost_per_list) * lists
    out.attrs.update(lists=lists, list_cost=list_cost, discount=d, margin=m, lift=lift,
                     min_weekly_spend=float(min_weekly_spend),
                     net=round(float(out["net"].sum()) - list_cost, 9), break_even_lift=be)
    return out
