"""Small NumPy layers with forward and backward, enough to train a CNN from scratch
(:ref:`sec-numpy-training`).

Each layer's ``forward`` calls the operation's ``*_forward`` from :mod:`cnnlib.functional`
and keeps what it saved; ``backward`` passes that to ``*_backward_from``, accumulates the
gradients of the layer's parameters into ``Parameter.grad`` and returns the gradient w.r.t.
the layer's input. Weights are initialised as PyTorch does: uniform in ``±1/sqrt(fan_in)``
for convolution and linear weights and biases (``kaiming_uniform_`` with ``a = sqrt(5)``).
"""

from __future__ import annotations

import numpy as np

import cnnlib.functional as F
from cnnlib.functional.shapes import pair
from cnnlib.module import Module, Parameter


def _uniform(rng, bound, shape, dtype):
    return rng.uniform(-bound, bound, size=shape).astype(dtype)


def _accumulate(weight: Parameter, bias: Parameter | None, grad_weight, grad_bias) -> None:
    weight.grad += grad_weight
    if bias is not None:
        bias.grad += grad_bias


class Conv2d(Module):
    """2-D convolution layer, like ``torch.nn.Conv2d`` (:func:`cnnlib.functional.conv2d`,
    :ref:`sec-loss-not-accuracy`).

    Input (N, C, H, W), output (N, F, OH, OW), ``OH = floor((H - KH + 2 PH) / SH) + 1``,
    likewise ``OW``. The Parameters ``weight``, (F, C, KH, KW), and ``bias``, (F,), start
    uniform in ``±1/sqrt(C KH KW)``.

    Parameters
    ----------
    in_channels : int
        C, the input's channels.
    out_channels : int
        F, the number of filters.
    kernel_size : int or (KH, KW)
    stride : int or (SH, SW), default 1
    padding : int or (PH, PW), default 0
        Zeros added on each side.
    bias : bool, default True
        Whether to learn a bias per filter.
    rng : numpy.random.Generator, optional
        Draws the initial weights (default: a fresh one).
    dtype : numpy dtype of the parameters, default float32
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size,
        stride=1,
        padding=0,
        bias: bool = True,
        rng: np.random.Generator | None = None,
        dtype=np.float32,
    ):
        rng = rng or np.random.default_rng()
        kernel = pair(kernel_size, "kernel_size")
        self.stride, self.padding = pair(stride, "stride"), pair(padding, "padding")
        bound = 1 / np.sqrt(in_channels * kernel[0] * kernel[1])
        self.weight = Parameter(_uniform(rng, bound, (out_channels, in_channels, *kernel), dtype))
        self.bias = Parameter(_uniform(rng, bound, (out_channels,), dtype)) if bias else None

    def extra_repr(self) -> str:
        f, c, kh, kw = self.weight.data.shape
        return f"{c}, {f}, kernel_size={(kh, kw)}, stride={self.stride}, padding={self.padding}" + (
            "" if self.bias is not None else ", bias=False"
        )

    def forward(self, x: np.ndarray) -> np.ndarray:
        bias = self.bias.data if self.bias is not None else None
        out, self._saved = F.conv2d_forward(x, self.weight.data, bias, self.stride, self.padding)
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        grad_x, grad_weight, grad_bias = F.conv2d_backward_from(grad_output, self._saved)
        _accumulate(self.weight, self.bias, grad_weight, grad_bias)
        return grad_x


class Linear(Module):
    """Fully connected layer, like ``torch.nn.Linear`` (:func:`cnnlib.functional.linear`,
    :ref:`sec-loss-not-accuracy`).

    Input (N, in_features), output (N, out_features). The Parameters ``weight``,
    (out_features, in_features), and ``bias``, (out_features,), start uniform in
    ``±1/sqrt(in_features)``.

    Parameters
    ----------
    in_features : int
    out_features : int
    bias : bool, default True
        Whether to learn a bias per output.
    rng : numpy.random.Generator, optional
        Draws the initial weights (default: a fresh one).
    dtype : numpy dtype of the parameters, default float32
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        rng: np.random.Generator | None = None,
        dtype=np.float32,
    ):
        rng = rng or np.random.default_rng()
        bound = 1 / np.sqrt(in_features)
        self.weight = Parameter(_uniform(rng, bound, (out_features, in_features), dtype))
        self.bias = Parameter(_uniform(rng, bound, (out_features,), dtype)) if bias else None

    def extra_repr(self) -> str:
        out_features, in_features = self.weight.data.shape
        return f"in_features={in_features}, out_features={out_features}" + (
            "" if self.bias is not None else ", bias=False"
        )

    def forward(self, x: np.ndarray) -> np.ndarray:
        bias = self.bias.data if self.bias is not None else None
        out, self._saved = F.linear_forward(x, self.weight.data, bias)
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        grad_x, grad_weight, grad_bias = F.linear_backward_from(grad_output, self._saved)
        _accumulate(self.weight, self.bias, grad_weight, grad_bias)
        return grad_x


