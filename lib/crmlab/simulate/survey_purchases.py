"""Purchase log of the loyalty-survey respondents: repeat buying with or without attitude (C14).

The respondents of :mod:`crmlab.simulate.survey` (same ``n_customers`` and ``seed``, so the same
people and answers) shop month by month for a year before the survey (2024) and a year after
it (2025). How the log is planted:

* each respondent's attitude ``a`` is their loyalty index (the mean of the z-scores of the five
  loyalty answers, scaled to sd 1) and their habit ``h ~ N(0, 1)`` is independent of it (living
  next door, no other shop on the way home): repeat buying without attitude;
* visits per month in 2024 are Poisson with mean ``exp(mu + b_a a + b_h h)``; each visit spends
  a lognormal basket whose mean rises with attitude (loyal customers buy more of their shopping
  here);
* in 2025 the customers the survey marks ``churned`` stop buying from a month drawn at random;
  customers who had a problem and did not complain come less (their visit rate times
  ``come_less["silent"]``), complainers a little less, the others as before.

So repeat buying (2024 visits) and attitude (the survey) disagree for many customers, Dick and
Basu's spurious and latent loyalty; and the 2025 change against customers without a problem
measures what silent unhappiness costs.

Examples
--------
>>> from crmlab.simulate import survey_purchases
>>> sim = survey_purchases.generate(200, seed=4)
>>> list(sim["survey_purchases"].columns)
['customer_id', 'month', 'visits', 'amount']
>>> sim.truth["survey_date"]
'2025-01-01'
"""

from __future__ import annotations

import numpy as np

from .._validate import check_seed
from . import survey
from ._core import Column, Simulation, Table, check_scale

__all__ = ["DEFAULT_SEED", "DEFAULT_CUSTOMERS", "TABLES", "generate"]

DEFAULT_SEED = survey.DEFAULT_SEED
DEFAULT_CUSTOMERS = survey.DEFAULT_CUSTOMERS

SURVEY_DATE = "2025-01-01"
BASE_VISITS = 2.2  # visits a month of a respondent with average attitude and habit
ATTITUDE_EFFECT = 0.30  # log visit rate per sd of attitude
HABIT_EFFECT = 0.55  # log visit rate per sd of habit
MAX_VISITS = 20.0  # a month's visit rate is capped (nobody shops more than most days)
BASKET_MEAN = 85.0  # yuan per visit at average attitude
BASKET_ATTITUDE = 0.10  # log basket per sd of attitude
BASKET_SD = 0.35  # lognormal spread of one basket
COME_LESS = {"silent": 0.75, "complained": 0.95}  # 2025 visit rate / 2024 visit rate

TABLES = (
    Table(
        "survey_purchases",
        "Purchase log of the loyalty-survey respondents (same customer_id as loyalty_survey): "
        "one row per customer and month with at least one visit, 2024 (the year before the "
        "survey of 2025-01-01) and 2025 (the year after).",
        (
            Column("customer_id", "int", "", "respondent number (see loyalty_survey)"),
            Column("month", "date", "", "first day of the month"),
            Column("visits", "int", "visits", "shopping visits in the month (at least 1)"),
            Column("amount", "float", "yuan", "spend in the month, all visits"),
        ),
        ("C14", "C16", "C30"),
    ),
)


