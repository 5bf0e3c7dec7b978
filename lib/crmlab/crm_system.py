"""The three functions of a CRM system (marketing, sales, service), each as one analysis.

Marketing: :func:`target_profile` (who the customers are) and :func:`campaign_roi` (what each
campaign returned). Sales: :func:`pipeline_conversion` (how many deals reach each stage).
Service: :func:`escalate_overdue` (which open requests broke their service level). The single
customer view, :func:`single_customer_view`, joins what the three departments know once
:func:`harmonise_ids` has put their differently written customer ids on one key; and
:func:`cross_sell_pairs` finds the product categories bought together (support, confidence, lift).

Examples
--------
>>> import pandas as pd
>>> deals = pd.DataFrame({"stage": ["leads", "contacts", "orders", "payments"]})
>>> pipeline_conversion(deals)["reached"].tolist()
[4, 3, 2, 2, 1]
"""

from __future__ import annotations

import numbers

from ._validate import (check_dates, check_frame, check_ids,
                        check_no_duplicates, check_numeric, check_rate, check_timestamp)
from .errors import CRMLabError

__all__ = ["STAGES", "SLA_DAYS", "ESCALATION_LEVELS", "target_profile", "campaign_roi",
           "pipeline_conversion", "escalate_overdue", "harmonise_ids", "single_customer_view",
           "cross_sell_pairs"]

#: The sales pipeline, first stage to last.
STAGES = ("leads", "contacts", "opportunities", "orders", "payments")
#: Service level: days allowed to resolve a ticket of each priority.
SLA_DAYS = {"low": 14, "medium": 7, "high": 3, "urgent": 1}
#: Who an overdue ticket is escalated to, by level (0 = not overdue).
ESCALATION_LEVELS = ("none", "team lead", "service manager", "director")


def _names(value, *, name: str) -> list:
    if isinstance(value, str):
        names = [value]
    elif isinstance(value, (list, tuple)):
        names = list(value)
    else:
        names = []
    if not names or not all(isinstance(v, str) for v in names):
        raise CRMLabError(f"{name} must be a column name or a list of column names; got {value!r}.")
    return names


def target_profile(customers, *, by=("industry",), bins: dict | None = None):
    """Share of customers in each group: the target-group profile of marketing.

    ``share = count in group / number of customers``; the shares add up to 1.

    Parameters
    ----------
    customers : DataFrame
        One row per customer.
    by : str or list of str
        Columns to group by (e.g. ``["industry", "region"]``); several give joint groups.
    bins : dict, optional
        Column -> bin edges for numeric columns, e.g. ``{"age": [20, 30, 40, 50, 66]}``:
        ages are cut into bands ``[20, 30)``, ``[30, 40)``, ...

    Returns
    -------
    DataFrame
        The ``by`` columns, ``customers`` (count) and ``share``, largest group first.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"industry": ["IT", "retail", "IT", "IT"], "age": [25, 35, 45, 31]})
    >>> target_profile(df, by="industry")
      industry  customers  share
    0       IT          3   0.75
    1   retail          1   0.25
    >>> target_profile(df, by="age", bins={"age": [20, 30, 50]})["customers"].tolist()
    [3, 1]
    """
    import pandas as pd

    by = _names(by, name="by")
    check_frame(customers, name="customers", columns=by)
    df = customers[by].copy()
    for col, edges in (bins or {}).items():
        if col not in by:
            raise CRMLabError(f"bins names column {col!r}, which is not in by={by!r}; "
                              "bin only the columns you group by.")
        check_numeric(df, col, name="customers")
        try:
            df[col] = pd.cut(df[col], bins=list(edges), right=False)
        except (TypeError, ValueError) as exc:
            raise CRMLabError(f"bins for {col!r} must be increasing numbers such as "
                              f"[20, 30, 40]; got {edges!r} ({exc}).") from None
    for col in by:
        missing = int(df[col].isna().sum())
        if missing:
            raise CRMLabError(f"customers column {col!r} has {missing} missing or out-of-bin "
                              "value(s); every customer needs a group. Fill them, e.g. with "
                              "'unknown', or widen the bins.")
    counts = df.groupby(by, observed=True).size().rename("customers").reset_index()
    counts["share"] = counts["customers"] / len(df)
    return counts.sort_values("customers", ascending=False, kind="stable").reset_index(drop=True)


