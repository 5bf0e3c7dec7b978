"""Fast food in China by age group: who spends most now, and who is worth most (C10).

A cohort of about 5,000 first-time customers of a fast-food chain, in the five age groups of
C10 (5-14, 15-20, 20-30, 30-45, 45+). For each we know what they spend per visit, whether
they came back, and for those who did how often they visit and for how many years they
stay, plus how many family members they bring along and what those spend. The group table
``fastfood_age_groups`` summarises the customers, so its figures carry sampling noise.

Planted (C10): the 20-30 group spends most per visit and per year, but the 5-14 group has
the highest lifetime value once repeat rate, years retained and family influence count:

    LTV = margin * (spend_per_visit + family_spend_per_visit) * visits_per_year
          * repeat_rate * A(years_retained),   A(Y) = (1 - (1 + d)^-Y) / d

with ``d = discount_rate``: the margin on a year's spending by a returning customer and the
family they bring, over the years they stay, discounted, times the chance that a first-time
customer returns. ``truth["ltv_ranking"]`` is the planted order.

Examples
--------
>>> from crmlab.simulate import fastfood
>>> sim = fastfood.generate(1000, seed=4)
>>> sim["fastfood_age_groups"]["age_group"].tolist()
['5-14', '15-20', '20-30', '30-45', '45+']
>>> sim.truth["ltv_ranking"][0], sim.truth["spend_ranking"][0]
('5-14', '20-30')
"""

from __future__ import annotations

import numpy as np

from .._validate import check_seed
from ._core import Column, Simulation, Table, check_scale

__all__ = ["DEFAULT_SEED", "DEFAULT_CUSTOMERS", "TABLES", "AGE_GROUPS", "generate"]

DEFAULT_SEED = 1990
DEFAULT_CUSTOMERS = 5000

AGE_GROUPS = ("5-14", "15-20", "20-30", "30-45", "45+")
_AGES = ((5, 14), (15, 19), (20, 29), (30, 44), (45, 75))  # whole years drawn in each group
MARGIN = 0.35         # gross margin on food sales
DISCOUNT_RATE = 0.08  # yearly discount rate of the lifetime value

#: planted means per age group: share of customers, own spend per visit (yuan), visits a
#: year while retained, repeat rate, years retained (returning customers), family members
#: brought per visit, spend per family member per visit (yuan).
PLANTED = {
    "5-14": dict(share=0.18, spend=22.0, visits=8.0, repeat=0.85, years=15.0, family=2.0,
                 member_spend=24.0),
    "15-20": dict(share=0.17, spend=30.0, visits=10.0, repeat=0.65, years=8.0, family=0.25,
                  member_spend=24.0),
    "20-30": dict(share=0.30, spend=45.0, visits=9.0, repeat=0.45, years=4.0, family=0.2,
                  member_spend=25.0),
    "30-45": dict(share=0.22, spend=40.0, visits=5.0, repeat=0.40, years=5.0, family=0.8,
                  member_spend=25.0),
    "45+": dict(share=0.13, spend=35.0, visits=3.0, repeat=0.35, years=5.0, family=0.4,
                member_spend=25.0),
}

_GROUP = Column("age_group", "category", "years", "age group of the customer", AGE_GROUPS)

