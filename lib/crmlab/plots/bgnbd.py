"""Figures for :mod:`crmlab.bgnbd`: the P(alive) map and P(alive) against the silence since the
last purchase, both from :func:`crmlab.bgnbd.p_alive_grid`."""

from __future__ import annotations

from .._validate import check_frame, check_number
from ..errors import CRMLabError
from ..language import tr
from ._style import PALETTE, axes_or_new, style

__all__ = ["p_alive_map", "p_alive_curve_chart"]


def _check_grid(grid):
    check_frame(grid, name="grid")
    if "T" not in grid.attrs or grid.index.name != "frequency":
        raise CRMLabError("grid must be the output of crm.bgnbd.p_alive_grid(...), unchanged "
                          "(rows by frequency, the age T in .attrs).")
    return float(grid.attrs["T"])


def _unit_text(unit):
    return {"weeks": tr("weeks"), "days": tr("days")}.get(unit, unit)


def p_alive_map(grid, *, unit: str = "weeks", ax=None):
    """P(alive) (%) of a customer of age ``T`` by repeat purchases x (rows) and the time of the
    last purchase t_x (columns), as a heat map.

    ``grid`` is the output of :func:`crmlab.bgnbd.p_alive_grid`. The classic reading: the same
    long silence is far worse news from a frequent buyer (top left) than from a rare one.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.bgnbd import p_alive_grid
    >>> grid = p_alive_grid({"r": 0.24, "alpha": 4.41, "a": 0.79, "b": 2.43}, T=39,
    ...                     frequencies=range(11))
    >>> ax = p_alive_map(grid)
    >>> ax.images[0].get_array().shape
    (11, 40)
    >>> plt.close("all")
    """
    T = _check_grid(grid)
    x = grid.index.to_numpy()
    with style():
        ax = axes_or_new(ax)
        im = ax.imshow(100 * grid.to_numpy(dtype="float64"), origin="lower", aspect="auto",
                       vmin=0, vmax=100, cmap="viridis",
                       extent=(0, T, float(x.min()) - 0.5, float(x.max()) + 0.5))
        ax.grid(False)
        _label_map(ax, unit)
        ax.figure.colorbar(im, ax=ax, label=tr("P(alive) (%)"))
    return ax


def _label_map(ax, unit: str) -> None:
    ax.set_xlabel(tr("Time of the last purchase t_x ({unit})", unit=_unit_text(unit)))
    ax.set_ylabel(tr("Repeat purchases x"))
    ax.yaxis.get_major_locator().set_params(integer=True)


def p_alive_curve_chart(grid, *, level: float = 0.5, silence: float | None = None,
                        unit: str = "weeks", ax=None):
    """P(alive) (%) against the silence since the last purchase, ``T - t_x``, one line per row.

    ``grid`` is the output of :func:`crmlab.bgnbd.p_alive_grid` (a few frequencies); a dashed
    line marks ``level`` (e.g. 50 %: "more likely gone than not" below it) and a dotted one the
    ``silence`` looked at, if given.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.bgnbd import p_alive_grid
    >>> grid = p_alive_grid({"r": 0.24, "alpha": 4.41, "a": 0.79, "b": 2.43}, T=39,
    ...                     frequencies=[2, 8])
    >>> ax = p_alive_curve_chart(grid)
    >>> [line.get_label() for line in ax.lines]
    ['x = 2 repeat purchases', 'x = 8 repeat purchases', '50 %']
    >>> plt.close("all")
    """
    T = _check_grid(grid)
    level = check_number(level, name="level", low=0, high=1, low_open=True, high_open=True)
    quiet = T - grid.columns.to_numpy(dtype="float64")
    colours = [PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky")]
    with style():
        ax = axes_or_new(ax)
        for i, (x, row) in enumerate(grid.iterrows()):
            ax.plot(quiet, 100 * row.to_numpy(dtype="float64"), color=colours[i % 6],
                    linewidth=2, label=tr("x = {x} repeat purchases", x=int(x)))
        ax.axhline(100 * level, color=PALETTE["black"], linestyle="--", linewidth=1,
                   label=f"{100 * level:.0f} %")
        if silence is not None:
            ax.axvline(check_number(silence, name="silence", low=0), color=PALETTE["black"],
                       linestyle=":", linewidth=1)
        ax.set_xlim(0, T)
        ax.set_ylim(0, 105)
        ax.set_xlabel(tr("Silence since the last purchase, T - t_x ({unit})",
                         unit=_unit_text(unit)))
        ax.set_ylabel(tr("P(alive) (%)"))
        ax.legend(loc="upper right", fontsize=9)
    return ax
