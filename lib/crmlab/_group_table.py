"""Checks and arithmetic shared by :mod:`crmlab.core_customers`: the group table, the annuity
factor ``A(Y) = (1 - (1 + d)^-Y) / d`` and ranks."""

from __future__ import annotations

import numbers
from collections.abc import Mapping

from ._validate import check_frame, check_number, check_numeric, check_rate
from .errors import CRMLabError

__all__ = ["GROUP_COLUMNS", "TINY_DISCOUNT", "scalar_or_column", "checked_groups", "annuity",
           "years_per_group", "ranks"]

#: Columns :func:`crmlab.core_customers.age_group_value` reads from the group table (besides the
#: group column).
GROUP_COLUMNS = ("spend_per_visit", "visits_per_year", "repeat_rate", "years_retained",
                 "family_spend_per_visit")


def scalar_or_column(groups, value, column: str, name: str):
    """``value`` if given, else the single value of ``groups[column]`` (a rate in [0, 1))."""
    if value is not None:
        return check_rate(value, name=name)
    if column not in groups.columns:
        raise CRMLabError(
            f"groups has no column {column!r}; pass {name}= (a fraction such as 0.35) or add "
            f"the column."
        )
    return check_rate(_the_one_value(groups, column, name), name=f"groups column {column!r}")


def _the_one_value(groups, column: str, name: str) -> float:
    """The value that ``groups[column]`` holds for every group (refused when it varies)."""
    check_numeric(groups, column, name="groups")
    distinct = sorted(set(groups[column].astype("float64")))
    if len(distinct) != 1:
        raise CRMLabError(
            f"groups column {column!r} must hold one value for every group; got {distinct}. "
            f"Pass {name}= to choose one."
        )
    return distinct[0]


def _check_group_names(names, group: str) -> None:
    """Every group has a name, and no name is used twice."""
    if names.isna().any():
        raise CRMLabError(f"groups column {group!r} has a missing group name; name every group.")
    if names.duplicated().any():
        first = names[names.duplicated()].iloc[0]
        raise CRMLabError(
            f"groups column {group!r} names {first!r} twice; give one row per group "
            "(summarise a customer table with groupby first)."
        )


def checked_groups(groups, group: str):
    check_frame(groups, name="groups", columns=[group, *GROUP_COLUMNS])
    for column in GROUP_COLUMNS:
        check_numeric(groups, column, name="groups", nonnegative=True)
    _check_group_names(groups[group], group)
    too_high = groups["repeat_rate"] > 1
    if too_high.any():
        raise CRMLabError(
            f"groups column 'repeat_rate' must be a share in [0, 1]; got "
            f"{float(groups['repeat_rate'][too_high].iloc[0])!r}. Write 85 % as 0.85."
        )


#: Discount rates below this are treated as 0: for Y <= 100 years the relative error of A(Y) = Y
#: is under 1e-10, while the exact formula loses all precision on subnormal rates.
TINY_DISCOUNT = 1e-12


def annuity(years, discount: float):
    import numpy as np

    years = np.asarray(years, dtype="float64")
    if discount < TINY_DISCOUNT:  # A(Y) -> Y as d -> 0 (error below 1e-10 here); avoids subnormals
        return years
    # expm1/log1p keep full precision for tiny discount rates, where 1 - (1 + d)^-Y cancels.
    return -np.expm1(-years * np.log1p(discount)) / discount


def years_per_group(groups, group: str, years):
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


def ranks(values):
    """1 for the largest value; ties share the smaller rank, order of rows breaks nothing."""
    import pandas as pd

    return pd.Series(values).rank(ascending=False, method="min").astype(int).to_numpy()
