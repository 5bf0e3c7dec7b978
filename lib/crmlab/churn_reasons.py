"""Why customers leave: counts and shares of the coded reasons of an exit survey (C26).

Asking the customers who left, and counting what they say, tells which of the firm's failings
cost it most customers; :func:`reason_table` handles several reasons per respondent.
:func:`reason_value_table` weighs each leaver by what they were worth (e.g. a year's profit),
which tells which failings cost the firm most money: the order of a Pareto chart can change.
:func:`reason_value` does the same with a confidence interval per reason (C25: a reason given
mostly by loss-making customers costs little).
"""

from __future__ import annotations

from ._validate import (check_frame, check_ids, check_no_duplicates, check_number, check_numeric,
                        check_rate)
from .errors import CRMLabError

__all__ = ["reason_table", "reason_value_table", "reason_value"]


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


def reason_value_table(responses, values, *, reason: str = "reason",
                       respondent: str = "customer_id"):
    """What the leavers citing each reason were worth: a Pareto table of value lost by reason.

    ``values`` gives each respondent's value (e.g. profit in the year before leaving), indexed by
    respondent. Per reason: ``leavers``, ``lost`` = sum of the positive values (what the firm
    loses), ``gained`` = minus the sum of the negative ones (leavers who cost more than they
    brought: the firm is better off), ``net = lost - gained``, ``pct_lost`` (share of all value
    lost) and ``cum_pct_lost``; sorted by ``lost``, the largest first.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"customer_id": [1, 2, 3, 4], "reason": ["busy", "busy", "rude", "rude"]})
    >>> value = pd.Series({1: 10.0, 2: -4.0, 3: 25.0, 4: 5.0})
    >>> reason_value_table(r, value)  # doctest: +NORMALIZE_WHITESPACE
            leavers  lost  gained   net  pct_lost  cum_pct_lost
    reason
    rude          2  30.0     0.0  30.0      75.0          75.0
    busy          2  10.0     4.0   6.0      25.0         100.0
    """
    import pandas as pd

    check_frame(responses, name="responses", columns=[reason, respondent])
    check_ids(responses, respondent, name="responses")
    if not isinstance(values, pd.Series):
        raise CRMLabError(f"values must be a pandas Series indexed by {respondent}; got "
                          f"{type(values).__name__}.")
    check_numeric(values.to_frame("value"), "value", name="values")
    missing = pd.Index(responses[respondent]).difference(values.index)
    if len(missing):
        raise CRMLabError(f"values has no value for {len(missing)} respondent(s) (first: "
                          f"{missing.tolist()[0]!r}); give every respondent a value (0 if none).")
    v = responses[respondent].map(values).to_numpy(dtype="float64")
    long = pd.DataFrame({"reason": responses[reason].astype(str).to_numpy(), "v": v})
    out = long.groupby("reason").agg(leavers=("v", "size"), lost=("v", lambda x: x.clip(0).sum()),
                                     gained=("v", lambda x: (-x).clip(0).sum()))
    out["net"] = out["lost"] - out["gained"]
    if out["lost"].sum() <= 0:
        raise CRMLabError("values has no positive value: no reason lost the firm anything.")
    out = out.sort_values(["lost", "leavers"], ascending=False, kind="stable")
    out["pct_lost"] = 100 * out["lost"] / out["lost"].sum()
    out["cum_pct_lost"] = out["pct_lost"].cumsum()
    return out.astype({"leavers": "int64"})


def reason_value(responses, values, *, reason: str = "reason", customer: str = "customer_id",
                 value: str = "value", interval: float = 0.9, n_boot: int = 2000,
                 seed: int = 0):
    """Reasons for leaving weighed by what the leavers were worth, not only counted.

    Each respondent's ``value`` (say the yearly profit they brought before leaving) is
    credited to the reason they gave: ``lost_value`` = sum over its respondents,
    ``mean_value`` its mean, ``losing_pct`` the share of them whose value is below 0 (in %:
    losing such a customer cost the firm nothing). ``lost_low`` and ``lost_high`` bound
    ``lost_value`` by a percentile bootstrap over respondents (``n_boot`` resamples, the
    central ``interval`` share; 0 resamples: no bounds). A respondent who gives several
    reasons (several rows) is credited to each. Rows are sorted by ``lost_value``, largest
    first, with ``count_rank`` and ``value_rank`` (1 = first).

    Parameters
    ----------
    responses : DataFrame
        One row per respondent and reason: ``customer`` and ``reason``.
    values : DataFrame
        One row per customer: ``customer`` and ``value`` (negative for loss-makers).

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"customer_id": [1, 2, 3, 4], "reason": ["busy", "busy", "busy", "rude"]})
    >>> v = pd.DataFrame({"customer_id": [1, 2, 3, 4], "value": [-50.0, -20.0, 10.0, 300.0]})
    >>> t = reason_value(r, v, n_boot=0)
    >>> t[["count", "lost_value", "losing_pct", "count_rank", "value_rank"]].round(1)
    ... # doctest: +NORMALIZE_WHITESPACE
            count  lost_value  losing_pct  count_rank  value_rank
    reason
    rude        1       300.0         0.0           2           1
    busy        3       -60.0        66.7           1           2
    """
    import numpy as np

    check_frame(responses, name="responses", columns=[customer, reason])
    check_frame(values, name="values", columns=[customer, value])
    check_numeric(values, value, name="values")
    check_no_duplicates(values, [customer], name="values")
    interval = check_rate(interval, name="interval")
    n_boot = check_number(n_boot, name="n_boot", low=0, high=100_000, integer=True)
    joined = responses[[customer, reason]].merge(values[[customer, value]], on=customer,
                                                 how="left")
    if joined[value].isna().any():
        who = joined.loc[joined[value].isna(), customer].tolist()[0]
        raise CRMLabError(
            f"values has no row for customer {who!r}, who answered the survey; give every "
            "respondent a value (0 if unknown)."
        )
    g = joined.groupby(reason, observed=True, sort=True)[value]
    table = g.agg(count="size", lost_value="sum", mean_value="mean")
    table["losing_pct"] = 100.0 * g.apply(lambda s: float((s < 0).mean()))
    if n_boot:
        codes = joined[reason].map({r: i for i, r in enumerate(table.index)}).to_numpy()
        rng = np.random.default_rng(check_number(seed, name="seed", low=0, integer=True))
        n = len(joined)
        picks = rng.integers(0, n, size=(n_boot, n))
        sums = np.zeros((n_boot, len(table)))
        for b in range(n_boot):
            sums[b] = np.bincount(codes[picks[b]], weights=joined[value].to_numpy()[picks[b]],
                                  minlength=len(table))
        tail = 100 * (1 - interval) / 2
        table["lost_low"] = np.percentile(sums, tail, axis=0)
        table["lost_high"] = np.percentile(sums, 100 - tail, axis=0)
    table["count_rank"] = table["count"].rank(ascending=False, method="min").astype(int)
    table["value_rank"] = table["lost_value"].rank(ascending=False, method="min").astype(int)
    table = table.sort_values(["lost_value", "count"], ascending=False, kind="stable")
    table.attrs["interval"] = interval
    return table
