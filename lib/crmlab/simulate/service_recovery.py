"""Supermarket A's service study: problems, complaints, how they were handled, who stayed (C29-C33).

Supermarket A (S3) follows a random sample of card holders through the first half of 2025. A
phone survey at the end of June asks each whether they had a problem on a visit, at which step of
the visit (the steps of the service blueprint, C31), how satisfied they were with their last
visit (1-5) and how likely they are to recommend the shop (0-10); the complaint log says who
complained and how the complaint was handled; the card data gives visits before and after and
whether the customer still shopped there six months later. How it is planted:

* a latent loyalty ``L ~ N(0, 1)`` raises visits before, the chance of staying and, because
  loyal customers speak up rather than walk away, the chance of complaining (so complainers
  are not a random sample of the unhappy);
* tenure (years as a card holder) is independent of ``L``; at the same service, satisfaction
  falls with tenure (repeat customers expect more, C29);
* a problem lowers the log-odds of staying (more for a major one); a complaint's handling adds
  to them: a bare no makes it worse, a fix with an alternative and a follow-up call at best
  undoes a minor problem. There is no recovery paradox in the truth: a perfectly handled minor
  problem leaves a customer exactly as likely to stay as one who had no problem;
* visits after (stayers) move with the same effects.

Examples
--------
>>> from crmlab.simulate import service_recovery
>>> sim = service_recovery.generate(300, seed=2)
>>> sim["service_recovery"].shape
(300, 16)
>>> sim.truth["recovery_paradox"]
False
"""

from __future__ import annotations

import numpy as np

from .._validate import check_seed
from ._core import Column, Simulation, Table, check_scale

__all__ = ["DEFAULT_SEED", "DEFAULT_CUSTOMERS", "TABLES", "STEPS", "RESPONSES", "generate"]

DEFAULT_SEED = 3131
DEFAULT_CUSTOMERS = 10_000

#: Steps of a visit where a problem happened (the blueprint's stages, C31), and their shares.
STEPS = ("arriving", "finding goods", "fresh food and shelves", "checkout", "after the visit")
STEP_SHARES = (0.08, 0.20, 0.25, 0.35, 0.12)
SEVERITIES = ("none", "minor", "major")
CHANNELS = ("none", "comment book", "phone", "online")
#: How a complaint was handled, from worst to best (S2: never a bare no; offer an alternative).
RESPONSES = ("none", "bare no", "apology only", "fixed", "fixed with an alternative")
PROBLEM_RATE = 0.3
#: Share of the problems at each step that are major: checkout problems are common but mostly
#: small (a queue); fresh-food problems are rarer and often serious (expired goods, S3).
MAJOR_SHARE = dict(zip(STEPS, (0.20, 0.15, 0.55, 0.12, 0.40)))
COMPLAIN_LOGIT = {"intercept": -2.2, "loyalty": 1.2, "major": 1.0}
RESPONSE_SHARES = (0.20, 0.25, 0.35, 0.20)  # bare no, apology only, fixed, fixed + alternative
FOLLOW_UP = 0.4  # share of fixed complaints followed up by a call
STAY_LOGIT = {"intercept": 1.9, "loyalty": 0.9, "minor": -0.9, "major": -1.8}
RECOVERY = {"bare no": -0.5, "apology only": 0.0, "fixed": 0.5, "fixed with an alternative": 0.8,
            "followed_up": 0.1}
VISITS_BEFORE = 3.0  # visits a month at average loyalty
VISIT_EFFECT = 0.3  # visits after / before = exp(VISIT_EFFECT * (problem + recovery effect))
BASKET = 90.0  # mean yuan per visit
TENURE_EFFECT = -0.12  # satisfaction (sd units) per year as a card holder
GROSS_MARGIN = 0.2

TABLES = (
    Table(
        "service_recovery",
        "Supermarket A's service study (C29-C33): one row per card holder of a random sample, "
        "January-June 2025, with any problem, the complaint and its handling, satisfaction, "
        "visits before and after, and whether the customer stayed.",
        (
            Column("customer_id", "int", "", "card holder number in the study"),
            Column("tenure_years", "float", "years", "years as a card holder"),
            Column("visits_before", "float", "visits a month", "average visits a month, "
                   "July-December 2024"),
            Column("basket", "float", "yuan", "average spend per visit, July-December 2024"),
            Column("had_problem", "bool", "", "had a problem on a visit, January-June 2025"),
            Column("problem_step", "category", "", "step of the visit where it happened "
                   "(none if no problem)", ("none", *STEPS)),
            Column("severity", "category", "", "how serious the problem was", SEVERITIES),
            Column("complained", "bool", "", "complained through any channel"),
            Column("channel", "category", "", "where the complaint was made", CHANNELS),
            Column("response", "category", "", "how the complaint was handled (none if no "
                   "complaint)", RESPONSES),
            Column("followed_up", "bool", "", "the shop called back after fixing it"),
            Column("csat", "int", "1-5 scale", "satisfaction with the last visit (5 = very "
                   "satisfied)"),
            Column("recommend", "int", "0-10 scale", "likelihood to recommend the shop"),
            Column("responded", "bool", "", "answered the phone survey (csat and recommend "
                   "are planted for everyone; a real study only has the answers of "
                   "responders)"),
            Column("stayed", "bool", "", "still shopping at supermarket A in December 2025"),
            Column("visits_after", "float", "visits a month", "average visits a month, "
                   "July-December 2025 (0 if the customer left)"),
        ),
        ("C29", "C30", "C31", "C32", "C33"),
    ),
)


