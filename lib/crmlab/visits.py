"""Visiting key accounts: who is due to order, a week's visit plan, and the visit checklist
(C41-C43).

The seed's advice (S2, "On maintaining customers") is to spend time on the accounts most likely to
order soon (C41), and to visit by a method: 3 preparations, 3 must-discuss topics, 3 must-go
places, 3 disciplines and a report afterwards (C42-C43). Here that becomes three steps:

1. :func:`next_order_ranking`: each account's expected next order = last order + its median gap
   between orders (:func:`crmlab.repurchase.next_purchase_dates`), sorted by how soon it comes;
2. :func:`visit_plan`: the accounts worth visiting in a week under a budget of hours, each with
   its travel and visit time (:func:`visit_hours`), chosen by a knapsack (or, to compare, greedily);
3. :func:`visit_checklist`: the method's checklist for one account, filled in from its data.

Examples
--------
>>> import crmlab as crm
>>> ranking = next_order_ranking(crm.data.load("key_account_orders"), as_of="2025-12-31",
...                              accounts=crm.data.load("key_accounts"))
>>> ranking[["customer_id", "expected_next", "days_until", "tier"]].head(3)
  customer_id expected_next  days_until tier
0      KA0056    2025-12-20         -11    C
1      KA0167    2025-12-20         -11    C
2      KA0236    2025-12-22          -9    C
>>> hours = visit_hours(ranking, base_city="Shanghai")
>>> plan = visit_plan(ranking, hours=hours, week_start="2026-01-05", budget_hours=40)
>>> plan[["day", "customer_id", "hours", "value"]].head(2)
   day customer_id  hours     value
0    1      KA0047    3.0  59081.51
1    1      KA0230    6.0  68314.55
"""

from __future__ import annotations

from ._validate import check_choice, check_dates, check_frame, check_number, check_timestamp
from .errors import CRMLabError
from .repurchase import next_purchase_dates
from .language import tr

__all__ = ["next_order_ranking", "visit_hours", "visit_plan", "visit_checklist"]


def next_order_ranking(orders, *, as_of, accounts=None, customer: str = "customer_id",
                       date: str = "date", amount: str = "amount"):
    """Accounts ranked by how soon each is expected to order again, overdue ones first.

    ``expected_next = last order + median gap`` between the account's own order days (an account
    with a single order borrows the median over all accounts); ``days_until = expected_next -
    as_of`` in days (negative: overdue); ``typical_order`` = the median order amount. With
    ``accounts``, its other columns (name, city, tier, ...) are joined on.

    Returns
    -------
    DataFrame
        ``customer``, ``orders``, ``last``, ``median_gap``, ``expected_next``, ``days_until``,
        ``typical_order``, ``rank`` (1 = soonest), then the columns of ``accounts``.
    """
    import numpy as np

    check_frame(orders, name="orders", columns=[customer, date, amount])
    check_dates(orders, date, name="orders")
    day = check_timestamp(as_of, name="as_of", not_before=orders[date].max(),
                          data_name=f"orders column {date!r}")
    due = next_purchase_dates(orders.assign(_what="orders"), customer=customer, date=date,
                              category="_what")
    out = due.drop(columns=["_what", "basis"]).rename(columns={"purchases": "orders"})
    out["expected_next"] = out["expected_next"].dt.floor("D")  # a half-day gap rounds down
    out["days_until"] = (out["expected_next"] - day).dt.days.astype("int64")
    typical = orders.groupby(customer)[amount].median()
    out["typical_order"] = out[customer].map(typical).round(2)
    out = out.sort_values(["expected_next", customer], kind="stable", ignore_index=True)
    out["rank"] = np.arange(1, len(out) + 1)
    if accounts is not None:
        check_frame(accounts, name="accounts", columns=[customer])
        out = out.merge(accounts, on=customer, how="left", validate="one_to_one")
    return out


def _check_trip(accounts, base_city, city: str, region: str, **hours) -> None:
    """The accounts have ``city`` and ``region``, the base is one of their cities, and every
    time in ``hours`` is 0 or more."""
    check_frame(accounts, name="accounts", columns=[city, region])
    if base_city not in set(accounts[city]):
        raise CRMLabError(f"base_city {base_city!r} is not a city of the accounts; choose one "
                          f"of {sorted(set(accounts[city]))}.")
    for name, v in hours.items():
        check_number(v, name=name, low=0)


def visit_hours(accounts, *, base_city: str, on_site: float = 2.0, same_city: float = 1.0,
                same_region: float = 4.0, other_region: float = 8.0, city: str = "city",
                region: str = "region"):
    """Hours one visit costs: time on site plus a round trip from ``base_city`` by distance band.

    ``hours = on_site + same_city | same_region | other_region`` (a rough travel model: a
    cross-town drive, a train within the region, a flight or a day's train elsewhere).

    >>> import pandas as pd
    >>> a = pd.DataFrame({"city": ["Wuhan", "Changsha", "Beijing"],
    ...                   "region": ["Central", "Central", "North"]})
    >>> visit_hours(a, base_city="Wuhan").tolist()
    [3.0, 6.0, 10.0]
    """
    import numpy as np
    import pandas as pd

    _check_trip(accounts, base_city, city, region, on_site=on_site, same_city=same_city,
                same_region=same_region, other_region=other_region)
    home = accounts.loc[accounts[city] == base_city, region].iloc[0]
    travel = np.where(accounts[city] == base_city, same_city,
                      np.where(accounts[region] == home, same_region, other_region))
    return pd.Series((on_site + travel).astype("float64"), index=accounts.index, name="hours")


