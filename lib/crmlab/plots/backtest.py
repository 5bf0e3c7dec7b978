"""Figures for :mod:`crmlab.backtest`: how far next-purchase predictions miss, per category."""

from __future__ import annotations

from .._validate import check_frame, check_numeric
from ..language import tr
from ._style import PALETTE, axes_or_new, hbars, style

__all__ = ["backtest_chart"]


def backtest_chart(summary, *, ax=None):
    """Mean absolute error in days per category: each customer's own rhythm against the
    category's typical gap.

    ``summary`` is the output of :func:`crmlab.backtest.backtest_summary`. Shorter bars are
    better; each own-rhythm bar is labelled with its error.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> from crmlab.plots import bar_widths
    >>> s = pd.DataFrame({"mae_days": [2.0, 7.0], "baseline_mae_days": [4.0, 8.0]},
    ...                  index=pd.Index(["baby", "fresh"], name="category"))
    >>> ax = backtest_chart(s)
    >>> bar_widths(ax)
    [2.0, 7.0, 4.0, 8.0]
    >>> plt.close("all")
    """
    import numpy as np

    check_frame(summary, name="summary", columns=["mae_days", "baseline_mae_days"])
    for column in ("mae_days", "baseline_mae_days"):
        check_numeric(summary, column, name="summary")
    own = summary["mae_days"].to_numpy(dtype="float64")
    base = summary["baseline_mae_days"].to_numpy(dtype="float64")
    y = np.arange(len(summary))[::-1].astype(float)
    with style():
        ax = axes_or_new(ax)
        hbars(ax, y + 0.2, own, height=0.38, color=PALETTE["blue"],
              label=tr("each customer's own rhythm"))
        hbars(ax, y - 0.2, base, height=0.38, color=PALETTE["orange"],
              label=tr("the category's typical gap"))
        for yi, v in zip(y, own):
            ax.text(v, yi + 0.2, f" {v:.1f}", va="center", ha="left")
        ax.set_yticks(list(y), [str(c) for c in summary.index])
        ax.set_xlim(0, max(float(np.nanmax(np.r_[own, base])), 1.0) * 1.2)
        ax.set_xlabel(tr("mean absolute error of the predicted next purchase (days)"))
        ax.set_ylabel(tr("category"))
        ax.legend(loc="lower right")
        ax.grid(axis="y", visible=False)
    return ax
