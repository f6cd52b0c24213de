"""The S-shaped activations, sigmoid and tanh, with their derivatives, in NumPy (chapter 5,
:ref:`sec-vanishing`).

They follow the convention of :mod:`cnnlib.functional.activation`: what each saves for the
backward pass is its output, since both derivatives are functions of it,
:math:`\\sigma' = \\sigma (1 - \\sigma)` and :math:`\\tanh' = 1 - \\tanh^2`.
"""

from __future__ import annotations

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    r"""The logistic function, element-wise, computed without overflow (:ref:`sec-vanishing`).

    .. math:: \sigma(x) = \frac{1}{1 + e^{-x}}, \qquad \sigma'(x) = \sigma(x)\,(1 - \sigma(x)) \le 1/4

    Like ``torch.sigmoid``. For ``x < 0`` it is evaluated as :math:`e^{x} / (1 + e^{x})`, so
    that no exponential overflows.

    Parameters
    ----------
    x : numpy.ndarray, any shape

    Returns
    -------
    out : numpy.ndarray, same shape as ``x``
        Values in (0, 1).
    """
    return sigmoid_forward(x)[0]


def sigmoid_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`sigmoid`, also returning its output as what the backward pass needs
    (:ref:`sec-vanishing`).

    Parameters
    ----------
    x : numpy.ndarray, any shape

    Returns
    -------
    out : numpy.ndarray, same shape as ``x``
        ``s = sigmoid(x)``.
    saved : numpy.ndarray, same shape as ``x``
        ``s`` again: the derivative is ``s * (1 - s)``.
    """
    e = np.exp(-np.abs(x))
    s = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
    return s, s


def sigmoid_backward_from(grad_output: np.ndarray, saved: np.ndarray) -> np.ndarray:
    """Gradient of :func:`sigmoid` w.r.t. its input, from its saved output (:ref:`sec-vanishing`).

    Parameters
    ----------
    grad_output : numpy.ndarray, same shape as ``x``
        Gradient of the loss w.r.t. the output of :func:`sigmoid`.
    saved : numpy.ndarray, same shape as ``x``
        The output ``s`` from :func:`sigmoid_forward`.

    Returns
    -------
    grad_input : numpy.ndarray, same shape as ``x``
        ``grad_output * s * (1 - s)``.
    """
    return grad_output * saved * (1 - saved)


def sigmoid_backward(grad_output: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Gradient of :func:`sigmoid` w.r.t. ``x``, stateless (:ref:`sec-vanishing`).

    The derivative ``s * (1 - s)``, with ``s = sigmoid(x)``, is at most 1/4, at ``x = 0``.

    Parameters
    ----------
    grad_output : numpy.ndarray, same shape as ``x``
        Gradient of the loss w.r.t. the output of :func:`sigmoid`.
    x : numpy.ndarray, any shape
        The input of the forward call.

    Returns
    -------
    grad_input : numpy.ndarray, same shape as ``x``
        ``grad_output * s * (1 - s)``.
    """
    return sigmoid_backward_from(grad_output, sigmoid_forward(x)[1])


def tanh(x: np.ndarray) -> np.ndarray:
    r"""Hyperbolic tangent, element-wise: range (-1, 1), zero-centred (:ref:`sec-zero-centred`).

    .. math:: \tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1,
       \qquad \tanh'(x) = 1 - \tanh^2(x) \le 1

    Like ``torch.tanh``.

    Parameters
    ----------
    x : numpy.ndarray, any shape

    Returns
    -------
    out : numpy.ndarray, same shape as ``x``
        Values in (-1, 1).
    """
    return tanh_forward(x)[0]


def tanh_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`tanh`, also returning its output as what the backward pass needs
    (:ref:`sec-zero-centred`).

    Parameters
    ----------
    x : numpy.ndarray, any shape

    Returns
    -------
    out : numpy.ndarray, same shape as ``x``
        ``t = tanh(x)``.
    saved : numpy.ndarray, same shape as ``x``
        ``t`` again: the derivative is ``1 - t**2``.
    """
    t = np.tanh(x)
    return t, t


def tanh_backward_from(grad_output: np.ndarray, saved: np.ndarray) -> np.ndarray:
    """Gradient of :func:`tanh` w.r.t. its input, from its saved output (:ref:`sec-zero-centred`).

    Parameters
    ----------
    grad_output : numpy.ndarray, same shape as ``x``
        Gradient of the loss w.r.t. the output of :func:`tanh`.
    saved : numpy.ndarray, same shape as ``x``
        The output ``t`` from :func:`tanh_forward`.

    Returns
    -------
    grad_input : numpy.ndarray, same shape as ``x``
        ``grad_output * (1 - t**2)``.
    """
    return grad_output * (1 - saved**2)


def tanh_backward(grad_output: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Gradient of :func:`tanh` w.r.t. ``x``, stateless (:ref:`sec-zero-centred`).

    The derivative ``1 - tanh(x)**2`` is at most 1, at ``x = 0``.

    Parameters
    ----------
    grad_output : numpy.ndarray, same shape as ``x``
        Gradient of the loss w.r.t. the output of :func:`tanh`.
    x : numpy.ndarray, any shape
        The input of the forward call.

    Returns
    -------
    grad_input : numpy.ndarray, same shape as ``x``
        ``grad_output * (1 - tanh(x)**2)``.
    """
    return tanh_backward_from(grad_output, tanh_forward(x)[1])
