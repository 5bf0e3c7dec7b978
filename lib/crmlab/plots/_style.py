"""The course look: a colour-blind-safe palette, readable sizes, and Chinese glyphs that render.

Nothing here runs on import. Call :func:`set_style` once at the top of a notebook, or wrap a
figure in ``with style():`` to leave the session's settings untouched afterwards.
"""

from __future__ import annotations

import contextlib
from importlib import resources

from ..errors import CRMLabError

__all__ = ["PALETTE", "CJK_FAMILY", "axes_or_new", "bar_widths", "hbars", "vbars", "cjk_font_path",
           "course_rc", "set_style", "style", "takeaway"]

#: Okabe & Ito (2008) colours, distinguishable with the common colour-vision deficiencies.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}

#: Family name of the bundled Noto Sans SC subset (GB2312 characters), SIL OFL 1.1.
CJK_FAMILY = "Noto Sans CJK SC"
_FONT_FILE = "NotoSansSC-Regular-GB2312.otf"
_registered = False
_depth = 0  # how many style() blocks are open: nested ones reuse the outermost's settings


def cjk_font_path() -> str:
    """Path of the bundled CJK font file.

    >>> cjk_font_path().endswith("NotoSansSC-Regular-GB2312.otf")
    True
    """
    return str(resources.files("crmlab").joinpath("fonts", _FONT_FILE))


def _register_cjk_font() -> None:
    global _registered
    if not _registered:
        from matplotlib import font_manager

        font_manager.fontManager.addfont(cjk_font_path())
        _registered = True


def course_rc() -> dict:
    """The matplotlib settings of the course look, as a dict for ``plt.rc_context``.

    ``font.family`` is a list so that matplotlib falls back glyph by glyph from DejaVu Sans
    to the bundled Chinese font; naming the CJK font only in ``font.sans-serif`` draws boxes.

    >>> course_rc()["font.family"]
    ['DejaVu Sans', 'Noto Sans CJK SC']
    """
    from cycler import cycler

    _register_cjk_font()
    return {
        "font.family": ["DejaVu Sans", CJK_FAMILY],
        "axes.prop_cycle": cycler(color=list(PALETTE.values())),
        "figure.figsize": (7.0, 4.2),
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "font.size": 11,
        "axes.titlesize": 13,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "legend.frameon": False,
        "image.cmap": "viridis",
    }


def set_style() -> None:
    """Apply the course look to this session (call once at the top of a notebook).

    >>> import matplotlib as mpl
    >>> with mpl.rc_context():
    ...     set_style()
    ...     mpl.rcParams["axes.prop_cycle"].by_key()["color"][0]
    '#0072B2'
    """
    import matplotlib as mpl

    mpl.rcParams.update(course_rc())


@contextlib.contextmanager
def style():
    """Use the course look inside a ``with`` block only.

    Like ``plt.rc_context``, except that the backend and interactive mode are left as the
    block set them: when a notebook's first figure loads the inline backend inside the block,
    restoring interactive mode on exit would stop every later figure from being shown.

    >>> import matplotlib as mpl
    >>> import matplotlib.pyplot as plt
    >>> before = mpl.rcParams["axes.titlelocation"]
    >>> with style():
    ...     fig, ax = plt.subplots()
    ...     mpl.rcParams["axes.titlelocation"]
    'left'
    >>> mpl.rcParams["axes.titlelocation"] == before
    True
    >>> plt.close(fig)

    A block inside another one changes nothing and restores nothing: the outermost block
    does both once (copying every setting costs a few milliseconds, which adds up when a
    widget redraws a figure drawn by several styled functions).
    """
    import matplotlib as mpl

    global _depth
    if _depth:
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
        return
    rc = course_rc()
    original = dict(mpl.rcParams.copy())
    _depth = 1
    try:
        mpl.rcParams.update(rc)
        yield
    finally:
        _depth = 0
        keep = ("backend", "interactive")
        dict.update(mpl.rcParams, {k: v for k, v in original.items() if k not in keep})


