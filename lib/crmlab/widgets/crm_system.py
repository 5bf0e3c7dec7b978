"""Explorer for :mod:`crmlab.crm_system`: move the service levels, watch the escalations (C04)."""

from __future__ import annotations

from .._validate import check_number
from ..errors import CRMLabError
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
        return "No open ticket is overdue at these service levels"
    if 2 * director > overdue:
        return f"Most overdue tickets ({director} of {overdue}) go to the director"
    return f"{overdue} of {result['open']} open tickets overdue, {director} at the director"


def escalation_explorer(tickets, *, as_of, sla_days=None, opened="opened", resolved="resolved",
                        priority="priority"):
    """Change the service level of each priority; see how many open tickets are overdue.

    One slider per priority sets its service level (SLA, days allowed to resolve a ticket).
    Each change reruns :func:`crmlab.crm_system.escalate_overdue` on ``as_of`` and draws the
    overdue tickets by priority, stacked by who they escalate to (team lead, service manager,
    director). A longer service level moves a ticket's due date later, so it can only lower
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
        :data:`crmlab.crm_system.SLA_DAYS`); every priority in the data needs one.
    opened, resolved, priority : str
        Column names.

    Returns
    -------
    crmlab.widgets.Explorer
        Controls keyed by priority name. ``result`` is a dict with ``overdue`` (count),
        ``open`` (count of open tickets), ``by_level`` (count per escalation target, every level
        listed) and ``table`` (overdue count per priority and escalation target).

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
    import numpy as np
    import pandas as pd

    from ..crm_system import ESCALATION_LEVELS, SLA_DAYS, escalate_overdue

    start = dict(SLA_DAYS if sla_days is None else sla_days)
    if not start:
        raise CRMLabError("sla_days is empty; give each priority its days, e.g. "
                          f"{dict(SLA_DAYS)!r}.")
    for key, days in start.items():
        if not isinstance(key, str):
            raise CRMLabError(f"sla_days keys must be priority names (text); got {key!r}.")
        high = _MAX_DAYS.get(key, 60)
        start[key] = check_number(days, name=f"sla_days[{key!r}]", low=1, high=high,
                                  integer=True)
    # validate the table and the date once, before any control exists
    escalate_overdue(tickets, as_of=as_of, opened=opened, resolved=resolved, priority=priority,
                     sla_days=start)
    as_of = pd.Timestamp(as_of)
    levels = list(ESCALATION_LEVELS[1:])

    def compute(**days):
        out = escalate_overdue(tickets, as_of=as_of, opened=opened, resolved=resolved,
                               priority=priority, sla_days=days)
        late = out[out["overdue"]]
        # counts per (priority, level) with bincount: a crosstab costs several ms per change
        rows = pd.Categorical(late[priority].astype(str), categories=list(days)).codes
        cols = late["escalation_level"].to_numpy() - 1  # 1..3 -> team lead .. director
        counts = np.bincount(rows * len(levels) + cols, minlength=len(days) * len(levels))
        table = pd.DataFrame(counts.reshape(len(days), len(levels)),
                             index=pd.Index(list(days), name=priority),
                             columns=pd.Index(levels, name="escalate_to"))
        by_level = table.sum(axis=0).astype("int64")
        return {"overdue": int(late.shape[0]), "open": int(out["is_open"].sum()),
                "by_level": by_level, "table": table}

    def draw(result, ax, **days):
        from matplotlib.ticker import MaxNLocator

        from ..plots import PALETTE, hbars

        table = result["table"]
        # yellow, sky blue, vermillion: told apart even by colour-blind readers and in grey
        colors = [PALETTE["yellow"], PALETTE["sky"], PALETTE["vermillion"]]
        left = np.zeros(len(table))
        y = np.arange(len(table))
        for level, color in zip(levels, colors):
            width = table[level].to_numpy(dtype=float)
            hbars(ax, y, width, left=left, color=color, label=level)  # cheap to redraw
            left = left + width
        ax.set_ylim(len(table) - 0.5, -0.5)  # first priority at the top
        ax.set_yticks(list(y), [f"{p} (SLA {days[p]} d)" for p in table.index])
        ax.set_xlim(0, max(5, max(left)) * 1.15)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(f"overdue open tickets on {as_of:%Y-%m-%d} (count)")
        ax.set_ylabel("priority (service level in days)")
        ax.legend(title="escalated to", loc="lower right")
        ax.grid(axis="y", visible=False)
        headline(ax, _headline(result))

    controls = {p: w.IntSlider(value=d, min=1, max=_MAX_DAYS.get(p, 60), step=1,
                               description=f"{p} SLA (days)",
                               style={"description_width": "initial"})
                for p, d in start.items()}
    return Explorer(controls, compute=compute, draw=draw,
                    title="Service levels and escalation · 服务时限与升级处理")
