"""Figure for :mod:`crmlab.sampling`: many surveys of one population, their spread and bias."""

from __future__ import annotations

from .._validate import check_frame
from ..errors import CRMLabError
from ..language import tr
from ._style import PALETTE, axes_or_new, style, vbars

__all__ = ["survey_estimates_chart"]


def survey_estimates_chart(simulation, *, ax=None):
    """Histogram of the estimates of repeated surveys, with the true value and its margin.

    ``simulation`` is the output of :func:`crmlab.sampling.survey_simulation`. The shaded
    band is the true value plus or minus the 95 % margin of error of the formula: without
    response bias about 95 % of the surveys land inside it; with bias the whole histogram
    moves.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.sampling import survey_simulation
    >>> pop = pd.DataFrame({"csat": [5, 4, 2, 3] * 500})
    >>> ax = survey_estimates_chart(survey_simulation(pop, column="csat", n=200, seed=1))
    >>> tuple(float(v) for v in ax.get_xlim())
    (0.0, 100.0)
    >>> plt.close("all")
    """
    import numpy as np

    check_frame(simulation, name="simulation", columns=["estimate"])
    if "truth" not in simulation.attrs:
        raise CRMLabError("simulation must be the output of crm.sampling.survey_simulation(...).")
    a = simulation.attrs
    values = simulation["estimate"].dropna().to_numpy()
    counts, edges = np.histogram(values, bins=np.arange(0, 101, 1.0))
    with style():
        ax = axes_or_new(ax)
        ax.axvspan(a["truth"] - a["moe"], a["truth"] + a["moe"], color=PALETTE["sky"],
                   alpha=0.3, label=tr("truth +- 95 % margin of error"))
        vbars(ax, edges[:-1] + 0.5, 100 * counts / max(len(values), 1), width=1.0,
              color=PALETTE["blue"], label=tr("estimates of {k} surveys", k=len(simulation)))
        ax.axvline(a["truth"], color=PALETTE["black"], linewidth=1.5,
                   label=tr("true share {t:.1f} %", t=a["truth"]))
        ax.axvline(a["mean_estimate"], color=PALETTE["vermillion"], linewidth=1.5,
                   linestyle="--", label=tr("average estimate {m:.1f} %", m=a["mean_estimate"]))
        ax.set_xlim(0, 100)
        # fixed limits: the shaded span's patch would otherwise feed the old y range back in
        ax.set_ylim(0, max(float(100 * counts.max() / max(len(values), 1)), 1.0) * 1.15)
        ax.set_xlabel(tr("satisfied customers in the survey's answers (%)"))
        ax.set_ylabel(tr("share of surveys (%)"))
        ax.set_title(tr("{n:,} invited, about {k:.0f} answers; bias {b:+.1f} points",
                        n=a["n"], k=a["answers"], b=a["bias_points"]), loc="left", y=1.0,
                     fontsize=10)
        ax.legend(loc="upper left", fontsize=8)
    return ax
