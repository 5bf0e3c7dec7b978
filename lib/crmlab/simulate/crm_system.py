"""The CRM-system dataset: what marketing, sales and service each record about one customer base.

Five tables for notebook 01 (concepts C04-C07): the marketing department's customer profiles
(``crm_customers``) and campaigns (``crm_campaigns``), the sales pipeline (``crm_pipeline``),
the service desk's tickets (``crm_tickets``) and the shop's basket log (``crm_purchases``).
Each department writes customer ids its own way, as real systems do: marketing ``"C00042"``,
sales and the shop the number ``42``, the service desk ``"c00042"``.

Every campaign kept a random hold-out group (a fifth as many people as it contacted, drawn
from the same target segment and not contacted), and recorded who of them ordered anyway in the
campaign's window: the difference is what the campaign itself brought.

Planted truth (returned in ``Simulation.truth``): each campaign's true response rate, the share
of its target group who order anyway (the baseline rate the hold-out measures), revenue per
response and expected revenue ROI; the step conversion rates of the pipeline; the service level
(SLA, in days) per ticket priority, the analysis date and the tickets overdue on it; the exact
lift, support and confidence of the product-category pairs bought together.

Examples
--------
>>> sim = generate(200, seed=1)
>>> sorted(sim.tables)
['crm_campaigns', 'crm_customers', 'crm_pipeline', 'crm_purchases', 'crm_tickets']
>>> sim.truth["pipeline"]["step_conversion"]["contacts"]
0.65
"""

from __future__ import annotations

from .._validate import check_seed
from .crm_system_tables import (
    CHANNELS, INDUSTRIES, ITEMS, JOBS, PRIORITIES, REGIONS, STAGES, TICKET_CHANNELS, TABLES,
)
from ._core import Simulation, check_scale

__all__ = ["DEFAULT_SEED", "DEFAULT_CUSTOMERS", "TABLES", "STAGES", "PRIORITIES", "generate"]

DEFAULT_SEED = 20260101
DEFAULT_CUSTOMERS = 2000

STEP_RATES = {"contacts": 0.65, "opportunities": 0.50, "orders": 0.45, "payments": 0.85}
SLA_DAYS = {"low": 14, "medium": 7, "high": 3, "urgent": 1}
#: (anchor, add-on, chance the add-on joins a basket holding the anchor).
PAIRS = (("printers", "ink", 0.70), ("laptops", "bags", 0.55), ("phones", "cases", 0.60))
START, AS_OF = "2025-01-01", "2025-12-31"

# (campaign channel, target segment, contacts per customer, response rate, revenue per response
#  in yuan, planned revenue ROI that sets the cost) -- one row per campaign.
_CAMPAIGNS = (
    ("email", "all", 5.0, 0.020, 900.0, 1.5),
    ("email", "IT", 1.5, 0.035, 1100.0, 2.0),
    ("sms", "retail", 2.0, 0.015, 500.0, 0.2),
    ("phone", "manufacturing", 1.0, 0.080, 1500.0, 0.8),
    ("phone", "finance", 0.5, 0.060, 2500.0, 1.2),
    ("fax", "manufacturing", 1.0, 0.010, 1200.0, -0.6),
    ("event", "all", 0.3, 0.150, 3000.0, 0.4),
    ("event", "healthcare", 0.1, 0.120, 2800.0, 0.9),
    ("web", "all", 4.0, 0.012, 700.0, -0.2),
    ("web", "education", 1.0, 0.025, 600.0, 0.5),
)
#: Share of each campaign's target group who order in its window without being contacted (the
#: baseline a hold-out group measures), campaigns in the order of ``_CAMPAIGNS``. The email to all
#: mostly reaches customers who were going to order anyway; events and calls bring real orders.
BASELINE_RATES = (0.014, 0.004, 0.006, 0.012, 0.006, 0.006, 0.015, 0.012, 0.010, 0.008)
#: People held out per person contacted (drawn from the same segment, not contacted).
HOLDOUT_SHARE = 0.2


