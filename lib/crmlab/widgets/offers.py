"""Explorer for :mod:`crmlab.offers`: does a personalised discount list pay (C36)?"""

from __future__ import annotations

from .._validate import check_number, check_rate
from ..language import tr, tr_unit
from ..offers import offer_value
from ..plots.offers import offer_value_chart
from ._base import Explorer, headline

__all__ = ["offer_explorer"]


def _headline(table, unit: str = "yuan") -> str:
    """One line: the list's net and the lift it needs.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"net": [1.0]})
    >>> t.attrs.update(net=-1234.5, break_even_lift=0.8, lists=12)
    >>> _headline(t)
    '12 lists lose 1,234 yuan; they pay only at a lift of 80 %'
    >>> t.attrs.update(net=50.0, break_even_lift=float("inf"))
    >>> _headline(t)
    '12 lists make 50 yuan; no lift pays for this discount'
    """
    a = table.attrs
    verb = tr("make") if a["net"] >= 0 else tr("lose")
    need = (tr("no lift pays for this discount") if a["break_even_lift"] == float("inf")
            else tr("they pay only at a lift of {lift:.0f} %", lift=100 * a["break_even_lift"]))
    return tr("{lists:,} lists {verb} {net:,.0f} {unit}; {need}", lists=a["lists"], verb=verb,
              net=abs(a["net"]), unit=tr_unit(unit), need=need)


def offer_explorer(coupons, *, discount: float = 0.1, margin: float = 0.2, lift: float = 0.1,
                   min_weekly_spend: float = 0.0, max_weekly_spend: float = 2000.0,
                   cost_per_list: float = 0.0, unit: str = "yuan", **columns):
    """Move the discount, the assumed lift and the spend threshold; see what the list earns.

    Controls: ``discount`` (0-30 %), ``lift`` (extra sales as a share of the coupons' value,
    0-100 %: an assumption until a hold-out group measures it) and ``min_weekly_spend`` (only
    customers spending more a week get a list). The margin is fixed. Each change reruns
    :func:`crmlab.offers.offer_value` (a filter and a sum over the prepared coupons) and draws
    :func:`crmlab.plots.offers.offer_value_chart`; the headline gives the net of the whole
    printing and the break-even lift.

    Parameters
    ----------
    coupons : DataFrame
        As for :func:`crmlab.offers.offer_value`, with ``weekly_spend``.
    columns
        Column names passed on to :func:`crmlab.offers.offer_value` (``customer``, ``item``,
        ``value``, ``spent``, ``weekly_spend``).

    Returns
    -------
    crmlab.widgets.Explorer
        ``result`` is the table of :func:`crmlab.offers.offer_value`.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"customer_id": [1, 2], "item": ["milk", "pet"],
    ...                   "value": [100.0, 100.0], "spent": [90.0, 0.0],
    ...                   "weekly_spend": [500.0, 200.0]})
    >>> ex = offer_explorer(c, discount=0.1, margin=0.3, lift=0.1)
    >>> ex.result.attrs["net"]
    -5.0
    >>> ex.update(min_weekly_spend=300.0).result.attrs["lists"]
    1
    >>> ex.close()
    """
    import ipywidgets as w

    margin = check_rate(margin, name="margin")
    cost_per_list = check_number(cost_per_list, name="cost_per_list", low=0)
    top = check_number(max_weekly_spend, name="max_weekly_spend", low=1)

    def compute(discount, lift, min_weekly_spend):
        return offer_value(coupons, discount=discount, margin=margin, lift=lift,
                           cost_per_list=cost_per_list, min_weekly_spend=min_weekly_spend,
                           **columns)

    compute(discount, lift, min_weekly_spend)  # check the table once, before any control
    wide = {"description_width": "initial"}
    controls = {
        "discount": w.FloatSlider(value=discount, min=0.0, max=0.3, step=0.01,
                                  readout_format=".0%", description=tr("discount"), style=wide),
        "lift": w.FloatSlider(value=lift, min=0.0, max=1.0, step=0.01, readout_format=".0%",
                              description=tr("lift in sales (assumed)"), style=wide),
        "min_weekly_spend": w.FloatSlider(value=min_weekly_spend, min=0.0, max=top, step=50.0,
                                          readout_format=",.0f",
                                          description=tr("list above weekly spend ({unit})",
                                                         unit=tr_unit(unit)), style=wide),
    }

    def draw(result, ax, **_):
        offer_value_chart(result, unit=unit, ax=ax)
        headline(ax, _headline(result, unit))

    return Explorer(controls, compute=compute, draw=draw,
                    title=tr("Personalised discount list: deadweight and extra sales"))
