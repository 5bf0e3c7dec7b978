"""The shared machinery of the course's interactive explorers.

An :class:`Explorer` pairs a few ipywidgets controls with a function that computes a
result from the control values and a function that draws it. It:

* computes and draws the default figure as soon as it is built, so a reader who cannot run
  widgets (GitHub, a static page) still sees a real figure: its display bundle carries a
  static PNG beside the live widget;
* redraws through the kernel whenever a control changes;
* describes every figure it draws in alt text read off the figure (title, headline, axis
  labels, legend, settings), and names every control by its ``description``, so a reader
  with a screen reader gets the figure and the controls too;
* can be driven from Python, which is how tests check it: ``ex.update(top=0.3)`` sets the
  controls, recomputes, redraws, and ``ex.result`` holds the new result.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Mapping

from ..errors import CRMLabError
from ..language import tr
from ..plots import style, takeaway
from ._alt_text import figure_alt_text, image_html

__all__ = ["Explorer", "empty_axes", "headline"]


class Explorer:
    """Controls + compute + draw, with a static default figure.

    Parameters
    ----------
    controls : mapping of str to ipywidgets.ValueWidget
        The controls, keyed by the keyword their value is passed as. A control's
        ``description`` is its visible label and its accessible name; a control without
        one is given its keyword.
    compute : callable
        ``compute(**values)`` returns the result (a number, a dict or a DataFrame).
    draw : callable
        ``draw(result, ax=ax, **values)`` draws the result into ``ax``.
    title : str
        A short name shown above the controls.
    reuse_axes : bool
        Redraw into the same Axes after emptying it with :func:`empty_axes`, which keeps
        its tick objects; rebuilding them (``ax.clear()``) is about a third of a redraw's
        time. Set False when ``draw`` leaves state that :func:`empty_axes` does not reset
        (a colour bar, a twin axis, a polar projection).

    Examples
    --------
    >>> import ipywidgets as w
    >>> ex = Explorer({"x": w.FloatSlider(value=2.0, min=0, max=5)},
    ...               compute=lambda x: x ** 2,
    ...               draw=lambda r, ax, x: ax.bar(["x squared"], [r]),
    ...               title="Squares")
    >>> ex.result
    4.0
    >>> ex.update(x=3.0).result
    9.0
    >>> ex.close()
    """

    def __init__(self, controls: Mapping, *, compute: Callable, draw: Callable, title: str = "",
                 reuse_axes: bool = True):
        import ipywidgets as w
        import matplotlib.pyplot as plt
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.layout_engine import TightLayoutEngine

        self.controls = dict(controls)
        for name, control in self.controls.items():
            if hasattr(control, "description") and not str(control.description).strip():
                control.description = name  # every control needs a name a screen reader can say
        self._compute = compute
        self._draw = draw
        self.title = title
        self.reuse_axes = reuse_axes
        with style():
            self.fig, self.ax = plt.subplots(figsize=(7.0, 4.2), dpi=100)
        plt.close(self.fig)  # shown only through the output area, never by the inline backend
        self._canvas = FigureCanvasAgg(self.fig)  # drawn straight to pixels, whatever the backend
        self.output = w.Output()
        self.result = None
        self._render()
        # Margins are fitted to the default figure once; redraws keep them, because a tight
        # bounding box on every change costs a second full draw (a change must stay < 100 ms).
        # The engine is run, not installed: ``fig.tight_layout()`` leaves a placeholder layout
        # engine behind, and any engine makes every ``savefig`` draw the figure twice.
        with style():
            TightLayoutEngine().execute(self.fig)
        self.static_png = self._png()  # the default figure, for readers without a kernel
        self.static_alt = self.alt = self._alt_text()  # and its text alternative
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        header = [w.HTML(f"<b>{title}</b>")] if title else []
        self.widget = w.VBox([*header, *self.controls.values(), self.output])
        self._show()

    @property
    def values(self) -> dict:
        """The current control values, keyed by keyword."""
        return {name: c.value for name, c in self.controls.items()}

    def _render(self) -> None:
        values = self.values
        self.result = self._compute(**values)
        with style():
            # (on the first draw the Axes is new, and emptying it changes nothing)
            if self.reuse_axes:
                empty_axes(self.ax)
            else:
                self.ax.clear()
            self._draw(self.result, ax=self.ax, **values)

    def _png(self) -> bytes:
        from PIL import Image

        with style():  # drawing reads some settings (grid, faces) at draw time
            self._canvas.draw()
        width, height = self._canvas.get_width_height(physical=True)
        image = Image.frombuffer("RGBA", (width, height), self._canvas.buffer_rgba(), "raw", "RGBA",
                                 0, 1)
        buf = io.BytesIO()
        # An opaque figure needs no alpha channel, and the fastest zlib level keeps the file
        # within a few kB of the default while encoding in half the time.
        image.convert("RGB").save(buf, format="png", compress_level=1)
        return buf.getvalue()

    def _alt_text(self) -> str:
        settings = [(getattr(c, "description", "") or name,
                     c.label if getattr(c, "label", None) is not None else c.value)
                    for name, c in self.controls.items()]
        return figure_alt_text(self.fig, title=self.title, settings=settings)

    def _show(self) -> None:
        self.png = self._png()  # what the reader sees now; tests and benchmarks read it too
        self.alt = self._alt_text()  # what a screen reader says in its place
        # Set the output widget's model directly rather than displaying inside ``with output:``:
        # only front ends that route captured messages (JupyterLab, nbclient) keep such a display
        # off the cell, while a plain kernel client (nbval) would record it as a cell output.
        # The saved widget state still carries the figure. It is an HTML <img> because front
        # ends draw an image/png output without alt text (its metadata is ignored there).
        self.output.outputs = ({"output_type": "display_data", "metadata": {},
                                "data": {"text/html": image_html(self.png, self.alt),
                                         "text/plain": self.alt}},)

    def _on_change(self, _change=None) -> None:
        with style():  # one settings switch for the whole change (nested blocks are free)
            self._render()
            self._show()

    def _check_controls(self, values) -> None:
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise CRMLabError(
                f"{self.title or 'explorer'} has no control {unknown[0]!r}; "
                f"its controls are {sorted(self.controls)}."
            )

    def result_for(self, **values):
        """The result at these control values (the others as they are), without moving the
        controls or redrawing: ask "what if?" and leave the figure as the reader sees it.

        >>> import ipywidgets as w
        >>> ex = Explorer({"x": w.FloatSlider(value=2.0)}, compute=lambda x: x ** 2,
        ...               draw=lambda r, ax, x: ax.plot([0, 1], [0, r]))
        >>> ex.result_for(x=3.0), ex.result
        (9.0, 4.0)
        >>> ex.close()
        """
        self._check_controls(values)
        return self._compute(**{**self.values, **values})

    def update(self, **values) -> "Explorer":
        """Set control values by keyword, recompute and redraw; returns the explorer."""
        self._check_controls(values)
        for control in self.controls.values():
            control.unobserve(self._on_change, names="value")
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            for control in self.controls.values():
                control.observe(self._on_change, names="value")
        self._on_change()
        return self

    def close(self) -> None:
        """Close the widgets (frees their kernel-side models)."""
        self.widget.close()
        for control in self.controls.values():
            control.close()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["image/png"] = base64.b64encode(self.static_png).decode("ascii")
        bundle["text/plain"] = tr(
            "{title} (interactive; the static figure shows the defaults)",
            title=self.title or tr("Explorer"),
        )
        # alt text of the static figure: read by nbconvert's HTML and by front ends that follow it
        return bundle, {"image/png": {"alt": self.static_alt}}

    def __repr__(self) -> str:
        return f"Explorer({self.title!r}, values={self.values})"


def headline(ax, text: str):
    """The explorer's one-line takeaway as its title, starting at the figure's left edge.

    An explorer's headline carries numbers that grow as the controls move; starting it over
    the tick labels rather than at the plot area leaves room for it within the fixed figure.
    The fixed height (``y=1.0``) also spares matplotlib's automatic title placement, which
    measures every artist again on each redraw. Returns the title text.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> headline(ax, "38 of 44 overdue tickets go to the director").get_position()
    (0.02, 1.0)
    >>> ax.get_title(loc="left")
    '38 of 44 overdue tickets go to the director'
    >>> plt.close(fig)
    """
    from matplotlib.transforms import blended_transform_factory

    takeaway(ax, text)
    title = ax.set_title(text, loc="left", y=1.0)
    # x in figure coordinates, y in axes coordinates
    title.set_transform(blended_transform_factory(ax.figure.transFigure, ax.transAxes))
    title.set_x(0.02)
    return title


def empty_axes(ax) -> None:
    """Empty an Axes for a redraw but keep its tick objects (what ``ax.clear()`` rebuilds).

    Removes every plotted artist, the legend and the titles and labels, and puts back
    automatic limits, linear scales, default tick locators and formatters, the grid of the
    current settings and un-inverted axes: what a draw function may have changed. An axis
    that holds units (dates or categories as data) is cleared the slow way, because its unit
    converter remembers the previous data.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 10], label="a"); _ = ax.legend(); ax.set_yscale("log")
    >>> ax.invert_yaxis(); _ = ax.set_title("t"); _ = ax.set_xlim(0, 5)
    >>> empty_axes(ax)
    >>> len(ax.lines), ax.get_legend(), ax.get_yscale(), bool(ax.yaxis_inverted()), ax.get_title()
    (0, None, 'linear', False, '')
    >>> _ = ax.plot([0, 2], [0, 3]); ax.get_autoscalex_on()
    True
    >>> plt.close(fig)
    """
    import matplotlib as mpl

    if ax.xaxis.have_units() or ax.yaxis.have_units():
        ax.clear()
        return
    artists = [
        *ax.lines,
        *ax.patches,
        *ax.collections,
        *ax.images,
        *ax.texts,
        *ax.tables,
        *ax.artists,
    ]
    for artist in artists:
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.containers.clear()
    for loc in ("left", "center", "right"):
        ax.set_title("", loc=loc)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xscale("linear")  # also puts back the default locators and formatters
    ax.set_yscale("linear")
    if ax.xaxis_inverted():
        ax.invert_xaxis()
    if ax.yaxis_inverted():
        ax.invert_yaxis()
    for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
        # Switching the grid touches every tick, so only an axis whose grid was changed is reset.
        want = bool(mpl.rcParams["axes.grid"]) and mpl.rcParams["axes.grid.axis"] in ("both", name)
        if any(line.get_visible() for line in axis.get_gridlines()) != want:
            axis.grid(want, which=mpl.rcParams["axes.grid.which"])
    ax.relim()
    ax.set_autoscale_on(True)
