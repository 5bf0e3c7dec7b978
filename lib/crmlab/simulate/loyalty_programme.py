"""A points programme piloted against a random hold-out group (C18).

A supermarket chain tries S1's "shopping points for discounts" for a year: members collect one
point per yuan and redeem 100 points for 2 yuan off, so at most 2 % of spend comes back. Before
the start, a random 20 % of the eligible card holders were held out: they shop as before, without
points. Each card holder's loyalty stage (C17) was read from their purchase history at the
start. How the year is planted:

* stage shares as in the loyalty survey; spend in the year before is lognormal with a mean that
  rises with the stage;
* each stage has a baseline one-year retention (the chance of still buying at the end of the
  year) and the programme adds a few percentage points to it, most for the middle stages: the
  already loyal stay anyway (deadweight), the barely known hardly notice the points;
* members who stay spend a little more (a larger share of their shopping); leavers buy for part
  of the year only;
* members redeem their points with some probability; the rewards redeemed are the programme's
  direct cost (running costs, such as cards and the IT system, are not in the table).

The gross margin of the chain (on sales, before the rewards) is in the truth, not in the table:
the sales data cannot show it.

Examples
--------
>>> from crmlab.simulate import loyalty_programme
>>> sim = loyalty_programme.generate(500, seed=3)
>>> sorted(sim["loyalty_programme"]["group"].unique())
['holdout', 'programme']
>>> sim.truth["gross_margin"]
0.2
"""

from __future__ import annotations

import numpy as np

from .._validate import check_seed
from ._core import Column, Simulation, Table, check_scale

__all__ = ["DEFAULT_SEED", "DEFAULT_CUSTOMERS", "TABLES", "STAGES", "generate"]

DEFAULT_SEED = 1818
DEFAULT_CUSTOMERS = 10_000

STAGES = ("wary observation", "random purchase", "repeat purchase", "loyal purchase")
STAGE_SHARES = (0.15, 0.25, 0.35, 0.25)
SPEND_BEFORE = (600.0, 1500.0, 3500.0, 6000.0)  # mean yuan in the year before, by stage
SPEND_SD = 0.6  # lognormal spread of a year's spend
RETENTION = (0.40, 0.60, 0.78, 0.92)  # one-year retention without the programme, by stage
UPLIFT = (0.02, 0.05, 0.06, 0.01)  # added by the programme (percentage points / 100), by stage
SPEND_LIFT = 0.05  # members who stay spend 5 % more
HOLDOUT_SHARE = 0.2
REWARD_RATE = 0.02  # yuan of discount per yuan spent, if the points are redeemed
REDEEM = {"stayed": 0.8, "left": 0.3}  # chance that a member redeems their points
GROSS_MARGIN = 0.2  # the chain's gross margin on sales, before rewards (an assumption)

TABLES = (
    Table(
        "loyalty_programme",
        "A supermarket chain's points-for-discount pilot (C18): one row per eligible card "
        "holder, randomly put in the programme or in the 20 % hold-out group, with spend in "
        "the year before and the year of the pilot, and the rewards members redeemed.",
        (
            Column("customer_id", "int", "", "card holder number"),
            Column("stage", "category", "", "loyalty stage (C17) at the start, from purchase "
                   "history", STAGES),
            Column("group", "category", "", "programme (collects points) or holdout (picked at "
                   "random to go without)", ("programme", "holdout")),
            Column("spend_before", "float", "yuan", "spend in the year before the pilot"),
            Column("retained", "bool", "", "still buying at the end of the pilot year"),
            Column("spend_during", "float", "yuan", "spend in the pilot year"),
            Column("reward_cost", "float", "yuan", "discounts redeemed with points in the pilot "
                   "year (0 for the hold-out group)"),
        ),
        ("C17", "C18"),
    ),
)


