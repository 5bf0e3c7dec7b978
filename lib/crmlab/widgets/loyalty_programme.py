"""Explorer for :mod:`crmlab.loyalty_programme`: whom to give the points, at which margin."""

from __future__ import annotations

from .._validate import check_frame, check_rate
from ..errors import CRMLabError
from ..language import tr
from ..loyalty_programme import programme_effect
from ..plots.loyalty_programme import programme_chart
from ._base import Explorer

__all__ = ["TARGETS", "programme_explorer"]

#: Target groups the explorer offers: label -> the loyalty stages that get the programme.
TARGETS = {
    "all stages": ("wary observation", "random purchase", "repeat purchase", "loyal purchase"),
    "all but the loyal": ("wary observation", "random purchase", "repeat purchase"),
    "random and repeat purchase": ("random purchase", "repeat purchase"),
    "repeat purchase only": ("repeat purchase",),
}


def programme_explorer(members, *, margin: float = 0.2, stage: str = "stage", **columns):
    """Choose which loyalty stages get the programme and the gross margin; read the economics.

    The measured effect of each stage stays what the pilot found (members against the hold-out
    group of the same stage): targeting only drops stages, and with them their rewards and
    their extra customers kept. ``columns`` passes the column names of
    :func:`crmlab.loyalty_programme.programme_effect`.

    Returns
    -------
    crmlab.widgets.Explorer
        ``result`` is the output of :func:`crmlab.loyalty_programme.programme_effect` by stage
        for the chosen stages.

    Examples
    --------
    >>> from crmlab.simulate import generate
    >>> pilot = generate("loyalty_programme", 2000, seed=7)["loyalty_programme"]
    >>> ex = programme_explorer(pilot)
    >>> ex.result.index.tolist()[-1], round(float(ex.result.loc["all", "net"]))
    ('all', 13196)
    >>> ex.update(target="repeat purchase only").result.index.tolist()
    ['repeat purchase', 'all']
    >>> ex.close()
    """
    import ipywidgets as w

    check_frame(members, name="members", columns=[stage])
    margin = check_rate(margin, name="margin", allow_one=True)
    programme_effect(members, margin=margin, by=stage, **columns)  # check once, before controls
    stages = set(members[stage].astype(str).unique())
    missing = [s for s in TARGETS["all stages"] if s not in stages]
    if missing:
        raise CRMLabError(f"members column {stage!r} lacks the stages {missing}; the explorer "
                          f"targets S1's four stages. It has {sorted(stages)}.")
    chosen = {name: members[members[stage].astype(str).isin(keep)]
              for name, keep in TARGETS.items()}
    labels = {"all stages": tr("all stages"), "all but the loyal": tr("all but the loyal"),
              "random and repeat purchase": tr("random and repeat purchase"),
              "repeat purchase only": tr("repeat purchase only")}
    controls = {
        "target": w.Dropdown(options=[(labels[k], k) for k in TARGETS], value="all stages",
                             description=tr("who gets points")),
        "margin": w.FloatSlider(value=round(margin, 2), min=0.05, max=0.6, step=0.01,
                                description=tr("gross margin")),
    }
    return Explorer(
        controls,
        compute=lambda target, margin: programme_effect(chosen[target], margin=margin, by=stage,
                                                        **columns),
        draw=lambda result, ax, **_: programme_chart(result, ax=ax),
        title=tr("Points pilot: rewards against extra margin"),
    )
