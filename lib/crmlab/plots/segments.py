"""Figures for :mod:`crmlab.segments`: customers per RFM segment, coloured by what to do."""

from __future__ import annotations

from ..errors import CRMLabError
from ..segments import SEGMENT_PLAYS
from ..language import tr
from ._style import PALETTE, hbars, style, axes_or_new

__all__ = ["segment_bars"]

# Blue keep, light blue watch, orange-red win back, pink remind: no two look alike.
_PLAY_COLOURS = {"keep": "blue", "watch": "sky", "win back": "vermillion", "remind": "purple"}


def segment_bars(snapshot, *, ax=None):
    """Horizontal bars of the customers in each RFM segment, the count in each label.

    ``snapshot`` is the output of :func:`crmlab.segments.segment_snapshot`. Bars are coloured by
    what to do (:data:`crmlab.segments.SEGMENT_PLAYS`): keep (blue), watch (light blue), win back
    (vermillion), cheap reminders (purple).

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.rfm import RFMTimeline
    >>> from crmlab.segments import segment_snapshot
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "c"], "amount": [10.0, 20.0, 5.0, 8.0],
    ...                    "date": pd.to_datetime(["2024-01-05", "2024-02-20", "2024-01-10",
    ...                                            "2024-02-27"])})
    >>> ax = segment_bars(segment_snapshot(RFMTimeline(tx), "2024-02-29"))
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['champions (0)', 'loyal (1)']
    >>> plt.close("all")
    """
    import numpy as np

    if not isinstance(snapshot, dict) or "sizes" not in snapshot:
        raise CRMLabError("snapshot must be the output of crm.segments.segment_snapshot(...); "
                          f"got {type(snapshot).__name__}.")
    sizes = snapshot["sizes"]
    y = np.arange(len(sizes))[::-1]
    with style():
        ax = axes_or_new(ax)
        hbars(ax, y, sizes.to_numpy(), color=_colours(sizes.index))  # one collection: cheap
        _label_bars(ax, y, sizes)
    return ax


def _colours(segments) -> list:
    """The colour of each segment's play (keep, watch, win back, remind)."""
    play = {name: p for p, names in SEGMENT_PLAYS.items() for name in names}
    return [PALETTE[_PLAY_COLOURS[play.get(s, "remind")]] for s in segments]


def _label_bars(ax, y, sizes) -> None:
    # The count goes into the tick label: one text per bar keeps a redraw cheap.
    ax.set_yticks(y, [f"{name} ({v:,})" for name, v in sizes.items()])
    ax.set_xlim(0, max(int(sizes.max()), 1) * 1.05)
    ax.set_xlabel(tr("customers in the segment (count)"))
    ax.set_ylabel(tr("RFM segment"))
    ax.grid(axis="y", visible=False)
