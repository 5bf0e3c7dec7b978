"""Explorer for :mod:`crmlab.loyalty_stages`: climbing S1's stages, and leaving after a letdown."""

from __future__ import annotations

from .._validate import check_number
from ..errors import CRMLabError
from ..language import tr
from ..loyalty_ladder import check_transitions, default_ladder, set_transition
from ..loyalty_stages import ladder_outlook
from ..plots.loyalty_stages import ladder_outlook_chart
from ._base import Explorer

__all__ = ["stages_explorer"]

#: Climbing moves the sliders set: control name -> (from stage, to stage).
CLIMB = {
    "wary_to_random": ("wary observation", "random purchase"),
    "random_to_repeat": ("random purchase", "repeat purchase"),
    "repeat_to_loyal": ("repeat purchase", "loyal purchase"),
}
#: The move the letdown slider sets: a loyal customer disappointed and gone to a rival.
LETDOWN = ("loyal purchase", "left")


def stages_explorer(transitions=None, *, periods: int = 36):
    """Set how fast customers climb S1's four stages and how often a letdown sends them to a rival.

    Three sliders set the monthly chance of climbing one rung (wary -> random, random ->
    repeat, repeat -> loyal); the fourth, ``letdown``, sets the monthly chance that a loyal
    customer is disappointed and leaves (S1: some become a rival's loyal customers).
    The chance of staying put absorbs each change. The figure shows the stage shares of a
    group that starts in wary observation, the long run on the right edge, and in the title the
    long-run loyal share and the chance that a newcomer becomes loyal before leaving.

    Returns
    -------
    crmlab.widgets.Explorer
        ``result`` is the output of :func:`crmlab.loyalty_stages.ladder_outlook`.

    Examples
    --------
    >>> ex = stages_explorer(periods=12)
    >>> round(ex.result.attrs["reach"], 3)
    0.294
    >>> round(ex.update(repeat_to_loyal=0.2).result.attrs["reach"], 3)
    0.37
    >>> ex.close()
    """
    import ipywidgets as w

    base = check_transitions(default_ladder() if transitions is None else transitions)
    periods = check_number(periods, name="periods", low=1, high=600, integer=True)
    for src, dst in [*CLIMB.values(), LETDOWN]:
        if src not in base.index or dst not in base.index:
            raise CRMLabError(f"transitions needs the stages {src!r} and {dst!r} for the stages "
                              f"explorer; it has {list(base.index)}.")
    names = {"wary_to_random": tr("wary -> random"), "random_to_repeat": tr("random -> repeat"),
             "repeat_to_loyal": tr("repeat -> loyal")}
    controls = {name: w.FloatSlider(value=float(base.loc[src, dst]), min=0.0, max=0.5, step=0.01,
                                    description=names[name])
                for name, (src, dst) in CLIMB.items()}
    controls["letdown"] = w.FloatSlider(value=float(base.loc[LETDOWN]), min=0.0, max=0.2,
                                        step=0.005, readout_format=".3f",
                                        description=tr("loyal -> left"))

    def compute(letdown, **climb):
        m = base
        for name, prob in climb.items():
            m = set_transition(m, *CLIMB[name], prob)
        m = set_transition(m, *LETDOWN, letdown)
        return ladder_outlook(m, periods=periods)

    return Explorer(controls, compute=compute,
                    draw=lambda result, ax, **_: ladder_outlook_chart(result, ax=ax),
                    title=tr("S1's four stages: climbing and leaving"))
