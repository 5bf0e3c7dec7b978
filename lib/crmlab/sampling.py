"""Satisfaction surveys by sample: margin of error, sample size, CSAT, response bias (C21, L5).

* :func:`margin_of_error` and :func:`sample_size` for a share (of satisfied customers, of
  promoters) estimated from a simple random sample;
* :func:`csat` turns 1-5 answers into the customer-satisfaction score (share answering 4 or 5);
* :func:`survey_simulation` draws many surveys from a known population, with or without
  response bias, so that you can see what sampling error and bias each do to an estimate.
"""

from __future__ import annotations

import math

from ._validate import check_frame, check_number, check_numeric, check_rate, check_seed
from .errors import CRMLabError

__all__ = ["z_value", "margin_of_error", "sample_size", "csat", "survey_simulation"]


def z_value(confidence: float = 0.95) -> float:
    """The two-sided normal quantile for a confidence level (1.96 for 95 %).

    >>> round(z_value(0.95), 4), round(z_value(0.90), 4)
    (1.96, 1.6449)
    """
    from statistics import NormalDist

    level = check_number(confidence, name="confidence", low=0, high=1, low_open=True,
                         high_open=True)
    return NormalDist().inv_cdf(0.5 + level / 2)


def margin_of_error(p: float, n: int, *, confidence: float = 0.95, population=None) -> float:
    """Half-width of the confidence interval of a share ``p`` estimated from ``n`` answers.

    ``moe = z sqrt(p (1 - p) / n)``, times the finite-population correction
    ``sqrt((N - n) / (N - 1))`` when the population size ``N`` is given (a sample that is a
    large part of the population is more precise). A fraction: 0.05 is plus or minus 5
    percentage points.

    Examples
    --------
    >>> round(margin_of_error(0.5, 400), 4)
    0.049
    >>> round(margin_of_error(0.5, 400, population=2000), 4)
    0.0438
    """
    p = check_rate(p, name="p", allow_one=True)
    n = check_number(n, name="n", low=1, integer=True)
    z = z_value(confidence)
    moe = z * math.sqrt(p * (1 - p) / n)
    if population is not None:
        big_n = check_number(population, name="population", low=2, integer=True)
        if n > big_n:
            raise CRMLabError(f"n ({n}) is larger than the population ({big_n}); a sample "
                              "cannot hold more people than there are.")
        moe *= math.sqrt((big_n - n) / (big_n - 1))
    return moe


def sample_size(margin: float, *, p: float = 0.5, confidence: float = 0.95,
                population=None) -> int:
    """Answers needed to estimate a share within plus or minus ``margin``.

    ``n0 = z^2 p (1 - p) / margin^2``; with a population of ``N``, ``n = n0 / (1 + (n0 - 1) /
    N)``; rounded *up* to a whole respondent. ``p = 0.5`` is the safe guess when nothing is
    known (it needs the most answers). These are completed answers: divide by the expected
    response rate to get the number of invitations.

    Examples
    --------
    >>> sample_size(0.05), sample_size(0.03), sample_size(0.05, population=2000)
    (385, 1068, 323)
    """
    margin = check_number(margin, name="margin", low=0, high=0.5, low_open=True)
    p = check_rate(p, name="p", allow_one=True)
    z = z_value(confidence)
    n0 = z**2 * p * (1 - p) / margin**2
    if population is not None:
        big_n = check_number(population, name="population", low=2, integer=True)
        n0 = n0 / (1 + (n0 - 1) / big_n)
    return max(1, math.ceil(n0 - 1e-9))


