"""Win-back: a list of likely leavers worth an offer, and a hold-out test of the offer (C26).

Supermarket A's churn analysis (S3) finds lost and likely-to-leave customers so that a win-back
offer can call them back. Two questions follow, and this module answers each with one function:

1. *Whom to call?* :func:`winback_list`: customers the model thinks are probably gone
   (P(alive) below a cut-off, :func:`crmlab.bgnbd.p_alive`) and worth most, largest first.
2. *Did the offer work?* :func:`holdout_test`: part of the list is picked at random and gets no
   offer (the hold-out group). Everyone who comes back after the offer is what the campaign
   *touched*; what it *added* is only the difference from the hold-out group, because some of
   the list would have come back anyway.

:func:`offer_experiment` simulates such a test with a planted effect (for teaching and
exercises): seeded, and it returns the truth it planted.

Examples
--------
>>> import pandas as pd
>>> scores = pd.DataFrame({"p_alive": [0.9, 0.2, 0.4, 0.05], "value": [500.0, 300.0, 800.0, 50]},
...                       index=pd.Index(["a", "b", "c", "d"], name="customer_id"))
>>> winback_list(scores, max_p_alive=0.5, min_value=100)
             p_alive  value  rank
customer_id
c                0.4  800.0     1
b                0.2  300.0     2
"""

from __future__ import annotations

from ._validate import check_bool, check_choice, check_frame, check_number, check_numeric
from .errors import CRMLabError
from .simulate import Simulation

__all__ = ["winback_list", "offer_experiment", "holdout_test"]


def winback_list(scores, *, max_p_alive: float = 0.5, min_value: float = 0.0,
                 p_alive: str = "p_alive", value: str = "value"):
    """Customers with ``p_alive < max_p_alive`` and ``value >= min_value``, most valuable first.

    ``scores`` is indexed by customer, with a probability of being active (``p_alive``) and a
    value at stake (``value``, e.g. the margin of a year, in yuan). Returns those rows with a
    ``rank`` (1 = the first to call).
    """
    check_frame(scores, name="scores", columns=[p_alive, value])
    check_numeric(scores, p_alive, name="scores", nonnegative=True)
    check_numeric(scores, value, name="scores")
    max_p_alive = check_number(max_p_alive, name="max_p_alive", low=0, high=1, low_open=True)
    min_value = check_number(min_value, name="min_value")
    if (scores[p_alive] > 1).any():
        raise CRMLabError(f"scores column {p_alive!r} must hold probabilities (0-1); its largest "
                          f"value is {scores[p_alive].max():g}. Divide percentages by 100.")
    keep = scores[(scores[p_alive] < max_p_alive) & (scores[value] >= min_value)]
    out = keep.sort_values([value, p_alive], ascending=[False, True], kind="stable").copy()
    out["rank"] = range(1, len(out) + 1)
    return out


def offer_experiment(candidates, *, returns_anyway: str = "returns_anyway",
                     win_back: float = 0.1, holdout_share: float = 0.5, seed: int = 26):
    """Simulate a win-back offer tested against a random hold-out group, with a planted effect.

    Exactly ``round(holdout_share * n)`` candidates, drawn at random, form the hold-out group;
    the others get the offer. A candidate comes back with probability ``p`` =
    ``candidates[returns_anyway]`` without the offer, and with ``p + (1 - p) * win_back`` with
    it (the offer wins back a share ``win_back`` of those who would not have returned). The
    planted effect on the offer group is ``mean((1 - p) * win_back)``.

    Returns a :class:`crmlab.simulate.Simulation`: table ``experiment`` (the candidates' index,
    ``group`` "offer" or "hold-out", ``returned``) and ``truth``.

    >>> import pandas as pd
    >>> c = pd.DataFrame({"returns_anyway": [0.5] * 1000})
    >>> sim = offer_experiment(c, win_back=0.2, seed=1)
    >>> sim["experiment"]["group"].value_counts().tolist(), sim.truth["uplift"]
    ([500, 500], 0.1)
    """
    import numpy as np
    import pandas as pd

    check_frame(candidates, name="candidates", columns=[returns_anyway])
    check_numeric(candidates, returns_anyway, name="candidates", nonnegative=True)
    p = candidates[returns_anyway].to_numpy(dtype="float64")
    if (p > 1).any():
        raise CRMLabError(f"candidates column {returns_anyway!r} must hold probabilities (0-1); "
                          f"its largest value is {p.max():g}.")
    win_back = check_number(win_back, name="win_back", low=0, high=1)
    share = check_number(holdout_share, name="holdout_share", low=0, high=1, low_open=True,
                         high_open=True)
    seed = check_number(seed, name="seed", low=0, integer=True)
    rng = np.random.default_rng(seed)
    n = len(p)
    held = np.zeros(n, dtype=bool)
    held[rng.permutation(n)[:round(share * n)]] = True
    chance = np.where(held, p, p + (1 - p) * win_back)
    out = pd.DataFrame({"group": np.where(held, "hold-out", "offer"),
                        "returned": rng.random(n) < chance}, index=candidates.index)
    truth = {"seed": seed, "win_back": win_back, "holdout_share": share,
             "uplift": round(float(np.mean((1 - p[~held]) * win_back)), 4),
             "rate_without_offer": round(float(np.mean(p)), 4)}
    return Simulation(tables={"experiment": out}, truth=truth, seed=seed, n_customers=n)


