"""Figures for :mod:`crmlab.loyalty`: the NPS bar and driver importance."""

from __future__ import annotations

from .._validate import check_frame
from ..errors import CRMLabError
from ..language import tr
from ._style import PALETTE, axes_or_new, style

__all__ = ["nps_bar", "driver_importance_bars"]


def nps_bar(nps, *, ax=None):
    """Bars of detractors, passives and promoters (% of respondents), NPS and CI in the title.

    ``nps`` is the output of :func:`crmlab.loyalty.net_promoter_score`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.loyalty import net_promoter_score
    >>> ax = nps_bar(net_promoter_score([10, 9, 8, 6, 3]))
    >>> [round(p.get_height()) for p in ax.patches]
    [40, 20, 40]
    >>> plt.close("all")
    """
    import pandas as pd

    need = ["pct_detractors", "pct_passives", "pct_promoters", "nps", "ci_low", "ci_high", "n"]
    if not isinstance(nps, pd.Series) or any(k not in nps.index for k in need):
        raise CRMLabError(
            "nps must be the Series returned by crm.loyalty.net_promoter_score(...); "
            f"got {type(nps).__name__}."
        )
    with style():
        ax = axes_or_new(ax)
        labels = [tr("detractors (0-6)"), tr("passives (7-8)"), tr("promoters (9-10)")]
        values = [nps["pct_detractors"], nps["pct_passives"], nps["pct_promoters"]]
        colours = [PALETTE["vermillion"], PALETTE["yellow"], PALETTE["green"]]
        bars = ax.bar(labels, values, color=colours, edgecolor=PALETTE["black"], linewidth=0.5)
        for bar, v in zip(bars, values):
            ax.annotate(f"{v:.0f} %", (bar.get_x() + bar.get_width() / 2, v),
                        ha="center", va="bottom", xytext=(0, 2), textcoords="offset points")
        ax.set_ylim(0, max(100.0, max(values) * 1.1))
        ax.set_ylabel(tr("share of respondents (%)"))
        ax.set_xlabel(tr("answer to 'how likely are you to recommend us?' (0-10)"))
        ax.set_title(tr("NPS {nps:+.0f} (95 % CI {low:+.0f} to {high:+.0f}), n = {n}",
                        nps=nps["nps"], low=nps["ci_low"], high=nps["ci_high"], n=int(nps["n"])))
    return ax


def driver_importance_bars(importance, *, ax=None):
    """Standardised effects with 95 % error bars, beside each driver's raw correlation.

    ``importance`` is the output of :func:`crmlab.loyalty.driver_importance`. Under a halo
    effect the dots (correlations) are all high while the bars (effects) separate the drivers.

    Examples
    --------
    >>> import numpy as np, pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.loyalty import driver_importance
    >>> rng = np.random.default_rng(0)
    >>> x = pd.DataFrame(rng.normal(size=(200, 2)), columns=["trust", "rewards"])
    >>> x["loyalty"] = x["trust"] + rng.normal(size=200)
    >>> ax = driver_importance_bars(driver_importance(x, drivers=["trust", "rewards"]))
    >>> [t.get_text() for t in ax.get_yticklabels()][::-1]  # top to bottom, as in the table
    ['trust', 'rewards']
    >>> plt.close("all")
    """
    check_frame(importance, name="importance", columns=["beta", "se", "ci_low", "ci_high",
                                                        "correlation", "shapley_pct"])
    with style():
        ax = axes_or_new(ax)
        imp = importance.iloc[::-1]
        y = range(len(imp))
        err = [imp["beta"] - imp["ci_low"], imp["ci_high"] - imp["beta"]]
        ax.barh(y, imp["beta"], xerr=err, color=PALETTE["blue"], capsize=4,
                label=tr("standardised effect (95 % CI)"))
        ax.scatter(imp["correlation"], y, color=PALETTE["orange"], zorder=3, s=40,
                   label=tr("raw correlation"))
        for yi, (b, s) in enumerate(zip(imp["ci_high"], imp["shapley_pct"])):
            ax.annotate(tr("{share:.0f} % of R²", share=s), (max(b, 0), yi), xytext=(6, 0),
                        textcoords="offset points", va="center", fontsize=9)
        ax.set_yticks(list(y), [str(i) for i in imp.index])
        ax.axvline(0, color=PALETTE["black"], linewidth=0.8)
        ax.set_xlabel(tr("effect on loyalty (sd per sd of driver) / correlation (-1 to 1)"))
        ax.set_ylabel(tr("loyalty driver"))
        ax.set_ylim(-0.6, len(imp) + 0.5)  # headroom above the top bar for the legend
        ax.legend(loc="upper right", ncols=2, fontsize=9)
    return ax