def generate(n_customers: int = DEFAULT_CUSTOMERS, *, seed: int = DEFAULT_SEED) -> Simulation:
    """Simulate supermarket A's service study with planted complaint and recovery effects.

    Parameters
    ----------
    n_customers : int
        Number of card holders in the study (at least 100).
    seed : int
        Seed of ``numpy.random.default_rng`` (0 to 2**32 - 1).

    Returns
    -------
    Simulation
        Table ``service_recovery``; ``truth`` holds every planted effect and the rates measured
        on the data.

    Examples
    --------
    >>> sim = generate(500, seed=1)
    >>> sim.truth["recovery_effect"]["bare no"]
    -0.5
    """
    import pandas as pd

    n = check_scale(n_customers, minimum=100)
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    loyal = rng.standard_normal(n)
    tenure = np.round(rng.gamma(2.0, 2.0, n), 1)
    visits_before = VISITS_BEFORE * np.exp(0.4 * loyal + 0.3 * rng.standard_normal(n) - 0.125)
    basket = BASKET * np.exp(0.35 * rng.standard_normal(n) - 0.06)
    problem = rng.random(n) < PROBLEM_RATE
    step = np.where(problem, 1 + rng.choice(len(STEPS), size=n, p=STEP_SHARES), 0)
    major_share = np.array([0.0, *MAJOR_SHARE.values()])[step]
    major = problem & (rng.random(n) < major_share)
    c = COMPLAIN_LOGIT
    complained = problem & (rng.random(n) < _sigmoid(c["intercept"] + c["loyalty"] * loyal
                                                      + c["major"] * major))
    response = np.where(complained, 1 + rng.choice(4, size=n, p=RESPONSE_SHARES), 0)
    fixed = response >= 3
    followed = fixed & (rng.random(n) < FOLLOW_UP)
    channel = np.where(complained, 1 + rng.choice(3, size=n, p=(0.2, 0.45, 0.35)), 0)
    shift = (np.where(major, STAY_LOGIT["major"], np.where(problem, STAY_LOGIT["minor"], 0.0))
             + np.array([0.0, *(RECOVERY[r] for r in RESPONSES[1:])])[response]
             + RECOVERY["followed_up"] * followed)
    stayed = rng.random(n) < _sigmoid(STAY_LOGIT["intercept"] + STAY_LOGIT["loyalty"] * loyal
                                      + shift)
    visits_after = np.where(stayed, visits_before * np.exp(VISIT_EFFECT * shift
                                                           + 0.15 * rng.standard_normal(n)), 0.0)
    mood = 0.5 * loyal + 0.6 * shift + TENURE_EFFECT * (tenure - 4) + 0.8 * rng.standard_normal(n)
    csat = np.clip(np.rint(4.0 + 0.9 * mood), 1, 5).astype(int)
    recommend = np.clip(np.rint(7.6 + 1.8 * mood + 0.8 * rng.standard_normal(n)), 0, 10)
    responded = rng.random(n) < _sigmoid(-0.2 + 0.5 * mood)  # the satisfied answer more often
    frame = pd.DataFrame({
        "customer_id": np.arange(1, n + 1),
        "tenure_years": tenure,
        "visits_before": np.round(visits_before, 2),
        "basket": np.round(basket, 2),
        "had_problem": problem,
        "problem_step": _cat(step, ("none", *STEPS)),
        "severity": _cat(np.where(major, 2, np.where(problem, 1, 0)), SEVERITIES),
        "complained": complained,
        "channel": _cat(channel, CHANNELS),
        "response": _cat(response, RESPONSES),
        "followed_up": followed,
        "csat": csat,
        "recommend": recommend.astype(int),
        "responded": responded,
        "stayed": stayed,
        "visits_after": np.round(visits_after, 2),
    })
    return Simulation(tables={"service_recovery": frame}, truth=_truth(frame), seed=seed,
                      n_customers=n)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _cat(codes, categories):
    import pandas as pd

    return pd.Categorical.from_codes(codes, categories=list(categories), ordered=True)


def _truth(frame):
    problem, complained, stayed = (frame[c].to_numpy() for c in ("had_problem", "complained",
                                                                 "stayed"))

    def rate(mask):
        return round(float(stayed[mask].mean()), 4) if mask.any() else None

    best = (frame["response"].eq("fixed with an alternative") & frame["followed_up"]).to_numpy()
    return {
        "problem_rate": PROBLEM_RATE,
        "major_share_by_step": MAJOR_SHARE,
        "step_shares": dict(zip(STEPS, STEP_SHARES)),
        "complain_logit": COMPLAIN_LOGIT,
        "response_shares": dict(zip(RESPONSES[1:], RESPONSE_SHARES)),
        "follow_up_share_of_fixed": FOLLOW_UP,
        "stay_logit": STAY_LOGIT,
        "recovery_effect": RECOVERY,
        "recovery_paradox": False,
        "recovery_note": "the best handling (fixed with an alternative, followed up) adds 0.9 "
        "to the log-odds of staying: it exactly undoes a minor problem (-0.9) and half of a "
        "major one (-1.8); complainers are more loyal to begin with (complain_logit)",
        "visit_effect": VISIT_EFFECT,
        "tenure_effect_on_satisfaction": TENURE_EFFECT,
        "response_depends_on": "satisfaction: logit P(respond) = -0.2 + 0.5 mood",
        "gross_margin": GROSS_MARGIN,
        "observed": {
            "problem_rate": round(float(problem.mean()), 4),
            "complaint_rate_given_problem": round(float(complained[problem].mean()), 4)
            if problem.any() else None,
            "stay_rate_no_problem": rate(~problem),
            "stay_rate_problem_silent": rate(problem & ~complained),
            "stay_rate_complained": rate(complained),
            "stay_rate_best_recovery": rate(best),
            "response_rate": round(float(frame["responded"].mean()), 4),
        },
    }
