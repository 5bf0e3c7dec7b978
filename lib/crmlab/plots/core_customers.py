"""Figures for :mod:`crmlab.core_customers`: which group is core by spend today and by lifetime
value."""

from __future__ import annotations

from .._validate import check_choice, check_frame, check_numeric
from ..language import tr, tr_unit
from ._style import PALETTE, axes_or_new, hbars, style

__all__ = ["age_group_chart"]

_MEASURES = ("annual_spend", "ltv")


def _measure_label(measure: str) -> str:
    return {
        "annual_spend": tr("yearly spend of a returning customer"),
        "ltv": tr("gross-margin lifetime value of one new customer"),
    }[measure]


def age_group_chart(
    table, *, measure: str = "ltv", group: str = "age_group", unit: str = "yuan", ax=None
):
    """Horizontal bars of each group's yearly spend or lifetime value; the leader is highlighted.

    ``table`` is :func:`crmlab.core_customers.age_group_value`. With ``measure="ltv"`` each bar is
    split
    into the customer's own part and the family's part that is credited (``ltv - own_ltv``);
    with ``measure="annual_spend"`` the bars are yearly own spend. Every bar is labelled with
    its value; the highest is marked "(highest)" in bold.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> t = pd.DataFrame({"age_group": ["kids", "adults"], "annual_spend": [200.0, 400.0],
    ...                   "own_ltv": [800.0, 200.0], "ltv": [2000.0, 200.0]})
    >>> from crmlab.plots import bar_widths
    >>> ax = age_group_chart(t)
    >>> [round(w) for w in bar_widths(ax)]
    [800, 200, 1200, 0]
    >>> ax = age_group_chart(t, measure="annual_spend")
    >>> [round(w) for w in bar_widths(ax)]
    [200, 400]
    >>> plt.close("all")
    """
    import numpy as np

    check_choice(measure, name="measure", choices=list(_MEASURES))
    needed = [group, "annual_spend"] if measure == "annual_spend" else [group, "own_ltv", "ltv"]
    check_frame(table, name="table", columns=needed)
    for column in needed[1:]:
        check_numeric(table, column, name="table")
    names = [str(n) for n in table[group]]
    y = np.arange(len(names))[::-1]  # first group on top
    total = table[measure].to_numpy(dtype="float64")
    lead = int(np.argmax(total))
    with style():
        ax = axes_or_new(ax)
        if measure == "ltv":
            own = table["own_ltv"].to_numpy(dtype="float64")
            hbars(ax, y, own, color=PALETTE["blue"], label=tr("own spending"))
            hbars(
                ax, y, total - own, left=own, color=PALETTE["sky"], label=tr("family brought along")
            )
            ax.legend(loc="lower right")
        else:
            hbars(ax, y, total, color=PALETTE["orange"])
        for i, (yi, v) in enumerate(zip(y, total)):
            ax.text(
                v,
                yi,
                f" {v:,.0f}" + (tr("  (highest)") if i == lead else ""),
                va="center",
                ha="left",
                fontweight="bold" if i == lead else "normal",
            )
        ax.set_yticks(y, names)
        ax.set_xlim(0, max(float(total.max()), 1.0) * 1.3)
        ax.set_xlabel(f"{_measure_label(measure)} ({tr_unit(unit)})")
        ax.set_ylabel(tr("age group (years)") if group == "age_group" else group)
    return ax
