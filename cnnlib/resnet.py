"""Residual networks: the skip connection y = relu(F(x) + x) (:ref:`sec-resnet`).

He, Zhang, Ren and Sun (2016) add each block's input to its output, so a block only has to
learn a correction F(x) to the identity, and the gradient reaches early layers through the
additions undiminished. :class:`DeepStack` builds the same deep stack with and without the skip,
to show the difference in training; :class:`SmallResNet` is the residual network the book trains
on Fashion-MNIST (:ref:`sec-architectures-trained`, :ref:`ch-beyond-90`).
"""

from __future__ import annotations

import torch
from torch import nn


class ResidualBlock(nn.Module):
    """Two 3x3 convolutions with batch norm, plus a shortcut: relu(bn(conv(relu(bn(conv(x))))) + s(x)).

    The shortcut s is the identity when the shape is unchanged; with ``stride`` 2 or a new
    number of channels it is a 1x1 convolution with that stride, followed by batch norm (the
    "projection shortcut" of the paper). Spatial size: H -> ceil(H / stride).

    Parameters
    ----------
    c_in : int
        Input channels.
    c_out : int
        Output channels.
    stride : int, default 1
        Stride of the first convolution (and of the shortcut).

    References
    ----------
    He, Zhang, Ren and Sun, "Deep residual learning for image recognition", CVPR 2016
    :cite:p:`he2016deep`.
    """

    def __init__(self, c_in: int, c_out: int, stride: int = 1):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.shortcut: nn.Module = nn.Identity()
        if stride != 1 or c_in != c_out:
            self.shortcut = nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride=stride, bias=False), nn.BatchNorm2d(c_out))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """relu(F(x) + shortcut(x)) for x of shape (N, c_in, H, W); output (N, c_out, H', W')."""
        out = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(self.bn2(self.conv2(out)) + self.shortcut(x))


class SmallResNet(nn.Sequential):
    """A residual network for 28x28 images: stem, three stages of residual blocks, global average pooling.

    Stem: 3x3 convolution to ``width`` channels, batch norm, ReLU (28x28). Stages of
    ``blocks`` :class:`ResidualBlock` each with ``width``, 2 ``width`` and 4 ``width`` channels
    at 28x28, 14x14 and 7x7 (the first block of stages 2 and 3 has stride 2). Then the mean of
    each channel over the 7x7 positions and one linear layer to ``num_classes`` scores, with
    dropout ``dropout`` before it. Convolutions per network: 1 + 6 ``blocks``; input
    (N, 1, 28, 28), output (N, ``num_classes``) logits.

    Parameters
    ----------
    width : int, default 16
        Channels of the first stage.
    blocks : int, default 1
        Residual blocks per stage.
    num_classes : int, default 10
    dropout : float, default 0.0
        Dropout probability before the linear layer.

    References
    ----------
    He, Zhang, Ren and Sun, "Deep residual learning for image recognition", CVPR 2016
    :cite:p:`he2016deep`.
    """

    def __init__(self, width: int = 16, blocks: int = 1, num_classes: int = 10, dropout: float = 0.0):
        layers: list[nn.Module] = [nn.Conv2d(1, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU()]
        c_in = width
        for stage, c_out in enumerate((width, 2 * width, 4 * width)):
            for b in range(blocks):
                layers.append(ResidualBlock(c_in, c_out, stride=2 if stage > 0 and b == 0 else 1))
                c_in = c_out
        layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(dropout), nn.Linear(c_in, num_classes)]
        super().__init__(*layers)


class _Plain(nn.Module):
    def __init__(self, channels: int, skip: bool):
        super().__init__()
        self.conv, self.skip = nn.Conv2d(channels, channels, 3, padding=1), skip

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = torch.relu(self.conv(x))
        return out + x if self.skip else out


class DeepStack(nn.Sequential):
    """``depth`` 3x3 convolutions with ReLU and no normalisation, with or without skip connections.

    A 3x3 convolution to ``channels`` maps with 2x2 max pooling (28 -> 14), then ``depth``
    layers x -> relu(conv(x)), or x -> relu(conv(x)) + x with ``skip``, then global average
    pooling and a linear layer to 10 scores. The two versions have exactly the same parameters;
    only the additions differ. With PyTorch's default initialisation each plain layer shrinks the
    signal, so a deep plain stack starts with almost no gradient in its early layers
    (:ref:`sec-resnet`).

    Parameters
    ----------
    depth : int
        Convolutions in the stack (the stem and the linear layer not counted), at least 1.
    skip : bool
        Add each layer's input to its output.
    channels : int, default 16
        Maps per layer.
    """

    def __init__(self, depth: int, skip: bool, channels: int = 16):
        if depth < 1:
            raise ValueError(f"depth must be at least 1, got {depth}")
        super().__init__(
            nn.Conv2d(1, channels, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            *[_Plain(channels, skip) for _ in range(depth)],
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
            nn.Linear(channels, 10),
        )


__all__ = ["DeepStack", "ResidualBlock", "SmallResNet"]
