"""Explorer for :mod:`crmlab.loyalty`: change ladder transition probabilities, watch the shares."""

from __future__ import annotations

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

    from ..loyalty import check_transitions, default_ladder, ladder_shares, set_transition
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
        controls[name] = w.FloatSlider(value=float(base.loc[src, dst]), min=0.0, max=round(top, 2),
                                       step=0.01, description=f"{src.split()[0]} -> {dst.split()[0]}")

    def compute(**probs):
        m = base
        for name, p in probs.items():
            src, dst = MOVES[name]
            m = set_transition(m, src, dst, p)
        return ladder_shares(m, periods=periods)

    def draw(result, ax, **_):
        ladder_flow(result, ax=ax)

    return Explorer(controls, compute=compute, draw=draw, title="Loyalty ladder")