def axes_or_new(ax, **subplots_kw):
    """``ax`` itself, or a new figure's Axes when ``ax`` is None (every figure function's
    ``ax=None`` keyword). Call it inside ``with style():`` so a new figure gets the course look.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> axes_or_new(ax) is ax
    True
    >>> axes_or_new(None) is ax
    False
    >>> plt.close("all")
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(**subplots_kw)
    return ax


def hbars(ax, y, widths, *, left=0.0, color=None, label=None, height: float = 0.8):
    """Horizontal bars as one collection of rectangles: ``ax.barh`` without a patch per bar.

    Looks like ``ax.barh(y, widths, left=left, color=color, label=label)`` but adds a single
    ``PolyCollection``; each bar patch costs about a millisecond to add, which adds up when an
    explorer redraws on every slider move. ``color`` is one colour or one per bar. Returns the
    collection (a legend shows it as a box when ``label`` is given).

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> bars = hbars(ax, [0, 1], [3.0, 5.0], left=[1.0, 0.0], color="#0072B2", label="sales")
    >>> bars.get_paths()[0].vertices[:4].tolist()
    [[1.0, -0.4], [4.0, -0.4], [4.0, 0.4], [1.0, 0.4]]
    >>> bool(ax.get_xlim()[1] >= 5.0), bars.get_label()
    (True, 'sales')
    >>> plt.close(fig)
    """
    import numpy as np

    y = np.asarray(y, dtype=float)
    widths = np.asarray(widths, dtype=float)
    left = np.broadcast_to(np.asarray(left, dtype=float), widths.shape)
    half = height / 2
    boxes = [[(x0, y0 - half), (x0 + w, y0 - half), (x0 + w, y0 + half), (x0, y0 + half)]
             for x0, w, y0 in zip(left, widths, y)]
    return _add_boxes(ax, boxes, color=color, label=label)


def vbars(ax, x, heights, *, color=None, label=None, width: float = 0.8, alpha=None):
    """Vertical bars from zero as one collection of rectangles (see :func:`hbars`).

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> vbars(ax, [1, 2], [4.0, 2.0], label="margin").get_paths()[1].vertices[:4].tolist()
    [[1.6, 0.0], [2.4, 0.0], [2.4, 2.0], [1.6, 2.0]]
    >>> plt.close(fig)
    """
    import numpy as np

    x = np.asarray(x, dtype=float)
    heights = np.asarray(heights, dtype=float)
    half = width / 2
    boxes = [[(x0 - half, 0.0), (x0 + half, 0.0), (x0 + half, h), (x0 - half, h)]
             for x0, h in zip(x, heights)]
    # like ax.bar: the y axis starts at zero, without a margin
    return _add_boxes(ax, boxes, color=color, label=label, alpha=alpha, sticky_y=0.0)


def _add_boxes(ax, boxes, *, color, label, alpha=None, sticky_y=None):
    """Add rectangles (lists of four corners) to ``ax`` as one PolyCollection and rescale."""
    from matplotlib.collections import PolyCollection

    bars = PolyCollection(boxes, facecolors=color, edgecolors="none", label=label, alpha=alpha)
    if sticky_y is not None:
        bars.sticky_edges.y.append(sticky_y)
    ax.add_collection(bars)
    ax.autoscale_view()
    return bars


def bar_widths(ax) -> list:
    """Widths of the bars that :func:`hbars` drew on ``ax``, in drawing order (for tests).

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = hbars(ax, [0, 1], [3.0, 5.0]); _ = hbars(ax, [0, 1], [1.0, 2.0], left=[3.0, 5.0])
    >>> bar_widths(ax)
    [3.0, 5.0, 1.0, 2.0]
    >>> plt.close(fig)
    """
    from matplotlib.collections import PolyCollection

    return [float(path.vertices[1, 0] - path.vertices[0, 0])
            for bars in ax.collections if isinstance(bars, PolyCollection)
            for path in bars.get_paths()]


def takeaway(ax, text: str):
    """Make the one-line takeaway the figure's headline title and return the Axes.

    A headline says what the reader should see ("The top 20 % bring 60 % of revenue"),
    while the axis labels say what is measured.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = takeaway(ax, "The top 20 % bring 60 % of revenue.")
    >>> ax.get_title(loc="left")
    'The top 20 % bring 60 % of revenue.'
    >>> plt.close(fig)
    """
    if not isinstance(text, str) or not text.strip() or "\n" in text:
        raise CRMLabError(f"takeaway text must be one non-empty line of text; got {text!r}.")
    ax.set_title("")
    ax.set_title(text, loc="left")
    return ax
