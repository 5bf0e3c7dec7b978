"""Figures for :mod:`crmlab.marketing`: campaign returns and the cross-selling lift map."""

from __future__ import annotations

from .._validate import check_frame
from ..errors import CRMLabError
from ..language import tr
from ._style import PALETTE, axes_or_new, style

__all__ = ["ROI_MEASURES", "campaign_roi_bar", "cross_sell_heatmap"]


def _axes(ax):
    return axes_or_new(ax, layout="constrained")  # room for long campaign and item names


#: The returns a campaign table can hold.
ROI_MEASURES = ("revenue_roi", "margin_roi", "marketing_roi")


def _roi_label(name: str) -> str:
    return {"revenue_roi": tr("revenue ROI, (revenue - cost) / cost (%)"),
            "margin_roi": tr("margin ROI, (revenue x margin - cost) / cost (%)"),
            "marketing_roi": tr("marketing ROI, (added revenue x margin - cost) / cost (%)")}[name]


def campaign_roi_bar(roi, *, measure="revenue_roi", campaign="campaign_id", ax=None):
    """Bars per campaign of a return in %, gains and losses coloured apart; two measures in pairs.

    ``roi`` is the output of :func:`crmlab.marketing.campaign_roi` (``revenue_roi``,
    ``margin_roi``) or :func:`crmlab.holdout.marketing_roi` (also ``marketing_roi``);
    ``measure`` is one of :data:`ROI_MEASURES` or a pair of them, drawn as two bars per campaign
    (the first hatched). ``campaign`` names the campaign column (the bar labels).

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.marketing import campaign_roi
    >>> df = pd.DataFrame({"campaign_id": ["A", "B"], "cost": [100.0, 200.0],
    ...                    "revenue": [250.0, 150.0]})
    >>> ax = campaign_roi_bar(campaign_roi(df, contacts=None, responses=None))
    >>> [round(p.get_width()) for p in ax.patches]
    [150, -25]
    >>> t = campaign_roi(df, margin=0.4, contacts=None, responses=None)
    >>> ax = campaign_roi_bar(t, measure=("revenue_roi", "margin_roi"))
    >>> [round(p.get_width()) for p in ax.patches]
    [150, -25, 0, -70]
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    measures = [measure] if isinstance(measure, str) else list(measure)
    if not 1 <= len(measures) <= 2 or any(m not in ROI_MEASURES for m in measures):
        raise CRMLabError(f"measure must be one of {list(ROI_MEASURES)} or a pair of them; "
                          f"got {measure!r}.")
    check_frame(roi, name="roi", columns=[campaign, *measures])
    with style():
        ax = _axes(ax)
        height = 0.8 / len(measures)
        for k, name in enumerate(measures):
            pct = roi[name].to_numpy() * 100
            colors = [PALETTE["green"] if v >= 0 else PALETTE["vermillion"] for v in pct]
            y = [i + (k - (len(measures) - 1) / 2) * height for i in range(len(roi))]
            ax.barh(y, pct, height=height, color=colors, edgecolor=PALETTE["black"],
                    linewidth=0.5, hatch="//" if (k == 0 and len(measures) == 2) else None,
                    label=_roi_label(name))
        ax.axvline(0, color=PALETTE["black"], linewidth=0.8)
        ax.set_yticks(list(range(len(roi))), [str(c) for c in roi[campaign]])
        ax.invert_yaxis()
        ax.set_xlabel(_roi_label(measures[-1]) if len(measures) == 1
                      else tr("return on the campaign's cost (%)"))
        ax.set_ylabel(tr("campaign"))
        ax.grid(axis="y", visible=False)
        if len(measures) == 2:
            from matplotlib.patches import Patch

            edge = PALETTE["black"]
            keys = [Patch(facecolor="white", edgecolor=edge, hatch="//",
                          label=_roi_label(measures[0])),
                    Patch(facecolor="white", edgecolor=edge, label=_roi_label(measures[1])),
                    Patch(facecolor=PALETTE["green"], edgecolor=edge, label=tr("gain")),
                    Patch(facecolor=PALETTE["vermillion"], edgecolor=edge, label=tr("loss"))]
            ax.legend(handles=keys, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=2,
                      fontsize="small", frameon=False)
    return ax


def cross_sell_heatmap(pairs, *, ax=None):
    """Heatmap of lift for every pair of items (diagonal left blank), values written in.

    ``pairs`` is the output of :func:`crmlab.marketing.cross_sell_pairs`; a pair it leaves out
    (below ``min_support``) stays blank. Colours diverge at lift 1 (white, chance) in Okabe-Ito
    blue and vermillion; lift above 1 (vermillion) marks items bought together more often than
    chance.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.marketing import cross_sell_pairs
    >>> log = pd.DataFrame({"basket_id": [1, 1, 2, 2, 3, 4],
    ...                     "category": ["ink", "printer", "ink", "printer", "ink", "paper"]})
    >>> ax = cross_sell_heatmap(cross_sell_pairs(log))
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['ink', 'paper', 'printer']
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap, TwoSlopeNorm

    check_frame(pairs, name="pairs", columns=["item_a", "item_b", "lift"])
    names = sorted(set(pairs["item_a"]) | set(pairs["item_b"]))
    pos = {n: i for i, n in enumerate(names)}
    grid = np.full((len(names), len(names)), np.nan)
    for a, b, lift in pairs[["item_a", "item_b", "lift"]].itertuples(index=False):
        grid[pos[a], pos[b]] = grid[pos[b], pos[a]] = lift
    top = max(2.0, float(np.nanmax(grid)))
    with style():
        ax = _axes(ax)
        cmap = LinearSegmentedColormap.from_list(
            "lift", [PALETTE["blue"], "#FFFFFF", PALETTE["vermillion"]])
        image = ax.imshow(grid, cmap=cmap, norm=TwoSlopeNorm(vmin=0.0, vcenter=1.0, vmax=top))
        for (i, j), lift in np.ndenumerate(grid):
            if i != j and np.isfinite(lift):
                ax.text(j, i, f"{lift:.1f}", ha="center", va="center", fontsize=8)
        ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
        ax.set_yticks(range(len(names)), names)
        ax.set_xlabel(tr("item bought (category)"))
        ax.set_ylabel(tr("item bought with it (category)"))
        ax.grid(False)
        ax.figure.colorbar(image, ax=ax, label=tr("lift (1 = chance)"))
    return ax