def campaign_roi(campaigns, *, campaign="campaign_id", cost="cost", revenue="revenue",
                 contacts="contacts", responses="responses"):
    """Return on investment and response rate of each marketing campaign.

    ``roi = (revenue - cost) / cost`` (0.5 means every yuan spent came back with 50 fen
    profit; below 0 the campaign lost money) and ``response_rate = responses / contacts``.

    Parameters
    ----------
    campaigns : DataFrame
        One row per campaign.
    campaign, cost, revenue : str
        Column names: campaign id, total cost and revenue (yuan, both 0 or more; cost above 0).
    contacts, responses : str or None
        Column names of people reached and people who responded; ``None`` skips the rate.

    Returns
    -------
    DataFrame
        ``campaign``, ``cost``, ``revenue``, ``profit``, ``roi`` (and ``contacts``,
        ``responses``, ``response_rate``), in the input order.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"campaign_id": ["A", "B"], "cost": [100.0, 200.0],
    ...                    "revenue": [250.0, 150.0], "contacts": [1000, 400],
    ...                    "responses": [20, 10]})
    >>> campaign_roi(df)[["campaign_id", "roi", "response_rate"]]
      campaign_id   roi  response_rate
    0           A  1.50          0.020
    1           B -0.25          0.025
    """
    rate = contacts is not None and responses is not None
    cols = [campaign, cost, revenue] + ([contacts, responses] if rate else [])
    check_frame(campaigns, name="campaigns", columns=cols)
    check_ids(campaigns, campaign, name="campaigns")
    check_no_duplicates(campaigns, [campaign], name="campaigns")
    for col in cols[1:]:
        check_numeric(campaigns, col, name="campaigns", nonnegative=True)
    out = campaigns[cols].copy().reset_index(drop=True)
    zero = out[cost] == 0
    if zero.any():
        raise CRMLabError(f"campaigns column {cost!r} is 0 for campaign {out.loc[zero.idxmax(), campaign]!r}; "
                          "ROI = (revenue - cost) / cost is undefined without a cost. "
                          "Give every campaign its cost above 0 or leave it out.")
    out["profit"] = out[revenue] - out[cost]
    out["roi"] = out["profit"] / out[cost]
    if rate:
        over = out[responses] > out[contacts]
        if over.any():
            row = out.loc[over.idxmax()]
            raise CRMLabError(f"campaign {row[campaign]!r} has {row[responses]:g} responses but "
                              f"only {row[contacts]:g} contacts; responses cannot exceed contacts.")
        if (out[contacts] == 0).any():
            bad = out.loc[(out[contacts] == 0).idxmax(), campaign]
            raise CRMLabError(f"campaign {bad!r} has 0 contacts; the response rate = responses / "
                              "contacts needs at least 1 contact (or pass contacts=None).")
        out["response_rate"] = out[responses] / out[contacts]
    return out


def _stage_codes(deals, stage: str, stages) -> "object":
    stages = list(stages)
    if len(stages) < 2 or len(set(stages)) != len(stages):
        raise CRMLabError(f"stages must list at least 2 different stages in order; got {stages!r}.")
    check_frame(deals, name="deals", columns=[stage])
    values = deals[stage].astype(object)
    missing = values.isna()
    if missing.any():
        raise CRMLabError(f"deals column {stage!r} has {int(missing.sum())} missing stage(s) "
                          f"(first in row {deals.index[missing.to_numpy().argmax()]!r}); every deal "
                          "has reached at least the first stage.")
    unknown = sorted(set(values) - set(stages), key=str)
    if unknown:
        raise CRMLabError(f"deals column {stage!r} has unknown stage(s) {unknown!r}; valid stages "
                          f"are {stages!r}. Pass stages=[...] for a pipeline of your own.")
    order = {s: i for i, s in enumerate(stages)}
    return values.map(order).to_numpy(dtype=int), stages


def pipeline_conversion(deals, *, stage="stage", stages=STAGES):
    """Deals reaching each pipeline stage, with step and overall conversion rates.

    Each deal records the furthest stage it reached, so it counts for that stage and every
    earlier one. With ``n_k`` the deals reaching stage ``k``:
    ``step_conversion_k = n_k / n_(k-1)`` (1 for the first stage; NaN if ``n_(k-1)`` is 0) and
    ``overall_conversion_k = n_k / n_0``.

    Parameters
    ----------
    deals : DataFrame
        One row per deal.
    stage : str
        Column with the furthest stage reached.
    stages : sequence of str
        The stages in order (default :data:`STAGES`).

    Returns
    -------
    DataFrame
        ``stage``, ``reached``, ``step_conversion``, ``overall_conversion``; one row per stage.

    Examples
    --------
    >>> import pandas as pd
    >>> deals = pd.DataFrame({"stage": ["leads"] * 5 + ["contacts"] * 3 + ["payments"] * 2})
    >>> pipeline_conversion(deals)
               stage  reached  step_conversion  overall_conversion
    0          leads       10              1.0                 1.0
    1       contacts        5              0.5                 0.5
    2  opportunities        2              0.4                 0.2
    3         orders        2              1.0                 0.2
    4       payments        2              1.0                 0.2
    """
    import numpy as np
    import pandas as pd

    codes, stages = _stage_codes(deals, stage, stages)
    at = np.bincount(codes, minlength=len(stages))
    reached = at[::-1].cumsum()[::-1]
    previous = np.concatenate([[reached[0]], reached[:-1]]).astype(float)
    step = np.full(len(stages), np.nan)
    np.divide(reached, previous, out=step, where=previous > 0)
    return pd.DataFrame({"stage": stages, "reached": reached.astype("int64"),
                         "step_conversion": step, "overall_conversion": reached / reached[0]})


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


