"""Hair salon: who makes and who loses money, and why lost customers left (C12, C25).

A salon with about 1,500 customers over two years (2024-2025). Each visit records the
service, its list price, the discount given, the amount paid and the cost to serve it:
stylist time in minutes (valued at a fixed labour cost per minute) and materials in yuan.
Profit of a visit is

    profit = amount - labour_cost - materials_cost,   labour_cost = minutes * rate

and a customer's profit is the sum over their visits. Five planted segments make the
profit mix of C12: loyal regulars (member discount, frequent, premium services) earn most of
the profit; promotion-only customers (they come only in promotion fortnights, for deep
discounts on colour and perm) and frequent complainers (every complaint costs a free
redo) sit in the loss-making tail. Ranked by profit, the best 20 % earn more than all the
profit and the whale curve (cumulative profit over total profit) peaks well above 100 %.

Lost customers (planted ``churn_date``) stop visiting; most of them answer an exit survey
naming one of the ten reasons of C25, drawn with the planted frequencies in
``truth["exit_reason_shares"]``.

Examples
--------
>>> from crmlab.simulate import salon
>>> sim = salon.generate(300, seed=3)
>>> sorted(sim.tables)
['salon_customers', 'salon_exit_survey', 'salon_visits']
>>> sim.truth["whale_peak"] > 1, sim.truth["bottom20_profit_share"] < 0
(True, True)
"""

from __future__ import annotations

import numpy as np

from .._validate import check_seed
from .salon_tables import LABOUR_COST_PER_MINUTE, REASONS, SEGMENTS, SERVICES, TABLES
from ._core import Simulation, check_scale

__all__ = ["DEFAULT_SEED", "DEFAULT_CUSTOMERS", "TABLES", "REASONS", "SEGMENTS", "generate"]

DEFAULT_SEED = 2512
DEFAULT_CUSTOMERS = 1500

START, END = np.datetime64("2024-01-01"), np.datetime64("2025-12-31")


SEGMENT_SHARES = (0.16, 0.29, 0.28, 0.16, 0.11)
VISITS_PER_YEAR = {"loyal": 11.0, "regular": 6.0, "occasional": 2.5, "complainer": 7.0}
SERVICE_MIX = {  # probabilities over SERVICES, in its order
    "loyal": (0.10, 0.40, 0.15, 0.22, 0.13),
    "regular": (0.15, 0.60, 0.08, 0.12, 0.05),
    "occasional": (0.15, 0.72, 0.05, 0.06, 0.02),
    "promotion_only": (0.05, 0.15, 0.25, 0.35, 0.20),
    "complainer": (0.10, 0.45, 0.15, 0.20, 0.10),
}
MEMBER_SHARE = {"loyal": 0.9, "regular": 0.35, "occasional": 0.05, "promotion_only": 0.05,
                "complainer": 0.4}
COMPLAINT_RATE = {"loyal": 0.02, "regular": 0.04, "occasional": 0.05, "promotion_only": 0.08,
                  "complainer": 0.5}
CHURN_PROBABILITY = {"loyal": 0.06, "regular": 0.2, "occasional": 0.35, "promotion_only": 0.3,
                     "complainer": 0.4}
MEMBER_DISCOUNT = 0.10
PROMOTION_DISCOUNT = 0.60  # "deep discount": 60 % off in promotion fortnights
PROMOTION_TAKE_UP = 0.15   # chance that an ordinary visit in a promotion fortnight uses it
PROMOTION_ATTEND = 0.7     # chance that a promotion-only customer comes to a given fortnight
SURVEY_RESPONSE = 0.7

#: 14-day promotion windows (first day of each).
PROMOTION_STARTS = tuple(np.datetime64(d) for d in (
    "2024-03-04", "2024-06-10", "2024-09-16", "2024-12-09",
    "2025-03-03", "2025-06-09", "2025-09-15", "2025-12-08"))
PROMOTION_DAYS = 14

REASON_SHARES = (0.14, 0.08, 0.12, 0.15, 0.10, 0.07, 0.04, 0.05, 0.13, 0.12)


def _customer_profit(visits, customers):
    """Profit per customer (0 for none without visits), best first, ties by customer id."""
    profit = visits["amount"] - visits["labour_cost"] - visits["materials_cost"]
    out = profit.groupby(visits["customer_id"]).sum()
    out = out.reindex(customers["customer_id"], fill_value=0.0).round(2)
    order = np.lexsort((out.index.to_numpy(), -out.to_numpy()))
    return out.iloc[order]


