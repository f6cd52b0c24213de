"""Figures of images, grids of maps and simple curves."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from cnnlib.plotting.figure import COLUMN_IN, SMALL_PT, contrast_colour, image_grid, subplots


def show_images(
    images: np.ndarray,
    labels: Sequence[int] | None = None,
    class_names: Sequence[str] | None = None,
    ncols: int = 8,
    predicted: Sequence[int] | None = None,
    cmap: str = "gray_r",
    row_labels: Sequence[str] | None = None,
) -> Figure:
    """A grid of grayscale images, titled with their class (and prediction, if given).

    Used to show the data set (:ref:`sec-fashion-mnist`), misclassified test images
    (:ref:`sec-confusion`) and the images that excite a filter most (:ref:`sec-top-activations`).

    Parameters
    ----------
    images : numpy.ndarray, shape (N, H, W)
        The images, e.g. uint8 of shape (N, 28, 28) from :func:`cnnlib.data.load_fashion_mnist`.
    labels : sequence of int, length N, optional
        The true labels; each image is titled with its label (or class name).
    class_names : sequence of str, optional
        Names indexed by label, e.g. :data:`cnnlib.data.CLASSES`.
    ncols : int, default 8
        Images per row.
    predicted : sequence of int, length N, optional
        Predicted labels, shown under the true ones (needs ``labels``); wrong ones in red.
    cmap : str, default "gray_r"
        The matplotlib colour map (``"gray_r"``: dark ink on white).
    row_labels : sequence of str, optional
        A label left of each row, e.g. the filter a row of top activations belongs to.

    Returns
    -------
    BookFigure
        ceil(N / ncols) rows of ``ncols`` framed panels, at most the column's width.

    Raises
    ------
    ValueError
        If ``images`` is not 3-D.
    """
    images = np.asarray(images)
    if images.ndim != 3:
        raise ValueError(f"show_images needs images of shape (N, H, W), got {images.shape}")
    lines = 0 if labels is None else (2 if predicted is not None else 1)
    fig, axes = image_grid(len(images), ncols, 1.3, reserve=0.35 if row_labels else 0.0, title_lines=lines)
    for r, row_label in enumerate(row_labels or []):
        axes[r * ncols].set_ylabel(row_label, fontsize=SMALL_PT + 1)
    for i, (ax, image) in enumerate(zip(axes, images)):
        ax.imshow(image, cmap=cmap)
        if labels is not None:
            name = class_names[labels[i]] if class_names is not None else str(labels[i])
            color = "black"
            if predicted is not None:
                guess = class_names[predicted[i]] if class_names is not None else str(predicted[i])
                name, color = f"{name}\n→ {guess}", ("black" if predicted[i] == labels[i] else "red")
            ax.set_title(name, fontsize=SMALL_PT, color=color, linespacing=1.1)
    fig.tight_layout()
    return fig


def show_pixel_values(
    image: np.ndarray, rows: slice = slice(None), cols: slice = slice(None), title: str | None = None
) -> Figure:
    """An image beside a crop of it with every pixel's value written in its cell (:ref:`ch-images`).

    Parameters
    ----------
    image : numpy.ndarray, shape (H, W)
        A grayscale image, e.g. (28, 28).
    rows : slice, default all rows
        The rows of the crop to annotate (keep the crop under ~14x14).
    cols : slice, default all columns
        The columns of the crop.
    title : str, optional
        Title of the full image (default: its size, ``"28x28 image"``).

    Returns
    -------
    BookFigure
        The image, with the crop outlined in red, and the crop as numbers; the column's width.
    """
    image = np.asarray(image)
    crop = image[rows, cols]
    fig, (left, right) = subplots(1, 2, figsize=(COLUMN_IN, 3.5), gridspec_kw={"width_ratios": [1, 1.9]})
    left.imshow(image, cmap="gray_r")
    r0, c0 = rows.start or 0, cols.start or 0
    left.add_patch(
        Rectangle((c0 - 0.5, r0 - 0.5), crop.shape[1], crop.shape[0], fill=False, edgecolor="tab:red", linewidth=2)
    )
    left.set_title(title or f"{image.shape[0]}x{image.shape[1]} image", fontsize=SMALL_PT + 1.5)
    shown = right.imshow(crop, cmap="gray_r", vmin=image.min(), vmax=image.max())
    for (i, j), value in np.ndenumerate(crop):
        colour = contrast_colour(shown.cmap(shown.norm(value)))
        right.text(j, i, f"{value:g}", ha="center", va="center", fontsize=SMALL_PT, color=colour)
    right.set_xticks(range(crop.shape[1]), [str(c0 + j) for j in range(crop.shape[1])])
    right.set_yticks(range(crop.shape[0]), [str(r0 + i) for i in range(crop.shape[0])])
    right.set_title("the red crop, as numbers", fontsize=SMALL_PT + 1.5)
    for ax in (left, right):
        ax.tick_params(labelsize=SMALL_PT)
        ax.set_xlabel("column (px)", fontsize=SMALL_PT + 1)
        ax.set_ylabel("row (px)", fontsize=SMALL_PT + 1)
    fig.tight_layout()
    return fig


def show_channels(image: np.ndarray, names: Sequence[str] = ("red", "green", "blue")) -> Figure:
    """A colour image beside each of its channels as a grayscale map (:ref:`ch-images`).

    Parameters
    ----------
    image : numpy.ndarray, shape (H, W, C)
        The image, channels last (as matplotlib shows it), e.g. uint8 RGB with C = 3.
    names : sequence of str, default ("red", "green", "blue")
        A name per channel, for the titles (channels beyond it are numbered).

    Returns
    -------
    BookFigure
        One row of C + 1 panels.

    Raises
    ------
    ValueError
        If ``image`` is not 3-D.
    """
    image = np.asarray(image)
    if image.ndim != 3:
        raise ValueError(f"show_channels needs an (H, W, C) image, got shape {image.shape}")
    channels = image.shape[2]
    fig, axes = image_grid(channels + 1, channels + 1, 2.6, reserve=0.8)
    axes[0].imshow(image)
    axes[0].set_title(f"image {image.shape[0]}x{image.shape[1]}x{channels}", fontsize=SMALL_PT + 1.5)
    for c in range(channels):
        shown = axes[c + 1].imshow(image[:, :, c], cmap="gray", vmin=0, vmax=image.max())
        axes[c + 1].set_title(f"channel {c}: {names[c] if c < len(names) else c}", fontsize=SMALL_PT + 1.5)
    fig.tight_layout()
    fig.colorbar(shown, ax=axes, shrink=0.8, fraction=0.03, pad=0.02, label="channel value")
    return fig


def show_class_means(images: np.ndarray, labels: np.ndarray, class_names: Sequence[str], ncols: int = 5) -> Figure:
    """The mean image of each class, one panel per class (:ref:`sec-fashion-mnist`).

    .. math:: \\bar x_k = \\frac{1}{N_k} \\sum_{i : y_i = k} x_i

    Parameters
    ----------
    images : numpy.ndarray, shape (N, H, W)
        The images :math:`x_i`.
    labels : numpy.ndarray of int, shape (N,)
        Their classes :math:`y_i`, in 0..K-1; every class must occur.
    class_names : sequence of str, length K
        The names, e.g. :data:`cnnlib.data.CLASSES`.
    ncols : int, default 5
        Panels per row.

    Returns
    -------
    BookFigure
        ceil(K / ncols) rows of panels.
    """
    classes = range(len(class_names))
    means = np.stack([images[labels == k].mean(axis=0) for k in classes])
    fig, axes = image_grid(len(means), ncols, 1.3, reserve=0.8)
    for ax, mean, name in zip(axes, means, class_names):
        shown = ax.imshow(mean, cmap="gray_r", vmin=0, vmax=max(float(means.max()), 1.0))
        ax.set_title(name, fontsize=SMALL_PT + 1.5)
    fig.tight_layout()
    fig.colorbar(shown, ax=axes, shrink=0.9, fraction=0.03, pad=0.02, label="mean pixel value")
    return fig
