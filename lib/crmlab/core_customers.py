"""Core customers by age group: current spend versus lifetime value (concepts C08-C10).

A group that spends most today is not always the group worth most over time. McDonald's in
China (C10) saw adults of about 30 spend most, but children aged 5-14 come back for years, bring
their families and grow into loyal adults. This module puts numbers on that argument for a
table with one row per group (such as ``crm.data.load("fastfood_age_groups")``):

* :func:`age_group_value`: each group's yearly spend today and the gross-margin lifetime value
  of one new customer, split into the customer's own part and the family they bring, with both
  rankings; with ``customers=`` the value is each customer's own value averaged over the group;
* :func:`years_to_lead`: how many years a group must stay for its lifetime value to overtake
  every other group;
* :func:`core_group`: which group leads by lifetime value and which by spend, if one group
  stays longer or family spend counts less.

Lifetime value of one new customer of a group (in the currency of the table)::

    LTV = m * (s + w * f) * v * p * A(Y),   A(Y) = (1 - (1 + d)^-Y) / d   (A(Y) = Y when d = 0)

with ``m`` the gross margin, ``s`` own spend per visit, ``f`` the family's extra spend per visit,
``w`` the share of that family spend credited to the customer (1 = all, 0 = none), ``v`` visits
a year while a customer, ``p`` the repeat rate (chance a first-time customer comes back),
``Y`` years retained and ``d`` the yearly discount rate. Yearly spend today is ``s * v``.
``A(Y)`` adds up ``1 / (1 + d)**t`` for t = 1 to Y (each year's margin at its end). It is
concave, so ``A`` of the group's average stay is more than the average of each customer's
``A``: a value from group averages overstates the group; pass the customer table to average
each customer's own value instead. The first visit's margin, cost to serve and the cost of
winning the customer are left out (:mod:`crmlab.net_value` adds them).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from ._group_table import (GROUP_COLUMNS, TINY_DISCOUNT, annuity, checked_groups, ranks,
                           scalar_or_column, years_per_group)
from ._validate import check_frame, check_number, check_numeric
from .errors import CRMLabError

__all__ = ["GROUP_COLUMNS", "age_group_value", "years_to_lead", "core_group"]

def _customer_means(customers, groups, group, years, m, d):
    """Group means of each customer's own and family value ``m x spend x v x A(Y)``."""
    import numpy as np

    cols = [c for c in GROUP_COLUMNS if c != "repeat_rate"]
    check_frame(customers, name="customers", columns=[group, *cols])
    for column in cols:
        check_numeric(customers, column, name="customers", nonnegative=True)
    names = [str(n) for n in groups[group]]
    label = customers[group].astype(str)
    found = set(label.unique())  # not set(label): iterating 5,000 labels one by one is slow
    if not found <= set(names) or set(names) - found:
        raise CRMLabError(f"customers column {group!r} must name the same groups as groups, each "
                          f"at least once; got {sorted(found)}, expected {names}.")
    y = customers["years_retained"].to_numpy(dtype="float64").copy()
    if years is not None:
        new = dict(zip(names, years_per_group(groups, group, years)))
        named = {str(k) for k in years} if isinstance(years, Mapping) else set(names)
        back = customers["visits_per_year"].to_numpy() > 0
        for name in named:
            y[(label == name).to_numpy() & back] = new[name]
    per_yuan = m * customers["visits_per_year"].to_numpy(dtype="float64") * annuity(y, d)
    parts = {"own": customers["spend_per_visit"] * per_yuan,
             "fam": customers["family_spend_per_visit"] * per_yuan}
    means = customers.assign(**parts).groupby(label)[["own", "fam"]].mean().reindex(names)
    return np.asarray(means["own"]), np.asarray(means["fam"])


