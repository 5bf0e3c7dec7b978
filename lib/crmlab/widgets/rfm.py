"""Explorer for :mod:`crmlab.segments`: segment sizes as the analysis date and score bins change."""

from __future__ import annotations

from .._validate import check_number, check_timestamp
from ..errors import CRMLabError
from ..plots.segments import segment_bars
from ..rfm import RFMTimeline
from ..segments import SEGMENT_PLAYS, segment_snapshot
from ..language import tr
from ._base import Explorer, headline

__all__ = ["rfm_explorer"]


def _month_ends(first, last):
    """Month-end dates from the first month that has data to ``last``, plus ``last`` itself."""
    import pandas as pd

    ends = pd.date_range(first, last, freq="ME")
    return sorted({*(d.strftime("%Y-%m-%d") for d in ends), last.strftime("%Y-%m-%d")})


def rfm_explorer(transactions, *, as_of=None, bins: int = 5, customer: str = "customer_id",
                 date: str = "date", amount: str = "amount"):
    """Move the analysis date back in time and change the number of score bins; see who is where.

    On each change the log is cut to the purchases on or before ``as_of`` (as if the analysis
    were run that day) and scored and named with ``bins`` score bins
    (:func:`crmlab.segments.segment_snapshot` on a :class:`crmlab.rfm.RFMTimeline`, which sorts
    the log once so that a change costs one binary search per customer); the bars are
    :func:`crmlab.plots.segments.segment_bars`. Controls: ``as_of`` (month ends of the data, and
    its last day) and ``bins`` (3 to 10).

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
        ``result`` is the dict of :func:`crmlab.segments.segment_snapshot`: ``as_of``
        (Timestamp), ``bins``, ``customers`` (how many have bought by then), ``sizes``
        (customers per segment, in :data:`crmlab.segments.SEGMENTS` order) and ``table``.

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

    timeline = RFMTimeline(transactions, customer=customer, date=date, amount=amount)
    bins = check_number(bins, name="bins", low=3, high=10, integer=True)
    as_of = timeline.last if as_of is None else check_timestamp(as_of, name="as_of")
    if as_of < timeline.first:
        raise CRMLabError(
            f"as_of is {as_of.date()}, before the first purchase in transactions column "
            f"{date!r} ({timeline.first.date()}); choose a date from {timeline.first.date()} on."
        )
    options = sorted({*_month_ends(timeline.first, max(timeline.last, as_of)),
                      as_of.strftime("%Y-%m-%d")})

    def draw(result, ax, **_):
        segment_bars(result, ax=ax)
        win_back = int(result["sizes"][list(SEGMENT_PLAYS["win back"])].sum())
        headline(ax, tr("{day:%Y-%m-%d}: {champions:,} champions, {win_back:,} to win back",
                        day=result["as_of"], champions=int(result["sizes"]["champions"]),
                        win_back=win_back))

    controls = {
        "as_of": w.SelectionSlider(value=as_of.strftime("%Y-%m-%d"), options=options,
                                   description=tr("as of"), continuous_update=False,
                                   style={"description_width": "initial"}),
        "bins": w.IntSlider(value=bins, min=3, max=10, step=1, description=tr("score bins"),
                            continuous_update=False, style={"description_width": "initial"}),
    }
    return Explorer(controls, draw=draw, title=tr("RFM segments over time · RFM 客户群随时间变化"),
                    compute=lambda as_of, bins: segment_snapshot(timeline, as_of, bins=bins))
