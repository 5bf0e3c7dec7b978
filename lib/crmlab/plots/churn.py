"""Figures for :mod:`crmlab.churn`: the purchase-gap histogram and the churn-rule comparison."""

from __future__ import annotations

from .._validate import check_frame, check_number
from ..errors import CRMLabError
from ..language import tr
from ._style import PALETTE, axes_or_new, style

__all__ = ["gap_histogram", "churn_rule_bars"]


def gap_histogram(gaps, *, customer=None, k: float = 2.0, bins: int = 30, ax=None,
                  customer_col: str = "customer_id"):
    """Histogram of days between visits, with the median gap and the churn threshold k x median.

    ``gaps`` is the output of :func:`crmlab.churn.purchase_gaps`; pass ``customer`` to draw
    one customer's own gaps (their own rhythm) instead of everyone's.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.churn import purchase_gaps
    >>> tx = pd.DataFrame({"customer_id": ["a"] * 4, "date": pd.to_datetime(
    ...     ["2024-01-01", "2024-01-08", "2024-01-18", "2024-01-25"])})
    >>> ax = gap_histogram(purchase_gaps(tx), customer="a", k=2)
    >>> [float(l.get_xdata()[0]) for l in ax.lines]
    [7.0, 14.0]
    >>> plt.close("all")
    """
    import numpy as np

    check_frame(gaps, name="gaps", columns=[customer_col, "gap_days"])
    k = check_number(k, name="k", low=0, low_open=True)
    bins = check_number(bins, name="bins", low=1, integer=True)
    data = gaps
    who = tr("all customers")
    if customer is not None:
        data = gaps[gaps[customer_col] == customer]
        if data.empty:
            raise CRMLabError(
                f"gaps has no gaps for customer {customer!r}; they need two or more visits."
            )
        who = tr("customer {customer}", customer=customer)
    values = data["gap_days"].to_numpy(dtype="float64")
    median = float(np.median(values))
    with style():
        ax = axes_or_new(ax)
        ax.hist(values, bins=bins, color=PALETTE["sky"], edgecolor=PALETTE["black"], linewidth=0.4)
        ax.axvline(
            median,
            color=PALETTE["blue"],
            linewidth=2,
            label=tr("median gap {median:g} days", median=median),
        )
        ax.axvline(
            k * median,
            color=PALETTE["vermillion"],
            linewidth=2,
            linestyle="--",
            label=tr("churn threshold {k:g} x median = {days:g} days", k=k, days=k * median),
        )
        ax.set_xlabel(tr("days between visits ({who})", who=who))
        ax.set_ylabel(tr("number of gaps"))
        ax.legend()
    return ax


def churn_rule_bars(comparison, *, ax=None):
    """Bars of the share each churn rule flags and, when scored, its precision and recall (%).

    ``comparison`` is the output of :func:`crmlab.churn.compare_rules`: the own-rhythm rule in
    blue, the global cut-off in orange, each bar labelled with its value ("n/a" when undefined).

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.churn import churn_flags, compare_rules
    >>> tx = pd.DataFrame({"customer_id": ["a"] * 4 + ["b"] * 3,
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22",
    ...                             "2024-01-01", "2024-03-01", "2024-05-01"])})
    >>> ax = churn_rule_bars(compare_rules(churn_flags(tx, as_of="2024-06-01"), global_days=20))
    >>> [round(p.get_height()) for p in ax.patches]
    [50, 100]
    >>> plt.close("all")
    """
    import numpy as np

    check_frame(
        comparison, name="comparison", columns=["flagged_pct", "precision_pct", "recall_pct"]
    )
    if "k" not in comparison.attrs:
        raise CRMLabError(
            "comparison must be the output of crm.churn.compare_rules(...), "
            "unchanged (it carries the rules' settings in .attrs)."
        )
    k, days = comparison.attrs["k"], comparison.attrs["global_days"]
    scored = comparison.attrs.get("scored", True)
    metrics = ["flagged_pct"] + (["precision_pct", "recall_pct"] if scored else [])
    names = {
        "flagged_pct": tr("flagged"),
        "precision_pct": tr("precision"),
        "recall_pct": tr("recall"),
    }
    labels = {
        "own rhythm": tr("own rhythm: > {k:g} x own median gap", k=k),
        "global": tr("global: > {days:g} days silent", days=days),
    }
    x = np.arange(len(metrics))
    with style():
        ax = axes_or_new(ax)
        for i, (rule, colour) in enumerate(
            zip(comparison.index, (PALETTE["blue"], PALETTE["orange"]))
        ):
            vals = comparison.loc[rule, metrics].to_numpy(dtype="float64")
            bars = ax.bar(
                x + (i - 0.5) * 0.38,
                np.nan_to_num(vals),
                width=0.38,
                color=colour,
                label=labels.get(rule, str(rule)),
            )
            for bar, v in zip(bars, vals):
                ax.annotate(
                    tr("n/a") if np.isnan(v) else f"{v:.0f}",
                    (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center",
                    va="bottom",
                    fontsize=9,
                )
        ax.set_xticks(x, [names[m] for m in metrics])
        ax.set_ylim(0, 130)  # headroom above 100 % for the legend
        ax.set_yticks(range(0, 101, 20))
        ax.set_ylabel(tr("% of customers (flagged) / % (precision, recall)"))
        ax.set_xlabel(tr("churn rule, {n:,} customers", n=comparison.attrs["customers"]))
        ax.legend(loc="upper left", ncols=2, fontsize=9)
    return ax
