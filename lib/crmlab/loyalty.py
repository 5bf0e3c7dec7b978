"""Customer loyalty: Net Promoter Score, a loyalty index, and what drives loyalty (C15-C18).

* :func:`net_promoter_score` turns 0-10 "how likely are you to recommend us" answers into the
  NPS with a confidence interval.
* :func:`driver_importance` asks which of the five loyalty factors (C15) matter (standardised
  regression, Shapley split of R squared); neither removes a halo that lifts loyalty too.

S1's four stages of a loyal customer (C17) are in :mod:`crmlab.loyalty_ladder`.
"""

from __future__ import annotations

import math
from itertools import combinations

from ._validate import check_frame, check_number, check_numeric
from .errors import CRMLabError

__all__ = ["LOYALTY_DRIVERS", "LOYALTY_COMPONENTS", "net_promoter_score", "loyalty_index",
           "driver_importance"]

#: The five loyalty factors of C15, as column names.
LOYALTY_DRIVERS = ("satisfaction", "trust", "communication", "convenience", "rewards")

#: The five components of loyalty of C16, as column names (``recommend`` is on 0-10).
LOYALTY_COMPONENTS = ("overall_satisfaction", "deepen_relationship", "repurchase_intention",
                      "recommend", "resist_competitors")


# --------------------------------------------------------------------------- NPS
def net_promoter_score(scores, *, column: str = "recommend", confidence: float = 0.95):
    """Net Promoter Score of 0-10 likelihood-to-recommend answers, with a confidence interval.

    Promoters answer 9-10, passives 7-8, detractors 0-6. With ``p`` and ``q`` the shares of
    promoters and detractors among ``n`` answers,

    ``NPS = 100 (p - q)``, in [-100, 100].

    The answers are one multinomial sample, so ``Var(p - q) = (p + q - (p - q)^2) / n`` and
    the standard error in NPS points is ``se = 100 sqrt((p + q - (p - q)^2) / n)``. The
    interval is ``NPS +- z se`` (normal approximation, ``z`` the two-sided quantile for
    ``confidence``), clipped to [-100, 100]. It is rough for small ``n`` or shares near 0 or 1.

    Parameters
    ----------
    scores : DataFrame, Series or list of int
        The answers; for a DataFrame, the column ``column`` is used.
    column : str
        Column of a DataFrame that holds the 0-10 answers.
    confidence : float
        Confidence level of the interval, in (0, 1).

    Returns
    -------
    pandas.Series
        ``n``, ``promoters``, ``passives``, ``detractors`` (counts), ``pct_promoters``,
        ``pct_passives``, ``pct_detractors`` (percent), ``nps``, ``se``, ``ci_low``, ``ci_high``.

    Examples
    --------
    >>> r = net_promoter_score([10, 9, 9, 8, 7, 6, 3, 10, 9, 0])
    >>> int(r["promoters"]), int(r["passives"]), int(r["detractors"]), float(r["nps"])
    (5, 2, 3, 20.0)
    >>> round(float(r["se"]), 2), round(float(r["ci_low"]), 1), round(float(r["ci_high"]), 1)
    (27.57, -34.0, 74.0)
    """
    import numpy as np
    import pandas as pd

    s = _score_series(scores, column)
    level = check_number(
        confidence, name="confidence", low=0, high=1, low_open=True, high_open=True
    )
    values = s.to_numpy(dtype="float64")
    n = len(values)
    promoters = int((values >= 9).sum())
    detractors = int((values <= 6).sum())
    passives = n - promoters - detractors
    p, q = promoters / n, detractors / n
    nps = 100.0 * (p - q)
    se = 100.0 * math.sqrt(max(p + q - (p - q) ** 2, 0.0) / n)
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + level / 2)
    return pd.Series(
        {
            "n": n,
            "promoters": promoters,
            "passives": passives,
            "detractors": detractors,
            "pct_promoters": 100.0 * p,
            "pct_passives": 100.0 * passives / n,
            "pct_detractors": 100.0 * q,
            "nps": nps,
            "se": se,
            "ci_low": float(np.clip(nps - z * se, -100, 100)),
            "ci_high": float(np.clip(nps + z * se, -100, 100)),
        },
        name="nps",
        dtype="float64",
    )


