"""Service analyses of a CRM system: which open requests broke their service level, and who
they escalate to (C04).

A ticket of each priority must be resolved within its service level (:data:`SLA_DAYS`);
:func:`escalate_overdue` flags the late ones and the level they reach, and
:func:`escalation_summary` counts them by priority and level.
"""

from __future__ import annotations

from ._validate import check_dates, check_frame, check_timestamp
from .errors import CRMLabError

__all__ = ["SLA_DAYS", "ESCALATION_LEVELS", "escalate_overdue", "escalation_summary"]

#: Service level: days allowed to resolve a ticket of each priority.
SLA_DAYS = {"low": 14, "medium": 7, "high": 3, "urgent": 1}
#: Who an overdue ticket is escalated to, by level (0 = not overdue).
ESCALATION_LEVELS = ("none", "team lead", "service manager", "director")


def _check_resolved(tickets, column: str):
    import pandas as pd

    s = tickets[column]
    if not pd.api.types.is_datetime64_dtype(s) or isinstance(s.dtype, pd.DatetimeTZDtype):
        raise CRMLabError(f"tickets column {column!r} must hold parsed, timezone-naive dates "
                          f"(NaT while open); got dtype {s.dtype}. Parse it first: "
                          f"df[{column!r}] = pd.to_datetime(df[{column!r}]).")


def escalate_overdue(tickets, *, as_of, opened="opened", resolved="resolved",
                     priority="priority", sla_days=None):
    """Flag tickets still open past their service level, and who they escalate to.

    A ticket is due ``sla_days[priority]`` days after it was opened. On ``as_of`` it is open if
    it has no resolution date or one after ``as_of``; it is overdue if open and
    ``days_overdue = (as_of - due) / 1 day > 0``. Its escalation level is
    ``min(3, ceil(days_overdue / sla_days))``: 1 team lead within one more service period,
    2 service manager within two, 3 director beyond (see :data:`ESCALATION_LEVELS`).

    Parameters
    ----------
    tickets : DataFrame
        One row per ticket.
    as_of : date-like
        Analysis date, on or after the last opening date.
    opened, resolved, priority : str
        Column names; ``resolved`` is NaT while a ticket is open.
    sla_days : dict, optional
        Priority -> days allowed (default :data:`SLA_DAYS`).

    Returns
    -------
    DataFrame
        ``tickets`` with ``due``, ``is_open``, ``overdue``, ``days_overdue`` (0 if not
        overdue), ``escalation_level`` and ``escalate_to``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"opened": pd.to_datetime(["2025-03-01", "2025-03-08", "2025-03-01"]),
    ...                   "resolved": pd.to_datetime(["2025-03-02", None, None]),
    ...                   "priority": ["high", "urgent", "low"]})
    >>> escalate_overdue(t, as_of="2025-03-10")[["overdue", "days_overdue", "escalate_to"]]
       overdue  days_overdue escalate_to
    0    False           0.0        none
    1     True           1.0   team lead
    2    False           0.0        none
    """
    import numpy as np
    import pandas as pd

    sla = dict(SLA_DAYS if sla_days is None else sla_days)
    for key, days in sla.items():
        try:
            ok = float(days) > 0 and np.isfinite(float(days))
        except (TypeError, ValueError):
            ok = False
        if not ok or isinstance(days, bool):
            raise CRMLabError(f"sla_days[{key!r}] must be a number of days above 0; got {days!r}.")
    check_frame(tickets, name="tickets", columns=[opened, resolved, priority])
    check_dates(tickets, opened, name="tickets")
    _check_resolved(tickets, resolved)
    as_of = check_timestamp(as_of, name="as_of", not_before=tickets[opened].max(),
                            data_name="tickets")
    early = tickets[resolved] < tickets[opened]
    if early.any():
        raise CRMLabError(f"tickets has {int(early.sum())} ticket(s) resolved before they were "
                          f"opened (first in row {tickets.index[early.to_numpy().argmax()]!r}); "
                          "check the dates.")
    prio = tickets[priority].astype(object)
    unknown = sorted(set(prio.dropna()) - set(sla), key=str)
    if unknown or prio.isna().any():
        got = unknown or [None]
        raise CRMLabError(f"tickets column {priority!r} has priorities {got!r} without a service "
                          f"level; sla_days covers {list(sla)!r}. Add them to sla_days.")
    days = prio.map(sla).to_numpy(dtype=float)
    out = tickets.copy()
    out["due"] = out[opened] + pd.to_timedelta(days, unit="D")
    out["is_open"] = out[resolved].isna() | (out[resolved] > as_of)
    late = (as_of - out["due"]) / pd.Timedelta(days=1)
    out["overdue"] = out["is_open"] & (late > 0)
    out["days_overdue"] = np.where(out["overdue"], late, 0.0)
    level = np.minimum(3, np.ceil(out["days_overdue"].to_numpy() / days)).astype("int64")
    out["escalation_level"] = level
    out["escalate_to"] = np.array(ESCALATION_LEVELS, dtype=object)[level]
    return out


def _level_table(late, priority: str, priorities: list):
    """Overdue tickets per priority (rows) and level they go to (columns)."""
    import numpy as np
    import pandas as pd

    levels = list(ESCALATION_LEVELS[1:])
    # counts per (priority, level) with bincount: a crosstab costs several ms per explorer change
    rows = pd.Categorical(late[priority].astype(str), categories=priorities).codes
    cols = late["escalation_level"].to_numpy() - 1  # 1..3 -> team lead .. director
    counts = np.bincount(rows * len(levels) + cols, minlength=len(priorities) * len(levels))
    return pd.DataFrame(counts.reshape(len(priorities), len(levels)),
                        index=pd.Index(priorities, name=priority),
                        columns=pd.Index(levels, name="escalate_to"))


def escalation_summary(tickets, *, as_of, sla_days=None, opened="opened", resolved="resolved",
                       priority="priority"):
    """Overdue open tickets on ``as_of`` counted by priority and by who they escalate to.

    Runs :func:`escalate_overdue` and counts its overdue tickets.

    Returns
    -------
    dict
        ``overdue`` and ``open`` (counts), ``by_level`` (overdue count per escalation target,
        every level listed), ``table`` (overdue count per priority and target, priorities in
        the order of ``sla_days``), ``sla_days`` (as used) and ``as_of`` (Timestamp).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"opened": pd.to_datetime(["2025-03-01", "2025-03-08", "2025-03-01"]),
    ...                   "resolved": pd.to_datetime(["2025-03-02", None, None]),
    ...                   "priority": ["high", "urgent", "low"]})
    >>> s = escalation_summary(t, as_of="2025-03-10")
    >>> s["overdue"], s["open"], s["by_level"].to_dict()
    (1, 2, {'team lead': 1, 'service manager': 0, 'director': 0})
    """
    import pandas as pd

    sla = dict(SLA_DAYS if sla_days is None else sla_days)
    out = escalate_overdue(tickets, as_of=as_of, opened=opened, resolved=resolved,
                           priority=priority, sla_days=sla)
    late = out[out["overdue"]]
    table = _level_table(late, priority, list(sla))
    return {"overdue": int(late.shape[0]), "open": int(out["is_open"].sum()),
            "by_level": table.sum(axis=0).astype("int64"), "table": table, "sla_days": sla,
            "as_of": pd.Timestamp(as_of)}
