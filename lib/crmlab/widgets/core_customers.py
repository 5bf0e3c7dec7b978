"""Explorer for :mod:`crmlab.core_customers`: who is the core group by lifetime value (C10)."""

from __future__ import annotations

from .._validate import check_frame, check_number
from ..core_customers import age_group_value, core_group
from ..errors import CRMLabError
from ..plots.core_customers import age_group_chart
from ..language import tr
from ._base import Explorer

__all__ = ["core_group_explorer"]


def core_group_explorer(groups, *, focus: str = "5-14", group: str = "age_group",
                        years: float | None = None, family: float = 1.0, unit: str = "yuan"):
    """Change how long one group stays and how much family spending counts; see who is core.

    Controls: ``years`` (years retained by the ``focus`` group, 0-30; the other groups keep
    their data) and ``family`` (share of the family's extra spend credited to the customer who
    brings them, 0-100 %). Lifetime values come from :func:`crmlab.core_customers.age_group_value`.

    Returns
    -------
    crmlab.widgets.Explorer
        ``result`` is the dict of :func:`crmlab.core_customers.core_group`: ``table``, ``core``
        (the group with the highest lifetime value), ``spend_leader`` (highest yearly spend)
        and ``years_to_lead`` (years the focus group needs to lead, at this ``family``).

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"age_group": ["kids", "adults"], "spend_per_visit": [20.0, 40.0],
    ...                   "visits_per_year": [10.0, 10.0], "repeat_rate": [0.8, 0.5],
    ...                   "years_retained": [10.0, 2.0], "family_spend_per_visit": [30.0, 0.0],
    ...                   "margin": 0.5, "discount_rate": 0.0})
    >>> ex = core_group_explorer(g, focus="kids")
    >>> ex.result["core"], ex.result["spend_leader"], ex.result["years_to_lead"]
    ('kids', 'adults', 1.0)
    >>> ex.update(years=0.5, family=0.0).result["core"]
    'adults'
    >>> ex.close()
    """
    import ipywidgets as w

    check_frame(groups, name="groups", columns=[group, "years_retained"])
    names = list(groups[group])
    if focus not in names:
        raise CRMLabError(
            f"focus {focus!r} is not a group in column {group!r}; the groups are "
            f"{[str(n) for n in names]}."
        )
    family = check_number(family, name="family", low=0, high=1)
    age_group_value(groups, group=group)  # check the table once, before any control exists
    if years is None:
        years = float(groups.loc[groups[group] == focus, "years_retained"].iloc[0])
    years = check_number(years, name="years", low=0, high=30)

    def draw(result, ax, years, family):
        age_group_chart(result["table"], measure="ltv", group=group, unit=unit, ax=ax)
        lead = result["years_to_lead"]
        need = (tr("never leads, however long it stays") if lead == float("inf")
                else tr("leads once it stays {years:.1f}+ years", years=lead))
        ax.legend(
            loc="lower right",
            alignment="left",
            title=tr(
                "{focus} stays {years:.1f} years, {family:.0%} of family spend counted:\n"
            "{focus} {need}",
                focus=focus,
                years=years,
                family=family,
                need=need,
            ),
        )
        ax.set_title(
            tr(
                "Core by lifetime value: {core} (by yearly spend: {leader})",
                core=result["core"],
                leader=result["spend_leader"],
            ),
            loc="left",
        )

    controls = {
        "years": w.FloatSlider(
            value=years,
            min=0.0,
            max=30.0,
            step=0.5,
            description=tr("years {focus} stay", focus=focus),
            readout_format=".1f",
            style={"description_width": "initial"},
        ),
        "family": w.FloatSlider(
            value=family,
            min=0.0,
            max=1.0,
            step=0.05,
            description=tr("family spend counted"),
            readout_format=".0%",
            style={"description_width": "initial"},
        ),
    }
    return Explorer(
        controls,
        compute=lambda years, family: core_group(
            groups, focus, years=years, family=family, group=group
        ),
        draw=draw,
        title=tr("Who is the core group? 谁是核心客户群?"),
    )
