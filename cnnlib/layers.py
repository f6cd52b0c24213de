"""Small NumPy layers with forward and backward, enough to train a CNN from scratch.

Each layer caches in ``forward`` what its ``backward`` needs, accumulates the gradients of
its parameters into ``Parameter.grad`` and returns the gradient w.r.t. its input.
Weights are initialised as PyTorch does: uniform in ``±1/sqrt(fan_in)`` for convolution
and linear weights and biases (``kaiming_uniform_`` with ``a = sqrt(5)``).
"""

from __future__ import annotations

import numpy as np

from cnnlib.functional import activation, norm, pool
from cnnlib.functional.conv import _check_conv, _conv_backward_from_cols, _conv_from_cols, im2col
from cnnlib.functional.linear import linear, linear_backward
from cnnlib.functional.shapes import pair


class Parameter:
    """A learnable array and the gradient accumulated for it."""

    def __init__(self, data: np.ndarray):
        self.data = data
        self.grad = np.zeros_like(data)

    def __repr__(self) -> str:
        return f"Parameter(shape={self.data.shape}, dtype={self.data.dtype})"


class Module:
    """Base class of the layers and of any block a reader builds from them.

    ``__call__`` runs ``forward``. A module's children are the modules among its attributes
    (or in lists of them); :meth:`parameters`, :meth:`train` and :meth:`zero_grad` reach
    through all of them, as ``torch.nn.Module`` does, and ``print(module)`` shows the tree.
    """

    training = True

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def named_children(self) -> list[tuple[str, Module]]:
        """``(name, module)`` for every child: attributes, and items of list attributes
        (named ``attribute.index``)."""
        children = []
        for name, value in vars(self).items():
            if isinstance(value, Module):
                children.append((name, value))
            elif isinstance(value, (list, tuple)):
                children += [(f"{name}.{i}", v) for i, v in enumerate(value) if isinstance(v, Module)]
        return children

    def parameters(self) -> list[Parameter]:
        """This module's Parameters, then its children's, each once, in definition order."""
        found = [value for value in vars(self).values() if isinstance(value, Parameter)]
        for _, child in self.named_children():
            found += child.parameters()
        unique: dict[int, Parameter] = {id(p): p for p in found}
        return list(unique.values())

    def train(self, mode: bool = True) -> Module:
        """Set training mode (``False``: evaluation mode) here and in every child."""
        self.training = mode
        for _, child in self.named_children():
            child.train(mode)
        return self

    def eval(self) -> Module:
        """Evaluation mode, here and in every child: ``train(False)``."""
        return self.train(False)

    def zero_grad(self) -> None:
        """Set the gradient of every parameter of the tree to zero."""
        for p in self.parameters():
            p.grad[...] = 0

    def extra_repr(self) -> str:
        """The arguments shown between the parentheses of ``repr`` (as in PyTorch)."""
        return ""

    def __repr__(self) -> str:
        children = self.named_children()
        if not children:
            return f"{type(self).__name__}({self.extra_repr()})"
        lines = [f"  ({name}): " + repr(child).replace("\n", "\n  ") for name, child in children]
        return f"{type(self).__name__}(\n" + "\n".join(lines) + "\n)"


def _uniform(rng, bound, shape, dtype):
    return rng.uniform(-bound, bound, size=shape).astype(dtype)


