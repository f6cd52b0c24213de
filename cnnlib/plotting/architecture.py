"""Architecture diagrams drawn from the model itself, as the source articles picture networks.

Every layer's output volume (height x width x channels) is a box (:ref:`sec-classics`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.patches import Polygon
from torch import nn

from cnnlib.plotting.figure import COLUMN_IN, subplots
from cnnlib.summary import summary

#: The layer types that change a volume's shape, and how the diagram names them.
KINDS = {"Conv2d": "conv", "MaxPool2d": "max pool", "AvgPool2d": "avg pool", "Linear": "fc"}


@dataclass
class Volume:
    """One box of the architecture diagram: what produced it and its shape (:ref:`sec-classics`).

    Attributes
    ----------
    kind : str
        What produced it: ``"input"``, ``"conv"``, ``"max pool"``, ``"avg pool"`` or ``"fc"``.
    shape : tuple of int, shape (C, H, W) or (units,)
        The volume's shape without the batch axis.
    count : int, default 1
        How many consecutive convolutions with this output shape it stands for.
    """

    kind: str
    shape: tuple[int, ...]
    count: int = 1

    @property
    def label(self) -> str:
        """The text under the box: the kind (with the count), then H×W and ×C, or the units.

        Returns
        -------
        str
            E.g. ``"2 conv\\n224×224\\n×64"`` or ``"fc\\n4,096"``.
        """
        kind = f"{self.count} {self.kind}" if self.count > 1 else self.kind
        if len(self.shape) == 1:
            return f"{kind}\n{self.shape[0]:,}"
        c, h, w = self.shape
        return f"{kind}\n{h}×{w}\n×{c}"


def volumes(model: nn.Module, input_shape: tuple[int, ...]) -> list[Volume]:
    """The volumes a network produces: its input and every convolution, pooling and linear output.

    Drawn by :func:`cnnlib.plotting.show_architecture` (:ref:`sec-classics`). Consecutive
    convolutions with the same output shape (VGG's blocks) become one volume with a count.

    Parameters
    ----------
    model : torch.nn.Module
        The network, traced by :func:`cnnlib.summary.summary` on PyTorch's meta device (no
        computation).
    input_shape : tuple of int, (C, H, W)
        The shape of one input, without the batch axis.

    Returns
    -------
    list of Volume
        In order from the input; each ``shape`` is (C, H, W), or (units,) after a linear layer.
    """
    rows = summary(model, (1, *input_shape)).rows
    found = [Volume("input", tuple(input_shape))]
    for row in rows:
        if row.kind not in KINDS:
            continue
        volume = Volume(KINDS[row.kind], row.output_shape[1:])
        last = found[-1]
        if volume.kind == "conv" == last.kind and volume.shape == last.shape:
            last.count += 1
        else:
            found.append(volume)
    return found


def _box(ax, x, width, height, depth, colour):
    """A box seen from the front-right: front face ``width`` x ``height`` at ``x``, and top
    and side faces of ``depth``."""
    front = [(x, 0), (x + width, 0), (x + width, height), (x, height)]
    top = [(x, height), (x + width, height), (x + width + depth, height + depth), (x + depth, height + depth)]
    side = [(x + width, 0), (x + width + depth, depth), (x + width + depth, height + depth), (x + width, height)]
    for face, shade in ((front, 1.0), (top, 0.8), (side, 0.65)):
        ax.add_patch(Polygon(face, closed=True, facecolor=[c * shade for c in colour], edgecolor="0.25", lw=0.8))


#: Volumes per row of the diagram; longer networks continue on a second row.
MAX_PER_ROW = 8

#: The face colour (RGB in [0, 1]) of each kind of volume.
COLOURS = {
    "input": (0.85, 0.85, 0.85),
    "conv": (0.55, 0.75, 0.95),
    "max pool": (0.98, 0.75, 0.45),
    "avg pool": (0.98, 0.85, 0.55),
    "fc": (0.6, 0.85, 0.6),
}


def show_architecture(model: nn.Module, input_shape: tuple[int, ...], title: str | None = None) -> Figure:
    """A network drawn as the volumes its layers produce, left to right.

    Chapter 7 draws every network it discusses with it (:ref:`ch-architectures`,
    :ref:`sec-classics`). Each box is one volume (see ``cnnlib.plotting.architecture.volumes``):
    its height grows with the square root of the spatial size H x W, its thickness with log2 of
    the channel count, so a 224x224x3 image and a 7x7x512 map are both visible; fully connected
    outputs are thin bars whose height grows with log2 of the number of units. Under each box:
    what produced it (``2 conv`` for two convolutions in a row with the same output), H x W and
    the channels (or the units).

    Parameters
    ----------
    model : torch.nn.Module
        The network, traced on PyTorch's meta device (no computation).
    input_shape : tuple of int, (C, H, W)
        The shape of one input, without the batch axis, e.g. ``(3, 224, 224)``.
    title : str, optional
        A title above the diagram.

    Returns
    -------
    BookFigure
        The book's column wide (6.88 inches), one row per 8 volumes.
    """
    found = volumes(model, tuple(input_shape))
    spatial = [v for v in found if len(v.shape) == 3]
    largest_hw = max(v.shape[1] * v.shape[2] for v in spatial)
    most_channels = max(max(v.shape[0] for v in spatial), 2)
    most_units = max([v.shape[0] for v in found if len(v.shape) == 1] + [2])
    n_rows = math.ceil(len(found) / MAX_PER_ROW)
    per_row = math.ceil(len(found) / n_rows)
    fig, axes = subplots(n_rows, 1, figsize=(COLUMN_IN, 2.4 * n_rows), squeeze=False)
    for i, v in enumerate(found):
        ax, slot = axes[i // per_row, 0], i % per_row
        if len(v.shape) == 3:
            c, h, w = v.shape
            height = 0.25 + 0.75 * math.sqrt(h * w / largest_hw)
            width = 0.08 + 0.32 * math.log2(c + 1) / math.log2(most_channels + 1)
            depth = 0.12 * height
        else:
            height = 0.25 + 0.75 * math.log2(v.shape[0] + 1) / math.log2(most_units + 1)
            width, depth = 0.08, 0.02
        _box(ax, slot + (1 - width - depth) / 2, width, height, depth, COLOURS[v.kind])
        ax.text(slot + 0.5, -0.08, v.label, ha="center", va="top", fontsize=8.5, linespacing=1.15)
    for row, ax in enumerate(axes[:, 0]):
        ax.set_xlim(0, per_row)
        ax.set_ylim(-0.75, 1.2)
        ax.axis("off")
        if row < n_rows - 1:
            ax.annotate(
                "", xy=(per_row, 0.5), xytext=(per_row - 0.15, 0.5), arrowprops={"arrowstyle": "->", "color": "0.4"}
            )
    if title:
        axes[0, 0].set_title(title, fontsize=11)
    fig.tight_layout()
    return fig


__all__ = ["Volume", "show_architecture", "volumes"]
