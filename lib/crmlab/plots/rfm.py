"""Figures of RFM scores (:mod:`crmlab.segments`): the recency-by-frequency heat map of
:func:`crmlab.segments.rfm_grid`."""

from __future__ import annotations

from .._validate import check_frame, check_numeric
from ..errors import CRMLabError
from ..language import tr
from ._style import axes_or_new, style

__all__ = ["rfm_heatmap"]


def rfm_heatmap(grid, *, label: str | None = None, ax=None):
    """Heat map of customers by recency score (rows) and frequency score (columns).

    ``grid`` is the output of :func:`crmlab.segments.rfm_grid`: each cell shows its number of
    customers or, when the grid was made with ``value=``, their mean of that column. ``label``
    names the colour bar with its unit (default: "customers (count)", or "mean <value> per
    customer").

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from crmlab.segments import rfm_grid
    >>> s = pd.DataFrame({"r_score": [1, 2, 2], "f_score": [1, 1, 2]})
    >>> ax = rfm_heatmap(rfm_grid(s, bins=2))
    >>> ax.images[0].get_array().tolist()
    [[1.0, 1.0], [1.0, 0.0]]
    >>> ax.get_xlabel()
    'frequency score (1 = fewest purchases, 2 = most)'
    >>> plt.close("all")
    """
    import numpy as np

    if label is not None and (not isinstance(label, str) or not label.strip()):
        raise CRMLabError(
            f"label must be a non-empty text such as 'mean spend (yuan)'; got {label!r}."
        )
    bins = _check_grid(grid)
    value = grid.attrs.get("value")
    if value is None:
        default_label, fmt = tr("customers (count)"), "{:.0f}"
    else:
        default_label, fmt = tr("mean {value} per customer", value=value), "{:,.0f}"
    shown = grid.to_numpy(dtype="float64")  # best recency at the top
    with style():
        ax = axes_or_new(ax)
        img = ax.imshow(shown, cmap="viridis", aspect="auto")
        ax.grid(False)
        top = np.nanmax(shown) if np.isfinite(shown).any() else 0.0
        for i in range(bins):
            for j in range(bins):
                if np.isfinite(shown[i, j]):
                    ax.text(
                        j,
                        i,
                        fmt.format(shown[i, j]),
                        ha="center",
                        va="center",
                        fontsize=9,
                        color="black" if shown[i, j] > 0.6 * top else "white",
                    )
        ax.set_xticks(range(bins), [str(k) for k in range(1, bins + 1)])
        ax.set_yticks(range(bins), [str(k) for k in range(bins, 0, -1)])
        ax.set_xlabel(tr("frequency score (1 = fewest purchases, {bins} = most)", bins=bins))
        ax.set_ylabel(tr("recency score (1 = longest ago, {bins} = most recent)", bins=bins))
        from matplotlib.ticker import StrMethodFormatter

        # Ticks with a thousands separator: 30,000 rather than 30000.
        ax.figure.colorbar(
            img, ax=ax, label=label or default_label, format=StrMethodFormatter("{x:,.0f}")
        )
    return ax


def _check_grid(grid) -> int:
    """The number of score bins of a grid from :func:`crmlab.segments.rfm_grid`, checked."""
    check_frame(grid, name="grid")
    bins = grid.shape[1]
    if (list(grid.columns) != list(range(1, bins + 1))
            or list(grid.index) != list(range(bins, 0, -1)) or not 2 <= bins <= 10):
        raise CRMLabError(
            "grid must be the output of crm.segments.rfm_grid(scores): recency scores n..1 as "
            f"rows and frequency scores 1..n as columns; got rows {list(grid.index)} and "
            f"columns {list(grid.columns)}."
        )
    for col in grid.columns:
        check_numeric(grid, col, name="grid", allow_nan=True)  # NaN: an empty cell
    return bins
