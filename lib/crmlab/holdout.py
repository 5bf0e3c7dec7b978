"""What an offer adds: effects measured against a hold-out group (campaigns, win-back, retention).

A campaign's responders include people who would have bought anyway. A **hold-out group**
(对照组) is a random part of the target group that is *not* contacted; whatever it does in the
same window is what would have happened without the offer. The difference is the offer's own
effect:

* :func:`incremental_rate`: contacted rate minus hold-out rate, with a confidence interval;
* :func:`marketing_roi`: return on marketing investment of each campaign, counting only the
  revenue the hold-out says the campaign added, times the margin;
* :func:`by_cell`: Hughes's test cells: a sample of each cell (an RFM score, a segment) split
  into offer and hold-out, before rolling the offer out;
* :func:`break_even_response_rate` and :func:`cost_per_customer_kept`: the two divisions that turn
  a measured effect into a decision.
"""

from __future__ import annotations

from ._validate import (check_bool, check_frame, check_ids, check_no_duplicates, check_number,
                        check_numeric)
from .errors import CRMLabError

__all__ = ["incremental_rate", "marketing_roi", "by_cell", "break_even_response_rate",
           "cost_per_customer_kept"]


def _count(value, name):
    return check_number(value, name=name, low=0, integer=True)


def _check_group(y: int, n: int, what: str) -> None:
    """``y`` responders counted among a group of ``n`` people (at least 1)."""
    if n == 0:
        raise CRMLabError(f"{what} are counted in a group of 0 people; each group needs at "
                          "least 1 person to give a rate.")
    if y > n:
        raise CRMLabError(f"{what} is {y}, more than the {n} people in its group; responders "
                          "are counted among the group.")


def incremental_rate(responders: int, contacted: int, holdout_responders: int, holdout: int, *,
                     confidence: float = 0.95) -> dict:
    """Response of the contacted minus that of the hold-out, with a normal-approximation interval.

    ``rate = responders / contacted``, ``holdout_rate = holdout_responders / holdout``,
    ``incremental = rate - holdout_rate`` and ``extra = incremental x contacted`` (responses the
    offer itself brought). The interval is ``incremental +- z se`` with
    ``se = sqrt(p1 (1 - p1) / n1 + p0 (1 - p0) / n0)``: small groups give wide intervals.

    Examples
    --------
    >>> r = incremental_rate(60, 1000, 20, 500)
    >>> r["rate"], r["holdout_rate"], r["incremental"], r["extra"]
    (0.06, 0.04, 0.02, 20.0)
    >>> round(r["low"], 4), round(r["high"], 4)
    (-0.0026, 0.0426)
    """
    from statistics import NormalDist

    n1, n0 = _count(contacted, "contacted"), _count(holdout, "holdout")
    y1, y0 = _count(responders, "responders"), _count(holdout_responders, "holdout_responders")
    for y, n, what in ((y1, n1, "responders"), (y0, n0, "holdout_responders")):
        _check_group(y, n, what)
    level = check_number(confidence, name="confidence", low=0, high=1, low_open=True,
                         high_open=True)
    p1, p0 = y1 / n1, y0 / n0
    se = (p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0) ** 0.5
    z = NormalDist().inv_cdf(0.5 + level / 2)
    diff = round(p1 - p0, 12)
    return {"rate": p1, "holdout_rate": p0, "incremental": diff, "se": se,
            "low": diff - z * se, "high": diff + z * se, "extra": round(diff * n1, 9)}


def marketing_roi(campaigns, *, margin: float, campaign: str = "campaign_id", cost: str = "cost",
                  revenue: str = "revenue", contacts: str = "contacts",
                  responses: str = "responses", holdout: str = "holdout",
                  holdout_responses: str = "holdout_responses",
                  holdout_revenue: str = "holdout_revenue"):
    """Return on marketing investment of each campaign, measured against its hold-out group.

    ``baseline_revenue = contacts x holdout_revenue / holdout`` is what the contacted people would
    have bought anyway; ``incremental_revenue = revenue - baseline_revenue``;
    ``incremental_margin = margin x incremental_revenue`` and
    ``marketing_roi = (incremental_margin - cost) / cost``: below 0 the campaign did not earn back
    its cost. ``revenue_roi = (revenue - cost) / cost`` is beside it for comparison; it breaks
    even only above ``1 / margin - 1`` even before the hold-out is subtracted.

    Returns
    -------
    DataFrame
        ``campaign``, ``cost``, ``revenue``, ``response_rate``, ``holdout_rate``,
        ``incremental_rate``, ``baseline_revenue``, ``incremental_revenue``,
        ``incremental_margin``, ``revenue_roi``, ``marketing_roi``, in the input order.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"campaign_id": ["A"], "cost": [100.0], "revenue": [1000.0],
    ...                    "contacts": [1000], "responses": [50], "holdout": [200],
    ...                    "holdout_responses": [6], "holdout_revenue": [120.0]})
    >>> t = marketing_roi(df, margin=0.3)
    >>> t[["baseline_revenue", "incremental_revenue", "revenue_roi", "marketing_roi"]]
       baseline_revenue  incremental_revenue  revenue_roi  marketing_roi
    0             600.0                400.0          9.0            0.2
    """
    import pandas as pd

    m = check_number(margin, name="margin", low=0, high=1, low_open=True)
    cols = [campaign, cost, revenue, contacts, responses, holdout, holdout_responses,
            holdout_revenue]
    check_frame(campaigns, name="campaigns", columns=cols)
    check_ids(campaigns, campaign, name="campaigns")
    check_no_duplicates(campaigns, [campaign], name="campaigns")
    for col in cols[1:]:
        check_numeric(campaigns, col, name="campaigns", nonnegative=True)
    df = campaigns[cols].reset_index(drop=True)
    for col, what in ((cost, "cost"), (contacts, "contacts"), (holdout, "hold-out size")):
        if (df[col] == 0).any():
            bad = df.loc[(df[col] == 0).idxmax(), campaign]
            raise CRMLabError(f"campaign {bad!r} has {what} 0 (column {col!r}); marketing ROI "
                              "needs a cost, contacts and a hold-out group above 0.")
    out = pd.DataFrame({campaign: df[campaign], "cost": df[cost], "revenue": df[revenue]})
    out["response_rate"] = df[responses] / df[contacts]
    out["holdout_rate"] = df[holdout_responses] / df[holdout]
    out["incremental_rate"] = out["response_rate"] - out["holdout_rate"]
    out["baseline_revenue"] = df[contacts] * df[holdout_revenue] / df[holdout]
    out["incremental_revenue"] = df[revenue] - out["baseline_revenue"]
    out["incremental_margin"] = m * out["incremental_revenue"]
    out["revenue_roi"] = (df[revenue] - df[cost]) / df[cost]
    out["marketing_roi"] = (out["incremental_margin"] - df[cost]) / df[cost]
    out.attrs.update(margin=m, break_even_revenue_roi=1 / m - 1)
    return out


