"""Figures for :mod:`crmlab.retention`: retention curves, the cohort heat map, retention by
tenure and survival curves."""

from __future__ import annotations

from .._validate import check_frame, check_number
from ..errors import CRMLabError
from ..language import tr
from ._style import PALETTE, axes_or_new, style

__all__ = ["retention_curves", "cohort_heatmap", "tenure_retention_chart", "survival_chart"]


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


def survival_chart(curve, *, label: str | None = None, color: str = "blue", band: bool = True,
                   ax=None):
    """A Kaplan-Meier curve as a step line (%) with its confidence band; call again to overlay.

    ``curve`` is the output of :func:`crmlab.retention.lapse_survival` or
    :func:`crmlab.retention.survival_curve`; the curve starts at 100 % on day 0. ``color`` is a
    name of :data:`crmlab.plots.PALETTE`; ``label`` defaults to the lapse it counts.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.retention import lapse_survival
    >>> tx = pd.DataFrame({"customer_id": list("aabbcc"), "date": pd.to_datetime([
    ...     "2024-01-01", "2024-03-01", "2024-01-01", "2024-01-20", "2024-01-01", "2024-01-10"])})
    >>> ax = survival_chart(lapse_survival(tx, lapse_days=30, as_of="2024-04-30"))
    >>> [round(v) for v in ax.lines[0].get_ydata()], ax.lines[0].get_label()
    ([100, 67, 33, 0], 'no lapse of 30 days yet')
    >>> plt.close("all")
    """
    import numpy as np

    check_frame(curve, name="curve", columns=["survival", "ci_low", "ci_high"], min_rows=1)
    if color not in PALETTE:
        raise CRMLabError(f"color must be one of {sorted(PALETTE)}; got {color!r}.")
    days = np.r_[0.0, curve.index.to_numpy(dtype="float64")]
    pct = [100 * np.r_[1.0, curve[c].to_numpy(dtype="float64")]
           for c in ("survival", "ci_low", "ci_high")]
    if label is None:
        lapse = curve.attrs.get("lapse_days")
        label = (tr("no lapse of {days:g} days yet", days=lapse) if lapse is not None
                 else tr("not flagged as churned"))
    with style():
        ax = axes_or_new(ax)
        ax.step(days, pct[0], where="post", color=PALETTE[color], linewidth=2, label=label)
        if band:
            ax.fill_between(days, pct[1], pct[2], step="post", color=PALETTE[color], alpha=0.2,
                            linewidth=0)
        ax.set_ylim(0, 105)
        ax.set_xlim(left=0)
        ax.set_xlabel(tr("days since the first purchase"))
        ax.set_ylabel(tr("customers still in the curve (%)"))
        ax.legend(loc="lower left", fontsize=9)
    return ax
