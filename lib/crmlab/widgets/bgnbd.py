"""Explorer for :mod:`crmlab.bgnbd`: how long a silence means "probably gone", by frequency."""

from __future__ import annotations

from .._validate import check_number
from ..bgnbd import p_alive_grid
from ..language import tr
from ..plots.bgnbd import p_alive_curve_chart
from ._base import Explorer, headline

__all__ = ["p_alive_explorer"]


def p_alive_explorer(params, *, T: float, frequency: int = 10, silence: int = 8,
                     max_frequency: int = 50):
    """P(alive) against the weeks of silence since the last purchase, for a customer observed
    ``T`` weeks, next to a customer with a single repeat purchase.

    Controls: ``frequency`` (repeat purchases x of the customer looked at) and ``silence``
    (weeks since their last purchase, marked on the figure). The fitted model (``params``, from
    :func:`crmlab.bgnbd.fit`) stays fixed; a change recomputes
    :func:`crmlab.bgnbd.p_alive_grid` for x = 1 and the chosen x and redraws
    :func:`crmlab.plots.bgnbd.p_alive_curve_chart`.

    Returns
    -------
    crmlab.widgets.Explorer
        ``result`` is the grid (rows x = 1 and the chosen x, one column per time of the last
        purchase).

    Examples
    --------
    >>> ex = p_alive_explorer({"r": 0.24, "alpha": 4.41, "a": 0.79, "b": 2.43}, T=39)
    >>> ex.result.index.tolist()
    [1, 10]
    >>> round(float(ex.result.loc[10, 31.0]), 3)
    0.642
    >>> ex.update(frequency=2).result.index.tolist()
    [1, 2]
    >>> ex.close()
    """
    import ipywidgets as w

    T = check_number(T, name="T", low=1, high=520)
    n = int(round(T)) + 1
    p_alive_grid(params, T=T, frequencies=[1], points=n)  # check the parameters once
    controls = {
        "frequency": w.IntSlider(value=frequency, min=1, max=max_frequency, step=1,
                                 description=tr("repeat purchases x")),
        "silence": w.IntSlider(value=silence, min=0, max=int(T), step=1,
                               description=tr("weeks silent")),
    }

    def draw(grid, ax, frequency, silence):
        p_alive_curve_chart(grid, silence=silence, ax=ax)
        col = grid.columns[min(range(len(grid.columns)),
                               key=lambda i: abs(T - grid.columns[i] - silence))]
        headline(ax, tr("After {s} weeks silent: P(alive) {p1:.0f} % (x = 1), {px:.0f} % "
                        "(x = {x})", s=silence, p1=100 * grid.iloc[0][col],
                        px=100 * grid.iloc[-1][col], x=frequency))

    return Explorer(controls, title=tr("Is this customer still active?"), draw=draw,
                    compute=lambda frequency, silence: p_alive_grid(
                        params, T=T, frequencies=sorted({1, frequency}), points=n))
