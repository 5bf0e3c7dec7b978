"""A taste habit passed on: the lifetime value of a child customer's own children (C10).

S0's case for children as McDonald's core customers has three parts: children bring their
families along, they stay for years, and "their children will inherit their parents' habit".
:func:`crmlab.core_customers.age_group_value` counts the first two. :func:`habit_value` adds
the third: a customer won in childhood passes the habit to a child of their own with chance
``h`` about ``G`` years later, and that child is worth what a new child customer is worth
today, and may pass it on again. Summing the generations::

    heirs = LTV h v^G + LTV (h v^G)^2 + ... = LTV q / (1 - q),   q = h v^G,  v = 1 / (1 + d)

for the ``focus`` group (0 for the others), with ``d`` the yearly discount rate. ``h`` is an
assumption (the data follow one generation of customers) and it counts only children won
*because* of the parent's habit, not those the chain would have won anyway. With a customer
table (``customers=``) LTV is each customer's own value averaged over the group, as in
:func:`crmlab.core_customers.age_group_value`, and a changed stay stretches every returning
customer's stay by the same factor, so the spread of stays is kept.
"""

from __future__ import annotations

from ._validate import check_frame, check_number, check_numeric, check_rate
from .core_customers import age_group_value
from .errors import CRMLabError

__all__ = ["habit_value"]


def _discount(groups, discount):
    if discount is not None:
        return check_rate(discount, name="discount")
    check_frame(groups, name="groups", columns=["discount_rate"])
    check_numeric(groups, "discount_rate", name="groups")
    values = sorted(set(groups["discount_rate"].astype("float64")))
    if len(values) != 1:
        raise CRMLabError(
            f"groups column 'discount_rate' must hold one value for every group; got {values}. "
            "Pass discount= to choose one."
        )
    return check_rate(values[0], name="groups column 'discount_rate'")


def _stretched(customers, focus, years, group):
    """``customers`` with the focus group's returning stays scaled to average ``years``."""
    check_frame(customers, name="customers", columns=[group, "visits_per_year", "years_retained"])
    for column in ("visits_per_year", "years_retained"):
        check_numeric(customers, column, name="customers", nonnegative=True)
    back = (customers[group].astype(str) == str(focus)) & (customers["visits_per_year"] > 0)
    stays = customers["years_retained"].astype("float64")
    mean = float(stays[back].mean()) if back.any() else 0.0
    if years is None or years == mean:
        return customers, mean
    if mean <= 0:
        raise CRMLabError(f"customers has no returning customer of {focus!r} with a stay above 0 "
                          f"years, so their stays cannot be stretched to {years} years.")
    return customers.assign(years_retained=stays.where(~back, stays * (years / mean))), years


def habit_value(groups, *, focus: str = "5-14", pass_on: float = 0.0,
                generation_years: float = 25.0, years=None, family: float = 1.0,
                group: str = "age_group", margin: float | None = None,
                discount: float | None = None, customers=None):
    """Lifetime value of one new customer per group, with the habit's next generations added.

    Parameters
    ----------
    groups : DataFrame
        One row per group, as for :func:`crmlab.core_customers.age_group_value`.
    focus : str
        The group whose customers pass the habit on (children, in S0).
    pass_on : float
        ``h``, the chance a customer of ``focus`` brings up a child who becomes a customer
        because of them, in [0, 1).
    generation_years : float
        ``G``, years from the first visit to that child's first visit (1 to 100).
    years : float, optional
        Years the ``focus`` group stays (0 to 100); default the data's. With ``customers``, the
        average stay of its returning customers, each stay scaled by ``years / mean stay``.
    family, margin, discount
        As for :func:`crmlab.core_customers.age_group_value`.
    customers : DataFrame, optional
        One row per customer (as for :func:`crmlab.core_customers.age_group_value`): each
        group's value is then the mean of its customers' own values, and ``years_retained`` of
        the focus group is its returning customers' mean stay (as used).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`crmlab.core_customers.age_group_value` plus ``heirs_ltv``,
        ``total_ltv = ltv + heirs_ltv`` and ``total_rank`` (1 = highest); ``attrs`` holds
        ``core`` (highest ``total_ltv``), ``spend_leader`` (highest yearly spend), ``focus``,
        ``pass_on``, ``generation_years`` and ``discount``.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"age_group": ["kids", "adults"], "spend_per_visit": [20.0, 40.0],
    ...                   "visits_per_year": [10.0, 10.0], "repeat_rate": [0.8, 0.5],
    ...                   "years_retained": [10.0, 2.0], "family_spend_per_visit": [0.0, 0.0]})
    >>> t = habit_value(g, focus="kids", pass_on=0.5, generation_years=20, margin=0.5,
    ...                 discount=0.0)
    >>> t[["age_group", "ltv", "heirs_ltv", "total_ltv", "total_rank"]]
      age_group    ltv  heirs_ltv  total_ltv  total_rank
    0      kids  800.0      800.0     1600.0           1
    1    adults  200.0        0.0      200.0           2
    >>> t.attrs["core"], t.attrs["spend_leader"]
    ('kids', 'adults')

    Kids valued one by one (stays of 5 and 15 years, one kid never back); then their stays
    stretched to 20 years on average (10 and 30):

    >>> c = pd.DataFrame({"age_group": ["kids"] * 3 + ["adults"], "spend_per_visit": 20.0,
    ...                   "visits_per_year": [10.0, 10.0, 0.0, 10.0],
    ...                   "years_retained": [5.0, 15.0, 0.0, 2.0], "family_spend_per_visit": 0.0})
    >>> [float(habit_value(g, focus="kids", margin=0.5, discount=0.0, customers=c, years=y)
    ...        .loc[0, "ltv"]) for y in (None, 20)]
    [666.666667, 1333.333333]
    """
    h = check_rate(pass_on, name="pass_on")
    gen = check_number(generation_years, name="generation_years", low=1, high=100)
    check_frame(groups, name="groups", columns=[group])
    names = list(groups[group])
    if focus not in names:
        raise CRMLabError(
            f"focus {focus!r} is not a group in column {group!r}; the groups are "
            f"{[str(n) for n in names]}."
        )
    keys = dict(group=group, family=family, margin=margin, discount=discount)
    if customers is None:
        table = age_group_value(groups, years=None if years is None else {focus: years}, **keys)
    else:
        if years is not None:
            years = check_number(years, name="years", low=0, high=100)
        stretched, mean = _stretched(customers, focus, years, group)
        table = age_group_value(groups, customers=stretched, **keys)
        table.loc[table[group] == focus, "years_retained"] = mean
    d = _discount(groups, discount)
    q = h * (1.0 + d) ** -gen
    is_focus = (table[group] == focus).to_numpy()
    table["heirs_ltv"] = (table["ltv"] * is_focus * q / (1.0 - q)).round(6)
    table["total_ltv"] = (table["ltv"] + table["heirs_ltv"]).round(6)
    table["total_rank"] = table["total_ltv"].rank(ascending=False, method="min").astype(int)
    table.attrs.update(core=table.loc[table["total_ltv"].idxmax(), group],
                       spend_leader=table.loc[table["annual_spend"].idxmax(), group],
                       focus=focus, pass_on=h, generation_years=gen, discount=d)
    return table
