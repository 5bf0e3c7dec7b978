"""Checks of single values: numbers in a range, rates, choices, dates, seeds."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

from ..errors import CRMLabError

__all__ = ["check_timestamp", "check_number", "check_rate", "check_choice", "check_seed",
           "check_positive_total"]


def check_timestamp(value, *, name: str, not_before=None, data_name: str = "the data"):
    """Turn ``value`` into a timezone-naive Timestamp, optionally not before ``not_before``.

    >>> check_timestamp("2024-03-01", name="as_of")
    Timestamp('2024-03-01 00:00:00')
    >>> check_timestamp("2024-01-01", name="as_of", not_before="2024-02-01")
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: as_of is 2024-01-01, before the last date in the data (2024-02-01);
    it must be on or after that date.
    """
    import pandas as pd

    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise CRMLabError(
            f"{name} must be a date such as '2024-12-31'; got {value!r} ({exc})."
        ) from None
    if ts is pd.NaT:
        raise CRMLabError(f"{name} must be a date such as '2024-12-31'; got {value!r}.")
    if ts.tzinfo is not None:
        raise CRMLabError(
            f"{name} must be timezone-naive; got {ts}. Use ts.tz_localize(None) first."
        )
    if not_before is not None and ts < pd.Timestamp(not_before):
        last = pd.Timestamp(not_before)
        raise CRMLabError(
            f"{name} is {ts.date()}, before the last date in {data_name} ({last.date()}); "
            "it must be on or after that date."
        )
    return ts


def check_number(value, *, name: str, low=None, high=None, low_open=False, high_open=False,
                 integer=False):
    """Check that ``value`` is a real number in the given range and return it.

    ``low_open`` / ``high_open`` make that bound strict.

    >>> check_number(0.5, name="top", low=0, high=1, low_open=True)
    0.5
    >>> check_number(1.5, name="top", low=0, high=1, low_open=True)
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: top must be in (0, 1]; got 1.5.
    >>> check_number("ten", name="n", integer=True)
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: n must be a whole number; got 'ten' (str).
    """
    kind = "a whole number" if integer else "a number"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise CRMLabError(f"{name} must be {kind}; got {value!r} ({type(value).__name__}).")
    if integer and not float(value).is_integer():
        raise CRMLabError(f"{name} must be {kind}; got {value!r}.")
    if math.isnan(value) or math.isinf(value):
        raise CRMLabError(f"{name} must be a finite number; got {value!r}.")
    _check_interval(value, name, low, high, low_open, high_open)
    return int(value) if integer else value


def _check_interval(value, name: str, low, high, low_open: bool, high_open: bool) -> None:
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        raise CRMLabError(
            f"{name} must be in {_interval(low, high, low_open, high_open)}; got {value!r}."
        )


def _interval(low, high, low_open, high_open) -> str:
    if low is not None and high is not None:
        return f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if low is not None:
        return f"{'(' if low_open else '['}{low:g}, inf)"
    return f"(-inf, {high:g}{')' if high_open else ']'}"


def check_rate(value, *, name: str, allow_one: bool = False):
    """Check a rate such as retention or discount: in [0, 1), or [0, 1] with ``allow_one``.

    >>> check_rate(0.8, name="retention")
    0.8
    >>> check_rate(80, name="retention")
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: retention must be in [0, 1); got 80. Write rates as fractions: 80 %
    is 0.8.
    """
    try:
        return check_number(value, name=name, low=0, high=1, high_open=not allow_one)
    except CRMLabError as exc:
        if isinstance(value, numbers.Real) and not isinstance(value, bool) and 1 < value <= 100:
            raise CRMLabError(
                f"{exc} Write rates as fractions: {value:g} % is {value / 100:g}."
            ) from None
        raise


def check_choice(value, *, name: str, choices: Sequence):
    """Check that ``value`` is one of ``choices`` and return it.

    >>> check_choice("profit", name="by", choices=["revenue", "profit"])
    'profit'
    >>> check_choice("sales", name="by", choices=["revenue", "profit"])
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: by must be one of ['revenue', 'profit']; got 'sales'.
    """
    if value not in choices:
        raise CRMLabError(f"{name} must be one of {list(choices)!r}; got {value!r}.")
    return value


def check_seed(seed) -> int:
    """Check a random seed: a whole number from 0 to 2**32 - 1.

    >>> check_seed(7)
    7
    """
    return check_number(seed, name="seed", low=0, high=2**32 - 1, integer=True)


def check_positive_total(values, *, what: str) -> float:
    """The sum of ``values``, checked to be above 0 (shares of a total need one).

    >>> check_positive_total([3.0, -3.0], what="profit")
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: the total profit is 0; shares need a positive total. Check the column
    or the filter that produced the data.
    """
    total = float(values.sum()) if hasattr(values, "sum") else float(sum(values))
    if total <= 0:
        raise CRMLabError(
            f"the total {what} is {total:g}; shares need a positive total. "
            "Check the column or the filter that produced the data."
        )
    return total
