"""Explorer for :mod:`crmlab.visits`: a week's visit plan under a budget of hours."""

from __future__ import annotations

from .._validate import check_number
from ..language import tr
from ..plots.visits import visit_plan_chart
from ..visits import visit_plan
from ._base import Explorer, headline

__all__ = ["visit_plan_explorer"]


def visit_plan_explorer(ranking, *, hours, week_start, budget_hours: float = 40.0,
                        lead_days: int = 7):
    """Move the week's budget of hours, the method and how far ahead to look; watch the plan.

    ``ranking`` is :func:`crmlab.visits.next_order_ranking`, ``hours`` the hours each visit
    costs (:func:`crmlab.visits.visit_hours`). A change recomputes
    :func:`crmlab.visits.visit_plan` and redraws :func:`crmlab.plots.visits.visit_plan_chart`.

    Examples
    --------
    >>> import pandas as pd
    >>> ranking = pd.DataFrame({"customer_id": ["a", "b", "c"], "typical_order": [9e4, 5e4, 4.5e4],
    ...     "expected_next": pd.to_datetime(["2026-01-05", "2026-01-06", "2026-01-07"])})
    >>> ex = visit_plan_explorer(ranking, hours=[6.0, 4.0, 4.0], week_start="2026-01-05",
    ...                          budget_hours=8)
    >>> ex.result["customer_id"].tolist()
    ['b', 'c']
    >>> ex.update(method="greedy").result["customer_id"].tolist()
    ['a']
    >>> ex.close()
    """
    import ipywidgets as w

    budget_hours = check_number(budget_hours, name="budget_hours", low=1, high=80)
    visit_plan(ranking, hours=hours, week_start=week_start)  # check the data once
    controls = {
        "budget_hours": w.IntSlider(value=int(budget_hours), min=4, max=80, step=1,
                                    description=tr("hours this week")),
        "method": w.Dropdown(options=[(tr("best (knapsack)"), "knapsack"),
                                      (tr("value per hour (greedy)"), "greedy")],
                             value="knapsack", description=tr("method")),
        "lead_days": w.IntSlider(value=lead_days, min=0, max=28, step=1,
                                 description=tr("days ahead")),
    }

    def draw(plan, ax, budget_hours, **_):
        visit_plan_chart(plan, budget_hours=budget_hours, ax=ax)
        headline(ax, tr("{n} visits, {value:,.0f} yuan of typical orders, {used:g} of {budget} "
                        "hours", n=len(plan), value=plan.attrs["value"], used=plan.attrs["hours"],
                        budget=budget_hours))

    return Explorer(controls, title=tr("A week of visits"), draw=draw,
                    compute=lambda budget_hours, method, lead_days: visit_plan(
                        ranking, hours=hours, week_start=week_start, budget_hours=budget_hours,
                        lead_days=lead_days, method=method))
