"""Element-wise nonlinearities and their derivatives, in NumPy (chapter 5).

Every activation ``f`` follows the package's convention (see :mod:`cnnlib.functional`):
``f(x)``; ``f_forward(x) -> (out, saved)``; ``f_backward_from(grad_output, saved)``, which
returns ``grad_output * f'(x)``; and the stateless ``f_backward(grad_output, x)``. ``x`` may
have any shape; every result has that shape. What is saved is the cheapest thing the
derivative needs: a mask for (leaky) ReLU, the output itself for sigmoid and tanh, whose
derivatives are functions of their output.
"""

from __future__ import annotations

import numpy as np


def relu(x: np.ndarray) -> np.ndarray:
    """``max(0, x)``, element-wise (:ref:`sec-relu-layer`)."""
    return relu_forward(x)[0]


def relu_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`relu` and, saved for the backward pass, the mask ``x > 0``."""
    return np.maximum(x, 0), x > 0


def relu_backward_from(grad_output: np.ndarray, saved: np.ndarray) -> np.ndarray:
    """``grad_output * mask``, with the mask from :func:`relu_forward`."""
    return grad_output * saved


def relu_backward(grad_output: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``grad_output * (x > 0)``; at exactly 0 the derivative is taken as 0, as in PyTorch."""
    return relu_backward_from(grad_output, relu_forward(x)[1])


def leaky_relu(x: np.ndarray, negative_slope: float = 0.01) -> np.ndarray:
    """``x`` where positive, ``negative_slope * x`` elsewhere (:ref:`sec-dying-relu`)."""
    return leaky_relu_forward(x, negative_slope)[0]


def leaky_relu_forward(x: np.ndarray, negative_slope: float = 0.01):
    """:func:`leaky_relu` and, saved, ``(mask x > 0, negative_slope)``."""
    positive = x > 0
    return np.where(positive, x, x * negative_slope), (positive, negative_slope)


def leaky_relu_backward_from(grad_output: np.ndarray, saved) -> np.ndarray:
    """``grad_output`` where the saved mask holds, ``negative_slope * grad_output`` elsewhere."""
    positive, negative_slope = saved
    return np.where(positive, grad_output, grad_output * negative_slope)


def leaky_relu_backward(grad_output: np.ndarray, x: np.ndarray, negative_slope: float = 0.01) -> np.ndarray:
    """``grad_output`` where ``x > 0``, ``negative_slope * grad_output`` elsewhere."""
    return leaky_relu_backward_from(grad_output, leaky_relu_forward(x, negative_slope)[1])


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function :math:`\\sigma(x) = 1 / (1 + e^{-x})`, computed without overflow
    (:ref:`sec-vanishing`)."""
    return sigmoid_forward(x)[0]


def sigmoid_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`sigmoid` and, saved, its output ``s`` (the derivative is ``s (1 - s)``)."""
    e = np.exp(-np.abs(x))
    s = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
    return s, s


def sigmoid_backward_from(grad_output: np.ndarray, saved: np.ndarray) -> np.ndarray:
    """``grad_output * s * (1 - s)`` with ``s`` the saved output."""
    return grad_output * saved * (1 - saved)


def sigmoid_backward(grad_output: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``grad_output * s * (1 - s)`` with ``s = sigmoid(x)``; at most 1/4, at ``x = 0``."""
    return sigmoid_backward_from(grad_output, sigmoid_forward(x)[1])


def tanh(x: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent, range (-1, 1), zero-centred (:ref:`sec-zero-centred`)."""
    return tanh_forward(x)[0]


def tanh_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`tanh` and, saved, its output ``t`` (the derivative is ``1 - t^2``)."""
    t = np.tanh(x)
    return t, t


def tanh_backward_from(grad_output: np.ndarray, saved: np.ndarray) -> np.ndarray:
    """``grad_output * (1 - t^2)`` with ``t`` the saved output."""
    return grad_output * (1 - saved**2)


def tanh_backward(grad_output: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``grad_output * (1 - tanh(x)^2)``; at most 1, at ``x = 0``."""
    return tanh_backward_from(grad_output, tanh_forward(x)[1])