def generate(n_customers: int = DEFAULT_CUSTOMERS, *, seed: int = DEFAULT_SEED) -> Simulation:
    """Simulate the salon's customers, visits and exit survey, with the planted truth.

    Parameters
    ----------
    n_customers : int
        Number of customers (at least 100).
    seed : int
        Seed of ``numpy.random.default_rng`` (0 to 2**32 - 1).

    Returns
    -------
    Simulation
        Tables ``salon_customers``, ``salon_visits``, ``salon_exit_survey``; ``truth`` holds
        the planted parameters and the profit mix measured on the data: with customers
        ranked by profit, ``top20_profit_share`` = profit of the best 20 % / total profit,
        ``bottom20_profit_share`` likewise for the worst 20 %, and ``whale_peak`` = the
        highest point of the cumulative profit curve as a share of total profit.

    Examples
    --------
    >>> sim = generate(200, seed=1)
    >>> sim["salon_visits"].columns[:4].tolist()
    ['customer_id', 'date', 'service', 'list_price']
    >>> generate(20, seed=1)
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: n_customers must be in [100, inf); got 20.
    """
    n = check_scale(n_customers, minimum=100)
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    customers = _customers(n, rng)
    visits = _visits(customers, rng)
    survey = _exit_survey(customers, rng)
    tables = {"salon_customers": _customer_frame(customers),
              "salon_visits": visits, "salon_exit_survey": survey}
    truth = _truth(tables)
    return Simulation(tables=tables, truth=truth, seed=seed, n_customers=n)


def _customers(n, rng):
    seg = rng.choice(len(SEGMENTS), size=n, p=SEGMENT_SHARES)
    names = np.array(SEGMENTS)[seg]
    days = int((END - START).astype(int))
    # about half were already customers when the data starts; the rest join over the period
    old = rng.random(n) < 0.5
    join = np.where(old, rng.integers(0, 45, n), rng.integers(0, days - 60, n))
    promo = names == "promotion_only"
    starts = np.array([(s - START).astype(int) for s in PROMOTION_STARTS])
    # promotion-only customers first come in a promotion fortnight
    first_window = rng.integers(0, len(starts), n)
    join = np.where(promo, starts[first_window] + rng.integers(0, PROMOTION_DAYS, n), join)
    lost = rng.random(n) < np.array([CHURN_PROBABILITY[s] for s in names])
    churn = join + 30 + (rng.random(n) * np.maximum(days - 60 - join - 30, 1)).astype(int)
    churn = np.where(lost & (churn < days - 30), churn, -1)
    member = rng.random(n) < np.array([MEMBER_SHARE[s] for s in names])
    return {"customer_id": np.arange(1, n + 1), "segment": names, "segment_code": seg,
            "join": join, "churn": churn, "member": member,
            "first_window": np.where(promo, first_window, -1)}


def _customer_frame(c):
    import pandas as pd

    join = pd.Series(START + c["join"].astype("timedelta64[D]")).astype("datetime64[us]")
    churn = pd.Series(START + c["churn"].astype("timedelta64[D]")).where(c["churn"] >= 0)
    return pd.DataFrame({
        "customer_id": c["customer_id"],
        "join_date": join,
        "member_card": c["member"],
        "segment": pd.Categorical(c["segment"], categories=SEGMENTS, ordered=True),
        "churn_date": churn.astype("datetime64[us]"),
    })


def _visit_days(c, rng):
    """Visit days (offsets from START) and customer row numbers, first visit at join."""
    days = int((END - START).astype(int))
    stop = np.where(c["churn"] >= 0, c["churn"], days + 1)
    rows, offsets = [np.flatnonzero(c["segment"] != "promotion_only")], []
    ordinary = rows[0]
    offsets.append(c["join"][ordinary])
    # ordinary customers: a Poisson number of further visits spread over their active spell
    rate = np.array([VISITS_PER_YEAR.get(s, 0.0) for s in c["segment"][ordinary]])
    rate = rate * rng.gamma(4.0, 0.25, len(ordinary))  # each customer has their own pace
    span = stop[ordinary] - c["join"][ordinary]
    extra = rng.poisson(rate * span / 365.25)
    who = np.repeat(ordinary, extra)
    rows.append(who)
    offsets.append(c["join"][who] + (rng.random(len(who)) * np.repeat(span, extra)).astype(int))
    # promotion-only customers: a visit in each later promotion fortnight they choose to attend
    promo = np.flatnonzero(c["segment"] == "promotion_only")
    rows.append(promo)
    offsets.append(c["join"][promo])
    for w, start in enumerate(PROMOTION_STARTS):
        day0 = int((start - START).astype(int))
        day = day0 + rng.integers(0, PROMOTION_DAYS, len(promo))
        come = (c["first_window"][promo] < w) & (rng.random(len(promo)) < PROMOTION_ATTEND)
        come &= day < stop[promo]
        rows.append(promo[come])
        offsets.append(day[come])
    return np.concatenate(rows), np.concatenate(offsets)


