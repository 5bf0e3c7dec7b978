"""Figures for :mod:`crmlab.winback`: what a win-back offer touched and what it added."""

from __future__ import annotations

from ..errors import CRMLabError
from ..language import tr
from ._style import PALETTE, axes_or_new, style

__all__ = ["holdout_chart"]


def holdout_chart(test, *, ax=None):
    """Return rates (%) of the offer group and the hold-out group, the offer's bar split into
    "would have come back anyway" (the hold-out rate) and "added by the offer" (the uplift, with
    its confidence interval as a whisker).

    ``test`` is the output of :func:`crmlab.winback.holdout_test`.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.winback import holdout_test
    >>> e = pd.DataFrame({"group": ["offer"] * 10 + ["hold-out"] * 10,
    ...                   "returned": [True] * 4 + [False] * 6 + [True] * 2 + [False] * 8})
    >>> ax = holdout_chart(holdout_test(e))
    >>> [round(p.get_height()) for p in ax.patches]
    [20, 20, 20]
    >>> plt.close("all")
    """
    import pandas as pd

    need = ["rate_offer", "rate_holdout", "uplift", "ci_low", "ci_high", "offered", "held_out"]
    if not isinstance(test, pd.Series) or any(k not in test.index for k in need):
        raise CRMLabError("test must be the output of crm.winback.holdout_test(...), unchanged.")
    p1, p0, up = 100 * test["rate_offer"], 100 * test["rate_holdout"], 100 * test["uplift"]
    with style():
        ax = axes_or_new(ax)
        ax.bar([0], [min(p0, p1)], width=0.6, color=PALETTE["sky"],
               label=tr("would have come back anyway"))
        ax.bar([0], [max(up, 0.0)], bottom=[min(p0, p1)], width=0.6, color=PALETTE["vermillion"],
               label=tr("added by the offer"))
        ax.bar([1], [p0], width=0.6, color=PALETTE["sky"])
        ax.errorbar([0], [p0 + up], yerr=[[up - 100 * test["ci_low"]],
                                          [100 * test["ci_high"] - up]],
                    color=PALETTE["black"], capsize=6, linewidth=1)
        for x, rate in ((0, p1), (1, p0)):
            ax.annotate(f"{rate:.1f} %", (x, rate), xytext=(16, 2), textcoords="offset points",
                        fontsize=9)
        ax.set_xticks([0, 1], [tr("offer ({n:,.0f})", n=test["offered"]),
                               tr("hold-out ({n:,.0f})", n=test["held_out"])])
        ax.set_xlim(-0.6, 1.6)
        ax.set_ylim(0, max(p1, p0 + 100 * test["ci_high"]) * 1.3 + 1)  # room for the legend
        ax.set_xlabel(tr("group (customers)"))
        ax.set_ylabel(tr("came back within the test (% of the group)"))
        ax.legend(loc="upper right", fontsize=9)
    return ax
