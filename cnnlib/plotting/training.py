"""Figures of training and of what a trained network does: curves, confusion, heat maps."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from cnnlib.plotting.figure import subplots


def plot_history(*histories, labels: Sequence[str] | None = None) -> Figure:
    """Learning curves: training loss (left) and accuracy (right) per epoch, for one or more
    :class:`cnnlib.train.History` objects; test accuracy is drawn dashed when recorded."""
    fig, (left, right) = subplots(1, 2, figsize=(10, 3.4))
    labels = labels or [""] * len(histories)
    for history, label in zip(histories, labels):
        epochs = history["epoch"]
        (line,) = left.plot(epochs, history["train_loss"], marker="o", label=f"{label} train".strip())
        right.plot(
            epochs, history["train_accuracy"], marker="o", color=line.get_color(), label=f"{label} train".strip()
        )
        if history["test_accuracy"][0] is not None:
            right.plot(
                epochs,
                history["test_accuracy"],
                marker="s",
                linestyle="--",
                color=line.get_color(),
                label=f"{label} test".strip(),
            )
    left.set(xlabel="epoch", ylabel="cross-entropy loss", title="training loss")
    right.set(xlabel="epoch", ylabel="accuracy", title="accuracy")
    for ax in (left, right):
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    return fig


def plot_confusion_matrix(matrix: np.ndarray, class_names: Sequence[str]) -> Figure:
    """A confusion matrix (rows: true class, columns: predicted), each cell annotated."""
    fig, ax = subplots(figsize=(7.5, 6.5))
    ax.imshow(np.log1p(matrix), cmap="Blues")
    for (i, j), count in np.ndenumerate(matrix):
        ax.text(j, i, str(count), ha="center", va="center", fontsize=7, color="white" if i == j else "black")
    ax.set_xticks(range(len(class_names)), class_names, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(class_names)), class_names, fontsize=8)
    ax.set(xlabel="predicted class", ylabel="true class")
    fig.tight_layout()
    return fig


def show_heatmaps(
    images: np.ndarray, heatmaps: np.ndarray, titles: Sequence[str] | None = None, alpha: float = 0.55
) -> Figure:
    """Each image (H, W) with a heat map (same size) laid over it, e.g. occlusion sensitivity."""
    fig, axes = subplots(1, len(images), figsize=(2.4 * len(images), 2.7), squeeze=False)
    for i, (ax, image, heat) in enumerate(zip(axes[0], images, heatmaps)):
        ax.imshow(image, cmap="gray_r")
        ax.imshow(heat, cmap="inferno", alpha=alpha)
        ax.axis("off")
        if titles is not None:
            ax.set_title(titles[i], fontsize=8)
    fig.tight_layout()
    return fig
