"""Complaints and service recovery on data: the iceberg, the cost of silence, fair comparisons.

* :func:`complaint_iceberg` splits customers into no problem, problem and complained, problem
  and silent, with how many of each left: most unhappy customers never complain (C30);
* :func:`value_change` compares each group's spend (or visits) after with before, against a
  reference group whose change shows what would have happened anyway (a comparison group);
* :func:`recovery_table` compares the share who stayed across groups (no problem, silent, each
  way a complaint was handled), raw and standardised to the reference group's mix of a
  background variable such as loyalty before the problem: complainers are often the more loyal
  customers, so a raw comparison flatters complaint handling (and can fake a recovery paradox).
"""

from __future__ import annotations

from ._validate import check_frame, check_numeric
from .errors import CRMLabError

__all__ = ["ICEBERG_GROUPS", "complaint_iceberg", "value_change", "recovery_table"]

#: The three groups of the complaint iceberg, top to bottom.
ICEBERG_GROUPS = ("no problem", "problem, complained", "problem, silent")


def complaint_iceberg(customers, *, problem: str = "had_problem", complained: str = "complained",
                      left: str = "churned"):
    """How many customers had a problem, how many of them complained, and who left.

    Parameters
    ----------
    customers : DataFrame
        One row per customer with three True/False columns.
    problem, complained, left : str
        Had a problem; complained about it; left (stopped buying) afterwards.

    Returns
    -------
    pandas.DataFrame
        Indexed by :data:`ICEBERG_GROUPS`: ``customers``, ``share_pct`` (of all customers),
        ``left``, ``left_pct`` (of the group); ``attrs``: ``complaint_rate`` (complained /
        had a problem), ``silent_share_of_unhappy_leavers`` (silent leavers / leavers with a
        problem) and ``n``.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"had_problem": [False, False, True, True, True, True],
    ...                   "complained": [False, False, True, False, False, False],
    ...                   "churned": [False, True, False, True, True, False]})
    >>> t = complaint_iceberg(c)
    >>> t["customers"].tolist(), t["left_pct"].round(1).tolist()
    ([2, 1, 3], [50.0, 0.0, 66.7])
    >>> t.attrs["complaint_rate"], t.attrs["silent_share_of_unhappy_leavers"]
    (0.25, 1.0)
    """
    import pandas as pd

    flags = {name: _flag(customers, col) for name, col in
             (("problem", problem), ("complained", complained), ("left", left))}
    bad = flags["complained"] & ~flags["problem"]
    if bad.any():
        raise CRMLabError(
            f"customers has {int(bad.sum())} row(s) with {complained!r} True but {problem!r} "
            "False; a complaint needs a problem. Check the two columns."
        )
    groups = {"no problem": ~flags["problem"],
              "problem, complained": flags["complained"],
              "problem, silent": flags["problem"] & ~flags["complained"]}
    rows = {}
    for name, mask in groups.items():
        count = int(mask.sum())
        gone = int((mask & flags["left"]).sum())
        rows[name] = {"customers": count, "share_pct": 100.0 * count / len(customers),
                      "left": gone, "left_pct": 100.0 * gone / count if count else float("nan")}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "group"
    unhappy_left = int((flags["problem"] & flags["left"]).sum())
    out.attrs.update(
        complaint_rate=(float(flags["complained"].sum() / flags["problem"].sum())
                        if flags["problem"].any() else float("nan")),
        silent_share_of_unhappy_leavers=(rows["problem, silent"]["left"] / unhappy_left
                                         if unhappy_left else float("nan")),
        n=int(len(customers)),
    )
    return out


