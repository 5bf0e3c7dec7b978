"""Figures for :mod:`crmlab.service`: overdue tickets by priority and escalation level."""

from __future__ import annotations

from ..errors import CRMLabError
from ..language import tr
from ._style import PALETTE, axes_or_new, hbars, style

__all__ = ["escalation_bars"]


def escalation_bars(summary, *, ax=None):
    """Overdue open tickets by priority, stacked by who they escalate to.

    ``summary`` is the output of :func:`crmlab.service.escalation_summary`. Each priority is
    labelled with its service level; the x axis names the analysis date.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.service import escalation_summary
    >>> from crmlab.plots import bar_widths
    >>> t = pd.DataFrame({"opened": pd.to_datetime(["2025-03-01", "2025-03-08", "2025-03-01"]),
    ...                   "resolved": pd.to_datetime(["2025-03-02", None, None]),
    ...                   "priority": ["high", "urgent", "low"]})
    >>> ax = escalation_bars(escalation_summary(t, as_of="2025-03-10"))
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['low (SLA 14 d)', 'medium (SLA 7 d)']
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    if not isinstance(summary, dict) or not {"table", "sla_days", "as_of"} <= set(summary):
        raise CRMLabError("summary must be the output of crm.service.escalation_summary(...); "
                          f"got {type(summary).__name__}.")
    table, days = summary["table"], summary["sla_days"]
    # yellow, sky blue, vermillion: told apart even by colour-blind readers and in grey
    colors = [PALETTE["yellow"], PALETTE["sky"], PALETTE["vermillion"]]
    left = np.zeros(len(table))
    y = np.arange(len(table))
    with style():
        ax = axes_or_new(ax)
        for level, color in zip(table.columns, colors):
            width = table[level].to_numpy(dtype=float)
            hbars(ax, y, width, left=left, color=color, label=level)  # cheap to redraw
            left = left + width
        ax.set_ylim(len(table) - 0.5, -0.5)  # first priority at the top
        ax.set_yticks(list(y), [tr("{priority} (SLA {days} d)", priority=p, days=days[p])
                                for p in table.index])
        ax.set_xlim(0, max(5, max(left)) * 1.15)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(tr("overdue open tickets on {day:%Y-%m-%d} (count)", day=summary["as_of"]))
        ax.set_ylabel(tr("priority (service level in days)"))
        ax.legend(title=tr("escalated to"), loc="lower right")
        ax.grid(axis="y", visible=False)
    return ax
