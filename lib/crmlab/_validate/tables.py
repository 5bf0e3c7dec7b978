"""Checks of tables: a DataFrame with the columns, types and rows a function needs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..errors import CRMLabError

__all__ = ["check_frame", "check_columns", "check_numeric", "check_ids", "check_dates",
           "check_no_duplicates", "check_bool"]


def _preview(values: Iterable, limit: int = 8) -> str:
    values = list(values)
    shown = ", ".join(repr(v) for v in values[:limit])
    more = f", ... ({len(values)} in all)" if len(values) > limit else ""
    return f"[{shown}{more}]"


def _check_min_rows(df, name: str, min_rows: int) -> None:
    if len(df) < min_rows:
        rows = "row" if min_rows == 1 else "rows"
        raise CRMLabError(
            f"{name} has {len(df)} rows; at least {min_rows} {rows} are needed. "
            "Check the filter that produced it."
        )


def check_frame(df, *, name: str = "data", columns: Sequence[str] = (), min_rows: int = 1):
    """Check that ``df`` is a DataFrame with ``columns`` and at least ``min_rows`` rows.

    >>> import pandas as pd
    >>> check_frame(pd.DataFrame({"a": [1]}), columns=["a"])
    >>> check_frame([1, 2], name="transactions")
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: transactions must be a pandas DataFrame; got list. Build one with
    pd.DataFrame(...) or load one with crm.data.load(...).
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise CRMLabError(
            f"{name} must be a pandas DataFrame; got {type(df).__name__}. "
            "Build one with pd.DataFrame(...) or load one with crm.data.load(...)."
        )
    check_columns(df, columns, name=name)
    _check_min_rows(df, name, min_rows)


def check_columns(df, columns: Sequence[str], *, name: str = "data"):
    """Check that every name in ``columns`` is a column of ``df``.

    >>> import pandas as pd
    >>> check_columns(pd.DataFrame({"customer_id": [1]}), ["amount"], name="transactions")
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: transactions has no column 'amount'; its columns are ['customer_id'].
    Pass the right name, e.g. amount='your_column'.
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
    crmlab.errors.CRMLabError: data column 'amount' has 1 negative value (first: -2.0 in row 1); it
    must be 0 or more. Remove refunds or corrections first, or keep them in a separate table.
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
    crmlab.errors.CRMLabError: data column 'customer_id' has 1 missing id (first in row 1); every
    row needs a customer id. Drop anonymous rows first, e.g. df.dropna(subset=['customer_id']).
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
    crmlab.errors.CRMLabError: data column 'date' must hold parsed dates (datetime64); got dtype str
    (first values ['2024-01-05']). Parse it first: df['date'] = pd.to_datetime(df['date']).
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


def check_no_duplicates(df, columns: Sequence[str], *, name: str = "data"):
    """Check that no two rows of ``df`` share the same values in ``columns``.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": [1, 1]})
    >>> check_no_duplicates(df, ["customer_id"], name="customers")
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: customers has 1 duplicated row(s) on ['customer_id'] (first: row 1);
    each must appear once. Remove them with df.drop_duplicates(subset=['customer_id']).
    """
    dup = df.duplicated(subset=list(columns)).to_numpy()
    if dup.any():
        raise CRMLabError(
            f"{name} has {int(dup.sum())} duplicated row(s) on {list(columns)!r} "
            f"(first: row {df.index[dup.argmax()]!r}); each must appear once. "
            f"Remove them with df.drop_duplicates(subset={list(columns)!r})."
        )


def check_bool(x, *, name: str):
    """Check that ``x`` is a non-empty pandas Series of True/False values; return it as bool.

    >>> import pandas as pd
    >>> check_bool(pd.Series([1, 0]), name="actual")
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: actual must hold True/False values; got dtype int64. Convert with
    .astype(bool) only if 1 means churned.
    """
    import pandas as pd

    if not isinstance(x, pd.Series):
        raise CRMLabError(
            f"{name} must be a pandas Series of True/False by customer; got {type(x).__name__}."
        )
    _check_true_false(x, name)
    return x.astype(bool)


def _check_true_false(x, name: str) -> None:
    """A Series that is not empty, misses no value and holds only True/False."""
    import pandas as pd

    if len(x) == 0:
        raise CRMLabError(f"{name} is empty; it needs one True/False value per customer.")
    if x.isna().any():
        raise CRMLabError(
            f"{name} has {int(x.isna().sum())} missing value(s); every customer "
            "needs True or False."
        )
    if not pd.api.types.is_bool_dtype(x):
        raise CRMLabError(
            f"{name} must hold True/False values; got dtype {x.dtype}. Convert with "
            ".astype(bool) only if 1 means churned."
        )
