"""The networks the book builds and compares, in PyTorch.

- :class:`ConvNet1`: the source article's Fashion-MNIST network, layer for layer.
- :class:`LeNetLike`: the 32x32 network of the "visualising the layers" article.
- :class:`LeNet5`, :class:`AlexNet`, :class:`VGG16`: the classic architectures, as used today
  (the docstrings say where they differ from the original papers).
"""

from __future__ import annotations

import torch
from torch import nn


class ConvNet1(nn.Module):
    """conv 16 5x5 pad 2, BN, ReLU, max-pool 2; conv 32 5x5 pad 2, BN, ReLU, max-pool 2;
    linear 32*7*7 -> 10. Input (N, 1, 28, 28), output (N, 10) class scores.

    ``batch_norm=False`` drops the two batch-normalisation layers (for comparing).
    """

    def __init__(self, batch_norm: bool = True):
        super().__init__()
        norm = nn.BatchNorm2d if batch_norm else (lambda channels: nn.Identity())
        self.conv1 = nn.Conv2d(1, 16, kernel_size=5, stride=1, padding=2)
        self.batch1 = norm(16)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(kernel_size=2)
        self.conv2 = nn.Conv2d(16, 32, kernel_size=5, stride=1, padding=2)
        self.batch2 = norm(32)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(kernel_size=2)
        self.fc = nn.Linear(32 * 7 * 7, 10)

    def features(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The output of every stage, for looking inside: [conv1, relu1, pool1, conv2, relu2, pool2]."""
        out = []
        for stage in (self.conv1, self.batch1, self.relu1, self.pool1, self.conv2, self.batch2, self.relu2, self.pool2):
            x = stage(x)
            if not isinstance(stage, (nn.BatchNorm2d, nn.Identity)):
                out.append(x)
        return out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool1(self.relu1(self.batch1(self.conv1(x))))
        x = self.pool2(self.relu2(self.batch2(self.conv2(x))))
        return self.fc(x.flatten(1))


class LeNetLike(nn.Sequential):
    """The "visualising the layers" network: 32x32x1 input; six 5x5 filters, 2x2 max pooling;
    sixteen 5x5 filters, 2x2 max pooling; fully connected 120 -> 100 -> 10 (ReLU throughout)."""

    def __init__(self, num_classes: int = 10):
        super().__init__(
            nn.Conv2d(1, 6, 5),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(16 * 5 * 5, 120),
            nn.ReLU(),
            nn.Linear(120, 100),
            nn.ReLU(),
            nn.Linear(100, num_classes),
        )


class LeNet5(nn.Sequential):
    """LeNet-5 (LeCun et al., 1998) in its common modern form, 32x32x1 input.

    Differences from the paper: C3 connects every one of its 16 maps to all 6 input maps
    (the paper used a sparse table), subsampling is plain average pooling (the paper's had a
    trainable coefficient and bias per map), and the output is a linear layer instead of
    fixed Euclidean RBF units.
    """

    def __init__(self, num_classes: int = 10):
        super().__init__(
            nn.Conv2d(1, 6, 5),
            nn.Tanh(),
            nn.AvgPool2d(2),
            nn.Conv2d(6, 16, 5),
            nn.Tanh(),
            nn.AvgPool2d(2),
            nn.Conv2d(16, 120, 5),
            nn.Tanh(),
            nn.Flatten(),
            nn.Linear(120, 84),
            nn.Tanh(),
            nn.Linear(84, num_classes),
        )


class AlexNet(nn.Module):
    """AlexNet for 224x224x3 input in its single-GPU form (64-192-384-256-256 filters, as in
    torchvision), not the paper's two-GPU split (96-256-384-384-256)."""

    def __init__(self, num_classes: int = 1000):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 64, 11, stride=4, padding=2),
            nn.ReLU(),
            nn.MaxPool2d(3, 2),
            nn.Conv2d(64, 192, 5, padding=2),
            nn.ReLU(),
            nn.MaxPool2d(3, 2),
            nn.Conv2d(192, 384, 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(384, 256, 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(256, 256, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(3, 2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Dropout(0.5),
            nn.Linear(256 * 6 * 6, 4096),
            nn.ReLU(),
            nn.Dropout(0.5),
            nn.Linear(4096, 4096),
            nn.ReLU(),
            nn.Linear(4096, num_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))


def _vgg_block(c_in: int, c_out: int, convs: int) -> list[nn.Module]:
    layers = []
    for i in range(convs):
        layers += [nn.Conv2d(c_in if i == 0 else c_out, c_out, 3, padding=1), nn.ReLU()]
    return layers + [nn.MaxPool2d(2)]


class VGG16(nn.Module):
    """VGG-16 (configuration D of Simonyan and Zisserman, 2014) for 224x224x3 input:
    thirteen 3x3 convolutions in five blocks, then 4096 -> 4096 -> classes."""

    def __init__(self, num_classes: int = 1000):
        super().__init__()
        blocks = [(3, 64, 2), (64, 128, 2), (128, 256, 3), (256, 512, 3), (512, 512, 3)]
        self.features = nn.Sequential(*[m for block in blocks for m in _vgg_block(*block)])
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(512 * 7 * 7, 4096),
            nn.ReLU(),
            nn.Dropout(0.5),
            nn.Linear(4096, 4096),
            nn.ReLU(),
            nn.Dropout(0.5),
            nn.Linear(4096, num_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))
