"""Figure for :mod:`crmlab.blueprint`: a service blueprint in swim lanes, failure points marked."""

from __future__ import annotations

from .._validate import check_frame
from ..language import get_language, tr
from ._style import PALETTE, axes_or_new, style

__all__ = ["blueprint_chart"]

_ROWS = ("physical evidence", "customer actions", "front stage", "back stage",
         "support processes", "failure_point", "standard")


def _lane_names():
    return {"physical evidence": tr("physical evidence"),
            "customer actions": tr("customer actions"), "front stage": tr("front stage"),
            "back stage": tr("back stage"),
            "support processes": tr("support processes"), "failure_point": tr("failure point"),
            "standard": tr("standard")}


def _lines():
    return {1.5: tr("line of interaction"), 2.5: tr("line of visibility"),
            3.5: tr("line of internal interaction")}


def _wrap(text: str, width: int) -> str:
    """Wrap English at ``width`` characters, Chinese at half as many (its glyphs are wide)."""
    import textwrap

    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        step = max(4, width // 2)
        lines = [text[i:i + step] for i in range(0, len(text), step)]
        for i in range(1, len(lines)):  # no line starts with a comma or a closing bracket
            while lines[i] and lines[i][0] in "、，。；：）)":
                lines[i - 1], lines[i] = lines[i - 1] + lines[i][0], lines[i][1:]
        return "\n".join(line for line in lines if line)
    return textwrap.fill(text, width)


def blueprint_chart(blueprint, *, ax=None):
    """The blueprint as a grid: steps across, lanes down, failure points in vermillion.

    ``blueprint`` is the output of :func:`crmlab.blueprint.supermarket_blueprint` or of
    :func:`crmlab.blueprint.blueprint_failures` (then each failure point shows how many of the
    reported problems happened there).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlab.blueprint import supermarket_blueprint
    >>> ax = blueprint_chart(supermarket_blueprint())
    >>> [t.get_text() for t in ax.get_xticklabels()][:2]
    ['arriving', 'finding goods']
    >>> plt.close("all")
    """
    check_frame(blueprint, name="blueprint", columns=["step", *_ROWS])
    n = len(blueprint)
    width = 22 if get_language() == "en" else 20
    with style():
        ax = axes_or_new(ax, figsize=(2.4 * n + 1.6, 8.2))
        for i, (_, row) in enumerate(blueprint.iterrows()):
            for j, lane in enumerate(_ROWS):
                colour = {"failure_point": PALETTE["vermillion"],
                          "customer actions": PALETTE["blue"]}.get(lane, PALETTE["black"])
                text = _wrap(str(row[lane]), width)
                if lane == "failure_point" and "problems" in blueprint.columns:
                    text += "\n" + tr("{k:,} problems ({p:.0f} %)", k=int(row["problems"]),
                                      p=row["problems_pct"])
                ax.text(i, j, text, ha="center", va="center", fontsize=8, color=colour,
                        style="italic" if lane == "standard" else "normal")
        for y, name in _lines().items():
            ax.axhline(y, color=PALETTE["sky"], linewidth=1.2, linestyle="--")
            ax.text(n - 0.5, y - 0.08, name, ha="right", va="bottom", fontsize=7,
                    color=PALETTE["blue"])
        ax.axhline(4.5, color=PALETTE["black"], linewidth=1.0)
        for x in range(n - 1):
            ax.axvline(x + 0.5, color="#DDDDDD", linewidth=0.8)
        ax.set_xlim(-0.5, n - 0.5)
        ax.set_ylim(len(_ROWS) - 0.5, -0.5)
        ax.set_xticks(range(n), [str(s) for s in blueprint["step"]])
        ax.xaxis.tick_top()
        lanes = _lane_names()
        ax.set_yticks(range(len(_ROWS)), [lanes[r] for r in _ROWS])
        ax.set_xlabel(tr("steps of a visit, from arriving to after the visit"))
        ax.set_ylabel(tr("lane of the blueprint"))
        ax.grid(False)
    return ax
