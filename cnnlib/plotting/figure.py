"""The figure every plotting function returns: it shows itself in the cell that made it.

The functions of :mod:`cnnlib.plotting` never go through ``pyplot``, so no backend keeps a
list of open figures and flushes it at some later moment (which, with some matplotlib and
IPython pairings, put a figure under the *next* cell). A :class:`BookFigure` renders
itself as PNG when it is the value of a cell, like any object with ``_repr_png_``, and
nothing else ever draws it.
"""

from __future__ import annotations

import io
from typing import Any

from matplotlib.figure import Figure

#: resolution of the PNG a notebook shows, in dots per inch (matplotlib's inline default)
DPI = 100


class BookFigure(Figure):
    """A :class:`matplotlib.figure.Figure` that displays itself as PNG in a notebook.

    End a cell with the figure (``plotting.show_images(...)``, or ``fig`` after
    ``fig = plotting.show_images(...)``) to see it; save it with ``fig.savefig(path)``.
    """

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
        return buffer.getvalue()


def subplots(nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float], **kwargs: Any) -> tuple[BookFigure, Any]:
    """Like ``matplotlib.pyplot.subplots``, but the figure is a :class:`BookFigure` that
    ``pyplot`` never sees. ``kwargs`` go to :meth:`matplotlib.figure.Figure.subplots`
    (``squeeze``, ``gridspec_kw``, ``sharex``, ...)."""
    fig = BookFigure(figsize=figsize)
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes
