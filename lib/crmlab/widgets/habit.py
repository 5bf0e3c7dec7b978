"""Explorer for :mod:`crmlab.habit`: is the core group still the children (C10)?"""

from __future__ import annotations

from .._validate import check_frame, check_number, check_rate
from ..habit import habit_value
from ..language import tr
from ..plots.habit import habit_chart
from ._base import Explorer, headline

__all__ = ["habit_explorer"]


def habit_explorer(groups, *, focus: str = "5-14", years: float | None = None,
                   family: float = 1.0, pass_on: float = 0.3, discount: float | None = None,
                   generation_years: float = 25.0, group: str = "age_group", unit: str = "yuan",
                   customers=None):
    """Four assumptions of the McDonald's argument on sliders; see which group is core.

    Controls: ``years`` the ``focus`` group stays (0-30), ``family`` (share of the family's
    spend credited to the customer, 0-100 %), ``pass_on`` (chance the habit passes to the next
    generation, 0-80 %) and ``discount`` (yearly discount rate, 0-20 %). Each change reruns
    :func:`crmlab.habit.habit_value` and draws :func:`crmlab.plots.habit.habit_chart`; the
    headline names the core group by lifetime value and the leader by yearly spend. With
    ``customers`` (one row per customer) each group is valued customer by customer, and
    ``years`` is the focus group's average stay, every returning customer's stay scaled alike
    (see :func:`crmlab.habit.habit_value`); its default is their mean stay.

    Returns
    -------
    crmlab.widgets.Explorer
        ``result`` is the table of :func:`crmlab.habit.habit_value` (``attrs["core"]``).

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"age_group": ["kids", "adults"], "spend_per_visit": [20.0, 40.0],
    ...                   "visits_per_year": [10.0, 10.0], "repeat_rate": [0.8, 0.5],
    ...                   "years_retained": [10.0, 2.0], "family_spend_per_visit": [30.0, 0.0],
    ...                   "margin": 0.5, "discount_rate": 0.05})
    >>> ex = habit_explorer(g, focus="kids")
    >>> ex.result.attrs["core"]
    'kids'
    >>> ex.update(years=0.5, family=0.0, pass_on=0.0).result.attrs["core"]
    'adults'
    >>> ex.close()
    """
    import ipywidgets as w

    check_frame(groups, name="groups", columns=[group, "years_retained"])
    keys = dict(focus=focus, group=group, generation_years=generation_years, customers=customers)
    first = habit_value(groups, family=family, pass_on=pass_on, discount=discount,
                        years=years, **keys)  # checks everything once
    if years is None:
        years = float(first.loc[first[group] == focus, "years_retained"].iloc[0])
    years = check_number(years, name="years", low=0, high=30)
    pass_on = check_rate(pass_on, name="pass_on")
    discount = first.attrs["discount"]
    wide = {"description_width": "initial"}
    controls = {
        "years": w.FloatSlider(value=years, min=0.0, max=30.0, step=0.5, readout_format=".1f",
                               description=tr("years {focus} stay", focus=focus), style=wide),
        "family": w.FloatSlider(value=family, min=0.0, max=1.0, step=0.05, readout_format=".0%",
                                description=tr("family spend counted"), style=wide),
        "pass_on": w.FloatSlider(value=min(pass_on, 0.8), min=0.0, max=0.8, step=0.05,
                                 readout_format=".0%", description=tr("habit passed on"),
                                 style=wide),
        "discount": w.FloatSlider(value=min(discount, 0.2), min=0.0, max=0.2, step=0.01,
                                  readout_format=".0%", description=tr("discount rate"),
                                  style=wide),
    }

    def compute(years, family, pass_on, discount):
        return habit_value(groups, years=years, family=family, pass_on=pass_on,
                           discount=discount, **keys)

    def draw(result, ax, **_):
        habit_chart(result, group=group, unit=unit, ax=ax)
        headline(ax, tr("Core by lifetime value: {core} (by yearly spend: {leader})",
                        core=result.attrs["core"], leader=result.attrs["spend_leader"]))

    return Explorer(controls, compute=compute, draw=draw,
                    title=tr("What makes children the core? · 儿童为何是核心客户"))
