"""Marketing analyses of a CRM system: who the customers are, what each campaign returned, and
which products are bought together (C04-C06).

* :func:`target_profile`: the share of customers in each group (industry, region, age band);
* :func:`campaign_roi`: revenue and margin return on each campaign's cost, and its response
  rate (the campaign's own effect needs a hold-out: :mod:`crmlab.holdout`);
* :func:`cross_sell_pairs`: support, confidence and lift of every pair of items in the baskets.

Sales (:mod:`crmlab.sales`) and service (:mod:`crmlab.service`) are the other two functions of
a CRM system; :mod:`crmlab.customer_view` joins what the three know about each customer.
"""

from __future__ import annotations

from ._validate import (check_frame, check_ids, check_no_duplicates, check_number, check_numeric,
                        check_rate)
from .errors import CRMLabError

__all__ = ["target_profile", "campaign_roi", "cross_sell_pairs"]


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


def campaign_roi(campaigns, *, margin: float | None = None, campaign="campaign_id", cost="cost",
                 revenue="revenue", contacts="contacts", responses="responses"):
    """Revenue return on each campaign's cost, its margin return, and the response rate.

    ``revenue_roi = (revenue - cost) / cost``: 1.27 means every yuan spent brought back 2.27
    yuan of *revenue*, not of profit, since the goods sold cost money too. With ``margin`` (the
    gross margin, a fraction), ``gross_margin = margin x revenue`` and
    ``margin_roi = (gross_margin - cost) / cost``: the campaign earns back its cost only when
    ``revenue_roi > 1 / margin - 1`` (stored in ``attrs["break_even_revenue_roi"]``). Both count
    every responder's revenue, including people who would have bought anyway; measure the
    campaign's own effect with a hold-out group (:func:`crmlab.holdout.marketing_roi`).
    ``response_rate = responses / contacts``.

    Parameters
    ----------
    campaigns : DataFrame
        One row per campaign.
    margin : float, optional
        Gross margin on the revenue, in (0, 1]; adds ``gross_margin`` and ``margin_roi``.
    campaign, cost, revenue : str
        Column names: campaign id, total cost and revenue (yuan, both 0 or more; cost above 0).
    contacts, responses : str or None
        Column names of people reached and people who responded; ``None`` skips the rate.

    Returns
    -------
    DataFrame
        ``campaign``, ``cost``, ``revenue``, ``revenue_less_cost``, ``revenue_roi`` (and
        ``gross_margin``, ``margin_roi``; ``contacts``, ``responses``, ``response_rate``), in the
        input order.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"campaign_id": ["A", "B"], "cost": [100.0, 200.0],
    ...                    "revenue": [250.0, 150.0], "contacts": [1000, 400],
    ...                    "responses": [20, 10]})
    >>> campaign_roi(df)[["campaign_id", "revenue_roi", "response_rate"]]
      campaign_id  revenue_roi  response_rate
    0           A         1.50          0.020
    1           B        -0.25          0.025
    >>> t = campaign_roi(df, margin=0.4)
    >>> t["margin_roi"].tolist(), t.attrs["break_even_revenue_roi"]
    ([0.0, -0.7], 1.5)
    """
    rate = contacts is not None and responses is not None
    cols = [campaign, cost, revenue] + ([contacts, responses] if rate else [])
    check_frame(campaigns, name="campaigns", columns=cols)
    check_ids(campaigns, campaign, name="campaigns")
    check_no_duplicates(campaigns, [campaign], name="campaigns")
    for col in cols[1:]:
        check_numeric(campaigns, col, name="campaigns", nonnegative=True)
    m = None if margin is None else check_number(margin, name="margin", low=0, high=1,
                                                 low_open=True)
    out = campaigns[cols].copy().reset_index(drop=True)
    zero = out[cost] == 0
    if zero.any():
        raise CRMLabError(
            f"campaigns column {cost!r} is 0 for campaign {out.loc[zero.idxmax(), campaign]!r}; "
            "ROI = (revenue - cost) / cost is undefined without a cost. "
            "Give every campaign its cost above 0 or leave it out."
        )
    out["revenue_less_cost"] = out[revenue] - out[cost]
    out["revenue_roi"] = out["revenue_less_cost"] / out[cost]
    if m is not None:
        out["gross_margin"] = m * out[revenue]
        out["margin_roi"] = ((out["gross_margin"] - out[cost]) / out[cost]).round(12)
        out.attrs["break_even_revenue_roi"] = round(1 / m - 1, 12)
    if rate:
        over = out[responses] > out[contacts]
        if over.any():
            row = out.loc[over.idxmax()]
            raise CRMLabError(
                f"campaign {row[campaign]!r} has {row[responses]:g} responses but "
                f"only {row[contacts]:g} contacts; responses cannot exceed contacts."
            )
        if (out[contacts] == 0).any():
            bad = out.loc[(out[contacts] == 0).idxmax(), campaign]
            raise CRMLabError(
                f"campaign {bad!r} has 0 contacts; the response rate = responses / "
                "contacts needs at least 1 contact (or pass contacts=None)."
            )
        out["response_rate"] = out[responses] / out[contacts]
    return out


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
        raise CRMLabError(
            f"baskets column {item!r} has {int(baskets[item].isna().sum())} "
            "missing item(s); drop those rows first."
        )
    items = baskets[item].astype(str)
    names = sorted(items.unique())
    if len(names) < 2:
        raise CRMLabError(
            f"baskets column {item!r} holds only {names!r}; pairs need at least 2 different items."
        )
    codes = pd.Categorical(items, categories=names).codes
    rows = pd.factorize(baskets[basket])[0]
    has = np.zeros((rows.max() + 1, len(names)), dtype=np.int64)
    has[rows, codes] = 1
    n = len(has)
    together = has.T @ has
    single = np.diag(together).astype(float)
    a, b = np.triu_indices(len(names), k=1)
    n_ab = together[a, b].astype(float)
    out = pd.DataFrame(
        {
            "item_a": np.array(names)[a],
            "item_b": np.array(names)[b],
            "baskets": n_ab.astype("int64"),
            "support": n_ab / n,
            "confidence_a_to_b": n_ab / single[a],
            "confidence_b_to_a": n_ab / single[b],
            "lift": n_ab * n / (single[a] * single[b]),
        }
    )
    out = out[out["support"] >= min_support]
    return out.sort_values("lift", ascending=False, kind="stable").reset_index(drop=True)
