"""Element-wise nonlinearities and their derivatives, in NumPy.

Each ``*_backward(grad_output, x)`` returns ``grad_output * f'(x)``, the gradient of the
loss with respect to the activation's input ``x`` (any shape).
"""

from __future__ import annotations

import numpy as np


def relu(x: np.ndarray) -> np.ndarray:
    """``max(0, x)``, element-wise."""
    return np.maximum(x, 0)


def relu_backward(grad_output: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``grad_output * (x > 0)``; at exactly 0 the derivative is taken as 0, as in PyTorch."""
    return grad_output * (x > 0)


def leaky_relu(x: np.ndarray, negative_slope: float = 0.01) -> np.ndarray:
    """``x`` where positive, ``negative_slope * x`` elsewhere."""
    return np.where(x > 0, x, x * negative_slope)


def leaky_relu_backward(grad_output: np.ndarray, x: np.ndarray, negative_slope: float = 0.01) -> np.ndarray:
    """``grad_output`` where ``x > 0``, ``negative_slope * grad_output`` elsewhere."""
    return np.where(x > 0, grad_output, grad_output * negative_slope)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function :math:`\\sigma(x) = 1 / (1 + e^{-x})`, computed without overflow."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_backward(grad_output: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``grad_output * s * (1 - s)`` with ``s = sigmoid(x)``; at most 1/4, at ``x = 0``."""
    s = sigmoid(x)
    return grad_output * s * (1 - s)


def tanh(x: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent, range (-1, 1), zero-centred."""
    return np.tanh(x)


def tanh_backward(grad_output: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``grad_output * (1 - tanh(x)^2)``; at most 1, at ``x = 0``."""
    return grad_output * (1 - np.tanh(x) ** 2)
