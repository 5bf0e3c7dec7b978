"""Loyalty survey: five drivers, five loyalty answers, a halo and silent leavers (C15-C17, C28).

About 2,000 customers rate the five drivers of loyalty (C15) on 1-7 scales and answer five
loyalty questions (C16): overall satisfaction, initiative to deepen the relationship and
repurchase intention and resistance to competitors on 1-7 scales, likelihood to recommend
on 0-10. They also say whether they had a problem and whether they complained; a year later
we know who left. Each respondent gets one of the four loyalty stages of C17.

How the ratings are planted:

* a respondent halo ``h ~ N(0, 1)`` (general positivity) and independent true perceptions
  ``t_j ~ N(0, 1)`` combine into each driver ``x_j = sqrt(1 - eta) t_j + sqrt(eta) h``
  (``eta = truth["halo_share"]``), rated ``r_j = clip(round(c_j + 1.25 x_j), 1, 7)``;
* loyalty follows the standardised ratings ``z_j`` with the planted relative weights
  ``w_j`` (summing to 1): ``y = sqrt(R2) L / sd(L) + sqrt(1 - R2) e`` with ``L = sum_j w_j z_j``;
* each loyalty component is ``lambda y + sqrt(1 - lambda^2) u_k`` put on its scale.

So a driver analysis -- regress the loyalty index (the mean of the five standardised
components) on the five standardised drivers -- gives coefficients proportional to
``w_j``; normalised to sum to 1 they recover the weights. Because the halo enters every
driver, the drivers correlate with each other and every driver correlates strongly with
loyalty, even the one with a small weight: naive correlations mislead.

Only ``truth["complaint_rate_given_problem"]`` (4 %) of customers with a problem complain;
most unhappy customers leave in silence.

Examples
--------
>>> from crmlab.simulate import survey
>>> sim = survey.generate(500, seed=2)
>>> sim["loyalty_survey"].shape
(500, 15)
>>> round(sum(sim.truth["driver_weights"].values()), 6)
1.0
"""

from __future__ import annotations

import numpy as np

from .._validate import check_number, check_seed
from ._core import Column, Simulation, Table, check_scale

__all__ = ["DEFAULT_SEED", "DEFAULT_CUSTOMERS", "TABLES", "DRIVERS", "COMPONENTS", "STAGES",
           "generate"]

DEFAULT_SEED = 1517
DEFAULT_CUSTOMERS = 2000

#: The five drivers of loyalty (C15) and their planted relative weights (sum 1).
DRIVERS = ("satisfaction", "trust", "communication", "convenience", "rewards")
DRIVER_WEIGHTS = (0.35, 0.25, 0.17, 0.15, 0.08)
DRIVER_CENTRES = (4.9, 4.7, 4.3, 5.1, 3.9)  # mean rating on the 1-7 scale, roughly
#: The five components of loyalty (C16), in the order of the course.
COMPONENTS = ("overall_satisfaction", "deepen_relationship", "repurchase_intention", "recommend",
              "resist_competitors")
COMPONENT_CENTRES = (4.8, 4.0, 4.9, 7.0, 4.2)
#: The four stages of a loyal customer (C17), from first to last.
STAGES = (
    "wary observation",
    "random purchase",
    "repeat purchase",
    "loyal purchase",
)  # as crmlab.loyalty.LADDER_STAGES
STAGE_SHARES = (0.15, 0.25, 0.35, 0.25)
_STAGE_CUTS = (-1.0364, -0.2533, 0.6745)  # standard normal quantiles at 0.15, 0.40, 0.75

HALO_SHARE = 0.55  # share of each driver's variance that is the respondent's halo
DRIVERS_R2 = 0.8  # share of the loyalty variance explained by the drivers
LOADING = 0.9  # how strongly each loyalty answer reflects loyalty
PROBLEM_RATE = 0.3
PROBLEM_EFFECT = {"satisfaction": -0.8, "trust": -0.4}  # shift of the true perception
COMPLAINT_RATE = 0.04  # share of customers with a problem who complain
#: logit P(left within a year) = b0 + b_loyalty y + b_problem problem + b_complained complained
CHURN_LOGIT = {"intercept": -2.0, "loyalty": -0.9, "problem": 1.4, "complained": -1.2}

