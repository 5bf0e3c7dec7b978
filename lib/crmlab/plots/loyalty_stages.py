"""Figure for :mod:`crmlab.loyalty_stages`: the ladder's shares over time and its long run."""

from __future__ import annotations

from .._validate import check_frame
from ..errors import CRMLabError
from ..language import tr
from ._style import PALETTE, style
from .loyalty_ladder import ladder_flow

__all__ = ["ladder_outlook_chart"]


def ladder_outlook_chart(outlook, *, ax=None):
    """Stacked stage shares over time, the long-run shares as ticks on the right edge.

    ``outlook`` is the output of :func:`crmlab.loyalty_stages.ladder_outlook`. The title
    gives the long-run share of loyal customers and the chance that a new customer becomes
    loyal before leaving.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.loyalty_ladder import default_ladder
    >>> from crmlab.loyalty_stages import ladder_outlook
    >>> ax = ladder_outlook_chart(ladder_outlook(default_ladder(), periods=12))
    >>> ax.get_title(loc="left")
    'Long run: 22 % loyal; 29 % of new customers get there before leaving'
    >>> plt.close("all")
    """
    check_frame(outlook, name="outlook")
    need = ("steady_state", "reach", "target")
    if any(k not in outlook.attrs for k in need):
        raise CRMLabError("outlook must be the output of crm.loyalty_stages.ladder_outlook(...); "
                          "its attrs lack the steady state.")
    with style():
        ax = ladder_flow(outlook, ax=ax)
        steady = [outlook.attrs["steady_state"][s] for s in outlook.columns]
        edge = float(outlook.index.max())
        bottom = 0.0
        for share in steady:
            ax.plot([edge - 1.5, edge], [100 * (bottom + share)] * 2, color=PALETTE["black"],
                    linewidth=2)
            bottom += share
        ax.set_title(tr("Long run: {loyal:.0f} % loyal; {reach:.0f} % of new customers get "
                        "there before leaving",
                        loyal=100 * outlook.attrs["steady_state"][outlook.attrs["target"]],
                        reach=100 * outlook.attrs["reach"]), loc="left", y=1.0, fontsize=10)
    return ax
