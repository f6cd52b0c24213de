"""Grids of 2-D maps (filters, feature maps, probability maps), on one colour scale or each on its own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from cnnlib.plotting.figure import SMALL_PT, contrast_colour, image_grid


def _colour_scale(arrays: list[np.ndarray], symmetric: bool, vmin: float | None, vmax: float | None):
    if symmetric:
        limit = max(float(np.abs(m).max()) for m in arrays) or 1.0
        low, high = -limit, limit
    else:
        low = min(float(m.min()) for m in arrays)
        high = max(float(m.max()) for m in arrays)
    low = low if vmin is None else float(vmin)
    high = high if vmax is None else float(vmax)
    if low > high:
        raise ValueError(f"show_maps needs vmin <= vmax, got {low} and {high}")
    return low, high


def _annotate(ax: Any, m: np.ndarray, image: Any) -> None:
    for (r, c), value in np.ndenumerate(m):
        colour = contrast_colour(image.cmap(image.norm(value)))
        ax.text(c, r, f"{value:g}", ha="center", va="center", fontsize=SMALL_PT + 1, color=colour)


def show_maps(
    maps: Sequence[np.ndarray],
    titles: Sequence[str] | None = None,
    ncols: int | None = None,
    cmap: str = "gray_r",
    size: float = 2.2,
    symmetric: bool = False,
    annotate: bool = False,
    shared: bool = False,
    vmin: float | None = None,
    vmax: float | None = None,
    colorbar_label: str = "value (shared scale)",
    row_labels: Sequence[str] | None = None,
    own_scale: Sequence[int] = (),
    pixel_axes: bool = False,
) -> Figure:
    """A row (or grid) of 2-D arrays: images, filters, feature maps, pooled maps.

    Used from :ref:`sec-edge-filters` on, e.g. for learned filters (:ref:`sec-filters`) and
    feature maps (:ref:`sec-feature-maps`). Each panel is framed, so an all-blank map still
    shows its extent; the figure fits the book's column.

    Parameters
    ----------
    maps : sequence of numpy.ndarray, each of shape (H, W)
        The maps; their sizes may differ.
    titles : sequence of str, optional
        One title per map ("" for none).
    ncols : int, optional
        Maps per row (default: all in one row).
    cmap : str, default "gray_r"
        The matplotlib colour map when not ``symmetric``.
    size : float, default 2.2
        Preferred width of each panel in inches (smaller if the row would not fit).
    symmetric : bool, default False
        Colour scale centred on 0, blue negative and red positive (for signed maps such as
        filters and edge responses).
    annotate : bool, default False
        Write each value in its cell (for small maps), white on dark cells, black on light.
    shared : bool, default False
        One colour scale for all maps (from the smallest to the largest value of any map, or
        centred on 0 if ``symmetric``), shown by a colour bar, so that equal colours mean
        equal values across panels; without it each map is scaled to its own range.
    vmin : float, optional
        The low end of the colour scale; implies ``shared``.
    vmax : float, optional
        The high end of the colour scale; implies ``shared``.
    colorbar_label : str, default "value (shared scale)"
        The colour bar's label (with the unit, if any) when the scale is shared.
    row_labels : sequence of str, optional
        One label per row, written left of its first panel.
    own_scale : sequence of int, default ()
        Indices of maps (e.g. the input image) drawn on their own scale, outside the shared one,
        with ``cmap`` (``"gray_r"`` if ``symmetric``).
    pixel_axes : bool, default False
        Give every panel pixel ticks and "column (px)" / "row (px)" axis labels.

    Returns
    -------
    BookFigure
        ceil(len(maps) / ncols) rows of panels, plus a colour bar if the scale is shared.

    Raises
    ------
    ValueError
        If the colour scale's low end is above its high end.
    """
    ncols = ncols or len(maps)
    arrays = [np.asarray(m, dtype=float) for m in maps]
    shared = shared or vmin is not None or vmax is not None
    scaled = [m for i, m in enumerate(arrays) if i not in own_scale]
    if shared:
        low, high = _colour_scale(scaled, symmetric, vmin, vmax)
    reserve = (1.0 if shared else 0.0) + (0.35 if row_labels else 0.0) + (0.4 if pixel_axes else 0.0)
    fig, axes = image_grid(len(arrays), ncols, size, reserve=reserve, title_lines=1 if titles else 0)
    image = None
    for i, (ax, m) in enumerate(zip(axes, arrays)):
        limit = float(np.abs(m).max()) or 1.0
        kwargs: dict[str, Any] = dict(vmin=-limit, vmax=limit, cmap="RdBu_r") if symmetric else dict(cmap=cmap)
        if shared:
            kwargs.update(vmin=low, vmax=high)
        if i in own_scale:
            kwargs = dict(cmap="gray_r" if symmetric else cmap)
        shown = ax.imshow(m, norm=Normalize(kwargs.pop("vmin", None), kwargs.pop("vmax", None)), **kwargs)
        if i not in own_scale:
            image = shown
        if annotate:
            _annotate(ax, m, shown)
        if titles is not None and titles[i]:
            ax.set_title(titles[i], fontsize=SMALL_PT + 1)
        if pixel_axes:
            ax.tick_params(labelsize=SMALL_PT + 1)
            ax.set(xlabel="column (px)", ylabel="row (px)")
            ax.set_xticks(range(0, m.shape[1], max(1, m.shape[1] // 4)))
            ax.set_yticks(range(0, m.shape[0], max(1, m.shape[0] // 4)))
    for r, label in enumerate(row_labels or []):
        axes[r * ncols].set_ylabel(label, fontsize=SMALL_PT + 1)
    fig.tight_layout()
    if shared and image is not None:
        fig.colorbar(image, ax=axes, shrink=0.9, fraction=0.04, pad=0.02, label=colorbar_label)
    return fig