TABLES = (
    Table(
        "loyalty_survey",
        "One row per surveyed customer: five drivers of loyalty (C15), five loyalty answers "
        "(C16), problems and complaints, churn a year later and loyalty stage (C17). Ratings "
        "carry a planted halo: general positivity raises all five driver ratings.",
        (
            Column("customer_id", "int", "", "respondent number"),
            Column(
                "satisfaction",
                "int",
                "1-7 scale",
                "driver: satisfaction with the product and service",
            ),
            Column("trust", "int", "1-7 scale", "driver: trust in the firm"),
            Column(
                "communication",
                "int",
                "1-7 scale",
                "driver: information and emotional communication",
            ),
            Column("convenience", "int", "1-7 scale", "driver: convenience of buying"),
            Column("rewards", "int", "1-7 scale", "driver: loyalty rewards and perks"),
            Column(
                "overall_satisfaction",
                "int",
                "1-7 scale",
                "loyalty: overall satisfaction with the relationship",
            ),
            Column(
                "deepen_relationship",
                "int",
                "1-7 scale",
                "loyalty: initiative to keep and deepen the relationship",
            ),
            Column("repurchase_intention", "int", "1-7 scale", "loyalty: will buy again"),
            Column("recommend", "int", "0-10 scale", "loyalty: likelihood to recommend"),
            Column(
                "resist_competitors",
                "int",
                "1-7 scale",
                "loyalty: would turn down a competitor's offer",
            ),
            Column("had_problem", "bool", "", "had a problem with the firm in the past year"),
            Column("complained", "bool", "", "complained to the firm about it"),
            Column("churned", "bool", "", "left within a year of the survey"),
            Column("stage", "category", "", "loyalty stage (C17)", STAGES),
        ),
        ("C15", "C16", "C17", "C28"),
    ),
)


def generate(n_customers: int = DEFAULT_CUSTOMERS, *, seed: int = DEFAULT_SEED,
             answer_halo: float = 0.0) -> Simulation:
    """Simulate the loyalty survey with planted driver weights, halo and silent leavers.

    Parameters
    ----------
    n_customers : int
        Number of respondents (at least 50).
    seed : int
        Seed of ``numpy.random.default_rng`` (0 to 2**32 - 1).
    answer_halo : float
        How strongly the respondent's halo also lifts the five loyalty answers, in sds of the
        answer per sd of halo (0 to 2). The committed table has 0: the halo sits in the driver
        ratings only. With a positive value the same general positivity lifts both sides of a
        driver analysis (common-method bias), so its coefficients no longer recover the planted
        weights; behaviour (``churned``) is untouched. No extra random numbers are drawn, so
        the other columns are those of ``answer_halo=0``.

    Returns
    -------
    Simulation
        Table ``loyalty_survey``; ``truth`` holds the planted weights ``driver_weights``
        (standardised regression coefficients of the loyalty index on the five drivers,
        normalised to sum to 1), ``halo_share``, ``complaint_rate_given_problem``,
        ``churn_logit`` and figures measured on the data (``observed``).

    Examples
    --------
    >>> sim = generate(300, seed=5)
    >>> sim.truth["complaint_rate_given_problem"]
    0.04
    >>> generate(10, seed=5)
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: n_customers must be in [50, inf); got 10.
    """
    import pandas as pd

    n = check_scale(n_customers, minimum=50)
    seed = check_seed(seed)
    answer_halo = check_number(answer_halo, name="answer_halo", low=0, high=2)
    rng = np.random.default_rng(seed)

    problem = rng.random(n) < PROBLEM_RATE
    halo = rng.standard_normal(n)
    true = rng.standard_normal((n, len(DRIVERS)))
    for name, shift in PROBLEM_EFFECT.items():
        true[:, DRIVERS.index(name)] += shift * problem
    x = np.sqrt(1 - HALO_SHARE) * true + np.sqrt(HALO_SHARE) * halo[:, None]
    ratings = _scale(np.array(DRIVER_CENTRES) + 1.25 * x, 1, 7)
    z = _standardise(ratings)
    core = z @ np.array(DRIVER_WEIGHTS)
    core = (core - core.mean()) / core.std()
    loyalty = np.sqrt(DRIVERS_R2) * core + np.sqrt(1 - DRIVERS_R2) * rng.standard_normal(n)

    latent = LOADING * loyalty[:, None] + np.sqrt(1 - LOADING**2) * rng.standard_normal((n, 5))
    latent += answer_halo * halo[:, None]
    answers = np.empty((n, 5), dtype=int)
    for k, centre in enumerate(COMPONENT_CENTRES):
        if COMPONENTS[k] == "recommend":
            answers[:, k] = _scale(centre + 2.0 * latent[:, k], 0, 10)
        else:
            answers[:, k] = _scale(centre + 1.3 * latent[:, k], 1, 7)

    complained = problem & (rng.random(n) < COMPLAINT_RATE)
    b = CHURN_LOGIT
    logit = (
        b["intercept"]
        + b["loyalty"] * loyalty
        + b["problem"] * problem
        + b["complained"] * complained
    )
    churned = rng.random(n) < 1 / (1 + np.exp(-logit))
    stage_score = (loyalty + 0.35 * rng.standard_normal(n)) / np.sqrt(1 + 0.35**2)
    stage = np.searchsorted(np.array(_STAGE_CUTS), stage_score)

    frame = pd.DataFrame({"customer_id": np.arange(1, n + 1)})
    for j, name in enumerate(DRIVERS):
        frame[name] = ratings[:, j]
    for k, name in enumerate(COMPONENTS):
        frame[name] = answers[:, k]
    frame["had_problem"] = problem
    frame["complained"] = complained
    frame["churned"] = churned
    frame["stage"] = pd.Categorical.from_codes(stage, categories=STAGES, ordered=True)
    truth = _truth(frame)
    if answer_halo:
        truth["answer_halo"] = answer_halo
    return Simulation(tables={"loyalty_survey": frame}, truth=truth, seed=seed, n_customers=n)