def generate(n_customers: int = DEFAULT_CUSTOMERS, *, seed: int = DEFAULT_SEED) -> Simulation:
    """Simulate the monthly purchases of the loyalty-survey respondents, before and after.

    Parameters
    ----------
    n_customers : int
        Number of respondents (at least 50), as in :func:`crmlab.simulate.survey.generate`.
    seed : int
        The survey's seed: the respondents are those of ``survey.generate(n_customers,
        seed=seed)``; the purchases use a random stream of their own.

    Returns
    -------
    Simulation
        Table ``survey_purchases``; ``truth`` holds the planted effects and, measured on the
        data, the visit change of each problem group against customers without a problem.

    Examples
    --------
    >>> sim = generate(300, seed=5)
    >>> sim.truth["come_less"]["silent"]
    0.75
    """
    import pandas as pd

    n = check_scale(n_customers, minimum=50)
    seed = check_seed(seed)
    answers = survey.generate(n, seed=seed)["loyalty_survey"]
    rng = np.random.default_rng([seed, 2])
    comps = answers[list(survey.COMPONENTS)].to_numpy(dtype=float)
    index = ((comps - comps.mean(axis=0)) / comps.std(axis=0)).mean(axis=1)
    attitude = (index - index.mean()) / index.std()
    habit = rng.standard_normal(n)
    rate = BASE_VISITS * np.exp(ATTITUDE_EFFECT * attitude + HABIT_EFFECT * habit
                                - (ATTITUDE_EFFECT**2 + HABIT_EFFECT**2) / 2)
    rate = np.minimum(rate, MAX_VISITS)
    problem = answers["had_problem"].to_numpy()
    complained = answers["complained"].to_numpy()
    churned = answers["churned"].to_numpy()
    factor = np.where(problem & ~complained, COME_LESS["silent"],
                      np.where(complained, COME_LESS["complained"], 1.0))
    leave_month = np.where(churned, rng.integers(0, 12, n), 12)  # 2025 months bought in
    months = pd.date_range("2024-01-01", periods=24, freq="MS")
    visits = rng.poisson(np.column_stack([np.repeat(rate[:, None], 12, axis=1),
                                          np.repeat((rate * factor)[:, None], 12, axis=1)]))
    visits[:, 12:][np.arange(12)[None, :] >= leave_month[:, None]] = 0
    basket_mean = BASKET_MEAN * np.exp(BASKET_ATTITUDE * attitude)
    who, when = np.nonzero(visits)
    count = visits[who, when]
    # the sum of k lognormal baskets, drawn as k times a lognormal mean of k baskets (close enough)
    spread = BASKET_SD / np.sqrt(count)
    noise = spread * rng.standard_normal(len(who)) - spread**2 / 2
    amount = count * basket_mean[who] * np.exp(noise)
    log = pd.DataFrame({
        "customer_id": answers["customer_id"].to_numpy()[who],
        "month": months[when],
        "visits": count.astype(int),
        "amount": np.round(amount, 2),
    })
    return Simulation(tables={"survey_purchases": log},
                      truth=_truth(log, answers, habit, attitude), seed=seed, n_customers=n)


def _truth(log, answers, habit, attitude):
    import pandas as pd

    year = np.where(log["month"] < pd.Timestamp(SURVEY_DATE), "before", "after")
    per = log.groupby(["customer_id", year])["visits"].sum().unstack(fill_value=0)
    per = per.reindex(answers["customer_id"], fill_value=0)
    stay = ~answers["churned"].to_numpy()
    problem, complained = answers["had_problem"].to_numpy(), answers["complained"].to_numpy()
    groups = {"no_problem": ~problem, "silent": problem & ~complained, "complained": complained}
    change = {}
    for name, mask in groups.items():
        kept = mask & stay & (per["before"].to_numpy() > 0)
        change[name] = (round(float(per["after"].to_numpy()[kept].sum()
                                    / per["before"].to_numpy()[kept].sum()), 4)
                        if kept.any() else None)
    return {
        "survey_date": SURVEY_DATE,
        "respondents": "those of crmlab.simulate.survey at the same n_customers and seed",
        "attitude": "loyalty index of the survey answers, scaled to mean 0 and sd 1",
        "habit": "N(0, 1), independent of attitude: repeat buying without attitude",
        "visits_per_month": "Poisson, mean base * exp(attitude_effect * attitude + "
        "habit_effect * habit), centred so the average rate is base",
        "base_visits_per_month": BASE_VISITS,
        "attitude_effect": ATTITUDE_EFFECT,
        "habit_effect": HABIT_EFFECT,
        "max_visits_per_month": MAX_VISITS,
        "basket_mean_yuan": BASKET_MEAN,
        "basket_attitude_effect": BASKET_ATTITUDE,
        "come_less": COME_LESS,
        "leavers": "customers with churned = True buy nothing from a random month of 2025 on",
        "observed": {
            "visit_ratio_after_before_kept": change,
            "habit_attitude_correlation": round(float(np.corrcoef(habit, attitude)[0, 1]), 4),
            "rows": int(len(log)),
            "revenue_yuan": round(float(log["amount"].sum()), 2),
        },
    }
