"""Figures for :mod:`crmlab.visits`: a week's visit plan."""

from __future__ import annotations

from .._validate import check_frame, check_number
from ..language import tr
from ._style import PALETTE, axes_or_new, hbars, style

__all__ = ["visit_plan_chart"]


def visit_plan_chart(plan, *, budget_hours: float | None = None, ax=None):
    """A week's visit plan as one bar per visit, day by day, within the week's budget of hours.

    ``plan`` is the output of :func:`crmlab.visits.visit_plan`. Each bar spans the visit's hours
    (travel and time on site), coloured by day; the label is the value at stake (yuan).

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> plan = pd.DataFrame({"day": [1, 1, 2], "customer_id": ["KA01", "KA02", "KA03"],
    ...                      "hours": [3.0, 6.0, 10.0], "value": [5e4, 6e4, 1e5]})
    >>> ax = visit_plan_chart(plan, budget_hours=40)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['KA01', 'KA02', 'KA03']
    >>> plt.close("all")
    """
    import numpy as np

    check_frame(plan, name="plan", columns=["day", "customer_id", "hours", "value"], min_rows=0)
    if budget_hours is not None:
        budget_hours = check_number(budget_hours, name="budget_hours", low=0, low_open=True)
    hours = plan["hours"].to_numpy(dtype="float64")
    start = np.cumsum(hours) - hours
    colours = list(PALETTE.values())
    y = np.arange(len(plan))
    with style():
        ax = axes_or_new(ax)
        for day in sorted(plan["day"].unique()):
            on = (plan["day"] == day).to_numpy()
            hbars(ax, y[on], hours[on], left=start[on],
                  color=colours[(int(day) - 1) % len(colours)], label=tr("Day {day}", day=day))
        for yi, (left, h, v) in enumerate(zip(start, hours, plan["value"])):
            ax.text(left + h + 0.3, yi, tr("{value:,.0f} yuan", value=v), va="center",
                    fontsize=8)
        if budget_hours is not None:
            ax.axvline(budget_hours, color=PALETTE["black"], linestyle="--", linewidth=1,
                       label=tr("Budget"))
        ax.set_yticks(y, plan["customer_id"].astype(str).tolist())
        ax.set_ylim(len(plan) - 0.5 if len(plan) else 0.5, -0.5)
        ax.set_xlabel(tr("Hours into the week (travel and visit)"))
        ax.set_ylabel(tr("Account visited"))
        end = max(float(hours.sum()), budget_hours or 0.0)
        ax.set_xlim(0, 1.15 * end if end else 1.0)
        if len(ax.get_legend_handles_labels()[0]):
            ax.legend(fontsize=8, loc="upper right")
    return ax