def value_change(customers, *, group: str, before: str, after: str, reference: str):
    """Each group's value after against before, and what it lost against a reference group.

    With ``B_g`` and ``A_g`` a group's totals before and after, and ``k = A_ref / B_ref`` the
    reference group's ratio (what happened anyway: seasons, prices, the general trend), the group
    was expected to have ``B_g k`` after; ``lost = B_g k - A_g``.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``customers``, ``before``, ``after``, ``ratio`` (after / before),
        ``expected_after`` and ``lost``; ``attrs``: ``reference``, ``reference_ratio``.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"g": ["ok", "ok", "hit"], "b": [100.0, 100.0, 100.0],
    ...                   "a": [110.0, 90.0, 60.0]})
    >>> value_change(c, group="g", before="b", after="a", reference="ok")["lost"].tolist()
    [40.0, 0.0]
    """
    import pandas as pd

    check_frame(customers, name="customers", columns=[group, before, after])
    for col in (before, after):
        check_numeric(customers, col, name="customers", nonnegative=True)
    labels = customers[group]
    if reference not in set(labels.dropna()):
        raise CRMLabError(f"reference {reference!r} is not a value of customers column {group!r}; "
                          f"its values are {sorted(map(str, labels.dropna().unique()))}.")
    sums = customers.groupby(group, observed=True, sort=True)[[before, after]].sum()
    sums = sums.set_axis(["before", "after"], axis=1)
    if not sums.loc[reference, "before"] > 0:
        raise CRMLabError(f"the reference group {reference!r} has no value before; its ratio "
                          "after / before is undefined.")
    k = float(sums.loc[reference, "after"] / sums.loc[reference, "before"])
    out = pd.DataFrame({"customers": customers.groupby(group, observed=True, sort=True).size()})
    out = out.join(sums)
    out["ratio"] = out["after"] / out["before"]
    out["expected_after"] = out["before"] * k
    out["lost"] = out["expected_after"] - out["after"]
    out.attrs.update(reference=reference, reference_ratio=k)
    return out


def recovery_table(customers, *, group: str, outcome: str = "stayed", strata: str | None = None,
                   reference: str | None = None, confidence: float = 0.95):
    """Share with the outcome (e.g. stayed) per group, raw and standardised to like-for-like.

    ``rate`` is the plain share per group with a normal-approximation interval. With
    ``strata`` (a column cutting customers into bands, such as loyalty before the problem) and
    ``reference`` (a group), ``adjusted`` is the group's rate if it had the reference group's
    mix of bands (direct standardisation): ``sum_s w_s rate_gs`` with ``w_s`` the reference
    group's share in band ``s``. Bands a group lacks are skipped and the weights renormalised.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``customers``, ``rate``, ``ci_low``, ``ci_high`` (percent) and, with
        strata, ``adjusted`` (percent); ``attrs``: ``reference``, ``strata``, ``outcome``.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"g": ["calm"] * 4 + ["fixed"] * 4,
    ...                   "band": ["low", "low", "high", "high", "high", "high", "high", "low"],
    ...                   "stayed": [True, False, True, True, True, True, True, False]})
    >>> t = recovery_table(c, group="g", strata="band", reference="calm")
    >>> t[["rate", "adjusted"]].round(1).values.tolist()
    [[75.0, 75.0], [75.0, 50.0]]
    """
    import math
    from statistics import NormalDist

    import pandas as pd

    check_frame(customers, name="customers", columns=[group] + ([strata] if strata else []))
    flag = _flag(customers, outcome)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    g = customers[group]
    rates = flag.groupby(g, observed=True, sort=True).agg(["size", "mean"])
    out = pd.DataFrame({"customers": rates["size"].astype(int), "rate": 100 * rates["mean"]})
    se = [100 * math.sqrt(p * (1 - p) / n) for p, n in zip(rates["mean"], rates["size"])]
    out["ci_low"] = (out["rate"] - z * pd.Series(se, index=out.index)).clip(lower=0)
    out["ci_high"] = (out["rate"] + z * pd.Series(se, index=out.index)).clip(upper=100)
    if strata is not None:
        if reference is None or reference not in out.index:
            raise CRMLabError(f"reference must be one of the groups {list(out.index)} when "
                              f"strata is given; got {reference!r}.")
        band = customers[strata]
        weights = band[g == reference].value_counts(normalize=True)
        by_band = flag.groupby([g, band], observed=True).mean()
        adjusted = {}
        for name in out.index:
            part = by_band.loc[name]
            w = weights.reindex(part.index).dropna()
            share = float((part[w.index] * w).sum() / w.sum()) if len(w) else math.nan
            adjusted[name] = 100 * share
        out["adjusted"] = pd.Series(adjusted)
    out.index.name = group
    out.attrs.update(reference=reference, strata=strata, outcome=outcome)
    return out


def _flag(customers, col):
    import pandas as pd

    check_frame(customers, name="customers", columns=[col])
    s = customers[col]
    if not pd.api.types.is_bool_dtype(s) or s.isna().any():
        raise CRMLabError(f"customers column {col!r} must hold True/False for every customer; "
                          f"got dtype {s.dtype}.")
    return s.astype(bool)