def _scale(values, low, high):
    return np.clip(np.rint(values), low, high).astype(int)


def _standardise(a):
    sd = a.std(axis=0)
    return (a - a.mean(axis=0)) / np.where(sd > 0, sd, 1.0)


def _truth(frame):
    problem, complained, churned = (
        frame[c].to_numpy() for c in ("had_problem", "complained", "churned")
    )
    drivers = frame[list(DRIVERS)].to_numpy(dtype=float)
    index = _standardise(frame[list(COMPONENTS)].to_numpy(dtype=float)).mean(axis=1)
    corr = np.corrcoef(drivers, rowvar=False)
    pairs = corr[np.triu_indices(len(DRIVERS), 1)]
    with_index = [float(np.corrcoef(drivers[:, j], index)[0, 1]) for j in range(len(DRIVERS))]
    z = np.column_stack([_standardise(drivers), np.ones(len(frame))])
    beta = np.linalg.lstsq(z, (index - index.mean()) / index.std(), rcond=None)[0][:-1]

    def rate(mask):
        return round(float(churned[mask].mean()), 4) if mask.any() else None

    leavers_with_problem = churned & problem
    return {
        "driver_weights": dict(zip(DRIVERS, DRIVER_WEIGHTS)),
        "loyalty_index": "mean of the z-scores of the five loyalty components "
        + ", ".join(COMPONENTS),
        "driver_analysis": "OLS of the standardised loyalty index on the five standardised "
        "drivers; coefficients / their sum estimate driver_weights",
        "halo_share": HALO_SHARE,
        "drivers_r2": DRIVERS_R2,
        "component_loading": LOADING,
        "problem_rate": PROBLEM_RATE,
        "problem_effect": PROBLEM_EFFECT,
        "complaint_rate_given_problem": COMPLAINT_RATE,
        "churn_logit": CHURN_LOGIT,
        "stage_shares": dict(zip(STAGES, STAGE_SHARES)),
        "observed": {
            "standardised_coefficients": dict(zip(DRIVERS, np.round(beta, 4).tolist())),
            "relative_weights": dict(zip(DRIVERS, np.round(beta / beta.sum(), 4).tolist())),
            "mean_driver_correlation": round(float(pairs.mean()), 4),
            "driver_index_correlations": dict(zip(DRIVERS, np.round(with_index, 4).tolist())),
            "problem_rate": round(float(problem.mean()), 4),
            "complaint_rate_given_problem": round(float(complained[problem].mean()), 4)
            if problem.any()
            else None,
            "churn_rate": round(float(churned.mean()), 4),
            "churn_rate_no_problem": rate(~problem),
            "churn_rate_problem_silent": rate(problem & ~complained),
            "churn_rate_problem_complained": rate(complained),
            "silent_share_of_unhappy_leavers": round(
                float((leavers_with_problem & ~complained).sum() / leavers_with_problem.sum()), 4
            )
            if leavers_with_problem.any()
            else None,
        },
    }
