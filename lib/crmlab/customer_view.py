"""The single customer view: one row per customer from what marketing, sales and service know.

Each department writes customer ids its own way ("C00042", 42, "c-42 "); :func:`harmonise_ids`
puts them on one integer key, and :func:`single_customer_view` joins the three tables on it.
"""

from __future__ import annotations

import numbers

from ._validate import check_frame, check_no_duplicates, check_numeric
from .errors import CRMLabError

__all__ = ["harmonise_ids", "single_customer_view"]


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
