"""Do the items of a scale hang together? Cronbach's alpha and item-rest correlations (C16).

Before several survey answers are added up into one score (the five components of loyalty into
a loyalty index), check that they measure the same thing: each item should move with the rest
(its item-rest correlation), and together they should be consistent (Cronbach's alpha; 0.7 is
the usual floor for a research scale, 0.8-0.9 for decisions about single people, Nunnally 1978).

* :func:`cronbach_alpha` gives alpha, raw or standardised;
* :func:`item_analysis` gives one row per item: its mean and sd, its item-rest correlation and
  the alpha the scale would have without it.
"""

from __future__ import annotations

from ._validate import check_frame, check_numeric
from .errors import CRMLabError

__all__ = ["cronbach_alpha", "item_analysis"]


def cronbach_alpha(items, *, columns=None, standardized: bool = False) -> float:
    """Cronbach's alpha of ``k`` items answered by the same respondents.

    Raw alpha, from the item variances ``s_j^2`` and the variance ``s_T^2`` of each respondent's
    total (sample variances, ``ddof=1``):

    ``alpha = k / (k - 1) * (1 - sum_j s_j^2 / s_T^2)``

    Standardised alpha, from the mean correlation ``r`` between pairs of items (use it when the
    items are on different scales, such as 1-7 and 0-10, or are added up as z-scores):

    ``alpha_std = k r / (1 + (k - 1) r)``

    Alpha rises with the number of items and with how strongly they correlate; it does not prove
    that the items measure one thing only.

    Parameters
    ----------
    items : DataFrame
        One row per respondent, one numeric column per item, no missing values.
    columns : sequence of str, optional
        The item columns (default: every column).
    standardized : bool
        Standardised alpha instead of raw alpha.

    Returns
    -------
    float

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})
    >>> round(cronbach_alpha(t), 4)
    0.9333
    >>> round(cronbach_alpha(t, standardized=True), 4)
    0.9445
    """
    data = _items(items, columns)
    k = data.shape[1]
    if standardized:
        r = _mean_correlation(data)
        return float(k * r / (1 + (k - 1) * r))
    item_var = data.var(ddof=1).sum()
    total_var = data.sum(axis=1).var(ddof=1)
    return float(k / (k - 1) * (1 - item_var / total_var))


def item_analysis(items, *, columns=None, standardized: bool = False):
    """One row per item: mean, sd, item-rest correlation and alpha if the item were dropped.

    The item-rest correlation of item ``j`` is its correlation with the total of the *other*
    items (the total without ``j``, so an item is not correlated with itself); with
    ``standardized`` the items are z-scored first, so each counts equally in the rest. An item
    whose item-rest correlation is low (below about 0.3) or whose removal raises alpha does not
    belong with the others.

    Returns
    -------
    pandas.DataFrame
        Indexed by item: ``mean``, ``sd``, ``item_rest_correlation``, ``alpha_if_dropped``;
        ``attrs`` holds ``alpha`` (all items), ``k`` and ``n``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})
    >>> out = item_analysis(t)
    >>> out["item_rest_correlation"].round(4).tolist()
    [1.0, 0.8, 0.8575]
    >>> out["alpha_if_dropped"].round(4).tolist()
    [0.8, 0.96, 0.9412]
    """
    import pandas as pd

    data = _items(items, columns)
    if data.shape[1] < 3:
        raise CRMLabError(
            f"item_analysis needs at least 3 items (alpha without an item needs 2 left); got "
            f"{data.shape[1]}: {list(data.columns)}."
        )
    work = (data - data.mean()) / data.std(ddof=1) if standardized else data
    rows = {}
    for col in data.columns:
        rest = work.drop(columns=col)
        rows[col] = {
            "mean": float(data[col].mean()),
            "sd": float(data[col].std(ddof=1)),
            "item_rest_correlation": float(work[col].corr(rest.sum(axis=1))),
            "alpha_if_dropped": cronbach_alpha(data.drop(columns=col), standardized=standardized),
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "item"
    out.attrs.update(alpha=cronbach_alpha(data, standardized=standardized),
                     k=int(data.shape[1]), n=int(len(data)), standardized=bool(standardized))
    return out


def _items(items, columns):
    check_frame(items, name="items", min_rows=3)
    if columns is None:
        columns = list(items.columns)
    elif isinstance(columns, str) or not hasattr(columns, "__iter__"):
        raise CRMLabError(f"columns must be a list of item columns; got {columns!r}.")
    columns = list(columns)
    if len(columns) < 2:
        raise CRMLabError(f"alpha needs at least 2 items; got {len(columns)}: {columns}.")
    if len(set(columns)) < len(columns):
        raise CRMLabError(f"columns lists an item twice: {columns}.")
    check_frame(items, name="items", columns=columns)
    for col in columns:
        check_numeric(items, col, name="items")
    data = items[columns].astype("float64")
    sd = data.std(ddof=1)
    flat = [c for c in columns if not sd[c] > 0]
    if flat:
        raise CRMLabError(
            f"items column {flat[0]!r} has the same answer from every respondent; it carries no "
            "information about consistency. Drop it from columns."
        )
    return data


def _mean_correlation(data):
    import numpy as np

    corr = data.corr().to_numpy()
    k = corr.shape[0]
    return float(corr[np.triu_indices(k, 1)].mean())