class Conv2d(Module):
    """2-D convolution layer: ``weight`` (F, C, KH, KW), ``bias`` (F,); input (N, C, H, W)."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0,
                 bias: bool = True, rng: np.random.Generator | None = None, dtype=np.float32):
        rng = rng or np.random.default_rng()
        kernel = pair(kernel_size, "kernel_size")
        self.stride, self.padding = pair(stride, "stride"), pair(padding, "padding")
        bound = 1 / np.sqrt(in_channels * kernel[0] * kernel[1])
        self.weight = Parameter(_uniform(rng, bound, (out_channels, in_channels, *kernel), dtype))
        self.bias = Parameter(_uniform(rng, bound, (out_channels,), dtype)) if bias else None

    def extra_repr(self) -> str:
        f, c, kh, kw = self.weight.data.shape
        return (f"{c}, {f}, kernel_size={(kh, kw)}, stride={self.stride}, padding={self.padding}"
                + ("" if self.bias is not None else ", bias=False"))

    def forward(self, x):
        bias = self.bias.data if self.bias else None
        x, weight, bias, stride, padding, (oh, ow) = _check_conv(x, self.weight.data, bias, self.stride, self.padding)
        self._x_shape, self._cols = x.shape, im2col(x, weight.shape[2:], stride, padding)
        return _conv_from_cols(self._cols, x.shape[0], weight, bias, oh, ow)

    def backward(self, grad_output):
        gx, gw, gb = _conv_backward_from_cols(grad_output, self._cols, self._x_shape, self.weight.data,
                                              self.bias is not None, self.stride, self.padding)
        self.weight.grad += gw
        if self.bias is not None:
            self.bias.grad += gb
        return gx


class Linear(Module):
    """Fully connected layer: ``weight`` (out_features, in_features), ``bias`` (out_features,)."""

    def __init__(self, in_features: int, out_features: int, bias: bool = True,
                 rng: np.random.Generator | None = None, dtype=np.float32):
        rng = rng or np.random.default_rng()
        bound = 1 / np.sqrt(in_features)
        self.weight = Parameter(_uniform(rng, bound, (out_features, in_features), dtype))
        self.bias = Parameter(_uniform(rng, bound, (out_features,), dtype)) if bias else None

    def extra_repr(self) -> str:
        out_features, in_features = self.weight.data.shape
        return (f"in_features={in_features}, out_features={out_features}"
                + ("" if self.bias is not None else ", bias=False"))

    def forward(self, x):
        self._x = x
        return linear(x, self.weight.data, self.bias.data if self.bias else None)

    def backward(self, grad_output):
        gx, gw, gb = linear_backward(grad_output, self._x, self.weight.data, self.bias.data if self.bias else None)
        self.weight.grad += gw
        if self.bias is not None:
            self.bias.grad += gb
        return gx


class BatchNorm2d(Module):
    """Batch normalisation per channel, with learned ``weight``/``bias`` and running statistics."""

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1, dtype=np.float32):
        self.eps, self.momentum = eps, momentum
        self.weight = Parameter(np.ones(num_features, dtype))
        self.bias = Parameter(np.zeros(num_features, dtype))
        self.running_mean = np.zeros(num_features, dtype)
        self.running_var = np.ones(num_features, dtype)

    def extra_repr(self) -> str:
        return f"{self.weight.data.size}, eps={self.eps}, momentum={self.momentum}"

    def forward(self, x):
        out, self._x_hat, self._inv_std = norm.batch_norm2d_forward(
            x, self.running_mean, self.running_var, self.weight.data, self.bias.data,
            self.training, self.momentum, self.eps)
        return out

    def backward(self, grad_output):
        gx, gw, gb = norm.batch_norm2d_backward_from(grad_output, self._x_hat, self._inv_std,
                                                     self.weight.data, self.bias.data, self.training)
        self.weight.grad += gw
        self.bias.grad += gb
        return gx


class ReLU(Module):
    """``max(0, x)``."""

    def forward(self, x):
        self._x = x
        return activation.relu(x)

    def backward(self, grad_output):
        return activation.relu_backward(grad_output, self._x)


class MaxPool2d(Module):
    """Max pooling; ``stride`` defaults to ``kernel_size``."""

    def __init__(self, kernel_size, stride=None, padding=0):
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride or self.kernel_size}, padding={self.padding}"

    def forward(self, x):
        out = pool.max_pool2d(x, self.kernel_size, self.stride, self.padding)
        self._x_shape = x.shape
        self._winners = pool.max_pool2d_winners(x, self.kernel_size, self.stride, self.padding, out=out)
        return out

    def backward(self, grad_output):
        return pool.max_pool2d_scatter(grad_output, self._winners, self._x_shape, self.kernel_size,
                                       self.stride, self.padding)


class Flatten(Module):
    """(N, C, H, W) -> (N, C*H*W), as ``torch.nn.Flatten`` does."""

    def forward(self, x):
        self._shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, grad_output):
        return grad_output.reshape(self._shape)


class Sequential(Module):
    """Layers applied in order; ``backward`` runs them in reverse."""

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
    """The source article's Fashion-MNIST network, in NumPy.

    conv 16 5x5 pad 2, BN, ReLU, max-pool 2; conv 32 5x5 pad 2, BN, ReLU, max-pool 2;
    flatten; linear 32*7*7 -> 10. Input (N, 1, 28, 28), output (N, 10) class scores.
    """
    rng = rng or np.random.default_rng()
    return Sequential(
        Conv2d(1, 16, 5, padding=2, rng=rng), BatchNorm2d(16), ReLU(), MaxPool2d(2),
        Conv2d(16, 32, 5, padding=2, rng=rng), BatchNorm2d(32), ReLU(), MaxPool2d(2),
        Flatten(), Linear(32 * 7 * 7, 10, rng=rng),
    )
