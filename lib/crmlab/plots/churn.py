"""Figures for :mod:`crmlab.churn`: retention curves, cohort heat map, purchase-gap histogram."""

from __future__ import annotations

from .._validate import check_frame, check_number
from ..errors import CRMLabError
from ._style import PALETTE, axes_or_new, style

__all__ = ["retention_curves", "cohort_heatmap", "gap_histogram"]


def _check_table(table):
    check_frame(table, name="table")
    if 0 not in table.columns:
        raise CRMLabError(
            "table must be a cohort table from crm.churn.cohort_retention(...) (columns 0, 1, 2, "
            f"... months since first purchase); got columns {list(table.columns)[:6]}."
        )


def retention_curves(table, *, max_cohorts: int = 8, ax=None):
    """One line per cohort: % of the cohort active each month after their first purchase.

    ``table`` is the shares table from :func:`crmlab.churn.cohort_retention`; the last
    ``max_cohorts`` cohorts are drawn.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.churn import cohort_retention
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...     "date": pd.to_datetime(["2024-01-03", "2024-02-09", "2024-01-20"])})
    >>> ax = retention_curves(cohort_retention(tx))
    >>> ax.lines[0].get_ydata().tolist()
    [100.0, 50.0]
    >>> plt.close("all")
    """
    _check_table(table)
    max_cohorts = check_number(max_cohorts, name="max_cohorts", low=1, integer=True)
    palette = list(PALETTE.values())
    with style():
        ax = axes_or_new(ax)
        for i, (cohort, row) in enumerate(table.tail(max_cohorts).iterrows()):
            row = row.dropna()
            ax.plot(row.index.to_numpy(), 100 * row.to_numpy(), marker="o", markersize=3,
                    color=palette[i % len(palette)], label=str(cohort))
        ax.set_ylim(0, 105)
        ax.set_xlabel("months since first purchase")
        ax.set_ylabel("customers active in the month (%)")
        ax.legend(title="first purchase", fontsize=8, loc="center left",
                  bbox_to_anchor=(1.0, 0.5))
    return ax


def cohort_heatmap(table, *, ax=None):
    """Heat map of a cohort retention table (% active), cohorts down, months across.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.churn import cohort_retention
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...     "date": pd.to_datetime(["2024-01-03", "2024-02-09", "2024-01-20"])})
    >>> ax = cohort_heatmap(cohort_retention(tx))
    >>> ax.images[0].get_array().shape
    (1, 2)
    >>> plt.close("all")
    """
    import numpy as np

    _check_table(table)
    values = 100 * table.to_numpy(dtype="float64")
    with style():
        ax = axes_or_new(ax)
        im = ax.imshow(np.ma.masked_invalid(values), aspect="auto", vmin=0, vmax=100,
                       cmap="viridis")
        ax.grid(False)
        if values.size <= 200:
            for (i, j), v in np.ndenumerate(values):
                if not np.isnan(v):
                    ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=8,
                            color="white" if v < 60 else "black")
        ax.set_yticks(range(len(table)), [str(c) for c in table.index])
        ax.set_xlabel("months since first purchase")
        ax.set_ylabel("cohort (month of first purchase)")
        ax.figure.colorbar(im, ax=ax, label="customers active (%)")
    return ax


def gap_histogram(gaps, *, customer=None, k: float = 2.0, bins: int = 30, ax=None,
                  customer_col: str = "customer_id"):
    """Histogram of days between visits, with the median gap and the churn threshold k x median.

    ``gaps`` is the frame from :func:`crmlab.churn.purchase_gaps`; pass ``customer`` to draw
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
    who = "all customers"
    if customer is not None:
        data = gaps[gaps[customer_col] == customer]
        if data.empty:
            raise CRMLabError(
                f"gaps has no gaps for customer {customer!r}; they need two or more visits."
            )
        who = f"customer {customer}"
    values = data["gap_days"].to_numpy(dtype="float64")
    median = float(np.median(values))
    with style():
        ax = axes_or_new(ax)
        ax.hist(values, bins=bins, color=PALETTE["sky"], edgecolor=PALETTE["black"], linewidth=0.4)
        ax.axvline(median, color=PALETTE["blue"], linewidth=2, label=f"median gap {median:g} days")
        ax.axvline(k * median, color=PALETTE["vermillion"], linewidth=2, linestyle="--",
                   label=f"churn threshold {k:g} x median = {k * median:g} days")
        ax.set_xlabel(f"days between visits ({who})")
        ax.set_ylabel("number of gaps")
        ax.legend()
    return ax
