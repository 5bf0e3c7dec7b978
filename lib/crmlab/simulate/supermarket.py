"""Supermarket A: loyalty-card customers and a year of their shopping trips, with planted truth.

The story (concepts C13, C26, C30, C36): a supermarket chain with four branches runs a loyalty
card. A fifth of its customers bring most of the revenue; families with children buy baby
products on a regular cycle and pet owners buy pet food on theirs; some customers drift away
at known dates, and more of them leave the understaffed branch (8 counters, 2 staff) after its
service failures; a few customers come only in promotion weeks.

How the data are made, per customer ``i``:

- a latent value ``v_i ~ LogNormal(0, SIGMA)`` sets both the trip rate
  ``r_i = clip(BASE_TRIPS * v_i**0.6, 0.1, 6) / 7`` trips per day and the mean basket
  ``m_i = BASE_BASKET * v_i**0.4`` yuan, so spend per year grows in proportion to ``v_i`` and the
  top 20 % of customers bring about ``TOP20_TARGET`` of the revenue (SIGMA is tuned for it);
- on each active day a trip happens with probability ``r_i`` (times ``PROMO_LIFT`` in
  promotion weeks); promotion-only customers shop only in promotion weeks;
- families with children (and pet owners) also shop every ``c_i`` days (their planted cycle,
  +-1 day), and only those trips carry baby (pet) spend;
- a customer who churns makes no trip on or after ``churn_date``; customers who drift away
  shop less and less over the 8 weeks before it; at the understaffed branch each service
  failure makes every active home customer leave within two weeks with probability
  ``FAILURE_CHURN``.

Examples
--------
>>> sim = generate(200, seed=1)
>>> sorted(sim.tables)
['supermarket_branches', 'supermarket_customers', 'supermarket_transactions']
>>> sim.truth["understaffed_branch"]
'Riverside'
"""

from __future__ import annotations

from .._validate import check_seed
from .supermarket_tables import AGE_BANDS, BRANCHES, CATEGORIES, CHURN_CAUSES, SEGMENTS, TABLES
from ._core import Simulation, check_scale

__all__ = ["DEFAULT_SEED", "DEFAULT_CUSTOMERS", "TABLES", "generate", "BRANCHES", "CATEGORIES"]

DEFAULT_SEED = 2024
DEFAULT_CUSTOMERS = 5000

START, END = "2024-01-01", "2024-12-31"
UNDERSTAFFED = "Riverside"

SIGMA = 1.8             # spread of the latent customer value (log scale)
TOP20_TARGET = 0.75     # planted share of revenue from the top 20 % of customers
BASE_TRIPS = 0.42       # trips per week of a median customer
BASE_BASKET = 75.0      # mean basket (yuan) of a median customer
PROMO_LIFT = 1.3        # extra trips in promotion weeks
PROMO_ONLY_SHARE = 0.08
BASE_CHURN = 0.12       # chance of drifting away during the year, every branch
FAILURE_CHURN = 0.04    # chance per service failure that an active home customer leaves
N_FAILURES = 9
DRIFT_DAYS = 56
BABY_CYCLE = (10, 21)   # planted repurchase cycle range, days
PET_CYCLE = (18, 35)


def _promo_weeks():
    """Monday of every promotion week: every fourth week plus three festival weeks."""
    import pandas as pd

    mondays = pd.date_range(START, END, freq="W-MON")
    festival = pd.to_datetime(["2024-02-05", "2024-09-30", "2024-11-11"])
    weeks = [m for k, m in enumerate(mondays) if k % 4 == 1 or m in festival]
    return pd.DatetimeIndex(weeks)


def _customers(n, rng):
    """Traits of ``n`` customers (as numpy arrays) and their planned value."""
    import numpy as np

    start = np.datetime64(START)
    old = rng.random(n) < 0.7
    join = np.where(old, rng.integers(-5 * 365, 0, n), rng.integers(0, 305, n))
    branch_p = np.array([b[3] for b in BRANCHES])
    branch = rng.choice(len(BRANCHES), n, p=branch_p / branch_p.sum())
    age = rng.choice(len(AGE_BANDS), n, p=[0.08, 0.22, 0.26, 0.2, 0.14, 0.1])
    child_p = np.array([0.05, 0.35, 0.55, 0.3, 0.08, 0.03])[age]
    children = rng.random(n) < child_p
    pet = rng.random(n) < 0.3
    promo_only = rng.random(n) < PROMO_ONLY_SHARE
    value = rng.lognormal(0.0, SIGMA, n)
    rate = np.clip(BASE_TRIPS * value**0.6, 0.1, 6.0) / 7
    basket = BASE_BASKET * value**0.4
    rate = np.where(promo_only, 0.22, rate)  # per promotion-week day
    basket = np.where(promo_only, 1.4 * BASE_BASKET, basket)
    baby = np.where(children & ~promo_only, rng.integers(BABY_CYCLE[0], BABY_CYCLE[1] + 1, n), 0)
    petc = np.where(pet & ~promo_only, rng.integers(PET_CYCLE[0], PET_CYCLE[1] + 1, n), 0)
    return dict(join=start + join.astype("timedelta64[D]"), first=np.maximum(join, 0),
                branch=branch, age=age, children=children, pet=pet, promo_only=promo_only,
                rate=rate, basket=basket, baby=baby, petc=petc)


