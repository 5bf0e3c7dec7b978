"""Alt text for the explorers' figures: what a screen reader says in place of the picture.

The text is read off the drawn figure itself, so it follows every redraw of every explorer with
no code in the explorers: the explorer's title, the figure's headline (its one-line takeaway),
what each axis measures, the legend, and the control settings the figure was drawn with.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable

from ..language import tr

__all__ = ["figure_alt_text", "image_html"]

_ENDINGS = tuple(".?!:;。？！：；")


def _sentence(text: str) -> str:
    text = " ".join(str(text).split())
    return text if text.endswith(_ENDINGS) else text + tr(".")


def _setting(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _axes_parts(ax) -> list[str]:
    parts = []
    titles = [ax.get_title(loc=loc) for loc in ("left", "center", "right")]
    parts += [tr("Figure: {headline}", headline=t) for t in titles if t.strip()]
    if ax.get_xlabel().strip():
        parts.append(tr("Horizontal axis: {label}", label=ax.get_xlabel()))
    if ax.get_ylabel().strip():
        if ax.yaxis.get_label_position() == "right":
            parts.append(tr("Right vertical axis: {label}", label=ax.get_ylabel()))
        else:
            parts.append(tr("Vertical axis: {label}", label=ax.get_ylabel()))
    if ax.get_legend() is not None:
        parts += _legend_parts(ax.get_legend())
    return parts


def _legend_parts(legend) -> list[str]:
    entries = tr("; ").join(t.get_text() for t in legend.get_texts() if t.get_text().strip())
    title = " ".join(legend.get_title().get_text().split())
    if title:
        return [tr("Legend ({title}): {entries}", title=title, entries=entries)]
    return [tr("Legend: {entries}", entries=entries)] if entries else []


def figure_alt_text(fig, *, title: str = "", settings: Iterable = ()) -> str:
    """A description of ``fig`` for a reader who cannot see it, read off the drawn figure.

    Says, in the current language (:func:`crmlab.language.tr`): ``title``; the figure's title and
    each Axes' titles (an explorer's headline is its left title); each axis label; each legend's
    title and entries; then the ``settings`` the figure was drawn with.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The drawn figure.
    title : str
        The name of what shows the figure (an explorer's title), said first.
    settings : iterable of (str, object)
        ``(name, value)`` of each control the figure was drawn with; floats print with ``:g``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([1, 2], [3, 4], label="revenue"); _ = ax.legend()
    >>> _ = ax.set_title("Revenue grows", loc="left")
    >>> _ = ax.set_xlabel("year"); _ = ax.set_ylabel("revenue (yuan)")
    >>> figure_alt_text(fig, title="Growth", settings=[("retention", 0.80), ("years", 5)])
    'Growth. Figure: Revenue grows. Horizontal axis: year. Vertical axis: revenue (yuan). \
Legend: revenue. Drawn with retention 0.8; years 5.'
    >>> plt.close(fig)
    """
    parts = [title] if str(title).strip() else []
    suptitle = fig.get_suptitle()
    if suptitle.strip():
        parts.append(tr("Figure: {headline}", headline=suptitle))
    for ax in fig.axes:
        parts += _axes_parts(ax)
    for legend in fig.legends:
        parts += _legend_parts(legend)
    drawn = [f"{name} {_setting(value)}" for name, value in settings]
    if drawn:
        parts.append(tr("Drawn with {settings}", settings=tr("; ").join(drawn)))
    return " ".join(_sentence(p) for p in parts)


def image_html(png: bytes, alt: str) -> str:
    """An ``<img>`` element showing ``png`` inline, with ``alt`` as its text alternative.

    Jupyter front ends (JupyterLab, the ipywidgets embed manager of a static page) draw an
    ``image/png`` output as an ``<img>`` without alt text, whatever its metadata says, so an
    explorer shows its redrawn figure as this HTML instead.

    >>> image_html(b"PNG", 'Top 20 % bring "most"')
    '<img src="data:image/png;base64,UE5H" alt="Top 20 % bring &quot;most&quot;">'
    """
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}">'
