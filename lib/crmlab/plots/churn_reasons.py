"""Figures for :mod:`crmlab.churn_reasons`: a Pareto chart of what each reason for leaving cost."""

from __future__ import annotations

from .._validate import check_frame, check_numeric
from ..language import tr, tr_unit
from ._style import PALETTE, axes_or_new, hbars, style

__all__ = ["reason_pareto_chart", "reason_value_chart"]


def reason_pareto_chart(table, *, unit: str = "yuan", ax=None):
    """Horizontal Pareto chart: value lost by reason, the largest on top, with the running share.

    ``table`` is the output of :func:`crmlab.churn_reasons.reason_value_table`. Each bar is the
    value (e.g. a year's profit, in ``unit``) the leavers citing the reason took with them; its
    label adds the cumulative share of all value lost, the reading of a Pareto chart ("the top
    three reasons: 54 %").

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.churn_reasons import reason_value_table
    >>> r = pd.DataFrame({"customer_id": [1, 2, 3], "reason": ["busy", "rude", "rude"]})
    >>> t = reason_value_table(r, pd.Series({1: 10.0, 2: 20.0, 3: 10.0}))
    >>> ax = reason_pareto_chart(t)
    >>> [label.get_text() for label in ax.get_yticklabels()], [t.get_text() for t in ax.texts]
    (['rude', 'busy'], ['30 (75 %)', '10 (100 %)'])
    >>> plt.close("all")
    """
    import numpy as np

    check_frame(table, name="table", columns=["lost", "cum_pct_lost"])
    lost = table["lost"].to_numpy(dtype="float64")
    y = np.arange(len(table))
    with style():
        ax = axes_or_new(ax)
        hbars(ax, y, lost, color=PALETTE["vermillion"])
        for yi, (v, cum) in enumerate(zip(lost, table["cum_pct_lost"])):
            ax.annotate(f"{v:,.0f} ({cum:.0f} %)", (v, yi), xytext=(3, 0),
                        textcoords="offset points", va="center", fontsize=8)
        ax.set_yticks(y, [str(r) for r in table.index])
        ax.set_ylim(len(table) - 0.5, -0.5)
        ax.set_xlim(0, 1.3 * float(lost.max()) if len(lost) else 1.0)
        ax.set_xlabel(tr("value lost with the leavers ({unit}; running share of the total)",
                         unit=tr_unit(unit)))
        ax.set_ylabel(tr("reason for leaving"))
    return ax


def reason_value_chart(table, *, unit: str = "yuan", ax=None):
    """Horizontal bars of the value lost with each reason's leavers, with the bootstrap
    interval as a whisker and the number of leavers as a label. Blue bars are profit lost;
    orange bars (below 0) mean the leavers cost the salon money while they stayed.

    ``table`` is the output of :func:`crmlab.churn_reasons.reason_value`, in its order (the
    largest loss on top).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> from crmlab.plots import bar_widths
    >>> t = pd.DataFrame({"count": [1, 3], "lost_value": [300.0, -60.0]},
    ...                  index=pd.Index(["rude", "busy"], name="reason"))
    >>> ax = reason_value_chart(t)
    >>> bar_widths(ax)
    [300.0, -60.0]
    >>> plt.close("all")
    """
    import numpy as np

    check_frame(table, name="table", columns=["count", "lost_value"])
    check_numeric(table, "lost_value", name="table")
    lost = table["lost_value"].to_numpy(dtype="float64")
    y = np.arange(len(table))[::-1].astype(float)
    colors = [PALETTE["blue"] if v >= 0 else PALETTE["orange"] for v in lost]
    with style():
        ax = axes_or_new(ax)
        hbars(ax, y, lost, color=colors)
        if {"lost_low", "lost_high"} <= set(table.columns):
            lo = table["lost_low"].to_numpy(dtype="float64")
            hi = table["lost_high"].to_numpy(dtype="float64")
            share = 100 * table.attrs.get("interval", 0.9)
            ax.hlines(y, lo, hi, color=PALETTE["black"], lw=1.2,
                      label=tr("{share:.0f} % bootstrap interval", share=share))
            ax.legend(loc="lower center", fontsize="small")
            span = np.r_[lo, hi, lost]
        else:
            span = lost
        for yi, n in zip(y, table["count"]):
            ax.text(float(span.max()) * 1.02, yi, tr(" {n} left", n=int(n)), va="center")
        ax.axvline(0, color=PALETTE["black"], lw=0.8)
        ax.set_yticks(list(y), [str(r) for r in table.index])
        ax.set_ylim(-1.6, len(table) - 0.4)  # a free band at the bottom for the legend
        ax.set_xlim(min(float(span.min()) * 1.1, 0.0), max(float(span.max()), 1.0) * 1.3)
        ax.set_xlabel(tr("yearly profit of the customers who left ({unit})", unit=tr_unit(unit)))
        ax.set_ylabel(tr("main reason for leaving"))
        ax.grid(axis="y", visible=False)
    return ax