def csat(scores, *, satisfied_from: int = 4, scale=(1, 5), confidence: float = 0.95):
    """Customer-satisfaction score: the share of answers at ``satisfied_from`` or above.

    On a 1-5 scale CSAT is the percentage answering 4 or 5 ("satisfied" or "very satisfied"),
    with a normal-approximation interval ``CSAT +- z sqrt(p (1 - p) / n)``.

    Returns
    -------
    pandas.Series
        ``n``, ``satisfied``, ``csat`` (percent), ``moe``, ``ci_low``, ``ci_high`` (percent).

    Examples
    --------
    >>> r = csat([5, 4, 4, 3, 2, 5, 1, 4])
    >>> int(r["satisfied"]), float(r["csat"]), round(float(r["moe"]), 1)
    (5, 62.5, 33.5)
    """
    import numpy as np
    import pandas as pd

    low, high = scale
    values = pd.Series(scores, dtype="float64") if not isinstance(scores, pd.Series) else scores
    frame = pd.DataFrame({"score": values})
    check_numeric(frame, "score", name="scores")
    arr = frame["score"].to_numpy(dtype=float)
    if len(arr) < 2:
        raise CRMLabError(f"scores has {len(arr)} answer(s); CSAT needs at least 2.")
    bad = (arr < low) | (arr > high) | (arr != np.round(arr))
    if bad.any():
        raise CRMLabError(
            f"scores has {int(bad.sum())} answer(s) that are not whole numbers from {low} to "
            f"{high} (first: {float(arr[bad.argmax()])!r})."
        )
    check_number(satisfied_from, name="satisfied_from", low=low, high=high, integer=True)
    n = len(arr)
    sat = int((arr >= satisfied_from).sum())
    p = sat / n
    moe = 100 * z_value(confidence) * math.sqrt(p * (1 - p) / n)
    return pd.Series({"n": n, "satisfied": sat, "csat": 100 * p, "moe": moe,
                      "ci_low": max(0.0, 100 * p - moe), "ci_high": min(100.0, 100 * p + moe)},
                     name="csat", dtype="float64")


def survey_simulation(population, *, column: str, n: int, satisfied_from: int = 4,
                      response_rate: float = 0.3, bias: float = 1.0, repeats: int = 200,
                      seed: int = 0):
    """Field the same survey ``repeats`` times on a known population and collect the estimates.

    Each survey invites ``n`` customers picked at random (without replacement). An invited
    customer answers with probability ``response_rate``, or ``bias`` times that (at most 1) if
    they are satisfied (``column`` at ``satisfied_from`` or above): ``bias = 1`` is no
    response bias, ``bias = 2`` means the satisfied answer twice as often. The estimate is the
    share of satisfied answers among those who answered (in percent).

    Returns
    -------
    pandas.DataFrame
        One row per survey: ``answers`` and ``estimate`` (percent); ``attrs`` holds ``truth``
        (the population's share, percent), ``mean_estimate``, ``bias_points`` (mean estimate
        minus truth), ``spread`` (sd of the estimates), ``moe`` (the formula's 95 % margin at
        the mean number of answers, in points), ``n``, ``bias`` and ``response_rate``.

    Examples
    --------
    >>> import pandas as pd
    >>> pop = pd.DataFrame({"csat": [5, 4, 2, 3] * 500})
    >>> sim = survey_simulation(pop, column="csat", n=200, repeats=50, seed=1)
    >>> sim.attrs["truth"], round(sim.attrs["mean_estimate"], 1)
    (50.0, 48.5)
    >>> biased = survey_simulation(pop, column="csat", n=200, bias=3.0, repeats=50, seed=1)
    >>> round(biased.attrs["mean_estimate"], 1)
    73.7
    """
    import numpy as np
    import pandas as pd

    check_frame(population, name="population", columns=[column], min_rows=2)
    check_numeric(population, column, name="population")
    size = len(population)
    n = check_number(n, name="n", low=1, high=size, integer=True)
    rate = check_rate(response_rate, name="response_rate", allow_one=True)
    if rate == 0:
        raise CRMLabError("response_rate is 0: nobody would answer. Use a rate above 0.")
    bias = check_number(bias, name="bias", low=0, low_open=True, high=100)
    repeats = check_number(repeats, name="repeats", low=1, high=100_000, integer=True)
    rng = np.random.default_rng(check_seed(seed))
    satisfied = population[column].to_numpy(dtype=float) >= satisfied_from
    p_answer = np.where(satisfied, min(1.0, rate * bias), rate)
    invited = np.stack([rng.choice(size, n, replace=False) for _ in range(repeats)])
    answered = rng.random(invited.shape) < p_answer[invited]
    answers = answered.sum(axis=1)
    happy = (answered & satisfied[invited]).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        estimate = np.where(answers > 0, 100.0 * happy / np.maximum(answers, 1), np.nan)
    out = pd.DataFrame({"answers": answers, "estimate": estimate},
                       index=pd.RangeIndex(1, repeats + 1, name="survey"))
    truth = 100.0 * float(satisfied.mean())
    mean_answers = float(answers.mean())
    out.attrs.update(
        truth=truth, mean_estimate=float(np.nanmean(estimate)),
        bias_points=float(np.nanmean(estimate)) - truth, spread=float(np.nanstd(estimate)),
        moe=100 * margin_of_error(truth / 100, max(1, round(mean_answers))),
        n=n, bias=float(bias), response_rate=rate, column=column, answers=mean_answers,
    )
    return out
