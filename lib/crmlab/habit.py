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
*because* of the parent's habit, not those the chain would have won anyway.
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


def habit_value(groups, *, focus: str = "5-14", pass_on: float = 0.0,
                generation_years: float = 25.0, years=None, family: float = 1.0,
                group: str = "age_group", margin: float | None = None,
                discount: float | None = None):
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
        Years the ``focus`` group stays (0 to 100); default the data's.
    family, margin, discount
        As for :func:`crmlab.core_customers.age_group_value`.

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
    """
    h = check_rate(pass_on, name="pass_on")
    gen = check_number(generation_years, name="generation_years", low=1, high=100)
    table = age_group_value(groups, group=group, family=family, margin=margin,
                            discount=discount, years=None if years is None else {focus: years})
    names = list(table[group])
    if focus not in names:
        raise CRMLabError(
            f"focus {focus!r} is not a group in column {group!r}; the groups are "
            f"{[str(n) for n in names]}."
        )
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