def generate(n_customers: int = DEFAULT_CUSTOMERS, *, seed: int = DEFAULT_SEED) -> Simulation:
    """Simulate the points pilot with its hold-out group and planted retention effects.

    Parameters
    ----------
    n_customers : int
        Number of eligible card holders (at least 100).
    seed : int
        Seed of ``numpy.random.default_rng`` (0 to 2**32 - 1).

    Returns
    -------
    Simulation
        Table ``loyalty_programme``; ``truth`` holds the planted retention and uplift by stage,
        the reward rules and the gross margin, and the effects measured on the data.

    Examples
    --------
    >>> sim = generate(400, seed=1)
    >>> sim.truth["uplift"]["repeat purchase"]
    0.06
    """
    import pandas as pd

    n = check_scale(n_customers, minimum=100)
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    stage = rng.choice(len(STAGES), size=n, p=STAGE_SHARES)
    mean = np.array(SPEND_BEFORE)[stage]
    spend_before = mean * np.exp(SPEND_SD * rng.standard_normal(n) - SPEND_SD**2 / 2)
    member = rng.random(n) >= HOLDOUT_SHARE
    p_stay = np.array(RETENTION)[stage] + member * np.array(UPLIFT)[stage]
    retained = rng.random(n) < p_stay
    growth = np.exp(0.15 * rng.standard_normal(n) - 0.15**2 / 2)
    part_year = np.where(retained, 1.0, rng.random(n))
    lift = np.where(member & retained, 1 + SPEND_LIFT, 1.0)
    spend_during = spend_before * growth * part_year * lift
    redeems = rng.random(n) < np.where(retained, REDEEM["stayed"], REDEEM["left"])
    reward = np.where(member & redeems, REWARD_RATE * spend_during, 0.0)
    frame = pd.DataFrame({
        "customer_id": np.arange(1, n + 1),
        "stage": pd.Categorical.from_codes(stage, categories=STAGES, ordered=True),
        "group": pd.Categorical(np.where(member, "programme", "holdout"),
                                categories=["programme", "holdout"], ordered=True),
        "spend_before": np.round(spend_before, 2),
        "retained": retained,
        "spend_during": np.round(spend_during, 2),
        "reward_cost": np.round(reward, 2),
    })
    return Simulation(tables={"loyalty_programme": frame}, truth=_truth(frame), seed=seed,
                      n_customers=n)


def _truth(frame):
    member = frame["group"].eq("programme").to_numpy()
    kept = frame["retained"].to_numpy()
    r_prog, r_hold = kept[member].mean(), kept[~member].mean()
    extra = (r_prog - r_hold) * member.sum()
    cost = float(frame["reward_cost"].sum())
    by_stage = {}
    for s in STAGES:
        m = frame["stage"].eq(s).to_numpy()
        by_stage[s] = round(float(kept[m & member].mean() - kept[m & ~member].mean()), 4)
    return {
        "stages": list(STAGES),
        "stage_shares": dict(zip(STAGES, STAGE_SHARES)),
        "spend_before_mean_yuan": dict(zip(STAGES, SPEND_BEFORE)),
        "retention_without_programme": dict(zip(STAGES, RETENTION)),
        "uplift": dict(zip(STAGES, UPLIFT)),
        "spend_lift_of_members_who_stay": SPEND_LIFT,
        "holdout_share": HOLDOUT_SHARE,
        "reward_rate": REWARD_RATE,
        "redeem_probability": REDEEM,
        "gross_margin": GROSS_MARGIN,
        "observed": {
            "members": int(member.sum()),
            "holdout": int((~member).sum()),
            "retention_programme": round(float(r_prog), 4),
            "retention_holdout": round(float(r_hold), 4),
            "incremental_retention": round(float(r_prog - r_hold), 4),
            "incremental_retention_by_stage": by_stage,
            "extra_customers_kept": round(float(extra), 1),
            "reward_cost_yuan": round(cost, 2),
            "cost_per_extra_customer_kept_yuan": round(cost / extra, 2) if extra > 0 else None,
        },
    }
