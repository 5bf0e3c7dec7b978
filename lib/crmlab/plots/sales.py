"""Figures for :mod:`crmlab.sales`: the sales funnel."""

from __future__ import annotations

from .._validate import check_frame
from ..language import tr
from ._style import PALETTE, axes_or_new, style

__all__ = ["pipeline_funnel"]


def pipeline_funnel(conversion, *, ax=None):
    """Horizontal funnel: deals reaching each stage, labelled with the step conversion.

    ``conversion`` is the output of :func:`crmlab.sales.pipeline_conversion`: bars are its
    ``reached``, each label shows the count and ``step_conversion`` (share of the previous
    stage that got this far).

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.sales import pipeline_conversion
    >>> deals = pd.DataFrame({"stage": ["leads", "contacts", "orders", "payments"]})
    >>> ax = pipeline_funnel(pipeline_conversion(deals))
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['leads', 'contacts']
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    check_frame(conversion, name="conversion", columns=["stage", "reached", "step_conversion"])
    table = conversion.reset_index(drop=True)
    with style():
        ax = axes_or_new(ax, layout="constrained")  # room for long stage names
        y = range(len(table))
        ax.barh(y, table["reached"], color=PALETTE["blue"], left=0)
        top = float(table["reached"].max())
        for i, row in table.iterrows():
            step = "" if i == 0 else (
                tr("  (n/a)") if row["step_conversion"] != row["step_conversion"]
                else tr("  ({share:.0%} of previous)", share=row["step_conversion"]))
            ax.text(row["reached"] + top * 0.01, i, f"{row['reached']:,}{step}", va="center",
                    fontsize=9)
        ax.set_yticks(list(y), list(table["stage"]))
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.45)
        ax.set_xlabel(tr("deals reaching the stage (count)"))
        ax.set_ylabel(tr("pipeline stage"))
        ax.grid(axis="y", visible=False)
    return ax
