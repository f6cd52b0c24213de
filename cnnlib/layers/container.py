"""The container that chains layers, and the article's network built with it
(:ref:`sec-numpy-training`); see :mod:`cnnlib.layers`."""

from __future__ import annotations

import numpy as np

from cnnlib.layers.activation import ReLU
from cnnlib.layers.conv import Conv2d
from cnnlib.layers.linear import Flatten, Linear
from cnnlib.layers.norm import BatchNorm2d
from cnnlib.layers.pool import MaxPool2d
from cnnlib.module import Module


class Sequential(Module):
    """Layers applied in order, like ``torch.nn.Sequential`` (:ref:`sec-loss-not-accuracy`).

    :math:`y = f_L(\\cdots f_2(f_1(x)))`; ``backward`` runs the layers' ``backward`` in reverse
    order (the chain rule, :ref:`sec-backprop-by-hand`). ``net[i]`` and ``len(net)`` work.

    Parameters
    ----------
    *layers : Module
        The layers, first to last; each one's output shape must fit the next one's input.

    Attributes
    ----------
    layers : list of Module
        The layers, in order.
    """

    def __init__(self, *layers: Module):
        self.layers = list(layers)

    def forward(self, x):
        """Run ``x`` through every layer in order.

        Parameters
        ----------
        x : numpy.ndarray
            The input of the first layer, e.g. (N, 1, 28, 28) for :func:`convnet1`.

        Returns
        -------
        numpy.ndarray
            The output of the last layer, e.g. (N, 10) class scores.
        """
        for layer in self.layers:
            x = layer(x)
        return x

    def backward(self, grad_output):
        """Run every layer's ``backward`` in reverse order (:ref:`sec-backprop-by-hand`).

        Parameters
        ----------
        grad_output : numpy.ndarray
            The gradient w.r.t. the last :meth:`forward`'s output, of its shape.

        Returns
        -------
        numpy.ndarray
            The gradient w.r.t. that ``forward``'s input, of its shape.
        """
        for layer in reversed(self.layers):
            grad_output = layer.backward(grad_output)
        return grad_output

    def named_children(self) -> list[tuple[str, Module]]:
        """The layers, named by their index, as ``torch.nn.Sequential`` names them.

        Returns
        -------
        list of (str, Module)
            ``("0", first layer), ("1", second layer), ...``.
        """
        return [(str(i), layer) for i, layer in enumerate(self.layers)]

    def __getitem__(self, index: int) -> Module:
        return self.layers[index]

    def __len__(self) -> int:
        return len(self.layers)


def convnet1(rng: np.random.Generator | None = None) -> Sequential:
    """The source article's Fashion-MNIST network in NumPy: the layers of :class:`cnnlib.models.ConvNet1`.

    Trained from scratch in :ref:`sec-numpy-training`:
    conv 16 5x5 pad 2, BN, ReLU, max-pool 2; conv 32 5x5 pad 2, BN, ReLU, max-pool 2;
    flatten; linear 32*7*7 -> 10.

    Parameters
    ----------
    rng : numpy.random.Generator, optional
        Draws the initial weights (default: a fresh one).

    Returns
    -------
    Sequential
        Input (N, 1, 28, 28), output (N, 10) class scores.
    """
    rng = rng or np.random.default_rng()
    return Sequential(
        Conv2d(1, 16, 5, padding=2, rng=rng),
        BatchNorm2d(16),
        ReLU(),
        MaxPool2d(2),
        Conv2d(16, 32, 5, padding=2, rng=rng),
        BatchNorm2d(32),
        ReLU(),
        MaxPool2d(2),
        Flatten(),
        Linear(32 * 7 * 7, 10, rng=rng),
    )


__all__ = ["Sequential", "convnet1"]
