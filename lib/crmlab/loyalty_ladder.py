"""The loyalty ladder (C17): customers climbing from wary observation to loyal purchase.

A customer moves between the four stages of :data:`LADDER_STAGES` (or leaves) from one period
to the next with the probabilities of a transition matrix, a Markov chain:
:func:`ladder_shares` follows the shares of customers in each stage period by period,
:func:`ladder_steady_state` gives the long run, and :func:`ladder_scenario` asks what changes
when some moves get likelier (a programme that turns repeat buyers into loyal ones).
"""

from __future__ import annotations

from ._validate import check_frame, check_number, check_numeric
from .errors import CRMLabError

__all__ = ["LADDER_STAGES", "default_ladder", "check_transitions", "set_transition",
           "ladder_shares", "ladder_steady_state", "ladder_scenario"]

#: The four stages of a loyal customer (C17) plus the customers who left.
LADDER_STAGES = ("wary observation", "random purchase", "repeat purchase", "loyal purchase", "left")


def default_ladder():
    """A plausible monthly transition matrix for the loyalty ladder (rows: from, columns: to).

    Most customers stay where they are each month; some climb a rung; a few are disappointed
    and leave, and a small share of those who left are won back to wary observation.

    Examples
    --------
    >>> m = default_ladder()
    >>> m.sum(axis=1).round(10).eq(1).all()
    np.True_
    >>> float(m.loc["random purchase", "repeat purchase"])
    0.15
    """
    import pandas as pd

    rows = [
        [0.70, 0.25, 0.00, 0.00, 0.05],
        [0.00, 0.75, 0.15, 0.00, 0.10],
        [0.00, 0.05, 0.80, 0.10, 0.05],
        [0.00, 0.00, 0.03, 0.95, 0.02],
        [0.05, 0.00, 0.00, 0.00, 0.95],
    ]
    idx = pd.Index(LADDER_STAGES, name="from")
    return pd.DataFrame(rows, index=idx, columns=pd.Index(LADDER_STAGES, name="to"))


def check_transitions(transitions):
    """Check a transition matrix and return it as a float DataFrame.

    It must be square with the same stages as rows and columns, every probability in [0, 1],
    and each row summing to 1 (within 1e-9).

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame([[0.5, 0.6], [0, 1]], index=["a", "b"], columns=["a", "b"])
    >>> check_transitions(m)
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: transitions row 'a' sums to 1.1; each row must sum to 1 (it is where
    this stage's customers go next).
    """
    import numpy as np
    import pandas as pd

    check_frame(transitions, name="transitions")
    if list(transitions.index) != list(transitions.columns):
        raise CRMLabError(
            f"transitions must have the same stages, in the same order, as rows and columns; "
            f"got rows {list(transitions.index)} and columns {list(transitions.columns)}."
        )
    for col in transitions.columns:
        check_numeric(transitions, col, name="transitions")
    m = transitions.astype("float64")
    values = m.to_numpy()
    bad = (values < 0) | (values > 1)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise CRMLabError(
            f"transitions[{m.index[i]!r}, {m.columns[j]!r}] is {values[i, j]:g}; "
            "probabilities must be in [0, 1]."
        )
    sums = values.sum(axis=1)
    off = np.abs(sums - 1) > 1e-9
    if off.any():
        i = int(off.argmax())
        raise CRMLabError(
            f"transitions row {m.index[i]!r} sums to {sums[i]:.6g}; each row must sum to 1 "
            "(it is where this stage's customers go next)."
        )
    return pd.DataFrame(values, index=m.index, columns=m.columns)


def set_transition(transitions, source, target, probability: float):
    """Set one move's probability, letting the chance of staying put absorb the difference.

    ``transitions[source, target] = probability`` and ``transitions[source, source]`` changes
    by the opposite amount, so the row still sums to 1.

    Examples
    --------
    >>> m = set_transition(default_ladder(), "random purchase", "repeat purchase", 0.3)
    >>> round(float(m.loc["random purchase", "random purchase"]), 10)
    0.6
    """
    m = check_transitions(transitions).copy()
    for label, stage in (("source", source), ("target", target)):
        if stage not in m.index:
            raise CRMLabError(f"{label} {stage!r} is not a stage; stages are {list(m.index)}.")
    if source == target:
        raise CRMLabError(
            f"source and target are both {source!r}; set a move to another stage, and the "
            "chance of staying adjusts itself."
        )
    prob = check_number(probability, name="probability", low=0, high=1)
    stay = m.loc[source, source] + m.loc[source, target] - prob
    if stay < -1e-12:
        raise CRMLabError(
            f"probability {prob:g} for {source!r} -> {target!r} leaves a negative chance "
            f"({stay:.3g}) of staying in {source!r}; lower it or lower the row's other moves."
        )
    m.loc[source, target] = prob
    m.loc[source, source] = max(stay, 0.0)
    return m


