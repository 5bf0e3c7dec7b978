"""Explorer for :mod:`crmlab.churn`: move the churn rule and watch flags and precision change."""

from __future__ import annotations

from .._validate import check_number
from ..errors import CRMLabError
from ._base import Explorer

__all__ = ["churn_explorer"]


def churn_explorer(transactions, *, as_of=None, actual=None, min_gaps: int = 2,
                   customer: str = "customer_id", date: str = "date"):
    """Compare the own-rhythm churn rule (k x own median gap) with a global cut-off in days.

    Controls: ``k`` (how many of the customer's own typical gaps of silence mean churn) and
    ``global_days`` (the one cut-off for everyone). The figure shows the share of customers
    each rule flags and, when ``actual`` (True/False known churn by customer) is given, each
    rule's precision and recall. The per-customer summary is computed once, so a change only
    re-applies the thresholds.

    Returns
    -------
    crmlab.widgets.Explorer
        ``result`` is a DataFrame indexed by rule ("own rhythm", "global") with columns
        ``flagged_pct``, ``precision_pct``, ``recall_pct``.

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
    import numpy as np
    import pandas as pd

    from ..churn import _bool_series, _own_rule, _summary

    min_gaps = check_number(min_gaps, name="min_gaps", low=1, integer=True)
    summary = _summary(transactions, customer, date, as_of)
    silence = summary["days_since_last"].to_numpy(dtype="float64")
    truth = None
    if actual is not None:
        actual = _bool_series(actual, "actual")
        missing = summary.index.difference(actual.index)
        if len(missing):
            raise CRMLabError(
                f"actual lacks {len(missing)} customer(s) of the transactions (first: "
                f"{missing[0]!r}); give known churn for every customer."
            )
        truth = actual.reindex(summary.index).to_numpy()
    # thresholds at k = 1: the rule at any k is k times these
    base = _own_rule(summary, 1.0, min_gaps, None)["threshold_days"].to_numpy()

    def score(flags):
        row = {"flagged_pct": 100.0 * flags.mean()}
        if truth is not None:
            tp = float((flags & truth).sum())
            row["precision_pct"] = 100.0 * tp / flags.sum() if flags.any() else np.nan
            row["recall_pct"] = 100.0 * tp / truth.sum() if truth.any() else np.nan
        else:
            row["precision_pct"] = row["recall_pct"] = np.nan
        return row

    def compute(k, global_days):
        own = silence > k * base
        glob = silence > global_days
        return pd.DataFrame([score(own), score(glob)],
                            index=pd.Index(["own rhythm", "global"], name="rule"))

    def draw(result, ax, k, global_days):
        from ..plots import PALETTE

        metrics = ["flagged_pct"] + (["precision_pct", "recall_pct"] if truth is not None else [])
        names = {"flagged_pct": "flagged", "precision_pct": "precision", "recall_pct": "recall"}
        x = np.arange(len(metrics))
        for i, (rule, colour) in enumerate(zip(result.index, (PALETTE["blue"], PALETTE["orange"]))):
            label = f"own rhythm: > {k:g} x own median gap" if rule == "own rhythm" \
                else f"global: > {global_days} days silent"
            vals = result.loc[rule, metrics].to_numpy(dtype="float64")
            bars = ax.bar(x + (i - 0.5) * 0.38, np.nan_to_num(vals), width=0.38, color=colour,
                          label=label)
            for bar, v in zip(bars, vals):
                text = "n/a" if np.isnan(v) else f"{v:.0f}"
                ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                            ha="center", va="bottom", fontsize=9)
        ax.set_xticks(x, [names[m] for m in metrics])
        ax.set_ylim(0, 130)  # headroom above 100 % for the legend
        ax.set_yticks(range(0, 101, 20))
        ax.set_ylabel("% of customers (flagged) / % (precision, recall)")
        ax.set_xlabel(f"churn rule, {len(silence):,} customers")
        ax.legend(loc="upper left", ncols=2, fontsize=9)

    controls = {
        "k": w.FloatSlider(value=2.0, min=1.0, max=6.0, step=0.25, description="k x own gap"),
        "global_days": w.IntSlider(value=90, min=7, max=365, step=1, description="global days"),
    }
    return Explorer(controls, compute=compute, draw=draw, title="Churn rule: own rhythm vs one cut-off")