def _pick(rng, shares: dict, n: int):
    names = list(shares)
    return rng.choice(names, size=n, p=list(shares.values()))


def _days(rng, n: int, *, margin: int = 0):
    import pandas as pd

    span = (pd.Timestamp(AS_OF) - pd.Timestamp(START)).days + 1 - margin
    return pd.Timestamp(START) + pd.to_timedelta(rng.integers(0, span, n), unit="D")


def _campaigns(rng, n_customers: int, holdout_rng):
    import numpy as np
    import pandas as pd

    rows, truth = [], {}
    for i, (channel, segment, per, rate, per_resp, plan) in enumerate(_CAMPAIGNS, 1):
        cid = f"K{i:02d}"
        contacts = max(int(round(per * n_customers)), 20)
        responses = int(rng.binomial(contacts, rate))
        revenue = float(rng.gamma(4.0, per_resp / 4.0, responses).sum().round(2))
        cost = round(contacts * rate * per_resp / (1.0 + plan), -1)
        start = pd.Timestamp(START) + pd.Timedelta(days=int(30 * (i - 1)))
        # The hold-out comes from its own random stream, so the columns above stay the same.
        base = BASELINE_RATES[i - 1]
        held = max(int(round(HOLDOUT_SHARE * contacts)), 20)
        held_resp = int(holdout_rng.binomial(held, base))
        held_rev = float(holdout_rng.gamma(4.0, per_resp / 4.0, held_resp).sum().round(2))
        rows.append((cid, channel, segment, start, cost, contacts, responses, revenue,
                     held, held_resp, held_rev))
        extra = contacts * (rate - base) * per_resp
        truth[cid] = {"response_rate": rate, "baseline_rate": base,
                      "incremental_rate": round(rate - base, 6),
                      "revenue_per_response": per_resp,
                      "expected_roi": round((contacts * rate * per_resp - cost) / cost, 6),
                      "expected_incremental_revenue": round(extra, 2)}
    df = pd.DataFrame(rows, columns=[c.name for c in TABLES[1].columns])
    df["channel"] = pd.Categorical(df["channel"], categories=CHANNELS)
    ints = {"contacts": np.int64, "responses": np.int64, "holdout": np.int64,
            "holdout_responses": np.int64}
    return df.astype(ints), truth


def _customers(rng, n: int, campaigns):
    import numpy as np
    import pandas as pd

    weights = campaigns["responses"].to_numpy(dtype=float) + 1.0
    via = rng.choice(campaigns["campaign_id"].to_numpy(), size=n, p=weights / weights.sum())
    via = np.where(rng.random(n) < 0.6, via, "organic")
    df = pd.DataFrame({
        "customer_id": [f"C{i:05d}" for i in range(1, n + 1)],
        "industry": pd.Categorical(_pick(rng, INDUSTRIES, n), categories=list(INDUSTRIES)),
        "job": pd.Categorical(_pick(rng, JOBS, n), categories=list(JOBS)),
        "age": np.clip(np.round(rng.normal(41, 9, n)), 22, 65).astype(np.int64),
        "region": pd.Categorical(_pick(rng, REGIONS, n), categories=list(REGIONS)),
        "acquired_via": via.astype(str),
    })
    return df


def _pipeline(rng, n_customers: int):
    import numpy as np
    import pandas as pd

    n = int(1.5 * n_customers)
    reached = np.zeros(n, dtype=int)
    alive = np.ones(n, dtype=bool)
    gaps = np.zeros(n)
    for k, rate in enumerate(STEP_RATES.values(), 1):
        alive &= rng.random(n) < rate
        reached[alive] = k
        gaps += np.where(alive, rng.integers(2, 21, n), 0)
    lead = _days(rng, n, margin=90)  # every deal has had time to reach its furthest stage
    return pd.DataFrame({
        "deal_id": [f"D{i:05d}" for i in range(1, n + 1)],
        "customer_id": rng.integers(1, n_customers + 1, n).astype(np.int64),
        "stage": pd.Categorical.from_codes(reached, categories=list(STAGES), ordered=True),
        "lead_date": lead,
        "stage_date": lead + pd.to_timedelta(gaps, unit="D"),
        "value": np.round(rng.lognormal(np.log(20000), 0.6, n), -1),
    })