TABLES = (
    Table(
        "fastfood_customers",
        "One row per first-time customer of the cohort, followed up over the years.",
        (
            Column("customer_id", "int", "", "customer number"),
            _GROUP,
            Column("age", "int", "years", "age at the first visit"),
            Column("spend_per_visit", "float", "yuan", "own spend per visit"),
            Column("returned", "bool", "", "came back after the first visit"),
            Column("visits_per_year", "int", "visits",
                   "visits a year while a customer; 0 if never returned"),
            Column("years_retained", "float", "years",
                   "years the customer kept coming; 0 if never returned"),
            Column("family_members", "float", "people",
                   "extra family members brought per visit, on average"),
            Column("family_spend_per_visit", "float", "yuan",
                   "extra spend per visit by the family members brought"),
        ),
        ("C10",),
    ),
    Table(
        "fastfood_age_groups",
        "Summary of fastfood_customers by age group (C10). visits_per_year and "
        "years_retained are means over returning customers; the rest over all customers. "
        "LTV = margin * (spend_per_visit + family_spend_per_visit) * visits_per_year * "
        "repeat_rate * (1 - (1 + discount_rate)^-years_retained) / discount_rate.",
        (
            _GROUP,
            Column("customers", "int", "customers", "customers in the group"),
            Column("spend_per_visit", "float", "yuan", "mean own spend per visit"),
            Column("visits_per_year", "float", "visits",
                   "mean visits a year of returning customers"),
            Column("repeat_rate", "float", "share", "share of customers who came back"),
            Column("years_retained", "float", "years", "mean years kept, returning customers"),
            Column("family_members", "float", "people", "mean extra family members per visit"),
            Column("family_spend_per_visit", "float", "yuan",
                   "mean extra spend per visit by family members brought"),
            Column("margin", "float", "share", "gross margin on sales"),
            Column("discount_rate", "float", "per year", "discount rate for lifetime value"),
        ),
        ("C10",),
    ),
)


def _lifetime_value(groups):
    """Lifetime value in yuan of a new customer in each row of an age-group table.

    ``LTV = margin * (spend_per_visit + family_spend_per_visit) * visits_per_year
    * repeat_rate * (1 - (1 + discount_rate) ** -years_retained) / discount_rate``.

    >>> import pandas as pd
    >>> g = pd.DataFrame({"spend_per_visit": [20.0], "family_spend_per_visit": [30.0],
    ...                   "visits_per_year": [10.0], "repeat_rate": [0.5],
    ...                   "years_retained": [2.0], "margin": [0.4], "discount_rate": [0.25]})
    >>> _lifetime_value(g).round(2).tolist()
    [144.0]
    """
    d = groups["discount_rate"]
    annuity = (1 - (1 + d) ** -groups["years_retained"]) / d
    return (groups["margin"] * (groups["spend_per_visit"] + groups["family_spend_per_visit"])
            * groups["visits_per_year"] * groups["repeat_rate"] * annuity).rename("ltv")


def generate(n_customers: int = DEFAULT_CUSTOMERS, *, seed: int = DEFAULT_SEED) -> Simulation:
    """Simulate the fast-food cohort and its age-group summary, with the planted truth.

    Parameters
    ----------
    n_customers : int
        Number of first-time customers (at least 250, so every group has returners).
    seed : int
        Seed of ``numpy.random.default_rng`` (0 to 2**32 - 1).

    Returns
    -------
    Simulation
        Tables ``fastfood_customers`` and ``fastfood_age_groups``; ``truth`` holds the
        planted group means, the LTV formula, the planted rankings (``ltv_ranking``,
        ``spend_ranking``, ``annual_spend_ranking``, ``ltv_ranking_without_family``) and
        the LTV of each group computed from the planted means and from the group table.

    Examples
    --------
    >>> sim = generate(500, seed=8)
    >>> int(sim["fastfood_age_groups"]["customers"].sum())
    500
    >>> generate(100, seed=8)
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: n_customers must be in [250, inf); got 100.
    """
    import pandas as pd

    n = check_scale(n_customers, minimum=250)
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    shares = [PLANTED[g]["share"] for g in AGE_GROUPS]
    group = rng.choice(len(AGE_GROUPS), size=n, p=shares)
    p = {key: np.array([PLANTED[g][key] for g in AGE_GROUPS])[group]
         for key in PLANTED["5-14"]}
    low, high = np.array(_AGES).T
    age = rng.integers(low[group], high[group] + 1)
    spend = np.round(p["spend"] * rng.gamma(16.0, 1 / 16.0, n), 2)
    returned = rng.random(n) < p["repeat"]
    visits = np.where(returned, 1 + rng.poisson(p["visits"] - 1), 0)
    years = np.where(returned, np.round(p["years"] * rng.gamma(2.0, 0.5, n), 1), 0.0)
    family = np.round(p["family"] * rng.gamma(3.0, 1 / 3.0, n), 2)
    family_spend = np.round(family * p["member_spend"] * rng.gamma(16.0, 1 / 16.0, n), 2)

    customers = pd.DataFrame({
        "customer_id": np.arange(1, n + 1),
        "age_group": pd.Categorical.from_codes(group, categories=AGE_GROUPS, ordered=True),
        "age": age,
        "spend_per_visit": spend,
        "returned": returned,
        "visits_per_year": visits,
        "years_retained": years,
        "family_members": family,
        "family_spend_per_visit": family_spend,
    })
    groups = _summarise(customers)
    tables = {"fastfood_customers": customers, "fastfood_age_groups": groups}
    return Simulation(tables=tables, truth=_truth(groups), seed=seed, n_customers=n)