def _score_series(scores, column):
    import numpy as np
    import pandas as pd

    if isinstance(scores, pd.DataFrame):
        check_frame(scores, name="scores", columns=[column], min_rows=2)
        s = scores[column]
        label = f"scores column {column!r}"
    elif isinstance(scores, (pd.Series, list, tuple, np.ndarray)):
        s = pd.Series(scores)
        label = "scores"
        if len(s) < 2:
            raise CRMLabError(
                f"scores has {len(s)} answer(s); at least 2 are needed for an NPS with an interval."
            )
    else:
        raise CRMLabError(
            f"scores must be a DataFrame, Series or list of 0-10 answers; got "
            f"{type(scores).__name__}."
        )
    frame = pd.DataFrame({"score": s})
    check_numeric(frame, "score", name=label)
    values = frame["score"].to_numpy(dtype="float64")
    bad = (values < 0) | (values > 10) | (values != np.round(values))
    if bad.any():
        first = int(bad.argmax())
        raise CRMLabError(
            f"{label} has {int(bad.sum())} answer(s) that are not whole numbers from 0 to 10 "
            f"(first: {float(values[first])!r} in row {s.index[first]!r}); NPS needs 0-10 integer "
            "answers."
        )
    return frame["score"]


# ------------------------------------------------------------------- drivers
def loyalty_index(survey, *, components=LOYALTY_COMPONENTS):
    """One loyalty score per respondent: the mean of the standardised loyalty components.

    ``index = mean_k (c_k - mean(c_k)) / sd(c_k)``, so answers on 1-7 and 0-10 scales count
    equally; the index has mean 0.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"repurchase_intention": [1, 4, 7], "recommend": [0, 5, 10]})
    >>> loyalty_index(s, components=["repurchase_intention", "recommend"]).tolist()
    [-1.0, 0.0, 1.0]
    """
    components = _driver_list(components, name="components")
    check_frame(survey, name="survey", columns=components, min_rows=2)
    for col in components:
        check_numeric(survey, col, name="survey")
    data = survey[components].astype("float64")
    sd = data.std(ddof=1)
    flat = [c for c in components if not sd[c] > 0]
    if flat:
        raise CRMLabError(
            f"survey column {flat[0]!r} has the same value for every respondent; it cannot be "
            "standardised. Drop it from components."
        )
    return ((data - data.mean()) / sd).mean(axis=1).rename("loyalty")