def holdout_test(experiment, *, group: str = "group", outcome: str = "returned",
                 offer: str = "offer", holdout: str = "hold-out", value: float | None = None,
                 cost: float | None = None, confidence: float = 0.95):
    """What an offer added, measured against a random hold-out group.

    With ``n1`` customers offered of whom ``k1`` came back (rate ``p1``), and ``n0`` held out of
    whom ``k0`` came back (``p0``):

    * ``touched = k1``: the returns a campaign report would claim;
    * ``uplift = p1 - p0`` with the normal interval ``+- z sqrt(p1 q1 / n1 + p0 q0 / n0)``;
    * ``added = uplift * n1``: returns the offer caused, ``anyway = p0 n1 = k1 - added``;
    * with ``value`` (of one return, e.g. its margin) and ``cost`` (of one offer):
      ``net = added * value - n1 * cost``.

    Returns a Series with these numbers (rates as fractions).

    >>> import pandas as pd
    >>> e = pd.DataFrame({"group": ["offer"] * 10 + ["hold-out"] * 10,
    ...                   "returned": [True] * 4 + [False] * 6 + [True] * 2 + [False] * 8})
    >>> t = holdout_test(e, value=100, cost=5)
    >>> t[["touched", "rate_offer", "rate_holdout", "uplift", "added", "net"]].round(2).tolist()
    [4.0, 0.4, 0.2, 0.2, 2.0, 150.0]
    """
    import math
    from statistics import NormalDist

    import pandas as pd

    check_frame(experiment, name="experiment", columns=[group, outcome])
    check_choice(offer, name="offer", choices=sorted(set(experiment[group].astype(str))))
    check_choice(holdout, name="holdout", choices=sorted(set(experiment[group].astype(str))))
    came = check_bool(experiment[outcome], name=f"experiment column {outcome!r}")
    level = check_number(confidence, name="confidence", low=0, high=1, low_open=True,
                         high_open=True)
    g = experiment[group].astype(str)
    n1, k1 = int((g == offer).sum()), int(came[g == offer].sum())
    n0, k0 = int((g == holdout).sum()), int(came[g == holdout].sum())
    p1, p0 = k1 / n1, k0 / n0
    z = NormalDist().inv_cdf(0.5 + level / 2)
    half = z * math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    uplift = p1 - p0
    out = {"offered": n1, "touched": k1, "rate_offer": p1, "held_out": n0, "returned_holdout": k0,
           "rate_holdout": p0, "uplift": uplift, "ci_low": uplift - half, "ci_high": uplift + half,
           "added": uplift * n1, "anyway": p0 * n1}
    if value is not None and cost is not None:
        value = check_number(value, name="value", low=0)
        cost = check_number(cost, name="cost", low=0)
        out.update(added_value=out["added"] * value, offer_cost=n1 * cost,
                   net=out["added"] * value - n1 * cost)
    return pd.Series(out, dtype="float64", name="holdout_test")
