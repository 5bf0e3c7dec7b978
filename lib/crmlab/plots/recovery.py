"""Figures for :mod:`crmlab.recovery`: the complaint iceberg and fair recovery comparisons."""

from __future__ import annotations

from .._validate import check_frame
from ..errors import CRMLabError
from ..language import tr
from ._style import PALETTE, axes_or_new, hbars, style

__all__ = ["group_label", "iceberg_chart", "recovery_chart"]


def group_label(group) -> str:
    """A group of the recovery analysis for readers, in the current language.

    >>> group_label("bare no")
    'bare no'
    """
    names = {"no problem": tr("no problem"), "problem, complained": tr("problem, complained"),
             "problem, silent": tr("problem, silent"), "bare no": tr("bare no"),
             "apology only": tr("apology only"), "fixed": tr("fixed"),
             "fixed with an alternative": tr("fixed with an alternative"),
             "complained": tr("complained")}
    return names.get(str(group), str(group))


def iceberg_chart(iceberg, *, ax=None):
    """The unhappy customers as an iceberg: complainers above the waterline, the silent below.

    ``iceberg`` is the output of :func:`crmlab.recovery.complaint_iceberg`. Bars are numbers
    of customers with a problem, split into those who stayed and those who left; what the
    complaint log shows floats above the line.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.recovery import complaint_iceberg
    >>> c = pd.DataFrame({"had_problem": [False, True, True, True],
    ...                   "complained": [False, True, False, False],
    ...                   "churned": [False, False, True, False]})
    >>> ax = iceberg_chart(complaint_iceberg(c))
    >>> bool(ax.get_ylim()[0] < 0 < ax.get_ylim()[1])
    True
    >>> plt.close("all")
    """
    from matplotlib.ticker import FuncFormatter

    check_frame(iceberg, name="iceberg", columns=["customers", "left"])
    for g in ("problem, complained", "problem, silent"):
        if g not in iceberg.index:
            raise CRMLabError("iceberg must be the output of crm.recovery.complaint_iceberg(...).")
    seen, hidden = iceberg.loc["problem, complained"], iceberg.loc["problem, silent"]
    with style():
        ax = axes_or_new(ax)
        ax.bar([0], [seen["customers"] - seen["left"]], color=PALETTE["sky"], width=0.6,
               label=tr("stayed"))
        ax.bar([0], [seen["left"]], bottom=[seen["customers"] - seen["left"]],
               color=PALETTE["vermillion"], width=0.6, label=tr("left"))
        ax.bar([0], [-(hidden["customers"] - hidden["left"])], color=PALETTE["sky"], width=0.6)
        ax.bar([0], [-hidden["left"]], bottom=[-(hidden["customers"] - hidden["left"])],
               color=PALETTE["vermillion"], width=0.6)
        ax.axhline(0, color=PALETTE["blue"], linewidth=2)
        top = max(float(seen["customers"]), 0.08 * float(hidden["customers"]), 1.0)
        ax.text(0.35, top * 0.6, tr("complained: {n:,}, of whom {k:,} left",
                                    n=int(seen["customers"]), k=int(seen["left"])),
                va="center")
        ax.text(0.35, -hidden["customers"] / 2, tr("silent: {n:,}, of whom {k:,} left",
                                                    n=int(hidden["customers"]),
                                                    k=int(hidden["left"])), va="center")
        ax.text(1.55, -0.02 * hidden["customers"], tr("waterline: the complaint log"),
                ha="right", va="top",
                fontsize=9, color=PALETTE["blue"])
        ax.set_xlim(-0.5, 1.6)
        ax.set_ylim(-hidden["customers"] * 1.1, max(top * 1.5, hidden["customers"] * 0.25))
        ax.set_xticks([])
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):,.0f}"))
        ax.set_ylabel(tr("customers with a problem"))
        ax.set_xlabel(tr("what the firm sees, and what it does not"))
        ax.legend(loc="lower right", fontsize=9)
    return ax


def recovery_chart(table, *, ax=None):
    """Share who stayed per group, raw (dots with 95 % intervals) and like-for-like (diamonds).

    ``table`` is the output of :func:`crmlab.recovery.recovery_table`; the diamonds appear
    when it was computed with ``strata``, and a dotted line marks the reference group.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.recovery import recovery_table
    >>> c = pd.DataFrame({"g": ["calm"] * 4 + ["fixed"] * 4,
    ...                   "band": ["low", "low", "high", "high", "high", "high", "high", "low"],
    ...                   "stayed": [True, False, True, True, True, True, True, False]})
    >>> ax = recovery_chart(recovery_table(c, group="g", strata="band", reference="calm"))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['fixed', 'calm']
    >>> plt.close("all")
    """
    check_frame(table, name="table", columns=["rate", "ci_low", "ci_high"])
    rows = table.iloc[::-1]
    y = list(range(len(rows)))
    with style():
        ax = axes_or_new(ax)
        hbars(ax, y, rows["ci_high"] - rows["ci_low"], left=rows["ci_low"], height=0.12,
              color=PALETTE["sky"])
        ax.plot(rows["rate"], y, "o", color=PALETTE["blue"], label=tr("share who stayed (95 % CI)"))
        ref = table.attrs.get("reference")
        if "adjusted" in rows.columns:
            ax.plot(rows["adjusted"], y, "D", color=PALETTE["orange"], markersize=7,
                    label=tr("same loyalty mix as '{ref}'", ref=group_label(ref)))
        if ref is not None and ref in table.index:
            ax.axvline(table.loc[ref, "rate"], color=PALETTE["black"], linestyle=":",
                       linewidth=1)
        ax.set_yticks(y, [group_label(i) for i in rows.index])
        ax.set_xlabel(tr("customers who stayed (%)"))
        ax.set_ylabel(tr("group"))
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.14), ncols=2, fontsize=9)
    return ax