def harmonise_ids(ids, *, name: str = "ids"):
    """Turn customer ids written in different ways ("C00042", 42, "c-42 ") into one integer.

    The key is the number inside the id: its only run of digits.

    Examples
    --------
    >>> import pandas as pd
    >>> harmonise_ids(pd.Series(["C00042", " c-7", "42"])).tolist()
    [42, 7, 42]
    """
    import pandas as pd

    s = pd.Series(ids)
    if s.isna().any():
        raise CRMLabError(f"{name} has {int(s.isna().sum())} missing customer id(s); every row "
                          "needs one. Drop anonymous rows first.")
    if pd.api.types.is_integer_dtype(s) and not pd.api.types.is_bool_dtype(s):
        return s.astype("int64")
    if not pd.api.types.is_string_dtype(s) or s.dtype == object:
        for value in s.astype(object):
            if isinstance(value, bool) or not isinstance(value, (str, numbers.Integral)):
                raise CRMLabError(f"{name} holds {value!r} ({type(value).__name__}); customer "
                                  "ids must be whole numbers or text such as 'C00042'.")
    text = s.astype(str)
    runs = text.str.count(r"\d+").to_numpy()
    bad = runs != 1
    if bad.any():
        value, count = s.iloc[bad.argmax()], runs[bad.argmax()]
        raise CRMLabError(f"{name} holds customer id {value!r}, which has "
                          f"{'no' if count == 0 else count} number(s) in it; an id needs "
                          "exactly one run of digits, e.g. 'C00042' or 42.")
    return text.str.extract(r"(\d+)", expand=False).astype("int64")


def single_customer_view(marketing, sales, service, *, customer="customer_id", value="value",
                         satisfaction="satisfaction"):
    """Join what marketing, sales and service know into one row per customer.

    Ids are first put on one key with :func:`harmonise_ids` (``customer_key``). Marketing
    gives one profile row per customer; sales deals become ``deals`` (count) and
    ``deal_value`` (sum of ``value``); service tickets become ``tickets`` (count) and
    ``mean_satisfaction`` (mean of the answered scores, NaN if none). Customers known to
    any department appear (an outer join); counts are 0 where a department never met them.

    Examples
    --------
    >>> import pandas as pd
    >>> mk = pd.DataFrame({"customer_id": ["C00001", "C00002"], "region": ["East", "West"]})
    >>> sa = pd.DataFrame({"customer_id": [1, 1, 3], "value": [100.0, 50.0, 20.0]})
    >>> se = pd.DataFrame({"customer_id": ["c00002"], "satisfaction": [4.0]})
    >>> view = single_customer_view(mk, sa, se)
    >>> view[["customer_key", "customer_id", "deals", "deal_value", "tickets"]]
       customer_key customer_id  deals  deal_value  tickets
    0             1      C00001      2       150.0        0
    1             2      C00002      0         0.0        1
    2             3         NaN      1        20.0        0
    >>> view["mean_satisfaction"].tolist()
    [nan, 4.0, nan]
    """
    import pandas as pd

    check_frame(marketing, name="marketing", columns=[customer])
    check_frame(sales, name="sales", columns=[customer, value], min_rows=0)
    check_frame(service, name="service", columns=[customer, satisfaction], min_rows=0)
    check_numeric(sales, value, name="sales")
    check_numeric(service, satisfaction, name="service", allow_nan=True)
    profile = marketing.copy()
    profile.insert(0, "customer_key", harmonise_ids(marketing[customer], name="marketing ids"))
    check_no_duplicates(profile, ["customer_key"], name="marketing")
    deals = pd.DataFrame({"customer_key": harmonise_ids(sales[customer], name="sales ids"),
                          "deal_value": sales[value].astype(float)})
    deals = deals.groupby("customer_key").agg(deals=("deal_value", "size"),
                                              deal_value=("deal_value", "sum"))
    tickets = pd.DataFrame({"customer_key": harmonise_ids(service[customer], name="service ids"),
                            "score": service[satisfaction].astype(float)})
    tickets = tickets.groupby("customer_key").agg(tickets=("score", "size"),
                                                  mean_satisfaction=("score", "mean"))
    view = profile.merge(deals, on="customer_key", how="outer")
    view = view.merge(tickets, on="customer_key", how="outer")
    view[["deals", "tickets"]] = view[["deals", "tickets"]].fillna(0).astype("int64")
    view["deal_value"] = view["deal_value"].fillna(0.0)
    return view.sort_values("customer_key").reset_index(drop=True)