def _visits(c, rng):
    import pandas as pd

    row, day = _visit_days(c, rng)
    order = np.lexsort((day, c["customer_id"][row]))
    row, day = row[order], day[order]
    seg = c["segment"][row]
    m = len(row)
    names = list(SERVICES)
    price, minutes, materials = (np.array([SERVICES[s][k] for s in names]) for k in range(3))
    mix = np.array([SERVICE_MIX[s] for s in SEGMENTS])
    seg_idx = c["segment_code"][row]
    cum = mix[seg_idx].cumsum(axis=1)
    service = np.minimum((rng.random(m)[:, None] > cum).sum(axis=1), len(names) - 1)

    starts = np.array([(s - START).astype(int) for s in PROMOTION_STARTS])
    in_promo = ((day[:, None] >= starts) & (day[:, None] < starts + PROMOTION_DAYS)).any(axis=1)
    is_promo_only = seg == "promotion_only"
    take_up = in_promo & (is_promo_only | (rng.random(m) < PROMOTION_TAKE_UP))
    discount = np.where(c["member"][row], MEMBER_DISCOUNT, 0.0)
    discount = np.where(take_up, PROMOTION_DISCOUNT, discount)
    amount = np.round(price[service] * (1 - discount), 2)

    complaint = rng.random(m) < np.array([COMPLAINT_RATE[s] for s in SEGMENTS])[seg_idx]
    fussy = np.where(seg == "complainer", 1.3, 1.0)  # complainers take longer to serve
    base = minutes[service] * fussy * rng.lognormal(0.0, 0.12, m)
    redo = np.where(complaint, minutes[service] * rng.uniform(0.5, 1.0, m), 0.0)
    mins = np.round(base + redo).astype(int)
    mat = materials[service] * rng.lognormal(0.0, 0.15, m)
    mat = np.round(mat * np.where(complaint, 1.7, 1.0), 2)
    return pd.DataFrame({
        "customer_id": c["customer_id"][row],
        "date": pd.Series(START + day.astype("timedelta64[D]")).astype("datetime64[us]"),
        "service": pd.Categorical.from_codes(service, categories=names, ordered=True),
        "list_price": price[service],
        "discount": discount,
        "amount": amount,
        "promotion": in_promo,
        "stylist_minutes": mins,
        "labour_cost": np.round(mins * LABOUR_COST_PER_MINUTE, 2),
        "materials_cost": mat,
        "complaint": complaint,
    })


def _exit_survey(c, rng):
    import pandas as pd

    lost = np.flatnonzero(c["churn"] >= 0)
    when = c["churn"][lost] + rng.integers(14, 30, len(lost))
    answer = (rng.random(len(lost)) < SURVEY_RESPONSE) & (when <= int((END - START).astype(int)))
    lost, when = lost[answer], when[answer]
    code = rng.choice(len(REASONS), size=len(lost), p=REASON_SHARES)
    return pd.DataFrame({
        "customer_id": c["customer_id"][lost],
        "date": pd.Series(START + when.astype("timedelta64[D]")).astype("datetime64[us]"),
        "reason_code": (code + 1).astype(int),
        "reason": pd.Categorical.from_codes(code, categories=REASONS, ordered=True),
    })


def _truth(tables):
    customers, visits = tables["salon_customers"], tables["salon_visits"]
    survey = tables["salon_exit_survey"]
    profit = _customer_profit(visits, customers)
    n = len(profit)
    k = max(1, round(0.2 * n))
    total = float(profit.sum())
    ok = total > 0
    cum = profit.cumsum().to_numpy() / total if ok else None
    segment = customers.set_index("customer_id")["segment"].astype(str)
    bottom = segment.loc[profit.index[-k:]]
    counts = survey["reason"].value_counts().reindex(REASONS, fill_value=0)
    return {
        "period": [str(START), str(END)],
        "labour_cost_per_minute": LABOUR_COST_PER_MINUTE,
        "services": {s: {"list_price": p, "minutes": m, "materials": mt}
                     for s, (p, m, mt) in SERVICES.items()},
        "member_discount": MEMBER_DISCOUNT,
        "promotion_discount": PROMOTION_DISCOUNT,
        "promotion_windows": [[str(s), str(s + PROMOTION_DAYS - 1)] for s in PROMOTION_STARTS],
        "segment_shares": dict(zip(SEGMENTS, SEGMENT_SHARES)),
        "visits_per_year": VISITS_PER_YEAR,
        "complaint_rate": COMPLAINT_RATE,
        "churn_probability": CHURN_PROBABILITY,
        "profit_formula": "profit = amount - labour_cost - materials_cost, summed per customer",
        "total_profit": round(total, 2),
        "top20_profit_share": round(float(profit.iloc[:k].sum()) / total, 4) if ok else None,
        "bottom20_profit_share": round(float(profit.iloc[-k:].sum()) / total, 4) if ok else None,
        "whale_peak": round(float(cum.max()), 4) if ok else None,
        "whale_peak_at_share": round(float(cum.argmax() + 1) / n, 4) if ok else None,
        "loss_making_share": round(float((profit < 0).mean()), 4),
        "bottom20_segment_shares": {s: round(float((bottom == s).mean()), 4) for s in SEGMENTS},
        "survey_response_rate": SURVEY_RESPONSE,
        "exit_reason_shares": dict(zip(REASONS, REASON_SHARES)),
        "exit_reason_counts": {r: int(v) for r, v in counts.items()},
    }
