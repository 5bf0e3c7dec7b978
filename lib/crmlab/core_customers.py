"""Core customers by age group: current spend versus lifetime value (concepts C08-C10).

A group that spends most today is not always the group worth most over time. McDonald's in
China (C10) saw adults of about 30 spend most, but children aged 5-14 come back for years, bring
their families and grow into loyal adults. This module puts numbers on that argument for a
table with one row per group (such as ``crm.data.load("fastfood_age_groups")``):

* :func:`age_group_value`: each group's yearly spend today and the lifetime value of one new
  customer, split into the customer's own part and the family they bring, with both rankings;
* :func:`years_to_lead`: how many years a group must stay for its lifetime value to overtake
  every other group;
* :func:`core_group`: which group leads by lifetime value and which by spend, if one group
  stays longer or family spend counts less.

Lifetime value of one new customer of a group (in the currency of the table)::

    LTV = m * (s + w * f) * v * p * A(Y),   A(Y) = (1 - (1 + d)^-Y) / d   (A(Y) = Y when d = 0)

with ``m`` the margin, ``s`` own spend per visit, ``f`` the family's extra spend per visit,
``w`` the share of that family spend credited to the customer (1 = all, 0 = none), ``v`` visits
a year while a customer, ``p`` the repeat rate (chance a first-time customer comes back),
``Y`` years retained and ``d`` the yearly discount rate. Yearly spend today is ``s * v``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping

from ._validate import check_frame, check_number, check_numeric, check_rate
from .errors import CRMLabError

__all__ = ["GROUP_COLUMNS", "age_group_value", "years_to_lead", "core_group"]

#: Columns :func:`age_group_value` reads from the group table (besides the group column).
GROUP_COLUMNS = ("spend_per_visit", "visits_per_year", "repeat_rate", "years_retained",
                 "family_spend_per_visit")


def _scalar_or_column(groups, value, column: str, name: str):
    """``value`` if given, else the single value of ``groups[column]`` (a rate in [0, 1))."""
    if value is not None:
        return check_rate(value, name=name)
    if column not in groups.columns:
        raise CRMLabError(
            f"groups has no column {column!r}; pass {name}= (a fraction such as 0.35) or add "
            f"the column."
        )
    check_numeric(groups, column, name="groups")
    distinct = sorted(set(groups[column].astype("float64")))
    if len(distinct) != 1:
        raise CRMLabError(
            f"groups column {column!r} must hold one value for every group; got {distinct}. "
            f"Pass {name}= to choose one."
        )
    return check_rate(distinct[0], name=f"groups column {column!r}")


def _checked(groups, group: str):
    check_frame(groups, name="groups", columns=[group, *GROUP_COLUMNS])
    for column in GROUP_COLUMNS:
        check_numeric(groups, column, name="groups", nonnegative=True)
    if groups[group].isna().any():
        raise CRMLabError(f"groups column {group!r} has a missing group name; name every group.")
    if groups[group].duplicated().any():
        first = groups[group][groups[group].duplicated()].iloc[0]
        raise CRMLabError(
            f"groups column {group!r} names {first!r} twice; give one row per group "
            "(summarise a customer table with groupby first)."
        )
    too_high = groups["repeat_rate"] > 1
    if too_high.any():
        raise CRMLabError(
            f"groups column 'repeat_rate' must be a share in [0, 1]; got "
            f"{float(groups['repeat_rate'][too_high].iloc[0])!r}. Write 85 % as 0.85."
        )


#: Discount rates below this are treated as 0: for Y <= 100 years the relative error of A(Y) = Y
#: is under 1e-10, while the exact formula loses all precision on subnormal rates.
_TINY_DISCOUNT = 1e-12


def _annuity(years, discount: float):
    import numpy as np

    years = np.asarray(years, dtype="float64")
    if discount < _TINY_DISCOUNT:  # A(Y) -> Y as d -> 0 (error below 1e-10 here); avoids subnormals
        return years
    # expm1/log1p keep full precision for tiny discount rates, where 1 - (1 + d)^-Y cancels.
    return -np.expm1(-years * np.log1p(discount)) / discount


def _years(groups, group: str, years):
    """Years retained per row: the data, one number for every group, or a mapping per group."""
    import numpy as np

    base = groups["years_retained"].to_numpy(dtype="float64").copy()
    if years is None:
        return base
    if isinstance(years, Mapping):
        names = list(groups[group])
        for name, y in years.items():
            if name not in names:
                raise CRMLabError(
                    f"years names the group {name!r}, which is not in groups column {group!r}; "
                    f"the groups are {[str(n) for n in names]}."
                )
            base[names.index(name)] = check_number(y, name=f"years for {name!r}", low=0, high=100)
        return base
    if isinstance(years, numbers.Real) and not isinstance(years, bool):
        return np.full(len(base), float(check_number(years, name="years", low=0, high=100)))
    raise CRMLabError(
        f"years must be None (use the data), a number of years for every group, or a mapping "
        f"such as {{'5-14': 10}}; got {type(years).__name__}."
    )


def _ranks(values):
    """1 for the largest value; ties share the smaller rank, order of rows breaks nothing."""
    import pandas as pd

    return pd.Series(values).rank(ascending=False, method="min").astype(int).to_numpy()


def age_group_value(groups, *, group: str = "age_group", years=None, family: float = 1.0,
                    margin: float | None = None, discount: float | None = None):
    """Yearly spend today and lifetime value of one new customer in each group, with ranks.

    ``annual_spend = s v``; ``own_ltv = m s v p A(Y)``; ``family_ltv = m f v p A(Y)``;
    ``ltv = own_ltv + w family_ltv`` with ``A(Y) = (1 - (1 + d)^-Y) / d`` (see the module
    docstring for the symbols). Ranks are 1 for the highest value.

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
    """
    import pandas as pd

    _checked(groups, group)
    w = check_number(family, name="family", low=0, high=1)
    m = _scalar_or_column(groups, margin, "margin", "margin")
    d = _scalar_or_column(groups, discount, "discount_rate", "discount")
    y = _years(groups, group, years)
    spend = groups["spend_per_visit"].to_numpy(dtype="float64")
    fam = groups["family_spend_per_visit"].to_numpy(dtype="float64")
    visits = groups["visits_per_year"].to_numpy(dtype="float64")
    repeat = groups["repeat_rate"].to_numpy(dtype="float64")
    per_yuan = m * visits * repeat * _annuity(y, d)
    own, family_part = spend * per_yuan, fam * per_yuan
    ltv = own + w * family_part
    annual = spend * visits
    return pd.DataFrame({
        group: groups[group].to_numpy(),
        "annual_spend": annual.round(6),
        "spend_rank": _ranks(annual),
        "years_retained": y,
        "own_ltv": own.round(6),
        "family_ltv": family_part.round(6),
        "ltv": ltv.round(6),
        "ltv_rank": _ranks(ltv.round(6)),
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
    d = _scalar_or_column(groups, discount, "discount_rate", "discount")
    m = _scalar_or_column(groups, margin, "margin", "margin")
    g = groups.iloc[row]
    k = m * (float(g["spend_per_visit"]) + float(family) * float(g["family_spend_per_visit"])) \
        * float(g["visits_per_year"]) * float(g["repeat_rate"])
    best_other = float(table["ltv"].drop(index=table.index[row]).max())
    if best_other <= 0:
        return 0.0
    if k <= 0:
        return math.inf
    if d < _TINY_DISCOUNT:
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
