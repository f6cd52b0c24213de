"""Figures for the book. Each function draws one kind of figure and returns it.

Every function returns a :class:`matplotlib.figure.Figure` and never calls ``show``; in a
notebook, end the cell with an assignment (``fig = ...``) so the figure appears once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
import matplotlib.pyplot as plt


def _grid(n: int, ncols: int, size: float = 1.3):
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * size, nrows * size * 1.2), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    return fig, axes.flat


def show_images(images: np.ndarray, labels: Sequence[int] | None = None,
                class_names: Sequence[str] | None = None, ncols: int = 8,
                predicted: Sequence[int] | None = None, cmap: str = "gray_r") -> Figure:
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


def show_pixel_values(image: np.ndarray, rows: slice = slice(None), cols: slice = slice(None),
                      title: str | None = None) -> Figure:
    """An image beside a crop of it with every pixel's value written in its cell.

    Parameters
    ----------
    image : array of shape (H, W)
    rows, cols : slices that select the crop to annotate (keep it under ~14x14)
    """
    image = np.asarray(image)
    crop = image[rows, cols]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.6), gridspec_kw={"width_ratios": [1, 1.6]})
    left.imshow(image, cmap="gray_r")
    r0, c0 = rows.start or 0, cols.start or 0
    left.add_patch(plt.Rectangle((c0 - 0.5, r0 - 0.5), crop.shape[1], crop.shape[0],
                                 fill=False, edgecolor="tab:red", linewidth=2))
    left.set_title(title or f"{image.shape[0]}x{image.shape[1]} image")
    right.imshow(crop, cmap="gray_r", vmin=image.min(), vmax=image.max())
    threshold = (float(image.min()) + float(image.max())) / 2
    for (i, j), value in np.ndenumerate(crop):
        right.text(j, i, f"{value:g}", ha="center", va="center", fontsize=7,
                   color="white" if value > threshold else "black")
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
    fig, axes = plt.subplots(1, channels + 1, figsize=(2.6 * (channels + 1), 2.8))
    axes[0].imshow(image)
    axes[0].set_title(f"image {image.shape[0]}x{image.shape[1]}x{channels}")
    for c in range(channels):
        axes[c + 1].imshow(image[:, :, c], cmap="gray", vmin=0, vmax=image.max())
        axes[c + 1].set_title(f"channel {c}: {names[c] if c < len(names) else c}")
    for ax in axes:
        ax.axis("off")
    fig.tight_layout()
    return fig


def plot_series(*series: tuple[np.ndarray, np.ndarray, str], xlabel: str = "", ylabel: str = "",
                title: str = "", marker: str = "", figsize: tuple[float, float] = (8, 3)) -> Figure:
    """Line plot of one or more ``(x, y, label)`` series on shared axes."""
    fig, ax = plt.subplots(figsize=figsize)
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


def show_maps(maps: Sequence[np.ndarray], titles: Sequence[str] | None = None, ncols: int | None = None,
              cmap: str = "gray_r", size: float = 2.2, symmetric: bool = False,
              annotate: bool = False) -> Figure:
    """A row (or grid) of 2-D arrays: images, filters, feature maps, pooled maps.

    Parameters
    ----------
    maps : sequence of arrays of shape (H, W), sizes may differ
    titles : one title per map
    symmetric : colour scale centred on 0 (for signed maps such as edge responses)
    annotate : write each value in its cell (for small maps)
    """
    ncols = ncols or len(maps)
    fig, axes = _grid(len(maps), ncols, size)
    for i, (ax, m) in enumerate(zip(axes, maps)):
        m = np.asarray(m, dtype=float)
        limit = np.abs(m).max() or 1.0
        kwargs = dict(vmin=-limit, vmax=limit, cmap="RdBu_r") if symmetric else dict(cmap=cmap)
        ax.imshow(m, **kwargs)
        if annotate:
            for (r, c), value in np.ndenumerate(m):
                ax.text(c, r, f"{value:g}", ha="center", va="center", fontsize=8,
                        color="tab:red" if not symmetric else "black")
        if titles is not None:
            ax.set_title(titles[i], fontsize=9)
    fig.tight_layout()
    return fig


def _draw_grid(ax, values, highlight=None, color="tab:orange", fmt="{:g}"):
    values = np.asarray(values)
    ax.imshow(np.zeros_like(values, dtype=float), cmap="Greys", vmin=0, vmax=1)
    for (r, c), value in np.ndenumerate(values):
        ax.text(c, r, fmt.format(value), ha="center", va="center", fontsize=9)
    ax.set_xticks(np.arange(-0.5, values.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, values.shape[0]), minor=True)
    ax.grid(which="minor", color="0.7")
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    if highlight is not None:
        (r0, c0), (h, w) = highlight
        ax.add_patch(plt.Rectangle((c0 - 0.5, r0 - 0.5), w, h, fill=True, alpha=0.35, color=color))


def show_conv_positions(image: np.ndarray, kernel: np.ndarray, stride: int = 1) -> Figure:
    """Every position of a filter over a small image: the window and its dot product.

    Parameters
    ----------
    image : array of shape (H, W), no padding
    kernel : array of shape (K, K)
    """
    k = kernel.shape[0]
    oh, ow = (image.shape[0] - k) // stride + 1, (image.shape[1] - k) // stride + 1
    fig, axes = plt.subplots(oh, ow, figsize=(2.3 * ow, 2.4 * oh), squeeze=False)
    for i in range(oh):
        for j in range(ow):
            window = image[i * stride:i * stride + k, j * stride:j * stride + k]
            _draw_grid(axes[i, j], image, ((i * stride, j * stride), (k, k)))
            axes[i, j].set_title(f"({i},{j}): sum = {np.sum(window * kernel):g}", fontsize=9)
    fig.tight_layout()
    return fig


def animate_convolution(image: np.ndarray, kernel: np.ndarray, stride: int = 1, padding: int = 0,
                        interval: int = 700) -> str:
    """An animation of the window sliding over a (zero-padded) image, with the output
    filling in, returned as self-contained HTML/JavaScript (frames embedded as PNG), so
    the static book plays it with no kernel and no network.

    Parameters
    ----------
    image : array of shape (H, W)
    kernel : array of shape (K, K)
    """
    from matplotlib import animation

    padded = np.pad(image, padding)
    k = kernel.shape[0]
    oh, ow = (padded.shape[0] - k) // stride + 1, (padded.shape[1] - k) // stride + 1
    out = np.full((oh, ow), np.nan)
    fig, (left, right) = plt.subplots(1, 2, figsize=(7, 3.4), gridspec_kw={"width_ratios": [padded.shape[1], ow]})
    positions = [(i, j) for i in range(oh) for j in range(ow)]

    def draw(step):
        i, j = positions[step]
        top, lft = i * stride, j * stride
        out[i, j] = np.sum(padded[top:top + k, lft:lft + k] * kernel)
        left.clear()
        right.clear()
        _draw_grid(left, padded, ((top, lft), (k, k)))
        left.set_title(f"input, padding {padding}, stride {stride}", fontsize=9)
        shown = np.where(np.isnan(out), 0, out)
        _draw_grid(right, shown, ((i, j), (1, 1)), fmt="{:g}")
        for (r, c), value in np.ndenumerate(out):
            if np.isnan(value):
                right.texts[r * ow + c].set_text("")
        right.set_title(f"output {oh}x{ow}", fontsize=9)

    anim = animation.FuncAnimation(fig, draw, frames=len(positions), interval=interval)
    html = anim.to_jshtml(default_mode="loop")
    plt.close(fig)
    return _self_contained(html)


_ICONS = {"fa-fast-backward": "◀◀", "fa-fast-forward": "▶▶", "fa-step-backward": "◀|",
          "fa-step-forward": "|▶", "fa-play fa-flip-horizontal": "◀", "fa-play": "▶",
          "fa-pause": "||", "fa-minus": "−", "fa-plus": "+"}


def _self_contained(html: str) -> str:
    """Drop matplotlib's Font Awesome stylesheet (fetched from a CDN) and draw the player's
    buttons with plain Unicode symbols, so the animation needs no network."""
    html = re.sub(r"<link[^>]*font-awesome[^>]*>", "", html)
    for icon, symbol in _ICONS.items():
        html = html.replace(f'<i class="fa {icon}"></i>', symbol)
    if "http://" in html or "https://" in html:
        raise RuntimeError("the animation HTML still refers to a network resource")
    return html


def show_im2col(x: np.ndarray, kernel_size: int) -> Figure:
    """A tiny one-channel image beside its im2col matrix: each window becomes a column.

    Parameters
    ----------
    x : array of shape (H, W)
    kernel_size : window size K (stride 1, no padding)
    """
    from cnnlib.functional import im2col

    cols = im2col(np.asarray(x, dtype=float)[None, None], kernel_size)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.2), gridspec_kw={"width_ratios": [x.shape[1], cols.shape[1]]})
    _draw_grid(left, x, ((0, 0), (kernel_size, kernel_size)))
    left.set_title("image; first window shaded", fontsize=9)
    _draw_grid(right, cols, ((0, 0), (cols.shape[0], 1)))
    right.set_title(f"im2col: {cols.shape[0]} x {cols.shape[1]}, one column per window", fontsize=9)
    fig.tight_layout()
    return fig
