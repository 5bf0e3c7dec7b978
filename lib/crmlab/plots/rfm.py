"""Figures of RFM scores (:mod:`crmlab.segments`): the recency-by-frequency heat map."""

from __future__ import annotations

from .._validate import check_columns, check_frame, check_number, check_numeric
from ..errors import CRMLabError
from ..language import tr
from ._style import axes_or_new, style

__all__ = ["rfm_heatmap"]


def rfm_heatmap(scores, *, value: str | None = None, bins: int = 5, label: str | None = None,
                ax=None):
    """Heat map of customers by recency score (rows) and frequency score (columns).

    Each cell shows the number of customers, or with ``value="monetary"`` (any numeric
    column of ``scores``) their mean of that column. ``scores`` comes from
    :func:`crmlab.segments.rfm_scores` with the same ``bins``. ``label`` names the colour bar
    with its unit (default: "customers (count)", or "mean <value> per customer").

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> s = pd.DataFrame({"r_score": [1, 2, 2], "f_score": [1, 1, 2]})
    >>> ax = rfm_heatmap(s, bins=2)
    >>> ax.images[0].get_array().tolist()
    [[1.0, 1.0], [1.0, 0.0]]
    >>> ax.get_xlabel()
    'frequency score (1 = fewest purchases, 2 = most)'
    >>> plt.close("all")
    """
    import numpy as np

    bins = check_number(bins, name="bins", low=2, high=10, integer=True)
    if label is not None and (not isinstance(label, str) or not label.strip()):
        raise CRMLabError(
            f"label must be a non-empty text such as 'mean spend (yuan)'; got {label!r}."
        )
    check_frame(scores, name="scores", columns=["r_score", "f_score"])
    for col in ("r_score", "f_score"):
        check_numeric(scores, col, name="scores")
        v = scores[col].to_numpy(dtype="float64")
        if ((v < 1) | (v > bins) | (v != np.round(v))).any():
            raise CRMLabError(
                f"scores column {col!r} must hold whole scores from 1 to {bins}; "
                f"build them with crm.segments.rfm_scores(table, bins={bins})."
            )
    r = scores["r_score"].to_numpy().astype(int) - 1
    f = scores["f_score"].to_numpy().astype(int) - 1
    counts = np.zeros((bins, bins))
    np.add.at(counts, (r, f), 1)
    if value is None:
        grid, default_label, fmt = counts, tr("customers (count)"), "{:.0f}"
    else:
        check_columns(scores, [value], name="scores")
        check_numeric(scores, value, name="scores")
        sums = np.zeros((bins, bins))
        np.add.at(sums, (r, f), scores[value].to_numpy(dtype="float64"))
        grid = np.divide(sums, counts, out=np.full_like(sums, np.nan), where=counts > 0)
        default_label, fmt = tr("mean {value} per customer", value=value), "{:,.0f}"
    shown = grid[::-1]  # best recency at the top
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