class BatchNorm2d(Module):
    """Batch normalisation per channel, like ``torch.nn.BatchNorm2d``
    (:func:`cnnlib.functional.batch_norm2d`, :ref:`sec-batch-norm`).

    .. math:: y = \\gamma_c \\frac{x - \\mu_c}{\\sqrt{\\sigma_c^2 + \\epsilon}} + \\beta_c

    Input and output (N, C, H, W). The Parameters ``weight`` (:math:`\\gamma`) and ``bias``
    (:math:`\\beta`), (C,), start at 1 and 0; the running estimates ``running_mean`` and
    ``running_var``, (C,), start at 0 and 1, are updated in training mode and used in
    evaluation mode (:meth:`~cnnlib.module.Module.eval`).

    Parameters
    ----------
    num_features : int
        C, the number of channels.
    eps : float, default 1e-5
        :math:`\\epsilon`, added to the variance.
    momentum : float, default 0.1
        Weight of the batch statistics in the running estimates.
    dtype : numpy dtype of the parameters, default float32

    References
    ----------
    Ioffe and Szegedy, "Batch normalization: accelerating deep network training by reducing
    internal covariate shift", ICML 2015.
    """

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1, dtype=np.float32):
        self.eps, self.momentum = eps, momentum
        self.weight = Parameter(np.ones(num_features, dtype))
        self.bias = Parameter(np.zeros(num_features, dtype))
        self.running_mean = np.zeros(num_features, dtype)
        self.running_var = np.ones(num_features, dtype)

    def extra_repr(self) -> str:
        return f"{self.weight.data.size}, eps={self.eps}, momentum={self.momentum}"

    def forward(self, x: np.ndarray) -> np.ndarray:
        out, self._saved = F.batch_norm2d_forward(
            x,
            self.running_mean,
            self.running_var,
            self.weight.data,
            self.bias.data,
            self.training,
            self.momentum,
            self.eps,
        )
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        grad_x, grad_weight, grad_bias = F.batch_norm2d_backward_from(grad_output, self._saved)
        _accumulate(self.weight, self.bias, grad_weight, grad_bias)
        return grad_x


class _Activation(Module):
    """An element-wise activation built from its ``*_forward``/``*_backward_from`` pair;
    any input shape, output of the same shape."""

    forward_op = staticmethod(F.relu_forward)
    backward_op = staticmethod(F.relu_backward_from)

    def forward(self, x: np.ndarray) -> np.ndarray:
        out, self._saved = self.forward_op(x)
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        return self.backward_op(grad_output, self._saved)


class ReLU(_Activation):
    """``max(0, x)`` element-wise (:func:`cnnlib.functional.relu`, :ref:`sec-relu-layer`);
    input of any shape, output of the same shape."""

    forward_op, backward_op = staticmethod(F.relu_forward), staticmethod(F.relu_backward_from)


class Sigmoid(_Activation):
    """``1 / (1 + exp(-x))`` element-wise (:func:`cnnlib.functional.sigmoid`,
    :ref:`sec-vanishing`); input of any shape, output of the same shape."""

    forward_op, backward_op = staticmethod(F.sigmoid_forward), staticmethod(F.sigmoid_backward_from)


class Tanh(_Activation):
    """``tanh(x)`` element-wise (:func:`cnnlib.functional.tanh`, :ref:`sec-zero-centred`);
    input of any shape, output of the same shape."""

    forward_op, backward_op = staticmethod(F.tanh_forward), staticmethod(F.tanh_backward_from)


class _Pool2d(Module):
    def __init__(self, kernel_size, stride=None, padding=0):
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride or self.kernel_size}, padding={self.padding}"


class MaxPool2d(_Pool2d):
    """Max pooling, like ``torch.nn.MaxPool2d`` (:func:`cnnlib.functional.max_pool2d`,
    :ref:`sec-invariance`). Input (N, C, H, W), output (N, C, OH, OW).

    Parameters
    ----------
    kernel_size : int or (KH, KW)
    stride : int or (SH, SW), optional
        Default ``kernel_size``: windows that do not overlap.
    padding : int or (PH, PW), default 0
        At most half the kernel size (checked when the layer runs).
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        out, self._saved = F.max_pool2d_forward(x, self.kernel_size, self.stride, self.padding)
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        return F.max_pool2d_backward_from(grad_output, self._saved)


class AvgPool2d(_Pool2d):
    """Average pooling, like ``torch.nn.AvgPool2d`` (:func:`cnnlib.functional.avg_pool2d`,
    :ref:`ch-pooling`). Input (N, C, H, W), output (N, C, OH, OW).

    Parameters
    ----------
    kernel_size : int or (KH, KW)
    stride : int or (SH, SW), optional
        Default ``kernel_size``.
    padding : int or (PH, PW), default 0
        Zeros, counted in the average; at most half the kernel size.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        out, self._saved = F.avg_pool2d_forward(x, self.kernel_size, self.stride, self.padding)
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        return F.pool_backward_from(grad_output, self._saved)


class Flatten(Module):
    """(N, C, H, W) -> (N, C*H*W), as ``torch.nn.Flatten`` does (:ref:`sec-loss-not-accuracy`)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        return grad_output.reshape(self._shape)


class Sequential(Module):
    """Layers applied in order, like ``torch.nn.Sequential`` (:ref:`sec-loss-not-accuracy`);
    ``backward`` runs their ``backward`` in reverse order. ``net[i]`` and ``len(net)`` work.

    Parameters
    ----------
    *layers : Module
        The layers, first to last; each one's output shape must fit the next one's input.
    """

    def __init__(self, *layers: Module):
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def backward(self, grad_output):
        for layer in reversed(self.layers):
            grad_output = layer.backward(grad_output)
        return grad_output

    def named_children(self) -> list[tuple[str, Module]]:
        return [(str(i), layer) for i, layer in enumerate(self.layers)]

    def __getitem__(self, index: int) -> Module:
        return self.layers[index]

    def __len__(self) -> int:
        return len(self.layers)


def convnet1(rng: np.random.Generator | None = None) -> Sequential:
    """The source article's Fashion-MNIST network, in NumPy (:ref:`sec-numpy-training`); the
    same layers as :class:`cnnlib.models.ConvNet1`.

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
