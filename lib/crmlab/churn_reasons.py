"""Why customers leave: counts and shares of the coded reasons of an exit survey (C26).

Asking the customers who left, and counting what they say, tells which of the firm's failings
cost it most customers; :func:`reason_table` handles several reasons per respondent.
"""

from __future__ import annotations

from ._validate import check_frame, check_ids
from .errors import CRMLabError

__all__ = ["reason_table"]


def reason_table(responses, *, reason: str = "reason", respondent=None, sep=None,
                 categories=None):
    """Counts and shares of coded reasons for leaving, most cited first.

    A respondent may give several reasons: as several rows (name the ``respondent`` column),
    as a list in one cell, or as one string split by ``sep``. A reason cited twice by the
    same respondent counts once. ``pct_respondents = 100 count / respondents`` (can sum past
    100 with several reasons each); ``pct_mentions = 100 count / all mentions`` (sums to 100).

    Parameters
    ----------
    responses : DataFrame
    reason : str
        Column of coded reasons.
    respondent : str, optional
        Column identifying respondents; default each row is one respondent.
    sep : str, optional
        Separator of several reasons written in one string, e.g. ``";"``.
    categories : sequence, optional
        The full code list: reasons nobody cited show with 0, unknown codes are refused.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"reason": ["too busy;no new skills", "too busy", "offends"]})
    >>> reason_table(r, sep=";").round(1)  # doctest: +NORMALIZE_WHITESPACE
                   count  pct_respondents  pct_mentions
    reason
    too busy           2             66.7          50.0
    no new skills      1             33.3          25.0
    offends            1             33.3          25.0
    """
    import pandas as pd

    cols = [reason] + ([respondent] if respondent is not None else [])
    check_frame(responses, name="responses", columns=cols)
    col = responses[reason]
    if col.isna().any():
        row = responses.index[col.isna().to_numpy().argmax()]
        raise CRMLabError(
            f"responses column {reason!r} has {int(col.isna().sum())} missing reason(s) "
            f"(first in row {row!r}); code them, e.g. as 'unknown', or drop those rows."
        )
    if respondent is not None:
        check_ids(responses, respondent, name="responses")
        who = responses[respondent]
    else:
        who = pd.Series(range(len(responses)), index=responses.index)
    if sep is not None:
        if not isinstance(sep, str) or not sep:
            raise CRMLabError(f"sep must be a non-empty string such as ';'; got {sep!r}.")
        col = col.astype(str).str.split(sep)
    long = pd.DataFrame({"who": who.to_numpy(), "reason": col.to_numpy()}).explode("reason")
    n_respondents = long["who"].nunique()
    long = long.dropna(subset=["reason"])
    if sep is not None:
        long["reason"] = long["reason"].str.strip()
        long = long[long["reason"] != ""]
    long = long.drop_duplicates()
    counts = long["reason"].value_counts().sort_index()  # ties: alphabetical
    if categories is not None:
        categories = list(categories)
        unknown = [r for r in counts.index if r not in categories]
        if unknown:
            raise CRMLabError(
                f"responses column {reason!r} has reason {unknown[0]!r}, which is not in "
                f"categories {categories}."
            )
        counts = counts.reindex(categories, fill_value=0)
    mentions = int(counts.sum())
    if mentions == 0:
        raise CRMLabError(f"responses column {reason!r} holds no reasons at all.")
    table = pd.DataFrame({"count": counts.astype("int64")})
    table["pct_respondents"] = 100.0 * table["count"] / n_respondents
    table["pct_mentions"] = 100.0 * table["count"] / mentions
    table["_order"] = range(len(table))
    table = table.sort_values(["count", "_order"], ascending=[False, True], kind="stable")
    table = table.drop(columns="_order")
    table.index.name = "reason"
    return table
