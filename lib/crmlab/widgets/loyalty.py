"""Explorer for :mod:`crmlab.loyalty`: change ladder transition probabilities, watch the shares."""

from __future__ import annotations

import math

from .._validate import check_number
from ._base import Explorer

__all__ = ["ladder_explorer"]

#: The moves the explorer's sliders set: control name -> (from stage, to stage).
MOVES = {
    "random_to_repeat": ("random purchase", "repeat purchase"),
    "repeat_to_loyal": ("repeat purchase", "loyal purchase"),
    "loyal_to_left": ("loyal purchase", "left"),
}


def ladder_explorer(transitions=None, *, periods: int = 24):
    """Move three transition probabilities of the loyalty ladder and watch the stage shares.

    Sliders set random -> repeat purchase, repeat -> loyal purchase and loyal purchase ->
    left; the chance of staying in the stage absorbs each change (see
    :func:`crmlab.loyalty.set_transition`). Everyone starts in wary observation.

    Returns
    -------
    crmlab.widgets.Explorer
        ``result`` is the shares frame of :func:`crmlab.loyalty.ladder_shares`.

    Examples
    --------
    >>> ex = ladder_explorer(periods=12)
    >>> round(float(ex.result.iloc[-1]["loyal purchase"]), 3)
    0.133
    >>> round(float(ex.update(repeat_to_loyal=0.4).result.iloc[-1]["loyal purchase"]), 3)
    0.289
    >>> ex.close()
    """
    import ipywidgets as w
    import numpy as np
    import pandas as pd

    from ..loyalty import check_transitions, default_ladder, ladder_shares
    from ..plots.loyalty import ladder_flow

    base = check_transitions(default_ladder() if transitions is None else transitions)
    periods = check_number(periods, name="periods", low=1, high=600, integer=True)
    controls = {}
    for name, (src, dst) in MOVES.items():
        if src not in base.index or dst not in base.index:
            from ..errors import CRMLabError

            raise CRMLabError(
                f"transitions needs the stages {src!r} and {dst!r} for the ladder explorer; "
                f"it has {list(base.index)}."
            )
        top = float(base.loc[src, src] + base.loc[src, dst])
        controls[name] = w.FloatSlider(value=float(base.loc[src, dst]), min=0.0, max=math.floor(top * 100 + 1e-9) / 100,
                                       step=0.01, description=f"{src.split()[0]} -> {dst.split()[0]}")

    stages = list(base.index)
    p0 = base.to_numpy()
    pos = {name: (stages.index(src), stages.index(dst)) for name, (src, dst) in MOVES.items()}
    start = ladder_shares(base, periods=1).iloc[0].to_numpy()

    def compute(**probs):
        # same as set_transition(...) for each move, without re-validating the matrix per
        # change: the sliders' ranges keep every row valid (checked once above)
        p = p0.copy()
        for name, prob in probs.items():
            i, j = pos[name]
            p[i, i] = max(p[i, i] + p[i, j] - prob, 0.0)
            p[i, j] = prob
        out = np.empty((periods + 1, len(stages)))
        out[0] = start
        for t in range(periods):
            out[t + 1] = out[t] @ p
        return pd.DataFrame(out, index=pd.RangeIndex(periods + 1, name="period"),
                            columns=base.columns)

    def draw(result, ax, **_):
        ladder_flow(result, ax=ax)

    return Explorer(controls, compute=compute, draw=draw, title="Loyalty ladder")