def _summarise(customers):
    import pandas as pd

    by = customers.groupby("age_group", observed=False)
    back = customers[customers["returned"]].groupby("age_group", observed=False)
    out = pd.DataFrame({
        "customers": by.size(),
        "spend_per_visit": by["spend_per_visit"].mean().round(2),
        "visits_per_year": back["visits_per_year"].mean().round(2),
        "repeat_rate": by["returned"].mean().round(3),
        "years_retained": back["years_retained"].mean().round(2),
        "family_members": by["family_members"].mean().round(2),
        "family_spend_per_visit": by["family_spend_per_visit"].mean().round(2),
    })
    out["margin"] = MARGIN
    out["discount_rate"] = DISCOUNT_RATE
    out = out.reset_index()
    out["customers"] = out["customers"].astype(int)
    return out


def _ranking(values):
    order = sorted(range(len(AGE_GROUPS)), key=lambda i: (-values[i], i))
    return [AGE_GROUPS[i] for i in order]


def _truth(groups):
    import pandas as pd

    planted = pd.DataFrame({
        "spend_per_visit": [PLANTED[g]["spend"] for g in AGE_GROUPS],
        "family_spend_per_visit": [PLANTED[g]["family"] * PLANTED[g]["member_spend"]
                                   for g in AGE_GROUPS],
        "visits_per_year": [PLANTED[g]["visits"] for g in AGE_GROUPS],
        "repeat_rate": [PLANTED[g]["repeat"] for g in AGE_GROUPS],
        "years_retained": [PLANTED[g]["years"] for g in AGE_GROUPS],
        "margin": MARGIN,
        "discount_rate": DISCOUNT_RATE,
    })
    ltv = _lifetime_value(planted).to_numpy()
    own = _lifetime_value(planted.assign(family_spend_per_visit=0.0)).to_numpy()
    annual = (planted["spend_per_visit"] * planted["visits_per_year"]).to_numpy()
    observed = _lifetime_value(groups).to_numpy()
    return {
        "age_groups": list(AGE_GROUPS),
        "planted": {g: dict(PLANTED[g]) for g in AGE_GROUPS},
        "margin": MARGIN,
        "discount_rate": DISCOUNT_RATE,
        "ltv_formula": "margin * (spend_per_visit + family_spend_per_visit) * visits_per_year "
                       "* repeat_rate * (1 - (1 + discount_rate)**-years_retained) "
                       "/ discount_rate",
        "planted_ltv": dict(zip(AGE_GROUPS, np.round(ltv, 2).tolist())),
        "ltv_ranking": _ranking(ltv),
        "ltv_ranking_without_family": _ranking(own),
        "spend_ranking": _ranking(planted["spend_per_visit"].to_numpy()),
        "annual_spend_ranking": _ranking(annual),
        "observed_ltv": dict(zip(AGE_GROUPS, np.round(observed, 2).tolist())),
        "observed_ltv_ranking": _ranking(observed),
    }