def _mean_score(mu: float, sd: float = 0.7) -> float:
    """Expected survey score: a normal(mu, sd) rounded to a whole number and kept within 1-5."""
    import math

    cdf = [0.5 * (1 + math.erf((k + 0.5 - mu) / (sd * math.sqrt(2)))) for k in range(1, 5)]
    probs = [cdf[0]] + [b - a for a, b in zip(cdf, cdf[1:])] + [1 - cdf[-1]]
    return round(sum(k * p for k, p in zip(range(1, 6), probs)), 6)


def _tickets(rng, n_customers: int):
    import numpy as np
    import pandas as pd

    n = int(0.6 * n_customers)
    priority = _pick(rng, {"low": 0.35, "medium": 0.35, "high": 0.2, "urgent": 0.1}, n)
    sla = np.array([SLA_DAYS[p] for p in priority])
    opened = _days(rng, n)
    took = np.ceil(rng.exponential(0.7 * sla)).astype(int)
    stuck = rng.random(n) < 0.04
    resolved = (opened + pd.to_timedelta(took, unit="D")).where(~stuck)
    as_of = pd.Timestamp(AS_OF)
    resolved = resolved.where(resolved <= as_of)
    on_time = (took <= sla) & ~stuck
    score = np.clip(np.round(rng.normal(np.where(on_time, 4.3, 2.8), 0.7)), 1, 5)
    answered = ~pd.isna(resolved) & (rng.random(n) < 0.6)
    df = pd.DataFrame({
        "ticket_id": [f"T{i:05d}" for i in range(1, n + 1)],
        "customer_id": [f"c{i:05d}" for i in rng.integers(1, n_customers + 1, n)],
        "opened": opened, "resolved": resolved,
        "priority": pd.Categorical(priority, categories=list(PRIORITIES), ordered=True),
        "channel": pd.Categorical(_pick(rng, {"phone": 0.4, "email": 0.3, "web": 0.25,
                                              "fax": 0.05}, n), categories=list(TICKET_CHANNELS)),
        "satisfaction": np.where(answered, score, np.nan),
    })
    due = df["opened"] + pd.to_timedelta(sla, unit="D")
    overdue = df["resolved"].isna() & (as_of > due)
    truth = {"sla_days": dict(SLA_DAYS), "as_of": AS_OF,
             "overdue_tickets": df.loc[overdue, "ticket_id"].tolist(),
             "mean_satisfaction_on_time": _mean_score(4.3),
             "mean_satisfaction_late": _mean_score(2.8)}
    return df, truth


def _purchases(rng, n_customers: int):
    import numpy as np
    import pandas as pd

    n = 3 * n_customers
    names = list(ITEMS)
    has = rng.random((n, len(names))) < np.array(list(ITEMS.values()))
    for anchor, addon, q in PAIRS:
        a, b = names.index(anchor), names.index(addon)
        has[:, b] |= has[:, a] & (rng.random(n) < q)
    keep = has.any(axis=1)
    has = has[keep]
    ids = np.array([f"B{i:06d}" for i in range(1, len(has) + 1)])
    basket, item = np.nonzero(has)
    customer = rng.integers(1, n_customers + 1, len(has)).astype(np.int64)
    day = _days(rng, len(has))
    return pd.DataFrame({
        "basket_id": ids[basket], "customer_id": customer[basket], "date": day[basket],
        "category": pd.Categorical(np.array(names)[item], categories=names),
    })