def cross_sell_pairs(baskets, *, basket="basket_id", item="category", min_support=0.0):
    """Support, confidence and lift of every pair of items bought together.

    With ``N`` baskets, ``n_a`` holding item a, ``n_b`` holding item b and ``n_ab`` holding both:
    ``support = n_ab / N``, ``confidence_a_to_b = n_ab / n_a`` (a -> b: the share of a-baskets
    that also hold b), ``confidence_b_to_a = n_ab / n_b`` (b -> a: the share of b-baskets that
    also hold a) and ``lift = support / ((n_a / N) (n_b / N))``; lift above 1 means the pair
    is bought together more often than chance, a cross-selling lead. Lift is symmetric;
    confidence is not. Items are ordered alphabetically, so for ink and printers ``item_a`` is
    ``"ink"`` and ``item_b`` is ``"printers"``: printers -> ink (of the baskets with a printer,
    the share that also hold ink) is ``confidence_b_to_a``.

    Parameters
    ----------
    baskets : DataFrame
        A basket log: one row per item in a basket (repeats count once).
    basket, item : str
        Column names of basket id and item (e.g. product category).
    min_support : float
        Keep pairs with at least this support (0 to 1).

    Returns
    -------
    DataFrame
        ``item_a``, ``item_b`` (a before b alphabetically), ``baskets`` (n_ab), ``support``,
        ``confidence_a_to_b``, ``confidence_b_to_a``, ``lift``; highest lift first.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"basket_id": [1, 1, 2, 2, 3, 4],
    ...                     "category": ["ink", "printers", "ink", "printers", "ink", "paper"]})
    >>> pairs = cross_sell_pairs(log)
    >>> pairs[["item_a", "item_b", "baskets", "support", "lift"]].round(3)
      item_a    item_b  baskets  support   lift
    0    ink  printers        2      0.5  1.333
    1    ink     paper        0      0.0  0.000
    2  paper  printers        0      0.0  0.000

    Ink is in 3 baskets, printers in 2, both in 2: ink -> printers is 2 / 3 and
    printers -> ink is 2 / 2 (every printer basket also holds ink).

    >>> pairs.loc[0, ["confidence_a_to_b", "confidence_b_to_a"]].astype(float).round(3).tolist()
    [0.667, 1.0]
    """
    import numpy as np
    import pandas as pd

    check_frame(baskets, name="baskets", columns=[basket, item])
    check_ids(baskets, basket, name="baskets")
    min_support = check_rate(min_support, name="min_support", allow_one=True)
    if baskets[item].isna().any():
        raise CRMLabError(f"baskets column {item!r} has {int(baskets[item].isna().sum())} "
                          "missing item(s); drop those rows first.")
    items = baskets[item].astype(str)
    names = sorted(items.unique())
    if len(names) < 2:
        raise CRMLabError(f"baskets column {item!r} holds only {names!r}; pairs need at least "
                          "2 different items.")
    codes = pd.Categorical(items, categories=names).codes
    rows = pd.factorize(baskets[basket])[0]
    has = np.zeros((rows.max() + 1, len(names)), dtype=np.int64)
    has[rows, codes] = 1
    n = len(has)
    together = has.T @ has
    single = np.diag(together).astype(float)
    a, b = np.triu_indices(len(names), k=1)
    n_ab = together[a, b].astype(float)
    out = pd.DataFrame({
        "item_a": np.array(names)[a], "item_b": np.array(names)[b],
        "baskets": n_ab.astype("int64"), "support": n_ab / n,
        "confidence_a_to_b": n_ab / single[a], "confidence_b_to_a": n_ab / single[b],
        "lift": n_ab * n / (single[a] * single[b])})
    out = out[out["support"] >= min_support]
    return out.sort_values("lift", ascending=False, kind="stable").reset_index(drop=True)