def age_group_value(groups, *, customers=None, group: str = "age_group", years=None,
                    family: float = 1.0, margin: float | None = None,
                    discount: float | None = None):
    """Yearly spend today and lifetime value of one new customer in each group, with ranks.

    ``annual_spend = s v``; ``own_ltv = m s v p A(Y)``; ``family_ltv = m f v p A(Y)``;
    ``ltv = own_ltv + w family_ltv`` with ``A(Y) = (1 - (1 + d)^-Y) / d`` (see the module
    docstring for the symbols). With ``customers`` (one row per customer, the same columns
    but ``repeat_rate``; a customer who never came back has 0 visits), each value is the mean
    over the group's customers of their own ``m s v A(Y)`` (so ``p`` is in the mean); ``years``
    then replaces the years of the named group's returning customers. Ranks are 1 for the
    highest value.

    Parameters
    ----------
    groups : DataFrame
        One row per group with the columns in :data:`GROUP_COLUMNS`, plus ``margin`` and
        ``discount_rate`` columns (one value each) unless given as keywords.
    group : str
        The column naming the groups.
    years : None, number or mapping
        Years retained: ``None`` uses the ``years_retained`` column; a number sets every group;
        a mapping such as ``{"5-14": 10}`` changes the named groups only (0 to 100 years).
    family : float
        Share ``w`` of the family's extra spend credited to the customer who brings them, in
        [0, 1]: 1 counts all of it, 0 ignores family influence.
    margin, discount : float, optional
        Margin ``m`` on sales and yearly discount rate ``d``, fractions in [0, 1).

    Returns
    -------
    DataFrame
        ``group``, ``annual_spend``, ``spend_rank``, ``years_retained`` (as used),
        ``own_ltv``, ``family_ltv``, ``ltv``, ``ltv_rank``, in the input row order.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"age_group": ["kids", "adults"], "spend_per_visit": [20.0, 40.0],
    ...                   "visits_per_year": [10.0, 10.0], "repeat_rate": [0.8, 0.5],
    ...                   "years_retained": [10.0, 2.0], "family_spend_per_visit": [30.0, 0.0]})
    >>> t = age_group_value(g, margin=0.5, discount=0.0)
    >>> t[["age_group", "annual_spend", "spend_rank", "ltv", "ltv_rank"]]
      age_group  annual_spend  spend_rank     ltv  ltv_rank
    0      kids         200.0           2  2000.0         1
    1    adults         400.0           1   200.0         2
    >>> age_group_value(g, margin=0.5, discount=0.0, years={"kids": 1}, family=0.0)["ltv"].tolist()
    [80.0, 200.0]

    Kids who stay 1 and 5 years (3 on average; a third never return) are worth less, one by
    one, than the group averages say, because A(1) + A(5) < 2 A(3):

    >>> c = pd.DataFrame({"age_group": ["kids"] * 3, "spend_per_visit": [10.0] * 3,
    ...                   "visits_per_year": [0.0, 10.0, 10.0], "years_retained": [0.0, 1, 5],
    ...                   "family_spend_per_visit": [0.0] * 3})
    >>> k = pd.DataFrame({"age_group": ["kids"], "spend_per_visit": [10.0], "years_retained": [3.0],
    ...                   "visits_per_year": [10.0], "repeat_rate": [2 / 3],
    ...                   "family_spend_per_visit": [0.0]})
    >>> [round(float(age_group_value(k, margin=0.5, discount=0.5, customers=x)["ltv"].iloc[0]), 2)
    ...  for x in (None, c)]
    [46.91, 40.05]
    """
    import pandas as pd

    checked_groups(groups, group)
    w = check_number(family, name="family", low=0, high=1)
    m = scalar_or_column(groups, margin, "margin", "margin")
    d = scalar_or_column(groups, discount, "discount_rate", "discount")
    y = years_per_group(groups, group, years)
    spend = groups["spend_per_visit"].to_numpy(dtype="float64")
    fam = groups["family_spend_per_visit"].to_numpy(dtype="float64")
    visits = groups["visits_per_year"].to_numpy(dtype="float64")
    repeat = groups["repeat_rate"].to_numpy(dtype="float64")
    if customers is None:
        per_yuan = m * visits * repeat * annuity(y, d)
        own, family_part = spend * per_yuan, fam * per_yuan
    else:
        own, family_part = _customer_means(customers, groups, group, years, m, d)
    ltv = own + w * family_part
    annual = spend * visits
    return pd.DataFrame({
        group: groups[group].to_numpy(),
        "annual_spend": annual.round(6),
        "spend_rank": ranks(annual),
        "years_retained": y,
        "own_ltv": own.round(6),
        "family_ltv": family_part.round(6),
        "ltv": ltv.round(6),
        "ltv_rank": ranks(ltv.round(6)),
    })


