"""Explorer for :mod:`crmlab.rfm`: segment sizes as the analysis date and score bins change."""

from __future__ import annotations

from .._validate import check_number, check_timestamp
from ..errors import CRMLabError
from ._base import Explorer, headline

__all__ = ["rfm_explorer"]

# Segments grouped by what the CRM team does about them (bar colours of the explorer).
_KEEP = ("champions", "loyal", "potential loyalist", "new", "promising")
_WATCH = ("need attention", "about to sleep")
_WIN_BACK = ("at risk", "can't lose")  # personal win-back contact; hibernating: cheap reminders


def _month_ends(first, last):
    """Month-end dates from the first month that has data to ``last``, plus ``last`` itself."""
    import pandas as pd

    ends = pd.date_range(first, last, freq="ME")
    return sorted({*(d.strftime("%Y-%m-%d") for d in ends), last.strftime("%Y-%m-%d")})


def rfm_explorer(transactions, *, as_of=None, bins: int = 5, customer: str = "customer_id",
                 date: str = "date", amount: str = "amount"):
    """Move the analysis date back in time and change the number of score bins; see who is where.

    On each change the log is cut to the purchases on or before ``as_of`` (as if the analysis
    were run that day), and :func:`crmlab.rfm.rfm_table`, :func:`crmlab.rfm.rfm_scores` and
    :func:`crmlab.rfm.rfm_segments` are applied with ``bins`` score bins. Controls: ``as_of``
    (month ends of the data, and its last day) and ``bins`` (3 to 10). Bars are coloured by
    what to do: keep (blue), watch (orange), win back (at risk and can't lose, vermillion),
    cheap reminders (hibernating, purple). The log is sorted once,
    so a change costs one binary search per customer:
    ``frequency = #{purchases <= as_of}``, ``monetary = cumulative spend up to as_of``,
    ``recency = as_of - last purchase on or before as_of`` (days).

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase, with ``customer``, ``date`` and ``amount`` columns.
    as_of : date-like, optional
        The starting analysis date; defaults to the last date in the data. Customers whose
        first purchase is later do not exist yet on that date.
    bins : int, default 5
        Score bins for recency, frequency and monetary value.

    Returns
    -------
    crmlab.widgets.Explorer
        ``result`` is a dict with ``as_of`` (Timestamp), ``bins``, ``customers`` (how many
        have bought by then), ``sizes`` (customers per segment, a Series in
        :data:`crmlab.rfm.SEGMENTS` order) and ``table`` (the :func:`crmlab.rfm.rfm_segments`
        frame).

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c", "c"],
    ...                    "date": pd.to_datetime(["2024-01-05", "2024-02-20", "2024-01-10",
    ...                                            "2024-01-02", "2024-01-20", "2024-02-27"]),
    ...                    "amount": [10.0, 20.0, 5.0, 8.0, 9.0, 30.0]})
    >>> ex = rfm_explorer(tx)
    >>> ex.result["table"]["segment"].tolist()
    ['loyal', 'hibernating', 'champions']
    >>> ex.update(as_of="2024-01-31").result["table"]["recency"].tolist()
    [26, 21, 11]
    >>> ex.close()
    """
    import ipywidgets as w
    import numpy as np
    import pandas as pd

    from ..rfm import SEGMENTS, _check_log, _codes, _days, rfm_scores, rfm_segments

    if not isinstance(amount, str):
        raise CRMLabError(f"amount must name the column of amounts spent; got {amount!r}.")
    _check_log(transactions, customer, date, amount)
    bins = check_number(bins, name="bins", low=3, high=10, integer=True)
    dates = transactions[date]
    first_seen, last_seen = dates.min(), dates.max()
    as_of = last_seen if as_of is None else check_timestamp(as_of, name="as_of")
    if as_of < first_seen:
        raise CRMLabError(
            f"as_of is {as_of.date()}, before the first purchase in transactions column "
            f"{date!r} ({first_seen.date()}); choose a date from {first_seen.date()} on."
        )

    # Sort the log once by (customer, day); per change, a binary search finds each customer's
    # last purchase on or before as_of.
    codes, uniques = _codes(transactions, customer)
    days = _days(dates.to_numpy())
    order = np.lexsort((days, codes))
    days_sorted = days[order]
    codes_sorted = codes[order]
    spend = np.r_[0.0, np.cumsum(transactions[amount].to_numpy(dtype="float64")[order])]
    span = int(days.max() - days.min()) + 2
    key = codes_sorted.astype(np.int64) * span + (days_sorted - days.min())
    n = len(uniques)
    start = np.searchsorted(codes_sorted, np.arange(n), side="left")
    first_day = days_sorted[start]
    index = pd.Index(uniques, name=customer)
    options = _month_ends(first_seen, max(last_seen, as_of))
    if as_of.strftime("%Y-%m-%d") not in options:
        options = sorted({*options, as_of.strftime("%Y-%m-%d")})

    def compute(as_of, bins):
        when = pd.Timestamp(as_of)
        end = int(_days(when.to_datetime64()))
        stop = np.searchsorted(key, np.arange(n, dtype=np.int64) * span + (end - days.min()),
                               side="right")
        count = stop - start
        seen = count > 0
        if seen.sum() < 2:
            raise CRMLabError(
                f"on {when.date()} fewer than 2 customers have bought; choose a later as_of."
            )
        table = pd.DataFrame({
            "recency": end - days_sorted[stop[seen] - 1],
            "frequency": count[seen],
            "monetary": np.round(spend[stop[seen]] - spend[start[seen]], 9),
            "tenure": end - first_day[seen],
        }, index=index[seen])
        segments = rfm_segments(rfm_scores(table, bins=bins), bins=bins)
        sizes = segments["segment"].value_counts(sort=False).reindex(list(SEGMENTS))
        return {"as_of": when, "bins": bins, "customers": int(seen.sum()), "sizes": sizes,
                "table": segments}

    def draw(result, ax, as_of, bins):
        from ..plots import PALETTE, hbars

        sizes = result["sizes"]
        # Blue keep, light blue watch, orange-red win back, pink remind: no two look alike.
        colours = [PALETTE["blue"] if s in _KEEP else PALETTE["sky"] if s in _WATCH
                   else PALETTE["vermillion"] if s in _WIN_BACK else PALETTE["purple"]
                   for s in sizes.index]
        y = np.arange(len(sizes))[::-1]
        hbars(ax, y, sizes.to_numpy(), color=colours)  # one collection: cheap to redraw
        # The count goes into the tick label: one text per bar keeps a redraw cheap.
        ax.set_yticks(y, [f"{name} ({v:,})" for name, v in sizes.items()])
        ax.set_xlim(0, max(int(sizes.max()), 1) * 1.05)
        ax.set_xlabel("customers in the segment (count)")
        ax.set_ylabel("RFM segment")
        ax.grid(axis="y", visible=False)
        win_back = int(sizes[list(_WIN_BACK)].sum())
        headline(ax, f"{result['as_of']:%Y-%m-%d}: {int(sizes['champions']):,} champions, "
                     f"{win_back:,} to win back")

    controls = {
        "as_of": w.SelectionSlider(value=as_of.strftime("%Y-%m-%d"), options=options,
                                   description="as of", continuous_update=False,
                                   style={"description_width": "initial"}),
        "bins": w.IntSlider(value=bins, min=3, max=10, step=1, description="score bins",
                            continuous_update=False, style={"description_width": "initial"}),
    }
    return Explorer(controls, compute=compute, draw=draw,
                    title="RFM segments over time · RFM 客户群随时间变化")
