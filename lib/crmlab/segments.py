"""RFM scores and named segments: from recency, frequency and monetary value to what to do.

:func:`rfm_scores` turns the classic RFM table of :mod:`crmlab.rfm` into quantile scores 1-5,
:func:`rfm_segments` names each customer's segment from the recency and frequency scores
(champions, loyal, at risk, ...: :data:`SEGMENTS`), :data:`SEGMENT_ACTIONS` says what a CRM
team does about each, :func:`segment_snapshot` counts the segments on any past date and
:func:`rfm_grid` the customers on the recency-by-frequency grid. :func:`eight_classes` gives
the eight-class split that Chinese analysts use (each of R, F and M above or below its average:
重要价值客户, 重要发展客户, ...; :data:`EIGHT_CLASSES`).
"""

from __future__ import annotations

from ._validate import check_choice, check_columns, check_frame, check_number, check_numeric, \
    check_timestamp
from .errors import CRMLabError
from .rfm import RFMTimeline

__all__ = ["SEGMENTS", "SEGMENT_ACTIONS", "SEGMENT_PLAYS", "EIGHT_CLASSES", "rfm_scores",
           "rfm_segments", "rfm_grid", "segment_snapshot", "eight_classes"]

#: The RFM eight-class model: (recent, frequent, high-spending) -> class, in the usual order
#: (the glossary gives each class's Chinese name, e.g. 重要价值客户).
EIGHT_CLASSES = {
    (True, True, True): "important value customer",
    (True, False, True): "important customer to develop",
    (False, True, True): "important customer to keep",
    (False, False, True): "important customer to win back",
    (True, True, False): "general value customer",
    (True, False, False): "general customer to develop",
    (False, True, False): "general customer to keep",
    (False, False, False): "general customer to win back",
}

#: Segment names in order from the best customers to the lost ones.
SEGMENTS = ("champions", "loyal", "potential loyalist", "new", "promising", "need attention",
            "about to sleep", "at risk", "can't lose", "hibernating")

#: What a CRM team typically does for each segment.
SEGMENT_ACTIONS = {
    "champions": "Reward them; ask for reviews and referrals; offer early access to new products.",
    "loyal": "Upsell higher-value products; enrol them in the loyalty programme; ask for feedback.",
    "potential loyalist": "Offer membership or a loyalty programme; recommend related products.",
    "new": "Onboard them well; a welcome series and a reason to make the second purchase.",
    "promising": "Build the relationship: brand stories, a small incentive to come back soon.",
    "need attention": "Limited-time offers based on past purchases before they drift away.",
    "about to sleep": "Reconnect with relevant, popular products and a modest discount.",
    "at risk": "Personal win-back contact: find out what went wrong and offer a renewal.",
    "can't lose": "They used to buy often: call them, win them back, never let a rival have them.",
    "hibernating": "Low-cost reminders only; do not spend heavily unless they respond.",
}

# Segment by (R score, F score) on a 1-5 scale: row = R - 1, column = F - 1.
_GRID = (
    ("hibernating", "hibernating", "at risk", "at risk", "can't lose"),
    ("hibernating", "hibernating", "at risk", "at risk", "can't lose"),
    ("about to sleep", "about to sleep", "need attention", "loyal", "loyal"),
    ("promising", "potential loyalist", "potential loyalist", "loyal", "loyal"),
    ("new", "potential loyalist", "potential loyalist", "champions", "champions"),
)

#: Segments grouped by what the CRM team does about them: keep and grow, watch, win back with a
#: personal contact, or remind cheaply.
SEGMENT_PLAYS = {
    "keep": ("champions", "loyal", "potential loyalist", "new", "promising"),
    "watch": ("need attention", "about to sleep"),
    "win back": ("at risk", "can't lose"),
    "remind": ("hibernating",),
}


def _score(values, bins: int, *, reverse: bool = False):
    import numpy as np
    import pandas as pd

    ranks = pd.Series(-values if reverse else values).rank(method="average", pct=True).to_numpy()
    return np.clip(np.ceil(ranks * bins - 1e-9), 1, bins).astype(np.int64)


