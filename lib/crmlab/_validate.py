"""Input checks shared by every crmlab module.

Data is validated once, where it enters a public function, through these few helpers,
so that every module words its errors the same way. Each check raises
:class:`crmlab.errors.CRMLabError` with a message that names the argument or column
at fault, shows what was received, and says what would be valid. Tests pin the wording.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence

from .errors import CRMLabError

__all__ = ["check_frame", "check_columns", "check_numeric", "check_ids", "check_dates",
           "check_timestamp", "check_number", "check_rate", "check_choice", "check_no_duplicates",
           "check_seed"]


def _preview(values: Iterable, limit: int = 8) -> str:
    values = list(values)
    shown = ", ".join(repr(v) for v in values[:limit])
    more = f", ... ({len(values)} in all)" if len(values) > limit else ""
    return f"[{shown}{more}]"


def check_frame(df, *, name: str = "data", columns: Sequence[str] = (), min_rows: int = 1):
    """Check that ``df`` is a DataFrame with ``columns`` and at least ``min_rows`` rows.

    >>> import pandas as pd
    >>> check_frame(pd.DataFrame({"a": [1]}), columns=["a"])
    >>> check_frame([1, 2], name="transactions")
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: transactions must be a pandas DataFrame; got list. Build one with pd.DataFrame(...) or load one with crm.data.load(...).
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise CRMLabError(
            f"{name} must be a pandas DataFrame; got {type(df).__name__}. "
            "Build one with pd.DataFrame(...) or load one with crm.data.load(...)."
        )
    check_columns(df, columns, name=name)
    if len(df) < min_rows:
        rows = "row" if min_rows == 1 else "rows"
        raise CRMLabError(
            f"{name} has {len(df)} rows; at least {min_rows} {rows} are needed. "
            "Check the filter that produced it."
        )


def check_columns(df, columns: Sequence[str], *, name: str = "data"):
    """Check that every name in ``columns`` is a column of ``df``.

    >>> import pandas as pd
    >>> check_columns(pd.DataFrame({"customer_id": [1]}), ["amount"], name="transactions")
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: transactions has no column 'amount'; its columns are ['customer_id']. Pass the right name, e.g. amount='your_column'.
    """
    have = list(df.columns)
    for col in columns:
        if col not in df.columns:
            raise CRMLabError(
                f"{name} has no column {col!r}; its columns are {_preview(have, 12)}. "
                f"Pass the right name, e.g. {_argname(col)}='your_column'."
            )


def _argname(col) -> str:
    names = {"customer_id": "customer", "date": "date", "amount": "amount"}
    return names.get(col, "column") if isinstance(col, str) else "column"


def check_numeric(df, column: str, *, name: str = "data", nonnegative: bool = False,
                  allow_nan: bool = False):
    """Check that ``df[column]`` is numeric, finite, and (optionally) never negative.

    >>> import pandas as pd
    >>> check_numeric(pd.DataFrame({"amount": [5.0, -2.0]}), "amount", nonnegative=True)
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: data column 'amount' has 1 negative value (first: -2.0 in row 1); it must be 0 or more. Remove refunds or corrections first, or keep them in a separate table.
    """
    import numpy as np
    import pandas as pd

    s = df[column]
    if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        raise CRMLabError(
            f"{name} column {column!r} must be numeric; got dtype {s.dtype} "
            f"(first values {_preview(s.head(3))}). Convert it with pd.to_numeric(...)."
        )
    values = s.to_numpy(dtype="float64", na_value=np.nan)
    missing = np.isnan(values)
    if missing.any() and not allow_nan:
        raise CRMLabError(
            f"{name} column {column!r} has {int(missing.sum())} missing value(s) "
            f"(first in row {s.index[missing.argmax()]!r}); it must be complete. "
            "Drop or fill those rows first."
        )
    if np.isinf(values).any():
        raise CRMLabError(
            f"{name} column {column!r} has infinite values; every value must be a finite number."
        )
    if nonnegative:
        negative = values < 0
        if negative.any():
            first = int(negative.argmax())
            raise CRMLabError(
                f"{name} column {column!r} has {int(negative.sum())} negative "
                f"value{'s' if negative.sum() > 1 else ''} (first: {float(values[first])!r} in row "
                f"{s.index[first]!r}); it must be 0 or more. Remove refunds or corrections "
                "first, or keep them in a separate table."
            )


