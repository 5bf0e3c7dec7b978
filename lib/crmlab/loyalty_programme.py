"""Does a loyalty programme pay? Its economics measured against a random hold-out group (C18).

A programme's members would mostly have stayed anyway. Only a random hold-out group, customers
who were eligible but left out by lot, shows what the members would have done without it:

* incremental retention ``u = r_P - r_H``, the members' retention minus the hold-out's, and the
  extra customers kept ``u n_P``;
* the cost per extra customer kept, ``C / (u n_P)``, with ``C`` the rewards paid to members:
  all the rewards, divided by only the customers the programme really kept;
* deadweight: the share of the rewards that went to members who would have stayed anyway,
  ``(C_stay / C) (r_H / r_P)``, with ``C_stay`` the rewards paid to members who stayed;
* incremental gross margin: the members' change in spend (during - before) minus the hold-out's
  (a difference in differences, which removes most of the spread between customers), times
  ``n_P`` and the gross margin ``m``; the net effect subtracts the rewards.

Dowling and Uncles (1997, *Sloan Management Review* 38(4)) ask "Do customer loyalty programs
really work?": mostly they reward the already loyal and are copied by rivals.
"""

from __future__ import annotations

from ._validate import check_frame, check_numeric, check_rate
from .errors import CRMLabError

__all__ = ["programme_effect"]


def programme_effect(members, *, margin: float, by: str | None = None, group: str = "group",
                     treated: str = "programme", control: str = "holdout",
                     retained: str = "retained", spend_before: str = "spend_before",
                     spend_during: str = "spend_during", reward_cost: str = "reward_cost",
                     confidence: float = 0.95):
    """What a programme added, and what it cost, measured against its hold-out group.

    Parameters
    ----------
    members : DataFrame
        One row per eligible customer, with the group each was assigned to at random.
    margin : float
        Gross margin on sales, as a fraction (0.2 = 20 %): the part of a yuan of sales left
        after the cost of the goods, before the rewards.
    by : str, optional
        A column (such as the loyalty stage) to measure the effect within each of its groups as
        well; the last row, ``"all"``, is every customer.
    group, treated, control : str
        The column holding the assignment, and its values for members and for the hold-out.
    retained, spend_before, spend_during, reward_cost : str
        Columns: still a customer at the end (True/False), spend in the period before and during
        the programme (yuan), rewards redeemed (yuan; 0 for the hold-out).
    confidence : float
        Level of the interval of incremental retention (normal approximation).

    Returns
    -------
    pandas.DataFrame
        One row per group of ``by`` and ``"all"`` (only ``"all"`` without ``by``):
        ``members``, ``holdout``, ``retention_programme``, ``retention_holdout``,
        ``incremental_retention`` with ``ci_low`` and ``ci_high``, ``extra_kept``,
        ``reward_cost``, ``cost_per_extra_kept`` (NaN when nobody extra was kept),
        ``deadweight_share``, ``incremental_spend`` (per member), ``incremental_margin`` and
        ``net`` (yuan); ``attrs`` holds ``margin`` and ``confidence``.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"group": ["programme"] * 4 + ["holdout"] * 2,
    ...                   "retained": [True, True, True, False, True, False],
    ...                   "spend_before": [100.0] * 6,
    ...                   "spend_during": [120.0, 110.0, 100.0, 40.0, 100.0, 50.0],
    ...                   "reward_cost": [2.0, 2.0, 2.0, 0.0, 0.0, 0.0]})
    >>> e = programme_effect(m, margin=0.2).loc["all"]
    >>> float(e["incremental_retention"]), float(e["extra_kept"]), float(e["cost_per_extra_kept"])
    (0.25, 1.0, 6.0)
    >>> round(float(e["deadweight_share"]), 4), float(e["incremental_spend"]), float(e["net"])
    (0.6667, 17.5, 8.0)
    """
    import pandas as pd

    margin = check_rate(margin, name="margin", allow_one=True)
    level = check_rate(confidence, name="confidence")
    cols = [group, retained, spend_before, spend_during, reward_cost]
    check_frame(members, name="members", columns=cols + ([by] if by is not None else []))
    for col in (spend_before, spend_during, reward_cost):
        check_numeric(members, col, name="members", nonnegative=True)
    flag = members[retained]
    if not pd.api.types.is_bool_dtype(flag) or flag.isna().any():
        raise CRMLabError(f"members column {retained!r} must hold True/False for every customer; "
                          f"got dtype {flag.dtype}.")
    labels = set(members[group].dropna().astype(str).unique())
    for name, value in (("treated", treated), ("control", control)):
        if value not in labels:
            raise CRMLabError(
                f"members column {group!r} has no {name} group {value!r}; its values are "
                f"{sorted(labels)}. A programme's effect needs members and a hold-out group."
            )
    is_member = members[group].astype(str).eq(treated)
    is_holdout = members[group].astype(str).eq(control)
    work = pd.DataFrame({
        "member": is_member, "holdout": is_holdout, "kept": flag.astype(bool),
        "change": members[spend_during].astype(float) - members[spend_before].astype(float),
        "reward": members[reward_cost].astype(float),
    })
    rows = {}
    if by is not None:
        for key, part in work.groupby(members[by], observed=True, sort=True):
            rows[key] = _effect(part, margin, level)
    rows["all"] = _effect(work, margin, level)
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = by or "group"
    out.attrs.update(margin=margin, confidence=level)
    return out


def _effect(part, margin, level):
    import math
    from statistics import NormalDist

    p, h = part[part["member"]], part[part["holdout"]]
    n_p, n_h = len(p), len(h)
    if n_p == 0 or n_h == 0:
        raise CRMLabError(
            f"a group has {n_p} member(s) and {n_h} hold-out customer(s); each needs both to "
            "measure an effect. Use a coarser `by` column."
        )
    r_p, r_h = float(p["kept"].mean()), float(h["kept"].mean())
    u = r_p - r_h
    se = math.sqrt(r_p * (1 - r_p) / n_p + r_h * (1 - r_h) / n_h)
    z = NormalDist().inv_cdf(0.5 + level / 2)
    extra = u * n_p
    cost = float(p["reward"].sum())
    cost_stay = float(p.loc[p["kept"], "reward"].sum())
    spend = float(p["change"].mean() - h["change"].mean())
    gain = spend * n_p * margin
    return {
        "members": n_p, "holdout": n_h,
        "retention_programme": r_p, "retention_holdout": r_h,
        "incremental_retention": u, "ci_low": u - z * se, "ci_high": u + z * se,
        "extra_kept": extra, "reward_cost": cost,
        "cost_per_extra_kept": cost / extra if extra > 0 else float("nan"),
        "deadweight_share": (cost_stay / cost) * (r_h / r_p) if cost > 0 and r_p > 0 else 0.0,
        "incremental_spend": spend, "incremental_margin": gain, "net": gain - cost,
    }
