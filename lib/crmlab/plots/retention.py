"""Figures for :mod:`crmlab.retention`: retention curves, the cohort heat map and retention by
tenure."""

from __future__ import annotations

from .._validate import check_frame, check_number
from ..errors import CRMLabError
from ..language import tr
from ._style import PALETTE, axes_or_new, style

__all__ = ["retention_curves", "cohort_heatmap", "tenure_retention_chart"]


def _check_table(table):
    check_frame(table, name="table")
    if 0 not in table.columns:
        raise CRMLabError(
            "table must be a cohort table from crm.retention.cohort_retention(...) "
            "(columns 0, 1, 2, "
            f"... months since first purchase); got columns {list(table.columns)[:6]}."
        )


def retention_curves(table, *, max_cohorts: int = 8, ax=None):
    """One line per cohort: % of the cohort active each month after their first purchase.

    ``table`` is the output of :func:`crmlab.retention.cohort_retention` (shares); the last
    ``max_cohorts`` cohorts are drawn.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.retention import cohort_retention
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
            ax.plot(
                row.index.to_numpy(),
                100 * row.to_numpy(),
                marker="o",
                markersize=3,
                color=palette[i % len(palette)],
                label=str(cohort),
            )
        ax.set_ylim(0, 105)
        ax.set_xlabel(tr("months since first purchase"))
        ax.set_ylabel(tr("customers active in the month (%)"))
        ax.legend(
            title=tr("first purchase"), fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5)
        )
    return ax


def cohort_heatmap(table, *, ax=None):
    """Heat map of a cohort retention table (% active), cohorts down, months across.

    ``table`` is the output of :func:`crmlab.retention.cohort_retention` (shares).

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.retention import cohort_retention
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
        im = ax.imshow(
            np.ma.masked_invalid(values), aspect="auto", vmin=0, vmax=100, cmap="viridis"
        )
        ax.grid(False)
        if values.size <= 200:
            for (i, j), v in np.ndenumerate(values):
                if not np.isnan(v):
                    ax.text(
                        j,
                        i,
                        f"{v:.0f}",
                        ha="center",
                        va="center",
                        fontsize=8,
                        color="white" if v < 60 else "black",
                    )
        ax.set_yticks(range(len(table)), [str(c) for c in table.index])
        ax.set_xlabel(tr("months since first purchase"))
        ax.set_ylabel(tr("cohort (month of first purchase)"))
        ax.figure.colorbar(im, ax=ax, label=tr("customers active (%)"))
    return ax


def tenure_retention_chart(table, *, period: str = "quarter", ax=None):
    """Bars of activity retention by tenure, with the line of one average retention for all.

    ``table`` is the output of :func:`crmlab.retention.retention_by_tenure`; ``period`` names
    its periods (``"quarter"`` or ``"month"``). The dashed line is the pooled retention
    (all customers retained / all active): one number that fits no tenure well when retention
    rises with tenure.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"active": [100, 20], "active_next": [20, 10],
    ...                   "retention": [0.2, 0.5]}, index=pd.Index([0, 1], name="tenure"))
    >>> ax = tenure_retention_chart(t)
    >>> [round(b.get_height()) for b in ax.patches], float(ax.lines[0].get_ydata()[0])
    ([20, 50], 25.0)
    >>> plt.close("all")
    """
    check_frame(table, name="table", columns=["active", "active_next", "retention"])
    if period not in ("quarter", "month"):
        raise CRMLabError(f"period must be one of ['quarter', 'month']; got {period!r}.")
    pooled = 100 * table["active_next"].sum() / table["active"].sum()
    with style():
        ax = axes_or_new(ax)
        x = table.index.to_numpy()
        ax.bar(x, 100 * table["retention"].to_numpy(), color=PALETTE["blue"], width=0.7,
               label=tr("share of the period's buyers who buy again in the next"))
        ax.axhline(pooled, color=PALETTE["vermillion"], ls="--", lw=1.5,
                   label=tr("one average retention for everyone: {r:.0f} %", r=pooled))
        ax.set_xticks(list(x))
        ax.set_xlabel(tr("quarters since first purchase") if period == "quarter"
                      else tr("months since first purchase"))
        ax.set_ylabel(tr("retained into the next period (%)"))
        ax.set_ylim(0, max(100 * table["retention"].max(), pooled) * 1.25)
        ax.legend(loc="upper left", fontsize="small")
    return ax