def driver_importance(survey, *, outcome: str = "loyalty", drivers=LOYALTY_DRIVERS):
    """How much each loyalty factor drives loyalty: standardised regression and Shapley R squared.

    Every column is standardised (mean 0, sd 1), then ``outcome`` is regressed on the drivers
    by OLS (statsmodels): ``beta`` is the change in outcome, in sds, for one sd more of that
    driver with the others held fixed, and ``se`` its standard error.

    ``shapley`` splits the model's R squared among the drivers (LMG / Shapley value): for driver
    j, the mean over subsets S of the others of ``R2(S + j) - R2(S)``, weighted by
    ``|S|! (p - |S| - 1)! / p!``; the shares add up to R squared. ``correlation`` is the raw
    correlation. A halo (a respondent's mood lifting all ratings) makes every correlation high;
    betas and Shapley rank drivers better when the halo sits in the drivers only. When it also
    lifts the loyalty answer (one questionnaire), part of every beta and share is the halo,
    biased upward most for the moodiest drivers: only loyalty measured outside the survey
    (repeat purchases, churn), separate data collection or an experiment removes that.

    Parameters
    ----------
    survey : DataFrame
        One row per respondent, numeric ratings, no missing values.
    outcome : str
        Column of the loyalty measure, e.g. ``survey.assign(loyalty=loyalty_index(survey))``.
    drivers : sequence of str
        Columns of the candidate drivers (default: the five factors of C15).

    Returns
    -------
    pandas.DataFrame
        Indexed by driver: ``beta``, ``se``, ``ci_low``, ``ci_high`` (95 %), ``p_value``,
        ``correlation``, ``shapley`` (share of R squared), ``shapley_pct`` (percent of R
        squared), ``relative_weight`` (``beta / sum(beta)``); ``attrs`` ``r2`` and ``n``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> x = pd.DataFrame(rng.normal(size=(400, 2)), columns=["trust", "rewards"])
    >>> x["loyalty"] = 2 * x["trust"] + x["rewards"] + rng.normal(size=400)
    >>> imp = driver_importance(x, drivers=["trust", "rewards"])
    >>> imp["beta"].round(2).tolist(), round(imp.attrs["r2"], 2)
    ([0.81, 0.42], 0.8)
    """
    import numpy as np
    import pandas as pd

    drivers = _driver_list(drivers)
    if outcome in drivers:
        raise CRMLabError(
            f"outcome {outcome!r} is also listed in drivers {drivers}; keep them apart."
        )
    check_frame(survey, name="survey", columns=[*drivers, outcome])
    for col in [*drivers, outcome]:
        check_numeric(survey, col, name="survey")
    p = len(drivers)
    if len(survey) < p + 3:
        raise CRMLabError(
            f"survey has {len(survey)} rows; a regression on {p} drivers needs at least {p + 3} "
            "respondents (and many more for stable answers)."
        )
    data = survey[[*drivers, outcome]].astype("float64")
    sd = data.std(ddof=1)
    flat = [c for c in data.columns if not sd[c] > 0]
    if flat:
        raise CRMLabError(
            f"survey column {flat[0]!r} has the same value for every respondent; it cannot "
            "explain or be explained. Drop it from drivers."
        )
    z = (data - data.mean()) / sd
    import statsmodels.api as sm

    corr = z.corr().to_numpy()
    rxx, rxy = corr[:p, :p], corr[:p, p]
    if np.linalg.matrix_rank(rxx) < p:
        raise CRMLabError(
            f"the drivers {drivers} are perfectly collinear (one is a mix of the others); "
            "drop one of them."
        )
    fit = sm.OLS(z[outcome], sm.add_constant(z[drivers])).fit()
    ci = fit.conf_int(0.05)
    shapley = _shapley_r2(rxx, rxy)
    table = pd.DataFrame(
        {
            "beta": fit.params[drivers],
            "se": fit.bse[drivers],
            "ci_low": ci.loc[drivers, 0],
            "ci_high": ci.loc[drivers, 1],
            "p_value": fit.pvalues[drivers],
            "correlation": rxy,
            "shapley": shapley,
        },
        index=pd.Index(drivers, name="driver"),
    )
    r2 = float(fit.rsquared)
    table["shapley_pct"] = 100.0 * table["shapley"] / r2 if r2 > 0 else 0.0
    total = float(table["beta"].sum())
    table["relative_weight"] = table["beta"] / total if abs(total) > 1e-12 else float("nan")
    table.attrs.update(r2=r2, n=int(fit.nobs), outcome=outcome)
    return table


def _driver_list(drivers, name="drivers"):
    if isinstance(drivers, str) or not hasattr(drivers, "__iter__"):
        raise CRMLabError(f"{name} must be a list of column names; got {drivers!r}.")
    drivers = list(drivers)
    if not drivers:
        raise CRMLabError(f"{name} is empty; name at least one column.")
    if len(drivers) > 12:
        raise CRMLabError(
            f"{name} has {len(drivers)} columns; Shapley R squared handles at most 12."
        )
    if len(set(drivers)) < len(drivers):
        raise CRMLabError(f"{name} lists a column twice: {drivers}.")
    return drivers


def _shapley_r2(rxx, rxy):
    """Shapley split of R squared from the correlation matrix: R2(S) = r_S' R_SS^-1 r_S."""
    import numpy as np

    p = len(rxy)
    r2 = {(): 0.0}
    for size in range(1, p + 1):
        for s in combinations(range(p), size):
            idx = list(s)
            r2[s] = float(rxy[idx] @ np.linalg.solve(rxx[np.ix_(idx, idx)], rxy[idx]))
    out = np.zeros(p)
    for j in range(p):
        others = [i for i in range(p) if i != j]
        for size in range(p):
            weight = math.factorial(size) * math.factorial(p - size - 1) / math.factorial(p)
            for s in combinations(others, size):
                with_j = tuple(sorted((*s, j)))
                out[j] += weight * (r2[with_j] - r2[s])
    return out
