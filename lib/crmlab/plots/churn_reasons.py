"""Figures for :mod:`crmlab.churn_reasons`: a Pareto chart of what each reason for leaving cost."""

from __future__ import annotations

from .._validate import check_frame
from ..language import tr, tr_unit
from ._style import PALETTE, axes_or_new, hbars, style

__all__ = ["reason_pareto_chart"]


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