def check_ids(df, column: str, *, name: str = "data"):
    """Check that the id column ``df[column]`` has no missing values.

    >>> import pandas as pd
    >>> check_ids(pd.DataFrame({"customer_id": ["a", None]}), "customer_id")
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: data column 'customer_id' has 1 missing id (first in row 1); every row needs a customer id. Drop anonymous rows first, e.g. df.dropna(subset=['customer_id']).
    """
    missing = df[column].isna().to_numpy()
    if missing.any():
        raise CRMLabError(
            f"{name} column {column!r} has {int(missing.sum())} missing id"
            f"{'s' if missing.sum() > 1 else ''} (first in row {df.index[missing.argmax()]!r}); "
            f"every row needs a customer id. Drop anonymous rows first, "
            f"e.g. df.dropna(subset=[{column!r}])."
        )


def check_dates(df, column: str, *, name: str = "data"):
    """Check that ``df[column]`` holds parsed, timezone-naive dates with none missing.

    >>> import pandas as pd
    >>> check_dates(pd.DataFrame({"date": ["2024-01-05"]}), "date")
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: data column 'date' must hold parsed dates (datetime64); got dtype str (first values ['2024-01-05']). Parse it first: df['date'] = pd.to_datetime(df['date']).
    """
    import pandas as pd

    s = df[column]
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        raise CRMLabError(
            f"{name} column {column!r} has timezone-aware dates ({s.dtype}); crmlab works in "
            f"local calendar days. Drop the zone first: df[{column!r}] = "
            f"df[{column!r}].dt.tz_localize(None)."
        )
    if not pd.api.types.is_datetime64_dtype(s):
        mixed = s.dtype == object and any(
            getattr(v, "tzinfo", None) is not None for v in s.head(1000)
        )
        hint = (
            " Some values carry a timezone and some do not: convert them all with "
            f"pd.to_datetime(df[{column!r}], utc=True).dt.tz_localize(None)."
            if mixed
            else f" Parse it first: df[{column!r}] = pd.to_datetime(df[{column!r}])."
        )
        raise CRMLabError(
            f"{name} column {column!r} must hold parsed dates (datetime64); got dtype "
            f"{s.dtype} (first values {_preview(s.head(3))}).{hint}"
        )
    missing = s.isna().to_numpy()
    if missing.any():
        raise CRMLabError(
            f"{name} column {column!r} has {int(missing.sum())} missing date(s) "
            f"(first in row {s.index[missing.argmax()]!r}); every row needs a date. "
            "Drop or fix those rows first."
        )


def check_timestamp(value, *, name: str, not_before=None, data_name: str = "the data"):
    """Turn ``value`` into a timezone-naive Timestamp, optionally not before ``not_before``.

    >>> check_timestamp("2024-03-01", name="as_of")
    Timestamp('2024-03-01 00:00:00')
    >>> check_timestamp("2024-01-01", name="as_of", not_before="2024-02-01")
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: as_of is 2024-01-01, before the last date in the data (2024-02-01); it must be on or after that date.
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
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        raise CRMLabError(f"{name} must be in {_interval(low, high, low_open, high_open)}; got {value!r}.")
    return int(value) if integer else value


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
    crmlab.errors.CRMLabError: retention must be in [0, 1); got 80. Write rates as fractions: 80 % is 0.8.
    """
    try:
        return check_number(value, name=name, low=0, high=1, high_open=not allow_one)
    except CRMLabError as exc:
        if isinstance(value, numbers.Real) and not isinstance(value, bool) and 1 < value <= 100:
            raise CRMLabError(f"{exc} Write rates as fractions: {value:g} % is {value / 100:g}.") from None
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


def check_no_duplicates(df, columns: Sequence[str], *, name: str = "data"):
    """Check that no two rows of ``df`` share the same values in ``columns``.

    >>> import pandas as pd
    >>> check_no_duplicates(pd.DataFrame({"customer_id": [1, 1]}), ["customer_id"], name="customers")
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: customers has 1 duplicated row(s) on ['customer_id'] (first: row 1); each must appear once. Remove them with df.drop_duplicates(subset=['customer_id']).
    """
    dup = df.duplicated(subset=list(columns)).to_numpy()
    if dup.any():
        raise CRMLabError(
            f"{name} has {int(dup.sum())} duplicated row(s) on {list(columns)!r} "
            f"(first: row {df.index[dup.argmax()]!r}); each must appear once. "
            f"Remove them with df.drop_duplicates(subset={list(columns)!r})."
        )


def check_seed(seed) -> int:
    """Check a random seed: a whole number from 0 to 2**32 - 1.

    >>> check_seed(7)
    7
    """
    return check_number(seed, name="seed", low=0, high=2**32 - 1, integer=True)
