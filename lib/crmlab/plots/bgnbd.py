"""Figures for :mod:`crmlab.bgnbd` and :mod:`crmlab.visits`: the P(alive) map and a week's
visits."""

from __future__ import annotations

from .._validate import check_frame, check_number
from ..language import tr
from ._style import PALETTE, axes_or_new, hbars, style
from ..bgnbd import p_alive

__all__ = ["p_alive_map", "visit_plan_chart"]


def p_alive_map(params, *, T: float, max_frequency: int = 20, unit: str = "weeks", ax=None):
    """P(alive) of a customer of age ``T`` for every frequency ``x`` and last purchase ``t_x``.

    Rows: repeat purchases ``x`` = 0 .. ``max_frequency``; columns: time of the last purchase
    ``t_x`` from 0 to ``T`` (in ``unit``). The classic reading: the same long silence is far
    worse news from a frequent buyer (top left) than from a rare one.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = p_alive_map({"r": 0.24, "alpha": 4.41, "a": 0.79, "b": 2.43}, T=39, max_frequency=10)
    >>> ax.images[0].get_array().shape
    (11, 40)
    >>> plt.close("all")
    """
    import numpy as np
    import pandas as pd


    T = check_number(T, name="T", low=0, low_open=True)
    max_frequency = check_number(max_frequency, name="max_frequency", low=1, integer=True)
    tx = np.linspace(0, T, int(min(max(np.ceil(T), 2), 200)) + 1)
    x = np.arange(max_frequency + 1)
    grid = pd.DataFrame({"frequency": np.repeat(x, len(tx)), "recency": np.tile(tx, len(x)),
                         "T": float(T)})
    grid.loc[grid["frequency"] == 0, "recency"] = 0.0
    values = p_alive(grid, params).to_numpy().reshape(len(x), len(tx))
    with style():
        ax = axes_or_new(ax)
        im = ax.imshow(100 * values, origin="lower", aspect="auto", vmin=0, vmax=100,
                       cmap="viridis", extent=(0, T, -0.5, max_frequency + 0.5))
        ax.grid(False)
        unit_text = {"weeks": tr("weeks"), "days": tr("days")}.get(unit, unit)
        ax.set_xlabel(tr("Time of the last purchase t_x ({unit})", unit=unit_text))
        ax.set_ylabel(tr("Repeat purchases x"))
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.figure.colorbar(im, ax=ax, label=tr("P(alive) (%)"))
    return ax


def visit_plan_chart(plan, *, budget_hours: float | None = None, ax=None):
    """A week's visit plan (:func:`crmlab.visits.visit_plan`) as one bar per visit, day by day.

    Each bar spans the visit's hours within the week's budget, coloured by day; the label is
    the account and its value at stake.

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

    check_frame(plan, name="plan", columns=["day", "customer_id", "hours", "value"])
    start = plan["hours"].cumsum().to_numpy() - plan["hours"].to_numpy()
    colours = list(PALETTE.values())
    y = np.arange(len(plan))
    with style():
        ax = axes_or_new(ax)
        for day in sorted(plan["day"].unique()):
            on = (plan["day"] == day).to_numpy()
            hbars(ax, y[on], plan["hours"].to_numpy()[on], left=start[on],
                  color=colours[(int(day) - 1) % len(colours)], label=tr("Day {day}", day=day))
        for yi, (left, h, v) in enumerate(zip(start, plan["hours"], plan["value"])):
            ax.text(left + h + 0.3, yi, tr("{value:,.0f} yuan", value=v), va="center",
                    fontsize=8)
        if budget_hours is not None:
            ax.axvline(check_number(budget_hours, name="budget_hours", low=0, low_open=True),
                       color=PALETTE["black"], linestyle="--", linewidth=1,
                       label=tr("Budget"))
        ax.set_yticks(y, plan["customer_id"].astype(str).tolist())
        ax.invert_yaxis()
        ax.set_xlabel(tr("Hours into the week (travel and visit)"))
        ax.set_ylabel(tr("Account visited"))
        end = max(float(start[-1] + plan["hours"].iloc[-1]) if len(plan) else 0.0,
                  budget_hours or 0.0)
        ax.set_xlim(0, 1.15 * end if end else 1.0)
        ax.legend(fontsize=8, loc="upper right")
    return ax
