"""Figures for :mod:`crmlab.habit`: lifetime value with the habit's next generations."""

from __future__ import annotations

from .._validate import check_frame, check_numeric
from ..language import tr, tr_unit
from ._style import PALETTE, axes_or_new, hbars, style

__all__ = ["habit_chart"]


def habit_chart(table, *, group: str = "age_group", unit: str = "yuan", ax=None):
    """Stacked bars of the lifetime value of one new customer per group: own spending, the
    family brought along, and the children who inherit the habit; the highest is marked.

    ``table`` is the output of :func:`crmlab.habit.habit_value`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> from crmlab.plots import bar_widths
    >>> t = pd.DataFrame({"age_group": ["kids", "adults"], "own_ltv": [800.0, 200.0],
    ...                   "ltv": [1000.0, 200.0], "heirs_ltv": [500.0, 0.0],
    ...                   "total_ltv": [1500.0, 200.0]})
    >>> ax = habit_chart(t)
    >>> bar_widths(ax)
    [800.0, 200.0, 200.0, 0.0, 500.0, 0.0]
    >>> plt.close("all")
    """
    import numpy as np

    cols = ["own_ltv", "ltv", "heirs_ltv", "total_ltv"]
    check_frame(table, name="table", columns=[group, *cols])
    for column in cols:
        check_numeric(table, column, name="table")
    own = table["own_ltv"].to_numpy(dtype="float64")
    family = table["ltv"].to_numpy(dtype="float64") - own
    heirs = table["heirs_ltv"].to_numpy(dtype="float64")
    total = table["total_ltv"].to_numpy(dtype="float64")
    y = np.arange(len(table))[::-1].astype(float)
    lead = int(np.argmax(total))
    with style():
        ax = axes_or_new(ax)
        hbars(ax, y, own, color=PALETTE["blue"], label=tr("own spending"))
        hbars(ax, y, family, left=own, color=PALETTE["sky"], label=tr("family brought along"))
        hbars(ax, y, heirs, left=own + family, color=PALETTE["orange"],
              label=tr("children who inherit the habit"))
        for i, (yi, v) in enumerate(zip(y, total)):
            ax.text(v, yi, f" {v:,.0f}" + (tr("  (highest)") if i == lead else ""),
                    va="center", ha="left", fontweight="bold" if i == lead else "normal")
        ax.set_yticks(list(y), [str(g) for g in table[group]])
        ax.set_xlim(0, max(float(total.max()), 1.0) * 1.35)
        ax.set_xlabel(tr("gross-margin lifetime value of one new customer ({unit})",
                         unit=tr_unit(unit)))
        ax.set_ylabel(tr("age group (years)") if group == "age_group" else group)
        ax.legend(loc="lower right")
        ax.grid(axis="y", visible=False)
    return ax
