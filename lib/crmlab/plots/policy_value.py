"""Figures for :mod:`crmlab.policy_value`: retention policies compared in money."""

from __future__ import annotations

from .._validate import check_frame, check_numeric
from ..language import tr, tr_unit
from ._style import PALETTE, axes_or_new, hbars, style

__all__ = ["policy_chart"]


def policy_chart(table, *, unit: str = "yuan", ax=None):
    """Per policy: what it brings (value of the customers kept plus any direct gain, right of 0),
    what it costs (left of 0), and its net (a black diamond, labelled).

    ``table`` is the output of :func:`crmlab.policy_value.compare_policies`. A direct change
    below 0 (lost bookings) counts as a cost.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.policy_value import compare_policies
    >>> from crmlab.plots import bar_widths
    >>> t = compare_policies({"perk": {"cost": 6000, "at_risk": 20, "clv": 1500, "kept": 0.25}})
    >>> ax = policy_chart(t)
    >>> bar_widths(ax)
    [7500.0, -6000.0]
    >>> plt.close("all")
    """
    import numpy as np

    check_frame(table, name="table", columns=["direct", "cost", "value_saved", "net"])
    for column in ("direct", "cost", "value_saved", "net"):
        check_numeric(table, column, name="table")
    direct = table["direct"].to_numpy(dtype="float64")
    gain = table["value_saved"].to_numpy(dtype="float64") + np.clip(direct, 0, None)
    loss = table["cost"].to_numpy(dtype="float64") + np.clip(-direct, 0, None)
    net = table["net"].to_numpy(dtype="float64")
    y = np.arange(len(table))[::-1].astype(float)
    with style():
        ax = axes_or_new(ax)
        hbars(ax, y, gain, color=PALETTE["green"], label=tr("customers kept and direct gains"))
        hbars(ax, y, -loss, color=PALETTE["vermillion"], label=tr("cost and direct losses"))
        ax.plot(net, y, "D", color=PALETTE["black"], ms=7, label=tr("net"))
        for yi, v in zip(y, net):
            ax.text(v, yi + 0.3, f"{v:+,.0f}", ha="center", va="bottom")
        ax.axvline(0, color=PALETTE["black"], lw=0.8)
        ax.set_yticks(list(y), [str(p) for p in table.index])
        edge = max(float(np.abs(np.r_[gain, loss, net]).max()), 1.0) * 1.2
        ax.set_xlim(-edge, edge)
        ax.set_ylim(-1.7, len(table) - 0.1)  # a free band at the bottom for the legend
        ax.set_xlabel(tr("money a year of the policy brings ({unit})", unit=tr_unit(unit)))
        ax.set_ylabel(tr("policy"))
        ax.legend(loc="lower center", ncol=3, fontsize="small", columnspacing=1.0)
        ax.grid(axis="y", visible=False)
    return ax
