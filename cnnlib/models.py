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
    """The second source article's Fashion-MNIST network, layer for layer (:ref:`sec-train-convnet1`).

    conv 16 5x5 pad 2, batch norm, ReLU, max-pool 2; conv 32 5x5 pad 2, batch norm, ReLU,
    max-pool 2; linear 32*7*7 -> 10. The spatial size goes 28 -> 28 -> 14 -> 14 -> 7
    (:ref:`sec-output-size`); 29,034 parameters with batch norm, 28,938 without. Input
    (N, 1, 28, 28) images, output (N, 10) class scores (logits); see ``forward``.

    Parameters
    ----------
    batch_norm : bool, default True
        Include the two batch-normalisation layers (:ref:`sec-batch-norm`); False replaces them by
        ``nn.Identity``, for comparing.
    channels : tuple of int, default (16, 32)
        Filters of the two convolutions; the article's are (16, 32). Wider networks are one of
        the steps of :ref:`ch-beyond-90`; the linear layer then takes ``channels[1] * 7 * 7``.

    References
    ----------
    "Convolutional Neural Networks, Explained", Towards Data Science, 2020 :cite:p:`cnn_explained_tds`.
    """

    def __init__(self, batch_norm: bool = True, channels: tuple[int, int] = (16, 32)):
        super().__init__()
        norm = nn.BatchNorm2d if batch_norm else (lambda channels: nn.Identity())
        c1, c2 = channels
        self.conv1 = nn.Conv2d(1, c1, kernel_size=5, stride=1, padding=2)
        self.batch1 = norm(c1)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(kernel_size=2)
        self.conv2 = nn.Conv2d(c1, c2, kernel_size=5, stride=1, padding=2)
        self.batch2 = norm(c2)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(kernel_size=2)
        self.fc = nn.Linear(c2 * 7 * 7, 10)

    def features(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The output of every stage, for looking inside (:ref:`sec-feature-maps`).

        Parameters
        ----------
        x : torch.Tensor, shape (N, 1, 28, 28)

        Returns
        -------
        list of torch.Tensor
            ``[conv1, relu1, pool1, conv2, relu2, pool2]``, of shapes (N, 16, 28, 28), (N, 16, 28, 28),
            (N, 16, 14, 14), (N, 32, 14, 14), (N, 32, 14, 14) and (N, 32, 7, 7). ``relu1`` and ``relu2``
            follow the batch norm, which has no entry of its own.
        """
        out = []
        for stage in (self.conv1, self.batch1, self.relu1, self.pool1, self.conv2, self.batch2, self.relu2, self.pool2):
            x = stage(x)
            if not isinstance(stage, (nn.BatchNorm2d, nn.Identity)):
                out.append(x)
        return out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Class scores for a batch of images (:ref:`sec-train-convnet1`).

        Parameters
        ----------
        x : torch.Tensor, shape (N, 1, 28, 28)

        Returns
        -------
        torch.Tensor, shape (N, 10)
            Logits; apply :func:`cnnlib.functional.softmax` (or ``torch.softmax``) for probabilities.
        """
        x = self.pool1(self.relu1(self.batch1(self.conv1(x))))
        x = self.pool2(self.relu2(self.batch2(self.conv2(x))))
        return self.fc(x.flatten(1))


class LeNetLike(nn.Sequential):
    """The small LeNet-like network of the third source article, "visualising the layers" (:ref:`ch-architectures`).

    Six 5x5 filters, 2x2 max pooling; sixteen 5x5 filters, 2x2 max pooling; fully connected
    120 -> 100 -> ``num_classes``, with ReLU throughout. The spatial size goes
    32 -> 28 -> 14 -> 10 -> 5, so the first linear layer takes 16*5*5 = 400 features; 63,802
    parameters for 10 classes. An ``nn.Sequential``: calling it maps (N, 1, 32, 32) images to
    (N, ``num_classes``) class scores (logits).

    Parameters
    ----------
    num_classes : int, default 10
        Number of outputs.

    References
    ----------
    "ConvNets: What, Why and How?", IEEE NITK Diode, 2021 :cite:p:`convnets_what_why_how`.
    """

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
    """LeNet-5 (LeCun et al., 1998) in its common modern form, for 32x32 grey images (:ref:`sec-classics`).

    C1: six 5x5 filters, tanh, S2: 2x2 average pooling; C3: sixteen 5x5 filters, tanh, S4: 2x2
    average pooling; C5: 120 5x5 filters (output 1x1), tanh; F6: linear 120 -> 84, tanh; output:
    linear 84 -> ``num_classes``. 61,706 parameters for 10 classes. An ``nn.Sequential``: calling it
    maps (N, 1, 32, 32) images to (N, ``num_classes``) class scores (logits).

    Differences from the paper: C3 connects every one of its 16 maps to all 6 input maps (the paper
    used a sparse table), subsampling is plain average pooling (the paper's had a trainable
    coefficient and bias per map), and the output is a linear layer instead of fixed Euclidean RBF
    units. PyTorch has no built-in LeNet-5.

    Parameters
    ----------
    num_classes : int, default 10
        Number of outputs.

    References
    ----------
    LeCun, Bottou, Bengio and Haffner, "Gradient-based learning applied to document recognition",
    Proceedings of the IEEE 86(11), 1998 :cite:p:`lecun1998gradient`.
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
    """AlexNet (Krizhevsky et al., 2012) in its single-GPU form, for 224x224 colour images (:ref:`sec-classics`).

    Five convolutions (64, 192, 384, 256, 256 filters: 11x11 stride 4, 5x5, then three 3x3), ReLU
    after each, 3x3 stride-2 max pooling after the first, second and fifth, then dropout and fully
    connected 256*6*6 -> 4096 -> 4096 -> ``num_classes``; 61,100,840 parameters for 1000 classes.

    This is the layout of ``torchvision.models.alexnet``, not the paper's two-GPU split
    (96-256-384-384-256 filters), and it has no local response normalisation. Unlike torchvision's,
    it has no adaptive pooling before the classifier, so the input must give 6x6 feature maps
    (224x224 does).

    Parameters
    ----------
    num_classes : int, default 1000
        Number of outputs (1000 ImageNet classes).

    References
    ----------
    Krizhevsky, Sutskever and Hinton, "ImageNet classification with deep convolutional neural
    networks", NeurIPS 2012 :cite:p:`krizhevsky2012imagenet`.
    """

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
        """Class scores for a batch of images (:ref:`sec-classics`).

        Parameters
        ----------
        x : torch.Tensor, shape (N, 3, 224, 224)

        Returns
        -------
        torch.Tensor, shape (N, num_classes)
            Logits.
        """
        return self.classifier(self.features(x))


def _vgg_block(c_in: int, c_out: int, convs: int) -> list[nn.Module]:
    layers = []
    for i in range(convs):
        layers += [nn.Conv2d(c_in if i == 0 else c_out, c_out, 3, padding=1), nn.ReLU()]
    return layers + [nn.MaxPool2d(2)]


class VGG16(nn.Module):
    """VGG-16 (configuration D of Simonyan and Zisserman) for 224x224 colour images (:ref:`sec-classics`).

    Thirteen 3x3 convolutions (padding 1, ReLU after each) in five blocks of 64, 128, 256, 512 and
    512 filters (2, 2, 3, 3 and 3 convolutions), each block ending in 2x2 max pooling, so
    224 -> 7; then fully connected 512*7*7 -> 4096 -> 4096 -> ``num_classes`` with ReLU and
    dropout; 138,357,544 parameters for 1000 classes. The layout of ``torchvision.models.vgg16``,
    without its adaptive pooling, so the input must give 7x7 feature maps (224x224 does).

    Parameters
    ----------
    num_classes : int, default 1000
        Number of outputs (1000 ImageNet classes).

    References
    ----------
    Simonyan and Zisserman, "Very deep convolutional networks for large-scale image recognition",
    ICLR 2015 (arXiv:1409.1556, 2014) :cite:p:`simonyan2014vgg`.
    """

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
        """Class scores for a batch of images (:ref:`sec-classics`).

        Parameters
        ----------
        x : torch.Tensor, shape (N, 3, 224, 224)

        Returns
        -------
        torch.Tensor, shape (N, num_classes)
            Logits.
        """
        return self.classifier(self.features(x))