def years_to_lead(groups, target, *, group: str = "age_group", family: float = 1.0,
                  margin: float | None = None, discount: float | None = None) -> float:
    """Fewest years ``target`` must stay for its lifetime value to match the best other group.

    The other groups keep their ``years_retained``. With ``K = m (s + w f) v p`` of the target
    and ``L`` the highest lifetime value among the others, ``K A(Y) = L`` gives
    ``Y = -ln(1 - L d / K) / ln(1 + d)`` (``Y = L / K`` when ``d = 0``). When even staying for
    ever is not enough (``L d >= K``) the answer is ``inf``.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"age_group": ["kids", "adults"], "spend_per_visit": [20.0, 40.0],
    ...                   "visits_per_year": [10.0, 10.0], "repeat_rate": [0.8, 0.5],
    ...                   "years_retained": [10.0, 2.0], "family_spend_per_visit": [30.0, 0.0]})
    >>> years_to_lead(g, "kids", margin=0.5, discount=0.0)
    1.0
    >>> years_to_lead(g, "kids", margin=0.5, discount=0.0, family=0.0)
    2.5
    >>> years_to_lead(g, "adults", margin=0.5, discount=0.0)
    20.0
    >>> years_to_lead(g, "adults", margin=0.5, discount=0.6)
    inf
    """
    table = age_group_value(groups, group=group, family=family, margin=margin,
                            discount=discount)
    names = list(table[group])
    if target not in names:
        raise CRMLabError(
            f"target {target!r} is not a group in column {group!r}; the groups are "
            f"{[str(n) for n in names]}."
        )
    if len(names) < 2:
        raise CRMLabError("groups has one row; years_to_lead needs at least two groups to compare.")
    row = names.index(target)
    d = scalar_or_column(groups, discount, "discount_rate", "discount")
    m = scalar_or_column(groups, margin, "margin", "margin")
    g = groups.iloc[row]
    k = m * (float(g["spend_per_visit"]) + float(family) * float(g["family_spend_per_visit"])) \
        * float(g["visits_per_year"]) * float(g["repeat_rate"])
    best_other = float(table["ltv"].drop(index=table.index[row]).max())
    if best_other <= 0:
        return 0.0
    if k <= 0:
        return math.inf
    if d < TINY_DISCOUNT:
        return round(best_other / k, 6)
    if best_other * d >= k:
        return math.inf
    return round(-math.log1p(-best_other * d / k) / math.log1p(d), 6)


def core_group(groups, focus, *, years: float, family: float = 1.0, group: str = "age_group",
               margin: float | None = None, discount: float | None = None) -> dict:
    """Who is core if group ``focus`` stays ``years`` years and ``family`` of family spend counts.

    Returns a dict with ``table`` (:func:`age_group_value` with those years for ``focus``),
    ``core`` (the group with the highest lifetime value), ``spend_leader`` (highest yearly
    spend) and ``years_to_lead`` (:func:`years_to_lead` of ``focus`` at this ``family``).

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"age_group": ["kids", "adults"], "spend_per_visit": [20.0, 40.0],
    ...                   "visits_per_year": [10.0, 10.0], "repeat_rate": [0.8, 0.5],
    ...                   "years_retained": [10.0, 2.0], "family_spend_per_visit": [30.0, 0.0]})
    >>> r = core_group(g, "kids", years=0.5, family=0.0, margin=0.5, discount=0.0)
    >>> r["core"], r["spend_leader"], r["years_to_lead"]
    ('adults', 'adults', 2.5)
    """
    keys = {"group": group, "family": family, "margin": margin, "discount": discount}
    table = age_group_value(groups, years={focus: years}, **keys)
    return {"table": table, "core": table.loc[table["ltv"].idxmax(), group],
            "spend_leader": table.loc[table["annual_spend"].idxmax(), group],
            "years_to_lead": years_to_lead(groups, focus, **keys)}
