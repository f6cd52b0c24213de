"""Figures of training and of what a trained network does: curves, confusion, heat maps."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import LogNorm, Normalize
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from cnnlib.plotting.figure import COLUMN_IN, SMALL_PT, TEXT_PT, contrast_colour, image_grid, subplots


def plot_history(*histories, labels: Sequence[str] | None = None) -> Figure:
    """Learning curves: training loss (left) and accuracy (right) per epoch.

    Test accuracy is drawn dashed, in the same colour, when it was recorded. Chapter 8 draws
    the training of ``ConvNet1`` (:ref:`sec-train-convnet1`) and compares it with and without
    batch normalisation (:ref:`sec-batch-norm`).

    Parameters
    ----------
    *histories : cnnlib.train.History
        One or more training histories, each with E epochs (the curves have E points).
    labels : sequence of str, optional
        One legend label per history (default: none).

    Returns
    -------
    BookFigure
        Two panels side by side (accuracy in %), the legend under them; the column's width.
    """
    fig, (left, right) = subplots(1, 2, figsize=(COLUMN_IN, 2.9))
    labels = labels or [""] * len(histories)
    for history, label in zip(histories, labels):
        epochs = history["epoch"]
        (line,) = left.plot(epochs, history["train_loss"], marker="o", ms=4, label=f"{label} train".strip())
        train = 100 * np.asarray(history["train_accuracy"], dtype=float)
        right.plot(epochs, train, marker="o", ms=4, color=line.get_color(), label=f"{label} train".strip())
        if history["test_accuracy"][0] is not None:
            test = 100 * np.asarray(history["test_accuracy"], dtype=float)
            style = dict(marker="s", ms=4, linestyle="--", color=line.get_color())
            right.plot(epochs, test, **style, label=f"{label} test".strip())
    left.set(xlabel="epoch", ylabel="cross-entropy loss (nats)", title="training loss")
    right.set(xlabel="epoch", ylabel="accuracy (%)", title="accuracy")
    for ax in (left, right):
        ax.grid(alpha=0.3)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    handles, names = right.get_legend_handles_labels()
    rows = -(-len(names) // 4)
    fig.tight_layout(rect=(0, 0.07 + 0.06 * rows, 1, 1))
    fig.legend(handles, names, loc="lower center", ncol=min(len(names), 4), frameon=False)
    return fig


def plot_confusion_matrix(matrix: np.ndarray, class_names: Sequence[str]) -> Figure:
    """A confusion matrix drawn as a grid, each cell annotated with its count (:ref:`sec-confusion`).

    Rows are the true class, columns the predicted class; the colour grows with the count on
    a log scale (said so on the colour bar), so small confusions stay visible beside the large
    diagonal; cells with no example get the lightest colour.

    Parameters
    ----------
    matrix : numpy.ndarray of int, shape (K, K)
        ``matrix[t, p]`` counts examples of true class ``t`` predicted as ``p``, as
        :func:`cnnlib.metrics.confusion_matrix` returns it.
    class_names : sequence of str, length K
        The class names, e.g. :data:`cnnlib.data.CLASSES`.

    Returns
    -------
    BookFigure
        The column's width, with a labelled colour bar.
    """
    matrix = np.asarray(matrix)
    fig, ax = subplots(figsize=(COLUMN_IN, 5.6))
    cmap = colormaps["Blues"].with_extremes(bad=colormaps["Blues"](0.0))  # 0 counts: the lightest colour
    shown = ax.imshow(np.ma.masked_equal(matrix, 0), cmap=cmap, norm=LogNorm(1, max(int(matrix.max()), 2)))
    for (i, j), count in np.ndenumerate(matrix):
        colour = contrast_colour(cmap(shown.norm(max(count, 1))))
        ax.text(j, i, str(count), ha="center", va="center", fontsize=SMALL_PT + 0.5, color=colour)
    ax.set_xticks(range(len(class_names)), class_names, rotation=45, ha="right", fontsize=TEXT_PT)
    ax.set_yticks(range(len(class_names)), class_names, fontsize=TEXT_PT)
    ax.set(xlabel="predicted class", ylabel="true class")
    fig.colorbar(shown, ax=ax, shrink=0.85, pad=0.02, label="test images (count, log scale)")
    fig.tight_layout()
    return fig


def show_heatmaps(
    images: np.ndarray,
    heatmaps: np.ndarray,
    titles: Sequence[str] | None = None,
    alpha: float = 0.55,
    colorbar_label: str = "heat map value (shared scale)",
) -> Figure:
    """Each image with a heat map of the same size laid over it, e.g. occlusion sensitivity (:ref:`sec-occlusion`).

    Parameters
    ----------
    images : numpy.ndarray, shape (N, H, W)
        Grayscale images, drawn dark on light.
    heatmaps : numpy.ndarray, shape (N, H, W)
        One map per image, all on one colour scale: ``inferno`` from 0 to the largest value, or,
        if any value is negative, ``RdBu_r`` symmetric around 0.
    titles : sequence of str, optional
        One title per image.
    alpha : float, default 0.55
        Opacity of the heat maps, in [0, 1].
    colorbar_label : str, default "heat map value (shared scale)"
        The colour bar's label: what the maps measure, with the unit.

    Returns
    -------
    BookFigure
        One row of N framed panels and one colour bar, the column's width at most.
    """
    heatmaps = np.asarray(heatmaps, dtype=float)
    low, high = min(float(heatmaps.min()), 0.0), float(heatmaps.max()) or 1.0
    signed = low < 0
    norm = Normalize(-max(-low, high), max(-low, high)) if signed else Normalize(0, high)
    fig, axes = image_grid(len(images), len(images), 2.2, reserve=1.0, title_lines=1 if titles else 0)
    for i, (ax, image, heat) in enumerate(zip(axes, images, heatmaps)):
        ax.imshow(image, cmap="gray_r")
        shown = ax.imshow(heat, cmap="RdBu_r" if signed else "inferno", norm=norm, alpha=alpha)
        if titles is not None:
            ax.set_title(titles[i], fontsize=SMALL_PT + 1.5)
    fig.tight_layout()
    shown.set_alpha(1.0)  # the colour bar shows the colours themselves
    fig.colorbar(shown, ax=axes, shrink=0.9, fraction=0.04, pad=0.02, label=colorbar_label)
    shown.set_alpha(alpha)
    return fig
