"""Figure for :mod:`crmlab.loyalty_types`: Dick and Basu's four loyalty types as a 2 x 2 grid."""

from __future__ import annotations

from .._validate import check_frame
from ..errors import CRMLabError
from ..language import tr
from ._style import PALETTE, axes_or_new, style

__all__ = ["loyalty_matrix_chart"]

#: Where each type sits: (column: attitude low 0 / high 1, row: patronage low 0 / high 1).
_CELLS = {"true loyalty": (1, 1), "latent loyalty": (1, 0), "spurious loyalty": (0, 1),
          "no loyalty": (0, 0)}
_COLOURS = {"true loyalty": "green", "latent loyalty": "sky", "spurious loyalty": "orange",
            "no loyalty": "vermillion"}


def _names():
    return {"true loyalty": tr("true loyalty"), "latent loyalty": tr("latent loyalty"),
            "spurious loyalty": tr("spurious loyalty"), "no loyalty": tr("no loyalty"),
            "churned": tr("churned"), "stayed": tr("stayed"), "left": tr("left")}


def loyalty_matrix_chart(matrix, *, ax=None):
    """The 2 x 2 grid of relative attitude by repeat patronage, each cell with its customers.

    ``matrix`` is the output of :func:`crmlab.loyalty_types.loyalty_matrix`. Each cell shows
    the type, its share of customers and, when the matrix has an outcome, its rate.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.loyalty_types import loyalty_matrix
    >>> c = pd.DataFrame({"att": [1, 5, 2, 6], "visits": [9, 8, 1, 2],
    ...                   "left": [True, False, True, False]})
    >>> ax = loyalty_matrix_chart(loyalty_matrix(c, attitude="att", patronage="visits",
    ...                                          outcome="left"))
    >>> len(ax.patches), tuple(float(v) for v in ax.get_xlim())
    (4, (0.0, 2.0))
    >>> plt.close("all")
    """
    from matplotlib.patches import Rectangle

    check_frame(matrix, name="matrix", columns=["customers", "share_pct"])
    if set(matrix.index) != set(_CELLS):
        raise CRMLabError(f"matrix must be indexed by the four loyalty types {list(_CELLS)}; "
                          f"got {list(matrix.index)}. Pass crm.loyalty_types.loyalty_matrix(...).")
    outcome = matrix.attrs.get("outcome")
    names = _names()
    with style():
        ax = axes_or_new(ax)
        for kind, (col, row) in _CELLS.items():
            ax.add_patch(Rectangle((col, row), 1, 1, facecolor=PALETTE[_COLOURS[kind]],
                                   alpha=0.35, edgecolor=PALETTE["black"], linewidth=1))
            lines = [names[kind], tr("{share:.0f} % of customers",
                                  share=matrix.loc[kind, "share_pct"])]
            if outcome is not None and "outcome_pct" in matrix.columns:
                lines.append(tr("{outcome}: {rate:.0f} %", outcome=names.get(outcome, outcome),
                                rate=matrix.loc[kind, "outcome_pct"]))
            ax.text(col + 0.5, row + 0.5, "\n".join(lines), ha="center", va="center",
                    fontsize=10)
        ax.set_xlim(0, 2)
        ax.set_ylim(0, 2)
        ax.set_xticks([0.5, 1.5], [tr("low"), tr("high")])
        ax.set_yticks([0.5, 1.5], [tr("low"), tr("high")])
        ax.set_xlabel(tr("relative attitude (loyalty index, split at the median)"))
        ax.set_ylabel(tr("repeat patronage (visits, split at the median)"))
        ax.grid(False)
    return ax
