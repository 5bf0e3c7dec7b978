"""Explorers for :mod:`crmlab.clv`: lifetime value and the leaky bucket."""

from __future__ import annotations

from .._validate import check_choice, check_number, check_rate
from ..acquisition import leaky_bucket
from ..clv import clv_summary
from ..plots.clv import PERIODS, clv_chart, leaky_bucket_chart, period_name
from ..language import tr, tr_unit
from ._base import Explorer

# Titles are placed with a fixed y=1.0: matplotlib's automatic title placement measures every
# artist of the Axes on each redraw, a noticeable share of an update's time.

__all__ = ["clv_explorer", "leaky_bucket_explorer"]


def clv_explorer(margin: float = 100.0, retention: float = 0.8, discount: float = 0.1, *,
                 periods: int = 15, unit: str = "yuan", period: str = "period"):
    """Move margin, retention and discount rate; watch lifetime value and its build-up.

    ``CLV = m r / (1 + d - r)``; the bars are each period's discounted expected margin.
    ``period`` names one period (``"year"``: "stays 5.0 years", x axis "years from today").

    Returns
    -------
    crmlab.widgets.Explorer
        ``result`` is the dict of :func:`crmlab.clv.clv_summary`: ``clv``, ``expected_lifetime``
        and the ``projection`` table.

    Examples
    --------
    >>> ex = clv_explorer(100, 0.8, 0.1)
    >>> ex.result["clv"]
    266.667
    >>> ex.update(retention=0.9).result["clv"]
    450.0
    >>> ex.close()
    >>> ex = clv_explorer(100, 0.8, 0.1, period="year")
    >>> ex.ax.get_title(loc="left")
    'Lifetime value 267 yuan; stays 5.0 years on average'
    >>> ex.close()
    """
    import ipywidgets as w

    margin = check_number(margin, name="margin", low=0)
    retention = check_rate(retention, name="retention")
    discount = check_rate(discount, name="discount")
    periods = check_number(periods, name="periods", low=1, high=200, integer=True)
    check_choice(period, name="period", choices=PERIODS)

    def draw(result, ax, margin, retention, discount):
        clv_chart(result["projection"], limit=result["clv"], unit=unit, period=period, ax=ax)
        ax.set_title(tr("Lifetime value {clv:,.0f} {unit}; stays {years:.1f} {periods} on average",
                        clv=result["clv"], unit=tr_unit(unit), years=result["expected_lifetime"],
                        periods=period_name(period, plural=True)),
                     loc="left", y=1.0, fontsize="medium")

    controls = {
        # Room above the start, so that a margin several times the default can be tried.
        "margin": w.FloatSlider(value=margin, min=0.0, max=max(500.0, 4 * margin), step=5.0,
                                description=tr("margin ({unit})", unit=tr_unit(unit))),
        "retention": w.FloatSlider(value=retention, min=0.0, max=0.98, step=0.01,
                                   description=tr("retention")),
        "discount": w.FloatSlider(value=discount, min=0.0, max=0.5, step=0.01,
                                  description=tr("discount")),
    }
    return Explorer(controls, draw=draw, title=tr("Customer lifetime value"),
                    compute=lambda margin, retention, discount: clv_summary(
                        margin, retention, discount, periods=periods))