def _knapsack(values, costs, budget):
    """Exact 0/1 knapsack by dynamic programming over whole cost units: indices chosen."""
    import numpy as np

    n = len(values)
    best = np.zeros((n + 1, budget + 1))
    for i in range(n):
        best[i + 1] = best[i]
        c = costs[i]
        if c <= budget:
            best[i + 1, c:] = np.maximum(best[i, c:], best[i, :budget + 1 - c] + values[i])
    chosen, room = [], budget
    for i in range(n, 0, -1):
        if best[i, room] != best[i - 1, room]:
            chosen.append(i - 1)
            room -= costs[i - 1]
    return sorted(chosen)


def visit_plan(ranking, *, hours, week_start, budget_hours: float = 40.0, lead_days: int = 7,
               method: str = "knapsack", days: int = 5, value: str = "typical_order"):
    """A week's visits: the accounts due soon worth the most, within ``budget_hours``.

    Eligible: accounts whose ``expected_next`` falls before ``week_start + days + lead_days``
    (overdue, due this week, or due soon after: visit before the order is placed). Among them
    the plan maximises the total ``value`` (by default the typical order, in yuan) of the
    accounts visited, subject to the sum of their ``hours`` <= ``budget_hours``:

    * ``method="knapsack"``: the exact best choice (0/1 knapsack, hours in half-hour units);
    * ``method="greedy"``: go down the accounts by value per hour, taking each that still fits
      (quick and often close, but it can miss the best combination).

    Chosen visits are ordered by ``expected_next`` and laid out day by day, ``budget_hours /
    days`` hours a day (a visit belongs to the day its hours start). The value of a visit is an
    assumption, not a measured effect: whether visits raise orders is for a hold-out test.

    Returns one row per visit: ``day`` (1-``days``), ``date``, ``customer_id``,
    ``expected_next``, ``hours``, ``value``; ``attrs`` holds ``eligible`` (accounts due),
    ``hours`` and ``value`` (totals) and ``method``.
    """
    import numpy as np
    import pandas as pd

    check_frame(ranking, name="ranking", columns=["customer_id", "expected_next", value])
    check_choice(method, name="method", choices=["knapsack", "greedy"])
    start = check_timestamp(week_start, name="week_start")
    budget = check_number(budget_hours, name="budget_hours", low=0, low_open=True)
    lead_days = check_number(lead_days, name="lead_days", low=0, integer=True)
    days = check_number(days, name="days", low=1, high=7, integer=True)
    try:
        hours = pd.Series(np.asarray(hours, dtype="float64").ravel())
    except (TypeError, ValueError):
        hours = pd.Series([np.nan])
    if len(hours) != len(ranking) or hours.isna().any() or (hours <= 0).any():
        raise CRMLabError(f"hours must give a positive number of hours for each of the "
                          f"{len(ranking)} accounts of the ranking; got {len(hours)} values.")
    cand = ranking.assign(hours=hours.to_numpy(dtype="float64"))
    cand = cand[cand["expected_next"] < start + pd.Timedelta(days=days + lead_days)]
    units = np.ceil(cand["hours"].to_numpy() * 2).astype(int)
    vals = cand[value].to_numpy(dtype="float64")
    if method == "knapsack":
        pick = _knapsack(vals, units, int(np.floor(budget * 2)))
    else:
        pick, room = [], int(np.floor(budget * 2))
        for i in np.argsort(-vals / units, kind="stable"):
            if units[i] <= room:
                pick.append(int(i))
                room -= units[i]
        pick.sort()
    plan = cand.iloc[pick].sort_values(["expected_next", "customer_id"], kind="stable")
    used = plan["hours"].cumsum() - plan["hours"]
    day = np.minimum((used // (budget / days)).astype(int) + 1, days)
    out = pd.DataFrame({"day": day.to_numpy(), "date": start + pd.to_timedelta(day - 1, unit="D"),
                        "customer_id": plan["customer_id"].to_numpy(),
                        "expected_next": plan["expected_next"].to_numpy(),
                        "hours": plan["hours"].to_numpy(), "value": plan[value].to_numpy()})
    out.attrs.update(eligible=len(cand), hours=float(out["hours"].sum()),
                     value=float(out["value"].sum()), method=method)
    return out.reset_index(drop=True)


def _last(df, col):
    return df[col].iloc[-1] if len(df) else None


def visit_checklist(customer_id: str, *, accounts, orders, visits, as_of):
    """The visit method (C42-C43) as a checklist for one account, filled in from its data.

    Sections: 3 preparations, 3 must-discuss, 3 must-go, 3 disciplines, the report afterwards.
    Notes come from the account's orders (recent sales, the trend against the 90 days before,
    the expected next order) and its visit log (what the last visit left out, the last product
    training, whether a report was written). Text is in the display language.

    Returns
    -------
    DataFrame
        ``section``, ``item`` (1-3), ``task`` and ``from_data``, 15 rows.
    """
    import pandas as pd

    check_frame(accounts, name="accounts", columns=["customer_id", "name", "city"])
    check_frame(orders, name="orders", columns=["customer_id", "date", "amount"])
    check_frame(visits, name="visits", columns=["customer_id", "date", "purpose", "discussed",
                                                 "visited", "report_written"], min_rows=0)
    if customer_id not in set(accounts["customer_id"]):
        raise CRMLabError(f"customer_id {customer_id!r} is not in accounts; e.g. "
                          f"{accounts['customer_id'].iloc[0]!r}.")
    day = check_timestamp(as_of, name="as_of")
    acc = accounts.set_index("customer_id").loc[customer_id]
    mine = orders[(orders["customer_id"] == customer_id) & (orders["date"] <= day)]
    if mine.empty:
        raise CRMLabError(f"account {customer_id!r} has no orders on or before {day.date()}; "
                          "a checklist is built from its order history.")
    seen = visits[(visits["customer_id"] == customer_id) & (visits["date"] <= day)]
    seen = seen.sort_values("date", kind="stable")
    rank = next_order_ranking(mine, as_of=day).iloc[0]
    recent = mine[mine["date"] > day - pd.Timedelta(days=90)]
    before = mine[(mine["date"] <= day - pd.Timedelta(days=90)) &
                  (mine["date"] > day - pd.Timedelta(days=180))]
    change = ((recent["amount"].sum() / before["amount"].sum() - 1) if before["amount"].sum()
              else 0.0)
    nxt = rank["expected_next"].date().isoformat()
    if rank["days_until"] < 0:
        purpose = tr("problem solving: the expected order ({date}) is {days} days overdue; "
                     "find out why", date=nxt, days=-int(rank["days_until"]))
    else:
        purpose = tr("market status and cooperation: next order expected around {date}", date=nxt)
    last = seen.iloc[-1] if len(seen) else None
    gaps = [] if last is None else [name for name, col in ((tr("discussion"), "discussed"),
                                                           (tr("places"), "visited"))
                                    if last[col] < 3]
    follow = (tr("no earlier visit on record") if last is None else
              tr("last visit {date}: complete", date=last["date"].date().isoformat()) if not gaps
              else tr("last visit {date} left out some {gaps}: follow up",
                      date=last["date"].date().isoformat(), gaps=", ".join(gaps)))
    training = seen[seen["purpose"] == "product training"]
    trained = (tr("last product training {date}", date=training["date"].iloc[-1].date()
                  .isoformat()) if len(training)
               else tr("no product training on record: offer one"))
    report = (tr("no earlier visit on record") if last is None else
              tr("a report was written after the last visit") if bool(last["report_written"])
              else tr("no report after the last visit: write this one the same day"))
    rows = [
        ("preparations", tr("Purpose of the visit"), purpose),
        ("preparations", tr("Book time and place by phone"),
         tr("{name}, {city}; tell the area's other accounts when you arrive", name=acc["name"],
            city=acc["city"])),
        ("preparations", tr("Recent sales records and materials"),
         tr("{n} orders worth {amount:,.0f} yuan in the last 90 days ({change:+.0%} on the 90 days "
            "before); last order {last}", n=len(recent), amount=recent["amount"].sum(),
            change=change, last=mine["date"].max().date().isoformat())),
        ("must-discuss", tr("Sales status and outlook"),
         tr("typical order {typical:,.0f} yuan every {gap:.0f} days; next expected {date}",
            typical=rank["typical_order"], gap=rank["median_gap"], date=nxt)),
        ("must-discuss", tr("Market trends and competitors"),
         tr("how the market receives the product; what rivals offer")),
        ("must-discuss", tr("Current problems and solutions"), follow),
        ("must-go", tr("The market"), tr("see the product where it is sold in {city}",
                                          city=acc["city"])),
        ("must-go", tr("The channel's product flow"),
         tr("where the stock goes after this account")),
        ("must-go", tr("The customer's staff"), trained),
        ("disciplines", tr("Plan cleared with your superior"), tr("before you leave")),
        ("disciplines", tr("Report to your superior every day"), tr("at least once a day")),
        ("disciplines", tr("No promises beyond policy"),
         tr("discounts and terms only as approved")),
        ("report", tr("Market assessment report"),
         tr("goals, problems and solutions for {name}", name=acc["name"])),
        ("report", tr("Send it the same day"), report),
        ("report", tr("Update the customer database"),
         tr("new contacts, orders expected, complaints")),
    ]
    out = pd.DataFrame(rows, columns=["section", "task", "from_data"])
    out.insert(1, "item", out.groupby("section", sort=False).cumcount() + 1)
    out["section"] = out["section"].map({
        "preparations": tr("3 preparations"), "must-discuss": tr("3 must-discuss"),
        "must-go": tr("3 must-go"), "disciplines": tr("3 disciplines"),
        "report": tr("Report afterwards")})
    return out
