"""Figures for :mod:`crmlab.offers`: what a discount list earns and gives away, per product."""

from __future__ import annotations

from .._validate import check_frame, check_numeric
from ..language import tr, tr_unit
from ._style import PALETTE, axes_or_new, hbars, style

__all__ = ["offer_value_chart"]


def offer_value_chart(table, *, unit: str = "yuan", ax=None):
    """Per product: the margin on extra sales (right of 0), the discount given on purchases
    made anyway (left of 0), and the net (a black diamond).

    ``table`` is the output of :func:`crmlab.offers.offer_value`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> from crmlab.plots import bar_widths
    >>> t = pd.DataFrame({"extra_margin": [2.0, 2.0], "deadweight_cost": [9.0, 0.0],
    ...                   "net": [-7.0, 2.0]}, index=pd.Index(["milk", "pet"], name="item"))
    >>> ax = offer_value_chart(t)
    >>> bar_widths(ax)
    [2.0, 2.0, -9.0, 0.0]
    >>> plt.close("all")
    """
    import numpy as np

    check_frame(table, name="table", columns=["extra_margin", "deadweight_cost", "net"],
                min_rows=0)
    for column in ("extra_margin", "deadweight_cost", "net"):
        check_numeric(table, column, name="table")
    gain = table["extra_margin"].to_numpy(dtype="float64")
    loss = table["deadweight_cost"].to_numpy(dtype="float64")
    net = table["net"].to_numpy(dtype="float64")
    y = np.arange(len(table))[::-1].astype(float)
    with style():
        ax = axes_or_new(ax)
        hbars(ax, y, gain, color=PALETTE["green"], label=tr("margin on extra sales"))
        hbars(ax, y, -loss, color=PALETTE["vermillion"],
              label=tr("discount on purchases made anyway"))
        ax.plot(net, y, "D", color=PALETTE["black"], ms=7, label=tr("net"))
        ax.axvline(0, color=PALETTE["black"], lw=0.8)
        ax.set_yticks(list(y), [str(i) for i in table.index])
        edge = max(float(np.abs(np.r_[gain, loss, net, 1.0]).max()), 1.0) * 1.15
        ax.set_xlim(-edge, edge)
        ax.set_ylim(-1.7, max(len(table) - 0.3, 0.7))  # a free band at the bottom for the legend
        ax.set_xlabel(tr("money per printed list ({unit})", unit=tr_unit(unit)))
        ax.set_ylabel(tr("coupon for"))
        ax.legend(loc="lower center", ncol=3, fontsize="small", columnspacing=1.0)
        ax.grid(axis="y", visible=False)
    return ax
