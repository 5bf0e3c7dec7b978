"""Figure for :mod:`crmlab.loyalty_programme`: what a programme cost against what it brought."""

from __future__ import annotations

from .._validate import check_frame
from ..language import tr
from ._style import PALETTE, axes_or_new, hbars, style
from .loyalty_ladder import stage_label

__all__ = ["programme_chart"]


def programme_chart(effect, *, ax=None):
    """Rewards paid against extra gross margin earned, per group, in thousands of yuan.

    ``effect`` is the output of :func:`crmlab.loyalty_programme.programme_effect`. Each row
    gets two bars: the rewards paid to members and the incremental gross margin measured
    against the hold-out group; the net result is written beside them.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.loyalty_programme import programme_effect
    >>> m = pd.DataFrame({"group": ["programme"] * 4 + ["holdout"] * 2,
    ...                   "retained": [True, True, True, False, True, False],
    ...                   "spend_before": [100.0] * 6,
    ...                   "spend_during": [120.0, 110.0, 100.0, 40.0, 100.0, 50.0],
    ...                   "reward_cost": [2.0, 2.0, 2.0, 0.0, 0.0, 0.0]})
    >>> ax = programme_chart(programme_effect(m, margin=0.2))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['all']
    >>> plt.close("all")
    """
    import numpy as np

    check_frame(effect, name="effect", columns=["reward_cost", "incremental_margin", "net"])
    rows = effect.iloc[::-1]
    y = np.arange(len(rows), dtype=float)
    with style():
        ax = axes_or_new(ax)
        hbars(ax, y + 0.2, rows["reward_cost"] / 1000, height=0.38, color=PALETTE["vermillion"],
              label=tr("rewards paid"))
        hbars(ax, y - 0.2, rows["incremental_margin"] / 1000, height=0.38,
              color=PALETTE["blue"], label=tr("extra gross margin (vs hold-out)"))
        right = max(float(np.nanmax(rows[["reward_cost", "incremental_margin"]].to_numpy())) / 1000,
                    1e-9)
        for yi, net in zip(y, rows["net"]):
            ax.text(right * 1.03, yi, tr("net {net:+,.0f}k", net=net / 1000), va="center",
                    fontsize=9)
        ax.set_xlim(min(0.0, float(np.nanmin(rows["incremental_margin"])) / 1000 * 1.1),
                    right * 1.35)
        ax.set_ylim(-0.7, len(rows) - 0.3 + 0.6)
        ax.set_yticks(list(y), [stage_label(i) for i in rows.index])
        ax.axvline(0, color=PALETTE["black"], linewidth=0.8)
        ax.set_xlabel(tr("thousand yuan in the pilot year (gross margin {m:.0%})",
                         m=effect.attrs.get("margin", float("nan"))))
        ax.set_ylabel(tr("customers at the start"))
        ax.legend(loc="upper right", fontsize=9, ncols=2)
    return ax
