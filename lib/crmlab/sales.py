"""Sales analyses of a CRM system: how many deals reach each stage of the pipeline (C04-C05).

Examples
--------
>>> import pandas as pd
>>> deals = pd.DataFrame({"stage": ["leads", "contacts", "orders", "payments"]})
>>> pipeline_conversion(deals)["reached"].tolist()
[4, 3, 2, 2, 1]
"""

from __future__ import annotations

from ._validate import check_frame
from .errors import CRMLabError

__all__ = ["STAGES", "pipeline_conversion"]

#: The sales pipeline, first stage to last.
STAGES = ("leads", "contacts", "opportunities", "orders", "payments")


def _stage_codes(deals, stage: str, stages) -> "object":
    stages = list(stages)
    if len(stages) < 2 or len(set(stages)) != len(stages):
        raise CRMLabError(f"stages must list at least 2 different stages in order; got {stages!r}.")
    check_frame(deals, name="deals", columns=[stage])
    values = deals[stage].astype(object)
    missing = values.isna()
    if missing.any():
        raise CRMLabError(
            f"deals column {stage!r} has {int(missing.sum())} missing stage(s) "
            f"(first in row {deals.index[missing.to_numpy().argmax()]!r}); every deal "
            "has reached at least the first stage."
        )
    unknown = sorted(set(values) - set(stages), key=str)
    if unknown:
        raise CRMLabError(
            f"deals column {stage!r} has unknown stage(s) {unknown!r}; valid stages "
            f"are {stages!r}. Pass stages=[...] for a pipeline of your own."
        )
    order = {s: i for i, s in enumerate(stages)}
    return values.map(order).to_numpy(dtype=int), stages


def pipeline_conversion(deals, *, stage="stage", stages=STAGES):
    """Deals reaching each pipeline stage, with step and overall conversion rates.

    Each deal records the furthest stage it reached, so it counts for that stage and every
    earlier one. With ``n_k`` the deals reaching stage ``k``:
    ``step_conversion_k = n_k / n_(k-1)`` (1 for the first stage; NaN if ``n_(k-1)`` is 0) and
    ``overall_conversion_k = n_k / n_0``.

    Parameters
    ----------
    deals : DataFrame
        One row per deal.
    stage : str
        Column with the furthest stage reached.
    stages : sequence of str
        The stages in order (default :data:`STAGES`).

    Returns
    -------
    DataFrame
        ``stage``, ``reached``, ``step_conversion``, ``overall_conversion``; one row per stage.

    Examples
    --------
    >>> import pandas as pd
    >>> deals = pd.DataFrame({"stage": ["leads"] * 5 + ["contacts"] * 3 + ["payments"] * 2})
    >>> pipeline_conversion(deals)
               stage  reached  step_conversion  overall_conversion
    0          leads       10              1.0                 1.0
    1       contacts        5              0.5                 0.5
    2  opportunities        2              0.4                 0.2
    3         orders        2              1.0                 0.2
    4       payments        2              1.0                 0.2
    """
    import numpy as np
    import pandas as pd

    codes, stages = _stage_codes(deals, stage, stages)
    at = np.bincount(codes, minlength=len(stages))
    reached = at[::-1].cumsum()[::-1]
    return pd.DataFrame({"stage": stages, "reached": reached.astype("int64"),
                         "step_conversion": _step_rates(reached),
                         "overall_conversion": reached / reached[0]})


def _step_rates(reached):
    """Each stage's count over the previous stage's (the first stage over itself; NaN after 0)."""
    import numpy as np

    previous = np.concatenate([[reached[0]], reached[:-1]]).astype(float)
    step = np.full(len(reached), np.nan)
    np.divide(reached, previous, out=step, where=previous > 0)
    return step
