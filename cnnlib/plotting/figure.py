"""The figure every plotting function returns: it shows itself in the cell that made it.

The functions of :mod:`cnnlib.plotting` never go through ``pyplot``, so no backend keeps a
list of open figures and flushes it at some later moment (which, with some matplotlib and
IPython pairings, put a figure under the *next* cell). A :class:`BookFigure` renders
itself as PNG when it is the value of a cell, like any object with ``_repr_png_``, and
nothing else ever draws it.
"""

from __future__ import annotations

import io
import math
import struct
from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure
from matplotlib.text import Text

#: resolution of the PNG a notebook shows, in dots per inch (matplotlib's inline default)
DPI = 100


class BookFigure(Figure):
    """A matplotlib ``Figure`` that displays itself as PNG in a notebook.

    End a cell with the figure (``plotting.show_images(...)``, or ``fig`` after
    ``fig = plotting.show_images(...)``) to see it; save it with ``fig.savefig(path)``. Every
    plotting function returns one, from :ref:`ch-images` on.

    Parameters
    ----------
    *args
        Passed to ``matplotlib.figure.Figure``.
    **kwargs
        Passed to ``matplotlib.figure.Figure``, e.g. ``figsize=(width, height)`` in inches.
    """

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
        return buffer.getvalue()


def subplots(nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float], **kwargs: Any) -> tuple[BookFigure, Any]:
    """Create a :class:`BookFigure` and a grid of axes, like ``matplotlib.pyplot.subplots``.

    Part of the book's figure style, used from :ref:`ch-images` on.

    Unlike ``pyplot.subplots``, the figure is never registered with ``pyplot``, so no backend
    shows it a second time or under another cell.

    Parameters
    ----------
    nrows : int, default 1
        Rows of axes.
    ncols : int, default 1
        Columns of axes.
    figsize : (float, float)
        (width, height) of the figure in inches; keyword only.
    **kwargs
        Passed to ``Figure.subplots`` (``squeeze``, ``gridspec_kw``, ``sharex``, ...).

    Returns
    -------
    fig : BookFigure
        The new figure.
    axes : matplotlib Axes or numpy.ndarray of Axes, shape (nrows, ncols)
        One Axes if ``nrows == ncols == 1``, else an array (squeezed as in matplotlib unless
        ``squeeze=False``).
    """
    fig = BookFigure(figsize=figsize)
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


#: width of the book's text column at desktop width, in px; wider PNGs are scaled down to it
COLUMN_PX = 688

#: the column width in inches at ``DPI``: the widest a figure can be and keep its size
COLUMN_IN = COLUMN_PX / DPI

#: the smallest legible text, in px as displayed (after any scale-down to the column)
MIN_TEXT_PX = 9

#: font size (pt) of dense text: grid titles, cell values; 7 pt is 9.7 px at DPI 100
SMALL_PT = 7.0

#: font size (pt) of ordinary text: axis labels, tick labels, titles
TEXT_PT = 8.5


def contrast_colour(rgba: Sequence[float]) -> str:
    """Black or white, whichever reads better on a cell of colour ``rgba``.

    Part of the book's figure style, used from :ref:`ch-images` on.

    Parameters
    ----------
    rgba : sequence of float, length 3 or 4
        The cell's colour, components in [0, 1].

    Returns
    -------
    str
        ``"white"`` on dark colours (relative luminance below 0.45), else ``"black"``.
    """
    r, g, b = (float(c) for c in rgba[:3])
    return "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45 else "black"


def smallest_text_px(fig: Figure, column_px: int = COLUMN_PX) -> float:
    """The smallest text of a figure, in px as the book displays it.

    Part of the book's figure style, used from :ref:`ch-images` on.

    Renders the figure as a notebook does (PNG at ``DPI``, ``bbox_inches="tight"``),
    takes the scale ``min(1, column_px / png_width)`` at which the book shows the PNG, and
    returns ``size_pt * DPI / 72 * scale`` for the smallest of the Text artists actually
    drawn with non-empty text (titles, tick labels, annotations, legends, colour-bar labels).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, e.g. one a plotting function returned.
    column_px : int, default COLUMN_PX
        The width, in px, that wider images are scaled down to.

    Returns
    -------
    float
        The smallest displayed text height (font size) in px; ``inf`` if no text is drawn.
    """
    drawn: list[Text] = []
    original = Text.draw

    def recording_draw(self: Text, renderer: Any) -> None:
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)
        original(self, renderer)

    buffer = io.BytesIO()
    Text.draw = recording_draw  # type: ignore[method-assign, assignment]
    try:
        fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    finally:
        Text.draw = original  # type: ignore[method-assign]
    width = struct.unpack(">I", buffer.getvalue()[16:20])[0]  # the PNG header's IHDR width
    scale = min(1.0, column_px / width)
    return min((float(t.get_fontsize()) * DPI / 72 * scale for t in drawn), default=math.inf)


def frame_image_axes(ax: Any) -> None:
    """Hide an image panel's ticks but keep a thin frame, so an empty map still shows its extent.

    Part of the book's figure style, used from :ref:`ch-images` on.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The panel.
    """
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set(color="0.45", linewidth=0.8)


def image_grid(
    n: int, ncols: int, size: float, *, reserve: float = 0.0, title_lines: int = 1
) -> tuple[BookFigure, list[Any]]:
    """A figure with a grid of framed image panels that fits the book's column.

    Part of the book's figure style, used from :ref:`ch-images` on.

    Parameters
    ----------
    n : int
        Panels wanted; the rest of the last row is left blank.
    ncols : int
        Panels per row.
    size : float
        The preferred panel width in inches; smaller if ``ncols`` of them would not fit.
    reserve : float, default 0.0
        Inches of width kept free, e.g. for a colour bar or row labels.
    title_lines : int, default 1
        Lines of title above each panel (0 for none), for the figure's height.

    Returns
    -------
    fig : BookFigure
        At most ``COLUMN_IN`` inches wide.
    axes : list of Axes, length n
        The panels, row by row, each with a frame and no ticks.
    """
    nrows = -(-n // ncols)
    each = min(size, (COLUMN_IN - 0.45 - reserve) / ncols)
    height = nrows * (each + 0.16 * title_lines + 0.05)
    fig, axes = subplots(nrows, ncols, figsize=(ncols * each + reserve, height), squeeze=False)
    for ax in axes.flat[n:]:
        ax.axis("off")
    for ax in axes.flat[:n]:
        frame_image_axes(ax)
    return fig, list(axes.flat[:n])