def ladder_shares(transitions, *, start=None, periods: int = 24):
    """Shares of customers in each stage, period by period: ``s[t+1] = s[t] P``.

    Parameters
    ----------
    transitions : DataFrame
        Transition matrix (see :func:`check_transitions`).
    start : mapping or Series, optional
        Shares at period 0 (summing to 1); default everyone in the first stage.
    periods : int
        Number of steps to take.

    Returns
    -------
    pandas.DataFrame
        Rows period 0..periods, one column per stage; each row sums to 1.

    Examples
    --------
    >>> s = ladder_shares(default_ladder(), periods=2)
    >>> s.round(4).iloc[2].tolist()
    [0.4925, 0.3625, 0.0375, 0.0, 0.1075]
    """
    import numpy as np
    import pandas as pd

    m = check_transitions(transitions)
    periods = check_number(periods, name="periods", low=1, high=10_000, integer=True)
    if start is None:
        s0 = np.zeros(len(m))
        s0[0] = 1.0
    else:
        start = pd.Series(start, dtype="float64")
        unknown = [k for k in start.index if k not in m.index]
        if unknown:
            raise CRMLabError(f"start has stage {unknown[0]!r}; stages are {list(m.index)}.")
        s0 = start.reindex(m.index, fill_value=0.0).to_numpy()
        if (s0 < 0).any() or np.isnan(s0).any() or abs(s0.sum() - 1) > 1e-9:
            raise CRMLabError(
                f"start shares must be in [0, 1] and sum to 1; got {dict(zip(m.index, s0))}."
            )
    p = m.to_numpy()
    out = np.empty((periods + 1, len(m)))
    out[0] = s0
    for t in range(periods):
        out[t + 1] = out[t] @ p
    return pd.DataFrame(out, index=pd.RangeIndex(periods + 1, name="period"), columns=m.columns)


def ladder_steady_state(transitions):
    """The long-run shares ``pi`` with ``pi P = pi`` and ``sum(pi) = 1``.

    Solved as a linear system; refused when the chain has no single long run (e.g. two stages
    that nobody ever leaves).

    Examples
    --------
    >>> ladder_steady_state(default_ladder()).round(3).tolist()
    [0.081, 0.103, 0.11, 0.221, 0.485]
    """
    import numpy as np
    import pandas as pd

    m = check_transitions(transitions)
    k = len(m)
    a = np.vstack([m.to_numpy().T - np.eye(k), np.ones(k)])
    b = np.zeros(k + 1)
    b[-1] = 1.0
    if np.linalg.matrix_rank(a) < k:
        raise CRMLabError(
            "transitions has no unique steady state: the chain splits into groups of stages "
            "that never reach each other (e.g. two stages nobody leaves). Add a path between them."
        )
    pi, *_ = np.linalg.lstsq(a, b, rcond=None)
    pi = np.clip(pi, 0, None)
    return pd.Series(pi / pi.sum(), index=m.index, name="steady_state")


def ladder_scenario(transitions, moves, *, start=None, periods: int = 24):
    """Stage shares over time after setting some moves' probabilities.

    Each ``(source, target): probability`` of ``moves`` is applied with :func:`set_transition`
    (the chance of staying put absorbs the change), then :func:`ladder_shares` runs the chain.

    Examples
    --------
    >>> s = ladder_scenario(default_ladder(), {("repeat purchase", "loyal purchase"): 0.4},
    ...                     periods=12)
    >>> round(float(s.iloc[-1]["loyal purchase"]), 3)
    0.289
    """
    m = check_transitions(transitions)
    for (source, target), probability in dict(moves).items():
        m = set_transition(m, source, target, probability)
    return ladder_shares(m, start=start, periods=periods)