def _churn(c, rng, n_days, failures):
    """Planted churn day (``n_days`` = stays) and cause for each customer."""
    import numpy as np

    n = len(c["rate"])
    first = c["first"]
    churn = np.full(n, n_days)
    cause = np.zeros(n, dtype=int)
    drift = (rng.random(n) < BASE_CHURN) & (first + 45 < n_days - 14)
    lo = first + 45
    churn = np.where(drift, lo + (rng.random(n) * (n_days - 14 - lo)).astype(int), churn)
    cause[drift] = 1
    home = c["branch"] == [b[0] for b in BRANCHES].index(UNDERSTAFFED)
    for f in failures:
        leaves = home & (first < f) & (churn > f) & (rng.random(n) < FAILURE_CHURN)
        day = f + rng.integers(1, 15, n)
        new = leaves & (day < churn)
        churn = np.where(new, day, churn)
        cause[new] = 2
    cause[churn >= n_days] = 0
    return churn, cause


def _trip_days(c, rng, n_days, churn, cause, promo_day, chunk=8000):
    """Customer index, day, and regular/baby/pet flags of every trip."""
    import numpy as np

    days = np.arange(n_days)
    out = []
    for lo in range(0, len(churn), chunk):
        sl = slice(lo, lo + chunk)
        k = len(c["rate"][sl])
        active = (days >= c["first"][sl, None]) & (days < churn[sl, None])
        p = c["rate"][sl, None] * np.where(promo_day, PROMO_LIFT, 1.0)[None, :]
        p = np.where(c["promo_only"][sl, None], np.where(promo_day, c["rate"][sl, None], 0.0), p)
        fade = np.clip((churn[sl, None] - days) / DRIFT_DAYS, 0.3, 1.0)
        p = np.where(cause[sl, None] == 1, p * fade, p)
        regular = (rng.random((k, n_days)) < p) & active
        trips = regular.copy()
        flags = []
        for cyc in (c["baby"][sl], c["petc"][sl]):
            need = np.zeros((k, n_days), dtype=bool)
            has = np.flatnonzero(cyc)
            if has.size:
                cy = cyc[has]
                reps = n_days // int(cy.min()) + 2
                due = (rng.integers(0, cy)[:, None] + np.arange(reps)[None, :] * cy[:, None]
                       + rng.integers(-1, 2, (has.size, reps)))
                rows = np.repeat(has, reps)
                ok = (due.ravel() >= 0) & (due.ravel() < n_days)
                need[rows[ok], due.ravel()[ok]] = True
                need &= active
            flags.append(need)
            trips |= need
        ci, di = np.nonzero(trips)
        out.append((ci + lo, di, regular[ci, di], flags[0][ci, di], flags[1][ci, di]))
    return [np.concatenate(parts) for parts in zip(*out)]


