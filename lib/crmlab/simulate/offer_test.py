"""Supermarket A's offer test: a letter to a random sample of card holders, with a hold-out group.

On 6 January 2025 supermarket A tested a personal letter (offers picked from each customer's past
baskets; about 3 yuan to print and post) before sending it to everyone, the way direct marketers
test cells before a roll-out (Hughes). It drew a random half of the card holders who shopped in
2024 (the customers of :mod:`crmlab.simulate.supermarket`, same seed), sent the letter to a
random half of that sample and held the other half out, and recorded who shopped in the four
weeks from 6 January to 2 February 2025, and how much.

How the data are made, per sampled customer (the truth the hold-out should recover):

- without the letter a customer shops in the window with chance ``p0``: a customer who had left
  by the end of 2024 (planted ``churn_date``) rarely comes back (``P0_LEFT``); a promotion-only
  shopper comes for the window's promotion week with ``P0_PROMO_ONLY``; an active customer with
  ``1 - exp(-4 w)``, ``w`` their 2024 trips per week;
- the letter persuades a share ``u`` of those who would not have come (:data:`UPLIFT`, by planted
  status): ``p1 = p0 + u (1 - p0)``. It brings back some customers who drifted away, few who left
  after a service failure, and adds little for customers who come every week anyway;
- a shopper's trips in the window are ``1 + Poisson(max(4 w - 1, 0.3))`` baskets at their 2024
  mean basket, with noise.

Examples
--------
>>> from crmlab.simulate import offer_test
>>> sim = offer_test.generate(300, seed=3)
>>> t = sim["supermarket_offer_test"]
>>> sorted(t["group"].unique()), bool((t.loc[~t["bought"], "spend"] == 0).all())
(['holdout', 'offer'], True)
"""

from __future__ import annotations

from .._validate import check_seed
from ._core import Column, Simulation, Table, check_scale
from .supermarket import DEFAULT_CUSTOMERS, DEFAULT_SEED
from .supermarket import generate as supermarket

__all__ = ["DEFAULT_SEED", "DEFAULT_CUSTOMERS", "TABLES", "UPLIFT", "generate"]

WINDOW = ("2025-01-06", "2025-02-02")
SAMPLE_SHARE = 0.5        # of the card holders who shopped in 2024
LETTER_COST = 3.0         # yuan per letter, printing and post (for the truth file)
P0_LEFT = {"drift": 0.03, "service_failure": 0.02}
P0_PROMO_ONLY = 0.55
#: Share of would-not-come customers the letter brings in, by planted status.
UPLIFT = {"drift": 0.20, "service_failure": 0.04, "promo_only": 0.15, "active": 0.04}

TABLES = (
    Table(
        "supermarket_offer_test",
        "Supermarket A's test of a personal letter in January 2025: a random half of the 2024 "
        "card holders, half sent the letter (offer), half held out (holdout); who shopped in "
        "the four weeks after, and their spend. Simulated by crmlab.simulate.offer_test.",
        (
            Column("customer_id", "str", "", "Loyalty-card id (see supermarket_customers)."),
            Column("group", "category", "", "offer: sent the letter; holdout: picked at random "
                   "from the same sample and not contacted.", ("offer", "holdout")),
            Column("bought", "bool", "", "Shopped at least once from 2025-01-06 to 2025-02-02."),
            Column("trips", "int", "trips", "Shopping trips in those four weeks."),
            Column("spend", "float", "yuan", "Spend in those four weeks (0 if no trip)."),
        ),
        ("C26", "C46"),
    ),
)


def _status(customers, tx):
    """Planted status (drift, service_failure, promo_only, active) and 2024 rhythm per shopper."""
    import numpy as np
    import pandas as pd

    g = tx.groupby("customer_id", sort=True)
    shop = pd.DataFrame({"trips": g.size(), "first": g["date"].min(), "basket": g["amount"].mean()})
    c = customers.set_index("customer_id").loc[shop.index]
    weeks = np.maximum((pd.Timestamp("2024-12-31") - shop["first"]).dt.days + 1, 7) / 7
    shop["per_week"] = shop["trips"] / weeks
    left = c["churn_date"].notna().to_numpy()
    status = np.where(left, c["churn_cause"].astype(str), np.where(c["promo_only"], "promo_only",
                                                                    "active"))
    shop["status"] = status
    return shop


def generate(n_customers: int, *, seed: int) -> Simulation:
    """Simulate the January 2025 letter test on the customers of supermarket A (same seed).

    Returns
    -------
    Simulation
        ``tables`` with ``supermarket_offer_test`` (one row per sampled customer); ``truth``
        with the window, sample share, letter cost, planted ``p0`` and ``uplift`` by status, the
        sample's status counts, and ``expected_incremental``: the mean of ``p1 - p0`` over the
        sample, the effect a large hold-out test recovers.

    Examples
    --------
    >>> sim = generate(400, seed=5)
    >>> set(sim.truth["uplift"]) == {"drift", "service_failure", "promo_only", "active"}
    True
    """
    import numpy as np
    import pandas as pd

    seed = check_seed(seed)
    n = check_scale(n_customers)
    base = supermarket(n, seed=seed)
    shop = _status(base["supermarket_customers"], base["supermarket_transactions"])
    rng = np.random.default_rng([seed, 2025])
    k = int(round(SAMPLE_SHARE * len(shop)))
    picked = np.sort(rng.choice(len(shop), size=k, replace=False))
    s = shop.iloc[picked]
    offer = np.zeros(k, dtype=bool)
    offer[rng.choice(k, size=k // 2, replace=False)] = True
    status = s["status"].to_numpy()
    rate = s["per_week"].to_numpy()
    p0 = np.select([status == "drift", status == "service_failure", status == "promo_only"],
                   [P0_LEFT["drift"], P0_LEFT["service_failure"], P0_PROMO_ONLY],
                   1 - np.exp(-4 * rate))
    u = np.array([UPLIFT[x] for x in status])
    p1 = p0 + u * (1 - p0)
    bought = rng.random(k) < np.where(offer, p1, p0)
    trips = np.where(bought, 1 + rng.poisson(np.maximum(4 * rate - 1, 0.3)), 0)
    spend = np.where(bought, s["basket"].to_numpy() * trips * rng.lognormal(-0.05, 0.3, k), 0.0)
    table = pd.DataFrame({
        "customer_id": s.index.to_numpy(),
        "group": pd.Categorical(np.where(offer, "offer", "holdout"),
                                categories=["offer", "holdout"]),
        "bought": bought,
        "trips": trips.astype("int64"),
        "spend": spend.round(2),
    })
    counts = pd.Series(status).value_counts()
    truth = {
        "window": list(WINDOW),
        "sample_share": SAMPLE_SHARE,
        "letter_cost_yuan": LETTER_COST,
        "p0": {"drift": P0_LEFT["drift"], "service_failure": P0_LEFT["service_failure"],
               "promo_only": P0_PROMO_ONLY, "active": "1 - exp(-4 x 2024 trips per week)"},
        "uplift": dict(UPLIFT),
        "status_counts": {key: int(counts.get(key, 0)) for key in UPLIFT},
        "expected_incremental": round(float((p1 - p0).mean()), 6),
        "expected_incremental_by_status": {
            key: round(float((p1 - p0)[status == key].mean()), 6) if (status == key).any()
            else None for key in UPLIFT},
    }
    return Simulation(tables={"supermarket_offer_test": table}, truth=truth, seed=seed,
                      n_customers=n)