def _pair_truth():
    """Exact support, confidence and lift of the planted pairs among non-empty baskets.

    With independent chances p_i and an add-on B joining anchor A with chance q:
    P(A) = p_A, P(B) = p_B + p_A (1 - p_B) q, P(A and B) = p_A (p_B + (1 - p_B) q); keeping only
    non-empty baskets divides each by P(non-empty) = 1 - prod(1 - p_i), so that
    lift = P(A and B) P(non-empty) / (P(A) P(B)). Unrelated categories have lift P(non-empty),
    just under 1 (about 0.94): an empty basket never reaches the log.
    """
    import math

    nonempty = 1.0 - math.prod(1.0 - p for p in ITEMS.values())
    out = {}
    for anchor, addon, q in PAIRS:
        pa, pb = ITEMS[anchor], ITEMS[addon]
        both = pa * (pb + (1 - pb) * q)
        p_b = pb + pa * (1 - pb) * q
        out[f"{anchor}+{addon}"] = {
            "support": round(both / nonempty, 6), "confidence": round(both / pa, 6),
            "lift": round(both * nonempty / (pa * p_b), 6)}
    out["paper+mice"] = {"support": round(ITEMS["paper"] * ITEMS["mice"] / nonempty, 6),
                         "confidence": ITEMS["mice"], "lift": round(nonempty, 6)}
    return out


def generate(n_customers: int = DEFAULT_CUSTOMERS, *, seed: int = DEFAULT_SEED) -> Simulation:
    """Generate the five CRM-system tables and the truth planted in them.

    Parameters
    ----------
    n_customers : int
        Number of customers (at least 50); deals, tickets and baskets scale with it
        (1.5, 0.6 and about 3 per customer).
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    Simulation
        ``tables`` as listed in ``TABLES``; ``truth`` with keys ``customers`` (planted shares),
        ``campaigns`` (per campaign: response rate, baseline rate of the uncontacted,
        incremental rate = response rate - baseline rate, revenue per response, expected revenue
        ROI = (contacts * rate * revenue per response - cost) / cost and expected incremental
        revenue = contacts * incremental rate * revenue per response), ``pipeline`` (step and
        overall conversion), ``tickets`` (SLA days, as-of date, overdue ticket ids) and
        ``cross_sell`` (per pair: support, confidence of anchor -> add-on, lift).

    Examples
    --------
    >>> sim = generate(100, seed=3)
    >>> ids = sim["crm_pipeline"]["customer_id"]
    >>> sim["crm_customers"]["customer_id"].iloc[41], int(ids.max()) <= 100
    ('C00042', True)
    """
    import numpy as np

    n_customers = check_scale(n_customers, minimum=50)
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    campaigns, campaign_truth = _campaigns(rng, n_customers, np.random.default_rng([seed, 1]))
    customers = _customers(rng, n_customers, campaigns)
    pipeline = _pipeline(rng, n_customers)
    tickets, ticket_truth = _tickets(rng, n_customers)
    purchases = _purchases(rng, n_customers)
    overall, running = {"leads": 1.0}, 1.0
    for stage, rate in STEP_RATES.items():
        running *= rate
        overall[stage] = round(running, 6)
    truth = {
        "customers": {"industry": dict(INDUSTRIES), "job": dict(JOBS), "region": dict(REGIONS),
                      "mean_age": 41},
        "campaigns": campaign_truth,
        "pipeline": {"stages": list(STAGES), "step_conversion": dict(STEP_RATES),
                     "overall_conversion": overall},
        "tickets": ticket_truth,
        "cross_sell": _pair_truth(),
    }
    tables = {"crm_customers": customers, "crm_campaigns": campaigns, "crm_pipeline": pipeline,
              "crm_tickets": tickets, "crm_purchases": purchases}
    return Simulation(tables=tables, truth=truth, seed=seed, n_customers=n_customers)
