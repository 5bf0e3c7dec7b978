"""Complaints and praise from the key accounts in 2025: the log that stage 3 feeds back (C33).

The sales representative of :mod:`crmlab.simulate.accounts` also logs what the accounts say:
complaints (late delivery, wrong or damaged goods, price, invoice errors, slow replies) and
praise (fast delivery, a helpful representative, product training). Stage 3 of customer
management (S4) loads such a log into the customer database, so that each account's owner sees
it next to the account's orders.

How the log is made, for account ``i`` (the accounts, orders and visits are those of
``accounts.generate(n_customers, seed=seed)``, so both generators agree):

- ``s_i`` = share of the account's 2025 visits that skipped one of the three must-go places
  (``visited < 3``; 1 for an account without a 2025 visit);
- complaints in 2025 ~ ``Poisson(BASE_COMPLAINTS * (1 + MISSED_EFFECT * s_i))``: accounts
  whose visits skip the market, the channel or the staff complain more (a planted association);
- praise ~ ``Poisson(PRAISE[tier])``; dates uniform over 2025; topics drawn with the planted
  shares. Random numbers come from their own stream: the accounts tables are unchanged.

Examples
--------
>>> sim = generate(30, seed=1)
>>> sim["key_account_feedback"].columns.tolist()
['customer_id', 'date', 'kind', 'topic']
>>> sim.truth["missed_effect"]
3.0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_number, check_seed
from . import accounts
from ._core import Column, Simulation, Table

__all__ = ["DEFAULT_SEED", "DEFAULT_CUSTOMERS", "TABLES", "generate", "TOPICS"]

DEFAULT_SEED = accounts.DEFAULT_SEED
DEFAULT_CUSTOMERS = accounts.DEFAULT_CUSTOMERS
YEAR_START, YEAR_END = pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")
BASE_COMPLAINTS = 0.4   # complaints a year of an account whose visits cover every must-go place
MISSED_EFFECT = 3.0     # extra complaints, relative, when every visit skips a must-go place
PRAISE = {"A": 1.2, "B": 0.8, "C": 0.5}
#: topic -> (kind, share within the kind)
TOPICS = {
    "late delivery": ("complaint", 0.35), "wrong or damaged goods": ("complaint", 0.2),
    "price": ("complaint", 0.2), "invoice error": ("complaint", 0.15),
    "slow reply": ("complaint", 0.1), "fast delivery": ("praise", 0.4),
    "helpful representative": ("praise", 0.4), "product training": ("praise", 0.2),
}

TABLES = (
    Table(
        "key_account_feedback",
        "Complaints and praise from the key accounts in 2025, one row per remark, as the "
        "representative logged them.",
        (
            Column("customer_id", "str", "", "Account (see key_accounts)."),
            Column("date", "date", "", "Day the remark was logged."),
            Column("kind", "category", "", "Complaint or praise.", ("complaint", "praise")),
            Column("topic", "category", "", "What it was about.", tuple(TOPICS)),
        ),
        ("C33", "C39"),
    ),
)


def _missed_share(ids, visits):
    v = visits[visits["date"] >= YEAR_START]
    share = (v["visited"] < 3).groupby(v["customer_id"]).mean()
    return share.reindex(ids).fillna(1.0).to_numpy()


def generate(n_customers: int = DEFAULT_CUSTOMERS, *, seed: int = DEFAULT_SEED) -> Simulation:
    """Simulate the 2025 complaint-and-praise log of the key accounts, with the planted truth.

    ``truth`` holds the rates and topic shares, and the observed complaints per account for
    accounts whose 2025 visits all covered the must-go places and for the others.
    """
    n = check_number(n_customers, name="n_customers", low=10, high=accounts.MAX_CUSTOMERS,
                     integer=True)
    seed = check_seed(seed)
    book = accounts.generate(n, seed=seed)
    acc, visits = book["key_accounts"], book["key_account_visits"]
    rng = np.random.default_rng([seed, 33])
    ids = acc["customer_id"].to_numpy()
    missed = _missed_share(ids, visits)
    counts = {"complaint": rng.poisson(BASE_COMPLAINTS * (1 + MISSED_EFFECT * missed)),
              "praise": rng.poisson(acc["tier"].astype(str).map(PRAISE).to_numpy())}
    days = (YEAR_END - YEAR_START).days + 1
    parts = []
    for kind, k in counts.items():
        names = [t for t, (kd, _) in TOPICS.items() if kd == kind]
        shares = [TOPICS[t][1] for t in names]
        who = np.repeat(ids, k)
        parts.append(pd.DataFrame({
            "customer_id": who, "kind": kind,
            "date": YEAR_START + pd.to_timedelta(rng.integers(0, days, len(who)), unit="D"),
            "topic": np.asarray(names, dtype=object)[rng.choice(len(names), len(who), p=shares)],
        }))
    log = pd.concat(parts, ignore_index=True)
    log = log.sort_values(["date", "customer_id", "kind"], kind="stable", ignore_index=True)
    log["kind"] = pd.Categorical(log["kind"], categories=["complaint", "praise"])
    log["topic"] = pd.Categorical(log["topic"], categories=list(TOPICS))
    log = log[["customer_id", "date", "kind", "topic"]]
    full = missed == 0
    truth = {
        "seed": seed, "year": [YEAR_START.date().isoformat(), YEAR_END.date().isoformat()],
        "base_complaints": BASE_COMPLAINTS, "missed_effect": MISSED_EFFECT,
        "praise_rate": dict(PRAISE), "topic_shares": {t: s for t, (_, s) in TOPICS.items()},
        "rows": {kind: int(k.sum()) for kind, k in counts.items()},
        "complaints_per_account": {
            "all_visits_cover_must_go": round(float(counts["complaint"][full].mean()), 3),
            "some_visits_skip_must_go": round(float(counts["complaint"][~full].mean()), 3),
            "accounts_all_covered": int(full.sum())},
    }
    return Simulation(tables={"key_account_feedback": log}, truth=truth, seed=seed,
                      n_customers=n)
