"""The shared machinery of the course's interactive explorers.

An :class:`Explorer` pairs a few ipywidgets controls with a function that computes a
result from the control values and a function that draws it. It:

* computes and draws the default figure as soon as it is built, so a reader who cannot run
  widgets (GitHub, a static page) still sees a real figure: its display bundle carries a
  static PNG beside the live widget;
* redraws through the kernel whenever a control changes;
* can be driven from Python, which is how tests check it: ``ex.update(top=0.3)`` sets the
  controls, recomputes, redraws, and ``ex.result`` holds the new result.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Mapping

from ..errors import CRMLabError

__all__ = ["Explorer"]


class Explorer:
    """Controls + compute + draw, with a static default figure.

    Parameters
    ----------
    controls : mapping of str to ipywidgets.ValueWidget
        The controls, keyed by the keyword their value is passed as.
    compute : callable
        ``compute(**values)`` returns the result (a number, a dict or a DataFrame).
    draw : callable
        ``draw(result, ax=ax, **values)`` draws the result into ``ax``.
    title : str
        A short name shown above the controls.

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

    def __init__(self, controls: Mapping, *, compute: Callable, draw: Callable, title: str = ""):
        import ipywidgets as w
        import matplotlib.pyplot as plt

        from ..plots import style

        self.controls = dict(controls)
        self._compute = compute
        self._draw = draw
        self.title = title
        with style():
            self.fig, self.ax = plt.subplots(figsize=(7.0, 4.2))
        plt.close(self.fig)  # shown only through the output area, never by the inline backend
        self.output = w.Output()
        self.result = None
        self._render()
        # Margins are fitted to the default figure once; redraws keep them, because a tight
        # bounding box on every change costs a second full draw (a change must stay < 100 ms).
        with style():
            self.fig.tight_layout()
        self.static_png = self._png()  # the default figure, for readers without a kernel
        self.png = self.static_png
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
        from ..plots import style

        values = self.values
        self.result = self._compute(**values)
        with style():
            self.ax.clear()
            self._draw(self.result, ax=self.ax, **values)

    def _png(self) -> bytes:
        from ..plots import style

        buf = io.BytesIO()
        with style():  # savefig reads some settings (grid, faces) at save time
            self.fig.savefig(buf, format="png", dpi=100)
        return buf.getvalue()

    def _show(self) -> None:
        from IPython import get_ipython
        from IPython.display import Image

        self.png = self._png()  # what the reader sees now; tests and benchmarks read it too
        if getattr(get_ipython(), "kernel", None) is None:
            return  # plain Python (tests, scripts): nothing to display into
        # Set the output widget's model directly rather than displaying inside ``with output:``:
        # only front ends that route captured messages (JupyterLab, nbclient) keep such a display
        # off the cell, while a plain kernel client (nbval) would record it as a cell output.
        # The saved widget state still carries the figure.
        self.output.outputs = ()
        self.output.append_display_data(Image(self.png))

    def _on_change(self, _change=None) -> None:
        self._render()
        self._show()

    def update(self, **values) -> "Explorer":
        """Set control values by keyword, recompute and redraw; returns the explorer."""
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise CRMLabError(
                f"{self.title or 'explorer'} has no control {unknown[0]!r}; "
                f"its controls are {sorted(self.controls)}."
            )
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
        bundle["text/plain"] = f"{self.title or 'Explorer'}: interactive; the static figure shows the defaults."
        return bundle

    def __repr__(self) -> str:
        return f"Explorer({self.title!r}, values={self.values})"
