"""Figures of images, grids of maps and simple curves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from cnnlib.plotting.figure import subplots


def _grid(n: int, ncols: int, size: float = 1.3):
    nrows = -(-n // ncols)
    fig, axes = subplots(nrows, ncols, figsize=(ncols * size, nrows * size * 1.2), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    return fig, axes.flat


def show_images(
    images: np.ndarray,
    labels: Sequence[int] | None = None,
    class_names: Sequence[str] | None = None,
    ncols: int = 8,
    predicted: Sequence[int] | None = None,
    cmap: str = "gray_r",
) -> Figure:
    """A grid of grayscale images, titled with their class (and prediction, if given).

    Parameters
    ----------
    images : array of shape (N, H, W)
    labels : N integer labels, optional
    class_names : names indexed by label, optional
    ncols : images per row
    predicted : N predicted labels, optional; wrong ones are titled in red
    """
    images = np.asarray(images)
    if images.ndim != 3:
        raise ValueError(f"show_images needs images of shape (N, H, W), got {images.shape}")
    fig, axes = _grid(len(images), ncols)
    for i, (ax, image) in enumerate(zip(axes, images)):
        ax.imshow(image, cmap=cmap)
        if labels is not None:
            name = class_names[labels[i]] if class_names is not None else str(labels[i])
            color = "black"
            if predicted is not None:
                guess = class_names[predicted[i]] if class_names is not None else str(predicted[i])
                name, color = f"{name}\n→ {guess}", ("black" if predicted[i] == labels[i] else "red")
            ax.set_title(name, fontsize=8, color=color)
    fig.tight_layout()
    return fig


def show_pixel_values(
    image: np.ndarray, rows: slice = slice(None), cols: slice = slice(None), title: str | None = None
) -> Figure:
    """An image beside a crop of it with every pixel's value written in its cell.

    Parameters
    ----------
    image : array of shape (H, W)
    rows, cols : slices that select the crop to annotate (keep it under ~14x14)
    """
    image = np.asarray(image)
    crop = image[rows, cols]
    fig, (left, right) = subplots(1, 2, figsize=(10, 4.6), gridspec_kw={"width_ratios": [1, 1.6]})
    left.imshow(image, cmap="gray_r")
    r0, c0 = rows.start or 0, cols.start or 0
    left.add_patch(
        Rectangle((c0 - 0.5, r0 - 0.5), crop.shape[1], crop.shape[0], fill=False, edgecolor="tab:red", linewidth=2)
    )
    left.set_title(title or f"{image.shape[0]}x{image.shape[1]} image")
    right.imshow(crop, cmap="gray_r", vmin=image.min(), vmax=image.max())
    threshold = (float(image.min()) + float(image.max())) / 2
    for (i, j), value in np.ndenumerate(crop):
        right.text(
            j, i, f"{value:g}", ha="center", va="center", fontsize=7, color="white" if value > threshold else "black"
        )
    right.set_xticks(range(crop.shape[1]), [str(c0 + j) for j in range(crop.shape[1])], fontsize=7)
    right.set_yticks(range(crop.shape[0]), [str(r0 + i) for i in range(crop.shape[0])], fontsize=7)
    right.set_title("the red crop, as numbers")
    fig.tight_layout()
    return fig


def show_channels(image: np.ndarray, names: Sequence[str] = ("red", "green", "blue")) -> Figure:
    """A colour image of shape (H, W, C) beside each of its channels as a grayscale map."""
    image = np.asarray(image)
    if image.ndim != 3:
        raise ValueError(f"show_channels needs an (H, W, C) image, got shape {image.shape}")
    channels = image.shape[2]
    fig, axes = subplots(1, channels + 1, figsize=(2.6 * (channels + 1), 2.8))
    axes[0].imshow(image)
    axes[0].set_title(f"image {image.shape[0]}x{image.shape[1]}x{channels}")
    for c in range(channels):
        axes[c + 1].imshow(image[:, :, c], cmap="gray", vmin=0, vmax=image.max())
        axes[c + 1].set_title(f"channel {c}: {names[c] if c < len(names) else c}")
    for ax in axes:
        ax.axis("off")
    fig.tight_layout()
    return fig


def plot_series(
    *series: tuple[np.ndarray, np.ndarray, str],
    xlabel: str = "",
    ylabel: str = "",
    title: str = "",
    marker: str = "",
    figsize: tuple[float, float] = (8, 3),
) -> Figure:
    """Line plot of one or more ``(x, y, label)`` series on shared axes."""
    fig, ax = subplots(figsize=figsize)
    for x, y, label in series:
        ax.plot(x, y, marker=marker, label=label)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    if any(label for _, _, label in series):
        ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def show_class_means(images: np.ndarray, labels: np.ndarray, class_names: Sequence[str]) -> Figure:
    """The mean image of each class, one panel per class."""
    classes = range(len(class_names))
    means = np.stack([images[labels == k].mean(axis=0) for k in classes])
    fig, axes = _grid(len(means), len(means), size=1.4)
    for ax, mean, name in zip(axes, means, class_names):
        ax.imshow(mean, cmap="gray_r")
        ax.set_title(name, fontsize=8)
    fig.tight_layout()
    return fig


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
) -> Figure:
    """A row (or grid) of 2-D arrays: images, filters, feature maps, pooled maps.

    Parameters
    ----------
    maps : sequence of arrays of shape (H, W), sizes may differ
    titles : one title per map
    symmetric : colour scale centred on 0 (for signed maps such as edge responses)
    annotate : write each value in its cell (for small maps)
    shared : one colour scale for all maps (from the smallest to the largest value of any map,
        or centred on 0 if ``symmetric``), shown by a colour bar, so that equal colours mean
        equal values across panels; without it each map is scaled to its own range
    vmin, vmax : fix the ends of the colour scale yourself (they imply ``shared``)
    """
    ncols = ncols or len(maps)
    arrays = [np.asarray(m, dtype=float) for m in maps]
    shared = shared or vmin is not None or vmax is not None
    if shared:
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
    fig, axes = _grid(len(arrays), ncols, size)
    image = None
    for i, (ax, m) in enumerate(zip(axes, arrays)):
        limit = np.abs(m).max() or 1.0
        kwargs: dict[str, Any] = dict(vmin=-limit, vmax=limit, cmap="RdBu_r") if symmetric else dict(cmap=cmap)
        if shared:
            kwargs.update(vmin=low, vmax=high)
        image = ax.imshow(m, **kwargs)
        if annotate:
            for (r, c), value in np.ndenumerate(m):
                ax.text(
                    c,
                    r,
                    f"{value:g}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="tab:red" if not symmetric else "black",
                )
        if titles is not None:
            ax.set_title(titles[i], fontsize=9)
    fig.tight_layout()
    if shared and image is not None:
        fig.colorbar(image, ax=fig.axes[: len(arrays)], shrink=0.8, label="value (shared scale)")
    return fig