def by_cell(test, *, cell: str, group: str = "group", outcome: str = "bought",
               value: str | None = None, offer: str = "offer", control: str = "holdout"):
    """Response of the offer and the hold-out group in each test cell, and their difference.

    ``test`` has one row per customer in the test: the ``cell`` (e.g. an R score), the ``group``
    (``offer`` or ``holdout``) and a True/False ``outcome``. Per cell: people and ``rate`` in each
    group, ``incremental = offer_rate - holdout_rate`` and, with ``value`` (e.g. spend in the
    window), ``value_per_responder``: the mean value of the offer group's responders.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"cell": [1, 1, 1, 1, 2, 2, 2, 2],
    ...                   "group": ["offer", "offer", "holdout", "holdout"] * 2,
    ...                   "bought": [True, True, True, False, True, False, False, False]})
    >>> by_cell(t, cell="cell")
          offer_n  holdout_n  offer_rate  holdout_rate  incremental
    cell
    1           2          2         1.0           0.5          0.5
    2           2          2         0.5           0.0          0.5
    """
    cols = [cell, group, outcome] + ([value] if value is not None else [])
    check_frame(test, name="test", columns=cols)
    bought = check_bool(test[outcome], name=f"test column {outcome!r}")
    labels = set(test[group].astype(str).unique())
    if labels - {offer, control} or not {offer, control} <= labels:
        raise CRMLabError(f"test column {group!r} must hold the two groups {offer!r} and "
                          f"{control!r}; got {sorted(labels)}.")
    if value is not None:
        check_numeric(test, value, name="test", nonnegative=True)
    frame = test.assign(_y=bought.to_numpy())
    arm = frame[group].astype(str)
    grouped = {name: frame[arm == name].groupby(cell, observed=True)["_y"]
               for name in (offer, control)}
    out = grouped[offer].size().rename("offer_n").to_frame()
    out["holdout_n"] = grouped[control].size()
    out["offer_rate"] = grouped[offer].mean()
    out["holdout_rate"] = grouped[control].mean()
    if out[["offer_n", "holdout_n"]].isna().any().any():
        raise CRMLabError("every cell needs customers in both groups; at least one cell has "
                          "none in one group. Merge small cells first.")
    out = out.astype({"offer_n": "int64", "holdout_n": "int64"})
    out["incremental"] = out["offer_rate"] - out["holdout_rate"]
    if value is not None:
        responders = frame[(arm == offer) & frame["_y"]]
        out["value_per_responder"] = responders.groupby(cell, observed=True)[value].mean()
    return out


def break_even_response_rate(cost_per_contact: float, margin_per_response: float) -> float:
    """Hughes's break-even response rate: ``cost per contact / margin per response``.

    A cell is worth rolling out to when the response the offer *adds* (offer rate minus
    hold-out rate) is above this rate.

    Examples
    --------
    >>> break_even_response_rate(3.0, 60.0)
    0.05
    """
    c = check_number(cost_per_contact, name="cost_per_contact", low=0)
    v = check_number(margin_per_response, name="margin_per_response", low=0, low_open=True)
    return round(c / v, 12)


def cost_per_customer_kept(spend: float, extra_kept: float) -> float:
    """Retention spend divided by the customers it kept who would otherwise have left.

    ``extra_kept`` comes from a hold-out (e.g. :func:`incremental_rate`'s ``extra``): the
    spend goes to everyone targeted, but only the extra customers count.

    Examples
    --------
    >>> cost_per_customer_kept(3000.0, 20)
    150.0
    """
    s = check_number(spend, name="spend", low=0)
    k = check_number(extra_kept, name="extra_kept", low=0, low_open=True)
    return round(s / k, 9)
