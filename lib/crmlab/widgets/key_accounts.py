"""Explorer for :mod:`crmlab.key_accounts`: how many key accounts, and how many visits each."""

from __future__ import annotations

from ..key_accounts import account_workload, classify_accounts
from ..language import tr
from ..plots.key_accounts import workload_bars
from ._base import Explorer, headline

__all__ = ["workload_explorer"]


def workload_explorer(volume, *, hours=2.0, a_share: float = 0.2, visits=(12, 6, 3)):
    """Move the share of key (A) accounts and the visits a year of each class; watch whether the
    visit hours follow the order volume (principle 2: enough resources for key accounts).

    ``volume`` is the yearly volume by account (:func:`crmlab.key_accounts.yearly_volume`), read
    once; ``hours`` per visit (a number or a Series by account). B is always the next 30 % of
    accounts after A. A change re-classifies (:func:`crmlab.key_accounts.classify_accounts`),
    recomputes :func:`crmlab.key_accounts.account_workload` and redraws
    :func:`crmlab.plots.key_accounts.workload_bars`.

    Examples
    --------
    >>> import pandas as pd
    >>> volume = pd.Series([50.0, 20, 10, 8, 5, 3, 2, 1, 1, 0], index=list("abcdefghij"))
    >>> ex = workload_explorer(volume, hours=2.0)
    >>> ex.result["hours"].tolist()
    [48.0, 36.0, 30.0]
    >>> ex.update(visits_c=0).result["pct_hours"].round(1).tolist()
    [57.1, 42.9, 0.0]
    >>> ex.close()
    """
    import ipywidgets as w

    def compute(a_share, visits_a, visits_b, visits_c):
        classes = classify_accounts(volume, cuts=(a_share, min(a_share + 0.3, 0.95)))
        return account_workload(classes, hours=hours,
                                visits_per_year={"A": visits_a, "B": visits_b, "C": visits_c})

    compute(a_share, *visits)  # check the data once, before any control exists
    controls = {
        "a_share": w.FloatSlider(value=a_share, min=0.05, max=0.5, step=0.05,
                                 description=tr("share of A accounts")),
        "visits_a": w.IntSlider(value=visits[0], min=0, max=52, description=tr("visits/year A")),
        "visits_b": w.IntSlider(value=visits[1], min=0, max=26, description=tr("visits/year B")),
        "visits_c": w.IntSlider(value=visits[2], min=0, max=12, description=tr("visits/year C")),
    }

    def draw(result, ax, **_):
        workload_bars(result, ax=ax)
        a = result.loc["A"]
        headline(ax, tr("A: {vol:.0f} % of volume, {hours:.0f} % of the {total:,.0f} visit hours",
                        vol=a["pct_volume"], hours=a["pct_hours"], total=result.attrs["hours"]))

    return Explorer(controls, title=tr("Key accounts: enough resources?"), compute=compute,
                    draw=draw)
