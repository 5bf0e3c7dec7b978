"""Figures for :mod:`crmlab.clv`: lifetime-value projection and the leaky bucket."""

from __future__ import annotations

from .._validate import check_choice, check_frame, check_numeric
from ..language import tr, tr_unit
from ._style import PALETTE, axes_or_new, style, vbars

__all__ = ["PERIODS", "period_name", "clv_chart", "leaky_bucket_chart"]

_PROJECTION = ["period", "expected_margin", "cumulative_clv"]
_BUCKET = ["period", "revenue", "acquisition_spend", "cumulative_acquisition_spend",
           "cumulative_retention_spend"]


#: Units a period can be given in: the x axis names it ("week", "years from today").
PERIODS = ("period", "day", "week", "month", "quarter", "year")


def _periods(table, columns, period):
    """Check the table's numeric ``columns`` and the ``period`` unit; return the x values."""
    check_frame(table, name="table", columns=columns)
    for col in columns:
        check_numeric(table, col, name="table")
    check_choice(period, name="period", choices=PERIODS)
    return table["period"].to_numpy()


def period_name(period: str, *, plural: bool = False) -> str:
    """The name of one period (or of several) in the current language."""
    names = {"period": (tr("period"), tr("periods")), "day": (tr("day"), tr("days")),
             "week": (tr("week"), tr("weeks")), "month": (tr("month"), tr("months")),
             "quarter": (tr("quarter"), tr("quarters")), "year": (tr("year"), tr("years"))}
    return names[period][plural]


def _thousands():
    """Tick labels with a thousands separator: 100,000 rather than 100000."""
    from matplotlib.ticker import StrMethodFormatter

    return StrMethodFormatter("{x:,.0f}")


def clv_chart(projection, *, limit: float | None = None, unit: str = "yuan",
              period: str = "period", ax=None):
    """Bars of each period's discounted expected margin and the running lifetime value.

    ``projection`` is :func:`crmlab.clv.clv_projection`; ``limit`` (e.g. the
    :func:`crmlab.clv.simple_clv` value) is drawn as the line the total approaches.
    ``period`` names the length of one period on the x axis (one of ``PERIODS``, e.g.
    ``"year"`` gives "years from today").

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.clv import clv_projection
    >>> ax = clv_chart(clv_projection(100, 0.5, 0.0, periods=3), limit=100.0)
    >>> ax.lines[0].get_ydata().tolist()
    [50.0, 75.0, 87.5]
    >>> ax.get_xlabel()
    'periods from today'
    >>> clv_chart(clv_projection(100, 0.5, 0.0, periods=3), period="year").get_xlabel()
    'years from today'
    >>> plt.close("all")
    """
    t = _periods(projection, _PROJECTION, period)
    with style():
        ax = axes_or_new(ax)
        ax.plot(t, projection["cumulative_clv"].to_numpy(), color=PALETTE["blue"], lw=2,
                marker="o", markersize=3, label=tr("lifetime value so far"))
        vbars(ax, t, projection["expected_margin"].to_numpy(), color=PALETTE["sky"], alpha=0.8,
              label=tr("discounted expected margin in the {period}", period=period_name(period)))
        if limit is not None:
            ax.axhline(limit, color=PALETTE["vermillion"], ls="--", lw=1.5,
                       label=tr("lifetime value (the limit) = {clv:,.0f}", clv=limit))
        _label_projection(ax, period, unit)
    return ax


def _label_projection(ax, period: str, unit: str) -> None:
    ax.set_xlabel(tr("{periods} from today", periods=period_name(period, plural=True)))
    ax.set_ylabel(tr("discounted gross margin per customer ({unit})", unit=tr_unit(unit)))
    ax.yaxis.set_major_formatter(_thousands())
    ax.legend(loc="center right")


def _draw_bucket_lines(ax, t, table, period: str) -> None:
    ax.plot(t, table["revenue"].to_numpy(), color=PALETTE["blue"], lw=2,
            label=tr("revenue in the {period}", period=period_name(period)))
    ax.plot(t, table["cumulative_acquisition_spend"].to_numpy(), color=PALETTE["vermillion"],
            lw=2, label=tr("acquisition spend so far (replacing the lost)"))
    ax.plot(t, table["cumulative_retention_spend"].to_numpy(), color=PALETTE["green"], lw=2,
            ls=":", label=tr("retention programme's spend so far"))


def leaky_bucket_chart(table, *, unit: str = "yuan", period: str = "period", ax=None):
    """Revenue per period next to the running cost of replacing lost customers.

    ``table`` is :func:`crmlab.acquisition.leaky_bucket`. With as many won as lost, revenue stays
    flat while the cumulative acquisition spend climbs; the dotted line is what the table's
    retention programme would have cost so far (it keeps only some of the leavers). ``period``
    names one period on the x axis (one of ``PERIODS``, e.g. ``"week"``); money ticks carry a
    thousands separator.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.acquisition import leaky_bucket
    >>> ax = leaky_bucket_chart(leaky_bucket(1000, periods=3))
    >>> ax.lines[1].get_ydata().tolist()
    [8000.0, 16000.0, 24000.0]
    >>> ax = leaky_bucket_chart(leaky_bucket(1000, periods=3), period="week")
    >>> ax.get_xlabel(), ax.yaxis.get_major_formatter()(50000)
    ('week', '50,000')
    >>> plt.close("all")
    """
    t = _periods(table, _BUCKET, period)
    with style():
        ax = axes_or_new(ax)
        _draw_bucket_lines(ax, t, table, period)
        ax.set_ylim(bottom=0)
        ax.set_xlabel(period_name(period))
        ax.set_ylabel(tr("money ({unit})", unit=tr_unit(unit)))
        ax.yaxis.set_major_formatter(_thousands())
        ax.legend(loc="upper left")
    return ax