def generate(n_customers: int, *, seed: int) -> Simulation:
    """Simulate Supermarket A: customers, a year of baskets, branches, and the planted truth.

    Parameters
    ----------
    n_customers : int
        Number of loyalty-card holders (10 or more; the committed file has 5,000).
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed gives the same data.

    Returns
    -------
    Simulation
        ``tables`` with ``supermarket_customers``, ``supermarket_transactions`` and
        ``supermarket_branches``; ``truth`` with the branches, promotion weeks, service-failure
        dates, planted cycles, churn rates by branch and the realised top-20 % revenue share
        ``sum(top 20 % of annual spend) / sum(annual spend)``.

    Examples
    --------
    >>> sim = generate(300, seed=7)
    >>> tx = sim["supermarket_transactions"]
    >>> bool((tx[list(CATEGORIES)].sum(axis=1) - tx["amount"]).abs().max() < 0.005)
    True
    >>> generate(300, seed=-1)
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: seed must be in [0, 4.29497e+09]; got -1.
    """
    import numpy as np
    import pandas as pd

    seed = check_seed(seed)
    n = check_scale(n_customers)
    rng = np.random.default_rng(seed)
    dates = pd.date_range(START, END, freq="D")
    n_days = len(dates)
    promo = _promo_weeks()
    promo_day = np.asarray(dates.to_period("W-SUN").start_time.isin(promo))

    c = _customers(n, rng)
    failures = np.sort(rng.choice(np.arange(35, n_days - 60), N_FAILURES, replace=False))
    churn, cause = _churn(c, rng, n_days, failures)
    ci, di, regular, baby, pet = _trip_days(c, rng, n_days, churn, cause, promo_day)

    m = len(ci)
    base = c["basket"][ci] * rng.lognormal(-0.1, 0.45, m) * np.where(regular, 1.0, 0.3)
    share = rng.standard_gamma(np.array([4.0, 5.0, 1.5])[:, None], (3, m))  # Dirichlet draws
    share /= share.sum(axis=0)
    cents = np.zeros((5, m), dtype=np.int64)  # fresh, grocery, baby, pet, household
    cents[[0, 1, 4]] = np.round(base * share * 100).astype(np.int64) + 1
    po = c["promo_only"][ci]
    baby = baby | (po & c["children"][ci] & (rng.random(m) < 0.5))
    pet = pet | (po & c["pet"][ci] & (rng.random(m) < 0.5))
    cents[2] = np.where(baby, np.round(rng.lognormal(np.log(85), 0.3, m) * 100), 0)
    cents[3] = np.where(pet, np.round(rng.lognormal(np.log(65), 0.3, m) * 100), 0)
    total = cents.sum(axis=0)
    in_promo = promo_day[di]
    coupon_p = np.where(po, 0.85, np.where(in_promo, 0.3, 0.06))
    home = c["branch"][ci]
    away = rng.random(m) < 0.08
    other = (home + rng.integers(1, len(BRANCHES), m)) % len(BRANCHES)

    names = [b[0] for b in BRANCHES]
    ids = np.array([f"SA{i:06d}" for i in range(1, n + 1)], dtype=object)
    tx = pd.DataFrame({
        "customer_id": ids[ci],
        "date": dates[di],
        "branch": pd.Categorical.from_codes(np.where(away, other, home), names),
        "amount": total / 100,
        **{cat: cents[j] / 100 for j, cat in enumerate(CATEGORIES)},
        "coupon_used": rng.random(m) < coupon_p,
        "promo_week": in_promo,
    })

    spend = np.bincount(ci, weights=total, minlength=n) / 100
    planned = c["rate"] * np.where(c["promo_only"], promo_day.mean(), 1.0) * c["basket"]
    rank = np.argsort(np.argsort(-planned, kind="stable"), kind="stable") / n
    segment = np.where(rank < 0.2, 0, np.where(rank < 0.5, 1, 2))
    churned = churn < n_days
    cust = pd.DataFrame({
        "customer_id": ids,
        "join_date": pd.DatetimeIndex(c["join"]),
        "branch": pd.Categorical.from_codes(c["branch"], names),
        "age_band": pd.Categorical.from_codes(c["age"], AGE_BANDS, ordered=True),
        "has_children": c["children"],
        "pet_owner": c["pet"],
        "promo_only": c["promo_only"],
        "segment": pd.Categorical.from_codes(segment, SEGMENTS, ordered=True),
        "baby_cycle_days": np.where(c["baby"] > 0, c["baby"], np.nan),
        "pet_cycle_days": np.where(c["petc"] > 0, c["petc"], np.nan),
        "churn_date": pd.DatetimeIndex(np.where(churned, dates[np.minimum(churn, n_days - 1)],
                                                np.datetime64("NaT"))),
        "churn_cause": pd.Categorical.from_codes(cause, CHURN_CAUSES),
    })
    fail_dates = dates[failures]
    branches = pd.DataFrame({
        "branch": pd.Categorical(names, names),
        "counters": [b[1] for b in BRANCHES],
        "staff": [b[2] for b in BRANCHES],
        "service_failures": [N_FAILURES if b[0] == UNDERSTAFFED else 0 for b in BRANCHES],
    })
    top = np.sort(spend)[::-1][: max(1, int(round(0.2 * n)))].sum() / max(spend.sum(), 1e-9)
    rates = cust.groupby("branch", observed=False)["churn_date"].apply(lambda s: s.notna().mean())
    truth = {
        "period": {"start": START, "end": END},
        "seed": seed,
        "n_customers": n,
        "n_transactions": int(m),
        "revenue_yuan": round(float(spend.sum()), 2),
        "branches": [{"branch": b[0], "counters": b[1], "staff": b[2]} for b in BRANCHES],
        "understaffed_branch": UNDERSTAFFED,
        "service_failure_dates": [d.date().isoformat() for d in fail_dates],
        "promo_weeks": [d.date().isoformat() for d in promo],
        "top20_share_target": TOP20_TARGET,
        "top20_share": round(float(top), 4),
        "segment_shares": {"key": 0.2, "secondary": 0.3, "ordinary": 0.5},
        "promo_only_share": round(float(c["promo_only"].mean()), 4),
        "cycle_days_range": {"baby": list(BABY_CYCLE), "pet": list(PET_CYCLE)},
        "cycle_jitter_days": 1,
        "median_cycle_days": {
            "baby": float(np.median(c["baby"][c["baby"] > 0])) if (c["baby"] > 0).any() else None,
            "pet": float(np.median(c["petc"][c["petc"] > 0])) if (c["petc"] > 0).any() else None,
        },
        "churn": {
            "base_rate": BASE_CHURN,
            "failure_churn_per_event": FAILURE_CHURN,
            "leave_within_days_of_failure": 14,
            "drift_days": DRIFT_DAYS,
            "rate_by_branch": {k: round(float(v), 4) for k, v in rates.items()},
        },
    }
    return Simulation(
        tables={"supermarket_customers": cust, "supermarket_transactions": tx,
                "supermarket_branches": branches},
        truth=truth, seed=seed, n_customers=n,
    )
