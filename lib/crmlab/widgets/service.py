"""Explorer for :mod:`crmlab.service`: move the service levels, watch the escalations (C04)."""

from __future__ import annotations

from .._validate import check_number
from ..errors import CRMLabError
from ..plots.service import escalation_bars
from ..service import SLA_DAYS, escalation_summary
from ..language import tr
from ._base import Explorer, headline

__all__ = ["escalation_explorer"]

#: Slider range (days) for each priority's service level.
_MAX_DAYS = {"low": 30, "medium": 21, "high": 14, "urgent": 7}


def _headline(result) -> str:
    """One-line takeaway: are most overdue tickets so late that they reach the director?

    >>> import pandas as pd
    >>> levels = ["team lead", "service manager", "director"]
    >>> _headline({"overdue": 4, "open": 9, "by_level": pd.Series([1, 0, 3], index=levels)})
    'Most overdue tickets (3 of 4) go to the director'
    >>> _headline({"overdue": 4, "open": 9, "by_level": pd.Series([2, 0, 2], index=levels)})
    '4 of 9 open tickets overdue, 2 at the director'
    >>> _headline({"overdue": 0, "open": 9, "by_level": pd.Series([0, 0, 0], index=levels)})
    'No open ticket is overdue at these service levels'
    """
    overdue, director = result["overdue"], int(result["by_level"]["director"])
    if overdue == 0:
        return tr("No open ticket is overdue at these service levels")
    if 2 * director > overdue:
        return tr("Most overdue tickets ({director} of {overdue}) go to the director",
                  director=director, overdue=overdue)
    return tr("{overdue} of {open} open tickets overdue, {director} at the director",
              overdue=overdue, open=result["open"], director=director)


def escalation_explorer(tickets, *, as_of, sla_days=None, opened="opened", resolved="resolved",
                        priority="priority"):
    """Change the service level of each priority; see how many open tickets are overdue.

    One slider per priority sets its service level (SLA, days allowed to resolve a ticket).
    Each change reruns :func:`crmlab.service.escalation_summary` on ``as_of`` and draws the
    overdue tickets by priority, stacked by who they escalate to (team lead, service manager,
    director; :func:`crmlab.plots.service.escalation_bars`). A longer service level moves a ticket's
    due date later, so it can only lower
    the overdue count and the escalation levels. The headline says whether most overdue
    tickets are so late that they reach the director (more than two service levels late), and
    the x-axis label names the analysis date.

    Parameters
    ----------
    tickets : DataFrame
        One row per ticket, with ``opened``, ``resolved`` (NaT while open) and ``priority``.
    as_of : date-like
        Analysis date.
    sla_days : dict, optional
        Starting service levels, priority -> whole days (default
        :data:`crmlab.service.SLA_DAYS`); every priority in the data needs one.
    opened, resolved, priority : str
        Column names.

    Returns
    -------
    crmlab.widgets.Explorer
        Controls keyed by priority name. ``result`` is the dict of
        :func:`crmlab.service.escalation_summary`: ``overdue`` (count), ``open`` (count of open
        tickets), ``by_level`` (count per escalation target, every level listed), ``table``
        (overdue count per priority and escalation target), ``sla_days`` and ``as_of``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"opened": pd.to_datetime(["2025-03-01", "2025-03-08", "2025-03-01"]),
    ...                   "resolved": pd.to_datetime(["2025-03-02", None, None]),
    ...                   "priority": ["high", "urgent", "low"]})
    >>> ex = escalation_explorer(t, as_of="2025-03-10")
    >>> ex.result["overdue"], ex.result["open"]
    (1, 2)
    >>> ex.update(urgent=2, low=7).result["by_level"].to_dict()
    {'team lead': 1, 'service manager': 0, 'director': 0}
    >>> ex.close()
    """
    import ipywidgets as w

    start = dict(SLA_DAYS if sla_days is None else sla_days)
    if not start:
        raise CRMLabError("sla_days is empty; give each priority its days, e.g. "
                          f"{dict(SLA_DAYS)!r}.")
    for key, days in start.items():
        if not isinstance(key, str):
            raise CRMLabError(f"sla_days keys must be priority names (text); got {key!r}.")
        start[key] = check_number(days, name=f"sla_days[{key!r}]", low=1,
                                  high=_MAX_DAYS.get(key, 60), integer=True)
    columns = {"opened": opened, "resolved": resolved, "priority": priority}
    # validate the table and the date once, before any control exists
    escalation_summary(tickets, as_of=as_of, sla_days=start, **columns)
    controls = {p: w.IntSlider(value=d, min=1, max=_MAX_DAYS.get(p, 60), step=1,
                               description=tr("{priority} SLA (days)", priority=p),
                               style={"description_width": "initial"})
                for p, d in start.items()}

    def draw(result, ax, **_):
        escalation_bars(result, ax=ax)
        headline(ax, _headline(result))

    return Explorer(controls, compute=lambda **days: escalation_summary(
        tickets, as_of=as_of, sla_days=days, **columns), draw=draw,
        title=tr("Service levels and escalation · 服务时限与升级处理"))