def leaky_bucket_explorer(customers: int = 1000, *, lost: int = 100, won: int = 100,
                          periods: int = 12, revenue_per_customer: float = 50.0,
                          acquisition_cost: float = 80.0, retention_cost: float = 10.0,
                          at_risk: int | None = None, save_rate: float = 1.0,
                          unit: str = "yuan", period: str = "period"):
    """Customers lost and won each period, what replacing them costs, and what keeping them would.

    Controls: ``lost`` and ``won`` per period, ``acquisition_cost`` (per new customer),
    ``retention_cost`` (per customer a retention programme targets) and ``save_rate`` (share of
    the leavers it keeps). The programme targets ``at_risk`` customers a period (never fewer than
    the leavers; ``None``: only the leavers). See :func:`crmlab.acquisition.leaky_bucket`.
    ``period`` names one period (``"week"``: sliders "lost / week", x axis "week").

    Returns
    -------
    crmlab.widgets.Explorer
        ``result`` is the per-period table of :func:`crmlab.acquisition.leaky_bucket`.

    Examples
    --------
    >>> ex = leaky_bucket_explorer(1000, periods=4)
    >>> ex.result["cumulative_acquisition_spend"].iloc[-1]
    np.float64(32000.0)
    >>> ex.update(lost=50, won=50).result["cumulative_acquisition_spend"].iloc[-1]
    np.float64(16000.0)
    >>> ex.close()
    >>> ex = leaky_bucket_explorer(1000, periods=4, period="week")
    >>> ex.controls["lost"].description, ex.ax.get_xlabel()
    ('lost / week', 'week')
    >>> ex.close()
    """
    import ipywidgets as w

    customers = check_number(customers, name="customers", low=1, integer=True)
    for name, v in (("lost", lost), ("won", won)):
        check_number(v, name=name, low=0, integer=True)
    periods = check_number(periods, name="periods", low=1, high=520, integer=True)
    check_number(revenue_per_customer, name="revenue_per_customer", low=0)
    for name, v in (("acquisition_cost", acquisition_cost), ("retention_cost", retention_cost)):
        check_number(v, name=name, low=0)
    if at_risk is not None:
        check_number(at_risk, name="at_risk", low=0, integer=True)
    save_rate = check_rate(save_rate, name="save_rate", allow_one=True)
    check_choice(period, name="period", choices=PERIODS)

    def compute(lost, won, acquisition_cost, retention_cost, save_rate):
        aim = None if at_risk is None else max(at_risk, lost)
        return leaky_bucket(customers, lost=lost, won=won, periods=periods,
                            revenue_per_customer=revenue_per_customer,
                            acquisition_cost=acquisition_cost, retention_cost=retention_cost,
                            at_risk=aim, save_rate=save_rate)

    def draw(result, ax, lost, won, acquisition_cost, retention_cost, save_rate):
        leaky_bucket_chart(result, unit=unit, period=period, ax=ax)
        # Short enough to fit the figure's width: a cut-off title hides the number that moves.
        ax.set_title(
            tr(
                "Lose {lost}, win {won}: {customers:,} customers, {spent:,.0f} {unit} spent "
                "winning",
                lost=lost,
                won=won,
                customers=result["customers_end"].iloc[-1],
                spent=result["cumulative_acquisition_spend"].iloc[-1],
                unit=tr_unit(unit),
            ),
            loc="left",
            y=1.0,
            fontsize="medium",
        )

    top = max(customers, lost, won)
    controls = {
        "lost": w.IntSlider(
            value=lost,
            min=0,
            max=top,
            step=1,
            description=tr("lost / {period}", period=period_name(period)),
        ),
        "won": w.IntSlider(
            value=won,
            min=0,
            max=top,
            step=1,
            description=tr("won / {period}", period=period_name(period)),
        ),
        "acquisition_cost": w.FloatSlider(
            value=acquisition_cost,
            min=0.0,
            max=max(500.0, acquisition_cost),
            step=5.0,
            description=tr("win one ({unit})", unit=tr_unit(unit)),
        ),
        "retention_cost": w.FloatSlider(
            value=retention_cost,
            min=0.0,
            max=max(100.0, retention_cost),
            step=1.0,
            description=tr("target one ({unit})", unit=tr_unit(unit)),
        ),
        "save_rate": w.FloatSlider(
            value=save_rate,
            min=0.0,
            max=1.0,
            step=0.05,
            description=tr("leavers kept"),
        ),
    }
    return Explorer(controls, compute=compute, draw=draw, title=tr("The leaky bucket"))
