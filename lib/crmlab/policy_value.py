"""Retention policies in money: what a policy costs against the customers it keeps (C12, C25, C37).

A policy that fixes a reason customers leave (a perk for regulars, a cap on a stylist's
bookings, a remembered carrot juice) costs money every year and keeps some of the customers
who would have left for that reason. For one year of the policy::

    saved = kept * at_risk                       customers kept that would have left
    net   = direct + saved * clv - cost          money made (or lost) by that year's policy
    break-even kept = (cost - direct) / (at_risk * clv)

``at_risk`` is the number of customers a year who leave for the reason the policy addresses,
``clv`` the lifetime value of one of them if kept (margin, not revenue), ``cost`` the policy's
yearly cost, ``direct`` any change in profit it brings without keeping anyone (dropping a
discount earns money at once; turning away bookings loses some), and ``kept`` the share of
the at-risk customers it keeps: an assumption until a hold-out group measures it.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._validate import check_number
from .errors import CRMLabError

__all__ = ["policy_value", "compare_policies"]

_KEYS = ("cost", "at_risk", "clv", "kept")


def policy_value(*, cost: float, at_risk: float, clv: float, kept: float,
                 direct: float = 0.0) -> dict:
    """One year of a retention policy: customers saved, their value, net, break-even share kept.

    Returns a dict with ``saved = kept * at_risk``, ``value_saved = saved * clv``,
    ``net = direct + value_saved - cost`` and ``break_even_kept = (cost - direct) /
    (at_risk * clv)`` (0 when the policy pays without keeping anyone, ``inf`` when no share
    kept can pay for it).

    Examples
    --------
    >>> policy_value(cost=6000, at_risk=20, clv=1500, kept=0.25)
    {'saved': 5.0, 'value_saved': 7500.0, 'net': 1500.0, 'break_even_kept': 0.2}
    >>> policy_value(cost=0, at_risk=0, clv=0, kept=0, direct=800)["break_even_kept"]
    0.0
    """
    cost = check_number(cost, name="cost")
    at_risk = check_number(at_risk, name="at_risk", low=0)
    clv = check_number(clv, name="clv")
    kept = check_number(kept, name="kept", low=0, high=1)
    direct = check_number(direct, name="direct")
    saved = kept * at_risk
    value_saved = saved * clv
    return {"saved": round(saved, 9), "value_saved": round(value_saved, 9),
            "net": round(direct + value_saved - cost, 9),
            "break_even_kept": _break_even_kept(cost - direct, at_risk * clv)}


def _break_even_kept(need: float, value_at_risk: float) -> float:
    """The share kept at which the saved value pays ``need`` (0 if nothing is needed)."""
    if need <= 0:
        return 0.0
    if value_at_risk <= 0:
        return float("inf")
    return round(need / value_at_risk, 12)


def compare_policies(policies: Mapping, *, kept: Mapping | None = None):
    """Several policies side by side, one row each, in the order given.

    Parameters
    ----------
    policies : mapping of str to mapping
        Policy name -> ``{"cost", "at_risk", "clv", "kept"}`` and optionally ``"direct"``
        (see :func:`policy_value`).
    kept : mapping of str to float, optional
        Shares kept that replace the policies' own (what an explorer's sliders change).

    Returns
    -------
    pandas.DataFrame
        Index ``policy``; columns ``direct``, ``cost``, ``at_risk``, ``clv``, ``kept``,
        ``saved``, ``value_saved``, ``net``, ``break_even_kept``.

    Examples
    --------
    >>> t = compare_policies({"perk": {"cost": 6000, "at_risk": 20, "clv": 1500, "kept": 0.25},
    ...                       "no discount": {"cost": 0, "at_risk": 0, "clv": 0, "kept": 0,
    ...                                       "direct": 900}})
    >>> t[["kept", "saved", "net", "break_even_kept"]]  # doctest: +NORMALIZE_WHITESPACE
                 kept  saved     net  break_even_kept
    policy
    perk         0.25    5.0  1500.0              0.2
    no discount  0.00    0.0   900.0              0.0
    >>> compare_policies({"perk": {"cost": 6000, "at_risk": 20, "clv": 1500, "kept": 0.25}},
    ...                  kept={"perk": 0.1})["net"].tolist()
    [-3000.0]
    """
    import pandas as pd

    if not isinstance(policies, Mapping) or not policies:
        raise CRMLabError(
            "policies must be a non-empty mapping such as {'perk': {'cost': 6000, 'at_risk': 20, "
            f"'clv': 1500, 'kept': 0.25}}}}; got {type(policies).__name__}."
        )
    kept = {} if kept is None else dict(kept)
    unknown = [k for k in kept if k not in policies]
    if unknown:
        raise CRMLabError(
            f"kept names the policy {unknown[0]!r}, which is not one of {list(policies)}."
        )
    rows = []
    for name, spec in policies.items():
        if not isinstance(spec, Mapping):
            raise CRMLabError(f"policy {name!r} must be a mapping of numbers; got "
                              f"{type(spec).__name__}.")
        missing = [k for k in _KEYS if k not in spec]
        if missing:
            raise CRMLabError(
                f"policy {name!r} has no {missing[0]!r}; each policy needs {list(_KEYS)} "
                "(and may have 'direct')."
            )
        args = {k: spec[k] for k in _KEYS}
        args["direct"] = spec.get("direct", 0.0)
        if name in kept:
            args["kept"] = kept[name]
        rows.append({"policy": name, **{k: float(args[k]) for k in ("direct", *_KEYS)},
                     **policy_value(**args)})
    out = pd.DataFrame(rows).set_index("policy")
    return out[["direct", "cost", "at_risk", "clv", "kept", "saved", "value_saved", "net",
                "break_even_kept"]]
