"""True versus spurious loyalty: Dick and Basu's two dimensions (C14, C16).

Dick and Basu (1994, *Journal of the Academy of Marketing Science* 22(2)) define loyalty by two
dimensions at once: how favourable a customer's attitude to the firm is compared with the
alternatives (relative attitude) and how often they buy from it (repeat patronage). Crossing
high and low on each gives four types:

============  =====================  ======================
              high repeat patronage  low repeat patronage
============  =====================  ======================
high attitude true loyalty           latent loyalty
low attitude  spurious loyalty       no loyalty
============  =====================  ======================

Spurious loyalty is repeat buying without attitude (habit, convenience, no other shop nearby):
such customers leave at the first better offer. Latent loyalty is attitude without buying
(something, such as distance or price, keeps them away).

* :func:`loyalty_types` gives each customer's type;
* :func:`loyalty_matrix` counts the four types and compares an outcome (such as churn) across
  them.
"""

from __future__ import annotations

from ._validate import check_frame, check_numeric
from .errors import CRMLabError

__all__ = ["LOYALTY_TYPES", "loyalty_types", "loyalty_matrix"]

#: The four types, in the order of the matrix (true, latent, spurious, none).
LOYALTY_TYPES = ("true loyalty", "latent loyalty", "spurious loyalty", "no loyalty")


def loyalty_types(customers, *, attitude: str, patronage: str, attitude_cut=None,
                  patronage_cut=None):
    """Each customer's Dick and Basu type from their attitude and repeat patronage.

    A customer is *high* on a dimension when their value is above the cut (strictly); the
    default cut is the median of that column, so about half the customers are high on each.

    Parameters
    ----------
    customers : DataFrame
        One row per customer.
    attitude, patronage : str
        Columns of relative attitude (e.g. a loyalty index from survey answers) and of repeat
        patronage (e.g. visits in a year, share of wallet).
    attitude_cut, patronage_cut : float, optional
        Cut-offs (default: the medians).

    Returns
    -------
    pandas.Series
        Ordered categorical of :data:`LOYALTY_TYPES`, indexed like ``customers``, named
        ``loyalty_type``; ``attrs`` holds the two cuts.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"att": [1, 5, 2, 6], "visits": [9, 8, 1, 2]})
    >>> loyalty_types(c, attitude="att", patronage="visits").tolist()
    ['spurious loyalty', 'true loyalty', 'no loyalty', 'latent loyalty']
    """
    import numpy as np
    import pandas as pd

    check_frame(customers, name="customers", columns=[attitude, patronage], min_rows=2)
    for col in (attitude, patronage):
        check_numeric(customers, col, name="customers")
    cuts = {}
    for label, col, cut in (("attitude_cut", attitude, attitude_cut),
                            ("patronage_cut", patronage, patronage_cut)):
        if cut is None:
            cut = float(customers[col].median())
        elif isinstance(cut, bool) or not isinstance(cut, (int, float)):
            raise CRMLabError(f"{label} must be a number or None (the median); got {cut!r}.")
        cuts[label] = float(cut)
    high_a = customers[attitude].to_numpy(dtype=float) > cuts["attitude_cut"]
    high_p = customers[patronage].to_numpy(dtype=float) > cuts["patronage_cut"]
    code = np.where(high_a, np.where(high_p, 0, 1), np.where(high_p, 2, 3))
    out = pd.Series(pd.Categorical.from_codes(code, categories=list(LOYALTY_TYPES), ordered=True),
                    index=customers.index, name="loyalty_type")
    out.attrs.update(cuts)
    return out


def loyalty_matrix(customers, *, attitude: str, patronage: str, outcome: str | None = None,
                   attitude_cut=None, patronage_cut=None):
    """The four loyalty types: how many customers, their attitude and patronage, an outcome.

    Parameters
    ----------
    customers : DataFrame
        One row per customer.
    attitude, patronage : str
        As in :func:`loyalty_types`.
    outcome : str, optional
        A True/False column, such as ``churned``: its rate (in %) is given per type.
    attitude_cut, patronage_cut : float, optional
        Cut-offs (default: the medians).

    Returns
    -------
    pandas.DataFrame
        Indexed by type (all four, in order): ``customers``, ``share_pct``, ``attitude`` and
        ``patronage`` (means) and, with ``outcome``, ``outcome_pct``; ``attrs`` holds the cuts,
        ``outcome`` and ``n``.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"att": [1, 5, 2, 6], "visits": [9, 8, 1, 2],
    ...                   "left": [True, False, True, False]})
    >>> m = loyalty_matrix(c, attitude="att", patronage="visits", outcome="left")
    >>> m[["customers", "outcome_pct"]].to_dict("list")
    {'customers': [1, 1, 1, 1], 'outcome_pct': [0.0, 0.0, 100.0, 100.0]}
    """
    import pandas as pd

    types = loyalty_types(customers, attitude=attitude, patronage=patronage,
                          attitude_cut=attitude_cut, patronage_cut=patronage_cut)
    columns = {"attitude": customers[attitude].astype(float),
               "patronage": customers[patronage].astype(float)}
    if outcome is not None:
        check_frame(customers, name="customers", columns=[outcome])
        flag = customers[outcome]
        if not pd.api.types.is_bool_dtype(flag) or flag.isna().any():
            raise CRMLabError(
                f"customers column {outcome!r} must hold True/False for every customer "
                f"(dtype {flag.dtype}); it is the outcome whose rate is compared."
            )
        columns["outcome_pct"] = 100.0 * flag.astype(float)
    grouped = pd.DataFrame(columns).groupby(types, observed=False)
    out = grouped.mean()
    out.insert(0, "customers", grouped.size().astype(int))
    out.insert(1, "share_pct", 100.0 * out["customers"] / len(customers))
    out.index = pd.Index(list(LOYALTY_TYPES), name="loyalty_type")
    out.attrs.update(types.attrs, outcome=outcome, n=int(len(customers)))
    return out
