"""Figures for :mod:`crmlab.value` and :mod:`crmlab.profitability`: Pareto chart, Lorenz curve,
whale curve."""

from __future__ import annotations

from .._validate import check_frame, check_number
from ..errors import CRMLabError
from ..value import share_of_top
from ..language import tr
from ._style import PALETTE, axes_or_new, style

__all__ = ["pareto_chart", "lorenz_chart", "whale_chart"]

_MAX_POINTS = 300  # curves are thinned to this many points: same picture, fast redraw


def _label(label, table):
    """The name of the value on the axis: ``label`` if given, else the table's value column."""
    if label is None:
        return table.attrs.get("value", "value")
    if not isinstance(label, str) or not label.strip() or "\n" in label:
        raise CRMLabError(f"label must be a short one-line text such as 'revenue'; got {label!r}")
    return label


def _share_axes(ax, *, ranked: str, label: str, legend: str):
    """Frame of a share chart: both axes 0-100 %, customers ``ranked`` across, ``label`` up."""
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 102)
    ax.set_xlabel(ranked)
    ax.set_ylabel(tr("cumulative share of {value} (%)", value=label))
    ax.legend(loc=legend)
    return ax


def _thin(x, y):
    """Keep at most ``_MAX_POINTS`` points (always the first, last and the maximum of y)."""
    import numpy as np

    n = len(x)
    if n <= _MAX_POINTS:
        return x, y
    keep = np.unique(np.r_[np.linspace(0, n - 1, _MAX_POINTS).round().astype(int),
                           int(np.argmax(y))])
    return x[keep], y[keep]


def pareto_chart(table, *, top: float | None = 0.2, label: str | None = None, ax=None):
    """Pareto chart: cumulative share of value against the share of top customers.

    ``table`` is the output of :func:`crmlab.value.pareto_table`. Marks the share brought by the
    ``top`` fraction (20 % by default, :func:`crmlab.value.share_of_top`; ``None`` for no mark).
    ``label`` names the value on the axis and in the legend (default: the value column).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.value import pareto_table
    >>> ax = pareto_chart(pareto_table([50, 30, 10, 10]), top=0.25)
    >>> ax.lines[0].get_ydata().tolist()
    [0.0, 50.0, 80.0, 90.0, 100.0]
    >>> ax.get_ylabel()
    'cumulative share of amount (%)'
    >>> pareto_chart(pareto_table([50, 30, 10, 10]), label="revenue").get_ylabel()
    'cumulative share of revenue (%)'
    >>> plt.close("all")
    """
    import numpy as np

    check_frame(table, name="table", columns=["customer_share", "value_share"])
    label = _label(label, table)
    x = np.r_[0.0, table["customer_share"].to_numpy()]
    y = np.r_[0.0, table["value_share"].to_numpy()]
    tx, ty = _thin(x, y)
    with style():
        ax = axes_or_new(ax)
        ax.plot(100 * tx, 100 * ty, color=PALETTE["blue"], lw=2,
                label=tr("cumulative {value}", value=label))
        ax.plot([0, 100], [0, 100], color=PALETTE["black"], lw=1, ls=":",
                label=tr("every customer equal"))
        if top is not None:
            top = check_number(top, name="top", low=0, high=1)
            share = share_of_top(table, top)
            ax.plot(
                [100 * top, 100 * top, 0],
                [0, 100 * share, 100 * share],
                color=PALETTE["orange"],
                ls="--",
                lw=1.5,
                label=tr("top {top:.0f} % bring {share:.0f} %", top=100 * top, share=100 * share),
            )
            ax.plot([100 * top], [100 * share], "o", color=PALETTE["orange"])
        _share_axes(
            ax,
            ranked=tr("customers, ranked from most to least valuable (% of customers)"),
            label=label,
            legend="lower right",
        )
    return ax