def rfm_scores(table, *, bins: int = 5):
    """Quantile scores 1..``bins`` for recency, frequency and monetary (higher is better).

    Each score is ``ceil(percentile rank x bins)``; ties share the average rank, so equal
    customers get equal scores. Recency is reversed: the most recent buyers score highest.
    Adds ``r_score``, ``f_score``, ``m_score`` and the three-digit ``rfm_code``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"recency": [5, 40, 90, 200], "frequency": [8, 3, 3, 1],
    ...                   "monetary": [400.0, 90.0, 120.0, 20.0]}, index=list("abcd"))
    >>> rfm_scores(t, bins=4)[["r_score", "f_score", "m_score", "rfm_code"]]
       r_score  f_score  m_score rfm_code
    a        4        4        4      444
    b        3        3        2      332
    c        2        3        3      233
    d        1        1        1      111
    """
    bins = check_number(bins, name="bins", low=2, high=10, integer=True)
    check_frame(table, name="table", columns=["recency", "frequency", "monetary"], min_rows=2)
    for col in ("recency", "frequency", "monetary"):
        check_numeric(table, col, name="table", nonnegative=True)
    if not table.index.is_unique:
        dup = table.index[table.index.duplicated()][0]
        raise CRMLabError(
            f"table has customer {dup!r} more than once; rfm_scores needs one row per customer "
            "(build it with rfm_table)."
        )
    import numpy as np
    import pandas as pd

    out = table.copy()
    out["r_score"] = _score(table["recency"].to_numpy(dtype="float64"), bins, reverse=True)
    out["f_score"] = _score(table["frequency"].to_numpy(dtype="float64"), bins)
    out["m_score"] = _score(table["monetary"].to_numpy(dtype="float64"), bins)
    # Concatenating looked-up digit strings is several times faster than three astype(str).
    digits = np.array([str(k) for k in range(bins + 1)], dtype=object)
    r, f, m = (digits[out[c].to_numpy()] for c in ("r_score", "f_score", "m_score"))
    out["rfm_code"] = pd.Series(r + f + m, index=out.index, dtype="str")
    return out


def _check_scores(scores, bins) -> int:
    """Check that ``scores`` holds whole recency and frequency scores 1..``bins``; return bins."""
    import numpy as np

    bins = check_number(bins, name="bins", low=2, high=10, integer=True)
    check_frame(scores, name="scores", columns=["r_score", "f_score"])
    for col in ("r_score", "f_score"):
        check_numeric(scores, col, name="scores")
        v = scores[col].to_numpy(dtype="float64")
        bad = (v < 1) | (v > bins) | (v != np.round(v))
        if bad.any():
            raise CRMLabError(
                f"scores column {col!r} must hold whole scores from 1 to {bins}; got "
                f"{float(v[bad][0])!r}. Build them with rfm_scores(table, bins={bins})."
            )
    return bins


def rfm_segments(scores, *, bins: int = 5):
    """Name each customer's segment from their recency and frequency scores.

    Scores on a ``bins`` scale are mapped to 1-5 (``ceil(score x 5 / bins)``), then read on
    the usual R-by-F grid: R 5 and F 4-5 are ``champions``, R 1-2 and F 5 ``can't lose``,
    R 1-2 and F 1-2 ``hibernating`` and so on (see :data:`SEGMENTS`). Returns a copy of
    ``scores`` with an ordered categorical ``segment`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"r_score": [5, 1, 3, 5], "f_score": [5, 5, 3, 1]}, index=list("abcd"))
    >>> rfm_segments(s)["segment"].tolist()
    ['champions', "can't lose", 'need attention', 'new']
    """
    import numpy as np
    import pandas as pd

    bins = _check_scores(scores, bins)
    r = np.ceil(scores["r_score"].to_numpy(dtype="float64") * 5 / bins).astype(int) - 1
    f = np.ceil(scores["f_score"].to_numpy(dtype="float64") * 5 / bins).astype(int) - 1
    grid = np.array(_GRID, dtype=object)
    out = scores.copy()
    out["segment"] = pd.Categorical(grid[r, f], categories=list(SEGMENTS), ordered=True)
    return out


def rfm_grid(scores, *, value: str | None = None, bins: int = 5):
    """Customers on the recency-by-frequency grid: how many in each cell, or their mean ``value``.

    The cell of recency score ``r`` and frequency score ``f`` holds ``n(r, f)``, the number of
    customers with ``r_score = r`` and ``f_score = f``; with ``value``, the mean
    ``sum(value) / n(r, f)`` over those customers instead (NaN where ``n(r, f) = 0``).

    Parameters
    ----------
    scores : DataFrame
        The output of :func:`rfm_scores` with the same ``bins``.
    value : str, optional
        A numeric column of ``scores`` (e.g. ``"monetary"``) to average instead of counting.
    bins : int, default 5
        The score scale, 2 to 10.

    Returns
    -------
    DataFrame
        Recency scores ``bins`` to 1 as rows (most recent on top, as drawn by
        :func:`crmlab.plots.rfm_heatmap`), frequency scores 1 to ``bins`` as columns; ``attrs``
        holds ``bins``, ``value`` and ``customers``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"r_score": [3, 3, 1, 2], "f_score": [1, 1, 3, 2],
    ...                   "monetary": [10.0, 30.0, 5.0, 8.0]})
    >>> rfm_grid(s, bins=3)
    f_score    1    2    3
    r_score
    3        2.0  0.0  0.0
    2        0.0  1.0  0.0
    1        0.0  0.0  1.0
    >>> rfm_grid(s, bins=3, value="monetary").loc[3].tolist()
    [20.0, nan, nan]
    """
    import numpy as np
    import pandas as pd

    bins = _check_scores(scores, bins)
    cell = ((scores["r_score"].to_numpy().astype(int) - 1) * bins
            + scores["f_score"].to_numpy().astype(int) - 1)
    grid = np.bincount(cell, minlength=bins * bins).astype("float64")
    if value is not None:
        check_columns(scores, [value], name="scores")
        check_numeric(scores, value, name="scores")
        sums = np.bincount(cell, weights=scores[value].to_numpy(dtype="float64"),
                           minlength=bins * bins)
        grid = np.divide(sums, grid, out=np.full_like(sums, np.nan), where=grid > 0)
    out = pd.DataFrame(grid.reshape(bins, bins)[::-1],
                       index=pd.Index(range(bins, 0, -1), name="r_score"),
                       columns=pd.Index(range(1, bins + 1), name="f_score"))
    out.attrs.update(bins=bins, value=value, customers=len(scores))
    return out


