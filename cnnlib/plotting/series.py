"""Line plots of one or more series: time series, accuracy against shift, activation functions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from cnnlib.plotting.figure import COLUMN_IN, TEXT_PT, subplots

Series = tuple[np.ndarray, np.ndarray, str]

#: line styles and widths by series, so that curves lying on each other stay visible
STYLES = [("-", 1.8), ("--", 1.8), ("-", 3.2), ("--", 1.4), (":", 2.0), ("-.", 1.4)]


def _draw(ax: Any, series: Sequence[Series], marker: str, start: int = 0) -> None:
    for k, (x, y, label) in enumerate(series, start):
        style, width = STYLES[k % len(STYLES)]
        ax.plot(x, y, marker=marker, markersize=4, label=label, linestyle=style, linewidth=width, zorder=2 + k)
    ax.grid(alpha=0.3)
    ax.tick_params(labelsize=TEXT_PT)
    if any(np.issubdtype(np.asarray(x).dtype, np.integer) for x, _, _ in series):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # a count: no fractional ticks
    if any(label for _, _, label in series):
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, fontsize=TEXT_PT, frameon=False)


def plot_series(
    *series: Series,
    xlabel: str = "",
    ylabel: str = "",
    title: str = "",
    marker: str = "",
    figsize: tuple[float, float] = (COLUMN_IN, 2.8),
    lower: Sequence[Series] = (),
    lower_ylabel: str = "",
) -> Figure:
    """Line plot of one or more ``(x, y, label)`` series on shared axes, legend outside.

    Used throughout, e.g. for a time series in :ref:`ch-images`, accuracy against shift in
    :ref:`sec-position` and the activation functions in :ref:`ch-nonlinearities`. Each series
    has its own line style and width, so curves that coincide stay visible; an integer ``x``
    (shifts, layers, steps) gets integer ticks. A quantity with another unit goes in a
    ``lower`` panel with its own y label.

    Parameters
    ----------
    *series : tuple (x, y, label)
        Each ``x`` and ``y`` a numpy.ndarray of shape (M,) (M may differ between series);
        ``label`` a str for the legend (no legend if every label is empty).
    xlabel : str, default ""
        The x axis label, with the unit.
    ylabel : str, default ""
        The y axis label, with the unit.
    title : str, default ""
        The title.
    marker : str, default ""
        A matplotlib marker for the points, e.g. ``"o"`` (default: lines only).
    figsize : (float, float), default (COLUMN_IN, 2.8)
        (width, height) in inches of each panel row; keep the width at most ``COLUMN_IN``.
    lower : sequence of tuple (x, y, label), default ()
        Series for a second panel under the first, sharing its x axis.
    lower_ylabel : str, default ""
        The second panel's y axis label, with the unit.

    Returns
    -------
    BookFigure
        One panel, or two stacked ones if ``lower`` is given.
    """
    rows = 2 if lower else 1
    fig, axes = subplots(rows, 1, figsize=(figsize[0], figsize[1] * (1 + 0.8 * (rows - 1))), squeeze=False, sharex=True)
    top = axes[0, 0]
    _draw(top, series, marker)
    top.set_ylabel(ylabel, fontsize=TEXT_PT + 0.5)
    top.set_title(title, fontsize=TEXT_PT + 1)
    if lower:
        _draw(axes[1, 0], lower, marker)
        axes[1, 0].set_ylabel(lower_ylabel, fontsize=TEXT_PT + 0.5)
    axes[-1, 0].set_xlabel(xlabel, fontsize=TEXT_PT + 0.5)
    fig.tight_layout()
    return fig
