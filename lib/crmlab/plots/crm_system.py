"""Figures of the three CRM-system functions: sales funnel, campaign ROI, cross-selling lift.

Each takes the raw table first, computes with :mod:`crmlab.crm_system`, and returns the Axes.
"""

from __future__ import annotations

from ._style import PALETTE, axes_or_new, style

__all__ = ["pipeline_funnel", "campaign_roi_bar", "cross_sell_heatmap"]


def _axes(ax):
    return axes_or_new(ax, layout="constrained")  # room for long stage and item names


def pipeline_funnel(deals, *, stage="stage", stages=None, ax=None):
    """Horizontal funnel: deals reaching each stage, labelled with the step conversion.

    Bars are ``reached`` from :func:`crmlab.crm_system.pipeline_conversion`; each label shows
    the count and ``step_conversion`` (share of the previous stage that got this far).

    Examples
    --------
    >>> import pandas as pd
    >>> deals = pd.DataFrame({"stage": ["leads", "contacts", "orders", "payments"]})
    >>> ax = pipeline_funnel(deals)
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['leads', 'contacts']
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    from ..crm_system import STAGES, pipeline_conversion

    table = pipeline_conversion(deals, stage=stage, stages=STAGES if stages is None else stages)
    with style():
        ax = _axes(ax)
        y = range(len(table))
        ax.barh(y, table["reached"], color=PALETTE["blue"], left=0)
        top = float(table["reached"].max())
        for i, row in table.iterrows():
            step = "" if i == 0 else (
                "  (n/a)" if row["step_conversion"] != row["step_conversion"]
                else f"  ({row['step_conversion']:.0%} of previous)")
            ax.text(row["reached"] + top * 0.01, i, f"{row['reached']:,}{step}", va="center",
                    fontsize=9)
        ax.set_yticks(list(y), list(table["stage"]))
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.45)
        ax.set_xlabel("deals reaching the stage (count)")
        ax.set_ylabel("pipeline stage")
        ax.grid(axis="y", visible=False)
    return ax


def campaign_roi_bar(campaigns, *, campaign="campaign_id", cost="cost", revenue="revenue",
                     ax=None):
    """Bar per campaign of ROI = (revenue - cost) / cost in %, gains and losses coloured apart.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"campaign_id": ["A", "B"], "cost": [100.0, 200.0],
    ...                    "revenue": [250.0, 150.0]})
    >>> ax = campaign_roi_bar(df)
    >>> [round(p.get_width()) for p in ax.patches]
    [150, -25]
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    from ..crm_system import campaign_roi

    table = campaign_roi(campaigns, campaign=campaign, cost=cost, revenue=revenue,
                         contacts=None, responses=None)
    pct = table["roi"] * 100
    colors = [PALETTE["green"] if v >= 0 else PALETTE["vermillion"] for v in pct]
    with style():
        ax = _axes(ax)
        y = range(len(table))
        ax.barh(y, pct, color=colors)
        ax.axvline(0, color=PALETTE["black"], linewidth=0.8)
        ax.set_yticks(list(y), [str(c) for c in table[campaign]])
        ax.invert_yaxis()
        ax.set_xlabel("return on investment, (revenue - cost) / cost (%)")
        ax.set_ylabel("campaign")
        ax.grid(axis="y", visible=False)
    return ax


def cross_sell_heatmap(baskets, *, basket="basket_id", item="category", ax=None):
    """Heatmap of lift for every pair of items (diagonal left blank), values written in.

    Colours diverge at lift 1 (white, chance) in Okabe-Ito blue and vermillion; lift above 1
    (vermillion) marks items bought together more often than chance.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"basket_id": [1, 1, 2, 2, 3, 4],
    ...                     "category": ["ink", "printer", "ink", "printer", "ink", "paper"]})
    >>> ax = cross_sell_heatmap(log)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['ink', 'paper', 'printer']
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap, TwoSlopeNorm

    from ..crm_system import cross_sell_pairs

    pairs = cross_sell_pairs(baskets, basket=basket, item=item)
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
        for i in range(len(names)):
            for j in range(len(names)):
                if i != j:
                    ax.text(j, i, f"{grid[i, j]:.1f}", ha="center", va="center", fontsize=8)
        ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
        ax.set_yticks(range(len(names)), names)
        ax.set_xlabel("item bought (category)")
        ax.set_ylabel("item bought with it (category)")
        ax.grid(False)
        ax.figure.colorbar(image, ax=ax, label="lift (1 = chance)")
    return ax
