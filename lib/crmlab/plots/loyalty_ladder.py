"""Figures for :mod:`crmlab.loyalty_ladder`: the flow of customers through the ladder stages."""

from __future__ import annotations

from .._validate import check_frame
from ..errors import CRMLabError
from ..language import tr
from ._style import PALETTE, axes_or_new, style

__all__ = ["ladder_flow", "stage_label"]


def stage_label(stage) -> str:
    """A loyalty stage's name for readers, in the current language (others stay as they are).

    >>> stage_label("loyal purchase"), stage_label("all")
    ('loyal purchase', 'all')
    """
    names = {"wary observation": tr("wary observation"), "random purchase": tr("random purchase"),
             "repeat purchase": tr("repeat purchase"), "loyal purchase": tr("loyal purchase"),
             "left": tr("left"), "all": tr("all")}
    return names.get(str(stage), str(stage))


def ladder_flow(shares, *, ax=None):
    """Stacked areas of the share of customers in each ladder stage over time.

    ``shares`` is the output of :func:`crmlab.loyalty_ladder.ladder_shares` (or
    :func:`crmlab.loyalty_ladder.ladder_scenario`).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.loyalty_ladder import default_ladder, ladder_shares
    >>> ax = ladder_flow(ladder_shares(default_ladder(), periods=12))
    >>> tuple(float(v) for v in ax.get_ylim())
    (0.0, 100.0)
    >>> plt.close("all")
    """
    check_frame(shares, name="shares")
    if len(shares.columns) > len(PALETTE):
        raise CRMLabError(
            f"shares has {len(shares.columns)} stages; at most {len(PALETTE)} can be drawn."
        )
    with style():
        ax = axes_or_new(ax)
        colours = [
            PALETTE[c]
            for c in ("sky", "orange", "blue", "green", "vermillion", "purple", "yellow", "black")
        ][: len(shares.columns)]
        ax.stackplot(
            shares.index.to_numpy(),
            (100 * shares.T).to_numpy(),
            labels=[stage_label(c) for c in shares.columns],
            colors=colours,
            alpha=0.9,
        )
        ax.set_xlim(shares.index.min(), shares.index.max())
        ax.set_ylim(0, 100)
        ax.set_xlabel(tr("period (months)"))
        ax.set_ylabel(tr("share of customers (%)"))
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9)
    return ax
