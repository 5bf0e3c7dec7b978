"""Explorer for :mod:`crmlab.churn`: move the churn rule and watch flags and precision change."""

from __future__ import annotations

from ..churn import churn_flags, compare_rules
from ..plots.churn import churn_rule_bars
from ..language import tr
from ._base import Explorer

__all__ = ["churn_explorer"]


def churn_explorer(transactions, *, as_of=None, actual=None, min_gaps: int = 2,
                   customer: str = "customer_id", date: str = "date"):
    """Compare the own-rhythm churn rule (k x own median gap) with a global cut-off in days.

    Controls: ``k`` (how many of the customer's own typical gaps of silence mean churn) and
    ``global_days`` (the one cut-off for everyone). The figure shows the share of customers
    each rule flags and, when ``actual`` (True/False known churn by customer) is given, each
    rule's precision and recall. The flags are computed once (:func:`crmlab.churn.churn_flags`);
    a change re-applies the thresholds (:func:`crmlab.churn.compare_rules`) and redraws
    (:func:`crmlab.plots.churn.churn_rule_bars`).

    Returns
    -------
    crmlab.widgets.Explorer
        ``result`` is the output of :func:`crmlab.churn.compare_rules`: indexed by rule
        ("own rhythm", "global"), columns ``flagged_pct``, ``precision_pct``, ``recall_pct``.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a"] * 4 + ["b"] * 3,
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22",
    ...                             "2024-01-01", "2024-03-01", "2024-05-01"])})
    >>> ex = churn_explorer(tx, as_of="2024-06-01")
    >>> ex.result["flagged_pct"].tolist()
    [50.0, 50.0]
    >>> ex.update(global_days=20).result["flagged_pct"].tolist()
    [50.0, 100.0]
    >>> ex.close()
    """
    import ipywidgets as w

    flags = churn_flags(transactions, as_of=as_of, min_gaps=min_gaps, customer=customer, date=date)
    compare_rules(flags, actual=actual)  # check actual once, before any control exists
    controls = {
        "k": w.FloatSlider(value=2.0, min=1.0, max=6.0, step=0.25, description=tr("k x own gap")),
        "global_days": w.IntSlider(value=90, min=7, max=365, step=1, description=tr("global days")),
    }
    return Explorer(
        controls,
        title=tr("Churn rule: own rhythm vs one cut-off"),
        compute=lambda k, global_days: compare_rules(
            flags, k=k, global_days=global_days, actual=actual
        ),
        draw=lambda result, ax, **_: churn_rule_bars(result, ax=ax),
    )
