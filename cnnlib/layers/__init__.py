"""Small NumPy layers with forward and backward, enough to train a CNN from scratch (:ref:`sec-numpy-training`).

Each layer's ``forward`` calls the operation's ``*_forward`` from :mod:`cnnlib.functional`
and keeps what it saved; ``backward`` passes that to ``*_backward_from``, accumulates the
gradients of the layer's parameters into ``Parameter.grad`` and returns the gradient w.r.t.
the layer's input. Weights are initialised as PyTorch does: uniform in ``±1/sqrt(fan_in)``
for convolution and linear weights and biases (``kaiming_uniform_`` with ``a = sqrt(5)``).

Every ``forward`` checks its input as its :mod:`cnnlib.functional` operation does (``TypeError``
for an array that is not floating point, ``ValueError`` for a wrong shape); every ``backward``
raises ``ValueError`` for a ``grad_output`` not shaped like the last ``forward``'s output.
"""

from cnnlib.layers.activation import ReLU, Sigmoid, Tanh
from cnnlib.layers.container import Sequential, convnet1
from cnnlib.layers.conv import Conv2d
from cnnlib.layers.linear import Flatten, Linear
from cnnlib.layers.norm import BatchNorm2d
from cnnlib.layers.pool import AvgPool2d, MaxPool2d
from cnnlib.module import Module, Parameter

__all__ = [
    "AvgPool2d",
    "BatchNorm2d",
    "Conv2d",
    "Flatten",
    "Linear",
    "MaxPool2d",
    "Module",
    "Parameter",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Tanh",
    "convnet1",
]
