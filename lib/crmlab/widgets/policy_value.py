"""Explorer for :mod:`crmlab.policy_value`: retention policies and the customers they keep."""

from __future__ import annotations

from collections.abc import Mapping

from ..language import tr, tr_unit
from ..plots.policy_value import policy_chart
from ..policy_value import compare_policies
from ._base import Explorer, headline

__all__ = ["policy_explorer"]


def _headline(table, unit: str = "yuan") -> str:
    """The best policy and its net.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"net": [-10.0, 2500.0]}, index=["perk", "cap"])
    >>> _headline(t)
    'Best: cap, +2,500 yuan a year'
    >>> _headline(pd.DataFrame({"net": [-10.0]}, index=["perk"]))
    'No policy pays at these shares kept (best: perk, -10 yuan)'
    """
    best = table["net"].idxmax()
    net = float(table["net"].max())
    if net <= 0:
        return tr("No policy pays at these shares kept (best: {name}, {net:+,.0f} {unit})",
                  name=best, net=net, unit=tr_unit(unit))
    return tr("Best: {name}, {net:+,.0f} {unit} a year", name=best, net=net, unit=tr_unit(unit))


def policy_explorer(policies: Mapping, *, unit: str = "yuan", title: str | None = None):
    """One slider per policy: the share of at-risk customers it keeps (an assumption).

    Each change reruns :func:`crmlab.policy_value.compare_policies` with the new shares and
    draws :func:`crmlab.plots.policy_value.policy_chart`; the headline names the policy with
    the highest net. Controls are keyed ``kept_0``, ``kept_1``, ... in the order of
    ``policies``.

    Returns
    -------
    crmlab.widgets.Explorer
        ``result`` is the table of :func:`crmlab.policy_value.compare_policies`.

    Examples
    --------
    >>> p = {"perk": {"cost": 6000, "at_risk": 20, "clv": 1500, "kept": 0.25},
    ...      "cap": {"cost": 2000, "at_risk": 10, "clv": 1500, "kept": 0.1}}
    >>> ex = policy_explorer(p)
    >>> ex.result["net"].tolist()
    [1500.0, -500.0]
    >>> ex.update(kept_1=0.5).result["net"].tolist()
    [1500.0, 5500.0]
    >>> ex.close()
    """
    import ipywidgets as w

    table = compare_policies(policies)  # check every policy once, before any control exists
    names = list(table.index)
    keys = [f"kept_{i}" for i in range(len(names))]
    controls = {
        key: w.FloatSlider(value=float(table.loc[name, "kept"]), min=0.0, max=1.0, step=0.01,
                           readout_format=".0%",
                           description=tr("{policy}: share kept", policy=name),
                           style={"description_width": "initial"})
        for key, name in zip(keys, names)
    }

    def compute(**kept):
        return compare_policies(policies, kept={n: kept[k] for k, n in zip(keys, names)})

    def draw(result, ax, **_):
        policy_chart(result, unit=unit, ax=ax)
        headline(ax, _headline(result, unit))

    return Explorer(controls, compute=compute, draw=draw,
                    title=title or tr("Retention policies in money"))