def lorenz_chart(curve, *, top: float | None = None, label: str | None = None, ax=None):
    """Lorenz curve with the equality line; the shaded gap is half the Gini coefficient.

    ``curve`` is the output of :func:`crmlab.value.lorenz_curve` (its Gini coefficient is in the
    legend). ``top`` marks where the top fraction of customers starts, with the share they bring.
    ``label`` names the value on the axis (default: the value column).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.value import lorenz_curve
    >>> ax = lorenz_chart(lorenz_curve([1, 3]), label="revenue")
    >>> ax.lines[0].get_ydata().tolist()
    [0.0, 25.0, 100.0]
    >>> ax.get_ylabel()
    'cumulative share of revenue (%)'
    >>> lorenz_chart(lorenz_curve([1, 3]), label="")
    Traceback (most recent call last):
        ...
    crmlab.errors.CRMLabError: label must be a short one-line text such as 'revenue'; got ''
    >>> plt.close("all")
    """
    check_frame(curve, name="curve", columns=["population_share", "value_share"])
    label = _label(label, curve)
    tx, ty = _thin(curve["population_share"].to_numpy(), curve["value_share"].to_numpy())
    with style():
        ax = axes_or_new(ax)
        ax.fill_between(
            100 * tx,
            100 * ty,
            100 * tx,
            color=PALETTE["sky"],
            alpha=0.3,
            label=tr(
                "gap to equality (Gini {gini:.2f})", gini=curve.attrs.get("gini", float("nan"))
            ),
        )
        ax.plot(100 * tx, 100 * ty, color=PALETTE["blue"], lw=2, label=tr("Lorenz curve"))
        ax.plot(
            [0, 100],
            [0, 100],
            color=PALETTE["black"],
            lw=1,
            ls=":",
            label=tr("every customer equal"),
        )
        if top is not None:
            top = check_number(top, name="top", low=0, high=1)
            ax.axvline(
                100 * (1 - top),
                color=PALETTE["orange"],
                ls="--",
                lw=1.5,
                label=tr(
                    "top {top:.0f} % bring {share:.0f} %",
                    top=100 * top,
                    share=100 * share_of_top(curve, top),
                ),
            )
        _share_axes(
            ax,
            ranked=tr("customers, ranked from least to most valuable (% of customers)"),
            label=label,
            legend="upper left",
        )
    return ax


def whale_chart(curve, *, drop: float | None = None, label: str | None = None, ax=None):
    """Whale curve: cumulative profit (% of total) by customers ranked by profit.

    ``curve`` is the output of :func:`crmlab.profitability.whale_curve`. When some customers
    lose money the curve rises above 100 % and sinks back; the marked peak is the profit the firm
    would make serving only the profitable customers. ``drop`` shades the worst fraction.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.profitability import whale_curve
    >>> ax = whale_chart(whale_curve([60, -20, 50, 10]))
    >>> [round(v) for v in ax.lines[0].get_ydata()]
    [0, 60, 110, 120, 100]
    >>> plt.close("all")
    """
    import numpy as np

    check_frame(curve, name="curve", columns=["customer_share", "profit_share"])
    label = _label(label, curve)
    x = np.r_[0.0, curve["customer_share"].to_numpy()]
    y = np.r_[0.0, curve["profit_share"].to_numpy()]
    tx, ty = _thin(x, y)
    peak = int(np.argmax(y))
    with style():
        ax = axes_or_new(ax)
        ax.plot(
            100 * tx,
            100 * ty,
            color=PALETTE["blue"],
            lw=2,
            label=tr("cumulative {value}", value=label),
        )
        ax.axhline(
            100,
            color=PALETTE["black"],
            lw=1,
            ls=":",
            label=tr("total {value} = 100 %", value=label),
        )
        ax.plot(
            [100 * x[peak]],
            [100 * y[peak]],
            "o",
            color=PALETTE["vermillion"],
            label=tr(
                "peak {peak:.0f} % at {share:.0f} % of customers",
                peak=100 * y[peak],
                share=100 * x[peak],
            ),
        )
        if drop is not None and drop > 0:
            ax.axvspan(
                100 * (1 - drop),
                100,
                color=PALETTE["orange"],
                alpha=0.2,
                label=tr("worst {drop:.0f} % dropped", drop=100 * drop),
            )
        ax.set_xlim(0, 100)
        ax.set_ylim(min(0.0, 100 * float(ty.min())) - 2, 100 * float(ty.max()) * 1.08 + 2)
        ax.set_xlabel(tr("customers, ranked from most to least profitable (% of customers)"))
        ax.set_ylabel(tr("cumulative share of total {value} (%)", value=label))
        ax.legend(loc="lower right")
    return ax
