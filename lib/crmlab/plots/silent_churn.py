"""Figures for :mod:`crmlab.silent_churn`: which branch loses its customers, and when."""

from __future__ import annotations

from .._validate import check_frame, check_numeric
from ..language import tr
from ._style import PALETTE, axes_or_new, style, vbars

__all__ = ["departure_bars", "departure_timeline"]


def departure_bars(table, *, ax=None):
    """Bars of the share of each branch's home customers who went quiet, highest first.

    ``table`` is the output of :func:`crmlab.silent_churn.branch_departures`. The branch with
    the highest share is drawn in vermillion, the others in blue; a dashed line marks the
    share over the whole chain; each bar is labelled with its share and head count.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> t = pd.DataFrame({"customers": [4, 4], "departed": [3, 1],
    ...                   "departed_pct": [75.0, 25.0]}, index=pd.Index(["East", "West"],
    ...                   name="home_branch"))
    >>> t.attrs["chain_pct"] = 50.0
    >>> ax = departure_bars(t)
    >>> [p.get_text() for p in ax.get_xticklabels()]
    ['East', 'West']
    >>> plt.close("all")
    """
    import numpy as np

    check_frame(table, name="table", columns=["customers", "departed", "departed_pct"])
    check_numeric(table, "departed_pct", name="table")
    pct = table["departed_pct"].to_numpy(dtype="float64")
    x = np.arange(len(table))
    top = int(np.argmax(pct))
    colors = [PALETTE["vermillion"] if i == top else PALETTE["blue"] for i in range(len(x))]
    with style():
        ax = axes_or_new(ax)
        vbars(ax, x, pct, color=colors)
        chain = table.attrs.get("chain_pct")
        if chain is not None:
            ax.axhline(chain, color=PALETTE["black"], ls="--", lw=1,
                       label=tr("whole chain: {pct:.1f} %", pct=chain))
            ax.legend(loc="upper right")
        inside = 0.25 * float(pct.max())  # labels go inside bars tall enough to hold them
        for xi, (p, d, n) in enumerate(zip(pct, table["departed"], table["customers"])):
            label = f"{p:.1f} %\n({int(d):,} / {int(n):,})"
            if p >= inside:
                ax.text(xi, 0.97 * p, label, ha="center", va="top", color="white")
            else:
                ax.text(xi, p, label, ha="center", va="bottom")
        ax.set_xticks(list(x), [str(b) for b in table.index])
        ax.set_ylim(0, max(float(pct.max()), 1.0) * 1.3)
        ax.set_xlabel(tr("home branch"))
        ax.set_ylabel(tr("home customers who went quiet (%)"))
    return ax


def departure_timeline(weekly, *, highlight=None, ax=None):
    """Lines of customers going quiet per week in each branch, per 1,000 home customers.

    ``weekly`` is the output of :func:`crmlab.silent_churn.departure_weeks`; ``highlight``
    names a branch drawn thick in vermillion (the others thin, in other palette colours).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> w = pd.DataFrame({"East": [50.0, 0.0], "West": [10.0, 20.0]},
    ...                  index=pd.DatetimeIndex(["2024-01-01", "2024-01-08"], name="week"))
    >>> ax = departure_timeline(w, highlight="East")
    >>> [line.get_label() for line in ax.get_lines()]
    ['East', 'West']
    >>> plt.close("all")
    """
    check_frame(weekly, name="weekly", min_rows=1)
    for column in weekly.columns:
        check_numeric(weekly, column, name="weekly")
    others = iter([PALETTE["blue"], PALETTE["sky"], PALETTE["green"], PALETTE["orange"],
                   PALETTE["purple"]] * 4)
    with style():
        ax = axes_or_new(ax)
        for name in weekly.columns:
            strong = name == highlight
            ax.plot(weekly.index, weekly[name], label=str(name), lw=2.2 if strong else 1.0,
                    color=PALETTE["vermillion"] if strong else next(others),
                    zorder=3 if strong else 2)
        ax.set_xlabel(tr("week of the last trip"))
        ax.set_ylabel(tr("customers going quiet per 1,000 home customers"))
        ax.legend(title=tr("home branch"), loc="upper left")
    return ax
