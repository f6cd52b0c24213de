"""The classic architectures sized for 28x28 Fashion-MNIST, to train on a CPU (:ref:`sec-architectures-trained`).

:class:`cnnlib.models.AlexNet` and :class:`cnnlib.models.VGG16` take 224x224 colour images and
have 61 and 138 million parameters. Blowing a 28x28 image up to 224x224 (as some courses do, on
a GPU) multiplies the work by 64 and adds no information, so these versions keep each design's
pattern and shrink its sizes: fewer filters, smaller first filters, fewer pooling steps,
smaller fully connected layers. :class:`LeNet5Modern` is LeNet-5 with today's ReLU and max
pooling; :class:`PadTo32` feeds the 32x32 LeNets.
"""

from __future__ import annotations

import torch
from torch import nn

from cnnlib.data import MEAN, STD


class PadTo32(nn.Module):
    """Pad 28x28 images by 2 pixels on each side with the background, to 32x32 (:ref:`sec-architectures-trained`).

    LeNet-5 and the LeNet-like network of the third article expect 32x32 inputs (LeCun et al.
    padded their 28x28 digits the same way). The padding value is the standardised value of a
    black pixel, (0 - MEAN) / STD, so the new border looks like the image's own background.
    Input (N, C, 28, 28), output (N, C, 32, 32).
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(N, C, H, W) -> (N, C, H + 4, W + 4)."""
        return nn.functional.pad(x, (2, 2, 2, 2), value=-MEAN / STD)


class LeNet5Modern(nn.Sequential):
    """:class:`cnnlib.models.LeNet5`'s layout with ReLU instead of tanh and max instead of average pooling.

    6 5x5 filters, ReLU, 2x2 max pooling; 16 5x5 filters, ReLU, 2x2 max pooling; 120 5x5
    filters (1x1 output), ReLU; linear 120 -> 84, ReLU; linear 84 -> 10. Same 61,706
    parameters as the 1998 version; input (N, 1, 32, 32), output (N, 10) logits
    (:ref:`sec-architectures-trained`).
    """

    def __init__(self):
        super().__init__(
            nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 120, 5), nn.ReLU(), nn.Flatten(),
            nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
        )  # fmt: skip


class AlexNetSmall(nn.Sequential):
    """AlexNet's pattern for 28x28: five convolutions, overlapping max pools (:ref:`sec-architectures-trained`).

    What was scaled, from :class:`cnnlib.models.AlexNet`: the first filter 11x11 stride 4 became
    5x5 stride 1 (stride 4 would leave 6x6 of a 28x28 image after one layer); the filters
    64-192-384-256-256 became 32-64-96-96-64; the classifier 9216-4096-4096 became
    256-256-256. Kept: ReLU after every layer, 5x5 then 3x3 filters, 3x3 stride-2 max pooling
    after layers 1, 2 and 5, dropout 0.5 before each hidden linear layer. Spatial size
    28 -> 13 -> 6 -> 2. Input (N, 1, 28, 28), output (N, 10) logits.
    """

    def __init__(self):
        super().__init__(
            nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(3, 2),
            nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(3, 2),
            nn.Conv2d(64, 96, 3, padding=1), nn.ReLU(),
            nn.Conv2d(96, 96, 3, padding=1), nn.ReLU(),
            nn.Conv2d(96, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(3, 2),
            nn.Flatten(), nn.Dropout(0.5),
            nn.Linear(64 * 2 * 2, 256), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10),
        )  # fmt: skip


class VGGSmall(nn.Sequential):
    """VGG's pattern for 28x28: blocks of two 3x3 convolutions (padding 1), each block ending in 2x2 max pooling.

    What was scaled, from :class:`cnnlib.models.VGG16`: five blocks of 64-512 filters became three
    blocks of 16, 32 and 64 (a 28x28 image allows three halvings: 28 -> 14 -> 7 -> 3), and
    the classifier 25088-4096-4096 became 576-256. Kept: only 3x3 filters, two per block,
    channels doubling per block, ReLU, dropout 0.5 before the hidden linear layer.
    Input (N, 1, 28, 28), output (N, 10) logits (:ref:`sec-architectures-trained`).

    Parameters
    ----------
    widths : tuple of int, default (16, 32, 64)
        Filters of the three blocks.
    """

    def __init__(self, widths: tuple[int, int, int] = (16, 32, 64)):
        layers: list[nn.Module] = []
        c_in = 1
        for c_out in widths:
            layers += [nn.Conv2d(c_in, c_out, 3, padding=1), nn.ReLU(), nn.Conv2d(c_out, c_out, 3, padding=1)]
            layers += [nn.ReLU(), nn.MaxPool2d(2)]
            c_in = c_out
        layers += [nn.Flatten(), nn.Dropout(0.5), nn.Linear(c_in * 3 * 3, 256), nn.ReLU(), nn.Linear(256, 10)]
        super().__init__(*layers)


__all__ = ["AlexNetSmall", "LeNet5Modern", "PadTo32", "VGGSmall"]
