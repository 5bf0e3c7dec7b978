"""The four stages of S1 as a Markov chain, read for decisions (C17).

:mod:`crmlab.loyalty_ladder` moves customers between S1's stages (wary observation, random
purchase, repeat purchase, loyal purchase) and ``left`` with a transition matrix ``P``. This
module answers the questions a manager asks of such a chain:

* :func:`time_to_stage`: how many periods, on average, until a customer first reaches a stage
  (the expected first-passage time ``m`` solves ``(I - Q) m = 1``, with ``Q`` the moves among
  the other stages);
* :func:`reach_probability`: the chance of reaching a stage *before* another, e.g. becoming
  loyal before leaving for a rival (``(I - Q) h = b``, with ``b`` the one-step chance of
  arriving; both stages are treated as the end of the road);
* :func:`ladder_outlook`: the stage shares period by period with the long run (steady state)
  and those two answers for a customer starting at the first stage, for the explorer.
"""

from __future__ import annotations

from .errors import CRMLabError
from .loyalty_ladder import check_transitions, ladder_shares, ladder_steady_state

__all__ = ["time_to_stage", "reach_probability", "ladder_outlook"]


def time_to_stage(transitions, target):
    """Expected number of periods until a customer first reaches ``target``, from each stage.

    For the stages ``S`` other than ``target``, with ``Q`` the transition probabilities among
    them, the expected first-passage times solve ``m = 1 + Q m``, i.e. ``(I - Q) m = 1``. The
    target itself gets 0. A stage from which ``target`` cannot be reached gets infinity.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame([[0.5, 0.5], [0.0, 1.0]], index=["new", "loyal"],
    ...                  columns=["new", "loyal"])
    >>> time_to_stage(p, "loyal").tolist()
    [2.0, 0.0]
    """
    import numpy as np
    import pandas as pd

    m = check_transitions(transitions)
    _check_stage(m, target, "target")
    others = [s for s in m.index if s != target]
    reach = _can_reach(m, target)
    out = pd.Series(np.inf, index=m.index, name=f"periods_to_{target}")
    out[target] = 0.0
    live = [s for s in others if reach[s]]
    if live:
        q = m.loc[live, live].to_numpy()
        out[live] = np.linalg.solve(np.eye(len(live)) - q, np.ones(len(live)))
    return out


def reach_probability(transitions, target, *, before):
    """Chance of reaching ``target`` before ``before``, starting from each stage.

    Both stages end the walk. For the other stages, with ``Q`` the moves among them and ``b``
    the one-step chance of moving into ``target``, ``h = b + Q h``, i.e. ``(I - Q) h = b``.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame([[0.5, 0.3, 0.2], [0, 1, 0], [0, 0, 1]],
    ...                  index=["new", "loyal", "left"], columns=["new", "loyal", "left"])
    >>> reach_probability(p, "loyal", before="left").round(2).tolist()
    [0.6, 1.0, 0.0]
    """
    import numpy as np
    import pandas as pd

    m = check_transitions(transitions)
    _check_stage(m, target, "target")
    _check_stage(m, before, "before")
    if target == before:
        raise CRMLabError(f"target and before are both {target!r}; name two different stages.")
    others = [s for s in m.index if s not in (target, before)]
    out = pd.Series(0.0, index=m.index, name=f"reach_{target}")
    out[target] = 1.0
    if others:
        q = m.loc[others, others].to_numpy()
        b = m.loc[others, target].to_numpy()
        try:
            out[others] = np.linalg.solve(np.eye(len(others)) - q, b)
        except np.linalg.LinAlgError:
            raise CRMLabError(
                f"some stages never reach {target!r} or {before!r} (they keep customers "
                "forever); give them a way out."
            ) from None
    return out


def ladder_outlook(transitions, *, start=None, periods: int = 24, target: str = "loyal purchase",
                   exit_stage: str = "left"):
    """Stage shares period by period, with the long run and a new customer's prospects.

    Returns :func:`crmlab.loyalty_ladder.ladder_shares` with ``attrs``: ``steady_state``
    (stage -> long-run share), ``reach`` (chance that a customer starting in the first stage
    reaches ``target`` before ``exit_stage``) and ``periods_to_target`` (expected periods for
    that customer to first reach ``target``).

    Examples
    --------
    >>> from crmlab.loyalty_ladder import default_ladder
    >>> out = ladder_outlook(default_ladder(), periods=12)
    >>> round(out.attrs["steady_state"]["loyal purchase"], 3), round(out.attrs["reach"], 3)
    (0.221, 0.294)
    """
    m = check_transitions(transitions)
    _check_stage(m, target, "target")
    _check_stage(m, exit_stage, "exit_stage")
    shares = ladder_shares(m, start=start, periods=periods)
    first = m.index[0]
    shares.attrs.update(
        steady_state={k: float(v) for k, v in ladder_steady_state(m).items()},
        reach=float(reach_probability(m, target, before=exit_stage)[first]),
        periods_to_target=float(time_to_stage(m, target)[first]),
        target=target, exit_stage=exit_stage,
    )
    return shares


def _check_stage(m, stage, label):
    if stage not in m.index:
        raise CRMLabError(f"{label} {stage!r} is not a stage; stages are {list(m.index)}.")


def _can_reach(m, target):
    """Which stages have a path of positive probability to ``target``."""
    import numpy as np

    step = m.to_numpy() > 0
    can = np.array([s == target for s in m.index])
    while True:
        more = can | (step & can[None, :]).any(axis=1)
        if (more == can).all():
            return dict(zip(m.index, can))
        can = more
