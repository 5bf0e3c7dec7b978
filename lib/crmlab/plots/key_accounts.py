"""Figures for :mod:`crmlab.key_accounts`: who gets the visit hours, against who brings the
volume."""

from __future__ import annotations

from .._validate import check_frame
from ..language import tr
from ._style import PALETTE, axes_or_new, style, vbars

__all__ = ["workload_bars"]


def workload_bars(workload, *, ax=None):
    """Per class (A, B, C): % of the accounts, % of the order volume and % of the visit hours.

    ``workload`` is the output of :func:`crmlab.key_accounts.account_workload`. Principle 2 of
    customer management (S4) reads off it: do the key accounts get hours to match their volume?

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.key_accounts import account_workload
    >>> classes = pd.DataFrame({"customer_id": ["a", "b", "c"], "volume": [60.0, 30.0, 10.0],
    ...                         "tier": ["A", "B", "C"]})
    >>> w = account_workload(classes, visits_per_year={"A": 6, "B": 3, "C": 1})
    >>> ax = workload_bars(w)
    >>> [round(p.get_paths()[0].vertices[2, 1]) for p in ax.collections]
    [33, 60, 60]
    >>> plt.close("all")
    """
    import numpy as np

    check_frame(workload, name="workload", columns=["pct_accounts", "pct_volume", "pct_hours"])
    x = np.arange(len(workload))
    series = (("pct_accounts", tr("accounts"), "sky"), ("pct_volume", tr("order volume"), "blue"),
              ("pct_hours", tr("visit hours"), "orange"))
    with style():
        ax = axes_or_new(ax)
        for i, (col, label, colour) in enumerate(series):
            values = workload[col].to_numpy(dtype="float64")
            vbars(ax, x + (i - 1) * 0.27, values, width=0.27, color=PALETTE[colour], label=label)
            for xi, v in zip(x + (i - 1) * 0.27, values):
                ax.text(xi, v + 1, f"{v:.0f}", ha="center", va="bottom", fontsize=8)
        ax.set_xticks(x, [tr("class {tier}", tier=t) for t in workload.index])
        ax.set_xlim(-0.6, len(workload) - 0.4)
        ax.set_ylim(0, 115)
        ax.set_yticks(range(0, 101, 20))
        ax.set_xlabel(tr("account class (A = key accounts)"))
        ax.set_ylabel(tr("% of all accounts, volume or hours"))
        ax.legend(loc="upper right", fontsize=9, ncols=3)
    return ax
