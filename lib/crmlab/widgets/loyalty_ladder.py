"""Explorer for :mod:`crmlab.loyalty_ladder`: change transition probabilities, watch the shares."""

from __future__ import annotations

import math

from .._validate import check_number
from ..errors import CRMLabError
from ..loyalty_ladder import check_transitions, default_ladder, ladder_scenario
from ..plots.loyalty_ladder import ladder_flow
from ..language import tr
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
    :func:`crmlab.loyalty_ladder.set_transition`). Everyone starts in wary observation.

    Returns
    -------
    crmlab.widgets.Explorer
        ``result`` is the shares frame of :func:`crmlab.loyalty_ladder.ladder_scenario`.

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

    base = check_transitions(default_ladder() if transitions is None else transitions)
    periods = check_number(periods, name="periods", low=1, high=600, integer=True)
    for src, dst in MOVES.values():
        if src not in base.index or dst not in base.index:
            raise CRMLabError(f"transitions needs the stages {src!r} and {dst!r} for the ladder "
                              f"explorer; it has {list(base.index)}.")
    descriptions = {"random_to_repeat": tr("random -> repeat"),
                    "repeat_to_loyal": tr("repeat -> loyal"), "loyal_to_left": tr("loyal -> left")}
    controls = {name: w.FloatSlider(
        value=float(base.loc[src, dst]), step=0.01, min=0.0,
        max=math.floor(float(base.loc[src, src] + base.loc[src, dst]) * 100 + 1e-9) / 100,
        description=descriptions[name]) for name, (src, dst) in MOVES.items()}

    def compute(**probs):
        moves = {MOVES[name]: prob for name, prob in probs.items()}
        return ladder_scenario(base, moves, periods=periods)

    return Explorer(
        controls,
        compute=compute,
        draw=lambda result, ax, **_: ladder_flow(result, ax=ax),
        title=tr("Loyalty ladder"),
    )
