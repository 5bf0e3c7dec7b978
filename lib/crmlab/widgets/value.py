"""Explorers for :mod:`crmlab.value` and :mod:`crmlab.profitability`: the top-share slider and
the whale-curve pruner."""

from __future__ import annotations

from .._validate import check_choice, check_number
from ..errors import CRMLabError
from ..plots.value import lorenz_chart, pareto_chart, whale_chart
from ..profitability import drop_worst, whale_curve
from ..value import customer_values, lorenz_curve, pareto_table, share_of_top
from ..language import tr, tr_unit
from ._base import Explorer

# Titles are placed with a fixed y=1.0: matplotlib's automatic title placement measures every
# artist of the Axes on each redraw, a noticeable share of an update's time.

__all__ = ["top_share_explorer", "whale_explorer"]


def top_share_explorer(data, *, value: str = "amount", customer: str = "customer_id",
                       top: float = 0.2, view: str = "pareto", label: str | None = None):
    """Slide the top x % of customers and read the share of value they bring.

    Controls: ``top`` (share of customers, 1-100 %) and ``view`` (``"pareto"`` curve of the
    top customers, or ``"lorenz"`` curve of the bottom ones with the Gini coefficient).
    The ranking is computed once; a change only re-reads the curve. ``label`` names the value
    in the title and on the axis (default: the ``value`` column name).

    Returns
    -------
    crmlab.widgets.Explorer
        ``result`` is a dict with ``top`` and ``share`` (fractions) and ``gini``.

    Examples
    --------
    >>> ex = top_share_explorer([50, 30, 10, 10], top=0.25)
    >>> ex.result["share"]
    0.5
    >>> ex.update(top=0.5).result["share"]
    0.8
    >>> ex.ax.get_title(loc="left")
    'The top 50 % of 4 customers bring 80 % of amount'
    >>> ex.close()
    >>> ex = top_share_explorer([50, 30, 10, 10], label="revenue")
    >>> ex.ax.get_title(loc="left")
    'The top 20 % of 4 customers bring 40 % of revenue'
    >>> ex.close()
    """
    import ipywidgets as w

    top = check_number(top, name="top", low=0.01, high=1)
    check_choice(view, name="view", choices=["pareto", "lorenz"])
    table = pareto_table(data, value=value, customer=customer)
    curve = lorenz_curve(data, value=value, customer=customer)
    name = value if label is None else label

    def draw(result, ax, top, view):
        chart = lorenz_chart(curve, top=top, label=label, ax=ax) if view == "lorenz" else \
            pareto_chart(table, top=top, label=label, ax=ax)
        chart.set_title(tr("The top {top:.0f} % of {n:,} customers bring {share:.0f} % of {value}",
                           top=100 * top, n=len(table), share=100 * result["share"], value=name),
                        loc="left", y=1.0)

    controls = {
        "top": w.FloatSlider(value=top, min=0.01, max=1.0, step=0.01, description=tr("top share"),
                             readout_format=".0%"),
        "view": w.Dropdown(value=view, options=["pareto", "lorenz"], description=tr("curve")),
    }
    return Explorer(controls, draw=draw, title=tr("Top customers' share of value"),
                    compute=lambda top, view: {"top": top, "share": share_of_top(table, top),
                                               "gini": curve.attrs["gini"]})


def whale_explorer(data, *, profit: str = "profit", customer: str = "customer_id",
                   drop: float = 0.0, fixed_cost: float = 0.0, unit: str = ""):
    """Drop the least profitable x % of customers and see what happens to profit.

    Controls: ``drop`` (share of customers no longer served, from the least profitable up)
    and ``fixed_cost`` (overhead that stays whoever is served). Profit after =
    sum of the kept customers' profit - fixed cost (see :func:`crmlab.profitability.drop_worst`).
    ``unit`` (e.g. ``"yuan"``) is written after the profit amounts in the figure title.

    Returns
    -------
    crmlab.widgets.Explorer
        ``result`` is the dict of :func:`crmlab.profitability.drop_worst`.

    Examples
    --------
    >>> ex = whale_explorer([60, -20, 50, 10])
    >>> ex.result["profit_after"]
    100.0
    >>> ex.update(drop=0.25).result["profit_after"]
    120.0
    >>> ex.close()
    >>> ex = whale_explorer([60, -20, 50, 10], drop=0.25, unit="yuan")
    >>> ex.ax.get_title(loc="left")
    'Drop the worst 25 %: profit 100 -> 120 yuan'
    >>> ex.close()
    """
    import ipywidgets as w

    if not isinstance(unit, str) or "\n" in unit:
        raise CRMLabError(f"unit must be a one-line text such as 'yuan'; got {unit!r}")
    drop = check_number(drop, name="drop", low=0, high=0.9)
    fixed_cost = check_number(fixed_cost, name="fixed_cost", low=0)
    totals = customer_values(data, value=profit, customer=customer, allow_negative=True)
    curve = whale_curve(totals, profit=profit, customer=customer)
    peak = float(curve["cumulative_profit"].max())
    unit_text = f" {tr_unit(unit)}" if unit else ""

    def draw(result, ax, drop, fixed_cost):
        whale_chart(curve, drop=drop, ax=ax).set_title(tr(
            "Drop the worst {drop:.0f} %: profit {before:,.0f} -> {after:,.0f}{unit}",
            drop=100 * drop, before=result["profit_before"], after=result["profit_after"],
            unit=unit_text), loc="left", y=1.0)

    controls = {
        "drop": w.FloatSlider(value=drop, min=0.0, max=0.9, step=0.01, description=tr("drop worst"),
                              readout_format=".0%"),
        "fixed_cost": w.FloatSlider(value=fixed_cost, min=0.0, max=max(peak, fixed_cost, 1.0),
                                    step=max(peak, 1.0) / 100, description=tr("fixed cost")),
    }
    return Explorer(controls, draw=draw, title=tr("Whale curve: who makes the profit"),
                    compute=lambda drop, fixed_cost: drop_worst(totals, drop, fixed_cost=fixed_cost,
                                                                profit=profit, customer=customer))