def segment_snapshot(timeline, as_of, *, bins: int = 5) -> dict:
    """Segments on ``as_of``: the RFM table of that day, scored and named with ``bins`` bins.

    ``timeline`` is a :class:`crmlab.rfm.RFMTimeline` (the log sorted once), so the analysis can
    be repeated for many dates quickly; customers who have not bought by ``as_of`` do not exist
    yet.

    Returns
    -------
    dict
        ``as_of`` (Timestamp), ``bins``, ``customers`` (how many have bought by then), ``sizes``
        (customers per segment, a Series in :data:`SEGMENTS` order) and ``table`` (the
        :func:`rfm_segments` frame).

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c", "c"],
    ...                    "date": pd.to_datetime(["2024-01-05", "2024-02-20", "2024-01-10",
    ...                                            "2024-01-02", "2024-01-20", "2024-02-27"]),
    ...                    "amount": [10.0, 20.0, 5.0, 8.0, 9.0, 30.0]})
    >>> snap = segment_snapshot(RFMTimeline(tx), "2024-02-29")
    >>> snap["table"]["segment"].tolist(), int(snap["sizes"]["champions"])
    (['loyal', 'hibernating', 'champions'], 1)
    """
    if not isinstance(timeline, RFMTimeline):
        raise CRMLabError("timeline must be a crm.rfm.RFMTimeline(transactions); got "
                          f"{type(timeline).__name__}.")
    bins = check_number(bins, name="bins", low=2, high=10, integer=True)
    table = timeline.table(as_of)
    when = check_timestamp(as_of, name="as_of")
    if len(table) < 2:
        raise CRMLabError(f"on {when.date()} fewer than 2 customers have bought; "
                          "choose a later as_of.")
    segments = rfm_segments(rfm_scores(table, bins=bins), bins=bins)
    sizes = segments["segment"].value_counts(sort=False).reindex(list(SEGMENTS))
    return {"as_of": when, "bins": bins, "customers": len(table), "sizes": sizes, "table": segments}


def eight_classes(table, *, basis: str = "mean"):
    """The RFM eight-class model: each customer high or low on R, F and M, eight classes.

    A customer is *recent* when their recency is below the ``basis`` (``"mean"`` or
    ``"median"``) of all customers, *frequent* and *high-spending* when frequency and monetary
    value are above it. ``table`` is :func:`crmlab.rfm.rfm_table` (or anything with ``recency``,
    ``frequency`` and ``monetary``). Returns the table with ``recent``, ``frequent``,
    ``high_spending`` and ``eight_class`` (ordered as :data:`EIGHT_CLASSES`) added.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"recency": [5, 50, 5, 50], "frequency": [9, 9, 1, 1],
    ...                   "monetary": [900.0, 800.0, 100.0, 50.0]}, index=list("abcd"))
    >>> eight_classes(t)["eight_class"].tolist()
    ['important value customer', 'important customer to keep', 'general customer to develop',
     'general customer to win back']
    """
    import pandas as pd

    check_frame(table, name="table", columns=["recency", "frequency", "monetary"])
    for col in ("recency", "frequency", "monetary"):
        check_numeric(table, col, name="table")
    check_choice(basis, name="basis", choices=["mean", "median"])
    cut = table[["recency", "frequency", "monetary"]].agg(basis)
    out = table.copy()
    out["recent"] = out["recency"] < cut["recency"]
    out["frequent"] = out["frequency"] > cut["frequency"]
    out["high_spending"] = out["monetary"] > cut["monetary"]
    keys = zip(out["recent"], out["frequent"], out["high_spending"])
    out["eight_class"] = pd.Categorical([EIGHT_CLASSES[k] for k in keys],
                                        categories=list(EIGHT_CLASSES.values()), ordered=True)
    out.attrs["cuts"] = {k: float(v) for k, v in cut.items()}
    return out
